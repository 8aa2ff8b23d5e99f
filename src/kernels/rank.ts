/**
 * Ranks, with R's `rank()` semantics.
 *
 * The non-missing values are ordered (ascending for `order: 'asc'`, descending for `'desc'`, i.e.
 * R's `rank(x)` and `rank(-x)`), positions 1..n are handed out in that order, and a group of tied
 * values occupying positions i..j receives:
 *
 *   'average'  (i + j) / 2 for every member (R's default; ranks then always sum to n(n+1)/2)
 *   'min'      i for every member ("competition" ranking 1, 2, 2, 4 — what COINr uses for ranks)
 *   'max'      j for every member
 *   'first'    i, i+1, …, j in order of appearance in `x` (stable: the earlier element ranks first,
 *              whatever the `order`)
 *
 * Ties are exact equality (−0 and +0 tie). Missing data: NaN in → NaN rank out, and ranks are
 * computed among the non-missing values only (R's `na.last = "keep"`). ±Infinity are ordinary values.
 *
 * Cost O(n log n) time, O(n) memory (one index array and the output). The input is not modified.
 *
 * Reference: R documentation `?rank` (R Core Team); tested against R's documented definitions.
 *
 * @example rank(Float64Array.of(3, 1, 4, 1, 5)) // [3, 1.5, 4, 1.5, 5]
 * @example rank(Float64Array.of(10, 30, 30, 20), 'min', 'desc') // [4, 1, 1, 3]
 */
import { fail, unknownName } from '../core/errors.js';

/** How tied values share positions (R `ties.method`). */
export type TiesMethod = 'average' | 'min' | 'max' | 'first';
/** 'asc': smallest value gets rank 1 (R `rank(x)`); 'desc': largest gets rank 1 (R `rank(-x)`). */
export type RankOrder = 'asc' | 'desc';

export const TIES_METHODS: readonly TiesMethod[] = ['average', 'min', 'max', 'first'];
export const RANK_ORDERS: readonly RankOrder[] = ['asc', 'desc'];

/**
 * Rank the values of `x` (see the module comment for the tie rules).
 *
 * @param ties tie rule (default 'average', as R)
 * @param order 'asc' (default) or 'desc'
 * @returns a new Float64Array of ranks aligned with `x`; NaN where `x` is NaN
 */
export function rank(x: ArrayLike<number>, ties: TiesMethod = 'average', order: RankOrder = 'asc'): Float64Array {
  if (!TIES_METHODS.includes(ties)) unknownName('rank ties method', String(ties), TIES_METHODS);
  if (!RANK_ORDERS.includes(order)) unknownName('rank order', String(order), RANK_ORDERS);
  const n = x.length;
  const out = new Float64Array(n);
  let m = 0;
  for (let i = 0; i < n; i++) {
    if (x[i] === x[i]) m++;
    else out[i] = NaN;
  }
  if (ties !== 'first') return m <= SMALL ? rankSmall(x, out, m, ties, order) : rankBySearch(x, out, ties, order, new RankScratch());
  const idx = new Uint32Array(m);
  let k = 0;
  for (let i = 0; i < n; i++) if (x[i] === x[i]) idx[k++] = i;
  const sign = order === 'asc' ? 1 : -1;
  // Values are non-NaN here, so the comparator is a total order; ties fall back to position (stable).
  idx.sort((a, b) => {
    const va = x[a];
    const vb = x[b];
    return va < vb ? -sign : va > vb ? sign : a - b;
  });
  // ties = "first": the stable sort puts tied values in order of appearance, so the rank is the position.
  for (let p = 0; p < m; p++) out[idx[p]] = p + 1;
  return out;
}

/** Up to this many values, ranks come from a sort of the non-missing values and binary searches (rankSmall). */
const SMALL = 64;

/**
 * The working arrays of the radix ranking, kept between calls: a caller ranking many columns (the
 * robustness engine: every period of every replication) passes one to {@link rankTo} and allocates
 * nothing per call. They grow to the largest column ranked; never shared between threads.
 */
export class RankScratch {
  /** Packed keys (key · 2^posBits + position, exact doubles), and the array each radix pass moves them to. */
  packed = new Float64Array(0);
  packedTmp = new Float64Array(0);
  /** A run of equal keys: its values and their positions (tieRun); grown when a longer run comes. */
  runValues = new Float64Array(0);
  runPos = new Uint32Array(0);
  /** Histograms of the digits of the keys' varying bits: up to 32 bits in digits of at most 12 bits (8 for short columns). */
  readonly count = new Uint32Array(2 * 4096);
  /** The sorted values of a short column (rankSmall). */
  readonly small = new Float64Array(SMALL);
  /** Digit layout of the last long column ranked (digits, bits per digit), to count the next one's histograms as its keys are made. */
  digits = 0;
  bitsPer = 0;
  /** The smallest and largest key of the column being ranked. */
  kmin = 0;
  kmax = 0;
  /**
   * How many of the 32 high bits of a value's key are sorted. A packed key holds the position too,
   * 53 bits in all, so columns longer than 2^21 sort fewer (53 − posBits) and more values share a
   * key; runs of equal keys are ordered by value. Set lower only to test that path on short columns.
   */
  keyBits = 32;

  /** Room for m values. */
  reserve(m: number): void {
    if (this.packed.length >= m) return;
    this.packed = new Float64Array(m);
    this.packedTmp = new Float64Array(m);
  }
}

/**
 * {@link rank} written into `out` (length x.length; every element is written: NaN where x is NaN),
 * with the radix ranking's working arrays taken from `scratch`: the same ranks, no allocation once
 * the scratch has grown to the column's size (ties 'first' still sorts an index array of its own).
 */
export function rankTo(x: ArrayLike<number>, out: Float64Array, ties: TiesMethod, order: RankOrder, scratch: RankScratch): Float64Array {
  if (!TIES_METHODS.includes(ties)) unknownName('rank ties method', String(ties), TIES_METHODS);
  if (!RANK_ORDERS.includes(order)) unknownName('rank order', String(order), RANK_ORDERS);
  const n = x.length;
  if (out.length !== n) fail('E_LENGTH_MISMATCH', `rankTo: ${n} values but an output of ${out.length}`, { hint: 'pass an output as long as the input' });
  if (ties === 'first') {
    out.set(rank(x, ties, order));
    return out;
  }
  // Long columns go straight to the radix ranking, which writes the NaN of missing values as it
  // reads them (no separate pass to count them); a short one is counted pairwise.
  if (n > SMALL) return rankBySearch(x, out, ties, order, scratch);
  let m = 0;
  for (let i = 0; i < n; i++) {
    if (x[i] === x[i]) m++;
    out[i] = NaN;
  }
  return m === 0 ? out : rankSmall(x, out, m, ties, order, scratch.small);
}

/** Byte order of this machine: true when the low word of a double comes first. */
const LITTLE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * Small inputs (the robustness engine ranks 51 ASEM units thousands of times): the non-missing
 * values are sorted ascending in `buf` (a typed-array sort, no comparator calls), and the tie group
 * of x_i, positions i..j in `order`, comes from two binary searches — ascending, i = 1 + #{values <
 * x_i} and j = #{values ≤ x_i}; descending, i = 1 + #{values > x_i} and j = #{values ≥ x_i}. −0 sorts
 * before +0 but the searches compare them equal, so they tie. O(m log m), nothing allocated but
 * `buf` (≥ m values) when the caller has none; the positions a full sort finds.
 */
function rankSmall(
  x: ArrayLike<number>,
  out: Float64Array,
  m: number,
  ties: Exclude<TiesMethod, 'first'>,
  order: RankOrder,
  buf: Float64Array = new Float64Array(m),
): Float64Array {
  const n = x.length;
  let k = 0;
  for (let i = 0; i < n; i++) {
    const v = x[i];
    if (v === v) buf[k++] = v;
  }
  const s = buf.subarray(0, m).sort();
  const desc = order === 'desc';
  for (let i = 0; i < n; i++) {
    const v = x[i];
    if (v !== v) continue;
    // lt = #{s < v}, le = #{s ≤ v}
    let lo = 0;
    let hi = m;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (s[mid] < v) lo = mid + 1;
      else hi = mid;
    }
    const lt = lo;
    hi = m;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (s[mid] > v) hi = mid;
      else lo = mid + 1;
    }
    const le = lo;
    const first = desc ? m - le + 1 : lt + 1;
    const last = desc ? m - lt : le;
    out[i] = ties === 'min' ? first : ties === 'max' ? last : (first + last) / 2;
  }
  return out;
}

/**
 * Fast path for the tie rules that depend only on values (min, max, average): the non-missing
 * values' IEEE-754 high words are mapped to unsigned keys that order like the numbers (sign bit
 * flipped for positives, all bits flipped for negatives; −0 is read as +0 so the two tie), and each
 * key is packed with the value's position into one exact double, key · 2^posBits + position (2^posBits
 * ≥ n; 32 key bits while posBits ≤ 21, i.e. up to 2,097,152 values, the high 53 − posBits bits of
 * the key beyond). An LSD radix sort orders the packed keys: one array moves per pass, a digit is
 * (packed · 2^−(posBits + shift)) & mask and a position packed & (2^posBits − 1), so every pass reads
 * and writes one double per value where separate key and position arrays took two of each. Only
 * the bits in which the smallest and largest key differ are sorted (every key between them shares
 * the rest): scores of one period in (0, 1) vary in 23–24 of them, two digits of 12 bits. Digits
 * have at most log2(m) bits (8 to 12), so a histogram is never much longer than the column; the read that writes NaN for the
 * missing values reads only the high word (the value itself only for NaN, ±Infinity and −0 or a
 * negative subnormal), finds the extreme keys and counts the histograms in the last column's layout
 * (the periods of a score share theirs: kept when this column has the same, else counted again from
 * the packed keys); a pass is skipped when one digit holds every value. The last pass writes each
 * value's rank by its place; the walk after it finds runs of equal keys — rare for measured scores,
 * whole tie groups for integers — and ranks each run by value (tieRun). Tied values are then
 * adjacent: a group at places i..j (1-based, in `order`) gets i (min), j (max) or (i + j)/2
 * (average). O(n) time for distinct values, no comparator calls.
 */
function rankBySearch(x: ArrayLike<number>, out: Float64Array, ties: Exclude<TiesMethod, 'first'>, order: RankOrder, scratch: RankScratch): Float64Array {
  const n = x.length;
  scratch.reserve(n);
  const posBits = Math.max(1, 32 - Math.clz32(n - 1));
  const P = 2 ** posBits;
  const pmask = P - 1;
  const invP = 1 / P;
  const kshift = 32 - Math.min(scratch.keyBits, 53 - posBits);
  // Columns of a panel (the periods of a score, a group's periods) vary in the same bits: the histograms of
  // the last column's two- or three-digit layout are counted as the keys are made, and kept when this column has that layout.
  const gd = scratch.digits === 2 || scratch.digits === 3 ? scratch.digits : 0;
  const gb = gd ? scratch.bitsPer : 0;
  const count = scratch.count;
  if (gd) count.fill(0, 0, gd << gb);
  let A = scratch.packed;
  let B = scratch.packedTmp;
  const m = x instanceof Float64Array ? keysOfDoubles(x, out, A, scratch, P, kshift, gd, gb) : keysOfValues(x, out, A, scratch, P, kshift, gd, gb);
  if (m === 0) return out;
  const span = 32 - Math.clz32(scratch.kmin ^ scratch.kmax);
  const widest = Math.min(12, Math.max(8, 31 - Math.clz32(m)));
  const digits = Math.ceil(span / widest);
  const bitsPer = digits ? Math.ceil(span / digits) : 0;
  const buckets = 1 << bitsPer;
  const mask = buckets - 1;
  scratch.digits = digits;
  scratch.bitsPer = bitsPer;
  if (!(gd && digits === gd && bitsPer === gb) && digits > 0) countDigits(A, m, invP, count, digits, bitsPer);
  // The passes that move anything (one digit for all: the order stands, whichever key is first); the
  // last of them also writes each value's rank by its place, which the walk corrects for runs of equal keys.
  const asc = order === 'asc';
  const k0 = (A[0] * invP) >>> 0;
  let lastPass = -1;
  for (let pass = 0; pass < digits; pass++) if (count[pass * buckets + ((k0 >>> (pass * bitsPer)) & mask)] !== m) lastPass = pass;
  for (let pass = 0; pass <= lastPass; pass++) {
    const base = pass * buckets;
    if (count[base + ((k0 >>> (pass * bitsPer)) & mask)] === m) continue;
    const scale = invP * 2 ** -(pass * bitsPer);
    if (pass < lastPass) radixPass(A, B, m, count, base, buckets, scale);
    else radixPassRanks(A, B, m, count, base, buckets, scale, pmask, out, asc ? 1 : m, asc ? 1 : -1);
    const t = A;
    A = B;
    B = t;
  }
  // No pass moved anything: every key is equal (or m = 1), one run.
  if (lastPass < 0) {
    tieRun(x, out, A, B, 0, m - 1, m, pmask, ties, asc, scratch);
    return out;
  }
  // Runs of equal keys.
  let prev = Math.floor(A[0] * invP);
  for (let p = 1; p < m; p++) {
    const k = Math.floor(A[p] * invP);
    if (k !== prev) {
      prev = k;
      continue;
    }
    let b = p;
    while (b + 1 < m && Math.floor(A[b + 1] * invP) === k) b++;
    tieRun(x, out, A, B, p - 1, b, m, pmask, ties, asc, scratch);
    p = b;
  }
  return out;
}

/**
 * The packed keys of a Float64Array's non-missing values (high words read in place) into A, NaN
 * written into `out` for the missing ones; the extreme keys left in `scratch`; with gd = 2 or 3 the
 * histograms of gd digits of gb bits counted into scratch.count (cleared by the caller). Returns
 * the number of keys.
 */
function keysOfDoubles(x: Float64Array, out: Float64Array, A: Float64Array, scratch: RankScratch, P: number, kshift: number, gd: number, gb: number): number {
  const n = x.length;
  const words = new Uint32Array(x.buffer, x.byteOffset, 2 * n);
  const hi = LITTLE ? 1 : 0;
  const count = scratch.count;
  const gmask = (1 << gb) - 1;
  let m = 0;
  let kmin = 0xffffffff;
  let kmax = 0;
  for (let i = 0; i < n; i++) {
    const w = words[2 * i + hi];
    let h: number;
    // Negatives flip every bit, positives the sign bit. The value itself is read only for an exponent
    // of all ones (NaN, ±Infinity) and for the high word of −0 (read as +0) or a negative subnormal.
    if ((w & 0x7ff00000) === 0x7ff00000 || w === 0x80000000) {
      const v = x[i];
      if (v !== v) {
        out[i] = NaN;
        continue;
      }
      h = (v === 0 ? 0x80000000 : w ^ ((w >> 31) | 0x80000000)) >>> kshift;
    } else h = (w ^ ((w >> 31) | 0x80000000)) >>> kshift;
    A[m] = h * P + i;
    if (h < kmin) kmin = h;
    if (h > kmax) kmax = h;
    if (gd) {
      count[h & gmask]++;
      count[(1 << gb) + ((h >>> gb) & gmask)]++;
      if (gd === 3) count[(2 << gb) + ((h >>> (2 * gb)) & gmask)]++;
    }
    m++;
  }
  scratch.kmin = kmin;
  scratch.kmax = kmax;
  return m;
}

/** {@link keysOfDoubles} for any array-like (each value's high word read through a one-double buffer). */
function keysOfValues(
  x: ArrayLike<number>,
  out: Float64Array,
  A: Float64Array,
  scratch: RankScratch,
  P: number,
  kshift: number,
  gd: number,
  gb: number,
): number {
  const n = x.length;
  const f = new Float64Array(1);
  const words = new Uint32Array(f.buffer);
  const hi = LITTLE ? 1 : 0;
  const count = scratch.count;
  const gmask = (1 << gb) - 1;
  let m = 0;
  let kmin = 0xffffffff;
  let kmax = 0;
  for (let i = 0; i < n; i++) {
    const v = x[i];
    if (v !== v) {
      out[i] = NaN;
      continue;
    }
    f[0] = v;
    const w = words[hi];
    const h = (v === 0 ? 0x80000000 : w ^ ((w >> 31) | 0x80000000)) >>> kshift;
    A[m] = h * P + i;
    if (h < kmin) kmin = h;
    if (h > kmax) kmax = h;
    if (gd) {
      count[h & gmask]++;
      count[(1 << gb) + ((h >>> gb) & gmask)]++;
      if (gd === 3) count[(2 << gb) + ((h >>> (2 * gb)) & gmask)]++;
    }
    m++;
  }
  scratch.kmin = kmin;
  scratch.kmax = kmax;
  return m;
}

/** The histograms of `digits` digits of `bitsPer` bits of the m packed keys, into count[d·2^bitsPer + digit]. */
function countDigits(A: Float64Array, m: number, invP: number, count: Uint32Array, digits: number, bitsPer: number): void {
  const buckets = 1 << bitsPer;
  const mask = buckets - 1;
  count.fill(0, 0, digits * buckets);
  for (let j = 0; j < m; j++) {
    const h = (A[j] * invP) >>> 0;
    for (let d = 0; d < digits; d++) count[d * buckets + ((h >>> (d * bitsPer)) & mask)]++;
  }
}

/** One LSD pass: the packed keys moved from A to B by their digit (packed · scale) & (buckets − 1); count[base..base+buckets) turned into offsets. */
function radixPass(A: Float64Array, B: Float64Array, m: number, count: Uint32Array, base: number, buckets: number, scale: number): void {
  const mask = buckets - 1;
  let sum = 0;
  for (let b = base; b < base + buckets; b++) {
    const c = count[b];
    count[b] = sum;
    sum += c;
  }
  for (let j = 0; j < m; j++) {
    const c = A[j];
    B[count[base + ((c * scale) & mask)]++] = c;
  }
}

/** The last LSD pass: {@link radixPass} that also writes each value's rank by its place (r0 + step·place) at its position (packed & pmask). */
function radixPassRanks(
  A: Float64Array,
  B: Float64Array,
  m: number,
  count: Uint32Array,
  base: number,
  buckets: number,
  scale: number,
  pmask: number,
  out: Float64Array,
  r0: number,
  step: number,
): void {
  const mask = buckets - 1;
  let sum = 0;
  for (let b = base; b < base + buckets; b++) {
    const c = count[b];
    count[b] = sum;
    sum += c;
  }
  for (let j = 0; j < m; j++) {
    const c = A[j];
    const at = count[base + ((c * scale) & mask)]++;
    B[at] = c;
    out[(c & pmask) >>> 0] = r0 + step * at;
  }
}

/**
 * A run of equal keys at places a..b (0-based, ascending) of the m sorted packed keys A: its values
 * (read again from x) are ordered and each tie group (equal values; −0 equals +0) gets the rank of
 * its places. Values already in order (whole tie groups: integers) are grouped in one read; a short
 * run is ordered by insertion; a long one is sorted into `spare` (a typed-array sort, no comparator)
 * and each value's places found by two binary searches.
 */
function tieRun(
  x: ArrayLike<number>,
  out: Float64Array,
  A: Float64Array,
  spare: Float64Array,
  a: number,
  b: number,
  m: number,
  pmask: number,
  ties: Exclude<TiesMethod, 'first'>,
  asc: boolean,
  scratch: RankScratch,
): void {
  const L = b - a + 1;
  if (scratch.runPos.length < L) {
    const size = Math.max(L, 2 * scratch.runPos.length);
    scratch.runPos = new Uint32Array(size);
    scratch.runValues = new Float64Array(size);
  }
  const pos = scratch.runPos;
  const vals = scratch.runValues;
  let sorted = true;
  for (let j = 0; j < L; j++) {
    const i = (A[a + j] & pmask) >>> 0;
    const v = x[i];
    pos[j] = i;
    vals[j] = v;
    if (j > 0 && v < vals[j - 1]) sorted = false;
  }
  if (!sorted && L > 16) {
    const s = spare.subarray(0, L);
    s.set(vals.subarray(0, L));
    s.sort();
    for (let j = 0; j < L; j++) {
      const v = vals[j];
      let lo = 0;
      let hi = L;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (s[mid] < v) lo = mid + 1;
        else hi = mid;
      }
      const lt = lo;
      hi = L;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (s[mid] > v) hi = mid;
        else lo = mid + 1;
      }
      out[pos[j]] = rankOfPlaces(a + lt, a + lo - 1, m, ties, asc);
    }
    return;
  }
  if (!sorted)
    for (let j = 1; j < L; j++) {
      const v = vals[j];
      const i = pos[j];
      let q = j - 1;
      while (q >= 0 && vals[q] > v) {
        vals[q + 1] = vals[q];
        pos[q + 1] = pos[q];
        q--;
      }
      vals[q + 1] = v;
      pos[q + 1] = i;
    }
  for (let c = 0; c < L; ) {
    const v = vals[c];
    let d = c;
    while (d + 1 < L && vals[d + 1] === v) d++;
    const r = rankOfPlaces(a + c, a + d, m, ties, asc);
    for (let p = c; p <= d; p++) out[pos[p]] = r;
    c = d + 1;
  }
}

/** The rank of a tie group at places c..d (0-based, ascending) of m: positions c+1..d+1 ascending, m−d..m−c descending. */
function rankOfPlaces(c: number, d: number, m: number, ties: Exclude<TiesMethod, 'first'>, asc: boolean): number {
  const first = asc ? c + 1 : m - d;
  const last = asc ? d + 1 : m - c;
  return ties === 'min' ? first : ties === 'max' ? last : (first + last) / 2;
}

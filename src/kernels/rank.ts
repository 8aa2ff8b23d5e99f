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
  key = new Uint32Array(0);
  pos = new Uint32Array(0);
  keyTmp = new Uint32Array(0);
  posTmp = new Uint32Array(0);
  /** Histograms of the digits of the high halves' varying bits: up to 32 bits in digits of at most 12 bits (8 for short columns). */
  readonly count = new Uint32Array(2 * 4096);
  /** The sorted values of a short column (rankSmall). */
  readonly small = new Float64Array(SMALL);
  /** Digit layout of the last long column ranked ([digits, bits per digit]), to count the next one's histograms as its keys are made. */
  layout: [number, number] = [0, 0];

  /** Room for m values. */
  reserve(m: number): void {
    if (this.key.length >= m) return;
    for (const k of ['key', 'pos', 'keyTmp', 'posTmp'] as const) this[k] = new Uint32Array(m);
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
 * values' IEEE-754 bit patterns are mapped to unsigned keys that order like the numbers (sign bit
 * flipped for positives, all bits flipped for negatives; −0 is read as +0 so the two tie). An LSD
 * radix sort orders the keys' high 32 bits (sign, exponent and 20 mantissa bits). Only the bits in
 * which the smallest and largest key differ are sorted (every key between them shares the rest):
 * scores of one period in (0, 1) vary in 23–24 of them, two digits of 12 bits, where a fixed
 * layout took three passes of 11. Digits have at most log2(m) bits (8 to 12), so a histogram is
 * never much longer than the column; the read that writes NaN for the missing values finds the
 * extreme keys and counts the histograms in the last column's layout (the periods of a score share
 * theirs: kept when this column has the same, else counted again from the compact key array), a
 * pass is skipped when one digit holds every value, and only the high words and the positions move
 * (so every pass reads in sequence; a pooled column of 750,000 unit-periods ranks in half the time
 * of moving an index array and reading the others through it). The last pass writes each value's
 * rank by its position; the walk after it reads the keys in sequence and rewrites only tie groups.
 * Runs of equal high halves — rare for measured scores, whole tie groups for integers — are then
 * ordered by the low halves, read again from `x` at their positions (insertion sort when short).
 * Tied values are then adjacent: a group at positions i..j (1-based, in `order`) gets i (min), j
 * (max) or (i + j)/2 (average). O(n) time for distinct values, no comparator calls: 5 scores × 15
 * periods of 5,000 units rank in a few milliseconds.
 */
function rankBySearch(x: ArrayLike<number>, out: Float64Array, ties: Exclude<TiesMethod, 'first'>, order: RankOrder, scratch: RankScratch): Float64Array {
  const n = x.length;
  const f = new Float64Array(1);
  const bits = new Uint32Array(f.buffer);
  const [LO, HI] = LITTLE ? [0, 1] : [1, 0];
  scratch.reserve(n);
  // A Float64Array's bits are read in place (two 32-bit words per value), others through `f`.
  const words = x instanceof Float64Array ? new Uint32Array(x.buffer, x.byteOffset, 2 * n) : undefined;
  let key = scratch.key;
  let at0 = scratch.pos; // position in x of the k-th non-missing value
  let m = 0;
  let kmin = 0xffffffff;
  let kmax = 0;
  // Columns of a panel (the periods of a score) vary in the same bits: the histograms of the last
  // column's two-digit layout are counted in this read, and kept when this column has that layout.
  const [gd, gb] = scratch.layout;
  const guess = gd === 2;
  const gbuckets = 1 << gb;
  const gmask = gbuckets - 1;
  const count = scratch.count;
  if (guess) count.fill(0, 0, 2 * gbuckets);
  for (let i = 0; i < n; i++) {
    const v = x[i];
    if (v !== v) {
      out[i] = NaN;
      continue;
    }
    let h: number;
    if (words) h = words[2 * i + HI];
    else {
      f[0] = v;
      h = bits[HI];
    }
    // −0 (high word 0x80000000, low word 0) reads as +0; other negatives flip every bit, positives the sign.
    h = h & 0x80000000 ? (v === 0 ? 0x80000000 : ~h >>> 0) : (h | 0x80000000) >>> 0;
    key[m] = h;
    at0[m] = i;
    if (h < kmin) kmin = h;
    if (h > kmax) kmax = h;
    if (guess) {
      count[h & gmask]++;
      count[gbuckets + ((h >>> gb) & gmask)]++;
    }
    m++;
  }
  if (m === 0) return out;
  const span = 32 - Math.clz32(kmin ^ kmax);
  const widest = Math.min(12, Math.max(8, 31 - Math.clz32(m)));
  const digits = Math.ceil(span / widest);
  const bitsPer = digits ? Math.ceil(span / digits) : 0;
  const buckets = 1 << bitsPer;
  const mask = buckets - 1;
  scratch.layout = [digits, bitsPer];
  if (!(guess && digits === 2 && bitsPer === gb)) {
    count.fill(0, 0, digits * buckets);
    if (digits === 1) for (let j = 0; j < m; j++) count[key[j] & mask]++;
    else if (digits === 2)
      for (let j = 0; j < m; j++) {
        const h = key[j];
        count[h & mask]++;
        count[buckets + ((h >>> bitsPer) & mask)]++;
      }
    else
      for (let j = 0; j < m; j++) {
        const h = key[j];
        for (let d = 0; d < digits; d++) count[d * buckets + ((h >>> (d * bitsPer)) & mask)]++;
      }
  }
  let keyTmp = scratch.keyTmp;
  let atTmp = scratch.posTmp;
  // The passes that move anything (one digit for all: the order stands, whichever key is first); the
  // last of them also writes each value's rank by position, which the tie walk corrects for ties.
  const asc = order === 'asc';
  let lastPass = -1;
  for (let pass = 0; pass < digits; pass++) if (count[pass * buckets + ((key[0] >>> (pass * bitsPer)) & mask)] !== m) lastPass = pass;
  for (let pass = 0; pass <= lastPass; pass++) {
    const shift = pass * bitsPer;
    const base = pass * buckets;
    if (count[base + ((key[0] >>> shift) & mask)] === m) continue;
    let sum = 0;
    for (let b = base; b < base + buckets; b++) {
      const c = count[b];
      count[b] = sum;
      sum += c;
    }
    if (pass < lastPass)
      for (let j = 0; j < m; j++) {
        const h = key[j];
        const at = count[base + ((h >>> shift) & mask)]++;
        keyTmp[at] = h;
        atTmp[at] = at0[j];
      }
    else
      for (let j = 0; j < m; j++) {
        const h = key[j];
        const at = count[base + ((h >>> shift) & mask)]++;
        keyTmp[at] = h;
        const i = at0[j];
        atTmp[at] = i;
        out[i] = asc ? at + 1 : m - at;
      }
    [key, keyTmp] = [keyTmp, key];
    [at0, atTmp] = [atTmp, at0];
  }
  const placed = lastPass >= 0;
  // Ascending key order; positions are counted in `order`: ascending a+1..b+1, descending m-b..m-a.
  const low = keyTmp; // free after the passes: the low halves of a run of equal high halves
  for (let a = 0; a < m; ) {
    const h = key[a];
    let b = a;
    while (b + 1 < m && key[b + 1] === h) b++;
    if (b === a) {
      if (!placed) out[at0[a]] = asc ? a + 1 : m - a;
      a++;
      continue;
    }
    // A run of equal high halves: order it by the low halves (the same flip as the high half's).
    for (let p = a; p <= b; p++) {
      const i = at0[p];
      let l: number;
      if (words) l = words[2 * i + LO];
      else {
        f[0] = x[i];
        l = bits[LO];
      }
      low[p] = h & 0x80000000 ? l : ~l >>> 0; // −0 reads as +0: its key 0x80000000 keeps the low word 0
    }
    let sorted = true;
    for (let p = a + 1; p <= b && sorted; p++) sorted = low[p - 1] <= low[p];
    if (!sorted) {
      if (b - a < 16) {
        for (let p = a + 1; p <= b; p++) {
          const lk = low[p];
          const ak = at0[p];
          let q = p - 1;
          while (q >= a && low[q] > lk) {
            low[q + 1] = low[q];
            at0[q + 1] = at0[q];
            q--;
          }
          low[q + 1] = lk;
          at0[q + 1] = ak;
        }
      } else {
        const perm = Array.from({ length: b - a + 1 }, (_, j) => a + j).sort((p, q) => low[p] - low[q]);
        const l2 = perm.map((p) => low[p]);
        const a2 = perm.map((p) => at0[p]);
        for (let j = 0; j < perm.length; j++) {
          low[a + j] = l2[j];
          at0[a + j] = a2[j];
        }
      }
    }
    // Tie groups within the run: equal low halves too.
    for (let c = a; c <= b; ) {
      const lc = low[c];
      let d = c;
      while (d + 1 <= b && low[d + 1] === lc) d++;
      const first = asc ? c + 1 : m - d;
      const last = asc ? d + 1 : m - c;
      const r = ties === 'min' ? first : ties === 'max' ? last : (first + last) / 2;
      for (let p = c; p <= d; p++) out[at0[p]] = r;
      c = d + 1;
    }
    a = b + 1;
  }
  return out;
}

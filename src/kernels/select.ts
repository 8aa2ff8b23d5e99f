/**
 * Order statistics without sorting: the values a sort would put at given positions.
 *
 * {@link OrderSelector.select} finds the k-th smallest (0-based) of n non-NaN values for a few k
 * at once in O(n): the values are counted into about n/2 equal-width buckets over [min, max] — the
 * bucket of v is ⌊(v − min)·B/(max − min)⌋, which never decreases as v grows (IEEE subtraction and
 * multiplication round monotonically, and so does the floor), so every value of a bucket is ≤ every
 * value of a later one — the cumulative counts name the bucket holding each wanted position, and
 * only those buckets' values are copied out and searched (sorted by insertion when few, else Hoare's
 * selection). Two passes over the values and a search among a few of them, instead of a quickselect
 * per position over all of them (the robustness engine's uncertainty statistics: 5th, 50th and 95th
 * percentiles of each of 75,000–750,000 outputs over 100–1,000 replications, the largest serial cost
 * of a firm-scale run).
 *
 * Skewed values would crowd into a few equal-width buckets (scores of replications whose methods
 * give different scales). So values of one sign spanning more than 8× whose mean (given by the
 * caller) lies in the quarter of their range next to zero are bucketed by {@link orderKey} — the high
 * 32 bits of the IEEE pattern, which never decrease as the value grows: about equal buckets of log2 —
 * and a wanted bucket still holding more than 24 values is bucketed again over its own minimum and
 * maximum (all equal: that value), at most 8 levels deep (then Hoare's selection).
 *
 * The results are those of `Float64Array.prototype.sort` (ascending, −0 before +0): a selected zero
 * takes the sign of the zero at that position in sorted order (counted: negatives and −0 come
 * first). With an infinite minimum or maximum, a range whose width overflows or underflows, or few
 * values, the values are sorted instead (the same values). NaN is not allowed in `a` (callers drop
 * missing values first; {@link quantilesType7} does).
 *
 * Reference: C. A. R. Hoare (1961) "Algorithm 65: Find", Comm. ACM 4(7):321–322 (the selection
 * within a bucket); the bucket pass is a distribution select. Tested against sorting (property
 * tests with ties, ±0, ±∞, subnormals, NaN and clusters at far-apart scales).
 */

/** Up to this many values, {@link OrderSelector.select} sorts them. */
const SORT_BELOW = 48;

/**
 * Values of one sign spanning more than this ratio whose mean lies within the {@link CROWDED} share of their range next to
 * zero (most of them crowded into the first equal-width buckets) are bucketed by their exponent and leading significand
 * bits ({@link orderKey}). Values in a few tight clusters far apart are better served by equal widths (each cluster in a
 * bucket of its own, bucketed again): so the mean, not the ratio alone.
 */
const KEY_RATIO = 8;
const CROWDED = 0.25;
/** A wanted bucket of at most this many values is sorted by insertion. */
const INSERTION_MAX = 24;
/** Buckets within buckets at most this deep; deeper, a wanted bucket's positions are found by Hoare's selection. */
const MAX_DEPTH = 8;

/** Working arrays of the selection, kept between calls (grow to the largest input); never shared between threads. */
export class OrderSelector {
  private hist = new Int32Array(0);
  /** Per bucket: −1, or the next free place of a wanted bucket in `cand`. */
  private slot = new Int32Array(0);
  private cand = new Float64Array(0);
  /** Each value's bucket (the second pass reads it instead of computing it again). */
  private bk = new Int32Array(0);
  /** The selector of a wanted bucket holding many values (skewed values: most of them in a few buckets), made when first needed. */
  private inner: OrderSelector | undefined;
  private readonly subKs = new Int32Array(16);
  private readonly subKv = new Float64Array(16);
  private iv: Int32Array | undefined;
  /** The wanted positions' order (ascending k), bucket, its first position and its place in `cand`. */
  private readonly ord = new Int32Array(16);
  private readonly wb = new Int32Array(16);
  private readonly wFirst = new Int32Array(16);
  private readonly wAt = new Int32Array(16);

  /** `depth`: how many selections this one works inside (a wanted bucket's values). */
  constructor(private readonly depth = 0) {}

  /**
   * kv[i] = the value at position ks[i] (0-based) of a[0..n − 1] sorted ascending, for i < m (m ≤ 16;
   * each 0 ≤ ks[i] < n). `lo` and `hi` are the minimum and maximum of those values (as `<` and `>`
   * find them; the sign of a zero does not matter). `a` must hold no NaN; it may be reordered. `mean`,
   * their mean when the caller has it, only chooses how the values are bucketed (not given: by equal
   * widths); the results are the same whatever it is.
   */
  select(a: Float64Array, n: number, lo: number, hi: number, ks: ArrayLike<number>, kv: Float64Array, m: number, mean = NaN): void {
    if (m > 16) throw new RangeError('OrderSelector.select: at most 16 positions');
    this.pick(a, n, lo, hi, ks, kv, m, SORT_BELOW, mean);
  }

  /** {@link select}, sorting fewer than `sortBelow` values. */
  private pick(a: Float64Array, n: number, lo: number, hi: number, ks: ArrayLike<number>, kv: Float64Array, m: number, sortBelow: number, mean: number): void {
    const width = hi - lo;
    const B = n >>> 1;
    const scale = B / width;
    if (n < sortBelow || !(width > 0 && width < Infinity && scale < Infinity)) {
      const s = a.subarray(0, n).sort();
      for (let i = 0; i < m; i++) kv[i] = s[ks[i]];
      return;
    }
    if (this.hist.length < B) {
      this.hist = new Int32Array(B);
      this.slot = new Int32Array(B).fill(-1);
    }
    if (this.cand.length < n) {
      this.cand = new Float64Array(n);
      this.bk = new Int32Array(n);
    }
    const hist = this.hist;
    const slot = this.slot;
    const cand = this.cand;
    const bk = this.bk;
    const top = B - 1;
    hist.fill(0, 0, B);
    const kLo = orderKey(lo);
    const kw = orderKey(hi) - kLo;
    const crowd = width * CROWDED;
    if (kw >= B && (lo > 0 ? hi > KEY_RATIO * lo && mean - lo < crowd : hi < 0 && lo < KEY_RATIO * hi && hi - mean < crowd)) {
      let iv = this.iv;
      if (iv === undefined || iv.buffer !== a.buffer) iv = this.iv = new Int32Array(a.buffer, 0, a.buffer.byteLength >> 2);
      const base = (a.byteOffset >> 2) + HIGH;
      const scaleK = B / kw;
      for (let i = 0; i < n; i++) {
        let j = ((wordKey(iv[base + 2 * i]) - kLo) * scaleK) | 0;
        if (j > top) j = top;
        bk[i] = j;
        hist[j]++;
      }
    } else {
      for (let i = 0; i < n; i++) {
        let j = ((a[i] - lo) * scale) | 0;
        if (j > top) j = top;
        bk[i] = j;
        hist[j]++;
      }
    }
    // The wanted positions in ascending order, then one walk up the cumulative counts for all.
    const ord = this.ord;
    for (let q = 0; q < m; q++) {
      let r = q;
      while (r > 0 && ks[ord[r - 1]] > ks[q]) {
        ord[r] = ord[r - 1];
        r--;
      }
      ord[r] = q;
    }
    const wb = this.wb;
    const wFirst = this.wFirst;
    const wAt = this.wAt;
    let j = 0;
    let below = 0; // values in buckets before j
    let free = 0;
    for (let r = 0; r < m; r++) {
      const q = ord[r];
      const k = ks[q];
      while (below + hist[j] <= k) below += hist[j++];
      wb[q] = j;
      wFirst[q] = below;
      if (slot[j] < 0) {
        slot[j] = free;
        free += hist[j];
      }
      wAt[q] = slot[j];
    }
    // The wanted buckets' values, each bucket's together in `cand`.
    for (let i = 0; i < n; i++) {
      const b = bk[i];
      const s = slot[b];
      if (s >= 0) {
        cand[s] = a[i];
        slot[b] = s + 1;
      }
    }
    let zero = false;
    for (let r = 0; r < m; r++) {
      const q = ord[r];
      const b = wb[q];
      if (slot[b] < 0) continue; // done with an earlier position of the same bucket
      const start = wAt[q];
      const count = hist[b];
      slot[b] = -1;
      if (count > INSERTION_MAX && this.depth < MAX_DEPTH) {
        // Many values in one bucket (skewed values: most of them in a few buckets): the positions wanted in it (consecutive
        // in `ord`) by buckets over the bucket's own range — all equal when that range is one value.
        let bmin = Infinity;
        let bmax = -Infinity;
        let bsum = 0;
        for (let i = start, end = start + count; i < end; i++) {
          const v = cand[i];
          if (v < bmin) bmin = v;
          if (v > bmax) bmax = v;
          bsum += v;
        }
        const subKs = this.subKs;
        const subKv = this.subKv;
        let mq = 0;
        for (let t = r; t < m && wb[ord[t]] === b; t++) subKs[mq++] = ks[ord[t]] - wFirst[q];
        if (bmin === bmax) subKv.fill(bmin, 0, mq);
        else {
          this.inner ??= new OrderSelector(this.depth + 1);
          this.inner.pick(cand.subarray(start, start + count), count, bmin, bmax, subKs, subKv, mq, INSERTION_MAX + 1, bsum / count);
        }
        for (let t = 0; t < mq; t++) {
          const v = subKv[t];
          kv[ord[r + t]] = v;
          if (v === 0) zero = true;
        }
      } else if (count <= INSERTION_MAX) {
        // A few values: sorted in place (insertion), then every position wanted in the bucket read.
        const end = start + count;
        for (let i = start + 1; i < end; i++) {
          const v = cand[i];
          let j = i - 1;
          while (j >= start && cand[j] > v) {
            cand[j + 1] = cand[j];
            j--;
          }
          cand[j + 1] = v;
        }
        for (let t = r; t < m && wb[ord[t]] === b; t++) {
          const qt = ord[t];
          const v = cand[start + (ks[qt] - wFirst[q])];
          kv[qt] = v;
          if (v === 0) zero = true;
        }
      } else {
        for (let t = r; t < m && wb[ord[t]] === b; t++) {
          const qt = ord[t];
          const at = start + (ks[qt] - wFirst[q]);
          selectKth(cand, start, start + count - 1, at);
          kv[qt] = cand[at];
          if (kv[qt] === 0) zero = true;
        }
      }
    }
    if (zero) signZeros(a, n, ks, kv, m);
  }
}

const bitsF = new Float64Array(1);
const bitsI = new Int32Array(bitsF.buffer);
const HIGH = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;
/** The high 32 bits of v's IEEE pattern as a signed integer, negatives' magnitude bits flipped: never decreases as v grows. */
export function orderKey(v: number): number {
  bitsF[0] = v;
  return wordKey(bitsI[HIGH]);
}
/** {@link orderKey} of a value from its high word `k` (a signed integer): the magnitude bits of a negative value flipped. */
const wordKey = (k: number): number => (k < 0 ? k ^ 0x7fffffff : k);

/** A selected zero is −0 when its position comes before every +0 in sorted order: negatives and −0 sort first. */
function signZeros(a: Float64Array, n: number, ks: ArrayLike<number>, kv: Float64Array, m: number): void {
  let before = 0;
  for (let i = 0; i < n; i++) {
    const v = a[i];
    if (v < 0 || (v === 0 && 1 / v < 0)) before++;
  }
  for (let q = 0; q < m; q++) if (kv[q] === 0) kv[q] = ks[q] < before ? -0 : 0;
}

/**
 * Hoare's selection (quickselect, median-of-three pivot): afterwards a[k] holds the value of rank
 * k (0-based) among a[left..right], everything before it in that range is ≤ it and everything
 * after ≥. For non-NaN values (−0 and +0 compare equal); O(right − left) expected.
 */
export function selectKth(a: Float64Array, left: number, right: number, k: number): void {
  let l = left;
  let r = right;
  while (r > l) {
    const mid = (l + r) >>> 1;
    const x = a[l];
    const y = a[mid];
    const z = a[r];
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let i = l;
    let j = r;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        const t = a[i];
        a[i] = a[j];
        a[j] = t;
        i++;
        j--;
      }
    }
    // a[l..j] ≤ pivot ≤ a[i..r], and a[j+1..i−1] = pivot
    if (k <= j) r = j;
    else if (k >= i) l = i;
    else return;
  }
}

/**
 * Type-7 quantiles (R's default, {@link quantileSorted} of kernels/quantile.ts) of the non-NaN
 * values of x at each of `probs` (each in [0, 1]), by selection: the same values as sorting. NaN
 * for no non-missing value. `selector` keeps the working arrays between calls.
 *
 * @example quantilesType7(Float64Array.of(10, 1, NaN, 4, 3, 2), [0.3, 0.9]) // [2.2, 7.6]
 */
export function quantilesType7(x: ArrayLike<number>, probs: readonly number[], selector = new OrderSelector()): Float64Array {
  const a = new Float64Array(x.length);
  let n = 0;
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (v !== v) continue;
    a[n++] = v;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const out = new Float64Array(probs.length);
  if (n === 0) return out.fill(NaN);
  const ks = new Int32Array(2 * probs.length);
  const kv = new Float64Array(2 * probs.length);
  probs.forEach((p, i) => {
    const h = 1 + (n - 1) * p;
    ks[2 * i] = Math.floor(h) - 1;
    ks[2 * i + 1] = Math.ceil(h) - 1;
  });
  for (let i = 0; i < ks.length; i += 16) selector.select(a, n, lo, hi, ks.subarray(i, i + 16), kv.subarray(i, i + 16), Math.min(16, ks.length - i));
  probs.forEach((p, i) => {
    const index = 1 + (n - 1) * p;
    const j = Math.floor(index);
    const va = kv[2 * i];
    const vb = kv[2 * i + 1];
    out[i] = index > j && vb !== va ? (1 - (index - j)) * va + (index - j) * vb : va;
  });
  return out;
}

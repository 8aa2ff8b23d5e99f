/**
 * Order statistics without sorting: the values a sort would put at given positions.
 *
 * {@link OrderSelector.select} finds the k-th smallest (0-based) of n non-NaN values for a few k
 * at once in O(n): the values are counted into about n/2 equal-width buckets over [min, max] — the
 * bucket of v is ⌊(v − min)·B/(max − min)⌋, which never decreases as v grows (IEEE subtraction and
 * multiplication round monotonically, and so does the floor), so every value of a bucket is ≤ every
 * value of a later one — the cumulative counts name the bucket holding each wanted position, and
 * only those buckets' values are copied out and searched (Hoare's selection inside each). Two passes
 * over the values and a search among a few of them, instead of a quickselect per position over all
 * of them (the robustness engine's uncertainty statistics: 5th, 50th and 95th percentiles of each
 * of 75,000–750,000 outputs over 100–1,000 replications, the largest serial cost of a firm-scale run).
 *
 * The results are those of `Float64Array.prototype.sort` (ascending, −0 before +0): a selected zero
 * takes the sign of the zero at that position in sorted order (counted: negatives and −0 come
 * first). With an infinite minimum or maximum, a range whose width overflows or underflows, or few
 * values, the values are sorted instead (the same values). NaN is not allowed in `a` (callers drop
 * missing values first; {@link quantilesType7} does).
 *
 * Reference: C. A. R. Hoare (1961) "Algorithm 65: Find", Comm. ACM 4(7):321–322 (the selection
 * within a bucket); the bucket pass is a one-level distribution select. Tested against sorting
 * (property tests with ties, ±0, ±∞, subnormals and NaN).
 */

/** Up to this many values, {@link OrderSelector.select} sorts them. */
const SORT_BELOW = 48;

/** Working arrays of the selection, kept between calls (grow to the largest input); never shared between threads. */
export class OrderSelector {
  private hist = new Int32Array(0);
  /** Per bucket: −1, or the next free place of a wanted bucket in `cand`. */
  private slot = new Int32Array(0);
  private cand = new Float64Array(0);
  /** The wanted positions' order (ascending k), bucket, its first position and its place in `cand`. */
  private readonly ord = new Int32Array(16);
  private readonly wb = new Int32Array(16);
  private readonly wFirst = new Int32Array(16);
  private readonly wAt = new Int32Array(16);

  /**
   * kv[i] = the value at position ks[i] (0-based) of a[0..n − 1] sorted ascending, for i < m (m ≤ 16;
   * each 0 ≤ ks[i] < n). `lo` and `hi` are the minimum and maximum of those values (as `<` and `>`
   * find them; the sign of a zero does not matter). `a` must hold no NaN; it may be reordered.
   */
  select(a: Float64Array, n: number, lo: number, hi: number, ks: ArrayLike<number>, kv: Float64Array, m: number): void {
    if (m > 16) throw new RangeError('OrderSelector.select: at most 16 positions');
    const width = hi - lo;
    const B = n >>> 1;
    const scale = B / width;
    if (n < SORT_BELOW || !(width > 0 && width < Infinity && scale < Infinity)) {
      const s = a.subarray(0, n).sort();
      for (let i = 0; i < m; i++) kv[i] = s[ks[i]];
      return;
    }
    if (this.hist.length < B) {
      this.hist = new Int32Array(B);
      this.slot = new Int32Array(B).fill(-1);
    }
    if (this.cand.length < n) this.cand = new Float64Array(n);
    const hist = this.hist;
    const slot = this.slot;
    const cand = this.cand;
    const top = B - 1;
    hist.fill(0, 0, B);
    for (let i = 0; i < n; i++) {
      const j = ((a[i] - lo) * scale) | 0;
      hist[j < top ? j : top]++;
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
      const v = a[i];
      let b = ((v - lo) * scale) | 0;
      if (b > top) b = top;
      const s = slot[b];
      if (s >= 0) {
        cand[s] = v;
        slot[b] = s + 1;
      }
    }
    let zero = false;
    for (let q = 0; q < m; q++) {
      const b = wb[q];
      const start = wAt[q];
      const end = start + hist[b] - 1;
      const at = start + (ks[q] - wFirst[q]);
      selectKth(cand, start, end, at);
      kv[q] = cand[at];
      slot[b] = -1;
      if (kv[q] === 0) zero = true;
    }
    if (zero) signZeros(a, n, ks, kv, m);
  }
}

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

/**
 * Correlation coefficients: Pearson, Spearman and Kendall's τ_b.
 *
 * Missing data (all three): only complete pairs are used — pairs where x_i or y_i is NaN are
 * dropped (R `cor(x, y, use = "complete.obs")`). Fewer than 2 complete pairs, or a variable that is
 * constant over the complete pairs, gives NaN (R returns NA there). `x` and `y` must have the same
 * length (else `E_BAD_INPUT`). Inputs are never modified.
 *
 * References: R documentation `?cor`; M. G. Kendall (1945) "The treatment of ties in ranking
 * problems", Biometrika 33(3):239–251 (τ_b); W. R. Knight (1966) "A computer method for calculating
 * Kendall's tau with ungrouped data", JASA 61(314):436–439 (the O(n log n) algorithm used here).
 */
import { fail } from '../core/errors.js';
import { rank } from './rank.js';

function checkLengths(x: ArrayLike<number>, y: ArrayLike<number>, what: string): void {
  if (x.length !== y.length) {
    fail('E_BAD_INPUT', `${what}: x and y have different lengths (${x.length} and ${y.length})`, {
      hint: 'correlations pair x[i] with y[i]; pass two columns over the same units',
    });
  }
}

/** The complete pairs of (x, y), in their original order. */
function completePairs(x: ArrayLike<number>, y: ArrayLike<number>): [Float64Array, Float64Array] {
  let n = 0;
  for (let i = 0; i < x.length; i++) if (x[i] === x[i] && y[i] === y[i]) n++;
  const a = new Float64Array(n);
  const b = new Float64Array(n);
  let k = 0;
  for (let i = 0; i < x.length; i++) {
    if (x[i] === x[i] && y[i] === y[i]) {
      a[k] = x[i];
      b[k] = y[i];
      k++;
    }
  }
  return [a, b];
}

/**
 * Pearson's product-moment correlation over complete pairs:
 *
 *   r = Σ(x_i − x̄)(y_i − ȳ) / √(Σ(x_i − x̄)² · Σ(y_i − ȳ)²)
 *
 * computed two-pass: compensated (Neumaier) means, then centred cross-products with the
 * Chan–Golub–LeVeque correction (subtracting Σd_x·Σd_y/n etc., which cancels the means'
 * rounding). A variable that is constant over the complete pairs gives NaN (detected exactly, not
 * by a rounding-prone variance test). The result is clamped to [−1, 1]. Cost O(n), no allocation.
 *
 * @example pearson(Float64Array.of(1, 2, 3, 4, 5), Float64Array.of(2, 4, 5, 4, 5)) // 6/√60 = 0.7746
 */
export function pearson(x: ArrayLike<number>, y: ArrayLike<number>): number {
  checkLengths(x, y, 'pearson');
  // pass 1: compensated sums over complete pairs (Neumaier)
  let n = 0;
  let sx = 0,
    cx = 0,
    sy = 0,
    cy = 0;
  let x0 = NaN,
    y0 = NaN;
  let xConst = true,
    yConst = true;
  for (let i = 0; i < x.length; i++) {
    const u = x[i];
    const v = y[i];
    if (u !== u || v !== v) continue;
    if (n === 0) {
      x0 = u;
      y0 = v;
    } else {
      if (u !== x0) xConst = false;
      if (v !== y0) yConst = false;
    }
    n++;
    let t = sx + u;
    cx += Math.abs(sx) >= Math.abs(u) ? sx - t + u : u - t + sx;
    sx = t;
    t = sy + v;
    cy += Math.abs(sy) >= Math.abs(v) ? sy - t + v : v - t + sy;
    sy = t;
  }
  if (n < 2 || xConst || yConst) return NaN;
  const mx = (sx + cx) / n;
  const my = (sy + cy) / n;
  if (!Number.isFinite(mx) || !Number.isFinite(my)) return NaN;
  // pass 2: centred sums with the correction terms
  let dxs = 0,
    dys = 0,
    sxx = 0,
    syy = 0,
    sxy = 0;
  for (let i = 0; i < x.length; i++) {
    const u = x[i];
    const v = y[i];
    if (u !== u || v !== v) continue;
    const dx = u - mx;
    const dy = v - my;
    dxs += dx;
    dys += dy;
    sxx += dx * dx;
    syy += dy * dy;
    sxy += dx * dy;
  }
  sxx -= (dxs * dxs) / n;
  syy -= (dys * dys) / n;
  sxy -= (dxs * dys) / n;
  if (!(sxx > 0) || !(syy > 0)) return NaN;
  const r = sxy / Math.sqrt(sxx * syy);
  return r > 1 ? 1 : r < -1 ? -1 : r;
}

/**
 * Spearman's rank correlation over complete pairs: Pearson's r of the average ranks (ties get the
 * mean of their positions, {@link rank} 'average'), exactly R `cor(x, y, method = "spearman",
 * use = "complete.obs")`. With ties this is *not* the shortcut 1 − 6Σd²/(n(n²−1)).
 * Cost O(n log n), O(n) memory.
 *
 * @example spearman(Float64Array.of(1, 2, 3, 4, 5), Float64Array.of(2, 4, 5, 4, 5)) // 7/√90 = 0.7379
 */
export function spearman(x: ArrayLike<number>, y: ArrayLike<number>): number {
  checkLengths(x, y, 'spearman');
  const [a, b] = completePairs(x, y);
  if (a.length < 2) return NaN;
  return pearson(rank(a, 'average'), rank(b, 'average'));
}

/** Σ t(t−1)/2 over runs of equal values in a sorted array. */
function tiedPairs(s: Float64Array): number {
  let total = 0;
  let i = 0;
  while (i < s.length) {
    let j = i + 1;
    while (j < s.length && s[j] === s[i]) j++;
    const t = j - i;
    total += (t * (t - 1)) / 2;
    i = j;
  }
  return total;
}

/**
 * Kendall's τ_b over complete pairs (R `cor(x, y, method = "kendall")`):
 *
 *   τ_b = (n_c − n_d) / √((n₀ − n₁)(n₀ − n₂)),   n₀ = n(n−1)/2,
 *
 * n_c / n_d the concordant / discordant pairs, n₁ = Σ t_i(t_i−1)/2 over groups of tied x, n₂ the
 * same for y (pairs tied in x or y are neither concordant nor discordant). Without ties τ_b = τ_a.
 *
 * Knight's algorithm: sort pairs by (x, y), count x-ties n₁ and joint ties n₃, then merge-sort y
 * counting the exchanges (strict inversions) E; then n_c − n_d = n₀ − n₁ − n₂ + n₃ − 2E. The pairs
 * are sorted on the variables' ranks (radix-ranked, then two stable counting sorts), which order
 * and tie as the values do. Cost O(n log n) time (the merge), O(n) memory (counts are exact in
 * doubles up to n ≈ 10⁸).
 *
 * @example kendallTauB(Float64Array.of(1, 2, 3, 4, 5), Float64Array.of(2, 4, 5, 4, 5)) // 6/√80 = 0.6708
 */
export function kendallTauB(x: ArrayLike<number>, y: ArrayLike<number>): number {
  checkLengths(x, y, 'kendallTauB');
  const [a, b] = completePairs(x, y);
  const n = a.length;
  if (n < 2) return NaN;
  // Each variable replaced by its 'min' rank (1..n): the same order and the same ties, so the same
  // pair counts (ties, joint ties, exchanges) — and the pairs are sorted by (x, y) with two stable
  // counting sorts (by y, then by x) instead of a comparator sort of n indices.
  const ra = rank(a, 'min');
  const rb = rank(b, 'min');
  const count = new Uint32Array(n + 2);
  const byY = new Uint32Array(n);
  for (let i = 0; i < n; i++) count[rb[i] + 1]++;
  for (let r = 1; r <= n + 1; r++) count[r] += count[r - 1];
  for (let i = 0; i < n; i++) byY[count[rb[i]]++] = i;
  count.fill(0);
  const idx = new Uint32Array(n);
  for (let i = 0; i < n; i++) count[ra[i] + 1]++;
  for (let r = 1; r <= n + 1; r++) count[r] += count[r - 1];
  for (let k = 0; k < n; k++) {
    const i = byY[k];
    idx[count[ra[i]]++] = i;
  }
  const xs = new Float64Array(n);
  let ys = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    xs[k] = ra[idx[k]];
    ys[k] = rb[idx[k]];
  }
  const n0 = (n * (n - 1)) / 2;
  const n1 = tiedPairs(xs);
  // joint ties: runs equal in both x and y (consecutive after the lexicographic sort)
  let n3 = 0;
  for (let i = 0; i < n; ) {
    let j = i + 1;
    while (j < n && xs[j] === xs[i] && ys[j] === ys[i]) j++;
    const t = j - i;
    n3 += (t * (t - 1)) / 2;
    i = j;
  }
  // bottom-up merge sort of ys, counting strict inversions
  let buf = new Float64Array(n);
  let exchanges = 0;
  for (let width = 1; width < n; width *= 2) {
    for (let lo = 0; lo < n; lo += 2 * width) {
      const mid = Math.min(lo + width, n);
      const hi = Math.min(lo + 2 * width, n);
      let i = lo;
      let j = mid;
      let k = lo;
      while (i < mid && j < hi) {
        if (ys[j] < ys[i]) {
          exchanges += mid - i;
          buf[k++] = ys[j++];
        } else buf[k++] = ys[i++];
      }
      while (i < mid) buf[k++] = ys[i++];
      while (j < hi) buf[k++] = ys[j++];
    }
    const t = ys;
    ys = buf;
    buf = t;
  }
  const n2 = tiedPairs(ys);
  const denom = (n0 - n1) * (n0 - n2);
  if (!(denom > 0)) return NaN;
  const tau = (n0 - n1 - n2 + n3 - 2 * exchanges) / Math.sqrt(denom);
  return tau > 1 ? 1 : tau < -1 ? -1 : tau;
}

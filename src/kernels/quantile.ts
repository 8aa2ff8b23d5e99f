/**
 * Sample quantiles, R's default definition (Hyndman & Fan type 7, also Excel PERCENTILE.INC and
 * NumPy's default "linear").
 *
 * With x₍₁₎ ≤ … ≤ x₍ₙ₎ the sorted non-missing values and p ∈ [0, 1]:
 *
 *   h = 1 + (n − 1)·p,   j = ⌊h⌋,   g = h − j,   Q(p) = (1 − g)·x₍ⱼ₎ + g·x₍ⱼ₊₁₎
 *
 * i.e. linear interpolation between order statistics with Q(0) = min, Q(1) = max, Q(½) = median.
 * The arithmetic mirrors R's `quantile.default` literally (it interpolates only when g > 0 and
 * x₍ⱼ₊₁₎ ≠ x₍ⱼ₎, so infinite values do not produce Inf − Inf), and accepts p up to 100·ε outside
 * [0, 1] (clamped), as R does.
 *
 * Missing data: NaN values are removed first (R `na.rm = TRUE`); no non-missing value → NaN.
 * Sorting: the non-missing values are copied into a new Float64Array and sorted there (typed-array
 * sort is numeric); the input is never modified and `Array.prototype.sort` is never used.
 *
 * Cost O(n log n) time and O(n) memory per call; {@link quantiles} sorts once for many p.
 *
 * Reference: R. J. Hyndman & Y. Fan (1996) "Sample quantiles in statistical packages",
 * The American Statistician 50(4):361–365 (definition 7); R documentation `?quantile`.
 */
import { fail } from '../core/errors.js';

const P_FUZZ = 100 * Number.EPSILON;

/** The non-NaN values of `x`, sorted ascending, in a new Float64Array. Cost O(n log n). */
export function sortedFinite(x: ArrayLike<number>): Float64Array {
  let n = 0;
  for (let i = 0; i < x.length; i++) if (x[i] === x[i]) n++;
  const out = new Float64Array(n);
  let k = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (v === v) out[k++] = v;
  }
  return out.sort();
}

function checkP(p: number): number {
  if (!(p >= -P_FUZZ && p <= 1 + P_FUZZ)) {
    fail('E_BAD_OPTION', `quantile probability must lie in [0, 1], got ${p}`, {
      hint: 'give probabilities as fractions, e.g. 0.05 and 0.95 (not 5 and 95)',
    });
  }
  return p < 0 ? 0 : p > 1 ? 1 : p;
}

/**
 * Type-7 quantile of an already sorted, NaN-free array (no checks on sortedness). Cost O(1).
 * Empty input gives NaN.
 */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const q = checkP(p);
  const n = sorted.length;
  if (n === 0) return NaN;
  const index = 1 + (n - 1) * q; // 1-based, as in R
  const lo = Math.floor(index);
  const hi = Math.ceil(index);
  const a = sorted[lo - 1];
  const b = sorted[hi - 1];
  if (index > lo && b !== a) {
    const g = index - lo;
    return (1 - g) * a + g * b;
  }
  return a;
}

/**
 * Type-7 quantile of the non-NaN values of `x` at probability `p` (R `quantile(x, p, type = 7,
 * na.rm = TRUE)`).
 *
 * @example quantile(Float64Array.of(10, 1, NaN, 4, 3, 2), 0.3) // 2.2
 */
export function quantile(x: ArrayLike<number>, p: number): number {
  checkP(p);
  return quantileSorted(sortedFinite(x), p);
}

/**
 * Type-7 quantiles of the non-NaN values of `x` at every probability in `ps` (one sort).
 *
 * @returns a Float64Array aligned with `ps`
 * @example quantiles(Float64Array.of(1, 2, 3, 4), [0, 0.5, 1]) // [1, 2.5, 4]
 */
export function quantiles(x: ArrayLike<number>, ps: ArrayLike<number>): Float64Array {
  for (let k = 0; k < ps.length; k++) checkP(ps[k]);
  const s = sortedFinite(x);
  const out = new Float64Array(ps.length);
  for (let k = 0; k < ps.length; k++) out[k] = quantileSorted(s, ps[k]);
  return out;
}

/**
 * Median of the non-NaN values of `x`: the middle order statistic (n odd) or the mean of the two
 * middle ones (n even) — type 7 at p = ½. Empty or all-NaN input gives NaN.
 *
 * @example median(Float64Array.of(5, 1, 3, 2)) // 2.5
 */
export function median(x: ArrayLike<number>): number {
  return quantileSorted(sortedFinite(x), 0.5);
}

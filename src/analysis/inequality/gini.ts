/**
 * Gini coefficient of one cross-section.
 *
 * Definition (mean absolute difference over twice the mean):
 *
 *   G = Σ_i Σ_r |x_i − x_r| / (2 n² μ)
 *
 * computed in O(n log n) from the sorted values x₍₁₎ ≤ … ≤ x₍ₙ₎ through the identity
 *
 *   Σ_i Σ_r |x_i − x_r| = 2 Σ_i (2i − n − 1) x₍ᵢ₎     ⇒   G = Σ_i (2i − n − 1) x₍ᵢ₎ / (n Σ x)
 *                                                        = 2 Σ_i i·x₍ᵢ₎ / (n Σ x) − (n + 1)/n.
 *
 * Numerics: the coefficients (2i − n − 1) sum to zero, so the values are shifted by x₍₁₎ first
 * (exact zero for equal values, no cancellation on data sitting on a large offset) and the sums are
 * Neumaier-compensated. Equal values everywhere give exactly G = 0.
 *
 * Domain: the mean must be positive (`E_NONPOSITIVE_MEAN`). Negative values are accepted as long as
 * the mean is positive (G can then exceed 1); for income-like data all values are ≥ 0 and G ∈ [0, 1 − 1/n].
 *
 * Missing data: NaN refused (`E_MISSING_VALUES`) unless `dropMissing: true` (dropped, count reported).
 *
 * Cost O(n log n) time (one sort of a copy), O(n) memory. The input is not modified.
 *
 * Reference: C. Gini (1912) *Variabilità e mutabilità*; the sorted-order formula e.g. in
 * P. J. Lambert (2001) *The Distribution and Redistribution of Income*, 3rd ed., ch. 2.
 * Validated against the O(n²) double sum and the hand-worked G([1, 2, 3, 4]) = 0.25.
 *
 * @example gini(Float64Array.of(1, 2, 3, 4)).value // 0.25
 */
import { fail } from '../../core/errors.js';
import { sumNeumaier } from '../../kernels/sum.js';
import { completeCases, type MissingOptions } from './missing.js';

export interface GiniResult {
  /** The Gini coefficient G. */
  value: number;
  /** Number of values used. */
  n: number;
  /** Their mean μ. */
  mean: number;
  /** Number of NaN values dropped (dropMissing). */
  dropped: number;
}

/**
 * Σ_i Σ_r |x_i − x_r| over all ordered pairs of an ascending, NaN-free array, = 2 Σ (2i − n − 1)(x₍ᵢ₎ − x₍₁₎).
 * Cost O(n), no allocation.
 */
export function sumAbsDiffSorted(sorted: ArrayLike<number>): number {
  const n = sorted.length;
  if (n < 2) return 0;
  const x0 = sorted[0];
  let s = 0;
  let c = 0;
  for (let i = 1; i < n; i++) {
    const v = (2 * (i + 1) - n - 1) * (sorted[i] - x0);
    const t = s + v;
    c += Math.abs(s) >= Math.abs(v) ? s - t + v : v - t + s;
    s = t;
  }
  return 2 * (s + c);
}

/**
 * Gini coefficient of `x` (see the module comment).
 *
 * @param opts `dropMissing` (default false)
 * @throws E_MISSING_VALUES, E_NONFINITE, E_TOO_FEW (no values), E_NONPOSITIVE_MEAN
 */
export function gini(x: Float64Array, opts?: MissingOptions): GiniResult {
  const cc = completeCases(x, undefined, opts, 'gini');
  const n = cc.x.length;
  if (n === 0) fail('E_TOO_FEW', 'gini: no values to compute a Gini coefficient from', { hint: 'the cross-section is empty (or every value was missing)' });
  const total = sumNeumaier(cc.x);
  const mu = total / n;
  if (!(mu > 0)) {
    fail('E_NONPOSITIVE_MEAN', `gini: the mean is ${mu}; the Gini coefficient needs a positive mean`, {
      hint: 'compute it on positive quantities (raw values or min-max scores), not on z-scores or differences',
    });
  }
  const sorted = Float64Array.from(cc.x).sort();
  const value = sumAbsDiffSorted(sorted) / (2 * n * total);
  return { value, n, mean: mu, dropped: cc.dropped };
}

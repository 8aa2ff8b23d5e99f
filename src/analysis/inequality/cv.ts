/**
 * Coefficient of variation as an inequality measure (σ convergence uses it too):
 *
 *   CV = s / μ,   s = √( Σ (x_i − μ)² / (n − 1) )   (sample standard deviation, as R `sd(x) / mean(x)`)
 *
 * Moments come from the compensated two-pass kernel (`kernels/moments.ts`). The mean must be
 * positive (`E_NONPOSITIVE_MEAN`) and at least two values are needed (`E_TOO_FEW`).
 *
 * Missing data: NaN refused (`E_MISSING_VALUES`) unless `dropMissing: true` (dropped, count reported).
 *
 * Cost O(n), no allocation beyond a compacted copy when values are dropped.
 *
 * Reference: textbook definition (e.g. R `sd`); validated against hand-computed values.
 *
 * @example cv(Float64Array.of(2, 4, 6)).value // 2 / 4 = 0.5
 */
import { fail } from '../../core/errors.js';
import { meanSd } from '../../kernels/moments.js';
import { completeCases, type MissingOptions } from './missing.js';

export interface CvResult {
  /** s / μ. */
  value: number;
  n: number;
  mean: number;
  /** Sample standard deviation (denominator n − 1). */
  sd: number;
  dropped: number;
}

/**
 * Coefficient of variation of `x` (sample sd / mean).
 * @throws E_MISSING_VALUES, E_NONFINITE, E_TOO_FEW (fewer than 2 values), E_NONPOSITIVE_MEAN
 */
export function cv(x: Float64Array, opts?: MissingOptions): CvResult {
  const cc = completeCases(x, undefined, opts, 'cv');
  const n = cc.x.length;
  if (n < 2)
    fail('E_TOO_FEW', `cv: ${n} value${n === 1 ? '' : 's'}; the sample standard deviation needs at least 2`, {
      hint: 'check the cross-section is not (almost) empty',
    });
  const { mean, sd } = meanSd(cc.x, 1);
  if (!(mean > 0)) {
    fail('E_NONPOSITIVE_MEAN', `cv: the mean is ${mean}; the coefficient of variation needs a positive mean`, {
      hint: 'compute it on positive quantities (raw values or min-max scores), not on z-scores',
    });
  }
  return { value: sd / mean, n, mean, sd, dropped: cc.dropped };
}

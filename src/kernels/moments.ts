/**
 * Sample variance, standard deviation and coefficient of variation.
 *
 * Algorithm: the "corrected two-pass" formula of Chan, Golub & LeVeque. With m the mean of the
 * n non-missing values and d_i = x_i − m,
 *
 *   SS = Σ d_i² − (Σ d_i)² / n            var = SS / (n − ddof)            sd = √var
 *
 * The second term is zero in exact arithmetic; in floating point it cancels, to first order, the
 * error in m itself, so the result is accurate even when the data sit on a large offset
 * (NIST NumAcc3/NumAcc4: values 10⁶–10⁷ varying in the 7th–8th digit). m comes from the
 * compensated {@link mean}, and Σ d_i² is Neumaier-compensated too. Never the one-pass
 * "Σx² − n·m²" textbook formula, which loses all digits on such data.
 *
 * Missing data: NaN values are skipped (R `var(x, na.rm = TRUE)`); n counts the non-missing values.
 * Too few values (n − ddof ≤ 0) give NaN — callers decide whether that is an error. Constant data
 * give exactly 0.
 *
 * Defaults: ddof = 1 (sample variance, denominator n − 1, as R `var`/`sd`, COINr and the NIST
 * certified values); ddof = 0 gives the population variance.
 *
 * Cost O(n) (three passes over x), no allocation.
 *
 * Reference: T. F. Chan, G. H. Golub, R. J. LeVeque (1983) "Algorithms for computing the sample
 * variance: analysis and recommendations", The American Statistician 37(3):242–247, eq. 1.7.
 * Validated against the NIST StRD univariate summary statistics (test/kernels/nist.test.ts).
 */
import { fail } from '../core/errors.js';
import { count, mean } from './sum.js';

function checkDdof(ddof: number): void {
  if (!(Number.isFinite(ddof) && ddof >= 0)) {
    fail('E_BAD_OPTION', `ddof must be a finite number ≥ 0, got ${ddof}`, {
      hint: 'use ddof = 1 for the sample variance (denominator n − 1) or 0 for the population variance',
    });
  }
}

/** Sum of squared deviations about `m` with the Chan–Golub–LeVeque correction (NaN skipped). */
function correctedSS(x: ArrayLike<number>, m: number, n: number): number {
  let s = 0;
  let c = 0;
  let sd = 0;
  let first = NaN;
  let constant = true;
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (v !== v) continue;
    if (first !== first) first = v;
    else if (v !== first) constant = false;
    const d = v - m;
    sd += d;
    const q = d * d;
    const t = s + q;
    c += s >= q ? s - t + q : q - t + s; // both non-negative
    s = t;
  }
  if (constant) return 0; // exactly, whatever the rounding of m
  const ss = s + c - (sd * sd) / n;
  return ss > 0 ? ss : 0;
}

/**
 * Variance of the non-NaN values of `x` (corrected two-pass; see the module comment).
 *
 * @param ddof delta degrees of freedom: denominator n − ddof (default 1, the sample variance)
 * @returns NaN when n − ddof ≤ 0 or the data hold ±Infinity
 * @example variance(Float64Array.of(2, 4, 4, 4, 5, 5, 7, 9)) // 32/7 = 4.571428…
 */
export function variance(x: ArrayLike<number>, ddof = 1): number {
  checkDdof(ddof);
  const n = count(x);
  if (n - ddof <= 0) return NaN;
  const m = mean(x);
  if (!Number.isFinite(m)) return NaN;
  return correctedSS(x, m, n) / (n - ddof);
}

/**
 * Standard deviation √{@link variance}(x, ddof) of the non-NaN values of `x`.
 *
 * @param ddof default 1 (sample standard deviation, R `sd`)
 * @example sd(Float64Array.of(2, 4, 4, 4, 5, 5, 7, 9), 0) // 2
 */
export function sd(x: ArrayLike<number>, ddof = 1): number {
  return Math.sqrt(variance(x, ddof));
}

/** Mean, standard deviation and number of non-missing values, from one shared mean pass. */
export interface MeanSd {
  mean: number;
  sd: number;
  /** Number of non-NaN values used. */
  n: number;
}

/**
 * Mean and standard deviation together (what z-scores and the CV need), computing the mean once.
 *
 * @param ddof default 1
 * @returns `mean` NaN when n = 0; `sd` NaN when n − ddof ≤ 0
 * @example meanSd(Float64Array.of(1, 2, 3, NaN)) // { mean: 2, sd: 1, n: 3 }
 */
export function meanSd(x: ArrayLike<number>, ddof = 1): MeanSd {
  checkDdof(ddof);
  const n = count(x);
  const m = mean(x);
  const s = n - ddof > 0 && Number.isFinite(m) ? Math.sqrt(correctedSS(x, m, n) / (n - ddof)) : NaN;
  return { mean: m, sd: s, n };
}

/**
 * Coefficient of variation sd / mean of the non-NaN values of `x` (the 变异系数 of the
 * coefficient-of-variation weighting method). The sign follows the mean (no absolute value).
 *
 * @param ddof default 1 (sample sd, as R `sd(x) / mean(x)`)
 * @returns NaN when the mean is 0 (undefined) or when sd is NaN
 * @example cv(Float64Array.of(2, 4, 6)) // 2 / 4 = 0.5
 */
export function cv(x: ArrayLike<number>, ddof = 1): number {
  const { mean: m, sd: s } = meanSd(x, ddof);
  return m === 0 ? NaN : s / m;
}

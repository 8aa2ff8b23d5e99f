/**
 * Distribution shape: sample skewness and (excess) kurtosis, exactly as COINr computes them.
 *
 * COINr (`skew()`, `kurt()` in R/treat.R, 1.1.x) copies e1071's `skewness(type = 2)` and
 * `kurtosis(type = 2)` — the adjusted Fisher–Pearson estimators that Excel's SKEW() and KURT()
 * also use. With d_i = x_i − x̄ over the n non-missing values, m2 = Σd², m3 = Σd³, m4 = Σd⁴:
 *
 *   g1   = √n · m3 / m2^{3/2}                  G1 = g1 · √(n(n−1)) / (n−2)
 *   r    = n · m4 / m2²                        G2 = ((n+1)(r−3) + 6) · (n−1) / ((n−2)(n−3))
 *
 * G2 is *excess* kurtosis (0 for a normal population). These are the statistics COINr's default
 * outlier rule reads (|G1| ≥ 2 and G2 ≥ 3.5 flags an indicator).
 *
 * Missing data: NaN values are skipped (COINr calls them with `na.rm = TRUE` in `Treat()`).
 * Too few points (n < 3 for skewness, n < 4 for kurtosis) or zero variance give NaN — COINr stops
 * with an error in the first case and returns NaN (0/0) in the second; callers decide.
 *
 * Numerics: three passes (sum, mean residual, centred power sums about the mean carried in double-
 * double), so shifting the data by a large constant (1e9) keeps ~12 significant digits. Cost O(n),
 * no allocation.
 *
 * Reference: Joanes & Gill (1998) "Comparing measures of sample skewness and kurtosis",
 * The Statistician 47(1):183–189 (types G1 and G2); COINr source R/treat.R.
 *
 * @example skewness(Float64Array.of(1, 2, 3, 10)) // 1.7636… (kurtosis 3.228)
 */

/** Skewness and excess kurtosis of the non-NaN values of `x`, plus how many values were used. */
export interface Shape {
  /** Number of non-NaN values. */
  n: number;
  /** Sample skewness G1 (NaN when n < 3 or the values are constant). */
  skew: number;
  /** Sample excess kurtosis G2 (NaN when n < 4 or the values are constant). */
  kurt: number;
}

/** Both shape statistics in one pass over the centred data (see the module comment for formulas). */
export function shape(x: ArrayLike<number>): Shape {
  let n = 0;
  let s = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (v === v) {
      s += v;
      n++;
    }
  }
  if (n === 0) return { n, skew: NaN, kurt: NaN };
  const mean = s / n;
  // The mean is carried as two doubles (mean + lo, lo = Σ(x − mean)/n, the residual of the first
  // pass), so deviations stay accurate even when the true mean is not representable (data on a
  // large offset) — more accurate than centring on the rounded mean as R does.
  let corr = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (v === v) corr += v - mean;
  }
  const lo = corr / n;
  let m2 = 0;
  let m3 = 0;
  let m4 = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (v !== v) continue;
    const d = v - mean - lo;
    const d2 = d * d;
    m2 += d2;
    m3 += d2 * d;
    m4 += d2 * d2;
  }
  let skew = NaN;
  if (n >= 3) {
    const g1 = (Math.sqrt(n) * m3) / Math.pow(m2, 1.5);
    skew = (g1 * Math.sqrt(n * (n - 1))) / (n - 2);
  }
  let kurt = NaN;
  if (n >= 4) {
    const r = (n * m4) / (m2 * m2);
    kurt = (((n + 1) * (r - 3) + 6) * (n - 1)) / ((n - 2) * (n - 3));
  }
  return { n, skew, kurt };
}

/** Sample skewness G1 of the non-NaN values (COINr `skew()`, e1071 type 2). NaN when n < 3 or constant. */
export function skewness(x: ArrayLike<number>): number {
  return shape(x).skew;
}

/** Sample excess kurtosis G2 of the non-NaN values (COINr `kurt()`, e1071 type 2). NaN when n < 4 or constant. */
export function kurtosis(x: ArrayLike<number>): number {
  return shape(x).kurt;
}

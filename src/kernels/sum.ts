/**
 * Compensated summation and the sample mean.
 *
 * Why: a plain left-to-right sum loses about log10(n·κ) digits, and composite-index data often
 * sit on a large offset (GDP in 万元, populations, years) where that loss shows in the mean and,
 * worse, in everything computed from deviations about it. Neumaier's variant of Kahan summation
 * keeps a running correction `c` for the low-order bits lost in each addition:
 *
 *   t = s + x_i;  c += |s| ≥ |x_i| ? (s − t) + x_i : (x_i − t) + s;  s = t;     result = s + c
 *
 * which makes the error bound independent of n to first order (≈ 2u·Σ|x_i|, u = 2⁻⁵³), and, unlike
 * plain Kahan, stays correct when an addend is larger than the running sum.
 *
 * Missing data: NaN is "missing" and is skipped (R's `na.rm = TRUE`). ±Infinity is a value: a sum
 * containing +Infinity is +Infinity (both signs: NaN), exactly as plain addition gives.
 *
 * Reference: A. Neumaier (1974) "Rundungsfehleranalyse einiger Verfahren zur Summation endlicher
 * Summen", ZAMM 54:39–51; N. J. Higham (2002) *Accuracy and Stability of Numerical Algorithms*,
 * 2nd ed., §4.3. Validated against the NIST StRD univariate data sets (test/kernels/nist.test.ts).
 */

/**
 * Neumaier-compensated sum of the non-NaN values of `x[start..end)`.
 *
 * Cost O(end − start), no allocation. Returns 0 for an empty range or when every value is NaN.
 *
 * @param start first index (default 0)
 * @param end one past the last index (default `x.length`)
 * @example sumNeumaier(Float64Array.of(1e100, 1, -1e100)) // 1 (a plain sum gives 0)
 */
export function sumNeumaier(x: ArrayLike<number>, start = 0, end = x.length): number {
  let s = 0;
  let c = 0;
  for (let i = start; i < end; i++) {
    const v = x[i];
    if (v !== v) continue;
    const t = s + v;
    if (Math.abs(s) >= Math.abs(v)) c += s - t + v;
    else c += v - t + s;
    s = t;
  }
  // With an infinite addend the correction is Inf − Inf = NaN; the plain sum is then the answer.
  return Number.isFinite(s) ? s + c : s;
}

/** Number of non-NaN values in `x`. Cost O(n). */
export function count(x: ArrayLike<number>): number {
  let n = 0;
  for (let i = 0; i < x.length; i++) if (x[i] === x[i]) n++;
  return n;
}

/**
 * Number of NaN (missing) values in `x`. Σ 0·x_i is 0 unless some x_i is NaN or ±Infinity
 * (0·∞ = NaN), so one branch-free pass with two accumulators settles the usual complete column;
 * only when that sum is NaN are the cells counted one by one. Cost O(n), at most two passes.
 *
 * @example countMissing(Float64Array.of(1, NaN, Infinity)) // 1
 */
export function countMissing(x: Float64Array): number {
  const n = x.length;
  let a = 0;
  let b = 0;
  let i = 0;
  for (; i + 1 < n; i += 2) {
    a += 0 * x[i];
    b += 0 * x[i + 1];
  }
  if (i < n) a += 0 * x[i];
  if (a + b === 0) return 0;
  let m = 0;
  for (let j = 0; j < n; j++) if (x[j] !== x[j]) m++;
  return m;
}

/**
 * Arithmetic mean of the non-NaN values of `x`: (Σ x_i) / n with the sum compensated
 * ({@link sumNeumaier}), so the result is within about 1.5 ulp of the exact mean whatever n
 * (exactly rounded when the sum is exact, e.g. integer data). No "refinement" pass m + Σ(x_i − m)/n:
 * with widely spread data the rounding of x_i − m exceeds the error it is meant to remove.
 *
 * Missing data: NaN skipped; all-NaN or empty input gives NaN. Cost O(n) (two passes: count, sum),
 * no allocation.
 *
 * @example mean(Float64Array.of(1, 2, NaN, 6)) // 3
 */
export function mean(x: ArrayLike<number>): number {
  const n = count(x);
  return n === 0 ? NaN : sumNeumaier(x) / n;
}

/**
 * The complementary error function and the standard normal distribution function, accurate
 * to a few ulp (relative error < 1e-14 over the whole range, far tails included), for the
 * p-values of the spatial autocorrelation tests.
 *
 * Why not `1 − Φ` from a cheap approximation: p-values of strongly significant statistics sit
 * in the far tail (z = 6 gives 1e-9), where `1 − Φ(z)` computed as a difference loses every
 * digit. Both tails are therefore computed directly from `erfc`.
 *
 * Algorithm: W. J. Cody's rational Chebyshev approximations (CALERF, netlib SPECFUN):
 * - |x| ≤ 0.46875: erf(x) = x·P(x²)/Q(x²), erfc = 1 − erf (no cancellation: erfc ≥ 0.5 there);
 * - 0.46875 < |x| ≤ 4: erfc(x) = exp(−x²)·P(x)/Q(x);
 * - |x| > 4: erfc(x) = exp(−x²)/x·(1/√π + x⁻²·P(x⁻²)/Q(x⁻²));
 * with exp(−x²) evaluated as exp(−t²)·exp(−(x−t)(x+t)), t = x rounded down to 1/16, so the
 * rounding of x² is not amplified. Negative x: erfc(x) = 2 − erfc(−x).
 *
 * Reference: W. J. Cody (1969) "Rational Chebyshev approximations for the error function",
 * Math. Comp. 23:631–637; W. J. Cody (1993) "Algorithm 715: SPECFUN", ACM TOMS 19:22–32.
 * Validated against 40-digit values (mpmath) in test/analysis/spatial/normal.test.ts.
 */

const A = [3.1611237438705656, 113.86415415105016, 377.48523768530202, 3209.3775891384695, 0.18577770618460315];
const B = [23.601290952344121, 244.02463793444417, 1282.6165260773723, 2844.2368334391706];
const C = [
  0.56418849698867009, 8.8831497943883759, 66.11919063714163, 298.63513819740013, 881.95222124176909, 1712.0476126340706, 2051.0783778260715,
  1230.3393547979973, 2.1531153547440385e-8,
];
const D = [
  15.744926110709835, 117.6939508913125, 537.18110186200986, 1621.3895745666902, 3290.7992357334596, 4362.6190901432472, 3439.3676741437216, 1230.3393548037494,
];
const P = [0.30532663496123234, 0.36034489994980444, 0.12578172611122925, 0.016083785148742277, 6.587491615298378e-4, 0.016315387137302098];
const Q = [2.5685201922898224, 1.8729528499234605, 0.52790510295142841, 0.060518341312441319, 0.0023352049762686918];
const SQRPI = 0.56418958354775628695; // 1/√π
const XBIG = 26.543; // erfc(x) underflows to 0 beyond this

/** exp(−y²) without amplifying the rounding error of y² (Cody's split at 1/16). */
function expMinusSquare(y: number): number {
  const t = Math.trunc(y * 16) / 16;
  const del = (y - t) * (y + t);
  return Math.exp(-t * t) * Math.exp(-del);
}

/**
 * Complementary error function erfc(x) = (2/√π) ∫ₓ^∞ e^(−t²) dt, for every double x.
 *
 * Accuracy: relative error below 1e-14 wherever the result is a normal double (≈ 2e-16 typical);
 * erfc(x) = 0 for x > 26.543 (true value below 1e-308), 2 for x < −6 to double precision.
 * NaN gives NaN. Cost: one rational function and two `exp` calls; no allocation.
 *
 * @example erfc(1) // 0.15729920705028513
 */
export function erfc(x: number): number {
  if (x !== x) return NaN;
  const y = Math.abs(x);
  let r: number;
  if (y <= 0.46875) {
    return 1 - erfSmall(x);
  } else if (y <= 4) {
    let num = C[8] * y;
    let den = y;
    for (let i = 0; i < 7; i++) {
      num = (num + C[i]) * y;
      den = (den + D[i]) * y;
    }
    r = ((num + C[7]) / (den + D[7])) * expMinusSquare(y);
  } else if (y >= XBIG) {
    r = 0;
  } else {
    const ysq = 1 / (y * y);
    let num = P[5] * ysq;
    let den = ysq;
    for (let i = 0; i < 4; i++) {
      num = (num + P[i]) * ysq;
      den = (den + Q[i]) * ysq;
    }
    r = (ysq * (num + P[4])) / (den + Q[4]);
    r = ((SQRPI - r) / y) * expMinusSquare(y);
  }
  return x < 0 ? 2 - r : r;
}

/** erf(x) = x·P(x²)/Q(x²) for |x| ≤ 0.46875 (Cody's first interval). */
function erfSmall(x: number): number {
  const y = Math.abs(x);
  const ysq = y > 1.11e-16 ? y * y : 0;
  let num = A[4] * ysq;
  let den = ysq;
  for (let i = 0; i < 3; i++) {
    num = (num + A[i]) * ysq;
    den = (den + B[i]) * ysq;
  }
  return (x * (num + A[3])) / (den + B[3]);
}

/** Error function erf(x) (relative accuracy near zero, 1 − erfc(|x|) elsewhere; use {@link erfc} for tails). */
export function erf(x: number): number {
  if (x !== x) return NaN;
  const y = Math.abs(x);
  if (y <= 0.46875) return erfSmall(x);
  const r = 1 - erfc(y);
  return x < 0 ? -r : r;
}

// 1/√2 = S_HI + S_LO exactly to about 32 digits (S_LO from a 40-digit evaluation).
const S_HI = Math.SQRT1_2;
const S_LO = -4.833646656726456518593583781404627e-17;
const TWO_OVER_SQRTPI = 1.1283791670955125739; // 2/√π
const SPLITTER = 134217729; // 2^27 + 1 (Dekker)

/**
 * Standard normal distribution function Φ(x) = P(Z ≤ x) = erfc(−x/√2)/2, accurate in the
 * lower tail (relative error < 1e-14 down to Φ ≈ 1e-300). For the upper tail use
 * {@link normalUpper} (= Φ(−x)), never `1 − normalCdf(x)`.
 *
 * The argument −x/√2 is rounded; its rounding error ε (computed exactly with Dekker's
 * two-product) is corrected to first order: erfc(t + ε) ≈ erfc(t) − ε·(2/√π)·e^(−t²).
 * Without it the relative error would grow like 2t²·2⁻⁵³ (6e-15 at x = −8).
 *
 * Cost: one {@link erfc} and one `exp`; no allocation.
 *
 * @example normalCdf(-1.959963984540054) // 0.025
 */
export function normalCdf(x: number): number {
  if (x !== x) return NaN;
  if (x === Infinity) return 1;
  if (x === -Infinity) return 0;
  // t = fl(−x·S_HI); exact −x·(S_HI + S_LO) = t + eps.
  const p = x * S_HI;
  // Dekker: p + e = x·S_HI exactly.
  let c = SPLITTER * x;
  const xh = c - (c - x);
  const xl = x - xh;
  c = SPLITTER * S_HI;
  const sh = c - (c - S_HI);
  const sl = S_HI - sh;
  const e = xh * sh - p + xh * sl + xl * sh + xl * sl;
  const t = -p;
  const eps = -(e + x * S_LO);
  const base = erfc(t);
  if (Math.abs(t) > XBIG) return 0.5 * base;
  return 0.5 * (base - eps * TWO_OVER_SQRTPI * expMinusSquare(Math.abs(t)));
}

/** Upper tail P(Z > x) = Φ(−x), accurate for large x. */
export function normalUpper(x: number): number {
  return normalCdf(-x);
}

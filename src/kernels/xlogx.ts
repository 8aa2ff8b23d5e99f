/**
 * Σ x ln x over a column — the inner sum of the entropy weight method — with the logarithm
 * evaluated inline.
 *
 * Why: `Math.log` is a call into V8's C++ runtime (fdlibm's algorithm, about 30 floating-point
 * operations and a division); on the 3 million cells of a 5,000 × 15 × 40 panel it was a third
 * of the whole pipeline. Here the logarithm is table-driven (Tang 1990) and computed in the loop
 * from the bits of the stored double, read through a `Uint32Array` view of the column's own
 * buffer (nothing is copied):
 *
 *   x = 2^k · m with √½ < m ≤ √2 (k ← k + 1, m ← m/2 when the mantissa exceeds √2),
 *   c = the left end of m's bin of width 2^−10 (2 × 1,024 bins; the bin just below 1 uses c = 1),
 *   r = (m − c) · (1/c)   (m − c exact by Sterbenz' lemma; |r| < 2^−10),
 *   ln x = (k·ln2_hi + ln c) + (log1p(r) + k·ln2_lo),
 *   log1p(r) = r − r²/2 + r³/3 − r⁴/4 + r⁵/5 − r⁶/6   (truncation < r⁷/7 < 2^−72),
 *
 * with ln 2 split as in fdlibm (ln2_hi has 32 significant bits, so k·ln2_hi is exact) and ln c,
 * 1/c tabulated once. About 20 operations, no division. Near 1, where a logarithm loses relative
 * accuracy to cancellation, c = 1 and r = m − 1 exactly, so ln x = log1p(r) keeps full relative
 * accuracy on both sides of 1. `test/kernels/xlogx.test.ts` measures every x ln x against a
 * 200-bit BigInt reference: within 2 ulps (3 · 2^−53 relative at worst, as `v * Math.log(v)`
 * is within 1.6 · 2^−53). Which bin and whether to halve m are computed without branches: with
 * random data a branch there is mispredicted half the time.
 *
 * Subnormal x (below 2^−1022, no implicit leading bit) and +Infinity go to `Math.log`.
 *
 * Reference: P. T. P. Tang (1990) "Table-driven implementation of the logarithm function in IEEE
 * floating-point arithmetic", ACM TOMS 16(4):378–400; Sun fdlibm 5.3 `e_log.c` for the reduction
 * about √2 and the split of ln 2.
 */

/** Bits of the mantissa that pick the bin: 2^BITS bins per half (halved or not). The loop writes 10 and 1023 literally. */
const BITS = 10;
const NB = 1 << BITS;
const LN2_HI = 6.9314718036912381649e-1;
const LN2_LO = 1.90821492927058770002e-10;
/** Which 32-bit word of a stored double holds the sign, exponent and top of the mantissa. */
const HI = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;
/**
 * One table, read at fixed offsets (the loop writes them literally): per bin (index b = h·NB + j,
 * h = 1 when m was halved) c at T[b], 1/c at T[2048 + b], ln c at T[4096 + b]; 2^−k for the
 * exponents of normal doubles, k = −1022 … 1024 (exact), at T[7168 + k] = T[6144 + (k + 1024)].
 * One array rather than four: a bundler turns module-level constants into variables, and the loop
 * then checks and re-reads every array it touches on every cell.
 */
const T = new Float64Array(3 * 2 * NB + 2050);
for (let k = -1022; k <= 1024; k++) T[3 * 2 * NB + k + 1024] = 2 ** -k;
for (let h = 0; h < 2; h++) {
  for (let j = 0; j < NB; j++) {
    // left end of the bin (exact: BITS + 1 significant bits); the halved bin just below 1 uses c = 1
    const c = h === 1 && j === NB - 1 ? 1 : (1 + j / NB) / (h ? 2 : 1);
    T[h * NB + j] = c;
    T[2 * NB + h * NB + j] = 1 / c;
    T[4 * NB + h * NB + j] = Math.log(c);
  }
}

/**
 * The polynomial's coefficients and ln 2's two parts, read into locals before the loop: written as
 * literals in the loop, each double constant is rebuilt on every cell (two instructions each, and
 * the loop is bound by its instruction count); loaded once they stay in registers. The same values.
 */
const COEF = Float64Array.of(1, -0.5, 1 / 3, -0.25, 0.2, -1 / 6, LN2_HI, LN2_LO);

/** Sums over the non-missing values of a column, from {@link sumXLogX}. */
export interface XLogXSums {
  /** Number of non-NaN values. */
  n: number;
  /** Σ x over them. */
  sum: number;
  /** Σ x ln x over them, with 0 · ln 0 = 0. */
  sumXLogX: number;
  /** Index of the first negative value (whose logarithm is undefined), or −1 when there is none; the sums then stop there. */
  negativeAt: number;
}

/**
 * n, Σ x and Σ x ln x (0 · ln 0 = 0) over the non-NaN values of `x`, left to right.
 *
 * Stops at the first negative value and reports its index in `negativeAt` (−1 when there is
 * none). +Infinity gives +Infinity sums. Cost O(n), one read of the column, no allocation
 * besides the result.
 *
 * @example sumXLogX(Float64Array.of(1, Math.E, 0, NaN)) // { n: 3, sum: 1 + e, sumXLogX: e, negativeAt: -1 }
 */
export function sumXLogX(x: Float64Array): XLogXSums {
  const len = x.length;
  const words = new Uint32Array(x.buffer, x.byteOffset, len * 2);
  const t = T;
  const c1 = COEF[0];
  const c2 = COEF[1];
  const c3 = COEF[2];
  const c4 = COEF[3];
  const c5 = COEF[4];
  const c6 = COEF[5];
  const ln2Hi = COEF[6];
  const ln2Lo = COEF[7];
  let nan = 0; // NaN (missing) values seen: n is the count of the others
  let sum = 0;
  let acc = 0;
  for (let i = 0, w = HI | 0; i < len; i++, w += 2) {
    const v = x[i];
    const hi = words[w];
    const e = hi >>> 20; // sign and biased exponent
    // Positive, normal and finite (biased exponent 1 … 2046, sign clear): one unsigned comparison,
    // the other values (0, NaN, negative, subnormal, +Infinity) after it.
    if ((e - 1) >>> 0 < 0x7fe) {
      sum += v;
      // h = 1 when the mantissa's top 20 bits exceed those of √2: then k + 1 and m/2
      const h = (0x6a09e - (hi & 0x000fffff)) >>> 31;
      const k = e - 1023 + h;
      const b = (h << 10) | ((hi >>> 10) & 1023); // h·NB + the top BITS bits of the mantissa
      const r = (v * t[7168 + k] - t[b]) * t[2048 + b];
      const p = r * (c1 + r * (c2 + r * (c3 + r * (c4 + r * (c5 + r * c6)))));
      acc += v * (k * ln2Hi + t[4096 + b] + (p + k * ln2Lo));
      continue;
    }
    if (v > 0) {
      sum += v;
      acc += v * Math.log(v); // subnormal (no implicit bit) or +Infinity
    } else if (v < 0) return { n: i - nan, sum, sumXLogX: acc, negativeAt: i };
    else if (v !== 0) nan++;
  }
  return { n: len - nan, sum, sumXLogX: acc, negativeAt: -1 };
}

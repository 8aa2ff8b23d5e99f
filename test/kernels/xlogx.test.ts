import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/rng.js';
import { sumXLogX } from '../../src/kernels/xlogx.js';

/**
 * Independent reference: ln v to 200 fractional bits in BigInt fixed point, from
 * v = M · 2^E (M a 53-bit integer) and ln v = 2 atanh((M' − 1)/(M' + 1)) + E' ln 2, with
 * ln 2 = 2 atanh(1/3); atanh by its Taylor series, summed until the terms vanish.
 */
const FB = 200n;
const _ONE = 1n << FB;
function atanhFixed(num: bigint, den: bigint): bigint {
  // atanh(q) = Σ q^(2k+1) / (2k+1), q = num/den, in fixed point
  const q = (num << FB) / den;
  const q2 = (q * q) >> FB;
  let term = q;
  let sum = 0n;
  for (let k = 1n; term !== 0n; k += 2n) {
    sum += term / k;
    term = (term * q2) >> FB;
  }
  return sum;
}
const LN2 = 2n * atanhFixed(1n, 3n);
const F64 = new Float64Array(1);
const U64 = new BigUint64Array(F64.buffer);
/** v (finite, > 0) as an integer M and exponent E with v = M · 2^E exactly. */
function decompose(v: number): [bigint, number] {
  F64[0] = v;
  const bits = U64[0];
  const ex = Number((bits >> 52n) & 0x7ffn);
  const frac = bits & ((1n << 52n) - 1n);
  return ex === 0 ? [frac, -1074] : [frac | (1n << 52n), ex - 1075];
}
/** ln v in fixed point (scaled by 2^200). */
function lnExact(v: number): bigint {
  const [m, e] = decompose(v);
  // bring M into [2^52, 2^53) as a mantissa in [1, 2): v = (M / 2^b) · 2^(E + b)
  const b = m.toString(2).length - 1;
  const num = m - (1n << BigInt(b));
  const den = m + (1n << BigInt(b));
  return 2n * atanhFixed(num, den) + BigInt(e + b) * LN2;
}
/**
 * Relative error of a double k against the exact v · ln v (ln v in fixed point), in units of
 * 2^−53 (half an ulp at the top of a binade): |k − v·L| / |v·L| computed exactly in BigInt.
 */
function relError(k: number, v: number, lnFixed: bigint): number {
  const [mv, ev] = decompose(v);
  const [mk, ek] = decompose(Math.abs(k));
  const sk = (k < 0 ? -1n : 1n) * mk;
  // multiply k and v·L by 2^(FB − ev): k → sk · 2^(ek − ev + FB), v·L → mv · L
  const sh = BigInt(ek - ev) + FB;
  const kScaled = sh >= 0n ? sk << sh : sk >> -sh;
  const exact = mv * lnFixed;
  const diff = kScaled - exact;
  const absDiff = diff < 0n ? -diff : diff;
  const absExact = exact < 0n ? -exact : exact;
  return Number(((absDiff << 53n) * 1000n) / absExact) / 1000;
}

/** v ln v as the kernel computes it: Σ x ln x over the one cell v. */
const xlnx = (v: number) => sumXLogX(Float64Array.of(v)).sumXLogX;

describe('sumXLogX(x): n, Σx and Σ x ln x with an inline logarithm', () => {
  it('is within 3 · 2^−53 relative of the exact x ln x (200-bit BigInt reference) on 6,000 values: every binade, [0, 1], near 1, around √2, at bin edges', () => {
    // the logarithm's error plus one rounding in the product; v * Math.log(v) reaches 1.6 · 2^−53 here
    const rng = Rng.create(20261124);
    const values: number[] = [];
    for (let e = -1022; e <= 1013; e++) values.push(2 ** e);
    for (let i = 0; i < 1000; i++) values.push((1 + rng.uniform()) * 2 ** (rng.int(2035) - 1022));
    for (let i = 0; i < 500; i++) values.push(1 + (rng.uniform() - 0.5) * 2 ** -rng.int(40));
    for (let i = 0; i < 500; i++) values.push(Math.SQRT2 * (1 + (rng.uniform() - 0.5) * 1e-6) * 2 ** (rng.int(200) - 100));
    for (let i = 0; i < 1000; i++) values.push(rng.uniform()); // min-max normalised data
    for (let i = 0; i < 1000; i++) values.push((1 + (rng.int(1024) + (rng.uniform() < 0.5 ? 0 : 1 - 2 ** -52)) / 1024) * 2 ** (rng.int(20) - 10)); // bin edges
    let worst = 0;
    for (const v of values) {
      if (v === 1) continue;
      worst = Math.max(worst, relError(xlnx(v), v, lnExact(v)));
    }
    expect(worst).toBeLessThanOrEqual(3);
    expect(worst).toBeGreaterThan(0.1); // the reference does see rounding
  });

  it('agrees with Math.log to 1 ulp cell by cell on 10⁵ values spanning every exponent', () => {
    const rng = Rng.create(7);
    let worst = 0;
    for (let i = 0; i < 100_000; i++) {
      const e = rng.int(2036) - 1022;
      const v = (1 + rng.uniform()) * 2 ** e;
      if (!Number.isFinite(v) || v === 0) continue;
      const a = xlnx(v);
      const b = v * Math.log(v);
      if (a !== b) worst = Math.max(worst, Math.abs(a - b) / (Math.abs(b) * Number.EPSILON));
    }
    expect(worst).toBeLessThanOrEqual(2);
  });

  it('sums a column as a plain Math.log loop does, to 1e-14 relative', () => {
    const rng = Rng.create(3);
    const x = Float64Array.from({ length: 50_000 }, () => rng.uniform());
    let s = 0;
    let a = 0;
    for (const v of x) {
      s += v;
      if (v > 0) a += v * Math.log(v);
    }
    const r = sumXLogX(x);
    expect(r.n).toBe(50_000);
    expect(r.sum).toBe(s);
    expect(Math.abs(r.sumXLogX - a) / Math.abs(a)).toBeLessThan(1e-14);
  });

  it('computes an analytic case: [1, e, e², 0, NaN] → n 4, Σx = 1 + e + e², Σ x ln x = e + 2e²', () => {
    const e = Math.E;
    const r = sumXLogX(Float64Array.of(1, e, e * e, 0, NaN));
    expect(r.n).toBe(4);
    expect(r.sum).toBeCloseTo(1 + e + e * e, 14);
    expect(r.sumXLogX / (e + 2 * e * e) - 1).toBeLessThan(4e-16);
    expect(r.negativeAt).toBe(-1);
  });

  it('treats 0 · ln 0 as 0, skips NaN, passes subnormals and +Infinity to Math.log, and stops at a negative value', () => {
    expect(sumXLogX(Float64Array.of(0, 0))).toEqual({ n: 2, sum: 0, sumXLogX: 0, negativeAt: -1 });
    expect(sumXLogX(Float64Array.of(NaN, NaN)).n).toBe(0);
    const sub = 5e-320;
    expect(xlnx(sub)).toBe(sub * Math.log(sub));
    expect(xlnx(Number.MIN_VALUE)).toBe(Number.MIN_VALUE * Math.log(Number.MIN_VALUE));
    expect(xlnx(Infinity)).toBe(Infinity);
    expect(xlnx(Number.MAX_VALUE)).toBe(Number.MAX_VALUE * Math.log(Number.MAX_VALUE));
    expect(sumXLogX(Float64Array.of(1, 2, -0.5, 3)).negativeAt).toBe(2);
    expect(sumXLogX(Float64Array.of(-0)).negativeAt).toBe(-1); // −0 is zero
  });

  it('reads a subarray view at its own offset', () => {
    const base = Float64Array.of(-1, -2, 2, 4);
    const r = sumXLogX(base.subarray(2));
    expect(r.negativeAt).toBe(-1);
    expect(r.sumXLogX).toBeCloseTo(2 * Math.log(2) + 4 * Math.log(4), 14);
  });
});

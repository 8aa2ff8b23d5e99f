import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { close } from '../helpers/shared.js';
import { cv, meanSd, sd, variance } from '../../src/kernels/moments.js';
import { NqpfError } from '../../src/core/errors.js';

const f = (...v: number[]) => Float64Array.from(v);

/** Exact sample variance of integer data as a rational (n·Σx² − (Σx)²) / (n(n − ddof)·n), rounded once. */
function exactVariance(xs: number[], ddof: number): number {
  const n = BigInt(xs.length);
  const s = xs.reduce((a, b) => a + BigInt(b), 0n);
  const q = xs.reduce((a, b) => a + BigInt(b) * BigInt(b), 0n);
  const num = n * q - s * s; // = n · Σ(x − x̄)²
  return Number(num) / (Number(n) * (xs.length - ddof));
}

describe('variance(x, ddof) and sd(x, ddof)', () => {
  // Textbook example: 2, 4, 4, 4, 5, 5, 7, 9 has mean 5 and Σ(x − 5)² = 9+1+1+1+0+0+4+16 = 32,
  // so the population variance is 32/8 = 4 (sd 2) and the sample variance 32/7.
  it('gives 32/7 (ddof 1) and 4 (ddof 0) for 2,4,4,4,5,5,7,9', () => {
    const x = f(2, 4, 4, 4, 5, 5, 7, 9);
    expect(close(variance(x), 32 / 7)).toBe(true);
    expect(variance(x, 0)).toBe(4);
    expect(sd(x, 0)).toBe(2);
    expect(close(sd(x), Math.sqrt(32 / 7))).toBe(true);
  });
  it('is unchanged by a large offset (1e12 + the same data), where the one-pass formula collapses', () => {
    const x = f(2, 4, 4, 4, 5, 5, 7, 9).map((v) => v + 1e12);
    let s = 0,
      q = 0;
    for (const v of x) {
      s += v;
      q += v * v;
    }
    const onePass = (q - (s * s) / 8) / 7;
    expect(close(onePass, 32 / 7, 1e-3)).toBe(false); // the naive formula is wrong here
    expect(close(variance(x), 32 / 7, 1e-14)).toBe(true);
  });
  it('gives exactly 0 for constant data, even when the mean rounds (0.1 × 7)', () => {
    expect(variance(new Float64Array(7).fill(0.1))).toBe(0);
    expect(sd(f(1e300, 1e300, NaN))).toBe(0);
  });
  it('skips NaN and returns NaN when n − ddof ≤ 0', () => {
    expect(variance(f(1, NaN, 3))).toBe(2);
    expect(variance(f(5))).toBeNaN();
    expect(variance(f(5), 0)).toBe(0);
    expect(variance(f())).toBeNaN();
    expect(variance(f(1, Infinity))).toBeNaN();
  });
  it('refuses a negative or non-finite ddof with E_BAD_OPTION', () => {
    expect(() => variance(f(1, 2), -1)).toThrow(NqpfError);
    try {
      sd(f(1, 2), NaN);
    } catch (e) {
      expect((e as NqpfError).code).toBe('E_BAD_OPTION');
      expect((e as NqpfError).hint).toMatch(/ddof = 1/);
    }
  });
  it('matches exact rational arithmetic on random integer data (BigInt reference)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -(2 ** 20), max: 2 ** 20 }), { minLength: 2, maxLength: 60 }),
        fc.integer({ min: -(2 ** 30), max: 2 ** 30 }),
        (xs, offset) => {
          const shifted = xs.map((v) => v + offset);
          const ref = exactVariance(xs, 1); // variance is shift-invariant: reference on unshifted data
          expect(close(variance(Float64Array.from(shifted)), ref, 1e-12, 1e-12)).toBe(true);
          expect(close(variance(Float64Array.from(xs), 0), exactVariance(xs, 0), 1e-13)).toBe(true);
        },
      ),
    );
  });
});

describe('meanSd(x) and cv(x)', () => {
  it('meanSd returns mean, sd and the count of non-missing values', () => {
    expect(meanSd(f(1, 2, 3, NaN))).toEqual({ mean: 2, sd: 1, n: 3 });
    const e = meanSd(f());
    expect(e.n).toBe(0);
    expect(e.mean).toBeNaN();
    expect(e.sd).toBeNaN();
  });
  // cv(2, 4, 6): mean 4, Σd² = 4 + 0 + 4 = 8, sd = √(8/2) = 2, cv = 2/4 = 0.5
  it('cv(2, 4, 6) = sd/mean = 2/4 = 0.5; sign follows the mean; NaN for mean 0', () => {
    expect(cv(f(2, 4, 6))).toBe(0.5);
    expect(cv(f(-2, -4, -6))).toBe(-0.5);
    expect(cv(f(-1, 1))).toBeNaN();
    // population sd: √(8/3) / 4
    expect(close(cv(f(2, 4, 6), 0), Math.sqrt(8 / 3) / 4)).toBe(true);
  });
  it('cv is scale-invariant (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 1, max: 1000, noNaN: true }), { minLength: 2, maxLength: 40 }),
        fc.double({ min: 1e-3, max: 1e3, noNaN: true }),
        (xs, k) => {
          const a = cv(Float64Array.from(xs));
          const b = cv(Float64Array.from(xs.map((v) => v * k)));
          expect(close(a, b, 1e-12, 1e-15)).toBe(true);
        },
      ),
    );
  });
});

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { count, countMissing, mean, sumNeumaier } from '../../src/kernels/sum.js';

const f = (...v: number[]) => Float64Array.from(v);

describe('sumNeumaier(x, start?, end?)', () => {
  it('recovers what plain summation loses: [1e100, 1, −1e100] sums to 1 (plain: 0)', () => {
    expect(1e100 + 1 - 1e100).toBe(0); // the failure being guarded against
    expect(sumNeumaier(f(1e100, 1, -1e100))).toBe(1);
  });
  it('handles an addend larger than the running sum (Neumaier, not Kahan): [1, 1e100, 1, −1e100] = 2', () => {
    expect(sumNeumaier(f(1, 1e100, 1, -1e100))).toBe(2);
  });
  it('sums ten copies of 0.1 to exactly 1 (plain summation gives 0.9999999999999999)', () => {
    const x = new Float64Array(10).fill(0.1);
    let plain = 0;
    for (const v of x) plain += v;
    expect(plain).not.toBe(1);
    expect(sumNeumaier(x)).toBe(1);
  });
  it('skips NaN, sums only [start, end), and returns 0 for an empty range', () => {
    expect(sumNeumaier(f(1, NaN, 2, 4))).toBe(7);
    expect(sumNeumaier(f(1, 2, 4, 8), 1, 3)).toBe(6);
    expect(sumNeumaier(f(1, 2), 1, 1)).toBe(0);
    expect(sumNeumaier(f(NaN, NaN))).toBe(0);
  });
  it('propagates infinities like plain addition', () => {
    expect(sumNeumaier(f(1, Infinity, 2))).toBe(Infinity);
    expect(sumNeumaier(f(-Infinity, 1))).toBe(-Infinity);
    expect(sumNeumaier(f(Infinity, -Infinity))).toBeNaN();
  });
  it('equals the exactly rounded sum of integer data (BigInt reference)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -(2 ** 40), max: 2 ** 40 }), { maxLength: 200 }), (xs) => {
        const exact = xs.reduce((a, b) => a + BigInt(b), 0n);
        expect(sumNeumaier(Float64Array.from(xs))).toBe(Number(exact));
      }),
    );
  });
});

describe('count(x) and mean(x)', () => {
  it('count counts non-NaN values (Infinity counts)', () => {
    expect(count(f(1, NaN, Infinity, 0))).toBe(3);
    expect(count(f())).toBe(0);
  });
  it('mean skips NaN and gives NaN when nothing is left', () => {
    expect(mean(f(1, 2, NaN, 6))).toBe(3);
    expect(mean(f(NaN))).toBeNaN();
    expect(mean(f())).toBeNaN();
  });
  it('mean on a large offset is exact: mean(1e15 + 1, 1e15 + 2, 1e15 + 6) = 1e15 + 3', () => {
    expect(mean(f(1e15 + 1, 1e15 + 2, 1e15 + 6))).toBe(1e15 + 3);
  });
  it('mean equals the correctly rounded exact mean of integer data (BigInt reference)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -(2 ** 45), max: 2 ** 45 }), { minLength: 1, maxLength: 100 }), (xs) => {
        const exact = xs.reduce((a, b) => a + BigInt(b), 0n); // |exact| < 2^53: Number() exact, one rounding in /
        const ref = Number(exact) / xs.length; // correctly rounded exact mean
        expect(mean(Float64Array.from(xs))).toBe(ref);
      }),
      { numRuns: 2000 },
    );
  });
  it('does not modify its input', () => {
    const x = f(3, NaN, 1);
    mean(x);
    sumNeumaier(x);
    expect(Array.from(x)).toEqual([3, NaN, 1]);
  });
});

describe('countMissing(x)', () => {
  it('counts NaN cells, not ±Infinity, −0 or ordinary values, in complete and incomplete arrays of odd and even length', () => {
    expect(countMissing(new Float64Array(0))).toBe(0);
    expect(countMissing(Float64Array.of(1, 2, 3))).toBe(0);
    expect(countMissing(Float64Array.of(-0, -5))).toBe(0);
    expect(countMissing(Float64Array.of(1, NaN, Infinity))).toBe(1);
    expect(countMissing(Float64Array.of(-Infinity, Infinity))).toBe(0);
    expect(countMissing(Float64Array.of(NaN))).toBe(1);
    expect(countMissing(Float64Array.of(1, 2, NaN))).toBe(1); // the odd last cell
  });
  it('equals a direct count on random arrays with NaN, ±Infinity and huge values', () => {
    const cell = fc.oneof(fc.double({ noNaN: true }), fc.constant(NaN), fc.constant(Infinity), fc.constant(-Infinity), fc.constant(1e308));
    fc.assert(
      fc.property(fc.array(cell, { maxLength: 40 }), (xs) => {
        expect(countMissing(Float64Array.from(xs))).toBe(xs.filter((v) => Number.isNaN(v)).length);
      }),
    );
  });
});

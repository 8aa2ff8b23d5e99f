import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { kurtosis, shape, skewness } from '../../src/kernels/shape.js';
import { close } from '../helpers/shared.js';

// Expected values from scipy 1.17 (an independent implementation of the same G1/G2 estimators
// that COINr copies from e1071 type 2):
//   from scipy.stats import skew, kurtosis
//   skew(a, bias=False), kurtosis(a, fisher=True, bias=False)
const cases: Array<[number[], number, number]> = [
  [[1, 2, 3, 10], 1.763632614803888, 3.2280000000000015],
  [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 30, 100], 3.0632410342394993, 9.741390834569144],
  [[2.5, -1, 7, 7, 3.25, 0.5, 12, -4], 0.29922724657036404, -0.27415292617325626],
];

describe('skewness / kurtosis (COINr skew(), kurt(): e1071 type 2)', () => {
  it.each(cases)('skewness(%j) and kurtosis match scipy bias-corrected G1 and excess G2', (v, s, k) => {
    const x = Float64Array.from(v);
    expect(close(skewness(x), s)).toBe(true);
    expect(close(kurtosis(x), k)).toBe(true);
  });

  it('shape(x) skips NaN: inserting missing values changes nothing', () => {
    const x = Float64Array.from([NaN, 1, 2, NaN, 3, 10, NaN]);
    const r = shape(x);
    expect(r.n).toBe(4);
    expect(close(r.skew, cases[0][1])).toBe(true);
    expect(close(r.kurt, cases[0][2])).toBe(true);
  });

  it('skewness needs 3 values and kurtosis 4; constant data give NaN', () => {
    expect(skewness(Float64Array.of(1, 2))).toBeNaN();
    expect(Number.isNaN(skewness(Float64Array.of(1, 2, 4)))).toBe(false);
    expect(kurtosis(Float64Array.of(1, 2, 4))).toBeNaN();
    expect(skewness(Float64Array.of(5, 5, 5, 5))).toBeNaN();
    expect(kurtosis(Float64Array.of(5, 5, 5, 5))).toBeNaN();
    expect(shape(new Float64Array(0)).n).toBe(0);
  });

  it('two-pass moments keep precision when the data sit on a large offset (x + 1e9)', () => {
    const v = cases[1][0];
    const x = Float64Array.from(v, (a) => a + 1e9);
    expect(close(skewness(x), cases[1][1], 1e-9)).toBe(true);
    expect(close(kurtosis(x), cases[1][2], 1e-9)).toBe(true);
  });

  it('skewness(a·x + b) = sign(a)·skewness(x) and kurtosis is affine-invariant (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -1000, max: 1000 }), { minLength: 5, maxLength: 40 }),
        fc.double({ min: 0.5, max: 20, noNaN: true }),
        fc.boolean(),
        fc.integer({ min: -1e6, max: 1e6 }),
        (v, a, neg, b) => {
          const x = Float64Array.from(v);
          const s = shape(x);
          fc.pre(Number.isFinite(s.skew) && Number.isFinite(s.kurt));
          const sa = neg ? -a : a;
          const y = shape(Float64Array.from(v, (t) => sa * t + b));
          return Math.abs(y.skew - Math.sign(sa) * s.skew) <= 1e-7 * (1 + Math.abs(s.skew)) && Math.abs(y.kurt - s.kurt) <= 1e-7 * (1 + Math.abs(s.kurt));
        },
      ),
    );
  });
});

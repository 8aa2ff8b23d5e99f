import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { close } from '../helpers/shared.js';
import { median, quantile, quantileSorted, quantiles, sortedFinite } from '../../src/kernels/quantile.js';
import { NqpfError } from '../../src/core/errors.js';

const f = (...v: number[]) => Float64Array.from(v);

// R's definition (?quantile, type 7; Hyndman & Fan 1996 def. 7): with the n sorted non-missing
// values x(1) ≤ … ≤ x(n), h = 1 + (n − 1)p, j = ⌊h⌋, g = h − j, Q(p) = (1 − g)·x(j) + g·x(j+1).
//
// Data 10, 1, NaN, 4, 3, 2 → NaN dropped, sorted 1, 2, 3, 4, 10 (n = 5, h = 1 + 4p):
//   p = 0    h = 1            → x(1) = 1
//   p = 0.25 h = 2            → x(2) = 2
//   p = 0.3  h = 2.2, g = 0.2 → 0.8·2 + 0.2·3 = 2.2
//   p = 0.5  h = 3            → x(3) = 3
//   p = 0.75 h = 4            → x(4) = 4
//   p = 0.9  h = 4.6, g = 0.6 → 0.4·4 + 0.6·10 = 7.6
//   p = 1    h = 5            → x(5) = 10
// Data 4, 1, 3, 2 → 1, 2, 3, 4 (n = 4, h = 1 + 3p):
//   p = 0.1  h = 1.3          → 0.7·1 + 0.3·2 = 1.3
//   p = 0.5  h = 2.5          → 0.5·2 + 0.5·3 = 2.5
//   p = 2/3  h = 3            → 3
describe('quantile(x, p) — R type 7', () => {
  const x5 = f(10, 1, NaN, 4, 3, 2);
  const cases: [number, number][] = [
    [0, 1],
    [0.25, 2],
    [0.3, 2.2],
    [0.5, 3],
    [0.75, 4],
    [0.9, 7.6],
    [1, 10],
  ];
  for (const [p, q] of cases) {
    it(`quantile(10,1,NaN,4,3,2; p=${p}) = ${q}`, () => {
      expect(close(quantile(x5, p), q, 1e-12)).toBe(true);
    });
  }
  it('interpolates on an even-length sample: p = 0.1 → 1.3, 0.5 → 2.5, 2/3 → 3', () => {
    const x4 = f(4, 1, 3, 2);
    expect(close(quantile(x4, 0.1), 1.3, 1e-12)).toBe(true);
    expect(quantile(x4, 0.5)).toBe(2.5);
    expect(close(quantile(x4, 2 / 3), 3, 1e-12)).toBe(true);
  });
  it('returns a tied value exactly (no (1−g)a + g·a rounding), as R does', () => {
    expect(quantile(f(0.1, 0.1, 0.1), 0.3)).toBe(0.1);
    expect(quantile(f(1, Infinity, Infinity), 0.7)).toBe(Infinity);
  });
  it('gives NaN for empty or all-NaN input and x(1) for a single value', () => {
    expect(quantile(f(), 0.5)).toBeNaN();
    expect(quantile(f(NaN, NaN), 0.5)).toBeNaN();
    expect(quantile(f(7), 0.3)).toBe(7);
  });
  it('refuses p outside [0, 1] with E_BAD_OPTION (a percent is the usual mistake), tolerating 100ε', () => {
    let err: unknown;
    try {
      quantile(f(1, 2), 95);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(NqpfError);
    expect((err as NqpfError).code).toBe('E_BAD_OPTION');
    expect((err as NqpfError).message).toMatch(/\[0, 1\].*95/);
    expect(() => quantile(f(1, 2), -0.01)).toThrow(/probability/);
    expect(() => quantile(f(1, 2), NaN)).toThrow(/probability/);
    expect(quantile(f(1, 2), 1 + 1e-15)).toBe(2);
  });
  it('does not modify its input', () => {
    const x = f(3, NaN, 1, 2);
    quantile(x, 0.5);
    expect(Array.from(x)).toEqual([3, NaN, 1, 2]);
  });
  it('is monotone in p and stays within [min, max] (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.constant(NaN)), { minLength: 1, maxLength: 50 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (xs, p1, p2) => {
          const x = Float64Array.from(xs);
          const s = sortedFinite(x);
          if (s.length === 0) return;
          const [lo, hi] = p1 <= p2 ? [p1, p2] : [p2, p1];
          const a = quantile(x, lo);
          const b = quantile(x, hi);
          expect(a).toBeLessThanOrEqual(b);
          expect(a).toBeGreaterThanOrEqual(s[0]);
          expect(b).toBeLessThanOrEqual(s[s.length - 1]);
        },
      ),
    );
  });
});

describe('quantiles(x, ps), median(x), sortedFinite(x), quantileSorted(s, p)', () => {
  it('quantiles sorts once and answers each p: (1,2,3,4) at 0, 0.5, 1 → 1, 2.5, 4', () => {
    expect(Array.from(quantiles(f(4, 2, NaN, 1, 3), [0, 0.5, 1]))).toEqual([1, 2.5, 4]);
    expect(() => quantiles(f(1), [0.5, 2])).toThrow(NqpfError);
  });
  it('median: middle value (odd n), mean of the two middle values (even n), NaN skipped', () => {
    expect(median(f(5, 1, 3))).toBe(3);
    expect(median(f(5, 1, 3, 2))).toBe(2.5);
    expect(median(f(NaN, 5, 1, NaN, 3, 2))).toBe(2.5);
    expect(median(f())).toBeNaN();
  });
  it('sortedFinite drops NaN and sorts numerically (not as strings: 10 after 9)', () => {
    expect(Array.from(sortedFinite(f(10, NaN, 9, -1, Infinity)))).toEqual([-1, 9, 10, Infinity]);
    expect(quantileSorted(f(1, 2, 3), 0.5)).toBe(2);
  });
});

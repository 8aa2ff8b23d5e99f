import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { gini } from '../../../src/analysis/inequality/gini.js';
import { cv } from '../../../src/analysis/inequality/cv.js';
import { close } from '../../helpers/shared.js';
import { catchNqpf } from '../../io/catch-nqpf.js';

const f = (...v: number[]) => Float64Array.from(v);

/** Independent reference: the O(n²) definition Σ_i Σ_r |x_i − x_r| / (2 n² μ) (= … / (2 n Σx)). Values are kept out of the subnormal range, where the double sum itself loses digits. */
function giniDoubleSum(x: number[]): number {
  const n = x.length;
  let s = 0;
  let tot = 0;
  for (let i = 0; i < n; i++) {
    tot += x[i];
    for (let r = 0; r < n; r++) s += Math.abs(x[i] - x[r]);
  }
  return s / (2 * n * tot);
}

describe('gini', () => {
  it('gini([1, 2, 3, 4]) is 0.25 (hand: Σ|x_i − x_r| = 20, 2·n²·μ = 2·16·2.5 = 80)', () => {
    const r = gini(f(4, 1, 3, 2));
    expect(close(r.value, 0.25, 1e-15)).toBe(true);
    expect(r).toMatchObject({ n: 4, mean: 2.5, dropped: 0 });
  });

  it('gini([0, 0, 0, 1]) is the maximum 1 − 1/n = 0.75', () => {
    expect(close(gini(f(0, 0, 0, 1)).value, 0.75)).toBe(true);
  });

  it('gini of equal values is exactly 0, and of one value 0', () => {
    expect(gini(f(0.1, 0.1, 0.1, 0.1, 0.1)).value).toBe(0);
    expect(gini(f(1e9 + 0.3, 1e9 + 0.3, 1e9 + 0.3)).value).toBe(0);
    expect(gini(f(7)).value).toBe(0);
  });

  it('gini (sorted O(n log n) formula) equals the O(n²) double sum on random data with ties', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.integer({ min: 0, max: 5 }),
            fc.double({ min: 0, max: 1000, noNaN: true }).map((v) => Math.round(v * 1e9) / 1e9),
          ),
          { minLength: 1, maxLength: 60 },
        ),
        (xs) => {
          fc.pre(xs.some((v) => v > 0));
          expect(close(gini(Float64Array.from(xs)).value, giniDoubleSum(xs), 1e-12, 1e-14)).toBe(true);
        },
      ),
    );
  });

  it('gini is unchanged by scaling and permuting the units', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0.01, max: 1e4, noNaN: true }), { minLength: 2, maxLength: 40 }),
        fc.double({ min: 1e-3, max: 1e3, noNaN: true }),
        fc.integer({ min: 0, max: 1e6 }),
        (xs, c, seed) => {
          const g = gini(Float64Array.from(xs)).value;
          const scaled = gini(Float64Array.from(xs, (v) => v * c)).value;
          const perm = xs
            .map((v, i) => ({ v, k: (i * 7919 + seed) % 104729 }))
            .sort((a, b) => a.k - b.k)
            .map((o) => o.v);
          expect(close(scaled, g, 1e-12, 1e-15)).toBe(true);
          expect(close(gini(Float64Array.from(perm)).value, g, 1e-12, 1e-15)).toBe(true);
        },
      ),
    );
  });

  it('gini does not modify its input', () => {
    const x = f(3, 1, 2);
    gini(x);
    expect(Array.from(x)).toEqual([3, 1, 2]);
  });

  it('gini refuses NaN with E_MISSING_VALUES naming the count and positions; dropMissing drops and reports them', () => {
    const e = catchNqpf(() => gini(f(1, NaN, 3, NaN)));
    expect(e.code).toBe('E_MISSING_VALUES');
    expect(e.message).toMatch(/2 of 4 values are missing .* positions 1, 3/);
    expect(e.hint).toMatch(/dropMissing/);
    const r = gini(f(1, NaN, 2, 3, NaN, 4), { dropMissing: true });
    expect(r.dropped).toBe(2);
    expect(r.n).toBe(4);
    expect(close(r.value, 0.25, 1e-15)).toBe(true);
  });

  it('gini refuses a non-positive mean, infinite values and an empty input', () => {
    expect(catchNqpf(() => gini(f(-1, 1))).code).toBe('E_NONPOSITIVE_MEAN');
    expect(catchNqpf(() => gini(f(0, 0))).code).toBe('E_NONPOSITIVE_MEAN');
    expect(catchNqpf(() => gini(f(1, Infinity))).code).toBe('E_NONFINITE');
    expect(catchNqpf(() => gini(f())).code).toBe('E_TOO_FEW');
    expect(catchNqpf(() => gini(f(NaN), { dropMissing: true })).code).toBe('E_TOO_FEW');
  });
});

describe('cv', () => {
  it('cv([2, 4, 6]) is 2 / 4 = 0.5 and cv([1, 2, 3, 4]) is √(5/3) / 2.5', () => {
    expect(close(cv(f(2, 4, 6)).value, 0.5)).toBe(true);
    const r = cv(f(1, 2, 3, 4));
    expect(close(r.value, Math.sqrt(5 / 3) / 2.5)).toBe(true);
    expect(close(r.sd, Math.sqrt(5 / 3))).toBe(true);
  });

  it('cv is unchanged by scaling', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0.01, max: 1e4, noNaN: true }), { minLength: 2, maxLength: 30 }),
        fc.double({ min: 1e-3, max: 1e3, noNaN: true }),
        (xs, c) => {
          expect(close(cv(Float64Array.from(xs, (v) => v * c)).value, cv(Float64Array.from(xs)).value, 1e-10, 1e-14)).toBe(true);
        },
      ),
    );
  });

  it('cv refuses NaN (unless dropMissing), fewer than 2 values and a non-positive mean', () => {
    expect(catchNqpf(() => cv(f(1, NaN, 3))).code).toBe('E_MISSING_VALUES');
    expect(cv(f(2, NaN, 4, 6), { dropMissing: true })).toMatchObject({ dropped: 1, n: 3, value: 0.5 });
    expect(catchNqpf(() => cv(f(1))).code).toBe('E_TOO_FEW');
    expect(catchNqpf(() => cv(f(-1, -2))).code).toBe('E_NONPOSITIVE_MEAN');
  });
});

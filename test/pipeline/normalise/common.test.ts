import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { extent } from '../../../src/pipeline/normalise/common.js';

describe('extent(x): count, min and max of the non-NaN values', () => {
  it('handles the edge cases: empty, all NaN, odd length, ±Infinity, NaN at either end', () => {
    expect(extent(new Float64Array(0))).toEqual({ n: 0, min: Infinity, max: -Infinity });
    expect(extent(Float64Array.of(NaN, NaN, NaN))).toEqual({ n: 0, min: Infinity, max: -Infinity });
    expect(extent(Float64Array.of(3, 1, 2))).toEqual({ n: 3, min: 1, max: 3 });
    expect(extent(Float64Array.of(NaN, 5, -Infinity, 2))).toEqual({ n: 3, min: -Infinity, max: 5 });
    expect(extent(Float64Array.of(1, Infinity, NaN))).toEqual({ n: 2, min: 1, max: Infinity });
    expect(extent(Float64Array.of(7))).toEqual({ n: 1, min: 7, max: 7 });
  });
  it('equals a direct scan on random arrays with missing and infinite values', () => {
    const cell = fc.oneof(
      { weight: 6, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }) },
      fc.constant(NaN),
      fc.constant(Infinity),
      fc.constant(-Infinity),
    );
    fc.assert(
      fc.property(fc.array(cell, { maxLength: 30 }), (xs) => {
        const ok = xs.filter((v) => !Number.isNaN(v));
        const e = extent(Float64Array.from(xs));
        expect(e.n).toBe(ok.length);
        // == so that −0 and +0 compare equal (which of the two is kept is not specified)
        expect(e.min === (ok.length ? Math.min(...ok) : Infinity)).toBe(true);
        expect(e.max === (ok.length ? Math.max(...ok) : -Infinity)).toBe(true);
      }),
    );
  });
  it('keeps the zero (−0 or +0) and extremes of a two-at-a-time scan: even positions to one pair, odd to the other, the second winning only when strictly beyond', () => {
    // the scan extent() did before it took four values a turn: min-max's output depends on the sign of a zero minimum
    const pairwise = (x: Float64Array) => {
      let [min0, max0, min1, max1] = [Infinity, -Infinity, Infinity, -Infinity];
      x.forEach((v, i) => {
        if (i % 2 === 0) {
          if (v < min0) min0 = v;
          if (v > max0) max0 = v;
        } else {
          if (v < min1) min1 = v;
          if (v > max1) max1 = v;
        }
      });
      return { n: x.filter((v) => !Number.isNaN(v)).length, min: min1 < min0 ? min1 : min0, max: max1 > max0 ? max1 : max0 };
    };
    const cell = fc.constantFrom(0, -0, 1, -1, 2, NaN, Infinity, -Infinity);
    fc.assert(
      fc.property(fc.array(cell, { maxLength: 23 }), (xs) => {
        const x = Float64Array.from(xs);
        const e = extent(x);
        const want = pairwise(x);
        expect(e.n).toBe(want.n);
        expect(Object.is(e.min, want.min)).toBe(true);
        expect(Object.is(e.max, want.max)).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });
});

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
});

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { normaliseVector } from '../../../src/pipeline/normalise/index.js';
import { close } from '../../helpers/shared.js';

describe('normaliseVector (TOPSIS x/‖x‖₂)', () => {
  it('normaliseVector of the 3-4-5 triangle gives [0.6, 0.8]; direction −1 flips the sign; NaN skipped', () => {
    expect(Array.from(normaliseVector(Float64Array.of(3, NaN, 4), { direction: 1 }))).toEqual([0.6, NaN, 0.8]);
    expect(Array.from(normaliseVector(Float64Array.of(3, 4), { direction: -1 }))).toEqual([-0.6, -0.8]);
  });

  it('normaliseVector does not overflow on huge values (1e200)', () => {
    const y = normaliseVector(Float64Array.of(3e200, 4e200), { direction: 1 });
    expect(close(y[0], 0.6)).toBe(true);
    expect(close(y[1], 0.8)).toBe(true);
  });

  it('normaliseVector of all zeros fails with E_ZERO_RANGE', () => {
    expect(() => normaliseVector(Float64Array.of(0, 0), { direction: 1 })).toThrow(expect.objectContaining({ code: 'E_ZERO_RANGE' }));
  });

  it('normaliseVector output has unit Euclidean norm (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 50 }), (v) => {
        fc.pre(v.some((t) => Math.abs(t) > 1e-6));
        const y = normaliseVector(Float64Array.from(v), { direction: 1 });
        return Math.abs(Math.hypot(...y) - 1) < 1e-12;
      }),
    );
  });
});

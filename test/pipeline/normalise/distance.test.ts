import { describe, expect, it } from 'vitest';
import { normaliseDistanceToMax } from '../../../src/pipeline/normalise/index.js';
import { normaliseFractionOfMax } from '../../../src/pipeline/normalise/index.js';
import { normaliseDistanceToTarget } from '../../../src/pipeline/normalise/index.js';
import { normaliseMinmax } from '../../../src/pipeline/normalise/index.js';
import { close } from '../../helpers/shared.js';

const x = Float64Array.of(2, 4, 10, NaN);

describe('distance normalisations (COINr n_dist2max, n_fracmax, n_dist2targ)', () => {
  it('normaliseDistanceToMax is 1 − (max − x)/(max − min) and equals minmax onto [0, 1]', () => {
    expect(Array.from(normaliseDistanceToMax(x, { direction: 1 }))).toEqual([0, 0.25, 1, NaN]);
    expect(Array.from(normaliseDistanceToMax(x, { direction: -1 }))).toEqual([1, 0.75, 0, NaN]);
    const m = normaliseMinmax(x, { direction: -1, range: [0, 1] });
    const d = normaliseDistanceToMax(x, { direction: -1 });
    for (let i = 0; i < 3; i++) expect(close(d[i], m[i])).toBe(true);
    expect(() => normaliseDistanceToMax(Float64Array.of(1, 1), { direction: 1 })).toThrow(expect.objectContaining({ code: 'E_ZERO_RANGE' }));
  });

  it('normaliseFractionOfMax is x/max (+1) and min/x (−1); non-positive data are refused', () => {
    expect(Array.from(normaliseFractionOfMax(x, { direction: 1 }))).toEqual([0.2, 0.4, 1, NaN]);
    expect(Array.from(normaliseFractionOfMax(x, { direction: -1 }))).toEqual([1, 0.5, 0.2, NaN]);
    expect(() => normaliseFractionOfMax(Float64Array.of(-1, 2), { direction: 1 })).toThrow(expect.objectContaining({ code: 'E_NONPOSITIVE' }));
    expect(() => normaliseFractionOfMax(Float64Array.of(0, 2), { direction: -1 })).toThrow(expect.objectContaining({ code: 'E_NONPOSITIVE' }));
  });

  it('normaliseDistanceToTarget is (x − min)/(T − min) for +1 and (max − x)/(max − T) for −1 (no cap, as COINr by default)', () => {
    // +1, T = 6: (2−2)/4, (4−2)/4, (10−2)/4
    expect(Array.from(normaliseDistanceToTarget(x, { direction: 1, target: 6 }))).toEqual([0, 0.5, 2, NaN]);
    // −1, T = 3: (10−2)/7, (10−4)/7, 0
    const y = normaliseDistanceToTarget(x, { direction: -1, target: 3 });
    expect(close(y[0], 8 / 7)).toBe(true);
    expect(close(y[1], 6 / 7)).toBe(true);
    expect(y[2]).toBe(0);
  });

  it('normaliseDistanceToTarget needs a target beyond the worst value', () => {
    expect(() => normaliseDistanceToTarget(x, { direction: 1 })).toThrow(expect.objectContaining({ code: 'E_MISSING_OPTION' }));
    expect(() => normaliseDistanceToTarget(x, { direction: 1, target: 2 })).toThrow(expect.objectContaining({ code: 'E_BAD_TARGET' }));
    expect(() => normaliseDistanceToTarget(x, { direction: -1, target: 11 })).toThrow(expect.objectContaining({ code: 'E_BAD_TARGET' }));
  });
});

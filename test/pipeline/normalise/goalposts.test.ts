import { describe, expect, it } from 'vitest';
import { normaliseGoalposts } from '../../../src/pipeline/normalise/index.js';

const x = Float64Array.of(-5, 0, 2.5, 10, 20, NaN);

describe('normaliseGoalposts (COINr n_goalposts with goalposts in indicator units)', () => {
  it('normaliseGoalposts scores (x − l)/(u − l) clamped to [0, 1] and scaled by 100 by default', () => {
    expect(Array.from(normaliseGoalposts(x, { direction: 1, goalposts: [0, 10] }))).toEqual([0, 0, 25, 100, 100, NaN]);
  });

  it('normaliseGoalposts with direction −1 scores (u − x)/(u − l); the upper end of range sets the scale', () => {
    expect(Array.from(normaliseGoalposts(x, { direction: -1, goalposts: [0, 10], range: [0, 1] }))).toEqual([1, 1, 0.75, 0, 0, NaN]);
  });

  it('normaliseGoalposts needs goalposts with low < high', () => {
    expect(() => normaliseGoalposts(x, { direction: 1 })).toThrow(expect.objectContaining({ code: 'E_MISSING_OPTION' }));
    expect(() => normaliseGoalposts(x, { direction: 1, goalposts: [10, 0] })).toThrow(expect.objectContaining({ code: 'E_BAD_OPTION' }));
    expect(() => normaliseGoalposts(x, { direction: 1, goalposts: [0] })).toThrow(expect.objectContaining({ code: 'E_BAD_OPTION' }));
  });
});

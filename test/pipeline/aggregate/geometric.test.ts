import { describe, expect, it } from 'vitest';
import { aggregateGeometric } from '../../../src/pipeline/aggregate/index.js';
import { close } from '../../helpers/shared.js';

const f = (...v: number[]) => Float64Array.from(v);

describe('aggregateGeometric', () => {
  it('aggregateGeometric([4], [9]) with equal weights is 6; with weights (1, 3) it is 4^¼ · 9^¾', () => {
    expect(close(aggregateGeometric([f(4), f(9)], f(1, 1), {})[0], 6)).toBe(true);
    expect(close(aggregateGeometric([f(4), f(9)], f(1, 3), {})[0], Math.pow(4, 0.25) * Math.pow(9, 0.75))).toBe(true);
  });

  it('aggregateGeometric skips NaN and rescales the weights over the available children', () => {
    const out = aggregateGeometric([f(4, NaN), f(9, 9), f(NaN, 16)], f(1, 1, 1), {});
    expect(close(out[0], 6)).toBe(true);
    expect(close(out[1], 12)).toBe(true);
  });

  it('aggregateGeometric refuses values ≤ 0 with E_NONPOSITIVE naming how many', () => {
    expect(() => aggregateGeometric([f(0, 1, -2), f(1, 2, 3)], f(1, 1), {})).toThrowError(
      expect.objectContaining({ code: 'E_NONPOSITIVE', message: expect.stringContaining('2 values are ≤ 0'), hint: expect.stringContaining('[1, 100]') }),
    );
  });
});

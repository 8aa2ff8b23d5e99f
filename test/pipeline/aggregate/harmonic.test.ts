import { describe, expect, it } from 'vitest';
import { aggregateHarmonic } from '../../../src/pipeline/aggregate/index.js';
import { close } from '../../helpers/shared.js';

const f = (...v: number[]) => Float64Array.from(v);

describe('aggregateHarmonic', () => {
  it('aggregateHarmonic([1], [4]) is 2 / (1 + 1/4) = 1.6; weighted (1, 3) it is 4 / (1 + 3/4)', () => {
    expect(close(aggregateHarmonic([f(1), f(4)], f(1, 1), {})[0], 1.6)).toBe(true);
    expect(close(aggregateHarmonic([f(1), f(4)], f(1, 3), {})[0], 4 / 1.75)).toBe(true);
  });

  it('aggregateHarmonic skips NaN and is ≤ geometric ≤ arithmetic', () => {
    const out = aggregateHarmonic([f(2, NaN), f(8, 5)], f(1, 1), {});
    expect(close(out[0], 2 / (0.5 + 0.125))).toBe(true);
    expect(out[1]).toBe(5);
    expect(out[0]).toBeLessThan(4); // geometric mean of 2 and 8
  });

  it('aggregateHarmonic refuses 0 and negative values with E_NONPOSITIVE', () => {
    expect(() => aggregateHarmonic([f(0), f(1)], f(1, 1), {})).toThrowError(expect.objectContaining({ code: 'E_NONPOSITIVE' }));
    expect(() => aggregateHarmonic([f(-1), f(1)], f(1, 1), {})).toThrowError(expect.objectContaining({ code: 'E_NONPOSITIVE' }));
  });
});

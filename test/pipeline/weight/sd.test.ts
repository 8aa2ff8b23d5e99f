import { describe, expect, it } from 'vitest';
import { weightSd } from '../../../src/pipeline/weight/index.js';
import { close } from '../../helpers/shared.js';

const f = (...v: number[]) => Float64Array.from(v);

describe('weightSd', () => {
  it('weightSd([1,3], [4,8]) is (1/3, 2/3): sd = √2 and 2√2', () => {
    const r = weightSd([f(1, 3), f(4, 8)], {});
    expect(close(r.weights[0], 1 / 3)).toBe(true);
    expect(close(r.weights[1], 2 / 3)).toBe(true);
    expect(close((r.detail!.sd as Float64Array)[1], 2 * Math.SQRT2)).toBe(true);
  });

  it('weightSd of a constant column is 0 and one column alone gets weight 1', () => {
    const r = weightSd([f(5, 5, 5), f(1, 2, 3)], {});
    expect(r.weights[0]).toBe(0);
    expect(r.weights[1]).toBe(1);
    expect(Array.from(weightSd([f(5, 5, 5)], {}).weights)).toEqual([1]);
  });
});

import { describe, expect, it } from 'vitest';
import { weightCv } from '../../../src/pipeline/weight/index.js';
import { close } from '../../helpers/shared.js';

const f = (...v: number[]) => Float64Array.from(v);

describe('weightCv', () => {
  it('weightCv([1,3], [4,6]) is (5/7, 2/7): CV = √2/2 and √2/5', () => {
    const r = weightCv([f(1, 3), f(4, 6)], {});
    expect(close(r.weights[0], 5 / 7)).toBe(true);
    expect(close(r.weights[1], 2 / 7)).toBe(true);
    expect(close((r.detail!.cv as Float64Array)[0], Math.SQRT2 / 2)).toBe(true);
  });

  it('weightCv skips NaN per column', () => {
    const r = weightCv([f(1, NaN, 3), f(4, 6, NaN)], {});
    expect(close(r.weights[0], 5 / 7)).toBe(true);
  });

  it('weightCv refuses a non-positive mean with E_NONPOSITIVE_MEAN', () => {
    expect(() => weightCv([f(-1, 1), f(4, 6)], {})).toThrowError(expect.objectContaining({ code: 'E_NONPOSITIVE_MEAN' }));
  });

  it('weightCv refuses all-constant columns with E_WEIGHT_DEGENERATE', () => {
    expect(() => weightCv([f(2, 2), f(3, 3)], {})).toThrowError(expect.objectContaining({ code: 'E_WEIGHT_DEGENERATE' }));
  });
});

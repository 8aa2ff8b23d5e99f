import { describe, expect, it } from 'vitest';
import { quantileType7Sorted, treatWinsoriseQuantile } from '../../../src/pipeline/treat/index.js';

// numpy.quantile(q, p) (method "linear" = R type 7) for q = [3,1,4,1,5,9,2,6,5,3,5]:
//   p = 0.25 → 2.5, p = 0.95 → 7.5, p = 0.1 → 1.0, p = 0.9 → 6.0
const q = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5];

describe('treatWinsoriseQuantile (clamp to R type-7 quantiles)', () => {
  it('quantileType7Sorted matches numpy/R type 7', () => {
    const s = Float64Array.from(q).sort();
    expect(quantileType7Sorted(s, 0.25)).toBe(2.5);
    expect(quantileType7Sorted(s, 0.95)).toBe(7.5);
    expect(quantileType7Sorted(s, 0.1)).toBe(1);
    expect(quantileType7Sorted(s, 0.9)).toBe(6);
    expect(quantileType7Sorted(s, 0)).toBe(1);
    expect(quantileType7Sorted(s, 1)).toBe(9);
  });

  it('treatWinsoriseQuantile clamps to [q25, q95] = [2.5, 7.5], counts both ends and keeps NaN', () => {
    const r = treatWinsoriseQuantile(Float64Array.from([...q, NaN]), { quantiles: [0.25, 0.95] });
    expect(Array.from(r.values)).toEqual([3, 2.5, 4, 2.5, 5, 7.5, 2.5, 6, 5, 3, 5, NaN]);
    expect(r.report).toMatchObject({ method: 'winsorise_quantile', treated: true, winsorised: 4, lowCount: 3, highCount: 1, log: false });
  });

  it('treatWinsoriseQuantile rejects lower ≥ upper', () => {
    expect(() => treatWinsoriseQuantile(Float64Array.from(q), { quantiles: [0.9, 0.1] })).toThrow(expect.objectContaining({ code: 'E_BAD_OPTION' }));
  });
});

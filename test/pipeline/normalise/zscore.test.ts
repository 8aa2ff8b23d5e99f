import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { normaliseZscore } from '../../../src/pipeline/normalise/index.js';
import { close } from '../../helpers/shared.js';

describe('normaliseZscore (COINr n_zscore, sample sd as R sd())', () => {
  it('normaliseZscore of [2, 4, 4, 4, 5, 5, 7, 9] uses mean 5 and sample sd √(32/7)', () => {
    // hand: deviations −3,−1,−1,−1,0,0,2,4; Σd² = 32; sd = √(32/7) (n − 1 divisor)
    const sd = Math.sqrt(32 / 7);
    const y = normaliseZscore(Float64Array.of(2, 4, 4, 4, 5, 5, 7, 9, NaN), { direction: 1 });
    [2, 4, 4, 4, 5, 5, 7, 9].forEach((v, i) => expect(close(y[i], (v - 5) / sd)).toBe(true));
    expect(y[8]).toBeNaN();
  });

  it('normaliseZscore with target mean/sd and direction −1 reverses and rescales', () => {
    const y = normaliseZscore(Float64Array.of(1, 2, 3), { direction: -1, mean: 100, sd: 10 });
    expect(Array.from(y)).toEqual([110, 100, 90]);
    expect(Array.from(normaliseZscore(Float64Array.of(1, 2, 3), { direction: 1, mean: 0, sd: 2 }))).toEqual([-2, 0, 2]);
  });

  it('normaliseZscore refuses zero sd (E_ZERO_RANGE), one value (E_TOO_FEW) and sd ≤ 0 targets', () => {
    expect(() => normaliseZscore(Float64Array.of(3, 3, 3), { direction: 1 })).toThrow(expect.objectContaining({ code: 'E_ZERO_RANGE' }));
    expect(() => normaliseZscore(Float64Array.of(3, NaN), { direction: 1 })).toThrow(expect.objectContaining({ code: 'E_TOO_FEW' }));
    expect(() => normaliseZscore(Float64Array.of(1, 2), { direction: 1, sd: 0 })).toThrow(expect.objectContaining({ code: 'E_BAD_OPTION' }));
  });

  it('normaliseZscore output has mean 0 and sample sd 1 (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 2, maxLength: 60 }),
        fc.constantFrom(1 as const, -1 as const),
        (v, direction) => {
          fc.pre(Math.max(...v) - Math.min(...v) > 1e-3);
          const y = normaliseZscore(Float64Array.from(v), { direction });
          const n = y.length;
          const m = y.reduce((a, b) => a + b, 0) / n;
          const s = Math.sqrt(y.reduce((a, b) => a + (b - m) ** 2, 0) / (n - 1));
          return Math.abs(m) < 1e-9 && Math.abs(s - 1) < 1e-9;
        },
      ),
    );
  });
});

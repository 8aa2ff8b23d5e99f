import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { weightEntropy } from '../../../src/pipeline/weight/index.js';
import { close } from '../../helpers/shared.js';

const f = (...v: number[]) => Float64Array.from(v);

/*
 * Hand-computed example (4 observations × 3 indicators):
 *   A = [1, 2, 3, 4]  Σ = 10  p = .1 .2 .3 .4
 *       e_A = −(.1 ln .1 + .2 ln .2 + .3 ln .3 + .4 ln .4) / ln 4 ≈ 1.279854 / 1.386294 ≈ 0.923220
 *   B = [0, 1, 1, 2]  Σ = 4   p = 0 .25 .25 .5   (0·ln 0 = 0)
 *       e_B = −(0 + 2 · .25 ln .25 + .5 ln .5) / ln 4 = (1.5 ln 2) / (2 ln 2) = 0.75 exactly
 *   C = [2, 2, 2, 2]  p = .25 each → e_C = 1, d_C = 0
 *   d = (1 − e_A, 0.25, 0),  w = d / Σd ≈ (0.23496, 0.76504, 0)
 */
const eA = -(0.1 * Math.log(0.1) + 0.2 * Math.log(0.2) + 0.3 * Math.log(0.3) + 0.4 * Math.log(0.4)) / Math.log(4);
const eB = 0.75;
const dA = 1 - eA;
const dB = 1 - eB;

describe('weightEntropy', () => {
  it('weightEntropy([A, B, C]) matches the hand-computed e, d and w, with 0·ln0 = 0 and an even column at weight 0', () => {
    const r = weightEntropy([f(1, 2, 3, 4), f(0, 1, 1, 2), f(2, 2, 2, 2)], {});
    const e = r.detail!.e as Float64Array;
    expect(close(e[0], eA)).toBe(true);
    expect(close(e[1], eB)).toBe(true);
    expect(close(e[2], 1)).toBe(true);
    expect(close(r.weights[0], dA / (dA + dB))).toBe(true);
    expect(close(r.weights[1], dB / (dA + dB))).toBe(true);
    expect(Math.abs(r.weights[2])).toBeLessThan(1e-15);
    expect(close(eA, 0.9232196723355078, 1e-6)).toBe(true); // the ≈ value in the comment
  });

  it('weightEntropy skips NaN per column: n_j is the available count', () => {
    const r = weightEntropy([f(1, 2, NaN, 3, 4), f(0, 1, 1, NaN, 2)], {});
    expect(close(r.weights[0], dA / (dA + dB))).toBe(true);
    expect(close(r.weights[1], dB / (dA + dB))).toBe(true);
    expect(Array.from(r.detail!.n as Float64Array)).toEqual([4, 4]);
  });

  it('weightEntropy with shift 0.5 adds the shift before the shares', () => {
    // B + 0.5 = [.5, 1.5, 1.5, 2.5], Σ = 6; A + 0.5 = [1.5, 2.5, 3.5, 4.5], Σ = 12
    const eB2 = -((0.5 / 6) * Math.log(0.5 / 6) + 2 * (1.5 / 6) * Math.log(1.5 / 6) + (2.5 / 6) * Math.log(2.5 / 6)) / Math.log(4);
    const eA2 =
      -((1.5 / 12) * Math.log(1.5 / 12) + (2.5 / 12) * Math.log(2.5 / 12) + (3.5 / 12) * Math.log(3.5 / 12) + (4.5 / 12) * Math.log(4.5 / 12)) / Math.log(4);
    const r = weightEntropy([f(1, 2, 3, 4), f(0, 1, 1, 2)], { shift: 0.5 });
    const s = 2 - eA2 - eB2;
    expect(close(r.weights[0], (1 - eA2) / s)).toBe(true);
    expect(close(r.weights[1], (1 - eB2) / s)).toBe(true);
  });

  it('weightEntropy refuses negative values with E_NEGATIVE and a normalisation hint', () => {
    expect(() => weightEntropy([f(1, -2, 3), f(1, 2, 3)], {})).toThrowError(
      expect.objectContaining({ code: 'E_NEGATIVE', hint: expect.stringMatching(/min-max/) }),
    );
  });

  it('weightEntropy refuses a column summing to 0 with E_ZERO_SUM', () => {
    expect(() => weightEntropy([f(0, 0, 0), f(1, 2, 3)], {})).toThrowError(expect.objectContaining({ code: 'E_ZERO_SUM' }));
  });

  it('weightEntropy refuses a negative shift and too few values', () => {
    expect(() => weightEntropy([f(1, 2)], { shift: -1 })).toThrowError(expect.objectContaining({ code: 'E_BAD_OPTION' }));
    expect(() => weightEntropy([f(1, NaN), f(1, 2)], {})).toThrowError(expect.objectContaining({ code: 'E_TOO_FEW' }));
  });

  it('weightEntropy weights are ≥ 0, sum to 1 and do not change when a column is rescaled', () => {
    const col = fc.float64Array({ minLength: 5, maxLength: 5, min: 0, max: 100, noNaN: true, noDefaultInfinity: true });
    fc.assert(
      fc.property(fc.array(col, { minLength: 2, maxLength: 5 }), fc.double({ min: 0.01, max: 1000, noNaN: true }), (cols, k) => {
        // values in [1, 101] with a forced spread (1 and 101 in every column), so no column is even
        const cs = cols.map((c) => Float64Array.of(1, 101, ...Array.from(c, (v) => v + 1)));
        const r = weightEntropy(cs, {});
        let s = 0;
        for (const w of r.weights) {
          if (w < 0) return false;
          s += w;
        }
        if (Math.abs(s - 1) > 1e-12) return false;
        const scaled = cs.map((c, j) => (j === 0 ? c.map((v) => v * k) : c));
        const r2 = weightEntropy(scaled, {});
        return r.weights.every((w, j) => Math.abs(w - r2.weights[j]) < 1e-9);
      }),
    );
  });
});

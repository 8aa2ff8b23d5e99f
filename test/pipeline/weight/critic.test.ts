import { describe, expect, it } from 'vitest';
import { weightCritic } from '../../../src/pipeline/weight/index.js';
import { close } from '../../helpers/shared.js';

const f = (...v: number[]) => Float64Array.from(v);

/*
 * Hand-computed CRITIC example (Diakoulaki et al. 1995 definition):
 *   x1 = [1, 2, 3, 4]   deviations −1.5 −.5 .5 1.5, Σd² = 5, σ1 = √(5/3)
 *   x2 = [4, 3, 2, 1]   = 5 − x1 → r12 = −1,        σ2 = √(5/3)
 *   x3 = [2, 6, 4, 8]   deviations −3 1 −1 3, Σd² = 20, σ3 = 2√(5/3)
 *   Σ d1·d3 = 4.5 − .5 − .5 + 4.5 = 8 → r13 = 8 / √(5·20) = 0.8, r23 = −0.8
 *   C1 = σ(0 + 2 + 0.2) = 2.2σ,  C2 = σ(2 + 0 + 1.8) = 3.8σ,  C3 = 2σ(0.2 + 1.8 + 0) = 4σ
 *   w = (2.2, 3.8, 4) / 10 = (0.22, 0.38, 0.40)
 */
describe('weightCritic', () => {
  it('weightCritic(x1, x2, x3) gives the hand-computed (0.22, 0.38, 0.40)', () => {
    const r = weightCritic([f(1, 2, 3, 4), f(4, 3, 2, 1), f(2, 6, 4, 8)], {});
    expect(close(r.weights[0], 0.22)).toBe(true);
    expect(close(r.weights[1], 0.38)).toBe(true);
    expect(close(r.weights[2], 0.4)).toBe(true);
    const sd = r.detail!.sd as Float64Array;
    expect(close(sd[2], 2 * Math.sqrt(5 / 3))).toBe(true);
    const conflict = r.detail!.conflict as Float64Array;
    expect(close(conflict[0], 2.2)).toBe(true);
  });

  it('weightCritic uses complete cases only (a row with a NaN is dropped for all columns)', () => {
    const r = weightCritic([f(1, 2, 3, 4, NaN), f(4, 3, 2, 1, 100), f(2, 6, 4, 8, -50)], {});
    expect(close(r.weights[0], 0.22)).toBe(true);
    expect(close(r.weights[2], 0.4)).toBe(true);
    expect(r.detail!.n).toBe(4);
  });

  it('weightCritic refuses fewer than 2 complete cases', () => {
    expect(() => weightCritic([f(1, NaN), f(NaN, 2)], {})).toThrowError(expect.objectContaining({ code: 'E_TOO_FEW' }));
  });
});

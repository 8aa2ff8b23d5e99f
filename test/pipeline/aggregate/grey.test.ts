import { describe, expect, it } from 'vitest';
import { aggregateGrey } from '../../../src/pipeline/aggregate/index.js';
import { close } from '../../helpers/shared.js';

const f = (...v: number[]) => Float64Array.from(v);

/*
 * Hand-computed grey relational grades (Deng 1982), ρ = 0.5:
 *   x1 = [1, 0.5, 0], x2 = [0.2, 1, 0.6]  → reference x⁰ = (1, 1)
 *   Δ: row1 (0, 0.8), row2 (0.5, 0), row3 (1, 0.4)  → Δmin = 0, Δmax = 1
 *   ξ = (0 + 0.5·1) / (Δ + 0.5): row1 (1, 0.5/1.3 = 5/13), row2 (0.5, 1), row3 (1/3, 0.5/0.9 = 5/9)
 *   weights (3, 2) → (0.6, 0.4):
 *   γ1 = 0.6 + 0.4·5/13,  γ2 = 0.3 + 0.4 = 0.7,  γ3 = 0.2 + 0.4·5/9
 */
describe('aggregateGrey', () => {
  it('aggregateGrey matches the hand-computed grades with ρ = 0.5', () => {
    const out = aggregateGrey([f(1, 0.5, 0), f(0.2, 1, 0.6)], f(3, 2), {});
    expect(close(out[0], 0.6 + (0.4 * 5) / 13)).toBe(true);
    expect(close(out[1], 0.7)).toBe(true);
    expect(close(out[2], 0.2 + (0.4 * 5) / 9)).toBe(true);
  });

  it('aggregateGrey with ρ = 1: ξ = 1 / (Δ + 1)', () => {
    const out = aggregateGrey([f(1, 0.5, 0), f(0.2, 1, 0.6)], f(1, 1), { rho: 1 });
    expect(close(out[2], 0.5 * (1 / 2) + 0.5 * (1 / 1.4))).toBe(true);
  });

  it('aggregateGrey skips NaN: the grade uses the available columns with rescaled weights', () => {
    const out = aggregateGrey([f(1, 0.5, 0), f(0.2, 1, NaN)], f(3, 2), {});
    // column 2's reference is 1, Δ over available cells: (0,0.8),(0.5,0),(1,–) → Δmax = 1 as before
    expect(close(out[2], 1 / 3)).toBe(true);
  });

  it('aggregateGrey refuses ρ outside (0, 1] and all-constant columns', () => {
    expect(() => aggregateGrey([f(1, 2)], f(1), { rho: 0 })).toThrowError(expect.objectContaining({ code: 'E_BAD_OPTION' }));
    expect(() => aggregateGrey([f(2, 2), f(1, 1)], f(1, 1), {})).toThrowError(expect.objectContaining({ code: 'E_GREY_DEGENERATE' }));
  });
});

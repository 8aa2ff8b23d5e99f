/**
 * AMPI normalisation (Mazziotta & Pareto 2016; Compind ci_ampi). Expected values are derived by
 * hand from the definition, never from nqpf:
 *
 *   Ref = mean, Δ = (max − min)/2, Inf = Ref − Δ, Sup = Ref + Δ,
 *   r = (x − Inf)/(Sup − Inf)·60 + 70  (+1),   r = (Sup − x)/(Sup − Inf)·60 + 70  (−1).
 *
 * Case A, x = 2, 4, 6, 8: Ref = 5, Δ = 3, Inf = 2, Sup = 8, Sup − Inf = 6:
 *   +1: (0/6, 2/6, 4/6, 6/6)·60 + 70 = 70, 90, 110, 130;   −1: 130, 110, 90, 70.
 * Case B, x = 1, 2, 10 (and a missing value): Ref = 13/3, Δ = 4.5, Inf = 13/3 − 9/2 = −1/6,
 *   Sup = 53/6, Sup − Inf = 9:
 *   r(1)  = (1 + 1/6)/9·60 + 70 = (7/6)·(20/3) + 70 = 70/9 + 70 = 700/9 ≈ 77.78
 *   r(2)  = (13/6)/9·60 + 70 = 130/9 + 70 = 760/9 ≈ 84.44
 *   r(10) = (61/6)/9·60 + 70 = 610/9 + 70 = 1240/9 ≈ 137.78
 *   and their mean is (700 + 760 + 1240)/27 = 100: the reference maps to 100.
 */
import { describe, expect, it } from 'vitest';
import { NORMALISE, normaliseMethods } from '../../../src/pipeline/normalise/index.js';
import { StepsSpec } from '../../../src/spec/schema.js';
import { close } from '../../helpers/shared.js';

const ampi = normaliseMethods.ampi;

describe('ampi normalisation (adjusted Mazziotta–Pareto rescaling)', () => {
  it('ampi maps the mean to 100 and the range onto 60 points around it (case A)', () => {
    expect(Array.from(ampi(Float64Array.of(2, 4, 6, 8), { direction: 1 }))).toEqual([70, 90, 110, 130]);
    expect(Array.from(ampi(Float64Array.of(2, 4, 6, 8), { direction: -1 }))).toEqual([130, 110, 90, 70]);
  });

  it('ampi with an asymmetric distribution and a missing value matches the hand values (case B)', () => {
    const y = ampi(Float64Array.of(1, 2, NaN, 10), { direction: 1 });
    const want = [700 / 9, 760 / 9, NaN, 1240 / 9];
    want.forEach((v, i) => (Number.isNaN(v) ? expect(y[i]).toBeNaN() : expect(close(y[i], v, 1e-12)).toBe(true)));
    expect(close((y[0] + y[1] + y[3]) / 3, 100, 1e-12)).toBe(true);
    // direction −1 mirrors around 100
    const z = ampi(Float64Array.of(1, 2, NaN, 10), { direction: -1 });
    expect(close(z[0], 200 - 700 / 9, 1e-12) && close(z[3], 200 - 1240 / 9, 1e-12)).toBe(true);
  });

  it('ampi refuses a constant indicator (E_ZERO_RANGE) and leaves all-missing input missing', () => {
    expect(() => ampi(Float64Array.of(3, 3, NaN), { direction: 1 })).toThrow(expect.objectContaining({ code: 'E_ZERO_RANGE' }));
    expect(Array.from(ampi(Float64Array.of(NaN, NaN), { direction: 1 }))).toEqual([NaN, NaN]);
  });

  it('the spec accepts steps.normalise.method: ampi (the registry line is all it takes)', () => {
    expect(NORMALISE.map((d) => d.name)).toContain('ampi');
    expect(StepsSpec.parse({ normalise: { method: 'ampi' } }).normalise.method).toBe('ampi');
  });

  it('ampi describes itself with its formula and cites Mazziotta & Pareto (2016)', () => {
    const d = NORMALISE.find((m) => m.name === 'ampi')!;
    const t = d.describe({ scope: 'pooled' }, { panel: true, subject: '' });
    expect(t.cites).toEqual(['ampi']);
    expect(t.en).toMatch(/× 60 \+ 70/);
    expect(t.zh).toMatch(/参照值对应 100/);
  });
});

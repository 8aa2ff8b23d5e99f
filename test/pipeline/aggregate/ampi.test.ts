/**
 * AMPI aggregation (Mazziotta & Pareto 2016; Compind ci_ampi, R/ci_ampi.R:
 * Ma_z = mean, Sqm_z = (var(x)·(n − 1)/n)^0.5 — the population sd —, cv = Sqm_z/Ma_z,
 * penalty "NEG": Ma_z − Sqm_z·cv, "POS": Ma_z + Sqm_z·cv). Expected values are derived by hand
 * from that definition, never from nqpf:
 *
 * Row A, z = 70, 100, 130 (equal weights): M = 100, S² = (900 + 0 + 900)/3 = 600,
 *   S·cv = S²/M = 6 → AMPI⁻ = 94, AMPI⁺ = 106.
 * Row B, z = 90, 110: M = 100, S = 10, cv = 0.1, S·cv = 1 → 99 (positive: 101).
 * Row C, z = 80, (missing), 120: over the available values M = 100, S = 20, S·cv = 4 → 96.
 * Row D, z = 100, 100, 100: S = 0 → 100 (no penalty).
 * Weighted, z = 90, 110 with w = 3, 1: M = (270 + 110)/4 = 95, S² = (3·25 + 1·225)/4 = 75,
 *   S·cv = 75/95 = 15/19 → 95 − 15/19 = 1790/19 ≈ 94.2105.
 * With the sample sd (n − 1) row A would give 100 − 900/100 = 91, so 94 also pins the population sd.
 */
import { describe, expect, it } from 'vitest';
import { buildFramework } from '../../../src/core/framework.js';
import { CollectingLogger } from '../../../src/core/logger.js';
import { AGGREGATE, aggregateAmpi } from '../../../src/pipeline/aggregate/index.js';
import { resolveLog } from '../../../src/pipeline/log.js';
import { executeLog } from '../../../src/pipeline/run.js';
import { StepsSpec } from '../../../src/spec/schema.js';
import { close } from '../../helpers/shared.js';
import { mkPanel } from '../helpers.js';

const f = (...v: number[]) => Float64Array.from(v);

describe('ampi aggregation (adjusted Mazziotta–Pareto index)', () => {
  // rows A, B (third column missing), C (second missing), D
  const cols = [f(70, 90, 80, 100), f(100, 110, NaN, 100), f(130, NaN, 120, 100)];

  it('ampi with the negative penalty (default) is M − S·cv with the population sd (rows A–D)', () => {
    const y = aggregateAmpi(cols, f(1, 1, 1));
    [94, 99, 96, 100].forEach((v, i) => expect(close(y[i], v, 1e-12), `row ${i}: ${y[i]}`).toBe(true));
  });

  it('ampi with penalty: positive is M + S·cv', () => {
    const y = aggregateAmpi(cols, f(1, 1, 1), { penalty: 'positive' });
    [106, 101, 104, 100].forEach((v, i) => expect(close(y[i], v, 1e-12), `row ${i}: ${y[i]}`).toBe(true));
  });

  it('ampi uses weighted moments with unequal weights (equal weights: Compind)', () => {
    const y = aggregateAmpi([f(90), f(110)], f(3, 1));
    expect(close(y[0], 1790 / 19, 1e-12)).toBe(true);
    // rescaling the weights changes nothing
    expect(close(aggregateAmpi([f(90), f(110)], f(0.75, 0.25))[0], 1790 / 19, 1e-12)).toBe(true);
  });

  it('ampi refuses negative values, a wrong penalty, and leaves an empty row missing', () => {
    expect(() => aggregateAmpi([f(1, -2), f(3, 4)], f(1, 1))).toThrow(expect.objectContaining({ code: 'E_NEGATIVE' }));
    expect(() => aggregateAmpi([f(1), f(3)], f(1, 1), { penalty: 'neg' })).toThrow(expect.objectContaining({ code: 'E_BAD_OPTION' }));
    expect(aggregateAmpi([f(NaN), f(NaN)], f(1, 1))[0]).toBeNaN();
  });

  it('the spec accepts steps.aggregate.method: ampi with a penalty, and refuses a misspelt one', () => {
    expect(AGGREGATE.map((d) => d.name)).toContain('ampi');
    const s = StepsSpec.parse({ aggregate: { method: 'ampi', penalty: 'positive' } });
    expect([s.aggregate.method, s.aggregate.penalty]).toEqual(['ampi', 'positive']);
    // no default: other methods' run logs keep their fields
    expect('penalty' in StepsSpec.parse({}).aggregate).toBe(false);
    expect(() => StepsSpec.parse({ aggregate: { method: 'ampi', penalty: 'up' } })).toThrow();
  });

  it('the pipeline runs the AMPI end to end: ampi normalisation (pooled) then ampi aggregation, all periods at once', () => {
    // x1: 2, 4 | 6, 8 and x2 (direction −1): 2, 4 | 6, 8 over units A, B and periods 2020 | 2021.
    // Pooled AMPI normalisation (mean 5, Δ 3): x1 → 70, 90 | 110, 130; x2 reversed → 130, 110 | 90, 70.
    // Rows (70, 130) and (130, 70): M = 100, S = 30, S·cv = 9 → 91; rows (90, 110), (110, 90): S·cv = 1 → 99.
    const framework = buildFramework([{ code: 'IDX' }, { code: 'x1', parent: 'IDX' }, { code: 'x2', parent: 'IDX', direction: -1 }]);
    const raw = mkPanel(['A', 'B'], ['2020', '2021'], {
      x1: [
        [2, 4],
        [6, 8],
      ],
      x2: [
        [2, 4],
        [6, 8],
      ],
    });
    const log = resolveLog(StepsSpec.parse({ normalise: { method: 'ampi' }, aggregate: { method: 'ampi' } }), framework);
    const r = executeLog({ raw, framework, log, logger: new CollectingLogger() });
    const idx = r.datasets.aggregated.values.get('IDX')!;
    [91, 99, 99, 91].forEach((v, i) => expect(close(idx[i], v, 1e-12), `cell ${i}: ${idx[i]}`).toBe(true));
  });

  it('ampi describes itself with its formula and cites Mazziotta & Pareto (2016)', () => {
    const d = AGGREGATE.find((m) => m.name === 'ampi')!;
    const t = d.describe({ inputs: 'children', datThreshold: 0, penalty: undefined }, { panel: true, subject: '' });
    expect(t.cites).toEqual(['ampi']);
    expect(t.en).toMatch(/AMPI⁻_i = M_i − S_i · cv_i/);
    expect(d.describe({ inputs: 'children', datThreshold: 0, penalty: 'positive' }, { panel: true, subject: '' }).zh).toMatch(/AMPI⁺_i = M_i \+ S_i · cv_i/);
  });
});

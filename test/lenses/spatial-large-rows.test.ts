/**
 * analyses.spatial_models.cross with `logdet` (src/lenses/spatial-models/analysis.ts → src/lenses/spatial/large.ts):
 * on the n = 2,000 problem of test/reference/spatial/large.R, `auto` (more than 400 units) and `chebyshev` give
 * spatialreg's Chebyshev fits (ρ, β to 1e-6: spatialreg's Brent stops at √ε; logLik 1e-10) and the effects of
 * spatialreg's dense inverse (5e-5: Monte Carlo traces beyond W⁶); SAC = the root of spatialreg's Chebyshev SAC likelihood
 * (sac_large.R). Panel entries
 * (Cigar) with logdet: chebyshev stay within the approximation error of R's exact fits; unit-level and random effects
 * with a sparse log-determinant are refused with the path.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { weightsFromPairs } from '../../src/analysis/spatial/weights.js';
import { panelFromRecords } from '../../src/lenses/panel/frame.js';
import { crossRows } from '../../src/lenses/spatial-models/analysis.js';
import { panelRows } from '../../src/lenses/spatial-models/panel.js';
import { SpatialModelsSpec } from '../../src/lenses/spatial-models/spec.js';
import { parseCsvSimple, sharedAvailable, sharedPath } from '../helpers/shared.js';

const refDir = resolve(import.meta.dirname, '../reference/spatial');
const ref = JSON.parse(readFileSync(resolve(refDir, 'large.json'), 'utf8'));
const rel = (a: number | string | null | undefined, b: number) => Math.abs(Number(a) - b) / Math.abs(b);

describe('spatial_models cross-section with a sparse log-determinant (n = 2,000)', () => {
  const edges = parseCsvSimple(readFileSync(resolve(refDir, 'large_edges.csv'), 'utf8'))
    .slice(1)
    .filter((r) => r.length === 2)
    .map((r) => [r[0], r[1]] as const);
  const rows = parseCsvSimple(readFileSync(resolve(refDir, 'large_data.csv'), 'utf8'))
    .slice(1)
    .filter((r) => r.length === 3)
    .map((r) => r.map(Number));
  const units = rows.map((_, i) => String(i + 1));
  const panel = panelFromRecords(
    units,
    units.map(() => '2020'),
    { y: Float64Array.from(rows, (r) => r[0]), x1: Float64Array.from(rows, (r) => r[1]), x2: Float64Array.from(rows, (r) => r[2]) },
  );
  const W = weightsFromPairs(units, edges, { style: 'W', symmetric: false });

  for (const logdet of [undefined, 'auto', 'chebyshev'] as const) {
    it(`logdet ${logdet ?? '(unset)'}: SAR, SDM, SEM rows = spatialreg Chebyshev`, () => {
      const spec = SpatialModelsSpec.parse({
        cross: [{ name: 'big', formula: 'y ~ x1 + x2', models: ['ols', 'sar', 'sdm', 'sem'], ...(logdet ? { logdet } : {}) }],
      });
      const r = crossRows(panel, W, spec.cross[0], 'analyses.spatial_models.cross.0');
      const coef = (model: string, term: string) => r.coef.find((x) => x.model === model && x.term === term);
      for (const [m, p] of [
        ['sar', 'rho'],
        ['sdm', 'rho'],
        ['sem', 'lambda'],
      ] as const) {
        const want = ref[`${m}_Chebyshev`];
        expect(rel(coef(m, p)?.estimate, want.param), `${m} ${p}`).toBeLessThan(1e-6);
        expect(rel(coef(m, p)?.se, want.param_se), `${m} ${p} SE (fdHess)`).toBeLessThan(5e-3);
        expect(rel(coef(m, 'x1')?.estimate, want.coef.x1), `${m} x1`).toBeLessThan(1e-6);
        expect(rel(r.fit.find((x) => x.model === m)?.loglik, want.logLik), `${m} logLik`).toBeLessThan(1e-10);
      }
      const im = r.impacts.find((x) => x.model === 'sdm' && x.term === 'x1');
      expect(rel(im?.direct, ref.impacts.sdm_Chebyshev.direct[0])).toBeLessThan(5e-5);
      expect(rel(im?.total, ref.impacts.sdm_Chebyshev.total[0])).toBeLessThan(1e-6);
    });
  }

  it('SAC with logdet: chebyshev = the root of spatialreg’s Chebyshev SAC likelihood (sac_large.R), with effects', () => {
    const sac = JSON.parse(readFileSync(resolve(refDir, 'sac_large.json'), 'utf8'));
    const spec = SpatialModelsSpec.parse({ cross: [{ name: 'big', formula: 'y ~ x1 + x2', models: ['sac'], logdet: 'chebyshev' }] });
    const r = crossRows(panel, W, spec.cross[0], 'analyses.spatial_models.cross.0');
    const coef = (term: string) => r.coef.find((x) => x.model === 'sac' && x.term === term);
    expect(rel(coef('rho')?.estimate, sac.root.rho)).toBeLessThan(1e-8);
    expect(rel(coef('lambda')?.estimate, sac.root.lambda)).toBeLessThan(1e-8);
    expect(rel(coef('x2')?.estimate, sac.root.coef[2])).toBeLessThan(1e-8);
    expect(rel(r.fit[0].loglik, sac.root.logLik)).toBeLessThan(1e-10);
    expect(r.fit[0].k).toBe(3);
    const im = r.impacts.find((x) => x.model === 'sac' && x.term === 'x1');
    expect(rel(im?.direct, sac.impacts.direct[0])).toBeLessThan(5e-5);
    expect(rel(im?.total, sac.impacts.total[0])).toBeLessThan(1e-8);
  });
});

describe.skipIf(!sharedAvailable)('spatial_models panel entries with logdet (Cigar, 46 states × 30 years)', () => {
  const rows = parseCsvSimple(readFileSync(sharedPath('data/panel/cigar.csv'), 'utf8')).filter((r) => r.length > 1);
  const head = rows[0];
  const body = rows.slice(1);
  const num = (r: string[], name: string) => Number(r[head.indexOf(name)]);
  const unit = body.map((r) => String(num(r, 'state')));
  const period = body.map((r) => String(1900 + num(r, 'year')));
  const cols = {
    sales: Float64Array.from(body.map((r) => num(r, 'sales'))),
    rprice: Float64Array.from(body.map((r) => num(r, 'price') / num(r, 'cpi'))),
    rndi: Float64Array.from(body.map((r) => num(r, 'ndi') / num(r, 'cpi'))),
  };
  const states = [...new Set(body.map((r) => num(r, 'state')))].sort((a, b) => a - b).map(String);
  const pairs = parseCsvSimple(readFileSync(resolve(refDir, 'cigar_contiguity.csv'), 'utf8'))
    .slice(1)
    .filter((r) => r.length === 2)
    .map((r) => [r[0], r[1]] as const);
  const W = weightsFromPairs(states, pairs, { style: 'W' });
  const panel = panelFromRecords(unit, period, cols);
  const formula = 'log(sales) ~ log(rprice) + log(rndi) | unit + period';
  const pref = JSON.parse(readFileSync(resolve(refDir, 'cigar_panel.json'), 'utf8')).twoways;

  it('chebyshev: the rows are the sparse estimator; within the approximation error of R (exact); effects by power series', () => {
    const spec = SpatialModelsSpec.parse({ panel: [{ name: 'FE', formula, draws: 200, logdet: 'chebyshev' }] });
    const r = panelRows(panel, W, spec.panel[0], 'analyses.spatial_models.panel.0', 20240101);
    const coef = (model: string, est: string, term: string) => r.coef.find((x) => x.model === model && x.estimator === est && x.term === term);
    expect(rel(coef('sdm', 'ml', 'rho')?.estimate, pref.sdm.rho)).toBeLessThan(2e-3);
    expect(rel(coef('sdm', 'ml', 'rho')?.estimate, pref.sdm.rho)).toBeGreaterThan(0); // an approximation, not the exact value
    expect(rel(coef('sar', 'lee_yu', 'rho')?.estimate, pref.leeyu.sar.rho)).toBeLessThan(2e-3);
    const im = r.impacts.find((x) => x.model === 'sdm' && x.estimator === 'ml' && x.term === 'log(rprice)' && x.effect === 'total');
    expect(rel(im?.estimate, pref.sdm.effects.lp.total)).toBeLessThan(2e-3);
    expect(im?.se_sim).toBeGreaterThan(0);
  });

  it('unit-level effects and random effects need the exact log-determinant', () => {
    const spec = SpatialModelsSpec.parse({ panel: [{ name: 'FE', formula, draws: 0, logdet: 'mc', unitEffects: true }] });
    expect(() => panelRows(panel, W, spec.panel[0], 'analyses.spatial_models.panel.0', 1)).toThrow(/panel\.0\.unitEffects needs the exact/);
  });
});

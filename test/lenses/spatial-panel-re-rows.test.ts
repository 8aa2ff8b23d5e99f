/**
 * analyses.spatial_models.panel with `random: true` (src/lenses/spatial-models/panel.ts) on the Cigar panel built as a
 * run panel: the random-effects rows (estimator re, effects random) carry the estimates of the explicit R likelihood
 * (test/reference/spatial/cigar_re.R → cigar_re.json: coefficients with the intercept, ρ, φ, σ_μ² with its
 * delta-method SE, σ², logLik, and the LeSage–Pace effects from the dense (I − ρW)⁻¹(βI + θW)) and the Hausman rows
 * its test; `random` needs unit effects only.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { weightsFromPairs } from '../../src/analysis/spatial/weights.js';
import type { NqpfError } from '../../src/core/errors.js';
import { panelFromRecords } from '../../src/lenses/panel/frame.js';
import { panelRows } from '../../src/lenses/spatial-models/panel.js';
import { SpatialModelsSpec } from '../../src/lenses/spatial-models/spec.js';
import { parseCsvSimple, sharedAvailable, sharedPath } from '../helpers/shared.js';

const refDir = resolve(import.meta.dirname, '../reference/spatial');
const ref = JSON.parse(readFileSync(resolve(refDir, 'cigar_re.json'), 'utf8'));
const rel = (a: number | string | null | undefined, b: number) => Math.abs(Number(a) - b) / Math.abs(b);
const NAME: Record<string, string> = {
  '(Intercept)': '(Intercept)',
  lp: 'log(rprice)',
  lndi: 'log(rndi)',
  'lag.lp': 'lag.log(rprice)',
  'lag.lndi': 'lag.log(rndi)',
};

describe.skipIf(!sharedAvailable)('analyses.spatial_models.panel random: true on Cigar', () => {
  const rows = parseCsvSimple(readFileSync(sharedPath('data/panel/cigar.csv'), 'utf8')).filter((r) => r.length > 1);
  const head = rows[0];
  const body = rows.slice(1);
  const num = (r: string[], name: string) => Number(r[head.indexOf(name)]);
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
  const panel = panelFromRecords(
    body.map((r) => String(num(r, 'state'))),
    body.map((r) => String(1900 + num(r, 'year'))),
    cols,
  );
  const path = 'analyses.spatial_models.panel.0';

  it('RE rows equal the R likelihood’s estimates, effects and Hausman test', () => {
    const spec = SpatialModelsSpec.parse({
      panel: [{ name: 'RE', formula: 'log(sales) ~ log(rprice) + log(rndi) | unit', models: ['sar', 'sdm'], draws: 100, random: true }],
    });
    const r = panelRows(panel, W, spec.panel[0], path, 7);
    for (const model of ['sar', 'sdm'] as const) {
      const want = ref[model];
      const coef = r.coef.filter((x) => x.model === model && x.estimator === 're');
      expect(coef.every((x) => x.effects === 'random')).toBe(true);
      expect(coef.map((x) => x.term)).toEqual(['rho', ...Object.keys(want.coef).map((k) => NAME[k]), 'phi', 'sigma_mu2']);
      const at = (t: string) => coef.find((x) => x.term === t)!;
      expect(rel(at('rho').estimate, want.rho)).toBeLessThan(1e-8);
      expect(rel(at('rho').se, want.rho_se)).toBeLessThan(1e-8);
      for (const k of Object.keys(want.coef)) {
        expect(rel(at(NAME[k]).estimate, want.coef[k]), k).toBeLessThan(1e-8);
        expect(rel(at(NAME[k]).se, want.se[k]), k).toBeLessThan(1e-8);
      }
      expect(rel(at('phi').estimate, want.phi)).toBeLessThan(1e-8);
      expect(rel(at('phi').se, want.phi_se)).toBeLessThan(1e-8);
      expect(rel(at('sigma_mu2').estimate, want.sigma_mu2)).toBeLessThan(1e-8);
      expect(rel(at('sigma_mu2').se, want.sigma_mu2_se)).toBeLessThan(1e-8);
      const fit = r.fit.find((x) => x.model === model && x.estimator === 're')!;
      expect(fit).toMatchObject({ effects: 'random', units: 46, periods: 30, n: 46 * 30, k: Object.keys(want.coef).length });
      expect(rel(fit.sigma2, want.sigma2)).toBeLessThan(1e-8);
      expect(rel(fit.loglik, want.logLik)).toBeLessThan(1e-10);
      for (const v of ['lp', 'lndi']) {
        for (const e of ['direct', 'indirect', 'total'] as const) {
          const im = r.impacts.find((x) => x.model === model && x.estimator === 're' && x.term === NAME[v] && x.effect === e)!;
          expect(rel(im.estimate, want.effects[v][e]), `${model} ${v} ${e}`).toBeLessThan(1e-8);
          expect(Number(im.se)).toBeGreaterThan(0);
          expect(Number(im.lower)).toBeLessThan(Number(im.upper));
        }
      }
      const h = r.tests.find((x) => x.test === `hausman_${model}`)!;
      expect(h).toMatchObject({ effects: 'unit', estimator: 'ml', df: ref.hausman[model].df, p: ref.hausman[model].p });
      expect(rel(h.statistic, ref.hausman[model].statistic)).toBeLessThan(1e-6);
    }
    // the fixed-effects rows are there as without `random`
    expect(r.coef.filter((x) => x.estimator === 'ml' && x.effects === 'unit').length).toBe(3 + 5);
  });

  it('random needs unit effects only', () => {
    const spec = SpatialModelsSpec.parse({ panel: [{ name: 'RE', formula: 'log(sales) ~ log(rprice) | unit + period', random: true }] });
    try {
      panelRows(panel, W, spec.panel[0], path, 7);
      expect.unreachable();
    } catch (e) {
      expect((e as NqpfError).code).toBe('E_SPATIAL_MODEL');
      expect((e as NqpfError).location).toEqual({ path: `${path}.random` });
    }
  });
});

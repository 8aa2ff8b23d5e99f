/**
 * analyses.spatial_models.panel rows (src/lenses/spatial-models/panel.ts) on the Cigar panel built as a
 * run panel: the rows carry the kernel's estimates (checked against R in spatial-panel.test.ts; spot-checked
 * here against the same R JSON), the balanced sub-panel is the periods where every unit has every variable,
 * and bad input fails with the spec path.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { weightsFromPairs } from '../../src/analysis/spatial/weights.js';
import { panelFromRecords } from '../../src/lenses/panel/frame.js';
import { panelRows } from '../../src/lenses/spatial-models/panel.js';
import { SpatialModelsSpec } from '../../src/lenses/spatial-models/spec.js';
import { parseCsvSimple, sharedAvailable, sharedPath } from '../helpers/shared.js';

const refDir = resolve(import.meta.dirname, '../reference/spatial');
const ref = JSON.parse(readFileSync(resolve(refDir, 'cigar_panel.json'), 'utf8'));
const unitRef = JSON.parse(readFileSync(resolve(refDir, 'unit_effects.json'), 'utf8')).cigar;
const rel = (a: number | string | null | undefined, b: number) => Math.abs(Number(a) - b) / Math.abs(b);

describe.skipIf(!sharedAvailable)('analyses.spatial_models.panel rows on Cigar', () => {
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

  it('two-way FE: coefficients, statistics, effects and tests agree with R; both estimators', () => {
    const spec = SpatialModelsSpec.parse({ panel: [{ name: 'FE', formula, draws: 200 }] });
    expect(spec.panel[0].models).toEqual(['sar', 'sdm', 'sem']);
    const r = panelRows(panel, W, spec.panel[0], 'analyses.spatial_models.panel.0', 20240101);
    const coef = (model: string, est: string, term: string) => r.coef.find((x) => x.model === model && x.estimator === est && x.term === term);
    const tw = ref.twoways;
    expect(rel(coef('sdm', 'ml', 'rho')?.estimate, tw.sdm.rho)).toBeLessThan(1e-8);
    expect(rel(coef('sdm', 'ml', 'lag.log(rprice)')?.se, tw.sdm.se['lag.lp'])).toBeLessThan(1e-8);
    expect(rel(coef('sem', 'lee_yu', 'lambda')?.estimate, tw.leeyu.sem.lambda)).toBeLessThan(1e-8);
    expect(rel(coef('sar', 'lee_yu', 'log(rndi)')?.estimate, tw.leeyu.sar.coef.lndi)).toBeLessThan(1e-8);
    const fit = r.fit.find((x) => x.model === 'sar' && x.estimator === 'lee_yu');
    expect(fit).toMatchObject({ effects: 'twoways', units: 46, periods: 30, first: 1963, last: 1992, n: 45 * 29, k: 2 });
    expect(rel(fit?.loglik, tw.leeyu.sar.logLik)).toBeLessThan(1e-8);
    const im = r.impacts.find((x) => x.model === 'sdm' && x.estimator === 'ml' && x.term === 'log(rprice)' && x.effect === 'indirect');
    expect(rel(im?.estimate, tw.sdm.effects.lp.indirect)).toBeLessThan(1e-7);
    expect(rel(im?.se, tw.sdm.effects.lp.indirect_se)).toBeLessThan(1e-7);
    expect(im?.se_sim).toBeGreaterThan(0);
    expect(Number(im?.lower)).toBeLessThan(Number(im?.upper));
    expect(r.impacts.filter((x) => x.model === 'sem')).toEqual([]);
    const lr = r.tests.find((x) => x.estimator === 'ml' && x.test === 'lr_sem');
    expect(rel(lr?.statistic, tw.tests.lr_sem)).toBeLessThan(1e-6);
    expect(r.tests.map((x) => `${x.estimator}:${x.test}`)).toEqual([
      'ml:lr_sar',
      'ml:wald_sar',
      'ml:lr_sem',
      'ml:wald_sem',
      'lee_yu:lr_sar',
      'lee_yu:wald_sar',
      'lee_yu:lr_sem',
      'lee_yu:wald_sem',
    ]);
  });

  it('unit-level effects on request: the two-way SDM rows as dense R, in the weights’ unit order', () => {
    const spec = SpatialModelsSpec.parse({ panel: [{ name: 'FE', formula, models: ['sdm'], draws: 0, unitEffects: true }] });
    expect(SpatialModelsSpec.parse({ panel: [{ name: 'FE', formula }] }).panel[0].unitEffects).toBe(false);
    const r = panelRows(panel, W, spec.panel[0], 'p', 1);
    const mine = r.units.filter((x) => x.estimator === 'ml' && x.term === 'log(rprice)');
    expect(mine.map((x) => x.unit)).toEqual(W.units);
    mine.forEach((x, i) => {
      expect(rel(x.direct, unitRef.effects[0].direct[i])).toBeLessThan(1e-7);
      expect(rel(x.total_to, unitRef.effects[0].total_to[i])).toBeLessThan(1e-7);
      expect(rel(x.total_from, unitRef.effects[0].total_from[i])).toBeLessThan(1e-7);
      expect(Math.abs(Number(x.indirect_to) - (Number(x.total_to) - Number(x.direct)))).toBeLessThan(1e-15);
    });
    expect(r.units).toHaveLength(2 * 2 * 46);
  });

  it('unit FE, SAR only: no tests; a period with a missing value is left out of the balanced panel', () => {
    const sales = cols.sales.slice();
    sales[0] = Number.NaN; // state 1, 1963
    const p2 = panelFromRecords(unit, period, { ...cols, sales });
    const spec = SpatialModelsSpec.parse({ panel: [{ name: 'u', formula: 'log(sales) ~ log(rprice) | unit', models: ['sar'], draws: 0 }] });
    const r = panelRows(p2, W, spec.panel[0], 'p', 1);
    expect(r.tests).toEqual([]);
    expect(r.fit[0]).toMatchObject({ periods: 29, first: 1964, n: 46 * 29 });
    expect(r.impacts.every((x) => x.se_sim === null)).toBe(true);
  });

  it('a formula without fixed effects or with an unknown one is refused with the path', () => {
    const none = SpatialModelsSpec.parse({ panel: [{ name: 'x', formula: 'log(sales) ~ log(rprice)' }] }).panel[0];
    expect(() => panelRows(panel, W, none, 'p', 1)).toThrow(/p.formula: a spatial panel model needs fixed effects/);
    const bad = SpatialModelsSpec.parse({ panel: [{ name: 'x', formula: 'log(sales) ~ log(rprice) | region' }] }).panel[0];
    expect(() => panelRows(panel, W, bad, 'p', 1)).toThrow(/fixed effect "region" is not unit or period/);
  });
});

/**
 * Linear panel models against R (plm 2.6, sandwich 3.0; every covariance also by independent matrix
 * algebra, asserted equal in R) and the published values: test/reference/panel/ (panel_models.R,
 * expected.json, README.md with each convention's factor and source). Grunfeld (10 firms × 20 years)
 * `inv ~ value + capital` and Cigar (46 states × 30 years) `log(sales) ~ log(price/cpi) + log(ndi/cpi)`:
 * pooled, one-way and two-way within, Swamy–Arora random effects, Hausman; every standard-error
 * convention nqpf offers. Deterministic: 1e-9 relative.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fitPanel, type Estimator, type PanelFit } from '../../src/lenses/panel/estimate.js';
import { buildFrame, panelFromRecords, type ModelPanel } from '../../src/lenses/panel/frame.js';
import { parseFormula } from '../../src/lenses/panel/formula.js';
import { vcov, type SeType } from '../../src/lenses/panel/vcov.js';
import { hausmanTest } from '../../src/lenses/panel/hausman.js';
import type { Effects } from '../../src/lenses/panel/within.js';
import { sharedAvailable, sharedPath } from '../helpers/shared.js';

type Conv = { se: Record<string, number>; df_t: number; vcov: number[][] };
type RModel = {
  coefficients: Record<string, number>;
  N: number;
  groups: number;
  df_resid: number;
  rss: number;
  r2_plm: number;
  r2_within: number;
  r2_overall: number;
  r2_between: number;
  model_test: { statistic: number; df1: number; df2: number };
  se: Record<string, Conv>;
  theta?: number;
  sigma2_idiosyncratic?: number;
  sigma2_individual?: number;
};
const expected = JSON.parse(readFileSync(resolve(import.meta.dirname, '../reference/panel/expected.json'), 'utf8'));

export function csvPanel(file: string, unit: string, period: string): ModelPanel {
  const [h, ...rows] = readFileSync(file, 'utf8')
    .trim()
    .split(/\r?\n/)
    .map((l) => l.split(',').map((s) => s.replace(/^"|"$/g, '')));
  const cols: Record<string, number[]> = {};
  h.forEach((c, j) => {
    cols[c] = rows.map((r) => (r[j] === '' ? Number.NaN : Number(r[j])));
  });
  return panelFromRecords(
    rows.map((r) => r[h.indexOf(unit)]),
    rows.map((r) => r[h.indexOf(period)]),
    cols,
  );
}

const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);
function close(a: number, b: number, what: string, tol = 1e-9) {
  expect(rel(a, b), `${what}: ${a} vs ${b}`).toBeLessThan(tol);
}

/** nqpf's convention name → the key in expected.json. */
const CONV: [SeType, string, { lags?: number }][] = [
  ['conventional', 'conventional', {}],
  ['hc0', 'hc0', {}],
  ['hc1', 'hc1', {}],
  ['cluster', 'cluster', {}],
  ['cluster_hc0', 'cluster_plm_hc0', {}],
  ['twoway_cluster', 'twoway_cluster', {}],
  ['driscoll_kraay', 'driscoll_kraay', {}],
  ['driscoll_kraay', 'driscoll_kraay_L2', { lags: 2 }],
];

function check(fit: PanelFit, r: RModel, names: Record<string, string>, label: string) {
  const order = fit.names;
  expect(order.length).toBe(Object.keys(r.coefficients).length);
  for (const [rn, v] of Object.entries(r.coefficients)) close(fit.coef[order.indexOf(names[rn] ?? rn)], v, `${label} coef ${rn}`);
  expect(fit.n).toBe(r.N);
  expect(fit.G).toBe(r.groups);
  expect(fit.dfResid).toBe(r.df_resid);
  close(fit.rss, r.rss, `${label} rss`);
  close(fit.r2, r.r2_plm, `${label} r2`);
  close(fit.r2Overall, r.r2_overall, `${label} overall r2`);
  close(fit.r2Between, r.r2_between, `${label} between r2`);
  if (r.model_test?.statistic !== undefined && fit.estimator === 'ols') {
    close(fit.fStat, r.model_test.statistic, `${label} F`);
    expect(fit.fDf1).toBe(r.model_test.df1);
    expect(fit.fDf2).toBe(r.model_test.df2);
  }
  for (const [type, key, o] of CONV) {
    const want = r.se[key];
    if (!want) continue;
    const v = vcov(fit, type, { path: 'test', ...o });
    for (const [rn, s] of Object.entries(want.se)) {
      const j = order.indexOf(names[rn] ?? rn);
      close(Math.sqrt(v.V[j * fit.k + j]), s, `${label} ${key} se ${rn}`);
    }
    expect(v.df, `${label} ${key} df`).toBe(want.df_t);
  }
}

const cases: { set: 'grunfeld' | 'cigar'; file: string; unit: string; period: string; y: string; x: string; names: Record<string, string> }[] = [
  { set: 'grunfeld', file: 'grunfeld.csv', unit: 'firm', period: 'year', y: 'inv', x: 'value + capital', names: {} },
  {
    set: 'cigar',
    file: 'cigar.csv',
    unit: 'state',
    period: 'year',
    y: 'log(sales)',
    x: 'log(price/cpi) + log(ndi/cpi)',
    names: { lprice: 'log(price/cpi)', lndi: 'log(ndi/cpi)' },
  },
];

const models: [string, Estimator, Effects, string][] = [
  ['pooled', 'ols', 'none', ''],
  ['within_oneway', 'ols', 'unit', ' | unit'],
  ['within_twoway', 'ols', 'twoway', ' | unit + period'],
  ['random_swar', 'random', 'unit', ''],
];

describe.skipIf(!sharedAvailable)('panel models against R plm / sandwich (test/reference/panel)', () => {
  for (const c of cases) {
    const panel = () => csvPanel(sharedPath('data/panel', c.file), c.unit, c.period);
    for (const [key, est, effects, fe] of models) {
      it(`${c.set}: ${key} — coefficients, R², F and every standard-error convention`, () => {
        const r: RModel = expected[c.set].models[key];
        const f = parseFormula(`${c.y} ~ ${c.x}${fe}`, 't');
        const fit = fitPanel(buildFrame(f, panel(), 't'), { estimator: est, effects, path: 't' });
        // R names the intercept "(Intercept)" and the transformed terms as written; map R's names onto ours.
        const names: Record<string, string> = {};
        for (const rn of Object.keys(r.coefficients)) names[rn] = c.names[rn] ?? rn;
        check(fit, r, names, `${c.set} ${key}`);
        if (est === 'random') {
          close(fit.theta!, r.theta!, 'theta');
          close(fit.sigma2E!, r.sigma2_idiosyncratic!, 'sigma2 e');
          close(fit.sigma2U!, r.sigma2_individual!, 'sigma2 u');
        }
      });
    }
  }

  for (const c of cases)
    it(`${c.set}: Hausman test of random against one-way fixed effects (plm phtest)`, () => {
      const panel = csvPanel(sharedPath('data/panel', c.file), c.unit, c.period);
      const h = expected[c.set].hausman as { statistic: number; df: number; p: number };
      const fr = buildFrame(parseFormula(`${c.y} ~ ${c.x}`, 't'), panel, 't');
      const re = fitPanel(fr, { estimator: 'random', effects: 'unit', path: 't' });
      const t = hausmanTest(fr, re, 't');
      close(t.statistic, h.statistic, 'H');
      expect(t.df).toBe(h.df);
      close(t.p, h.p, 'p', 1e-8);
    });

  it('the published values come out: Grunfeld within 0.1101238 / 0.3100653; Cigar two-way −1.0348844 (0.04151906), 0.5285428 (0.04658276)', () => {
    const g = csvPanel(sharedPath('data/panel/grunfeld.csv'), 'firm', 'year');
    const fg = fitPanel(buildFrame(parseFormula('inv ~ value + capital | unit', 't'), g, 't'), { estimator: 'ols', effects: 'unit', path: 't' });
    expect(fg.coef[0]).toBeCloseTo(0.1101238, 7);
    expect(fg.coef[1]).toBeCloseTo(0.3100653, 7);
    const cg = csvPanel(sharedPath('data/panel/cigar.csv'), 'state', 'year');
    const fc = fitPanel(buildFrame(parseFormula('log(sales) ~ log(price/cpi) + log(ndi/cpi) | unit + period', 't'), cg, 't'), {
      estimator: 'ols',
      effects: 'twoway',
      path: 't',
    });
    const V = vcov(fc, 'conventional', { path: 't' }).V;
    expect(fc.coef[0]).toBeCloseTo(-1.0348844, 7);
    expect(Math.sqrt(V[0])).toBeCloseTo(0.04151906, 8);
    expect(fc.coef[1]).toBeCloseTo(0.5285428, 7);
    expect(Math.sqrt(V[3])).toBeCloseTo(0.04658276, 8);
  });
});

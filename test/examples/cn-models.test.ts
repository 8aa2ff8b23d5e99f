/**
 * Acceptance (issue 15): examples/cn-scitech-models.yaml — panel models on the entropy–TOPSIS index
 * of the CN sci-tech panel — against R (plm 2.6 / sandwich 3.0 and independent matrix algebra,
 * test/reference/panel/panel_models.R → expected.json, `cn_scitech`): pooled, one-way, two-way FE and
 * random effects with every standard-error convention the example asks for, Hausman, mediation
 * paths with the Sobel test, simple slopes of the moderation model; 1e-9 relative. The threshold
 * model (d): its S(γ̂) and regime slopes against an OLS with unit dummies split at γ̂. The cluster
 * bootstrap has no deterministic reference: its SE must be of the order of the Sobel SE, and it is
 * seeded (a second run gives the same interval).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runProject, type RunProjectResult } from '../../src/app/run-project.js';
import type { AnalysisTable } from '../../src/analysis/context.js';
import { ols } from '../../src/kernels/ols.js';
import { sharedAvailable, sharedDir } from '../helpers/shared.js';

const examples = resolve(import.meta.dirname, '../../examples');
const env = { ...process.env, NQPF_SHARED: sharedDir };
const R = JSON.parse(readFileSync(resolve(import.meta.dirname, '../reference/panel/expected.json'), 'utf8')).cn_scitech;
const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);
const close = (a: unknown, b: number, what: string, tol = 1e-9) => expect(rel(Number(a), b), `${what}: ${a} vs ${b}`).toBeLessThan(tol);
const TERMS: Record<string, string> = {
  x1: 'log(rd_fte)',
  x2: 'log(sci_papers)',
  x3: 'rd_intensity',
  x3c: 'center(rd_intensity)',
  'x1:x3c': 'log(rd_fte):center(rd_intensity)',
};
const MODELS: Record<string, string> = { pooled: '(1) OLS', within_oneway: '(2) FE', within_twoway: '(3) TWFE', random_swar: '(4) RE' };
const CONV: Record<string, string> = { conventional: 'conventional', hc0: 'hc0', hc1: 'hc1', cluster: 'cluster', cluster_hc0: 'cluster_plm_hc0' };
// (d) is checked against an LSDV regression at γ̂ (the threshold search itself against R: test/lenses/threshold.test.ts).

function rows(run: RunProjectResult, name: string): Record<string, unknown>[] {
  const t = run.analyses!.tables.find((x: AnalysisTable) => x.name === name);
  if (!t) throw new Error(`no table ${name}`);
  return t.rows.map((r) => Object.fromEntries(t.header.map((h, j) => [h, r[j]])));
}

describe.skipIf(!sharedAvailable)('examples/cn-scitech-models.yaml against R', () => {
  let run: RunProjectResult;
  beforeAll(async () => {
    run = await runProject(resolve(examples, 'cn-scitech-models.yaml'), { env, dryRun: true });
  });

  it('uses the same index as the R reference (sum of the 372 TOPSIS scores)', () => {
    const y = run.result.datasets.aggregated.values.get('Index_topsis')!;
    close(
      y.reduce((a, b) => a + b, 0),
      R.index_check.sum_all,
      'sum',
      1e-12,
    );
  });

  it('(a) pooled, one-way, two-way FE and RE: coefficients and SEs under every convention; model statistics', () => {
    const coef = rows(run, 'models_coef');
    const fit = rows(run, 'models_fit');
    for (const [rk, name] of Object.entries(MODELS)) {
      const m = R.main.models[rk];
      const f = fit.find((r) => r.model === name)!;
      expect(f.n).toBe(m.N);
      expect(f.df_resid).toBe(m.df_resid);
      close(f.r2, m.r2_plm, `${name} r2`);
      close(f.r2_overall, m.r2_overall, `${name} overall r2`);
      for (const [ours, theirs] of Object.entries(CONV)) {
        for (const [rn, b] of Object.entries(m.coefficients as Record<string, number>)) {
          const term = rn === '(Intercept)' ? rn : TERMS[rn];
          const row = coef.find((r) => r.model === name && r.term === term && r.se_type === ours)!;
          expect(row, `${name} ${term} ${ours}`).toBeDefined();
          close(row.estimate, b, `${name} ${term}`);
          close(row.se, m.se[theirs].se[rn], `${name} ${term} ${ours} se`);
          close(row.p, m.se[theirs].p_t[rn], `${name} ${term} ${ours} p`, 1e-7);
        }
      }
    }
  });

  it('Hausman test of (4) RE against unit fixed effects', () => {
    const h = rows(run, 'models_tests')[0];
    close(h.statistic, R.main.hausman.statistic, 'H');
    expect(h.df).toBe(R.main.hausman.df);
    close(h.p, R.main.hausman.p, 'p', 1e-8);
  });

  it('(b) mediation with two-way FE: total, a and b paths, direct effect, Sobel (clustered SEs)', () => {
    const med = rows(run, 'models_mediation');
    const get = (e: string) => med.find((r) => r.effect === e)!;
    const M = R.mediation_twoway;
    close(get('total').estimate, M.total.coefficients.x1, 'total');
    close(get('total').se, M.total.se.cluster.se.x1, 'total se');
    close(get('a').estimate, M.a_path.coefficients.x1, 'a');
    close(get('a').se, M.a_path.se.cluster.se.x1, 'a se');
    close(get('b').estimate, M.outcome.coefficients.x2, 'b');
    close(get('b').se, M.outcome.se.cluster.se.x2, 'b se');
    close(get('direct').estimate, M.outcome.coefficients.x1, 'direct');
    close(get('indirect_sobel').estimate, M.sobel_cluster.indirect, 'ab');
    close(get('indirect_sobel').se, M.sobel_cluster.se_indirect, 'Sobel se');
    close(get('indirect_sobel').stat, M.sobel_cluster.z, 'Sobel z');
    close(get('indirect_sobel').p, M.sobel_cluster.p_normal, 'Sobel p', 1e-8);
    const boot = get('indirect_bootstrap');
    expect(boot.draws).toBe(1000);
    expect(Number(boot.ci_low)).toBeLessThan(Number(boot.ci_high));
    // The bootstrap SE of ab is of the order of the Sobel (delta-method) SE.
    expect(Number(boot.se) / Number(get('indirect_sobel').se)).toBeGreaterThan(0.5);
    expect(Number(boot.se) / Number(get('indirect_sobel').se)).toBeLessThan(2);
  });

  it('(c) moderation: coefficients and the simple slopes at the mean ± 1 SD (clustered SEs)', () => {
    const coef = rows(run, 'models_coef').filter((r) => r.model === '(5) Moderation' && r.se_type === 'cluster');
    for (const [rn, b] of Object.entries(R.moderation_twoway.model.coefficients as Record<string, number>)) {
      const row = coef.find((r) => r.term === TERMS[rn])!;
      close(row.estimate, b, rn);
      close(row.se, R.moderation_twoway.model.se.cluster.se[rn], `${rn} se`);
    }
    const sl = rows(run, 'models_slopes');
    expect(sl.map((r) => r.level)).toEqual(['mean_minus_sd', 'mean', 'mean_plus_sd']);
    R.moderation_twoway.simple_slopes_cluster.forEach((s: { x3c: number; slope: number; se: number; t: number; p_t_G_minus_1: number }, i: number) => {
      if (s.x3c !== 0) close(sl[i].at, s.x3c, 'at');
      else expect(Math.abs(Number(sl[i].at))).toBeLessThan(1e-12);
      close(sl[i].slope, s.slope, 'slope', 1e-8);
      close(sl[i].se, s.se, 'slope se', 1e-8);
      close(sl[i].p, s.p_t_G_minus_1, 'slope p', 1e-7);
    });
  });

  it('(d) single threshold on rd_intensity: S(γ̂) and the regime slopes equal an LSDV regression with unit dummies split at γ̂', () => {
    const gam = rows(run, 'models_threshold_gamma')[0];
    const test = rows(run, 'models_threshold')[0];
    expect(test.replications).toBe(300);
    const g = Number(gam.gamma);
    expect(Number(gam.ci_low)).toBeLessThanOrEqual(g);
    expect(Number(gam.ci_high)).toBeGreaterThanOrEqual(g);
    // Independent: OLS of y on x·1(q ≤ γ̂), x·1(q > γ̂), log(sci_papers) and 30 unit dummies.
    const P = run.result.datasets.aggregated;
    const data = run.project.panel;
    const col = (name: string) => {
      const v = data.values.get(name)!;
      return P.periods.flatMap((p) => P.units.map((u) => v[data.periods.indexOf(p) * data.units.length + data.units.indexOf(u)]));
    };
    const y = Array.from(P.values.get('Index_topsis')!);
    const x = col('rd_fte').map(Math.log);
    const z = col('sci_papers').map(Math.log);
    const q = col('rd_intensity');
    const n = y.length;
    const nU = P.units.length;
    const cols = [Float64Array.from(x, (v, i) => (q[i] <= g ? v : 0)), Float64Array.from(x, (v, i) => (q[i] > g ? v : 0)), Float64Array.from(z)];
    for (let u = 1; u < nU; u++) cols.push(Float64Array.from({ length: n }, (_, i) => (i % nU === u ? 1 : 0)));
    const fit = ols(cols, Float64Array.from(y));
    close(test.ssr, fit.rss, 'S(γ̂)', 1e-9);
    const coef = rows(run, 'models_coef').filter((r) => r.model === '(6) Threshold' && r.se_type === 'conventional');
    close(coef.find((r) => String(r.term).includes('≤'))!.estimate, fit.coef[1], 'slope below');
    close(coef.find((r) => String(r.term).includes('>'))!.estimate, fit.coef[2], 'slope above');
    close(coef.find((r) => String(r.term).includes('≤'))!.se, fit.se[1], 'se below');
  });

  it('the cluster bootstrap is seeded: a second run gives the same interval', async () => {
    const again = await runProject(resolve(examples, 'cn-scitech-models.yaml'), { env, dryRun: true });
    expect(rows(again, 'models_mediation')).toEqual(rows(run, 'models_mediation'));
  });
});

/**
 * examples/cn-scitech-spatial-models.yaml (issue 16): spatial regressions on the entropy–TOPSIS index of the
 * CN sci-tech panel (31 provinces × 12 years, contiguity). The estimators are checked against R elsewhere
 * (Columbus: test/lenses/spatial-cross.test.ts; Cigar panels: test/lenses/spatial-panel.test.ts); here the
 * example's tables must be complete and obey what the theory fixes whatever the data: Lee–Yu with unit
 * effects keeps ρ and β and multiplies σ² by T/(T − 1); the likelihood sizes are nT, n(T − 1), (n − 1)(T − 1);
 * SDM against SAR on 3 df; simulated effect SEs near the delta-method ones; the run is deterministic.
 * (b) also the random-effects SAR and SDM of the unit-effects specification and their Hausman tests (the estimator is checked
 * against R in test/lenses/spatial-panel-re.test.ts): φ in (0, 1), σ_μ² = σ²(1/φ² − 1)/T, effects, k + 1 df.
 * (c) the geographical detector of the 2022 index and of 2011–2022 pooled (kernel values checked against base R in
 * test/lenses/spatial-geodetector.test.ts, pooling in spatial-detector-pooled.test.ts).
 */
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AnalysisTable } from '../../src/analysis/context.js';
import { runProject, type RunProjectResult } from '../../src/app/run-project.js';
import { sharedAvailable, sharedDir } from '../helpers/shared.js';

const file = resolve(import.meta.dirname, '../../examples/cn-scitech-spatial-models.yaml');
const env = { ...process.env, NQPF_SHARED: sharedDir };
type Rec = Record<string, unknown>;

function rows(run: RunProjectResult, name: string): Rec[] {
  const t = run.analyses!.tables.find((x: AnalysisTable) => x.name === name);
  if (!t) throw new Error(`no table ${name}`);
  return t.rows.map((r) => Object.fromEntries(t.header.map((h, j) => [h, r[j]])));
}

describe.skipIf(!sharedAvailable)('examples/cn-scitech-spatial-models.yaml', () => {
  let run: RunProjectResult;
  beforeAll(async () => {
    run = await runProject(file, { env, dryRun: true });
  }, 120_000);

  it('(a) 2022 cross-section: OLS with the five LM tests, six models, effects of SAR, SDM, SAC', () => {
    const tests = rows(run, 'spatial_models_tests');
    expect(tests.filter((r) => r.model === 'ols').map((r) => r.test)).toEqual(['moran', 'LMerr', 'LMlag', 'RLMerr', 'RLMlag', 'SARMA']);
    const fit = rows(run, 'spatial_models_fit');
    expect(fit.map((r) => r.model)).toEqual(['ols', 'sar', 'sem', 'sdm', 'sdem', 'sac']);
    expect(fit.every((r) => r.n === 31 && r.period === 2022)).toBe(true);
    expect([...new Set(rows(run, 'spatial_models_impacts').map((r) => r.model))]).toEqual(['sar', 'sdm', 'sac']);
  });

  it('(b) panels: both estimators, Lee–Yu identities, likelihood sizes', () => {
    const fit = rows(run, 'spatial_panel_fit').filter((r) => r.estimator !== 're');
    expect(fit).toHaveLength(12);
    const coef = rows(run, 'spatial_panel_coef');
    const T = 12;
    for (const model of ['sar', 'sdm', 'sem']) {
      const ml = fit.find((r) => r.spec === 'FE' && r.model === model && r.estimator === 'ml')!;
      const ly = fit.find((r) => r.spec === 'FE' && r.model === model && r.estimator === 'lee_yu')!;
      expect(ml.n).toBe(31 * T);
      expect(ly.n).toBe(31 * (T - 1));
      expect(Math.abs(Number(ly.sigma2) / Number(ml.sigma2) - T / (T - 1))).toBeLessThan(1e-12);
      const a = coef.filter((r) => r.spec === 'FE' && r.model === model && r.estimator === 'ml');
      const b = coef.filter((r) => r.spec === 'FE' && r.model === model && r.estimator === 'lee_yu');
      expect(b.map((r) => r.term)).toEqual(a.map((r) => r.term));
      a.forEach((r, j) => expect(Math.abs(Number(r.estimate) - Number(b[j].estimate))).toBeLessThan(1e-12 * Math.max(1, Math.abs(Number(r.estimate)))));
      const tw = fit.find((r) => r.spec === 'TWFE' && r.model === model && r.estimator === 'lee_yu')!;
      expect(tw.n).toBe(30 * (T - 1));
    }
    const rho = (est: string) => Number(coef.find((r) => r.spec === 'TWFE' && r.model === 'sar' && r.estimator === est && r.term === 'rho')!.estimate);
    expect(rho('ml')).not.toBe(rho('lee_yu'));
  });

  it('(b) effects and tests', () => {
    const im = rows(run, 'spatial_panel_impacts').filter((r) => r.estimator !== 're');
    expect(im).toHaveLength(2 * 2 * 2 * 3 * 3); // spec × model × estimator × term × effect
    for (const r of im) {
      // The indirect effect is close to a product β·ρ/(1 − ρ): with small ρ and β (both z < 2 here) the delta
      // method drops the Var(β)·Var(ρ) term, so the simulated SE may exceed it by a third; direct and total stay close.
      const ratio = Number(r.se_sim) / Number(r.se);
      const [lo, hi] = r.effect === 'indirect' ? [0.6, 1.6] : [0.85, 1.18];
      expect(ratio, `${r.spec} ${r.model} ${r.estimator} ${r.term} ${r.effect}`).toBeGreaterThan(lo);
      expect(ratio, `${r.spec} ${r.model} ${r.estimator} ${r.term} ${r.effect}`).toBeLessThan(hi);
      expect(Number(r.lower)).toBeLessThan(Number(r.upper));
    }
    const tests = rows(run, 'spatial_panel_tests').filter((r) => !String(r.test).startsWith('hausman'));
    expect(tests).toHaveLength(16);
    expect(tests.every((r) => r.df === 3 && Number(r.statistic) > 0)).toBe(true);
  });

  it('(b) random effects of the FE specification: SAR and SDM with φ in (0, 1), their effects, Hausman on k + 1 df', () => {
    const coef = rows(run, 'spatial_panel_coef').filter((r) => r.estimator === 're');
    expect(coef.every((r) => r.spec === 'FE' && r.effects === 'random')).toBe(true);
    for (const model of ['sar', 'sdm']) {
      const phi = Number(coef.find((r) => r.model === model && r.term === 'phi')!.estimate);
      expect(phi).toBeGreaterThan(0);
      expect(phi).toBeLessThan(1);
      const fit = rows(run, 'spatial_panel_fit').find((r) => r.model === model && r.estimator === 're')!;
      expect(fit).toMatchObject({ units: 31, periods: 12, n: 31 * 12 });
      // σ_μ² = σ²(1/φ² − 1)/T, exactly as written
      const mu = Number(coef.find((r) => r.model === model && r.term === 'sigma_mu2')!.estimate);
      expect(Math.abs(mu - (Number(fit.sigma2) * (1 / phi ** 2 - 1)) / 12)).toBeLessThan(1e-12 * mu);
    }
    expect(rows(run, 'spatial_panel_impacts').filter((r) => r.estimator === 're')).toHaveLength(2 * 3 * 3);
    const h = rows(run, 'spatial_panel_tests').filter((r) => String(r.test).startsWith('hausman'));
    expect(h.map((r) => [r.test, r.df])).toEqual([
      ['hausman_sar', 4],
      ['hausman_sdm', 7],
    ]);
  });

  it('(c) geographical detector: q in [0, 1], overlay q at least each factor’s, every pair of factors and of regions; 2022 and pooled', () => {
    const factor = rows(run, 'spatial_detector_factor');
    expect(factor.map((r) => [r.spec, r.factor])).toEqual([
      ['2022', 'region'],
      ['2022', 'rd_fte'],
      ['2022', 'sci_papers'],
      ['2011–2022', 'region'],
      ['2011–2022', 'rd_fte'],
      ['2011–2022', 'sci_papers'],
    ]);
    expect(factor.map((r) => r.strata)).toEqual([4, 4, 4, 4, 4, 4]);
    for (const r of factor) {
      expect(Number(r.q)).toBeGreaterThan(0);
      expect(Number(r.q)).toBeLessThan(1);
      expect(Number(r.p)).toBeGreaterThanOrEqual(0);
    }
    // 2022: 31 provinces; pooled: 31 × 12 province-years, the period cell naming the years
    expect(factor.map((r) => [r.n, r.period, r.pooled])).toEqual([...Array(3).fill([31, 2022, null]), ...Array(3).fill([372, '2011–2022', 12])]);
    const inter = rows(run, 'spatial_detector_interaction');
    expect(inter.length).toBe(6);
    for (const r of inter) expect(Number(r.q12)).toBeGreaterThanOrEqual(Math.max(Number(r.q1), Number(r.q2)) - 1e-12);
    expect(rows(run, 'spatial_detector_risk').filter((r) => r.factor === 'region').length).toBe(12);
    expect(rows(run, 'spatial_detector_ecological').length).toBe(6);
  });

  it('is deterministic (seeded simulation)', async () => {
    const again = await runProject(file, { env, dryRun: true });
    expect(rows(again, 'spatial_panel_impacts')).toEqual(rows(run, 'spatial_panel_impacts'));
  }, 120_000);
});

/**
 * Fixed-effects spatial panels (src/lenses/spatial/panel.ts) against test/reference/spatial/cigar_panel.R
 * → cigar_panel.json (Cigar, 46 states × 30 years, queen contiguity, row-standardised).
 * Uncorrected: R spatialreg on the stacked panel with I_T ⊗ W and the effects as dummies, evaluated at ρ/λ
 * = the root of the analytic score solved by uniroot (tol 1e-15). Lee–Yu: an explicit R implementation of
 * the transformation approach (F_{T,T−1}, F_{n,n−1}, dense determinant), cross-checked in R against
 * spatialreg on the transformed stack. nqpf: Brent (tol 1e-12) polished on its score to ~4ε.
 * Tolerances: ρ/λ, β, SEs, σ², logLik 1e-8 relative; effects given the estimates and their delta-method
 * SEs 1e-7; LR/Wald 1e-6 (differences of log-likelihoods of ~1e3 and quadratic forms).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { weightsFromPairs } from '../../src/analysis/spatial/weights.js';
import { weightsEigen } from '../../src/lenses/spatial/cross.js';
import { fitPanel, type PanelEffects, type PanelEstimates, type PanelSpatialData, panelImpacts, panelSpecTests } from '../../src/lenses/spatial/panel.js';
import { parseCsvSimple, sharedAvailable, sharedPath } from '../helpers/shared.js';

const refDir = resolve(import.meta.dirname, '../reference/spatial');
const ref = JSON.parse(readFileSync(resolve(refDir, 'cigar_panel.json'), 'utf8'));

function rel(a: number, b: number): number {
  return Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);
}
function close(got: number, want: number, tol: number, what: string): void {
  expect(rel(got, want), `${what}: got ${got}, R ${want}`).toBeLessThan(tol);
}

function cigar(): PanelSpatialData {
  const rows = parseCsvSimple(readFileSync(sharedPath('data/panel/cigar.csv'), 'utf8')).filter((r) => r.length > 1);
  const head = rows[0];
  const body = rows.slice(1);
  const c = (name: string) => head.indexOf(name);
  const states = [...new Set(body.map((r) => Number(r[c('state')])))].sort((a, b) => a - b).map(String);
  const years = [...new Set(body.map((r) => Number(r[c('year')])))].sort((a, b) => a - b);
  const n = states.length;
  const T = years.length;
  const y = new Float64Array(n * T);
  const lp = new Float64Array(n * T);
  const lndi = new Float64Array(n * T);
  for (const r of body) {
    const row = years.indexOf(Number(r[c('year')])) * n + states.indexOf(String(Number(r[c('state')])));
    const cpi = Number(r[c('cpi')]);
    y[row] = Math.log(Number(r[c('sales')]));
    lp[row] = Math.log(Number(r[c('price')]) / cpi);
    lndi[row] = Math.log(Number(r[c('ndi')]) / cpi);
  }
  const pairs = parseCsvSimple(readFileSync(resolve(refDir, 'cigar_contiguity.csv'), 'utf8'))
    .slice(1)
    .filter((r) => r.length === 2)
    .map((r) => [r[0], r[1]] as const);
  const W = weightsFromPairs(states, pairs, { style: 'W' });
  return { y, X: [lp, lndi], names: ['lp', 'lndi'], W, T };
}

type Ref = {
  coef: Record<string, number>;
  se: Record<string, number>;
  sigma2: number;
  logLik: number;
  rho?: number;
  rho_se?: number;
  lambda?: number;
  lambda_se?: number;
};

function check(est: PanelEstimates, want: Ref, what: string, tol = 1e-8): void {
  close(est.param, (want.rho ?? want.lambda) as number, tol, `${what} ρ/λ`);
  close(est.paramSe, (want.rho_se ?? want.lambda_se) as number, tol, `${what} ρ/λ SE`);
  expect(est.names).toEqual(Object.keys(want.coef));
  est.names.forEach((nm, j) => {
    close(est.coef[j], want.coef[nm], tol, `${what} ${nm}`);
    close(est.se[j], want.se[nm], tol, `${what} SE ${nm}`);
  });
  close(est.sigma2, want.sigma2, tol, `${what} σ²`);
  close(est.logLik, want.logLik, tol, `${what} logLik`);
}

const EFFECTS: PanelEffects[] = ['unit', 'time', 'twoways'];

describe.skipIf(!sharedAvailable)('fixed-effects spatial panels vs R (Cigar)', () => {
  const d = sharedAvailable ? cigar() : (undefined as unknown as PanelSpatialData);
  const eig = sharedAvailable ? weightsEigen(d.W) : undefined;
  for (const eff of EFFECTS) {
    describe(eff, () => {
      const fits = sharedAvailable
        ? { sar: fitPanel(d, 'sar', eff, { eigen: eig }), sdm: fitPanel(d, 'sdm', eff, { eigen: eig }), sem: fitPanel(d, 'sem', eff, { eigen: eig }) }
        : undefined;
      for (const model of ['sar', 'sdm', 'sem'] as const) {
        it(`${model.toUpperCase()} uncorrected and Lee–Yu`, () => {
          const f = fits![model];
          check(f.uncorrected, ref[eff][model], `${eff} ${model}`);
          expect(f.leeYu).toBeDefined();
          check(f.leeYu!, ref[eff].leeyu[model], `${eff} ${model} Lee–Yu`);
        });
      }
      it('covariance of (β, θ, ρ) of the SDM equals spatialreg’s', () => {
        const V = fits!.sdm.uncorrected.vcov;
        const want: number[][] = ref[eff].sdm.vcov;
        const m = want.length;
        for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) close(V[i * m + j], want[i][j], 1e-7, `${eff} SDM vcov[${i},${j}]`);
      });
      for (const model of ['sar', 'sdm'] as const) {
        for (const variant of ['uncorrected', 'leeyu'] as const) {
          it(`${model.toUpperCase()} ${variant} effects with delta-method SEs`, () => {
            const f = fits![model];
            const est = variant === 'uncorrected' ? f.uncorrected : f.leeYu!;
            const want = variant === 'uncorrected' ? ref[eff][model].effects : ref[eff].leeyu[model].effects;
            const imp = panelImpacts(f, est, eig!, { draws: 0 });
            imp.names.forEach((nm, j) => {
              for (const key of ['direct', 'indirect', 'total'] as const) {
                close(imp[key][j], want[nm][key], 1e-7, `${eff} ${model} ${variant} ${key} ${nm}`);
                close(imp.delta[key][j], want[nm][`${key}_se`], 1e-7, `${eff} ${model} ${variant} ${key} SE ${nm}`);
              }
            });
          });
        }
      }
      for (const variant of ['uncorrected', 'leeyu'] as const) {
        it(`LR and Wald tests of the SDM (${variant})`, () => {
          const pick = (m: 'sar' | 'sdm' | 'sem') => (variant === 'uncorrected' ? fits![m].uncorrected : fits![m].leeYu!);
          const t = panelSpecTests(pick('sdm'), pick('sar'), pick('sem'));
          const want = variant === 'uncorrected' ? ref[eff].tests : ref[eff].leeyu.tests;
          close(t.lrSar.statistic, want.lr_sar, 1e-6, 'LR SDM vs SAR');
          close(t.lrSem.statistic, want.lr_sem, 1e-6, 'LR SDM vs SEM');
          close(t.waldSar.statistic, want.wald_sar, 1e-6, 'Wald θ = 0');
          close(t.waldSem.statistic, want.wald_sem, 1e-6, 'Wald θ + ρβ = 0');
          expect(t.lrSar.df).toBe(2);
        });
      }
    });
  }

  it('simulated effect SEs: deterministic for a seed, near the delta method', () => {
    const f = fitPanel(d, 'sdm', 'twoways', { eigen: eig });
    const a = panelImpacts(f, f.uncorrected, eig!, { draws: 4000, seed: 7 });
    const b = panelImpacts(f, f.uncorrected, eig!, { draws: 4000, seed: 7 });
    const c = panelImpacts(f, f.uncorrected, eig!, { draws: 4000, seed: 8 });
    expect(Array.from(a.sim!.se.total)).toEqual(Array.from(b.sim!.se.total));
    expect(Array.from(a.sim!.se.total)).not.toEqual(Array.from(c.sim!.se.total));
    for (const key of ['direct', 'indirect', 'total'] as const) {
      a.names.forEach((nm, j) => {
        // Monte Carlo SE of an SD estimate with 4000 draws ≈ 1.1 %; the effects are nonlinear in ρ, so the
        // delta method is itself an approximation: 6 %.
        close(a.sim!.se[key][j], a.delta[key][j], 0.06, `simulated vs delta SE ${key} ${nm}`);
        expect(a.sim!.lower[key][j]).toBeLessThan(a[key][j]);
        expect(a.sim!.upper[key][j]).toBeGreaterThan(a[key][j]);
      });
    }
  });

  it('Lee–Yu with time effects needs row-standardised weights: absent for binary W', () => {
    const pairs: [string, string][] = [];
    for (let i = 0; i < d.W.units.length; i++) for (let e = d.W.indptr[i]; e < d.W.indptr[i + 1]; e++) pairs.push([d.W.units[i], d.W.units[d.W.indices[e]]]);
    const Wb = weightsFromPairs(d.W.units, pairs, { style: 'B' });
    const f = fitPanel({ ...d, W: Wb }, 'sar', 'twoways');
    expect(f.leeYu).toBeUndefined();
    const u = fitPanel({ ...d, W: Wb }, 'sar', 'unit');
    close(u.leeYu!.sigma2, (u.uncorrected.sigma2 * d.T) / (d.T - 1), 1e-12, 'unit Lee–Yu σ²');
    close(u.leeYu!.param, u.uncorrected.param, 1e-13, 'unit Lee–Yu ρ = uncorrected ρ');
  });

  it('refuses an unbalanced panel and a regressor absorbed by the effects', () => {
    let err: unknown;
    try {
      fitPanel({ ...d, y: d.y.subarray(1) }, 'sar', 'unit');
    } catch (e) {
      err = e;
    }
    expect(err).toMatchObject({ code: 'E_SPATIAL_DATA', hint: expect.stringMatching(/balanced/) });
    const constantInTime = new Float64Array(d.y.length);
    for (let r = 0; r < constantInTime.length; r++) constantInTime[r] = r % d.W.units.length;
    expect(() => fitPanel({ ...d, X: [d.X[0], constantInTime], names: ['lp', 'z'] }, 'sar', 'unit')).toThrow(/absorbed/);
  });
});

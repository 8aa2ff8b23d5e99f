/**
 * Random-effects spatial panels and the Hausman test (src/lenses/spatial/panel-re.ts) against
 * test/reference/spatial/cigar_re.R → cigar_re.json (Cigar, 46 states × 30 years, queen contiguity row-standardised,
 * ly ~ lp + lndi): an explicit R implementation of the random-effects likelihood (nested optimize at tol 1e-12, then
 * Newton on its analytic score to |score| < 1e-10; the likelihood checked there against the dense multivariate normal
 * density, the Hessian against finite differences). nqpf: nested Brent (tol 1e-12), then Newton on its own analytic
 * score and Hessian. Tolerances: estimates, SEs, σ², φ 1e-8 relative (observed ≤ 1.3e-10), logLik 1e-10 (observed ≤ 2.4e-15);
 * Hausman 1e-6 (a quadratic form in the difference of two covariance matrices, the FE one nqpf's and spatialreg's
 * 1e-8 apart; observed ≤ 3.2e-10).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { weightsFromPairs } from '../../src/analysis/spatial/weights.js';
import { weightsEigen } from '../../src/lenses/spatial/cross.js';
import { fitPanel, type PanelSpatialData } from '../../src/lenses/spatial/panel.js';
import { fitPanelRe, spatialHausman } from '../../src/lenses/spatial/panel-re.js';
import { parseCsvSimple, sharedAvailable, sharedPath } from '../helpers/shared.js';

const refDir = resolve(import.meta.dirname, '../reference/spatial');
const ref = JSON.parse(readFileSync(resolve(refDir, 'cigar_re.json'), 'utf8'));

function close(got: number, want: number, tol: number, what: string): void {
  expect(Math.abs(got - want) / Math.max(Math.abs(want), 1e-300), `${what}: got ${got}, R ${want}`).toBeLessThan(tol);
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

describe.skipIf(!sharedAvailable)('random-effects spatial panels on Cigar against the explicit R likelihood', () => {
  const d = cigar();
  const eig = weightsEigen(d.W);
  for (const model of ['sar', 'sdm'] as const) {
    it(`${model.toUpperCase()}: β, ρ, σ², φ, σ_μ², SEs and logLik`, () => {
      const f = fitPanelRe(d, model, { eigen: eig });
      const want = ref[model];
      expect(f.names).toEqual(Object.keys(want.coef));
      f.names.forEach((nm, j) => {
        close(f.coef[j], want.coef[nm], 1e-8, `${model} ${nm}`);
        close(f.se[j], want.se[nm], 1e-8, `${model} SE ${nm}`);
      });
      close(f.rho, want.rho, 1e-8, `${model} ρ`);
      close(f.rhoSe, want.rho_se, 1e-8, `${model} ρ SE`);
      close(f.sigma2, want.sigma2, 1e-8, `${model} σ²`);
      close(f.sigma2Se, want.sigma2_se, 1e-8, `${model} σ² SE`);
      close(f.phi, want.phi, 1e-8, `${model} φ`);
      close(f.phiSe, want.phi_se, 1e-8, `${model} φ SE`);
      close(f.sigmaMu2, want.sigma_mu2, 1e-8, `${model} σ_μ²`);
      close(f.logLik, want.logLik, 1e-10, `${model} logLik`);
    });
    it(`${model.toUpperCase()}: Hausman FE (unit effects, ML) against RE`, () => {
      const fe = fitPanel(d, model, 'unit', { eigen: eig }).uncorrected;
      const h = spatialHausman(fe, fitPanelRe(d, model, { eigen: eig }));
      const want = ref.hausman[model];
      close(h.statistic, want.statistic, 1e-6, `${model} Hausman`);
      expect(h.df).toBe(want.df);
      expect(h.p).toBe(want.p);
      close(h.minEigen, want.min_eigen, 1e-6, `${model} min eigenvalue of V_FE − V_RE`);
    });
  }
});

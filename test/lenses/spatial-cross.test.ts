/**
 * Cross-section spatial kernels against R spdep 1.2-7 / spatialreg 1.2-6 on Columbus
 * (test/reference/spatial/columbus.R → expected.json).
 * Closed forms (OLS, Moran's I, LM tests, impacts given R's ρ and β): 1e-9 relative.
 * ML: ρ/λ against the root of the analytic score solved in R by uniroot (tol 1e-15) to 1e-10; β,
 * σ², SEs, log-likelihood, AIC and impacts against spatialreg evaluated at that root (its interval
 * pinned to root ± 1e-13) to 1e-10. spatialreg's own Brent optimum (tol.opt 1e-12) is within 1e-6
 * of it (asserted in the R script), its default-tolerance optimum within ~1e-8 (asserted here).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { weightsFromGal, weightsFromPairs } from '../../src/analysis/spatial/weights.js';
import {
  brentMin,
  fitSar,
  fitSdem,
  fitSac,
  fitSdm,
  fitSem,
  impacts,
  impactsGiven,
  logDet,
  olsDiagnostics,
  type SpatialData,
  type SpatialFit,
  weightsEigen,
} from '../../src/lenses/spatial/cross.js';
import { sharedAvailable, sharedPath } from '../helpers/shared.js';
import { columbusData } from '../helpers/spatial-fixtures.js';

type Num = Record<string, number>;
const ref = JSON.parse(readFileSync(resolve(import.meta.dirname, '../reference/spatial/expected.json'), 'utf8'));

function rel(a: number, b: number): number {
  return Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);
}
function close(got: number, want: number, tol: number, what: string): void {
  expect(rel(got, want), `${what}: got ${got}, R ${want}`).toBeLessThan(tol);
}

const columbus = columbusData;

const TOL = 1e-10;
function checkFit(fit: SpatialFit, want: { coef: Num; se: Num; sigma2: number; logLik: number; AIC: number }, param: number, paramSe: number) {
  const tol = TOL;
  close(fit.param, ref.score_roots[fit.model], 1e-10, `${fit.model} parameter vs R score root`);
  close(fit.param, param, tol, `${fit.model} parameter`);
  close(fit.paramSe, paramSe, tol, `${fit.model} parameter SE`);
  expect(fit.names).toEqual(Object.keys(want.coef));
  fit.names.forEach((nm, j) => {
    close(fit.coef[j], want.coef[nm], tol, `${fit.model} ${nm}`);
    close(fit.se[j], want.se[nm], tol, `${fit.model} SE ${nm}`);
  });
  close(fit.sigma2, want.sigma2, tol, `${fit.model} sigma2`);
  close(fit.logLik, want.logLik, 1e-9, `${fit.model} logLik`);
  close(fit.aic, want.AIC, 1e-9, `${fit.model} AIC`);
}

describe.skipIf(!sharedAvailable)('spatial cross-section kernels on Columbus vs spdep/spatialreg', () => {
  const d = columbus();
  const eig = weightsEigen(d.W);

  it('eigenvalues of W (via the symmetric similar matrix) span R eigenw()', () => {
    expect(Math.abs(eig.values[0] - ref.eigen_min)).toBeLessThan(1e-12);
    expect(Math.abs(eig.values[eig.n - 1] - ref.eigen_max)).toBeLessThan(1e-12);
    expect(eig.values[eig.n - 1]).toBeCloseTo(1, 13);
    // ln|I − ρW| against a dense LU determinant at ρ = 0.43.
    const n = eig.n;
    const M = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      M[i * n + i] = 1;
      for (let e = d.W.indptr[i]; e < d.W.indptr[i + 1]; e++) M[i * n + d.W.indices[e]] -= 0.43 * d.W.weights[e];
    }
    let ld = 0;
    for (let c = 0; c < n; c++) {
      let piv = c;
      for (let r = c + 1; r < n; r++) if (Math.abs(M[r * n + c]) > Math.abs(M[piv * n + c])) piv = r;
      if (piv !== c) for (let j = 0; j < n; j++) [M[c * n + j], M[piv * n + j]] = [M[piv * n + j], M[c * n + j]];
      ld += Math.log(Math.abs(M[c * n + c]));
      for (let r = c + 1; r < n; r++) {
        const f = M[r * n + c] / M[c * n + c];
        for (let j = c; j < n; j++) M[r * n + j] -= f * M[c * n + j];
      }
    }
    close(logDet(eig, 0.43), ld, 1e-12, 'log-determinant');
    // A symmetric binary W (style B) goes through the same route with D = I.
    const B = weightsFromGal(readFileSync(sharedPath('data/columbus/columbus_contiguity.gal'), 'utf8'), d.W.units, { style: 'B' });
    const eb = weightsEigen(B);
    let trB2 = 0;
    for (let i = 0; i < n; i++) trB2 += B.indptr[i + 1] - B.indptr[i];
    close(
      eb.values.reduce((a, v) => a + v * v, 0),
      trB2,
      1e-12,
      'Σω² = tr(B²) = number of links',
    );
  });

  it('OLS, Moran I of residuals (lm.morantest) and the five LM tests (lm.LMtests) to 1e-9', () => {
    const diag = olsDiagnostics(d);
    d.names.forEach((nm, j) => close(diag.coef[j], ref.ols.coef[nm], 1e-9, `OLS ${nm}`));
    close(diag.rss, ref.ols.residuals_sum_sq, 1e-9, 'RSS');
    for (const key of ['I', 'expectation', 'variance', 'z', 'p'] as const) close(diag.moran[key], ref.moran[key], 1e-9, `Moran ${key}`);
    for (const key of ['LMerr', 'LMlag', 'RLMerr', 'RLMlag', 'SARMA'] as const) {
      close(diag.lm[key].statistic, ref.lm_tests[key].statistic, 1e-9, `${key} statistic`);
      close(diag.lm[key].p, ref.lm_tests[key].p, 1e-9, `${key} p`);
      expect(diag.lm[key].df).toBe(ref.lm_tests[key].df);
    }
  });

  it('SAR (lagsarlm) to 1e-10, and the published Anselin (1988) / spatialreg values', () => {
    const fit = fitSar(d, { eigen: eig });
    checkFit(fit, ref.sar, ref.sar.rho, ref.sar.rho_se);
    // Published (spatialreg docs; Anselin 1988 table 12.1), at their printed precision.
    expect(fit.param).toBeCloseTo(0.4310232, 7);
    expect(fit.coef[0]).toBeCloseTo(45.079249, 5);
    expect(fit.coef[1]).toBeCloseTo(-1.031616, 6);
    expect(fit.coef[2]).toBeCloseTo(-0.265926, 6);
    expect(fit.logLik).toBeCloseTo(-182.3904, 4);
  });

  it('SAR impacts: given R’s ρ and β to 1e-9; from the fit to 1e-10; issue 16 values', () => {
    const given = impactsGiven(eig, ref.sar.rho, ['INC', 'HOVAL'], [ref.sar.coef.INC, ref.sar.coef.HOVAL]);
    for (const kind of ['direct', 'indirect', 'total'] as const) {
      given.names.forEach((nm, r) => close(given[kind][r], ref.sar_impacts[kind][nm], 1e-9, `SAR ${kind} ${nm}`));
    }
    const im = impacts(d, fitSar(d, { eigen: eig }), eig);
    for (const kind of ['direct', 'indirect', 'total'] as const) {
      im.names.forEach((nm, r) => close(im[kind][r], ref.sar_impacts[kind][nm], TOL, `SAR fit ${kind} ${nm}`));
    }
    expect(im.direct[0]).toBeCloseTo(-1.086022, 6);
    expect(im.indirect[0]).toBeCloseTo(-0.7270849, 6);
    expect(im.total[1]).toBeCloseTo(-0.4673763, 6);
  });

  it('SEM (errorsarlm) to 1e-10 and the published λ and log-likelihood', () => {
    const fit = fitSem(d, { eigen: eig });
    checkFit(fit, ref.sem, ref.sem.lambda, ref.sem.lambda_se);
    expect(fit.param).toBeCloseTo(0.56179, 5);
    expect(fit.coef[1]).toBeCloseTo(-0.941312, 6);
    expect(fit.logLik).toBeCloseTo(-183.3805, 4);
  });

  it('SDM (lagsarlm Durbin = TRUE) and its impacts to 1e-10; given R’s estimates, impacts to 1e-9', () => {
    const fit = fitSdm(d, { eigen: eig });
    checkFit(fit, ref.sdm, ref.sdm.rho, ref.sdm.rho_se);
    expect(fit.param).toBeCloseTo(0.42634, 5);
    expect(fit.logLik).toBeCloseTo(-181.3935, 4);
    const c = ref.sdm.coef;
    const given = impactsGiven(eig, ref.sdm.rho, ['INC', 'HOVAL'], [c.INC, c.HOVAL], [c['lag.INC'], c['lag.HOVAL']]);
    const im = impacts(d, fit, eig);
    for (const kind of ['direct', 'indirect', 'total'] as const) {
      given.names.forEach((nm, r) => {
        close(given[kind][r], ref.sdm_impacts[kind][nm], 1e-9, `SDM ${kind} ${nm} given`);
        close(im[kind][r], ref.sdm_impacts[kind][nm], TOL, `SDM ${kind} ${nm}`);
      });
    }
  });

  it('SDEM (errorsarlm Durbin = TRUE) to 1e-10', () => {
    checkFit(fitSdem(d, { eigen: eig }), ref.sdem, ref.sdem.lambda, ref.sdem.lambda_se);
  });

  it('SAC (sacsarlm, eigen) to 1e-10 at the precise maximum; its impacts; spatialreg default nlminb within 1e-6', () => {
    const fit = fitSac(d, { eigen: eig });
    const r = ref.sac;
    close(fit.param, r.root.rho, 1e-10, 'SAC rho vs R score root');
    close(fit.lambda as number, r.root.lambda, 1e-10, 'SAC lambda vs R score root');
    close(fit.paramSe, r.rho_se, TOL, 'SAC rho SE');
    close(fit.lambdaSe as number, r.lambda_se, TOL, 'SAC lambda SE');
    fit.names.forEach((nm, j) => {
      close(fit.coef[j], r.coef[nm], TOL, `SAC ${nm}`);
      close(fit.se[j], r.se[nm], TOL, `SAC SE ${nm}`);
    });
    close(fit.sigma2, r.sigma2, TOL, 'SAC sigma2');
    close(fit.logLik, r.logLik, 1e-12, 'SAC logLik');
    close(fit.aic, r.AIC, 1e-12, 'SAC AIC');
    expect(rel(fit.param, r.default.rho)).toBeLessThan(1e-6);
    const im = impacts(d, fit, eig);
    for (const kind of ['direct', 'indirect', 'total'] as const) {
      im.names.forEach((nm, q) => close(im[kind][q], ref.sac_impacts[kind][nm], TOL, `SAC ${kind} ${nm}`));
    }
  });

  it('R fitted at its default tolerance agrees with the tight fit to ~1e-8 (the flatness limit)', () => {
    expect(rel(ref.sar_default.rho, ref.sar.rho)).toBeLessThan(1e-6);
    for (const m of ['sar', 'sdm', 'sem', 'sdem'] as const) expect(rel(ref.tight[m], ref.score_roots[m])).toBeLessThan(1e-6);
  });
});

describe('spatial kernels: bad input and the optimiser', () => {
  it('Brent (R optimize port) finds a parabola minimum', () => {
    const r = brentMin((x) => (x - 0.3) ** 2 + 1, -1, 1, 1e-12);
    expect(r.x).toBeCloseTo(0.3, 7);
  });

  it('islands and asymmetric (non-symmetrisable) weights are refused with E_SPATIAL_MODEL', () => {
    const units = ['a', 'b', 'c', 'd'];
    const W = weightsFromPairs(
      units,
      [
        ['a', 'b'],
        ['b', 'c'],
      ],
      { islands: 'keep' },
    );
    const y = Float64Array.of(1, 2, 3, 5);
    const d: SpatialData = { y, X: [new Float64Array(4).fill(1)], names: ['(Intercept)'], W, path: 'analyses.spatial_models' };
    expect(() => fitSar(d)).toThrow(/E_SPATIAL_MODEL|without neighbours/);
    const Wd = weightsFromPairs(
      units,
      [
        ['a', 'b'],
        ['b', 'c'],
        ['c', 'd'],
        ['d', 'a'],
        ['a', 'c'],
      ],
      { style: 'W' },
    );
    const asym = { ...Wd, weights: Wd.weights.map((w, e) => (e === 0 ? w * 0.5 : w)) };
    expect(() => weightsEigen(asym)).toThrow(/symmetric/);
  });

  it('fewer units than parameters are refused with E_SPATIAL_MODEL naming the path', () => {
    const units = ['a', 'b', 'c', 'd'];
    const W = weightsFromPairs(
      units,
      [
        ['a', 'b'],
        ['b', 'c'],
        ['c', 'd'],
        ['d', 'a'],
      ],
      { style: 'W' },
    );
    const one = new Float64Array(4).fill(1);
    const d: SpatialData = { y: Float64Array.of(1, 3, 2, 5), X: [one, Float64Array.of(1, 2, 4, 3)], names: ['(Intercept)', 'x'], W, path: 'p' };
    let err: unknown;
    try {
      fitSar(d);
    } catch (e) {
      err = e;
    }
    expect(err).toMatchObject({ code: 'E_SPATIAL_MODEL', location: { path: 'p' } });
  });

  it('weights of the wrong size are refused with E_SPATIAL_DATA', () => {
    const W = weightsFromPairs(
      ['a', 'b', 'c'],
      [
        ['a', 'b'],
        ['b', 'c'],
      ],
    );
    const d: SpatialData = { y: new Float64Array(5), X: [new Float64Array(5).fill(1)], names: ['(Intercept)'], W };
    expect(() => olsDiagnostics(d)).toThrow(/3 units but the data 5/);
  });
});

/**
 * SAC with a sparse log-determinant (fitSacSparse, src/lenses/spatial/large.ts) against
 * test/reference/spatial/sac_large.R → sac_large.json: R spatialreg 1.2-6 sacsarlm(method = "Chebyshev", q = 5) on the
 * n = 2,000 problem of large.R, its optimum located in R by nested score roots of its own Chebyshev likelihood (uniroot,
 * tol 1e-14; spatialreg's nlminb default stops 4e-7 away), the covariance from R's optimHess of the full log-likelihood.
 * - ρ, λ, β, σ², log-likelihood at the root: 1e-8 (nqpf: Brent to 1e-12 polished on the analytic scores);
 * - SEs: the closed-form observed information vs R's finite-difference Hessian (1e-4: its differencing error) and vs
 *   spatialreg's own numerical Hessian at the same point (within 0.5 %);
 * - effects (SAC = SAR's with ρ): power series vs spatialreg's dense inverse, direct within 5e-5 (Monte Carlo traces
 *   beyond W⁶), total exactly (β/(1 − ρ));
 * - with the exact eigenvalue log-determinant plugged in, the same code gives Columbus's sacsarlm(method = "eigen") fit of
 *   expected.json (columbus.R) to 1e-8 — a second implementation of the estimator (cross.ts fitSac) agrees too.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { weightsFromPairs } from '../../src/analysis/spatial/weights.js';
import { fitSac, type SpatialData, weightsEigen } from '../../src/lenses/spatial/cross.js';
import { fitSacSparse, impactsSparse, sparseLogDet, TraceSeries } from '../../src/lenses/spatial/large.js';
import { sharedAvailable } from '../helpers/shared.js';
import { columbusData, eigenLogDet, largeProblem, spatialRefDir } from '../helpers/spatial-fixtures.js';

const ref = JSON.parse(readFileSync(resolve(spatialRefDir, 'sac_large.json'), 'utf8'));
const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);
const close = (got: number, want: number, tol: number, what: string) => expect(rel(got, want), `${what}: ${got} vs ${want}`).toBeLessThan(tol);

describe('SAC with the Chebyshev log-determinant vs R spatialreg (n = 2,000)', () => {
  const d = { ...largeProblem(), path: 'analyses.spatial_models.cross.0' };
  const fit = fitSacSparse(d, sparseLogDet(d.W, 'chebyshev'));

  it('ρ, λ, β, σ² and the log-likelihood equal the root of spatialreg’s Chebyshev likelihood to 1e-8', () => {
    expect(ref.meta.n).toBe(2000);
    close(fit.param, ref.root.rho, 1e-8, 'ρ');
    close(fit.lambda as number, ref.root.lambda, 1e-8, 'λ');
    fit.coef.forEach((b, j) => close(b, ref.root.coef[j], 1e-8, `β${j}`));
    close(fit.sigma2, ref.root.sigma2, 1e-8, 'σ²');
    close(fit.logLik, ref.root.logLik, 1e-10, 'logLik');
    close(fit.logLik, ref.restarted.logLik, 1e-10, 'logLik = sacsarlm restarted at the root');
    expect(fit.lr.df).toBe(2);
    close(fit.aic, -2 * ref.root.logLik + 2 * 6, 1e-10, 'AIC');
  });

  it('SEs: observed information = R’s finite-difference Hessian (1e-4), within 0.5 % of spatialreg’s numerical Hessian', () => {
    close(fit.paramSe, ref.root.rho_se, 1e-4, 'ρ SE');
    close(fit.lambdaSe as number, ref.root.lambda_se, 1e-4, 'λ SE');
    fit.se.forEach((s, j) => close(s, ref.root.se[j], 1e-4, `β${j} SE`));
    close(fit.paramSe, ref.restarted.rho_se, 5e-3, 'ρ SE vs sacsarlm');
    close(fit.lambdaSe as number, ref.restarted.lambda_se, 5e-3, 'λ SE vs sacsarlm');
    fit.se.forEach((s, j) => close(s, ref.restarted.se[j], 5e-3, `β${j} SE vs sacsarlm`));
  });

  it('effects by power series = spatialreg’s dense inverse (direct 5e-5, total exact)', () => {
    const im = impactsSparse(d, fit, TraceSeries.of(d.W, fit.param));
    expect(im.names).toEqual(ref.impacts.names);
    im.names.forEach((_, r) => {
      close(im.direct[r], ref.impacts.direct[r], 5e-5, `direct ${r}`);
      close(im.indirect[r], ref.impacts.indirect[r], 1e-4, `indirect ${r}`);
      close(im.total[r], ref.impacts.total[r], 1e-8, `total ${r}`);
    });
  });

  it('fewer units than β, ρ, λ and σ² are refused with E_SPATIAL_MODEL naming the path', () => {
    const units = ['a', 'b', 'c', 'd', 'e'];
    const W = weightsFromPairs(
      units,
      units.map((u, i) => [u, units[(i + 1) % 5]] as const),
      { style: 'W' },
    );
    const one = new Float64Array(5).fill(1);
    const small: SpatialData = { y: Float64Array.of(1, 3, 2, 5, 4), X: [one, Float64Array.of(1, 2, 4, 3, 5)], names: ['(Intercept)', 'x'], W, path: 'p' };
    expect(() => fitSacSparse(small, sparseLogDet(W, 'chebyshev'))).toThrow(expect.objectContaining({ code: 'E_SPATIAL_MODEL', location: { path: 'p' } }));
  });
});

describe.skipIf(!sharedAvailable)('SAC estimator with the exact log-determinant = sacsarlm(method = "eigen") on Columbus', () => {
  it('ρ, λ, β, σ², logLik to 1e-8 (expected.json, columbus.R), and the eigen-path fitSac', () => {
    const cref = JSON.parse(readFileSync(resolve(spatialRefDir, 'expected.json'), 'utf8')).sac;
    const d = columbusData();
    const eig = weightsEigen(d.W);
    const f = fitSacSparse(d, eigenLogDet(d.W, [1 / Math.min(...eig.values), 1 / Math.max(...eig.values)]));
    const e = fitSac(d, { eigen: eig });
    close(f.param, cref.rho, 1e-8, 'ρ');
    close(f.lambda as number, cref.lambda, 1e-8, 'λ');
    f.names.forEach((nm, j) => close(f.coef[j], cref.coef[nm], 1e-8, nm));
    close(f.sigma2, cref.sigma2, 1e-8, 'σ²');
    close(f.logLik, cref.logLik, 1e-10, 'logLik');
    close(f.param, e.param, 1e-9, 'ρ = fitSac');
    close(f.lambda as number, e.lambda as number, 1e-9, 'λ = fitSac');
  });
});

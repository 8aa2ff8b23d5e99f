/**
 * Hausman (1978) test of random against fixed (unit) effects on the same frame:
 * H = d'(V_FE − V_RE)⁻¹d, d = b_FE − b_RE over the common slopes, V the conventional covariances;
 * χ² with as many df as slopes. As R plm's `phtest` and Stata's `hausman fe re`: H is computed by a
 * linear solve also when V_FE − V_RE is not positive definite (said in `positiveDefinite`; H can
 * then be negative and p is taken at max(H, 0)). Validated against plm (test/reference/panel).
 */
import { chiSquareSf } from '../../kernels/distributions.js';
import { fitPanel, quadInv, quadSolve, type PanelFit } from './estimate.js';
import type { ModelFrame } from './frame.js';
import { vcov } from './vcov.js';

export function hausmanTest(frame: ModelFrame, re: PanelFit, path: string): { statistic: number; df: number; p: number; positiveDefinite: boolean } {
  const fe = fitPanel(frame, { estimator: 'ols', effects: 'unit', path });
  const common = fe.names.filter((n) => re.names.includes(n));
  const q = common.length;
  const vf = vcov(fe, 'conventional', { path }).V;
  const vr = vcov(re, 'conventional', { path }).V;
  const d = new Float64Array(q);
  const V = new Float64Array(q * q);
  common.forEach((a, i) => {
    const fi = fe.names.indexOf(a);
    const ri = re.names.indexOf(a);
    d[i] = fe.coef[fi] - re.coef[ri];
    common.forEach((b, j) => {
      V[i * q + j] = vf[fi * fe.k + fe.names.indexOf(b)] - vr[ri * re.k + re.names.indexOf(b)];
    });
  });
  const H = quadSolve(V, d, q);
  return { statistic: H, df: q, p: Number.isFinite(H) ? chiSquareSf(Math.max(H, 0), q) : Number.NaN, positiveDefinite: !Number.isNaN(quadInv(V, d, q)) };
}

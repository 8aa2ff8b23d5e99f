/**
 * Per-observation (unit-level) effects of a SAR/SDM (issue 16; LeSage & Pace 2009, §2.7): for regressor r,
 * S_r = (I − ρW)⁻¹(β_r I + θ_r W). Unit i's direct effect is S_r[i, i]; its total effect *to* i (the change
 * in y_i when x_r rises by one everywhere) is the row sum Σ_j S_r[i, j]; its total effect *from* i (the change
 * in every y when x_r rises at i alone, summed) is the column sum Σ_j S_r[j, i]; indirect = total − direct.
 * The averages over units are the LeSage–Pace average effects ({@link impactsGiven}), for both sums.
 *
 * Exact from the eigen-decomposition W = D^{-1/2} V Ω Vᵀ D^{1/2} ({@link WeightsEigen}) with
 * h_k = (β_r + θ_r ω_k)/(1 − ρω_k): S_r[i, i] = Σ_k V_ik² h_k, row sum_i = d_i^{-1/2} Σ_k V_ik h_k right_k,
 * column sum_i = d_i^{1/2} Σ_k V_ik h_k left_k. Cost O(n²) per regressor.
 */
import type { WeightsEigen } from './cross.js';

export interface UnitEffects {
  names: string[];
  /** Per regressor, per unit (in the weights' unit order). */
  direct: Float64Array[];
  totalTo: Float64Array[];
  indirectTo: Float64Array[];
  totalFrom: Float64Array[];
  indirectFrom: Float64Array[];
}

/** Unit-level effects given ρ, β (and θ for the Durbin terms; 0 when absent), per regressor. */
export function unitEffects(eig: WeightsEigen, rho: number, names: readonly string[], beta: ArrayLike<number>, theta?: ArrayLike<number>): UnitEffects {
  const { n, values, vectors, dHalf, left, right } = eig;
  const out: UnitEffects = { names: names.slice(), direct: [], totalTo: [], indirectTo: [], totalFrom: [], indirectFrom: [] };
  const h = new Float64Array(n);
  for (let r = 0; r < names.length; r++) {
    const b = beta[r];
    const t = theta ? theta[r] : 0;
    for (let k = 0; k < n; k++) h[k] = (b + t * values[k]) / (1 - rho * values[k]);
    const direct = new Float64Array(n);
    const to = new Float64Array(n);
    const from = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let d = 0;
      let a = 0;
      let c = 0;
      for (let k = 0; k < n; k++) {
        const v = vectors[i * n + k];
        d += v * v * h[k];
        a += v * h[k] * right[k];
        c += v * h[k] * left[k];
      }
      direct[i] = d;
      to[i] = a / dHalf[i];
      from[i] = c * dHalf[i];
    }
    out.direct.push(direct);
    out.totalTo.push(to);
    out.indirectTo.push(to.map((x, i) => x - direct[i]));
    out.totalFrom.push(from);
    out.indirectFrom.push(from.map((x, i) => x - direct[i]));
  }
  return out;
}

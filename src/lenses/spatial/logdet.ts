/**
 * Approximate log-determinants ln|I − ρW| for many units (issue 16), where the eigenvalues (O(n³)) are
 * too slow. Both need W with spectral radius ≤ 1 (row-standardised, checked), and work on sparse W alone:
 *
 * - **Chebyshev** (Pace & LeSage 2004): ln(1 − ρω) on ω ∈ [−1, 1] interpolated at the q + 1 Chebyshev nodes
 *   x_k = cos(π(k − ½)/(q + 1)): c_j(ρ) = 2/(q + 1) Σ_k ln(1 − ρx_k) T_j(x_k), and
 *   ln|I − ρW| ≈ Σ_{j=0..q} c_j tr T_j(W) − n c_0/2. The traces tr T_j(W) come from the power traces tr W^k
 *   (T_j expanded in monomials), exact ({@link powerTraces}: n sparse products per power) or estimated.
 *   Same formula as R spatialreg `method = "Chebyshev"` (q = 5 there); accurate for |ρ| well below 1.
 * - **Monte Carlo** (Barry & Pace 1999): ln|I − ρW| = −Σ_{k≥1} ρ^k tr(W^k)/k truncated at m terms, tr W^k/n
 *   estimated by x′W^k x / x′x over p standard-normal vectors x (seeded {@link Rng}); tr W and tr W² are
 *   exact (Σ w_ii, Σ w_ij w_ji), as in LeSage & Pace (2009, §4.4). Returns the estimate, its standard error
 *   over the p draws and the truncation bound n|ρ|^{m+1}/((m + 1)(1 − |ρ|)).
 *
 * Cost: Chebyshev O(n · q · nnz) once for exact traces, then O(q²) per ρ; Monte Carlo O(p · m · nnz) once,
 * then O(p · m) per ρ.
 *
 * References: R. K. Pace & J. P. LeSage (2004) Chebyshev approximation of log-determinants of spatial weight
 * matrices, Comput. Stat. Data Anal. 45:179–196; R. P. Barry & R. K. Pace (1999) Monte Carlo estimates of the
 * log determinant of large sparse matrices, Linear Algebra Appl. 289:41–54; J. LeSage & R. K. Pace (2009), ch. 4.
 */
import { fail } from '../../core/errors.js';
import { Rng } from '../../core/rng.js';
import type { SpatialWeights } from '../../analysis/spatial/types.js';
import { findLink, spatialLag } from '../../analysis/spatial/weights.js';
import { rowStandardised } from './panel.js';

function needRowStandardised(W: SpatialWeights, path?: string): void {
  if (!rowStandardised(W)) {
    fail('E_SPATIAL_MODEL', 'the approximate log-determinant needs row-standardised weights (eigenvalues in [−1, 1])', {
      location: path ? { path } : undefined,
      hint: 'use style: W, or the exact eigenvalue log-determinant',
    });
  }
}

/** Exact tr(W^k) for k = 0..order (tr W⁰ = n), by powering each unit vector through the sparse W. */
export function powerTraces(W: SpatialWeights, order: number): Float64Array {
  const n = W.units.length;
  const tr = new Float64Array(order + 1);
  tr[0] = n;
  let v = new Float64Array(n);
  let w = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    v.fill(0);
    v[i] = 1;
    for (let k = 1; k <= order; k++) {
      spatialLag(W, v, w);
      tr[k] += w[i];
      [v, w] = [w, v];
    }
  }
  return tr;
}

/** tr T_j(W), j = 0..q, from the power traces tr W^k, k = 0..q. */
export function chebyshevTraces(power: ArrayLike<number>, q: number): Float64Array {
  // Monomial coefficients of T_j: T_0 = 1, T_1 = x, T_{j+1} = 2x T_j − T_{j−1}.
  const coef: Float64Array[] = [Float64Array.of(1), Float64Array.of(0, 1)];
  for (let j = 2; j <= q; j++) {
    const c = new Float64Array(j + 1);
    for (let k = 0; k < j; k++) c[k + 1] += 2 * coef[j - 1][k];
    for (let k = 0; k < j - 1; k++) c[k] -= coef[j - 2][k];
    coef.push(c);
  }
  const out = new Float64Array(q + 1);
  for (let j = 0; j <= q; j++) for (let k = 0; k <= j; k++) out[j] += coef[j][k] * power[k];
  return out;
}

/** Chebyshev approximation of ln|I − ρW| of order q from tr T_j(W), j = 0..q ({@link chebyshevTraces}). */
export function chebyshevLogDet(trT: ArrayLike<number>, rho: number, q = trT.length - 1): number {
  const m = q + 1;
  let s = 0;
  for (let j = 0; j <= q; j++) {
    let c = 0;
    for (let k = 1; k <= m; k++) {
      const t = (Math.PI * (k - 0.5)) / m;
      c += Math.log1p(-rho * Math.cos(t)) * Math.cos(j * t);
    }
    c *= 2 / m;
    s += j === 0 ? 0.5 * c * trT[0] : c * trT[j];
  }
  return s;
}

/** Chebyshev log-determinant of a row-standardised W at each ρ (exact traces, order q, default 5). */
export function logDetChebyshev(W: SpatialWeights, rho: readonly number[], q = 5, path?: string): Float64Array {
  needRowStandardised(W, path);
  const trT = chebyshevTraces(powerTraces(W, q), q);
  return Float64Array.from(rho, (r) => chebyshevLogDet(trT, r, q));
}

export interface McLogDetOptions {
  /** Terms of the power series (default 30). */
  order?: number;
  /** Random vectors (default 16). */
  draws?: number;
  seed?: number;
}

export interface McLogDet {
  value: Float64Array;
  se: Float64Array;
  /** Bound on the truncation error n|ρ|^{m+1}/((m + 1)(1 − |ρ|)). */
  truncation: Float64Array;
}

/** Monte Carlo log-determinant (Barry & Pace 1999) of a row-standardised W at each ρ (see the module comment). */
export function logDetMonteCarlo(W: SpatialWeights, rho: readonly number[], opts: McLogDetOptions = {}, path?: string): McLogDet {
  needRowStandardised(W, path);
  const n = W.units.length;
  const m = opts.order ?? 30;
  const p = opts.draws ?? 16;
  const rng = Rng.create(opts.seed ?? 1);
  // Exact tr W and tr W² (per unit).
  let t1 = 0;
  let t2 = 0;
  for (let i = 0; i < n; i++) {
    for (let e = W.indptr[i]; e < W.indptr[i + 1]; e++) {
      const j = W.indices[e];
      if (j === i) t1 += W.weights[e];
      const back = findLink(W, j, i);
      if (back >= 0) t2 += W.weights[e] * W.weights[back];
    }
  }
  // u[d][k] = x′W^k x / x′x for draw d, k = 1..m.
  const u = Array.from({ length: p }, () => new Float64Array(m + 1));
  const x = new Float64Array(n);
  let v = new Float64Array(n);
  let w = new Float64Array(n);
  for (let d = 0; d < p; d++) {
    let xx = 0;
    for (let i = 0; i < n; i++) {
      x[i] = rng.normal();
      xx += x[i] * x[i];
    }
    v.set(x);
    for (let k = 1; k <= m; k++) {
      spatialLag(W, v, w);
      let s = 0;
      for (let i = 0; i < n; i++) s += x[i] * w[i];
      u[d][k] = s / xx;
      [v, w] = [w, v];
    }
    u[d][1] = t1 / n;
    if (m >= 2) u[d][2] = t2 / n;
  }
  const value = new Float64Array(rho.length);
  const se = new Float64Array(rho.length);
  const truncation = new Float64Array(rho.length);
  rho.forEach((r, a) => {
    const per = new Float64Array(p);
    for (let d = 0; d < p; d++) {
      let s = 0;
      let rk = 1;
      for (let k = 1; k <= m; k++) {
        rk *= r;
        s -= (rk * u[d][k]) / k;
      }
      per[d] = n * s;
    }
    let mean = 0;
    for (const z of per) mean += z;
    mean /= p;
    let ss = 0;
    for (const z of per) ss += (z - mean) * (z - mean);
    value[a] = mean;
    se[a] = p > 1 ? Math.sqrt(ss / (p - 1) / p) : Number.NaN;
    const ar = Math.abs(r);
    truncation[a] = ar < 1 ? (n * ar ** (m + 1)) / ((m + 1) * (1 - ar)) : Number.POSITIVE_INFINITY;
  });
  return { value, se, truncation };
}

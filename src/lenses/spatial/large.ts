/**
 * Spatial ML for many units (issue 16): the cross-section SAR/SDM/SEM/SDEM and the fixed-effects panel
 * SAR/SDM/SEM with an approximate log-determinant instead of W's eigenvalues, and LeSage–Pace effects by
 * power series instead of a dense inverse. Needs row-standardised W (spectral radius 1); W need not be
 * symmetrisable (row-standardised k-nearest neighbours works). Nothing here is O(n²).
 *
 * **Traces.** tr W^k for k = 1..6 exactly from local sparse products (tr W^{a+b} = Σ_i ⟨row_i(W^a), col_i(W^b)⟩,
 * a, b ≤ 3), cost O(n d³) for d neighbours per unit; tr W^k for k = 7..K estimated as n·mean_d x_dᵀW^k x_d / x_dᵀx_d over
 * p standard-normal vectors (Hutchinson; seeded {@link Rng}), with their Monte Carlo standard error.
 *
 * **Log-determinant** ({@link sparseLogDet}):
 * - `chebyshev` (Pace & LeSage 2004; R spatialreg `method = "Chebyshev"`, default order q = 5):
 *   ln|I − ρW| ≈ Σ_k g_k ln(1 − ρx_k) over the q + 1 Chebyshev nodes x_k = cos(π(k − ½)/(q + 1)) with
 *   g_k = 2/(q + 1) Σ_j' cos(j t_k) tr T_j(W) (the j = 0 term halved) — the same interpolant as
 *   {@link chebyshevLogDet}, written so that its first and second derivatives in ρ are exact too.
 *   Exact traces (q ≤ 6).
 * - `mc` (Barry & Pace 1999; spatialreg `method = "MC"`): ln|I − ρW| ≈ −Σ_{k=1..m} ρ^k tr W^k / k with
 *   tr W^k exact for k ≤ 6 and estimated beyond (default m = 30, p = 16 as spatialreg).
 * Both are evaluated on ρ ∈ (−1, 0.999), spatialreg's interval for these methods.
 *
 * **Estimation** as in {@link fitLag}/{@link fitError}/{@link fitPanel} (concentrated likelihood, Brent to
 * `tol`, polished on the score of the approximate likelihood). **Standard errors** from the analytic
 * *observed* information (the negative Hessian of the log-likelihood at the estimate) instead of the
 * expected one, which needs tr(AᵀA) and a dense A: SAR/SDM over (β, ρ, σ²) with e = y − ρWy − Xβ:
 * −H_ββ = XᵀX/σ², −H_βρ = XᵀWy/σ², −H_ρρ = −J″(ρ) + ‖Wy‖²/σ², −H_ρσ² = eᵀWy/σ⁴, −H_σ²σ² = N/(2σ⁴), where
 * J(ρ) is the Jacobian term (panels: T* times the approximate ln|I − ρW|, minus T* ln(1 − ρ) for Lee–Yu with
 * time effects) and J″ its second derivative of the same approximation. SEM/SDEM with u = y − Xβ,
 * e = u − λWu, X̃ = X − λWX: −H_ββ = X̃ᵀX̃/σ², −H_βλ = (X̃ᵀWu + (WX)ᵀe)/σ², −H_λλ = −J″(λ) + ‖Wu‖²/σ²,
 * −H_λσ² = eᵀWu/σ⁴ (λ's SE from its inverse; β's SEs σ²(X̃ᵀX̃)⁻¹ as the eigen path and spatialreg). This is what
 * R spatialreg computes for n > 1,500 with these methods (a numerical Hessian of the same likelihood), here in
 * closed form.
 *
 * **Effects** ({@link TraceSeries}): for row-standardised W, S_r = Σ_k ρ^k W^k (β_r I + θ_r W), so
 * direct = n⁻¹ Σ_{k=0..K} ρ^k (β_r tr W^k + θ_r tr W^{k+1}) and total = (β_r + θ_r)/(1 − ρ) exactly (W1 = 1).
 * K is chosen so that the truncation bound (|β_r| + |θ_r|)|ρ|^{K+1}/(1 − |ρ|) of the direct effect is below
 * 1e-12 (|β_r| + |θ_r|) for |ρ| ≤ `rhoMax` (capped at 400 terms); tr W^k for k ≤ 6 is exact, beyond it the Monte Carlo estimate with its SE carried into
 * {@link TraceSeries.directSe}. Delta-method gradients differentiate the series; simulated effects (R draws
 * of (β, θ, ρ) from N(estimate, V)) cost O(K) per draw and regressor.
 *
 * References: R. K. Pace & J. P. LeSage (2004) Comput. Stat. Data Anal. 45:179–196; R. P. Barry & R. K. Pace
 * (1999) Linear Algebra Appl. 289:41–54; J. LeSage & R. K. Pace (2009) *Introduction to Spatial
 * Econometrics*, §4.2–4.4 and §5.6 (traces for the effects); M. F. Hutchinson (1990) Commun. Stat. Simul.
 * 19:433–450; R. Bivand et al. spatialreg 1.2-6 (`trW`, `impacts`, `lagsarlm`).
 */
import { fail } from '../../core/errors.js';
import { Rng } from '../../core/rng.js';
import type { SpatialWeights } from '../../analysis/spatial/types.js';
import { spatialLag } from '../../analysis/spatial/weights.js';
import { chiSquareSf, normalSf } from '../../kernels/distributions.js';
import { ols } from '../../kernels/ols.js';
import { within } from '../panel/within.js';
import {
  atBound,
  brentMin,
  durbinDesign,
  effectCoefficients,
  polishRoot,
  sacOptimum,
  type SpatialData,
  type SpatialFit,
  type SpatialImpacts,
  spdInverse,
  subCovariance,
  type WeightsEigen,
  weightsEigen,
} from './cross.js';
import { chebyshevTraces } from './logdet.js';
import type { PanelEffects, PanelEstimates, PanelModelKind, PanelSpatialData, PanelSpatialFit } from './panel.js';
import { rowStandardised } from './panel.js';

export type LogDetMethod = 'eigen' | 'chebyshev' | 'mc';

/** Units from which `auto` uses a sparse log-determinant instead of the eigenvalues. */
export const LOGDET_AUTO_THRESHOLD = 400;

/** The approximate Jacobian term: ln|I − ρW| and its first two derivatives in ρ. */
export interface SparseLogDet {
  method: 'chebyshev' | 'mc';
  n: number;
  /** Chebyshev order or Monte Carlo series length. */
  order: number;
  /** Monte Carlo vectors (0 for Chebyshev). */
  draws: number;
  interval: [number, number];
  value(rho: number): number;
  d1(rho: number): number;
  d2(rho: number): number;
}

const where = (path?: string) => (path ? { path } : undefined);
const LN2PI = Math.log(2 * Math.PI);
/** spatialreg's search interval for the sparse methods. */
const INTERVAL: [number, number] = [-1, 0.999];

function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

function needRowStd(W: SpatialWeights, path?: string): void {
  // A unit without neighbours has a zero row under any style: say so (the cause) rather than "not row-standardised".
  if (W.islands.length) {
    fail('E_SPATIAL_MODEL', `units without neighbours: ${W.islands.slice(0, 5).join(', ')}`, {
      location: where(path),
      hint: 'spatial regressions need every unit linked; use islands: nearest or drop the units',
    });
  }
  if (!rowStandardised(W)) {
    fail('E_SPATIAL_MODEL', 'the sparse log-determinant and the power-series effects need row-standardised weights', {
      location: where(path),
      hint: 'use style: W, or logdet: eigen (exact, for up to a few hundred units)',
    });
  }
}

// ---------------------------------------------------------------------------------------------
// Sparse products and traces
// ---------------------------------------------------------------------------------------------

/** Wᵀ in CSR. */
function transpose(W: SpatialWeights): { indptr: Int32Array; indices: Int32Array; values: Float64Array } {
  const n = W.units.length;
  const nnz = W.indices.length;
  const indptr = new Int32Array(n + 1);
  for (let e = 0; e < nnz; e++) indptr[W.indices[e] + 1]++;
  for (let i = 0; i < n; i++) indptr[i + 1] += indptr[i];
  const indices = new Int32Array(nnz);
  const values = new Float64Array(nnz);
  const pos = indptr.slice(0, n);
  for (let i = 0; i < n; i++) {
    for (let e = W.indptr[i]; e < W.indptr[i + 1]; e++) {
      const c = W.indices[e];
      indices[pos[c]] = i;
      values[pos[c]++] = W.weights[e];
    }
  }
  return { indptr, indices, values };
}

/** A sparse vector grown by v ← v·M over a CSR M, in a dense scatter array with its list of touched positions. */
class Scatter {
  readonly val: Float64Array;
  readonly mark: Uint8Array;
  idx: number[] = [];
  constructor(n: number) {
    this.val = new Float64Array(n);
    this.mark = new Uint8Array(n);
  }
  clear(): void {
    for (const j of this.idx) {
      this.val[j] = 0;
      this.mark[j] = 0;
    }
    this.idx = [];
  }
  add(j: number, x: number): void {
    if (!this.mark[j]) {
      this.mark[j] = 1;
      this.idx.push(j);
    }
    this.val[j] += x;
  }
  /** this = src · M (row vector times matrix). */
  times(src: Scatter, M: { indptr: Int32Array; indices: Int32Array; values: Float64Array }): void {
    this.clear();
    for (const j of src.idx) {
      const a = src.val[j];
      for (let e = M.indptr[j]; e < M.indptr[j + 1]; e++) this.add(M.indices[e], a * M.values[e]);
    }
  }
  dot(o: Scatter): number {
    let s = 0;
    for (const j of this.idx) s += this.val[j] * o.val[j];
    return s;
  }
}

/**
 * Exact tr W^k, k = 0..min(order, 6): tr W^{a+b} = Σ_i ⟨row_i(W^a), col_i(W^b)⟩ with the rows of W, W², W³
 * and of (Wᵀ)^b grown locally around each unit (sparse scatter), O(n d³) for d neighbours per unit.
 */
export function exactTraces(W: SpatialWeights, order: number): Float64Array {
  const top = Math.min(order, 6);
  const tr = new Float64Array(top + 1);
  const n = W.units.length;
  tr[0] = n;
  if (top < 1) return tr;
  const M = { indptr: W.indptr, indices: W.indices, values: W.weights };
  const Mt = transpose(W);
  const r = [new Scatter(n), new Scatter(n), new Scatter(n), new Scatter(n)];
  const c = [new Scatter(n), new Scatter(n), new Scatter(n), new Scatter(n)];
  const ra = top >= 5 ? 3 : top >= 3 ? 2 : 1; // highest power of the rows needed
  const cb = top >= 6 ? 3 : top >= 4 ? 2 : 1; // of the columns
  for (let i = 0; i < n; i++) {
    r[0].clear();
    r[0].add(i, 1);
    c[0].clear();
    c[0].add(i, 1);
    for (let a = 1; a <= ra; a++) r[a].times(r[a - 1], M);
    for (let b = 1; b <= cb; b++) c[b].times(c[b - 1], Mt);
    tr[1] += r[1].val[i];
    if (top >= 2) tr[2] += r[1].dot(c[1]);
    if (top >= 3) tr[3] += r[2].dot(c[1]);
    if (top >= 4) tr[4] += r[2].dot(c[2]);
    if (top >= 5) tr[5] += r[3].dot(c[2]);
    if (top >= 6) tr[6] += r[3].dot(c[3]);
  }
  return tr;
}

export interface PowerTraces {
  n: number;
  /** tr W^k, k = 0..K (exact to k = 6, estimated beyond). */
  tr: Float64Array;
  /** Monte Carlo SE of each tr W^k (0 where exact). */
  se: Float64Array;
  draws: number;
  seed: number;
}

/**
 * tr W^k for k = 0..K + 1 (exact to 6, Hutchinson estimates beyond from `draws` normal vectors, seeded).
 */
export function powerTraceSeries(W: SpatialWeights, K: number, opts: { draws?: number; seed?: number } = {}): PowerTraces {
  const n = W.units.length;
  const p = opts.draws ?? 16;
  const seed = opts.seed ?? 1;
  const top = K + 1;
  const tr = new Float64Array(top + 1);
  const se = new Float64Array(top + 1);
  tr.set(exactTraces(W, top));
  if (top > 6) {
    const rng = Rng.create(seed);
    const per = Array.from({ length: p }, () => new Float64Array(top + 1));
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
      for (let k = 1; k <= top; k++) {
        spatialLag(W, v, w);
        if (k > 6) per[d][k] = (n * dot(x, w)) / xx;
        [v, w] = [w, v];
      }
    }
    for (let k = 7; k <= top; k++) {
      let m = 0;
      for (let d = 0; d < p; d++) m += per[d][k];
      m /= p;
      let ss = 0;
      for (let d = 0; d < p; d++) ss += (per[d][k] - m) ** 2;
      tr[k] = m;
      se[k] = p > 1 ? Math.sqrt(ss / (p - 1) / p) : Number.NaN;
    }
  }
  return { n, tr, se, draws: p, seed };
}

// ---------------------------------------------------------------------------------------------
// Log-determinants with derivatives
// ---------------------------------------------------------------------------------------------

export interface SparseLogDetOptions {
  /** Chebyshev order q (default 5, spatialreg's; at most 6) or Monte Carlo series length m (default 30). */
  order?: number;
  /** Monte Carlo vectors (default 16). */
  draws?: number;
  seed?: number;
  path?: string;
}

/** The Chebyshev or Monte Carlo log-determinant of a row-standardised W, with exact derivatives of the approximation. */
export function sparseLogDet(W: SpatialWeights, method: 'chebyshev' | 'mc', opts: SparseLogDetOptions = {}): SparseLogDet {
  needRowStd(W, opts.path);
  const n = W.units.length;
  if (method === 'chebyshev') {
    const q = opts.order ?? 5;
    if (!(Number.isInteger(q) && q >= 1 && q <= 6)) {
      fail('E_BAD_OPTION', `the Chebyshev order must be an integer from 1 to 6, got ${q}`, { location: where(opts.path) });
    }
    const trT = chebyshevTraces(exactTraces(W, q), q);
    const m = q + 1;
    const x = new Float64Array(m);
    const g = new Float64Array(m);
    for (let k = 0; k < m; k++) {
      const t = (Math.PI * (k + 0.5)) / m;
      x[k] = Math.cos(t);
      let s = 0.5 * trT[0];
      for (let j = 1; j <= q; j++) s += Math.cos(j * t) * trT[j];
      g[k] = (2 / m) * s;
    }
    return {
      method,
      n,
      order: q,
      draws: 0,
      interval: INTERVAL,
      value: (r) => {
        let s = 0;
        for (let k = 0; k < m; k++) s += g[k] * Math.log1p(-r * x[k]);
        return s;
      },
      d1: (r) => {
        let s = 0;
        for (let k = 0; k < m; k++) s -= (g[k] * x[k]) / (1 - r * x[k]);
        return s;
      },
      d2: (r) => {
        let s = 0;
        for (let k = 0; k < m; k++) s -= (g[k] * x[k] * x[k]) / (1 - r * x[k]) ** 2;
        return s;
      },
    };
  }
  const m = opts.order ?? 30;
  if (!(Number.isInteger(m) && m >= 2)) fail('E_BAD_OPTION', `the Monte Carlo series length must be an integer ≥ 2, got ${m}`, { location: where(opts.path) });
  const pt = powerTraceSeries(W, m - 1, { draws: opts.draws, seed: opts.seed });
  const tr = pt.tr; // 0..m
  return {
    method,
    n,
    order: m,
    draws: pt.draws,
    interval: INTERVAL,
    value: (r) => {
      let s = 0;
      let rk = 1;
      for (let k = 1; k <= m; k++) {
        rk *= r;
        s -= (rk * tr[k]) / k;
      }
      return s;
    },
    d1: (r) => {
      let s = 0;
      let rk = 1;
      for (let k = 1; k <= m; k++) {
        s -= rk * tr[k];
        rk *= r;
      }
      return s;
    },
    d2: (r) => {
      let s = 0;
      let rk = 1;
      for (let k = 2; k <= m; k++) {
        s -= (k - 1) * rk * tr[k];
        rk *= r;
      }
      return s;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Effects by power series
// ---------------------------------------------------------------------------------------------

/** Series length K for which |ρ|^{K+1}/(1 − |ρ|) ≤ 1e-12 (8 to 400). */
export function seriesLength(rhoMax: number): number {
  const a = Math.min(Math.abs(rhoMax), 0.999);
  if (a === 0) return 8;
  const K = Math.ceil(Math.log(1e-12 * (1 - a)) / Math.log(a));
  return Math.max(8, Math.min(400, K));
}

/** Power-series effects of (I − ρW)⁻¹(βI + θW) from {@link PowerTraces}. */
export class TraceSeries {
  readonly K: number;
  constructor(readonly pt: PowerTraces) {
    this.K = pt.tr.length - 2;
  }
  /** Build from W with K from the largest |ρ| the effects will be evaluated at. */
  static of(W: SpatialWeights, rhoMax: number, opts: { draws?: number; seed?: number; path?: string } = {}): TraceSeries {
    needRowStd(W, opts.path);
    return new TraceSeries(powerTraceSeries(W, seriesLength(rhoMax), opts));
  }
  /** Direct, total and their derivatives in (β, θ, ρ); total = (β + θ)/(1 − ρ) exactly (row-standardised W). */
  eval(rho: number, b: number, t: number): { direct: number; total: number; g: { direct: [number, number, number]; total: [number, number, number] } } {
    const { tr, n } = this.pt;
    let dB = 0;
    let dT = 0;
    let dR = 0;
    let rk = 1; // ρ^k
    let rk1 = 0; // k ρ^{k−1}
    for (let k = 0; k <= this.K; k++) {
      dB += rk * tr[k];
      dT += rk * tr[k + 1];
      dR += rk1 * (b * tr[k] + t * tr[k + 1]);
      rk1 = (k + 1) * rk;
      rk *= rho;
    }
    const inv = 1 / (1 - rho);
    return {
      direct: (b * dB + t * dT) / n,
      total: (b + t) * inv,
      g: { direct: [dB / n, dT / n, dR / n], total: [inv, inv, (b + t) * inv * inv] },
    };
  }
  /** Monte Carlo SE of the direct effect: the estimated traces' SEs (independent across k) through the series. */
  directSe(rho: number, b: number, t: number): number {
    const { se, n } = this.pt;
    let v = 0;
    let rk = 1; // ρ^k
    let rkPrev = 0; // ρ^{k−1}
    for (let k = 0; k <= this.K + 1; k++) {
      const c = (k <= this.K ? b * rk : 0) + t * rkPrev;
      if (se[k] > 0) v += (c * se[k]) ** 2;
      rkPrev = rk;
      rk *= rho;
    }
    return Math.sqrt(v) / n;
  }
  impacts(rho: number, names: readonly string[], beta: ArrayLike<number>, theta?: ArrayLike<number>): SpatialImpacts {
    const m = names.length;
    const direct = new Float64Array(m);
    const total = new Float64Array(m);
    const indirect = new Float64Array(m);
    for (let r = 0; r < m; r++) {
      const e = this.eval(rho, beta[r], theta ? theta[r] : 0);
      direct[r] = e.direct;
      total[r] = e.total;
      indirect[r] = e.total - e.direct;
    }
    return { names: names.slice(), direct, indirect, total };
  }
}

// ---------------------------------------------------------------------------------------------
// Cross-section
// ---------------------------------------------------------------------------------------------

function checkCross(d: SpatialData): number {
  const n = d.y.length;
  if (d.W.units.length !== n) {
    fail('E_SPATIAL_DATA', `the weights have ${d.W.units.length} units but the data ${n} observations`, {
      location: where(d.path),
      hint: 'build the weights over exactly the units of the cross-section, in the same order',
    });
  }
  if (d.W.islands.length) {
    fail('E_SPATIAL_MODEL', `units without neighbours: ${d.W.islands.slice(0, 5).join(', ')}`, {
      location: where(d.path),
      hint: 'spatial regressions need every unit linked; use islands: nearest or drop the units',
    });
  }
  if (n <= d.X.length + 2) {
    fail('E_SPATIAL_MODEL', `${n} units for ${d.X.length} coefficients plus the spatial parameter and σ²`, {
      location: where(d.path),
      hint: 'use fewer regressors or more units',
    });
  }
  return n;
}

function finishFit(
  model: SpatialFit['model'],
  names: string[],
  coef: Float64Array,
  V: Float64Array,
  m: number,
  pIndex: number,
  param: number,
  s2: number,
  logLik: number,
  llOls: number,
  n: number,
  evaluations: number,
  tol: number,
): SpatialFit {
  const k = coef.length;
  const se = new Float64Array(k);
  const z = new Float64Array(k);
  const p = new Float64Array(k);
  for (let j = 0; j < k; j++) {
    se[j] = Math.sqrt(V[j * m + j]);
    z[j] = coef[j] / se[j];
    p[j] = 2 * normalSf(Math.abs(z[j]));
  }
  const lr = 2 * (logLik - llOls);
  return {
    model,
    names,
    coef,
    se,
    z,
    p,
    param,
    paramSe: Math.sqrt(V[pIndex * m + pIndex]),
    ...(model === 'sem' || model === 'sdem' ? {} : { vcov: subCovariance(V, m, [...Array.from({ length: k }, (_, j) => j), pIndex]) }),
    sigma2: s2,
    logLik,
    aic: -2 * logLik + 2 * (k + 2),
    logLikOls: llOls,
    lr: { statistic: lr, df: 1, p: chiSquareSf(Math.max(lr, 0), 1) },
    n,
    interval: [INTERVAL[0], INTERVAL[1]],
    evaluations,
    tol,
  };
}

export interface LargeFitOptions {
  tol?: number;
  durbin?: boolean;
}

/** SAR (SDM with `durbin`) with a sparse log-determinant; SEs from the observed information (module comment). */
export function fitLagSparse(d: SpatialData, ld: SparseLogDet, opts: LargeFitOptions = {}): SpatialFit {
  const n = checkCross(d);
  const tol = opts.tol ?? 1e-12;
  const des = opts.durbin ? durbinDesign(d) : { X: d.X.slice(), names: d.names.slice() };
  const X = des.X;
  const k = X.length;
  const Wy = spatialLag(d.W, d.y);
  const f0 = ols(X, d.y, { intercept: false, names: des.names });
  const fL = ols(X, Wy, { intercept: false, names: des.names });
  const A0 = dot(f0.residuals, f0.residuals);
  const B0 = dot(f0.residuals, fL.residuals);
  const C0 = dot(fL.residuals, fL.residuals);
  const sse = (r: number) => A0 - 2 * r * B0 + r * r * C0;
  const iv = ld.interval;
  const opt = brentMin((r) => -(ld.value(r) - 0.5 * n * Math.log(sse(r) / n)), iv[0], iv[1], tol);
  const rho = polishRoot((r) => ld.d1(r) - (0.5 * n * (-2 * B0 + 2 * r * C0)) / sse(r), opt.x, iv[0], iv[1]);
  atBound(rho, iv, 'ρ', d.path);
  const beta = new Float64Array(k);
  for (let j = 0; j < k; j++) beta[j] = f0.coef[j] - rho * fL.coef[j];
  const s2 = sse(rho) / n;
  const logLik = ld.value(rho) - 0.5 * n * (LN2PI + 1 + Math.log(s2));
  const e = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = d.y[i] - rho * Wy[i];
    for (let j = 0; j < k; j++) s -= X[j][i] * beta[j];
    e[i] = s;
  }
  const V = lagInformationInverse(X, Wy, e, s2, n, -ld.d2(rho), opts.durbin ? 'SDM' : 'SAR', d.path);
  const llOls = -0.5 * n * (LN2PI + 1 + Math.log(A0 / n));
  return finishFit(opts.durbin ? 'sdm' : 'sar', des.names, beta, V, k + 2, k, rho, s2, logLik, llOls, n, opt.evaluations, tol);
}

/** Inverse of the observed information of a lag model over (β, ρ, σ²); `jac2` = −J″(ρ). */
function lagInformationInverse(
  X: readonly Float64Array[],
  Wy: Float64Array,
  e: Float64Array,
  s2: number,
  nObs: number,
  jac2: number,
  what: string,
  path?: string,
): Float64Array {
  const k = X.length;
  const m = k + 2;
  const I = new Float64Array(m * m);
  for (let a = 0; a < k; a++) {
    for (let b = 0; b <= a; b++) I[a * m + b] = I[b * m + a] = dot(X[a], X[b]) / s2;
    I[a * m + k] = I[k * m + a] = dot(X[a], Wy) / s2;
  }
  I[k * m + k] = jac2 + dot(Wy, Wy) / s2;
  I[k * m + k + 1] = I[(k + 1) * m + k] = dot(e, Wy) / (s2 * s2);
  I[(k + 1) * m + k + 1] = nObs / (2 * s2 * s2);
  return spdInverse(I, m, what, path);
}

/**
 * Covariance of an error model over (β, λ, σ²): λ's variance from the inverse of the full observed information
 * (as spatialreg's numerical Hessian), β's σ²(X̃ᵀX̃)⁻¹ (as spatialreg's `rest.se` and the eigen path); the
 * β–λ covariances are set to 0 (asymptotically independent).
 */
function errorCovariance(
  Xs: readonly Float64Array[],
  WX: readonly Float64Array[],
  Wu: Float64Array,
  e: Float64Array,
  xtxInv: Float64Array,
  s2: number,
  nObs: number,
  jac2: number,
  what: string,
  path?: string,
): Float64Array {
  const k = Xs.length;
  const m = k + 2;
  const I = new Float64Array(m * m);
  for (let a = 0; a < k; a++) {
    for (let b = 0; b <= a; b++) I[a * m + b] = I[b * m + a] = dot(Xs[a], Xs[b]) / s2;
    I[a * m + k] = I[k * m + a] = (dot(Xs[a], Wu) + dot(WX[a], e)) / s2;
  }
  I[k * m + k] = jac2 + dot(Wu, Wu) / s2;
  I[k * m + k + 1] = I[(k + 1) * m + k] = dot(e, Wu) / (s2 * s2);
  I[(k + 1) * m + k + 1] = nObs / (2 * s2 * s2);
  const full = spdInverse(I, m, what, path);
  const V = new Float64Array(m * m);
  for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) V[a * m + b] = s2 * xtxInv[a * k + b];
  V[k * m + k] = full[k * m + k];
  V[(k + 1) * m + k + 1] = full[(k + 1) * m + k + 1];
  return V;
}

/** SEM (SDEM with `durbin`) with a sparse log-determinant; SEs from the observed information. */
export function fitErrorSparse(d: SpatialData, ld: SparseLogDet, opts: LargeFitOptions = {}): SpatialFit {
  const n = checkCross(d);
  const tol = opts.tol ?? 1e-12;
  const des = opts.durbin ? durbinDesign(d) : { X: d.X.slice(), names: d.names.slice() };
  const X = des.X;
  const k = X.length;
  const Wy = spatialLag(d.W, d.y);
  const WX = X.map((c) => spatialLag(d.W, c));
  const ys = new Float64Array(n);
  const Xs = X.map(() => new Float64Array(n));
  const transform = (lam: number) => {
    for (let i = 0; i < n; i++) ys[i] = d.y[i] - lam * Wy[i];
    for (let j = 0; j < k; j++) for (let i = 0; i < n; i++) Xs[j][i] = X[j][i] - lam * WX[j][i];
    return ols(Xs, ys, { intercept: false, names: des.names });
  };
  const iv = ld.interval;
  const opt = brentMin((lam) => -(ld.value(lam) - 0.5 * n * Math.log(transform(lam).rss / n)), iv[0], iv[1], tol);
  const Wu = new Float64Array(n);
  const score = (lam: number) => {
    const f = transform(lam);
    for (let i = 0; i < n; i++) {
      let s = Wy[i];
      for (let j = 0; j < k; j++) s -= WX[j][i] * f.coef[j];
      Wu[i] = s;
    }
    return ld.d1(lam) + (n * dot(f.residuals, Wu)) / f.rss;
  };
  const lambda = polishRoot(score, opt.x, iv[0], iv[1]);
  atBound(lambda, iv, 'λ', d.path);
  score(lambda); // fills Wu at λ̂
  const fit = transform(lambda);
  const s2 = fit.rss / n;
  const logLik = ld.value(lambda) - 0.5 * n * (LN2PI + 1 + Math.log(s2));
  const V = errorCovariance(Xs, WX, Wu, fit.residuals, fit.xtxInv, s2, n, -ld.d2(lambda), opts.durbin ? 'SDEM' : 'SEM', d.path);
  const f0 = ols(X, d.y, { intercept: false, names: des.names });
  const llOls = -0.5 * n * (LN2PI + 1 + Math.log(f0.rss / n));
  return finishFit(opts.durbin ? 'sdem' : 'sem', des.names, Float64Array.from(fit.coef), V, k + 2, k, lambda, s2, logLik, llOls, n, opt.evaluations, tol);
}

/**
 * SAC (y = ρWy + Xβ + u, u = λWu + ε) with a sparse log-determinant: the likelihood concentrated in β and σ²,
 * ℓ(ρ, λ) = J(ρ) + J(λ) − (n/2) ln(e′e/n), e = (I − λW)((I − ρW)y − Xβ̂), maximised by the eigen path's `sacOptimum`
 * (cross.ts): λ̂(ρ) by Brent and its score root, then ρ by Brent on the profile and its envelope score (tolerance 1e-12).
 * SEs: inverse of the observed information over (β, ρ, λ, σ²), with X̃ = (I − λW)X, g = (I − λW)Wy, u = (I − ρW)y − Xβ,
 * h = Wu: −H_ββ = X̃ᵀX̃/σ², −H_βρ = X̃ᵀg/σ², −H_βλ = (X̃ᵀh + (WX)ᵀe)/σ², −H_ρρ = −J″(ρ) + gᵀg/σ², −H_ρλ = (gᵀh + eᵀW²y)/σ²,
 * −H_λλ = −J″(λ) + hᵀh/σ², −H_·σ² = eᵀ(X̃, g, h)/σ⁴, −H_σ²σ² = n/(2σ⁴).
 */
export function fitSacSparse(d: SpatialData, ld: SparseLogDet, opts: { tol?: number } = {}): SpatialFit {
  const n = checkCross(d);
  if (n <= d.X.length + 3) {
    fail('E_SPATIAL_MODEL', `${n} units for ${d.X.length} coefficients plus ρ, λ and σ²`, {
      location: where(d.path),
      hint: 'use fewer regressors or more units',
    });
  }
  const tol = opts.tol ?? 1e-12;
  const { rho, lambda, fit, Xs, X, names, Wy, WWy, WX, evaluations } = sacOptimum(d, ld, ld.interval, tol);
  const k = X.length;
  const beta = Float64Array.from(fit.coef);
  const e = fit.residuals;
  const s2 = fit.rss / n;
  const logLik = ld.value(rho) + ld.value(lambda) - 0.5 * n * (LN2PI + 1 + Math.log(s2));
  const g = new Float64Array(n);
  const h = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    g[i] = Wy[i] - lambda * WWy[i];
    let wxb = 0;
    for (let j = 0; j < k; j++) wxb += WX[j][i] * beta[j];
    h[i] = Wy[i] - rho * WWy[i] - wxb;
  }
  const m = k + 3;
  const I = new Float64Array(m * m);
  const set = (a: number, b: number, v: number) => {
    I[a * m + b] = v;
    I[b * m + a] = v;
  };
  const s4 = s2 * s2;
  for (let a = 0; a < k; a++) {
    for (let b = 0; b <= a; b++) set(a, b, dot(Xs[a], Xs[b]) / s2);
    set(a, k, dot(Xs[a], g) / s2);
    set(a, k + 1, (dot(Xs[a], h) + dot(WX[a], e)) / s2);
    set(a, k + 2, dot(Xs[a], e) / s4);
  }
  set(k, k, -ld.d2(rho) + dot(g, g) / s2);
  set(k, k + 1, (dot(g, h) + dot(e, WWy)) / s2);
  set(k + 1, k + 1, -ld.d2(lambda) + dot(h, h) / s2);
  set(k, k + 2, dot(e, g) / s4);
  set(k + 1, k + 2, dot(e, h) / s4);
  set(k + 2, k + 2, n / (2 * s4));
  const V = spdInverse(I, m, 'SAC', d.path);
  const f0 = ols(X, d.y, { intercept: false, names });
  const llOls = -0.5 * n * (LN2PI + 1 + Math.log(f0.rss / n));
  const out = finishFit('sac', names, beta, V, m, k, rho, s2, logLik, llOls, n, evaluations, tol);
  const lr = 2 * (logLik - llOls);
  out.aic = -2 * logLik + 2 * (k + 3);
  out.lr = { statistic: lr, df: 2, p: chiSquareSf(Math.max(lr, 0), 2) };
  out.lambda = lambda;
  out.lambdaSe = Math.sqrt(V[(k + 1) * m + k + 1]);
  return out;
}

/** Power-series impacts of a SAR, SDM or SAC fit (regressors: the non-constant columns of the design; SAC as SAR with its ρ). */
export function impactsSparse(d: SpatialData, fit: SpatialFit, ts: TraceSeries): SpatialImpacts {
  if (fit.model !== 'sar' && fit.model !== 'sdm' && fit.model !== 'sac') {
    fail('E_SPATIAL_MODEL', `power-series impacts are computed for SAR, SDM and SAC fits, not ${fit.model.toUpperCase()}`, { location: where(d.path) });
  }
  const c = effectCoefficients(d, fit);
  return ts.impacts(fit.param, c.names, c.beta, c.theta);
}

// ---------------------------------------------------------------------------------------------
// Panels
// ---------------------------------------------------------------------------------------------

function lagPanel(W: SpatialWeights, x: Float64Array, n: number, T: number): Float64Array {
  const out = new Float64Array(n * T);
  for (let t = 0; t < T; t++) spatialLag(W, x.subarray(t * n, (t + 1) * n), out.subarray(t * n, (t + 1) * n));
  return out;
}

interface Variant {
  periods: number;
  nObs: number;
  timeCorrection: boolean;
}

function panelEstimates(
  names: string[],
  coef: Float64Array,
  V: Float64Array,
  m: number,
  k: number,
  param: number,
  s2: number,
  ll: number,
  v: Variant,
): PanelEstimates {
  const se = new Float64Array(k);
  const z = new Float64Array(k);
  const p = new Float64Array(k);
  for (let j = 0; j < k; j++) {
    se[j] = Math.sqrt(V[j * m + j]);
    z[j] = coef[j] / se[j];
    p[j] = 2 * normalSf(Math.abs(z[j]));
  }
  const vc = new Float64Array((k + 1) * (k + 1));
  for (let a = 0; a <= k; a++) for (let b = 0; b <= k; b++) vc[a * (k + 1) + b] = V[a * m + b];
  return {
    names,
    coef,
    se,
    z,
    p,
    param,
    paramSe: Math.sqrt(V[k * m + k]),
    sigma2: s2,
    logLik: ll,
    aic: -2 * ll + 2 * (k + 2),
    vcov: vc,
    nObs: v.nObs,
    periods: v.periods,
  };
}

/**
 * A fixed-effects spatial panel model with a sparse log-determinant: the estimators of {@link fitPanel}
 * (uncorrected and Lee–Yu), SEs from the observed information (module comment). Row-standardised W only.
 */
export function fitPanelSparse(
  d: PanelSpatialData,
  model: PanelModelKind,
  effects: PanelEffects,
  ld: SparseLogDet,
  opts: { tol?: number } = {},
): PanelSpatialFit {
  needRowStd(d.W, d.path);
  const durbin = model === 'sdm';
  const n = d.W.units.length;
  const T = d.T;
  const k = durbin ? 2 * d.X.length : d.X.length;
  if (!(Number.isInteger(T) && T >= 2) || d.y.length !== n * T) {
    fail('E_SPATIAL_DATA', `the panel has ${d.y.length} observations, not units × periods = ${n} × ${T}`, {
      location: where(d.path),
      hint: 'spatial panels must be balanced: every unit of the weights observed in every period, with no missing value',
    });
  }
  if (d.W.islands.length) {
    fail('E_SPATIAL_MODEL', `units without neighbours: ${d.W.islands.slice(0, 5).join(', ')}`, {
      location: where(d.path),
      hint: 'spatial regressions need every unit linked; use islands: nearest or drop the units',
    });
  }
  if ((n - 1) * (T - 1) <= k + 2) {
    fail('E_SPATIAL_MODEL', `${n} units × ${T} periods leave too few observations for ${k} coefficients plus ρ and σ²`, {
      location: where(d.path),
      hint: 'use fewer regressors or a longer panel',
    });
  }
  const tol = opts.tol ?? 1e-12;
  const iv = ld.interval;
  const unit = new Int32Array(n * T);
  const period = new Int32Array(n * T);
  for (let r = 0; r < n * T; r++) {
    unit[r] = r % n;
    period[r] = (r / n) | 0;
  }
  const fe = within(effects === 'unit' ? 'unit' : effects === 'time' ? 'period' : 'twoway', unit, n, period, T, true);
  const names = d.names.slice();
  const Xraw = d.X.slice();
  if (durbin) {
    for (let j = 0; j < d.X.length; j++) {
      Xraw.push(lagPanel(d.W, d.X[j], n, T));
      names.push(`lag.${d.names[j]}`);
    }
  }
  const Wy = lagPanel(d.W, d.y, n, T);
  const yd = fe.apply(d.y);
  const Wyd = fe.apply(Wy);
  const Xd = Xraw.map((c) => fe.apply(c));
  for (let j = 0; j < k; j++) {
    if (dot(Xd[j], Xd[j]) <= 1e-20 * Math.max(1, dot(Xraw[j], Xraw[j]))) {
      fail('E_SPATIAL_MODEL', `the regressor ${names[j]} is absorbed by the fixed effects (no variation left)`, {
        location: where(d.path),
        hint: 'drop it, or use other effects',
      });
    }
  }
  const unc: Variant = { periods: T, nObs: n * T, timeCorrection: false };
  const ly: Variant =
    effects === 'unit'
      ? { periods: T - 1, nObs: n * (T - 1), timeCorrection: false }
      : effects === 'time'
        ? { periods: T, nObs: (n - 1) * T, timeCorrection: true }
        : { periods: T - 1, nObs: (n - 1) * (T - 1), timeCorrection: true };
  const J = (v: Variant, r: number) => v.periods * (ld.value(r) - (v.timeCorrection ? Math.log1p(-r) : 0));
  const J1 = (v: Variant, r: number) => v.periods * (ld.d1(r) + (v.timeCorrection ? 1 / (1 - r) : 0));
  const J2 = (v: Variant, r: number) => v.periods * (ld.d2(r) + (v.timeCorrection ? 1 / (1 - r) ** 2 : 0));
  let evaluations = 0;
  const what = model === 'sem' ? 'λ' : 'ρ';
  if (model !== 'sem') {
    const f0 = ols(Xd, yd, { intercept: false, names });
    const fL = ols(Xd, Wyd, { intercept: false, names });
    const A0 = dot(f0.residuals, f0.residuals);
    const B0 = dot(f0.residuals, fL.residuals);
    const C0 = dot(fL.residuals, fL.residuals);
    const sse = (r: number) => A0 - 2 * r * B0 + r * r * C0;
    const one = (v: Variant): PanelEstimates => {
      const opt = brentMin((r) => -(J(v, r) - 0.5 * v.nObs * Math.log(sse(r))), iv[0], iv[1], tol);
      evaluations += opt.evaluations;
      const rho = polishRoot((r) => J1(v, r) - (0.5 * v.nObs * (-2 * B0 + 2 * r * C0)) / sse(r), opt.x, iv[0], iv[1]);
      atBound(rho, iv, what, d.path);
      const beta = new Float64Array(k);
      for (let j = 0; j < k; j++) beta[j] = f0.coef[j] - rho * fL.coef[j];
      const s2 = sse(rho) / v.nObs;
      const ll = J(v, rho) - 0.5 * v.nObs * (LN2PI + 1 + Math.log(s2));
      const e = new Float64Array(n * T);
      for (let i = 0; i < n * T; i++) e[i] = f0.residuals[i] - rho * fL.residuals[i];
      const V = lagInformationInverse(Xd, Wyd, e, s2, v.nObs, -J2(v, rho), model.toUpperCase(), d.path);
      return panelEstimates(names, beta, V, k + 2, k, rho, s2, ll, v);
    };
    return { model, effects, n, T, regressors: d.names.slice(), uncorrected: one(unc), leeYu: one(ly), interval: [iv[0], iv[1]], tol, evaluations };
  }
  const WX = Xraw.map((c) => lagPanel(d.W, c, n, T));
  const WXd = WX.map((c) => fe.apply(c));
  const ys = new Float64Array(n * T);
  const Xs = Xraw.map(() => new Float64Array(n * T));
  const transform = (lam: number) => {
    for (let i = 0; i < n * T; i++) ys[i] = yd[i] - lam * Wyd[i];
    for (let j = 0; j < k; j++) for (let i = 0; i < n * T; i++) Xs[j][i] = Xd[j][i] - lam * WXd[j][i];
    return ols(Xs, ys, { intercept: false, names });
  };
  const Wu = new Float64Array(n * T);
  const one = (v: Variant): PanelEstimates => {
    const opt = brentMin((lam) => -(J(v, lam) - 0.5 * v.nObs * Math.log(transform(lam).rss)), iv[0], iv[1], tol);
    evaluations += opt.evaluations;
    const score = (lam: number) => {
      const f = transform(lam);
      for (let i = 0; i < n * T; i++) {
        let s = Wyd[i];
        for (let j = 0; j < k; j++) s -= WXd[j][i] * f.coef[j];
        Wu[i] = s;
      }
      return J1(v, lam) + (v.nObs * dot(f.residuals, Wu)) / f.rss;
    };
    const lam = polishRoot(score, opt.x, iv[0], iv[1]);
    atBound(lam, iv, what, d.path);
    score(lam);
    const fit = transform(lam);
    const s2 = fit.rss / v.nObs;
    const ll = J(v, lam) - 0.5 * v.nObs * (LN2PI + 1 + Math.log(s2));
    const V = errorCovariance(Xs, WXd, Wu, fit.residuals, fit.xtxInv, s2, v.nObs, -J2(v, lam), 'SEM', d.path);
    return panelEstimates(names, Float64Array.from(fit.coef), V, k + 2, k, lam, s2, ll, v);
  };
  return { model, effects, n, T, regressors: d.names.slice(), uncorrected: one(unc), leeYu: one(ly), interval: [iv[0], iv[1]], tol, evaluations };
}

// ---------------------------------------------------------------------------------------------
// Choice of the log-determinant
// ---------------------------------------------------------------------------------------------

export type LogDetSetting = 'auto' | LogDetMethod;

/**
 * The log-determinant a model entry uses: `eigen` (exact, O(n³), W similar to a symmetric matrix),
 * `chebyshev` or `mc` (row-standardised W, any size), `auto` = eigen up to {@link LOGDET_AUTO_THRESHOLD}
 * units when W is symmetrisable, else Chebyshev (q = 5).
 */
export function chooseLogDet(
  W: SpatialWeights,
  setting: LogDetSetting | undefined,
  path?: string,
): { kind: 'eigen'; eig: WeightsEigen } | { kind: 'sparse'; ld: SparseLogDet } {
  const eigen = weightsEigen;
  const s = setting ?? 'auto';
  if (s === 'eigen') return { kind: 'eigen', eig: eigen(W, path) };
  if (s === 'chebyshev' || s === 'mc') return { kind: 'sparse', ld: sparseLogDet(W, s, { path }) };
  if (W.units.length <= LOGDET_AUTO_THRESHOLD || !rowStandardised(W)) {
    try {
      return { kind: 'eigen', eig: eigen(W, path) };
    } catch (e) {
      if (!rowStandardised(W)) throw e;
    }
  }
  return { kind: 'sparse', ld: sparseLogDet(W, 'chebyshev', { path }) };
}

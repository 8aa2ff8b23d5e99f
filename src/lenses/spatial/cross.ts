/**
 * Cross-section spatial econometrics (issue 16): OLS diagnostics (Moran's I of the residuals, the
 * five Lagrange-multiplier tests) and maximum-likelihood SAR, SEM, SDM, SDEM and SAC with LeSage–Pace
 * impacts. Pure functions on Float64Array; the weights are a {@link SpatialWeights} in the data's
 * unit order.
 *
 * Model notation: y (n), X (n×k, columns given explicitly, the intercept a column of ones), W.
 * - SAR (spatialreg `lagsarlm`): y = ρWy + Xβ + ε.    SDM (`lagsarlm(Durbin = TRUE)`): X ← [X, WX].
 * - SEM (`errorsarlm`): y = Xβ + u, u = λWu + ε.      SDEM (`errorsarlm(Durbin = TRUE)`): X ← [X, WX].
 * - SAC (`sacsarlm`, W₁ = W₂ = W): y = ρWy + Xβ + u, u = λWu + ε. Profile likelihood: for each ρ the
 *   λ̂(ρ) of the SEM of (I − ρW)y, then Brent over ρ, both polished on their analytic scores (the
 *   outer one by the envelope theorem: ∂ℓ/∂ρ = −Σω/(1 − ρω) + n eᵀB Wy / SSE). SEs from the analytic
 *   information matrix of spatialreg's `sacsarlm(method = "eigen")` over (σ², ρ, λ, β); all the
 *   matrices there are functions of W, so they commute and are formed from the eigen-decomposition.
 *   WX lags every non-constant column (a constant column, the intercept, is not lagged), named `lag.<name>`.
 *
 * Log-determinant: ln|I − ρW| = Σ ln(1 − ρ ω_i) over W's eigenvalues ω, computed once. W must be
 * similar to a symmetric matrix: W = D⁻¹C with C symmetric and D diagonal positive (a row-standardised
 * symmetric binary or distance matrix, or any symmetric W). D is recovered from the weights
 * (d_j = d_i w_ij / w_ji along links, checked for consistency) and the eigenvalues and
 * eigenvectors are those of S = D^{1/2} W D^{-1/2} (symmetric, cyclic Jacobi, machine precision);
 * W = D^{-1/2} V Ω Vᵀ D^{1/2}. Non-symmetrisable W (e.g. row-standardised k-nearest neighbours) is
 * refused with E_SPATIAL_MODEL (complex eigenvalues; a sparse/complex route is future work).
 * Cost O(n³): intended for n up to a few hundred.
 *
 * Concentrated likelihood (σ² and β profiled out): ℓ(ρ) = ln|I − ρW| − n/2 (ln 2π + 1 + ln(SSE(ρ)/n));
 * SAR/SDM: SSE(ρ) = ‖e₀ − ρ e_L‖² with e₀, e_L the OLS residuals of y and Wy on X (β = b₀ − ρ b_L);
 * SEM/SDEM: SSE(λ) = RSS of the OLS of y − λWy on X − λWX. Maximised by Brent's method (R's
 * `optimize`, the same algorithm, ported) over (1/ω_min, 1/ω_max) with absolute tolerance `tol`
 * (default 1e-12). Values alone locate the maximum only to ~√ε relative (the likelihood is flat to
 * machine precision closer than that), so the Brent point is then polished on the analytic score
 * (SAR: −Σω/(1 − ρω) − (n/2)SSE′/SSE; SEM by the envelope theorem SSE′ = −2 eᵀ(Wy − WXβ)) by a
 * bracketed secant/bisection to 4ε relative ({@link polishRoot}). σ² = SSE/n. AIC = −2ℓ + 2(k + 2).
 *
 * Standard errors: the analytic asymptotic information matrix (as spatialreg's default
 * `method = "eigen"`), inverted: SAR/SDM over (β, ρ, σ²) with A = W(I − ρW)⁻¹:
 * I_ββ = XᵀX/σ², I_βρ = XᵀAXβ/σ², I_ρρ = tr(A²) + tr(AᵀA) + ‖AXβ‖²/σ², I_ρσ² = tr(A)/σ², I_σ²σ² = n/(2σ⁴);
 * SEM/SDEM: Var β = σ² (X*ᵀX*)⁻¹ with X* = X − λWX, and λ from the (λ, σ²) block with B = W(I − λW)⁻¹.
 *
 * Impacts (LeSage & Pace 2009), exact from the eigen-decomposition: for column r,
 * S_r = (I − ρW)⁻¹(β_r I + θ_r W) = D^{-1/2} V diag((β_r + θ_r ω)/(1 − ρω)) Vᵀ D^{1/2};
 * direct = tr(S_r)/n, total = 1ᵀS_r1/n, indirect = total − direct (θ = 0 for SAR).
 *
 * Diagnostics follow spdep 1.2 exactly: `lm.morantest` (W symmetrised as (W + Wᵀ)/2, normal
 * approximation, one-sided "greater" p) and `lm.LMtests` (LMerr, LMlag, RLMerr, RLMlag, SARMA =
 * RLMlag + LMerr, χ² p-values).
 *
 * References: L. Anselin (1988) *Spatial Econometrics: Methods and Models*, Kluwer (ch. 6, 8, 12);
 * Anselin, Bera, Florax & Yoon (1996) Reg. Sci. Urban Econ. 26:77–104; J. LeSage & R. K. Pace (2009)
 * *Introduction to Spatial Econometrics*, ch. 2–3; R. Bivand et al. spdep 1.2-7, spatialreg 1.2-6;
 * R. P. Brent (1973) *Algorithms for Minimization without Derivatives*, ch. 5.
 */
import { fail } from '../../core/errors.js';
import type { SpatialWeights } from '../../analysis/spatial/types.js';
import { findLink, spatialLag } from '../../analysis/spatial/weights.js';
import { chiSquareSf, normalSf } from '../../kernels/distributions.js';
import { ols } from '../../kernels/ols.js';
import { jacobiEigen } from '../../pipeline/weight/jacobi.js';

/** Regression data: response, design columns (intercept included as a column of ones) and their names. */
export interface SpatialData {
  y: Float64Array;
  X: readonly Float64Array[];
  names: readonly string[];
  W: SpatialWeights;
  /** Spec path for error locations. */
  path?: string;
  /** Durbin models: the regressors to lag (partial Durbin terms, spatialreg `Durbin = ~ x1 + …`); default every non-constant one. */
  durbin?: readonly string[];
}

/** Eigen-decomposition of W through its symmetric similar matrix S = D^{1/2} W D^{-1/2}. */
export interface WeightsEigen {
  n: number;
  /** Eigenvalues of W (ascending). */
  values: Float64Array;
  /** Row-major n×n; column k is the unit eigenvector of S for `values[k]`. */
  vectors: Float64Array;
  /** √d_i (W = D⁻¹C, C symmetric). */
  dHalf: Float64Array;
  /** Column sums of D^{-1/2}V and of D^{1/2}V (for 1ᵀ S 1). */
  left: Float64Array;
  right: Float64Array;
  method: string;
}

/** A test statistic with its degrees of freedom and p-value. */
export interface TestStat {
  statistic: number;
  df: number;
  p: number;
}

/** OLS diagnostics. */
export interface OlsDiagnostics {
  coef: Float64Array;
  names: string[];
  residuals: Float64Array;
  rss: number;
  logLik: number;
  moran: { I: number; expectation: number; variance: number; z: number; p: number };
  lm: { LMerr: TestStat; LMlag: TestStat; RLMerr: TestStat; RLMlag: TestStat; SARMA: TestStat };
}

export type SpatialModelKind = 'sar' | 'sem' | 'sdm' | 'sdem' | 'sac';

/** An ML fit. `param` is ρ (SAR, SDM, SAC) or λ (SEM, SDEM); SAC also has `lambda`, `lambdaSe`. */
export interface SpatialFit {
  model: SpatialModelKind;
  names: string[];
  coef: Float64Array;
  se: Float64Array;
  z: Float64Array;
  p: Float64Array;
  param: number;
  paramSe: number;
  /** SAC only: the error parameter λ and its SE. */
  lambda?: number;
  lambdaSe?: number;
  /** SAR, SDM, SAC: the estimated covariance of (coef…, ρ), (k + 1)², row-major (the effects' delta method and simulation). */
  vcov?: Float64Array;
  sigma2: number;
  logLik: number;
  aic: number;
  /** Log-likelihood of OLS on the same design and LR = 2(ℓ − ℓ_OLS) on 1 df. */
  logLikOls: number;
  lr: TestStat;
  n: number;
  interval: [number, number];
  /** Brent evaluations and the tolerance used. */
  evaluations: number;
  tol: number;
}

/** LeSage–Pace average impacts per (non-constant, non-lag) regressor. */
export interface SpatialImpacts {
  names: string[];
  direct: Float64Array;
  indirect: Float64Array;
  total: Float64Array;
}

export interface FitOptions {
  /** Brent's absolute tolerance on ρ/λ (default 1e-12). */
  tol?: number;
  /** Pre-computed eigen-decomposition of W (computed when absent). */
  eigen?: WeightsEigen;
}

const LN2PI = Math.log(2 * Math.PI);

function where(path?: string) {
  return path ? { path } : undefined;
}

function checkData(d: SpatialData): number {
  const n = d.y.length;
  if (d.W.units.length !== n) {
    fail('E_SPATIAL_DATA', `the weights have ${d.W.units.length} units but the data ${n} observations`, {
      location: where(d.path),
      hint: 'build the weights over exactly the units of the cross-section, in the same order',
    });
  }
  if (d.X.length !== d.names.length) fail('E_SPATIAL_DATA', `${d.X.length} design columns but ${d.names.length} names`, { location: where(d.path) });
  for (const c of d.X) if (c.length !== n) fail('E_SPATIAL_DATA', `a design column has ${c.length} values, y has ${n}`, { location: where(d.path) });
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

// ---------------------------------------------------------------------------------------------
// Eigenvalues of W
// ---------------------------------------------------------------------------------------------

/**
 * Eigen-decomposition of W via the symmetric S = D^{1/2} W D^{-1/2} (see the module comment).
 * @throws E_SPATIAL_MODEL when W is not similar to a symmetric matrix this way.
 */
export function weightsEigen(W: SpatialWeights, path?: string): WeightsEigen {
  const n = W.units.length;
  const d = new Float64Array(n); // 0 = not yet set
  const stack: number[] = [];
  const bad = (i: number, j: number): never =>
    fail('E_SPATIAL_MODEL', `the weights are not similar to a symmetric matrix (link ${W.units[i]} → ${W.units[j]})`, {
      location: where(path),
      hint: 'use symmetric weights (contiguity, distance bands, inverse distance), row-standardised or not; k-nearest neighbours are asymmetric',
    });
  for (let s = 0; s < n; s++) {
    if (d[s] !== 0) continue;
    d[s] = 1;
    stack.push(s);
    while (stack.length) {
      const i = stack.pop() as number;
      for (let e = W.indptr[i]; e < W.indptr[i + 1]; e++) {
        const j = W.indices[e];
        const back = findLink(W, j, i);
        if (back < 0 || !(W.weights[e] > 0) || !(W.weights[back] > 0)) bad(i, j);
        const dj = (d[i] * W.weights[e]) / W.weights[back];
        if (d[j] === 0) {
          d[j] = dj;
          stack.push(j);
        } else if (Math.abs(d[j] - dj) > 1e-10 * d[j]) bad(i, j);
      }
    }
  }
  const dHalf = new Float64Array(n);
  for (let i = 0; i < n; i++) dHalf[i] = Math.sqrt(d[i]);
  const S = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let e = W.indptr[i]; e < W.indptr[i + 1]; e++) {
      const j = W.indices[e];
      S[i * n + j] = (dHalf[i] * W.weights[e]) / dHalf[j];
    }
  }
  // Exact symmetry (rounding of the two triangles).
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const v = 0.5 * (S[i * n + j] + S[j * n + i]);
      S[i * n + j] = v;
      S[j * n + i] = v;
    }
  }
  const eig = jacobiEigen(S, n);
  // jacobiEigen is largest first: reverse to ascending.
  const values = new Float64Array(n);
  const vectors = new Float64Array(n * n);
  for (let k = 0; k < n; k++) {
    values[k] = eig.values[n - 1 - k];
    for (let i = 0; i < n; i++) vectors[i * n + k] = eig.vectors[i * n + (n - 1 - k)];
  }
  const left = new Float64Array(n);
  const right = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < n; k++) {
      left[k] += vectors[i * n + k] / dHalf[i];
      right[k] += vectors[i * n + k] * dHalf[i];
    }
  }
  return {
    n,
    values,
    vectors,
    dHalf,
    left,
    right,
    method: 'eigenvalues of the symmetric matrix D^{1/2} W D^{-1/2} similar to W (cyclic Jacobi)',
  };
}

/** ln|I − ρW| = Σ ln(1 − ρω). */
export function logDet(eig: WeightsEigen, rho: number): number {
  let s = 0;
  for (let k = 0; k < eig.n; k++) s += Math.log1p(-rho * eig.values[k]);
  return s;
}

/** Dense A = W(I − ρW)⁻¹ = D^{-1/2} V diag(ω/(1 − ρω)) Vᵀ D^{1/2}, row-major. */
export function lagInverse(eig: WeightsEigen, rho: number): Float64Array {
  const { n, values, vectors, dHalf } = eig;
  const g = new Float64Array(n);
  for (let k = 0; k < n; k++) g[k] = values[k] / (1 - rho * values[k]);
  const A = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += vectors[i * n + k] * g[k] * vectors[j * n + k];
      A[i * n + j] = (s * dHalf[j]) / dHalf[i];
    }
  }
  return A;
}

export function traces(A: Float64Array, n: number): { tr: number; tr2: number; frob: number } {
  let tr = 0;
  let tr2 = 0;
  let frob = 0;
  for (let i = 0; i < n; i++) {
    tr += A[i * n + i];
    for (let j = 0; j < n; j++) {
      tr2 += A[i * n + j] * A[j * n + i];
      frob += A[i * n + j] * A[i * n + j];
    }
  }
  return { tr, tr2, frob };
}

// ---------------------------------------------------------------------------------------------
// Small dense linear algebra
// ---------------------------------------------------------------------------------------------

/** Inverse of a symmetric positive-definite m×m matrix (Cholesky); fails with E_SPATIAL_MODEL. */
export function spdInverse(M: Float64Array, m: number, what: string, path?: string): Float64Array {
  const L = new Float64Array(m * m);
  for (let j = 0; j < m; j++) {
    let s = M[j * m + j];
    for (let k = 0; k < j; k++) s -= L[j * m + k] * L[j * m + k];
    if (!(s > 0)) {
      fail('E_SPATIAL_MODEL', `the information matrix of the ${what} is not positive definite`, {
        location: where(path),
        hint: 'the estimate may sit at the bound of the parameter space, or regressors are (nearly) collinear',
      });
    }
    L[j * m + j] = Math.sqrt(s);
    for (let i = j + 1; i < m; i++) {
      let t = M[i * m + j];
      for (let k = 0; k < j; k++) t -= L[i * m + k] * L[j * m + k];
      L[i * m + j] = t / L[j * m + j];
    }
  }
  const inv = new Float64Array(m * m);
  const col = new Float64Array(m);
  for (let c = 0; c < m; c++) {
    col.fill(0);
    col[c] = 1;
    for (let i = 0; i < m; i++) {
      let s = col[i];
      for (let k = 0; k < i; k++) s -= L[i * m + k] * col[k];
      col[i] = s / L[i * m + i];
    }
    for (let i = m - 1; i >= 0; i--) {
      let s = col[i];
      for (let k = i + 1; k < m; k++) s -= L[k * m + i] * col[k];
      col[i] = s / L[i * m + i];
    }
    for (let i = 0; i < m; i++) inv[i * m + c] = col[i];
  }
  return inv;
}

function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/** Transpose lag (Wᵀx)_j = Σ_i w_ij x_i. */
function transposeLag(W: SpatialWeights, x: ArrayLike<number>): Float64Array {
  const n = W.units.length;
  const r = new Float64Array(n);
  for (let i = 0; i < n; i++) for (let e = W.indptr[i]; e < W.indptr[i + 1]; e++) r[W.indices[e]] += W.weights[e] * x[i];
  return r;
}

/** Brent's one-dimensional minimiser, a port of R's `optimize` (Brent_fmin). */
export function brentMin(f: (x: number) => number, ax: number, bx: number, tol: number): { x: number; fx: number; evaluations: number } {
  const c = (3 - Math.sqrt(5)) * 0.5;
  const eps = Math.sqrt(2.220446049250313e-16);
  let a = ax;
  let b = bx;
  let v = a + c * (b - a);
  let w = v;
  let x = v;
  let d = 0;
  let e = 0;
  let fx = f(x);
  let evaluations = 1;
  let fv = fx;
  let fw = fx;
  const tol3 = tol / 3;
  for (;;) {
    const xm = (a + b) * 0.5;
    const tol1 = eps * Math.abs(x) + tol3;
    const t2 = tol1 * 2;
    if (Math.abs(x - xm) <= t2 - (b - a) * 0.5) break;
    let p = 0;
    let q = 0;
    let r = 0;
    if (Math.abs(e) > tol1) {
      r = (x - w) * (fx - fv);
      q = (x - v) * (fx - fw);
      p = (x - v) * q - (x - w) * r;
      q = (q - r) * 2;
      if (q > 0) p = -p;
      else q = -q;
      r = e;
      e = d;
    }
    if (Math.abs(p) >= Math.abs(q * 0.5 * r) || p <= q * (a - x) || p >= q * (b - x)) {
      e = x < xm ? b - x : a - x;
      d = c * e;
    } else {
      d = p / q;
      const u = x + d;
      if (u - a < t2 || b - u < t2) {
        d = tol1;
        if (x >= xm) d = -d;
      }
    }
    let u: number;
    if (Math.abs(d) >= tol1) u = x + d;
    else if (d > 0) u = x + tol1;
    else u = x - tol1;
    const fu = f(u);
    evaluations++;
    if (fu <= fx) {
      if (u < x) b = x;
      else a = x;
      v = w;
      w = x;
      x = u;
      fv = fw;
      fw = fx;
      fx = fu;
    } else {
      if (u < x) a = u;
      else b = u;
      if (fu <= fw || w === x) {
        v = w;
        fv = fw;
        w = u;
        fw = fu;
      } else if (fu <= fv || v === x || v === w) {
        v = u;
        fv = fu;
      }
    }
  }
  return { x, fx, evaluations };
}

/**
 * Polish a maximiser x₀ of a smooth concave function by the root of its analytic derivative
 * (score): bracket the sign change around x₀ (step 1e-7, doubled), then bisection-safeguarded
 * secant to |interval| ≤ 4ε|x|. Brent on values alone stops ~√ε away (the function is flat to
 * machine precision there); the score pins the maximum to ~ε. Returns x₀ when no bracket is found.
 */
export function polishRoot(score: (x: number) => number, x0: number, lo: number, hi: number): number {
  let h = 1e-7 * Math.max(1, Math.abs(x0));
  let a = x0;
  let b = x0;
  let fa = score(a);
  if (fa === 0) return x0;
  let fb = fa;
  for (let t = 0; t < 30 && Math.sign(fa) === Math.sign(fb); t++) {
    a = Math.max(x0 - h, lo + 0.5 * (x0 - lo));
    b = Math.min(x0 + h, hi - 0.5 * (hi - x0));
    fa = score(a);
    fb = score(b);
    h *= 2;
  }
  if (!(Math.sign(fa) !== Math.sign(fb))) return x0;
  for (let it = 0; it < 200; it++) {
    if (Math.abs(b - a) <= 4 * Number.EPSILON * Math.max(Math.abs(a), Math.abs(b))) break;
    let x = b - (fb * (b - a)) / (fb - fa);
    const mid = 0.5 * (a + b);
    if (!(x > Math.min(a, b) && x < Math.max(a, b)) || it % 3 === 2) x = mid;
    const fx = score(x);
    if (fx === 0) return x;
    if (Math.sign(fx) === Math.sign(fa)) {
      a = x;
      fa = fx;
    } else {
      b = x;
      fb = fx;
    }
  }
  return Math.abs(fa) < Math.abs(fb) ? a : b;
}

// ---------------------------------------------------------------------------------------------
// OLS diagnostics
// ---------------------------------------------------------------------------------------------

/** OLS of y on X with Moran's I of the residuals and the LM tests (spdep 1.2 `lm.morantest`, `lm.LMtests`). */
export function olsDiagnostics(d: SpatialData): OlsDiagnostics {
  const n = checkData(d);
  const { W, y } = d;
  const fit = ols(d.X, y, { intercept: false, names: d.names });
  const k = fit.k;
  const u = fit.residuals;
  const G = fit.xtxInv;
  const uu = dot(u, u);
  // Symmetrised weights U = (W + Wᵀ)/2 for the Moran test (spdep listw2U).
  let trWW = 0;
  let trWtW = 0;
  let S0 = 0;
  for (let i = 0; i < n; i++) {
    for (let e = W.indptr[i]; e < W.indptr[i + 1]; e++) {
      const j = W.indices[e];
      const w = W.weights[e];
      S0 += w;
      trWtW += w * w;
      const b = findLink(W, j, i);
      if (b >= 0) trWW += w * W.weights[b];
    }
  }
  const S1 = trWW + trWtW; // 0.5 Σ (2 u_ij)² = Σ (w_ij + w_ji)²/2
  const lagU = (x: ArrayLike<number>) => {
    const a = spatialLag(W, x);
    const b = transposeLag(W, x);
    for (let i = 0; i < n; i++) a[i] = 0.5 * (a[i] + b[i]);
    return a;
  };
  const I = (n / S0) * (dot(u, lagU(u)) / uu);
  const Z = d.X.map((c) => lagU(c));
  const C1 = new Float64Array(k * k); // XᵀZ
  const C2 = new Float64Array(k * k); // ZᵀZ
  for (let a = 0; a < k; a++) {
    for (let b = 0; b < k; b++) {
      C1[a * k + b] = dot(d.X[a], Z[b]);
      C2[a * k + b] = dot(Z[a], Z[b]);
    }
  }
  const C3 = new Float64Array(k * k);
  for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) for (let c = 0; c < k; c++) C3[a * k + b] += G[a * k + c] * C1[c * k + b];
  let trA = 0;
  let trA2 = 0;
  let trB = 0;
  for (let a = 0; a < k; a++) {
    trA += C3[a * k + a];
    for (let b = 0; b < k; b++) {
      trA2 += C3[a * k + b] * C3[b * k + a];
      trB += 4 * G[a * k + b] * C2[b * k + a];
    }
  }
  const EI = -(n * trA) / ((n - k) * S0);
  const VI = ((n * n) / (S0 * S0 * (n - k) * (n - k + 2))) * (S1 + 2 * trA2 - trB - (2 * trA * trA) / (n - k));
  const zI = (I - EI) / Math.sqrt(VI);

  // LM tests (W itself).
  const sigma2 = uu / n;
  const TrW = trWW + trWtW;
  const Wu = spatialLag(W, u);
  const Wy = spatialLag(W, y);
  const Wyhat = spatialLag(W, fit.fitted);
  const XtWyhat = d.X.map((c) => dot(c, Wyhat));
  let quad = 0;
  for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) quad += XtWyhat[a] * G[a * k + b] * XtWyhat[b];
  const NJ = (dot(Wyhat, Wyhat) - quad + TrW * sigma2) / sigma2;
  const dutWu = dot(u, Wu) / sigma2;
  const dutWy = dot(u, Wy) / sigma2;
  const stat = (s: number, df: number): TestStat => ({ statistic: s, df, p: chiSquareSf(s, df) });
  const LMerr = (dutWu * dutWu) / TrW;
  const RLMlag = (dutWy - dutWu) ** 2 / (NJ - TrW);
  return {
    coef: fit.coef,
    names: fit.names,
    residuals: u,
    rss: uu,
    logLik: -0.5 * n * (LN2PI + 1 + Math.log(uu / n)),
    moran: { I, expectation: EI, variance: VI, z: zI, p: normalSf(zI) },
    lm: {
      LMerr: stat(LMerr, 1),
      LMlag: stat((dutWy * dutWy) / NJ, 1),
      RLMerr: stat((dutWu - (TrW / NJ) * dutWy) ** 2 / (TrW * (1 - TrW / NJ)), 1),
      RLMlag: stat(RLMlag, 1),
      SARMA: stat(RLMlag + LMerr, 2),
    },
  };
}

// ---------------------------------------------------------------------------------------------
// ML estimation
// ---------------------------------------------------------------------------------------------

/**
 * Design with WX appended for the Durbin models: constant columns (the intercept) are not lagged, and with `d.durbin`
 * only the named regressors are. `regressors`: the non-constant columns (whose effects are reported), `lagged` ⊆ them.
 */
export function durbinDesign(d: SpatialData): { X: Float64Array[]; names: string[]; lagged: number[]; regressors: number[] } {
  const X = d.X.slice();
  const names = d.names.slice();
  const lagged: number[] = [];
  const regressors: number[] = [];
  d.X.forEach((c, j) => {
    let constant = true;
    for (let i = 1; i < c.length && constant; i++) if (c[i] !== c[0]) constant = false;
    if (constant) return;
    regressors.push(j);
    if (d.durbin && !d.durbin.includes(d.names[j])) return;
    X.push(spatialLag(d.W, c));
    names.push(`lag.${d.names[j]}`);
    lagged.push(j);
  });
  return { X, names, lagged, regressors };
}

/** β and θ (0 for a regressor without its lag) of each reported regressor of a SAR/SDM/SAC fit, for the effects. */
export function effectCoefficients(d: SpatialData, fit: SpatialFit): { names: string[]; beta: number[]; theta?: number[] } {
  const des = durbinDesign(d);
  const names = des.regressors.map((j) => d.names[j]);
  const beta = des.regressors.map((j) => fit.coef[j]);
  if (fit.model !== 'sdm') return { names, beta };
  const theta = des.regressors.map((j) => {
    const q = des.lagged.indexOf(j);
    return q < 0 ? 0 : fit.coef[d.X.length + q];
  });
  return { names, beta, theta };
}

/** Positions in `fit.coef` of each reported regressor's β and θ (−1: θ = 0, not estimated) — the effects' inference. */
export function effectIndex(d: SpatialData, fit: SpatialFit): { names: string[]; beta: number[]; theta?: number[] } {
  const des = durbinDesign(d);
  const names = des.regressors.map((j) => d.names[j]);
  const beta = des.regressors.slice();
  if (fit.model !== 'sdm') return { names, beta };
  const theta = des.regressors.map((j) => {
    const q = des.lagged.indexOf(j);
    return q < 0 ? -1 : d.X.length + q;
  });
  return { names, beta, theta };
}

export function eigenInterval(eig: WeightsEigen, path?: string): [number, number] {
  const lo = eig.values[0];
  const hi = eig.values[eig.n - 1];
  if (!(lo < 0 && hi > 0)) {
    fail('E_SPATIAL_MODEL', `the eigenvalues of W span [${lo}, ${hi}], not an interval around 0`, {
      location: where(path),
      hint: 'the weights must have positive links and zero diagonal',
    });
  }
  return [1 / lo, 1 / hi];
}

function finish(
  model: SpatialModelKind,
  names: string[],
  coef: Float64Array,
  se: Float64Array,
  param: number,
  paramSe: number,
  sigma2: number,
  logLik: number,
  logLikOls: number,
  n: number,
  iv: [number, number],
  evaluations: number,
  tol: number,
): SpatialFit {
  const k = coef.length;
  const z = new Float64Array(k);
  const p = new Float64Array(k);
  for (let j = 0; j < k; j++) {
    z[j] = coef[j] / se[j];
    p[j] = 2 * normalSf(Math.abs(z[j]));
  }
  const lr = 2 * (logLik - logLikOls);
  return {
    model,
    names,
    coef,
    se,
    z,
    p,
    param,
    paramSe,
    sigma2,
    logLik,
    aic: -2 * logLik + 2 * (k + 2),
    logLikOls,
    lr: { statistic: lr, df: 1, p: chiSquareSf(Math.max(lr, 0), 1) },
    n,
    interval: iv,
    evaluations,
    tol,
  };
}

export function atBound(param: number, iv: [number, number], what: string, path?: string): void {
  const span = iv[1] - iv[0];
  if (param - iv[0] < 1e-6 * span || iv[1] - param < 1e-6 * span) {
    fail('E_SPATIAL_MODEL', `the ML estimate of ${what} = ${param} is at the bound of (${iv[0]}, ${iv[1]}); (I − ${what}W) is (nearly) singular`, {
      location: where(path),
      hint: 'the model does not fit these data: check the weights and the regressors, or use another model',
    });
  }
}

/** SAR (or SDM with `durbin`) by concentrated ML; spatialreg `lagsarlm(method = "eigen")`. */
export function fitLag(d: SpatialData, opts: FitOptions & { durbin?: boolean } = {}): SpatialFit {
  const n = checkData(d);
  const eig = opts.eigen ?? weightsEigen(d.W, d.path);
  const tol = opts.tol ?? 1e-12;
  const des = opts.durbin ? durbinDesign(d) : { X: d.X.slice(), names: d.names.slice() };
  const X = des.X;
  const k = X.length;
  const Wy = spatialLag(d.W, d.y);
  const f0 = ols(X, d.y, { intercept: false, names: des.names });
  const fL = ols(X, Wy, { intercept: false, names: des.names });
  const e0 = f0.residuals;
  const eL = fL.residuals;
  const A0 = dot(e0, e0);
  const B0 = dot(e0, eL);
  const C0 = dot(eL, eL);
  const sse = (r: number) => A0 - 2 * r * B0 + r * r * C0;
  const iv = eigenInterval(eig, d.path);
  const negLl = (r: number) => -(logDet(eig, r) - 0.5 * n * Math.log(sse(r) / n));
  const opt = brentMin(negLl, iv[0], iv[1], tol);
  const score = (r: number) => {
    let trW = 0;
    for (let q = 0; q < n; q++) trW += eig.values[q] / (1 - r * eig.values[q]);
    return -trW - (0.5 * n * (-2 * B0 + 2 * r * C0)) / sse(r);
  };
  const rho = polishRoot(score, opt.x, iv[0], iv[1]);
  atBound(rho, iv, 'ρ', d.path);
  const beta = new Float64Array(k);
  for (let j = 0; j < k; j++) beta[j] = f0.coef[j] - rho * fL.coef[j];
  const s2 = sse(rho) / n;
  const logLik = logDet(eig, rho) - 0.5 * n * (LN2PI + 1 + Math.log(s2));
  // Information matrix over (β, ρ, σ²).
  const A = lagInverse(eig, rho);
  const tr = traces(A, n);
  const xb = new Float64Array(n);
  for (let j = 0; j < k; j++) for (let i = 0; i < n; i++) xb[i] += X[j][i] * beta[j];
  const axb = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += A[i * n + j] * xb[j];
    axb[i] = s;
  }
  const m = k + 2;
  const Info = new Float64Array(m * m);
  for (let a = 0; a < k; a++) {
    for (let b = 0; b < k; b++) Info[a * m + b] = dot(X[a], X[b]) / s2;
    const v = dot(X[a], axb) / s2;
    Info[a * m + k] = v;
    Info[k * m + a] = v;
  }
  Info[k * m + k] = tr.tr2 + tr.frob + dot(axb, axb) / s2;
  Info[k * m + k + 1] = tr.tr / s2;
  Info[(k + 1) * m + k] = tr.tr / s2;
  Info[(k + 1) * m + k + 1] = n / (2 * s2 * s2);
  const V = spdInverse(Info, m, opts.durbin ? 'SDM' : 'SAR', d.path);
  const se = new Float64Array(k);
  for (let j = 0; j < k; j++) se[j] = Math.sqrt(V[j * m + j]);
  const llOls = -0.5 * n * (LN2PI + 1 + Math.log(A0 / n));
  const out = finish(opts.durbin ? 'sdm' : 'sar', des.names, beta, se, rho, Math.sqrt(V[k * m + k]), s2, logLik, llOls, n, iv, opt.evaluations, tol);
  out.vcov = subCovariance(V, m, [...Array.from({ length: k }, (_, j) => j), k]);
  return out;
}

/** The covariance of the parameters at `at` (positions in the m × m `V`), in that order, row-major. */
export function subCovariance(V: ArrayLike<number>, m: number, at: readonly number[]): Float64Array {
  const q = at.length;
  const out = new Float64Array(q * q);
  for (let a = 0; a < q; a++) for (let b = 0; b < q; b++) out[a * q + b] = V[at[a] * m + at[b]];
  return out;
}

/** SEM (or SDEM with `durbin`) by concentrated ML; spatialreg `errorsarlm(method = "eigen")`. */
export function fitError(d: SpatialData, opts: FitOptions & { durbin?: boolean } = {}): SpatialFit {
  const n = checkData(d);
  const eig = opts.eigen ?? weightsEigen(d.W, d.path);
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
  const iv = eigenInterval(eig, d.path);
  const negLl = (lam: number) => -(logDet(eig, lam) - 0.5 * n * Math.log(transform(lam).rss / n));
  const opt = brentMin(negLl, iv[0], iv[1], tol);
  const score = (lam: number) => {
    const f = transform(lam);
    let tw = 0;
    for (let q = 0; q < n; q++) tw += eig.values[q] / (1 - lam * eig.values[q]);
    let g = 0;
    for (let i = 0; i < n; i++) {
      let wxb = 0;
      for (let j = 0; j < k; j++) wxb += WX[j][i] * f.coef[j];
      g += f.residuals[i] * (Wy[i] - wxb);
    }
    return -tw + (n * g) / f.rss;
  };
  const lambda = polishRoot(score, opt.x, iv[0], iv[1]);
  atBound(lambda, iv, 'λ', d.path);
  const fit = transform(lambda);
  const s2 = fit.rss / n;
  const logLik = logDet(eig, lambda) - 0.5 * n * (LN2PI + 1 + Math.log(s2));
  const se = new Float64Array(k);
  for (let j = 0; j < k; j++) se[j] = Math.sqrt(s2 * fit.xtxInv[j * k + j]);
  const tr = traces(lagInverse(eig, lambda), n);
  const Info = Float64Array.of(n / (2 * s2 * s2), tr.tr / s2, tr.tr / s2, tr.tr2 + tr.frob);
  const V = spdInverse(Info, 2, opts.durbin ? 'SDEM' : 'SEM', d.path);
  const f0 = ols(X, d.y, { intercept: false, names: des.names });
  const llOls = -0.5 * n * (LN2PI + 1 + Math.log(f0.rss / n));
  return finish(opts.durbin ? 'sdem' : 'sem', des.names, fit.coef, se, lambda, Math.sqrt(V[3]), s2, logLik, llOls, n, iv, opt.evaluations, tol);
}

/** SAR: {@link fitLag}. */
export const fitSar = (d: SpatialData, opts: FitOptions = {}): SpatialFit => fitLag(d, { ...opts, durbin: false });
/** SDM: {@link fitLag} with WX. */
export const fitSdm = (d: SpatialData, opts: FitOptions = {}): SpatialFit => fitLag(d, { ...opts, durbin: true });
/** SEM: {@link fitError}. */
export const fitSem = (d: SpatialData, opts: FitOptions = {}): SpatialFit => fitError(d, { ...opts, durbin: false });
/** SDEM: {@link fitError} with WX. */
export const fitSdem = (d: SpatialData, opts: FitOptions = {}): SpatialFit => fitError(d, { ...opts, durbin: true });

/**
 * SAC (SARAR(1,1) with one W) by profile ML; spatialreg `sacsarlm(method = "eigen")` (see the module
 * comment). `param` is ρ, `lambda` is λ. Cost: O(n³) once (eigen, SEs) + O(n k²) per evaluation,
 * ~10⁴ evaluations (nested one-dimensional searches).
 */
/**
 * The SAC's maximum over (ρ, λ), given ln|I − ρW| (`value`) and its derivative (`d1`) — the exact eigenvalue one (fitSac)
 * or a sparse approximation (large.ts fitSacSparse): λ̂(ρ) by Brent on the likelihood concentrated in β and σ² and its
 * score root, ρ by Brent on that profile and its envelope score; refuses an estimate at the bound of `iv`. Returns the
 * estimates, the OLS of (I − λ̂W)(I − ρ̂W)y on X̃ = (I − λ̂W)X (`fit`, `Xs`) and the lags it used.
 */
export function sacOptimum(d: SpatialData, ld: { value(p: number): number; d1(p: number): number }, iv: [number, number], tol: number) {
  const n = d.y.length;
  const X = d.X.slice();
  const k = X.length;
  const names = d.names.slice();
  const Wy = spatialLag(d.W, d.y);
  const WWy = spatialLag(d.W, Wy);
  const WX = X.map((c) => spatialLag(d.W, c));
  const ys = new Float64Array(n);
  const Xs = X.map(() => new Float64Array(n));
  let evaluations = 0;
  // OLS of B(A y) on B X for (ρ, λ); A y = y − ρWy, W A y = Wy − ρWWy.
  const inner = (rho: number, lam: number) => {
    evaluations++;
    for (let i = 0; i < n; i++) ys[i] = d.y[i] - rho * Wy[i] - lam * (Wy[i] - rho * WWy[i]);
    for (let j = 0; j < k; j++) for (let i = 0; i < n; i++) Xs[j][i] = X[j][i] - lam * WX[j][i];
    return ols(Xs, ys, { intercept: false, names });
  };
  const lamHat = (rho: number): number => {
    const neg = (lam: number) => -(ld.value(lam) - 0.5 * n * Math.log(inner(rho, lam).rss / n));
    const score = (lam: number) => {
      const f = inner(rho, lam);
      let g = 0;
      for (let i = 0; i < n; i++) {
        let wxb = 0;
        for (let j = 0; j < k; j++) wxb += WX[j][i] * f.coef[j];
        g += f.residuals[i] * (Wy[i] - rho * WWy[i] - wxb);
      }
      return ld.d1(lam) + (n * g) / f.rss;
    };
    return polishRoot(score, brentMin(neg, iv[0], iv[1], tol).x, iv[0], iv[1]);
  };
  const profile = (rho: number) => {
    const lam = lamHat(rho);
    return -(ld.value(rho) + ld.value(lam) - 0.5 * n * Math.log(inner(rho, lam).rss / n));
  };
  const rhoScore = (rho: number) => {
    const lam = lamHat(rho);
    const f = inner(rho, lam);
    let g = 0;
    for (let i = 0; i < n; i++) g += f.residuals[i] * (Wy[i] - lam * WWy[i]);
    return ld.d1(rho) + (n * g) / f.rss;
  };
  const rho = polishRoot(rhoScore, brentMin(profile, iv[0], iv[1], tol).x, iv[0], iv[1]);
  atBound(rho, iv, 'ρ', d.path);
  const lambda = lamHat(rho);
  atBound(lambda, iv, 'λ', d.path);
  const fit = inner(rho, lambda);
  return { rho, lambda, fit, Xs, X, names, Wy, WWy, WX, evaluations };
}

export function fitSac(d: SpatialData, opts: FitOptions = {}): SpatialFit {
  const n = checkData(d);
  const eig = opts.eigen ?? weightsEigen(d.W, d.path);
  const tol = opts.tol ?? 1e-12;
  const iv = eigenInterval(eig, d.path);
  const sumRatio = (p: number) => {
    let s = 0;
    for (let q = 0; q < n; q++) s += eig.values[q] / (1 - p * eig.values[q]);
    return s;
  };
  const o = sacOptimum(d, { value: (p) => logDet(eig, p), d1: (p) => -sumRatio(p) }, iv, tol);
  const { rho, lambda, fit, Xs, X, names, evaluations } = o;
  const k = X.length;
  const beta = fit.coef;
  const s2 = fit.rss / n;
  const logLik = logDet(eig, rho) + logDet(eig, lambda) - 0.5 * n * (LN2PI + 1 + Math.log(s2));
  // Information matrix, order (σ², ρ, λ, β) as spatialreg; WA = W(I − ρW)⁻¹, WB = W(I − λW)⁻¹.
  const WA = lagInverse(eig, rho);
  const WB = lagInverse(eig, lambda);
  const ta = traces(WA, n);
  const tb = traces(WB, n);
  let trWBtWA = 0; // tr(WBᵀ WA) = ⟨WB, WA⟩_F
  for (let q = 0; q < n * n; q++) trWBtWA += WB[q] * WA[q];
  let trWAWB = 0; // tr(W WA B⁻¹) = tr(WA WB) = Σ ω²/((1 − ρω)(1 − λω))
  for (let q = 0; q < n; q++) {
    const w = eig.values[q];
    trWAWB += (w * w) / ((1 - rho * w) * (1 - lambda * w));
  }
  const xb = new Float64Array(n);
  for (let j = 0; j < k; j++) for (let i = 0; i < n; i++) xb[i] += X[j][i] * beta[j];
  const waxb = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += WA[i * n + j] * xb[j];
    waxb[i] = s;
  }
  const bwaxb = spatialLag(d.W, waxb).map((v, i) => waxb[i] - lambda * v);
  const m = k + 3;
  const Info = new Float64Array(m * m);
  const set = (a: number, b: number, v: number) => {
    Info[a * m + b] = v;
    Info[b * m + a] = v;
  };
  set(0, 0, n / (2 * s2 * s2));
  set(1, 1, ta.tr2 + ta.frob + dot(bwaxb, bwaxb) / s2);
  set(2, 2, tb.tr2 + tb.frob);
  set(1, 0, ta.tr / s2);
  set(2, 0, tb.tr / s2);
  set(2, 1, trWBtWA + trWAWB);
  for (let a = 0; a < k; a++) {
    set(1, 3 + a, dot(Xs[a], bwaxb) / s2);
    for (let b = 0; b <= a; b++) set(3 + a, 3 + b, dot(Xs[a], Xs[b]) / s2);
  }
  const V = spdInverse(Info, m, 'SAC', d.path);
  const se = new Float64Array(k);
  for (let j = 0; j < k; j++) se[j] = Math.sqrt(V[(3 + j) * m + 3 + j]);
  const f0 = ols(X, d.y, { intercept: false, names });
  const llOls = -0.5 * n * (LN2PI + 1 + Math.log(f0.rss / n));
  const out = finish('sac', names, Float64Array.from(beta), se, rho, Math.sqrt(V[m + 1]), s2, logLik, llOls, n, iv, evaluations, tol);
  out.aic = -2 * logLik + 2 * (k + 3);
  out.lr = { statistic: 2 * (logLik - llOls), df: 2, p: chiSquareSf(Math.max(2 * (logLik - llOls), 0), 2) };
  out.lambda = lambda;
  out.lambdaSe = Math.sqrt(V[2 * m + 2]);
  out.vcov = subCovariance(V, m, [...Array.from({ length: k }, (_, j) => 3 + j), 1]);
  return out;
}

/**
 * LeSage–Pace average impacts given ρ, β (and θ for the Durbin terms), exact from the
 * eigen-decomposition. `beta` and `theta` are per regressor (θ_r = 0 when absent).
 */
export function impactsGiven(eig: WeightsEigen, rho: number, names: readonly string[], beta: ArrayLike<number>, theta?: ArrayLike<number>): SpatialImpacts {
  const { n, values, left, right } = eig;
  const m = names.length;
  const direct = new Float64Array(m);
  const total = new Float64Array(m);
  const indirect = new Float64Array(m);
  for (let r = 0; r < m; r++) {
    const b = beta[r];
    const t = theta ? theta[r] : 0;
    let dsum = 0;
    let tsum = 0;
    for (let k = 0; k < n; k++) {
      const h = (b + t * values[k]) / (1 - rho * values[k]);
      dsum += h;
      tsum += h * left[k] * right[k];
    }
    direct[r] = dsum / n;
    total[r] = tsum / n;
    indirect[r] = total[r] - direct[r];
  }
  return { names: names.slice(), direct, indirect, total };
}

/** Impacts of a SAR or SDM fit (regressors: the non-constant columns of the original design). */
export function impacts(d: SpatialData, fit: SpatialFit, eigen?: WeightsEigen): SpatialImpacts {
  if (fit.model !== 'sar' && fit.model !== 'sdm' && fit.model !== 'sac') {
    fail('E_SPATIAL_MODEL', `impacts are defined for SAR, SDM and SAC fits, not ${fit.model.toUpperCase()}`, {
      location: where(d.path),
      hint: 'in SEM and SDEM the coefficients (and, for SDEM, the lag coefficients) are the direct and indirect effects',
    });
  }
  const eig = eigen ?? weightsEigen(d.W, d.path);
  const c = effectCoefficients(d, fit);
  return impactsGiven(eig, fit.param, c.names, c.beta, c.theta);
}

/**
 * Random-effects spatial panels by maximum likelihood (issue 16; Elhorst 2014, §3.4; Elhorst 2003; Baltagi, Song &
 * Koh 2003 without the spatial error): SAR and SDM with random unit effects μ_i ~ N(0, σ_μ²), an intercept and no
 * period effects,
 *
 *   y_t = ρ W y_t + α + X_t β [+ W X_t θ] + μ + ε_t,  ε ~ N(0, σ² I),
 *   ℓ = −(nT/2) ln(2πσ²) + n ln φ + T ln|I − ρW| − u′(E + φ² J̄)u / (2σ²),
 *
 * with u = (I_T ⊗ (I − ρW))y − Xβ, J̄ the unit-mean operator (ι_T ι_T′/T ⊗ I_n), E = I − J̄ and
 * φ² = σ²/(Tσ_μ² + σ²) ∈ (0, 1] (φ = 1: no unit effect; φ → 0: the fixed-effects likelihood). The φ-transform
 * v• = v − (1 − φ)v̄_i makes the model OLS given ρ and φ.
 *
 * Estimation: the likelihood concentrated in β and σ² is maximised over φ ∈ (0, 1] by Brent's method (tolerance
 * 1e-12) with, inside, ρ by Brent over (1/ω_min, 1/ω_max) — given φ, SSE(ρ) = ‖e₀ − ρe_L‖² (e₀, e_L the residuals of
 * the transformed y and Wy on the transformed X) and ln|I − ρW| from W's eigenvalues; then Newton steps on the full
 * (β, ρ, σ², φ) with the analytic score and Hessian until the step is below 1e-14 relative. Standard errors: the
 * inverse of minus the analytic Hessian (observed information) —
 *   ∂²ℓ/∂β∂β′ = −X′ΩX/σ², ∂²ℓ/∂β∂ρ = −X′ΩLy/σ², ∂²ℓ/∂β∂σ² = −X′Ωu/σ⁴, ∂²ℓ/∂β∂φ = 2φX′J̄u/σ²,
 *   ∂²ℓ/∂ρ² = −T tr(A²) − (Ly)′ΩLy/σ², ∂²ℓ/∂ρ∂σ² = −(Ly)′Ωu/σ⁴, ∂²ℓ/∂ρ∂φ = 2φ(Ly)′J̄u/σ²,
 *   ∂²ℓ/∂(σ²)² = nT/(2σ⁴) − u′Ωu/σ⁶, ∂²ℓ/∂σ²∂φ = φu′J̄u/σ⁴, ∂²ℓ/∂φ² = −n/φ² − u′J̄u/σ²,
 * Ω = E + φ²J̄, L = I_T ⊗ W, A = W(I − ρW)⁻¹ (tr A² = Σ ω²/(1 − ρω)²).
 *
 * Hausman test ({@link spatialHausman}) of random against fixed unit effects (Elhorst 2014, §3.5): d = the common
 * coefficients (β, θ, ρ; no intercept) of the fixed-effects ML minus those of the random-effects ML,
 * H = d′(V_FE − V_RE)⁻¹d on dim(d) df. When V_FE − V_RE is not positive definite (common in small samples), H may be
 * negative; it is reported as computed, with the smallest eigenvalue, and then gives no evidence either way.
 *
 * Reference: test/reference/spatial/cigar_re.R (an explicit R implementation: nested optimize, Newton on the
 * analytic score, likelihood checked against the dense multivariate normal density, Hessian against finite
 * differences).
 */
import { fail } from '../../core/errors.js';
import { chiSquareSf } from '../../kernels/distributions.js';
import { ols } from '../../kernels/ols.js';
import { atBound, brentMin, eigenInterval, logDet, spdInverse, type WeightsEigen, weightsEigen } from './cross.js';
import type { PanelEstimates, PanelSpatialData } from './panel.js';

const LN2PI = Math.log(2 * Math.PI);
const where = (path?: string) => (path ? { path } : undefined);

export interface PanelReFit {
  model: 'sar' | 'sdm';
  n: number;
  T: number;
  /** "(Intercept)", the regressors and (SDM) their lags `lag.<name>`. */
  names: string[];
  coef: Float64Array;
  se: Float64Array;
  rho: number;
  rhoSe: number;
  sigma2: number;
  sigma2Se: number;
  /** φ = σ/√(Tσ_μ² + σ²). */
  phi: number;
  phiSe: number;
  /** σ_μ² = σ²(1/φ² − 1)/T. */
  sigmaMu2: number;
  logLik: number;
  /** −2ℓ + 2(k + 3). */
  aic: number;
  /** Covariance over (coef…, ρ, σ², φ), row-major. */
  vcov: Float64Array;
  /** Newton steps after the Brent search. */
  newton: number;
}

/** (I_T ⊗ W)v for a period-major panel vector. */
function lagPanel(d: PanelSpatialData, v: Float64Array): Float64Array {
  const W = d.W;
  const n = W.units.length;
  const out = new Float64Array(v.length);
  for (let t = 0; t < d.T; t++) {
    const o = t * n;
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let e = W.indptr[i]; e < W.indptr[i + 1]; e++) s += W.weights[e] * v[o + W.indices[e]];
      out[o + i] = s;
    }
  }
  return out;
}

/** Unit means over the periods, repeated in every period (J̄v). */
function unitMean(v: Float64Array, n: number, T: number): Float64Array {
  const m = new Float64Array(n);
  for (let t = 0; t < T; t++) for (let i = 0; i < n; i++) m[i] += v[t * n + i];
  for (let i = 0; i < n; i++) m[i] /= T;
  const out = new Float64Array(v.length);
  for (let t = 0; t < T; t++) out.set(m, t * n);
  return out;
}

const dot = (a: Float64Array, b: Float64Array) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
};

/** Solve the small dense system M x = b (Gaussian elimination with partial pivoting). */
function solve(M: Float64Array, b: Float64Array, m: number): Float64Array {
  const A = Float64Array.from(M);
  const x = Float64Array.from(b);
  for (let c = 0; c < m; c++) {
    let p = c;
    for (let r = c + 1; r < m; r++) if (Math.abs(A[r * m + c]) > Math.abs(A[p * m + c])) p = r;
    if (p !== c) {
      for (let j = 0; j < m; j++) [A[c * m + j], A[p * m + j]] = [A[p * m + j], A[c * m + j]];
      [x[c], x[p]] = [x[p], x[c]];
    }
    for (let r = c + 1; r < m; r++) {
      const f = A[r * m + c] / A[c * m + c];
      if (f === 0) continue;
      for (let j = c; j < m; j++) A[r * m + j] -= f * A[c * m + j];
      x[r] -= f * x[c];
    }
  }
  for (let r = m - 1; r >= 0; r--) {
    let s = x[r];
    for (let j = r + 1; j < m; j++) s -= A[r * m + j] * x[j];
    x[r] = s / A[r * m + r];
  }
  return x;
}

/**
 * ML of the SAR or SDM with random unit effects (see the module comment). `d.X` holds the regressors without an
 * intercept (added here); the SDM adds their spatial lags. Cost per likelihood evaluation O(nT·k) plus O(n) for the
 * log-determinant, once W's eigen-decomposition is known (pass `eigen` to reuse it).
 */
export function fitPanelRe(d: PanelSpatialData, model: 'sar' | 'sdm', opts: { tol?: number; eigen?: WeightsEigen } = {}): PanelReFit {
  const n = d.W.units.length;
  const T = d.T;
  const N = n * T;
  if (!(Number.isInteger(T) && T >= 2)) fail('E_SPATIAL_DATA', `a spatial panel needs at least 2 periods, got ${T}`, { location: where(d.path) });
  if (d.y.length !== N) {
    fail('E_SPATIAL_DATA', `the panel has ${d.y.length} observations, not units × periods = ${n} × ${T}`, {
      location: where(d.path),
      hint: 'spatial panels must be balanced: every unit of the weights observed in every period, with no missing value',
    });
  }
  const tol = opts.tol ?? 1e-12;
  const eig = opts.eigen ?? weightsEigen(d.W, d.path);
  const iv = eigenInterval(eig, d.path);
  const X: Float64Array[] = [new Float64Array(N).fill(1), ...d.X];
  const names = ['(Intercept)', ...d.names];
  if (model === 'sdm') {
    for (let j = 0; j < d.X.length; j++) {
      X.push(lagPanel(d, d.X[j]));
      names.push(`lag.${d.names[j]}`);
    }
  }
  const k = X.length;
  if (N <= k + 3 || n < 3) {
    fail('E_SPATIAL_MODEL', `${n} units × ${T} periods leave too few observations for ${k} coefficients plus ρ, σ² and φ`, {
      location: where(d.path),
      hint: 'use fewer regressors or a longer panel',
    });
  }
  const y = d.y;
  const Ly = lagPanel(d, y);
  const yBar = unitMean(y, n, T);
  const LyBar = unitMean(Ly, n, T);
  const XBar = X.map((c) => unitMean(c, n, T));
  const tr = (v: Float64Array, vb: Float64Array, phi: number) => Float64Array.from(v, (x, i) => x - (1 - phi) * vb[i]);

  // Given φ: e₀, e_L of the transformed y and Wy on the transformed X; ρ by Brent; the concentrated ℓ.
  const given = (phi: number) => {
    const Xt = X.map((c, j) => tr(c, XBar[j], phi));
    const e0 = ols(Xt, tr(y, yBar, phi), { intercept: false }).residuals;
    const eL = ols(Xt, tr(Ly, LyBar, phi), { intercept: false }).residuals;
    const a = dot(e0, e0);
    const b = dot(e0, eL);
    const c = dot(eL, eL);
    const conc = (r: number) => T * logDet(eig, r) - (N / 2) * Math.log((a - 2 * r * b + r * r * c) / N) + n * Math.log(phi);
    const best = brentMin((r) => -conc(r), iv[0], iv[1], tol);
    return { rho: best.x, value: conc(best.x) };
  };
  const outer = brentMin((p) => -given(p).value, 1e-8, 1, tol);
  let phi = outer.x;
  let rho = given(phi).rho;
  let beta: Float64Array;
  {
    const Xt = X.map((c, j) => tr(c, XBar[j], phi));
    beta = ols(
      Xt,
      tr(
        Float64Array.from(y, (v, i) => v - rho * Ly[i]),
        Float64Array.from(yBar, (v, i) => v - rho * LyBar[i]),
        phi,
      ),
      {
        intercept: false,
      },
    ).coef;
  }
  let sigma2 = 0;
  {
    const u = residual(beta, rho);
    const ub = unitMean(u, n, T);
    sigma2 = (dot(u, u) - dot(u, ub) + phi * phi * dot(u, ub)) / N;
  }

  function residual(b: Float64Array, r: number): Float64Array {
    const u = new Float64Array(N);
    for (let i = 0; i < N; i++) {
      let s = y[i] - r * Ly[i];
      for (let j = 0; j < k; j++) s -= X[j][i] * b[j];
      u[i] = s;
    }
    return u;
  }
  const m = k + 3;
  const scoreHessian = (b: Float64Array, r: number, s2: number, f: number) => {
    const u = residual(b, r);
    const Ju = unitMean(u, n, T);
    const om = (v: Float64Array, vb: Float64Array) => Float64Array.from(v, (x, i) => x - vb[i] + f * f * vb[i]);
    const Ou = om(u, Ju);
    const OLy = om(Ly, LyBar);
    const OX = X.map((c, j) => om(c, XBar[j]));
    let trA = 0;
    let trA2 = 0;
    for (let q = 0; q < n; q++) {
      const w = eig.values[q];
      const a = w / (1 - r * w);
      trA += a;
      trA2 += a * a;
    }
    const uOu = dot(u, Ou);
    const uJu = dot(u, Ju);
    const g = new Float64Array(m);
    const H = new Float64Array(m * m);
    for (let j = 0; j < k; j++) {
      g[j] = dot(X[j], Ou) / s2;
      for (let l = 0; l < k; l++) H[j * m + l] = -dot(X[j], OX[l]) / s2;
      H[j * m + k] = -dot(X[j], OLy) / s2;
      H[j * m + k + 1] = -dot(X[j], Ou) / (s2 * s2);
      H[j * m + k + 2] = (2 * f * dot(X[j], Ju)) / s2;
    }
    g[k] = -T * trA + dot(Ly, Ou) / s2;
    g[k + 1] = -N / (2 * s2) + uOu / (2 * s2 * s2);
    g[k + 2] = n / f - (f * uJu) / s2;
    H[k * m + k] = -T * trA2 - dot(Ly, OLy) / s2;
    H[k * m + k + 1] = -dot(Ly, Ou) / (s2 * s2);
    H[k * m + k + 2] = (2 * f * dot(Ly, Ju)) / s2;
    H[(k + 1) * m + k + 1] = N / (2 * s2 * s2) - uOu / (s2 * s2 * s2);
    H[(k + 1) * m + k + 2] = (f * uJu) / (s2 * s2);
    H[(k + 2) * m + k + 2] = -n / (f * f) - uJu / s2;
    for (let i = 0; i < m; i++) for (let j = 0; j < i; j++) H[i * m + j] = H[j * m + i];
    return { g, H, uOu };
  };
  const par = new Float64Array(m);
  par.set(beta);
  par[k] = rho;
  par[k + 1] = sigma2;
  par[k + 2] = phi;
  let steps = 0;
  for (; steps < 50; steps++) {
    const { g, H } = scoreHessian(par.subarray(0, k), par[k], par[k + 1], par[k + 2]);
    const step = solve(H, g, m);
    let big = 0;
    for (let i = 0; i < m; i++) {
      par[i] -= step[i];
      big = Math.max(big, Math.abs(step[i]) / Math.max(Math.abs(par[i]), 1e-12));
    }
    if (!(big < 1e-3)) break; // far from the Brent optimum: keep it (a boundary or flat likelihood)
    if (big < 1e-14) {
      steps++;
      break;
    }
  }
  if (!(par[k + 2] > 0 && par[k + 2] <= 1 && par[k + 1] > 0 && par[k] > iv[0] && par[k] < iv[1])) {
    par.set(beta);
    par[k] = rho;
    par[k + 1] = sigma2;
    par[k + 2] = phi;
  }
  beta = Float64Array.from(par.subarray(0, k));
  rho = par[k];
  sigma2 = par[k + 1];
  phi = par[k + 2];
  atBound(rho, iv, 'ρ', d.path);
  if (phi > 1 - 1e-6) {
    fail('E_SPATIAL_MODEL', `the random-effects ML puts φ at 1 (σ_μ² = 0): no unit effect to model`, {
      location: where(d.path),
      hint: 'pooled estimation fits these data as well; random effects are not identified',
    });
  }
  const { H, uOu } = scoreHessian(beta, rho, sigma2, phi);
  const negH = Float64Array.from(H, (v) => -v);
  const vcov = spdInverse(negH, m, 'random-effects spatial panel', d.path);
  const se = (i: number) => Math.sqrt(vcov[i * m + i]);
  const logLik = -(N / 2) * (LN2PI + Math.log(sigma2)) + n * Math.log(phi) + T * logDet(eig, rho) - uOu / (2 * sigma2);
  return {
    model,
    n,
    T,
    names,
    coef: beta,
    se: Float64Array.from({ length: k }, (_, i) => se(i)),
    rho,
    rhoSe: se(k),
    sigma2,
    sigma2Se: se(k + 1),
    phi,
    phiSe: se(k + 2),
    sigmaMu2: (sigma2 * (1 / (phi * phi) - 1)) / T,
    logLik,
    aic: -2 * logLik + 2 * (k + 3),
    vcov,
    newton: steps,
  };
}

export interface HausmanResult {
  statistic: number;
  df: number;
  /** Upper tail of χ²(df); 1 when the statistic is negative. */
  p: number;
  /** Smallest eigenvalue of V_FE − V_RE (negative: the difference is not positive definite). */
  minEigen: number;
}

/**
 * Hausman test of random against fixed unit effects over the coefficients both estimate (the FE names and ρ;
 * see the module comment). `fe` is the uncorrected ML with unit effects (its `vcov` over coef…, ρ).
 */
export function spatialHausman(fe: PanelEstimates, re: PanelReFit): HausmanResult {
  const m = fe.names.length + 1;
  const mr = re.names.length + 3;
  const idx = [...fe.names.map((nm) => re.names.indexOf(nm)), re.names.length];
  if (idx.some((i) => i < 0)) fail('E_SPATIAL_MODEL', `the fixed- and random-effects models do not share the coefficients ${fe.names.join(', ')}`);
  const d = new Float64Array(m);
  const D = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    d[i] = (i < m - 1 ? fe.coef[i] : fe.param) - (i < m - 1 ? re.coef[idx[i]] : re.rho);
    for (let j = 0; j < m; j++) D[i * m + j] = fe.vcov[i * m + j] - re.vcov[idx[i] * mr + idx[j]];
  }
  const x = solve(D, d, m);
  const statistic = dot(d, x);
  return { statistic, df: m, p: statistic > 0 ? chiSquareSf(statistic, m) : 1, minEigen: minEigenSym(D, m) };
}

/** Smallest eigenvalue of a small symmetric matrix (cyclic Jacobi). */
function minEigenSym(M: Float64Array, m: number): number {
  const A = Float64Array.from(M);
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < m; p++) for (let q = p + 1; q < m; q++) off += A[p * m + q] ** 2;
    if (off < 1e-300) break;
    for (let p = 0; p < m; p++) {
      for (let q = p + 1; q < m; q++) {
        const apq = A[p * m + q];
        if (apq === 0) continue;
        const theta = (A[q * m + q] - A[p * m + p]) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let r = 0; r < m; r++) {
          const arp = A[r * m + p];
          const arq = A[r * m + q];
          A[r * m + p] = c * arp - s * arq;
          A[r * m + q] = s * arp + c * arq;
        }
        for (let r = 0; r < m; r++) {
          const apr = A[p * m + r];
          const aqr = A[q * m + r];
          A[p * m + r] = c * apr - s * aqr;
          A[q * m + r] = s * apr + c * aqr;
        }
      }
    }
  }
  let min = Infinity;
  for (let i = 0; i < m; i++) min = Math.min(min, A[i * m + i]);
  return min;
}

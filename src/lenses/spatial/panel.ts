/**
 * Fixed-effects spatial panel models by maximum likelihood (issue 16): SAR, SDM and SEM with unit,
 * time or two-way effects (Elhorst 2014, ch. 3), each reported twice:
 *
 * - **uncorrected** — the "direct approach": the effects concentrated out by the within
 *   transformation, N = nT observations, ln-Jacobian T ln|I − ρW|. This is exactly the ML of the model
 *   with the effects as dummy parameters (R spatialreg on the stacked panel with I_T ⊗ W and dummies
 *   gives the same estimates, SEs and log-likelihood: the reference test).
 * - **Lee–Yu** — the bias-corrected estimator of Lee & Yu (2010), their *transformation approach*: the
 *   unit effects removed by the orthonormal F_{T,T−1} (T* = T − 1 periods), the time effects by
 *   F_{n,n−1} (n* = n − 1 units, W* = F′WF; needs row-standardised W, where ln|I − ρW*| =
 *   ln|I − ρW| − ln(1 − ρ)). ML on the N* = n*T* transformed observations:
 *   ℓ = −(N*)/2 ln(2πσ²) + T* (ln|I − ρW| − [time] ln(1 − ρ)) − SSE/(2σ²), where SSE is the residual sum of
 *   squares of the within-transformed data (F is orthonormal). With unit effects only, ρ and β equal the
 *   uncorrected ones and σ² is multiplied by T/(T − 1); with time effects ρ (and so β) move too.
 *
 * Data layout: period-major (row t·n + i is unit i in period t), balanced, W over the n units in the
 * data's unit order. Wy and WX are formed period by period from the raw data, then transformed.
 *
 * Estimation: ρ (λ for SEM) maximises the concentrated log-likelihood ℓc(ρ) = J(ρ) − N/2 ln SSE(ρ) by
 * Brent's method (absolute tolerance `tol`, default 1e-12) over (1/ω_min, 1/ω_max), then is polished on
 * the analytic score to ~4ε relative ({@link polishRoot}); SAR/SDM: SSE(ρ) = ‖e₀ − ρ e_L‖² (e₀, e_L
 * the OLS residuals of the transformed y and Wy on the transformed X); SEM: SSE(λ) = RSS of the
 * transformed y − λWy on X − λWX. σ² = SSE/N. SDM: X ← [X, WX] (every regressor lagged, `lag.<name>`).
 *
 * Standard errors: the analytic information matrix, inverted (Elhorst 2014, §3.3, and Lee & Yu 2010):
 * SAR/SDM over (β, ρ, σ²) with A = W(I − ρW)⁻¹ (Lee–Yu with time effects: A* = J A J, J = I − 11′/n, whose
 * traces are those of F′AF) and v = the within transformation of (I_T ⊗ A)Ẍβ:
 * I_ββ = ẌᵀẌ/σ², I_βρ = Ẍᵀv/σ², I_ρρ = T*(tr A² + tr AᵀA) + ‖v‖²/σ², I_ρσ² = T* tr A/σ², I_σ²σ² = N/(2σ⁴).
 * SEM: Var β = σ²(X̃ᵀX̃)⁻¹ with X̃ the transformed X − λWX; λ from the (λ, σ²) block with B = W(I − λW)⁻¹.
 *
 * Effects (LeSage & Pace 2009) of a SAR/SDM fit: exact averages of (I − ρW)⁻¹(β_r I + θ_r W) from W's
 * eigen-decomposition ({@link impactsGiven}); SEs by the delta method (the analytic gradient in
 * (β_r, θ_r, ρ), e.g. ∂direct/∂ρ = n⁻¹Σ ω(β_r + θ_rω)/(1 − ρω)²) and by simulation: R draws of (β, θ, ρ)
 * from N(estimate, V) (seeded {@link Rng}, Cholesky of V), the effects of each draw, their standard
 * deviation and 2.5 %/97.5 % quantiles (type 7). With a TraceSeries ({@link EffectsSeries}) instead of the eigen-decomposition
 * (many units, `large.ts`) the effects and their gradients come from the power series of the traces.
 *
 * Tests of the SDM ({@link panelSpecTests}): LR against SAR (θ = 0) and against SEM (θ + ρβ = 0, the
 * common-factor restriction), each on k df; Wald θ′V_θθ⁻¹θ and g′(GVG′)⁻¹g with g = θ + ρβ,
 * G = [ρI, I, β] (delta method).
 *
 * References: J. P. Elhorst (2014) *Spatial Econometrics: From Cross-Sectional Data to Spatial Panels*,
 * Springer, ch. 3; L.-F. Lee & J. Yu (2010) J. Econometrics 154:165–185; J. LeSage & R. K. Pace (2009),
 * ch. 2; R. Bivand et al. spatialreg 1.2-6.
 */
import { Rng } from '../../core/rng.js';
import { fail } from '../../core/errors.js';
import type { SpatialWeights } from '../../analysis/spatial/types.js';
import { spatialLag } from '../../analysis/spatial/weights.js';
import { chiSquareSf, normalSf } from '../../kernels/distributions.js';
import { ols } from '../../kernels/ols.js';
import { within } from '../panel/within.js';
import {
  atBound,
  brentMin,
  eigenInterval,
  impactsGiven,
  lagInverse,
  logDet,
  polishRoot,
  type SpatialImpacts,
  spdInverse,
  type TestStat,
  traces,
  type WeightsEigen,
  weightsEigen,
} from './cross.js';

/**
 * What the effects need from the power series of W's traces: large.ts's TraceSeries, described here
 * by its shape so that this module does not import large.ts (which imports this one).
 */
export interface EffectsSeries {
  readonly pt: unknown;
  impacts(rho: number, names: readonly string[], beta: ArrayLike<number>, theta?: ArrayLike<number>): SpatialImpacts;
  eval(rho: number, b: number, t: number): { g: { direct: readonly number[]; total: readonly number[] } };
}

export type PanelEffects = 'unit' | 'time' | 'twoways';
export type PanelModelKind = 'sar' | 'sdm' | 'sem';

/** A balanced panel, period-major (row t·n + i), regressors without an intercept. */
export interface PanelSpatialData {
  y: Float64Array;
  X: readonly Float64Array[];
  names: readonly string[];
  /** Weights over the n units, in the data's unit order. */
  W: SpatialWeights;
  /** Number of periods. */
  T: number;
  path?: string;
}

/** One set of estimates (uncorrected or Lee–Yu). `vcov` is over (coef…, param), row-major. */
export interface PanelEstimates {
  names: string[];
  coef: Float64Array;
  se: Float64Array;
  z: Float64Array;
  p: Float64Array;
  /** ρ (SAR, SDM) or λ (SEM). */
  param: number;
  paramSe: number;
  sigma2: number;
  logLik: number;
  /** −2ℓ + 2(k + 2). */
  aic: number;
  vcov: Float64Array;
  /** Observations of the likelihood (nT, or n*T* for Lee–Yu) and the periods T* in its Jacobian. */
  nObs: number;
  periods: number;
}

export interface PanelSpatialFit {
  model: PanelModelKind;
  effects: PanelEffects;
  n: number;
  T: number;
  /** Regressor names (without the lags). */
  regressors: string[];
  uncorrected: PanelEstimates;
  /** Absent when time effects are used with weights that are not row-standardised. */
  leeYu?: PanelEstimates;
  interval: [number, number];
  tol: number;
  evaluations: number;
}

export interface PanelFitOptions {
  tol?: number;
  eigen?: WeightsEigen;
}

const LN2PI = Math.log(2 * Math.PI);
const where = (path?: string) => (path ? { path } : undefined);

function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/** True when every row of W sums to 1 (to 1e-12). */
export function rowStandardised(W: SpatialWeights): boolean {
  for (let i = 0; i < W.units.length; i++) {
    let s = 0;
    for (let e = W.indptr[i]; e < W.indptr[i + 1]; e++) s += W.weights[e];
    if (Math.abs(s - 1) > 1e-12) return false;
  }
  return true;
}

function checkPanel(d: PanelSpatialData, k: number): number {
  const n = d.W.units.length;
  const T = d.T;
  if (!(Number.isInteger(T) && T >= 2)) fail('E_SPATIAL_DATA', `a spatial panel needs at least 2 periods, got ${T}`, { location: where(d.path) });
  if (d.y.length !== n * T) {
    fail('E_SPATIAL_DATA', `the panel has ${d.y.length} observations, not units × periods = ${n} × ${T}`, {
      location: where(d.path),
      hint: 'spatial panels must be balanced: every unit of the weights observed in every period, with no missing value',
    });
  }
  if (d.X.length !== d.names.length) fail('E_SPATIAL_DATA', `${d.X.length} design columns but ${d.names.length} names`, { location: where(d.path) });
  for (const c of d.X) if (c.length !== n * T) fail('E_SPATIAL_DATA', `a design column has ${c.length} values, y has ${n * T}`, { location: where(d.path) });
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
  return n;
}

function lagPanel(W: SpatialWeights, x: Float64Array, n: number, T: number): Float64Array {
  const out = new Float64Array(n * T);
  for (let t = 0; t < T; t++) spatialLag(W, x.subarray(t * n, (t + 1) * n), out.subarray(t * n, (t + 1) * n));
  return out;
}

/** (I_T ⊗ A) x for a dense row-major n×n A. */
function applyBlock(A: Float64Array, x: ArrayLike<number>, n: number, T: number): Float64Array {
  const out = new Float64Array(n * T);
  for (let t = 0; t < T; t++) {
    const o = t * n;
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += A[i * n + j] * x[o + j];
      out[o + i] = s;
    }
  }
  return out;
}

/** J A J (J = I − 11′/n): subtract row and column means, add the grand mean. */
function centre(A: Float64Array, n: number): Float64Array {
  const r = new Float64Array(n);
  const c = new Float64Array(n);
  let g = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      r[i] += A[i * n + j];
      c[j] += A[i * n + j];
    }
  }
  for (let i = 0; i < n; i++) g += r[i];
  g /= n * n;
  const B = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) B[i * n + j] = A[i * n + j] - r[i] / n - c[j] / n + g;
  return B;
}

interface Variant {
  periods: number;
  nObs: number;
  /** Subtract ln(1 − ρ) per period from the Jacobian (Lee–Yu with time effects). */
  timeCorrection: boolean;
}

function variants(effects: PanelEffects, n: number, T: number, rowStd: boolean): { unc: Variant; ly?: Variant } {
  const unc = { periods: T, nObs: n * T, timeCorrection: false };
  if (effects === 'unit') return { unc, ly: { periods: T - 1, nObs: n * (T - 1), timeCorrection: false } };
  if (!rowStd) return { unc };
  if (effects === 'time') return { unc, ly: { periods: T, nObs: (n - 1) * T, timeCorrection: true } };
  return { unc, ly: { periods: T - 1, nObs: (n - 1) * (T - 1), timeCorrection: true } };
}

const jacobian = (eig: WeightsEigen, v: Variant, r: number) => v.periods * (logDet(eig, r) - (v.timeCorrection ? Math.log1p(-r) : 0));
function jacobianScore(eig: WeightsEigen, v: Variant, r: number): number {
  let s = 0;
  for (let q = 0; q < eig.n; q++) s += eig.values[q] / (1 - r * eig.values[q]);
  return -v.periods * (s - (v.timeCorrection ? 1 / (1 - r) : 0));
}

function estimates(
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
 * A fixed-effects spatial panel model by ML, uncorrected and Lee–Yu (see the module comment).
 * @throws E_SPATIAL_DATA for a design that does not fit the panel; E_SPATIAL_MODEL for islands, too few
 *   observations, ρ/λ at the bound of its interval, or a singular information matrix.
 */
export function fitPanel(d: PanelSpatialData, model: PanelModelKind, effects: PanelEffects, opts: PanelFitOptions = {}): PanelSpatialFit {
  const durbin = model === 'sdm';
  const k = durbin ? 2 * d.X.length : d.X.length;
  const n = checkPanel(d, k);
  const T = d.T;
  const eig = opts.eigen ?? weightsEigen(d.W, d.path);
  const tol = opts.tol ?? 1e-12;
  const iv = eigenInterval(eig, d.path);
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
  const vs = variants(effects, n, T, rowStandardised(d.W));
  let evaluations = 0;
  const what = model === 'sem' ? 'λ' : 'ρ';

  if (model !== 'sem') {
    const f0 = ols(Xd, yd, { intercept: false, names });
    const fL = ols(Xd, Wyd, { intercept: false, names });
    const e0 = f0.residuals;
    const eL = fL.residuals;
    const A0 = dot(e0, e0);
    const B0 = dot(e0, eL);
    const C0 = dot(eL, eL);
    const sse = (r: number) => A0 - 2 * r * B0 + r * r * C0;
    const one = (v: Variant): PanelEstimates => {
      const neg = (r: number) => -(jacobian(eig, v, r) - 0.5 * v.nObs * Math.log(sse(r)));
      const opt = brentMin(neg, iv[0], iv[1], tol);
      evaluations += opt.evaluations;
      const score = (r: number) => jacobianScore(eig, v, r) - (0.5 * v.nObs * (-2 * B0 + 2 * r * C0)) / sse(r);
      const rho = polishRoot(score, opt.x, iv[0], iv[1]);
      atBound(rho, iv, what, d.path);
      const beta = new Float64Array(k);
      for (let j = 0; j < k; j++) beta[j] = f0.coef[j] - rho * fL.coef[j];
      const s2 = sse(rho) / v.nObs;
      const ll = jacobian(eig, v, rho) - 0.5 * v.nObs * (LN2PI + 1 + Math.log(s2));
      let A = lagInverse(eig, rho);
      if (v.timeCorrection) A = centre(A, n);
      const tr = traces(A, n);
      const xb = new Float64Array(n * T);
      for (let j = 0; j < k; j++) for (let i = 0; i < n * T; i++) xb[i] += Xd[j][i] * beta[j];
      const w = fe.apply(applyBlock(A, xb, n, T));
      const m = k + 2;
      const I = new Float64Array(m * m);
      for (let a = 0; a < k; a++) {
        for (let b = 0; b < k; b++) I[a * m + b] = dot(Xd[a], Xd[b]) / s2;
        I[a * m + k] = I[k * m + a] = dot(Xd[a], w) / s2;
      }
      I[k * m + k] = v.periods * (tr.tr2 + tr.frob) + dot(w, w) / s2;
      I[k * m + k + 1] = I[(k + 1) * m + k] = (v.periods * tr.tr) / s2;
      I[(k + 1) * m + k + 1] = v.nObs / (2 * s2 * s2);
      const V = spdInverse(I, m, model.toUpperCase(), d.path);
      return estimates(names, beta, V, m, k, rho, s2, ll, v);
    };
    const uncorrected = one(vs.unc);
    const leeYu = vs.ly ? one(vs.ly) : undefined;
    return { model, effects, n, T, regressors: d.names.slice(), uncorrected, leeYu, interval: iv, tol, evaluations };
  }

  // SEM
  const WX = Xraw.map((c) => lagPanel(d.W, c, n, T));
  const ys = new Float64Array(n * T);
  const Xs = Xraw.map(() => new Float64Array(n * T));
  const transform = (lam: number) => {
    for (let i = 0; i < n * T; i++) ys[i] = d.y[i] - lam * Wy[i];
    for (let j = 0; j < k; j++) for (let i = 0; i < n * T; i++) Xs[j][i] = Xraw[j][i] - lam * WX[j][i];
    const Xt = Xs.map((c) => fe.apply(c));
    return { fit: ols(Xt, fe.apply(ys), { intercept: false, names }), Xt };
  };
  const one = (v: Variant): PanelEstimates => {
    const neg = (lam: number) => -(jacobian(eig, v, lam) - 0.5 * v.nObs * Math.log(transform(lam).fit.rss));
    const opt = brentMin(neg, iv[0], iv[1], tol);
    evaluations += opt.evaluations;
    const score = (lam: number) => {
      const { fit } = transform(lam);
      const g = new Float64Array(n * T);
      for (let i = 0; i < n * T; i++) {
        let s = Wy[i];
        for (let j = 0; j < k; j++) s -= WX[j][i] * fit.coef[j];
        g[i] = s;
      }
      return jacobianScore(eig, v, lam) + (v.nObs * dot(fit.residuals, fe.apply(g))) / fit.rss;
    };
    const lam = polishRoot(score, opt.x, iv[0], iv[1]);
    atBound(lam, iv, what, d.path);
    const { fit } = transform(lam);
    const s2 = fit.rss / v.nObs;
    const ll = jacobian(eig, v, lam) - 0.5 * v.nObs * (LN2PI + 1 + Math.log(s2));
    let B = lagInverse(eig, lam);
    if (v.timeCorrection) B = centre(B, n);
    const tr = traces(B, n);
    const I2 = Float64Array.of(v.nObs / (2 * s2 * s2), (v.periods * tr.tr) / s2, (v.periods * tr.tr) / s2, v.periods * (tr.tr2 + tr.frob));
    const V2 = spdInverse(I2, 2, 'SEM', d.path);
    // Covariance over (β, λ): β and λ are asymptotically independent in the SEM.
    const m = k + 2;
    const V = new Float64Array(m * m);
    for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) V[a * m + b] = s2 * fit.xtxInv[a * k + b];
    V[k * m + k] = V2[3];
    return estimates(names, Float64Array.from(fit.coef), V, m, k, lam, s2, ll, v);
  };
  const uncorrected = one(vs.unc);
  const leeYu = vs.ly ? one(vs.ly) : undefined;
  return { model, effects, n, T, regressors: d.names.slice(), uncorrected, leeYu, interval: iv, tol, evaluations };
}

/** Effects of one regressor with delta-method and simulated inference. */
export interface PanelImpacts {
  names: string[];
  direct: Float64Array;
  indirect: Float64Array;
  total: Float64Array;
  /** Delta-method SEs. */
  delta: { direct: Float64Array; indirect: Float64Array; total: Float64Array };
  /** Simulation: SEs (SD of the draws) and 95 % intervals (2.5 %, 97.5 % quantiles). */
  sim?: {
    draws: number;
    seed: number;
    se: { direct: Float64Array; indirect: Float64Array; total: Float64Array };
    lower: { direct: Float64Array; indirect: Float64Array; total: Float64Array };
    upper: { direct: Float64Array; indirect: Float64Array; total: Float64Array };
  };
}

export interface PanelImpactOptions {
  /** Simulation draws (0: delta method only). Default 1000. */
  draws?: number;
  seed?: number;
  /** Stream keys: the draws come from `Rng.stream(seed, ...keys)` (default: `Rng.create(seed)`). */
  keys?: number[];
  /** ρ's admissible interval: a draw with ρ outside it is replaced by the next one (as spatialreg's impacts drops it). Default: none. */
  interval?: [number, number];
}

function quantile7(sorted: Float64Array, p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/**
 * LeSage–Pace effects of a SAR/SDM panel fit (one set of estimates) with delta-method SEs and, when
 * `draws` > 0, simulated SEs and intervals (see the module comment); {@link impactInference} over (coef…, ρ).
 */
export function panelImpacts(fit: PanelSpatialFit, est: PanelEstimates, eig: WeightsEigen | EffectsSeries, opts: PanelImpactOptions = {}): PanelImpacts {
  if (fit.model === 'sem') {
    fail('E_SPATIAL_MODEL', 'effects are defined for SAR and SDM, not SEM', {
      hint: 'in the SEM the coefficients are the direct effects and there are no spillovers through y',
    });
  }
  const r = fit.regressors.length;
  const beta = Array.from({ length: r }, (_, j) => j);
  const theta = fit.model === 'sdm' ? beta.map((j) => r + j) : undefined;
  return impactInference(eig, fit.regressors, est.coef, est.param, est.vcov, { beta, theta }, opts);
}

/**
 * Effects with delta-method and simulated inference for any SAR/SDM/SAC-type fit (panels and cross-sections):
 * `coef` (length k) and ρ = `param` with `vcov` over (coef…, ρ), (k + 1)², row-major; `index.beta[j]` is the
 * position in `coef` of regressor j's β, `index.theta[j]` that of its θ (−1 or no `theta`: θ_j = 0, not estimated).
 * Other coefficients (the intercept) do not enter the effects but are drawn with the rest.
 */
export function impactInference(
  eig: WeightsEigen | EffectsSeries,
  names: readonly string[],
  coef: ArrayLike<number>,
  param: number,
  vcov: ArrayLike<number>,
  index: { beta: readonly number[]; theta?: readonly number[] },
  opts: PanelImpactOptions = {},
): PanelImpacts {
  const r = names.length;
  const k = coef.length;
  const m = k + 1;
  const bi = index.beta;
  const ti = index.theta;
  const betaOf = (c: ArrayLike<number>) => bi.map((i) => c[i]);
  const theta = (c: ArrayLike<number>) => (ti ? ti.map((i) => (i < 0 ? 0 : c[i])) : undefined);
  const series = 'pt' in eig ? eig : undefined;
  const point = series ? series.impacts(param, names, betaOf(coef), theta(coef)) : impactsGiven(eig as WeightsEigen, param, names, betaOf(coef), theta(coef));
  const g = (which: 'direct' | 'total', j: number): Float64Array => {
    const v = new Float64Array(m);
    const b = coef[bi[j]];
    const tIdx = ti ? ti[j] : -1;
    const t = tIdx >= 0 ? coef[tIdx] : 0;
    if (series) {
      const gr = series.eval(param, b, t).g[which];
      v[bi[j]] = gr[0];
      if (tIdx >= 0) v[tIdx] = gr[1];
      v[k] = gr[2];
      return v;
    }
    const { n, values, left, right } = eig as WeightsEigen;
    let sb = 0;
    let st = 0;
    let sr = 0;
    for (let q = 0; q < n; q++) {
      const w = values[q];
      const den = 1 - param * w;
      const c = which === 'direct' ? 1 : left[q] * right[q];
      sb += c / den;
      st += (c * w) / den;
      sr += (c * w * (b + t * w)) / (den * den);
    }
    v[bi[j]] = sb / n;
    if (tIdx >= 0) v[tIdx] = st / n;
    v[k] = sr / n;
    return v;
  };
  const quad = (a: Float64Array) => {
    let s = 0;
    for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) s += a[i] * vcov[i * m + j] * a[j];
    return Math.sqrt(Math.max(s, 0));
  };
  const delta = { direct: new Float64Array(r), indirect: new Float64Array(r), total: new Float64Array(r) };
  for (let j = 0; j < r; j++) {
    const gd = g('direct', j);
    const gt = g('total', j);
    delta.direct[j] = quad(gd);
    delta.total[j] = quad(gt);
    delta.indirect[j] = quad(gt.map((x, i) => x - gd[i]));
  }
  const out: PanelImpacts = { names: point.names, direct: point.direct, indirect: point.indirect, total: point.total, delta };
  const draws = opts.draws ?? 1000;
  if (draws > 0) {
    const seed = opts.seed ?? 1;
    // Cholesky of V (over coef…, ρ).
    const L = new Float64Array(m * m);
    for (let j = 0; j < m; j++) {
      let s = vcov[j * m + j];
      for (let q = 0; q < j; q++) s -= L[j * m + q] * L[j * m + q];
      L[j * m + j] = Math.sqrt(Math.max(s, 0));
      for (let i = j + 1; i < m; i++) {
        let t = vcov[i * m + j];
        for (let q = 0; q < j; q++) t -= L[i * m + q] * L[j * m + q];
        L[i * m + j] = L[j * m + j] > 0 ? t / L[j * m + j] : 0;
      }
    }
    const rng = opts.keys?.length ? Rng.stream(seed, ...opts.keys) : Rng.create(seed);
    const iv = opts.interval;
    const z = new Float64Array(m);
    const par = new Float64Array(m);
    const dd = { direct: new Float64Array(draws * r), indirect: new Float64Array(draws * r), total: new Float64Array(draws * r) };
    for (let s = 0; s < draws; s++) {
      for (let tries = 0; ; tries++) {
        for (let i = 0; i < m; i++) z[i] = rng.normal();
        for (let i = 0; i < m; i++) {
          let v = i < k ? coef[i] : param;
          for (let q = 0; q <= i; q++) v += L[i * m + q] * z[q];
          par[i] = v;
        }
        if (!iv || (par[k] > iv[0] && par[k] < iv[1]) || tries >= 1000) break;
      }
      const e = series ? series.impacts(par[k], names, betaOf(par), theta(par)) : impactsGiven(eig as WeightsEigen, par[k], names, betaOf(par), theta(par));
      for (let j = 0; j < r; j++) {
        dd.direct[j * draws + s] = e.direct[j];
        dd.indirect[j * draws + s] = e.indirect[j];
        dd.total[j * draws + s] = e.total[j];
      }
    }
    const mk = () => ({ direct: new Float64Array(r), indirect: new Float64Array(r), total: new Float64Array(r) });
    const se = mk();
    const lower = mk();
    const upper = mk();
    for (const key of ['direct', 'indirect', 'total'] as const) {
      for (let j = 0; j < r; j++) {
        const x = dd[key].slice(j * draws, (j + 1) * draws);
        let mean = 0;
        for (const v of x) mean += v;
        mean /= draws;
        let ss = 0;
        for (const v of x) ss += (v - mean) * (v - mean);
        se[key][j] = Math.sqrt(ss / (draws - 1));
        x.sort();
        lower[key][j] = quantile7(x, 0.025);
        upper[key][j] = quantile7(x, 0.975);
      }
    }
    out.sim = { draws, seed, se, lower, upper };
  }
  return out;
}

/** LR and Wald tests of an SDM against SAR (θ = 0) and SEM (θ + ρβ = 0). */
export interface PanelSpecTests {
  lrSar: TestStat;
  waldSar: TestStat;
  lrSem: TestStat;
  waldSem: TestStat;
}

function solveSmall(M: Float64Array, b: Float64Array, k: number): Float64Array {
  const inv = spdInverse(M, k, 'Wald test');
  const x = new Float64Array(k);
  for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) x[i] += inv[i * k + j] * b[j];
  return x;
}

/** The test sequence of Elhorst (2014, §3.6) from three fits with the same data and effects (one set of estimates each). */
export function panelSpecTests(sdm: PanelEstimates, sar: PanelEstimates, sem: PanelEstimates): PanelSpecTests {
  const k = sar.coef.length;
  const m = 2 * k + 1;
  const V = sdm.vcov;
  const b = sdm.coef.subarray(0, k);
  const th = sdm.coef.subarray(k, 2 * k);
  const rho = sdm.param;
  const stat = (x: number): TestStat => ({ statistic: x, df: k, p: chiSquareSf(Math.max(x, 0), k) });
  const Vtt = new Float64Array(k * k);
  for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) Vtt[i * k + j] = V[(k + i) * m + k + j];
  const w1 = dot(th, solveSmall(Vtt, Float64Array.from(th), k));
  const gv = new Float64Array(k);
  for (let i = 0; i < k; i++) gv[i] = th[i] + rho * b[i];
  // G = [ρI, I, β] (k × m); GVGᵀ.
  const G = new Float64Array(k * m);
  for (let i = 0; i < k; i++) {
    G[i * m + i] = rho;
    G[i * m + k + i] = 1;
    G[i * m + 2 * k] = b[i];
  }
  const GV = new Float64Array(k * m);
  for (let i = 0; i < k; i++) for (let j = 0; j < m; j++) for (let q = 0; q < m; q++) GV[i * m + j] += G[i * m + q] * V[q * m + j];
  const GVG = new Float64Array(k * k);
  for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) for (let q = 0; q < m; q++) GVG[i * k + j] += GV[i * m + q] * G[j * m + q];
  const w2 = dot(gv, solveSmall(GVG, gv, k));
  return {
    lrSar: stat(2 * (sdm.logLik - sar.logLik)),
    waldSar: stat(w1),
    lrSem: stat(2 * (sdm.logLik - sem.logLik)),
    waldSem: stat(w2),
  };
}

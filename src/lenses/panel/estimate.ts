/**
 * Linear panel models on a {@link ModelFrame}: pooled OLS, fixed effects (within: unit, period or
 * two ways) and random effects (Swamy–Arora), each by least squares on the transformed data with
 * nqpf's QR kernel (kernels/ols.ts, NIST-validated). Standard errors: see ./vcov.ts.
 *
 * Formulas (n observations, G units, T periods, K slopes, ÿ, Ẍ transformed):
 * - pooled: y = a + Xb + e; within: ÿ = Ẍb + ë, with Ẍ the within transform (./within.ts); the fixed
 *   effects are absorbed (no constant is reported, as plm and fixest; Stata's xtreg shows ȳ − x̄b).
 *   Residual df = n − K − absorbed (− 1 for the pooled intercept).
 * - R²: pooled — the usual centred R²; within — 1 − RSS/Σÿ² (the within R², as plm and xtreg
 *   "within"). Every model also reports the overall R² = corr(y, Xb)² and the between R² =
 *   corr(ȳᵢ, x̄ᵢb)² with Xb the slopes' part only, as Stata's xtreg.
 * - F: the slopes jointly zero, from the conventional covariance: F = b'V⁻¹b / K on (K, df).
 * - random effects (balanced panels; Swamy & Arora 1972, as plm `random.method = "swar"` and
 *   Stata `xtreg, re`): σ̂²_e = RSS_within/(n − G − K); the between regression of ȳᵢ on (1, x̄ᵢ)
 *   gives σ̂²₁ = T·RSS_between/(G − K − 1), σ̂²_u = (σ̂²₁ − σ̂²_e)/T (0 when negative, θ = 0);
 *   θ = 1 − √(σ̂²_e/σ̂²₁); OLS of y − θȳᵢ on (1 − θ, X − θx̄ᵢ).
 *
 * Collinear or absorbed regressors are dropped and named (`dropped`), as Stata and fixest do: a
 * column whose within transform has no length left (‖ẍ‖ ≤ 1e-7‖x − x̄‖: constant within units under
 * unit effects) or that the QR rank rule of kernels/ols.ts flags.
 */
import { NqpfError, fail } from '../../core/errors.js';
import { fSf } from '../../kernels/distributions.js';
import { ols } from '../../kernels/ols.js';
import { lsq, type Lsq } from './lsq.js';
import type { ModelFrame } from './frame.js';
import { checkDf, demean, within, type Effects } from './within.js';

export type Estimator = 'ols' | 'random';

export interface PanelFit {
  estimator: Estimator;
  effects: Effects;
  /** Coefficient names (`(Intercept)` first for pooled and random-effects models). */
  names: string[];
  coef: Float64Array;
  /** Whether `names[0]` is the intercept. */
  intercept: boolean;
  n: number;
  G: number;
  T: number;
  /** Coefficients estimated (intercept included). */
  k: number;
  /** Fixed-effect parameters absorbed. */
  absorbed: number;
  dfResid: number;
  rss: number;
  /** σ̂² = RSS / dfResid. */
  sigma2: number;
  /** R² as the estimator reports it (pooled: centred; within: within R²; random: of the quasi-demeaned model). */
  r2: number;
  r2Within: number;
  r2Between: number;
  r2Overall: number;
  adjR2: number;
  fStat: number;
  fDf1: number;
  fDf2: number;
  fP: number;
  /** The transformed regressors (the intercept column first when present), for the covariance estimators. */
  Xt: Float64Array[];
  /** Residuals of the transformed model. */
  e: Float64Array;
  /** (Ẍ'Ẍ)⁻¹, k×k row-major. */
  bread: Float64Array;
  unit: Int32Array;
  period: Int32Array;
  /** Regressors dropped as collinear or absorbed by the fixed effects. */
  dropped: { name: string; reason: 'absorbed' | 'collinear' }[];
  /** Random effects: θ, σ²_u, σ²_e. */
  theta?: number;
  sigma2U?: number;
  sigma2E?: number;
}

export interface FitOptions {
  estimator: Estimator;
  effects: Effects;
  /** Pooled intercept (default true; ignored with fixed effects). */
  intercept?: boolean;
  path: string;
}

/** Σ(x − x̄)², two passes, no allocation. */
function centredSq(x: Float64Array): number {
  let m = 0;
  for (let i = 0; i < x.length; i++) m += x[i];
  m /= x.length;
  let s = 0;
  for (let i = 0; i < x.length; i++) s += (x[i] - m) ** 2;
  return s;
}

const sq = (a: Float64Array) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * a[i];
  return s;
};

function corr2(a: Float64Array, b: Float64Array): number {
  const n = a.length;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i];
    mb += b[i];
  }
  ma /= n;
  mb /= n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    const x = a[i] - ma;
    const y = b[i] - mb;
    sab += x * y;
    saa += x * x;
    sbb += y * y;
  }
  return (sab * sab) / (saa * sbb);
}

/** Least squares that drops the columns kernels/ols.ts flags as collinear (named), then refits. */
function olsDropping(X: Float64Array[], y: Float64Array, names: string[], dropped: PanelFit['dropped'], keepFirst: boolean): { fit: Lsq; keep: number[] } {
  let keep = X.map((_, j) => j);
  for (;;) {
    try {
      const fit = lsq(
        keep.map((j) => X[j]),
        y,
        keep.map((j) => names[j]),
      );
      return { fit, keep };
    } catch (e) {
      const cols = e instanceof NqpfError && e.code === 'E_RANK_DEFICIENT' ? ((e.data as { columns?: string[] })?.columns ?? []) : [];
      const drop = cols.filter((c) => !(keepFirst && c === names[0]));
      if (!drop.length) throw e;
      for (const c of drop) dropped.push({ name: c, reason: 'collinear' });
      keep = keep.filter((j) => !drop.includes(names[j]));
    }
  }
}

/** Fit a linear panel model. */
export function fitPanel(fr: ModelFrame, o: FitOptions): PanelFit {
  const G = fr.unitLabels.length;
  const T = fr.periodLabels.length;
  const n = fr.n;
  const dropped: PanelFit['dropped'] = [];
  if (o.estimator === 'random') return fitRandom(fr, o, G, T);
  const W = within(o.effects, fr.unit, G, fr.period, T, fr.balanced);
  const intercept = o.effects === 'none' && (o.intercept ?? true);
  let names = fr.names.slice();
  let Xt = fr.X.map((x) => W.apply(x));
  // Absorbed regressors: nothing left after the within transform.
  if (o.effects !== 'none') {
    const keep: number[] = [];
    Xt.forEach((x, j) => {
      const ref = Math.sqrt(centredSq(fr.X[j]));
      if (Math.sqrt(sq(x)) <= 1e-7 * ref || ref === 0) dropped.push({ name: names[j], reason: 'absorbed' });
      else keep.push(j);
    });
    Xt = keep.map((j) => Xt[j]);
    names = keep.map((j) => names[j]);
  }
  const yt = W.apply(fr.y);
  if (intercept) {
    Xt.unshift(new Float64Array(n).fill(1));
    names.unshift('(Intercept)');
  }
  if (!Xt.length) fail('E_MODEL_DF', `${o.path}: no regressor left to estimate`, { location: { path: o.path } });
  checkDf(n, Xt.length, W.absorbed, o.path);
  const { fit, keep } = olsDropping(Xt, yt, names, dropped, intercept);
  Xt = keep.map((j) => Xt[j]);
  names = keep.map((j) => names[j]);
  const k = names.length;
  const dfResid = n - k - W.absorbed;
  const rss = fit.rss;
  const sigma2 = rss / dfResid;
  const tss = intercept ? centredSq(yt) : sq(yt);
  const r2 = 1 - rss / tss;
  const slopes = intercept ? 1 : 0;
  const xb = slopePart(fr, names, fit.coef, slopes);
  const f = slopeF(fit.coef, fit.xtxInv, sigma2, slopes, k, dfResid);
  const adjDen = intercept ? n - 1 : n - W.absorbed;
  return {
    estimator: 'ols',
    effects: o.effects,
    names,
    coef: fit.coef,
    intercept,
    n,
    G,
    T,
    k,
    absorbed: W.absorbed,
    dfResid,
    rss,
    sigma2,
    r2,
    r2Within: o.effects === 'unit' || o.effects === 'twoway' ? r2 : withinR2(fr, xb),
    r2Between: betweenR2(fr, xb, G),
    r2Overall: corr2(fr.y, xb),
    adjR2: 1 - ((1 - r2) * adjDen) / dfResid,
    ...f,
    Xt,
    e: fit.residuals,
    bread: fit.xtxInv,
    unit: fr.unit,
    period: fr.period,
    dropped,
  };
}

/** Xb over the slopes only (no intercept, no fixed effects), on the untransformed regressors. */
function slopePart(fr: ModelFrame, names: string[], coef: Float64Array, from: number): Float64Array {
  const xb = new Float64Array(fr.n);
  for (let j = from; j < names.length; j++) {
    const x = fr.X[fr.names.indexOf(names[j])];
    for (let i = 0; i < fr.n; i++) xb[i] += coef[j] * x[i];
  }
  return xb;
}

function withinR2(fr: ModelFrame, xb: Float64Array): number {
  const G = fr.unitLabels.length;
  return corr2(demean(fr.y, fr.unit, G), demean(xb, fr.unit, G));
}

function betweenR2(fr: ModelFrame, xb: Float64Array, G: number): number {
  const my = new Float64Array(G);
  const mx = new Float64Array(G);
  const c = new Float64Array(G);
  for (let i = 0; i < fr.n; i++) {
    my[fr.unit[i]] += fr.y[i];
    mx[fr.unit[i]] += xb[i];
    c[fr.unit[i]]++;
  }
  for (let g = 0; g < G; g++) {
    my[g] /= c[g];
    mx[g] /= c[g];
  }
  return corr2(my, mx);
}

/** Wald F of the slopes (coefficients from index `from`) with the conventional covariance. */
function slopeF(coef: Float64Array, bread: Float64Array, sigma2: number, from: number, k: number, df: number) {
  const q = k - from;
  if (q <= 0) return { fStat: Number.NaN, fDf1: 0, fDf2: df, fP: Number.NaN };
  const V = new Float64Array(q * q);
  for (let a = 0; a < q; a++) for (let b = 0; b < q; b++) V[a * q + b] = sigma2 * bread[(a + from) * k + (b + from)];
  const b = coef.subarray(from);
  const w = quadInv(V, b, q);
  const fStat = w / q;
  return { fStat, fDf1: q, fDf2: df, fP: fSf(fStat, q, df) };
}

/** b'V⁻¹b by Cholesky (V symmetric positive definite), NaN when V is not. */
export function quadInv(V: Float64Array, b: Float64Array, q: number): number {
  const L = new Float64Array(q * q);
  for (let i = 0; i < q; i++)
    for (let j = 0; j <= i; j++) {
      let s = V[i * q + j];
      for (let m = 0; m < j; m++) s -= L[i * q + m] * L[j * q + m];
      if (i === j) {
        if (!(s > 0)) return Number.NaN;
        L[i * q + i] = Math.sqrt(s);
      } else L[i * q + j] = s / L[j * q + j];
    }
  const z = new Float64Array(q);
  for (let i = 0; i < q; i++) {
    let s = b[i];
    for (let m = 0; m < i; m++) s -= L[i * q + m] * z[m];
    z[i] = s / L[i * q + i];
  }
  return sq(z);
}

/** b'V⁻¹b by Gaussian elimination with partial pivoting (any non-singular V); NaN when V is singular. */
export function quadSolve(V: Float64Array, b: Float64Array, q: number): number {
  const A = V.slice();
  const x = b.slice();
  for (let c = 0; c < q; c++) {
    let piv = c;
    for (let r = c + 1; r < q; r++) if (Math.abs(A[r * q + c]) > Math.abs(A[piv * q + c])) piv = r;
    if (A[piv * q + c] === 0) return Number.NaN;
    if (piv !== c) {
      for (let j = 0; j < q; j++) [A[c * q + j], A[piv * q + j]] = [A[piv * q + j], A[c * q + j]];
      [x[c], x[piv]] = [x[piv], x[c]];
    }
    for (let r = c + 1; r < q; r++) {
      const f = A[r * q + c] / A[c * q + c];
      for (let j = c; j < q; j++) A[r * q + j] -= f * A[c * q + j];
      x[r] -= f * x[c];
    }
  }
  for (let r = q - 1; r >= 0; r--) {
    let s = x[r];
    for (let j = r + 1; j < q; j++) s -= A[r * q + j] * x[j];
    x[r] = s / A[r * q + r];
  }
  let h = 0;
  for (let i = 0; i < q; i++) h += b[i] * x[i];
  return h;
}

function fitRandom(fr: ModelFrame, o: FitOptions, G: number, T: number): PanelFit {
  const n = fr.n;
  if (o.effects !== 'unit' && o.effects !== 'none')
    fail('E_MODEL_SPEC', `${o.path}: random effects are unit effects; remove "| period" from the formula`, { location: { path: o.path } });
  if (!fr.balanced)
    fail('E_MODEL_UNBALANCED', `${o.path}: random effects (Swamy–Arora) need a balanced panel here; this one has ${n} of ${G * T} unit-periods`, {
      location: { path: o.path },
      hint: 'use fixed effects (| unit), or drop the units with gaps',
    });
  const fe = fitPanel(fr, { ...o, estimator: 'ols', effects: 'unit' });
  const K = fe.k;
  const sigma2E = fe.rss / (n - G - K);
  // Between regression on unit means.
  const names = fe.names;
  const cols = names.map((nm) => fr.X[fr.names.indexOf(nm)]);
  const mean = (x: Float64Array) => {
    const s = new Float64Array(G);
    for (let i = 0; i < n; i++) s[fr.unit[i]] += x[i];
    for (let g = 0; g < G; g++) s[g] /= T;
    return s;
  };
  const ybar = mean(fr.y);
  const xbar = cols.map(mean);
  const between = ols(xbar, ybar, { names });
  const sigma2One = (T * between.rss) / (G - K - 1);
  let sigma2U = (sigma2One - sigma2E) / T;
  if (sigma2U < 0) sigma2U = 0;
  const theta = 1 - Math.sqrt(sigma2E / (sigma2E + T * sigma2U));
  const ys = new Float64Array(n);
  for (let i = 0; i < n; i++) ys[i] = fr.y[i] - theta * ybar[fr.unit[i]];
  const Xs = [new Float64Array(n).fill(1 - theta)];
  cols.forEach((x, j) => {
    const c = new Float64Array(n);
    for (let i = 0; i < n; i++) c[i] = x[i] - theta * xbar[j][fr.unit[i]];
    Xs.push(c);
  });
  const allNames = ['(Intercept)', ...names];
  const fit = ols(Xs, ys, { intercept: false, names: allNames });
  const k = allNames.length;
  const dfResid = n - k;
  const sigma2 = fit.rss / dfResid;
  const tss = sq(demean(ys, new Int32Array(n), 1));
  const r2 = 1 - fit.rss / tss;
  const xb = slopePart(fr, allNames, fit.coef, 1);
  return {
    estimator: 'random',
    effects: 'unit',
    names: allNames,
    coef: fit.coef,
    intercept: true,
    n,
    G,
    T,
    k,
    absorbed: 0,
    dfResid,
    rss: fit.rss,
    sigma2,
    r2,
    r2Within: withinR2(fr, xb),
    r2Between: betweenR2(fr, xb, G),
    r2Overall: corr2(fr.y, xb),
    adjR2: 1 - ((1 - r2) * (n - 1)) / dfResid,
    ...slopeF(fit.coef, fit.xtxInv, sigma2, 1, k, dfResid),
    Xt: Xs,
    e: fit.residuals,
    bread: fit.xtxInv,
    unit: fr.unit,
    period: fr.period,
    dropped: fe.dropped,
    theta,
    sigma2U,
    sigma2E,
  };
}

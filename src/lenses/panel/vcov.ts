/**
 * Covariance estimators of a {@link PanelFit}'s coefficients, V = c · B M B with B = (Ẍ'Ẍ)⁻¹ (the
 * bread, on the transformed regressors) and M the "meat". n observations, k coefficients
 * estimated (intercept included), a absorbed fixed effects, G clusters:
 *
 * | type              | M                                   | c                                   | t df  |
 * |-------------------|-------------------------------------|-------------------------------------|-------|
 * | `conventional`    | σ̂² Ẍ'Ẍ (V = σ̂²B), σ̂² = RSS/(n−k−a) | 1                                   | n−k−a |
 * | `hc0`             | Σᵢ ëᵢ² ẍᵢẍᵢ'                          | 1                                   | n−k−a |
 * | `hc1`             | as hc0                              | n/(n−k−a) (every parameter, the absorbed effects too¹) | n−k−a |
 * | `cluster`         | Σ_g s_g s_g', s_g = Σ_{i∈g} ẍᵢëᵢ      | G/(G−1) · (n−1)/(n−k′)²                 | G−1 |
 * | `cluster_hc0`     | as cluster                          | 1 (plm `vcovHC(method = "arellano", type = "HC0")`)      | G−1 |
 * | `twoway_cluster`  | M_unit + M_period − M_unit×period     | each term with its own G/(G−1), times (n−1)/(n−k″)³ | min(G_unit, G_period)−1 |
 * | `driscoll_kraay`  | Σ_l w_l Σ_t (h_t h_{t−l}' + h_{t−l} h_t'), h_t = Σ_{i∈t} ẍᵢëᵢ, Bartlett w_l = 1 − l/(L+1) | 1 (plm `vcovSCC`, type HC0) | T−1 |
 *
 * ¹ Stata `regress y x i.unit, vce(robust)`. ² k′ = k (pooled, random effects), k + 1 with unit
 * effects (xtreg's constant), k + T with two-way effects (`xtreg … i.year, fe`: the period dummies
 * are not nested in the unit clusters) — as fixest's default and reghdfe. ³ k″ = k, + 1 with fixed
 * effects (every effect is nested in one of the two cluster dimensions; Cameron, Gelbach & Miller 2011).
 *
 * The Driscoll–Kraay lag L defaults to ⌊T^{1/4}⌋ (plm's `maxlag` default); `lags` sets it.
 * Clusters are units (`cluster`, `cluster_hc0`); `clusterBy: 'period'` clusters by period instead.
 */
import { fail } from '../../core/errors.js';
import type { PanelFit } from './estimate.js';

export const SE_TYPES = ['conventional', 'hc0', 'hc1', 'cluster', 'cluster_hc0', 'twoway_cluster', 'driscoll_kraay'] as const;
export type SeType = (typeof SE_TYPES)[number];

export interface Vcov {
  type: SeType;
  /** k×k row-major. */
  V: Float64Array;
  /** Degrees of freedom of the t reference distribution. */
  df: number;
  /** The small-sample factor c applied. */
  factor: number;
  /** Clusters (cluster types), or lags (Driscoll–Kraay). */
  clusters?: number;
  lags?: number;
}

export interface VcovOptions {
  /** Driscoll–Kraay lag (default ⌊T^{1/4}⌋). */
  lags?: number;
  /** Cluster by unit (default) or by period. */
  clusterBy?: 'unit' | 'period';
  path: string;
}

/** B M B for a k×k meat M. */
function sandwich(B: Float64Array, M: Float64Array, k: number, c: number): Float64Array {
  const BM = new Float64Array(k * k);
  for (let i = 0; i < k; i++)
    for (let j = 0; j < k; j++) {
      let s = 0;
      for (let m = 0; m < k; m++) s += B[i * k + m] * M[m * k + j];
      BM[i * k + j] = s;
    }
  const V = new Float64Array(k * k);
  for (let i = 0; i < k; i++)
    for (let j = 0; j < k; j++) {
      let s = 0;
      for (let m = 0; m < k; m++) s += BM[i * k + m] * B[m * k + j];
      V[i * k + j] = c * s;
    }
  // Exactly symmetric.
  for (let i = 0; i < k; i++)
    for (let j = 0; j < i; j++) {
      const a = (V[i * k + j] + V[j * k + i]) / 2;
      V[i * k + j] = a;
      V[j * k + i] = a;
    }
  return V;
}

/** Score sums s_g = Σ_{i∈g} ẍᵢëᵢ per group, G×k. */
function scoreSums(f: PanelFit, g: Int32Array, G: number): Float64Array {
  const k = f.k;
  const S = new Float64Array(G * k);
  for (let j = 0; j < k; j++) {
    const x = f.Xt[j];
    for (let i = 0; i < f.n; i++) S[g[i] * k + j] += x[i] * f.e[i];
  }
  return S;
}

function outerSum(S: Float64Array, G: number, k: number): Float64Array {
  const M = new Float64Array(k * k);
  for (let g = 0; g < G; g++)
    for (let a = 0; a < k; a++) {
      const sa = S[g * k + a];
      if (sa === 0) continue;
      for (let b = 0; b < k; b++) M[a * k + b] += sa * S[g * k + b];
    }
  return M;
}

/** Number of parameters Stata counts in the cluster correction: k plus its constant under fixed effects, plus period dummies under two-way effects. */
function statakPrime(f: PanelFit): number {
  if (f.effects === 'none' || f.estimator === 'random') return f.k;
  if (f.effects === 'unit') return f.k + 1;
  if (f.effects === 'period') return f.k + f.T;
  return f.k + f.T; // unit effects absorbed (constant) + T − 1 period dummies
}

/** The covariance of `f`'s coefficients under `type`. */
export function vcov(f: PanelFit, type: SeType, o: VcovOptions): Vcov {
  const k = f.k;
  const n = f.n;
  switch (type) {
    case 'conventional': {
      const V = new Float64Array(k * k);
      for (let i = 0; i < k * k; i++) V[i] = f.sigma2 * f.bread[i];
      return { type, V, df: f.dfResid, factor: 1 };
    }
    case 'hc0':
    case 'hc1': {
      const S = new Float64Array(n * k);
      for (let j = 0; j < k; j++) for (let i = 0; i < n; i++) S[i * k + j] = f.Xt[j][i] * f.e[i];
      const c = type === 'hc1' ? n / f.dfResid : 1;
      return { type, V: sandwich(f.bread, outerSum(S, n, k), k, c), df: f.dfResid, factor: c };
    }
    case 'cluster':
    case 'cluster_hc0': {
      const byPeriod = o.clusterBy === 'period';
      const g = byPeriod ? f.period : f.unit;
      const G = byPeriod ? f.T : f.G;
      if (G < 2) fail('E_MODEL_CLUSTERS', `${o.path}: one cluster: clustered standard errors need at least 2`, { location: { path: o.path } });
      const c = type === 'cluster' ? (G / (G - 1)) * ((n - 1) / (n - statakPrime(f))) : 1;
      return { type, V: sandwich(f.bread, outerSum(scoreSums(f, g, G), G, k), k, c), df: G - 1, factor: c, clusters: G };
    }
    case 'twoway_cluster': {
      const Gu = f.G;
      const Gt = f.T;
      const inter = new Int32Array(n);
      const ids = new Map<number, number>();
      for (let i = 0; i < n; i++) {
        const key = f.unit[i] * Gt + f.period[i];
        let v = ids.get(key);
        if (v === undefined) {
          v = ids.size;
          ids.set(key, v);
        }
        inter[i] = v;
      }
      const Gi = ids.size;
      // Every fixed effect is nested in one of the two cluster dimensions: k′ = slopes + 1 (reghdfe, fixest).
      const small = (n - 1) / (n - (f.effects === 'none' || f.estimator === 'random' ? f.k : f.k + 1));
      const Mu = outerSum(scoreSums(f, f.unit, Gu), Gu, k);
      const Mt = outerSum(scoreSums(f, f.period, Gt), Gt, k);
      const Mi = outerSum(scoreSums(f, inter, Gi), Gi, k);
      const M = new Float64Array(k * k);
      for (let i = 0; i < k * k; i++) M[i] = small * ((Gu / (Gu - 1)) * Mu[i] + (Gt / (Gt - 1)) * Mt[i] - (Gi / (Gi - 1)) * Mi[i]);
      return { type, V: sandwich(f.bread, M, k, 1), df: Math.min(Gu, Gt) - 1, factor: small, clusters: Math.min(Gu, Gt) };
    }
    case 'driscoll_kraay': {
      const T = f.T;
      const L = o.lags ?? Math.floor(T ** 0.25);
      if (!(L >= 0 && L < T))
        fail('E_MODEL_SPEC', `${o.path}: Driscoll–Kraay lags must lie in 0..${T - 1}, got ${L}`, { location: { path: `${o.path}.lags` } });
      const H = scoreSums(f, f.period, T);
      const M = outerSum(H, T, k);
      for (let l = 1; l <= L; l++) {
        const w = 1 - l / (L + 1);
        for (let t = l; t < T; t++)
          for (let a = 0; a < k; a++)
            for (let b = 0; b < k; b++) {
              const v = w * (H[t * k + a] * H[(t - l) * k + b] + H[(t - l) * k + a] * H[t * k + b]);
              M[a * k + b] += v;
            }
      }
      return { type, V: sandwich(f.bread, M, k, 1), df: T - 1, factor: 1, lags: L };
    }
  }
}

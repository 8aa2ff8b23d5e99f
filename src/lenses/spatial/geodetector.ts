/**
 * Geographical detector (issue 16; Wang et al. 2010; Wang & Xu 2017 “地理探测器：原理与展望”).
 *
 * Strata are integer codes 0..L−1 (one per observation). With N observations, N_h in stratum h, σ² and σ_h²
 * the sample variances (n − 1 denominators) of y overall and in stratum h (0 for a singleton), SSW = Σ_h (N_h − 1)σ_h²
 * and SST = (N − 1)σ²:
 * - factor detector: q = 1 − SSW/SST; F = (N − L)/(L − 1) · q/(1 − q) follows a non-central F(L − 1, N − L; λ) with
 *   λ = (Σ_h μ_h² − (Σ_h √N_h μ_h)²/N)/σ² (μ_h the stratum mean), as in the R package geodetector
 *   (factor_detector); p = P(F' > F).
 * - interaction detector: q of the overlay X1 ∩ X2 (every non-empty combination of strata, singletons included),
 *   classified against q1, q2 (Wang & Xu 2017, Table 1).
 * - risk detector: for each pair of strata, Welch's t = (μ_i − μ_j)/√(σ_i²/N_i + σ_j²/N_j) with the Welch–Satterthwaite
 *   df rounded to an integer (as in geodetector's risk_detector); two-sided p. Pairs with a singleton stratum or a zero
 *   denominator have no test (NaN).
 * - ecological detector: F = N_X1(N_X2 − 1)SSW_X1 / (N_X2(N_X1 − 1)SSW_X2) with df (N_X1 − 1, N_X2 − 1) (Wang et al.
 *   2010, eq. 6); upper-tail p. (The geodetector package instead compares the ratio of the two q values with
 *   qf(0.9, N − 1, N − 1); this kernel follows the published formula.)
 * Discretisation of continuous factors: quantile (type 7 breaks at k/K) or equal interval, K classes, intervals
 * closed on the right with the lowest value in the first class, tied breaks merged (R: cut(x, unique(breaks),
 * include.lowest = TRUE)); empty classes are dropped and codes renumbered in order.
 */
import { ncfSf } from '../../kernels/noncentral-f.js';
import { fCdf, fSf, studentTTwoSided } from '../../kernels/distributions.js';
import { quantiles } from '../../kernels/quantile.js';

export interface Strata {
  /** Stratum code per observation, 0..count−1. */
  codes: Int32Array;
  count: number;
}

export interface StratumStats {
  n: number;
  mean: number;
  /** Sample variance (n − 1 denominator); NaN for a singleton. */
  variance: number;
}

export interface FactorResult {
  q: number;
  f: number;
  df1: number;
  df2: number;
  lambda: number;
  p: number;
  /** Σ_h (N_h − 1)σ_h². */
  ssw: number;
  sst: number;
  strata: StratumStats[];
  /** Strata with one observation. */
  singletons: number;
}

export type InteractionType = 'nonlinear-weaken' | 'uni-weaken' | 'bi-enhance' | 'independent' | 'nonlinear-enhance';

export interface InteractionResult {
  q1: number;
  q2: number;
  q12: number;
  /** Number of non-empty strata of the overlay. */
  strata: number;
  type: InteractionType;
}

export interface RiskPair {
  i: number;
  j: number;
  meanI: number;
  meanJ: number;
  t: number;
  df: number;
  p: number;
}

export interface EcologicalResult {
  f: number;
  df1: number;
  df2: number;
  p: number;
}

/** Stratum codes from arbitrary labels, numbered in order of first appearance (the caller keeps the labels). */
export function strataFromLabels(labels: readonly string[]): { strata: Strata; labels: string[] } {
  const index = new Map<string, number>();
  const codes = new Int32Array(labels.length);
  for (let i = 0; i < labels.length; i++) {
    let c = index.get(labels[i]);
    if (c === undefined) {
      c = index.size;
      index.set(labels[i], c);
    }
    codes[i] = c;
  }
  return { strata: { codes, count: index.size }, labels: [...index.keys()] };
}

/** Break points (K + 1 of them, ascending, possibly tied) of a quantile or equal-interval discretisation. */
export function discretisationBreaks(x: Float64Array, method: 'quantile' | 'equal', classes: number): Float64Array {
  if (!(classes >= 2) || !Number.isInteger(classes)) throw new RangeError(`classes must be an integer ≥ 2, got ${classes}`);
  const ps = new Float64Array(classes + 1);
  for (let k = 0; k <= classes; k++) ps[k] = k / classes;
  if (method === 'quantile') return quantiles(x, ps);
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of x) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const out = new Float64Array(classes + 1);
  for (let k = 0; k <= classes; k++) out[k] = k === classes ? hi : lo + (k * (hi - lo)) / classes;
  return out;
}

/**
 * Codes of x under the breaks: tied breaks are merged first (R: cut(x, unique(breaks), include.lowest = TRUE)), then
 * class k holds (b_k, b_{k+1}], the first class also b_0; classes left empty are dropped and the codes renumbered.
 */
export function discretise(x: Float64Array, allBreaks: Float64Array): Strata {
  const breaks = allBreaks.filter((b, k) => k === 0 || b !== allBreaks[k - 1]); // tied breaks merged, as R's cut(x, unique(breaks))
  const K = breaks.length - 1;
  const raw = new Int32Array(x.length);
  for (let i = 0; i < x.length; i++) {
    let k = 0;
    while (k < K - 1 && x[i] > breaks[k + 1]) k++;
    raw[i] = k;
  }
  const used = new Int32Array(K).fill(-1);
  for (const k of raw) used[k] = 0;
  let count = 0;
  for (let k = 0; k < K; k++) if (used[k] === 0) used[k] = count++;
  const codes = new Int32Array(x.length);
  for (let i = 0; i < x.length; i++) codes[i] = used[raw[i]];
  return { codes, count };
}

/** Per-stratum n, mean and sample variance (two-pass). */
export function stratumStats(y: Float64Array, s: Strata): StratumStats[] {
  const n = new Float64Array(s.count);
  const sum = new Float64Array(s.count);
  for (let i = 0; i < y.length; i++) {
    n[s.codes[i]]++;
    sum[s.codes[i]] += y[i];
  }
  const mean = new Float64Array(s.count);
  for (let h = 0; h < s.count; h++) mean[h] = sum[h] / n[h];
  const ss = new Float64Array(s.count);
  for (let i = 0; i < y.length; i++) {
    const d = y[i] - mean[s.codes[i]];
    ss[s.codes[i]] += d * d;
  }
  const out: StratumStats[] = [];
  for (let h = 0; h < s.count; h++) out.push({ n: n[h], mean: mean[h], variance: n[h] > 1 ? ss[h] / (n[h] - 1) : NaN });
  return out;
}

function check(y: Float64Array, s: Strata): void {
  if (s.codes.length !== y.length) throw new RangeError(`strata length ${s.codes.length} ≠ y length ${y.length}`);
  for (const v of y) if (!Number.isFinite(v)) throw new RangeError('y must be finite');
}

/** Factor detector: q, F, λ and the non-central F p-value. Needs ≥ 2 strata and N > L. */
export function factorDetector(y: Float64Array, s: Strata): FactorResult {
  check(y, s);
  const N = y.length;
  const st = stratumStats(y, s);
  const L = st.length;
  let mean = 0;
  for (const v of y) mean += v;
  mean /= N;
  let sst = 0;
  for (const v of y) sst += (v - mean) * (v - mean);
  const variance = sst / (N - 1);
  let ssw = 0;
  let m2 = 0;
  let rm = 0;
  let singletons = 0;
  for (const h of st) {
    if (h.n > 1) ssw += (h.n - 1) * h.variance;
    else singletons++;
    m2 += h.mean * h.mean;
    rm += Math.sqrt(h.n) * h.mean;
  }
  const q = sst > 0 ? 1 - ssw / sst : NaN;
  const df1 = L - 1;
  const df2 = N - L;
  const f = (df2 / df1) * (q / (1 - q));
  const lambda = (m2 - (rm * rm) / N) / variance;
  const p = df1 > 0 && df2 > 0 ? (q === 1 ? 0 : ncfSf(f, df1, df2, Math.max(lambda, 0))) : NaN;
  return { q, f, df1, df2, lambda, p, ssw, sst, strata: st, singletons };
}

/** The overlay X1 ∩ X2: one stratum per non-empty pair of codes, numbered in order of first appearance. */
export function overlay(a: Strata, b: Strata): Strata {
  const index = new Map<number, number>();
  const codes = new Int32Array(a.codes.length);
  for (let i = 0; i < codes.length; i++) {
    const key = a.codes[i] * b.count + b.codes[i];
    let c = index.get(key);
    if (c === undefined) {
      c = index.size;
      index.set(key, c);
    }
    codes[i] = c;
  }
  return { codes, count: index.size };
}

/** The Wang & Xu (2017) interaction type of q12 against q1, q2; equalities within 1e-12 (absolute, q in [0, 1]). */
export function interactionType(q1: number, q2: number, q12: number): InteractionType {
  const tol = 1e-12;
  const lo = Math.min(q1, q2);
  const hi = Math.max(q1, q2);
  if (Math.abs(q12 - (q1 + q2)) <= tol) return 'independent';
  if (q12 > q1 + q2) return 'nonlinear-enhance';
  if (q12 < lo - tol) return 'nonlinear-weaken';
  if (q12 < hi - tol) return 'uni-weaken';
  return 'bi-enhance';
}

/** Interaction detector for one pair of factors. */
export function interactionDetector(y: Float64Array, a: Strata, b: Strata, opts: { dropSingletons?: boolean } = {}): InteractionResult {
  const q = (s: Strata) => (opts.dropSingletons ? dropSingletons(y, s) : factorDetector(y, s)).q;
  const q1 = q(a);
  const q2 = q(b);
  const o = overlay(a, b);
  const q12 = q(o);
  return { q1, q2, q12, strata: o.count, type: interactionType(q1, q2, q12) };
}

/**
 * The factor detector after removing the observations of strata with one observation (R package GD 10.8, `gd`: its
 * q, and so its interaction detector, are computed without them; y's total sum of squares too).
 */
export function dropSingletons(y: Float64Array, s: Strata): FactorResult {
  const size = new Int32Array(s.count);
  for (const c of s.codes) size[c]++;
  const keep: number[] = [];
  for (let i = 0; i < y.length; i++) if (size[s.codes[i]] > 1) keep.push(i);
  if (keep.length === y.length) return factorDetector(y, s);
  const renum = new Int32Array(s.count).fill(-1);
  let count = 0;
  for (let k = 0; k < s.count; k++) if (size[k] > 1) renum[k] = count++;
  return factorDetector(
    Float64Array.from(keep, (i) => y[i]),
    { codes: Int32Array.from(keep, (i) => renum[s.codes[i]]), count },
  );
}

/** Risk detector: Welch t-tests of every pair of stratum means (i < j in code order). */
export function riskDetector(y: Float64Array, s: Strata): RiskPair[] {
  check(y, s);
  const st = stratumStats(y, s);
  const out: RiskPair[] = [];
  for (let i = 0; i < st.length; i++) {
    for (let j = i + 1; j < st.length; j++) {
      const a = st[i];
      const b = st[j];
      const va = a.variance / a.n;
      const vb = b.variance / b.n;
      const den = Math.sqrt(va + vb);
      let t = NaN;
      let df = NaN;
      let p = NaN;
      if (a.n > 1 && b.n > 1 && den > 0) {
        t = (a.mean - b.mean) / den;
        df = Math.round(((va + vb) * (va + vb)) / ((va * va) / (a.n - 1) + (vb * vb) / (b.n - 1)));
        p = studentTTwoSided(t, df);
      }
      out.push({ i, j, meanI: a.mean, meanJ: b.mean, t, df, p });
    }
  }
  return out;
}

/**
 * Ecological detector (Wang et al. 2010): F = N1(N2 − 1)SSW1 / (N2(N1 − 1)SSW2) on (N1 − 1, N2 − 1) df, testing
 * H0: SSW1 = SSW2 against a difference either way — two-sided p = min(1, 2·min(P(F ≤ f), P(F ≥ f))), so the p of a pair
 * does not depend on which factor is named first (an upper tail alone gives p ≈ 1 whenever the first factor is the
 * stronger one).
 */
export function ecologicalDetector(y: Float64Array, a: Strata, b: Strata): EcologicalResult {
  const fa = factorDetector(y, a);
  const fb = factorDetector(y, b);
  const n1 = y.length;
  const n2 = y.length;
  const f = (n1 * (n2 - 1) * fa.ssw) / (n2 * (n1 - 1) * fb.ssw);
  const df1 = n1 - 1;
  const df2 = n2 - 1;
  return { f, df1, df2, p: Math.min(1, 2 * Math.min(fCdf(f, df1, df2), fSf(f, df1, df2))) };
}

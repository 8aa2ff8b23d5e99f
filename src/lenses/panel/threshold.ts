/**
 * Hansen (1999) fixed-effects panel threshold model, single, double or triple (issue 15).
 *
 * Model (balanced panel, G units × T periods, N = GT rows, unit effects only, as Stata's xthreg):
 *   y_it = μ_i + β₁ x_it 1(q_it ≤ γ₁) + β₂ x_it 1(γ₁ < q_it ≤ γ₂) + … + β_{m+1} x_it 1(q_it > γ_m) + θ′z_it + e_it
 * with x the `regime` column of the frame, z its other columns and q the threshold variable.
 * Estimated by least squares on within-transformed data: S(γ) = SSR of the within regression, γ̂ = argmin S(γ)
 * over a grid (first minimum when tied).
 *
 * Grid (stated exactly): n_min = max(1, ⌈trim·N⌉) observations. The candidates are the distinct values v of q
 * with #{q ≤ v} ≥ n_min and #{q > v} ≥ n_min (each regime keeps ≥ trim of the observations, Hansen's
 * trimming). When there are K > `grid` of them, `grid` are kept, the ones of rank
 * ⌊(2j(K−1) + grid−1) / (2(grid−1))⌋, j = 0…grid−1 (0-based, evenly spaced ranks, first and last kept; for a
 * continuous q these are its quantiles from trim to 1−trim). Fewer than 10 candidates → E_MODEL_THRESHOLD.
 * Every later search uses the same grid and skips a candidate equal to a threshold already placed or that
 * leaves a regime (between adjacent thresholds) with fewer than n_min observations.
 *
 * Sequential estimation (Hansen 1999 §3.2, after Bai 1997): single γ̂₁ = argmin S₁(γ); double: γ̂₂ʳ = argmin
 * S₂ʳ(γ) given γ̂₁, then the refinement γ̂₁ʳ = argmin S₁ʳ(γ) given γ̂₂ʳ; triple: γ̂₃ = argmin S₃(γ) given
 * (γ̂₁ʳ, γ̂₂ʳ) (no further refinement). S_m is the SSR of the m-threshold model (S₀: no threshold;
 * S₁ = S₁(γ̂₁); S₂ = SSR at (γ̂₁ʳ, γ̂₂ʳ); S₃ = S₃(γ̂₃)) and S_mˢ the minimum of stage m's search.
 *
 * Test of m − 1 against m thresholds: F_m = (S_{m−1} − S_mˢ)/σ̂²_m, σ̂²_m = S_mˢ/(N − G) = S_mˢ/(n(T−1)) as
 * Hansen (no degrees-of-freedom correction for the slopes). Bootstrap p-value (Hansen's fixed-regressor
 * residual bootstrap): x, z, q fixed; the within residuals ê of the (m−1)-threshold model grouped by unit
 * (T-vectors) are drawn with replacement, one draw per unit; y* = fitted (within) values of that model + ê*;
 * the whole stage-m procedure is repeated on y* (for m ≥ 2 the earlier thresholds are re-estimated on y*);
 * p = #{F*_m ≥ F_m}/B; critical values at 10/5/1 % are the 0.90/0.95/0.99 quantiles of F*_m (R type 7).
 * Replication b of stage m draws from `Rng.stream(seed, 11, m, b)`: the same draws in any order.
 *
 * Confidence interval of each threshold by inverting the likelihood ratio (Hansen 1999 §3.1; 2000):
 * LR(γ) = (S(γ) − S(γ̂))/σ̂², the set {γ on the grid : LR(γ) ≤ c}, c = −2 ln(1 − √level) (7.35 at 95 %),
 * reported as its smallest and largest member. σ̂² is the one of the test of that stage: σ̂²₁ for γ̂₁,
 * σ̂²₂ = S₂ʳ(γ̂₂ʳ)/(N−G) for γ̂₂ʳ and for the refined γ̂₁ʳ, σ̂²₃ for γ̂₃.
 *
 * Regime coefficients: the m-threshold model refitted by ./estimate.ts (within, unit effects) on the columns
 * x·1(regime r), r = 1…m+1, and z, with conventional and unit-clustered covariances (./vcov.ts `conventional`,
 * σ̂² = RSS/(N − G − k), and `cluster`, Stata's xtreg small-sample factor) — what xthreg reports via `xtreg, fe`.
 *
 * Computation (sufficient statistics, never one regression per grid point): with F the within-transformed
 * fixed columns (x̃, z̃ and the split columns of thresholds already placed), Q an orthonormal basis of F
 * (modified Gram–Schmidt, twice), w(γ) = x·1(q ≤ γ) and e_F = M_F ỹ:
 *   S(γ) = ‖e_F‖² − (w′e_F)² / (w̃′w̃ − ‖Q′w‖²),  w̃′w̃ = Σ_{q≤γ} x² − Σ_i (Σ_{t: q_it≤γ} x_it)²/T.
 * The observations are ordered once by grid interval (a counting sort: the first grid point ≥ q); as γ moves up
 * the grid, w′e_F, Q′w and the unit sums are updated per observation that switches regime. Everything but w′e_F is free of y, so each bootstrap replication costs
 * one projection of y* (O(N k)) and one pass over the sorted observations.
 * Cost: O(N log grid) ordering + O(N log N) for the grid + O(N k) per search; B replications × (1, 2 or 4 searches); O(N k) memory per
 * precomputed search (cached by the fixed thresholds).
 *
 * Validation: test/lenses/threshold.test.ts against a brute-force R implementation (one within regression per
 * grid point, test/reference/threshold/threshold.R) on the Grunfeld panel, and a seeded simulation of a
 * known single threshold (LR interval coverage).
 *
 * References: B. E. Hansen (1999) "Threshold effects in non-dynamic panels: estimation, testing, and
 * inference", Journal of Econometrics 93:345–368; B. E. Hansen (2000) "Sample splitting and threshold
 * estimation", Econometrica 68:575–603; Q. Wang (2015) "Fixed-effect panel threshold model using Stata",
 * Stata Journal 15:121–134; J. Bai (1997) "Estimating multiple breaks one at a time", Econometric Theory 13:315–352.
 */
import { fail } from '../../core/errors.js';
import { Rng } from '../../core/rng.js';
import { quantileSorted } from '../../kernels/quantile.js';
import { fitPanel, type PanelFit } from './estimate.js';
import type { ModelFrame } from './frame.js';
import { vcov, type Vcov } from './vcov.js';
import { demean } from './within.js';

/** Defaults the spec layer may use (Hansen: 400 quantiles; 95 % intervals). */
export const THRESHOLD_DEFAULTS = { grid: 400, level: 0.95, minCandidates: 10 } as const;

export interface ThresholdOptions {
  /** Threshold variable, one value per frame row (finite). */
  q: Float64Array;
  /** Name of the frame column (`fr.names`) whose slope switches between regimes. */
  regime: string;
  /** Largest number of thresholds estimated (models with 1…thresholds are all returned). */
  thresholds: 1 | 2 | 3;
  /** Share of observations each regime keeps at least (0 ≤ trim < 0.5), e.g. 0.15 for 15 %–85 %. */
  trim: number;
  /** Largest number of grid points (default 400; all candidates when fewer). */
  grid?: number;
  /** Bootstrap replications per test (0: no p-value). */
  bootstrap: number;
  /** Confidence level of the threshold intervals (e.g. 0.95). */
  level: number;
  seed: number;
  /** Spec path for error locations. */
  path: string;
}

/** A search curve: the admissible grid points, S(γ) and LR(γ). */
export interface ThresholdCurve {
  gamma: Float64Array;
  ssr: Float64Array;
  lr: Float64Array;
}

export interface ThresholdEstimate {
  /** `gamma1`, `gamma2`, `gamma3`, in the order estimated (not sorted). */
  name: string;
  /** How it was obtained: `single`, `second` (γ̂₂ʳ given γ̂₁), `refined` (γ̂₁ʳ given γ̂₂ʳ), `third`, or `carried` (from the double model). */
  stage: 'single' | 'second' | 'refined' | 'third' | 'carried';
  gamma: number;
  /** Interval by LR inversion: smallest and largest grid γ with LR(γ) ≤ c. */
  lower: number;
  upper: number;
  /** The search curve the estimate and interval come from. */
  curve: ThresholdCurve;
}

export interface ThresholdTest {
  /** S_{m−1}. */
  ssrNull: number;
  /** S_mˢ (minimum of stage m's search). */
  ssr: number;
  /** σ̂²_m = S_mˢ/(N − G). */
  sigma2: number;
  F: number;
  /** Bootstrap p-value, critical values at 10/5/1 % (NaN without bootstrap). */
  p: number;
  crit10: number;
  crit5: number;
  crit1: number;
  replications: number;
  /** The bootstrap statistics F*_m (replication order). */
  fStar: Float64Array;
}

export interface ThresholdRegime {
  /** Coefficient name in `fit.names`. */
  name: string;
  /** q in (lower, upper]; −Infinity / Infinity at the ends. */
  lower: number;
  upper: number;
  /** Observations in the regime. */
  n: number;
}

export interface ThresholdModel {
  /** Number of thresholds. */
  m: number;
  /** Thresholds sorted ascending. */
  thresholds: number[];
  estimates: ThresholdEstimate[];
  test: ThresholdTest;
  /** S_m: SSR of this model at its thresholds. */
  ssr: number;
  regimes: ThresholdRegime[];
  /** Within fit on the regime-split columns (regime columns first, then the other regressors). */
  fit: PanelFit;
  conventional: Vcov;
  cluster: Vcov;
}

export interface ThresholdResult {
  n: number;
  G: number;
  T: number;
  trim: number;
  /** ⌈trim·N⌉ (at least 1): the smallest regime. */
  minRegime: number;
  /** The search grid (ascending). */
  grid: Float64Array;
  /** Distinct admissible values of q before thinning. */
  candidates: number;
  /** c = −2 ln(1 − √level). */
  critLR: number;
  level: number;
  models: ThresholdModel[];
}

/** Likelihood-ratio critical value for a threshold interval (Hansen 2000): −2 ln(1 − √level). */
export function lrCritical(level: number): number {
  return -2 * Math.log(1 - Math.sqrt(level));
}

/** The grid of candidate thresholds (see the module comment) and its bookkeeping. */
export function thresholdGrid(q: Float64Array, trim: number, maxPoints: number): { grid: Float64Array; candidates: number; minRegime: number } {
  const N = q.length;
  const sorted = Float64Array.from(q).sort();
  const minRegime = Math.max(1, Math.ceil(trim * N - 1e-9));
  const cand: number[] = [];
  for (let p = 0; p < N; p++) {
    if (p + 1 < N && sorted[p + 1] === sorted[p]) continue; // last of a tie run: #{q ≤ v} = p + 1
    const below = p + 1;
    if (below >= minRegime && N - below >= minRegime) cand.push(sorted[p]);
  }
  const K = cand.length;
  if (K <= maxPoints) return { grid: Float64Array.from(cand), candidates: K, minRegime };
  const grid = new Float64Array(maxPoints);
  for (let j = 0; j < maxPoints; j++) grid[j] = cand[Math.floor((2 * j * (K - 1) + (maxPoints - 1)) / (2 * (maxPoints - 1)))];
  return { grid, candidates: K, minRegime };
}

/** Orthonormal basis of the columns (modified Gram–Schmidt twice; columns with nothing new are dropped), row-major n×k. */
function orthonormal(cols: Float64Array[]): { Q: Float64Array; k: number } {
  const basis: Float64Array[] = [];
  for (const c of cols) {
    const v = c.slice();
    const n0 = Math.sqrt(dot(v, v));
    if (!(n0 > 0)) continue;
    for (let pass = 0; pass < 2; pass++) for (const b of basis) axpy(v, -dot(b, v), b);
    const nv = Math.sqrt(dot(v, v));
    if (!(nv > 1e-9 * n0)) continue;
    for (let i = 0; i < v.length; i++) v[i] /= nv;
    basis.push(v);
  }
  const k = basis.length;
  const n = cols[0]?.length ?? 0;
  const Q = new Float64Array(n * k);
  for (let j = 0; j < k; j++) {
    const b = basis[j];
    for (let i = 0; i < n; i++) Q[i * k + j] = b[i];
  }
  return { Q, k };
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

function axpy(y: Float64Array, a: number, x: Float64Array): void {
  for (let i = 0; i < y.length; i++) y[i] += a * x[i];
}

/** A search with some thresholds fixed: everything that does not depend on y. */
interface Prepared {
  fixed: number[];
  /** Orthonormal basis of the fixed columns, row-major N×k, rows in sorted order. */
  Q: Float64Array;
  k: number;
  /** w̃′M_F w̃ per grid point (the denominator). */
  den: Float64Array;
  ok: Uint8Array;
  admissible: number;
}

interface Curve {
  /** SSR with the fixed columns only. */
  ssrF: number;
  /** Reduction of SSR by the split at each grid point (NaN when inadmissible): S(γ) = ssrF − gain. */
  gain: Float64Array;
  /** Residual M_F y (sorted order). */
  e: Float64Array;
  best: number;
}

/**
 * The observations in "sorted order" (grouped by the first grid point ≥ q, frame order within a group: a
 * counting sort), with the regime column and the fixed columns in that order. Every vector a search
 * touches is in this order, so the sweeps over the grid run over contiguous memory.
 */
class Searcher {
  readonly N: number;
  /** perm[p] = frame row at sorted position p; pos[i] = sorted position of frame row i. */
  readonly perm: Int32Array;
  readonly pos: Int32Array;
  /** cut[g] = #{q ≤ grid[g]}: the rows of sorted positions < cut[g] are in the lower regime of grid[g]. */
  readonly cut: Int32Array;
  readonly xs: Float64Array;
  readonly us: Int32Array;
  readonly base: Float64Array[];
  private readonly cache = new Map<string, Prepared>();

  constructor(
    x: Float64Array,
    q: Float64Array,
    unit: Int32Array,
    readonly G: number,
    readonly T: number,
    base: Float64Array[],
    readonly grid: Float64Array,
    readonly minRegime: number,
  ) {
    const N = x.length;
    const nG = grid.length;
    this.N = N;
    const bucket = new Int32Array(N);
    const count = new Int32Array(nG + 2);
    for (let i = 0; i < N; i++) {
      // first g with grid[g] ≥ q[i] (nG when none)
      let lo = 0;
      let hi = nG;
      const v = q[i];
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (grid[mid] < v) lo = mid + 1;
        else hi = mid;
      }
      bucket[i] = lo;
      count[lo + 1]++;
    }
    for (let g = 1; g <= nG + 1; g++) count[g] += count[g - 1];
    this.cut = Int32Array.from({ length: nG }, (_, g) => count[g + 1]);
    this.perm = new Int32Array(N);
    this.pos = new Int32Array(N);
    const next = count.slice(0, nG + 1);
    for (let i = 0; i < N; i++) {
      const p = next[bucket[i]]++;
      this.perm[p] = i;
      this.pos[i] = p;
    }
    this.xs = this.sorted(x);
    this.us = new Int32Array(N);
    for (let p = 0; p < N; p++) this.us[p] = unit[this.perm[p]];
    this.base = base.map((b) => this.sorted(b));
  }

  /** A frame-order vector in sorted order. */
  sorted(v: Float64Array): Float64Array {
    const out = new Float64Array(this.N);
    for (let p = 0; p < this.N; p++) out[p] = v[this.perm[p]];
    return out;
  }

  /** The split column x·1(q ≤ grid[g]), within-transformed (sorted order). */
  splitColumn(g: number): Float64Array {
    const w = new Float64Array(this.N);
    w.set(this.xs.subarray(0, this.cut[g]));
    return demean(w, this.us, this.G);
  }

  /** Whether γ = grid[g] can join the thresholds `fixed` (regime sizes ≥ minRegime, not already there). */
  admissible(g: number, fixed: number[]): boolean {
    if (fixed.includes(g)) return false;
    const cuts = [0, ...[...fixed, g].map((f) => this.cut[f]).sort((a, b) => a - b), this.N];
    for (let r = 1; r < cuts.length; r++) if (cuts[r] - cuts[r - 1] < this.minRegime) return false;
    return true;
  }

  prepare(fixed: number[]): Prepared {
    const key = fixed
      .slice()
      .sort((a, b) => a - b)
      .join(',');
    const hit = this.cache.get(key);
    if (hit) return hit;
    const { xs, us, T } = this;
    const { Q, k } = orthonormal([...this.base, ...fixed.map((g) => this.splitColumn(g))]);
    const nG = this.grid.length;
    const den = new Float64Array(nG);
    const ok = new Uint8Array(nG);
    const acc = new Float64Array(k);
    const S = new Float64Array(this.G);
    let sx2 = 0;
    let s2 = 0;
    let p = 0;
    let admissible = 0;
    for (let g = 0; g < nG; g++) {
      for (const end = this.cut[g]; p < end; p++) {
        const xi = xs[p];
        for (let j = 0, r = p * k; j < k; j++) acc[j] += Q[r + j] * xi;
        sx2 += xi * xi;
        const u = us[p];
        const su = S[u];
        s2 += xi * (2 * su + xi);
        S[u] = su + xi;
      }
      const ww = sx2 - s2 / T;
      let aa = 0;
      for (let j = 0; j < k; j++) aa += acc[j] * acc[j];
      den[g] = ww - aa;
      if (this.admissible(g, fixed) && den[g] > 1e-10 * ww) {
        ok[g] = 1;
        admissible++;
      }
    }
    const out = { fixed: fixed.slice(), Q, k, den, ok, admissible };
    if (this.cache.size >= 32) this.cache.clear();
    this.cache.set(key, out);
    return out;
  }

  /**
   * S(γ) over the grid for the within-transformed `y` (sorted order); `scratch` (length N) receives the residual
   * when given. The projection is applied twice (reorthogonalisation) for the estimates, once in the bootstrap.
   */
  curve(pre: Prepared, y: Float64Array, scratch?: Float64Array, passes = 2): Curve {
    const { N } = this;
    const { Q, k } = pre;
    const e = scratch ?? new Float64Array(N);
    e.set(y);
    const c = new Float64Array(k);
    for (let pass = 0; pass < passes; pass++) {
      c.fill(0);
      for (let i = 0, r = 0; i < N; i++, r += k) {
        const ei = e[i];
        for (let j = 0; j < k; j++) c[j] += Q[r + j] * ei;
      }
      for (let i = 0, r = 0; i < N; i++, r += k) {
        let s = 0;
        for (let j = 0; j < k; j++) s += Q[r + j] * c[j];
        e[i] -= s;
      }
    }
    const ssrF = dot(e, e);
    const nG = this.grid.length;
    const gain = new Float64Array(nG);
    const xs = this.xs;
    let num = 0;
    let p = 0;
    let best = -1;
    for (let g = 0; g < nG; g++) {
      for (const end = this.cut[g]; p < end; p++) num += xs[p] * e[p];
      if (pre.ok[g]) {
        gain[g] = (num * num) / pre.den[g];
        if (best < 0 || gain[g] > gain[best]) best = g;
      } else gain[g] = Number.NaN;
    }
    return { ssrF, gain, e, best };
  }
}

/** Estimate Hansen's fixed-effects threshold model with 1…`o.thresholds` thresholds. */
export function thresholdModel(fr: ModelFrame, o: ThresholdOptions): ThresholdResult {
  const path = o.path;
  const G = fr.unitLabels.length;
  const T = fr.periodLabels.length;
  const N = fr.n;
  if (!fr.balanced)
    fail('E_MODEL_UNBALANCED', `${path}: Hansen's panel threshold model needs a balanced panel; this one has ${N} of ${G * T} unit-periods`, {
      location: { path },
      hint: 'drop the units with gaps (or the periods some units miss) before estimating the threshold model',
    });
  const spec = (what: string, at: string) => fail('E_MODEL_SPEC', `${path}.${at}: ${what}`, { location: { path: `${path}.${at}` } });
  if (![1, 2, 3].includes(o.thresholds)) spec(`thresholds must be 1, 2 or 3, got ${o.thresholds}`, 'thresholds');
  if (!(o.trim >= 0 && o.trim < 0.5)) spec(`trim must lie in [0, 0.5), got ${o.trim}`, 'trim');
  const maxGrid = o.grid ?? THRESHOLD_DEFAULTS.grid;
  if (!(Number.isInteger(maxGrid) && maxGrid >= THRESHOLD_DEFAULTS.minCandidates))
    spec(`grid must be an integer ≥ ${THRESHOLD_DEFAULTS.minCandidates}, got ${maxGrid}`, 'grid');
  if (!(Number.isInteger(o.bootstrap) && o.bootstrap >= 0)) spec(`bootstrap must be a non-negative integer, got ${o.bootstrap}`, 'bootstrap');
  if (!(o.level > 0 && o.level < 1)) spec(`level must lie in (0, 1), got ${o.level}`, 'level');
  const xj = fr.names.indexOf(o.regime);
  if (xj < 0) spec(`the regime-dependent regressor "${o.regime}" is not a term of the model (terms: ${fr.names.join(', ')})`, 'regime');
  if (o.q.length !== N) fail('E_INTERNAL', `${path}: threshold variable has ${o.q.length} values for ${N} rows`);
  for (let i = 0; i < N; i++)
    if (!Number.isFinite(o.q[i]))
      fail('E_MODEL_THRESHOLD', `${path}: the threshold variable is missing at ${fr.unitLabels[fr.unit[i]]} ${fr.periodLabels[fr.period[i]]}`, {
        location: { path },
        hint: 'include the threshold variable in the estimation sample (rows with a missing value are dropped before estimation)',
      });

  const { grid, candidates, minRegime } = thresholdGrid(o.q, o.trim, maxGrid);
  if (candidates < THRESHOLD_DEFAULTS.minCandidates)
    fail(
      'E_MODEL_THRESHOLD',
      `${path}: the threshold variable has ${candidates} distinct value${candidates === 1 ? '' : 's'} that leave each regime ≥ ${minRegime} of ${N} ` +
        `observations (trim ${o.trim}); at least ${THRESHOLD_DEFAULTS.minCandidates} are needed`,
      { location: { path }, hint: 'use a threshold variable with more distinct values, or a smaller trim' },
    );

  const x = fr.X[xj];
  const xt = demean(x, fr.unit, G);
  const base = [xt, ...fr.X.filter((_, j) => j !== xj).map((z) => demean(z, fr.unit, G))];
  const S = new Searcher(x, o.q, fr.unit, G, T, base, grid, minRegime);
  const yt = S.sorted(demean(fr.y, fr.unit, G));
  const dfE = N - G;
  const critLR = lrCritical(o.level);

  const need = (pre: Prepared, what: string) => {
    if (!pre.admissible)
      fail('E_MODEL_THRESHOLD', `${path}: no grid point is left for the ${what} threshold with each regime ≥ ${minRegime} observations (trim ${o.trim})`, {
        location: { path },
        hint: 'estimate fewer thresholds or use a smaller trim',
      });
  };
  const curveOut = (c: Curve, sigma2: number): ThresholdCurve => {
    const keep: number[] = [];
    c.gain.forEach((v, g) => {
      if (!Number.isNaN(v)) keep.push(g);
    });
    const top = c.gain[c.best];
    return {
      gamma: Float64Array.from(keep, (g) => grid[g]),
      ssr: Float64Array.from(keep, (g) => c.ssrF - c.gain[g]),
      lr: Float64Array.from(keep, (g) => (top - c.gain[g]) / sigma2),
    };
  };
  const estimate = (name: string, stage: ThresholdEstimate['stage'], c: Curve, sigma2: number): ThresholdEstimate => {
    const curve = curveOut(c, sigma2);
    let lower = Number.POSITIVE_INFINITY;
    let upper = Number.NEGATIVE_INFINITY;
    curve.lr.forEach((v, j) => {
      if (v <= critLR) {
        lower = Math.min(lower, curve.gamma[j]);
        upper = Math.max(upper, curve.gamma[j]);
      }
    });
    return { name, stage, gamma: grid[c.best], lower, upper, curve };
  };

  // Point estimates, stage by stage.
  const models: ThresholdModel[] = [];
  const pre0 = S.prepare([]);
  const c1 = S.curve(pre0, yt);
  const g1 = c1.best;
  const S0 = c1.ssrF;
  const S1 = c1.ssrF - c1.gain[g1];
  const sig1 = S1 / dfE;
  const e1 = estimate('gamma1', 'single', c1, sig1);
  const stages: { fixed: number[]; ssrNull: number; ssrS: number; estimates: ThresholdEstimate[]; ssr: number; nullFixed: number[] }[] = [
    { fixed: [g1], ssrNull: S0, ssrS: S1, estimates: [e1], ssr: S1, nullFixed: [] },
  ];
  if (o.thresholds >= 2) {
    const pre1 = S.prepare([g1]);
    need(pre1, 'second');
    const c2 = S.curve(pre1, yt);
    const g2 = c2.best;
    const S2r = c2.ssrF - c2.gain[g2];
    const sig2 = S2r / dfE;
    const preR = S.prepare([g2]);
    const cR = S.curve(preR, yt);
    const g1r = cR.best;
    const S2 = cR.ssrF - cR.gain[g1r];
    stages.push({
      fixed: [g1r, g2],
      ssrNull: S1,
      ssrS: S2r,
      estimates: [estimate('gamma1', 'refined', cR, sig2), estimate('gamma2', 'second', c2, sig2)],
      ssr: S2,
      nullFixed: [g1],
    });
    if (o.thresholds === 3) {
      const pre2 = S.prepare([g1r, g2]);
      need(pre2, 'third');
      const c3 = S.curve(pre2, yt);
      const g3 = c3.best;
      const S3 = c3.ssrF - c3.gain[g3];
      const carried = stages[1].estimates.map((e) => ({ ...e, stage: 'carried' as const }));
      stages.push({
        fixed: [g1r, g2, g3],
        ssrNull: S2,
        ssrS: S3,
        estimates: [...carried, estimate('gamma3', 'third', c3, S3 / dfE)],
        ssr: S3,
        nullFixed: [g1r, g2],
      });
    }
  }

  // Bootstrap of each F_m under the (m−1)-threshold model.
  // Sorted position of unit u's period-t row.
  const at = new Int32Array(G * T);
  for (let i = 0; i < N; i++) at[fr.unit[i] * T + fr.period[i]] = S.pos[i];
  const ystar = new Float64Array(N);
  const scratch = new Float64Array(N);
  const statistic = (m: number, y: Float64Array): number => {
    const a = S.curve(pre0, y, scratch, 1);
    if (m === 1) {
      const s1 = a.ssrF - a.gain[a.best];
      return (a.ssrF - s1) / (s1 / dfE);
    }
    const s1 = a.ssrF - a.gain[a.best];
    const p2 = S.prepare([a.best]);
    if (!p2.admissible) return 0;
    const b = S.curve(p2, y, scratch, 1);
    const s2r = b.ssrF - b.gain[b.best];
    if (m === 2) return (s1 - s2r) / (s2r / dfE);
    const cR = S.curve(S.prepare([b.best]), y, scratch, 1);
    const s2 = cR.ssrF - cR.gain[cR.best];
    const p3 = S.prepare([cR.best, b.best]);
    if (!p3.admissible) return 0;
    const c = S.curve(p3, y, scratch, 1);
    const s3 = c.ssrF - c.gain[c.best];
    return (s2 - s3) / (s3 / dfE);
  };

  stages.forEach((st, k) => {
    const m = k + 1;
    const sigma2 = st.ssrS / dfE;
    const F = (st.ssrNull - st.ssrS) / sigma2;
    const B = o.bootstrap;
    const fStar = new Float64Array(B);
    if (B > 0) {
      const nullCurve = S.curve(S.prepare(st.nullFixed), yt);
      const e = nullCurve.e;
      const fitted = new Float64Array(N);
      for (let i = 0; i < N; i++) fitted[i] = yt[i] - e[i];
      for (let b = 0; b < B; b++) {
        const rng = Rng.stream(o.seed, 11, m, b);
        for (let u = 0; u < G; u++) {
          const from = rng.int(G);
          for (let t = 0; t < T; t++) {
            const i = at[u * T + t];
            ystar[i] = fitted[i] + e[at[from * T + t]];
          }
        }
        fStar[b] = statistic(m, ystar);
      }
    }
    let exceed = 0;
    for (let b = 0; b < B; b++) if (fStar[b] >= F) exceed++;
    const sorted = Float64Array.from(fStar).sort();
    const test: ThresholdTest = {
      ssrNull: st.ssrNull,
      ssr: st.ssrS,
      sigma2,
      F,
      p: B > 0 ? exceed / B : Number.NaN,
      crit10: B > 0 ? quantileSorted(sorted, 0.9) : Number.NaN,
      crit5: B > 0 ? quantileSorted(sorted, 0.95) : Number.NaN,
      crit1: B > 0 ? quantileSorted(sorted, 0.99) : Number.NaN,
      replications: B,
      fStar,
    };
    models.push({
      m,
      test,
      ssr: st.ssr,
      estimates: st.estimates,
      ...regimeFit(
        fr,
        o,
        xj,
        st.fixed.map((g) => grid[g]).sort((a, b) => a - b),
      ),
    });
  });

  return { n: N, G, T, trim: o.trim, minRegime, grid, candidates, critLR, level: o.level, models };
}

/** The m-threshold model refitted on regime-split columns, with its covariances. */
function regimeFit(
  fr: ModelFrame,
  o: ThresholdOptions,
  xj: number,
  th: number[],
): Pick<ThresholdModel, 'thresholds' | 'regimes' | 'fit' | 'conventional' | 'cluster'> {
  const x = fr.X[xj];
  const bounds = [Number.NEGATIVE_INFINITY, ...th, Number.POSITIVE_INFINITY];
  const regimes: ThresholdRegime[] = [];
  const cols: Float64Array[] = [];
  for (let r = 0; r + 1 < bounds.length; r++) {
    const lo = bounds[r];
    const hi = bounds[r + 1];
    const c = new Float64Array(fr.n);
    let n = 0;
    for (let i = 0; i < fr.n; i++)
      if (o.q[i] > lo && o.q[i] <= hi) {
        c[i] = x[i];
        n++;
      }
    cols.push(c);
    regimes.push({ name: `${o.regime}[r${r + 1}]`, lower: lo, upper: hi, n });
  }
  const others = fr.names.map((nm, j) => ({ nm, j })).filter((c) => c.j !== xj);
  const split: ModelFrame = { ...fr, X: [...cols, ...others.map((c) => fr.X[c.j])], names: [...regimes.map((r) => r.name), ...others.map((c) => c.nm)] };
  const fit = fitPanel(split, { estimator: 'ols', effects: 'unit', path: o.path });
  return {
    thresholds: th,
    regimes,
    fit,
    conventional: vcov(fit, 'conventional', { path: o.path }),
    cluster: vcov(fit, 'cluster', { path: o.path }),
  };
}

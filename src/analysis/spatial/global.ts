/**
 * Global spatial autocorrelation tests for one period's values: Moran's I, Geary's C and the
 * Getis–Ord General G, with the analytical moments of R spdep's `moran.test`, `geary.test` and
 * `globalG.test` (defaults: `randomisation = TRUE`, `alternative = "greater"`,
 * `adjust.n = TRUE`, `B1correct = TRUE`) and optional permutation inference as `moran.mc` /
 * `geary.mc`.
 *
 * Notation (spdep `spweights.constants`): N units, n = units with at least one neighbour
 * (= N without islands), S0 = Σ_ij w_ij, S1 = ½ Σ_ij (w_ij + w_ji)², S2 = Σ_i (w_i· + w_·i)².
 *
 * Conventions shared by the three tests:
 * - `x` has one value per unit, in the order of `W.units` (use `reorder` to align).
 * - Missing data: none allowed — NaN fails with `E_MISSING_VALUES` naming the units (impute
 *   first, or drop the units and rebuild the weights); ±Infinity fails with `E_NONFINITE`.
 * - Islands: units without neighbours are accepted only when listed in `W.islands` (built with
 *   `islands: "keep"`), and are treated as spdep `zero.policy = TRUE`: their spatial lag is 0,
 *   they add nothing to S0, S1, S2, but still enter the mean, Σz² and kurtosis of x; n counts
 *   only units with neighbours (spdep `adjust.n = TRUE`).
 * - At least 4 units with neighbours are required (the randomisation variances divide by
 *   (n − 1)(n − 2)(n − 3)).
 * - `alternative` (default "greater", spdep's default) is always "positive spatial
 *   autocorrelation": larger I, smaller C, larger G. The z score follows spdep's sign
 *   convention: z = (I − E[I])/sd, z = (E[C] − C)/sd = (1 − C)/sd, z = (G − E[G])/sd, so
 *   "greater" is the upper normal tail in all three. `pGreater`, `pLess`, `pTwoSided` are all
 *   reported; `pValue` is the one for `alternative`.
 * - Permutation inference (`nsim` > 0 with a seeded `rng`): x is permuted over units `nsim`
 *   times (Fisher–Yates with the caller's {@link Rng}); pseudo p = (extreme + 1)/(nsim + 1),
 *   where `extreme` counts permuted statistics at least as extreme as the observed one in the
 *   direction of `alternative` ("greater": I_sim ≥ I, C_sim ≤ C, G_sim ≥ G; "less" the
 *   opposite; "two.sided": min(1, 2·min(p_greater, p_less))). Ties within 1e-12 relative count
 *   as extreme (conservative). This is spdep `moran.mc`'s p-value ((nsim − rank + 1)/(nsim + 1))
 *   when there are no ties; spdep's default alternative "greater" is ours.
 *
 * References: A. D. Cliff & J. K. Ord (1981) *Spatial Processes: Models and Applications*, Pion,
 * §§1.5, 2.3 (moments of I and C under normality and randomisation); A. Getis & J. K. Ord (1992)
 * "The analysis of spatial association by use of distance statistics", Geographical Analysis
 * 24(3):189–206 (General G and its moments); R. Bivand, spdep (R/moran.R, R/geary.R,
 * R/globalG.R, R/spweights.constants), whose formulae and conventions these reproduce.
 */
import { fail, unknownName } from '../../core/errors.js';
import type { Rng } from '../../core/rng.js';
import { mean as meanOf, sumNeumaier } from '../../kernels/sum.js';
import { normalCdf } from './normal.js';
import type { SpatialWeights } from './types.js';
import { findLink, validateWeights } from './weights.js';

/** Alternative hypothesis: "greater" = positive spatial autocorrelation (spdep's default). */
export type GlobalAlternative = 'greater' | 'less' | 'two.sided';
/** Registry names of the global tests. */
export type GlobalMethodName = 'moran' | 'geary' | 'getis-ord-g';

export const GLOBAL_ALTERNATIVES: readonly GlobalAlternative[] = ['greater', 'less', 'two.sided'];

/** Options of {@link moran}, {@link geary} and {@link getisOrdG}. */
export interface GlobalOptions {
  /** Default "greater" (positive spatial autocorrelation), as spdep. */
  alternative?: GlobalAlternative;
  /** Variance under randomisation (default true, as spdep) or under normality (false). Getis–Ord G has only the randomisation variance. */
  randomisation?: boolean;
  /** Number of permutations for pseudo p-values (default 0: none). */
  nsim?: number;
  /** Seeded generator for the permutations (required when nsim > 0). */
  rng?: Rng;
  /** What is being tested, for messages (e.g. "rd_intensity, 2022"). */
  label?: string;
  /** Spec path for error locations. */
  path?: string;
}

/** Weights constants as spdep `spweights.constants(adjust.n = TRUE)`. */
export interface SpatialConstants {
  /** Units with at least one neighbour. */
  n: number;
  /** All units. */
  nTotal: number;
  S0: number;
  S1: number;
  S2: number;
}

/** Permutation (Monte Carlo) inference. */
export interface PermutationResult {
  nsim: number;
  alternative: GlobalAlternative;
  /** (extreme + 1)/(nsim + 1) (two-sided: min(1, 2·min(p_greater, p_less))). */
  pValue: number;
  /** Permuted statistics at least as extreme as the observed in the alternative's direction (two-sided: the smaller tail count). */
  extreme: number;
  /** Mean and variance (divisor nsim − 1) of the permuted statistics. */
  mean: number;
  variance: number;
  /** Observed statistic standardised by the permutation mean and sd, in the spdep sign convention (Geary: (mean − C)/sd). */
  z: number;
}

/** Result of a global test. */
export interface GlobalTestResult {
  method: GlobalMethodName;
  /** I, C or G. */
  statistic: number;
  expectation: number;
  variance: number;
  /** Standard deviate in spdep's sign convention (positive = positive autocorrelation). */
  z: number;
  alternative: GlobalAlternative;
  /** p-value for `alternative` from the standard normal distribution. */
  pValue: number;
  /** Upper-tail p (positive autocorrelation), lower-tail p, and two-sided p = 2·P(Z > |z|). */
  pGreater: number;
  pLess: number;
  pTwoSided: number;
  /** Variance assumption. */
  assumption: 'randomisation' | 'normality';
  /** Sample kurtosis b2 = m·Σz⁴/(Σz²)² used by the randomisation variance (m = N for Moran, n for Geary, as spdep); NaN for G. */
  kurtosis: number;
  constants: SpatialConstants;
  /** Units kept without neighbours (zero lag). */
  islands: string[];
  permutation?: PermutationResult;
}

/** Signature shared by the global tests (registry value type). */
export type GlobalFn = (x: Float64Array, W: SpatialWeights, opts?: GlobalOptions) => GlobalTestResult;

/**
 * S0, S1, S2 and n (units with neighbours) of `W`, as spdep `spweights.constants` with
 * `adjust.n = TRUE`. Asymmetric weights are handled (w_ji looked up per link).
 * Cost O(links · log(max neighbours)).
 */
export function spatialConstants(W: SpatialWeights): SpatialConstants {
  const N = W.units.length;
  const rs = new Float64Array(N);
  const cs = new Float64Array(N);
  const terms = new Float64Array(W.indices.length);
  let n = 0;
  for (let i = 0; i < N; i++) {
    if (W.indptr[i + 1] > W.indptr[i]) n++;
    for (let k = W.indptr[i]; k < W.indptr[i + 1]; k++) {
      const j = W.indices[k];
      const w = W.weights[k];
      rs[i] += w;
      cs[j] += w;
      const r = findLink(W, j, i);
      const wji = r >= 0 ? W.weights[r] : 0;
      terms[k] = w * w + w * wji;
    }
  }
  const S0 = sumNeumaier(W.weights);
  const S1 = sumNeumaier(terms);
  let S2 = 0;
  for (let i = 0; i < N; i++) S2 += (rs[i] + cs[i]) * (rs[i] + cs[i]);
  return { n, nTotal: N, S0, S1, S2 };
}

// ---------------------------------------------------------------------------------------------
// Shared checks and p-values
// ---------------------------------------------------------------------------------------------

function what(name: string, opts: GlobalOptions): string {
  return opts.label ? `${name} (${opts.label})` : name;
}

function checkInput(name: string, x: Float64Array, W: SpatialWeights, opts: GlobalOptions): SpatialConstants {
  const loc = opts.path ? { path: opts.path } : undefined;
  validateWeights(W, opts.path);
  const N = W.units.length;
  if (!(x instanceof Float64Array) || x.length !== N) {
    fail('E_BAD_INPUT', `${what(name, opts)}: expected ${N} values (one per unit of the weights), got ${x instanceof Float64Array ? x.length : typeof x}`, {
      location: loc,
      hint: 'the value vector must follow the unit order of the weights; use reorder(W, units) to align them',
    });
  }
  const missing: string[] = [];
  const inf: string[] = [];
  for (let i = 0; i < N; i++) {
    const v = x[i];
    if (v !== v) missing.push(W.units[i]);
    else if (v === Infinity || v === -Infinity) inf.push(W.units[i]);
  }
  if (missing.length) {
    fail('E_MISSING_VALUES', `${what(name, opts)}: missing values for ${missing.length} unit${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}`, {
      location: loc,
      hint: 'spatial statistics need a value for every unit: impute the missing values, or drop those units and rebuild the weights',
      data: { units: missing },
    });
  }
  if (inf.length) {
    fail('E_NONFINITE', `${what(name, opts)}: infinite values for ${inf.join(', ')}`, {
      location: loc,
      hint: 'check the data or the transformation that produced them',
    });
  }
  const listed = new Set(W.islands);
  const unlisted: string[] = [];
  for (let i = 0; i < N; i++) if (W.indptr[i + 1] === W.indptr[i] && !listed.has(W.units[i])) unlisted.push(W.units[i]);
  if (unlisted.length) {
    fail('E_ISLANDS', `${what(name, opts)}: ${unlisted.length} unit${unlisted.length > 1 ? 's have' : ' has'} no neighbours: ${unlisted.join(', ')}`, {
      location: loc,
      hint: 'add links for them, or build the weights with islands: "keep" (zero lag, spdep zero.policy = TRUE) or islands: "nearest"',
    });
  }
  const c = spatialConstants(W);
  if (c.n < 4) {
    fail('E_TOO_FEW', `${what(name, opts)}: needs at least 4 units with neighbours, got ${c.n}`, {
      location: loc,
      hint: 'the variances divide by (n − 1)(n − 2)(n − 3)',
    });
  }
  if (!(c.S0 > 0)) fail('E_BAD_INPUT', `${what(name, opts)}: the weights sum to zero`, { location: loc });
  const alt = opts.alternative ?? 'greater';
  if (!GLOBAL_ALTERNATIVES.includes(alt)) {
    fail('E_BAD_OPTION', `invalid alternative: "${String(alt)}" (known: ${GLOBAL_ALTERNATIVES.join(', ')})`, {
      location: opts.path ? { path: `${opts.path}.alternative` } : undefined,
    });
  }
  const nsim = opts.nsim ?? 0;
  if (!Number.isInteger(nsim) || nsim < 0 || nsim > 1e7) {
    fail('E_BAD_OPTION', `nsim must be an integer between 0 and 10000000, got ${nsim}`, {
      location: opts.path ? { path: `${opts.path}.nsim` } : undefined,
      hint: '999 or 9999 permutations are usual',
    });
  }
  if (nsim > 0 && (!opts.rng || typeof (opts.rng as Rng).int !== 'function')) {
    fail('E_BAD_OPTION', `${what(name, opts)}: nsim = ${nsim} permutations need a seeded rng`, {
      location: opts.path ? { path: `${opts.path}.rng` } : undefined,
      hint: 'pass rng: Rng.create(seed)',
    });
  }
  return c;
}

function pValues(z: number, alternative: GlobalAlternative): Pick<GlobalTestResult, 'pValue' | 'pGreater' | 'pLess' | 'pTwoSided'> {
  const pGreater = normalCdf(-z);
  const pLess = normalCdf(z);
  const pTwoSided = 2 * normalCdf(-Math.abs(z));
  const pValue = alternative === 'greater' ? pGreater : alternative === 'less' ? pLess : pTwoSided;
  return { pValue, pGreater, pLess, pTwoSided };
}

/**
 * In-place Fisher–Yates shuffle with the caller's generator: the draws of `rng.int(i + 1)` for
 * i = N − 1 … 1, written out so that the two floating-point remainders of each `int` call (its
 * rejection limit and the result) cost no division per draw: `limits[n]` = 2³² − (2³² mod n) is
 * computed once per permutation test ({@link shuffleLimits}), a draw at or above it is drawn again
 * (the loop runs the draw's own code, so the compiled loop survives a run's first rejection), and
 * x mod n = x − ⌊x/n⌋·n is exact (x < 2³², so x/n never rounds across an integer). The same swaps
 * as `rng.int` gives.
 */
function shuffle(a: Float64Array, rng: Rng, limits: Float64Array): void {
  for (let i = a.length - 1; i > 0; i--) {
    const n = i + 1;
    const limit = limits[n];
    let x: number;
    do x = rng.nextU32();
    while (x >= limit);
    const j = x - Math.floor(x / n) * n;
    const t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
}

/** `limits[n]` = 2³² − (2³² mod n) for n = 1 … N: the largest multiple of n that a 32-bit draw for `Rng.int(n)` must stay below. */
function shuffleLimits(N: number): Float64Array {
  const limits = new Float64Array(N + 1);
  for (let n = 1; n <= N; n++) limits[n] = 4294967296 - (4294967296 % n);
  return limits;
}

/**
 * Permutation inference for statistic `stat(buf)` whose observed value is `obs`; `positive` =
 * +1 when larger values mean positive autocorrelation (I, G), −1 when smaller do (C).
 */
function permute(buf: Float64Array, stat: (v: Float64Array) => number, obs: number, scale: number, positive: 1 | -1, opts: GlobalOptions): PermutationResult {
  const nsim = opts.nsim!;
  const rng = opts.rng!;
  const alternative = opts.alternative ?? 'greater';
  const eps = 1e-12 * Math.max(Math.abs(obs), Math.abs(scale));
  let up = 0; // at least as large as observed
  let down = 0; // at least as small
  let m = 0;
  let m2 = 0;
  const limits = shuffleLimits(buf.length);
  for (let s = 1; s <= nsim; s++) {
    shuffle(buf, rng, limits);
    const v = stat(buf);
    if (v >= obs - eps) up++;
    if (v <= obs + eps) down++;
    const d = v - m; // Welford
    m += d / s;
    m2 += d * (v - m);
  }
  const eG = positive === 1 ? up : down;
  const eL = positive === 1 ? down : up;
  const pG = (eG + 1) / (nsim + 1);
  const pL = (eL + 1) / (nsim + 1);
  const pValue = alternative === 'greater' ? pG : alternative === 'less' ? pL : Math.min(1, 2 * Math.min(pG, pL));
  const extreme = alternative === 'greater' ? eG : alternative === 'less' ? eL : Math.min(eG, eL);
  const variance = nsim > 1 ? m2 / (nsim - 1) : NaN;
  const z = (positive * (obs - m)) / Math.sqrt(variance);
  return { nsim, alternative, pValue, extreme, mean: m, variance, z };
}

/** Deviations from the (compensated) mean, Σz², Σz⁴. */
function deviations(x: Float64Array, label: string, opts: GlobalOptions): { z: Float64Array; zz: number; z4: number } {
  const mu = meanOf(x);
  const N = x.length;
  const z = new Float64Array(N);
  const sq = new Float64Array(N);
  const q = new Float64Array(N);
  for (let i = 0; i < N; i++) {
    const d = x[i] - mu;
    z[i] = d;
    sq[i] = d * d;
    q[i] = sq[i] * sq[i];
  }
  const zz = sumNeumaier(sq);
  if (!(zz > 0)) {
    fail('E_CONSTANT', `${what(label, opts)}: all units have the same value; spatial autocorrelation is undefined`, {
      location: opts.path ? { path: opts.path } : undefined,
      hint: 'skip this indicator/period or check the data',
    });
  }
  return { z, zz, z4: sumNeumaier(q) };
}

// ---------------------------------------------------------------------------------------------
// Moran's I
// ---------------------------------------------------------------------------------------------

/**
 * Σ_i z_i Σ_j w_ij z_j, the outer sum compensated (Neumaier). Each step's rounding error comes from
 * Knuth's branch-free TwoSum rather than Neumaier's |s| ≥ |v| test: both give the exact error of s + v,
 * so the same bits, without a branch that data of mixed sign mispredict half the time (this runs once
 * per permutation: 999 × periods × 2 tests).
 */
function crossProduct(W: SpatialWeights, z: Float64Array): number {
  const { indptr, indices, weights } = W;
  let s = 0;
  let c = 0;
  const N = W.units.length;
  for (let i = 0; i < N; i++) {
    let l = 0;
    for (let k = indptr[i]; k < indptr[i + 1]; k++) l += weights[k] * z[indices[k]];
    const v = z[i] * l;
    const t = s + v;
    const bv = t - s;
    c += s - (t - bv) + (v - bv);
    s = t;
  }
  return s + c;
}

/**
 * Global Moran's I test (spdep `moran.test`, and `moran.mc` when `nsim` > 0).
 *
 *   I = (n/S0) · Σ_ij w_ij z_i z_j / Σ_i z_i²,  z = x − x̄,   E[I] = −1/(n − 1)
 *   normality:      Var = (n²S1 − nS2 + 3S0²) / (S0²(n² − 1)) − E[I]²
 *   randomisation:  Var = [n((n² − 3n + 3)S1 − nS2 + 3S0²) − b2((n² − n)S1 − 2nS2 + 6S0²)]
 *                         / ((n − 1)(n − 2)(n − 3)S0²) − E[I]²,   b2 = N·Σz⁴/(Σz²)²
 *   z = (I − E[I])/√Var.
 *
 * Defaults: randomisation, alternative "greater". Missing values refused (see module doc).
 * I is invariant to x → a + b·x (b > 0). Cost O(links) (+ O(nsim · links) for permutations).
 *
 * @example moran(values, weightsFromPairs(units, pairs)).pValue
 */
export function moran(x: Float64Array, W: SpatialWeights, opts: GlobalOptions = {}): GlobalTestResult {
  const name = "Moran's I";
  const c = checkInput(name, x, W, opts);
  const { n, nTotal: N, S0, S1, S2 } = c;
  const { z, zz, z4 } = deviations(x, name, opts);
  const K = (N * z4) / (zz * zz);
  const stat = (v: Float64Array) => ((n / S0) * crossProduct(W, v)) / zz;
  const I = stat(z);
  const EI = -1 / (n - 1);
  const nn = n * n;
  const S02 = S0 * S0;
  const randomisation = opts.randomisation ?? true;
  let VI: number;
  if (randomisation) {
    const a = n * (S1 * (nn - 3 * n + 3) - n * S2 + 3 * S02);
    const b = K * (S1 * (nn - n) - 2 * n * S2 + 6 * S02);
    VI = (a - b) / ((n - 1) * (n - 2) * (n - 3) * S02) - EI * EI;
  } else {
    VI = (nn * S1 - n * S2 + 3 * S02) / (S02 * (nn - 1)) - EI * EI;
  }
  const zI = (I - EI) / Math.sqrt(VI);
  const alternative = opts.alternative ?? 'greater';
  const res: GlobalTestResult = {
    method: 'moran',
    statistic: I,
    expectation: EI,
    variance: VI,
    z: zI,
    alternative,
    ...pValues(zI, alternative),
    assumption: randomisation ? 'randomisation' : 'normality',
    kurtosis: K,
    constants: c,
    islands: W.islands.slice(),
  };
  if ((opts.nsim ?? 0) > 0) res.permutation = permute(z.slice(), stat, I, EI, 1, opts);
  return res;
}

// ---------------------------------------------------------------------------------------------
// Geary's C
// ---------------------------------------------------------------------------------------------

/** Σ_ij w_ij (z_i − z_j)². */
function squaredDifferences(W: SpatialWeights, z: Float64Array): number {
  const { indptr, indices, weights } = W;
  let s = 0;
  const N = W.units.length;
  for (let i = 0; i < N; i++) {
    const zi = z[i];
    for (let k = indptr[i]; k < indptr[i + 1]; k++) {
      const d = zi - z[indices[k]];
      s += weights[k] * d * d;
    }
  }
  return s;
}

/**
 * Global Geary's C test (spdep `geary.test`, and `geary.mc` when `nsim` > 0).
 *
 *   C = ((n − 1)/(2·S0)) · Σ_ij w_ij (x_i − x_j)² / Σ_i (x_i − x̄)²,   E[C] = 1
 *   normality:      Var = ((2S1 + S2)(n − 1) − 4S0²) / (2(N + 1)S0²)
 *   randomisation:  Var = [(n−1)S1(n² − 3N + 3 − b2(n − 1)) − ¼(n−1)S2(n² + 3N − 6 − b2(n² − N + 2))
 *                          + S0²(n² − 3 − b2(n − 1)²)] / (N(n − 2)(n − 3)S0²),   b2 = n·Σz⁴/(Σz²)²
 *   z = (1 − C)/√Var  (spdep's sign: positive z = positive autocorrelation, small C).
 *
 * N and n differ only with islands kept; the mix of N and n follows spdep exactly (geary.test
 * uses the unadjusted length in those places). Defaults: randomisation, alternative "greater".
 * C is invariant to x → a + b·x (b ≠ 0). Cost O(links).
 */
export function geary(x: Float64Array, W: SpatialWeights, opts: GlobalOptions = {}): GlobalTestResult {
  const name = "Geary's C";
  const c = checkInput(name, x, W, opts);
  const { n, nTotal: N, S0, S1, S2 } = c;
  const { z, zz, z4 } = deviations(x, name, opts);
  const K = (n * z4) / (zz * zz);
  const stat = (v: Float64Array) => ((n - 1) / (2 * S0)) * (squaredDifferences(W, v) / zz);
  const C = stat(z);
  const nn = n * n;
  const n1 = n - 1;
  const S02 = S0 * S0;
  const randomisation = opts.randomisation ?? true;
  let VC: number;
  if (randomisation) {
    VC = n1 * S1 * (nn - 3 * N + 3 - K * n1);
    VC -= 0.25 * (n1 * S2 * (nn + 3 * N - 6 - K * (nn - N + 2)));
    VC += S02 * (nn - 3 - K * n1 * n1);
    VC /= N * (n - 2) * (n - 3) * S02;
  } else {
    VC = ((2 * S1 + S2) * n1 - 4 * S02) / (2 * (N + 1) * S02);
  }
  const zC = (1 - C) / Math.sqrt(VC);
  const alternative = opts.alternative ?? 'greater';
  const res: GlobalTestResult = {
    method: 'geary',
    statistic: C,
    expectation: 1,
    variance: VC,
    z: zC,
    alternative,
    ...pValues(zC, alternative),
    assumption: randomisation ? 'randomisation' : 'normality',
    kurtosis: K,
    constants: c,
    islands: W.islands.slice(),
  };
  if ((opts.nsim ?? 0) > 0) res.permutation = permute(z.slice(), stat, C, 1, -1, opts);
  return res;
}

// ---------------------------------------------------------------------------------------------
// Getis–Ord General G
// ---------------------------------------------------------------------------------------------

/**
 * Getis–Ord General G test (spdep `globalG.test`; permutations as the other tests).
 *
 *   G = Σ_ij w_ij x_i x_j / Σ_{i≠j} x_i x_j = Σ_ij w_ij x_i x_j / ((Σx)² − Σx²),   E[G] = S0/(n(n − 1))
 *   Var[G] = (B0·m2² + B1·m4 + B2·m1²·m2 + B3·m1·m3 + B4·m1⁴) / (((m1² − m2)²)·n(n−1)(n−2)(n−3)) − E[G]²
 *   with m_k = Σ x_i^k and
 *   B0 = (n² − 3n + 3)S1 − nS2 + 3S0²,  B1 = −[(n² − n)S1 − 2nS2 + 6S0²],
 *   B2 = −[2nS1 − (n + 3)S2 + 6S0²],   B3 = 4(n − 1)S1 − 2(n + 1)S2 + 8S0²,   B4 = S1 − S2 + S0²
 *   (spdep's B1correct = TRUE; Getis & Ord 1992 as corrected).  z = (G − E[G])/√Var.
 *
 * Requires x ≥ 0 (`E_BAD_INPUT` naming negative units) and at least two positive values.
 * Intended for binary (style "B") or other non-standardised weights (spdep warns on "W").
 * Only the randomisation variance exists: `randomisation: false` is refused.
 * G is invariant to x → b·x (b > 0) but not to shifts. Cost O(links).
 */
export function getisOrdG(x: Float64Array, W: SpatialWeights, opts: GlobalOptions = {}): GlobalTestResult {
  const name = 'Getis–Ord General G';
  const c = checkInput(name, x, W, opts);
  const loc = opts.path ? { path: opts.path } : undefined;
  if (opts.randomisation === false) {
    fail('E_BAD_OPTION', `${what(name, opts)}: only the randomisation variance is defined`, {
      location: opts.path ? { path: `${opts.path}.randomisation` } : undefined,
      hint: 'leave randomisation unset (true)',
    });
  }
  const neg: string[] = [];
  for (let i = 0; i < x.length; i++) if (x[i] < 0) neg.push(W.units[i]);
  if (neg.length) {
    fail('E_BAD_INPUT', `${what(name, opts)}: needs non-negative values; negative for ${neg.join(', ')}`, {
      location: loc,
      hint: 'use a min-max normalised or otherwise non-negative indicator',
    });
  }
  const { n, S0, S1, S2 } = c;
  const N = x.length;
  const p1 = new Float64Array(N);
  const p2 = new Float64Array(N);
  const p3 = new Float64Array(N);
  const p4 = new Float64Array(N);
  for (let i = 0; i < N; i++) {
    const v = x[i];
    p1[i] = v;
    p2[i] = v * v;
    p3[i] = p2[i] * v;
    p4[i] = p2[i] * p2[i];
  }
  const sx = sumNeumaier(p1);
  const sx2 = sumNeumaier(p2);
  const sx3 = sumNeumaier(p3);
  const sx4 = sumNeumaier(p4);
  const denom = sx * sx - sx2;
  if (!(denom > 0)) {
    fail('E_CONSTANT', `${what(name, opts)}: needs at least two units with positive values`, {
      location: loc,
      hint: 'Σ_{i≠j} x_i x_j is zero, so G is undefined',
    });
  }
  const stat = (v: Float64Array) => crossProduct(W, v) / denom;
  const G = stat(x);
  const EG = S0 / (n * (n - 1));
  const nn = n * n;
  const S02 = S0 * S0;
  const B0 = (nn - 3 * n + 3) * S1 - n * S2 + 3 * S02;
  const B1 = -((nn - n) * S1 - 2 * n * S2 + 6 * S02);
  const B2 = -(2 * n * S1 - (n + 3) * S2 + 6 * S02);
  const B3 = 4 * (n - 1) * S1 - 2 * (n + 1) * S2 + 8 * S02;
  const B4 = S1 - S2 + S02;
  const VG =
    (B0 * sx2 * sx2 + B1 * sx4 + B2 * sx * sx * sx2 + B3 * sx * sx3 + B4 * sx * sx * sx * sx) / (denom * denom * n * (n - 1) * (n - 2) * (n - 3)) - EG * EG;
  const zG = (G - EG) / Math.sqrt(VG);
  const alternative = opts.alternative ?? 'greater';
  const res: GlobalTestResult = {
    method: 'getis-ord-g',
    statistic: G,
    expectation: EG,
    variance: VG,
    z: zG,
    alternative,
    ...pValues(zG, alternative),
    assumption: 'randomisation',
    kurtosis: NaN,
    constants: c,
    islands: W.islands.slice(),
  };
  if ((opts.nsim ?? 0) > 0) res.permutation = permute(x.slice(), stat, G, EG, 1, opts);
  return res;
}

// ---------------------------------------------------------------------------------------------
// Registry and per-period driver
// ---------------------------------------------------------------------------------------------

/** Global tests by registry name. */
export const globalMethods: Record<GlobalMethodName, GlobalFn> = {
  moran,
  geary,
  'getis-ord-g': getisOrdG,
};

/** The global test registered as `name`; unknown names throw `E_UNKNOWN_METHOD` with a did-you-mean hint. */
export function getGlobalMethod(name: string, path?: string): GlobalFn {
  if (Object.hasOwn(globalMethods, name)) return globalMethods[name as GlobalMethodName];
  return unknownName('global spatial statistic', name, Object.keys(globalMethods), path);
}

/**
 * Run a global test for every period of a period-major column (`values[t·N + u]`, as a Panel
 * indicator; N = `W.units.length`). `periods` (optional) label the periods in messages.
 * Permutations (if any) draw from `opts.rng` period after period, so the results depend only on
 * the seed. Returns one result per period, in order.
 */
export function globalByPeriod(
  method: string,
  values: Float64Array,
  W: SpatialWeights,
  opts: GlobalOptions & { periods?: readonly string[] } = {},
): GlobalTestResult[] {
  const f = getGlobalMethod(method, opts.path ? `${opts.path}.method` : undefined);
  const N = W.units.length;
  if (!(values instanceof Float64Array) || N === 0 || values.length % N !== 0) {
    fail(
      'E_BAD_INPUT',
      `values must be a Float64Array whose length is a multiple of ${N} units, got ${values instanceof Float64Array ? values.length : typeof values}`,
      { location: opts.path ? { path: opts.path } : undefined },
    );
  }
  const T = values.length / N;
  const out: GlobalTestResult[] = [];
  for (let t = 0; t < T; t++) {
    const period = opts.periods?.[t] ?? `period ${t + 1}`;
    const label = opts.label ? `${opts.label}, ${period}` : period;
    out.push(f(values.subarray(t * N, (t + 1) * N), W, { ...opts, label }));
  }
  return out;
}

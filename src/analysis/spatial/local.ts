/**
 * Local indicators of spatial association (LISA) for one period's values: local Moran's I_i with
 * its analytical (conditional-randomisation) moments and with a conditional permutation test,
 * the LISA cluster map (HH / LL / HL / LH / ns), Getis–Ord G_i* as a z-score, and the data of the
 * Moran scatterplot.
 *
 * Conventions shared by every function here:
 * - `x` is one value per unit, in the order of `W.units`; `W` is CSR ({@link SpatialWeights}).
 *   Row i's neighbours must not include i itself (G_i* adds the self weight on its own).
 * - Missing data: none allowed. A NaN value fails with `E_MISSING_VALUES` naming the units
 *   (impute, or drop the units and rebuild the weights first); ±Infinity fails with `E_NONFINITE`.
 * - Islands (rows without neighbours, present only when the weights were built with the "keep"
 *   island rule) get a zero spatial lag, as spdep with `zero.policy = TRUE`: I_i = 0, E = 0,
 *   Var = 0, so Z_i and its p-value are NaN (undefined), and the unit is classed "ns".
 * - p-values come from the standard normal distribution computed with W. J. Cody's rational
 *   Chebyshev approximations (ACM TOMS 715, 1993) — the algorithm behind R's `pnorm`.
 *
 * References: L. Anselin (1995) "Local indicators of spatial association — LISA", Geographical
 * Analysis 27(2):93–115; R. R. Sokal, N. L. Oden, B. A. Thomson (1998) "Local spatial
 * autocorrelation in a biological model", Geographical Analysis 30(4):331–354 (Eqs. A7–A8);
 * J. Sauer, T. Oshan, S. Rey, L. J. Wolf (2021) "The importance of null hypotheses: understanding
 * differences in local Moran's I_i under heteroskedasticity", Geographical Analysis 54:752–768;
 * J. K. Ord, A. Getis (1995) "Local spatial autocorrelation statistics: distributional issues and
 * an application", Geographical Analysis 27(4):286–306; R. Bivand, spdep 1.2 (`localmoran`,
 * `localmoran_perm`, `localG`), whose formulae these functions reproduce.
 */
import { normalCdf as kernelNormalCdf, normalUpper } from '../../kernels/normal.js';
import { fail, unknownName } from '../../core/errors.js';
import { Rng } from '../../core/rng.js';
import { median as medianOf } from '../../kernels/quantile.js';
import { mean as meanOf } from '../../kernels/sum.js';
import type { SpatialWeights } from './types.js';

/** Alternative hypothesis of a normal-approximation test (spdep's `alternative`). */
export type LocalAlternative = 'greater' | 'less' | 'two.sided';
/** Alternative of the permutation test: the three above plus GeoDa/esda's "folded" pseudo p. */
export type PermAlternative = LocalAlternative | 'folded';
/** How a unit's quadrant is decided (spdep `attr(, "quadr")` columns `mean`, `median`, `pysal`). */
export type LisaQuadrantRule = 'mean' | 'median' | 'pysal';
/** Moran-scatterplot quadrant: first letter = the unit's value, second = its spatial lag. */
export type LisaQuadrant = 'HH' | 'LL' | 'HL' | 'LH';
/** A LISA cluster-map class: the quadrant when significant, else "ns". */
export type LisaCluster = LisaQuadrant | 'ns';

export const LOCAL_ALTERNATIVES: readonly LocalAlternative[] = ['greater', 'less', 'two.sided'];
export const PERM_ALTERNATIVES: readonly PermAlternative[] = ['greater', 'less', 'two.sided', 'folded'];
export const LISA_QUADRANT_RULES: readonly LisaQuadrantRule[] = ['mean', 'median', 'pysal'];

/** Options of {@link localMoran}; every default is spdep 1.2's. */
export interface LocalMoranOptions {
  /** Alternative hypothesis for the normal p-value (default "greater": positive local autocorrelation). */
  alternative?: LocalAlternative;
  /**
   * Conditional randomisation moments (Sokal et al. 1998; default true): E and Var of I_i when
   * z_i is held fixed and the other n − 1 values are permuted. false: total randomisation
   * (Anselin 1995).
   */
  conditional?: boolean;
  /** Variance divisor n (maximum likelihood, default true) or n − 1 for the I_i scale s². */
  mlvar?: boolean;
  /** Take the mean and s² over units that have neighbours only (default false). */
  adjustX?: boolean;
  /** Significance level for the cluster map: p ≤ significance is significant (default 0.05). */
  significance?: number;
  /** Quadrant rule for the cluster map (default "mean"). */
  quadrant?: LisaQuadrantRule;
}

export interface LocalMoranResult {
  units: string[];
  /** I_i. */
  I: Float64Array;
  /** E[I_i] under the chosen randomisation. */
  expected: Float64Array;
  /** Var[I_i] under the chosen randomisation. */
  variance: Float64Array;
  /** Z_i = (I_i − E[I_i]) / sqrt(Var[I_i]) (NaN for islands and for z_i = 0 when conditional). */
  z: Float64Array;
  /** Normal p-value of Z_i for `alternative`. */
  p: Float64Array;
  quadrant: LisaQuadrant[];
  cluster: LisaCluster[];
  options: Required<LocalMoranOptions>;
}

/** Options of {@link localMoranPerm}. */
export interface LocalMoranPermOptions {
  /** Seed; unit i draws from `Rng.stream(seed, i)`, so results never depend on order or workers. */
  seed: number;
  /** Number of permutations (default 999). */
  nsim?: number;
  /** Which pseudo p-value `p` holds and the cluster map uses (default "greater"). */
  alternative?: PermAlternative;
  /** As in {@link LocalMoranOptions} (default true). */
  mlvar?: boolean;
  /** As in {@link LocalMoranOptions} (default false). */
  adjustX?: boolean;
  /** Positions (0-based, in `W.units`) of the units to test; default all. */
  units?: ArrayLike<number>;
  /** Significance level for the cluster map (default 0.05). */
  significance?: number;
  /** Quadrant rule for the cluster map (default "mean"). */
  quadrant?: LisaQuadrantRule;
}

export interface LocalMoranPermResult {
  /** Positions of the tested units in `W.units` (the order of every array below). */
  index: Int32Array;
  units: string[];
  I: Float64Array;
  /** Mean of the nsim permuted I_i. */
  mean: Float64Array;
  /** Standard deviation (divisor nsim − 1) of the permuted I_i. */
  sd: Float64Array;
  /** (I_i − mean) / sd. */
  z: Float64Array;
  /** Pseudo p-value for `alternative`. */
  p: Float64Array;
  /** Folded pseudo p (GeoDa / esda `p_sim`), whatever `alternative` is. */
  pFolded: Float64Array;
  /** Number of permuted I_i ≥ observed (ties counted). */
  nGreaterEq: Int32Array;
  /** Number of permuted I_i ≤ observed (ties counted). */
  nLessEq: Int32Array;
  quadrant: LisaQuadrant[];
  cluster: LisaCluster[];
  nsim: number;
  seed: number;
  alternative: PermAlternative;
}

export interface GetisOrdOptions {
  /** Alternative for the normal p-value (default "two.sided", as spdep `localG`). */
  alternative?: LocalAlternative;
  /**
   * Weight w_ii given to the unit itself. Default: 1 for binary weights; for row-standardised
   * weights the row's largest weight (1/k_i when the row came from k_i binary neighbours) and 1
   * for an island. G_i*'s z-score is unchanged by rescaling a row, so either default equals
   * spdep's `localG(x, nb2listw(include.self(nb), style))` for both styles.
   */
  selfWeight?: number;
  /** Significance level for the hot/cold-spot classes (default 0.05). */
  significance?: number;
}

export interface GetisOrdResult {
  units: string[];
  /** z-score of G_i* (what spdep `localG` returns). */
  z: Float64Array;
  /** G_i* = Σ_j w*_ij x_j / Σ_j x_j (NaN when Σ x = 0). */
  G: Float64Array;
  /** E[G_i*] = W*_i / n. */
  expected: Float64Array;
  /** Var[G_i*]. */
  variance: Float64Array;
  /** Normal p-value of z for `alternative`. */
  p: Float64Array;
  /** "hot" (z > 0) or "cold" (z < 0) when p ≤ significance, else "ns". */
  spot: ('hot' | 'cold' | 'ns')[];
  options: { alternative: LocalAlternative; significance: number };
}

export interface MoranScatter {
  /** Standardised values (x_i − x̄) / s, s with divisor n. */
  z: Float64Array;
  /** Spatial lag of the standardised values, Σ_j w_ij z_j (0 for islands). */
  lag: Float64Array;
  /** Least-squares slope of lag on z: Σ z·lag / Σ z² (= global Moran's I when S0 = n). */
  slope: number;
}

// ---------------------------------------------------------------------------------------------
// Local Moran's I_i, analytical moments
// ---------------------------------------------------------------------------------------------

/**
 * Local Moran's I_i with analytical moments, exactly as R spdep 1.2 `localmoran()`.
 *
 * With z = x − x̄ and the lag (Wz)_i = Σ_j w_ij z_j:
 *
 *   I_i = (z_i / s²) · (Wz)_i,    s² = Σ z² / n  (mlvar, default)  or  Σ z² / (n − 1),
 *
 * W_i = Σ_j w_ij, W_i2 = Σ_j w_ij², m2 = Σ z² / n.
 * Conditional randomisation (default; Sokal et al. 1998 A7–A8, z_i fixed, the others permuted):
 *
 *   E[I_i]   = −z_i² W_i / ((n − 1) m2)
 *   Var[I_i] = (z_i / m2)² · n/(n − 2) · (W_i2 − W_i²/(n − 1)) · (m2 − z_i²/(n − 1))
 *
 * (the exact mean and variance of a weighted sum drawn without replacement from the other n − 1
 * values). Total randomisation (`conditional: false`, Anselin 1995), with b2 = (Σz⁴/n) / s⁴:
 *
 *   E[I_i] = −W_i/(n − 1),  Var[I_i] = W_i2 (n − b2)/(n − 1) + (W_i² − W_i2)(2b2 − n)/((n − 1)(n − 2)) − E[I_i]²
 *
 * Z_i = (I_i − E) / sqrt(Var); p from the standard normal for `alternative`. spdep quirks kept on
 * purpose: m2 always has divisor n and runs over all units (also with `mlvar: false` or
 * `adjustX`), and with `adjustX` the mean/s²/b2 use units with neighbours only (divisor their count).
 *
 * Cluster map: {@link lisaQuadrants} with `quadrant`, "ns" when p > significance or p is NaN.
 * Islands: see the module note (I = E = Var = 0, Z and p NaN, "ns"). Needs n ≥ 3 and x not constant.
 *
 * Cost O(n + nnz), a handful of length-n arrays.
 * @example localMoran(x, W).cluster // ['HH', 'ns', 'LL', …]
 */
export function localMoran(x: Float64Array, W: SpatialWeights, opts: LocalMoranOptions = {}): LocalMoranResult {
  const o = resolveLocalOptions(opts);
  const n = checkData('localMoran', x, W, 3);
  const pr = prepare('localMoran', x, W, o.mlvar, o.adjustX);
  const { z, lz, s2, m2, nc, ncCount } = pr;
  const { wi, wi2 } = rowSums(W);
  const I = new Float64Array(n);
  const E = new Float64Array(n);
  const V = new Float64Array(n);
  const Z = new Float64Array(n);
  const P = new Float64Array(n);
  let b2 = 0;
  if (!o.conditional) {
    let s4 = 0;
    for (let i = 0; i < n; i++) if (!o.adjustX || nc[i]) s4 += z[i] * z[i] * z[i] * z[i];
    const div = o.adjustX ? (o.mlvar ? ncCount : ncCount - 1) : o.mlvar ? n : n - 1;
    b2 = s4 / div / (s2 * s2);
  }
  const A = (n - b2) / (n - 1);
  const B = (2 * b2 - n) / ((n - 1) * (n - 2));
  for (let i = 0; i < n; i++) {
    const zi = z[i];
    I[i] = (zi / s2) * lz[i];
    if (o.conditional) {
      E[i] = -(zi * zi * wi[i]) / ((n - 1) * m2);
      const r = zi / m2;
      V[i] = r * r * (n / (n - 2)) * (wi2[i] - (wi[i] * wi[i]) / (n - 1)) * (m2 - (zi * zi) / (n - 1));
    } else {
      E[i] = -wi[i] / (n - 1);
      V[i] = A * wi2[i] + B * (wi[i] * wi[i] - wi2[i]) - E[i] * E[i];
    }
    Z[i] = (I[i] - E[i]) / Math.sqrt(V[i]);
    P[i] = normalP(Z[i], o.alternative);
  }
  const quadrant = quadrantsFrom(x, W, pr, o.quadrant);
  const cluster = lisaClusters(quadrant, P, o.significance);
  return { units: W.units, I, expected: E, variance: V, z: Z, p: P, quadrant, cluster, options: o };
}

// ---------------------------------------------------------------------------------------------
// Conditional permutation test
// ---------------------------------------------------------------------------------------------

/**
 * Local Moran's I_i with a **conditional permutation** test (Anselin 1995; GeoDa, esda,
 * spdep `localmoran_perm`): for unit i, z_i is held fixed and its k_i neighbour slots are filled by
 * k_i values drawn **without replacement** from the other n − 1 units (spdep ≤ 1.2 draws with
 * replacement; GeoDa and esda without). nsim such draws give permuted I_i^(s) = (z_i/s²) Σ_t w_it z_(s,t).
 *
 * Pseudo p-values (ties, |I^(s) − I_i| within 1e-12 of the row's scale, count as extreme):
 * - "greater": (#{I^(s) ≥ I_i} + 1) / (nsim + 1)
 * - "less":    (#{I^(s) ≤ I_i} + 1) / (nsim + 1)
 * - "two.sided": min(1, 2 · min(p_greater, p_less))
 * - "folded" (GeoDa/esda `p_sim`, also always in `pFolded`): (min(#≥, #≤) + 1) / (nsim + 1), the
 *   one-sided p in the direction the observation lies.
 * Also returned: mean and sd (divisor nsim − 1) of the I^(s) and z = (I_i − mean)/sd.
 *
 * Determinism: unit i uses `Rng.stream(seed, i)` only, so any subset (`units`) or order gives the
 * same numbers for the same unit. Islands: I = 0, every permutation statistic NaN, class "ns".
 * z_i = 0: every I^(s) = 0, p = 1, sd = 0 and z NaN.
 *
 * Cost O(nsim · Σ_i k_i) random draws; no allocation per permutation: a partial Fisher–Yates
 * shuffle on one reusable pool of z values, undone after each draw (the pool stays canonical, which
 * is what makes units independent), and rows with equal weights (row-standardised, binary) sum the
 * drawn values and multiply once. Neighbour slots are drawn with Lemire's unbiased multiply-shift
 * on one 32-bit draw each. About 0.16 s for 999 permutations × 2,800 units × 6 neighbours
 * (bench/local-moran.ts; R spdep takes 2.4 s).
 */
export function localMoranPerm(x: Float64Array, W: SpatialWeights, opts: LocalMoranPermOptions): LocalMoranPermResult {
  if (opts === undefined || opts === null || typeof opts !== 'object') {
    fail('E_MISSING_OPTION', 'localMoranPerm: options with a seed are required', { hint: 'call localMoranPerm(x, W, { seed: 1 })' });
  }
  const seed = opts.seed;
  if (typeof seed !== 'number' || !Number.isSafeInteger(seed)) {
    fail('E_BAD_OPTION', `localMoranPerm: seed must be an integer, got ${String(seed)}`, {
      location: { path: 'seed' },
      hint: 'pass an integer seed such as 1',
    });
  }
  const nsim = opts.nsim ?? 999;
  if (!Number.isInteger(nsim) || nsim < 1 || nsim > 1e7) {
    fail('E_BAD_OPTION', `localMoranPerm: nsim must be an integer from 1 to 10,000,000, got ${String(nsim)}`, {
      location: { path: 'nsim' },
      hint: 'use 999 or 9999 permutations',
    });
  }
  const alternative = opts.alternative ?? 'greater';
  if (!PERM_ALTERNATIVES.includes(alternative)) unknownName('alternative', String(alternative), PERM_ALTERNATIVES, 'alternative');
  const mlvar = checkBool(opts.mlvar, true, 'mlvar');
  const adjustX = checkBool(opts.adjustX, false, 'adjustX');
  const significance = checkSignificance(opts.significance);
  const rule = opts.quadrant ?? 'mean';
  if (!LISA_QUADRANT_RULES.includes(rule)) unknownName('quadrant rule', String(rule), LISA_QUADRANT_RULES, 'quadrant');

  const n = checkData('localMoranPerm', x, W, 3);
  let index: Int32Array;
  if (opts.units === undefined) {
    index = new Int32Array(n);
    for (let i = 0; i < n; i++) index[i] = i;
  } else {
    index = new Int32Array(opts.units.length);
    for (let a = 0; a < index.length; a++) {
      const u = opts.units[a];
      if (!Number.isInteger(u) || u < 0 || u >= n) {
        fail('E_BAD_OPTION', `localMoranPerm: units[${a}] = ${u} is not a unit position (0 to ${n - 1})`, {
          location: { path: `units.${a}` },
          hint: 'pass 0-based positions in W.units',
        });
      }
      index[a] = u;
    }
  }
  const pr = prepare('localMoranPerm', x, W, mlvar, adjustX);
  const m = index.length;
  const { I, mean, sd, Z, P, PF, nGE, nLE } = permuteUnits(index, W, pr, seed, nsim, alternative);
  const allQ = quadrantsFrom(x, W, pr, rule);
  const quadrant: LisaQuadrant[] = new Array(m);
  const units: string[] = new Array(m);
  for (let a = 0; a < m; a++) {
    quadrant[a] = allQ[index[a]];
    units[a] = W.units[index[a]];
  }
  const cluster = lisaClusters(quadrant, P, significance);
  return { index, units, I, mean, sd, z: Z, p: P, pFolded: PF, nGreaterEq: nGE, nLessEq: nLE, quadrant, cluster, nsim, seed, alternative };
}

/** What {@link permuteUnits} found for the units of `index`, in that order (see {@link LocalMoranPermResult}). */
interface UnitTests {
  I: Float64Array;
  mean: Float64Array;
  sd: Float64Array;
  Z: Float64Array;
  P: Float64Array;
  PF: Float64Array;
  nGE: Int32Array;
  nLE: Int32Array;
}

/**
 * The conditional permutation test of every unit of `index` ({@link localMoranPerm} after its checks): a function of
 * its own, so that the JIT compiles this loop and {@link permuteUnit} rather than all of localMoranPerm with its
 * checks and messages, which runs once per period (measured with --trace-opt: localMoranPerm was the spatial section's
 * second most expensive optimising compile, ≈ 90–240 ms of a compiler thread, for a body that runs 12 times).
 */
function permuteUnits(index: Int32Array, W: SpatialWeights, pr: Prepared, seed: number, nsim: number, alternative: PermAlternative): UnitTests {
  const { z, lz, s2 } = pr;
  const { indptr, weights } = W;
  const n = z.length;
  let maxAbsZ = 0;
  for (let i = 0; i < n; i++) maxAbsZ = Math.max(maxAbsZ, Math.abs(z[i]));
  let maxK = 0;
  for (let i = 0; i < n; i++) maxK = Math.max(maxK, indptr[i + 1] - indptr[i]);

  const m = index.length;
  const I = new Float64Array(m);
  const mean = new Float64Array(m);
  const sd = new Float64Array(m);
  const Z = new Float64Array(m);
  const P = new Float64Array(m);
  const PF = new Float64Array(m);
  const nGE = new Int32Array(m);
  const nLE = new Int32Array(m);

  const pool = Float64Array.from(z); // canonical order, restored after every draw
  const scratch: PermScratch = {
    pool,
    touched: new Int32Array(Math.max(1, maxK)),
    thresholds: Float64Array.from({ length: Math.max(1, maxK) }, (_, t) => (n - 1 - t > 0 ? 4294967296 % (n - 1 - t) : 0)),
    buf: new Float64Array(nsim),
    ge: 0,
    le: 0,
    mean: NaN,
    sd: NaN,
  };
  const last = n - 1;

  for (let a = 0; a < m; a++) {
    const i = index[a];
    const start = indptr[i];
    const k = indptr[i + 1] - start;
    const factor = z[i] / s2;
    const Iobs = factor * lz[i];
    I[a] = Iobs;
    if (k === 0) {
      mean[a] = sd[a] = Z[a] = P[a] = PF[a] = NaN;
      nGE[a] = nLE[a] = 0;
      continue;
    }
    let equal = true;
    let absW = 0;
    const w0 = weights[start];
    for (let t = 0; t < k; t++) {
      const w = weights[start + t];
      if (w !== w0) equal = false;
      absW += Math.abs(w);
    }
    const tol = 1e-12 * Math.abs(factor) * absW * maxAbsZ;
    // Move z_i out of the drawable range [0, n − 1).
    let tmp = pool[i];
    pool[i] = pool[last];
    pool[last] = tmp;
    permuteUnit(scratch, Rng.stream(seed, i), nsim, k, last, equal ? null : weights, start, w0, factor, Iobs, tol);
    const ge = scratch.ge;
    const le = scratch.le;
    tmp = pool[i];
    pool[i] = pool[last];
    pool[last] = tmp;

    const mu = scratch.mean;
    const sdv = scratch.sd;
    mean[a] = mu;
    sd[a] = sdv;
    Z[a] = (Iobs - mu) / sdv;
    nGE[a] = ge;
    nLE[a] = le;
    const pG = (ge + 1) / (nsim + 1);
    const pL = (le + 1) / (nsim + 1);
    const pF = (Math.min(ge, le) + 1) / (nsim + 1);
    PF[a] = pF;
    P[a] = alternative === 'greater' ? pG : alternative === 'less' ? pL : alternative === 'two.sided' ? Math.min(1, 2 * Math.min(pG, pL)) : pF;
  }
  return { I, mean, sd, Z, P, PF, nGE, nLE };
}

// ---------------------------------------------------------------------------------------------
// Quadrants and cluster classes
// ---------------------------------------------------------------------------------------------

/**
 * Moran-scatterplot quadrant of every unit, as spdep's `attr(localmoran(...), "quadr")`:
 * - "mean" (default): value x_i against x̄ (the adjusted mean with `adjustX`) and lag (Wx)_i
 *   against the mean of the lags;
 * - "median": x_i against median(x) and (Wx)_i against median(Wx);
 * - "pysal": sign of z_i and of (Wz)_i (esda's rule).
 * "High" means strictly above the cut (R `cut(…, c(-Inf, m, Inf))` puts ties in "Low"). For
 * row-standardised weights without islands "mean" and "pysal" agree unless the lag mean differs
 * from x̄. Islands have lag 0 (spdep `zero.policy`). Cost O(n + nnz) (plus two sorts for "median").
 */
export function lisaQuadrants(x: Float64Array, W: SpatialWeights, opts: { rule?: LisaQuadrantRule; adjustX?: boolean } = {}): LisaQuadrant[] {
  const rule = opts.rule ?? 'mean';
  if (!LISA_QUADRANT_RULES.includes(rule)) unknownName('quadrant rule', String(rule), LISA_QUADRANT_RULES, 'quadrant');
  checkData('lisaQuadrants', x, W, 2);
  const pr = prepare('lisaQuadrants', x, W, true, checkBool(opts.adjustX, false, 'adjustX'), false);
  return quadrantsFrom(x, W, pr, rule);
}

/**
 * LISA cluster classes: the quadrant where p ≤ significance, "ns" otherwise (also for NaN p,
 * i.e. islands and undefined tests). Arrays must have equal length. Cost O(n).
 */
export function lisaClusters(quadrant: readonly LisaQuadrant[], p: ArrayLike<number>, significance = 0.05): LisaCluster[] {
  checkSignificance(significance);
  if (quadrant.length !== p.length) {
    fail('E_BAD_INPUT', `lisaClusters: ${quadrant.length} quadrants but ${p.length} p-values`, { hint: 'pass the quadrants and p-values of the same units' });
  }
  const out: LisaCluster[] = new Array(quadrant.length);
  for (let i = 0; i < quadrant.length; i++) out[i] = p[i] <= significance ? quadrant[i] : 'ns';
  return out;
}

// ---------------------------------------------------------------------------------------------
// Getis–Ord G_i*
// ---------------------------------------------------------------------------------------------

/**
 * Getis–Ord G_i* as a z-score, exactly as spdep `localG(x, listw)` on weights with the unit
 * itself included (`include.self`). With star weights w*_ij (the row plus w*_ii, see
 * `selfWeight`), W*_i = Σ_j w*_ij, S*_1i = Σ_j w*_ij², x̄ = mean(x), s² = Σ(x − x̄)²/n:
 *
 *   z_i = (Σ_j w*_ij x_j − W*_i x̄) / sqrt( s² (n S*_1i − W*_i²) / (n − 1) )
 *
 * (Ord & Getis 1995: exact mean and variance under random permutation of all n values).
 * Also G_i* = Σ_j w*_ij x_j / Σ x, E = W*_i x̄ / Σ x, Var = s²(n S*_1i − W*_i²)/((n − 1)(Σ x)²)
 * (G is meant for non-negative x; NaN when Σ x = 0 — the z-score does not depend on it).
 * An island has only its self weight: z_i = (x_i − x̄)/s. Needs n ≥ 3 and x not constant.
 * Cost O(n + nnz).
 */
export function getisOrdGiStar(x: Float64Array, W: SpatialWeights, opts: GetisOrdOptions = {}): GetisOrdResult {
  const alternative = opts.alternative ?? 'two.sided';
  if (!LOCAL_ALTERNATIVES.includes(alternative)) unknownName('alternative', String(alternative), LOCAL_ALTERNATIVES, 'alternative');
  const significance = checkSignificance(opts.significance);
  if (opts.selfWeight !== undefined && !(Number.isFinite(opts.selfWeight) && opts.selfWeight > 0)) {
    fail('E_BAD_OPTION', `getisOrdGiStar: selfWeight must be a positive number, got ${String(opts.selfWeight)}`, {
      location: { path: 'selfWeight' },
      hint: 'omit it to use 1 (binary) or the row maximum (row-standardised)',
    });
  }
  const n = checkData('getisOrdGiStar', x, W, 3);
  const xbar = meanOf(x);
  let ss = 0;
  let sx = 0;
  for (let i = 0; i < n; i++) {
    const d = x[i] - xbar;
    ss += d * d;
    sx += x[i];
  }
  const s2 = ss / n;
  checkSpread('getisOrdGiStar', x, s2);
  const { indptr, indices, weights } = W;
  const Zs = new Float64Array(n);
  const G = new Float64Array(n);
  const EG = new Float64Array(n);
  const VG = new Float64Array(n);
  const P = new Float64Array(n);
  const spot: ('hot' | 'cold' | 'ns')[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const a = indptr[i];
    const b = indptr[i + 1];
    let self = opts.selfWeight ?? 1;
    if (opts.selfWeight === undefined && W.style === 'W' && b > a) {
      self = weights[a];
      for (let t = a + 1; t < b; t++) if (weights[t] > self) self = weights[t];
    }
    let lx = self * x[i];
    let wi = self;
    let s1 = self * self;
    for (let t = a; t < b; t++) {
      const w = weights[t];
      lx += w * x[indices[t]];
      wi += w;
      s1 += w * w;
    }
    const e = wi * xbar;
    const v = (s2 * (n * s1 - wi * wi)) / (n - 1);
    Zs[i] = (lx - e) / Math.sqrt(v);
    G[i] = lx / sx;
    EG[i] = e / sx;
    VG[i] = v / (sx * sx);
    P[i] = normalP(Zs[i], alternative);
    spot[i] = P[i] <= significance ? (Zs[i] > 0 ? 'hot' : Zs[i] < 0 ? 'cold' : 'ns') : 'ns';
  }
  return { units: W.units, z: Zs, G, expected: EG, variance: VG, p: P, spot, options: { alternative, significance } };
}

// ---------------------------------------------------------------------------------------------
// Moran scatterplot
// ---------------------------------------------------------------------------------------------

/**
 * Data of the Moran scatterplot: standardised values z_i = (x_i − x̄)/s (s with divisor n, so
 * local Moran's I_i = z_i · lag_i under the defaults) and their spatial lag Σ_j w_ij z_j (0 for
 * islands), plus the slope Σ z·lag / Σ z² of the regression line through the origin, which equals
 * global Moran's I = (n/S0) zᵀWz / zᵀz when S0 = n (row-standardised weights, no islands).
 * Needs n ≥ 2 and x not constant. Cost O(n + nnz).
 */
export function moranScatter(x: Float64Array, W: SpatialWeights): MoranScatter {
  const n = checkData('moranScatter', x, W, 2);
  const xbar = meanOf(x);
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (x[i] - xbar) * (x[i] - xbar);
  checkSpread('moranScatter', x, ss / n);
  const s = Math.sqrt(ss / n);
  const z = new Float64Array(n);
  for (let i = 0; i < n; i++) z[i] = (x[i] - xbar) / s;
  const lag = lagOf(W, z);
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    num += z[i] * lag[i];
    den += z[i] * z[i];
  }
  return { z, lag, slope: num / den };
}

// ---------------------------------------------------------------------------------------------
// Internals
// ---------------------------------------------------------------------------------------------

interface Prepared {
  /** Mean used to centre (adjusted with adjustX). */
  xx: number;
  z: Float64Array;
  lz: Float64Array;
  /** Scale of I_i (mlvar / adjustX rules). */
  s2: number;
  /** Σ z² / n over all units (conditional moments). */
  m2: number;
  /** 1 when the unit has neighbours. */
  nc: Uint8Array;
  ncCount: number;
}

function prepare(fn: string, x: Float64Array, W: SpatialWeights, mlvar: boolean, adjustX: boolean, needSpread = true): Prepared {
  const n = x.length;
  const { indptr } = W;
  const nc = new Uint8Array(n);
  let ncCount = 0;
  for (let i = 0; i < n; i++) {
    if (indptr[i + 1] > indptr[i]) {
      nc[i] = 1;
      ncCount++;
    }
  }
  let xx: number;
  if (adjustX) {
    if (ncCount < 2) {
      fail('E_TOO_FEW', `${fn}: adjustX needs at least 2 units with neighbours, found ${ncCount}`, {
        location: { path: 'adjustX' },
        hint: 'set adjustX to false or use weights with fewer islands',
      });
    }
    const sub = new Float64Array(ncCount);
    for (let i = 0, c = 0; i < n; i++) if (nc[i]) sub[c++] = x[i];
    xx = meanOf(sub);
  } else {
    xx = meanOf(x);
  }
  const z = new Float64Array(n);
  for (let i = 0; i < n; i++) z[i] = x[i] - xx;
  const lz = lagOf(W, z);
  let ssAll = 0;
  let ssNc = 0;
  for (let i = 0; i < n; i++) {
    const q = z[i] * z[i];
    ssAll += q;
    if (nc[i]) ssNc += q;
  }
  const m2 = ssAll / n;
  if (needSpread) checkSpread(fn, x, m2);
  const ss = adjustX ? ssNc : ssAll;
  const cnt = adjustX ? ncCount : n;
  const s2 = ss / (mlvar ? cnt : cnt - 1);
  if (needSpread && !(s2 > 0)) {
    fail('E_ZERO_RANGE', `${fn}: the units with neighbours all have the same value, so I_i is undefined`, {
      location: { path: 'adjustX' },
      hint: 'set adjustX to false',
    });
  }
  return { xx, z, lz, s2, m2, nc, ncCount };
}

function quadrantsFrom(x: Float64Array, W: SpatialWeights, pr: Prepared, rule: LisaQuadrantRule): LisaQuadrant[] {
  const n = x.length;
  const out: LisaQuadrant[] = new Array(n);
  if (rule === 'pysal') {
    for (let i = 0; i < n; i++) out[i] = label(pr.z[i] > 0, pr.lz[i] > 0);
    return out;
  }
  const lx = lagOf(W, x);
  const cx = rule === 'mean' ? pr.xx : medianOf(x);
  const cl = rule === 'mean' ? meanOf(lx) : medianOf(lx);
  for (let i = 0; i < n; i++) out[i] = label(x[i] > cx, lx[i] > cl);
  return out;
}

function label(hiX: boolean, hiLag: boolean): LisaQuadrant {
  return hiX ? (hiLag ? 'HH' : 'HL') : hiLag ? 'LH' : 'LL';
}

/** Spatial lag Σ_j w_ij v_j in CSR order (0 for an empty row). */
function lagOf(W: SpatialWeights, v: Float64Array): Float64Array {
  const n = v.length;
  const { indptr, indices, weights } = W;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let t = indptr[i]; t < indptr[i + 1]; t++) s += weights[t] * v[indices[t]];
    out[i] = s;
  }
  return out;
}

function rowSums(W: SpatialWeights): { wi: Float64Array; wi2: Float64Array } {
  const n = W.indptr.length - 1;
  const wi = new Float64Array(n);
  const wi2 = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    let s2 = 0;
    for (let t = W.indptr[i]; t < W.indptr[i + 1]; t++) {
      const w = W.weights[t];
      s += w;
      s2 += w * w;
    }
    wi[i] = s;
    wi2[i] = s2;
  }
  return { wi, wi2 };
}

/** Validate data and weights; returns n. */
function checkData(fn: string, x: Float64Array, W: SpatialWeights, minN: number): number {
  if (!(x instanceof Float64Array)) {
    fail('E_BAD_INPUT', `${fn}: values must be a Float64Array`, { hint: 'convert with Float64Array.from(values)' });
  }
  if (!W || !(W.indptr instanceof Int32Array) || !(W.indices instanceof Int32Array) || !(W.weights instanceof Float64Array) || !Array.isArray(W.units)) {
    fail('E_BAD_INPUT', `${fn}: weights must be a SpatialWeights object (units, indptr, indices, weights)`, {
      hint: 'build the weights with the spatial weights functions',
    });
  }
  const n = W.units.length;
  if (x.length !== n) {
    fail('E_BAD_INPUT', `${fn}: ${x.length} values but ${n} units in the weights`, { hint: 'the values must follow the order of W.units, one per unit' });
  }
  const { indptr, indices, weights } = W;
  if (indptr.length !== n + 1 || indptr[0] !== 0 || indptr[n] !== indices.length || indices.length !== weights.length) {
    fail(
      'E_BAD_INPUT',
      `${fn}: malformed weights (indptr must have n + 1 = ${n + 1} entries from 0 to the number of links, and indices and weights one per link)`,
      { hint: 'rebuild the weights' },
    );
  }
  const mark = new Int32Array(n).fill(-1);
  for (let i = 0; i < n; i++) {
    if (indptr[i + 1] < indptr[i]) fail('E_BAD_INPUT', `${fn}: malformed weights (indptr decreases at unit "${W.units[i]}")`, { hint: 'rebuild the weights' });
    for (let t = indptr[i]; t < indptr[i + 1]; t++) {
      const j = indices[t];
      if (!(j >= 0 && j < n))
        fail('E_BAD_INPUT', `${fn}: unit "${W.units[i]}" has a neighbour index ${j} outside 0..${n - 1}`, { hint: 'rebuild the weights' });
      if (j === i)
        fail('E_BAD_INPUT', `${fn}: unit "${W.units[i]}" is listed among its own neighbours`, {
          hint: 'remove self-links; G_i* adds the unit itself on its own',
        });
      if (mark[j] === i) fail('E_BAD_INPUT', `${fn}: unit "${W.units[i]}" lists neighbour "${W.units[j]}" twice`, { hint: 'rebuild the weights' });
      mark[j] = i;
      if (!Number.isFinite(weights[t]))
        fail('E_BAD_INPUT', `${fn}: weight ${weights[t]} between "${W.units[i]}" and "${W.units[j]}" is not finite`, { hint: 'rebuild the weights' });
    }
  }
  const missing: string[] = [];
  let nMissing = 0;
  for (let i = 0; i < n; i++) {
    if (x[i] !== x[i]) {
      nMissing++;
      if (missing.length < 10) missing.push(W.units[i]);
    } else if (!Number.isFinite(x[i])) {
      fail('E_NONFINITE', `${fn}: unit "${W.units[i]}" has the value ${x[i]}`, { hint: 'check the data or transform them' });
    }
  }
  if (nMissing > 0) {
    const list = missing.map((u) => `"${u}"`).join(', ') + (nMissing > missing.length ? `, … (${nMissing} in all)` : '');
    fail('E_MISSING_VALUES', `${fn}: missing value${nMissing === 1 ? '' : 's'} for ${list}`, {
      hint: 'impute the missing values, or drop these units and rebuild the weights',
      data: { units: missing, count: nMissing },
    });
  }
  if (n < minN) {
    fail('E_TOO_FEW', `${fn}: needs at least ${minN} units, got ${n}`, { hint: 'local statistics need more units' });
  }
  return n;
}

function checkSpread(fn: string, x: Float64Array, m2: number): void {
  let scale = 0;
  for (let i = 0; i < x.length; i++) scale = Math.max(scale, Math.abs(x[i]));
  if (!(m2 > 0) || Math.sqrt(m2) <= 1e-14 * scale) {
    fail('E_ZERO_RANGE', `${fn}: every unit has the same value, so the statistic is undefined`, {
      hint: 'check the indicator; a constant cannot be spatially autocorrelated',
    });
  }
}

function checkSignificance(s: number | undefined): number {
  const v = s ?? 0.05;
  if (!(typeof v === 'number' && v > 0 && v < 1)) {
    fail('E_BAD_OPTION', `significance must be a number between 0 and 1 (exclusive), got ${String(v)}`, {
      location: { path: 'significance' },
      hint: 'use 0.05 or 0.01',
    });
  }
  return v;
}

function checkBool(v: boolean | undefined, def: boolean, name: string): boolean {
  if (v === undefined) return def;
  if (typeof v !== 'boolean')
    fail('E_BAD_OPTION', `${name} must be true or false, got ${String(v)}`, { location: { path: name }, hint: `omit it for the default (${def})` });
  return v;
}

function resolveLocalOptions(opts: LocalMoranOptions): Required<LocalMoranOptions> {
  const alternative = opts.alternative ?? 'greater';
  if (!LOCAL_ALTERNATIVES.includes(alternative)) unknownName('alternative', String(alternative), LOCAL_ALTERNATIVES, 'alternative');
  const quadrant = opts.quadrant ?? 'mean';
  if (!LISA_QUADRANT_RULES.includes(quadrant)) unknownName('quadrant rule', String(quadrant), LISA_QUADRANT_RULES, 'quadrant');
  return {
    alternative,
    conditional: checkBool(opts.conditional, true, 'conditional'),
    mlvar: checkBool(opts.mlvar, true, 'mlvar'),
    adjustX: checkBool(opts.adjustX, false, 'adjustX'),
    significance: checkSignificance(opts.significance),
    quadrant,
  };
}

/** The reusable buffers of one {@link localMoranPerm} call, and what {@link permuteUnit} found for a unit. */
interface PermScratch {
  /** The centred values, in canonical order between units (the unit's own value moved to the end). */
  pool: Float64Array;
  /** The pool positions one permutation swapped, to undo them. */
  touched: Int32Array;
  /** 2³² mod (last − t) for slot t: the rejection threshold of {@link below}. */
  thresholds: Float64Array;
  /** The nsim permuted I_i of the unit. */
  buf: Float64Array;
  /** Permuted I_i at least as large as observed (within the tolerance). */
  ge: number;
  /** Permuted I_i at most as large as observed. */
  le: number;
  /** Mean of the permuted I_i. */
  mean: number;
  /** Their standard deviation (divisor nsim − 1; NaN for one permutation). */
  sd: number;
}

/**
 * The nsim conditional permutations of one unit with `k` neighbours (row weights from `start`;
 * `weights` null when they all equal `w0`, which then multiplies the sum once): into `sc.buf` the
 * permuted I_i, into `sc.ge`/`sc.le` the counts against `Iobs` ± `tol` and into `sc.mean`/`sc.sd`
 * their mean and standard deviation. Each permutation fills the k neighbour slots by a partial
 * Fisher–Yates shuffle of the pool's first `last` positions (slot t takes position t + a uniform
 * integer in [0, last − t)), sums, and undoes its swaps in reverse order, so the pool is canonical
 * again.
 *
 * A small function of its own, and so is {@link below}: the JIT compiles them alone, early in the
 * first unit, instead of compiling all of `localMoranPerm` (its checks and tables) while the first
 * units run unoptimised, then dropping that code at the first branch it had not seen. Measured on
 * 12 periods of 287 units × 6 neighbours, 999 permutations, one process each (CPU, load ≈ 20): the
 * first three calls took 65–157 ms against 16–18 ms later, 430–510 ms for the 12; now 290–370 ms.
 * Every thread that runs parts of the spatial section pays that start once.
 */
function permuteUnit(
  sc: PermScratch,
  rng: Rng,
  nsim: number,
  k: number,
  last: number,
  weights: Float64Array | null,
  start: number,
  w0: number,
  factor: number,
  Iobs: number,
  tol: number,
): void {
  const { pool, touched, buf, thresholds } = sc;
  let ge = 0;
  let le = 0;
  for (let s = 0; s < nsim; s++) {
    let sum = 0;
    for (let t = 0; t < k; t++) {
      const j = t + below(rng, last - t, thresholds[t]);
      touched[t] = j;
      const v = pool[j];
      pool[j] = pool[t];
      pool[t] = v;
      sum += weights === null ? v : weights[start + t] * v;
    }
    // Undo the swaps in reverse order: the pool is canonical again.
    for (let t = k - 1; t >= 0; t--) {
      const j = touched[t];
      const v = pool[j];
      pool[j] = pool[t];
      pool[t] = v;
    }
    const Ip = factor * (weights === null ? w0 * sum : sum);
    buf[s] = Ip;
    if (Ip >= Iobs - tol) ge++;
    if (Ip <= Iobs + tol) le++;
  }
  sc.ge = ge;
  sc.le = le;
  let sum = 0;
  for (let s = 0; s < nsim; s++) sum += buf[s];
  const mu = sum / nsim;
  let ss = 0;
  let sd = 0;
  for (let s = 0; s < nsim; s++) {
    const d = buf[s] - mu;
    ss += d * d;
    sd += d;
  }
  sc.mean = mu;
  sc.sd = nsim > 1 ? Math.sqrt(Math.max(0, (ss - (sd * sd) / nsim) / (nsim - 1))) : NaN;
}

/**
 * Uniform integer in [0, bound) from one 32-bit draw (Lemire 2019, "Fast random integer generation
 * in an interval", ACM TOMACS 29(1):3): hi·2³² + lo = u·bound, accepted when lo ≥ `threshold` =
 * 2³² mod bound (the caller's, computed once per bound), which makes it exactly unbiased; a rejection
 * (probability < bound/2³²) draws again. Lemire tests lo < bound first to skip the modulo; with the
 * threshold given, the test is the same, and a rejection runs the draw's own code again (no branch the
 * JIT has never seen, which would drop the compiled loop when a run meets its first rejection).
 * Needs bound < 2²¹ so u·bound is exact in a double; larger bounds use `Rng.int`. About 3× faster
 * than `Rng.int`, which takes a modulo on every call — this is the inner loop of the permutation test.
 */
function below(rng: Rng, bound: number, threshold: number): number {
  if (bound >= 2097152) return rng.int(bound);
  let hi: number;
  let lo: number;
  do {
    const prod = rng.nextU32() * bound;
    hi = Math.floor(prod * 2.3283064365386963e-10);
    lo = prod - hi * 4294967296;
  } while (lo < threshold);
  return hi;
}

/** Normal p-value of a z statistic (NaN stays NaN). */
function normalP(z: number, alternative: LocalAlternative): number {
  if (z !== z) return NaN;
  if (alternative === 'greater') return normalCdf(z, false);
  if (alternative === 'less') return normalCdf(z, true);
  return 2 * normalCdf(Math.abs(z), false);
}

/**
 * Standard normal CDF Φ(x) (lower = true) or its upper tail 1 − Φ(x), both without cancellation:
 * W. J. Cody's (1993) rational approximations, as R's pnorm uses (implemented once in
 * `src/kernels/normal.ts`).
 */
export function normalCdf(x: number, lower = true): number {
  return lower ? kernelNormalCdf(x) : normalUpper(x);
}

/**
 * Convergence analysis of a composite index (or any positive indicator) across units over time:
 * σ convergence (dispersion falls), absolute/conditional β convergence in a cross-section
 * (initially low units grow faster), and panel β convergence with unit fixed effects.
 *
 * Data layout: the period-major panel layout of `core/panel.ts` — one `Float64Array` of length
 * nUnits·nPeriods, value of unit u in period t at index t·nUnits + u, NaN = missing. Covariates
 * (conditional β) use the same layout, one array per covariate.
 *
 * Missing data: by default any NaN among the values a model uses is an `E_MISSING_VALUES` error
 * naming the (unit, period) cells; with `dropMissing: true` σ statistics use the units present in
 * each period and β models use complete cases only (documented per function).
 * Logarithms need positive values: x ≤ 0 is an `E_NONPOSITIVE` error naming the cells.
 *
 * References: R. J. Barro & X. Sala-i-Martin (1992) "Convergence", J. Political Economy
 * 100(2):223–251 (β, σ, speed λ from β = −(1 − e^{−λT})/T); N. Islam (1995) "Growth empirics: a
 * panel data approach", QJE 110(4):1127–1170 (fixed-effects panel β); J. M. Wooldridge (2010)
 * *Econometric Analysis of Cross Section and Panel Data*, 2nd ed., §10.5 (within estimator and
 * its degrees of freedom). Regressions use {@link ols} (Householder QR).
 */
import { fail } from '../../core/errors.js';
import { meanSd } from '../../kernels/moments.js';
import { ols, type OlsResult } from '../../kernels/ols.js';
import { studentTTwoSided } from '../../kernels/distributions.js';

/** Labels used in error messages (default "unit 1", "period 1", …). */
export interface ConvergenceLabels {
  /** Unit codes, length nUnits. */
  units?: readonly string[];
  /** Period labels, length nPeriods. */
  periods?: readonly string[];
}

export interface SigmaOptions extends ConvergenceLabels {
  /** Skip missing values within each period instead of failing (default false). */
  dropMissing?: boolean;
  /** Also compute the sd of logs, which needs x > 0 (default true). */
  logs?: boolean;
}

/** σ-convergence statistics, one entry per period. */
export interface SigmaResult {
  /** Coefficient of variation sd/mean (sample sd, denominator n − 1). */
  cv: Float64Array;
  /** Sample sd (n − 1) of ln x; NaN everywhere when `logs: false`. */
  sdLog: Float64Array;
  mean: Float64Array;
  sd: Float64Array;
  /** Units used in each period. */
  n: Int32Array;
}

/**
 * σ convergence: for each period t, CV_t = s_t / x̄_t and SD_t(ln x) with sample standard
 * deviations (denominator n − 1). A falling CV or sd of logs over time is σ convergence.
 *
 * Missing data: error unless `dropMissing` (then each period uses its non-missing units; a period
 * with fewer than 2 gives NaN statistics). x ≤ 0 is an error when `logs` (default true).
 * Cost O(nUnits·nPeriods).
 *
 * @example sigmaConvergence(Float64Array.of(1, 3, 2, 2), 2, 2).cv // [√2/2, 0]
 */
export function sigmaConvergence(x: Float64Array, nUnits: number, nPeriods: number, opts: SigmaOptions = {}): SigmaResult {
  checkShape(x, nUnits, nPeriods, 'x');
  const logs = opts.logs ?? true;
  if (!opts.dropMissing) checkMissing(x, nUnits, nPeriods, opts);
  if (logs) checkPositive(x, nUnits, nPeriods, opts);
  const cv = new Float64Array(nPeriods);
  const sdLog = new Float64Array(nPeriods).fill(NaN);
  const mean = new Float64Array(nPeriods);
  const sd = new Float64Array(nPeriods);
  const n = new Int32Array(nPeriods);
  const lx = new Float64Array(nUnits);
  for (let t = 0; t < nPeriods; t++) {
    const slice = x.subarray(t * nUnits, (t + 1) * nUnits);
    const ms = meanSd(slice);
    mean[t] = ms.mean;
    sd[t] = ms.sd;
    n[t] = ms.n;
    cv[t] = ms.mean === 0 ? NaN : ms.sd / ms.mean;
    if (logs) {
      for (let u = 0; u < nUnits; u++) lx[u] = Math.log(slice[u]); // NaN stays NaN (skipped)
      sdLog[t] = meanSd(lx).sd;
    }
  }
  return { cv, sdLog, mean, sd, n };
}

export interface BetaOptions extends ConvergenceLabels {
  /** Conditional β: covariates in the panel layout; the cross-section uses their first-period values. */
  covariates?: readonly Float64Array[];
  /** Names of the covariates (default "z1", "z2", …). */
  covariateNames?: readonly string[];
  /** Drop units with a missing value among those the model uses instead of failing (default false). */
  dropMissing?: boolean;
  /**
   * Number of periods elapsed between the first and last period, T in g = (ln x_T − ln x_0)/T
   * (default nPeriods − 1: equally spaced periods, e.g. consecutive years). Give it explicitly
   * when periods are not one unit apart (e.g. 2010, 2015, 2020 with annual rates wanted: 10).
   */
  elapsed?: number;
}

/** A coefficient table (names, estimates, conventional SEs, t and two-sided p). */
export interface CoefTable {
  names: string[];
  coef: Float64Array;
  se: Float64Array;
  t: Float64Array;
  p: Float64Array;
}

/** Cross-section β-convergence result. */
export interface BetaResult {
  model: 'absolute' | 'conditional';
  /** Coefficient on ln x_i0. */
  beta: number;
  se: number;
  t: number;
  p: number;
  r2: number;
  adjR2: number;
  /** Units used. */
  n: number;
  /** Residual degrees of freedom n − k. */
  df: number;
  /** T: periods elapsed. */
  elapsed: number;
  /** True when β < 0 (no significance judgement: read `p`). */
  converging: boolean;
  /** Speed λ = −ln(1 + βT)/T per period (NaN when not converging or 1 + βT ≤ 0). */
  lambda: number;
  /** Half-life ln 2 / λ in periods (NaN with λ). */
  halfLife: number;
  /** Why λ is NaN, else null. */
  reason: string | null;
  /** Full coefficient table: (Intercept), ln_x0, covariates. */
  table: CoefTable;
  /** Units dropped for missing values (with `dropMissing`). */
  dropped: string[];
}

/**
 * Cross-section β convergence (absolute, or conditional with covariates):
 *   g_i = (ln x_iT − ln x_i0) / T = a + β ln x_i0 + γ'z_i0 + ε_i,
 * g_i the average log growth per period between the first (0) and last period (T = periods
 * elapsed, default nPeriods − 1), fitted by OLS (QR) with conventional SEs. β < 0 is convergence;
 * the implied speed λ solves β = −(1 − e^{−λT})/T, i.e. λ = −ln(1 + βT)/T, and the half-life is
 * ln 2/λ (Barro & Sala-i-Martin 1992). Only the first and last periods enter; covariates are taken
 * in the first period (initial conditions, as in the growth-regression literature).
 *
 * Missing data: units with NaN in x (first or last period) or in a covariate (first period) are
 * an error, or dropped with `dropMissing` (listed in `dropped`). Needs x > 0. Cost O(n k²).
 */
export function betaConvergence(x: Float64Array, nUnits: number, nPeriods: number, opts: BetaOptions = {}): BetaResult {
  checkShape(x, nUnits, nPeriods, 'x');
  if (nPeriods < 2)
    fail('E_ANALYSIS_PERIODS', `β convergence needs at least 2 periods, got ${nPeriods}`, { hint: 'supply a panel with a first and a last period' });
  const T = opts.elapsed ?? nPeriods - 1;
  if (!(T > 0) || !Number.isFinite(T))
    fail('E_BAD_OPTION', `β convergence: elapsed must be a positive number, got ${opts.elapsed}`, {
      hint: 'the number of periods between the first and last observation, e.g. 2022 − 2011 = 11',
    });
  const covs = opts.covariates ?? [];
  const covNames = covariateNames(covs, opts.covariateNames);
  covs.forEach((c, j) => checkShape(c, nUnits, nPeriods, `covariate "${covNames[j]}"`));
  const last = nPeriods - 1;

  const keep: number[] = [];
  const dropped: string[] = [];
  const missing: string[] = [];
  for (let u = 0; u < nUnits; u++) {
    const cells: string[] = [];
    if (Number.isNaN(x[u])) cells.push(cellName(opts, u, 0));
    if (Number.isNaN(x[last * nUnits + u])) cells.push(cellName(opts, u, last));
    covs.forEach((c, j) => {
      if (Number.isNaN(c[u])) cells.push(`${covNames[j]} at ${cellName(opts, u, 0)}`);
    });
    if (cells.length) {
      missing.push(...cells);
      dropped.push(unitName(opts, u));
    } else keep.push(u);
  }
  if (missing.length && !opts.dropMissing) missingError('β convergence', missing);
  for (const u of keep) {
    for (const t of [0, last]) {
      const v = x[t * nUnits + u];
      if (!(v > 0)) nonPositiveError([`${cellName(opts, u, t)} = ${v}`]);
    }
  }
  const n = keep.length;
  const g = new Float64Array(n);
  const l0 = new Float64Array(n);
  const Z = covs.map(() => new Float64Array(n));
  keep.forEach((u, i) => {
    l0[i] = Math.log(x[u]);
    g[i] = (Math.log(x[last * nUnits + u]) - l0[i]) / T;
    covs.forEach((c, j) => (Z[j][i] = c[u]));
  });
  const fit = fitOrExplain(() => ols([l0, ...Z], g, { names: ['ln_x0', ...covNames] }), n, 2 + covs.length);
  const beta = fit.coef[1];
  const { lambda, halfLife, reason } = speed(beta, T);
  return {
    model: covs.length ? 'conditional' : 'absolute',
    beta,
    se: fit.se[1],
    t: fit.t[1],
    p: fit.p[1],
    r2: fit.r2,
    adjR2: fit.adjR2,
    n,
    df: fit.df,
    elapsed: T,
    converging: beta < 0,
    lambda,
    halfLife,
    reason,
    table: { names: fit.names, coef: fit.coef, se: fit.se, t: fit.t, p: fit.p },
    dropped,
  };
}

export interface PanelBetaOptions extends ConvergenceLabels {
  /** Conditional β: covariates in the panel layout. */
  covariates?: readonly Float64Array[];
  covariateNames?: readonly string[];
  /**
   * Which period's covariate values explain Δ ln x_it: "lagged" (t − 1, the same timing as
   * ln x_i,t−1: predetermined, default) or "current" (t).
   */
  covariateTiming?: 'lagged' | 'current';
  /** Drop unit-period observations with a missing value instead of failing (default false). */
  dropMissing?: boolean;
}

/** Panel fixed-effects β-convergence result. */
export interface PanelBetaResult {
  model: 'absolute' | 'conditional';
  beta: number;
  se: number;
  t: number;
  p: number;
  /** Observations (unit-period differences) used. */
  nObs: number;
  /** Units with at least one observation (each has a fixed effect). */
  nUnits: number;
  /** Residual df N − nUnits − k (k = 1 + covariates). */
  df: number;
  /** Residual standard deviation √(RSS/df). */
  sigma: number;
  /** Within R²: 1 − RSS / Σ(Δ ln x − unit mean)². */
  withinR2: number;
  converging: boolean;
  /** Speed per period λ = −ln(1 + β) (NaN when β ≥ 0 or β ≤ −1). */
  lambda: number;
  halfLife: number;
  reason: string | null;
  /** Slope coefficients: ln_x_lag, covariates (fixed effects are not reported). */
  table: CoefTable;
  /** Observations dropped for missing values, as "unit period" (with `dropMissing`). */
  dropped: string[];
}

/**
 * Panel β convergence with unit fixed effects:
 *   Δ ln x_it = ln x_it − ln x_i,t−1 = α_i + β ln x_i,t−1 + γ'z_i,t(−1) + ε_it,   t = 1 … T−1,
 * estimated by the within transformation (every variable demeaned by unit over that unit's
 * observations, then OLS without intercept — Frisch–Waugh–Lovell gives the same slopes as the
 * dummy-variable regression, LSDV). Degrees of freedom are corrected for the n estimated unit
 * effects: df = N − n − k (N = n(T − 1) in a balanced panel, k = 1 + covariates), so
 * σ̂² = RSS/df and SE_j = σ̂·√[(X̃ᵀX̃)⁻¹]_jj — conventional (homoskedastic, not clustered) SEs, equal
 * to those of LSDV. Speed per period λ = −ln(1 + β), half-life ln 2/λ.
 *
 * Missing data: error, or with `dropMissing` an observation (u, t) is dropped when ln x_it,
 * ln x_i,t−1 or a covariate it uses is missing. Needs x > 0 where used. Cost O(N k²).
 */
export function panelBetaConvergence(x: Float64Array, nUnits: number, nPeriods: number, opts: PanelBetaOptions = {}): PanelBetaResult {
  checkShape(x, nUnits, nPeriods, 'x');
  if (nPeriods < 3)
    fail('E_ANALYSIS_PERIODS', `panel β convergence needs at least 3 periods, got ${nPeriods}`, {
      hint: 'with 2 periods use the cross-section betaConvergence()',
    });
  const covs = opts.covariates ?? [];
  const covNames = covariateNames(covs, opts.covariateNames);
  covs.forEach((c, j) => checkShape(c, nUnits, nPeriods, `covariate "${covNames[j]}"`));
  const timing = opts.covariateTiming ?? 'lagged';
  if (timing !== 'lagged' && timing !== 'current')
    fail('E_BAD_OPTION', `covariateTiming must be "lagged" or "current", got "${String(timing)}"`, { hint: '"lagged" (default) uses z at t − 1' });

  // Observation list (u, t), unit-major so that each unit's observations are contiguous.
  const obsU: number[] = [];
  const obsT: number[] = [];
  const missing: string[] = [];
  const dropped: string[] = [];
  const nonPos: string[] = [];
  for (let u = 0; u < nUnits; u++) {
    for (let t = 1; t < nPeriods; t++) {
      // The usual case, two positive values and no missing covariate, without building the cell lists.
      const tz0 = timing === 'lagged' ? t - 1 : t;
      if (x[(t - 1) * nUnits + u] > 0 && x[t * nUnits + u] > 0 && covs.every((c) => c[tz0 * nUnits + u] === c[tz0 * nUnits + u])) {
        obsU.push(u);
        obsT.push(t);
        continue;
      }
      const cells: string[] = [];
      for (const s of [t - 1, t]) {
        const v = x[s * nUnits + u];
        if (Number.isNaN(v)) cells.push(cellName(opts, u, s));
        else if (!(v > 0)) nonPos.push(`${cellName(opts, u, s)} = ${v}`);
      }
      const tz = timing === 'lagged' ? t - 1 : t;
      covs.forEach((c, j) => {
        if (Number.isNaN(c[tz * nUnits + u])) cells.push(`${covNames[j]} at ${cellName(opts, u, tz)}`);
      });
      if (cells.length) {
        missing.push(...cells);
        dropped.push(cellName(opts, u, t));
      } else {
        obsU.push(u);
        obsT.push(t);
      }
    }
  }
  if (missing.length && !opts.dropMissing) missingError('panel β convergence', Array.from(new Set(missing)));
  if (nonPos.length) nonPositiveError(Array.from(new Set(nonPos)));

  const N = obsU.length;
  const k = 1 + covs.length;
  const y = new Float64Array(N);
  const regs = Array.from({ length: k }, () => new Float64Array(N));
  for (let i = 0; i < N; i++) {
    const u = obsU[i];
    const t = obsT[i];
    const lPrev = Math.log(x[(t - 1) * nUnits + u]);
    y[i] = Math.log(x[t * nUnits + u]) - lPrev;
    regs[0][i] = lPrev;
    const tz = timing === 'lagged' ? t - 1 : t;
    covs.forEach((c, j) => (regs[j + 1][i] = c[tz * nUnits + u]));
  }
  // Within transformation: demean each unit's block (contiguous by construction).
  let unitsUsed = 0;
  for (let a = 0; a < N; ) {
    let b = a;
    while (b < N && obsU[b] === obsU[a]) b++;
    unitsUsed++;
    demean(y, a, b);
    for (const r of regs) demean(r, a, b);
    a = b;
  }
  const df = N - unitsUsed - k;
  if (df < 1) {
    fail('E_TOO_FEW', `panel β convergence: ${N} observations, ${unitsUsed} unit effects and ${k} slope(s) leave ${df} residual degrees of freedom`, {
      hint: 'use more periods or fewer covariates',
    });
  }
  const fit = fitOrExplain(() => ols(regs, y, { intercept: false, names: ['ln_x_lag', ...covNames] }), N, k);
  // Degrees-of-freedom correction for the absorbed unit effects (LSDV-equivalent SEs).
  const sigma = Math.sqrt(fit.rss / df);
  const se = new Float64Array(k);
  const tt = new Float64Array(k);
  const pp = new Float64Array(k);
  for (let j = 0; j < k; j++) {
    se[j] = sigma * Math.sqrt(fit.xtxInv[j * k + j]);
    tt[j] = fit.coef[j] / se[j];
    pp[j] = studentTTwoSided(tt[j], df);
  }
  const beta = fit.coef[0];
  const { lambda, halfLife, reason } = speed(beta, 1);
  return {
    model: covs.length ? 'conditional' : 'absolute',
    beta,
    se: se[0],
    t: tt[0],
    p: pp[0],
    nObs: N,
    nUnits: unitsUsed,
    df,
    sigma,
    withinR2: fit.r2,
    converging: beta < 0,
    lambda,
    halfLife,
    reason,
    table: { names: fit.names, coef: fit.coef, se, t: tt, p: pp },
    dropped,
  };
}

/** Implied speed of convergence λ = −ln(1 + βT)/T and half-life ln 2/λ, with a reason when undefined. */
export function convergenceSpeed(beta: number, T: number): { lambda: number; halfLife: number; reason: string | null } {
  return speed(beta, T);
}

function speed(beta: number, T: number): { lambda: number; halfLife: number; reason: string | null } {
  if (!(beta < 0)) {
    return { lambda: NaN, halfLife: NaN, reason: `no convergence: β = ${beta} ≥ 0 (initially lower units do not grow faster)` };
  }
  if (!(1 + beta * T > 0)) {
    return { lambda: NaN, halfLife: NaN, reason: `speed undefined: 1 + βT = ${1 + beta * T} ≤ 0 (β = ${beta}, T = ${T}; the gap more than closes)` };
  }
  const lambda = -Math.log1p(beta * T) / T;
  return { lambda, halfLife: Math.LN2 / lambda, reason: null };
}

function demean(v: Float64Array, a: number, b: number): void {
  let m = 0;
  for (let i = a; i < b; i++) m += v[i];
  m /= b - a;
  let c = 0;
  for (let i = a; i < b; i++) c += v[i] - m;
  m += c / (b - a);
  for (let i = a; i < b; i++) v[i] -= m;
}

function fitOrExplain(run: () => OlsResult, n: number, k: number): OlsResult {
  if (n <= k) {
    fail('E_TOO_FEW', `convergence regression: ${n} observations for ${k} coefficients`, {
      hint: 'need more units (or periods) than coefficients; drop covariates or missing-value filtering',
    });
  }
  return run();
}

function covariateNames(covs: readonly Float64Array[], names?: readonly string[]): string[] {
  if (names && names.length !== covs.length) {
    fail('E_BAD_OPTION', `${names.length} covariate names for ${covs.length} covariates`, { hint: 'give one name per covariate array' });
  }
  return names ? names.slice() : covs.map((_, j) => `z${j + 1}`);
}

function checkShape(x: Float64Array, nUnits: number, nPeriods: number, what: string): void {
  if (!(Number.isInteger(nUnits) && nUnits > 0 && Number.isInteger(nPeriods) && nPeriods > 0)) {
    fail('E_LENGTH_MISMATCH', `convergence: nUnits and nPeriods must be positive integers (got ${nUnits}, ${nPeriods})`, { hint: 'pass the panel dimensions' });
  }
  if (x.length !== nUnits * nPeriods) {
    fail('E_LENGTH_MISMATCH', `convergence: ${what} has ${x.length} values, expected ${nUnits} units × ${nPeriods} periods = ${nUnits * nPeriods}`, {
      hint: 'use the period-major panel layout (index = t·nUnits + u)',
    });
  }
}

function unitName(l: ConvergenceLabels, u: number): string {
  return l.units?.[u] ?? `unit ${u + 1}`;
}

function cellName(l: ConvergenceLabels, u: number, t: number): string {
  return `${unitName(l, u)} (${l.periods?.[t] ?? `period ${t + 1}`})`;
}

function listCells(cells: string[]): string {
  const head = cells.slice(0, 5).join(', ');
  return cells.length > 5 ? `${head} and ${cells.length - 5} more` : head;
}

function missingError(what: string, cells: string[]): never {
  fail('E_MISSING_VALUES', `${what}: missing values at ${listCells(cells)}`, {
    hint: 'impute first (steps.impute), or set dropMissing: true (analyses.convergence.dropMissing) to use complete cases only',
    data: { cells },
  });
}

function nonPositiveError(cells: string[]): never {
  fail('E_NONPOSITIVE', `convergence uses logarithms, which need x > 0: ${listCells(cells)}`, {
    hint: 'use a strictly positive score (e.g. min-max to [1, 100] or add a documented shift); for σ convergence on the CV only pass logs: false',
    data: { cells },
  });
}

function checkMissing(x: Float64Array, nUnits: number, nPeriods: number, l: ConvergenceLabels): void {
  const cells: string[] = [];
  for (let t = 0; t < nPeriods; t++) for (let u = 0; u < nUnits; u++) if (Number.isNaN(x[t * nUnits + u])) cells.push(cellName(l, u, t));
  if (cells.length) missingError('σ convergence', cells);
}

function checkPositive(x: Float64Array, nUnits: number, nPeriods: number, l: ConvergenceLabels): void {
  const cells: string[] = [];
  for (let t = 0; t < nPeriods; t++) {
    for (let u = 0; u < nUnits; u++) {
      const v = x[t * nUnits + u];
      if (!Number.isNaN(v) && !(v > 0)) cells.push(`${cellName(l, u, t)} = ${v}`);
    }
  }
  if (cells.length) nonPositiveError(cells);
}

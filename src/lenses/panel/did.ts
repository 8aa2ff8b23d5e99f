/**
 * Difference in differences on a {@link ModelFrame} (issue 15): two-way fixed-effects DID, the event
 * study with leads and lags, the placebo (randomisation) test, and Callaway & Sant'Anna's (2021)
 * heterogeneity-robust group-time ATTs for staggered adoption. Pure: no fs, no process.
 *
 * Treatment timing. Each unit i has a first treated period value gᵢ (NaN or +∞ = never treated in the
 * sample); D_it = 1(t ≥ gᵢ) (absorbing: once treated, treated), relative time rel_it = t − gᵢ in
 * period values (so yearly data gives years; text period labels give positions). A 0/1 treatment
 * column is accepted instead (`input: 'indicator'`): gᵢ is the first period with D = 1, and D must not
 * switch back to 0 (an error names the unit) — the caller decides which form the user gave. {@link placebo}
 * and {@link callawaySantAnna} take the per-row first-treated values: pass `treatmentFromTiming(…).cohort`.
 *
 * Refused (NqpfError with the spec path): no treated observation; no treated unit observed before its
 * adoption (E_MODEL_SPEC: the unit effects absorb D); every period with one treatment status for all
 * units (E_MODEL_SPEC: all adopt at once, no never- or not-yet-treated comparison); clustered SEs with
 * fewer than 2 clusters or fewer than 2 treated clusters (E_MODEL_CLUSTERS; a note below
 * {@link FEW_CLUSTERS} clusters). Callaway–Sant'Anna: no never-treated units with `control: never`, no
 * comparison unit for any post-treatment cell, no cohort with a pre-period (E_MODEL_SPEC), an
 * unbalanced frame (E_MODEL_UNBALANCED).
 *
 * - {@link twfeDid}: y_it = α_i + λ_t + β·D_it + x_it'γ + e_it by the two-way within estimator of
 *   ./estimate.ts (unbalanced panels exact, by FWL); β's SE from ./vcov.ts under `se` (default
 *   `cluster`: by unit, Stata's G/(G−1)·(n−1)/(n−k′), t with G−1 df). Under staggered adoption with
 *   effects that vary by cohort or over time, β is a weighted average of the cohort-period effects with
 *   possibly negative weights (Goodman-Bacon 2021; de Chaisemartin & D'Haultfœuille 2020) — use
 *   {@link callawaySantAnna} then.
 * - {@link eventStudy}: y_it = α_i + λ_t + Σ_{e ∈ E} β_e·1(rel_it = e) + x_it'γ + e_it,
 *   E = {−leads, …, lags} without the reference period (default −1, reported as 0 with SE 0). With
 *   `bin: true` (default) the endpoints are binned: rel ≤ −leads counts as −leads, rel ≥ lags as lags
 *   (so every treated observation has a dummy); with `bin: false` the treated units' observations
 *   outside the window are dropped (they would otherwise be pooled with the reference period).
 *   Never-treated units have no dummy. CIs: b ± t_{1−α/2, df}·se with the covariance's df. Pre-trend
 *   test: H₀ all lead coefficients (e < 0) = 0, Wald F = b'V⁻¹b/q on (q, df) with the chosen V
 *   (clustered by default).
 * - {@link placebo}: the units' first-treated values (never-treated included) are permuted across
 *   units — the distribution of adoption times is kept — and the TWFE DID re-estimated, B draws
 *   (default and minimum 500), draw r from `Rng.stream(seed, 13, r)` (Fisher–Yates), so the draws do not depend on
 *   the order they are computed in. Each draw is the same least-squares coefficient as twfeDid, computed
 *   by Frisch–Waugh–Lovell (D and y within-transformed, then residualised on the transformed controls).
 *   p = #{b : |β_b| ≥ |β̂|} / B (two-sided randomisation p-value, the observed assignment not counted);
 *   `pPlusOne` = (1 + #)/(B + 1) counts it (never 0).
 * - {@link callawaySantAnna}: Callaway, B., & Sant'Anna, P. H. C. (2021). Difference-in-differences
 *   with multiple time periods. Journal of Econometrics, 225(2), 200–230. Without covariates, balanced
 *   panel, no anticipation, as R `did::att_gt(..., est_method = "dr", bstrap = FALSE)` and
 *   `did::aggte`:
 *   ATT(g,t) = mean_{G=g}(Y_t − Y_b) − mean_{C}(Y_t − Y_b).
 *   Base period b (`base`, default "varying" as did): for t < g the period before t (short pre-period
 *   differences; none for the first period), for t ≥ g the last period before g; "universal": the last
 *   period before g for every t (ATT(g, g−1) = 0 is reported with SE 0, flagged `reference`).
 *   Control group C (`control`, default "never" as did): never-treated units; "notyet": never treated
 *   or first treated after max(t, b) (and not cohort g). A cell without a control unit is skipped and
 *   listed; cohorts treated in (or before) the first period have no pre-period and are dropped with
 *   their units (as did); a first-treated value after the last period counts as never treated.
 *   Skipped cells are left out of every aggregation, and a cohort without an estimable post-treatment
 *   cell out of the group aggregation (noted). Without never-treated units, did makes the last cohort
 *   never treated and drops the periods from its adoption on; here the last cohort stays a cohort whose
 *   post-treatment cells have no control (skipped): did's cells are estimated alike, and the last cohort
 *   also gets the pre-treatment cells in which an earlier cohort is not yet treated.
 *   Standard errors: analytical, from the influence functions (deterministic; no multiplier bootstrap):
 *   ψᵢ(g,t) = n·(1{Gᵢ=g}(ΔYᵢ − m_g)/n_g − 1{i∈C}(ΔYᵢ − m_C)/n_C), n units, se = √(Σᵢψᵢ²)/n
 *   (= √(σ̂²_g/n_g + σ̂²_C/n_C) with 1/n variances). Units are the clusters. Aggregations (did::aggte),
 *   with p_g = n_g/n: simple = Σ_{t≥g} p_g ATT(g,t) / Σ_{t≥g} p_g; dynamic (event time e = t − g):
 *   θ(e) = Σ_{t−g=e} p_g ATT(g,t) / Σ p_g, overall = mean of θ(e) over e ≥ 0; group: θ(g) = mean over
 *   t ≥ g of ATT(g,t), overall = Σ_g p_g θ(g) / Σ_g p_g. The influence function of a weighted aggregate
 *   Σ_k w_k ATT_k is Σ_k w_k ψ_k plus the estimation effect of the weights (did's `wif`):
 *   Σ_k ATT_k [(1{Gᵢ=g_k} − p_k)/S − (Σ_{k'}(1{Gᵢ=g_k'} − p_k')) p_k/S²], S = Σ_k p_k; the overall
 *   dynamic effect has fixed weights. se = √(mean ψ²/n). Pointwise normal CIs (did reports uniform
 *   bands from its bootstrap; these are not).
 *
 * Validated against R code written independently (lm() with unit and period dummies; explicit means;
 * cross-checked with plm + sandwich): test/reference/did/ (1e-9); Callaway–Sant'Anna also against the
 * estimates the did package's README prints for its `mpdta` data (4 decimals).
 *
 * Cost: twfeDid and eventStudy as ./estimate.ts (O(n·k²) balanced); placebo O(B·n·k) after one
 * transform of y and the controls; callawaySantAnna O(cells·n) time and memory (cells ≤ cohorts × T).
 */
import { fail } from '../../core/errors.js';
import { Rng } from '../../core/rng.js';
import { fSf, normalSf, studentTQuantile, studentTTwoSided } from '../../kernels/distributions.js';
import { fitPanel, quadSolve, type PanelFit } from './estimate.js';
import type { ModelFrame } from './frame.js';
import { vcov, type SeType, type Vcov } from './vcov.js';
import { within } from './within.js';

// ------------------------------------------------------------------ timing

export interface TimingOptions {
  /** `first` (default): `first` holds each row's unit's first treated period value (NaN = never); `indicator`: a 0/1 treatment column. */
  input?: 'first' | 'indicator';
  path?: string;
}

export interface Timing {
  /** D_it = 1(t ≥ gᵢ), per frame row. */
  d: Float64Array;
  /** t − gᵢ per frame row (period values), NaN for never-treated units. */
  rel: Float64Array;
  /** gᵢ per frame row, NaN for never-treated units. */
  cohort: Float64Array;
  /** gᵢ per unit of the frame (index of `fr.unitLabels`), NaN = never treated. */
  unitFirst: Float64Array;
}

const isNever = (g: number) => Number.isNaN(g) || g === Number.POSITIVE_INFINITY;

function checkPeriodValues(fr: ModelFrame, periodValues: readonly number[], path: string): void {
  if (periodValues.length !== fr.periodLabels.length)
    fail('E_INTERNAL', `${path}: ${periodValues.length} period values for ${fr.periodLabels.length} periods of the frame`);
}

/** Each unit's first treated period value from a per-row column (must be constant within a unit). */
function unitTiming(fr: ModelFrame, first: Float64Array, path: string): Float64Array {
  const G = fr.unitLabels.length;
  const out = new Float64Array(G);
  const seen = new Uint8Array(G);
  for (let i = 0; i < fr.n; i++) {
    const u = fr.unit[i];
    const g = isNever(first[i]) ? Number.NaN : first[i];
    if (g === Number.NEGATIVE_INFINITY) fail('E_MODEL_SPEC', `${path}: unit ${fr.unitLabels[u]} has first treated period −∞`, { location: { path } });
    if (!seen[u]) {
      seen[u] = 1;
      out[u] = g;
    } else if (!(Object.is(out[u], g) || out[u] === g))
      fail('E_MODEL_SPEC', `${path}: unit ${fr.unitLabels[u]} has two first treated periods (${out[u]} and ${g}); the timing is one value per unit`, {
        location: { path },
        hint: 'give the first treated period of the unit on every row (empty for never-treated units)',
      });
  }
  return out;
}

/** First treated period per unit from a 0/1 column; refuses a treatment that switches off. */
function firstFromIndicator(fr: ModelFrame, d01: Float64Array, periodValues: readonly number[], path: string): Float64Array {
  const G = fr.unitLabels.length;
  const first = new Float64Array(G).fill(Number.NaN);
  for (let i = 0; i < fr.n; i++) {
    const v = d01[i];
    if (v !== 0 && v !== 1)
      fail(
        'E_MODEL_SPEC',
        `${path}: the treatment indicator is ${v} for unit ${fr.unitLabels[fr.unit[i]]}, period ${fr.periodLabels[fr.period[i]]}; it must be 0 or 1`,
        {
          location: { path },
        },
      );
    const t = periodValues[fr.period[i]];
    if (v === 1 && !(first[fr.unit[i]] <= t)) first[fr.unit[i]] = t;
  }
  for (let i = 0; i < fr.n; i++) {
    const u = fr.unit[i];
    const t = periodValues[fr.period[i]];
    if (d01[i] === 0 && first[u] <= t)
      fail('E_MODEL_SPEC', `${path}: unit ${fr.unitLabels[u]} is treated from ${first[u]} but untreated again in ${fr.periodLabels[fr.period[i]]}`, {
        location: { path },
        hint: 'DID here needs an absorbing treatment (staggered adoption): once treated, treated in every later period',
      });
  }
  return first;
}

/**
 * Treatment indicator, relative time and cohort of every frame row from the units' treatment timing.
 * `first`: per frame row, the first treated period value of the row's unit (NaN = never treated), or,
 * with `input: 'indicator'`, a 0/1 treatment column. `periodValues[t]` is the numeric value of
 * `fr.periodLabels[t]`. O(n).
 *
 * @example treatmentFromTiming(fr, firstColumn, [2011, 2012, 2013]).d // 1 from each unit's first year on
 */
export function treatmentFromTiming(fr: ModelFrame, first: Float64Array, periodValues: readonly number[], o: TimingOptions = {}): Timing {
  const path = o.path ?? 'did';
  checkPeriodValues(fr, periodValues, path);
  if (first.length !== fr.n) fail('E_INTERNAL', `${path}: ${first.length} timing values for ${fr.n} frame rows`);
  const unitFirst = o.input === 'indicator' ? firstFromIndicator(fr, first, periodValues, path) : unitTiming(fr, first, path);
  const d = new Float64Array(fr.n);
  const rel = new Float64Array(fr.n);
  const cohort = new Float64Array(fr.n);
  for (let i = 0; i < fr.n; i++) {
    const g = unitFirst[fr.unit[i]];
    const t = periodValues[fr.period[i]];
    d[i] = g <= t ? 1 : 0;
    rel[i] = Number.isNaN(g) ? Number.NaN : t - g;
    cohort[i] = g;
  }
  return { d, rel, cohort, unitFirst };
}

// ------------------------------------------------------------------ shared helpers

export interface Estimate {
  estimate: number;
  se: number;
  t: number;
  df: number;
  p: number;
  lo: number;
  hi: number;
}

const CLUSTERED: readonly SeType[] = ['cluster', 'cluster_hc0', 'twoway_cluster'];

/** Clusters below which a note warns that cluster-robust SEs are unreliable (Cameron & Miller 2015). */
export const FEW_CLUSTERS = 30;

/** Refuse clustered SEs with fewer than 2 clusters or fewer than 2 treated clusters; note fewer than {@link FEW_CLUSTERS}. */
function checkClusters(G: number, treated: number, se: SeType, path: string, notes: string[]): void {
  if (!CLUSTERED.includes(se)) return;
  if (G < 2 || treated < 2)
    fail(
      'E_MODEL_CLUSTERS',
      `${path}: ${G < 2 ? `${G} cluster` : `${treated} treated cluster${treated === 1 ? '' : 's'} of ${G}`}: ` +
        'the clustered standard error of a treatment effect needs at least 2 treated clusters (units)',
      {
        location: { path: `${path}.se` },
        hint: 'with one treated unit the clustered SE is not informative (Conley & Taber 2011): use the placebo test (randomisation p-value) instead',
      },
    );
  if (G < FEW_CLUSTERS)
    notes.push(`${G} clusters: cluster-robust standard errors can be too small with fewer than about ${FEW_CLUSTERS} clusters (Cameron & Miller 2015)`);
}

/** Refuse a treatment indicator the two-way fixed effects absorb, saying why. */
function checkTreatment(fr: ModelFrame, d: Float64Array, path: string): { treatedUnits: number; neverUnits: number; treatedObs: number } {
  const G = fr.unitLabels.length;
  const T = fr.periodLabels.length;
  const has0 = new Uint8Array(G);
  const has1 = new Uint8Array(G);
  const p0 = new Uint8Array(T);
  const p1 = new Uint8Array(T);
  let treatedObs = 0;
  for (let i = 0; i < fr.n; i++) {
    const v = d[i];
    if (v !== 0 && v !== 1) fail('E_MODEL_SPEC', `${path}: the treatment indicator must be 0 or 1, got ${v}`, { location: { path } });
    if (v === 1) {
      has1[fr.unit[i]] = 1;
      p1[fr.period[i]] = 1;
      treatedObs++;
    } else {
      has0[fr.unit[i]] = 1;
      p0[fr.period[i]] = 1;
    }
  }
  let treatedUnits = 0;
  let switchers = 0;
  for (let u = 0; u < G; u++) {
    treatedUnits += has1[u];
    switchers += has1[u] & has0[u];
  }
  if (!treatedUnits)
    fail('E_MODEL_SPEC', `${path}: no observation is treated`, { location: { path }, hint: 'check the treatment timing column and the period values' });
  if (!switchers)
    fail('E_MODEL_SPEC', `${path}: no treated unit is observed before its treatment starts (no pre-period): the unit fixed effects absorb the treatment`, {
      location: { path },
      hint: 'DID needs treated units observed both before and after adoption',
    });
  let mixed = false;
  for (let t = 0; t < T; t++) if (p0[t] && p1[t]) mixed = true;
  if (!mixed)
    fail(
      'E_MODEL_SPEC',
      `${path}: in every period all units have the same treatment status (all treated at the same time, no never-treated or not-yet-treated units): the period fixed effects absorb the treatment`,
      { location: { path }, hint: 'DID needs a comparison group: never-treated units, or units adopting later' },
    );
  return { treatedUnits, neverUnits: G - treatedUnits, treatedObs };
}

function coefficient(fit: PanelFit, V: Vcov, name: string, level: number): Estimate {
  const j = fit.names.indexOf(name);
  const se = Math.sqrt(V.V[j * fit.k + j]);
  const est = fit.coef[j];
  const t = est / se;
  const q = studentTQuantile(1 - (1 - level) / 2, V.df);
  return { estimate: est, se, t, df: V.df, p: studentTTwoSided(t, V.df), lo: est - q * se, hi: est + q * se };
}

/** The frame with extra regressor columns in front. */
function withColumns(fr: ModelFrame, cols: Float64Array[], names: string[]): ModelFrame {
  const clash = names.find((n) => fr.names.includes(n));
  if (clash) fail('E_MODEL_SPEC', `did: a regressor of the model is named "${clash}", which the DID term uses`, { hint: 'rename that column' });
  return { ...fr, X: [...cols, ...fr.X], names: [...names, ...fr.names] };
}

// ------------------------------------------------------------------ TWFE DID

export interface DidOptions {
  /** Standard errors (./vcov.ts). Default `cluster` (by unit, Stata's small-sample factor). */
  se?: SeType;
  clusterBy?: 'unit' | 'period';
  /** Confidence level. Default 0.95. */
  level?: number;
  /** Name of the treatment term. Default `D`. */
  name?: string;
  path: string;
}

export interface TwfeDidResult extends Estimate {
  name: string;
  seType: SeType;
  level: number;
  n: number;
  units: number;
  periods: number;
  treatedUnits: number;
  neverTreatedUnits: number;
  treatedObs: number;
  /** The two-way FE fit (D first, then the frame's regressors, collinear ones dropped) and its covariance, for regression tables. */
  fit: PanelFit;
  vcov: Vcov;
  notes: string[];
}

/**
 * Two-way fixed-effects DID: the coefficient on D (0/1 per frame row) with unit and period effects and
 * the frame's regressors as controls. Cost: one two-way within fit.
 *
 * @example twfeDid(fr, treatmentFromTiming(fr, first, years).d, { path: 'analyses.models.did' }).estimate
 */
export function twfeDid(fr: ModelFrame, d: Float64Array, o: DidOptions): TwfeDidResult {
  const se = o.se ?? 'cluster';
  const level = o.level ?? 0.95;
  const name = o.name ?? 'D';
  const notes: string[] = [];
  if (d.length !== fr.n) fail('E_INTERNAL', `${o.path}: ${d.length} treatment values for ${fr.n} frame rows`);
  const s = checkTreatment(fr, d, o.path);
  checkClusters(o.clusterBy === 'period' ? fr.periodLabels.length : fr.unitLabels.length, o.clusterBy === 'period' ? 2 : s.treatedUnits, se, o.path, notes);
  const fit = fitPanel(withColumns(fr, [d], [name]), { estimator: 'ols', effects: 'twoway', path: o.path });
  if (!fit.names.includes(name))
    fail('E_MODEL_SPEC', `${o.path}: the treatment indicator is collinear with the controls and fixed effects`, { location: { path: o.path } });
  for (const x of fit.dropped) notes.push(`${x.name} dropped (${x.reason === 'absorbed' ? 'absorbed by the fixed effects' : 'collinear'})`);
  const V = vcov(fit, se, { path: o.path, clusterBy: o.clusterBy });
  return {
    name,
    ...coefficient(fit, V, name, level),
    seType: se,
    level,
    n: fit.n,
    units: fit.G,
    periods: fit.T,
    treatedUnits: s.treatedUnits,
    neverTreatedUnits: s.neverUnits,
    treatedObs: s.treatedObs,
    fit,
    vcov: V,
    notes,
  };
}

// ------------------------------------------------------------------ event study

export interface EventStudyOptions extends DidOptions {
  /** Lead periods shown (e = −leads … −1); ≥ 1. */
  leads: number;
  /** Lag periods shown (e = 0 … lags); ≥ 0. */
  lags: number;
  /** Omitted relative period, in −leads … −1. Default −1. */
  reference?: number;
  /** Bin the endpoints (rel ≤ −leads → −leads, rel ≥ lags → lags). Default true; false drops the treated observations outside the window. */
  bin?: boolean;
}

export interface EventPoint {
  /** Relative period e = t − g. */
  e: number;
  /** Axis label: "≤−4" / "≥4" for binned endpoints, else e. */
  label: string;
  estimate: number;
  se: number;
  lo: number;
  hi: number;
  p: number;
  /** The omitted reference period (estimate 0, SE 0). */
  reference: boolean;
  /** An endpoint bin (more than one relative period). */
  binned: boolean;
  /** Treated observations in this relative period (bin). */
  obs: number;
}

export interface EventStudyResult {
  /** Every relative period of the window in order, the reference included: the parallel-trends figure. */
  points: EventPoint[];
  /** Joint test of all leads = 0 (absent when no lead is estimated). */
  pretrend?: { F: number; df1: number; df2: number; p: number; leads: number[] };
  seType: SeType;
  level: number;
  df: number;
  n: number;
  units: number;
  /** Observations dropped outside the window (bin = false). */
  droppedRows: number;
  /** Relative periods of the window without any observation (not estimated, not in `points`). */
  empty: number[];
  fit: PanelFit;
  vcov: Vcov;
  notes: string[];
}

const eventName = (e: number) => `event(${e})`;

/** The frame restricted to rows `keep` (units and periods re-indexed to those left). */
function subsetFrame(fr: ModelFrame, keep: number[]): ModelFrame {
  const G = fr.unitLabels.length;
  const T = fr.periodLabels.length;
  const uMap = new Int32Array(G).fill(-1);
  const tMap = new Int32Array(T).fill(-1);
  for (const i of keep) {
    uMap[fr.unit[i]] = 0;
    tMap[fr.period[i]] = 0;
  }
  const unitLabels: string[] = [];
  const periodLabels: string[] = [];
  for (let u = 0; u < G; u++) if (uMap[u] === 0) uMap[u] = unitLabels.push(fr.unitLabels[u]) - 1;
  for (let t = 0; t < T; t++) if (tMap[t] === 0) tMap[t] = periodLabels.push(fr.periodLabels[t]) - 1;
  const n = keep.length;
  const pick = (x: Float64Array) => Float64Array.from(keep, (i) => x[i]);
  return {
    ...fr,
    n,
    unit: Int32Array.from(keep, (i) => uMap[fr.unit[i]]),
    period: Int32Array.from(keep, (i) => tMap[fr.period[i]]),
    unitLabels,
    periodLabels,
    rows: Int32Array.from(keep, (i) => fr.rows[i]),
    y: pick(fr.y),
    X: fr.X.map(pick),
    dropped: fr.dropped + fr.n - n,
    balanced: n === unitLabels.length * periodLabels.length,
  };
}

/**
 * Event study (dynamic two-way FE DID) on relative time `rel` (per frame row, NaN = never treated),
 * with the frame's regressors as controls. Cost: one two-way within fit with leads + lags extra columns.
 *
 * @example eventStudy(fr, timing.rel, { leads: 4, lags: 4, path: 'analyses.models.did' }).points
 */
export function eventStudy(fr: ModelFrame, rel: Float64Array, o: EventStudyOptions): EventStudyResult {
  const se = o.se ?? 'cluster';
  const level = o.level ?? 0.95;
  const ref = o.reference ?? -1;
  const bin = o.bin ?? true;
  const L = o.leads;
  const K = o.lags;
  const notes: string[] = [];
  if (!(Number.isInteger(L) && L >= 1 && Number.isInteger(K) && K >= 0))
    fail('E_MODEL_SPEC', `${o.path}: leads must be an integer ≥ 1 and lags an integer ≥ 0 (got ${L} and ${K})`, { location: { path: `${o.path}.leads` } });
  if (!(Number.isInteger(ref) && ref >= -L && ref <= -1))
    fail('E_MODEL_SPEC', `${o.path}: the reference period must be one of −${L} … −1 (got ${ref})`, { location: { path: `${o.path}.reference` } });
  if (rel.length !== fr.n) fail('E_INTERNAL', `${o.path}: ${rel.length} relative times for ${fr.n} frame rows`);
  for (let i = 0; i < fr.n; i++)
    if (!Number.isNaN(rel[i]) && !Number.isInteger(rel[i]))
      fail('E_MODEL_SPEC', `${o.path}: relative time ${rel[i]} (unit ${fr.unitLabels[fr.unit[i]]}) is not a whole number of periods`, {
        location: { path: o.path },
        hint: 'the first treated period must be one of the period values',
      });
  // Rows kept and each row's window position.
  let frame = fr;
  let r = rel;
  let droppedRows = 0;
  if (!bin) {
    const keep: number[] = [];
    for (let i = 0; i < fr.n; i++) if (Number.isNaN(rel[i]) || (rel[i] >= -L && rel[i] <= K)) keep.push(i);
    droppedRows = fr.n - keep.length;
    if (droppedRows) {
      frame = subsetFrame(fr, keep);
      r = Float64Array.from(keep, (i) => rel[i]);
      notes.push(`${droppedRows} treated observations outside the window −${L} … ${K} dropped (bin: false)`);
    }
  }
  const es: number[] = [];
  for (let e = -L; e <= K; e++) if (e !== ref) es.push(e);
  const pos = (x: number) => (Number.isNaN(x) ? Number.NaN : bin ? Math.min(Math.max(x, -L), K) : x);
  const cols = es.map(() => new Float64Array(frame.n));
  const obs = new Map<number, number>();
  const dTreat = new Float64Array(frame.n);
  const ix = new Map(es.map((e, j) => [e, j]));
  for (let i = 0; i < frame.n; i++) {
    const e = pos(r[i]);
    if (Number.isNaN(e)) continue;
    if (r[i] >= 0) dTreat[i] = 1;
    obs.set(e, (obs.get(e) ?? 0) + 1);
    const j = ix.get(e);
    if (j !== undefined) cols[j][i] = 1;
  }
  const s = checkTreatment(frame, dTreat, o.path);
  checkClusters(
    o.clusterBy === 'period' ? frame.periodLabels.length : frame.unitLabels.length,
    o.clusterBy === 'period' ? 2 : s.treatedUnits,
    se,
    o.path,
    notes,
  );
  const empty = es.filter((e) => !obs.get(e));
  const keepE = es.filter((e) => obs.get(e));
  if (empty.length) notes.push(`no observation at relative period${empty.length > 1 ? 's' : ''} ${empty.join(', ')}: not estimated`);
  const fit = fitPanel(
    withColumns(
      frame,
      keepE.map((e) => cols[ix.get(e)!]),
      keepE.map(eventName),
    ),
    { estimator: 'ols', effects: 'twoway', path: o.path },
  );
  for (const x of fit.dropped) notes.push(`${x.name} dropped (${x.reason === 'absorbed' ? 'absorbed by the fixed effects' : 'collinear'})`);
  const V = vcov(fit, se, { path: o.path, clusterBy: o.clusterBy });
  const points: EventPoint[] = [];
  const isBin = (e: number) => bin && ((e === -L && L > 0) || e === K);
  const label = (e: number) => (isBin(e) ? (e === -L ? `≤${-L}` : `≥${K}`) : String(e)).replace('-', '−');
  for (let e = -L; e <= K; e++) {
    if (e === ref) {
      points.push({ e, label: label(e), estimate: 0, se: 0, lo: 0, hi: 0, p: Number.NaN, reference: true, binned: isBin(e), obs: obs.get(e) ?? 0 });
      continue;
    }
    if (!fit.names.includes(eventName(e))) continue;
    const c = coefficient(fit, V, eventName(e), level);
    points.push({ e, label: label(e), estimate: c.estimate, se: c.se, lo: c.lo, hi: c.hi, p: c.p, reference: false, binned: isBin(e), obs: obs.get(e) ?? 0 });
  }
  const leads = points.filter((p) => p.e < 0 && !p.reference).map((p) => p.e);
  let pretrend: EventStudyResult['pretrend'];
  if (leads.length) {
    const q = leads.length;
    const jx = leads.map((e) => fit.names.indexOf(eventName(e)));
    const b = Float64Array.from(jx, (j) => fit.coef[j]);
    const Vq = new Float64Array(q * q);
    for (let a = 0; a < q; a++) for (let c = 0; c < q; c++) Vq[a * q + c] = V.V[jx[a] * fit.k + jx[c]];
    const F = quadSolve(Vq, b, q) / q;
    pretrend = { F, df1: q, df2: V.df, p: fSf(F, q, V.df), leads };
    if (!Number.isFinite(F)) notes.push('pre-trend test: the covariance of the leads is singular (too few clusters for the number of leads)');
  }
  return {
    points,
    pretrend,
    seType: se,
    level,
    df: V.df,
    n: fit.n,
    units: fit.G,
    droppedRows,
    empty,
    fit,
    vcov: V,
    notes,
  };
}

// ------------------------------------------------------------------ placebo

export interface PlaceboOptions {
  /** Draws (reassignments). Default 500, at least 500 (issue 15). */
  draws?: number;
  seed: number;
  /**
   * SE type of the observed fit (only β̂ is used; the draws need no SE). Default `conventional`, so that
   * a single treated unit — where the placebo test is the inference to use — is accepted.
   */
  se?: SeType;
  path: string;
}

export interface PlaceboResult {
  /** β̂ with the actual timing. */
  observed: number;
  /** β of each successful draw, in draw order (for the distribution figure). */
  draws: Float64Array;
  /** #{|β_b| ≥ |β̂|} / B. */
  p: number;
  /** (1 + #{|β_b| ≥ |β̂|}) / (B + 1). */
  pPlusOne: number;
  /** Successful draws B, and draws whose reassigned D the fixed effects absorbed. */
  B: number;
  failed: number;
  seed: number;
  mean: number;
  sd: number;
  notes: string[];
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/** Orthonormal basis (modified Gram–Schmidt, twice) of the columns, dropping those with nothing new. */
function basis(cols: Float64Array[]): Float64Array[] {
  const Q: Float64Array[] = [];
  for (const c of cols) {
    const q = c.slice();
    const n0 = Math.sqrt(dot(q, q));
    for (let pass = 0; pass < 2; pass++)
      for (const b of Q) {
        const k = dot(b, q);
        for (let i = 0; i < q.length; i++) q[i] -= k * b[i];
      }
    const nq = Math.sqrt(dot(q, q));
    if (!(nq > 1e-9 * n0)) continue;
    for (let i = 0; i < q.length; i++) q[i] /= nq;
    Q.push(q);
  }
  return Q;
}

function residual(x: Float64Array, Q: Float64Array[]): Float64Array {
  const r = x.slice();
  for (let pass = 0; pass < 2; pass++)
    for (const b of Q) {
      const k = dot(b, r);
      for (let i = 0; i < r.length; i++) r[i] -= k * b[i];
    }
  return r;
}

/**
 * Placebo (randomisation) test of the TWFE DID: the units' first treated periods are permuted across
 * units, D rebuilt and β re-estimated. `first` and `periodValues` as {@link treatmentFromTiming}.
 * Cost: one fit, then O(n·k) per draw.
 *
 * @example placebo(fr, first, years, { seed: 1, path: 'analyses.models.did.placebo' }).p
 */
export function placebo(fr: ModelFrame, first: Float64Array, periodValues: readonly number[], o: PlaceboOptions): PlaceboResult {
  const B = o.draws ?? 500;
  if (!(Number.isInteger(B) && B >= 500))
    fail('E_MODEL_SPEC', `${o.path}: placebo draws must be an integer ≥ 500 (got ${B})`, { location: { path: `${o.path}.draws` } });
  const timing = treatmentFromTiming(fr, first, periodValues, { path: o.path });
  const obs = twfeDid(fr, timing.d, { se: o.se ?? 'conventional', path: o.path });
  const notes = [...obs.notes];
  const W = within('twoway', fr.unit, fr.unitLabels.length, fr.period, fr.periodLabels.length, fr.balanced);
  const controls = obs.fit.names.filter((nm) => nm !== obs.name).map((nm) => W.apply(fr.X[fr.names.indexOf(nm)]));
  const Q = basis(controls);
  const ry = residual(W.apply(fr.y), Q);
  const G = fr.unitLabels.length;
  const draws: number[] = [];
  let failed = 0;
  const perm = new Int32Array(G);
  const d = new Float64Array(fr.n);
  const absObs = Math.abs(obs.estimate);
  let exceed = 0;
  for (let r = 0; r < B; r++) {
    const rng = Rng.stream(o.seed, 13, r);
    for (let u = 0; u < G; u++) perm[u] = u;
    for (let u = G - 1; u > 0; u--) {
      const j = rng.int(u + 1);
      const tmp = perm[u];
      perm[u] = perm[j];
      perm[j] = tmp;
    }
    let ones = 0;
    for (let i = 0; i < fr.n; i++) {
      d[i] = timing.unitFirst[perm[fr.unit[i]]] <= periodValues[fr.period[i]] ? 1 : 0;
      ones += d[i];
    }
    const rd = residual(W.apply(d), Q);
    const dd = dot(rd, rd);
    if (!(dd > 1e-9 * Math.max(ones, 1))) {
      failed++;
      continue;
    }
    const beta = dot(rd, ry) / dd;
    draws.push(beta);
    // Ties up to rounding count as "at least as large".
    if (Math.abs(beta) >= absObs * (1 - 1e-12)) exceed++;
  }
  const nOk = draws.length;
  if (!nOk) fail('E_MODEL_SPEC', `${o.path}: no placebo draw could be estimated`, { location: { path: o.path } });
  if (failed) notes.push(`${failed} of ${B} placebo draws gave a treatment the fixed effects absorb; skipped`);
  let mean = 0;
  for (const b of draws) mean += b;
  mean /= nOk;
  let ss = 0;
  for (const b of draws) ss += (b - mean) ** 2;
  return {
    observed: obs.estimate,
    draws: Float64Array.from(draws),
    p: exceed / nOk,
    pPlusOne: (1 + exceed) / (nOk + 1),
    B: nOk,
    failed,
    seed: o.seed,
    mean,
    sd: Math.sqrt(ss / (nOk - 1)),
    notes,
  };
}

// ------------------------------------------------------------------ Callaway & Sant'Anna

export interface CsOptions {
  /** Comparison units: `never` (default) never treated; `notyet` also those not yet treated. */
  control?: 'never' | 'notyet';
  /** `varying` (default, as did) or `universal` base period. */
  base?: 'varying' | 'universal';
  level?: number;
  path: string;
}

export interface Aggregate {
  att: number;
  se: number;
  z: number;
  p: number;
  lo: number;
  hi: number;
}

export interface AttGt extends Aggregate {
  /** Cohort: first treated period value. */
  group: number;
  /** Period value and label. */
  period: number;
  periodLabel: string;
  base: number;
  /** t − g. */
  e: number;
  nTreated: number;
  nControl: number;
  /** t ≥ g. */
  post: boolean;
  /** The universal base period itself (ATT = 0 by construction). */
  reference: boolean;
}

export interface CsResult {
  control: 'never' | 'notyet';
  base: 'varying' | 'universal';
  level: number;
  attgt: AttGt[];
  /** did::aggte(type = "simple"). */
  simple: Aggregate;
  /** did::aggte(type = "dynamic"): θ(e) for every event time, and the mean over e ≥ 0. */
  dynamic: { byE: (Aggregate & { e: number })[]; overall: Aggregate };
  /** did::aggte(type = "group"): θ(g), and their p_g-weighted mean. */
  group: { byGroup: (Aggregate & { group: number; size: number })[]; overall: Aggregate };
  /** Units used (after dropping cohorts without a pre-period), never-treated among them. */
  units: number;
  neverTreated: number;
  cohorts: { group: number; size: number }[];
  /** Cohorts dropped (treated in or before the first period). */
  droppedCohorts: { group: number; size: number }[];
  /** Cells without a control unit (not estimated). */
  skipped: { group: number; period: number }[];
  notes: string[];
}

/**
 * Callaway & Sant'Anna (2021) group-time average treatment effects and their aggregations, with
 * analytical influence-function standard errors (see the module comment). The frame must be balanced;
 * its regressors are not used (no covariates).
 *
 * @example callawaySantAnna(fr, first, years, { path: 'analyses.models.did.cs' }).simple.att
 */
export function callawaySantAnna(fr: ModelFrame, first: Float64Array, periodValues: readonly number[], o: CsOptions): CsResult {
  const control = o.control ?? 'never';
  const basePeriod = o.base ?? 'varying';
  const level = o.level ?? 0.95;
  const z = studentTQuantile(1 - (1 - level) / 2, Number.POSITIVE_INFINITY);
  const path = o.path;
  checkPeriodValues(fr, periodValues, path);
  if (!fr.balanced)
    fail(
      'E_MODEL_UNBALANCED',
      `${path}: Callaway–Sant'Anna needs a balanced panel here; this one has ${fr.n} of ${fr.unitLabels.length * fr.periodLabels.length} unit-periods`,
      {
        location: { path },
        hint: 'drop the units with gaps (or missing values) first',
      },
    );
  const notes: string[] = [];
  if (fr.X.length) notes.push(`no covariates: ${fr.names.join(', ')} not used by Callaway–Sant'Anna`);
  const T = fr.periodLabels.length;
  const order = Array.from({ length: T }, (_, t) => t).sort((a, b) => periodValues[a] - periodValues[b]);
  const tv = order.map((t) => periodValues[t]);
  const tLabel = order.map((t) => fr.periodLabels[t]);
  const tPos = new Int32Array(T);
  order.forEach((t, k) => {
    tPos[t] = k;
  });
  const unitFirst = unitTiming(fr, first, path);
  // Units kept: drop cohorts treated in or before the first period; treated after the last = never.
  const G0 = fr.unitLabels.length;
  const gOf: number[] = [];
  const keepU = new Int32Array(G0).fill(-1);
  const dropped = new Map<number, number>();
  let late = 0;
  for (let u = 0; u < G0; u++) {
    let g = unitFirst[u];
    if (g > tv[T - 1]) {
      g = Number.NaN;
      late++;
    }
    if (g <= tv[0]) {
      dropped.set(g, (dropped.get(g) ?? 0) + 1);
      continue;
    }
    keepU[u] = gOf.length;
    gOf.push(g);
  }
  if (late) notes.push(`${late} unit${late > 1 ? 's' : ''} first treated after the last period: counted as never treated`);
  const droppedCohorts = [...dropped].sort((a, b) => a[0] - b[0]).map(([group, size]) => ({ group, size }));
  if (droppedCohorts.length)
    notes.push(
      `cohort${droppedCohorts.length > 1 ? 's' : ''} ${droppedCohorts.map((c) => `${c.group} (${c.size} units)`).join(', ')} treated from the first period: no pre-period, dropped`,
    );
  const n = gOf.length;
  const Y = new Float64Array(n * T);
  for (let i = 0; i < fr.n; i++) {
    const u = keepU[fr.unit[i]];
    if (u >= 0) Y[u * T + tPos[fr.period[i]]] = fr.y[i];
  }
  const glist = [...new Set(gOf.filter((g) => !Number.isNaN(g)))].sort((a, b) => a - b);
  if (!glist.length)
    fail('E_MODEL_SPEC', `${path}: no treated cohort has a pre-treatment period (all units treated from the first period, or none treated)`, {
      location: { path },
      hint: 'DID needs treated units observed before they are treated',
    });
  const neverTreated = gOf.filter((g) => Number.isNaN(g)).length;
  if (control === 'never' && !neverTreated)
    fail('E_MODEL_SPEC', `${path}: no never-treated units to compare with`, {
      location: { path: `${path}.control` },
      hint: 'use control: notyet (units not yet treated serve as controls)',
    });
  const size = new Map(glist.map((g) => [g, gOf.filter((x) => x === g).length]));
  const single = glist.filter((g) => size.get(g) === 1);
  if (single.length)
    notes.push(
      `cohort${single.length > 1 ? 's' : ''} ${single.join(', ')} with one unit: the standard errors of its ATT(g,t) reflect only the comparison units' variation`,
    );
  const pgOf = (g: number) => size.get(g)! / n;
  const cells: AttGt[] = [];
  const psi: Float64Array[] = [];
  const skipped: { group: number; period: number }[] = [];
  const dY = new Float64Array(n);
  for (const g of glist) {
    let bg = -1; // position of the last period before g
    for (let k = 0; k < T; k++) if (tv[k] < g) bg = k;
    const ng = size.get(g)!;
    for (let k = 0; k < T; k++) {
      const t = tv[k];
      let b: number;
      if (basePeriod === 'varying') {
        if (k === 0) continue;
        b = t < g ? k - 1 : bg;
      } else b = bg;
      const cell = { group: g, period: t, periodLabel: tLabel[k], base: tv[b], e: t - g, nTreated: ng, post: t >= g };
      if (basePeriod === 'universal' && k === b) {
        cells.push({ ...cell, att: 0, se: 0, z: Number.NaN, p: Number.NaN, lo: 0, hi: 0, nControl: 0, reference: true });
        psi.push(new Float64Array(n));
        continue;
      }
      const cut = Math.max(t, tv[b]);
      const isCtrl = (h: number) => Number.isNaN(h) || (control === 'notyet' && h > cut && h !== g);
      let mg = 0;
      let mc = 0;
      let nc = 0;
      for (let u = 0; u < n; u++) {
        dY[u] = Y[u * T + k] - Y[u * T + b];
        if (gOf[u] === g) mg += dY[u];
        else if (isCtrl(gOf[u])) {
          mc += dY[u];
          nc++;
        }
      }
      if (!nc) {
        skipped.push({ group: g, period: t });
        continue;
      }
      mg /= ng;
      mc /= nc;
      // Second pass for the means (exactness with large level shifts).
      let rg = 0;
      let rc = 0;
      for (let u = 0; u < n; u++)
        if (gOf[u] === g) rg += dY[u] - mg;
        else if (isCtrl(gOf[u])) rc += dY[u] - mc;
      mg += rg / ng;
      mc += rc / nc;
      const f = new Float64Array(n);
      for (let u = 0; u < n; u++)
        if (gOf[u] === g) f[u] = (n * (dY[u] - mg)) / ng;
        else if (isCtrl(gOf[u])) f[u] = (-n * (dY[u] - mc)) / nc;
      psi.push(f);
      cells.push({ ...cell, ...aggregate(mg - mc, f, n, z), nControl: nc, reference: false });
    }
  }
  if (!cells.some((c) => c.post && !c.reference))
    fail('E_MODEL_SPEC', `${path}: no never-treated and no not-yet-treated units to compare the treated cohorts with after adoption`, {
      location: { path: `${path}.control` },
      hint: 'Callaway–Sant’Anna needs units still untreated in the periods after a cohort adopts',
    });
  if (skipped.length)
    notes.push(
      `${skipped.length} group-time cell${skipped.length > 1 ? 's' : ''} without untreated comparison units (not estimated): ${skipped.map((s) => `(${s.group}, ${s.period})`).join(', ')}`,
    );
  // Weight-estimation term of did's wif() times the ATTs: Σ_k att_k [(1{G=g_k} − p_k)/S − (Σ_k'(1{G=g_k'} − p_k')) p_k/S²].
  const weighted = (
    ks: number[],
    att: (k: number) => number,
    grp: (k: number) => number,
    pk: (k: number) => number,
    inf: (k: number) => Float64Array,
    wif: boolean,
  ) => {
    let S = 0;
    for (const k of ks) S += pk(k);
    let est = 0;
    for (const k of ks) est += (pk(k) / S) * att(k);
    const f = new Float64Array(n);
    for (const k of ks) {
      const w = pk(k) / S;
      const fk = inf(k);
      for (let u = 0; u < n; u++) f[u] += w * fk[u];
    }
    if (wif) {
      let attW = 0; // Σ_k att_k p_k / S²
      for (const k of ks) attW += (att(k) * pk(k)) / (S * S);
      for (let u = 0; u < n; u++) {
        let a = 0;
        let sumDev = 0;
        for (const k of ks) {
          const dev = (gOf[u] === grp(k) ? 1 : 0) - pk(k);
          a += (att(k) * dev) / S;
          sumDev += dev;
        }
        f[u] += a - sumDev * attW;
      }
    }
    return { est, f };
  };
  const idx = (pred: (c: AttGt) => boolean) => cells.flatMap((c, k) => (pred(c) ? [k] : []));
  const cellAtt = (k: number) => cells[k].att;
  const cellGrp = (k: number) => cells[k].group;
  const cellP = (k: number) => pgOf(cells[k].group);
  const cellPsi = (k: number) => psi[k];
  const simpleW = weighted(
    idx((c) => c.post),
    cellAtt,
    cellGrp,
    cellP,
    cellPsi,
    true,
  );
  const eseq = [...new Set(cells.map((c) => c.e))].sort((a, b) => a - b);
  const byE = eseq.map((e) => {
    const w = weighted(
      idx((c) => c.e === e),
      cellAtt,
      cellGrp,
      cellP,
      cellPsi,
      true,
    );
    return { e, w };
  });
  const pos = byE.filter((x) => x.e >= 0);
  const dynOverall = weighted(
    pos.map((_, j) => j),
    (j) => pos[j].w.est,
    () => Number.NaN,
    () => 1,
    (j) => pos[j].w.f,
    false,
  );
  const noPost = glist.filter((g) => !cells.some((c) => c.group === g && c.post));
  if (noPost.length)
    notes.push(`cohort${noPost.length > 1 ? 's' : ''} ${noPost.join(', ')} without an estimable post-treatment cell: not in the group aggregation`);
  const byG = glist
    .filter((g) => !noPost.includes(g))
    .map((g) => ({
      g,
      w: weighted(
        idx((c) => c.group === g && c.post),
        cellAtt,
        cellGrp,
        () => 1,
        cellPsi,
        false,
      ),
    }));
  const grpOverall = weighted(
    byG.map((_, j) => j),
    (j) => byG[j].w.est,
    (j) => byG[j].g,
    (j) => pgOf(byG[j].g),
    (j) => byG[j].w.f,
    true,
  );
  return {
    control,
    base: basePeriod,
    level,
    attgt: cells,
    simple: aggregate(simpleW.est, simpleW.f, n, z),
    dynamic: { byE: byE.map(({ e, w }) => ({ e, ...aggregate(w.est, w.f, n, z) })), overall: aggregate(dynOverall.est, dynOverall.f, n, z) },
    group: {
      byGroup: byG.map(({ g, w }) => ({ group: g, size: size.get(g)!, ...aggregate(w.est, w.f, n, z) })),
      overall: aggregate(grpOverall.est, grpOverall.f, n, z),
    },
    units: n,
    neverTreated,
    cohorts: glist.map((g) => ({ group: g, size: size.get(g)! })),
    droppedCohorts,
    skipped,
    notes,
  };
}

/** Estimate, se = √(Σψ²)/n, z, normal p and CI. */
function aggregate(att: number, f: Float64Array, n: number, z: number): Aggregate {
  const se = Math.sqrt(dot(f, f)) / n;
  const zs = att / se;
  const p = se > 0 ? 2 * normalSf(Math.abs(zs)) : Number.NaN;
  return { att, se, z: se > 0 ? zs : Number.NaN, p, lo: att - z * se, hi: att + z * se };
}

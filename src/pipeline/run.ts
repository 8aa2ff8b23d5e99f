/**
 * Execute a resolved pipeline log on a raw panel: denominate → impute → screen → treat →
 * normalise → weight → aggregate. Pure (no I/O); deterministic.
 *
 * Data sets are read-only once produced: a step that changes nothing shares its input's
 * arrays instead of copying them.
 *
 * Data sets follow COINr: Raw/Denominated/Imputed/Screened/Treated/Normalised hold the
 * indicators (by framework code); Aggregated holds the normalised indicators plus every
 * aggregate score and the alternative scores.
 */
import { fail } from '../core/errors.js';
import { indicatorsUnder, pruneFramework, type Framework } from '../core/framework.js';
import type { Logger, Warning } from '../core/logger.js';
import { groupIndex, type Panel } from '../core/panel.js';
import { countMissing } from '../kernels/sum.js';
import { extent } from './normalise/common.js';
import { type ColumnPool, isShared, mapColumns } from '../core/parallel.js';
import type { ColumnExtent, Execution } from './descriptor.js';
import type { NormaliseItem } from './column-tasks.js';
import type { LogEntry, PipelineLog, ResolvedWeight } from './log.js';
import { aggregateColumns, imputeColumn, normaliseColumn, rankDescendingInto, treatColumn, type WeightDetail, weightColumns } from './methods.js';
import { getNormaliseMethod, type NormaliseDescriptor, type NormaliseFacts } from './normalise/index.js';
import { getAggregateDescriptor } from './aggregate/index.js';
import { getImputeDescriptor } from './impute/index.js';
import { getTreatDescriptor } from './treat/index.js';
import { type DataWeightDescriptor, getWeightDescriptor, type WeightNode } from './weight/index.js';

export type DatasetName = 'raw' | 'denominated' | 'imputed' | 'screened' | 'treated' | 'normalised' | 'aggregated';
export const DATASET_NAMES: readonly DatasetName[] = ['raw', 'denominated', 'imputed', 'screened', 'treated', 'normalised', 'aggregated'];

export interface WeightRow {
  /** Period label, or "" when the weights are the same for every period. */
  period: string;
  node: string;
  parent: string;
  level: number;
  /** Nominal weight from the framework, normalised within the parent. */
  nominal: number;
  /** Weight used within the parent. */
  effective: number;
  /** Product of effective weights from the root down to the node. */
  global: number;
  method: string;
}

export interface TreatRow {
  indicator: string;
  period: string;
  method: string;
  treated: boolean;
  winsorised: number;
  log: boolean;
  detail: string;
}
export interface ImputeRow {
  indicator: string;
  method: string;
  missingBefore: number;
  filled: number;
  missingAfter: number;
}
export interface ScreenRow {
  kind: 'unit' | 'indicator';
  code: string;
  availability: number;
  dropped: boolean;
}
export interface WeightDetailRow {
  node: string;
  period: string;
  method: string;
  detail: WeightDetail;
}

export interface PipelineResult {
  datasets: Record<DatasetName, Panel>;
  /** Framework after screening (dropped indicators removed). */
  framework: Framework;
  weights: WeightRow[];
  weightDetails: WeightDetailRow[];
  treatment: TreatRow[];
  imputation: ImputeRow[];
  screening: ScreenRow[];
  /** Score columns (aggregates then alternatives), in output order. */
  scoreCodes: string[];
  /** Rank (1 = best, ties share the lowest rank) of each score per period, overall and within `groupAttr`. */
  ranks: { code: string; overall: Float64Array; group?: Float64Array }[];
  log: PipelineLog;
  warnings: Warning[];
}

export interface ExecuteOptions {
  raw: Panel;
  framework: Framework;
  log: PipelineLog;
  logger?: Logger;
  /** Unit attribute for within-group ranks (e.g. "region"). */
  groupAttr?: string;
  /** Skip ranking (e.g. when only scores are needed). Default: false. */
  skipRanks?: boolean;
  /**
   * A column pool (`io/workers/column-pool.ts`) that takes part of the per-column work of large
   * inputs: pooled normalisation, the entropy sums, TOPSIS's column extents. Results are identical
   * bit for bit with or without it. Default: none (one thread).
   */
  pool?: ColumnPool;
  /**
   * Construction states built earlier from the same raw panel and framework (the checks before a run
   * build one, app/check-project.ts): steps whose log entries equal theirs are taken from them, as
   * {@link constructPhase}'s `from` (the same values and warnings). Default: none.
   */
  from?: readonly ConstructState[];
}

type StepOptions = { [E in LogEntry as E['step']]: E['options'] };

function entry<S extends keyof StepOptions>(log: PipelineLog, s: S): StepOptions[S] {
  const e = log.find((x) => x.step === s);
  if (!e) fail('E_LOG', `pipeline log has no ${s} entry`);
  return e.options as unknown as StepOptions[S];
}

function withValues(base: Panel, codes: string[], values: Map<string, Float64Array>): Panel {
  return { ...base, indicators: codes.slice(), values };
}

function subsetUnits(p: Panel, keep: number[]): Panel {
  const nU = p.units.length;
  const nT = p.periods.length;
  const k = keep.length;
  const values = new Map<string, Float64Array>();
  for (const [c, v] of p.values) {
    const out = new Float64Array(k * nT);
    for (let t = 0; t < nT; t++) for (let j = 0; j < k; j++) out[t * k + j] = v[t * nU + keep[j]];
    values.set(c, out);
  }
  const attributes = new Map<string, string[]>();
  for (const [a, v] of p.attributes)
    attributes.set(
      a,
      keep.map((i) => v[i]),
    );
  return { ...p, units: keep.map((i) => p.units[i]), values, attributes };
}

/** Run the whole pipeline from its log. */
/** Everything up to and including normalisation: the part of a run that weights and aggregation build on. */
export interface ConstructState {
  raw: Panel;
  log: PipelineLog;
  /** Framework after screening. */
  framework: Framework;
  datasets: Omit<Record<DatasetName, Panel>, 'aggregated'>;
  imputation: ImputeRow[];
  treatment: TreatRow[];
  screening: ScreenRow[];
  warnings: Warning[];
  /**
   * Data-driven indicator weights computed from this state, keyed by method options and the
   * indicator set: they depend only on the normalised data, so repeated aggregation phases (the
   * robustness engine) reuse them.
   */
  weightCache: Map<string, { weights: Float64Array; details: WeightDetailRow[] }>;
  /**
   * Logarithms of columns that repeated aggregation phases (with `reuse`) aggregate again unchanged —
   * normalised indicators, unperturbed node scores — for the geometric mean: a column's logs are
   * stored at its second use (a column aggregated once, e.g. indicators under unperturbed
   * aggregates, costs no memory), keyed weakly by the array.
   */
  logCache: { seen: WeakSet<Float64Array>; logs: WeakMap<Float64Array, Float64Array> };
  /**
   * Extents of normalised columns that their normalisation reported (min-max: the images of the
   * input's extremes; {@link NormaliseFacts}), so that aggregation (TOPSIS's ideal and anti-ideal)
   * need not read them again; identical to `extent(col)`.
   */
  extents: WeakMap<Float64Array, ColumnExtent>;
  /** The framework it was built from and its steps up to treatment, for states built after it (constructPhase's `from`). */
  stages?: { input: Framework; early: EarlyStages; treat: TreatStage };
}

/** Options of the weight-and-aggregate phase (used by the robustness engine). */
export interface AggregatePhaseOptions {
  /** Indicators left out (their emptied aggregates are pruned too). */
  exclude?: ReadonlySet<string>;
  /** Called with each aggregate's within-parent weights (nT × k, period-major, k = children.length) before they are used; may modify them in place. */
  perturbWeights?: (node: string, w: Float64Array, children: readonly string[]) => void;
  /** Weight and aggregate entries to use instead of the state's own log (the construction entries are ignored). */
  log?: PipelineLog;
  /** Collect weight details (entropy e_j …). Default true. */
  details?: boolean;
  logger?: Logger;
  /** A column pool for the per-column work (see {@link ExecuteOptions.pool}). */
  pool?: ColumnPool;
  /**
   * Node results of earlier phases on the same state and log, for phases that repeat with other
   * weight perturbations (the robustness engine). An aggregate whose children are indicators or
   * such nodes and whose weights come out of `perturbWeights` unchanged has the weights and score
   * of the unperturbed phase: the first such phase stores them here, later ones reuse them instead
   * of weighing and aggregating again (the same values, since both are functions of the children's
   * scores, the weights and the options alone). Used only without `exclude` and with
   * `details: false`; the caller keeps one map per (state, log) and never changes the arrays.
   */
  reuse?: AggregateReuse;
  /**
   * Only these scores are wanted (the robustness engine's tracked scores): aggregates outside the
   * subtrees of the wanted nodes (and of the nodes of wanted alternatives), and alternatives not
   * wanted, are neither weighed nor aggregated and are missing from `scores`. A score depends only
   * on its own subtree (children's scores, the weights of the nodes under it), so the wanted ones
   * are the same. Default: every score.
   */
  only?: readonly string[];
  /**
   * Columns shorter than this (units × periods) are not kept in the state's log cache with `reuse`: a
   * logarithm of a short column costs less than the cache's bookkeeping (weak maps of the columns of
   * thousands of replications, scanned by every garbage collection). Default 4,096.
   */
  logCacheMinRows?: number;
}

/** Unperturbed weights (nT × k) and score of aggregates, by node code (see {@link AggregatePhaseOptions.reuse}). */
export type AggregateReuse = Map<string, { w: Float64Array; score: Float64Array }>;

export interface AggregateState {
  framework: Framework;
  /** Score of every framework node and alternative (indicators: normalised values). */
  scores: Map<string, Float64Array>;
  /** Within-parent weights of each aggregate's children, per period (nT × k). */
  W: Map<string, Float64Array>;
  Wmethod: Map<string, string>;
  weightDetails: WeightDetailRow[];
  altCodes: string[];
  warnings: Warning[];
}

/** Denominate → impute → screen → treat → normalise. */
export function constructPhase(
  opts: Pick<ExecuteOptions, 'raw' | 'framework' | 'log' | 'logger' | 'pool'> & {
    /**
     * States built earlier from the same raw panel and framework (the robustness engine's): the
     * steps up to screening, and treatment too, are taken from one whose log entries for them are
     * equal to this log's, instead of being computed again (the same values: each step is a
     * function of its input and its entry); their warnings are repeated.
     */
    from?: readonly ConstructState[];
    /**
     * Normalised columns of this log computed elsewhere (another thread of a robustness run, from
     * the same raw panel, framework and construction entries), by indicator, with the extents their
     * normalisation reported: taken as they are instead of normalising again (the same values).
     */
    normalised?: NormalisedColumns;
  },
): ConstructState {
  const { raw, log } = opts;
  const warnings: Warning[] = [];
  const warn = (w: Warning) => {
    warnings.push(w);
    opts.logger?.warn(w);
  };
  const nT = raw.periods.length;
  const prev = earlierStages(opts);
  if (prev) for (const w of prev.state.warnings.slice(0, prev.treat ? prev.state.stages!.treat.nWarnings : prev.state.stages!.early.nWarnings)) warn(w);
  const early = prev ? prev.state.stages!.early : earlyStages(raw, opts.framework, log, nT, warn, warnings);
  const { fw, rawP, denP, impP, scrP, imputation, screening } = early;
  const ind = fw.indicators;
  const nU = scrP.units.length;
  const treated = prev?.treat ? prev.state.stages!.treat : treatStage(scrP, ind, log, nU, warnings);
  const { trP, treatment } = treated;
  const trVals = trP.values;

  // ---- normalise
  const nm = entry(log, 'normalise');
  const nmVals = new Map<string, Float64Array>();
  const identity = (c: string): boolean => {
    const d = getNormaliseMethod(nm.byIndicator[c].method, 'steps.normalise.method') as NormaliseDescriptor;
    return d.identity?.(nm.byIndicator[c] as never) ?? false;
  };
  // Pooled columns are independent whole-column tasks: a column pool may take some of them.
  const given = opts.normalised?.columns;
  const pooled = ind.filter((c) => nm.byIndicator[c].scope === 'pooled' && !identity(c) && !given?.has(c));
  const items: NormaliseItem[] = pooled.map((c) => ({ method: nm.byIndicator[c].method, x: trVals.get(c)!, spec: nm.byIndicator[c], subject: c }));
  const extents = new WeakMap<Float64Array, ColumnExtent>();
  for (const [c, e] of opts.normalised?.extents ?? []) {
    const col = given?.get(c);
    if (col) extents.set(col, e);
  }
  // Without a column pool, the columns of methods that fill a given array are slices of one allocation
  // (NormaliseFacts.out): one zero-filled block instead of a fresh array per column, fewer and cheaper
  // allocations and collections.
  const slots = opts.pool ? undefined : outputSlots(items, nU * nT);
  // On this thread, a column's facts are kept (a column the pool normalised has none: its extent is read when needed).
  const normaliseHere = (it: NormaliseItem): Float64Array => {
    const facts: NormaliseFacts = { input: early.extents.get(it.x), out: slots?.get(it) };
    const out = normaliseColumn(it.method, it.x, it.spec, it.subject, facts);
    if (facts.extent) extents.set(out, facts.extent);
    return out;
  };
  const pooledOut = mapColumns(opts.pool, 'normalise', items, normaliseHere, items.length * nU * nT, (it) => isShared(it.x));
  const pooledBy = new Map(pooled.map((c, k) => [c, pooledOut[k]]));
  for (const c of ind) {
    const spec = nm.byIndicator[c];
    const x = trVals.get(c)!;
    if (identity(c)) {
      nmVals.set(c, x); // identity: share the array
      continue;
    }
    const g = given?.get(c);
    if (g) {
      nmVals.set(c, g);
      continue;
    }
    // Kernels return a fresh array: pooled takes it as it is; per period fills one output.
    if (spec.scope === 'pooled') {
      nmVals.set(c, pooledBy.get(c)!);
      continue;
    }
    const out = new Float64Array(x.length);
    for (let t = 0; t < nT; t++) out.set(normaliseColumn(spec.method, x.subarray(t * nU, (t + 1) * nU), spec, `${c} (${scrP.periods[t]})`), t * nU);
    nmVals.set(c, out);
  }
  const nmP = withValues(scrP, ind, nmVals);

  return {
    raw,
    log,
    framework: fw,
    datasets: { raw: rawP, denominated: denP, imputed: impP, screened: scrP, treated: trP, normalised: nmP },
    imputation,
    treatment,
    screening,
    warnings,
    weightCache: new Map(),
    logCache: { seen: new WeakSet(), logs: new WeakMap() },
    extents,
    stages: { input: opts.framework, early, treat: treated },
  };
}
/** Normalised columns by indicator and the extents their normalisation reported (constructPhase's `normalised`). */
export interface NormalisedColumns {
  columns: ReadonlyMap<string, Float64Array>;
  extents: ReadonlyMap<string, ColumnExtent>;
}

/**
 * The columns a state's normalisation computed (not those an identity normalisation shares with
 * treatment), with their reported extents: what another thread needs to build the same state.
 */
export function normalisedColumns(st: ConstructState): NormalisedColumns {
  const columns = new Map<string, Float64Array>();
  const extents = new Map<string, ColumnExtent>();
  const tr = st.datasets.treated.values;
  for (const [c, v] of st.datasets.normalised.values) {
    if (v === tr.get(c)) continue;
    columns.set(c, v);
    const e = st.extents.get(v);
    if (e) extents.set(c, e);
  }
  return { columns, extents };
}

/**
 * Output arrays for the pooled normalisation items whose method fills a given array
 * (`fillsOut`): consecutive slices of one zero-filled allocation, by item; none when fewer than two.
 */
function outputSlots(items: readonly NormaliseItem[], len: number): Map<NormaliseItem, Float64Array> | undefined {
  const fills = items.filter((it) => it.x.length === len && (getNormaliseMethod(it.method, 'steps.normalise.method') as NormaliseDescriptor).fillsOut === true);
  if (fills.length < 2) return undefined;
  const block = new Float64Array(fills.length * len);
  return new Map(fills.map((it, k) => [it, block.subarray(k * len, (k + 1) * len)]));
}

/** What constructPhase keeps for states built after it (its `from`). */
interface EarlyStages {
  fw: Framework;
  rawP: Panel;
  denP: Panel;
  impP: Panel;
  scrP: Panel;
  imputation: ImputeRow[];
  screening: ScreenRow[];
  /** Warnings up to here. */
  nWarnings: number;
  /** Extents of imputed columns that pooled normalisation reads (`NormaliseFacts.input`), by column. */
  extents: WeakMap<Float64Array, ColumnExtent>;
}
interface TreatStage {
  trP: Panel;
  treatment: TreatRow[];
  nWarnings: number;
}

/** A state of `from` whose steps up to screening (and treatment: `treat`) have this log's entries. */
function earlierStages(opts: {
  raw: Panel;
  framework: Framework;
  log: PipelineLog;
  from?: readonly ConstructState[];
}): { state: ConstructState; treat: boolean } | undefined {
  let found: { state: ConstructState; treat: boolean } | undefined;
  for (const st of opts.from ?? []) {
    if (!st.stages || st.raw !== opts.raw || st.stages.input !== opts.framework) continue;
    if (!(['denominate', 'impute', 'screen'] as const).every((s) => sameData(entry(st.log, s), entry(opts.log, s)))) continue;
    const treat = sameData(entry(st.log, 'treat'), entry(opts.log, 'treat'));
    if (treat) return { state: st, treat };
    found ??= { state: st, treat };
  }
  return found;
}

/** Equal plain data (log entries): same keys, same primitives (Object.is: NaN equals NaN, −0 differs from 0). */
function sameData(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  for (const k of ka) if (!Object.hasOwn(b, k) || !sameData((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  return true;
}

/** Raw → denominate → impute → screen. */
function earlyStages(raw: Panel, framework: Framework, log: PipelineLog, nT: number, warn: (w: Warning) => void, warnings: Warning[]): EarlyStages {
  let fw = framework;
  const ind0 = fw.indicators;

  // ---- raw: each indicator's source column, by code
  const rawVals = new Map<string, Float64Array>();
  const missingCols: string[] = [];
  for (const c of ind0) {
    const col = raw.values.get(fw.nodes.get(c)!.column);
    if (!col) missingCols.push(c === fw.nodes.get(c)!.column ? c : `${c} (column ${fw.nodes.get(c)!.column})`);
    else rawVals.set(c, col); // data sets are read-only: share, never copy
  }
  if (missingCols.length)
    fail('E_INDICATOR_NO_DATA', `indicators without data: ${missingCols.join(', ')}`, {
      hint: `the data have columns ${raw.indicators.slice(0, 40).join(', ')}; set "column" on the framework node or fix the code`,
    });
  const rawP = withValues(raw, ind0, rawVals);

  // ---- denominate
  const den = entry(log, 'denominate');
  const denVals = new Map<string, Float64Array>();
  for (const c of ind0) {
    const x = rawVals.get(c)!;
    const spec = den.byIndicator[c];
    if (!den.enabled || !spec) {
      denVals.set(c, x);
      continue;
    }
    const d = raw.values.get(spec.denominator);
    if (!d)
      fail('E_DENOMINATOR_MISSING', `denominator "${spec.denominator}" of indicator "${c}" is not a data column`, {
        location: { path: `framework.${c}.denominator` },
        hint: `data columns: ${raw.indicators.slice(0, 40).join(', ')}`,
      });
    const out = new Float64Array(x.length);
    let zero = 0;
    for (let i = 0; i < x.length; i++) {
      if (d[i] === 0) {
        out[i] = NaN;
        if (!Number.isNaN(x[i])) zero++;
      } else {
        out[i] = (x[i] / d[i]) * spec.scale;
        if (out[i] === Infinity || out[i] === -Infinity)
          fail('E_NONFINITE', `${c}: ${x[i]} / ${d[i]} × ${spec.scale} overflows`, {
            location: { path: 'steps.denominate' },
            hint: 'check the denominator column and the scale',
          });
      }
    }
    if (zero) warn({ code: 'W_DENOMINATOR_ZERO', message: `${c}: ${zero} value(s) divided by a zero ${spec.denominator} set to missing` });
    denVals.set(c, out);
  }
  const denP = withValues(raw, ind0, denVals);

  // ---- impute
  const imp = entry(log, 'impute');
  const impVals = new Map<string, Float64Array>();
  const imputation: ImputeRow[] = [];
  const groupCache = new Map<string, Int32Array>();
  const nm = entry(log, 'normalise');
  const extents = new WeakMap<Float64Array, ColumnExtent>();
  const readsExtent = (c: string): boolean => {
    const o = nm.byIndicator[c];
    if (o?.scope !== 'pooled') return false;
    const d = getNormaliseMethod(o.method, 'steps.normalise.method') as NormaliseDescriptor;
    return d.usesInputExtent === true && !(d.identity?.(o as never) ?? false);
  };
  for (const c of ind0) {
    const spec = imp.byIndicator[c];
    const d = getImputeDescriptor(spec.method, 'steps.impute.method');
    const x = denVals.get(c)!;
    let groups: Int32Array | undefined;
    if (spec.group) {
      groups = groupCache.get(spec.group);
      if (!groups) {
        const g = groupIndex(raw, spec.group);
        if (!g)
          fail('E_GROUP_UNKNOWN', `imputation group "${spec.group}" is not a unit attribute`, {
            location: { path: 'steps.impute.group' },
            hint: `unit attributes: ${[...raw.attributes.keys()].join(', ') || '(none)'}; add it to data.attributes or units.file`,
          });
        groups = g.index;
        groupCache.set(spec.group, groups);
      }
    } else if (d.grouped) {
      fail('E_GROUP_UNKNOWN', `method ${spec.method} needs a group attribute`, {
        location: { path: 'steps.impute.group' },
        hint: 'set steps.impute.group or units.group (e.g. region)',
      });
    }
    const y = d.noop ? x : imputeColumn(spec.method, x, { nUnits: raw.units.length, nPeriods: nT, periodValues: raw.periodValues, groups }, spec);
    // A column that pooled normalisation will read the extent of: read it here instead of counting the
    // missing values (its n is the count of non-missing ones), kept for normalisation (facts.input).
    const e = readsExtent(c) ? extent(y) : undefined;
    if (e) extents.set(y, e);
    const before = y === x && e ? y.length - e.n : countMissing(x);
    const after = y === x ? before : e ? y.length - e.n : countMissing(y);
    imputation.push({ indicator: c, method: spec.method, missingBefore: before, filled: before - after, missingAfter: after });
    impVals.set(c, y);
  }
  const impP = withValues(raw, ind0, impVals);

  // ---- screen
  const scr = entry(log, 'screen');
  const basis = scr.on === 'imputed' ? impVals : denVals;
  const nU0 = raw.units.length;
  const screening: ScreenRow[] = [];
  const dropInd = new Set<string>();
  if (scr.indicatorThreshold > 0) {
    for (const c of ind0) {
      const a = 1 - countMissing(basis.get(c)!) / (nU0 * nT);
      const dropped = a < scr.indicatorThreshold;
      if (dropped) dropInd.add(c);
      screening.push({ kind: 'indicator', code: c, availability: a, dropped });
    }
  }
  const keepUnits: number[] = [];
  const activeInd = ind0.filter((c) => !dropInd.has(c));
  if (scr.unitThreshold > 0) {
    // Available cells per unit, accumulated column by column (contiguous reads).
    const avail = new Float64Array(nU0);
    for (const c of activeInd) {
      const v = basis.get(c)!;
      for (let t = 0, i = 0; t < nT; t++) for (let u = 0; u < nU0; u++, i++) if (v[i] === v[i]) avail[u]++;
    }
    for (let u = 0; u < nU0; u++) {
      const a = activeInd.length ? avail[u] / (activeInd.length * nT) : 0;
      const dropped = a < scr.unitThreshold;
      if (!dropped) keepUnits.push(u);
      screening.push({ kind: 'unit', code: raw.units[u], availability: a, dropped });
    }
  } else for (let u = 0; u < nU0; u++) keepUnits.push(u);
  if (keepUnits.length === 0)
    fail('E_SCREEN_ALL', 'screening dropped every unit', { location: { path: 'steps.screen.unitThreshold' }, hint: 'lower the threshold or impute first' });
  if (dropInd.size) {
    fw = pruneFramework(fw, dropInd).framework;
    warn({ code: 'W_SCREEN_INDICATORS', message: `screening dropped ${dropInd.size} indicator(s): ${[...dropInd].join(', ')}` });
  }
  if (keepUnits.length < nU0)
    warn({
      code: 'W_SCREEN_UNITS',
      message: `screening dropped ${nU0 - keepUnits.length} unit(s): ${screening
        .filter((s) => s.kind === 'unit' && s.dropped)
        .map((s) => s.code)
        .join(', ')}`,
    });
  const ind = fw.indicators;
  let scrP = withValues(raw, ind, new Map(ind.map((c) => [c, impVals.get(c)!])));
  if (keepUnits.length < nU0) scrP = subsetUnits(scrP, keepUnits);
  return { fw, rawP, denP, impP, scrP, imputation, screening, nWarnings: warnings.length, extents };
}

/** Treat. */
function treatStage(scrP: Panel, ind: string[], log: PipelineLog, nU: number, warnings: Warning[]): TreatStage {
  // ---- treat
  const tr = entry(log, 'treat');
  const trVals = new Map<string, Float64Array>();
  const treatment: TreatRow[] = [];
  for (const c of ind) {
    const spec = tr.byIndicator[c];
    const x = scrP.values.get(c)!;
    if (getTreatDescriptor(spec.method, 'steps.treat.method').noop) {
      trVals.set(c, x);
      continue;
    }
    // Pooled: the kernel's new array is the treated column; per period, the periods' values are copied into one.
    let out: Float64Array | undefined = spec.scope === 'pooled' ? undefined : new Float64Array(x.length);
    const parts = spec.scope === 'pooled' ? ([[0, x.length, '']] as const) : scrP.periods.map((p, t) => [t * nU, (t + 1) * nU, p] as const);
    for (const [a, b, label] of parts) {
      const r = treatColumn(spec.method, x.subarray(a, b), spec, { indicator: c, period: label });
      for (let i = 0; i < r.values.length; i++) {
        const v = r.values[i];
        if (v === Infinity || v === -Infinity)
          fail('E_NONFINITE', `treat ${c}${label ? ` (${label})` : ''}: ${spec.method} produced a non-finite value`, {
            location: { path: 'steps.treat' },
            hint: 'choose another transform or parameter (e.g. a smaller Box–Cox λ)',
          });
      }
      if (out) out.set(r.values, a);
      else out = r.values;
      treatment.push({
        indicator: c,
        period: label,
        method: r.report.method,
        treated: r.report.treated,
        winsorised: r.report.winsorised,
        log: r.report.log,
        detail: r.report.detail ?? '',
      });
    }
    trVals.set(c, out!);
  }
  const trP = withValues(scrP, ind, trVals);
  return { trP, treatment, nWarnings: warnings.length };
}

/** Weight and aggregate bottom-up, on a construction state (which it does not modify). */
export function aggregatePhase(st: ConstructState, opts: AggregatePhaseOptions = {}): AggregateState {
  const log = opts.log ?? st.log;
  const fw = opts.exclude?.size ? pruneFramework(st.framework, opts.exclude).framework : st.framework;
  const ind = fw.indicators;
  const scrP = st.datasets.screened;
  const nmVals = st.datasets.normalised.values;
  const nU = scrP.units.length;
  const nT = scrP.periods.length;
  const warnings: Warning[] = [];
  const warn = (w: Warning) => {
    warnings.push(w);
    opts.logger?.warn(w);
  };
  const wantDetails = opts.details !== false;
  // ---- weight + aggregate (bottom-up)
  const wt = entry(log, 'weight');
  const ag = entry(log, 'aggregate');
  const scores = new Map<string, Float64Array>();
  for (const c of ind) scores.set(c, nmVals.get(c)!);
  /** within-parent weights of each aggregate's children, per period: Float64Array(nT * k). */
  const W = new Map<string, Float64Array>();
  const Wmethod = new Map<string, string>();
  const weightDetails: WeightDetailRow[] = [];

  const exec: Execution = { pool: opts.pool, extent: (col) => st.extents.get(col) };
  let leafIndexMap: Map<string, number> | undefined; // made when global weights need it
  const leafIndex = () => (leafIndexMap ??= new Map(ind.map((c, j) => [c, j])));
  const reported = new Set<string>(); // weight details already listed in this phase
  /** A data-driven method on `cols` (all periods pooled, or period by period): nT × cols.length, with its details under `node`. */
  const fromData = (d: DataWeightDescriptor, cols: Float64Array[], o: ResolvedWeight, path: string, node: string, details: WeightDetailRow[]): Float64Array => {
    const k = cols.length;
    const out = new Float64Array(nT * k);
    if (o.pooling === 'pooled') {
      const r = weightColumns(d, cols, o, path, exec);
      for (let t = 0; t < nT; t++) out.set(r.weights, t * k);
      details.push({ node, period: '', method: d.name, detail: r.detail ?? {} });
    } else {
      for (let t = 0; t < nT; t++) {
        const r = weightColumns(
          d,
          cols.map((v) => v.subarray(t * nU, (t + 1) * nU)),
          o,
          path,
          exec,
        );
        out.set(r.weights, t * k);
        details.push({ node, period: scrP.periods[t], method: d.name, detail: r.detail ?? {} });
      }
    }
    return out;
  };
  const globalLeafWeights = (d: DataWeightDescriptor, o: ResolvedWeight): Float64Array => {
    const own = o as Record<string, unknown>;
    const key = JSON.stringify([d.name, o.pooling, ...Object.keys(d.options.shape).map((k) => own[k] ?? null), ind]);
    const hit = st.weightCache.get(key);
    if (hit) {
      if (wantDetails && !reported.has(key)) weightDetails.push(...hit.details);
      reported.add(key);
      return hit.weights;
    }
    const details: WeightDetailRow[] = [];
    const out = fromData(
      d,
      ind.map((c) => nmVals.get(c)!),
      o,
      'steps.weight',
      '(indicators)',
      details,
    );
    st.weightCache.set(key, { weights: out, details });
    if (wantDetails) weightDetails.push(...details);
    reported.add(key);
    return out;
  };

  const nodeWeights = (code: string, o: ResolvedWeight): Float64Array => {
    const n = fw.nodes.get(code)!;
    const k = n.children.length;
    const path = `steps.weight.nodes.${code}`;
    const d = getWeightDescriptor(o.method, `${path}.method`);
    if (d.fromData) {
      if (o.scope === 'global') {
        const g = globalLeafWeights(d, o);
        const out = new Float64Array(nT * k);
        for (let t = 0; t < nT; t++) {
          const row = n.children.map((c) => indicatorsUnder(fw, c).reduce((s, l) => s + g[t * ind.length + leafIndex().get(l)!], 0));
          out.set(normalise(row, `weights of the children of ${code}`), t * k);
        }
        return out;
      }
      const details: WeightDetailRow[] = [];
      const out = fromData(
        d,
        n.children.map((c) => scores.get(c)!),
        o,
        path,
        code,
        details,
      );
      if (wantDetails) weightDetails.push(...details);
      return out;
    }
    const node: WeightNode = {
      code,
      children: n.children,
      nominal: n.children.map((c) => fw.nodes.get(c)!.weight),
      path,
      periods: nT,
      weightsBy: (m) => nodeWeights(code, { ...o, method: m as ResolvedWeight['method'] }),
    };
    const r = d.run(node, o as never, exec);
    // One set for every period, or one per period.
    const out = r.weights.length === nT * k ? r.weights : new Float64Array(nT * k);
    if (out !== r.weights) for (let t = 0; t < nT; t++) out.set(r.weights, t * k);
    if (r.detail && wantDetails) weightDetails.push({ node: code, period: '', method: d.name, detail: r.detail });
    return out;
  };

  /** Weights of the indicators under `code` relative to it (product of within-parent weights), per period. */
  const leafWeightsUnder = (code: string, leaves: string[]): Float64Array => {
    const out = new Float64Array(nT * leaves.length);
    for (let t = 0; t < nT; t++) {
      leaves.forEach((l, j) => {
        let w = 1;
        let cur = l;
        while (cur !== code) {
          const p = fw.nodes.get(cur)!.parent!;
          const kids = fw.nodes.get(p)!.children;
          w *= W.get(p)![t * kids.length + kids.indexOf(cur)];
          cur = p;
        }
        out[t * leaves.length + j] = w;
      });
    }
    return out;
  };

  const aggregateNode = (code: string, o: (typeof ag.byNode)[string], where: string): Float64Array => {
    const n = fw.nodes.get(code)!;
    const inputs = o.inputs === 'indicators' ? indicatorsUnder(fw, code) : n.children;
    const cols = inputs.map((c) => scores.get(c)!);
    const w = o.inputs === 'indicators' ? leafWeightsUnder(code, inputs) : W.get(code)!;
    const k = inputs.length;
    const constW = isConstant(w, k, nT);
    const d = getAggregateDescriptor(o.method, `${where}.method`);
    const rowWise = d.rowwise === true;
    const pooledIdeal = d.needsIdeal === true && o.ideal === 'pooled';
    if ((rowWise && constW) || pooledIdeal) {
      if (!constW)
        fail('E_AGGREGATE_POOLED', `${where}: ${o.method} with a pooled ideal needs weights that are the same in every period`, {
          location: { path: where },
          hint: 'use steps.weight.pooling: pooled, or ideal: period',
        });
      return aggregateColumns(o.method, cols, w.subarray(0, k), o, where, () => code, exec); // a fresh array, all periods at once
    }
    const out = new Float64Array(nU * nT);
    for (let t = 0; t < nT; t++) {
      const r = aggregateColumns(
        o.method,
        cols.map((v) => v.subarray(t * nU, (t + 1) * nU)),
        w.subarray(t * k, (t + 1) * k),
        o,
        where,
        () => `${code}, ${scrP.periods[t]}`,
        exec,
      );
      out.set(r, t * nU);
    }
    return out;
  };

  const reuse = opts.reuse && !wantDetails && !opts.exclude?.size ? opts.reuse : undefined;
  const needed = opts.only ? neededNodes(fw, opts.only, ag.alternatives) : undefined;
  /** Aggregates with the weights and score of the unperturbed phase (only tracked with `reuse`). */
  const clean = new Set<string>();
  /** Columns the next phases on this state and log see again: the indicators and the clean aggregates' scores. */
  const stable = new Set<Float64Array>();
  if (reuse && scrP.units.length * scrP.periods.length >= (opts.logCacheMinRows ?? 4096)) {
    for (const c of ind) stable.add(scores.get(c)!);
    exec.logs = cachedLogs(stable, st.logCache);
  }
  for (const code of fw.aggregates) {
    if (needed && !needed.has(code)) continue;
    const o = wt.byNode[code] ?? wt.base;
    const kids = fw.nodes.get(code)!.children;
    const kidsClean = reuse !== undefined && kids.every((c) => clean.has(c) || fw.nodes.get(c)!.isIndicator);
    const hit = kidsClean ? reuse.get(code) : undefined;
    const w = hit ? hit.w.slice() : nodeWeights(code, o);
    const unperturbed = kidsClean ? (hit?.w ?? w.slice()) : undefined;
    if (opts.perturbWeights) opts.perturbWeights(code, w, kids);
    W.set(code, w);
    // A data-driven method says which data it weighed.
    Wmethod.set(code, getWeightDescriptor(o.method).fromData ? `${o.method} (${o.scope}, ${o.pooling})` : o.method);
    const same = unperturbed !== undefined && sameValues(w, unperturbed);
    if (same && hit) {
      scores.set(code, hit.score);
      clean.add(code);
      stable.add(hit.score);
      continue;
    }
    const score = aggregateNode(code, ag.byNode[code], `steps.aggregate.nodes.${code}`);
    scores.set(code, score);
    if (same) {
      reuse!.set(code, { w: unperturbed, score });
      clean.add(code);
      stable.add(score);
    }
  }
  const altCodes: string[] = [];
  ag.alternatives.forEach((a, i) => {
    if (needed && !opts.only!.includes(a.code)) return;
    if (!fw.nodes.has(a.node)) {
      warn({
        code: 'W_ALTERNATIVE_PRUNED',
        message: `alternative score ${a.code} is not computed: its node ${a.node} was removed by screening`,
        location: { path: `steps.aggregate.alternatives.${i}` },
      });
      return;
    }
    scores.set(a.code, aggregateNode(a.node, a, `steps.aggregate.alternatives.${i}`));
    altCodes.push(a.code);
  });

  return { framework: fw, scores, W, Wmethod, weightDetails, altCodes, warnings };
}

/** The nodes whose scores the wanted scores need: the subtrees of the wanted nodes and of the nodes of wanted alternatives. */
function neededNodes(fw: Framework, only: readonly string[], alternatives: readonly { code: string; node: string }[]): Set<string> {
  const out = new Set<string>();
  const add = (c: string) => {
    if (out.has(c) || !fw.nodes.has(c)) return;
    out.add(c);
    for (const k of fw.nodes.get(c)!.children) add(k);
  };
  for (const c of only) add(c);
  for (const a of alternatives) if (only.includes(a.code)) add(a.node);
  return out;
}

/** Run the whole pipeline from its log. */
export function executeLog(opts: ExecuteOptions): PipelineResult {
  const st = constructPhase(opts);
  const ag = aggregatePhase(st, { logger: opts.logger, pool: opts.pool });
  const fw = ag.framework;
  const ind = fw.indicators;
  const { scores, W, Wmethod, weightDetails, altCodes } = ag;
  const scrP = st.datasets.screened;
  const nU = scrP.units.length;
  const nT = scrP.periods.length;
  const log = opts.log;
  const warnings = [...st.warnings, ...ag.warnings];
  const aggCodes = [...ind, ...fw.aggregates, ...altCodes];
  const aggP = withValues(scrP, aggCodes, new Map(aggCodes.map((c) => [c, scores.get(c)!])));

  // ---- weight table
  const weights: WeightRow[] = [];
  const constAll = [...W.entries()].every(([c, w]) => isConstant(w, fw.nodes.get(c)!.children.length, nT));
  const periodsOut = constAll ? [''] : scrP.periods;
  periodsOut.forEach((label, ti) => {
    const t = constAll ? 0 : ti;
    const globalOf = (c: string): number => {
      const p = fw.nodes.get(c)!.parent;
      if (p === null) return 1;
      const kids = fw.nodes.get(p)!.children;
      return globalOf(p) * W.get(p)![t * kids.length + kids.indexOf(c)];
    };
    for (const c of preorder(fw)) {
      const n = fw.nodes.get(c)!;
      if (n.parent === null) {
        weights.push({ period: label, node: c, parent: '', level: n.level, nominal: 1, effective: 1, global: 1, method: '' });
        continue;
      }
      const kids = fw.nodes.get(n.parent)!.children;
      const nomSum = kids.reduce((s, k) => s + fw.nodes.get(k)!.weight, 0);
      weights.push({
        period: label,
        node: c,
        parent: n.parent,
        level: n.level,
        nominal: nomSum > 0 ? n.weight / nomSum : NaN,
        effective: W.get(n.parent)![t * kids.length + kids.indexOf(c)],
        global: globalOf(c),
        method: Wmethod.get(n.parent) ?? '',
      });
    }
  });

  // ---- ranks
  const scoreCodes = [...preorder(fw).filter((c) => !fw.nodes.get(c)!.isIndicator), ...altCodes];
  const g = opts.groupAttr ? groupIndex(aggP, opts.groupAttr) : undefined;
  // Each group's units, found once; one buffer for a group's scores and one for their ranks.
  const members: Int32Array[] = [];
  if (g && !opts.skipRanks) {
    const size = new Int32Array(g.labels.length);
    for (let u = 0; u < nU; u++) if (g.index[u] >= 0) size[g.index[u]]++;
    for (let gi = 0; gi < g.labels.length; gi++) members.push(new Int32Array(size[gi]));
    size.fill(0);
    for (let u = 0; u < nU; u++) if (g.index[u] >= 0) members[g.index[u]][size[g.index[u]]++] = u;
  }
  let widest = 0;
  for (const m of members) widest = Math.max(widest, m.length);
  const inGroup = new Float64Array(widest);
  const groupRank = new Float64Array(widest);
  const ranks = (opts.skipRanks ? [] : scoreCodes).map((code) => {
    const x = scores.get(code)!;
    const overall = new Float64Array(x.length);
    const group = g ? new Float64Array(x.length) : undefined;
    for (let t = 0; t < nT; t++) {
      const base = t * nU;
      rankDescendingInto(x.subarray(base, base + nU), overall.subarray(base, base + nU));
      if (g && group) {
        for (const m of members) {
          const k = m.length;
          for (let j = 0; j < k; j++) inGroup[j] = x[base + m[j]];
          rankDescendingInto(inGroup.subarray(0, k), groupRank.subarray(0, k));
          for (let j = 0; j < k; j++) group[base + m[j]] = groupRank[j];
        }
        for (let u = 0; u < nU; u++) if (g.index[u] < 0) group[base + u] = NaN;
      }
    }
    return { code, overall, group };
  });

  const result: PipelineResult = {
    datasets: { ...st.datasets, aggregated: aggP },
    framework: fw,
    weights,
    weightDetails,
    treatment: st.treatment,
    imputation: st.imputation,
    screening: st.screening,
    scoreCodes,
    ranks,
    log,
    warnings,
  };
  constructStates.set(result, st);
  return result;
}

/** The construction state each result of executeLog was computed from (not a field: results are serialised). */
const constructStates = new WeakMap<PipelineResult, ConstructState>();

/** The construction state `r` was computed from (the robustness engine's nominal run starts from it instead of constructing again). */
export function constructStateOf(r: PipelineResult): ConstructState | undefined {
  return constructStates.get(r);
}

function normalise(w: number[], what: string): number[] {
  const s = w.reduce((a, b) => a + b, 0);
  if (!(s > 0)) fail('E_WEIGHTS_ZERO', `${what} sum to zero`, { hint: 'give at least one child a positive weight' });
  return w.map((x) => x / s);
}

function sameValues(a: Float64Array, b: Float64Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function isConstant(w: Float64Array, k: number, nT: number): boolean {
  for (let t = 1; t < nT; t++) for (let i = 0; i < k; i++) if (w[t * k + i] !== w[i]) return false;
  return true;
}

/** Nodes in depth-first pre-order from the root (index, first dimension, its children, …). */
function preorder(fw: Framework): string[] {
  const out: string[] = [];
  const walk = (c: string) => {
    out.push(c);
    fw.nodes.get(c)!.children.forEach(walk);
  };
  walk(fw.root);
  return out;
}

/**
 * `Execution.logs` over a construction state's log cache: the logarithms of a column in `stable`
 * (aggregated again unchanged by later phases on the same state) are computed the second time it
 * is asked for and kept; other columns get none (the kernel takes its own logarithms).
 */
export function cachedLogs(stable: ReadonlySet<Float64Array>, cache: ConstructState['logCache']): NonNullable<Execution['logs']> {
  const { seen, logs } = cache;
  return (col) => {
    if (!stable.has(col)) return undefined;
    let lc = logs.get(col);
    if (lc) return lc;
    if (!seen.has(col)) {
      seen.add(col);
      return undefined;
    }
    lc = new Float64Array(col.length);
    for (let i = 0; i < col.length; i++) lc[i] = Math.log(col[i]);
    logs.set(col, lc);
    return lc;
  };
}

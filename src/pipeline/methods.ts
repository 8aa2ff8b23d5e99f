/**
 * The orchestrator's view of the method registries: runs a method's kernel on the resolved spec
 * options of the run log and adds the spec path to its errors.
 */
import { withLocation as at, type Execution } from './descriptor.js';
import { getImputeDescriptor, type ImputeContext } from './impute/index.js';
import { getTreatDescriptor, type TreatReport } from './treat/index.js';
import { getNormaliseMethod, type NormaliseFacts } from './normalise/index.js';
import type { DataWeightDescriptor, WeightResult } from './weight/index.js';
import { getAggregateDescriptor } from './aggregate/index.js';
import { RankScratch, rankTo } from '../kernels/rank.js';
import type { ImputeEntry, NormaliseEntry, ResolvedWeight, TreatEntry } from './log.js';
import type { AggregateOptions } from '../spec/schema.js';

export type WeightDetail = Record<string, unknown>;

export function imputeColumn(method: string, x: Float64Array, ctx: ImputeContext, o: ImputeEntry['options']['byIndicator'][string]): Float64Array {
  const d = getImputeDescriptor(method, 'steps.impute.method');
  return at('steps.impute', 'impute', () => d.run(x, ctx, o as never));
}

export function treatColumn(
  method: string,
  x: Float64Array,
  o: TreatEntry['options']['byIndicator'][string],
  where: { indicator: string; period: string },
): { values: Float64Array; report: TreatReport } {
  const d = getTreatDescriptor(method, 'steps.treat.method');
  return at('steps.treat', `treat ${where.indicator}${where.period ? ` (${where.period})` : ''}`, () => d.run(x, o));
}

export function normaliseColumn(
  method: string,
  x: Float64Array,
  o: NormaliseEntry['options']['byIndicator'][string],
  subject: string,
  facts?: NormaliseFacts,
): Float64Array {
  const d = getNormaliseMethod(method, 'steps.normalise.method');
  return at('steps.normalise', `normalise ${subject}`, () => d.run(x, o, facts));
}

/** A data-driven weighting method on columns (one per indicator or child), errors located at `path`. */
export function weightColumns(d: DataWeightDescriptor, cols: Float64Array[], o: ResolvedWeight, path: string, exec: Execution): WeightResult {
  // The executor guarantees finite inputs (readers refuse non-finite cells; denominate and treat check their results).
  return at(path, `weight ${d.name}`, () => d.run(cols, { ...o, inputsFinite: true } as never, exec));
}

/** The kernel options of aggregate options `o` (inputs known finite), made once per options object. */
const finiteOptions = new WeakMap<AggregateOptions, AggregateOptions & { inputsFinite: true }>();

/**
 * Aggregate `cols` with weights `w` by `method`, errors located at the spec path `path` and
 * naming `subject()` (e.g. "Index, 2020"), which is only built when there is an error: the
 * robustness engine calls this thousands of times.
 */
export function aggregateColumns(
  method: string,
  cols: Float64Array[],
  w: Float64Array,
  o: AggregateOptions,
  path: string,
  subject: () => string,
  exec: Execution,
): Float64Array {
  const d = getAggregateDescriptor(method, `${path}.method`);
  // The executor guarantees finite inputs (readers refuse non-finite cells; denominate and treat check their results).
  let ko = finiteOptions.get(o);
  if (!ko) finiteOptions.set(o, (ko = { ...o, inputsFinite: true }));
  const kernelOptions = ko;
  try {
    return d.run(cols, w, kernelOptions, exec);
  } catch (e) {
    return at(path, `aggregate ${subject()}`, () => {
      throw e;
    });
  }
}

/** The radix ranking's working arrays, shared by every rankDescending call of this thread (none runs inside another): a panel's 75 period columns allocate only their outputs. */
const rankScratch = new RankScratch();

/** Ranks within one period: 1 = highest score; ties share the lowest rank (R `rank(-x, ties = "min")`, as COINr); missing stays missing. */
export function rankDescending(x: Float64Array): Float64Array {
  return rankTo(x, new Float64Array(x.length), 'min', 'desc', rankScratch);
}

/** {@link rankDescending} written into `out` (as long as `x`; e.g. one period of a panel-long rank column). */
export function rankDescendingInto(x: Float64Array, out: Float64Array): Float64Array {
  return rankTo(x, out, 'min', 'desc', rankScratch);
}

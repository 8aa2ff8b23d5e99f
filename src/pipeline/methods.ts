/**
 * The orchestrator's view of the method registries: maps resolved spec options (camelCase, as
 * documented in the schema) onto each kernel's options and adds the spec path to errors.
 */
import { NqpfError } from '../core/errors.js';
import type { Execution } from './descriptor.js';
import { getImputeDescriptor, type ImputeContext } from './impute/index.js';
import { getTreatDescriptor, type TreatReport } from './treat/index.js';
import { getNormaliseMethod } from './normalise/index.js';
import { getWeightMethod, ahpWeights as ahpKernel, combineWeights } from './weight/index.js';
import { getAggregateDescriptor } from './aggregate/index.js';
import { rank } from '../kernels/rank.js';
import type { ImputeEntry, NormaliseEntry, ResolvedWeight, TreatEntry } from './log.js';
import type { AggregateOptions } from '../spec/schema.js';

export type WeightDetail = Record<string, unknown>;

/** Attach a spec path (and subject) to kernel errors that have no location yet. */
function at<T>(path: string, subject: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof NqpfError && !e.location) {
      throw new NqpfError(e.code, `${subject}: ${e.message}`, { location: { path }, hint: e.hint, data: e.data });
    }
    throw e;
  }
}

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

export function normaliseColumn(method: string, x: Float64Array, o: NormaliseEntry['options']['byIndicator'][string], subject: string): Float64Array {
  const d = getNormaliseMethod(method, 'steps.normalise.method');
  return at('steps.normalise', `normalise ${subject}`, () => d.run(x, o));
}

export function computeWeights(
  method: string,
  cols: Float64Array[],
  o: ResolvedWeight,
  path: string,
  exec: Execution,
): { weights: Float64Array; detail?: WeightDetail } {
  const f = getWeightMethod(method, `${path}.method`);
  // The executor guarantees finite inputs (readers refuse non-finite cells; denominate and treat check their results).
  const opts: Record<string, unknown> = { inputsFinite: true };
  if (method === 'entropy') opts.shift = o.shift;
  if (method === 'pca') opts.on = o.pcaOn;
  return at(path, `weight ${method}`, () => f(cols, opts, exec));
}

export function ahpWeights(matrix: number[][], allowInconsistent: boolean, path: string): { weights: Float64Array; detail?: WeightDetail } {
  return at(path, 'ahp', () => ahpKernel(matrix, { allowInconsistent, path }));
}

export function combineWeightSets(sets: Float64Array[], shares: number[] | undefined, mode: 'linear' | 'multiplicative'): Float64Array {
  return at('steps.weight.combine', 'combine', () => combineWeights(sets, shares, mode));
}

export function aggregateColumns(method: string, cols: Float64Array[], w: Float64Array, o: AggregateOptions, where: string, exec: Execution): Float64Array {
  const d = getAggregateDescriptor(method, `${where}.method`);
  // The executor guarantees finite inputs (readers refuse non-finite cells; denominate and treat check their results).
  return at(where.replace(/ \(.*$/, ''), `aggregate ${where.match(/\((.*)\)$/)?.[1] ?? ''}`.trim(), () => d.run(cols, w, { ...o, inputsFinite: true }, exec));
}

/** Ranks within one period: 1 = highest score; ties share the lowest rank (R `rank(-x, ties = "min")`, as COINr); missing stays missing. */
export function rankDescending(x: Float64Array): Float64Array {
  return rank(x, 'min', 'desc');
}

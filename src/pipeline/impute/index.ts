/**
 * Impute step registry (conventions §1–2): the list of method descriptors. The spec's
 * `steps.impute` options, its method list, the JSON Schema and the methods text are derived from
 * this list; adding a method is one file and one line here. Unknown names fail with
 * `invalid impute method: "x" (known: none, linear, …)`.
 */
import { lookup, readOptions } from '../descriptor.js';
import type { ImputeContext, ImputeDescriptor, ImputeFn } from './types.js';
import { none } from './none.js';
import { linear } from './linear.js';
import { carryForward } from './carry-forward.js';
import { carryBackward } from './carry-backward.js';
import { groupMean } from './group-mean.js';
import { groupMedian } from './group-median.js';
import { periodMean } from './period-mean.js';
import { periodMedian } from './period-median.js';
import { countMissing } from '../../kernels/sum.js';

/** Every imputation method, in the order the spec lists them. */
export const IMPUTE = [none, linear, carryForward, carryBackward, groupMean, groupMedian, periodMean, periodMedian] as const;

export type ImputeMethod = (typeof IMPUTE)[number];
export type ImputeMethodName = ImputeMethod['name'];
export type { ImputeCommon, ImputeContext, ImputeDescriptor, ImputeFn } from './types.js';

/** The descriptor registered as `name`; unknown names throw `E_UNKNOWN_METHOD` (with a did-you-mean hint) at spec `path`. */
export function getImputeDescriptor(name: string, path?: string): ImputeDescriptor {
  return lookup(IMPUTE as readonly ImputeDescriptor[], 'impute method', name, path);
}

/**
 * A method as a kernel over loosely typed options (the public API for calling one method on a
 * typed array): the options are validated by the method's schema (defaults applied,
 * `E_BAD_OPTION` naming a wrong one).
 */
export function imputeKernel(name: string, path?: string): ImputeFn {
  const d = getImputeDescriptor(name, path);
  return (x, ctx, opts = {}) => d.run(x, ctx, readOptions(`impute method "${d.name}"`, d.options, opts) as Parameters<typeof d.run>[2]);
}

/** The kernel registered as `name` (see {@link imputeKernel}). */
export const getImputeMethod = imputeKernel;

/** All imputation kernels by registry name (see {@link imputeKernel}). */
export const imputeMethods: Record<string, ImputeFn> = Object.fromEntries(IMPUTE.map((d) => [d.name, imputeKernel(d.name)]));

export const imputeNone = imputeMethods.none;
export const imputeLinear = imputeMethods.linear;
export const imputeCarryForward = imputeMethods.carry_forward;
export const imputeCarryBackward = imputeMethods.carry_backward;
export const imputeGroupMean = imputeMethods.group_mean;
export const imputeGroupMedian = imputeMethods.group_median;
export const imputePeriodMean = imputeMethods.period_mean;
export const imputePeriodMedian = imputeMethods.period_median;

/** How many cells were missing in `before` and are filled in `after` (same length). */
export function countImputed(before: ArrayLike<number>, after: ArrayLike<number>): number {
  let n = 0;
  for (let i = 0; i < before.length; i++) if (before[i] !== before[i] && after[i] === after[i]) n++;
  return n;
}

/** How many cells are missing (NaN): the kernel, re-exported here beside {@link countImputed}. */
export { countMissing };

/** Result of {@link runImpute}: the filled values and the bookkeeping the step log records. */
export interface ImputeResult {
  values: Float64Array;
  /** Cells filled by the method. */
  filled: number;
  /** Cells still missing afterwards. */
  remaining: number;
}

/** Look up `method`, run it, and count what it filled and what is still missing. */
export function runImpute(method: string, x: Float64Array, ctx: ImputeContext, opts: Record<string, unknown> = {}, path?: string): ImputeResult {
  const values = imputeKernel(method, path)(x, ctx, opts);
  return { values, filled: countImputed(x, values), remaining: countMissing(values) };
}

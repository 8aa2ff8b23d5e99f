/**
 * Impute step registry (conventions §1): method name → kernel. The orchestrator looks methods up
 * with {@link getImputeMethod}; an unknown name fails with
 * `invalid impute method: "x" (known: none, linear, …)`.
 */
import { unknownName } from '../../core/errors.js';
import type { ImputeContext, ImputeFn } from './types.js';
import { imputeNone } from './none.js';
import { imputeLinear } from './linear.js';
import { imputeCarryForward } from './carry-forward.js';
import { imputeCarryBackward } from './carry-backward.js';
import { imputeGroupMean } from './group-mean.js';
import { imputeGroupMedian } from './group-median.js';
import { imputePeriodMean } from './period-mean.js';
import { imputePeriodMedian } from './period-median.js';
import { countMissing } from '../../kernels/sum.js';

export type { ImputeContext, ImputeFn } from './types.js';
export { imputeNone, imputeLinear, imputeCarryForward, imputeCarryBackward, imputeGroupMean, imputeGroupMedian, imputePeriodMean, imputePeriodMedian };

/** All imputation methods by registry name. */
export const imputeMethods: Record<string, ImputeFn> = {
  none: imputeNone,
  linear: imputeLinear,
  carry_forward: imputeCarryForward,
  carry_backward: imputeCarryBackward,
  group_mean: imputeGroupMean,
  group_median: imputeGroupMedian,
  period_mean: imputePeriodMean,
  period_median: imputePeriodMedian,
};

/** The kernel registered as `name`; unknown names throw `E_UNKNOWN_METHOD` (with a did-you-mean hint) at spec `path`. */
export function getImputeMethod(name: string, path?: string): ImputeFn {
  const f = Object.hasOwn(imputeMethods, name) ? imputeMethods[name] : undefined;
  if (!f) unknownName('impute method', name, Object.keys(imputeMethods), path);
  return f;
}

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
  const values = getImputeMethod(method, path)(x, ctx, opts);
  return { values, filled: countImputed(x, values), remaining: countMissing(values) };
}

import type { ImputeContext } from './types.js';
import { checkImputeInput } from './check.js';
import { fillByGroup } from './grouped.js';

/**
 * `period_mean`: each missing cell takes the arithmetic mean of the observed values of the same indicator in the **same period**,
 * among all units (COINr `i_mean`, applied period by period). Observed cells never change.
 * A period with no observation at all leaves its gaps missing.
 * Cost O(units × periods).
 *
 * Reference: COINr `i_mean()`; tested against hand-computed values.
 */
export function imputePeriodMean(x: Float64Array, ctx: ImputeContext, _opts: Record<string, unknown> = {}): Float64Array {
  checkImputeInput('period_mean', x, ctx, false);
  return fillByGroup(x, ctx, null, 'mean');
}

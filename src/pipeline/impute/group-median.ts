import type { ImputeContext } from './types.js';
import { checkImputeInput } from './check.js';
import { fillByGroup } from './grouped.js';

/**
 * `group_median`: each missing cell takes the median of the observed values (R `median()`: mean of the two middle values for an even count) of the same indicator in the **same period**,
 * among the units of the same group (`ctx.groups`) (COINr `i_median_grp`, applied period by period). Observed cells never change.
 * Units with group −1 are left as they are and do not contribute; a group with no observation in a period leaves its gaps missing. Without `ctx.groups` it fails with `E_NO_GROUPS`.
 * Cost O(units × periods) plus a sort per group and period.
 *
 * Reference: COINr `i_median_grp()`; tested against hand-computed values.
 */
export function imputeGroupMedian(x: Float64Array, ctx: ImputeContext, _opts: Record<string, unknown> = {}): Float64Array {
  checkImputeInput('group_median', x, ctx, true);
  return fillByGroup(x, ctx, ctx.groups as Int32Array, 'median');
}

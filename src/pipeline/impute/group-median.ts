import { z } from 'zod';
import { defineImpute, groupOption, phrase } from './types.js';
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
export const groupMedian = defineImpute({
  name: 'group_median',
  title: { en: 'group median', zh: '组内中位数填补' },
  options: z.strictObject({ group: groupOption }),
  grouped: true,
  run(x, ctx) {
    checkImputeInput('group_median', x, ctx, true);
    return fillByGroup(x, ctx, ctx.groups as Int32Array, 'median');
  },
  describe(o) {
    return phrase(
      `组内中位数法（以同一时期、同组单元的中位数填补）${o.group ? `，分组变量为 ${o.group}` : ''}`,
      `the median of the same indicator over the units of the same group in the same period${o.group ? `, groups given by ${o.group}` : ''}`,
      ['coinr'],
    );
  },
});

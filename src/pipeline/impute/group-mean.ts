import { z } from 'zod';
import { defineImpute, groupOption, phrase } from './types.js';
import { checkImputeInput } from './check.js';
import { fillByGroup } from './grouped.js';

/**
 * `group_mean`: each missing cell takes the arithmetic mean of the observed values of the same indicator in the **same period**,
 * among the units of the same group (`ctx.groups`) (COINr `i_mean_grp`, applied period by period). Observed cells never change.
 * Units with group −1 are left as they are and do not contribute; a group with no observation in a period leaves its gaps missing. Without `ctx.groups` it fails with `E_NO_GROUPS`.
 * Cost O(units × periods).
 *
 * Reference: COINr `i_mean_grp()`; validated against COINr 1.1.14 `default_Imputed` (ASEM, `EurAsia_group`).
 */
export const groupMean = defineImpute({
  name: 'group_mean',
  title: { en: 'group mean', zh: '组内均值填补' },
  options: z.strictObject({ group: groupOption }),
  grouped: true,
  run(x, ctx) {
    checkImputeInput('group_mean', x, ctx, true);
    return fillByGroup(x, ctx, ctx.groups as Int32Array, 'mean');
  },
  describe(o) {
    return phrase(
      `组内均值法（以同一时期、同组单元的均值填补）${o.group ? `，分组变量为 ${o.group}` : ''}`,
      `the mean of the same indicator over the units of the same group in the same period${o.group ? `, groups given by ${o.group}` : ''}`,
      ['coinr'],
    );
  },
});

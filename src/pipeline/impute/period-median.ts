import { z } from 'zod';
import { defineImpute, phrase } from './types.js';
import { checkImputeInput } from './check.js';
import { fillByGroup } from './grouped.js';

/**
 * `period_median`: each missing cell takes the median of the observed values (R `median()`: mean of the two middle values for an even count) of the same indicator in the **same period**,
 * among all units (COINr `i_median`, applied period by period). Observed cells never change.
 * A period with no observation at all leaves its gaps missing.
 * Cost O(units × periods) plus a sort per group and period.
 *
 * Reference: COINr `i_median()`; tested against hand-computed values.
 */
export const periodMedian = defineImpute({
  name: 'period_median',
  title: { en: 'period median', zh: '同期中位数填补' },
  options: z.strictObject({}),
  run(x, ctx) {
    checkImputeInput('period_median', x, ctx, false);
    return fillByGroup(x, ctx, null, 'median');
  },
  describe(_o) {
    return phrase('同期中位数法（以同一时期全部单元的中位数填补）', 'the median over all units in the same period');
  },
});

import { z } from 'zod';
import { defineImpute, phrase } from './types.js';
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
export const periodMean = defineImpute({
  name: 'period_mean',
  title: { en: 'period mean', zh: '同期均值填补' },
  options: z.strictObject({}),
  run(x, ctx) {
    checkImputeInput('period_mean', x, ctx, false);
    return fillByGroup(x, ctx, null, 'mean');
  },
  describe(_o) {
    return phrase('同期均值法（以同一时期全部单元的均值填补）', 'the mean over all units in the same period');
  },
});

import { z } from 'zod';
import { defineImpute, phrase } from './types.js';
import { checkImputeInput } from './check.js';
import { field } from '../../core/field-text.js';

/**
 * `carry_forward` (LOCF, last observation carried forward): within each unit, a missing period
 * takes the most recent earlier observed value. Cells **before** the unit's first observation
 * have nothing to carry, so they are then filled **backward** with the first observed value
 * (turn off with `fillLeading: false`). A unit with no observation stays missing. Observed
 * cells never change. Cost O(units × periods).
 *
 * Reference: `zoo::na.locf(x, na.rm = FALSE)` followed by `na.locf(fromLast = TRUE)`; tested
 * against hand-computed values.
 *
 * @example x over 5 periods [NaN, 3, NaN, NaN, 5] → [3, 3, 3, 3, 5]
 */
export const carryForward = defineImpute({
  name: 'carry_forward',
  title: { en: 'carry forward', zh: '向前填补' },
  options: z.strictObject({
    // No default in the schema, so run logs keep their fields; absent = true.
    fillLeading: z
      .boolean()
      .optional()
      .meta(
        field({
          en: ['Fill leading gaps', 'also fill the cells before a unit’s first observation with that observation. Default: true.'],
          zh: ['填补首次观测之前的缺失', '同时以首个观测值填补该单元首次观测之前的缺失。默认：是。'],
        }),
      ),
  }),
  run(x, ctx, o) {
    checkImputeInput('carry_forward', x, ctx);
    const fillLeading = o.fillLeading !== false;
    const { nUnits: nU, nPeriods: nT } = ctx;
    const out = x.slice();
    for (let u = 0; u < nU; u++) {
      let last = NaN;
      let first = -1;
      for (let t = 0; t < nT; t++) {
        const i = t * nU + u;
        const v = x[i];
        if (v === v) {
          last = v;
          if (first === -1) first = t;
        } else out[i] = last;
      }
      if (fillLeading && first > 0) {
        const v = x[first * nU + u];
        for (let t = 0; t < first; t++) out[t * nU + u] = v;
      }
    }
    return out;
  },
  describe(o) {
    return o.fillLeading === false
      ? phrase(
          '前值填补法（以同一单元最近一期的观测值填补，首期之前保持缺失）',
          'last observation carried forward within each unit (leading gaps stay missing)',
        )
      : phrase(
          '前值填补法（以同一单元最近一期的观测值填补，首期之前以首个观测值填补）',
          'last observation carried forward within each unit (leading gaps take the first observation)',
        );
  },
});

import { z } from 'zod';
import { defineImpute, phrase } from './types.js';
import { checkImputeInput } from './check.js';
import { field } from '../../core/field-text.js';

/**
 * `carry_backward` (NOCB, next observation carried backward): within each unit, a missing period
 * takes the next later observed value. Cells **after** the unit's last observation have nothing
 * to carry back, so they are then filled **forward** with the last observed value (turn off with
 * `fillTrailing: false`). A unit with no observation stays missing. Cost O(units × periods).
 *
 * Reference: `zoo::na.locf(x, fromLast = TRUE, na.rm = FALSE)` followed by `na.locf()`; tested
 * against hand-computed values.
 *
 * @example x over 5 periods [1, NaN, NaN, 4, NaN] → [1, 4, 4, 4, 4]
 */
export const carryBackward = defineImpute({
  name: 'carry_backward',
  title: { en: 'carry backward', zh: '向后填补' },
  options: z.strictObject({
    // No default in the schema, so run logs keep their fields; absent = true.
    fillTrailing: z
      .boolean()
      .optional()
      .meta(
        field({
          en: ['Fill trailing gaps', 'also fill the cells after a unit’s last observation with that observation. Default: true.'],
          zh: ['填补末次观测之后的缺失', '同时以最后一个观测值填补该单元最后一次观测之后的缺失。默认：是。'],
        }),
      ),
  }),
  run(x, ctx, o) {
    checkImputeInput('carry_backward', x, ctx);
    const fillTrailing = o.fillTrailing !== false;
    const { nUnits: nU, nPeriods: nT } = ctx;
    const out = x.slice();
    for (let u = 0; u < nU; u++) {
      let next = NaN;
      let last = -1;
      for (let t = nT - 1; t >= 0; t--) {
        const i = t * nU + u;
        const v = x[i];
        if (v === v) {
          next = v;
          if (last === -1) last = t;
        } else out[i] = next;
      }
      if (fillTrailing && last !== -1 && last < nT - 1) {
        const v = x[last * nU + u];
        for (let t = last + 1; t < nT; t++) out[t * nU + u] = v;
      }
    }
    return out;
  },
  describe(o) {
    return o.fillTrailing === false
      ? phrase(
          '后值填补法（以同一单元下一期的观测值填补，末期之后保持缺失）',
          'next observation carried backward within each unit (trailing gaps stay missing)',
        )
      : phrase(
          '后值填补法（以同一单元下一期的观测值填补，末期之后以最后一个观测值填补）',
          'next observation carried backward within each unit (trailing gaps take the last observation)',
        );
  },
});

import { fail } from '../../core/errors.js';
import { z } from 'zod';
import { defineImpute, phrase } from './types.js';
import { checkImputeInput } from './check.js';
import { field } from '../../core/field-text.js';

/**
 * `linear`: within each unit, fill a gap by linear interpolation over the numeric period
 * positions (`ctx.periodValues`) between the nearest observed periods before and after it:
 *
 *   x̂_t = x_a + (x_b − x_a) · (p_t − p_a) / (p_b − p_a),   a < t < b observed.
 *
 * Unequal spacing is respected (2015, 2016, 2018 → 2017 is interpolated at p = 2017). Cells
 * before the first / after the last observation take that observation (constant extrapolation,
 * like `zoo::na.approx(rule = 2)`), unless `extrapolate: "none"`. A unit with no observation at
 * all stays missing. With one period it does nothing. Cost O(units × periods), no allocation
 * beyond the output.
 *
 * Reference: the standard linear interpolation of R `stats::approx(x, y, xout, rule = 2)`;
 * tested against hand-computed values.
 *
 * @example units=1, periods 2018..2022, x = [NaN, 2, NaN, NaN, 8] → [2, 2, 4, 6, 8]
 */
export const linear = defineImpute({
  name: 'linear',
  title: { en: 'linear interpolation', zh: '线性插值' },
  options: z.strictObject({
    // No default in the schema, so run logs keep their fields; absent = constant.
    extrapolate: z
      .enum(['constant', 'none'])
      .optional()
      .meta(
        field({
          en: [
            'Leading and trailing gaps',
            'cells before a unit’s first / after its last observation: constant repeats the nearest observation (zoo na.approx rule = 2), none leaves them missing. Default: constant.',
          ],
          zh: ['首尾缺失', '单元首个观测之前、最后观测之后的缺失：常数外推以最近的观测值重复（zoo na.approx rule = 2），不外推则保持缺失。默认：常数外推。'],
          values: { constant: ['repeat the nearest observation', '常数外推（重复最近观测值）'], none: ['leave missing', '不外推（保持缺失）'] },
        }),
      ),
  }),
  run(x, ctx, o) {
    checkImputeInput('linear', x, ctx);
    const extrapolate = o.extrapolate ?? 'constant';
    const { nUnits: nU, nPeriods: nT, periodValues: p } = ctx;
    for (let t = 0; t < nT; t++) {
      if (!Number.isFinite(p[t]) || (t > 0 && !(p[t] > p[t - 1]))) {
        fail(
          'E_BAD_INPUT',
          `impute method "linear": period positions must be finite and strictly increasing (period ${t + 1} is ${p[t]} after ${t > 0 ? p[t - 1] : 'start'})`,
          {
            hint: 'use numeric period labels (years) sorted ascending',
          },
        );
      }
    }
    const out = x.slice();
    for (let u = 0; u < nU; u++) {
      let prev = -1; // last observed period index
      for (let t = 0; t < nT; t++) {
        const v = x[t * nU + u];
        if (v !== v) continue;
        if (prev === -1) {
          if (extrapolate === 'constant') for (let s = 0; s < t; s++) out[s * nU + u] = v;
        } else if (t - prev > 1) {
          const va = x[prev * nU + u];
          const pa = p[prev];
          const span = p[t] - pa;
          for (let s = prev + 1; s < t; s++) out[s * nU + u] = va + ((v - va) * (p[s] - pa)) / span;
        }
        prev = t;
      }
      if (prev !== -1 && extrapolate === 'constant') {
        const v = x[prev * nU + u];
        for (let s = prev + 1; s < nT; s++) out[s * nU + u] = v;
      }
    }
    return out;
  },
  describe(o) {
    return o.extrapolate === 'none'
      ? phrase(
          '线性插值法（在同一单元内按时期线性插值，样本期首尾的缺失保持缺失）',
          'linear interpolation over periods within each unit (gaps at either end stay missing)',
        )
      : phrase(
          '线性插值法（在同一单元内按时期线性插值，样本期首尾的缺失以最近的观测值填补）',
          'linear interpolation over periods within each unit (gaps at either end take the nearest observation)',
        );
  },
});

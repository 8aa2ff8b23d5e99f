import { z } from 'zod';
import { fail } from '../../core/errors.js';
import { fmtNumber as fmt, methodText } from '../descriptor.js';
import { defineNormalise } from './types.js';
import { rangeOption, subjectOf } from './common.js';

/**
 * `goalposts`: fraction of the way from the low goalpost L to the high one U (the indicator's
 * framework `goalposts`, in its own units, as COINr's `n_goalposts` with `use_iMeta`), clamped
 * and scaled by the upper end of `range` (default 100, the same 0–100 scale as minmax):
 *
 *   direction +1:  f = (x − L) / (U − L)        direction −1:  f = (U − x) / (U − L)
 *   y = scale · min(max(f, 0), 1)               (COINr `trunc2posts = TRUE`)
 *
 * Unlike the data-driven methods the result does not depend on the other units, so scores are
 * comparable across periods (the scope does not matter). No goalposts fail with
 * `E_MISSING_OPTION`; L ≥ U with `E_BAD_OPTION`. NaN stays NaN. Cost O(n).
 *
 * Reference: COINr `n_goalposts()` and `get_iMeta_norm_paras()` (R/normalise.R, 1.1.x); tested
 * against the formula by hand (inside, outside and at the posts, both directions).
 */
export const goalposts = defineNormalise({
  name: 'goalposts',
  title: { en: 'goalposts', zh: '阈值法（上下限）' },
  options: z.strictObject({ range: rangeOption }),
  scoped: false,
  run(x, o) {
    const owner = 'normalise method "goalposts"';
    const gp = o.goalposts;
    if (gp === undefined)
      fail('E_MISSING_OPTION', `${owner}: option "goalposts" is required`, {
        hint: 'give the indicator goalposts [low, high] (framework field "goalposts")',
        data: { option: 'goalposts' },
      });
    if (gp.length !== 2)
      fail('E_BAD_OPTION', `${owner}: option "goalposts" must be [low, high] (got ${JSON.stringify(gp)})`, {
        hint: 'write goalposts as [low, high] in the indicator units',
      });
    const [l, u] = gp;
    const scale = o.range[1];
    if (!(l < u)) {
      fail('E_BAD_OPTION', `${owner}: the low goalpost must be below the high one (got [${l}, ${u}])`, {
        hint: 'write goalposts as [low, high] in the indicator units; direction −1 already makes low values score high',
      });
    }
    const out = new Float64Array(x.length);
    const r = u - l;
    const dir = o.direction;
    for (let i = 0; i < x.length; i++) {
      let f = dir === 1 ? (x[i] - l) / r : (u - x[i]) / r;
      f = f > 1 ? 1 : f < 0 ? 0 : f; // NaN passes through both tests unchanged
      out[i] = f * scale;
    }
    return out;
  },
  describe(o, ctx) {
    const subj = subjectOf(ctx);
    const sc = fmt(o.range[1]);
    return methodText(
      `${subj.zh}采用门槛值（goalposts）法：y = ${sc} × clamp((x − L)/(U − L), 0, 1)（负向指标为 (U − x)/(U − L)），L、U 为各指标给定的下、上门槛值。`,
      `${subj.en} normalised by goalposts: y = ${sc} × clamp((x − L)/(U − L), 0, 1) ((U − x)/(U − L) for negative indicators), with fixed lower and upper goalposts L and U per indicator.`,
    );
  },
});

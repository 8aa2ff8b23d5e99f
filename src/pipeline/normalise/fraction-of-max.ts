import { z } from 'zod';
import { fail } from '../../core/errors.js';
import { methodText } from '../descriptor.js';
import { defineNormalise } from './types.js';
import { allMissing, extent, scopeShort, subjectOf } from './common.js';

/**
 * `fraction_of_max`: ratio to the best value (COINr `n_fracmax` for direction +1; 线性比例法):
 *
 *   direction +1:  y = x / max x        direction −1:  y = min x / x
 *
 * so the best unit scores 1 and the others a fraction of it. For direction −1 COINr would compute
 * (−x)/max(−x) = x / min x, which does **not** reverse the order; nqpf uses the usual min/x
 * instead (documented deviation). Needs non-negative values with a positive maximum (+1), or
 * strictly positive values (−1), otherwise `E_NONPOSITIVE`. NaN stays NaN; all-NaN gives all NaN.
 * Cost O(n).
 *
 * Reference: COINr `n_fracmax()`; tested against the formula by hand.
 */
export const fractionOfMax = defineNormalise({
  name: 'fraction_of_max',
  title: { en: 'fraction of the maximum', zh: '最大值比例法' },
  options: z.strictObject({}),
  run(x, o) {
    const dir = o.direction;
    const e = extent(x);
    if (e.n === 0) return allMissing(x);
    const ok = dir === 1 ? e.min >= 0 && e.max > 0 : e.min > 0;
    if (!ok) {
      fail(
        'E_NONPOSITIVE',
        `normalise method "fraction_of_max": ${dir === 1 ? 'needs values ≥ 0 with a positive maximum' : 'needs values > 0 for a negative (−1) indicator'} (min ${e.min}, max ${e.max})`,
        {
          hint: 'a ratio to the best value only makes sense for positive quantities; use minmax or distance_to_max instead',
        },
      );
    }
    const out = new Float64Array(x.length);
    if (dir === 1) for (let i = 0; i < x.length; i++) out[i] = x[i] / e.max;
    else for (let i = 0; i < x.length; i++) out[i] = e.min / x[i];
    return out;
  },
  describe(o, ctx) {
    const subj = subjectOf(ctx);
    const sc = scopeShort(o, ctx);
    return methodText(
      `${subj.zh}采用最大值比例法：正向指标 y = x/max，负向指标 y = min/x，${sc.zh}。`,
      `${subj.en} normalised as a fraction of the maximum, y = x/max (negative indicators: y = min/x), ${sc.en}.`,
    );
  },
});

import { z } from 'zod';
import { fail } from '../../core/errors.js';
import { methodText } from '../descriptor.js';
import { defineNormalise } from './types.js';
import { scopeShort, subjectOf } from './common.js';
import { rankInto, tiesOption } from './ranks.js';

/**
 * `percentile`: percentile rank in [0, 1] (COINr `n_prank`):
 *
 *   y = (rank − 1) / (n − 1)
 *
 * with ranks ascending in `direction · x` over the n non-missing values and ties "min" by default
 * (so tied units share the lower percentile; option `ties` as for `rank`). The worst unit scores 0,
 * the best 1. Note the scale is [0, 1] like COINr (not 0–100). NaN stays NaN; all-NaN gives all NaN;
 * a single value fails with `E_TOO_FEW` (0/0). Cost O(n log n).
 *
 * Reference: COINr `n_prank()`; tested against hand-computed percentile ranks with R's "min" ties.
 */
export const percentile = defineNormalise({
  name: 'percentile',
  title: { en: 'percentile rank', zh: '百分位排名' },
  options: z.strictObject({ ties: tiesOption }),
  run(x, o) {
    const out = new Float64Array(x.length);
    const n = rankInto(x, o.direction, o.ties, out);
    if (n === 0) return out;
    if (n === 1) {
      fail('E_TOO_FEW', 'normalise method "percentile": only 1 non-missing value; a percentile rank needs at least 2', {
        hint: 'normalise pooled over periods (scope: pooled) or use another method',
      });
    }
    for (let i = 0; i < out.length; i++) out[i] = (out[i] - 1) / (n - 1);
    return out;
  },
  describe(o, ctx) {
    const subj = subjectOf(ctx);
    const sc = scopeShort(o, ctx);
    return methodText(
      `${subj.zh}采用百分位排序标准化：y = (rank − 1)/(n − 1)，${sc.zh}。`,
      `${subj.en} converted to percentile ranks y = (rank − 1)/(n − 1), ${sc.en}.`,
    );
  },
});

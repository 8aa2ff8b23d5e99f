import { z } from 'zod';
import { methodText } from '../descriptor.js';
import { defineNormalise } from './types.js';
import { scopeShort, subjectOf } from './common.js';
import { rankInto, tiesOption } from './ranks.js';

/**
 * `rank`: the rank of each value among the non-missing ones, ascending in `direction · x`
 * (1 = worst, n = best), COINr `n_rank`. Ties: option `ties` = "min" (default — COINr's
 * "sport" ranking, 1, 2, 2, 4), "average", "max" or "first" (R `rank()` semantics). NaN stays NaN.
 * Cost O(n log n).
 *
 * Reference: COINr `n_rank()` = R `rank(x, ties.method = "min", na.last = "keep")`; tested
 * against ranks from R's documented tie rules (scipy.stats.rankdata gives the same).
 *
 * @example rank.run(Float64Array.of(3, 1, 3, NaN, 2), { direction: 1, ties: 'min' }) // [3, 1, 3, NaN, 2]
 */
export const rank = defineNormalise({
  name: 'rank',
  title: { en: 'rank', zh: '排名' },
  options: z.strictObject({ ties: tiesOption }),
  run(x, o) {
    const out = new Float64Array(x.length);
    rankInto(x, o.direction, o.ties, out);
    return out;
  },
  describe(o, ctx) {
    const subj = subjectOf(ctx);
    const sc = scopeShort(o, ctx);
    return methodText(
      `${subj.zh}以排序值代替原值（1 为最差，并列取最小秩），${sc.zh}。`,
      `${subj.en} replaced by their ranks (1 = worst, ties take the lowest rank), ${sc.en}.`,
    );
  },
});

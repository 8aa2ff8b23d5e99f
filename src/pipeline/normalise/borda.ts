import { z } from 'zod';
import { methodText } from '../descriptor.js';
import { defineNormalise } from './types.js';
import { scopeShort, subjectOf } from './common.js';
import { rankInto, tiesOption } from './ranks.js';

/**
 * `borda`: Borda score = rank − 1 (the number of units a unit beats, for distinct values), ranks
 * as `rank` (ascending in `direction · x`, ties "min" by default), COINr `n_borda`.
 * NaN stays NaN. Cost O(n log n).
 *
 * Reference: COINr `n_borda()` = `rank(x, ties.method = "min", na.last = "keep") − 1`; tested
 * against hand-ranked values.
 */
export const borda = defineNormalise({
  name: 'borda',
  title: { en: 'Borda score', zh: 'Borda 计分' },
  options: z.strictObject({ ties: tiesOption }),
  run(x, o) {
    const out = new Float64Array(x.length);
    rankInto(x, o.direction, o.ties, out);
    for (let i = 0; i < out.length; i++) out[i] -= 1;
    return out;
  },
  describe(o, ctx) {
    const subj = subjectOf(ctx);
    const sc = scopeShort(o, ctx);
    return methodText(`${subj.zh}采用 Borda 计分：y = rank − 1，${sc.zh}。`, `${subj.en} converted to Borda scores y = rank − 1, ${sc.en}.`);
  },
});

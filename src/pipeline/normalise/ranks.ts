import { z } from 'zod';
import { field } from '../../core/field-text.js';
import { rank } from '../../kernels/rank.js';

/** How tied values share ranks (R `rank(ties.method = …)`). */
export type TieMethod = 'min' | 'average' | 'max' | 'first';
export const TIE_METHODS = ['average', 'min', 'max', 'first'] as const satisfies readonly TieMethod[];

/** The `ties` option of rank, percentile and borda (default `"min"`, COINr's "sport" ranking). */
export const tiesOption = z
  .enum(TIE_METHODS)
  .default('min')
  .meta(
    field({
      en: ['Ties', 'tie rule. Default: min (as COINr).'],
      zh: ['并列处理', '并列值的名次规则。默认：取最小名次（与 COINr 相同）。'],
      values: {
        average: ['average rank', '平均名次'],
        min: ['lowest rank (sports ranking)', '最小名次（体育排名）'],
        max: ['highest rank', '最大名次'],
        first: ['order of appearance', '按出现顺序'],
      },
    }),
  );

/**
 * Ranks of `dir · x` in ascending order (1 = smallest, so the best unit gets the highest rank
 * when direction is respected), over the non-NaN values; NaN keeps rank NaN (R
 * `rank(na.last = "keep")`). Ties per `ties`: "min" 1,2,2,4 (sport ranking, COINr's choice),
 * "average" 1,2.5,2.5,4, "max" 1,3,3,4, "first" by position. Writes into `out`; returns the
 * number of ranked values. The ranks are those of the kernel `rank(x, ties, dir === 1 ? 'asc' :
 * 'desc')` (kernels/rank.ts: a radix sort of the values' bit patterns for min, max and average, no
 * comparator calls — a pooled rank normalisation of 750,000 unit-periods per indicator, repeated
 * in robustness replications, was a comparator sort); ranks are integers or halves, so exact.
 */
export function rankInto(x: Float64Array, dir: 1 | -1, ties: TieMethod, out: Float64Array): number {
  const r = rank(x, ties, dir === 1 ? 'asc' : 'desc');
  out.set(r);
  let n = 0;
  for (let i = 0; i < r.length; i++) if (r[i] === r[i]) n++;
  return n;
}

import { z } from 'zod';
import { field } from '../../core/field-text.js';

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
 * number of ranked values. Cost O(n log n), one index buffer (no sort of NaN-holding arrays).
 */
export function rankInto(x: Float64Array, dir: 1 | -1, ties: TieMethod, out: Float64Array): number {
  let n = 0;
  for (let i = 0; i < x.length; i++) if (x[i] === x[i]) n++;
  const idx = new Int32Array(n);
  n = 0;
  for (let i = 0; i < x.length; i++) {
    if (x[i] === x[i]) idx[n++] = i;
    else out[i] = NaN;
  }
  idx.sort((a, b) => {
    const va = dir * x[a];
    const vb = dir * x[b];
    return va < vb ? -1 : va > vb ? 1 : a - b;
  });
  let k = 0;
  while (k < n) {
    let j = k;
    while (j + 1 < n && x[idx[j + 1]] === x[idx[k]]) j++;
    // positions k..j (0-based) are tied: ranks k+1..j+1
    for (let q = k; q <= j; q++) {
      out[idx[q]] = ties === 'min' ? k + 1 : ties === 'max' ? j + 1 : ties === 'average' ? (k + j + 2) / 2 : q + 1;
    }
    k = j + 1;
  }
  return n;
}

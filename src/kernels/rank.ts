/**
 * Ranks, with R's `rank()` semantics.
 *
 * The non-missing values are ordered (ascending for `order: 'asc'`, descending for `'desc'`, i.e.
 * R's `rank(x)` and `rank(-x)`), positions 1..n are handed out in that order, and a group of tied
 * values occupying positions i..j receives:
 *
 *   'average'  (i + j) / 2 for every member (R's default; ranks then always sum to n(n+1)/2)
 *   'min'      i for every member ("competition" ranking 1, 2, 2, 4 — what COINr uses for ranks)
 *   'max'      j for every member
 *   'first'    i, i+1, …, j in order of appearance in `x` (stable: the earlier element ranks first,
 *              whatever the `order`)
 *
 * Ties are exact equality (−0 and +0 tie). Missing data: NaN in → NaN rank out, and ranks are
 * computed among the non-missing values only (R's `na.last = "keep"`). ±Infinity are ordinary values.
 *
 * Cost O(n log n) time, O(n) memory (one index array and the output). The input is not modified.
 *
 * Reference: R documentation `?rank` (R Core Team); tested against R's documented definitions.
 *
 * @example rank(Float64Array.of(3, 1, 4, 1, 5)) // [3, 1.5, 4, 1.5, 5]
 * @example rank(Float64Array.of(10, 30, 30, 20), 'min', 'desc') // [4, 1, 1, 3]
 */
import { unknownName } from '../core/errors.js';

/** How tied values share positions (R `ties.method`). */
export type TiesMethod = 'average' | 'min' | 'max' | 'first';
/** 'asc': smallest value gets rank 1 (R `rank(x)`); 'desc': largest gets rank 1 (R `rank(-x)`). */
export type RankOrder = 'asc' | 'desc';

export const TIES_METHODS: readonly TiesMethod[] = ['average', 'min', 'max', 'first'];
export const RANK_ORDERS: readonly RankOrder[] = ['asc', 'desc'];

/**
 * Rank the values of `x` (see the module comment for the tie rules).
 *
 * @param ties tie rule (default 'average', as R)
 * @param order 'asc' (default) or 'desc'
 * @returns a new Float64Array of ranks aligned with `x`; NaN where `x` is NaN
 */
export function rank(x: ArrayLike<number>, ties: TiesMethod = 'average', order: RankOrder = 'asc'): Float64Array {
  if (!TIES_METHODS.includes(ties)) unknownName('rank ties method', String(ties), TIES_METHODS);
  if (!RANK_ORDERS.includes(order)) unknownName('rank order', String(order), RANK_ORDERS);
  const n = x.length;
  const out = new Float64Array(n);
  let m = 0;
  for (let i = 0; i < n; i++) if (x[i] === x[i]) m++;
  const idx = new Uint32Array(m);
  let k = 0;
  for (let i = 0; i < n; i++) {
    if (x[i] === x[i]) idx[k++] = i;
    else out[i] = NaN;
  }
  const sign = order === 'asc' ? 1 : -1;
  // Values are non-NaN here, so the comparator is a total order; ties fall back to position (stable).
  idx.sort((a, b) => {
    const va = x[a];
    const vb = x[b];
    return va < vb ? -sign : va > vb ? sign : a - b;
  });
  let i = 0;
  while (i < m) {
    let j = i + 1;
    const v = x[idx[i]];
    while (j < m && x[idx[j]] === v) j++;
    // positions i+1 .. j (1-based) form one tie group
    for (let p = i; p < j; p++) {
      out[idx[p]] = ties === 'average' ? (i + 1 + j) / 2 : ties === 'min' ? i + 1 : ties === 'max' ? j : p + 1;
    }
    i = j;
  }
  return out;
}

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
  if (ties !== 'first') return rankBySearch(x, out, m, ties, order);
  const sign = order === 'asc' ? 1 : -1;
  // Values are non-NaN here, so the comparator is a total order; ties fall back to position (stable).
  idx.sort((a, b) => {
    const va = x[a];
    const vb = x[b];
    return va < vb ? -sign : va > vb ? sign : a - b;
  });
  // ties = "first": the stable sort puts tied values in order of appearance, so the rank is the position.
  for (let p = 0; p < m; p++) out[idx[p]] = p + 1;
  return out;
}

/**
 * Fast path for the tie rules that depend only on values (min, max, average): sort a copy of the
 * non-missing values natively, then for each x count the values below (lb) and not above (ub) by
 * binary search. Ascending: min = lb + 1, max = ub, average = (lb + 1 + ub) / 2; descending uses
 * the counts above instead. Same results as the comparator sort, O(n log n) with no closures.
 */
function rankBySearch(x: ArrayLike<number>, out: Float64Array, m: number, ties: Exclude<TiesMethod, 'first'>, order: RankOrder): Float64Array {
  const n = x.length;
  const s = new Float64Array(m);
  let k = 0;
  for (let i = 0; i < n; i++) if (x[i] === x[i]) s[k++] = x[i];
  s.sort();
  for (let i = 0; i < n; i++) {
    const v = x[i];
    if (v !== v) continue;
    // lb = #values < v, ub = #values ≤ v
    let lo = 0;
    let hi = m;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (s[mid] < v) lo = mid + 1;
      else hi = mid;
    }
    const lb = lo;
    hi = m;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (s[mid] <= v) lo = mid + 1;
      else hi = mid;
    }
    const ub = lo;
    // Descending: values above v are m - ub, values at or above v are m - lb.
    const first = order === 'asc' ? lb + 1 : m - ub + 1;
    const last = order === 'asc' ? ub : m - lb;
    out[i] = ties === 'min' ? first : ties === 'max' ? last : (first + last) / 2;
  }
  return out;
}

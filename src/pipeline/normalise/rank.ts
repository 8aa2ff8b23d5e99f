import type { NormaliseOptions } from './types.js';
import { readDirection } from './common.js';
import { rankInto, readTies } from './ranks.js';

/**
 * `rank`: the rank of each value among the non-missing ones, ascending in `direction · x`
 * (1 = worst, n = best), COINr `n_rank`. Ties: option `ties` = "min" (default — COINr's
 * "sport" ranking, 1, 2, 2, 4), "average", "max" or "first" (R `rank()` semantics). NaN stays NaN.
 * Cost O(n log n).
 *
 * Reference: COINr `n_rank()` = R `rank(x, ties.method = "min", na.last = "keep")`; tested
 * against ranks from R's documented tie rules (scipy.stats.rankdata gives the same).
 *
 * @example normaliseRank(Float64Array.of(3, 1, 3, NaN, 2), { direction: 1 }) // [3, 1, 3, NaN, 2]
 */
export function normaliseRank(x: Float64Array, opts: NormaliseOptions): Float64Array {
  const dir = readDirection('rank', opts);
  const out = new Float64Array(x.length);
  rankInto(x, dir, readTies('rank', opts), out);
  return out;
}

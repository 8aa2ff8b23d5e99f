import type { NormaliseOptions } from './types.js';
import { readDirection } from './common.js';
import { rankInto, readTies } from './ranks.js';

/**
 * `borda`: Borda score = rank − 1 (the number of units a unit beats, for distinct values), ranks
 * as {@link normaliseRank} (ascending in `direction · x`, ties "min" by default), COINr `n_borda`.
 * NaN stays NaN. Cost O(n log n).
 *
 * Reference: COINr `n_borda()` = `rank(x, ties.method = "min", na.last = "keep") − 1`; tested
 * against hand-ranked values.
 */
export function normaliseBorda(x: Float64Array, opts: NormaliseOptions): Float64Array {
  const dir = readDirection('borda', opts);
  const out = new Float64Array(x.length);
  rankInto(x, dir, readTies('borda', opts), out);
  for (let i = 0; i < out.length; i++) out[i] -= 1;
  return out;
}

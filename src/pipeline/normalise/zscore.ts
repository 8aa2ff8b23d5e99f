import { fail } from '../../core/errors.js';
import { numOpt, tupleOpt } from '../treat/options.js';
import type { NormaliseOptions } from './types.js';
import { allMissing, readDirection, zeroRange } from './common.js';

/** Options of {@link normaliseZscore}. */
export interface ZscoreOptions extends NormaliseOptions {
  /** Target mean. Default 0. (COINr `m_sd[1]`.) */
  mean?: number;
  /** Target standard deviation (> 0). Default 1. (COINr `m_sd[2]`.) */
  sd?: number;
}

/**
 * `zscore`: standardise to mean m and standard deviation s (defaults 0 and 1, COINr `n_zscore`):
 *
 *   y = (x' − mean(x')) / sd(x') · s + m,   x' = direction · x
 *
 * sd is the **sample** standard deviation (divisor n − 1, as R `sd()`); mean and sd over the
 * non-NaN values (two passes). NaN stays NaN; all-NaN input gives all NaN. Fewer than 2 values
 * fails with `E_TOO_FEW`; zero sd fails with `E_ZERO_RANGE`. Cost O(n).
 *
 * Reference: COINr `n_zscore()`; tested against mean/sd computed independently and a fast-check
 * property (result has mean m and sd s).
 */
export function normaliseZscore(x: Float64Array, opts: NormaliseOptions): Float64Array {
  const owner = 'normalise method "zscore"';
  const dir = readDirection('zscore', opts);
  let m = numOpt(owner, opts, 'mean', 0);
  let s = numOpt(owner, opts, 'sd', 1);
  if (opts.m_sd !== undefined) [m, s] = tupleOpt(owner, opts, 'm_sd', 2);
  if (!(s > 0)) fail('E_BAD_OPTION', `${owner}: target sd must be > 0 (got ${s})`, { hint: 'e.g. sd: 1' });
  let n = 0;
  let sum = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (v === v) { sum += v; n++; }
  }
  if (n === 0) return allMissing(x);
  if (n < 2) fail('E_TOO_FEW', `${owner}: only 1 non-missing value; the standard deviation needs at least 2`, { hint: 'normalise pooled over periods (scope: pooled) or use another method' });
  let mu = sum / n;
  let c = 0;
  for (let i = 0; i < x.length; i++) if (x[i] === x[i]) c += x[i] - mu;
  mu += c / n;
  let ss = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (v === v) ss += (v - mu) * (v - mu);
  }
  const sd = Math.sqrt(ss / (n - 1));
  if (!(sd > 0)) zeroRange('zscore', 'the standard deviation', mu, n);
  const out = new Float64Array(x.length);
  // direction −1: (−x − (−mu))/sd = (mu − x)/sd
  for (let i = 0; i < x.length; i++) out[i] = ((dir === 1 ? x[i] - mu : mu - x[i]) / sd) * s + m;
  return out;
}

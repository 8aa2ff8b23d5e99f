import { fail } from '../../core/errors.js';
import type { WeightResult } from './types.js';
import { availableMoments, checkWeightColumns, scoresToWeights } from './util.js';

/**
 * `sd` (standard-deviation / 标准离差法): w_j ∝ σ_j, the sample standard deviation (divisor
 * n − 1) of column j over its available values (NaN skipped per column).
 *
 * Meaningful only on commonly scaled (normalised) columns. Errors: fewer than 2 available
 * values (`E_TOO_FEW`), all σ = 0. Detail: `sd`, `n`. Cost O(m·n).
 *
 * Reference: standard-deviation weighting (Diakoulaki et al. 1995 discuss it as the contrast part
 * of CRITIC); analytic test.
 */
export function weightSd(cols: Float64Array[], opts: Record<string, unknown> = {}): WeightResult {
  checkWeightColumns('sd', cols, opts.inputsFinite !== true);
  const m = cols.length;
  const sd = new Float64Array(m);
  const n = new Float64Array(m);
  for (let j = 0; j < m; j++) {
    const s = availableMoments(cols[j]);
    n[j] = s.n;
    if (s.n < 2)
      fail('E_TOO_FEW', `weight method "sd": column ${j + 1} has ${s.n} available value${s.n === 1 ? '' : 's'}; at least 2 are needed`, {
        hint: 'impute or drop the indicator',
      });
    sd[j] = s.sd;
  }
  const weights = scoresToWeights('sd', sd, 'every column is constant (all standard deviations are 0)', 'use equal or nominal weights for this node');
  return { weights, detail: { sd, n } };
}

import { z } from 'zod';
import { fail } from '../../core/errors.js';
import { methodText } from '../descriptor.js';
import { defineDataWeight } from './types.js';
import { availableMoments, checkWeightColumns, sampleSize, scoresToWeights } from './util.js';

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
export const sd = defineDataWeight({
  name: 'sd',
  title: { en: 'standard deviation', zh: '标准差法' },
  options: z.strictObject({}),
  label: { zh: '标准差法', en: 'the standard-deviation method' },
  run(cols, o) {
    checkWeightColumns('sd', cols, o.inputsFinite !== true);
    const m = cols.length;
    const sds = new Float64Array(m);
    const n = new Float64Array(m);
    for (let j = 0; j < m; j++) {
      const s = availableMoments(cols[j]);
      n[j] = s.n;
      if (s.n < 2)
        fail('E_TOO_FEW', `weight method "sd": column ${j + 1} has ${s.n} available value${s.n === 1 ? '' : 's'}; at least 2 are needed`, {
          hint: 'impute or drop the indicator',
        });
      sds[j] = s.sd;
    }
    const weights = scoresToWeights('sd', sds, 'every column is constant (all standard deviations are 0)', 'use equal or nominal weights for this node');
    return { weights, detail: { sd: sds, n } };
  },
  describe(o, ctx) {
    const n = sampleSize(o, ctx);
    return methodText(
      `标准差法的权重为 w_j = σ_j/Σ_k σ_k，样本量 n = ${n.zh}。`,
      `The standard-deviation weights are w_j = σ_j/Σ_k σ_k, over n = ${n.en} observations.`,
    );
  },
});

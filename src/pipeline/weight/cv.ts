import { z } from 'zod';
import { fail } from '../../core/errors.js';
import { methodText } from '../descriptor.js';
import { defineDataWeight } from './types.js';
import { availableMoments, checkWeightColumns, sampleSize, scoresToWeights } from './util.js';

/**
 * `cv` (coefficient of variation, 变异系数法): w_j ∝ v_j = σ_j / x̄_j, normalised to sum 1.
 *
 * σ_j is the sample standard deviation (divisor n − 1) and x̄_j the mean, both over the
 * available (non-NaN) values of column j — missing values are skipped per column.
 * Errors: fewer than 2 available values (`E_TOO_FEW`), a mean ≤ 0 (`E_NONPOSITIVE_MEAN`: the CV
 * is meaningless; normalise to a positive range such as min-max [1, 100]), all σ = 0.
 *
 * Detail: `mean`, `sd`, `cv`, `n`. Cost O(m·n).
 *
 * Reference: the coefficient-of-variation weighting of Chinese evaluation practice (e.g. 郭亚军
 * 《综合评价理论、方法及应用》, 2007); analytic test.
 */
export const cv = defineDataWeight({
  name: 'cv',
  title: { en: 'coefficient of variation', zh: '变异系数法' },
  options: z.strictObject({}),
  label: { zh: '变异系数法', en: 'the coefficient-of-variation method' },
  run(cols, o) {
    checkWeightColumns('cv', cols, o.inputsFinite !== true);
    const m = cols.length;
    const mean = new Float64Array(m);
    const sd = new Float64Array(m);
    const v = new Float64Array(m);
    const n = new Float64Array(m);
    for (let j = 0; j < m; j++) {
      const s = availableMoments(cols[j]);
      n[j] = s.n;
      if (s.n < 2)
        fail('E_TOO_FEW', `weight method "cv": column ${j + 1} has ${s.n} available value${s.n === 1 ? '' : 's'}; at least 2 are needed`, {
          hint: 'impute or drop the indicator',
        });
      if (!(s.mean > 0)) {
        fail('E_NONPOSITIVE_MEAN', `weight method "cv": column ${j + 1} has mean ${s.mean}; the coefficient of variation needs a positive mean`, {
          hint: 'normalise to a positive range first (e.g. min-max to [1, 100]) or use the sd method',
        });
      }
      mean[j] = s.mean;
      sd[j] = s.sd;
      v[j] = s.sd / s.mean;
    }
    const weights = scoresToWeights('cv', v, 'every column is constant (all coefficients of variation are 0)', 'use equal or nominal weights for this node');
    return { weights, detail: { mean, sd, cv: v, n } };
  },
  describe(o, ctx) {
    const n = sampleSize(o, ctx);
    return methodText(
      `变异系数法的权重为 w_j = (σ_j/x̄_j)/Σ_k (σ_k/x̄_k)，样本量 n = ${n.zh}。`,
      `The coefficient-of-variation weights are w_j = (σ_j/x̄_j)/Σ_k (σ_k/x̄_k), over n = ${n.en} observations.`,
    );
  },
});

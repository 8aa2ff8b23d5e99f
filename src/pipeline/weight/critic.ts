import { z } from 'zod';
import { fail } from '../../core/errors.js';
import { cite, methodText } from '../descriptor.js';
import { defineDataWeight } from './types.js';
import { checkWeightColumns, completeCases, covarianceOnMask, sampleSize, scoresToWeights } from './util.js';

/**
 * `critic` (CRITIC, Diakoulaki, Mavrotas & Papayannakis 1995): a column's weight grows with its
 * contrast (standard deviation) and with its conflict with the other columns (low correlation):
 *
 *   C_j = σ_j · Σ_k (1 − r_jk),   w_j = C_j / Σ_k C_k,
 *
 * σ_j the sample standard deviation (divisor n − 1) and r_jk the Pearson correlation.
 *
 * Missing data: σ and r are both computed on the **complete cases** (observations where every
 * column is present), so C is computed from one consistent data matrix. At least 2 complete
 * cases are required (`E_TOO_FEW`). A constant column has σ = 0 (so C = 0); its correlation with
 * the others is undefined and is taken as r = 0 (no linear association) in the others' conflict.
 *
 * Detail: `sd`, `conflict` (Σ_k (1 − r_jk)), `information` (C_j), `correlation` (m×m row-major),
 * `n` (complete cases). Cost O(m²·n).
 *
 * Reference: Diakoulaki D., Mavrotas G., Papayannakis L. (1995) "Determining objective weights in
 * multiple criteria problems: the CRITIC method", Computers & Operations Research 22(7):763–770.
 * Validated against an example computed by hand from the definition (test comment).
 */
export const critic = defineDataWeight({
  name: 'critic',
  title: { en: 'CRITIC', zh: 'CRITIC 法' },
  options: z.strictObject({}),
  label: { zh: 'CRITIC 法', en: 'the CRITIC method' },
  run(cols, o) {
    checkWeightColumns('critic', cols, o.inputsFinite !== true);
    const m = cols.length;
    const { mask, count } = completeCases(cols);
    if (count < 2) {
      fail(
        'E_TOO_FEW',
        `weight method "critic": only ${count} observation${count === 1 ? ' has' : 's have'} every column present; CRITIC needs at least 2 complete cases`,
        {
          hint: 'impute missing values before weighting, or pool periods',
        },
      );
    }
    const { cov } = covarianceOnMask(cols, mask, count);
    const sd = new Float64Array(m);
    for (let j = 0; j < m; j++) sd[j] = Math.sqrt(Math.max(0, cov[j * m + j]));
    const r = new Float64Array(m * m);
    const conflict = new Float64Array(m);
    const info = new Float64Array(m);
    for (let j = 0; j < m; j++) {
      let s = 0;
      for (let k = 0; k < m; k++) {
        let rjk: number;
        if (j === k) rjk = 1;
        else if (sd[j] > 0 && sd[k] > 0) rjk = Math.max(-1, Math.min(1, cov[j * m + k] / (sd[j] * sd[k])));
        else rjk = 0;
        r[j * m + k] = rjk;
        s += 1 - rjk;
      }
      conflict[j] = s;
      info[j] = sd[j] * s;
    }
    const weights = scoresToWeights(
      'critic',
      info,
      'every column is constant or perfectly correlated with the others (all C_j = 0)',
      'use equal or nominal weights for this node',
    );
    return { weights, detail: { sd, conflict, information: info, correlation: r, n: count } };
  },
  describe(o, ctx) {
    const n = sampleSize(o, ctx);
    return methodText(
      `CRITIC 法${cite('critic')}兼顾指标的对比强度与冲突性：C_j = σ_j Σ_k (1 − r_jk)，w_j = C_j/Σ_k C_k，其中 σ_j 为样本标准差，r_jk 为 Pearson 相关系数，样本量 n = ${n.zh}。`,
      `The CRITIC method${cite('critic')} combines contrast and conflict: C_j = σ_j Σ_k (1 − r_jk) and w_j = C_j/Σ_k ` +
        `C_k, with σ_j the sample standard deviation and r_jk the Pearson correlation, over n = ${n.en} observations.`,
    );
  },
});

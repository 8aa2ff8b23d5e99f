import { z } from 'zod';
import { fail } from '../../core/errors.js';
import { cite, methodText } from '../descriptor.js';
import { defineAggregate } from './types.js';
import { applyDatThreshold, checkAggregateInput, weightedRowMeans } from './util.js';
import { field } from '../../core/field-text.js';

/**
 * `ampi`: the adjusted Mazziotta–Pareto index (AMPI; Mazziotta & Pareto 2016, as R Compind's
 * `ci_ampi`): the mean of a unit's normalised values, penalised by their variability so that an
 * unbalanced profile scores lower than a balanced one with the same mean (non-compensatory):
 *
 *   M_i = Σ_j w_j z_ij / Σ_j w_j,   S_i = √( Σ_j w_j (z_ij − M_i)² / Σ_j w_j ),   cv_i = S_i / M_i,
 *   penalty negative (default):  AMPI⁻_i = M_i − S_i · cv_i
 *   penalty positive:            AMPI⁺_i = M_i + S_i · cv_i
 *
 * S_i is the **population** standard deviation (divisor Σw, i.e. n with equal weights), as
 * Compind computes it (`var(x)·(n − 1)/n`, then `^0.5`). With equal weights — the AMPI's own
 * choice — this is exactly Compind's `ci_ampi` (which does not round here; Compind rounds its
 * output to 3 decimals). Unequal weights generalise M and S to weighted moments. The negative
 * penalty is the one for "increasing" phenomena (higher = better), which is what the pipeline
 * feeds every aggregation (directions applied in normalisation); the positive penalty is for
 * phenomena measured the other way round. Pair it with the `ampi` normalisation (values about
 * 70–130 around 100), which is what the index was designed for.
 *
 * Missing data: a row uses its available values with the weights rescaled over them (Compind
 * gives NA); a row with none is NaN; then `datThreshold` applies. Values must be ≥ 0
 * (`E_NEGATIVE`): the coefficient of variation of values of mixed sign is meaningless. A row
 * whose available values are all equal has S = 0 and scores its mean (also when it is 0).
 * Each row depends only on itself. Cost O(m·n).
 *
 * Reference: Mazziotta M., Pareto A. (2016) "On a generalized non-compensatory composite index
 * for measuring socio-economic phenomena", Social Indicators Research 127(3):983–1003; Compind
 * `ci_ampi` (R/ci_ampi.R: `Ma_z − Sqm_z·cv` with `penalty = "NEG"`). Tested against values
 * derived by hand in test/pipeline/aggregate/ampi.test.ts.
 *
 * @example rows (70, 100, 130) with equal weights → M = 100, S² = 600, S·cv = 6 → 94 (positive: 106)
 */
export const ampi = defineAggregate({
  name: 'ampi',
  title: { en: 'adjusted Mazziotta–Pareto index (AMPI)', zh: '调整的 Mazziotta–Pareto 指数（AMPI）' },
  domain: 'nonnegative',
  options: z.strictObject({
    // No default in the schema, so run logs of other methods keep their fields; absent = negative.
    penalty: z
      .enum(['negative', 'positive'])
      .optional()
      .meta(
        field({
          en: [
            'Variability penalty',
            'sign of the variability penalty: negative = M − S·cv (phenomena where higher is better, as nqpf scores are), positive = M + S·cv. Default: negative.',
          ],
          zh: ['波动惩罚方向', '波动惩罚的符号：负向 = M − S·cv（数值越高越好的现象，nqpf 的得分即如此），正向 = M + S·cv。默认：负向。'],
          values: { negative: ['negative (M − S·cv)', '负向惩罚（M − S·cv）'], positive: ['positive (M + S·cv)', '正向惩罚（M + S·cv）'] },
        }),
      ),
  }),
  label: { zh: '调整的 Mazziotta–Pareto 指数（AMPI）法', en: 'the adjusted Mazziotta–Pareto index (AMPI)' },
  rowwise: true,
  run(cols, w, o) {
    const n = checkAggregateInput('ampi', cols, w, o.inputsFinite !== true);
    for (let j = 0; j < cols.length; j++) {
      const c = cols[j];
      for (let i = 0; i < n; i++) {
        if (c[i] < 0) {
          fail('E_NEGATIVE', `aggregate method "ampi": column ${j + 1}, row ${i + 1} is negative (${c[i]}); the coefficient of variation needs values ≥ 0`, {
            hint: 'normalise with method ampi (values about 70–130) or minmax before aggregating with ampi',
            data: { column: j, row: i, value: c[i] },
          });
        }
      }
    }
    const mean = weightedRowMeans(cols, w, n, 'identity');
    // Σ_j w_j (z_ij − M_i)² and Σ_j w_j over the available cells of each row, column by column.
    const ss = new Float64Array(n);
    const sw = new Float64Array(n);
    for (let j = 0; j < cols.length; j++) {
      const c = cols[j];
      const wj = w[j];
      for (let i = 0; i < n; i++) {
        const v = c[i];
        if (v !== v) continue;
        const d = v - mean[i];
        ss[i] += wj * d * d;
        sw[i] += wj;
      }
    }
    const sign = o.penalty === 'positive' ? 1 : -1;
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const m = mean[i];
      if (m !== m) {
        out[i] = NaN;
        continue;
      }
      const s = Math.sqrt(ss[i] / sw[i]);
      out[i] = s === 0 ? m : m + sign * s * (s / m);
    }
    return applyDatThreshold(out, cols, o.datThreshold);
  },
  describe(o) {
    const pos = o.penalty === 'positive';
    const op = pos ? '+' : '−';
    return methodText(
      `AMPI${pos ? '⁺' : '⁻'}_i = M_i ${op} S_i · cv_i，其中 M_i 为单元 i 各项标准化值的加权均值，S_i 为其（总体）标准差，cv_i = S_i/M_i ` +
        `为变异系数${cite('ampi')}；${pos ? '正向惩罚' : '负向惩罚'}使各项发展不均衡的单元${pos ? '得分更高（适用于数值越大越差的现象）' : '得分更低（非补偿性）'}`,
      `AMPI${pos ? '⁺' : '⁻'}_i = M_i ${op} S_i · cv_i, with M_i the weighted mean of unit i's normalised values, ` +
        `S_i their (population) standard deviation and cv_i = S_i/M_i their coefficient of variation${cite('ampi')}; ` +
        `the ${pos ? 'positive' : 'negative'} penalty` +
        ` ${pos ? 'raises the score of unbalanced units (for phenomena where higher is worse)' : 'lowers the score of unbalanced units (non-compensatory)'}`,
    );
  },
});

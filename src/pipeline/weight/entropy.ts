import { z } from 'zod';
import { fail } from '../../core/errors.js';
import { isShared, mapColumns } from '../../core/parallel.js';
import { sumXLogX } from '../../kernels/xlogx.js';
import { cite, methodText } from '../descriptor.js';
import { defineDataWeight } from './types.js';
import { checkWeightColumns, sampleSize, scoresToWeights } from './util.js';
import { field } from '../../core/field-text.js';

/**
 * `entropy` (熵值法 / entropy weight method): columns whose values are spread unevenly
 * across observations carry more information and get more weight.
 *
 *   y_ij = x_ij + shift,  p_ij = y_ij / Σ_i y_ij,
 *   e_j  = −(1 / ln n_j) Σ_i p_ij ln p_ij      (0 · ln 0 = 0 explicitly),
 *   d_j  = 1 − e_j,  w_j = d_j / Σ_k d_k.
 *
 * The input is expected to be min-max normalised (direction applied) — that is what makes
 * y ≥ 0; the kernel does not normalise again. Because p is a share, the weights are invariant
 * to rescaling a column (but not to shifting it — hence `shift` is an explicit option).
 *
 * Missing data: observations with NaN in a column are skipped **for that column**, so n_j is the
 * number of available values of column j (different columns may use different n_j).
 *
 * Errors (never silent): a negative value (`E_NEGATIVE`, hint: normalise with min-max first or
 * set `shift`), a column summing to 0 (`E_ZERO_SUM`), fewer than 2 available values
 * (`E_TOO_FEW`), every column perfectly even so all d_j = 0 (`E_WEIGHT_DEGENERATE`).
 * d_j is clamped at 0 against rounding (mathematically e_j ≤ 1).
 *
 * Detail: `e`, `d` (Float64Array per column), `n` (available counts), `shift`.
 * Cost O(m·n): one read of each column (Σ y ln y by {@link sumXLogX}, whose inline table-driven
 * logarithm keeps each y ln y within 3 · 2⁻⁵³ relative); with a shift, a shifted copy of each column.
 * A column pool in the execution context may take some of the columns (identical results).
 *
 * Reference: Shannon entropy weighting as in Zeleny (1982) / Hwang & Yoon (1981); conventions of
 * Chinese NQPF studies (熵值法). Validated against a hand-computed example (test comment).
 *
 * @example cols [1,2,3,4] and [2,2,2,2] → the even column gets weight 0, the other 1.
 */
export const entropy = defineDataWeight({
  name: 'entropy',
  title: { en: 'entropy', zh: '熵权法' },
  options: z.strictObject({
    shift: z
      .number()
      .min(0)
      .default(0)
      .meta(
        field({
          en: ['Shift', 'value added to every normalised value before p_ij (some papers use 0.0001). Default: 0 — never applied silently.'],
          zh: ['平移量', '计算比重 p_ij 前加到每个标准化值上的常数（部分文献取 0.0001）。默认：0，从不隐式平移。'],
        }),
      ),
  }),
  label: { zh: '熵权法', en: 'the entropy method' },
  run(cols, o, exec) {
    checkWeightColumns('entropy', cols, o.inputsFinite !== true);
    const shift = o.shift;
    const m = cols.length;
    const e = new Float64Array(m);
    const d = new Float64Array(m);
    const counts = new Float64Array(m);
    // One pass per column (a column pool may take some): with p_i = y_i / S,
    // Σ p ln p = (Σ y ln y) / S − ln S (0 · ln 0 = 0).
    const ys = shift ? cols.map((c) => c.map((v) => v + shift)) : cols;
    const sums = mapColumns(exec?.pool, 'sumXLogX', ys, sumXLogX, m * (cols[0]?.length ?? 0), isShared);
    for (let j = 0; j < m; j++) {
      const c = cols[j];
      const { n, sum: s, sumXLogX: ylny, negativeAt: i } = sums[j];
      if (i >= 0) {
        const v = c[i];
        fail('E_NEGATIVE', `weight method "entropy": column ${j + 1}, observation ${i + 1} is negative (${v}${shift ? ` + shift ${shift}` : ''})`, {
          hint: 'entropy needs non-negative values: normalise with min-max (e.g. to [0, 1]) before weighting, or set a shift',
          data: { column: j, observation: i, value: v },
        });
      }
      counts[j] = n;
      if (n < 2) {
        fail('E_TOO_FEW', `weight method "entropy": column ${j + 1} has ${n} available value${n === 1 ? '' : 's'}; entropy needs at least 2`, {
          hint: 'impute or drop the indicator, or pool periods',
        });
      }
      if (!(s > 0)) {
        fail('E_ZERO_SUM', `weight method "entropy": column ${j + 1} sums to 0 over its ${n} available values, so the shares p_ij are undefined`, {
          hint: 'the indicator is 0 everywhere (after normalisation): drop it, or set a small shift such as 0.0001',
        });
      }
      const h = ylny / s - Math.log(s);
      e[j] = -h / Math.log(n);
      d[j] = Math.max(0, 1 - e[j]);
    }
    const weights = scoresToWeights(
      'entropy',
      d,
      'every column is spread perfectly evenly (all e_j = 1), so entropy cannot tell them apart',
      'use equal or nominal weights for this node',
    );
    return { weights, detail: { e, d, n: counts, shift } };
  },
  describe(o, ctx) {
    const n = sampleSize(o, ctx);
    const shift = o.shift;
    return methodText(
      `熵权法${cite('entropy')}的计算步骤为：${shift > 0 ? `先对标准化值统一平移 ${shift}，` : ''}p_ij = y_ij/Σ_i y_ij，信息熵 e_j = −(1/ln ` +
        `n) Σ_i p_ij ln p_ij（约定 0·ln 0 = 0），差异系数 d_j = 1 − e_j，权重 w_j = (1 − e_j)/Σ_k (1 − e_k)，其中 n = ${n.zh}。`,
      'Under the entropy metho' +
        `d${cite('entropy')}, ${shift > 0 ? `after adding ${shift} to every normalised value, ` : ''}p_ij = y_ij/Σ_i ` +
        'y_ij, the entropy of indicator j is e_j = −(1/ln n) Σ_i p_ij ln p_ij (with 0·ln 0 = 0), and w_j = (1 − ' +
        `e_j)/Σ_k (1 − e_k), where n = ${n.en}.`,
    );
  },
});

import { z } from 'zod';
import { methodText } from '../descriptor.js';
import { defineAggregate } from './types.js';
import { applyDatThreshold, checkAggregateInput, weightedRowMeans } from './util.js';

/**
 * `arithmetic`: weighted arithmetic mean over the available children of each row,
 *
 *   y_i = Σ_{j avail} w_j x_ij / Σ_{j avail} w_j,
 *
 * exactly COINr's `a_amean`: NaN children and their weights are dropped and the remaining
 * weights rescaled to sum 1; a row with no available child is NaN (as is a row whose available
 * children all have weight 0). Then `datThreshold` (COINr `dat_thresh`) applies.
 * Cost O(m·n), one output allocation.
 *
 * Reference: COINr 1.1.14 `a_amean` (R/aggregate.R); validated against COINr's ASEM
 * `default_Aggregated` (pillars, sub-indices and index) to 1e-9.
 *
 * @example aggregateArithmetic([[1, NaN], [3, 4]], [1, 3]) → [2.5, 4]
 */
export const arithmetic = defineAggregate({
  name: 'arithmetic',
  title: { en: 'weighted arithmetic mean', zh: '加权算术平均' },
  options: z.strictObject({}),
  label: { zh: '加权算术平均（线性加权）法', en: 'the weighted arithmetic mean' },
  rowwise: true,
  linear: true,
  run(cols, w, o) {
    const n = checkAggregateInput('arithmetic', cols, w, o.inputsFinite !== true);
    const out = weightedRowMeans(cols, w, n, 'identity');
    return applyDatThreshold(out, cols, o.datThreshold);
  },
  describe() {
    return methodText(
      'S_i = Σ_j w_j y_ij / Σ_j w_j（缺失项及其权重不参与计算）',
      'S_i = Σ_j w_j y_ij / Σ_j w_j (missing inputs and their weights are left out)',
    );
  },
});

import type { AggregateFn } from './types.js';
import { applyDatThreshold, checkAggregateInput, datThresholdOption, weightedRowMeans } from './util.js';

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
export const aggregateArithmetic: AggregateFn = (cols, w, opts = {}) => {
  const n = checkAggregateInput('arithmetic', cols, w, opts.inputsFinite !== true);
  const thr = datThresholdOption('arithmetic', opts);
  const out = weightedRowMeans(cols, w, n, 'identity');
  return applyDatThreshold(out, cols, thr);
};

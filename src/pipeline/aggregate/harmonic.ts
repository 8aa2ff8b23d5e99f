import { z } from 'zod';
import { methodText } from '../descriptor.js';
import { defineAggregate } from './types.js';
import { checkPositive } from './geometric.js';
import { applyDatThreshold, checkAggregateInput, weightedRowMeans } from './util.js';

/**
 * `harmonic`: weighted harmonic mean over the available children of each row,
 *
 *   y_i = Σ_{j avail} w_j / Σ_{j avail} (w_j / x_ij),
 *
 * as COINr's `a_hmean` (NaN children and their weights dropped); the least compensatory of the
 * three means. Any available value ≤ 0 is an error (`E_NONPOSITIVE`) — COINr only refuses 0, but
 * a negative value makes the harmonic mean meaningless, so we refuse it too (stricter). A row with
 * no available child is NaN; then `datThreshold` applies. Cost O(m·n).
 *
 * Reference: COINr 1.1.14 `a_hmean` (R/aggregate.R); analytic tests.
 *
 * @example aggregateHarmonic([[1], [4]], [1, 1]) → [1.6]
 */
export const harmonic = defineAggregate({
  name: 'harmonic',
  title: { en: 'weighted harmonic mean', zh: '加权调和平均' },
  options: z.strictObject({}),
  domain: 'positive',
  label: { zh: '加权调和平均法', en: 'the weighted harmonic mean' },
  rowwise: true,
  run(cols, w, o) {
    const n = checkAggregateInput('harmonic', cols, w, o.inputsFinite !== true);
    checkPositive('harmonic', cols, 'divides by the values');
    const out = weightedRowMeans(cols, w, n, 'reciprocal');
    for (let i = 0; i < n; i++) out[i] = 1 / out[i];
    return applyDatThreshold(out, cols, o.datThreshold);
  },
  describe() {
    return methodText('S_i = Σ_j w_j / Σ_j (w_j / y_ij)', 'S_i = Σ_j w_j / Σ_j (w_j / y_ij)');
  },
});

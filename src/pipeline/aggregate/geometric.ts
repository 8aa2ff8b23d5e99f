import { fail } from '../../core/errors.js';
import { z } from 'zod';
import { methodText } from '../descriptor.js';
import { defineAggregate } from './types.js';
import { applyDatThreshold, checkAggregateInput, weightedRowMeans } from './util.js';

/**
 * `geometric`: weighted geometric mean over the available children of each row,
 *
 *   y_i = exp( Σ_{j avail} w_j ln x_ij / Σ_{j avail} w_j ) = Π x_ij^{w_j / Σ w},
 *
 * as COINr's `a_gmean` (NaN children and their weights dropped). Less compensatory than the
 * arithmetic mean: a low child cannot be fully offset by a high one.
 *
 * Any available value ≤ 0 is an error (`E_NONPOSITIVE`, naming how many and the first one) —
 * the logarithm is undefined; normalise with min-max to [1, 100] as COINr recommends. A row with
 * no available child is NaN; then `datThreshold` applies. Cost O(m·n).
 *
 * Reference: COINr 1.1.14 `a_gmean` (R/aggregate.R); OECD/JRC (2008) Handbook §6.2; analytic tests.
 *
 * @example aggregateGeometric([[4], [9]], [1, 1]) → [6]
 */
export const geometric = defineAggregate({
  name: 'geometric',
  title: { en: 'weighted geometric mean', zh: '加权几何平均' },
  options: z.strictObject({}),
  domain: 'positive',
  label: { zh: '加权几何平均法', en: 'the weighted geometric mean' },
  rowwise: true,
  run(cols, w, o, exec) {
    const n = checkAggregateInput('geometric', cols, w, o.inputsFinite !== true);
    checkPositive('geometric', cols, 'uses logarithms');
    const out = weightedRowMeans(cols, w, n, 'log', exec?.logs);
    for (let i = 0; i < n; i++) out[i] = Math.exp(out[i]);
    return applyDatThreshold(out, cols, o.datThreshold);
  },
  describe() {
    return methodText('S_i = exp(Σ_j w_j ln y_ij / Σ_j w_j)', 'S_i = exp(Σ_j w_j ln y_ij / Σ_j w_j)');
  },
});

/** Refuses values ≤ 0 (NaN allowed), counting them for the message. Shared with `harmonic`. */
export function checkPositive(method: string, cols: readonly Float64Array[], why: string): void {
  let count = 0;
  let first: [number, number, number] | undefined;
  for (let j = 0; j < cols.length; j++) {
    const c = cols[j];
    for (let i = 0; i < c.length; i++) {
      if (c[i] <= 0) {
        count++;
        if (!first) first = [j, i, c[i]];
      }
    }
  }
  if (first) {
    fail(
      'E_NONPOSITIVE',
      `aggregate method "${method}": ${count} value${count === 1 ? ' is' : 's are'} ≤ 0 (first: column ${first[0] + 1}, row ${first[1] + 1} = ${first[2]}); the ${method} mean ${why}`,
      {
        hint: 'normalise to a strictly positive range first, e.g. min-max to [1, 100] as COINr does',
        data: { count, column: first[0], row: first[1] },
      },
    );
  }
}

import type { WeightResult } from './types.js';
import { checkWeightColumns } from './util.js';

/**
 * `equal`: every column gets the same weight, w_j = 1/m.
 *
 * The data values are not looked at (missing values are irrelevant); the columns are only
 * checked for a consistent shape. Cost O(m·n) for the check.
 *
 * Reference: the equal-weighting default of composite indicators (OECD/JRC 2008 Handbook on
 * Constructing Composite Indicators, §6.1); analytic.
 *
 * @example weightEqual([a, b, c, d], {}).weights → [0.25, 0.25, 0.25, 0.25]
 */
export function weightEqual(cols: Float64Array[], opts: Record<string, unknown> = {}): WeightResult {
  checkWeightColumns('equal', cols, opts.inputsFinite !== true);
  const m = cols.length;
  return { weights: new Float64Array(m).fill(1 / m) };
}

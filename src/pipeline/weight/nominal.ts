import { fail } from '../../core/errors.js';
import type { WeightResult } from './types.js';
import { checkWeightColumns } from './util.js';

/**
 * `nominal`: the weights written in the framework (`opts.weights`, one per column, any
 * non-negative scale), rescaled to sum to 1: w_j = a_j / Σ_k a_k.
 *
 * Data values are not used. Needed as a registry entry so that `combine` can mix framework
 * weights with data-driven ones. Errors: missing/ill-sized `weights`, a negative or non-finite
 * entry, or all zero. Cost O(m).
 *
 * Reference: COINr's use of iMeta `Weight` as relative weights (`a_amean` rescales w/sum(w)); analytic.
 *
 * @example weightNominal([a, b], { weights: [1, 3] }).weights → [0.25, 0.75]
 */
export function weightNominal(cols: Float64Array[], opts: Record<string, unknown> = {}): WeightResult {
  checkWeightColumns('nominal', cols, opts.inputsFinite !== true);
  const m = cols.length;
  const raw = opts.weights ?? opts.nominal;
  if (raw === undefined || raw === null) {
    fail('E_MISSING_OPTION', 'weight method "nominal": option "weights" (the framework weights, one per column) is required', {
      hint: 'the orchestrator passes the framework weights of the children as opts.weights',
    });
  }
  if ((!Array.isArray(raw) && !ArrayBuffer.isView(raw)) || (raw as ArrayLike<unknown>).length !== m) {
    fail('E_BAD_OPTION', `weight method "nominal": option "weights" must be an array of ${m} numbers, one per column`, {
      hint: 'give one framework weight per child',
    });
  }
  const a = raw as ArrayLike<unknown>;
  let s = 0;
  for (let j = 0; j < m; j++) {
    const v = a[j];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
      fail('E_BAD_WEIGHT', `weight method "nominal": weight ${j + 1} is ${String(v)}; weights must be finite and ≥ 0`, {
        hint: 'fix the weight column of the framework',
      });
    }
    s += v;
  }
  if (!(s > 0)) fail('E_BAD_WEIGHT', 'weight method "nominal": all framework weights are 0', { hint: 'give at least one child a positive weight' });
  const w = new Float64Array(m);
  for (let j = 0; j < m; j++) w[j] = (a[j] as number) / s;
  return { weights: w };
}

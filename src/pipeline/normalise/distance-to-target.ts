import { fail } from '../../core/errors.js';
import { boolOpt, reqNumOpt } from '../treat/options.js';
import type { NormaliseOptions } from './types.js';
import { allMissing, extent, readDirection } from './common.js';

/** Options of {@link normaliseDistanceToTarget}. */
export interface DistanceToTargetOptions extends NormaliseOptions {
  /** Target value in the indicator's own units (required; the framework's `target`). COINr alias `targ`. */
  target: number;
  /** Cap scores of units beyond the target at 1. Default false (as COINr). */
  cap_max?: boolean;
}

/**
 * `distance_to_target`: progress from the worst observed value to the target (COINr
 * `n_dist2targ`, with the target in the indicator's own units as COINr's `use_iMeta` does):
 *
 *   direction +1:  y = (x − min x) / (T − min x)        direction −1:  y = (max x − x) / (max x − T)
 *
 * The worst unit scores 0, a unit at the target 1; beyond the target scores exceed 1 unless
 * `cap_max: true`. min/max over the non-NaN values; NaN stays NaN; all-NaN gives all NaN. A target
 * not beyond the worst value (T ≤ min for +1, T ≥ max for −1) gives zero or negative denominators —
 * COINr only warns; nqpf fails with `E_BAD_TARGET`. Cost O(n).
 *
 * Reference: COINr `n_dist2targ()` and `get_iMeta_norm_paras()` (R/normalise.R, 1.1.x); tested
 * against the formula by hand for both directions.
 */
export function normaliseDistanceToTarget(x: Float64Array, opts: NormaliseOptions): Float64Array {
  const owner = 'normalise method "distance_to_target"';
  const dir = readDirection('distance_to_target', opts);
  const T = reqNumOpt(owner, opts, ['target', 'targ'], 'give the indicator a target (framework field "target")');
  const cap = boolOpt(owner, opts, 'cap_max', false);
  const e = extent(x);
  if (e.n === 0) return allMissing(x);
  const worst = dir === 1 ? e.min : e.max;
  if (dir === 1 ? !(T > worst) : !(T < worst)) {
    fail('E_BAD_TARGET', `${owner}: target ${T} is not beyond the worst value ${worst} (direction ${dir}); scores would be undefined or negative`, {
      hint: dir === 1 ? 'a target for a positive indicator must exceed its smallest value' : 'a target for a negative indicator must be below its largest value',
      data: { target: T, worst },
    });
  }
  const out = new Float64Array(x.length);
  if (dir === 1) for (let i = 0; i < x.length; i++) out[i] = (x[i] - e.min) / (T - e.min);
  else for (let i = 0; i < x.length; i++) out[i] = (e.max - x[i]) / (e.max - T);
  if (cap) for (let i = 0; i < out.length; i++) if (out[i] > 1) out[i] = 1;
  return out;
}

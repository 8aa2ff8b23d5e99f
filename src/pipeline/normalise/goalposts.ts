import { fail } from '../../core/errors.js';
import { boolOpt, numOpt, tupleOpt } from '../treat/options.js';
import type { NormaliseOptions } from './types.js';
import { readDirection } from './common.js';

/** Options of {@link normaliseGoalposts}. */
export interface GoalpostsOptions extends NormaliseOptions {
  /** [low, high] in the indicator's units (the framework's `goalposts`), or COINr's [l, u, scale] (alias `gposts`). */
  goalposts: [number, number] | [number, number, number];
  /** Multiplier of the [0, 1] fraction. Default 100 (same 0–100 scale as the minmax default); a third goalposts entry overrides it. */
  scale?: number;
  /** Clamp to the goalposts (COINr `trunc2posts`). Default true. */
  truncate?: boolean;
}

/**
 * `goalposts`: fraction of the way from the low to the high goalpost, clamped and scaled
 * (COINr `n_goalposts`, with goalposts in the indicator's own units as COINr's `use_iMeta` does):
 *
 *   direction +1:  f = (x − l) / (u − l)        direction −1:  f = (u − x) / (u − l)
 *   y = scale · min(max(f, 0), 1)              (clamping off with `truncate: false`)
 *
 * Unlike the data-driven methods the result does not depend on the other units, so scores are
 * comparable across periods. Needs l < u (`E_BAD_OPTION`). NaN stays NaN. Cost O(n).
 *
 * Reference: COINr `n_goalposts()` and `get_iMeta_norm_paras()` (R/normalise.R, 1.1.x); tested
 * against the formula by hand (inside, outside and at the posts, both directions).
 */
export function normaliseGoalposts(x: Float64Array, opts: NormaliseOptions): Float64Array {
  const owner = 'normalise method "goalposts"';
  const dir = readDirection('goalposts', opts);
  const gp = tupleOpt(owner, opts, ['goalposts', 'gposts'], [2, 3]);
  const [l, u] = gp;
  const scale = gp.length === 3 ? gp[2] : numOpt(owner, opts, 'scale', 100);
  const truncate = boolOpt(owner, opts, ['truncate', 'trunc2posts'], true);
  if (!(l < u)) {
    fail('E_BAD_OPTION', `${owner}: the low goalpost must be below the high one (got [${l}, ${u}])`, {
      hint: 'write goalposts as [low, high] in the indicator units; direction −1 already makes low values score high',
    });
  }
  const out = new Float64Array(x.length);
  const r = u - l;
  for (let i = 0; i < x.length; i++) {
    let f = dir === 1 ? (x[i] - l) / r : (u - x[i]) / r;
    if (truncate) f = f > 1 ? 1 : f < 0 ? 0 : f; // NaN passes through both tests unchanged
    out[i] = f * scale;
  }
  return out;
}

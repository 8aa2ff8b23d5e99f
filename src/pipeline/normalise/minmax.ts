import { tupleOpt } from '../treat/options.js';
import type { NormaliseOptions } from './types.js';
import { allMissing, extent, readDirection, zeroRange } from './common.js';

/** Options of {@link normaliseMinmax}. */
export interface MinmaxOptions extends NormaliseOptions {
  /** Target interval [l, u] (COINr `l_u`). Default [0, 100]. */
  range?: [number, number];
}

/**
 * `minmax`: rescale linearly onto [l, u] (default [0, 100], COINr `n_minmax`):
 *
 *   y = (x' − min x') / (max x' − min x') · (u − l) + l,   x' = direction · x
 *
 * so with direction −1 the smallest raw value scores u: y = (max x − x)/(max x − min x)·(u − l) + l.
 * Min and max over the non-NaN values; NaN stays NaN; all-NaN input gives all NaN. Zero range
 * fails with `E_ZERO_RANGE` (COINr warns and returns NaN). Cost O(n).
 *
 * Reference: COINr `n_minmax()` + `Normalise.numeric()` (R/normalise.R); validated against COINr
 * 1.1.14 `default_Treated` → `default_Normalised` (ASEM, 49 indicators, iMeta directions).
 *
 * @example normaliseMinmax(Float64Array.of(1, 2, 5), { direction: 1 }) // [0, 25, 100]
 */
export function normaliseMinmax(x: Float64Array, opts: NormaliseOptions): Float64Array {
  const dir = readDirection('minmax', opts);
  const [l, u] = tupleOpt('normalise method "minmax"', opts, ['range', 'l_u'], 2, [0, 100]);
  const e = extent(x);
  if (e.n === 0) return allMissing(x);
  if (!(e.max > e.min)) zeroRange('minmax', 'the range (max − min)', e.min, e.n);
  const out = new Float64Array(x.length);
  const span = u - l;
  if (dir === 1) {
    const r = e.max - e.min;
    for (let i = 0; i < x.length; i++) out[i] = ((x[i] - e.min) / r) * span + l;
  } else {
    // x' = −x: min x' = −max x, so x' − min x' = max x − x
    const r = -e.min - -e.max;
    for (let i = 0; i < x.length; i++) out[i] = ((-x[i] - -e.max) / r) * span + l;
  }
  return out;
}

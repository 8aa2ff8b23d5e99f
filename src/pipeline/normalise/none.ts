import type { NormaliseOptions } from './types.js';
import { readDirection } from './common.js';

/**
 * `none`: no rescaling, only the direction: y = direction · x (COINr `f_n = "none"`), so a
 * negative indicator is sign-flipped and higher is still better. Use for data already on a common
 * scale. NaN stays NaN. Cost O(n).
 */
export function normaliseNone(x: Float64Array, opts: NormaliseOptions): Float64Array {
  const dir = readDirection('none', opts);
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = dir * x[i];
  return out;
}

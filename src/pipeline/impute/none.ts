import type { ImputeContext } from './types.js';
import { checkImputeInput } from './check.js';

/**
 * `none`: no imputation — returns a copy of `x`; missing cells stay NaN (later steps skip or
 * refuse them according to their own missing-data rules). Cost O(n).
 */
export function imputeNone(x: Float64Array, ctx: ImputeContext, _opts: Record<string, unknown> = {}): Float64Array {
  checkImputeInput('none', x, ctx);
  return x.slice();
}

import { boolOpt } from '../treat/options.js';
import type { ImputeContext } from './types.js';
import { checkImputeInput } from './check.js';

/** Options of {@link imputeCarryBackward}. */
export interface CarryBackwardOptions {
  /** Also fill the cells after a unit's last observation with that observation (default `true`). */
  fill_trailing?: boolean;
}

/**
 * `carry_backward` (NOCB, next observation carried backward): within each unit, a missing period
 * takes the next later observed value. Cells **after** the unit's last observation have nothing
 * to carry back, so they are then filled **forward** with the last observed value (turn off with
 * `fill_trailing: false`). A unit with no observation stays missing. Cost O(units × periods).
 *
 * Reference: `zoo::na.locf(x, fromLast = TRUE, na.rm = FALSE)` followed by `na.locf()`; tested
 * against hand-computed values.
 *
 * @example x over 5 periods [1, NaN, NaN, 4, NaN] → [1, 4, 4, 4, 4]
 */
export function imputeCarryBackward(x: Float64Array, ctx: ImputeContext, opts: Record<string, unknown> = {}): Float64Array {
  checkImputeInput('carry_backward', x, ctx);
  const fillTrailing = boolOpt('impute method "carry_backward"', opts, 'fill_trailing', true);
  const { nUnits: nU, nPeriods: nT } = ctx;
  const out = x.slice();
  for (let u = 0; u < nU; u++) {
    let next = NaN;
    let last = -1;
    for (let t = nT - 1; t >= 0; t--) {
      const i = t * nU + u;
      const v = x[i];
      if (v === v) {
        next = v;
        if (last === -1) last = t;
      } else out[i] = next;
    }
    if (fillTrailing && last !== -1 && last < nT - 1) {
      const v = x[last * nU + u];
      for (let t = last + 1; t < nT; t++) out[t * nU + u] = v;
    }
  }
  return out;
}

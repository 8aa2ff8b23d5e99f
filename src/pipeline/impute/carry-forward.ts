import { boolOpt } from '../treat/options.js';
import type { ImputeContext } from './types.js';
import { checkImputeInput } from './check.js';

/** Options of {@link imputeCarryForward}. */
export interface CarryForwardOptions {
  /** Also fill the cells before a unit's first observation with that observation (default `true`). */
  fill_leading?: boolean;
}

/**
 * `carry_forward` (LOCF, last observation carried forward): within each unit, a missing period
 * takes the most recent earlier observed value. Cells **before** the unit's first observation
 * have nothing to carry, so they are then filled **backward** with the first observed value
 * (turn off with `fill_leading: false`). A unit with no observation stays missing. Observed
 * cells never change. Cost O(units × periods).
 *
 * Reference: `zoo::na.locf(x, na.rm = FALSE)` followed by `na.locf(fromLast = TRUE)`; tested
 * against hand-computed values.
 *
 * @example x over 5 periods [NaN, 3, NaN, NaN, 5] → [3, 3, 3, 3, 5]
 */
export function imputeCarryForward(x: Float64Array, ctx: ImputeContext, opts: Record<string, unknown> = {}): Float64Array {
  checkImputeInput('carry_forward', x, ctx);
  const fillLeading = boolOpt('impute method "carry_forward"', opts, 'fill_leading', true);
  const { nUnits: nU, nPeriods: nT } = ctx;
  const out = x.slice();
  for (let u = 0; u < nU; u++) {
    let last = NaN;
    let first = -1;
    for (let t = 0; t < nT; t++) {
      const i = t * nU + u;
      const v = x[i];
      if (v === v) {
        last = v;
        if (first === -1) first = t;
      } else out[i] = last;
    }
    if (fillLeading && first > 0) {
      const v = x[first * nU + u];
      for (let t = 0; t < first; t++) out[t * nU + u] = v;
    }
  }
  return out;
}

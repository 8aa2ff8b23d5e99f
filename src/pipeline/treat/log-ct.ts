import { z } from 'zod';
import { fail } from '../../core/errors.js';
import { shape } from '../../kernels/shape.js';
import { cite, methodText } from '../descriptor.js';
import { defineTreat, treatScope } from './types.js';

/**
 * COINr's `log_CT` ("COIN Tool log", as modified in COINr 1.x), the fallback of the default
 * treatment:
 *
 *   y_i = ln( x_i − min(x) + 0.01 · (max(x) − min(x)) )
 *
 * min/max over the non-NaN values; NaN stays NaN. The shift makes every argument positive (the
 * minimum maps to ln(0.01·range)), so it works for any sign of data. Order-preserving.
 * Writes into `out` (may not alias `x`). Throws `E_ZERO_RANGE` when all values are equal (every
 * argument would be 0). Cost O(n).
 *
 * Reference: COINr `log_CT()` (R/treat.R, 1.1.x), whose source has 0.01·range (an earlier COIN
 * Tool version used +1); tested against that formula evaluated by hand. (No ASEM indicator
 * reaches the log fallback, so the COINr reference tables do not exercise it.)
 */
export function logCTInto(x: Float64Array, out: Float64Array, owner = 'treat method "log_ct"'): void {
  let mn = Infinity;
  let mx = -Infinity;
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (v < mn) mn = v;
    if (v > mx) mx = v;
  }
  if (!(mx > mn)) {
    if (mn === Infinity) {
      out.fill(NaN);
      return;
    }
    fail('E_ZERO_RANGE', `${owner}: all values are equal (${mn}), so log(x − min + range/100) is log(0)`, {
      hint: 'a constant indicator carries no information: drop it, or use treat method "none" for it',
    });
  }
  const a = 0.01 * (mx - mn);
  for (let i = 0; i < x.length; i++) out[i] = Math.log(x[i] - mn + a);
}

/**
 * COINr's `log_CT_plus`: the `log_CT` shift for positive skew, mirrored for negative skew so the
 * transform always reduces |skew| and preserves order:
 *
 *   skew(x) > 0:  y = ln(x − min + a)        otherwise:  y = −ln(max + a − x),   a = 0.01·(max − min)
 *
 * Skew as {@link shape} (non-NaN values). Same errors as {@link logCTInto}. Cost O(n).
 * Reference: COINr `log_CT_plus()` (R/treat.R, 1.1.x); tested against the formula by hand.
 */
export function logCTPlusInto(x: Float64Array, out: Float64Array, owner = 'treat method "log_ct_plus"'): void {
  if (!(shape(x).skew <= 0)) {
    logCTInto(x, out, owner);
    return;
  }
  let mn = Infinity;
  let mx = -Infinity;
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (v < mn) mn = v;
    if (v > mx) mx = v;
  }
  const a = 0.01 * (mx - mn);
  for (let i = 0; i < x.length; i++) out[i] = -Math.log(mx + a - x[i]);
}

/** `log_ct_plus`: COINr's `log_CT_plus` transform alone (see {@link logCTPlusInto}). */
export const logCtPlus = defineTreat({
  name: 'log_ct_plus',
  title: { en: 'log (COINr log_CT_plus)', zh: '对数变换（COINr log_CT_plus）' },
  options: z.strictObject({}),
  run(x) {
    const values = new Float64Array(x.length);
    logCTPlusInto(x, values);
    const neg = shape(x).skew <= 0;
    return {
      values,
      report: {
        method: 'log_ct_plus',
        treated: true,
        winsorised: 0,
        log: true,
        detail: neg
          ? '−log(max + a − x), a = 0.01·(max − min) (COINr log_CT_plus, skew ≤ 0)'
          : 'log(x − min + a), a = 0.01·(max − min) (COINr log_CT_plus, skew > 0)',
      },
    };
  },
  describe(o, ctx) {
    const sc = treatScope(o, ctx);
    return methodText(
      `${ctx.subject}${sc.zh}进行保序的平移对数变换（COINr log_CT_plus）${cite('coinr')}：右偏时 y = ln(x − min + a)，左偏时 y = −ln(max + a − x)，a = 0.01(max − min)。`,
      `${ctx.subject} transformed${sc.en} by the order-preserving shifted logarithm of COINr ` +
        `(log_CT_plus)${cite('coinr')}: y = ln(x − min + a) for positive skew and y = −ln(max + a − x) otherwise, with a = 0.01(max − min).`,
    );
  },
});

/** `log_ct`: COINr's `log_CT` transform alone (see {@link logCTInto}). */
export const logCt = defineTreat({
  name: 'log_ct',
  title: { en: 'log (COINr log_CT)', zh: '对数变换（COINr log_CT）' },
  options: z.strictObject({}),
  run(x) {
    const values = new Float64Array(x.length);
    logCTInto(x, values);
    return {
      values,
      report: { method: 'log_ct', treated: true, winsorised: 0, log: true, detail: 'log(x − min + 0.01·(max − min)) (COINr log_CT)' },
    };
  },
  describe(o, ctx) {
    const sc = treatScope(o, ctx);
    return methodText(
      `${ctx.subject}${sc.zh}进行平移对数变换（COINr log_CT）${cite('coinr')}：y = ln(x − min + 0.01(max − min))。`,
      `${ctx.subject} transformed${sc.en} by the shifted logarithm of COINr (log_CT)${cite('coinr')}: y = ln(x − min + 0.01(max − min)).`,
    );
  },
});

import { z } from 'zod';
import { fail } from '../../core/errors.js';
import { methodText } from '../descriptor.js';
import { defineTreat, shiftOption } from './types.js';

/**
 * `log`: natural logarithm, y = ln(x + shift) (shift default 0). Refuses values with
 * x + shift ≤ 0 — the error names how many there are and the smallest — instead of producing
 * −Inf/NaN; use `shift`, `log_ct` (COINr's shifted log) or `boxcox` with `shift` for data that
 * can be zero or negative. NaN stays NaN. Cost O(n).
 *
 * Reference: the definition; tested against Math.log on hand values and vs `boxcox` with λ = 0.
 */
export const log = defineTreat({
  name: 'log',
  title: { en: 'log transform', zh: '对数变换' },
  options: z.strictObject({ shift: shiftOption }),
  domain: 'positive',
  run(x, o) {
    const owner = 'treat method "log"';
    const shift = o.shift ?? 0;
    checkPositive(x, shift, owner, 'set option shift so that x + shift > 0, or use method "log_ct" (COINr log_CT: log(x − min + range/100))');
    const values = new Float64Array(x.length);
    for (let i = 0; i < x.length; i++) values[i] = Math.log(x[i] + shift);
    return {
      values,
      report: { method: 'log', treated: true, winsorised: 0, log: true, detail: shift === 0 ? 'ln(x)' : `ln(x + ${shift})` },
    };
  },
  describe(o, ctx) {
    const f = o.shift ? `ln(x + ${o.shift})` : 'ln x';
    return methodText(`${ctx.subject}取自然对数：y = ${f}。`, `${ctx.subject} log-transformed: y = ${f}.`);
  },
});

/** Fails with `E_NONPOSITIVE` when some non-NaN x + shift ≤ 0, naming the count and the minimum. */
export function checkPositive(x: Float64Array, shift: number, owner: string, hint: string): void {
  let bad = 0;
  let mn = Infinity;
  for (let i = 0; i < x.length; i++) {
    const v = x[i] + shift;
    if (v <= 0) bad++;
    if (v < mn) mn = v;
  }
  if (bad > 0) {
    fail(
      'E_NONPOSITIVE',
      `${owner}: ${bad} value${bad === 1 ? '' : 's'} ${shift === 0 ? '' : `(after adding shift ${shift}) `}${bad === 1 ? 'is' : 'are'} ≤ 0 (smallest ${mn}); the log is undefined there`,
      {
        hint,
        data: { count: bad, min: mn },
      },
    );
  }
}

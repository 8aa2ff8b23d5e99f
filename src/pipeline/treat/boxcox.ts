import { z } from 'zod';
import { cite, fmtNumber as fmt, methodText } from '../descriptor.js';
import { checkPositive } from './log.js';
import { defineTreat, shiftOption } from './types.js';
import { field } from '../../core/field-text.js';

/**
 * `boxcox`: the Box–Cox power transform with a given λ (no estimation), on y = x + shift:
 *
 *   λ ≠ 0: (y^λ − 1) / λ        λ = 0: ln y
 *
 * Values with y ≤ 0 are refused (`E_NONPOSITIVE`, naming the count). COINr's `boxcox()` shifts
 * by `1 − min(x)` by default (`makepos = TRUE`); here the shift is explicit (`shift`) so the
 * transform is never silently data-dependent. NaN stays NaN. Cost O(n).
 *
 * Reference: Box & Cox (1964), JRSS B 26(2):211–252; COINr `boxcox()`; tested against the
 * closed form on hand values and the λ → 0 limit equal to `log`.
 */
export const boxcox = defineTreat({
  name: 'boxcox',
  title: { en: 'Box-Cox transform', zh: 'Box-Cox 变换' },
  domain: 'positive',
  options: z.strictObject({
    lambda: z
      .number()
      .default(0)
      .meta(field({ en: ['Lambda (λ)', 'λ (0 = log). Default: 0.'], zh: ['变换参数 λ', 'Box-Cox 变换参数 λ（0 即对数变换）。默认：0。'] })),
    shift: shiftOption,
  }),
  run(x, o) {
    const owner = 'treat method "boxcox"';
    const lambda = o.lambda;
    const shift = o.shift ?? 0;
    checkPositive(x, shift, owner, 'set option shift so that x + shift > 0 (COINr uses shift = 1 − min(x)), or use method "log_ct"');
    const values = new Float64Array(x.length);
    if (lambda === 0) for (let i = 0; i < x.length; i++) values[i] = Math.log(x[i] + shift);
    else for (let i = 0; i < x.length; i++) values[i] = (Math.pow(x[i] + shift, lambda) - 1) / lambda;
    return {
      values,
      report: { method: 'boxcox', treated: true, winsorised: 0, log: lambda === 0, detail: `Box–Cox λ = ${lambda}${shift === 0 ? '' : `, shift ${shift}`}` },
    };
  },
  describe(o, ctx) {
    const l = o.lambda;
    const y = o.shift ? `x + ${o.shift}` : 'x';
    const f = l === 0 ? (o.shift ? `y = ln(${y})` : 'y = ln x') : o.shift ? `y = ((${y})^λ − 1)/λ` : 'y = (x^λ − 1)/λ';
    return methodText(
      `${ctx.subject}进行 Box-Cox 变换${cite('boxcox')}（λ = ${fmt(l)}）：${f}。`,
      `${ctx.subject} Box-Cox transformed${cite('boxcox')} with λ = ${fmt(l)}: ${f}.`,
    );
  },
});

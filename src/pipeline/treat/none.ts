import { z } from 'zod';
import { methodText } from '../descriptor.js';
import { defineTreat } from './types.js';

/** `none`: no treatment — a copy of `x` and a report saying nothing was done. Cost O(n). */
export const none = defineTreat({
  name: 'none',
  title: { en: 'none', zh: '不处理' },
  options: z.strictObject({}),
  noop: true,
  run(x) {
    return { values: x.slice(), report: { method: 'none', treated: false, winsorised: 0, log: false } };
  },
  describe(_o, ctx) {
    return methodText(`${ctx.subject}未作异常值处理。`, `${ctx.subject} not treated for outliers.`);
  },
});

import { z } from 'zod';
import { defineImpute, phrase } from './types.js';
import { checkImputeInput } from './check.js';

/**
 * `none`: no imputation — returns a copy of `x`; missing cells stay NaN (later steps skip or
 * refuse them according to their own missing-data rules). Cost O(n).
 */
export const none = defineImpute({
  name: 'none',
  title: { en: 'none (keep missing)', zh: '不填补（保留缺失）' },
  options: z.strictObject({}),
  noop: true,
  run(x, ctx) {
    checkImputeInput('none', x, ctx);
    return x.slice();
  },
  describe(_o) {
    return phrase('不插补', 'no imputation');
  },
});

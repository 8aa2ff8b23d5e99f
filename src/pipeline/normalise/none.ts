import { z } from 'zod';
import { methodText } from '../descriptor.js';
import { defineNormalise } from './types.js';
import { subjectOf } from './common.js';

/**
 * `none`: no rescaling, only the direction: y = direction · x (COINr `f_n = "none"`), so a
 * negative indicator is sign-flipped and higher is still better. Use for data already on a common
 * scale. NaN stays NaN. Cost O(n).
 */
export const none = defineNormalise({
  name: 'none',
  title: { en: 'none (raw values)', zh: '不标准化（原始值）' },
  options: z.strictObject({}),
  identity: (o) => o.direction === 1,
  run(x, o) {
    const dir = o.direction;
    const out = new Float64Array(x.length);
    for (let i = 0; i < x.length; i++) out[i] = dir * x[i];
    return out;
  },
  describe(_o, ctx) {
    const subj = subjectOf(ctx);
    return methodText(`${subj.zh}未作标准化处理。`, `${subj.en} not normalised.`);
  },
});

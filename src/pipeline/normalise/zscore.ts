import { z } from 'zod';
import { fail } from '../../core/errors.js';
import { fmtNumber as fmt, methodText } from '../descriptor.js';
import { defineNormalise } from './types.js';
import { allMissing, DIRECTION_TEXT, scopeShort, subjectOf, zeroRange } from './common.js';
import { field } from '../../core/field-text.js';

/**
 * `zscore`: standardise to mean m and standard deviation s (defaults 0 and 1, COINr `n_zscore`):
 *
 *   y = (x' − mean(x')) / sd(x') · s + m,   x' = direction · x
 *
 * sd is the **sample** standard deviation (divisor n − 1, as R `sd()`); mean and sd over the
 * non-NaN values (two passes). NaN stays NaN; all-NaN input gives all NaN. Fewer than 2 values
 * fails with `E_TOO_FEW`; zero sd fails with `E_ZERO_RANGE`. Cost O(n).
 *
 * Reference: COINr `n_zscore()`; tested against mean/sd computed independently and a fast-check
 * property (result has mean m and sd s).
 */
export const zscore = defineNormalise({
  name: 'zscore',
  title: { en: 'z-score', zh: 'Z 分数标准化' },
  options: z.strictObject({
    mean: z
      .number()
      .default(0)
      .meta(field({ en: ['Target mean', 'target mean. Default: 0.'], zh: ['目标均值', '标准化后的均值。默认：0。'] })),
    sd: z
      .number()
      .positive()
      .default(1)
      .meta(field({ en: ['Target standard deviation', 'target standard deviation. Default: 1.'], zh: ['目标标准差', '标准化后的标准差。默认：1。'] })),
  }),
  run(x, o) {
    const owner = 'normalise method "zscore"';
    const m = o.mean;
    const s = o.sd;
    if (!(s > 0)) fail('E_BAD_OPTION', `${owner}: target sd must be > 0 (got ${s})`, { hint: 'e.g. sd: 1' });
    let n = 0;
    let sum = 0;
    for (let i = 0; i < x.length; i++) {
      const v = x[i];
      if (v === v) {
        sum += v;
        n++;
      }
    }
    if (n === 0) return allMissing(x);
    if (n < 2)
      fail('E_TOO_FEW', `${owner}: only 1 non-missing value; the standard deviation needs at least 2`, {
        hint: 'normalise pooled over periods (scope: pooled) or use another method',
      });
    let mu = sum / n;
    let c = 0;
    for (let i = 0; i < x.length; i++) if (x[i] === x[i]) c += x[i] - mu;
    mu += c / n;
    let ss = 0;
    for (let i = 0; i < x.length; i++) {
      const v = x[i];
      if (v === v) ss += (v - mu) * (v - mu);
    }
    const sd = Math.sqrt(ss / (n - 1));
    if (!(sd > 0)) zeroRange('zscore', 'the standard deviation', mu, n);
    const out = new Float64Array(x.length);
    const dir = o.direction;
    // direction −1: (−x − (−mu))/sd = (mu − x)/sd
    for (let i = 0; i < x.length; i++) out[i] = ((dir === 1 ? x[i] - mu : mu - x[i]) / sd) * s + m;
    return out;
  },
  describe(o, ctx) {
    const subj = subjectOf(ctx);
    const sc = scopeShort(o, ctx);
    const mu = fmt(o.mean);
    const sd = fmt(o.sd);
    return methodText(
      `${subj.zh}采用 Z-score 标准化：y_ij = (x_ij − x̄_j)/s_j × ${sd} + ${mu}（s_j 为样本标准差），${sc.zh}，${DIRECTION_TEXT.zh}。`,
      `${subj.en} standardised (z-scores): y_ij = (x_ij − x̄_j)/s_j × ${sd} + ${mu}, with s_j the sample standard deviation, ${sc.en}; ${DIRECTION_TEXT.en}.`,
    );
  },
});

import { z } from 'zod';
import { methodText } from '../descriptor.js';
import { defineNormalise } from './types.js';
import { allMissing, extent, scopeShort, subjectOf, zeroRange } from './common.js';

/**
 * `distance_to_max`: COINr `n_dist2max`, the closeness to the best value on [0, 1]:
 *
 *   y = 1 − (max x' − x') / (max x' − min x'),   x' = direction · x
 *
 * (the best unit scores 1, the worst 0 — numerically the same as min-max onto [0, 1]). This
 * follows COINr; the plain ratio x / max is `fraction_of_max`. NaN stays NaN; all-NaN gives all
 * NaN; zero range fails with `E_ZERO_RANGE`. Cost O(n).
 *
 * Reference: COINr `n_dist2max()`; tested against the formula by hand and against `minmax` [0, 1].
 */
export const distanceToMax = defineNormalise({
  name: 'distance_to_max',
  title: { en: 'distance to the maximum', zh: '与最大值的距离' },
  options: z.strictObject({}),
  run(x, o) {
    const e = extent(x);
    if (e.n === 0) return allMissing(x);
    if (!(e.max > e.min)) zeroRange('distance_to_max', 'the range (max − min)', e.min, e.n);
    const out = new Float64Array(x.length);
    const r = e.max - e.min;
    if (o.direction === 1) for (let i = 0; i < x.length; i++) out[i] = 1 - (e.max - x[i]) / r;
    else for (let i = 0; i < x.length; i++) out[i] = 1 - (-e.min - -x[i]) / r; // max x' = −min x
    return out;
  },
  describe(o, ctx) {
    const subj = subjectOf(ctx);
    const sc = scopeShort(o, ctx);
    return methodText(
      `${subj.zh}采用到最大值距离法：y = 1 − (max − x)/(max − min)，${sc.zh}。`,
      `${subj.en} normalised as distance to the maximum, y = 1 − (max − x)/(max − min), ${sc.en}.`,
    );
  },
});

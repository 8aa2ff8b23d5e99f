import { z } from 'zod';
import { fail } from '../../core/errors.js';
import { methodText } from '../descriptor.js';
import { defineNormalise } from './types.js';
import { allMissing, extent, scopeShort, subjectOf } from './common.js';

/**
 * `distance_to_target`: progress from the worst observed value to the target T, the indicator's
 * framework `target` in its own units (COINr `n_dist2targ` with `use_iMeta`):
 *
 *   direction +1:  y = (x − min x) / (T − min x)        direction −1:  y = (max x − x) / (max x − T)
 *
 * The worst unit scores 0, a unit at the target 1; beyond the target scores exceed 1 (COINr's
 * default `cap_max = FALSE`). min/max over the non-NaN values; NaN stays NaN; all-NaN gives all
 * NaN. No target fails with `E_MISSING_OPTION`. A target not beyond the worst value (T ≤ min for
 * +1, T ≥ max for −1) gives zero or negative denominators — COINr only warns; nqpf fails with
 * `E_BAD_TARGET`. Cost O(n).
 *
 * Reference: COINr `n_dist2targ()` and `get_iMeta_norm_paras()` (R/normalise.R, 1.1.x); tested
 * against the formula by hand for both directions.
 */
export const distanceToTarget = defineNormalise({
  name: 'distance_to_target',
  title: { en: 'distance to the target', zh: '与目标值的距离' },
  options: z.strictObject({}),
  run(x, o) {
    const owner = 'normalise method "distance_to_target"';
    const dir = o.direction;
    const T = o.target;
    if (T === undefined)
      fail('E_MISSING_OPTION', `${owner}: option "target" is required`, {
        hint: 'give the indicator a target (framework field "target")',
        data: { option: 'target' },
      });
    const e = extent(x);
    if (e.n === 0) return allMissing(x);
    const worst = dir === 1 ? e.min : e.max;
    if (dir === 1 ? !(T > worst) : !(T < worst)) {
      fail('E_BAD_TARGET', `${owner}: target ${T} is not beyond the worst value ${worst} (direction ${dir}); scores would be undefined or negative`, {
        hint:
          dir === 1 ? 'a target for a positive indicator must exceed its smallest value' : 'a target for a negative indicator must be below its largest value',
        data: { target: T, worst },
      });
    }
    const out = new Float64Array(x.length);
    if (dir === 1) for (let i = 0; i < x.length; i++) out[i] = (x[i] - e.min) / (T - e.min);
    else for (let i = 0; i < x.length; i++) out[i] = (e.max - x[i]) / (e.max - T);
    return out;
  },
  describe(o, ctx) {
    const subj = subjectOf(ctx);
    const sc = scopeShort(o, ctx);
    return methodText(
      `${subj.zh}采用到目标值距离法：正向指标 y = (x − min)/(T − min)，负向指标 y = (max − x)/(max − T)，T 为目标值，${sc.zh}。`,
      `${subj.en} normalised as distance to a target T: y = (x − min)/(T − min), or (max − x)/(max − T) for negative indicators, ${sc.en}.`,
    );
  },
});

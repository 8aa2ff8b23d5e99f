import { z } from 'zod';
import { fail } from '../../core/errors.js';
import { methodText } from '../descriptor.js';
import { defineNodeWeight } from './types.js';

/**
 * `nominal`: the weights written in the framework (any non-negative scale), rescaled to sum to 1
 * among the node's children: w_c = a_c / Σ_{c′} a_c′. The data are not used. All-zero weights
 * fail with `E_WEIGHTS_ZERO`. Cost O(k).
 *
 * Called directly (`weightNominal(cols, { weights })`), `weights` holds one framework weight per
 * column (`E_BAD_OPTION` when there is not one per column).
 *
 * Reference: COINr's use of iMeta `Weight` as relative weights (`a_amean` rescales w/sum(w)); analytic.
 *
 * @example weightNominal([a, b], { weights: [1, 3] }).weights → [0.25, 0.75]
 */
export const nominal = defineNodeWeight({
  name: 'nominal',
  title: { en: 'nominal (framework weights)', zh: '名义权重（指标体系中的权重）' },
  options: z.strictObject({}),
  label: { zh: '预设权重法', en: 'the weights given in the framework' },
  run(node) {
    const a = node.nominal;
    if (a.length !== node.children.length)
      fail('E_BAD_OPTION', `weight method "nominal": option "weights" must be an array of ${node.children.length} numbers, one per column`, {
        hint: 'give one framework weight per child',
      });
    for (let j = 0; j < a.length; j++) {
      const v = a[j];
      if (!Number.isFinite(v) || v < 0)
        fail('E_BAD_WEIGHT', `weight method "nominal": weight ${j + 1} is ${String(v)}; weights must be finite and ≥ 0`, {
          hint: 'fix the weight column of the framework',
        });
    }
    const s = a.reduce((x, y) => x + y, 0);
    if (!(s > 0))
      fail('E_WEIGHTS_ZERO', `framework weights of the children of ${node.code} sum to zero`, { hint: 'give at least one child a positive weight' });
    return { weights: Float64Array.from(a, (x) => x / s) };
  },
  lead(_o, ctx) {
    return methodText(
      `指标权重${ctx.subject}采用指标体系中给定的预设权重，并在同一上级节点内归一化。`,
      `The weights given in the framework were used${ctx.subject}, normalised among siblings.`,
    );
  },
  describe() {
    return methodText('权重取指标体系中给定的权重，并在同一上级节点内归一化。', 'The weights are those given in the framework, normalised among siblings.');
  },
});

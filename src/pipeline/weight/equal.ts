import { z } from 'zod';
import { methodText } from '../descriptor.js';
import { defineNodeWeight } from './types.js';

/**
 * `equal`: every child of the node gets the same weight, w_j = 1/k. The data are not looked at.
 *
 * Reference: the equal-weighting default of composite indicators (OECD/JRC 2008 Handbook on
 * Constructing Composite Indicators, §6.1); analytic.
 *
 * @example weightEqual([a, b, c, d]).weights → [0.25, 0.25, 0.25, 0.25]
 */
export const equal = defineNodeWeight({
  name: 'equal',
  title: { en: 'equal weights', zh: '等权重' },
  options: z.strictObject({}),
  label: { zh: '等权法', en: 'equal weights' },
  run(node) {
    const k = node.children.length;
    return { weights: new Float64Array(k).fill(1 / k) };
  },
  lead(_o, ctx) {
    return methodText(
      `指标权重${ctx.subject}采用等权法，即同一上级节点下的 k 个子项各赋权重 1/k。`,
      `Equal weights were used${ctx.subject}: each of the k children of a node gets the weight 1/k.`,
    );
  },
  describe() {
    return methodText('等权法对同一上级节点下的各子项赋予相同权重 w = 1/k。', 'Equal weighting gives each of the k children of a node the weight 1/k.');
  },
});

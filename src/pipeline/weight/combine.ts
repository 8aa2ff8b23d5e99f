import { z } from 'zod';
import { fail } from '../../core/errors.js';
import { cite, fmtNumber, methodText, withLocation } from '../descriptor.js';
import { defineNodeWeight, type NodeWeightDescriptor, type WeightDescriptor } from './types.js';
import { field } from '../../core/field-text.js';

/** How {@link combineWeights} merges weight sets. */
export type CombineMode = 'linear' | 'multiplicative';

/**
 * Combination of K weight sets over the same m columns (组合赋权, e.g. subjective AHP with
 * objective entropy):
 *
 * - `linear` (线性加权组合): w_j = Σ_k α_k w_kj with the shares α rescaled to sum 1.
 *   Default shares: equal (1/K).
 * - `multiplicative` (乘法合成归一化): w_j = Π_k w_kj^{α_k} / Σ_i Π_k w_ki^{α_k}, the shares used
 *   **as given** as exponents (not rescaled). Default shares: all 1, which is the standard
 *   乘法合成 w_j = Π_k w_kj / Σ_i Π_k w_ki. Shares 1/K give the normalised geometric mean —
 *   a different vector (the exponent scale matters after normalisation), so choose deliberately.
 *   Computed in log space (no underflow); a column with a 0 weight in any set with α_k > 0 gets 0.
 *
 * Each set is first rescaled to sum 1. Errors: sets of different lengths, negative or
 * non-finite entries, a set or the shares summing to 0, all products 0.
 * Cost O(K·m).
 *
 * Reference: 郭亚军 (2007)《综合评价理论、方法及应用》, 科学出版社, ch. on 组合赋权 (linear
 * combination and 乘法合成归一化法); analytic tests.
 *
 * @example combineWeights([[0.5, 0.5], [0.8, 0.2]], [0.5, 0.5], 'linear') → [0.65, 0.35]
 * @example combineWeights([[0.5, 0.5], [0.8, 0.2]], undefined, 'multiplicative') → [0.8, 0.2]
 */
export function combineWeights(sets: readonly ArrayLike<number>[], shares?: readonly number[] | null, mode: CombineMode = 'linear'): Float64Array {
  if (mode !== 'linear' && mode !== 'multiplicative') fail('E_BAD_OPTION', `combine: mode must be linear or multiplicative (got ${String(mode)})`);
  const K = sets.length;
  if (K === 0) fail('E_BAD_INPUT', 'combine: no weight sets to combine', { hint: 'list at least two methods under combine.methods' });
  const m = sets[0].length;
  const norm: Float64Array[] = [];
  for (let k = 0; k < K; k++) {
    const s = sets[k];
    if (s.length !== m) fail('E_BAD_INPUT', `combine: weight set ${k + 1} has ${s.length} entries, set 1 has ${m}`);
    let t = 0;
    for (let j = 0; j < m; j++) {
      const v = s[j];
      if (!Number.isFinite(v) || v < 0) fail('E_BAD_WEIGHT', `combine: weight set ${k + 1}, entry ${j + 1} is ${v}; weights must be finite and ≥ 0`);
      t += v;
    }
    if (!(t > 0)) fail('E_BAD_WEIGHT', `combine: weight set ${k + 1} sums to 0`);
    const w = new Float64Array(m);
    for (let j = 0; j < m; j++) w[j] = s[j] / t;
    norm.push(w);
  }
  let a: number[];
  if (shares === undefined || shares === null) a = new Array<number>(K).fill(mode === 'linear' ? 1 / K : 1);
  else {
    if (shares.length !== K)
      fail('E_BAD_OPTION', `combine: ${shares.length} shares for ${K} weight sets`, { hint: 'give one share per method in combine.methods' });
    a = Array.from(shares);
    for (let k = 0; k < K; k++)
      if (!Number.isFinite(a[k]) || a[k] < 0) fail('E_BAD_OPTION', `combine: share ${k + 1} is ${a[k]}; shares must be finite and ≥ 0`);
  }
  const out = new Float64Array(m);
  if (mode === 'linear') {
    let sa = 0;
    for (let k = 0; k < K; k++) sa += a[k];
    if (!(sa > 0)) fail('E_BAD_OPTION', 'combine: the shares sum to 0', { hint: 'give at least one method a positive share' });
    for (let k = 0; k < K; k++) {
      const ak = a[k] / sa;
      const w = norm[k];
      for (let j = 0; j < m; j++) out[j] += ak * w[j];
    }
    return out;
  }
  let max = -Infinity;
  for (let j = 0; j < m; j++) {
    let l = 0;
    for (let k = 0; k < K; k++) {
      if (a[k] === 0) continue;
      l += a[k] * Math.log(norm[k][j]);
    }
    out[j] = l;
    if (l > max) max = l;
  }
  if (max === -Infinity)
    fail('E_WEIGHT_DEGENERATE', 'combine: every column has weight 0 in at least one set, so all products are 0', { hint: 'use the linear mode' });
  let s = 0;
  for (let j = 0; j < m; j++) {
    out[j] = Math.exp(out[j] - max);
    s += out[j];
  }
  for (let j = 0; j < m; j++) out[j] /= s;
  return out;
}

/** "a", "a and b", "a, b and c". */
function listEn(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  if (items.length === 2) return `${items[0]} and ${items[1]}`;
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/**
 * `combine` (组合赋权) at a node: each method of `combine.methods` weights the node's children
 * with the node's options (a data-driven one with its scope and pooling, so per period when it is
 * per period), then {@link combineWeights} merges the sets period by period with `combine.shares`
 * and `combine.mode`. The methods it can combine are `parts`, the rest of the registry
 * (`combineOf(parts)` builds the descriptor from them, so the spec's `combine.methods` lists
 * exactly their names); an `ahp` part needs the node's `ahp` matrix.
 *
 * Called directly (`weightCombine(cols, { combine: { methods: ['equal', 'sd'] } })`), each part
 * weighs the same columns with its default options.
 */
export function combineOf<P extends readonly { readonly name: string }[]>(list: P) {
  const parts = list as unknown as readonly WeightDescriptor[];
  const names = list.map((d) => d.name) as [P[number]['name'], ...P[number]['name'][]];
  const CombineSpec = z.strictObject({
    methods: z
      .array(z.enum(names))
      .min(2)
      .meta(
        field({
          en: ['Weight sets', 'Weight sets to combine (ahp uses the node’s `ahp` matrix, e.g. subjective AHP + objective entropy, 组合赋权).'],
          zh: ['组合的赋权方法', '参与组合的赋权方法（ahp 使用该节点的 AHP 判断矩阵，如主观 AHP + 客观熵权法的组合赋权）。'],
          values: Object.fromEntries(parts.map((d) => [d.name, [d.title.en, d.title.zh] as const])),
        }),
      ),
    shares: z
      .array(z.number().nonnegative())
      .optional()
      .meta(
        field({
          en: [
            'Shares',
            'Share of each set (linear: coefficients; multiplicative: exponents). Default: equal shares for linear; for multiplicative the plain product Π w_k / Σ Π w_k.',
          ],
          zh: ['组合系数', '各组权重的系数（线性组合：线性系数；乘法组合：指数）。默认：线性组合时等分；乘法组合时为简单乘积 Π w_k / Σ Π w_k。'],
        }),
      ),
    mode: z
      .enum(['linear', 'multiplicative'])
      .default('linear')
      .meta(
        field({
          en: ['Combination', 'linear: Σ α_k w_k; multiplicative: Π w_k^α_k renormalised. Default: linear.'],
          zh: ['组合方式', '线性组合：Σ α_k w_k；乘法组合：Π w_k^α_k 后归一化。默认：线性组合。'],
          values: { linear: ['linear', '线性组合'], multiplicative: ['multiplicative', '乘法组合'] },
        }),
      ),
  });
  const partsOf = (o: { combine?: { methods: readonly string[] } }): WeightDescriptor[] =>
    (o.combine?.methods ?? []).map((m) => parts.find((d) => d.name === m) as WeightDescriptor);
  const combine: NodeWeightDescriptor<'combine', { combine: z.ZodOptional<typeof CombineSpec> }> = defineNodeWeight({
    name: 'combine',
    title: { en: 'combined weights', zh: '组合赋权' },
    options: z.strictObject({
      combine: CombineSpec.optional().meta(field({ en: ['Combined weights', 'which weight sets and how.'], zh: ['组合赋权设置', '组合哪些权重、如何组合。'] })),
    }),
    label: { zh: '组合赋权法', en: 'combined weighting' },
    parts: partsOf,
    check(o, at) {
      for (const d of partsOf(o)) d.check?.({ ...o, method: d.name } as never, { ...at, within: 'combine' });
      if (!o.combine) fail('E_SPEC', 'steps.weight.combine: method combine needs combine.methods', { location: { path: 'steps.weight.combine' } });
    },
    run(node, o) {
      const cm = o.combine;
      if (!cm)
        fail('E_MISSING_OPTION', 'weight method "combine": option "combine.methods" (the weight methods to combine) is required', {
          hint: 'e.g. combine: { methods: [entropy, critic], shares: [0.5, 0.5], mode: linear }',
        });
      const k = node.children.length;
      const sets = cm.methods.map((m) => node.weightsBy(m));
      // linear: equal shares by default; multiplicative: plain product w = Π w_k / Σ Π w_k (乘法合成) unless shares are given.
      const shares = cm.shares ?? (cm.mode === 'linear' ? cm.methods.map(() => 1 / cm.methods.length) : undefined);
      if (shares && shares.length !== sets.length)
        fail('E_SPEC', `steps.weight.combine.shares has ${shares.length} entries for ${sets.length} methods`, {
          location: { path: 'steps.weight.combine.shares' },
        });
      const out = new Float64Array(node.periods * k);
      for (let t = 0; t < node.periods; t++) {
        const w = withLocation('steps.weight.combine', 'combine', () =>
          combineWeights(
            sets.map((s) => s.subarray(t * k, (t + 1) * k)),
            shares,
            cm.mode,
          ),
        );
        out.set(w, t * k);
      }
      return { weights: out };
    },
    describe(o, ctx) {
      const c = o.combine;
      const used = partsOf(o);
      const alpha = c?.shares?.length ? c.shares.map((x) => fmtNumber(x)) : undefined;
      const rule =
        c?.mode === 'multiplicative'
          ? {
              zh: `乘法合成 w_j = Π_k w_kj^{α_k}/Σ_i Π_k w_ki^{α_k}${alpha ? `（α = ${alpha.join('、')}）` : '（α_k = 1）'}`,
              en: `the multiplicative synthesis w_j = Π_k w_kj^{α_k}/Σ_i Π_k w_ki^{α_k}${alpha ? ` (α = ${alpha.join(', ')})` : ' (α_k = 1)'}`,
            }
          : {
              zh: `线性组合 w_j = Σ_k α_k w_kj${alpha ? `（α = ${alpha.join('、')}）` : '（各方法等比例）'}`,
              en: `the linear combination w_j = Σ_k α_k w_kj${alpha ? ` (α = ${alpha.join(', ')})` : ' (equal shares)'}`,
            };
      const sub = used.map((d) => d.describe(o as never, ctx));
      return methodText(
        `组合赋权${cite('combine')}将${used.map((d) => d.label.zh).join('与')}所得权重按${rule.zh}合成。${sub.map((t) => t.zh).join('')}`,
        `Combined weighting${cite('combine')} merges the weights of ${listEn(used.map((d) => d.label.en))} by ${rule.en}. ${sub.map((t) => t.en).join(' ')}`,
      );
    },
  });
  return combine;
}

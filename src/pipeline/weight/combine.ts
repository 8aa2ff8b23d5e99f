import { fail } from '../../core/errors.js';
import type { WeightFn, WeightResult } from './types.js';
import { checkWeightColumns, choiceOption } from './util.js';

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

/**
 * `combine` as a registry weight method: computes each method in `opts.combine.methods` (or
 * `opts.methods`) on the same columns with the same options, then {@link combineWeights} with
 * `shares` and `mode` (default linear). `resolve` looks a method up by name (the registry
 * passes its own lookup, which avoids an import cycle). Detail: the component sets by method.
 */
export function weightCombine(cols: Float64Array[], opts: Record<string, unknown>, resolve: (name: string) => WeightFn): WeightResult {
  checkWeightColumns('combine', cols, opts.inputsFinite !== true);
  const spec = (opts.combine && typeof opts.combine === 'object' ? opts.combine : opts) as Record<string, unknown>;
  const methods = spec.methods;
  if (!Array.isArray(methods) || methods.length < 1 || methods.some((x) => typeof x !== 'string')) {
    fail('E_MISSING_OPTION', 'weight method "combine": option "methods" (the weight methods to combine) is required', {
      hint: 'e.g. combine: { methods: [entropy, critic], shares: [0.5, 0.5], mode: linear }',
    });
  }
  if (methods.includes('combine')) fail('E_BAD_OPTION', 'weight method "combine": "combine" cannot be one of its own methods');
  const mode = choiceOption('weight method "combine"', spec, 'mode', ['linear', 'multiplicative'] as const, 'linear');
  const shares = spec.shares as number[] | undefined;
  if (shares !== undefined && shares !== null && !Array.isArray(shares))
    fail('E_BAD_OPTION', 'weight method "combine": option "shares" must be an array of numbers');
  const { combine: _c, methods: _m, ...rest } = opts;
  const sets: Float64Array[] = [];
  const components: Record<string, Float64Array> = {};
  for (const name of methods as string[]) {
    const r = resolve(name)(cols, rest);
    sets.push(r.weights);
    components[name] = r.weights;
  }
  const weights = combineWeights(sets, shares ?? undefined, mode);
  return { weights, detail: { methods: methods.slice(), shares: shares ?? null, mode, components } };
}

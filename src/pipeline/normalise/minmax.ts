import { z } from 'zod';
import { cite, fmtNumber as fmt, methodText } from '../descriptor.js';
import { defineNormalise } from './types.js';
import { allMissing, extent, rangeOption, zeroRange } from './common.js';

/**
 * `minmax`: rescale linearly onto [l, u] (default [0, 100], COINr `n_minmax`):
 *
 *   y = (x' − min x') / (max x' − min x') · (u − l) + l,   x' = direction · x
 *
 * so with direction −1 the smallest raw value scores u: y = (max x − x)/(max x − min x)·(u − l) + l.
 * Min and max over the non-NaN values; NaN stays NaN; all-NaN input gives all NaN. Zero range
 * fails with `E_ZERO_RANGE` (COINr warns and returns NaN). Cost O(n): one read of x for its extent (none
 * when the caller passes it as `facts.input`) and one for the output, written into `facts.out` when given.
 *
 * Reference: COINr `n_minmax()` + `Normalise.numeric()` (R/normalise.R); validated against COINr
 * 1.1.14 `default_Treated` → `default_Normalised` (ASEM, 49 indicators, iMeta directions).
 *
 * @example minmax.run(Float64Array.of(1, 2, 5), { direction: 1, range: [0, 100] }) // [0, 25, 100]
 */
export const minmax = defineNormalise({
  name: 'minmax',
  title: { en: 'min-max', zh: '极差标准化' },
  options: z.strictObject({ range: rangeOption }),
  usesInputExtent: true,
  fillsOut: true,
  run(x, o, facts) {
    const [l, u] = o.range;
    const e = facts?.input ?? extent(x);
    if (e.n === 0) return facts?.out?.fill(NaN) ?? allMissing(x);
    if (!(e.max > e.min)) zeroRange('minmax', 'the range (max − min)', e.min, e.n);
    const out = facts?.out ?? new Float64Array(x.length);
    const span = u - l;
    const { min, max } = e;
    let r: number;
    let atMin: number; // the images of the input's minimum and maximum, by the loop's own expression
    let atMax: number;
    if (o.direction === 1) {
      r = max - min;
      for (let i = 0; i < x.length; i++) out[i] = ((x[i] - min) / r) * span + l;
      atMin = ((min - min) / r) * span + l;
      atMax = ((max - min) / r) * span + l;
    } else {
      // x' = −x: min x' = −max x, so x' − min x' = max x − x
      r = -min - -max;
      for (let i = 0; i < x.length; i++) out[i] = ((-x[i] - -max) / r) * span + l;
      atMin = ((-min - -max) / r) * span + l;
      atMax = ((-max - -max) / r) * span + l;
    }
    // The output's extent without reading it: each operation of the loop is monotone in x (rounding
    // is monotone; r > 0; span of either sign), so its extremes are the images of the input's.
    // With r, span and l finite every image is finite (NaN only where x is NaN: the same count),
    // and no image is −0 unless l is −0 (a sum is −0 only when both terms are), so min/max agree with
    // extent()'s comparisons bit for bit.
    if (facts && Number.isFinite(r) && Number.isFinite(span) && Number.isFinite(l) && !Object.is(l, -0))
      facts.extent = { n: e.n, min: Math.min(atMin, atMax), max: Math.max(atMin, atMax) };
    return out;
  },
  describe(o, ctx) {
    const pooled = o.scope !== 'period';
    const scopeZh = !ctx.panel
      ? ''
      : pooled
        ? '；最大值与最小值在全部单元–时期上统一确定（pooled，混合标准化），以保证各期结果可比'
        : '；最大值与最小值逐期确定（period，按期标准化）';
    const scopeEn = !ctx.panel
      ? ''
      : pooled
        ? ', with the minimum and maximum taken over all unit-periods together (pooled scope), so that scores are comparable over time'
        : ', with the minimum and maximum taken within each period (period scope)';
    const subj = ctx.subject;
    const [l, u] = o.range;
    const scale = l === 0 && u === 1 ? '' : ` × (u − l) + l`;
    return methodText(
      `为消除量纲差异，${subj ? `${subj}` : ''}采用极差标准化（min-max）方法将指标值映射到 [${fmt(l)}, ${fmt(u)}] 区间${cite('handbook')}：正向指标 ` +
        `y_ij = (x_ij − min x_j)/(max x_j − min x_j)${scale}，负向指标 y_ij = (max x_j − x_ij)/(max x_j − min ` +
        `x_j)${scale}${scale ? `，其中 l = ${fmt(l)}，u = ${fmt(u)}` : ''}${scopeZh}。`,
      `${subj ? `${subj} were` : 'All indicators were'} rescaled by min-max normalisation onto ` +
        `[${fmt(l)}, ${fmt(u)}]${cite('handbook')}: y_ij = (x_ij − min x_j)/(max x_j − min x_j)${scale} for positive ` +
        `indicators and y_ij = (max x_j − x_ij)/(max x_j − min x_j)${scale} for negative ` +
        `ones${scale ? `, where l = ${fmt(l)} and u = ${fmt(u)}` : ''}${scopeEn}.`,
    );
  },
});

import { z } from 'zod';
import { fail } from '../../core/errors.js';
import { countMissing } from '../../kernels/sum.js';
import type { ColumnExtent, DescribeContext } from '../descriptor.js';
import type { NormaliseCommon } from './types.js';
import { field } from '../../core/field-text.js';

/**
 * Shared helpers of the normalisation methods: shared option fields, the extent of the non-NaN
 * values, the zero-range error and the phrases of the methods text. Direction follows COINr's
 * `Normalise.numeric()`: the values are multiplied by `direction` before the method is applied,
 * so −1 reverses the order.
 */

/** The `range` option, shared by minmax (target interval) and goalposts (its upper end is the scale). */
export const rangeOption = z
  .tuple([z.number(), z.number()])
  .default([0, 100])
  .meta(
    field({
      en: ['Output range', 'output range [low, high]. Default: [0, 100] (as COINr).'],
      zh: ['输出区间', '标准化值的区间 [下限, 上限]。默认：[0, 100]（与 COINr 相同）。'],
    }),
  );

/** Subject of a normalisation sentence: zh "指标" / en "Indicators were" when it covers all. */
export function subjectOf(ctx: DescribeContext): { zh: string; en: string } {
  return { zh: ctx.subject || '指标', en: ctx.subject ? `${ctx.subject} were` : 'Indicators were' };
}

/** "pooled over all unit-periods" / "within each period" (nothing to say for one period). */
export function scopeShort(o: NormaliseCommon, ctx: DescribeContext): { zh: string; en: string } {
  const pooled = o.scope !== 'period';
  return {
    zh: !ctx.panel ? '在全部单元上计算' : pooled ? '在全部单元–时期上统一计算（pooled）' : '逐期计算（period）',
    en: !ctx.panel ? 'over all units' : pooled ? 'pooled over all unit-periods' : 'within each period',
  };
}

/** How a method that multiplies by the direction treats negative indicators. */
export const DIRECTION_TEXT = { zh: '负向指标先乘以 −1 再计算', en: 'negative indicators are multiplied by −1 first' };

/**
 * Count, minimum and maximum of the non-NaN values of `x`.
 *
 * Two interleaved accumulators halve the chain of dependent comparisons, and NaN needs no test of
 * its own (every comparison with NaN is false). Σ 0·x is 0 unless some value is NaN or ±∞, so the
 * count is the length unless that sum says otherwise; only then are the missing values counted ({@link countMissing}).
 * The loop takes four values a turn (the even ones still go to the first extremes, the odd ones to
 * the second, in order, so ties of ±0 resolve as two at a time would): ≈ 20 % less CPU, the loop being
 * bound by its instruction count.
 */
export function extent(x: Float64Array): ColumnExtent {
  const len = x.length;
  let min0 = Infinity;
  let max0 = -Infinity;
  let min1 = Infinity;
  let max1 = -Infinity;
  let z0 = 0;
  let z1 = 0;
  let z2 = 0;
  let z3 = 0;
  let i = 0;
  for (; i + 3 < len; i += 4) {
    const u = x[i];
    const v = x[i + 1];
    const u2 = x[i + 2];
    const v2 = x[i + 3];
    z0 += 0 * u;
    z1 += 0 * v;
    z2 += 0 * u2;
    z3 += 0 * v2;
    if (u < min0) min0 = u;
    if (u > max0) max0 = u;
    if (v < min1) min1 = v;
    if (v > max1) max1 = v;
    if (u2 < min0) min0 = u2;
    if (u2 > max0) max0 = u2;
    if (v2 < min1) min1 = v2;
    if (v2 > max1) max1 = v2;
  }
  for (; i + 1 < len; i += 2) {
    const u = x[i];
    const v = x[i + 1];
    z0 += 0 * u;
    z1 += 0 * v;
    if (u < min0) min0 = u;
    if (u > max0) max0 = u;
    if (v < min1) min1 = v;
    if (v > max1) max1 = v;
  }
  if (i < len) {
    const u = x[i];
    z0 += 0 * u;
    if (u < min0) min0 = u;
    if (u > max0) max0 = u;
  }
  const n = z0 + z1 + (z2 + z3) === 0 ? len : len - countMissing(x);
  return { n, min: min1 < min0 ? min1 : min0, max: max1 > max0 ? max1 : max0 };
}

/** `E_ZERO_RANGE`: the values do not vary, so the method has nothing to scale. */
export function zeroRange(method: string, what: string, value: number, n: number): never {
  fail('E_ZERO_RANGE', `normalise method "${method}": ${what} is zero — all ${n} non-missing value${n === 1 ? ' is' : 's are'} ${value}`, {
    hint: 'the indicator does not vary here (one period or the whole column): drop it, normalise pooled over periods (scope: pooled), or choose another method',
    data: { value, n },
  });
}

/** All-NaN output of the length of `x`: nothing observed, nothing to normalise (missing stays missing). */
export function allMissing(x: Float64Array): Float64Array {
  return new Float64Array(x.length).fill(NaN);
}

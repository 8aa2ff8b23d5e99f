import { describe, expect, it } from 'vitest';
import { imputeGroupMean } from '../../../src/pipeline/impute/index.js';
import { imputeGroupMedian } from '../../../src/pipeline/impute/index.js';
import { imputePeriodMean } from '../../../src/pipeline/impute/index.js';
import { imputePeriodMedian } from '../../../src/pipeline/impute/index.js';
import { panel, unpanel } from './helpers.js';

// 6 units × 2 periods; groups: A = {0,1,2,3}, B = {4,5}
const x = panel([
  [1, 10],
  [NaN, 20],
  [2, NaN],
  [5, 40],
  [100, NaN],
  [NaN, NaN],
]);
const groups = Int32Array.of(0, 0, 0, 0, 1, 1);
const ctx = { nUnits: 6, nPeriods: 2, periodValues: [2020, 2021], groups };

describe('group and period mean/median imputation (COINr i_mean_grp, i_median_grp, i_mean, i_median per period)', () => {
  it('imputeGroupMean fills with the mean of the same group in the same period; an empty group stays missing', () => {
    // period 1: A mean (1+2+5)/3 = 8/3, B mean 100; period 2: A mean (10+20+40)/3 = 70/3, B has no data
    expect(unpanel(imputeGroupMean(x, ctx, {}), 6)).toEqual([
      [1, 10],
      [8 / 3, 20],
      [2, 70 / 3],
      [5, 40],
      [100, NaN],
      [100, NaN],
    ]);
  });

  it('imputeGroupMedian uses R median() (odd: middle value; even: mean of the two middle)', () => {
    // period 1 A: {1,2,5} → 2; period 2 A: {10,20,40} → 20
    expect(unpanel(imputeGroupMedian(x, ctx, {}), 6)[1]).toEqual([2, 20]);
    const even = panel([[1], [2], [5], [10], [NaN]]);
    const y = imputeGroupMedian(even, { nUnits: 5, nPeriods: 1, periodValues: [1], groups: Int32Array.of(0, 0, 0, 0, 0) }, {});
    expect(y[4]).toBe(3.5);
  });

  it('group methods leave units without a group (−1) untouched and do not use their values', () => {
    const g = Int32Array.of(0, 0, -1, 0, 1, 1);
    const y = unpanel(imputeGroupMean(x, { ...ctx, groups: g }, {}), 6);
    expect(y[1][0]).toBe(3); // (1 + 5)/2: unit 2 (no group) excluded
    expect(y[2][1]).toBeNaN(); // unit 2 not filled
  });

  it('imputePeriodMean and imputePeriodMedian use all units of the period', () => {
    // period 1: {1,2,5,100} mean 27, median 3.5; period 2: {10,20,40} mean 70/3, median 20
    const m = unpanel(imputePeriodMean(x, ctx, {}), 6);
    expect(m[1][0]).toBe(27);
    expect(m[5]).toEqual([27, 70 / 3]);
    const md = unpanel(imputePeriodMedian(x, ctx, {}), 6);
    expect(md[5]).toEqual([3.5, 20]);
  });

  it('group methods without ctx.groups fail with E_NO_GROUPS and a hint', () => {
    const { groups: _g, ...noGroups } = ctx;
    expect(() => imputeGroupMean(x, noGroups, {})).toThrow(expect.objectContaining({ code: 'E_NO_GROUPS', hint: expect.stringMatching(/group/) }));
    expect(() => imputeGroupMedian(x, { ...ctx, groups: Int32Array.of(0, 1) }, {})).toThrow(/groups has length 2/);
  });
});

import { describe, expect, it } from 'vitest';
import { imputeLinear } from '../../../src/pipeline/impute/index.js';
import { NqpfError } from '../../../src/core/errors.js';
import { panel, unpanel } from './helpers.js';

const years = [2018, 2019, 2020, 2021, 2022];

describe('imputeLinear (within unit, linear in period position)', () => {
  it('imputeLinear fills inner gaps on the line and extrapolates constant at both ends', () => {
    // hand: between (2019, 2) and (2022, 8): 2020 → 4, 2021 → 6; 2018 → first value 2
    const x = panel([
      [NaN, 2, NaN, NaN, 8],
      [1, NaN, 3, NaN, NaN],
    ]);
    const y = imputeLinear(x, { nUnits: 2, nPeriods: 5, periodValues: years }, {});
    expect(unpanel(y, 2)).toEqual([
      [2, 2, 4, 6, 8],
      [1, 2, 3, 3, 3],
    ]);
  });

  it('imputeLinear respects unequal period spacing (approx(): 10 at 2000, 40 at 2003 → 20 at 2001)', () => {
    const x = panel([[10, NaN, 40]]);
    const y = imputeLinear(x, { nUnits: 1, nPeriods: 3, periodValues: [2000, 2001, 2003] }, {});
    expect(Array.from(y)).toEqual([10, 20, 40]);
  });

  it('imputeLinear leaves a unit without data missing and does not modify its input', () => {
    const x = panel([
      [NaN, NaN, NaN],
      [1, NaN, 5],
    ]);
    const copy = x.slice();
    const y = imputeLinear(x, { nUnits: 2, nPeriods: 3, periodValues: [1, 2, 3] }, {});
    expect(unpanel(y, 2)).toEqual([
      [NaN, NaN, NaN],
      [1, 3, 5],
    ]);
    expect(Array.from(x)).toEqual(Array.from(copy));
  });

  it('imputeLinear with extrapolate "none" leaves the ends missing', () => {
    const x = panel([[NaN, 2, NaN, 4, NaN]]);
    const y = imputeLinear(x, { nUnits: 1, nPeriods: 5, periodValues: years }, { extrapolate: 'none' });
    expect(Array.from(y)).toEqual([NaN, 2, 3, 4, NaN]);
  });

  it('imputeLinear refuses unsorted period positions and a wrong length', () => {
    expect(() => imputeLinear(panel([[1, NaN, 3]]), { nUnits: 1, nPeriods: 3, periodValues: [2020, 2019, 2021] }, {})).toThrow(/strictly increasing/);
    expect(() => imputeLinear(new Float64Array(5), { nUnits: 2, nPeriods: 3, periodValues: [1, 2, 3] }, {})).toThrow(NqpfError);
  });
});

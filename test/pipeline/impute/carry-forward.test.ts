import { describe, expect, it } from 'vitest';
import { imputeCarryForward } from '../../../src/pipeline/impute/index.js';
import { panel, unpanel } from './helpers.js';

const ctx = (nU: number, nT: number) => ({ nUnits: nU, nPeriods: nT, periodValues: Array.from({ length: nT }, (_, t) => 2000 + t) });

describe('imputeCarryForward (LOCF, then leading gaps backward)', () => {
  it('imputeCarryForward carries the last observation forward and fills the leading gap with the first one', () => {
    // zoo::na.locf(na.locf(x, na.rm = FALSE), fromLast = TRUE) by hand
    const x = panel([
      [NaN, 3, NaN, NaN, 5, NaN],
      [1, NaN, 2, NaN, NaN, NaN],
      [NaN, NaN, NaN, NaN, NaN, NaN],
    ]);
    const y = imputeCarryForward(x, ctx(3, 6), {});
    expect(unpanel(y, 3)).toEqual([
      [3, 3, 3, 3, 5, 5],
      [1, 1, 2, 2, 2, 2],
      [NaN, NaN, NaN, NaN, NaN, NaN],
    ]);
  });

  it('imputeCarryForward with fillLeading false leaves cells before the first observation missing', () => {
    const y = imputeCarryForward(panel([[NaN, 3, NaN]]), ctx(1, 3), { fillLeading: false });
    expect(Array.from(y)).toEqual([NaN, 3, 3]);
  });
});

import { describe, expect, it } from 'vitest';
import { imputeCarryBackward } from '../../../src/pipeline/impute/index.js';
import { panel, unpanel } from './helpers.js';

const ctx = (nU: number, nT: number) => ({ nUnits: nU, nPeriods: nT, periodValues: Array.from({ length: nT }, (_, t) => 2000 + t) });

describe('imputeCarryBackward (NOCB, then trailing gaps forward)', () => {
  it('imputeCarryBackward carries the next observation back and fills the trailing gap with the last one', () => {
    const x = panel([
      [1, NaN, NaN, 4, NaN],
      [NaN, 7, NaN, 9, 10],
    ]);
    const y = imputeCarryBackward(x, ctx(2, 5), {});
    expect(unpanel(y, 2)).toEqual([
      [1, 4, 4, 4, 4],
      [7, 7, 9, 9, 10],
    ]);
  });

  it('imputeCarryBackward with fillTrailing false leaves cells after the last observation missing', () => {
    const y = imputeCarryBackward(panel([[NaN, 3, NaN]]), ctx(1, 3), { fillTrailing: false });
    expect(Array.from(y)).toEqual([3, 3, NaN]);
  });
});

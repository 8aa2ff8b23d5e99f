import { describe, expect, it } from 'vitest';
import { getWeightMethod, weightMethods } from '../../../src/pipeline/weight/index.js';
import { WEIGHT_METHODS } from '../../../src/spec/schema.js';

describe('weight registry', () => {
  it('weightMethods registers every method the spec schema allows', () => {
    expect(Object.keys(weightMethods).sort()).toEqual([...WEIGHT_METHODS].sort());
  });

  it('getWeightMethod("entropyy") throws E_UNKNOWN_METHOD listing the known names', () => {
    expect(() => getWeightMethod('entropyy', 'steps.weight.method')).toThrowError(
      expect.objectContaining({
        code: 'E_UNKNOWN_METHOD',
        message: expect.stringContaining('known: equal, nominal, entropy'),
        location: { path: 'steps.weight.method' },
      }),
    );
  });

  it('equal gives 1/m and nominal rescales the framework weights', () => {
    const cols = [Float64Array.of(1, 2), Float64Array.of(3, NaN), Float64Array.of(0, 0), Float64Array.of(5, 5)];
    expect(Array.from(getWeightMethod('equal')(cols, {}).weights)).toEqual([0.25, 0.25, 0.25, 0.25]);
    expect(Array.from(getWeightMethod('nominal')(cols, { weights: [1, 1, 2, 4] }).weights)).toEqual([0.125, 0.125, 0.25, 0.5]);
    expect(() => getWeightMethod('nominal')(cols, { weights: [1, 2] })).toThrowError(expect.objectContaining({ code: 'E_BAD_OPTION' }));
  });

  it('every data-driven method refuses columns of different lengths and infinite values', () => {
    for (const name of ['equal', 'entropy', 'critic', 'cv', 'sd', 'pca']) {
      expect(() => weightMethods[name]([Float64Array.of(1, 2), Float64Array.of(1)], {})).toThrowError(expect.objectContaining({ code: 'E_BAD_INPUT' }));
      expect(() => weightMethods[name]([Float64Array.of(1, Infinity, 3), Float64Array.of(1, 2, 3)], {})).toThrowError(
        expect.objectContaining({ code: 'E_NONFINITE' }),
      );
    }
  });
});

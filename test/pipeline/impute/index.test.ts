import { describe, expect, it } from 'vitest';
import { countImputed, countMissing, getImputeMethod, imputeMethods, runImpute } from '../../../src/pipeline/impute/index.js';
import { NqpfError } from '../../../src/core/errors.js';

describe('impute registry', () => {
  it('imputeMethods registers the eight documented methods', () => {
    expect(Object.keys(imputeMethods).sort()).toEqual(
      ['carry_backward', 'carry_forward', 'group_mean', 'group_median', 'linear', 'none', 'period_mean', 'period_median'],
    );
  });

  it('getImputeMethod("linaer") fails with E_UNKNOWN_METHOD listing known names and suggesting "linear"', () => {
    try {
      getImputeMethod('linaer', 'steps.impute.method');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(NqpfError);
      const err = e as NqpfError;
      expect(err.code).toBe('E_UNKNOWN_METHOD');
      expect(err.message).toMatch(/invalid impute method: "linaer" \(known: none, linear/);
      expect(err.hint).toMatch(/linear/);
      expect(err.location?.path).toBe('steps.impute.method');
    }
    expect(() => getImputeMethod('toString')).toThrow(/invalid impute method/);
  });

  it('runImpute counts filled and remaining cells; none fills nothing', () => {
    const x = Float64Array.of(1, NaN, NaN, 4); // 1 unit × 4 periods
    const ctx = { nUnits: 1, nPeriods: 4, periodValues: [1, 2, 3, 4] };
    expect(runImpute('linear', x, ctx)).toEqual({ values: Float64Array.of(1, 2, 3, 4), filled: 2, remaining: 0 });
    const r = runImpute('none', x, ctx);
    expect(r.filled).toBe(0);
    expect(r.remaining).toBe(2);
    expect(r.values).not.toBe(x);
    expect(countImputed(Float64Array.of(NaN, 1, NaN), Float64Array.of(2, 1, NaN))).toBe(1);
    expect(countMissing(Float64Array.of(NaN, 1, NaN))).toBe(2);
  });
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { countImputed, countMissing, getImputeMethod, IMPUTE, imputeMethods, runImpute } from '../../../src/pipeline/impute/index.js';
import { resolveLog } from '../../../src/pipeline/log.js';
import { buildFramework } from '../../../src/core/framework.js';
import { IMPUTE_METHODS, StepsSpec } from '../../../src/spec/schema.js';
import { NqpfError } from '../../../src/core/errors.js';

describe('impute registry', () => {
  it('the spec lists exactly the registry, in its order, and every method has a row in docs/methods.md', () => {
    expect(IMPUTE_METHODS).toEqual(IMPUTE.map((d) => d.name));
    const doc = readFileSync(new URL('../../../docs/methods.md', import.meta.url), 'utf8');
    const section = doc.slice(doc.indexOf('## Impute'), doc.indexOf('## Screen'));
    for (const d of IMPUTE) expect(section, d.name).toContain(`\`${d.name}\``);
  });

  it('the run log records a method option only when given, and the group only for grouped methods', () => {
    const fw = buildFramework([{ code: 'IDX' }, { code: 'x1', parent: 'IDX' }, { code: 'x2', parent: 'IDX' }]);
    const steps = StepsSpec.parse({ impute: { method: 'linear', group: 'region', overrides: { x2: { method: 'group_mean' } } } });
    expect(resolveLog(steps, fw, 'zone')[1].options.byIndicator).toEqual({ x1: { method: 'linear' }, x2: { method: 'group_mean', group: 'region' } });
    const withOpt = StepsSpec.parse({ impute: { method: 'linear', extrapolate: 'none', overrides: { x2: { method: 'group_mean' } } } });
    expect(resolveLog(withOpt, fw, 'zone')[1].options.byIndicator).toEqual({
      x1: { method: 'linear', extrapolate: 'none' },
      x2: { method: 'group_mean', group: 'zone' },
    });
  });

  it('a wrong option is E_BAD_OPTION naming the method and the option', () => {
    const ctx = { nUnits: 1, nPeriods: 2, periodValues: [1, 2] };
    expect(() => getImputeMethod('linear')(Float64Array.of(1, NaN), ctx, { extrapolate: 'both' })).toThrow(
      expect.objectContaining({ code: 'E_BAD_OPTION', message: expect.stringMatching(/impute method "linear": option "extrapolate"/) }),
    );
  });

  it('imputeMethods registers the eight documented methods', () => {
    expect(Object.keys(imputeMethods).sort()).toEqual([
      'carry_backward',
      'carry_forward',
      'group_mean',
      'group_median',
      'linear',
      'none',
      'period_mean',
      'period_median',
    ]);
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

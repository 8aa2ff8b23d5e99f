import { describe, expect, it } from 'vitest';
import { treatBoxCox, treatLog } from '../../../src/pipeline/treat/index.js';
import { close } from '../../helpers/shared.js';

// scipy.stats.boxcox(np.array([0.5, 1, 2, 4, 10.]), lmbda=...)
const x = Float64Array.of(0.5, 1, 2, 4, 10);
const half = [-0.585786437626905, 0, 0.8284271247461901, 2, 4.324555320336759];
const minus15 = [-1.21895141649746, 0, 0.43096440627115085, 0.5833333333333334, 0.6455848155988775];

describe('treatBoxCox (given λ)', () => {
  it.each([
    [0.5, half],
    [-1.5, minus15],
  ] as const)('treatBoxCox with λ = %s matches scipy.stats.boxcox', (lambda, want) => {
    const r = treatBoxCox(x, { lambda });
    want.forEach((w, i) => expect(close(r.values[i], w)).toBe(true));
    expect(r.report).toMatchObject({ method: 'boxcox', log: false });
  });

  it('treatBoxCox with λ = 0 equals treatLog, and λ → 0 converges to it', () => {
    expect(Array.from(treatBoxCox(x, { lambda: 0 }).values)).toEqual(Array.from(treatLog(x, {}).values));
    const near = treatBoxCox(x, { lambda: 1e-9 }).values;
    const lg = treatLog(x, {}).values;
    for (let i = 0; i < x.length; i++) expect(Math.abs(near[i] - lg[i])).toBeLessThan(1e-7);
  });

  it('treatBoxCox refuses non-positive values (or shift them); lambda defaults to 0 (the log) as in the spec', () => {
    expect(() => treatBoxCox(Float64Array.of(1, 0), { lambda: 0.5 })).toThrow(
      expect.objectContaining({ code: 'E_NONPOSITIVE', message: expect.stringMatching(/1 value /) }),
    );
    expect(treatBoxCox(Float64Array.of(1, 0), { lambda: 1, shift: 1 }).values[1]).toBe(0);
    expect(Array.from(treatBoxCox(x, {}).values)).toEqual(Array.from(treatLog(x, {}).values));
    expect(() => treatBoxCox(x, { lambda: 'half' })).toThrow(expect.objectContaining({ code: 'E_BAD_OPTION' }));
  });
});

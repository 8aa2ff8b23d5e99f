import { describe, expect, it } from 'vitest';
import { getTreatMethod, treatMethods } from '../../../src/pipeline/treat/index.js';

describe('treat registry', () => {
  it('treatMethods registers none, coinr, winsorise_quantile, log, log_ct, log_ct_plus, boxcox', () => {
    expect(Object.keys(treatMethods).sort()).toEqual(['boxcox', 'coinr', 'log', 'log_ct', 'log_ct_plus', 'none', 'winsorise_quantile']);
  });

  it('getTreatMethod("coinR") fails with E_UNKNOWN_METHOD and suggests "coinr"', () => {
    expect(() => getTreatMethod('coinR', 'steps.treat.method')).toThrow(
      expect.objectContaining({ code: 'E_UNKNOWN_METHOD', message: expect.stringMatching(/invalid treat method: "coinR" \(known: none, coinr/), hint: expect.stringMatching(/coinr/) }),
    );
  });

  it('treat none returns an untouched copy and says so', () => {
    const x = Float64Array.of(1, NaN, 3);
    const r = getTreatMethod('none')(x, {});
    expect(r.values).not.toBe(x);
    expect(Array.from(r.values)).toEqual([1, NaN, 3]);
    expect(r.report).toEqual({ method: 'none', treated: false, winsorised: 0, log: false });
  });
});

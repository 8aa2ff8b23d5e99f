import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { getTreatMethod, TREAT, treatMethods } from '../../../src/pipeline/treat/index.js';
import { TREAT_METHODS } from '../../../src/spec/schema.js';

describe('treat registry', () => {
  it('the spec lists exactly the registry, in its order, and every method has a kernel and a mention in docs/methods.md', () => {
    expect(TREAT_METHODS).toEqual(TREAT.map((d) => d.name));
    expect(Object.keys(treatMethods)).toEqual(['none', 'coinr', 'winsorise_quantile', 'log', 'log_ct', 'log_ct_plus', 'boxcox']);
    const doc = readFileSync(new URL('../../../docs/methods.md', import.meta.url), 'utf8');
    const section = doc.slice(doc.indexOf('## Treat'), doc.indexOf('## Normalise'));
    for (const d of TREAT) expect(section, d.name).toContain(`\`${d.name}\``);
  });

  it('a wrong option is E_BAD_OPTION naming the method and the option; an unknown one is refused', () => {
    expect(() => getTreatMethod('coinr')(Float64Array.of(1, 2, 3, 4), { winmax: -1 })).toThrow(
      expect.objectContaining({ code: 'E_BAD_OPTION', message: expect.stringMatching(/treat method "coinr": option "winmax"/) }),
    );
    expect(() => getTreatMethod('log')(Float64Array.of(1, 2), { lambda: 1 })).toThrow(
      expect.objectContaining({ code: 'E_BAD_OPTION', message: expect.stringMatching(/"lambda" is not an option/) }),
    );
  });

  it('getTreatMethod("coinR") fails with E_UNKNOWN_METHOD and suggests "coinr"', () => {
    expect(() => getTreatMethod('coinR', 'steps.treat.method')).toThrow(
      expect.objectContaining({
        code: 'E_UNKNOWN_METHOD',
        message: expect.stringMatching(/invalid treat method: "coinR" \(known: none, coinr/),
        hint: expect.stringMatching(/coinr/),
      }),
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

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { getNormaliseMethod, normaliseMethods, NORMALISE } from '../../../src/pipeline/normalise/index.js';
import { NORMALISE_METHODS } from '../../../src/spec/schema.js';

describe('normalise registry', () => {
  it('every registered method has a kernel and a row in the Normalise table of docs/methods.md', () => {
    const doc = readFileSync(new URL('../../../docs/methods.md', import.meta.url), 'utf8');
    const section = doc.slice(doc.indexOf('## Normalise'), doc.indexOf('## Weight'));
    expect(Object.keys(normaliseMethods)).toEqual(NORMALISE.map((d) => d.name));
    for (const d of NORMALISE) expect(section, d.name).toContain(`| \`${d.name}\` |`);
  });

  it('the spec lists exactly the registry, in its order', () => {
    expect(NORMALISE_METHODS).toEqual(NORMALISE.map((d) => d.name));
  });

  it('getNormaliseMethod("minmaxx") fails with the conventions message and suggests "minmax"', () => {
    expect(() => getNormaliseMethod('minmaxx', 'steps.normalise.method')).toThrow(
      expect.objectContaining({
        code: 'E_UNKNOWN_METHOD',
        message: expect.stringMatching(/^invalid normalise method: "minmaxx" \(known: none, minmax, zscore/),
        hint: 'did you mean "minmax"?',
        location: { path: 'steps.normalise.method' },
      }),
    );
  });

  it('normalise none only applies the direction', () => {
    expect(Array.from(normaliseMethods.none(Float64Array.of(1, NaN, -2), { direction: -1 }))).toEqual([-1, NaN, 2]);
  });

  it('every method leaves its input untouched', () => {
    const opts = { direction: -1 as const, target: 0.5, goalposts: [0, 10] };
    for (const [name, f] of Object.entries(normaliseMethods)) {
      const x = Float64Array.of(3, 1, NaN, 2);
      f(x, opts);
      expect(Array.from(x), name).toEqual([3, 1, NaN, 2]);
    }
  });
});

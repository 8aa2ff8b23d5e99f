import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AGGREGATE, aggregateMethods, getAggregateMethod } from '../../../src/pipeline/aggregate/index.js';
import { AGGREGATE_METHODS } from '../../../src/spec/schema.js';

const f = (...v: number[]) => Float64Array.from(v);

describe('aggregate registry', () => {
  it('the spec lists exactly the registry, in its order, and every method has a kernel and a row in docs/methods.md', () => {
    expect(AGGREGATE_METHODS).toEqual(AGGREGATE.map((d) => d.name));
    expect(Object.keys(aggregateMethods)).toEqual(AGGREGATE.map((d) => d.name));
    const doc = readFileSync(new URL('../../../docs/methods.md', import.meta.url), 'utf8');
    const section = doc.slice(doc.indexOf('### Aggregation methods'), doc.indexOf('## Ranks'));
    for (const d of AGGREGATE) expect(section, d.name).toContain(`| \`${d.name}\` |`);
  });

  it('getAggregateMethod("geometirc") throws E_UNKNOWN_METHOD with a did-you-mean hint', () => {
    expect(() => getAggregateMethod('geometirc', 'steps.aggregate.method')).toThrowError(
      expect.objectContaining({ code: 'E_UNKNOWN_METHOD', hint: 'did you mean "geometric"?' }),
    );
  });

  it('every method applies datThreshold: a row with 1 of 3 children available is NaN at 0.5', () => {
    const cols = [f(2, 3, NaN), f(4, 5, 6), f(1, 8, NaN)];
    for (const name of Object.keys(aggregateMethods)) {
      const out = getAggregateMethod(name)(cols, f(1, 1, 1), { datThreshold: 0.5, skipMissing: name === 'topsis' ? true : undefined });
      expect(out[2], name).toBeNaN();
      expect(Number.isFinite(out[0]) && Number.isFinite(out[1]), name).toBe(true);
    }
  });

  it('no method modifies its inputs', () => {
    for (const name of Object.keys(aggregateMethods)) {
      const cols = [f(2, 3, NaN), f(4, 5, 6)];
      const w = f(1, 2);
      getAggregateMethod(name)(cols, w, { skipMissing: name === 'topsis' ? true : undefined });
      expect(Array.from(cols[0]), name).toEqual([2, 3, NaN]);
      expect(Array.from(w), name).toEqual([1, 2]);
    }
  });
});

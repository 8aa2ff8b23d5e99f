import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { aggregateArithmetic } from '../../../src/pipeline/aggregate/index.js';
import { close, parseCsvSimple, readRefTable, sharedAvailable, sharedPath } from '../../helpers/shared.js';

const f = (...v: number[]) => Float64Array.from(v);

describe('aggregateArithmetic', () => {
  it('aggregateArithmetic drops NaN children and rescales their weights (COINr a_amean)', () => {
    const out = aggregateArithmetic([f(1, NaN, NaN), f(3, 4, NaN)], f(1, 3), {});
    expect(out[0]).toBe(2.5);
    expect(out[1]).toBe(4);
    expect(out[2]).toBeNaN();
  });

  it('aggregateArithmetic with datThreshold 0.6 sets rows with half their children missing to NaN', () => {
    const out = aggregateArithmetic([f(1, NaN), f(3, 4)], f(1, 3), { datThreshold: 0.6 });
    expect(out[0]).toBe(2.5);
    expect(out[1]).toBeNaN();
    expect(aggregateArithmetic([f(1, NaN), f(3, 4)], f(1, 3), { datThreshold: 0.5 })[1]).toBe(4);
  });

  it('aggregateArithmetic refuses wrong weight counts, negative weights and a bad datThreshold', () => {
    expect(() => aggregateArithmetic([f(1), f(2)], f(1), {})).toThrowError(expect.objectContaining({ code: 'E_BAD_INPUT' }));
    expect(() => aggregateArithmetic([f(1), f(2)], f(1, -1), {})).toThrowError(expect.objectContaining({ code: 'E_BAD_WEIGHT' }));
    expect(() => aggregateArithmetic([f(1), f(2)], f(0, 0), {})).toThrowError(expect.objectContaining({ code: 'E_BAD_WEIGHT' }));
    expect(() => aggregateArithmetic([f(1)], f(1), { datThreshold: 1.5 })).toThrowError(expect.objectContaining({ code: 'E_BAD_OPTION' }));
  });

  it('aggregateArithmetic does not modify its inputs', () => {
    const a = f(1, NaN),
      b = f(3, 4),
      w = f(1, 3);
    aggregateArithmetic([a, b], w, { datThreshold: 0.9 });
    expect(Array.from(a)).toEqual([1, NaN]);
    expect(Array.from(w)).toEqual([1, 3]);
  });
});

describe.skipIf(!sharedAvailable)('aggregateArithmetic against COINr (ASEM, default_Aggregated)', () => {
  const norm = sharedAvailable ? readRefTable(readFileSync(sharedPath('reference/coinr-asem/default_Normalised.csv'), 'utf8')) : undefined;
  const agg = sharedAvailable ? readRefTable(readFileSync(sharedPath('reference/coinr-asem/default_Aggregated.csv'), 'utf8')) : undefined;
  const meta = sharedAvailable ? parseCsvSimple(readFileSync(sharedPath('data/asem/asem_imeta.csv'), 'utf8').replace(/^\uFEFF/, '')) : [];
  const h = meta[0] ?? [];
  const rows = meta.slice(1).filter((r) => r.length > 1 && r[h.indexOf('Level')] !== '');
  const nodes = rows.map((r) => ({
    level: Number(r[h.indexOf('Level')]),
    code: r[h.indexOf('iCode')],
    weight: Number(r[h.indexOf('Weight')]),
    parent: r[h.indexOf('Parent')],
  }));
  const aggregates = nodes.filter((n) => n.level >= 2);
  const units = agg ? [...agg.rows.keys()] : [];
  const column = (t: NonNullable<typeof agg>, code: string) => Float64Array.from(units, (u) => t.rows.get(u)!.get(code)!);

  it('the framework has 8 pillars, 2 sub-indices and the index', () => {
    expect(aggregates.map((a) => a.code).sort()).toEqual(
      ['Conn', 'ConEcFin', 'Environ', 'Index', 'Instit', 'P2P', 'Physical', 'Political', 'Social', 'Sust', 'SusEcFin'].sort(),
    );
    expect(units.length).toBe(51);
  });

  it('each aggregate equals the weighted arithmetic mean of its children (inputs: COINr values one level down) to 1e-9', () => {
    for (const a of aggregates) {
      const children = nodes.filter((n) => n.parent === a.code);
      const cols = children.map((c) => (c.level === 1 ? column(norm!, c.code) : column(agg!, c.code)));
      const out = aggregateArithmetic(
        cols,
        Float64Array.from(children, (c) => c.weight),
        {},
      );
      const ref = column(agg!, a.code);
      for (let i = 0; i < units.length; i++) {
        if (!close(out[i], ref[i])) throw new Error(`${a.code} ${units[i]}: ${out[i]} vs COINr ${ref[i]}`);
      }
    }
  });

  it('chaining the aggregation from the normalised indicators alone reproduces COINr’s Index to 1e-9', () => {
    const scores = new Map<string, Float64Array>();
    for (const n of nodes.filter((x) => x.level === 1)) scores.set(n.code, column(norm!, n.code));
    for (const level of [2, 3, 4]) {
      for (const a of aggregates.filter((x) => x.level === level)) {
        const children = nodes.filter((n) => n.parent === a.code);
        scores.set(
          a.code,
          aggregateArithmetic(
            children.map((c) => scores.get(c.code)!),
            Float64Array.from(children, (c) => c.weight),
            {},
          ),
        );
      }
    }
    const idx = scores.get('Index')!;
    const ref = column(agg!, 'Index');
    for (let i = 0; i < units.length; i++) expect(close(idx[i], ref[i])).toBe(true);
  });
});

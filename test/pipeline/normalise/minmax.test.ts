import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { minmax } from '../../../src/pipeline/normalise/minmax.js';
import { extent } from '../../../src/pipeline/normalise/common.js';
import type { NormaliseFacts } from '../../../src/pipeline/normalise/index.js';
import { normaliseMinmax } from '../../../src/pipeline/normalise/index.js';
import { close, parseCsvSimple, readRefTable, sharedAvailable, sharedPath } from '../../helpers/shared.js';

describe('normaliseMinmax (COINr n_minmax, direction applied first)', () => {
  it('normaliseMinmax maps min → l and max → u linearly; NaN stays NaN', () => {
    expect(Array.from(normaliseMinmax(Float64Array.of(1, 2, NaN, 5), { direction: 1 }))).toEqual([0, 25, NaN, 100]);
    expect(Array.from(normaliseMinmax(Float64Array.of(1, 2, 5), { direction: 1, range: [1, 9] }))).toEqual([1, 3, 9]);
    // COINr's argument names are not options of the spec (or of the kernel): refused, not ignored
    expect(() => normaliseMinmax(Float64Array.of(1, 2, 5), { direction: 1, l_u: [0, 1] })).toThrow(
      expect.objectContaining({ code: 'E_BAD_OPTION', message: expect.stringContaining('"l_u" is not an option') }),
    );
  });

  it('normaliseMinmax with direction −1 gives the smallest raw value the top score', () => {
    expect(Array.from(normaliseMinmax(Float64Array.of(1, 2, 5), { direction: -1 }))).toEqual([100, 75, 0]);
  });

  it('normaliseMinmax on a constant vector fails with E_ZERO_RANGE and a hint; all-NaN gives all NaN', () => {
    expect(() => normaliseMinmax(Float64Array.of(4, NaN, 4), { direction: 1 })).toThrow(
      expect.objectContaining({ code: 'E_ZERO_RANGE', hint: expect.stringMatching(/pooled/) }),
    );
    expect(Array.from(normaliseMinmax(Float64Array.of(NaN, NaN), { direction: 1 }))).toEqual([NaN, NaN]);
    expect(() => normaliseMinmax(Float64Array.of(1, 2), { direction: 2 as 1 })).toThrow(expect.objectContaining({ code: 'E_BAD_OPTION' }));
  });

  it('normaliseMinmax output lies in [l, u] and hits both ends (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 2, maxLength: 50 }),
        fc.double({ min: -100, max: 100, noNaN: true }),
        fc.double({ min: 0.1, max: 100, noNaN: true }),
        fc.constantFrom(1 as const, -1 as const),
        (v, l, w, direction) => {
          fc.pre(Math.max(...v) > Math.min(...v));
          const u = l + w;
          const y = normaliseMinmax(Float64Array.from(v), { direction, range: [l, u] });
          const tol = 1e-9 * (Math.abs(l) + Math.abs(u));
          return y.every((t) => t >= l - tol && t <= u + tol) && y.some((t) => Math.abs(t - l) <= tol) && y.some((t) => Math.abs(t - u) <= tol);
        },
      ),
    );
  });
});

describe('minmax facts: the output extent without reading the output', () => {
  it('minmax reports extent(out) bit for bit (n, and min/max by Object.is) on any input, both directions, any finite range (property)', () => {
    const cell = fc.oneof(
      { arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }), weight: 6 },
      { arbitrary: fc.double({ min: -3, max: 3, noNaN: true }), weight: 6 },
      fc.constantFrom(NaN, 0, -0, 1, -1, Infinity, -Infinity, 5e-324, -5e-324, 1.7976931348623157e308, -1.7976931348623157e308),
    );
    const end = fc.oneof(fc.double({ noNaN: true }), fc.constantFrom(0, -0, 1, 100, -1));
    fc.assert(
      fc.property(
        fc.oneof(
          fc.array(cell, { minLength: 1, maxLength: 60 }),
          fc.array(fc.constantFrom(0, -0, 1, 2, NaN), { minLength: 1, maxLength: 8 }), // signed zeros at the extremes
        ),
        fc.constantFrom<1 | -1>(1, -1),
        end,
        end,
        (xs, direction, l, u) => {
          const x = Float64Array.from(xs);
          const facts: NormaliseFacts = {};
          let out: Float64Array;
          try {
            out = minmax.run(x, { direction, range: [l, u] }, facts);
          } catch {
            return; // zero range: nothing returned, nothing reported
          }
          const e = extent(out);
          if (!facts.extent) {
            // reported whenever the range and the input's span are finite and l is not −0
            const ex = extent(x);
            const finite = ex.n > 0 && Number.isFinite(ex.max - ex.min) && Number.isFinite(u - l) && Number.isFinite(l) && !Object.is(l, -0);
            expect(finite).toBe(false);
            return;
          }
          expect(facts.extent.n).toBe(e.n);
          expect(Object.is(facts.extent.min, e.min)).toBe(true);
          expect(Object.is(facts.extent.max, e.max)).toBe(true);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('minmax reports the extent of the pooled [0, 1] columns a pipeline aggregates (direction ±1, NaN cells)', () => {
    for (const direction of [1, -1] as const) {
      const x = Float64Array.from({ length: 5000 }, (_, i) => (i % 97 === 0 ? NaN : Math.exp(Math.sin(i) * 3) * 7.3));
      const facts: NormaliseFacts = {};
      const out = minmax.run(x, { direction, range: [0, 1] }, facts);
      expect(facts.extent).toEqual(extent(out));
      expect(facts.extent).toEqual({ n: 5000 - 52, min: 0, max: 1 });
    }
  });
});

describe.skipIf(!sharedAvailable)('normaliseMinmax vs COINr 1.1.14 (ASEM default_Treated → default_Normalised)', () => {
  it('normaliseMinmax [0, 100] with iMeta directions reproduces default_Normalised for all 49 indicators', () => {
    const tre = readRefTable(readFileSync(sharedPath('reference/coinr-asem/default_Treated.csv'), 'utf8'));
    const nor = readRefTable(readFileSync(sharedPath('reference/coinr-asem/default_Normalised.csv'), 'utf8'));
    const meta = parseCsvSimple(readFileSync(sharedPath('data/asem/asem_imeta.csv'), 'utf8'));
    const h = meta[0];
    const dir = new Map(
      meta
        .slice(1)
        .filter((r) => r.length > 3)
        .map((r) => [r[h.indexOf('iCode')], Number(r[h.indexOf('Direction')])]),
    );
    const units = [...tre.rows.keys()];
    expect(tre.cols.length).toBe(49);
    expect([...dir.values()].filter((d) => d === -1).length).toBeGreaterThan(0);
    let mismatches = 0;
    for (const c of tre.cols) {
      const d = dir.get(c);
      expect(d === 1 || d === -1).toBe(true);
      const y = normaliseMinmax(
        Float64Array.from(units, (u) => tre.rows.get(u)!.get(c)!),
        { direction: d as 1 | -1 },
      );
      units.forEach((u, i) => {
        if (!close(y[i], nor.rows.get(u)!.get(c)!)) mismatches++;
      });
    }
    expect(mismatches).toBe(0);
  });
});

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { close } from '../helpers/shared.js';
import { obstacle } from '../../src/analysis/obstacle/obstacle.js';
import type { NqpfError } from '../../src/core/errors.js';

function errorOf(f: () => unknown): NqpfError {
  try {
    f();
  } catch (e) {
    return e as NqpfError;
  }
  throw new Error('no error thrown');
}

describe('obstacle(Y, w, groups, nDims)', () => {
  it('hand-worked case: deviations, shares, dimension sums and top-3', () => {
    // 4 indicators, weights 0.4, 0.3, 0.2, 0.1; dims {0: ind 0, 1}, {1: ind 2, 3}
    // obs 0: y = 0.5, 0.0, 1.0, 0.2 → I = 0.5, 1, 0, 0.8 → wI = 0.2, 0.3, 0, 0.08 (Σ 0.58)
    //   O = 0.2/0.58, 0.3/0.58, 0, 0.08/0.58; U = 0.5/0.58, 0.08/0.58; top: 1, 0, 3
    // obs 1: y = 1, 1, 0.5, 0.5 → wI = 0, 0, 0.1, 0.05 (Σ 0.15) → O = 0, 0, 2/3, 1/3; top: 2, 3, then 0 (tie 0 = 0 → lower index)
    const Y = [Float64Array.of(0.5, 1), Float64Array.of(0, 1), Float64Array.of(1, 0.5), Float64Array.of(0.2, 0.5)];
    const r = obstacle(Y, Float64Array.of(0.4, 0.3, 0.2, 0.1), Int32Array.of(0, 0, 1, 1), 2);
    const o0 = [0.2 / 0.58, 0.3 / 0.58, 0, 0.08 / 0.58];
    o0.forEach((v, j) => expect(close(r.obstacle[j][0], v)).toBe(true));
    [0, 0, 2 / 3, 1 / 3].forEach((v, j) => expect(close(r.obstacle[j][1], v)).toBe(true));
    expect(close(r.deviation[3][0], 0.8)).toBe(true);
    expect(close(r.dimension[0][0], 0.5 / 0.58)).toBe(true);
    expect(close(r.dimension[1][0], 0.08 / 0.58)).toBe(true);
    expect(close(r.dimension[1][1], 1)).toBe(true);
    expect(r.k).toBe(3);
    expect(Array.from(r.topIndex)).toEqual([1, 0, 3, 2, 3, 0]);
    expect(close(r.topValue[0], 0.3 / 0.58)).toBe(true);
    expect(r.reason).toEqual([null, null]);
  });

  it('a unit at the ideal everywhere: O and U are NaN with a "no deviation" reason, top-k −1', () => {
    const r = obstacle([Float64Array.of(1, 0.5), Float64Array.of(1, 1)], Float64Array.of(0.5, 0.5), Int32Array.of(0, 0), 1, { k: 1 });
    expect(r.obstacle[0][0]).toBeNaN();
    expect(r.dimension[0][0]).toBeNaN();
    expect(r.reason[0]).toMatch(/^no deviation/);
    expect(r.topIndex[0]).toBe(-1);
    expect(r.reason[1]).toBeNull();
    expect(r.obstacle[0][1]).toBe(1);
    expect(r.topIndex[1]).toBe(0);
  });

  it('property: shares sum to 1, dimension sums add up to 1, top-k is sorted and matches the largest shares', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 8 }).chain((m) =>
          fc.record({
            m: fc.constant(m),
            nDims: fc.integer({ min: 1, max: m }),
            y: fc.array(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 5, maxLength: 5 }), { minLength: m, maxLength: m }),
            w: fc.array(fc.double({ min: 0.01, max: 1, noNaN: true }), { minLength: m, maxLength: m }),
          }),
        ),
        ({ m, nDims, y, w }) => {
          const ws = w.reduce((a, v) => a + v, 0);
          const wn = Float64Array.from(w, (v) => v / ws);
          const wsum = wn.reduce((a, v) => a + v, 0);
          wn[0] += 1 - wsum; // exact-ish sum 1
          const groups = Int32Array.from({ length: m }, (_, j) => j % nDims);
          const r = obstacle(
            y.map((c) => Float64Array.from(c)),
            wn,
            groups,
            nDims,
          );
          for (let i = 0; i < 5; i++) {
            if (r.reason[i] !== null) continue;
            let s = 0;
            for (let j = 0; j < m; j++) s += r.obstacle[j][i];
            expect(Math.abs(s - 1)).toBeLessThan(1e-12);
            let sd = 0;
            for (let d = 0; d < nDims; d++) sd += r.dimension[d][i];
            expect(Math.abs(sd - 1)).toBeLessThan(1e-12);
            const sorted = Array.from({ length: m }, (_, j) => r.obstacle[j][i]).sort((a, b) => b - a);
            for (let q = 0; q < r.k; q++) {
              expect(r.topValue[i * r.k + q]).toBe(sorted[q]);
              expect(r.obstacle[r.topIndex[i * r.k + q]][i]).toBe(sorted[q]);
            }
          }
        },
      ),
    );
  });

  it('values outside [0, 1] → E_VALUE_RANGE (with a 0–100 hint); NaN → E_MISSING_VALUES; weights not summing to 1 → E_BAD_WEIGHT', () => {
    const w = Float64Array.of(0.5, 0.5);
    const g = Int32Array.of(0, 1);
    const e = errorOf(() => obstacle([Float64Array.of(0.5), Float64Array.of(73)], w, g, 2, { names: ['rd', 'patents'] }));
    expect(e.code).toBe('E_VALUE_RANGE');
    expect(e.message).toContain('"patents" is 73');
    expect(e.hint).toMatch(/min-max to \[0, 1\]/);
    expect(errorOf(() => obstacle([Float64Array.of(0.5), Float64Array.of(-0.1)], w, g, 2)).code).toBe('E_VALUE_RANGE');
    expect(errorOf(() => obstacle([Float64Array.of(NaN), Float64Array.of(0.1)], w, g, 2)).code).toBe('E_MISSING_VALUES');
    expect(errorOf(() => obstacle([Float64Array.of(0.5), Float64Array.of(0.1)], Float64Array.of(0.5, 0.6), g, 2)).code).toBe('E_BAD_WEIGHT');
    expect(errorOf(() => obstacle([Float64Array.of(0.5), Float64Array.of(0.1)], w, Int32Array.of(0, 2), 2)).code).toBe('E_LENGTH_MISMATCH');
    expect(errorOf(() => obstacle([Float64Array.of(0.5), Float64Array.of(0.1)], w, g, 2, { k: 0 })).code).toBe('E_BAD_OPTION');
  });

  it('leaves inputs untouched and caps k at the number of indicators', () => {
    const y = Float64Array.of(0.2, 0.4);
    const r = obstacle([y, Float64Array.of(0.1, 0.3)], Float64Array.of(0.5, 0.5), Int32Array.of(0, 0), 1, { k: 5 });
    expect(r.k).toBe(2);
    expect(Array.from(y)).toEqual([0.2, 0.4]);
  });
});

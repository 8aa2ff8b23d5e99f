import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { aggregateCopeland } from '../../../src/pipeline/aggregate/index.js';
import { close } from '../../helpers/shared.js';

const f = (...v: number[]) => Float64Array.from(v);

/*
 * COINr outrankMatrix rule: o_ik = Σ w[x_i > x_k] + ½ Σ w[x_i = x_k], w/sum(w); score = rowSums.
 * Units u1 = (3, 1), u2 = (2, 2), u3 = (1, 2), w = (1, 1) → (0.5, 0.5):
 *   o12 = .5 (col1) + 0 = .5     o13 = .5 + 0 = .5       o23 = .5 + .25 (tie) = .75
 *   o21 = .5   o31 = .5   o32 = .25
 *   scores: u1 = 1.0, u2 = .5 + .75 = 1.25, u3 = .5 + .25 = .75
 */
describe('aggregateCopeland', () => {
  it('aggregateCopeland matches COINr’s outranking rule on complete data (hand-computed)', () => {
    const out = aggregateCopeland([f(3, 2, 1), f(1, 2, 2)], f(1, 1), {});
    expect(close(out[0], 1)).toBe(true);
    expect(close(out[1], 1.25)).toBe(true);
    expect(close(out[2], 0.75)).toBe(true);
  });

  it('aggregateCopeland with a NaN compares each pair over the columns both have, in both directions', () => {
    // u3 = (NaN, 2): o13 = 0 (col2: 1 < 2), o31 = .5; o23 = o32 = .25 (tie on col2)
    const out = aggregateCopeland([f(3, 2, NaN), f(1, 2, 2)], f(1, 1), {});
    expect(close(out[0], 0.5)).toBe(true);
    expect(close(out[1], 0.75)).toBe(true);
    expect(close(out[2], 0.75)).toBe(true);
    expect(aggregateCopeland([f(1, NaN), f(2, NaN)], f(1, 1), {})[1]).toBeNaN();
  });

  it('aggregateCopeland scores are permuted with the rows (order-independent, even with NaN)', () => {
    const cell = fc.oneof(fc.integer({ min: 0, max: 4 }), fc.constant(NaN));
    fc.assert(
      fc.property(fc.array(fc.tuple(cell, cell, cell), { minLength: 2, maxLength: 8 }), (rows) => {
        const cols = [0, 1, 2].map((j) => Float64Array.from(rows, (r) => r[j]));
        const rev = cols.map((c) => c.slice().reverse());
        const w = f(1, 2, 3);
        const a = aggregateCopeland(cols, w, {});
        const b = aggregateCopeland(rev, w, {}).reverse();
        return a.every((x, i) => close(x, b[i]));
      }),
    );
  });
});

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { spatialLag, spatialMarkov } from '../../../src/analysis/markov/spatial-markov.js';
import { markov } from '../../../src/analysis/markov/markov.js';
import type { SpatialWeights } from '../../../src/analysis/spatial/types.js';
import { catchNqpf } from '../../io/catch-nqpf.js';

const f = (...v: number[]) => Float64Array.from(v);
const i32 = (...v: number[]) => Int32Array.from(v);

// A path 0 — 1 — 2 plus an island 3, row-standardised.
const W: SpatialWeights = {
  units: ['a', 'b', 'c', 'd'],
  indptr: i32(0, 1, 3, 4, 4),
  indices: i32(1, 0, 2, 1),
  weights: f(1, 0.5, 0.5, 1),
  style: 'W',
  islands: ['d'],
};

describe('spatialLag', () => {
  it('spatialLag is the weighted sum of neighbours (island → 0), period by period', () => {
    const r = spatialLag(f(1, 2, 4, 9, /* t = 1 */ 10, 20, 40, 90), W);
    expect(Array.from(r.lag)).toEqual([2, 2.5, 2, 0, 20, 25, 20, 0]);
    expect(r.missingLag).toBe(0);
  });

  it('spatialLag refuses NaN unless dropMissing; then only units with a missing neighbour get NaN', () => {
    expect(catchNqpf(() => spatialLag(f(1, NaN, 4, 9), W)).code).toBe('E_MISSING_VALUES');
    const r = spatialLag(f(NaN, 2, 4, 9), W, { dropMissing: true });
    expect(r.lag[0]).toBe(2);
    expect(Number.isNaN(r.lag[1])).toBe(true);
    expect(r.lag[2]).toBe(2);
    expect(r.missingLag).toBe(1);
  });

  it('spatialLag refuses a length that is not whole periods of W.units and malformed weights', () => {
    expect(catchNqpf(() => spatialLag(f(1, 2, 3), W)).code).toBe('E_LENGTH_MISMATCH');
    expect(catchNqpf(() => spatialLag(f(1, 2, 3, 4), { ...W, indices: i32(1, 0, 7, 1) })).code).toBe('E_BAD_INPUT');
    expect(catchNqpf(() => spatialLag(f(1, 2, 3, 4), { ...W, indptr: i32(0, 1, 3) })).code).toBe('E_BAD_INPUT');
  });
});

describe('spatialMarkov', () => {
  it('spatialMarkov splits transitions by the lag class at the start (hand count)', () => {
    // 3 units × 3 periods, k = 2.
    // unit 0: 0 → 1 → 1, lag classes at t = 0, 1: 0, 1
    // unit 1: 1 → 0 → 0, lag classes 1, 1
    // unit 2: 0 → 0 → 1, lag classes 0, 0
    const classes = i32(0, 1, 0, 1, 0, 0, 1, 0, 1);
    const lag = i32(0, 1, 0, 1, 1, 0, 0, 0, 0);
    const r = spatialMarkov(classes, lag, 2, 3);
    // lag 0: 0→1 (u0, t0), 0→0 (u2, t0), 0→1 (u2, t1)
    expect(Array.from(r.conditions[0].counts)).toEqual([1, 2, 0, 0]);
    // lag 1: 1→0 (u1, t0), 1→1 (u0, t1), 0→0 (u1, t1)
    expect(Array.from(r.conditions[1].counts)).toEqual([1, 0, 1, 1]);
    expect(r.conditions[0].emptyRows).toEqual([1]);
    expect(r.conditions[0].ergodicStatus).toBe('empty-rows');
    expect(Array.from(r.conditions[1].probabilities)).toEqual([1, 0, 0.5, 0.5]);
    expect(Array.from(r.conditions[1].ergodic!)).toEqual([1, 0]);
    expect(r).toMatchObject({ nTransitions: 6, skipped: 0, nPeriods: 3 });
  });

  it('spatialMarkov conditional counts add up to the ordinary chain; rows sum to 1', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 2, max: 4 })
          .chain((k) =>
            fc.tuple(
              fc.constant(k),
              fc.array(fc.tuple(fc.integer({ min: -1, max: k - 1 }), fc.integer({ min: -1, max: k - 1 })), { minLength: 15, maxLength: 15 }),
            ),
          ),
        ([k, rows]) => {
          const classes = Int32Array.from(rows, (r) => r[0]);
          const lag = Int32Array.from(rows, (r) => r[1]);
          const sm = spatialMarkov(classes, lag, k, 5);
          const m = markov(classes, k, 5);
          const sum = new Float64Array(k * k);
          for (const c of sm.conditions) {
            c.counts.forEach((v, i) => (sum[i] += v));
            for (let i = 0; i < k; i++) {
              if (c.emptyRows.includes(i)) continue;
              let s = 0;
              for (let j = 0; j < k; j++) s += c.probabilities[i * k + j];
              expect(Math.abs(s - 1)).toBeLessThan(1e-12);
            }
          }
          // transitions missing only their lag class are in the ordinary chain but skipped here
          let lagOnly = 0;
          for (let t = 0; t < 2; t++) for (let u = 0; u < 5; u++) if (classes[t * 5 + u] >= 0 && classes[(t + 1) * 5 + u] >= 0 && lag[t * 5 + u] < 0) lagOnly++;
          expect(sm.nTransitions + lagOnly).toBe(m.nTransitions);
          if (lagOnly === 0) expect(Array.from(sum)).toEqual(Array.from(m.counts));
        },
      ),
    );
  });

  it('spatialMarkov refuses lag classes of another shape or out of range', () => {
    expect(catchNqpf(() => spatialMarkov(i32(0, 1, 1, 0), i32(0, 1, 1, 0, 0, 0), 2, 2)).code).toBe('E_LENGTH_MISMATCH');
    expect(catchNqpf(() => spatialMarkov(i32(0, 1, 1, 0), i32(0, 2, 1, 0), 2, 2)).code).toBe('E_BAD_CLASS');
  });
});

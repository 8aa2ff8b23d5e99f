import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { markov, stationary } from '../../../src/analysis/markov/markov.js';
import { close } from '../../helpers/shared.js';
import { catchNqpf } from '../../io/catch-nqpf.js';

const i32 = (...v: number[]) => Int32Array.from(v);

describe('markov', () => {
  it('markov of a two-state chain with a = P(0→1) = 1/4, b = P(1→0) = 1/3 gives π = (b/(a+b), a/(a+b)) = (4/7, 3/7)', () => {
    // 7 units × 2 periods: transitions 0→0 ×3, 0→1 ×1, 1→0 ×1, 1→1 ×2.
    const classes = i32(0, 0, 0, 0, 1, 1, 1, /* t = 1 */ 0, 0, 0, 1, 0, 1, 1);
    const r = markov(classes, 2, 7);
    expect(Array.from(r.counts)).toEqual([3, 1, 1, 2]);
    expect(close(r.probabilities[1], 1 / 4)).toBe(true);
    expect(close(r.probabilities[2], 1 / 3)).toBe(true);
    expect(r.ergodicStatus).toBe('unique');
    expect(close(r.ergodic![0], 4 / 7)).toBe(true);
    expect(close(r.ergodic![1], 3 / 7)).toBe(true);
    expect(close(r.initial[0], 4 / 7)).toBe(true);
    expect(close(r.final[1], 3 / 7)).toBe(true);
    expect(r).toMatchObject({ nTransitions: 7, nUnits: 7, nPeriods: 2, skipped: 0, period: 1, emptyRows: [] });
  });

  it('markov counts every consecutive pair of periods per unit (hand count, 2 units × 3 periods)', () => {
    // unit 0: 0 → 1 → 2; unit 1: 2 → 2 → 1
    const r = markov(i32(0, 2, 1, 2, 2, 1), 3, 2);
    expect(Array.from(r.counts)).toEqual([0, 1, 0, 0, 0, 1, 0, 1, 1]);
    expect(Array.from(r.rowTotals)).toEqual([1, 1, 2]);
    expect(Array.from(r.initial)).toEqual([0.5, 0, 0.5]);
    expect(Array.from(r.final)).toEqual([0, 0.5, 0.5]);
  });

  it('stationary of the birth–death chain [[.5,.5,0],[.25,.5,.25],[0,.5,.5]] is (1/4, 1/2, 1/4) (detailed balance)', () => {
    const s = stationary(Float64Array.from([0.5, 0.5, 0, 0.25, 0.5, 0.25, 0, 0.5, 0.5]), 3);
    expect(s.ergodicStatus).toBe('unique');
    [0.25, 0.5, 0.25].forEach((v, i) => expect(close(s.ergodic![i], v)).toBe(true));
  });

  it('stationary gives transient states π = 0, reports several closed classes as not unique, and detects periodicity', () => {
    const t = stationary(Float64Array.from([0.5, 0.5, 0, 1]), 2);
    expect(Array.from(t.ergodic!)).toEqual([0, 1]);
    expect(t.notes.join('\n')).toMatch(/transient/);
    const two = stationary(Float64Array.from([1, 0, 0, 0.5, 0, 0.5, 0, 0, 1]), 3);
    expect(two.ergodic).toBeNull();
    expect(two.ergodicStatus).toBe('not-unique');
    expect(two.closedClasses).toEqual([[0], [2]]);
    const per = stationary(Float64Array.from([0, 1, 1, 0]), 2);
    expect(Array.from(per.ergodic!)).toEqual([0.5, 0.5]);
    expect(per.period).toBe(2);
    expect(per.notes.join('\n')).toMatch(/periodic/);
  });

  it('markov reports rows without transitions as NaN in emptyRows; the ergodic distribution is null when such a class is entered', () => {
    // class 2 is entered (1 → 2) but never left (it only appears in the last period)
    const r = markov(i32(0, 1, 1, 2), 3, 2);
    expect(r.emptyRows).toEqual([2]);
    expect(Number.isNaN(r.probabilities[6])).toBe(true);
    expect(r.ergodic).toBeNull();
    expect(r.ergodicStatus).toBe('empty-rows');
    // class 2 never appears: left out, π = 0 there
    const s = markov(i32(0, 1, 1, 0), 3, 2);
    expect(s.emptyRows).toEqual([2]);
    expect(Array.from(s.ergodic!)).toEqual([0.5, 0.5, 0]);
  });

  it('markov rows sum to 1 and π P = π on random panels', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 2, max: 5 })
          .chain((k) =>
            fc.tuple(
              fc.constant(k),
              fc.integer({ min: 1, max: 8 }),
              fc.array(fc.integer({ min: 0, max: k - 1 }), { minLength: 2 * 8 * 6, maxLength: 2 * 8 * 6 }),
              fc.integer({ min: 2, max: 6 }),
            ),
          ),
        ([k, nU, pool, T]) => {
          const classes = Int32Array.from(pool.slice(0, nU * T));
          const r = markov(classes, k, nU);
          let total = 0;
          for (let i = 0; i < k; i++) {
            if (r.emptyRows.includes(i)) continue;
            let s = 0;
            for (let j = 0; j < k; j++) s += r.probabilities[i * k + j];
            expect(Math.abs(s - 1)).toBeLessThan(1e-12);
            total += r.rowTotals[i];
          }
          expect(total).toBe(nU * (T - 1));
          if (r.ergodic) {
            let sum = 0;
            for (let j = 0; j < k; j++) {
              let v = 0;
              for (let i = 0; i < k; i++) if (!r.emptyRows.includes(i)) v += r.ergodic[i] * r.probabilities[i * k + j];
              expect(Math.abs(v - r.ergodic[j])).toBeLessThan(1e-10);
              expect(r.ergodic[j]).toBeGreaterThanOrEqual(0);
              sum += r.ergodic[j];
            }
            expect(Math.abs(sum - 1)).toBeLessThan(1e-12);
          }
        },
      ),
    );
  });

  it('markov skips transitions with a missing class (−1) and counts them', () => {
    const r = markov(i32(0, -1, 1, 1), 2, 2);
    expect(r.skipped).toBe(1);
    expect(r.nTransitions).toBe(1);
    expect(r.notes.join('\n')).toMatch(/1 transition skipped/);
  });

  it('markov refuses classes outside 0..k−1, a single period and misaligned input', () => {
    expect(catchNqpf(() => markov(i32(0, 3, 1, 1), 3, 2)).code).toBe('E_BAD_CLASS');
    expect(catchNqpf(() => markov(i32(0, 1), 2, 2)).code).toBe('E_TOO_FEW');
    expect(catchNqpf(() => markov(i32(0, 1, 1), 2, 2)).code).toBe('E_LENGTH_MISMATCH');
    expect(catchNqpf(() => markov(i32(0, 1, 1, 0), 0, 2)).code).toBe('E_BAD_OPTION');
  });
});

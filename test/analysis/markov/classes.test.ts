import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { classOf, markovClasses } from '../../../src/analysis/markov/classes.js';
import { getMarkovBreakRule } from '../../../src/analysis/markov/index.js';
import { catchNqpf } from '../../io/catch-nqpf.js';

const f = (...v: number[]) => Float64Array.from(v);

describe('markovClasses', () => {
  it('markovClasses with k = 4 on 1..8 uses the type-7 quartiles 2.75, 4.5, 6.25 (h = 1 + 7p)', () => {
    const r = markovClasses([f(8, 1, 2, 3, 4, 5, 6, 7)], { k: 4 });
    expect(Array.from(r.breaks[0])).toEqual([2.75, 4.5, 6.25]);
    expect(Array.from(r.classes)).toEqual([3, 0, 0, 1, 1, 2, 2, 3]);
    expect(r).toMatchObject({ nUnits: 8, nPeriods: 1, k: 4, dropped: 0 });
  });

  it('markovClasses puts a value equal to a break in the lower class (intervals closed on the right)', () => {
    // median of [1, 2, 2, 2, 5] is 2: x ≤ 2 → class 0
    expect(Array.from(markovClasses([f(1, 2, 2, 2, 5)], { k: 2 }).classes)).toEqual([0, 0, 0, 0, 1]);
    expect(Array.from(markovClasses([f(1, 2, 3, 4, 5)], { k: 3, breaks: [2, 4] }).classes)).toEqual([0, 0, 1, 1, 2]);
  });

  it("markovClasses 'period' sets breaks per period, 'pooled' once over all periods", () => {
    const p0 = f(1, 2, 3, 4);
    const p1 = f(11, 12, 13, 14);
    const per = markovClasses([p0, p1], { k: 2 });
    expect(Array.from(per.classes)).toEqual([0, 0, 1, 1, 0, 0, 1, 1]);
    expect(Array.from(per.breaks[1])).toEqual([12.5]);
    const pooled = markovClasses([p0, p1], { k: 2, breaks: 'pooled' });
    // pooled median of 1..4, 11..14 = (4 + 11)/2 = 7.5
    expect(Array.from(pooled.breaks[0])).toEqual([7.5]);
    expect(Array.from(pooled.classes)).toEqual([0, 0, 0, 0, 1, 1, 1, 1]);
  });

  it('markovClasses agrees with a linear scan of the breaks for any value', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -20, max: 20 }), { minLength: 1, maxLength: 6 }), fc.integer({ min: -25, max: 25 }), (bs, v) => {
        const b = Float64Array.from(new Set(bs)).sort();
        let want = b.length;
        for (let c = 0; c < b.length; c++)
          if (v <= b[c]) {
            want = c;
            break;
          }
        expect(classOf(v, b)).toBe(want);
      }),
    );
  });

  it('markovClasses refuses NaN unless dropMissing (class −1, count reported)', () => {
    const e = catchNqpf(() => markovClasses([f(1, 2), f(NaN, 3)], { k: 2 }));
    expect(e.code).toBe('E_MISSING_VALUES');
    expect(e.message).toMatch(/period 1/);
    const r = markovClasses([f(1, 2), f(NaN, 3)], { k: 2, dropMissing: true });
    expect(r.dropped).toBe(1);
    expect(r.classes[2]).toBe(-1);
  });

  it('markovClasses refuses bad k, bad breaks and ragged periods', () => {
    expect(catchNqpf(() => markovClasses([f(1, 2)], { k: 1 })).code).toBe('E_BAD_OPTION');
    expect(catchNqpf(() => markovClasses([f(1, 2)], { k: 2.5 })).code).toBe('E_BAD_OPTION');
    expect(catchNqpf(() => markovClasses([f(1, 2)], { k: 3, breaks: [1, 2, 3, 4] })).hint).toMatch(/cut points/);
    expect(catchNqpf(() => markovClasses([f(1, 2)], { k: 3, breaks: [2, 1] })).code).toBe('E_BAD_OPTION');
    expect(catchNqpf(() => markovClasses([f(1, 2)], { k: 2, breaks: 'poled' as never })).hint).toMatch(/"pooled"/);
    expect(catchNqpf(() => markovClasses([f(1, 2), f(1)], { k: 2 })).code).toBe('E_LENGTH_MISMATCH');
    expect(catchNqpf(() => markovClasses([f(NaN, NaN)], { k: 2, dropMissing: true })).code).toBe('E_TOO_FEW');
    expect(getMarkovBreakRule('pooled')).toBe('pooled');
    expect(catchNqpf(() => getMarkovBreakRule('perod')).code).toBe('E_UNKNOWN_METHOD');
  });
});

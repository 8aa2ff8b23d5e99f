import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { theil } from '../../../src/analysis/inequality/theil.js';
import { getInequalityDecomposition, getInequalityMeasure, inequalityMeasures } from '../../../src/analysis/inequality/index.js';
import { close } from '../../helpers/shared.js';
import { catchNqpf } from '../../io/catch-nqpf.js';

const f = (...v: number[]) => Float64Array.from(v);
const g = (...v: number[]) => Int32Array.from(v);

/** Theil T and L of a two-point distribution {a, b}, written out by hand. */
function twoPoint(a: number, b: number): { T: number; L: number } {
  const m = (a + b) / 2;
  return {
    T: 0.5 * ((a / m) * Math.log(a / m) + (b / m) * Math.log(b / m)),
    L: 0.5 * (Math.log(m / a) + Math.log(m / b)),
  };
}

describe('theil', () => {
  it('theil([1, 3]) matches the two-point formulas: T = ½(½ ln ½ + 3/2 ln 3/2), L = ½(ln 2 + ln 2/3)', () => {
    const r = theil(f(1, 3));
    expect(close(r.T.total, 0.5 * (0.5 * Math.log(0.5) + 1.5 * Math.log(1.5)))).toBe(true);
    expect(close(r.L!.total, 0.5 * (Math.log(2) + Math.log(2 / 3)))).toBe(true);
    expect(r.labels).toEqual(['all']);
    expect(r.T.between).toBe(0);
    expect(close(r.T.within, r.T.total)).toBe(true);
  });

  it('theil(x, groups) decomposes two two-point groups into within + between computed by hand', () => {
    // group a = {1, 3} (μ_a = 2), group b = {4, 8} (μ_b = 6); μ = 4, n = 4.
    const r = theil(f(1, 4, 3, 8), g(0, 1, 0, 1), ['a', 'b']);
    const ta = twoPoint(1, 3);
    const tb = twoPoint(4, 8);
    const sa = 4 / 16; // n_a μ_a / (n μ)
    const sb = 12 / 16;
    const Tw = sa * ta.T + sb * tb.T;
    const Tb = sa * Math.log(2 / 4) + sb * Math.log(6 / 4);
    const Lw = 0.5 * ta.L + 0.5 * tb.L;
    const Lb = 0.5 * Math.log(4 / 2) + 0.5 * Math.log(4 / 6);
    // direct overall values
    const T = (1 / 4) * [1, 3, 4, 8].reduce((s, v) => s + (v / 4) * Math.log(v / 4), 0);
    const L = (1 / 4) * [1, 3, 4, 8].reduce((s, v) => s + Math.log(4 / v), 0);
    expect(close(r.T.total, T)).toBe(true);
    expect(close(r.L!.total, L)).toBe(true);
    expect(close(r.T.within, Tw)).toBe(true);
    expect(close(r.T.between, Tb)).toBe(true);
    expect(close(r.L!.within, Lw)).toBe(true);
    expect(close(r.L!.between, Lb)).toBe(true);
    expect(close(Tw + Tb, T)).toBe(true);
    expect(close(Lw + Lb, L)).toBe(true);
    expect(close(r.T.group[0], ta.T)).toBe(true);
    expect(close(r.T.weight[1], sb)).toBe(true);
    expect(close(r.T.contributionShare[1], (sb * tb.T) / T)).toBe(true);
    expect(close(r.L!.weight[0], 0.5)).toBe(true);
    expect(close(r.T.withinShare + r.T.betweenShare, 1)).toBe(true);
    expect(Array.from(r.groupMean)).toEqual([2, 6]);
  });

  it('theil decomposes exactly (T = T_w + T_b, L = L_w + L_b) and is invariant to scaling and permutation', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.double({ min: 0.01, max: 1e3, noNaN: true }), fc.integer({ min: 0, max: 3 })), { minLength: 1, maxLength: 50 }),
        fc.double({ min: 1e-3, max: 1e3, noNaN: true }),
        fc.integer({ min: 0, max: 1e6 }),
        (rows, c, seed) => {
          const all = [...rows, [1, 0], [2, 1], [3, 2], [4, 3]] as [number, number][];
          const labels = ['a', 'b', 'c', 'd'];
          const r = theil(
            Float64Array.from(all, (q) => q[0]),
            Int32Array.from(all, (q) => q[1]),
            labels,
          );
          expect(close(r.T.within + r.T.between, r.T.total, 1e-10, 1e-14)).toBe(true);
          expect(close(r.L!.within + r.L!.between, r.L!.total, 1e-10, 1e-14)).toBe(true);
          expect(r.T.total).toBeGreaterThanOrEqual(-1e-15);
          const s = theil(
            Float64Array.from(all, (q) => q[0] * c),
            Int32Array.from(all, (q) => q[1]),
            labels,
          );
          const perm = all
            .map((q, i) => ({ q, key: (i * 7919 + seed) % 104729 }))
            .sort((p, o) => p.key - o.key)
            .map((o) => o.q);
          const p = theil(
            Float64Array.from(perm, (q) => q[0]),
            Int32Array.from(perm, (q) => q[1]),
            labels,
          );
          for (const o of [s, p]) {
            for (const part of ['total', 'within', 'between'] as const) {
              expect(close(o.T[part], r.T[part], 1e-9, 1e-13)).toBe(true);
              expect(close(o.L![part], r.L![part], 1e-9, 1e-13)).toBe(true);
            }
          }
        },
      ),
    );
  });

  it('theil keeps its digits on data with a large offset: {10⁶ − 1, 10⁶ + 1} gives T = e²/2 + e⁴/12, L = −½ ln(1 − e²), e = 10⁻⁶', () => {
    // Two-point series: T = ½[(1−e)ln(1−e) + (1+e)ln(1+e)] = Σ_m e^(2m)/(2m(2m−1)); L = −½ ln(1 − e²).
    // The textbook form (x/μ)ln(x/μ) loses ~4 of these digits to cancellation.
    const e = 1e-6;
    const r = theil(f(999999, 1000001, 999999, 1000001), g(0, 0, 1, 1), ['a', 'b']);
    expect(close(r.T.total, (e * e) / 2 + e ** 4 / 12, 1e-12)).toBe(true);
    expect(close(r.L!.total, -0.5 * Math.log1p(-e * e), 1e-12)).toBe(true);
    expect(close(r.T.within, r.T.total, 1e-12)).toBe(true);
    expect(r.T.between).toBe(0);
  });

  it('theil of equal values is exactly 0 with zero shares (not NaN)', () => {
    const r = theil(f(0.1, 0.1, 0.1), g(0, 1, 1), ['a', 'b']);
    expect(r.T.total).toBe(0);
    expect(r.L!.total).toBe(0);
    expect(r.T.between).toBe(0);
    expect(r.T.withinShare).toBe(0);
    expect(Array.from(r.T.contributionShare)).toEqual([0, 0]);
    expect(r.notes.join('\n')).toMatch(/Theil T is 0/);
  });

  it('theil refuses zero and negative values with E_NONPOSITIVE; allowZeros gives T with 0·ln0 = 0 and L = null', () => {
    const e = catchNqpf(() => theil(f(0, 1, 2)));
    expect(e.code).toBe('E_NONPOSITIVE');
    expect(e.hint).toMatch(/allowZeros/);
    expect(catchNqpf(() => theil(f(-1, 2, 3), undefined, undefined, { allowZeros: true })).code).toBe('E_NONPOSITIVE');
    const r = theil(f(0, 2), undefined, undefined, { allowZeros: true });
    // μ = 1: T = ½(0 + 2 ln 2) = ln 2
    expect(close(r.T.total, Math.log(2))).toBe(true);
    expect(r.L).toBeNull();
    expect(r.notes.join('\n')).toMatch(/Theil L .* undefined/);
    const z = theil(f(0, 0, 1, 3), g(0, 0, 1, 1), ['zeros', 'pos'], { allowZeros: true });
    expect(z.T.group[0]).toBe(0);
    expect(close(z.T.within + z.T.between, z.T.total)).toBe(true);
    expect(z.notes.join('\n')).toMatch(/"zeros" is all zeros/);
  });

  it('theil refuses NaN unless dropMissing, and checks groups', () => {
    expect(catchNqpf(() => theil(f(1, NaN))).code).toBe('E_MISSING_VALUES');
    const r = theil(f(1, NaN, 3), undefined, undefined, { dropMissing: true });
    expect(r.dropped).toBe(1);
    expect(close(r.T.total, twoPoint(1, 3).T)).toBe(true);
    expect(catchNqpf(() => theil(f(1, 2), g(0, 0))).code).toBe('E_BAD_INPUT');
    expect(catchNqpf(() => theil(f(1, 2), g(0, 0), ['a', 'b'])).code).toBe('E_EMPTY_GROUP');
    expect(catchNqpf(() => theil(f(1, 2), g(0), ['a'])).code).toBe('E_LENGTH_MISMATCH');
  });
});

describe('inequality registry', () => {
  it('getInequalityMeasure returns the registered measures and rejects unknown names with a suggestion', () => {
    expect(Object.keys(inequalityMeasures)).toEqual(['gini', 'cv', 'theil-t', 'theil-l']);
    expect(close(getInequalityMeasure('gini')(f(1, 2, 3, 4)), 0.25)).toBe(true);
    expect(close(getInequalityMeasure('theil-l')(f(1, 3)), twoPoint(1, 3).L)).toBe(true);
    const e = catchNqpf(() => getInequalityMeasure('gin', 'analysis.inequality.measure'));
    expect(e.code).toBe('E_UNKNOWN_METHOD');
    expect(e.hint).toMatch(/"gini"/);
    expect(e.location?.path).toBe('analysis.inequality.measure');
    expect(catchNqpf(() => getInequalityDecomposition('dagun')).hint).toMatch(/"dagum"/);
    expect(getInequalityDecomposition('dagum')(f(1, 2, 3, 4), g(0, 0, 1, 1), ['a', 'b'])).toHaveProperty('gnb');
  });
});

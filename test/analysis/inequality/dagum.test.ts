import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { dagum, dagumBrute, type DagumResult } from '../../../src/analysis/inequality/dagum.js';
import { gini } from '../../../src/analysis/inequality/gini.js';
import { close } from '../../helpers/shared.js';
import { catchNqpf } from '../../io/catch-nqpf.js';

const f = (...v: number[]) => Float64Array.from(v);
const g = (...v: number[]) => Int32Array.from(v);

/*
 * Hand-worked 2-group × 3-unit example. A = [1, 2, 6] (μ_A = 3), B = [3, 5, 7] (μ_B = 5); n = 6, μ = 4.
 *   Overall: sorted [1,2,3,5,6,7], Σ(2i−n−1)x_(i) = −5−6−3+5+18+35 = 44 → Σ|x_i−x_r| = 88, G = 88/(2·36·4) = 11/36.
 *   Within A: unordered |1−2|+|1−6|+|2−6| = 10 → ordered 20; G_AA = 20/(2·9·3) = 10/27.
 *   Within B: 2+4+2 = 8 → 16; G_BB = 16/(2·9·5) = 8/45.
 *   B − A over the 9 pairs: b=3: 2, 1, −3; b=5: 4, 3, −1; b=7: 6, 5, 1.
 *     positive part 22 → d_BA = 22/9; negative part 4 → p_BA = 4/9; Σ|b − a| = 26.
 *   G_BA = 26/(9·(5+3)) = 13/36; D_BA = (22−4)/(22+4) = 9/13.
 *   p_A = p_B = 1/2; s_A = 9/24 = 3/8, s_B = 15/24 = 5/8.
 *   G_w  = (10/27)(1/2)(3/8) + (8/45)(1/2)(5/8) = 5/72 + 4/72 = 9/72 = 1/8.
 *   pair weight p_B s_A + p_A s_B = 1/2.
 *   G_nb = (13/36)(1/2)(9/13) = 1/8;  G_t = (13/36)(1/2)(4/13) = 1/18.
 *   Check: 1/8 + 1/8 + 1/18 = 22/72 = 11/36 = G.
 * Labels are given as [B, A] (B first) to check that the ordering by mean, not by label, decides which is richer.
 */
const X = f(3, 1, 5, 2, 7, 6);
const G = g(0, 1, 0, 1, 0, 1);
const LABELS = ['B', 'A'];

function expectSame(a: DagumResult, b: DagumResult, rel: number): void {
  const abs = 1e-14;
  const scalars: (keyof DagumResult)[] = ['gini', 'gw', 'gnb', 'gt'];
  for (const s of scalars) expect(close(a[s] as number, b[s] as number, rel, abs), `${s}: ${a[s]} vs ${b[s]}`).toBe(true);
  for (const s of ['within', 'netBetween', 'transvariation'] as const) expect(close(a.shares[s], b.shares[s], rel, abs)).toBe(true);
  const arrays = ['mean', 'within', 'giniMatrix', 'affluence', 'relativeAffluence', 'netBetweenMatrix', 'transvariationMatrix'] as const;
  for (const s of arrays) {
    const u = a[s];
    const v = b[s];
    expect(u.length).toBe(v.length);
    for (let i = 0; i < u.length; i++) expect(close(u[i], v[i], rel, abs), `${s}[${i}]: ${u[i]} vs ${v[i]}`).toBe(true);
  }
  expect(Array.from(a.order)).toEqual(Array.from(b.order));
}

describe('dagum', () => {
  for (const [name, fn] of [
    ['dagum', dagum],
    ['dagumBrute', dagumBrute],
  ] as const) {
    it(`${name}(2 groups × 3 units) matches the hand-worked decomposition G = 1/8 + 1/8 + 1/18 = 11/36`, () => {
      const r = fn(X, G, LABELS);
      expect(close(r.gini, 11 / 36)).toBe(true);
      expect(close(r.gw, 1 / 8)).toBe(true);
      expect(close(r.gnb, 1 / 8)).toBe(true);
      expect(close(r.gt, 1 / 18)).toBe(true);
      expect(Array.from(r.order)).toEqual([1, 0]); // A (mean 3) before B (mean 5)
      expect(Array.from(r.mean)).toEqual([5, 3]);
      expect(close(r.within[0], 8 / 45)).toBe(true);
      expect(close(r.within[1], 10 / 27)).toBe(true);
      expect(close(r.giniMatrix[1], 13 / 36)).toBe(true);
      expect(close(r.giniMatrix[2], 13 / 36)).toBe(true);
      expect(close(r.affluence[0 * 2 + 1], 22 / 9)).toBe(true); // d_BA
      expect(close(r.affluence[1 * 2 + 0], 4 / 9)).toBe(true); // p_BA = d_AB
      expect(close(r.relativeAffluence[1], 9 / 13)).toBe(true);
      expect(close(r.incomeShare[0], 5 / 8)).toBe(true);
      expect(close(r.shares.within, 1 / 8 / (11 / 36))).toBe(true);
      expect(close(r.shares.netBetween + r.shares.within + r.shares.transvariation, 1)).toBe(true);
      expect(close(r.withinContribution[1], 5 / 72)).toBe(true);
      expect(r.notes).toEqual([]);
    });
  }

  it('dagum with fully separated groups puts the whole between part in G_nb (D = 1, G_t = 0)', () => {
    // A = [1,2,3], B = [4,6,8]: G = 1/3, G_w = 1/12, G_nb = 1/4, G_t = 0 (worked like the example above).
    const r = dagum(f(1, 2, 3, 4, 6, 8), g(0, 0, 0, 1, 1, 1), ['A', 'B']);
    expect(close(r.gini, 1 / 3)).toBe(true);
    expect(close(r.gw, 1 / 12)).toBe(true);
    expect(close(r.gnb, 1 / 4)).toBe(true);
    expect(r.gt).toBe(0);
    expect(r.relativeAffluence[1]).toBe(1);
  });

  it('dagum (fast) equals dagumBrute to 1e-12 relative on random data with ties, and G = G_w + G_nb + G_t', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }).chain((k) =>
          fc.tuple(
            fc.constant(k),
            fc.array(
              fc.tuple(
                fc.oneof(
                  fc.integer({ min: 0, max: 4 }),
                  fc.double({ min: 0, max: 100, noNaN: true }).map((v) => Math.round(v * 1e9) / 1e9),
                ),
                fc.integer({ min: 0, max: k - 1 }),
              ),
              { minLength: k, maxLength: 80 },
            ),
          ),
        ),
        ([k, rows]) => {
          // make sure every group has a unit with a positive value
          const xs = rows.map((r) => r[0]);
          const gs = rows.map((r) => r[1]);
          for (let j = 0; j < k; j++) {
            xs.push(1 + j);
            gs.push(j);
          }
          const labels = Array.from({ length: k }, (_, j) => `g${j}`);
          const a = dagum(Float64Array.from(xs), Int32Array.from(gs), labels);
          const b = dagumBrute(Float64Array.from(xs), Int32Array.from(gs), labels);
          expectSame(a, b, 1e-12);
          expect(close(a.gw + a.gnb + a.gt, a.gini, 1e-12, 1e-15)).toBe(true);
          expect(close(b.gw + b.gnb + b.gt, b.gini, 1e-12, 1e-15)).toBe(true);
          expect(close(a.gini, gini(Float64Array.from(xs)).value, 1e-12, 1e-15)).toBe(true);
          // d_jh − p_jh = μ_j − μ_h (an identity of the definitions)
          for (let j = 0; j < k; j++) {
            for (let h = 0; h < k; h++) {
              const diff = a.affluence[j * k + h] - a.affluence[h * k + j];
              expect(Math.abs(diff - (a.mean[j] - a.mean[h]))).toBeLessThan(1e-9 * (1 + Math.abs(a.mean[j]) + Math.abs(a.mean[h])));
            }
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('dagum is unchanged by scaling the values and by permuting the units', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.double({ min: 0.1, max: 1e3, noNaN: true }), fc.integer({ min: 0, max: 2 })), { minLength: 1, maxLength: 40 }),
        fc.double({ min: 1e-3, max: 1e3, noNaN: true }),
        fc.integer({ min: 0, max: 1e6 }),
        (rows, c, seed) => {
          const all = [...rows, [2, 0], [3, 1], [5, 2]] as [number, number][];
          const labels = ['a', 'b', 'c'];
          const base = dagum(
            Float64Array.from(all, (r) => r[0]),
            Int32Array.from(all, (r) => r[1]),
            labels,
          );
          const scaled = dagum(
            Float64Array.from(all, (r) => r[0] * c),
            Int32Array.from(all, (r) => r[1]),
            labels,
          );
          const perm = all
            .map((r, i) => ({ r, key: (i * 7919 + seed) % 104729 }))
            .sort((p, q) => p.key - q.key)
            .map((o) => o.r);
          const permuted = dagum(
            Float64Array.from(perm, (r) => r[0]),
            Int32Array.from(perm, (r) => r[1]),
            labels,
          );
          for (const o of [scaled, permuted]) {
            for (const s of ['gini', 'gw', 'gnb', 'gt'] as const) expect(close(o[s], base[s], 1e-10, 1e-14)).toBe(true);
          }
        },
      ),
    );
  });

  it('dagum with a one-unit group gives it G_jj = 0 and says so in notes', () => {
    const r = dagum(f(1, 2, 3, 10), g(0, 0, 0, 1), ['many', 'one']);
    expect(r.within[1]).toBe(0);
    expect(r.notes.join('\n')).toMatch(/"one" has one unit/);
    expect(close(r.gw + r.gnb + r.gt, r.gini)).toBe(true);
  });

  it('dagum of equal values everywhere gives G = 0 and zero shares, not NaN', () => {
    for (const fn of [dagum, dagumBrute]) {
      const r = fn(f(2, 2, 2, 2), g(0, 1, 0, 1), ['a', 'b']);
      expect(r.gini).toBe(0);
      expect([r.gw, r.gnb, r.gt]).toEqual([0, 0, 0]);
      expect(r.shares).toEqual({ within: 0, netBetween: 0, transvariation: 0 });
      expect(r.relativeAffluence[1]).toBe(0);
      expect(r.notes.join('\n')).toMatch(/all values are equal/);
    }
  });

  it('dagum with a single group has G_w = G and no between part', () => {
    const r = dagum(f(1, 2, 3, 4), g(0, 0, 0, 0), ['all']);
    expect(close(r.gini, 0.25)).toBe(true);
    expect(close(r.gw, 0.25)).toBe(true);
    expect(r.gnb + r.gt).toBe(0);
  });

  it('dagum refuses NaN (E_MISSING_VALUES) unless dropMissing, which reports the count', () => {
    const x = f(3, 1, 5, NaN, 2, 7, 6);
    const gg = g(0, 1, 0, 1, 1, 0, 1);
    expect(catchNqpf(() => dagum(x, gg, LABELS)).code).toBe('E_MISSING_VALUES');
    const r = dagum(x, gg, LABELS, { dropMissing: true });
    expect(r.dropped).toBe(1);
    expect(close(r.gini, 11 / 36)).toBe(true);
  });

  it('dagum refuses a zero-mean group, negative values, empty groups, bad group indices and misaligned input', () => {
    expect(catchNqpf(() => dagum(f(0, 0, 1, 2), g(0, 0, 1, 1), ['zero', 'pos'])).code).toBe('E_ZERO_MEAN');
    expect(catchNqpf(() => dagum(f(0, 0, 1, 2), g(0, 0, 1, 1), ['zero', 'pos'])).message).toMatch(/"zero"/);
    expect(catchNqpf(() => dagum(f(-1, 3, 1, 2), g(0, 0, 1, 1), ['a', 'b'])).code).toBe('E_NEGATIVE');
    expect(catchNqpf(() => dagum(f(1, 2), g(0, 0), ['a', 'b'])).code).toBe('E_EMPTY_GROUP');
    expect(catchNqpf(() => dagum(f(1, 2), g(0, 2), ['a', 'b'])).code).toBe('E_BAD_GROUP');
    expect(catchNqpf(() => dagum(f(1, 2), g(0, -1), ['a', 'b'])).hint).toMatch(/no group/);
    expect(catchNqpf(() => dagum(f(1, 2, 3), g(0, 1), ['a', 'b'])).code).toBe('E_LENGTH_MISMATCH');
    expect(catchNqpf(() => dagum(f(0, 0), g(0, 1), ['a', 'b'])).code).toBe('E_ZERO_MEAN');
  });
});

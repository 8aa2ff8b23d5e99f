import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { close } from '../helpers/shared.js';
import { COORDINATION_CLASSES, coordinationClass, coupling } from '../../src/analysis/coupling/coupling.js';
import type { NqpfError } from '../../src/core/errors.js';

function errorOf(f: () => unknown): NqpfError {
  try {
    f();
  } catch (e) {
    return e as NqpfError;
  }
  throw new Error('no error thrown');
}
const col = (...v: number[]) => Float64Array.from(v);

describe('coupling(U) — standard model', () => {
  it('n = 2 equals the two-system form 2√(U₁U₂)/(U₁ + U₂); T, D by hand', () => {
    // U = (0.4, 0.9): C = 2·0.6/1.3 = 12/13, T = 0.65, D = √(12/13 · 0.65) = √0.6
    const r = coupling([col(0.4, 0.3), col(0.9, 0.3)]);
    expect(close(r.C[0], 12 / 13)).toBe(true);
    expect(close(r.C[0], (2 * Math.sqrt(0.4 * 0.9)) / (0.4 + 0.9))).toBe(true);
    expect(close(r.T[0], 0.65)).toBe(true);
    expect(close(r.D[0], Math.sqrt(0.6))).toBe(true);
    expect(r.classIndex[0]).toBe(7); // 0.7746 → [0.7, 0.8)
    expect(r.classZh[0]).toBe('中级协调');
    expect(r.classEn[0]).toBe('intermediate coordination');
    // equal scores: C = 1, D = √0.3 = 0.5477 → 勉强协调
    expect(close(r.C[1], 1)).toBe(true);
    expect(r.classZh[1]).toBe('勉强协调');
    expect(r.model).toBe('standard');
  });

  it('n = 3 by hand: U = (0.2, 0.4, 0.8) → C = 3·0.4/1.4, T with α = (0.5, 0.3, 0.2)', () => {
    const r = coupling([col(0.2), col(0.4), col(0.8)], { alpha: [0.5, 0.3, 0.2] });
    expect(close(r.C[0], (3 * 0.4) / 1.4)).toBe(true); // (0.064)^{1/3} = 0.4
    expect(close(r.T[0], 0.1 + 0.12 + 0.16)).toBe(true);
    expect(close(r.D[0], Math.sqrt(((3 * 0.4) / 1.4) * 0.38))).toBe(true);
  });

  it('a zero score gives C = 0 (not NaN); all zero gives NaN C and D with a reason', () => {
    const r = coupling([col(0, 0), col(0.5, 0)]);
    expect(r.C[0]).toBe(0);
    expect(r.D[0]).toBe(0);
    expect(r.classIndex[0]).toBe(0);
    expect(r.C[1]).toBeNaN();
    expect(r.D[1]).toBeNaN();
    expect(r.T[1]).toBe(0);
    expect(r.reason[1]).toMatch(/all subsystem scores are 0/);
    expect(r.classIndex[1]).toBe(-1);
    expect(r.classZh[1]).toBe('');
    expect(r.reason[0]).toBeNull();
  });
});

describe('coupling(U, { corrected: true }) — 王淑佳 et al. (2021)', () => {
  it('n = 2 by hand: √[(1 − |U₁ − U₂|)·min/max]', () => {
    const r = coupling([col(0.4), col(0.9)], { corrected: true });
    expect(close(r.C[0], Math.sqrt(0.5 * (0.4 / 0.9)))).toBe(true);
    expect(r.model).toBe('corrected');
  });

  it('n = 3 by hand: gaps 0.2 + 0.6 + 0.4 over 3 pairs; ratios (0.25·0.5·1)^{1/2}', () => {
    const r = coupling([col(0.2), col(0.4), col(0.8)], { corrected: true });
    expect(close(r.C[0], Math.sqrt((1 - 1.2 / 3) * Math.sqrt(0.125)))).toBe(true);
    expect(close(r.T[0], 1.4 / 3)).toBe(true);
  });

  it("consistent with the paper's Table 8 (2008, 13 cities, two systems): each (original C, corrected C) pair is produced by some U₁, U₂ ∈ [0, 1]", () => {
    // Table 8 of 王淑佳 et al. (2021), row 2008: original C, then corrected C (4 decimals).
    const orig = [0.9989, 0.9935, 0.8868, 0.9073, 0.6821, 0.8328, 0.6816, 0.7789, 0.6871, 0.6101, 0.8017, 0.7867, 0.7191];
    const corr = [0.9404, 0.866, 0.544, 0.5769, 0.3006, 0.478, 0.3344, 0.4171, 0.3278, 0.27, 0.4374, 0.4196, 0.3738];
    orig.forEach((co, i) => {
      // ratio q = min/max from 2√q/(1 + q) = C_orig, then max M from C_corr² = (1 − M(1 − q))·q
      const s = (1 - Math.sqrt(1 - co * co)) / co;
      const q = s * s;
      const M = (1 - (corr[i] * corr[i]) / q) / (1 - q);
      expect(M).toBeGreaterThan(0);
      expect(M).toBeLessThanOrEqual(1);
      const r0 = coupling([col(q * M), col(M)]);
      const r1 = coupling([col(q * M), col(M)], { corrected: true });
      expect(Math.abs(r0.C[0] - co)).toBeLessThan(1e-9);
      expect(Math.abs(r1.C[0] - corr[i])).toBeLessThan(1e-9);
    });
  });

  it('equal scores give C = 1; one score 0 gives C = 0', () => {
    const r = coupling([col(0.6, 0.5), col(0.6, 0), col(0.6, 0.9)], { corrected: true });
    expect(close(r.C[0], 1)).toBe(true);
    expect(r.C[1]).toBe(0);
  });
});

describe('coupling properties and classes', () => {
  it('property: C, T, D ∈ [0, 1] in both models, the class matches D, and C = 1 when all U are equal', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 2, maxLength: 6 }), fc.boolean(), (u, corrected) => {
        const r = coupling(
          u.map((v) => col(v)),
          { corrected },
        );
        if (u.every((v) => v === 0)) {
          expect(r.C[0]).toBeNaN();
          return;
        }
        for (const a of [r.C[0], r.T[0], r.D[0]]) {
          expect(a).toBeGreaterThanOrEqual(0);
          expect(a).toBeLessThanOrEqual(1);
        }
        expect(r.classIndex[0]).toBe(coordinationClass(r.D[0]));
      }),
    );
    fc.assert(
      fc.property(fc.double({ min: 1e-6, max: 1, noNaN: true }), fc.integer({ min: 2, max: 6 }), fc.boolean(), (v, n, corrected) => {
        const r = coupling(
          Array.from({ length: n }, () => col(v)),
          { corrected },
        );
        expect(Math.abs(r.C[0] - 1)).toBeLessThan(1e-12);
      }),
    );
  });

  it('class boundaries: [c/10, (c+1)/10), last class closed at 1', () => {
    expect(coordinationClass(0)).toBe(0);
    expect(coordinationClass(0.0999999)).toBe(0);
    expect(coordinationClass(0.1)).toBe(1);
    expect(coordinationClass(0.3)).toBe(3);
    expect(coordinationClass(0.7)).toBe(7);
    expect(coordinationClass(0.8999999)).toBe(8);
    expect(coordinationClass(0.9)).toBe(9);
    expect(coordinationClass(1)).toBe(9);
    expect(coordinationClass(NaN)).toBe(-1);
    expect(coordinationClass(1.01)).toBe(-1);
    expect(COORDINATION_CLASSES.map((c) => c.zh)).toEqual([
      '极度失调',
      '严重失调',
      '中度失调',
      '轻度失调',
      '濒临失调',
      '勉强协调',
      '初级协调',
      '中级协调',
      '良好协调',
      '优质协调',
    ]);
  });

  it('errors: U outside [0, 1] (0–100 hint), NaN, fewer than 2 subsystems, α not summing to 1', () => {
    const e = errorOf(() => coupling([col(0.5), col(65)], { names: ['tech', 'green'] }));
    expect(e.code).toBe('E_VALUE_RANGE');
    expect(e.message).toContain('"green" is 65');
    expect(e.hint).toMatch(/0–100/);
    expect(errorOf(() => coupling([col(0.5), col(NaN)])).code).toBe('E_MISSING_VALUES');
    expect(errorOf(() => coupling([col(0.5)])).code).toBe('E_LENGTH_MISMATCH');
    expect(errorOf(() => coupling([col(0.5), col(0.2)], { alpha: [0.5, 0.6] })).code).toBe('E_LENGTH_MISMATCH');
    expect(errorOf(() => coupling([col(0.5), col(0.2, 0.3)])).code).toBe('E_LENGTH_MISMATCH');
  });
});

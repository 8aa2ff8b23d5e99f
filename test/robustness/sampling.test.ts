import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  designMatrix,
  designPoint,
  runLocation,
  runNumber,
  saltelliDesign,
  uniformToChoice,
  uniformToInt,
  uniformToRange,
} from '../../src/robustness/sampling.js';
import { Rng } from '../../src/core/rng.js';
import { NqpfError } from '../../src/core/errors.js';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return e instanceof NqpfError ? e.code : 'not-nqpf';
  }
  return undefined;
}

describe('saltelliDesign(nBase, k, seed)', () => {
  it('has (k + 2)·N runs and stores only A and B (N × k each)', () => {
    const d = saltelliDesign(50, 4, 1);
    expect(d.nRuns).toBe(300);
    expect(d.a.length).toBe(200);
    expect(d.b.length).toBe(200);
  });

  it('designPoint gives A rows, then B rows, then A_B^(i) = A with column i from B (block order)', () => {
    const N = 13;
    const k = 3;
    const d = saltelliDesign(N, k, 99);
    const x = new Float64Array(k);
    for (let r = 0; r < d.nRuns; r++) {
      designPoint(d, r, x);
      const m = Math.floor(r / N);
      const j = r % N;
      for (let c = 0; c < k; c++) {
        const expected = m === 0 ? d.a[j * k + c] : m === 1 ? d.b[j * k + c] : c === m - 2 ? d.b[j * k + c] : d.a[j * k + c];
        expect(x[c]).toBe(expected);
      }
    }
  });

  it('designMatrix stacks every designPoint in run order', () => {
    const d = saltelliDesign(7, 2, 5);
    const M = designMatrix(d);
    expect(M.length).toBe(d.nRuns * 2);
    const x = new Float64Array(2);
    for (let r = 0; r < d.nRuns; r++) {
      designPoint(d, r, x);
      expect([M[2 * r], M[2 * r + 1]]).toEqual([x[0], x[1]]);
    }
  });

  it('runLocation and runNumber are inverse and follow block order', () => {
    const d = saltelliDesign(10, 3, 2);
    expect(runLocation(d, 0)).toEqual({ matrix: 0, row: 0 });
    expect(runLocation(d, 10)).toEqual({ matrix: 1, row: 0 });
    expect(runLocation(d, 27)).toEqual({ matrix: 2, row: 7 });
    expect(runLocation(d, 49)).toEqual({ matrix: 4, row: 9 });
    for (let r = 0; r < d.nRuns; r++) {
      const { matrix, row } = runLocation(d, r);
      expect(runNumber(d, matrix, row)).toBe(r);
    }
    expect(codeOf(() => runLocation(d, 50))).toBe('E_BAD_INPUT');
    expect(codeOf(() => runLocation(d, -1))).toBe('E_BAD_INPUT');
  });

  it('is deterministic for a seed and differs between seeds', () => {
    const d1 = saltelliDesign(20, 3, 42);
    const d2 = saltelliDesign(20, 3, 42);
    const d3 = saltelliDesign(20, 3, 43);
    expect(d1.a).toEqual(d2.a);
    expect(d1.b).toEqual(d2.b);
    expect(d1.a).not.toEqual(d3.a);
  });

  it('is nested: the first N rows of a larger design are the design with N rows', () => {
    const small = saltelliDesign(16, 3, 7);
    const big = saltelliDesign(64, 3, 7);
    expect(big.a.subarray(0, 48)).toEqual(small.a);
    expect(big.b.subarray(0, 48)).toEqual(small.b);
  });

  it('accepts an Rng (draws a seed from it, recorded in the design) reproducibly', () => {
    const d1 = saltelliDesign(10, 2, Rng.create(3));
    const d2 = saltelliDesign(10, 2, Rng.create(3));
    expect(d1.seed).toBe(d2.seed);
    expect(d1.a).toEqual(d2.a);
    expect(saltelliDesign(10, 2, d1.seed).a).toEqual(d1.a);
  });

  it('gives uniform, uncorrelated columns in [0, 1): means within 4 SE of ½, |corr(A_c, B_c)| < 4/√N', () => {
    const N = 20000;
    const k = 3;
    const d = saltelliDesign(N, k, 11);
    for (const m of [d.a, d.b]) {
      let outside = 0;
      for (const v of m) if (!(v >= 0 && v < 1)) outside++;
      expect(outside).toBe(0);
      for (let c = 0; c < k; c++) {
        let s = 0;
        for (let j = 0; j < N; j++) s += m[j * k + c];
        expect(Math.abs(s / N - 0.5)).toBeLessThan(4 * Math.sqrt(1 / 12 / N));
      }
    }
    for (let c = 0; c < k; c++) {
      let sab = 0;
      for (let j = 0; j < N; j++) sab += (d.a[j * k + c] - 0.5) * (d.b[j * k + c] - 0.5);
      const corr = sab / N / (1 / 12);
      expect(Math.abs(corr)).toBeLessThan(4 / Math.sqrt(N));
    }
  });

  it('refuses N < 2, k < 1 and a non-integer seed with E_BAD_OPTION', () => {
    expect(codeOf(() => saltelliDesign(1, 2, 1))).toBe('E_BAD_OPTION');
    expect(codeOf(() => saltelliDesign(10.5, 2, 1))).toBe('E_BAD_OPTION');
    expect(codeOf(() => saltelliDesign(10, 0, 1))).toBe('E_BAD_OPTION');
    expect(codeOf(() => saltelliDesign(10, 2, 1.5))).toBe('E_BAD_OPTION');
  });
});

describe('uniform maps', () => {
  it('uniformToChoice(u, m) = ⌊u·m⌋ clamped: 0 → 0, 0.5 of 3 → 1, 1 → m − 1', () => {
    expect(uniformToChoice(0, 3)).toBe(0);
    expect(uniformToChoice(0.5, 3)).toBe(1);
    expect(uniformToChoice(1 / 3, 3)).toBe(1);
    expect(uniformToChoice(0.9999999999999999, 3)).toBe(2);
    expect(uniformToChoice(1, 3)).toBe(2);
    expect(uniformToChoice(0.7, 1)).toBe(0);
  });

  it('uniformToChoice gives each alternative an equal share of a uniform grid', () => {
    const m = 7;
    const K = 50;
    const hits = new Array<number>(m).fill(0);
    for (let j = 0; j < m * K; j++) hits[uniformToChoice((j + 0.5) / (m * K), m)]++;
    expect(hits).toEqual(new Array<number>(m).fill(K));
  });

  it('uniformToRange maps [0, 1] affinely onto [lo, hi]', () => {
    expect(uniformToRange(0, -Math.PI, Math.PI)).toBe(-Math.PI);
    expect(uniformToRange(1, -Math.PI, Math.PI)).toBe(Math.PI);
    expect(uniformToRange(0.25, 0.8, 1.2)).toBeCloseTo(0.9, 15);
    expect(uniformToRange(0.3, 2, 2)).toBe(2);
  });

  it('uniformToInt(u, a, b) covers {a..b} equally and stays inside', () => {
    expect(uniformToInt(0, 1, 5)).toBe(1);
    expect(uniformToInt(0.99, 1, 5)).toBe(5);
    expect(uniformToInt(1, 1, 5)).toBe(5);
    expect(uniformToInt(0.5, -2, 2)).toBe(0);
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: -50, max: 50 }), fc.integer({ min: 0, max: 30 }), (u, a, w) => {
        const v = uniformToInt(u, a, a + w);
        return Number.isInteger(v) && v >= a && v <= a + w;
      }),
    );
  });

  it('refuses bad arguments with named errors', () => {
    expect(codeOf(() => uniformToChoice(0.5, 0))).toBe('E_BAD_OPTION');
    expect(codeOf(() => uniformToChoice(1.5, 3))).toBe('E_BAD_INPUT');
    expect(codeOf(() => uniformToChoice(NaN, 3))).toBe('E_BAD_INPUT');
    expect(codeOf(() => uniformToRange(0.5, 2, 1))).toBe('E_BAD_OPTION');
    expect(codeOf(() => uniformToInt(0.5, 1.5, 3))).toBe('E_BAD_OPTION');
  });
});

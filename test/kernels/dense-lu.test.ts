/**
 * The dense LU kernel (issue 18) on matrices of several panels (64) and column chunks (256), sizes not
 * multiples of the 4 × 4 register block: P M = L U entry by entry and the multi-RHS solves (M and Mᵀ)
 * against their residuals (identities that do not trust the code), and the factors byte-identical
 * whoever computes which column chunks — executors that run the helpers' share on this thread, in
 * the order a helper that wakes first or never wakes would (the real threads: test/io/dense-pool.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/rng.js';
import {
  type DenseExecutor,
  GEMM_NC,
  LU_BLOCK,
  LU_CHUNK,
  type Lu,
  luFactor,
  luFactorInPlace,
  luSolveMany,
  luSolveTransposedMany,
  luStep,
} from '../../src/kernels/dense-lu.js';

function randomMatrix(n: number, seed: number): Float64Array {
  const rng = Rng.create(seed);
  const M = new Float64Array(n * n);
  for (let i = 0; i < n * n; i++) M[i] = rng.uniform() - 0.5;
  for (let i = 0; i < n; i++) M[i * n + i] += 0.1 * (rng.uniform() - 0.5); // weak diagonal: pivoting needed
  return M;
}

function sameBytes(a: Lu, b: Lu): boolean {
  if (a.perm.some((p, i) => p !== b.perm[i])) return false;
  // the factors' bytes compared as a whole (Buffer.equals: memcmp; a callback per byte took ≈ 0.1 s per 10.9 MB factor)
  const x = Buffer.from(a.lu.buffer, a.lu.byteOffset, a.lu.byteLength);
  const y = Buffer.from(b.lu.buffer, b.lu.byteOffset, b.lu.byteLength);
  return x.equals(y);
}

const n = 4 * LU_CHUNK + 2 * LU_BLOCK + 13; // 19 panels, up to 5 chunks a step, ragged edges

describe(`dense LU (n = ${n})`, () => {
  const M = randomMatrix(n, 18);
  const base = luFactor(M, n);

  it('P M = L U to 1e-12, every multiplier of L at most 1 in size', () => {
    const { lu, perm } = base;
    expect(new Set(perm).size).toBe(n);
    let worst = 0;
    for (let i = 0; i < n; i += 7) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let k = 0; k <= Math.min(i, j); k++) s += (k === i ? 1 : lu[i * n + k]) * lu[k * n + j];
        worst = Math.max(worst, Math.abs(s - M[perm[i] * n + j]));
      }
    }
    expect(worst).toBeLessThan(1e-12);
    let big = 0;
    for (let i = 0; i < n; i++) for (let k = 0; k < i; k++) big = Math.max(big, Math.abs(lu[i * n + k]));
    expect(big).toBeLessThanOrEqual(1);
  });

  it('the same bytes when "helpers" take every chunk, none, or alternate steps', () => {
    let posted = 0;
    const eager = (helpers: number): DenseExecutor => ({
      ready: () => helpers,
      post: (_h, job) => {
        posted++;
        luStep(job); // this helper takes every chunk left before the caller starts
      },
      check: () => {},
    });
    const asleep: DenseExecutor = { ready: () => 1, post: () => posted++, check: () => {} };
    let step = 0;
    const alternate: DenseExecutor = { ready: () => step++ % 2, post: (_h, job) => luStep(job), check: () => {} };
    for (const exec of [eager(1), eager(2), asleep, alternate]) {
      const f = luFactor(M, n, exec);
      expect(f.lu.buffer).toBeInstanceOf(SharedArrayBuffer);
      expect(sameBytes(f, base)).toBe(true);
    }
    expect(posted).toBeGreaterThan(0);
    // in place: on shared memory with a helper, and on ordinary memory (the helper is then not used)
    const shared = new Float64Array(new SharedArrayBuffer(8 * n * n));
    shared.set(M);
    const before = posted;
    expect(sameBytes(luFactorInPlace(shared, n, eager(1)), base)).toBe(true);
    expect(posted).toBeGreaterThan(before);
    expect(sameBytes(luFactorInPlace(Float64Array.from(M), n, asleep), base)).toBe(true);
  });

  it('a helper that fails stops the factorisation with its error', () => {
    const failing: DenseExecutor = {
      ready: () => 1,
      post: () => {},
      check: () => {
        throw new Error('helper gone');
      },
    };
    // the caller takes every chunk itself, so the wait (and check) happens only if chunks are missing: make one go missing
    const stealing: DenseExecutor = { ...failing, post: (_h, job) => void Atomics.add(job.sync, 2 * job.slot, 1) };
    expect(() => luFactor(M, n, stealing)).toThrow('helper gone');
  });

  it('Mᵀ X = R for m = 77 right-hand sides (blocked substitution): residual ≤ 1e-10', () => {
    const m = 77;
    const rng = Rng.create(3);
    const R = Float64Array.from({ length: n * m }, () => rng.uniform());
    const X = luSolveTransposedMany(base, R, m);
    let worst = 0;
    for (let i = 0; i < n; i++) {
      for (let c = 0; c < m; c += 5) {
        let s = 0;
        for (let k = 0; k < n; k++) s += M[k * n + i] * X[k * m + c];
        worst = Math.max(worst, Math.abs(s - R[i * m + c]));
      }
    }
    expect(worst).toBeLessThan(1e-10);
  });

  it(`M X = R for m = ${GEMM_NC + 45} right-hand sides (blocked substitution, two column tiles): residual ≤ 1e-10`, () => {
    const m = GEMM_NC + 45;
    const rng = Rng.create(4);
    const R = Float64Array.from({ length: n * m }, () => rng.uniform());
    const X = luSolveMany(base, R, m);
    let worst = 0;
    for (let i = 0; i < n; i++) {
      for (let c = 0; c < m; c += 7) {
        let s = 0;
        for (let k = 0; k < n; k++) s += M[i * n + k] * X[k * m + c];
        worst = Math.max(worst, Math.abs(s - R[i * m + c]));
      }
    }
    expect(worst).toBeLessThan(1e-10);
  });

  it('E_SINGULAR names the column of a zero pivot', () => {
    const S = randomMatrix(70, 5);
    for (let i = 0; i < 70; i++) S[i * 70 + 69] = S[i * 70 + 3]; // column 70 = column 4
    expect(() => luFactor(S, 70)).toThrow(/E_SINGULAR|singular/);
  });
});

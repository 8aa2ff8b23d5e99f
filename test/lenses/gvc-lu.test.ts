/**
 * The blocked LU and multi-right-hand-side solves of the value-chain lens (issue 18) on matrices
 * larger than a panel (64) and a right-hand-side tile (64), sizes not multiples of the 4 × 4 register
 * block (the kernel itself: test/kernels/dense-lu.test.ts): checked by identities that do not trust the code (P M = L U entry by entry, M · M⁻¹ = I,
 * one-at-a-time solves by plain substitution written here), and the large-table routes of the lens
 * (no B: leontiefFactors, upstreamnessFromFactors) against the routes that form B.
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/rng.js';
import { kww } from '../../src/lenses/gvc/kww.js';
import { identityMinus, inverse, leontief, leontiefFactors, luFactor, luSolveMany, luSolveTransposedMany, matmul } from '../../src/lenses/gvc/leontief.js';
import { icioTable } from '../../src/lenses/gvc/table.js';
import { upstreamness, upstreamnessFromFactors } from '../../src/lenses/gvc/upstreamness.js';
import { wwz, wwzCheck, wwzToKww } from '../../src/lenses/gvc/wwz.js';

/**
 * The checks `ok(0 … count − 1)` that fail (at most five, as `show` names them): the entry-by-entry checks below are
 * asserted once on this list (an expect per entry cost ≈ 4 s of CPU over these ≈ 60,000 entries).
 */
function failing(count: number, ok: (q: number) => boolean, show: (q: number) => string): string[] {
  const out: string[] = [];
  for (let q = 0; q < count && out.length < 5; q++) if (!ok(q)) out.push(show(q));
  return out;
}

/** The terms of two decompositions (row by row) that differ by 1e-10 relative to the first's (at least 1), at most five. */
function termsDiffer(a: readonly { terms: ArrayLike<number> }[], b: readonly { terms: ArrayLike<number> }[]): string[] {
  const out: string[] = [];
  a.forEach((r, s) => {
    for (let k = 0; k < r.terms.length; k++) {
      const v = r.terms[k];
      if (!(Math.abs(v - b[s].terms[k]) < 1e-10 * Math.max(1, Math.abs(v))) && out.length < 5) out.push(`row ${s} term ${k}: ${v} vs ${b[s].terms[k]}`);
    }
  });
  return out;
}

/** Entry (i, j) of an n × n matrix at flat index q, with its value. */
const entry = (X: Float64Array, n: number, q: number) => `(${Math.floor(q / n)}, ${q % n}) = ${X[q]}`;

function randomMatrix(n: number, seed: number): Float64Array {
  const rng = Rng.create(seed);
  const M = new Float64Array(n * n);
  for (let i = 0; i < n * n; i++) M[i] = rng.uniform() - 0.5;
  for (let i = 0; i < n; i++) M[i * n + i] += 0.1 * (rng.uniform() - 0.5); // weak diagonal: pivoting needed
  return M;
}

describe('luFactor (blocked) on n = 131 and 50', () => {
  for (const n of [131, 50]) {
    it(`n = ${n}: P M = L U to 1e-12 relative to the largest entry`, () => {
      const M = randomMatrix(n, n);
      const { lu, perm } = luFactor(M, n);
      expect(new Set(perm).size).toBe(n);
      let worst = 0;
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          let s = 0;
          for (let k = 0; k <= Math.min(i, j); k++) s += (k === i ? 1 : lu[i * n + k]) * (k <= j ? lu[k * n + j] : 0);
          worst = Math.max(worst, Math.abs(s - M[perm[i] * n + j]));
        }
      }
      expect(worst).toBeLessThan(1e-12);
      // partial pivoting: every multiplier of L is at most 1 in size
      expect(
        failing(
          n * n,
          (q) => q % n >= Math.floor(q / n) || Math.abs(lu[q]) <= 1,
          (q) => entry(lu, n, q),
        ),
      ).toEqual([]);
    });
  }

  it('inverse(M) · M = I (n = 131), and the multi-RHS solves equal substitution written out here (m = 70 > one tile)', () => {
    const n = 131;
    const M = randomMatrix(n, 7);
    const Mi = inverse(M, n);
    const P = matmul(Mi, M, n, n, n);
    expect(
      failing(
        n * n,
        (q) => Math.abs(P[q] - (q % (n + 1) === 0 ? 1 : 0)) < 1e-10,
        (q) => entry(P, n, q),
      ),
    ).toEqual([]);
    const m = 70;
    const rng = Rng.create(3);
    const R = Float64Array.from({ length: n * m }, () => rng.uniform());
    const f = luFactor(M, n);
    const X = luSolveMany(f, R, m);
    const XT = luSolveTransposedMany(f, R, m);
    // residuals M X − R and Mᵀ XT − R
    const residuals: string[] = [];
    for (let i = 0; i < n; i++) {
      for (let c = 0; c < m; c++) {
        let a = 0;
        let b = 0;
        for (let k = 0; k < n; k++) {
          a += M[i * n + k] * X[k * m + c];
          b += M[k * n + i] * XT[k * m + c];
        }
        if (!(Math.abs(a - R[i * m + c]) < 1e-10)) residuals.push(`M X − R at (${i}, ${c}): ${a - R[i * m + c]}`);
        if (!(Math.abs(b - R[i * m + c]) < 1e-10)) residuals.push(`Mᵀ XT − R at (${i}, ${c}): ${b - R[i * m + c]}`);
      }
    }
    expect(residuals.slice(0, 5)).toEqual([]);
  });
});

describe('large-table routes on a 10-country × 7-industry table (n = 70 > one panel)', () => {
  const G = 10;
  const N = 7;
  const n = G * N;
  const rng = Rng.create(18);
  const Z = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) Z[i * n + j] = rng.uniform() * (Math.floor(i / N) === Math.floor(j / N) ? 3 : 0.3);
  const Y = new Float64Array(n * G);
  for (let i = 0; i < n; i++) for (let g = 0; g < G; g++) Y[i * G + g] = 2 + rng.uniform() * (g === Math.floor(i / N) ? 40 : 4);
  const t = icioTable({ countries: Array.from({ length: G }, (_, g) => `C${g}`), industries: Array.from({ length: N }, (_, i) => `I${i}`), Z, Y });

  it('B(I − A) = I; KWW from the factors (no B) equals KWW from B; U = diag(X)⁻¹ B X equals the LU of I − Δ', () => {
    const l = leontief(t);
    const BI = matmul(l.B, identityMinus(l.A, n), n, n, n);
    expect(
      failing(
        n * n,
        (q) => Math.abs(BI[q] - (q % (n + 1) === 0 ? 1 : 0)) < 1e-12,
        (q) => entry(BI, n, q),
      ),
    ).toEqual([]);
    const f = leontiefFactors(t);
    const a = kww(t, l);
    const b = kww(t, f);
    expect(termsDiffer(a, b)).toEqual([]);
    const u1 = upstreamness(t).U;
    const u2 = upstreamnessFromFactors(t, f.lu).U;
    expect(
      failing(
        n,
        (i) => Math.abs(u1[i] - u2[i]) < 1e-12 * u1[i],
        (i) => `U[${i}]: ${u1[i]} vs ${u2[i]}`,
      ),
    ).toEqual([]);
  });

  it('WWZ from the factors equals WWZ from B (every term), sums to E^sr_i, and aggregates to KWW', () => {
    const l = leontief(t);
    const f = leontiefFactors(t);
    const a = wwz(t, l);
    const b = wwz(t, f);
    expect(b.length).toBe(G * (G - 1) * N);
    expect(termsDiffer(a, b)).toEqual([]);
    expect(wwzCheck(b).total).toBeLessThan(1e-12);
    const agg = wwzToKww(b, G);
    expect(
      termsDiffer(
        kww(t, f),
        Array.from({ length: G }, (_, s) => ({ terms: Array.from(agg.slice(s * 9, s * 9 + 9)) })),
      ),
    ).toEqual([]);
  });
});

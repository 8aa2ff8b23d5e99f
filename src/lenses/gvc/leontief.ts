/**
 * Leontief quantities of an ICIO table (issue 18): technical coefficients A = Z·diag(X)⁻¹, the
 * Leontief inverse B = (I − A)⁻¹, value-added coefficients V = VA / X, the local (domestic) Leontief
 * inverse L = (I − A_D)⁻¹ with A_D the country-diagonal blocks of A, and the decompositions of
 * flows into value-added origins V·B·diag(f) (Leontief 1936; decompr's `leontief()`).
 *
 * Dense LU with partial pivoting on Float64Array (row-major). Cost: factorising an n × n matrix
 * 2n³/3 flops, the inverse from it 4n³/3 more (2n³ in all); L is inverted block by block, G·2N³.
 * At OECD ICIO size (n ≈ 3,500) that is ≈ 8.6·10¹⁰ flops for B; where only B·y is needed, solve
 * with {@link luSolve} on the factors (2n² per right-hand side) instead of forming B.
 */
import { fail } from '../../core/errors.js';
import type { IcioTable } from './table.js';

/** An LU factorisation PA = LU (L unit lower, U upper, stored together). */
export interface Lu {
  n: number;
  /** L below the diagonal, U on and above it; row-major. */
  lu: Float64Array;
  /** Row i of the factors is row perm[i] of the original matrix. */
  perm: Int32Array;
}

/**
 * LU factorisation with partial pivoting of an n × n row-major matrix (not modified).
 * Fails with E_SINGULAR when a pivot is ≤ 1e-14 × the largest entry (I − A singular: a sector whose
 * inputs from the system equal its output, no value added anywhere on a cycle). Cost 2n³/3.
 */
export function luFactor(M: ArrayLike<number>, n: number): Lu {
  const a = Float64Array.from(M);
  const perm = new Int32Array(n);
  let scale = 0;
  for (let i = 0; i < n * n; i++) scale = Math.max(scale, Math.abs(a[i]));
  for (let i = 0; i < n; i++) perm[i] = i;
  for (let k = 0; k < n; k++) {
    let p = k;
    let best = Math.abs(a[k * n + k]);
    for (let i = k + 1; i < n; i++) {
      const v = Math.abs(a[i * n + k]);
      if (v > best) {
        best = v;
        p = i;
      }
    }
    if (!(best > 1e-14 * scale))
      fail('E_SINGULAR', `I − A is singular (pivot ${best} in column ${k + 1})`, { hint: 'a sector or cycle of sectors has no value added' });
    if (p !== k) {
      for (let j = 0; j < n; j++) {
        const t = a[k * n + j];
        a[k * n + j] = a[p * n + j];
        a[p * n + j] = t;
      }
      const t = perm[k];
      perm[k] = perm[p];
      perm[p] = t;
    }
    const d = a[k * n + k];
    for (let i = k + 1; i < n; i++) {
      const f = (a[i * n + k] /= d);
      if (f === 0) continue;
      const ri = i * n;
      const rk = k * n;
      for (let j = k + 1; j < n; j++) a[ri + j] -= f * a[rk + j];
    }
  }
  return { n, lu: a, perm };
}

/** Solve M x = b from {@link luFactor}'s factors. Cost 2n². */
export function luSolve(f: Lu, b: ArrayLike<number>): Float64Array {
  const { n, lu, perm } = f;
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = b[perm[i]];
    for (let j = 0; j < i; j++) s -= lu[i * n + j] * x[j];
    x[i] = s;
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = x[i];
    for (let j = i + 1; j < n; j++) s -= lu[i * n + j] * x[j];
    x[i] = s / lu[i * n + i];
  }
  return x;
}

/** M⁻¹ of an n × n row-major matrix by LU with partial pivoting (n solves against unit vectors). Cost 2n³. */
export function inverse(M: ArrayLike<number>, n: number): Float64Array {
  const f = luFactor(M, n);
  const inv = new Float64Array(n * n);
  const e = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    e.fill(0);
    e[j] = 1;
    const col = luSolve(f, e);
    for (let i = 0; i < n; i++) inv[i * n + j] = col[i];
  }
  return inv;
}

/** I − M for an n × n row-major matrix. */
export function identityMinus(M: ArrayLike<number>, n: number): Float64Array {
  const out = new Float64Array(n * n);
  for (let i = 0; i < n * n; i++) out[i] = -M[i];
  for (let i = 0; i < n; i++) out[i * n + i] += 1;
  return out;
}

/** C = A·B for row-major A (r × m) and B (m × c). Cost 2rmc. */
export function matmul(A: ArrayLike<number>, B: ArrayLike<number>, r: number, m: number, c: number): Float64Array {
  const C = new Float64Array(r * c);
  for (let i = 0; i < r; i++) {
    for (let k = 0; k < m; k++) {
      const a = A[i * m + k];
      if (a === 0) continue;
      for (let j = 0; j < c; j++) C[i * c + j] += a * B[k * c + j];
    }
  }
  return C;
}

/** The Leontief quantities of a table. All matrices n × n row-major. */
export interface Leontief {
  n: number;
  G: number;
  N: number;
  /** Technical coefficients a_ij = Z_ij / X_j (0 when X_j = 0). */
  A: Float64Array;
  /** Leontief inverse (I − A)⁻¹. */
  B: Float64Array;
  /** Value-added coefficients VA_j / X_j (0 when X_j = 0). */
  V: Float64Array;
  /** Local Leontief inverse (I − A_D)⁻¹ (block-diagonal: zero between countries). */
  L: Float64Array;
}

/** A = Z·diag(X)⁻¹ (columns scaled by output; 0 where X_j = 0). Cost n². */
export function technicalCoefficients(t: Pick<IcioTable, 'Z' | 'X' | 'n'>): Float64Array {
  const { n, Z, X } = t;
  const A = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) A[i * n + j] = X[j] > 0 ? Z[i * n + j] / X[j] : 0;
  return A;
}

/** Keep the country-diagonal blocks (`domestic`) or the off-diagonal ones (`foreign`) of an n × n matrix. */
export function countryBlocks(M: ArrayLike<number>, G: number, N: number, part: 'domestic' | 'foreign'): Float64Array {
  const n = G * N;
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const gi = Math.floor(i / N);
    for (let j = 0; j < n; j++) {
      const same = gi === Math.floor(j / N);
      if (same === (part === 'domestic')) out[i * n + j] = M[i * n + j];
    }
  }
  return out;
}

/**
 * A, B, V and L of a validated table. Cost 2n³ (B) + 2GN³ (L).
 * @example const { B } = leontief(icioTable(input)); // B[i * n + j]: output of i per unit of final demand for j
 */
export function leontief(t: IcioTable): Leontief {
  const { n, G, N } = t;
  const A = technicalCoefficients(t);
  const B = inverse(identityMinus(A, n), n);
  const V = new Float64Array(n);
  for (let j = 0; j < n; j++) V[j] = t.X[j] > 0 ? t.VA[j] / t.X[j] : 0;
  const L = new Float64Array(n * n);
  const blk = new Float64Array(N * N);
  for (let g = 0; g < G; g++) {
    const o = g * N;
    for (let i = 0; i < N; i++) for (let j = 0; j < N; j++) blk[i * N + j] = A[(o + i) * n + o + j];
    const inv = inverse(identityMinus(blk, N), N);
    for (let i = 0; i < N; i++) for (let j = 0; j < N; j++) L[(o + i) * n + o + j] = inv[i * N + j];
  }
  return { n, G, N, A, B, V, L };
}

/**
 * The second route to B: the Neumann series I + A + A² + … (converges when the spectral radius of A
 * is below 1, which holds for a productive table with value added in every column), stopped when the
 * largest entry of the last power is ≤ tol (default 1e-16) or after maxTerms. Cost 2n³ per term;
 * for checks on small tables.
 */
export function leontiefSeries(A: Float64Array, n: number, tol = 1e-16, maxTerms = 10_000): { B: Float64Array; terms: number } {
  const B = identityMinus(new Float64Array(n * n), n);
  let P: Float64Array = B.slice();
  for (let k = 1; k <= maxTerms; k++) {
    P = matmul(P, A, n, n, n);
    let big = 0;
    for (let i = 0; i < n * n; i++) {
      B[i] += P[i];
      big = Math.max(big, Math.abs(P[i]));
    }
    if (big <= tol) return { B, terms: k };
  }
  fail('E_SINGULAR', `the series I + A + A² + … did not converge in ${maxTerms} terms`);
}

/**
 * Value-added origins of a flow: VB·diag(f) (n × n; entry (i, j) = value added of sector i embodied in
 * sector j's flow f_j), decompr's `leontief(post = "exports" | "output")`. Cost n².
 */
export function valueAddedOrigins(l: Leontief, f: ArrayLike<number>): Float64Array {
  const { n, V, B } = l;
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) out[i * n + j] = V[i] * B[i * n + j] * f[j];
  return out;
}

/** Value added by source sector and absorbing country: V·B·Y (n × G), decompr's `post = "final_demand"`. Cost n²G. */
export function valueAddedInFinalDemand(l: Leontief, Y: Float64Array): Float64Array {
  const { n, G, V } = l;
  const BY = matmul(l.B, Y, n, n, G);
  for (let i = 0; i < n; i++) for (let g = 0; g < G; g++) BY[i * G + g] *= V[i];
  return BY;
}

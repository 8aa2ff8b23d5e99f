/**
 * Leontief quantities of an ICIO table (issue 18): technical coefficients A = Z·diag(X)⁻¹, the
 * Leontief inverse B = (I − A)⁻¹, value-added coefficients V = VA / X, the local (domestic) Leontief
 * inverse L = (I − A_D)⁻¹ with A_D the country-diagonal blocks of A, and the decompositions of
 * flows into value-added origins V·B·diag(f) (Leontief 1936; decompr's `leontief()`).
 *
 * Dense LU with partial pivoting on Float64Array (row-major). Cost: factorising an n × n matrix
 * 2n³/3 flops, the inverse from it n solves of 2n² (8n³/3 in all); L is inverted block by block,
 * 8GN³/3. At OECD ICIO size (n ≈ 3,500) forming B is ≈ 1.1·10¹¹ flops (measured here: n = 800 in
 * 1.4 s, so ≈ 2 min at n = 3,500 on one core). The KWW decomposition needs only the G rows
 * V_s B_s· of VB: {@link leontiefFactors} gets them by G transposed solves on the factors
 * (2n³/3 + 2Gn²), without forming B.
 */
import { fail } from '../../core/errors.js';
import { type DenseExecutor, type Lu, luFactor, luFactorInPlace, luSolveMany, luSolveTransposedMany } from '../../kernels/dense-lu.js';
import type { IcioTable } from './table.js';

export { type DenseExecutor, type Lu, luFactor, luSolveMany, luSolveTransposedMany } from '../../kernels/dense-lu.js';

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

/** Solve Mᵀ x = b from {@link luFactor}'s factors of M (Uᵀ z = b, Lᵀ w = z, x = Pᵀ w). Cost 2n². */
export function luSolveTransposed(f: Lu, b: ArrayLike<number>): Float64Array {
  const { n, lu, perm } = f;
  const z = Float64Array.from(b);
  for (let i = 0; i < n; i++) {
    z[i] /= lu[i * n + i];
    const zi = z[i];
    if (zi !== 0) for (let j = i + 1; j < n; j++) z[j] -= lu[i * n + j] * zi;
  }
  for (let i = n - 1; i >= 0; i--) {
    const zi = z[i];
    if (zi !== 0) for (let j = 0; j < i; j++) z[j] -= lu[i * n + j] * zi;
  }
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) x[perm[i]] = z[i];
  return x;
}

/**
 * M⁻¹ of an n × n row-major matrix by LU with partial pivoting (the identity's n columns solved together, {@link luSolveMany}).
 * `exec`: helper threads for the factorisation (same bytes with or without). Cost 8n³/3.
 */
export function inverse(M: ArrayLike<number>, n: number, exec?: DenseExecutor): Float64Array {
  const f = luFactor(M, n, exec);
  const I = new Float64Array(n * n);
  for (let i = 0; i < n; i++) I[i * n + i] = 1;
  return luSolveMany(f, I, n);
}

/** I − M for an n × n row-major matrix (on shared memory when `shared`: for a factorisation with helper threads). */
export function identityMinus(M: ArrayLike<number>, n: number, shared = false): Float64Array {
  const out = shared ? new Float64Array(new SharedArrayBuffer(8 * n * n)) : new Float64Array(n * n);
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

/** What the KWW decomposition needs: A, V, L and W, the G × n rows W_s = Σ_{i∈s} V_i B_i· of V·B. */
export interface LeontiefFactors {
  n: number;
  G: number;
  N: number;
  A: Float64Array;
  V: Float64Array;
  L: Float64Array;
  /** G × n row-major: W[s·n + j] = value added of country s per unit of sector j's output. */
  W: Float64Array;
  /** The LU factors of I − A (solve against B without forming it). */
  lu: Lu;
}

function localInverse(A: Float64Array, G: number, N: number): Float64Array {
  const n = G * N;
  const L = new Float64Array(n * n);
  const blk = new Float64Array(N * N);
  for (let g = 0; g < G; g++) {
    const o = g * N;
    for (let i = 0; i < N; i++) for (let j = 0; j < N; j++) blk[i * N + j] = A[(o + i) * n + o + j];
    const inv = inverse(identityMinus(blk, N), N);
    for (let i = 0; i < N; i++) for (let j = 0; j < N; j++) L[(o + i) * n + o + j] = inv[i * N + j];
  }
  return L;
}

function valueAddedCoefficients(t: IcioTable): Float64Array {
  const V = new Float64Array(t.n);
  for (let j = 0; j < t.n; j++) V[j] = t.X[j] > 0 ? t.VA[j] / t.X[j] : 0;
  return V;
}

/**
 * A, V, L and the country rows W of V·B without forming B: W_s solves (I − A)ᵀ W_sᵀ = (V restricted to
 * s)ᵀ, all G together ({@link luSolveTransposedMany}). Cost 2n³/3 (LU) + 2Gn² + 8GN³/3 (L) — the route for large tables.
 * `exec`: helper threads for the LU (`startDensePool()` in the io layer); the results are the same bytes with or without.
 */
export function leontiefFactors(t: IcioTable, exec?: DenseExecutor): LeontiefFactors {
  const { n, G, N } = t;
  const A = technicalCoefficients(t);
  const V = valueAddedCoefficients(t);
  const lu = luFactorInPlace(identityMinus(A, n, exec !== undefined), n, exec); // I − A is built for the LU only
  // all G right-hand sides in one pass: R (n × G) has V_i in column c(i); W = Xᵀ (G × n)
  const R = new Float64Array(n * G);
  for (let i = 0; i < n; i++) R[i * G + Math.floor(i / N)] = V[i];
  const Xs = luSolveTransposedMany(lu, R, G);
  const W = new Float64Array(G * n);
  for (let j = 0; j < n; j++) for (let s = 0; s < G; s++) W[s * n + j] = Xs[j * G + s];
  return { n, G, N, A, V, L: localInverse(A, G, N), W, lu };
}

/**
 * A, B, V and L of a validated table. Cost 8n³/3 (B) + 8GN³/3 (L); `exec` as for {@link leontiefFactors}.
 * @example const { B } = leontief(icioTable(input)); // B[i * n + j]: output of i per unit of final demand for j
 */
export function leontief(t: IcioTable, exec?: DenseExecutor): Leontief {
  const { n, G, N } = t;
  const A = technicalCoefficients(t);
  const B = inverse(identityMinus(A, n), n, exec);
  return { n, G, N, A, B, V: valueAddedCoefficients(t), L: localInverse(A, G, N) };
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

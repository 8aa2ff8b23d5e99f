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
import type { IcioTable } from './table.js';

/** An LU factorisation PA = LU (L unit lower, U upper, stored together). */
export interface Lu {
  n: number;
  /** L below the diagonal, U on and above it; row-major. */
  lu: Float64Array;
  /** Row i of the factors is row perm[i] of the original matrix. */
  perm: Int32Array;
}

/** Panel width of the blocked LU and the column tile of its trailing update. */
const LU_BLOCK = 48;
const LU_TILE = 128;

/**
 * A22 −= L21 · U12 for the block rows/columns [kb, e) of a row-major n × n array, rows and columns
 * from `from` on. U12 is packed transposed per column tile so the inner loop runs along contiguous
 * memory (rows of L21, columns of U12); a 4 × 2 register block of accumulators.
 */
function trailingUpdate(a: Float64Array, n: number, kb: number, e: number, from: number, ut: Float64Array): void {
  const nb = e - kb;
  for (let j0 = from; j0 < n; j0 += LU_TILE) {
    const jl = Math.min(LU_TILE, n - j0);
    for (let k = 0; k < nb; k++) {
      const rk = (kb + k) * n + j0;
      for (let jj = 0; jj < jl; jj++) ut[jj * nb + k] = a[rk + jj];
    }
    let i = from;
    for (; i + 3 < n; i += 4) {
      const r0 = i * n;
      const r1 = r0 + n;
      const r2 = r1 + n;
      const r3 = r2 + n;
      const l0 = r0 + kb;
      const l1 = r1 + kb;
      const l2 = r2 + kb;
      const l3 = r3 + kb;
      let jj = 0;
      for (; jj + 1 < jl; jj += 2) {
        const u0 = jj * nb;
        const u1 = u0 + nb;
        let c00 = 0;
        let c01 = 0;
        let c10 = 0;
        let c11 = 0;
        let c20 = 0;
        let c21 = 0;
        let c30 = 0;
        let c31 = 0;
        for (let k = 0; k < nb; k++) {
          const x0 = ut[u0 + k];
          const x1 = ut[u1 + k];
          const y0 = a[l0 + k];
          const y1 = a[l1 + k];
          const y2 = a[l2 + k];
          const y3 = a[l3 + k];
          c00 += y0 * x0;
          c01 += y0 * x1;
          c10 += y1 * x0;
          c11 += y1 * x1;
          c20 += y2 * x0;
          c21 += y2 * x1;
          c30 += y3 * x0;
          c31 += y3 * x1;
        }
        const j = j0 + jj;
        a[r0 + j] -= c00;
        a[r0 + j + 1] -= c01;
        a[r1 + j] -= c10;
        a[r1 + j + 1] -= c11;
        a[r2 + j] -= c20;
        a[r2 + j + 1] -= c21;
        a[r3 + j] -= c30;
        a[r3 + j + 1] -= c31;
      }
      for (; jj < jl; jj++) {
        const u0 = jj * nb;
        let c0 = 0;
        let c1 = 0;
        let c2 = 0;
        let c3 = 0;
        for (let k = 0; k < nb; k++) {
          const x0 = ut[u0 + k];
          c0 += a[l0 + k] * x0;
          c1 += a[l1 + k] * x0;
          c2 += a[l2 + k] * x0;
          c3 += a[l3 + k] * x0;
        }
        const j = j0 + jj;
        a[r0 + j] -= c0;
        a[r1 + j] -= c1;
        a[r2 + j] -= c2;
        a[r3 + j] -= c3;
      }
    }
    for (; i < n; i++) {
      const r0 = i * n;
      for (let jj = 0; jj < jl; jj++) {
        const u0 = jj * nb;
        let c = 0;
        for (let k = 0; k < nb; k++) c += a[r0 + kb + k] * ut[u0 + k];
        a[r0 + j0 + jj] -= c;
      }
    }
  }
}

/**
 * LU factorisation with partial pivoting of an n × n row-major matrix (not modified), blocked
 * (right-looking, LAPACK getrf's order): each panel of {@link LU_BLOCK} columns is factorised with
 * row interchanges applied to whole rows, its block row of U solved, and the trailing matrix updated
 * by one matrix product in cache-sized tiles — the 2n³/3 flops run from cache instead of streaming
 * the whole matrix once per column. Same factors (up to rounding) as the unblocked algorithm.
 * Fails with E_SINGULAR when a pivot is ≤ 1e-14 × the largest entry (I − A singular: a sector whose
 * inputs from the system equal its output, no value added anywhere on a cycle). Cost 2n³/3.
 */
export function luFactor(M: ArrayLike<number>, n: number): Lu {
  const a = Float64Array.from(M);
  const perm = new Int32Array(n);
  let scale = 0;
  for (let i = 0; i < n * n; i++) scale = Math.max(scale, Math.abs(a[i]));
  for (let i = 0; i < n; i++) perm[i] = i;
  const ut = new Float64Array(LU_TILE * LU_BLOCK);
  for (let kb = 0; kb < n; kb += LU_BLOCK) {
    const e = Math.min(kb + LU_BLOCK, n);
    // panel: columns [kb, e), rows k … n − 1
    for (let k = kb; k < e; k++) {
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
      const rk = k * n;
      for (let i = k + 1; i < n; i++) {
        const ri = i * n;
        const f = (a[ri + k] /= d);
        if (f === 0) continue;
        for (let j = k + 1; j < e; j++) a[ri + j] -= f * a[rk + j];
      }
    }
    if (e === n) break;
    // block row of U: L11 U12 = A12 (L11 unit lower), columns [e, n)
    for (let k = kb; k < e; k++) {
      const rk = k * n;
      for (let i = k + 1; i < e; i++) {
        const ri = i * n;
        const f = a[ri + k];
        if (f !== 0) for (let j = e; j < n; j++) a[ri + j] -= f * a[rk + j];
      }
    }
    trailingUpdate(a, n, kb, e, e, ut);
  }
  return { n, lu: a, perm };
}

/** Columns of right-hand sides solved together per pass of the multi-RHS solves (a tile that stays in cache). */
const RHS_TILE = 64;

/**
 * Solve M X = R for m right-hand sides at once (R and X n × m, row-major) from {@link luFactor}'s
 * factors: forward and back substitution on tiles of {@link RHS_TILE} columns, each row update one
 * contiguous axpy. Cost 2n²m.
 */
export function luSolveMany(f: Lu, R: ArrayLike<number>, m: number): Float64Array {
  const { n, lu, perm } = f;
  const X = new Float64Array(n * m);
  const w = Math.min(RHS_TILE, m);
  const T = new Float64Array(n * w);
  for (let c0 = 0; c0 < m; c0 += w) {
    const cw = Math.min(w, m - c0);
    for (let i = 0; i < n; i++) {
      const src = perm[i] * m + c0;
      const ti = i * cw;
      for (let c = 0; c < cw; c++) T[ti + c] = R[src + c];
      const ri = i * n;
      for (let j = 0; j < i; j++) {
        const l = lu[ri + j];
        if (l === 0) continue;
        const tj = j * cw;
        for (let c = 0; c < cw; c++) T[ti + c] -= l * T[tj + c];
      }
    }
    for (let i = n - 1; i >= 0; i--) {
      const ti = i * cw;
      const ri = i * n;
      for (let j = i + 1; j < n; j++) {
        const u = lu[ri + j];
        if (u === 0) continue;
        const tj = j * cw;
        for (let c = 0; c < cw; c++) T[ti + c] -= u * T[tj + c];
      }
      const d = lu[ri + i];
      for (let c = 0; c < cw; c++) X[i * m + c0 + c] = T[ti + c] / d;
      for (let c = 0; c < cw; c++) T[ti + c] = X[i * m + c0 + c];
    }
  }
  return X;
}

/**
 * Solve Mᵀ X = R for m right-hand sides at once (n × m, row-major) from the factors of M:
 * Uᵀ Z = R, Lᵀ W = Z, X = Pᵀ W, each pass over the factors shared by all m columns. Cost 2n²m.
 */
export function luSolveTransposedMany(f: Lu, R: ArrayLike<number>, m: number): Float64Array {
  const { n, lu, perm } = f;
  const Zm = Float64Array.from(R);
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    const zi = i * m;
    const d = lu[ri + i];
    for (let c = 0; c < m; c++) Zm[zi + c] /= d;
    for (let j = i + 1; j < n; j++) {
      const u = lu[ri + j];
      if (u === 0) continue;
      const zj = j * m;
      for (let c = 0; c < m; c++) Zm[zj + c] -= u * Zm[zi + c];
    }
  }
  for (let i = n - 1; i >= 0; i--) {
    const ri = i * n;
    const zi = i * m;
    for (let j = 0; j < i; j++) {
      const l = lu[ri + j];
      if (l === 0) continue;
      const zj = j * m;
      for (let c = 0; c < m; c++) Zm[zj + c] -= l * Zm[zi + c];
    }
  }
  const X = new Float64Array(n * m);
  for (let i = 0; i < n; i++) X.set(Zm.subarray(i * m, (i + 1) * m), perm[i] * m);
  return X;
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

/** M⁻¹ of an n × n row-major matrix by LU with partial pivoting (the identity's columns solved in tiles, {@link luSolveMany}). Cost 8n³/3. */
export function inverse(M: ArrayLike<number>, n: number): Float64Array {
  const f = luFactor(M, n);
  const I = new Float64Array(n * n);
  for (let i = 0; i < n; i++) I[i * n + i] = 1;
  return luSolveMany(f, I, n);
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
 */
export function leontiefFactors(t: IcioTable): LeontiefFactors {
  const { n, G, N } = t;
  const A = technicalCoefficients(t);
  const V = valueAddedCoefficients(t);
  const lu = luFactor(identityMinus(A, n), n);
  // all G right-hand sides in one pass: R (n × G) has V_i in column c(i); W = Xᵀ (G × n)
  const R = new Float64Array(n * G);
  for (let i = 0; i < n; i++) R[i * G + Math.floor(i / N)] = V[i];
  const Xs = luSolveTransposedMany(lu, R, G);
  const W = new Float64Array(G * n);
  for (let j = 0; j < n; j++) for (let s = 0; s < G; s++) W[s * n + j] = Xs[j * G + s];
  return { n, G, N, A, V, L: localInverse(A, G, N), W, lu };
}

/**
 * A, B, V and L of a validated table. Cost 8n³/3 (B) + 8GN³/3 (L).
 * @example const { B } = leontief(icioTable(input)); // B[i * n + j]: output of i per unit of final demand for j
 */
export function leontief(t: IcioTable): Leontief {
  const { n, G, N } = t;
  const A = technicalCoefficients(t);
  const B = inverse(identityMinus(A, n), n);
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

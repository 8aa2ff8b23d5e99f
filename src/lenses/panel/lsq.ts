/**
 * Least squares for large panels: the corrected semi-normal equations, with nqpf's QR kernel
 * (kernels/ols.ts) as the reference path and the fallback.
 *
 * For n ≫ k (75,000 rows × 20 columns) a Householder QR costs 2nk² flops plus its refinement sweeps;
 * the Gram matrix costs nk²/2. With equilibrated columns (s_j = 1/‖x_j‖, A = S X'X S), a Cholesky
 * factor A = LL' gives b₀; one correction with the residuals r = y − Xb₀ computed in double,
 * A δ = S X'r, b = b₀ + Sδ, brings the error from κ²ε to about κε when κ²ε ≪ 1 (Björck 1987,
 * "Stability analysis of the method of seminormal equations"; Björck 1996, §2.8). Used only when
 * n·k² > 2·10⁶ and the condition estimate κ(A) ≈ (max Lᵢᵢ / min Lᵢᵢ)² ≤ 10⁸ (so κ²ε ≤ 2·10⁻⁴ … in
 * practice the corrected solution then agrees with QR to about 1e-12 relative); otherwise — small
 * problems, near-collinear columns, a non-positive pivot — the QR kernel runs, which also names
 * collinear columns. The covariance bread (X'X)⁻¹ = S A⁻¹ S.
 *
 * Returns the fields the panel estimators read of an {@link OlsResult}: coef, residuals, rss, xtxInv.
 * Cost: nk²/2 + 2nk + O(k³) for the fast path.
 */
import { ols } from '../../kernels/ols.js';

export interface Lsq {
  coef: Float64Array;
  residuals: Float64Array;
  rss: number;
  /** (X'X)⁻¹, k×k row-major. */
  xtxInv: Float64Array;
  /** Which path solved it. */
  path: 'qr' | 'seminormal';
}

/** Above this n·k², the corrected semi-normal equations are tried first. */
export const SEMINORMAL_MIN_WORK = 2e6;
/** Largest condition estimate of the equilibrated Gram matrix for the semi-normal path. */
export const SEMINORMAL_MAX_COND = 1e8;

function dot(a: Float64Array, b: Float64Array): number {
  const n = a.length;
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let i = 0;
  for (; i + 3 < n; i += 4) {
    s0 += a[i] * b[i];
    s1 += a[i + 1] * b[i + 1];
    s2 += a[i + 2] * b[i + 2];
    s3 += a[i + 3] * b[i + 3];
  }
  for (; i < n; i++) s0 += a[i] * b[i];
  return s0 + s1 + s2 + s3;
}

/**
 * S X'X S (k×k, symmetric) in 2×2 column blocks: each pass over the rows reads four columns and fills
 * four entries (half the memory traffic of one dot product per entry).
 */
function gram(X: readonly Float64Array[], s: Float64Array): Float64Array {
  const k = X.length;
  const n = X[0].length;
  const A = new Float64Array(k * k);
  const put = (i: number, j: number, v: number) => {
    const w = v * s[i] * s[j];
    A[i * k + j] = w;
    A[j * k + i] = w;
  };
  for (let i = 0; i < k; i += 2) {
    const i2 = Math.min(i + 1, k - 1);
    for (let j = 0; j <= i; j += 2) {
      const j2 = Math.min(j + 1, k - 1);
      const a = X[i];
      const b = X[i2];
      const c = X[j];
      const d = X[j2];
      let ac = 0;
      let ad = 0;
      let bc = 0;
      let bd = 0;
      for (let r = 0; r < n; r++) {
        const ar = a[r];
        const br = b[r];
        const cr = c[r];
        const dr = d[r];
        ac += ar * cr;
        ad += ar * dr;
        bc += br * cr;
        bd += br * dr;
      }
      put(i, j, ac);
      put(i, j2, ad);
      put(i2, j, bc);
      put(i2, j2, bd);
    }
  }
  return A;
}

/** Cholesky factor (lower, row-major) of a k×k SPD matrix, or undefined when a pivot is not positive. */
function cholesky(A: Float64Array, k: number): Float64Array | undefined {
  const L = new Float64Array(k * k);
  for (let i = 0; i < k; i++)
    for (let j = 0; j <= i; j++) {
      let s = A[i * k + j];
      for (let m = 0; m < j; m++) s -= L[i * k + m] * L[j * k + m];
      if (i === j) {
        if (!(s > 0)) return undefined;
        L[i * k + i] = Math.sqrt(s);
      } else L[i * k + j] = s / L[j * k + j];
    }
  return L;
}

function cholSolve(L: Float64Array, k: number, b: Float64Array): Float64Array {
  const z = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    let s = b[i];
    for (let m = 0; m < i; m++) s -= L[i * k + m] * z[m];
    z[i] = s / L[i * k + i];
  }
  const x = new Float64Array(k);
  for (let i = k - 1; i >= 0; i--) {
    let s = z[i];
    for (let m = i + 1; m < k; m++) s -= L[m * k + i] * x[m];
    x[i] = s / L[i * k + i];
  }
  return x;
}

/** The semi-normal solution, or undefined when the problem is too ill-conditioned for it. */
function seminormal(X: readonly Float64Array[], y: Float64Array): Lsq | undefined {
  const k = X.length;
  const n = y.length;
  const s = new Float64Array(k);
  for (let j = 0; j < k; j++) {
    const nj = Math.sqrt(dot(X[j], X[j]));
    if (!(nj > 0)) return undefined;
    s[j] = 1 / nj;
  }
  const A = gram(X, s);
  const L = cholesky(A, k);
  if (!L) return undefined;
  let dmax = 0;
  let dmin = Number.POSITIVE_INFINITY;
  for (let i = 0; i < k; i++) {
    dmax = Math.max(dmax, L[i * k + i]);
    dmin = Math.min(dmin, L[i * k + i]);
  }
  if ((dmax / dmin) ** 2 > SEMINORMAL_MAX_COND) return undefined;
  const rhs = (r: Float64Array) => Float64Array.from(X, (x, j) => dot(x, r) * s[j]);
  const residual = (b: Float64Array) => {
    const r = y.slice();
    for (let j = 0; j < k; j++) {
      const x = X[j];
      const c = b[j];
      for (let i = 0; i < n; i++) r[i] -= c * x[i];
    }
    return r;
  };
  // b = S z with A z = S X'y; then one correction from the residuals.
  const z = cholSolve(L, k, rhs(y));
  const b = Float64Array.from(z, (v, j) => v * s[j]);
  const r0 = residual(b);
  const dz = cholSolve(L, k, rhs(r0));
  for (let j = 0; j < k; j++) b[j] += dz[j] * s[j];
  const r = residual(b);
  const rss = dot(r, r);
  // (X'X)⁻¹ = S A⁻¹ S, column by column of A⁻¹.
  const xtxInv = new Float64Array(k * k);
  for (let j = 0; j < k; j++) {
    const e = new Float64Array(k);
    e[j] = 1;
    const col = cholSolve(L, k, e);
    for (let i = 0; i < k; i++) xtxInv[i * k + j] = col[i] * s[i] * s[j];
  }
  for (let i = 0; i < k; i++)
    for (let j = 0; j < i; j++) {
      const v = (xtxInv[i * k + j] + xtxInv[j * k + i]) / 2;
      xtxInv[i * k + j] = v;
      xtxInv[j * k + i] = v;
    }
  return { coef: b, residuals: r, rss, xtxInv, path: 'seminormal' };
}

/**
 * Least squares of y on the columns X (no intercept added). `force` picks a path (tests); by default
 * the semi-normal path for large, well-conditioned problems and the QR kernel otherwise (which throws
 * `E_RANK_DEFICIENT` naming collinear columns).
 */
export function lsq(X: readonly Float64Array[], y: Float64Array, names: readonly string[], force?: 'qr' | 'seminormal'): Lsq {
  const n = y.length;
  const k = X.length;
  if (force !== 'qr' && (force === 'seminormal' || n * k * k > SEMINORMAL_MIN_WORK) && n > k) {
    const r = seminormal(X, y);
    if (r) return r;
  }
  const f = ols(X, y, { intercept: false, names });
  return { coef: f.coef, residuals: f.residuals, rss: f.rss, xtxInv: f.xtxInv, path: 'qr' };
}

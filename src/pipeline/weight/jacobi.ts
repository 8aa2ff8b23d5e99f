import { fail } from '../../core/errors.js';

/** Eigen-decomposition of a symmetric matrix: eigenvalues in descending order, eigenvectors as columns. */
export interface SymmetricEigen {
  /** Eigenvalues, largest first. */
  values: Float64Array;
  /** Row-major n×n; column k (`vectors[i*n + k]`, i = 0..n−1) is the unit eigenvector of `values[k]`. */
  vectors: Float64Array;
  /** Jacobi sweeps used. */
  sweeps: number;
}

/**
 * Cyclic Jacobi eigenvalue algorithm for a real symmetric matrix `a` (row-major n×n; not
 * modified). Each rotation J(p, q, θ) zeroes the off-diagonal entry a_pq of JᵀAJ, with
 * t = tan θ = sign(ϑ) / (|ϑ| + √(ϑ² + 1)), ϑ = (a_qq − a_pp) / (2 a_pq) (the smaller rotation,
 * for stability); the product of the rotations accumulates the eigenvectors. Sweeps repeat
 * until the off-diagonal Frobenius mass is below 1e-30 × the total (machine precision), at most
 * 100 sweeps (convergence is quadratic; 6–10 sweeps are typical).
 *
 * Why our own: the engine has no numeric dependency and must run in the browser. Cost O(n³) per
 * sweep; intended for indicator-sized matrices (n ≲ 200).
 *
 * Reference: Golub & Van Loan, Matrix Computations (4th ed.), §8.5 "Jacobi methods"; tested
 * against power iteration and a 2×2 closed form.
 */
export function jacobiEigen(a: Float64Array, n: number): SymmetricEigen {
  if (!Number.isInteger(n) || n < 1 || a.length !== n * n)
    fail('E_BAD_INPUT', `jacobiEigen: expected an ${n}×${n} matrix (length ${n * n}), got length ${a.length}`);
  const A = a.slice();
  let total = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const v = A[i * n + j];
      if (!Number.isFinite(v)) fail('E_NONFINITE', `jacobiEigen: entry (${i + 1}, ${j + 1}) is ${v}`);
      if (j > i && Math.abs(v - A[j * n + i]) > 1e-12 * (Math.abs(v) + Math.abs(A[j * n + i]) + 1e-300)) {
        fail('E_BAD_INPUT', `jacobiEigen: matrix is not symmetric at (${i + 1}, ${j + 1})`);
      }
      total += v * v;
    }
  }
  const V = new Float64Array(n * n);
  for (let i = 0; i < n; i++) V[i * n + i] = 1;
  let sweeps = 0;
  for (; sweeps < 100; sweeps++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += A[p * n + q] * A[p * n + q];
    if (off <= 1e-30 * total || off === 0) break;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = A[p * n + q];
        if (apq === 0) continue;
        const theta = (A[q * n + q] - A[p * n + p]) / (2 * apq);
        const t = (theta >= 0 ? 1 : -1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        // A ← A J (columns p, q)
        for (let k = 0; k < n; k++) {
          const akp = A[k * n + p];
          const akq = A[k * n + q];
          A[k * n + p] = c * akp - s * akq;
          A[k * n + q] = s * akp + c * akq;
        }
        // A ← Jᵀ A (rows p, q)
        for (let k = 0; k < n; k++) {
          const apk = A[p * n + k];
          const aqk = A[q * n + k];
          A[p * n + k] = c * apk - s * aqk;
          A[q * n + k] = s * apk + c * aqk;
        }
        A[p * n + q] = 0;
        A[q * n + p] = 0;
        // V ← V J
        for (let k = 0; k < n; k++) {
          const vkp = V[k * n + p];
          const vkq = V[k * n + q];
          V[k * n + p] = c * vkp - s * vkq;
          V[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  // sort descending (insertion sort on indices; values are finite)
  const idx = Array.from({ length: n }, (_, i) => i);
  for (let i = 1; i < n; i++) {
    const k = idx[i];
    let j = i - 1;
    while (j >= 0 && A[idx[j] * n + idx[j]] < A[k * n + k]) {
      idx[j + 1] = idx[j];
      j--;
    }
    idx[j + 1] = k;
  }
  const values = new Float64Array(n);
  const vectors = new Float64Array(n * n);
  for (let c = 0; c < n; c++) {
    const k = idx[c];
    values[c] = A[k * n + k];
    for (let i = 0; i < n; i++) vectors[i * n + c] = V[i * n + k];
  }
  return { values, vectors, sweeps };
}

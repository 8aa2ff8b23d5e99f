import { fail } from '../../core/errors.js';
import type { WeightResult } from './types.js';
import { booleanOption, choiceOption } from './util.js';

/**
 * Saaty's random consistency index RI(n), n = 1…15 (index n − 1). n = 1–10 from Saaty (1980),
 * *The Analytic Hierarchy Process*, McGraw-Hill (0, 0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41,
 * 1.45, 1.49); n = 11–15 from the extension of the same simulation published in Saaty's later
 * AHP texts (e.g. Saaty & Vargas 2012, *Models, Methods, Concepts & Applications of the AHP*,
 * 2nd ed., Springer): 1.51, 1.48, 1.56, 1.57, 1.59.
 */
export const SAATY_RI: readonly number[] = [0, 0, 0.58, 0.9, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49, 1.51, 1.48, 1.56, 1.57, 1.59];

/** Options of {@link ahpWeights} and the `ahp` weight method. */
export interface AhpOptions {
  /** Accept a matrix with CR > 0.1 instead of failing with `E_AHP_INCONSISTENT`. Default: false. */
  allowInconsistent?: boolean;
  /** Priority vector: `"eigen"` (principal right eigenvector, Saaty; default) or `"geometric"` (normalised row geometric means). */
  priority?: 'eigen' | 'geometric';
  /** Spec path for error locations (e.g. `steps.weight.nodes.NQPF.ahp.matrix`). */
  path?: string;
}

/** Reciprocity tolerance: |a_ij · a_ji − 1| ≤ 1e-6. */
const RECIPROCAL_TOL = 1e-6;

/**
 * AHP (层次分析法) priorities from a pairwise comparison matrix A (a_ij = importance of i over j,
 * Saaty 1–9 scale), with Saaty's consistency check.
 *
 * - Validation: A is square, entries finite and > 0, and reciprocal: |a_ij·a_ji − 1| ≤ 1e-6
 *   (which also forces a_ii = 1); otherwise `E_AHP_RECIPROCAL` naming the cell (write 1/3 with
 *   at least 7 significant digits, 0.3333333).
 * - Priority `eigen` (default): the principal right eigenvector by power iteration,
 *   w⁽ᵏ⁺¹⁾ = A w⁽ᵏ⁾ / Σ(A w⁽ᵏ⁾), from w⁽⁰⁾ = 1/n, until max|Δw| < 1e-12 (A is positive, so
 *   Perron–Frobenius guarantees a simple dominant eigenvalue and convergence).
 *   Priority `geometric`: w_i ∝ (Π_j a_ij)^{1/n} (row geometric mean, Crawford & Williams 1985).
 * - Consistency: λmax = (1/n) Σ_i (A w)_i / w_i, CI = (λmax − n)/(n − 1), CR = CI / RI(n) with
 *   Saaty's RI table {@link SAATY_RI}; for n ≤ 2, CI = CR = 0 (always consistent). CR > 0.1 →
 *   `E_AHP_INCONSISTENT` unless `allowInconsistent`. n > 15 → `E_AHP_SIZE` (no RI).
 *
 * Returns weights summing to 1 and detail { lambdaMax, CI, CR, RI, n, priority, iterations }.
 * Cost O(n²) per iteration.
 *
 * Reference: Saaty T.L. (1980) The Analytic Hierarchy Process; validated against the drinks
 * example of Saaty (2008), "Decision making with the analytic hierarchy process", Int. J.
 * Services Sciences 1(1):83–98 (priorities .177 .019 .042 .116 .190 .129 .327, CR = .022).
 *
 * @example ahpWeights([[1, 3], [1/3, 1]]).weights → [0.75, 0.25]
 */
export function ahpWeights(matrix: ArrayLike<ArrayLike<number>>, opts: AhpOptions = {}): WeightResult {
  const path = opts.path;
  const loc = path ? { location: { path } } : {};
  const allowInconsistent = opts.allowInconsistent === true;
  const priority = opts.priority ?? 'eigen';
  if (priority !== 'eigen' && priority !== 'geometric')
    fail('E_BAD_OPTION', `ahp: option "priority" must be eigen or geometric (got ${String(priority)})`, loc);
  if (!matrix || typeof matrix.length !== 'number' || matrix.length === 0) {
    fail('E_AHP_MATRIX', 'ahp: the pairwise comparison matrix is empty', { ...loc, hint: 'give an n×n matrix, one row per child, e.g. [[1, 3], [1/3, 1]]' });
  }
  const n = matrix.length;
  if (n > SAATY_RI.length) {
    fail('E_AHP_SIZE', `ahp: ${n}×${n} matrix is larger than Saaty's random-index table (n ≤ ${SAATY_RI.length})`, {
      ...loc,
      hint: 'group the children into sub-criteria so each matrix has at most 15 rows',
    });
  }
  const A = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const row = matrix[i];
    if (!row || row.length !== n) {
      fail('E_AHP_MATRIX', `ahp: row ${i + 1} has ${row ? row.length : 0} entries; the matrix must be ${n}×${n}`, {
        ...loc,
        hint: 'one row and one column per child, in the same order',
      });
    }
    for (let j = 0; j < n; j++) {
      const v = row[j];
      if (typeof v !== 'number' || !Number.isFinite(v) || !(v > 0)) {
        fail('E_AHP_MATRIX', `ahp: entry (${i + 1}, ${j + 1}) is ${String(v)}; pairwise judgements must be positive numbers`, {
          ...loc,
          hint: 'use Saaty’s 1–9 scale and reciprocals (1/3 = 0.3333333)',
        });
      }
      A[i * n + j] = v;
    }
  }
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      const aij = A[i * n + j];
      const aji = A[j * n + i];
      if (Math.abs(aij * aji - 1) > RECIPROCAL_TOL) {
        const msg =
          i === j
            ? `ahp: diagonal entry (${i + 1}, ${i + 1}) is ${aij}; it must be 1`
            : `ahp: entries (${i + 1}, ${j + 1}) = ${aij} and (${j + 1}, ${i + 1}) = ${aji} are not reciprocal (a_ji must be 1/a_ij = ${1 / aij})`;
        fail('E_AHP_RECIPROCAL', msg, {
          ...loc,
          hint: 'fill the lower triangle with the reciprocals of the upper triangle; write fractions with at least 7 significant digits',
          data: { row: i + 1, column: j + 1 },
        });
      }
    }
  }

  let w = new Float64Array(n);
  let iterations = 0;
  if (priority === 'geometric') {
    let s = 0;
    for (let i = 0; i < n; i++) {
      let lg = 0;
      for (let j = 0; j < n; j++) lg += Math.log(A[i * n + j]);
      w[i] = Math.exp(lg / n);
      s += w[i];
    }
    for (let i = 0; i < n; i++) w[i] /= s;
  } else {
    w.fill(1 / n);
    let next = new Float64Array(n);
    const maxIter = 100000;
    for (iterations = 1; iterations <= maxIter; iterations++) {
      let s = 0;
      for (let i = 0; i < n; i++) {
        let v = 0;
        for (let j = 0; j < n; j++) v += A[i * n + j] * w[j];
        next[i] = v;
        s += v;
      }
      let delta = 0;
      for (let i = 0; i < n; i++) {
        next[i] /= s;
        delta = Math.max(delta, Math.abs(next[i] - w[i]));
      }
      [w, next] = [next, w];
      if (delta < 1e-12) break;
    }
    if (iterations > maxIter)
      fail('E_AHP_CONVERGENCE', `ahp: power iteration did not converge in ${maxIter} iterations`, {
        ...loc,
        hint: 'check the matrix, or use priority: geometric',
      });
  }
  let lam = 0;
  for (let i = 0; i < n; i++) {
    let v = 0;
    for (let j = 0; j < n; j++) v += A[i * n + j] * w[j];
    lam += v / w[i];
  }
  const lambdaMax = lam / n;
  const RI = SAATY_RI[n - 1];
  const CI = n <= 2 ? 0 : (lambdaMax - n) / (n - 1);
  const CR = n <= 2 ? 0 : CI / RI;
  if (CR > 0.1 && !allowInconsistent) {
    fail(
      'E_AHP_INCONSISTENT',
      `ahp: the pairwise matrix is inconsistent: CR = ${CR.toFixed(4)} > 0.1 (λmax = ${lambdaMax.toFixed(4)}, CI = ${CI.toFixed(4)}, RI(${n}) = ${RI})`,
      {
        ...loc,
        hint: 'revise the judgements (a_ik should be close to a_ij·a_jk), or set allowInconsistent: true to accept them',
        data: { lambdaMax, CI, CR, RI },
      },
    );
  }
  return { weights: w, detail: { lambdaMax, CI, CR, RI, n, priority, iterations } };
}

/**
 * `ahp` as a registry weight method. Reads `opts.matrix` (or `opts.ahp.matrix`, the spec
 * layout), `opts.allowInconsistent` (or `opts.ahp.allowInconsistent`; default false) and
 * `opts.priority` (`eigen` | `geometric`; default eigen). The column values are not used — AHP is
 * subjective weighting — but when columns are passed their number must equal the matrix size.
 * See {@link ahpWeights}.
 */
export function weightAhp(cols: Float64Array[], opts: Record<string, unknown> = {}): WeightResult {
  const nested = (opts.ahp && typeof opts.ahp === 'object' ? opts.ahp : {}) as Record<string, unknown>;
  const matrix = (opts.matrix ?? nested.matrix) as ArrayLike<ArrayLike<number>> | undefined;
  if (matrix === undefined || matrix === null) {
    fail('E_MISSING_OPTION', 'weight method "ahp": option "matrix" (the pairwise comparison matrix) is required', {
      hint: 'give ahp: { matrix: [[1, 3], [0.3333333, 1]] } for the node',
    });
  }
  if (!Array.isArray(matrix)) fail('E_AHP_MATRIX', 'weight method "ahp": option "matrix" must be an array of rows');
  const allowInconsistent =
    opts.allowInconsistent !== undefined && opts.allowInconsistent !== null
      ? booleanOption('weight method "ahp"', opts, 'allowInconsistent', false)
      : booleanOption('weight method "ahp"', nested, 'allowInconsistent', false);
  const priority = choiceOption('weight method "ahp"', opts, 'priority', ['eigen', 'geometric'] as const, 'eigen');
  if (Array.isArray(cols) && cols.length > 0 && cols.length !== matrix.length) {
    fail('E_AHP_SIZE', `weight method "ahp": the matrix is ${matrix.length}×${matrix.length} but ${cols.length} columns are weighted`, {
      hint: 'one row and one column per child, in the order of the children',
    });
  }
  return ahpWeights(matrix, { allowInconsistent, priority, path: typeof opts.path === 'string' ? opts.path : undefined });
}

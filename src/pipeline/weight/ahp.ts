import { z } from 'zod';
import { fail } from '../../core/errors.js';
import { cite, methodText, withLocation } from '../descriptor.js';
import { defineNodeWeight, type WeightResult } from './types.js';
import { field } from '../../core/field-text.js';

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

/** A Saaty judgement as AHP tables write it: a number, or text holding a number or a fraction "1/3" (also "1 / 3", "１/３"). */
const FRACTION = /^\s*(\d+(?:\.\d+)?)\s*(?:[/／]\s*(\d+(?:\.\d+)?)\s*)?$/;

/**
 * One matrix entry: a positive number or a fraction written as text, read as numerator ÷
 * denominator in double precision (so "1/3" is exactly the value of 1/3, where a typed 0.3333333
 * shifts priorities by ~1.5e-8). Full-width digits and slash are read as their ASCII forms.
 */
export const AhpEntry = z
  .union([
    z.number().positive(),
    z
      .string()
      .transform((s) => s.replace(/[０-９．]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)))
      .pipe(z.string().regex(FRACTION, 'write a judgement as a number or a fraction such as "1/3"'))
      .transform((s) => {
        const m = FRACTION.exec(s)!;
        return m[2] === undefined ? Number(m[1]) : Number(m[1]) / Number(m[2]);
      })
      .pipe(z.number().positive().finite()),
  ])
  .meta(
    field({
      en: ['Judgement', 'A judgement a_ij > 0: a number (3, 0.5) or a fraction as text ("1/3").'],
      zh: ['判断值', '判断值 a_ij > 0：数值（3、0.5）或分数文本（"1/3"）。'],
    }),
  );

/** The spec's `ahp` option: the node's pairwise matrix. */
const AhpSpec = z.strictObject({
  matrix: z.array(z.array(AhpEntry)).meta(
    field({
      en: [
        'Pairwise comparison matrix',
        'Pairwise comparison matrix (Saaty 1–9 scale), rows/columns in the order of `order` or of the children; ' +
          'entries are numbers or fractions as AHP tables write them ("1/3").',
      ],
      zh: ['判断矩阵', '两两比较判断矩阵（Saaty 1–9 标度），行列按矩阵顺序或子节点顺序排列；元素可写数值或分数（"1/3"）。'],
    }),
  ),
  order: z
    .array(z.string())
    .optional()
    .meta(
      field({
        en: ['Matrix order', 'Child codes in matrix order. Default: the framework order of the children.'],
        zh: ['矩阵顺序', '矩阵行列对应的子节点代码。默认：指标体系中子节点的顺序。'],
      }),
    ),
  allowInconsistent: z
    .boolean()
    .default(false)
    .meta(
      field({
        en: ['Accept inconsistent matrices', 'Accept CR > 0.1. Default: false.'],
        zh: ['接受不一致的矩阵', '一致性比率 CR > 0.1 时仍然接受。默认：否。'],
      }),
    ),
});

/**
 * `ahp` (层次分析法) at a node: the priorities of the node's own pairwise matrix (`ahp.matrix`,
 * rows and columns in the order of `ahp.order` or of the children), by {@link ahpWeights} with the
 * principal eigenvector; `ahp.allowInconsistent` accepts CR > 0.1. The data are not used — AHP is
 * subjective weighting. The weights are the same in every period; λmax, CI, CR and RI are its
 * detail. A node without a matrix fails when the log is resolved (`E_SPEC`), a matrix that is not
 * k×k for the k children with `E_AHP_MATRIX`, an `order` that does not list the children with
 * `E_AHP_ORDER` (each naming `steps.weight.nodes.<code>.ahp.…`).
 *
 * Called directly (`weightAhp(cols, { ahp: { matrix } })`), the children are the columns.
 */
export const ahp = defineNodeWeight({
  name: 'ahp',
  title: { en: 'AHP (pairwise comparisons)', zh: 'AHP 层次分析法' },
  options: z.strictObject({
    ahp: AhpSpec.optional().meta(
      field({
        en: ['AHP matrix', 'the pairwise matrix (at a node, under `nodes`).'],
        zh: ['AHP 判断矩阵', '节点的两两比较判断矩阵（在逐节点赋权 nodes 下按节点给出）。'],
      }),
    ),
  }),
  label: { zh: '层次分析法（AHP）', en: 'the analytic hierarchy process (AHP)' },
  consistency: true,
  check(o, at) {
    if (o.ahp) return;
    if (at.within)
      fail('E_SPEC', `${at.node}: ${at.within} with ahp needs the node's ahp matrix`, {
        location: { path: `${at.node}.ahp` },
        hint: `give ahp: { matrix: … } beside ${at.within} under steps.weight.nodes`,
      });
    fail('E_SPEC', `${at.node}.ahp: method ahp needs a pairwise matrix`, {
      location: { path: `${at.path}.ahp` },
      hint: `give ahp: { matrix: [[1, 3], [1/3, 1]] } under ${at.node}`,
    });
  },
  run(node, o) {
    const a = o.ahp;
    if (!a)
      fail('E_MISSING_OPTION', 'weight method "ahp": option "ahp.matrix" (the pairwise comparison matrix) is required', {
        hint: 'give ahp: { matrix: [[1, 3], [0.3333333, 1]] } for the node',
      });
    const { code, children } = node;
    const k = children.length;
    const order = a.order ?? children;
    if (a.matrix.length !== k || a.matrix.some((row) => row.length !== k))
      fail('E_AHP_MATRIX', `${node.path}.ahp.matrix must be ${k}×${k} (one row and column per child of ${code}: ${children.join(', ')})`, {
        location: { path: `${node.path}.ahp.matrix` },
        hint: 'give one row per child, in the order of `order` or of the children',
      });
    if (order.length !== k || !children.every((c) => order.includes(c)))
      fail('E_AHP_ORDER', `${node.path}.ahp.order must list the children of ${code}: ${children.join(', ')}`, {
        location: { path: `${node.path}.ahp.order` },
      });
    const path = `${node.path}.ahp.matrix`;
    const r = withLocation(path, 'ahp', () => ahpWeights(a.matrix, { allowInconsistent: a.allowInconsistent, path }));
    return { weights: Float64Array.from(children, (c) => r.weights[order.indexOf(c)]), detail: r.detail };
  },
  describe() {
    return methodText(
      `层次分析法${cite('ahp')}依据 1–9 标度的判断矩阵 A 求主特征向量作为权重，λ_max = (1/n) Σ_i (Aw)_i/w_i，一致性指标 CI = (λ_max − n)/(n − 1)，一致性比率 CR = CI/RI，CR < 0.1 时判断矩阵通过一致性检验。`,
      `The AHP${cite('ahp')} weights are the principal eigenvector of the pairwise comparison matrix A (Saaty's 1–9 ` +
        'scale), with λ_max = (1/n) Σ_i (Aw)_i/w_i, consistency index CI = (λ_max − n)/(n − 1) and consistency ratio ' +
        'CR = CI/RI; a matrix is accepted when CR < 0.1.',
    );
  },
});

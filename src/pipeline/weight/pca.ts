import { z } from 'zod';
import { fail } from '../../core/errors.js';
import { cite, methodText } from '../descriptor.js';
import { defineDataWeight } from './types.js';
import { jacobiEigen } from './jacobi.js';
import { checkWeightColumns, completeCases, covarianceOnMask, scoresToWeights } from './util.js';
import { field } from '../../core/field-text.js';

/**
 * `pca` (主成分分析赋权): weights proportional to the absolute loadings of the **first**
 * principal component,
 *
 *   R u₁ = λ₁ u₁ (largest eigenvalue),   w_j = |u₁j| / Σ_k |u₁k|,
 *
 * where R is the correlation matrix of the columns (default) or their covariance matrix
 * (`pcaOn: "covariance"`). Only the first component is used (not a variance-weighted sum of
 * several components); u₁ is a unit vector with its sign chosen so Σ u₁j ≥ 0.
 *
 * The eigen-decomposition is our own cyclic Jacobi solver ({@link jacobiEigen}).
 *
 * Missing data: the matrix is computed on complete cases (observations with every column
 * present); at least 3 are required (`E_TOO_FEW`). Errors: a constant column with the
 * correlation matrix (`E_CONSTANT`), a first eigenvalue that is not separated from the second
 * (λ₁ − λ₂ ≤ 1e-10·λ₁: the first component is not unique, e.g. uncorrelated columns →
 * `E_WEIGHT_DEGENERATE`).
 *
 * Detail: `eigenvalues` (descending), `loadings` (u₁), `explained` (λ₁/Σλ), `n`, `on`.
 * Cost O(m²·n + m³).
 *
 * Reference: Jolliffe (2002) Principal Component Analysis, ch. 1–2; weights from first-component
 * loadings as in OECD/JRC (2008) Handbook §6.1 (factor-analysis weighting, simplified). Tested
 * against power iteration on the same matrix and a 2×2 analytic case.
 */
export const pca = defineDataWeight({
  name: 'pca',
  title: { en: 'principal components (PCA)', zh: '主成分分析法（PCA）' },
  options: z.strictObject({
    pcaOn: z
      .enum(['correlation', 'covariance'])
      .default('correlation')
      .meta(
        field({
          en: ['Matrix decomposed', 'matrix decomposed. Default: correlation.'],
          zh: ['分解的矩阵', '主成分分解所用的矩阵。默认：相关系数矩阵。'],
          values: { correlation: ['correlation', '相关系数矩阵'], covariance: ['covariance', '协方差矩阵'] },
        }),
      ),
  }),
  label: { zh: '主成分分析法', en: 'principal component analysis (PCA)' },
  run(cols, o) {
    checkWeightColumns('pca', cols, o.inputsFinite !== true);
    const owner = 'weight method "pca"';
    const on = o.pcaOn === 'covariance' ? 'covariance' : 'correlation';
    const m = cols.length;
    const { mask, count } = completeCases(cols);
    if (count < 3) {
      fail('E_TOO_FEW', `${owner}: only ${count} observation${count === 1 ? ' has' : 's have'} every column present; PCA needs at least 3 complete cases`, {
        hint: 'impute missing values before weighting, or pool periods',
      });
    }
    const { cov } = covarianceOnMask(cols, mask, count);
    const mat = cov;
    if (on === 'correlation') {
      const sd = new Float64Array(m);
      for (let j = 0; j < m; j++) {
        sd[j] = Math.sqrt(Math.max(0, cov[j * m + j]));
        if (!(sd[j] > 0))
          fail('E_CONSTANT', `${owner}: column ${j + 1} is constant over the complete cases, so its correlations are undefined`, {
            hint: 'drop the indicator or use pcaOn: covariance',
          });
      }
      for (let j = 0; j < m; j++) for (let k = 0; k < m; k++) mat[j * m + k] = j === k ? 1 : cov[j * m + k] / (sd[j] * sd[k]);
    }
    if (m === 1)
      return { weights: Float64Array.of(1), detail: { eigenvalues: Float64Array.of(mat[0]), loadings: Float64Array.of(1), explained: 1, n: count, on } };
    const { values, vectors } = jacobiEigen(mat, m);
    const l1 = values[0];
    if (!(l1 > 0) || l1 - values[1] <= 1e-10 * l1) {
      fail('E_WEIGHT_DEGENERATE', `${owner}: the first principal component is not unique (λ₁ = ${l1}, λ₂ = ${values[1]})`, {
        hint: 'the columns are (nearly) uncorrelated or constant; use another weighting method for this node',
      });
    }
    const loadings = new Float64Array(m);
    let s = 0;
    for (let j = 0; j < m; j++) {
      loadings[j] = vectors[j * m];
      s += loadings[j];
    }
    if (s < 0) for (let j = 0; j < m; j++) loadings[j] = -loadings[j];
    const abs = new Float64Array(m);
    let tr = 0;
    for (let j = 0; j < m; j++) {
      abs[j] = Math.abs(loadings[j]);
      tr += values[j];
    }
    const weights = scoresToWeights('pca', abs, 'the first component has no loadings', 'use another weighting method for this node');
    return { weights, detail: { eigenvalues: values, loadings, explained: l1 / tr, n: count, on } };
  },
  describe(o) {
    const on = o.pcaOn === 'covariance' ? { zh: '协方差矩阵', en: 'covariance matrix' } : { zh: '相关系数矩阵', en: 'correlation matrix' };
    return methodText(
      `主成分分析法${cite('pca')}取${on.zh}第一主成分的载荷 u_1，w_j = |u_1j|/Σ_k |u_1k|。`,
      `PCA weights${cite('pca')} are the absolute loadings of the first principal component of the ${on.en}, w_j = |u_1j|/Σ_k |u_1k|.`,
    );
  },
});

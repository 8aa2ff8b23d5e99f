import { describe, expect, it } from 'vitest';
import { weightPca } from '../../../src/pipeline/weight/index.js';
import { close } from '../../helpers/shared.js';

/** Deterministic test data: a common factor plus noise, so λ1 is well separated. */
function data(n: number, m: number, seed = 7): Float64Array[] {
  let s = seed;
  const rnd = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648 - 0.5;
  const f = Array.from({ length: n }, rnd);
  return Array.from({ length: m }, (_, j) => Float64Array.from({ length: n }, (_, i) => (j + 1) * f[i] + (0.3 + 0.2 * j) * rnd() + j));
}

/** Independent reference: correlation/covariance matrix computed naively, then power iteration. */
function powerIterationWeights(cols: Float64Array[], corr: boolean): number[] {
  const m = cols.length,
    n = cols[0].length;
  const mean = cols.map((c) => c.reduce((a, b) => a + b, 0) / n);
  const C: number[][] = [];
  for (let j = 0; j < m; j++) {
    C.push([]);
    for (let k = 0; k < m; k++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += (cols[j][i] - mean[j]) * (cols[k][i] - mean[k]);
      C[j].push(s / (n - 1));
    }
  }
  const M = corr ? C.map((row, j) => row.map((v, k) => v / Math.sqrt(C[j][j] * C[k][k]))) : C;
  let v = new Array(m).fill(1);
  for (let it = 0; it < 20000; it++) {
    const u = M.map((row) => row.reduce((s, x, k) => s + x * v[k], 0));
    const norm = Math.sqrt(u.reduce((s, x) => s + x * x, 0));
    v = u.map((x) => x / norm);
  }
  const a = v.map(Math.abs);
  const s = a.reduce((p, q) => p + q, 0);
  return a.map((x) => x / s);
}

describe('weightPca', () => {
  it('weightPca (correlation) equals first-component |loadings| found by power iteration', () => {
    const cols = data(40, 5);
    const r = weightPca(cols, {});
    const ref = powerIterationWeights(cols, true);
    ref.forEach((w, j) => expect(close(r.weights[j], w)).toBe(true));
    expect(r.detail!.on).toBe('correlation');
  });

  it('weightPca (covariance) equals power iteration on the covariance matrix', () => {
    const cols = data(30, 4, 99);
    const r = weightPca(cols, { pcaOn: 'covariance' });
    const ref = powerIterationWeights(cols, false);
    ref.forEach((w, j) => expect(close(r.weights[j], w)).toBe(true));
  });

  it('weightPca of two columns on the covariance matrix matches the 2×2 closed form', () => {
    // cov [[a, b], [b, c]]: u1 ∝ (b, λ1 − a), λ1 = (a+c)/2 + √(((a−c)/2)² + b²)
    const x = Float64Array.of(1, 2, 4, 7),
      y = Float64Array.of(2, 1, 5, 4);
    const mx = 3.5,
      my = 3;
    const a = [1, 2, 4, 7].reduce((s, v) => s + (v - mx) ** 2, 0) / 3;
    const c = [2, 1, 5, 4].reduce((s, v) => s + (v - my) ** 2, 0) / 3;
    const b = [0, 1, 2, 3].reduce((s, i) => s + (x[i] - mx) * (y[i] - my), 0) / 3;
    const l1 = (a + c) / 2 + Math.sqrt(((a - c) / 2) ** 2 + b * b);
    const u = [Math.abs(b), Math.abs(l1 - a)];
    const r = weightPca([x, y], { pcaOn: 'covariance' });
    expect(close(r.weights[0], u[0] / (u[0] + u[1]))).toBe(true);
    expect(close(r.weights[1], u[1] / (u[0] + u[1]))).toBe(true);
  });

  it('weightPca uses complete cases and refuses a constant column on the correlation matrix', () => {
    const cols = data(20, 3);
    const withNaN = cols.map((c, j) => Float64Array.of(...c, j === 1 ? NaN : 1e6));
    const a = weightPca(cols, {}),
      b = weightPca(withNaN, {});
    a.weights.forEach((w, j) => expect(close(w, b.weights[j])).toBe(true));
    expect(() => weightPca([Float64Array.of(1, 1, 1, 1), Float64Array.of(1, 2, 3, 5)], {})).toThrowError(expect.objectContaining({ code: 'E_CONSTANT' }));
  });

  it('weightPca refuses uncorrelated columns (first component not unique)', () => {
    // x and y orthogonal with equal variance → R = I
    expect(() => weightPca([Float64Array.of(1, -1, 1, -1), Float64Array.of(1, 1, -1, -1)], {})).toThrowError(
      expect.objectContaining({ code: 'E_WEIGHT_DEGENERATE' }),
    );
  });
});

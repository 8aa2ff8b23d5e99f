import { describe, expect, it } from 'vitest';
import { jacobiEigen } from '../../../src/pipeline/weight/jacobi.js';
import { close } from '../../helpers/shared.js';

describe('jacobiEigen', () => {
  it('jacobiEigen of a 2×2 matrix matches the closed form λ = (a+c)/2 ± √(((a−c)/2)² + b²)', () => {
    const a = 4,
      b = 1.5,
      c = 1;
    const r = jacobiEigen(Float64Array.of(a, b, b, c), 2);
    const h = Math.sqrt(((a - c) / 2) ** 2 + b * b);
    expect(close(r.values[0], (a + c) / 2 + h)).toBe(true);
    expect(close(r.values[1], (a + c) / 2 - h)).toBe(true);
    // eigenvector of λ1 ∝ (b, λ1 − a)
    const v0 = r.vectors[0],
      v1 = r.vectors[2];
    expect(close(v1 / v0, (r.values[0] - a) / b)).toBe(true);
  });

  it('jacobiEigen of a random symmetric 7×7 gives orthonormal V with A v = λ v and Σλ = trace', () => {
    const n = 7;
    let seed = 12345;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648) * 2 - 1;
    const A = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = i; j < n; j++) A[i * n + j] = A[j * n + i] = rnd();
    const { values, vectors } = jacobiEigen(A, n);
    let tr = 0;
    for (let i = 0; i < n; i++) tr += A[i * n + i];
    expect(
      close(
        values.reduce((s, v) => s + v, 0),
        tr,
        1e-12,
        1e-12,
      ),
    ).toBe(true);
    for (let k = 0; k < n; k++) {
      if (k > 0) expect(values[k]).toBeLessThanOrEqual(values[k - 1]);
      for (let i = 0; i < n; i++) {
        let av = 0;
        for (let j = 0; j < n; j++) av += A[i * n + j] * vectors[j * n + k];
        expect(Math.abs(av - values[k] * vectors[i * n + k])).toBeLessThan(1e-12);
      }
      for (let l = 0; l < n; l++) {
        let d = 0;
        for (let i = 0; i < n; i++) d += vectors[i * n + k] * vectors[i * n + l];
        expect(Math.abs(d - (k === l ? 1 : 0))).toBeLessThan(1e-12);
      }
    }
  });

  it('jacobiEigen refuses a non-symmetric matrix', () => {
    expect(() => jacobiEigen(Float64Array.of(1, 2, 3, 4), 2)).toThrowError(expect.objectContaining({ code: 'E_BAD_INPUT' }));
  });
});

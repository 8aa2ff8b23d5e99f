/**
 * The semi-normal least-squares path (src/lenses/panel/lsq.ts) against the QR kernel (kernels/ols.ts,
 * NIST-validated) — an independent algorithm — on large problems: coefficients, RSS and (X'X)⁻¹ to
 * 1e-10 relative; near-collinear and collinear designs fall back to QR (which names the columns).
 */
import { describe, expect, it } from 'vitest';
import { NqpfError } from '../../src/core/errors.js';
import { Rng } from '../../src/core/rng.js';
import { lsq } from '../../src/lenses/panel/lsq.js';

function problem(n: number, k: number, seed: number, nearCollinear = 0) {
  const rng = Rng.create(seed);
  const X = Array.from({ length: k }, () => Float64Array.from({ length: n }, () => rng.normal() * 10 ** rng.int(4)));
  if (nearCollinear) {
    // The last column = the first plus noise of relative size `nearCollinear`.
    const rms = Math.sqrt(X[0].reduce((a, v) => a + v * v, 0) / n);
    for (let i = 0; i < n; i++) X[k - 1][i] = X[0][i] + nearCollinear * rms * rng.normal();
  }
  const y = Float64Array.from({ length: n }, (_, i) => X.reduce((a, x, j) => a + (j + 1) * 0.1 * x[i], 0) + rng.normal());
  return { X, y, names: X.map((_, j) => `x${j + 1}`) };
}
const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);

describe('least squares: corrected semi-normal equations vs QR', () => {
  it('large well-conditioned problems agree with QR to 1e-10 (coefficients, RSS, (X′X)⁻¹)', () => {
    for (const seed of [1, 2, 3]) {
      const { X, y, names } = problem(20000, 12, seed);
      const a = lsq(X, y, names, 'seminormal');
      const b = lsq(X, y, names, 'qr');
      expect(a.path).toBe('seminormal');
      expect(b.path).toBe('qr');
      a.coef.forEach((c, j) => expect(rel(c, b.coef[j])).toBeLessThan(1e-10));
      expect(rel(a.rss, b.rss)).toBeLessThan(1e-10);
      a.xtxInv.forEach((v, j) => expect(rel(v, b.xtxInv[j])).toBeLessThan(1e-9));
    }
  });

  it('chooses the semi-normal path by itself only for large problems', () => {
    const big = problem(30000, 10, 4);
    expect(lsq(big.X, big.y, big.names).path).toBe('seminormal');
    const small = problem(200, 3, 5);
    expect(lsq(small.X, small.y, small.names).path).toBe('qr');
  });

  it('a near-collinear design falls back to QR; an exactly collinear one is named by QR', () => {
    // |R_jj|/‖x_j‖ ≈ 1e-5: QR solves it (above its 1e-7 rank tolerance); κ of the Gram matrix ≈ 1e10 is too large for the semi-normal path.
    const near = problem(30000, 8, 6, 1e-5);
    expect(lsq(near.X, near.y, near.names).path).toBe('qr');
    const exact = problem(30000, 8, 7, 0);
    exact.X[7] = exact.X[0].slice();
    try {
      lsq(exact.X, exact.y, exact.names);
      throw new Error('no error');
    } catch (e) {
      expect(e).toBeInstanceOf(NqpfError);
      expect((e as NqpfError).code).toBe('E_RANK_DEFICIENT');
      expect((e as NqpfError).message).toMatch(/x8/);
    }
  });
});

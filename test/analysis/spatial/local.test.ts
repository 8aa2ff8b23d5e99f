import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { NqpfError } from '../../../src/core/errors.js';
import { Rng } from '../../../src/core/rng.js';
import { getisOrdGiStar, lisaClusters, lisaQuadrants, localMoran, localMoranPerm, moranScatter, normalCdf } from '../../../src/analysis/spatial/local.js';
import type { SpatialWeights } from '../../../src/analysis/spatial/types.js';
import { close } from '../../helpers/shared.js';

// ---------------------------------------------------------------------------------------------
// Test helpers (independent of src/analysis/spatial/weights.ts)
// ---------------------------------------------------------------------------------------------

/** CSR weights from neighbour lists; style "B" (1) or "W" (1/k per row), or explicit row weights. */
function csr(nb: number[][], style: 'B' | 'W', rowWeights?: number[][]): SpatialWeights {
  const n = nb.length;
  const indptr = new Int32Array(n + 1);
  const idx: number[] = [];
  const wts: number[] = [];
  nb.forEach((row, i) => {
    row.forEach((j, t) => {
      idx.push(j);
      wts.push(rowWeights ? rowWeights[i][t] : style === 'B' ? 1 : 1 / row.length);
    });
    indptr[i + 1] = idx.length;
  });
  return {
    units: nb.map((_, i) => `u${i}`),
    indptr,
    indices: Int32Array.from(idx),
    weights: Float64Array.from(wts),
    style,
    islands: nb.flatMap((r, i) => (r.length ? [] : [`u${i}`])),
  };
}

/** Dense n×n matrix of a CSR weights object. */
function dense(W: SpatialWeights): number[][] {
  const n = W.units.length;
  const M = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) for (let t = W.indptr[i]; t < W.indptr[i + 1]; t++) M[i][W.indices[t]] = W.weights[t];
  return M;
}

/** rook contiguity on an r×c grid. */
function rookGrid(r: number, c: number): number[][] {
  const nb: number[][] = [];
  for (let i = 0; i < r; i++)
    for (let j = 0; j < c; j++) {
      const row: number[] = [];
      if (i > 0) row.push((i - 1) * c + j);
      if (j > 0) row.push(i * c + j - 1);
      if (j < c - 1) row.push(i * c + j + 1);
      if (i < r - 1) row.push((i + 1) * c + j);
      nb.push(row);
    }
  return nb;
}

/** Line of n units: neighbours i − 1 and i + 1. */
const line = (n: number) => Array.from({ length: n }, (_, i) => [i - 1, i + 1].filter((j) => j >= 0 && j < n));

/** All ordered selections of k distinct items from `pool` (for exact permutation moments). */
function orderedDraws(pool: number[], k: number): number[][] {
  if (k === 0) return [[]];
  const out: number[][] = [];
  pool.forEach((v, a) => {
    const rest = pool.filter((_, b) => b !== a);
    for (const tail of orderedDraws(rest, k - 1)) out.push([v, ...tail]);
  });
  return out;
}

/** Φ(x) by its Taylor series Φ(x) = 1/2 + φ(x) Σ x^(2k+1)/(1·3·…·(2k+1)) — independent of Cody's algorithm. */
function phiSeries(x: number): number {
  let term = x;
  let sum = x;
  for (let k = 1; k < 400; k++) {
    term *= (x * x) / (2 * k + 1);
    sum += term;
    if (Math.abs(term) < 1e-18 * Math.abs(sum)) break;
  }
  return 0.5 + (Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI)) * sum;
}

const expectAllClose = (a: ArrayLike<number>, b: ArrayLike<number>, rel = 1e-9) => {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < a.length; i++) {
    if (!close(a[i], b[i], rel)) throw new Error(`element ${i}: ${a[i]} vs ${b[i]}`);
  }
};

function catchErr(f: () => unknown): NqpfError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(NqpfError);
    return e as NqpfError;
  }
  throw new Error('expected an NqpfError');
}

// ---------------------------------------------------------------------------------------------
// Worked example by hand: 5 units on a line, x = (1, 2, 3, 5, 9)
//   x̄ = 4, z = (−3, −2, −1, 1, 5), Σz² = 40, m2 = s² = 8, n = 5.
// Binary weights: W_i = k_i = (1, 2, 2, 2, 1), W_i2 = W_i.
//   lags Wz = (−2, −4, −1, 4, 1) → I = z·Wz/8 = (6, 8, 1, 4, 5)/8.
//   E_i = −z_i² W_i / ((n−1) m2) = −z_i² W_i / 32 = (−9, −8, −2, −2, −25)/32.
//   Var_i = (z_i/8)² · (5/3) · (W_i2 − W_i²/4) · (8 − z_i²/4):
//     u0: (9/64)(5/3)(3/4)(23/4) = 3105/3072     u1: (4/64)(5/3)(1)(7) = 140/192
//     u2: (1/64)(5/3)(1)(31/4) = 155/768          u3: same as u2 = 155/768
//     u4: (25/64)(5/3)(3/4)(7/4) = 2625/3072
// Row-standardised: rows with k = 2 get 1/2 each: W_i = 1, W_i2 = 1/2.
//   lags = (−2, −2, −0.5, 2, 1) → I = (6, 4, 0.5, 2, 5)/8.
//   E_i = −z_i²/32 = (−9, −4, −1, −1, −25)/32.
//   Var (k = 2 rows): (z/8)² (5/3)(1/2 − 1/4)(8 − z²/4): u1: (4/64)(5/3)(1/4)(7) = 35/192,
//     u2 = u3: (1/64)(5/3)(1/4)(31/4) = 155/3072; u0, u4 as binary.
// ---------------------------------------------------------------------------------------------
describe('localMoran — hand-worked 5-unit line', () => {
  const x = Float64Array.of(1, 2, 3, 5, 9);

  it('localMoran(x, binary line) gives the hand-computed I, conditional E, Var and Z', () => {
    const r = localMoran(x, csr(line(5), 'B'));
    const I = [6 / 8, 1, 1 / 8, 4 / 8, 5 / 8];
    const E = [-9 / 32, -8 / 32, -2 / 32, -2 / 32, -25 / 32];
    const V = [3105 / 3072, 140 / 192, 155 / 768, 155 / 768, 2625 / 3072];
    expectAllClose(r.I, I);
    expectAllClose(r.expected, E);
    expectAllClose(r.variance, V);
    expectAllClose(
      r.z,
      I.map((v, i) => (v - E[i]) / Math.sqrt(V[i])),
    );
    // default alternative "greater": p = 1 − Φ(Z)
    expectAllClose(
      r.p,
      Array.from(r.z, (z) => 1 - phiSeries(z)),
      1e-9,
    );
  });

  it('localMoran(x, row-standardised line) gives the hand-computed values', () => {
    const r = localMoran(x, csr(line(5), 'W'));
    const I = [6 / 8, 4 / 8, 0.5 / 8, 2 / 8, 5 / 8];
    const E = [-9 / 32, -4 / 32, -1 / 32, -1 / 32, -25 / 32];
    const V = [3105 / 3072, 35 / 192, 155 / 3072, 155 / 3072, 2625 / 3072];
    expectAllClose(r.I, I);
    expectAllClose(r.expected, E);
    expectAllClose(r.variance, V);
  });

  it('lisaQuadrants follows spdep "mean", "median" and "pysal" rules (worked by hand)', () => {
    // Binary: Wx = (2, 4, 7, 12, 5), mean 6, median 5; x̄ = 4, median(x) = 3.
    //   mean:   x > 4 → L L L H H;  Wx > 6 → L L H H L        → LL LL LH HH HL
    //   median: x > 3 → L L L H H;  Wx > 5 → L L H H L        → LL LL LH HH HL
    //   pysal:  z > 0 → L L L H H;  Wz = (−2,−4,−1,4,1) > 0 → LL LL LL HH HH
    const W = csr(line(5), 'B');
    expect(lisaQuadrants(x, W)).toEqual(['LL', 'LL', 'LH', 'HH', 'HL']);
    expect(lisaQuadrants(x, W, { rule: 'median' })).toEqual(['LL', 'LL', 'LH', 'HH', 'HL']);
    expect(lisaQuadrants(x, W, { rule: 'pysal' })).toEqual(['LL', 'LL', 'LL', 'HH', 'HH']);
    // Ties go to "Low" (R cut, right-closed): x = (1, 2, 3, 4, 5), x̄ = 3 → unit 2 is "L".
    expect(lisaQuadrants(Float64Array.of(1, 2, 3, 4, 5), W, { rule: 'pysal' })[2]).toBe('LL');
  });

  it('cluster is the quadrant when p ≤ significance and "ns" otherwise', () => {
    const r = localMoran(x, csr(line(5), 'B'), { significance: 0.5 });
    r.cluster.forEach((c, i) => expect(c).toBe(r.p[i] <= 0.5 ? r.quadrant[i] : 'ns'));
    expect(lisaClusters(['HH', 'LL', 'HL'], [0.05, 0.0500001, NaN])).toEqual(['HH', 'ns', 'ns']);
  });
});

// ---------------------------------------------------------------------------------------------
// Brute force: dense matrix sums and exact enumeration of the randomisation distributions
// ---------------------------------------------------------------------------------------------
describe('localMoran — brute-force references', () => {
  // 7 units with an irregular graph (degrees 1–3) and unequal general weights in one variant.
  const nb = [[1, 2], [0, 3], [0, 3, 4], [1, 2, 5], [2], [3, 6], [5]];
  const xs = Float64Array.of(3.1, -0.4, 2.2, 7.5, 1.0, 4.4, -2.9);

  function bruteI(x: Float64Array, W: SpatialWeights, s2div: number): number[] {
    const M = dense(W);
    const n = x.length;
    const xb = x.reduce((a, b) => a + b, 0) / n;
    const z = Array.from(x, (v) => v - xb);
    const s2 = z.reduce((a, v) => a + v * v, 0) / s2div;
    return z.map((zi, i) => (zi / s2) * M[i].reduce((a, w, j) => a + w * z[j], 0));
  }

  /** Exact conditional moments: z_i fixed, neighbour slots filled by every ordered draw from the others. */
  function exactConditional(x: Float64Array, W: SpatialWeights): { E: number[]; V: number[] } {
    const n = x.length;
    const xb = x.reduce((a, b) => a + b, 0) / n;
    const z = Array.from(x, (v) => v - xb);
    const m2 = z.reduce((a, v) => a + v * v, 0) / n;
    const E: number[] = [];
    const V: number[] = [];
    for (let i = 0; i < n; i++) {
      const w = Array.from(W.weights.subarray(W.indptr[i], W.indptr[i + 1]));
      const others = z.filter((_, j) => j !== i);
      const vals = orderedDraws(others, w.length).map((d) => (z[i] / m2) * d.reduce((a, v, t) => a + w[t] * v, 0));
      const mu = vals.reduce((a, b) => a + b, 0) / vals.length;
      E.push(mu);
      V.push(vals.reduce((a, v) => a + (v - mu) ** 2, 0) / vals.length);
    }
    return { E, V };
  }

  /** Exact total-randomisation moments: every ordered choice of (value at i, values at its neighbours). */
  function exactTotal(x: Float64Array, W: SpatialWeights): { E: number[]; V: number[] } {
    const n = x.length;
    const xb = x.reduce((a, b) => a + b, 0) / n;
    const z = Array.from(x, (v) => v - xb);
    const m2 = z.reduce((a, v) => a + v * v, 0) / n;
    const E: number[] = [];
    const V: number[] = [];
    for (let i = 0; i < n; i++) {
      const w = Array.from(W.weights.subarray(W.indptr[i], W.indptr[i + 1]));
      const vals = orderedDraws(z, w.length + 1).map(([zi, ...d]) => (zi / m2) * d.reduce((a, v, t) => a + w[t] * v, 0));
      const mu = vals.reduce((a, b) => a + b, 0) / vals.length;
      E.push(mu);
      V.push(vals.reduce((a, v) => a + (v - mu) ** 2, 0) / vals.length);
    }
    return { E, V };
  }

  const general = csr(
    nb,
    'W',
    nb.map((r) => r.map((_, t) => (t + 1) / ((r.length * (r.length + 1)) / 2))),
  );
  for (const [name, W] of [
    ['binary', csr(nb, 'B')],
    ['row-standardised', csr(nb, 'W')],
    ['unequal row weights', general],
  ] as const) {
    it(`localMoran I_i equals dense Σ_j w_ij z_j · z_i/s² (${name}; mlvar true and false)`, () => {
      expectAllClose(localMoran(xs, W).I, bruteI(xs, W, 7));
      expectAllClose(localMoran(xs, W, { mlvar: false }).I, bruteI(xs, W, 6));
    });

    it(`conditional E/Var equal the exact moments over all conditional permutations (${name})`, () => {
      const r = localMoran(xs, W);
      const ex = exactConditional(xs, W);
      expectAllClose(r.expected, ex.E);
      expectAllClose(r.variance, ex.V);
    });

    it(`conditional: false E/Var equal the exact total-randomisation moments (${name})`, () => {
      const r = localMoran(xs, W, { conditional: false });
      const ex = exactTotal(xs, W);
      expectAllClose(r.expected, ex.E);
      expectAllClose(r.variance, ex.V);
    });
  }

  it('alternatives: greater = 1 − Φ(Z), less = Φ(Z), two.sided = 2(1 − Φ(|Z|))', () => {
    const W = csr(nb, 'W');
    const g = localMoran(xs, W);
    const l = localMoran(xs, W, { alternative: 'less' });
    const t = localMoran(xs, W, { alternative: 'two.sided' });
    expectAllClose(
      g.p,
      Array.from(g.z, (z) => 1 - phiSeries(z)),
      1e-8,
    );
    expectAllClose(
      l.p,
      Array.from(g.z, (z) => phiSeries(z)),
      1e-8,
    );
    expectAllClose(
      t.p,
      Array.from(g.z, (z) => 2 * (1 - phiSeries(Math.abs(z)))),
      1e-8,
    );
  });

  it('adjustX takes the mean and s² over units with neighbours (spdep adjust.x)', () => {
    // unit 4 an island: nb with 4 removed from 2's list
    const nbI = [[1, 2], [0, 3], [0, 3], [1, 2, 5], [], [3, 6], [5]];
    const W = csr(nbI, 'W');
    const r = localMoran(xs, W, { adjustX: true });
    const keep = [0, 1, 2, 3, 5, 6];
    const xx = keep.reduce((a, i) => a + xs[i], 0) / keep.length;
    const z = Array.from(xs, (v) => v - xx);
    const s2 = keep.reduce((a, i) => a + z[i] * z[i], 0) / keep.length;
    const M = dense(W);
    expectAllClose(
      r.I,
      z.map((zi, i) => (zi / s2) * M[i].reduce((a, w, j) => a + w * z[j], 0)),
    );
    // spdep keeps m2 over all n units in the conditional moments
    const m2 = z.reduce((a, v) => a + v * v, 0) / 7;
    expect(close(r.expected[0], -(z[0] ** 2) / (6 * m2))).toBe(true);
  });

  it('Σ_i I_i = n · I_global for row-standardised weights (S0 = n), I_global = (n/S0) zᵀWz / zᵀz', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -100, max: 100, noNaN: true }), { minLength: 12, maxLength: 12 }), (vals) => {
        const x = Float64Array.from(vals);
        const xb = vals.reduce((a, b) => a + b, 0) / 12;
        const z = vals.map((v) => v - xb);
        const zz = z.reduce((a, v) => a + v * v, 0);
        if (zz < 1e-6) return true;
        const W = csr(rookGrid(3, 4), 'W');
        const M = dense(W);
        const S0 = M.flat().reduce((a, b) => a + b, 0);
        const zWz = z.reduce((a, zi, i) => a + zi * M[i].reduce((s, w, j) => s + w * z[j], 0), 0);
        const Iglobal = ((12 / S0) * zWz) / zz;
        const sumI = localMoran(x, W).I.reduce((a, b) => a + b, 0);
        return close(sumI, 12 * Iglobal, 1e-9, 1e-9);
      }),
      { numRuns: 50 },
    );
  });

  it('I_i, Z_i and p are unchanged by an affine change a + b·x with b > 0', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e3, max: 1e3, noNaN: true }), fc.double({ min: 0.01, max: 100, noNaN: true }), (a, b) => {
        const W = csr(nb, 'B');
        const r0 = localMoran(xs, W);
        const r1 = localMoran(
          xs.map((v) => a + b * v),
          W,
        );
        for (let i = 0; i < 7; i++) if (!close(r0.I[i], r1.I[i], 1e-9, 1e-9) || !close(r0.z[i], r1.z[i], 1e-8, 1e-9)) return false;
        return true;
      }),
      { numRuns: 50 },
    );
  });
});

describe('localMoran — islands, degenerate cases and errors', () => {
  const nbI = [[1], [0, 2], [1], []];
  const W = csr(nbI, 'W');
  const x = Float64Array.of(1, 4, 2, 8);

  it('an island gets I = E = Var = 0, NaN Z and p, and class "ns" (spdep zero.policy = TRUE)', () => {
    const r = localMoran(x, W, { significance: 0.99 });
    expect(r.I[3]).toBe(0);
    expect(r.expected[3] === 0).toBe(true);
    expect(r.variance[3]).toBe(0);
    expect(Number.isNaN(r.z[3])).toBe(true);
    expect(Number.isNaN(r.p[3])).toBe(true);
    expect(r.cluster[3]).toBe('ns');
  });

  it('missing values fail with E_MISSING_VALUES naming the units', () => {
    const e = catchErr(() => localMoran(Float64Array.of(1, NaN, 2, NaN), W));
    expect(e.code).toBe('E_MISSING_VALUES');
    expect(e.message).toContain('"u1"');
    expect(e.message).toContain('"u3"');
    expect(e.hint).toBeTruthy();
    expect(catchErr(() => localMoranPerm(Float64Array.of(NaN, 1, 2, 3), W, { seed: 1 })).code).toBe('E_MISSING_VALUES');
    expect(catchErr(() => getisOrdGiStar(Float64Array.of(NaN, 1, 2, 3), W)).code).toBe('E_MISSING_VALUES');
    expect(catchErr(() => moranScatter(Float64Array.of(NaN, 1, 2, 3), W)).code).toBe('E_MISSING_VALUES');
  });

  it('bad inputs fail with clear NqpfErrors', () => {
    expect(catchErr(() => localMoran(Float64Array.of(1, 2, 3), W)).code).toBe('E_BAD_INPUT');
    expect(catchErr(() => localMoran(Float64Array.of(2, 2, 2, 2), W)).code).toBe('E_ZERO_RANGE');
    expect(catchErr(() => localMoran(Float64Array.of(1, Infinity, 2, 3), W)).code).toBe('E_NONFINITE');
    expect(catchErr(() => localMoran(x, csr([[0], [0], [1], [2]], 'B'))).message).toContain('own neighbours');
    expect(catchErr(() => localMoran(x, csr([[1, 1], [0], [1], [2]], 'B'))).message).toContain('twice');
    const e = catchErr(() => localMoran(x, W, { alternative: 'greatr' as never }));
    expect(e.code).toBe('E_UNKNOWN_METHOD');
    expect(e.hint).toContain('greater');
    expect(catchErr(() => localMoran(x, W, { quadrant: 'mode' as never })).code).toBe('E_UNKNOWN_METHOD');
    expect(catchErr(() => localMoran(x, W, { significance: 1.5 })).code).toBe('E_BAD_OPTION');
    expect(catchErr(() => localMoranPerm(x, W, { seed: 1.5 })).code).toBe('E_BAD_OPTION');
    expect(catchErr(() => localMoranPerm(x, W, { seed: 1, nsim: 0 })).code).toBe('E_BAD_OPTION');
    expect(catchErr(() => localMoranPerm(x, W, { seed: 1, units: [4] })).code).toBe('E_BAD_OPTION');
    expect(catchErr(() => localMoran(Float64Array.of(1, 2), csr([[1], [0]], 'B'))).code).toBe('E_TOO_FEW');
  });

  it('does not modify its inputs', () => {
    const xc = x.slice();
    const wc = W.weights.slice();
    localMoran(x, W);
    localMoranPerm(x, W, { seed: 3, nsim: 9 });
    getisOrdGiStar(x, W);
    moranScatter(x, W);
    expect(Array.from(x)).toEqual(Array.from(xc));
    expect(Array.from(W.weights)).toEqual(Array.from(wc));
  });
});

// ---------------------------------------------------------------------------------------------
// Conditional permutation
// ---------------------------------------------------------------------------------------------
describe('localMoranPerm — conditional permutation', () => {
  const nb = rookGrid(6, 7);
  const W = csr(nb, 'W');
  const rng = Rng.create(11);
  const x = Float64Array.from({ length: 42 }, (_, i) => Math.sin(i / 5) * 3 + rng.normal());

  it('is deterministic for a seed and differs for another seed', () => {
    const a = localMoranPerm(x, W, { seed: 42, nsim: 199 });
    const b = localMoranPerm(x, W, { seed: 42, nsim: 199 });
    const c = localMoranPerm(x, W, { seed: 43, nsim: 199 });
    expect(Array.from(a.mean)).toEqual(Array.from(b.mean));
    expect(Array.from(a.p)).toEqual(Array.from(b.p));
    expect(Array.from(a.mean)).not.toEqual(Array.from(c.mean));
  });

  it('gives identical results for a unit whether computed for all units or a subset in any order', () => {
    const all = localMoranPerm(x, W, { seed: 7, nsim: 99 });
    const sub = localMoranPerm(x, W, { seed: 7, nsim: 99, units: [30, 2, 17] });
    expect(Array.from(sub.index)).toEqual([30, 2, 17]);
    expect(sub.units).toEqual(['u30', 'u2', 'u17']);
    [30, 2, 17].forEach((u, a) => {
      expect(sub.mean[a]).toBe(all.mean[u]);
      expect(sub.sd[a]).toBe(all.sd[u]);
      expect(sub.p[a]).toBe(all.p[u]);
      expect(sub.I[a]).toBe(all.I[u]);
      expect(sub.quadrant[a]).toBe(all.quadrant[u]);
    });
  });

  it('observed I_i equals localMoran I_i, and the permutation mean/variance approach the exact conditional moments', () => {
    const nsim = 20000;
    const r = localMoranPerm(x, W, { seed: 5, nsim });
    const a = localMoran(x, W);
    expectAllClose(r.I, a.I);
    for (let i = 0; i < 42; i++) {
      const se = Math.sqrt(a.variance[i] / nsim);
      expect(Math.abs(r.mean[i] - a.expected[i])).toBeLessThan(4.5 * se + 1e-12);
      expect(Math.abs(r.sd[i] ** 2 / a.variance[i] - 1)).toBeLessThan(0.06);
      expect(close(r.z[i], (r.I[i] - r.mean[i]) / r.sd[i])).toBe(true);
    }
  });

  it('pseudo p-values approach the exact conditional-permutation p (draws without replacement)', () => {
    // n = 5: sampling with replacement would give a visibly different distribution.
    const x5 = Float64Array.of(1, 2, 3, 5, 9);
    const W5 = csr(line(5), 'B');
    const nsim = 40000;
    const r = localMoranPerm(x5, W5, { seed: 9, nsim });
    const z = [-3, -2, -1, 1, 5];
    for (let i = 0; i < 5; i++) {
      const nbrs = line(5)[i];
      const others = z.filter((_, j) => j !== i);
      const Iobs = (z[i] / 8) * nbrs.reduce((a, j) => a + z[j], 0);
      const draws = orderedDraws(others, nbrs.length).map((d) => (z[i] / 8) * d.reduce((a, v) => a + v, 0));
      const pExact = draws.filter((v) => v >= Iobs - 1e-12).length / draws.length;
      expect(Math.abs(r.nGreaterEq[i] / nsim - pExact)).toBeLessThan(0.012);
    }
  });

  it('alternatives: greater/less/two.sided/folded follow their count formulas', () => {
    const nsim = 99;
    const g = localMoranPerm(x, W, { seed: 1, nsim });
    const l = localMoranPerm(x, W, { seed: 1, nsim, alternative: 'less' });
    const t = localMoranPerm(x, W, { seed: 1, nsim, alternative: 'two.sided' });
    const f = localMoranPerm(x, W, { seed: 1, nsim, alternative: 'folded' });
    for (let i = 0; i < 42; i++) {
      const ge = g.nGreaterEq[i];
      const le = g.nLessEq[i];
      expect(ge + le).toBeGreaterThanOrEqual(nsim);
      expect(g.p[i]).toBe((ge + 1) / (nsim + 1));
      expect(l.p[i]).toBe((le + 1) / (nsim + 1));
      expect(t.p[i]).toBe(Math.min(1, (2 * (Math.min(ge, le) + 1)) / (nsim + 1)));
      expect(f.p[i]).toBe((Math.min(ge, le) + 1) / (nsim + 1));
      expect(g.pFolded[i]).toBe(f.p[i]);
    }
  });

  it('general (unequal) row weights: permutation moments approach the exact conditional moments', () => {
    const nb7 = [[1, 2], [0, 3], [0, 3, 4], [1, 2, 5], [2], [3, 6], [5]];
    const Wg = csr(
      nb7,
      'W',
      nb7.map((r) => r.map((_, t) => (t + 1) / ((r.length * (r.length + 1)) / 2))),
    );
    const x7 = Float64Array.of(3.1, -0.4, 2.2, 7.5, 1.0, 4.4, -2.9);
    const nsim = 40000;
    const r = localMoranPerm(x7, Wg, { seed: 2, nsim });
    const a = localMoran(x7, Wg);
    for (let i = 0; i < 7; i++) {
      expect(Math.abs(r.mean[i] - a.expected[i])).toBeLessThan(4.5 * Math.sqrt(a.variance[i] / nsim));
      expect(Math.abs(r.sd[i] ** 2 / a.variance[i] - 1)).toBeLessThan(0.05);
    }
  });

  it('islands get NaN permutation statistics and "ns"; z_i = 0 gives p = 1', () => {
    const Wi = csr([[1], [0, 2], [1], []], 'W');
    const r = localMoranPerm(Float64Array.of(1, 4, 3, 8), Wi, { seed: 1, nsim: 99, significance: 0.99 });
    expect(r.I[3]).toBe(0);
    expect(Number.isNaN(r.p[3]) && Number.isNaN(r.mean[3]) && Number.isNaN(r.z[3])).toBe(true);
    expect(r.cluster[3]).toBe('ns');
    // x = (1, 4, 3, 8): x̄ = 4 → z_1 = 0, every permuted I_1 = 0 → ties: p = 1
    expect(r.p[1]).toBe(1);
  });

  it('under an independent random field the pseudo p-values are roughly uniform (loose)', () => {
    const Wb = csr(rookGrid(20, 20), 'W');
    const g = Rng.create(2024);
    const xr = Float64Array.from({ length: 400 }, () => g.normal());
    const r = localMoranPerm(xr, Wb, { seed: 99, nsim: 199 });
    const p = Array.from(r.p);
    const frac = (c: number) => p.filter((v) => v <= c).length / p.length;
    expect(frac(0.05)).toBeGreaterThan(0.015);
    expect(frac(0.05)).toBeLessThan(0.1);
    expect(frac(0.5)).toBeGreaterThan(0.42);
    expect(frac(0.5)).toBeLessThan(0.58);
    const mean = p.reduce((a, b) => a + b, 0) / p.length;
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.06);
  });
});

// ---------------------------------------------------------------------------------------------
// Getis–Ord G_i*
// ---------------------------------------------------------------------------------------------
describe('getisOrdGiStar', () => {
  const nb = [[1, 2], [0, 3], [0, 3, 4], [1, 2, 5], [2], [3, 6], [5]];
  const x = Float64Array.of(3.1, 0.4, 2.2, 7.5, 1.0, 4.4, 2.9);

  /** Exact mean/variance of Σ_j w*_ij x_π(j) over every ordered draw of the star slots from all n values. */
  function exactStar(w: number[]): { E: number; V: number } {
    const vals = orderedDraws(Array.from(x), w.length).map((d) => d.reduce((a, v, t) => a + w[t] * v, 0));
    const mu = vals.reduce((a, b) => a + b, 0) / vals.length;
    return { E: mu, V: vals.reduce((a, v) => a + (v - mu) ** 2, 0) / vals.length };
  }

  it('binary weights + self (w_ii = 1): z equals (Σ w* x − E)/sqrt(Var) with E, Var from exact enumeration', () => {
    const r = getisOrdGiStar(x, csr(nb, 'B'));
    const sx = x.reduce((a, b) => a + b, 0);
    for (let i = 0; i < 7; i++) {
      const star = [i, ...nb[i]];
      const w = star.map(() => 1);
      const obs = star.reduce((a, j) => a + x[j], 0);
      const { E, V } = exactStar(w);
      expect(close(r.z[i], (obs - E) / Math.sqrt(V))).toBe(true);
      expect(close(r.G[i], obs / sx)).toBe(true);
      expect(close(r.expected[i], E / sx)).toBe(true);
      expect(close(r.variance[i], V / (sx * sx))).toBe(true);
      expect(close(r.p[i], 2 * (1 - phiSeries(Math.abs(r.z[i]))), 1e-8)).toBe(true);
    }
  });

  it('row-standardised weights give the same z as binary (spdep include.self + style "W" ≡ "B")', () => {
    const b = getisOrdGiStar(x, csr(nb, 'B'));
    const w = getisOrdGiStar(x, csr(nb, 'W'));
    expectAllClose(w.z, b.z);
    // and as include.self() then nb2listw(style = "W"): weights 1/(k+1) including self
    const star = nb.map((r, i) => [i, ...r]);
    const vals = star.map((r) => exactStar(r.map(() => 1 / r.length)));
    for (let i = 0; i < 7; i++) {
      const obs = star[i].reduce((a, j) => a + x[j] / star[i].length, 0);
      expect(close(w.z[i], (obs - vals[i].E) / Math.sqrt(vals[i].V))).toBe(true);
    }
  });

  it('selfWeight overrides the self weight; an island has z = (x_i − x̄)/s; spots follow sign and p', () => {
    const nbI = [[1], [0, 2], [1], []];
    const xi = Float64Array.of(1, 4, 3, 8);
    const r = getisOrdGiStar(xi, csr(nbI, 'B'), { significance: 0.2 });
    const s = Math.sqrt(((1 - 4) ** 2 + 0 + 1 + 16) / 4);
    expect(close(r.z[3], (8 - 4) / s)).toBe(true);
    r.spot.forEach((c, i) => expect(c).toBe(r.p[i] <= 0.2 ? (r.z[i] > 0 ? 'hot' : 'cold') : 'ns'));
    const r2 = getisOrdGiStar(x, csr(nb, 'B'), { selfWeight: 2 });
    const { E, V } = exactStar([2, 1, 1]);
    expect(close(r2.z[0], (2 * x[0] + x[1] + x[2] - E) / Math.sqrt(V))).toBe(true);
    expect(catchErr(() => getisOrdGiStar(x, csr(nb, 'B'), { selfWeight: 0 })).code).toBe('E_BAD_OPTION');
  });
});

// ---------------------------------------------------------------------------------------------
// Moran scatter and the normal distribution
// ---------------------------------------------------------------------------------------------
describe('moranScatter', () => {
  it('returns standardised values and their lag; slope = global Moran I; I_i = z_i·lag_i', () => {
    const W = csr(rookGrid(4, 5), 'W');
    const g = Rng.create(3);
    const x = Float64Array.from({ length: 20 }, (_, i) => i * 0.3 + g.normal());
    const s = moranScatter(x, W);
    const xb = x.reduce((a, b) => a + b, 0) / 20;
    const sd = Math.sqrt(x.reduce((a, v) => a + (v - xb) ** 2, 0) / 20);
    const M = dense(W);
    const zs = Array.from(x, (v) => (v - xb) / sd);
    expectAllClose(s.z, zs);
    expectAllClose(
      s.lag,
      zs.map((_, i) => M[i].reduce((a, w, j) => a + w * zs[j], 0)),
    );
    const zWz = zs.reduce((a, zi, i) => a + zi * M[i].reduce((t, w, j) => t + w * zs[j], 0), 0);
    const zz = zs.reduce((a, v) => a + v * v, 0);
    expect(close(s.slope, zWz / zz)).toBe(true);
    const lm = localMoran(x, W);
    expectAllClose(
      lm.I,
      Array.from(s.z, (z, i) => z * s.lag[i]),
    );
  });
});

describe('normalCdf (Cody 1993, as R pnorm)', () => {
  it('matches the Taylor series of Φ and tabulated tail values', () => {
    for (const v of [-5, -3.3, -1.96, -0.7, -0.3, 0, 0.1, 0.6744, 0.68, 1, 2.5, 4, 5.5]) {
      expect(close(normalCdf(v), phiSeries(v), 1e-12)).toBe(true);
      expect(close(normalCdf(v, false), 1 - phiSeries(v), v > 3 ? 1e-9 : 1e-12)).toBe(true);
    }
    // Upper tails where 1 − Φ loses digits. References: scipy.stats.norm.sf(6), sf(10), sf(20)
    expect(close(normalCdf(6, false), 9.865876450376946e-10, 1e-13)).toBe(true);
    expect(close(normalCdf(-10), 7.61985302416047e-24, 1e-13)).toBe(true);
    expect(close(normalCdf(20, false), 2.7536241186061556e-89, 1e-13)).toBe(true);
    expect(normalCdf(40, false)).toBe(0);
    expect(Number.isNaN(normalCdf(NaN))).toBe(true);
  });
});

import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/core/rng.js';
import { geary, getGlobalMethod, getisOrdG, globalByPeriod, moran, spatialConstants } from '../../../src/analysis/spatial/global.js';
import { weightsFromMatrix, weightsFromPairs, type SpatialWeights } from '../../../src/analysis/spatial/weights.js';
import { catchNqpf } from '../../io/catch-nqpf.js';
import { close, parseCsvSimple, sharedAvailable, sharedPath } from '../../helpers/shared.js';

// ---------------------------------------------------------------------------------------------
// Independent dense (O(n²)) reference computations, written from the textbook definitions.
// ---------------------------------------------------------------------------------------------

type Mat = number[][];
const f64 = (...v: number[]) => Float64Array.from(v);

function matFromPairs(units: string[], pairs: [string, string][], rowStd: boolean): Mat {
  const n = units.length;
  const M: Mat = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (const [a, b] of pairs) {
    M[units.indexOf(a)][units.indexOf(b)] = 1;
    M[units.indexOf(b)][units.indexOf(a)] = 1;
  }
  if (rowStd)
    for (const r of M) {
      const s = r.reduce((p, q) => p + q, 0);
      if (s > 0) for (let j = 0; j < n; j++) r[j] /= s;
    }
  return M;
}

function constantsDense(M: Mat) {
  const n = M.length;
  let S0 = 0;
  let S1 = 0;
  let S2 = 0;
  for (let i = 0; i < n; i++) {
    let ri = 0;
    let ci = 0;
    for (let j = 0; j < n; j++) {
      S0 += M[i][j];
      S1 += 0.5 * (M[i][j] + M[j][i]) ** 2;
      ri += M[i][j];
      ci += M[j][i];
    }
    S2 += (ri + ci) ** 2;
  }
  return { S0, S1, S2 };
}

const centred = (x: ArrayLike<number>) => {
  const n = x.length;
  let m = 0;
  for (let i = 0; i < n; i++) m += x[i];
  m /= n;
  return Array.from(x, (v) => v - m);
};

function moranDense(x: ArrayLike<number>, M: Mat): number {
  const n = M.length;
  const z = centred(x);
  const { S0 } = constantsDense(M);
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    den += z[i] * z[i];
    for (let j = 0; j < n; j++) num += M[i][j] * z[i] * z[j];
  }
  return ((n / S0) * num) / den;
}

function gearyDense(x: ArrayLike<number>, M: Mat): number {
  const n = M.length;
  const z = centred(x);
  const { S0 } = constantsDense(M);
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    den += z[i] * z[i];
    for (let j = 0; j < n; j++) num += M[i][j] * (x[i] - x[j]) ** 2;
  }
  return ((n - 1) / (2 * S0)) * (num / den);
}

function gDense(x: ArrayLike<number>, M: Mat): number {
  const n = M.length;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      num += M[i][j] * x[i] * x[j];
      if (i !== j) den += x[i] * x[j];
    }
  return num / den;
}

/**
 * Moments of a ratio of quadratic forms y'By / y'Cy under y ~ N(μ1, σ²I), with C = I − 11'/n
 * (rank m = n − 1) and B = CBC: E = tr B/m, E[R²] = ((tr B)² + 2 tr B²)/(m(m + 2))
 * (e.g. Cliff & Ord 1981 §2.3; Magnus 1986). Independent of the S0/S1/S2 formulas.
 */
function ratioMoments(Bsym: Mat): { mean: number; variance: number } {
  const n = Bsym.length;
  const C: Mat = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0) - 1 / n));
  const mul = (P: Mat, Q: Mat): Mat => P.map((r) => Q[0].map((_, j) => r.reduce((s, v, k) => s + v * Q[k][j], 0)));
  const B = mul(mul(C, Bsym), C);
  const tr = (P: Mat) => P.reduce((s, r, i) => s + r[i], 0);
  const B2 = mul(B, B);
  const m = n - 1;
  const mean = tr(B) / m;
  return { mean, variance: (tr(B) ** 2 + 2 * tr(B2)) / (m * (m + 2)) - mean * mean };
}

/** Moran's I as a quadratic-form ratio: B = (n/S0)(W + W')/2. */
function moranNormalMoments(M: Mat) {
  const n = M.length;
  const { S0 } = constantsDense(M);
  return ratioMoments(M.map((r, i) => r.map((v, j) => ((n / S0) * (v + M[j][i])) / 2)));
}

/** Geary's C: Σ w_ij (z_i − z_j)² = z'(D − W − W')z, D = diag(row + column sums); B = ((n−1)/(2S0))(D − W − W'). */
function gearyNormalMoments(M: Mat) {
  const n = M.length;
  const { S0 } = constantsDense(M);
  const d = M.map((r, i) => r.reduce((s, v) => s + v, 0) + M.reduce((s, q) => s + q[i], 0));
  return ratioMoments(M.map((r, i) => r.map((v, j) => ((n - 1) / (2 * S0)) * ((i === j ? d[i] : 0) - v - M[j][i]))));
}

/** All permutations of 0..n−1 (Heap's algorithm). */
function permutations(n: number): number[][] {
  const a = Array.from({ length: n }, (_, i) => i);
  const out: number[][] = [a.slice()];
  const c = new Array<number>(n).fill(0);
  let i = 0;
  while (i < n) {
    if (c[i] < i) {
      const k = i % 2 === 0 ? 0 : c[i];
      [a[k], a[i]] = [a[i], a[k]];
      out.push(a.slice());
      c[i]++;
      i = 0;
    } else {
      c[i] = 0;
      i++;
    }
  }
  return out;
}

/** Exact mean and variance of a statistic over all permutations of x (the randomisation null). */
function permutationMoments(x: number[], stat: (v: number[]) => number) {
  const vals = permutations(x.length).map((p) => stat(p.map((k) => x[k])));
  const mean = vals.reduce((s, v) => s + v, 0) / vals.length;
  const variance = vals.reduce((s, v) => s + (v - mean) ** 2, 0) / vals.length;
  return { mean, variance, vals };
}

// ---------------------------------------------------------------------------------------------

const chain4 = ['A', 'B', 'C', 'D'];
const chain4Pairs: [string, string][] = [
  ['A', 'B'],
  ['B', 'C'],
  ['C', 'D'],
];

describe('moran / geary / getisOrdG on a hand-computed chain of 4', () => {
  /*
   * A–B–C–D, binary weights, x = (1, 2, 3, 4).
   *   z = (−1.5, −0.5, 0.5, 1.5), Σz² = 5, Σz⁴ = 10.25, b2 = 4·10.25/25 = 1.64
   *   S0 = 6, S1 = ½·6·2² = 12, S2 = Σ(2·deg)² = 2² + 4² + 4² + 2² = 40
   *   Σ w z_i z_j = 2(0.75 − 0.25 + 0.75) = 2.5 → I = (4/6)(2.5/5) = 1/3,  E[I] = −1/3
   *   Var_N = (16·12 − 4·40 + 3·36)/(36·15) − 1/9 = 140/540 − 60/540 = 4/27
   *   Var_R = [4(12·7 − 160 + 108) − 1.64(12·12 − 320 + 216)]/(3·2·1·36) − 1/9
   *         = (128 − 65.6)/216 − 24/216 = 38.4/216 = 8/45
   *   Geary: Σ w (x_i − x_j)² = 2·3 = 6 → C = (3/12)(6/5) = 0.3
   *   Var_N(C) = ((2·12 + 40)·3 − 4·36)/(2·5·36) = 48/360 = 2/15
   *   Var_R(C) = [3·12(16 − 12 + 3 − 1.64·3) − ¼·3·40(16 + 12 − 6 − 1.64·14) + 36(16 − 3 − 1.64·9)]/(4·2·1·36)
   *            = (74.88 + 28.8 − 63.36)/288 = 0.14
   *   G: Σ w x_i x_j = 2(2 + 6 + 12) = 40, (Σx)² − Σx² = 100 − 30 = 70 → G = 4/7, E[G] = 6/12 = 0.5
   */
  const W = weightsFromPairs(chain4, chain4Pairs, { style: 'B' });
  const x = f64(1, 2, 3, 4);

  it('moran(x, W) gives I = 1/3, E = −1/3, Var_R = 8/45 and Var_N = 4/27', () => {
    const r = moran(x, W);
    expect(close(r.statistic, 1 / 3)).toBe(true);
    expect(close(r.expectation, -1 / 3)).toBe(true);
    expect(close(r.variance, 8 / 45)).toBe(true);
    expect(close(r.kurtosis, 1.64)).toBe(true);
    expect(r.constants).toEqual({ n: 4, nTotal: 4, S0: 6, S1: 12, S2: 40 });
    expect(close(r.z, 2 / 3 / Math.sqrt(8 / 45))).toBe(true);
    expect(r.assumption).toBe('randomisation');
    expect(r.alternative).toBe('greater');
    expect(r.pValue).toBe(r.pGreater);
    expect(close(r.pGreater + r.pLess, 1, 1e-15)).toBe(true);
    const rn = moran(x, W, { randomisation: false });
    expect(close(rn.variance, 4 / 27)).toBe(true);
  });

  it('geary(x, W) gives C = 0.3, E = 1, Var_R = 0.14, Var_N = 2/15 and z = (1 − C)/sd', () => {
    const r = geary(x, W);
    expect(close(r.statistic, 0.3)).toBe(true);
    expect(r.expectation).toBe(1);
    expect(close(r.variance, 0.14)).toBe(true);
    expect(close(r.z, 0.7 / Math.sqrt(0.14))).toBe(true);
    expect(close(geary(x, W, { randomisation: false }).variance, 2 / 15)).toBe(true);
  });

  it('getisOrdG(x, W) gives G = 4/7 and E = 1/2; its variance equals the exact permutation variance', () => {
    const r = getisOrdG(x, W);
    expect(close(r.statistic, 4 / 7)).toBe(true);
    expect(close(r.expectation, 0.5)).toBe(true);
    const M = matFromPairs(chain4, chain4Pairs, false);
    const pm = permutationMoments([1, 2, 3, 4], (v) => gDense(v, M));
    expect(close(pm.mean, 0.5)).toBe(true);
    expect(close(r.variance, pm.variance)).toBe(true);
  });

  it('the randomisation variances of I and C are the exact moments over all 24 permutations', () => {
    const M = matFromPairs(chain4, chain4Pairs, false);
    const pI = permutationMoments([1, 2, 3, 4], (v) => moranDense(v, M));
    expect(close(pI.mean, -1 / 3)).toBe(true);
    expect(close(pI.variance, 8 / 45)).toBe(true);
    const pC = permutationMoments([1, 2, 3, 4], (v) => gearyDense(v, M));
    expect(close(pC.mean, 1)).toBe(true);
    expect(close(pC.variance, 0.14)).toBe(true);
  });
});

describe('randomisation and normality moments on irregular asymmetric weights (n = 6)', () => {
  // Non-binary, asymmetric weights (row-standardised by the builder), skewed data.
  const units = ['u1', 'u2', 'u3', 'u4', 'u5', 'u6'];
  const raw = [
    [0, 2, 0, 1, 0, 0],
    [1, 0, 3, 0, 0, 0.5],
    [0, 1, 0, 1, 0, 0],
    [2, 0, 1, 0, 1, 0],
    [0, 0, 0, 4, 0, 1],
    [0, 1, 0, 0, 2, 0],
  ];
  const W = weightsFromMatrix(units, raw);
  const M: Mat = raw.map((r) => {
    const s = r.reduce((p, q) => p + q, 0);
    return r.map((v) => v / s);
  });
  const xs = [3.2, 0.7, 9.1, 4.4, 1.0, 12.5];
  const x = Float64Array.from(xs);

  it('S0, S1, S2 match the dense definitions', () => {
    const c = spatialConstants(W);
    const d = constantsDense(M);
    expect(close(c.S0, d.S0)).toBe(true);
    expect(close(c.S1, d.S1)).toBe(true);
    expect(close(c.S2, d.S2)).toBe(true);
  });

  it('moran: I matches the dense value; E and Var_R equal the exact moments over all 720 permutations', () => {
    const r = moran(x, W);
    expect(close(r.statistic, moranDense(xs, M))).toBe(true);
    const p = permutationMoments(xs, (v) => moranDense(v, M));
    expect(close(r.expectation, p.mean, 1e-9)).toBe(true);
    expect(close(r.variance, p.variance, 1e-9)).toBe(true);
  });

  it('geary: C matches the dense value; Var_R equals the exact permutation variance', () => {
    const r = geary(x, W);
    expect(close(r.statistic, gearyDense(xs, M))).toBe(true);
    const p = permutationMoments(xs, (v) => gearyDense(v, M));
    expect(close(p.mean, 1, 1e-9)).toBe(true);
    expect(close(r.variance, p.variance, 1e-9)).toBe(true);
  });

  it('getisOrdG: G matches the dense value; E and Var equal the exact permutation moments', () => {
    const B = weightsFromMatrix(units, raw, { style: 'B' });
    const MB = raw.map((r) => r.map((v) => (v > 0 ? 1 : 0)));
    const r = getisOrdG(x, B);
    expect(close(r.statistic, gDense(xs, MB))).toBe(true);
    const p = permutationMoments(xs, (v) => gDense(v, MB));
    expect(close(r.expectation, p.mean, 1e-9)).toBe(true);
    expect(close(r.variance, p.variance, 1e-9)).toBe(true);
  });

  it('normality variances of I and C equal the quadratic-form (trace) moments', () => {
    const mI = moranNormalMoments(M);
    const rI = moran(x, W, { randomisation: false });
    expect(close(rI.expectation, mI.mean, 1e-9)).toBe(true);
    expect(close(rI.variance, mI.variance, 1e-9)).toBe(true);
    const mC = gearyNormalMoments(M);
    const rC = geary(x, W, { randomisation: false });
    expect(close(mC.mean, 1, 1e-9)).toBe(true);
    expect(close(rC.variance, mC.variance, 1e-9)).toBe(true);
  });
});

describe('analytic properties', () => {
  const units = Array.from({ length: 8 }, (_, i) => `p${i}`);
  const pairs = units.slice(1).map((u, i) => [units[i], u] as [string, string]);
  const Wchain = weightsFromPairs(units, pairs); // row-standardised chain

  it('an alternating pattern on a row-standardised chain gives I = −1 (and a small lower-tail p)', () => {
    for (const n of [4, 6, 8]) {
      const W = weightsFromPairs(units.slice(0, n), pairs.slice(0, n - 1));
      const x = Float64Array.from({ length: n }, (_, i) => (i % 2 ? -1 : 1));
      const r = moran(x, W, { alternative: 'less' });
      expect(close(r.statistic, -1)).toBe(true);
      expect(r.z).toBeLessThan(0);
      expect(r.pValue).toBe(r.pLess);
    }
  });

  it('I, C and their z are invariant to y → a + b·y (b > 0); G to y → b·y', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -100, max: 100, noNaN: true }), { minLength: 8, maxLength: 8 }),
        fc.double({ min: -1e3, max: 1e3, noNaN: true }),
        fc.double({ min: 1e-3, max: 1e3, noNaN: true }),
        (ys, a, b) => {
          const y = Float64Array.from(ys);
          const mu = ys.reduce((s, v) => s + v, 0) / ys.length;
          const spread = ys.reduce((s, v) => s + (v - mu) ** 2, 0);
          // Well-conditioned cases only: after y → a + b·y the spread must stay well above the rounding
          // error of centring values of size |a| + b·max|y| (else cancellation, not the code, decides).
          const sdT = b * Math.sqrt(spread / ys.length);
          fc.pre(spread > 1e-6 && sdT > 1e-6 * (Math.abs(a) + b * 100));
          const t = y.map((v) => a + b * v);
          const m0 = moran(y, Wchain);
          const m1 = moran(t, Wchain);
          expect(close(m0.statistic, m1.statistic, 1e-7, 1e-9)).toBe(true);
          expect(close(m0.variance, m1.variance, 1e-7, 1e-9)).toBe(true);
          const g0 = geary(y, Wchain);
          const g1 = geary(t, Wchain);
          expect(close(g0.statistic, g1.statistic, 1e-7, 1e-9)).toBe(true);
          const pos = y.map((v) => Math.abs(v) + 0.5);
          const G0 = getisOrdG(pos, Wchain);
          const G1 = getisOrdG(
            pos.map((v) => b * v),
            Wchain,
          );
          expect(close(G0.statistic, G1.statistic, 1e-9)).toBe(true);
          expect(close(G0.z, G1.z, 1e-7, 1e-9)).toBe(true);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('islands kept with zero lag: n counts only units with neighbours (spdep adjust.n), mean uses all units', () => {
    // A–B–C–D chain plus island E (kept). x = (1, 2, 3, 4, 10): mean 4, z = (−3, −2, −1, 0, 6), Σz² = 50.
    // Σ w z_i z_j (binary) = 2(6 + 2 + 0) = 16; n = 4, S0 = 6 → I = (4/6)(16/50) = 0.21333…
    const W = weightsFromPairs(['A', 'B', 'C', 'D', 'E'], chain4Pairs, { style: 'B', islands: 'keep' });
    const r = moran(f64(1, 2, 3, 4, 10), W);
    expect(close(r.statistic, (4 / 6) * (16 / 50))).toBe(true);
    expect(close(r.expectation, -1 / 3)).toBe(true);
    expect(r.constants.n).toBe(4);
    expect(r.constants.nTotal).toBe(5);
    expect(r.islands).toEqual(['E']);
  });
});

describe('input errors', () => {
  const W = weightsFromPairs(chain4, chain4Pairs);

  it('missing values fail with E_MISSING_VALUES naming the units', () => {
    const e = catchNqpf(() => moran(f64(1, NaN, 3, NaN), W, { label: 'rd_intensity, 2022' }));
    expect(e.code).toBe('E_MISSING_VALUES');
    expect(e.message).toContain('B, D');
    expect(e.message).toContain('rd_intensity, 2022');
    expect(catchNqpf(() => geary(f64(1, 2, Infinity, 4), W)).code).toBe('E_NONFINITE');
  });

  it('constant values, too few units, wrong length and unlisted islands are refused', () => {
    expect(catchNqpf(() => moran(f64(2, 2, 2, 2), W)).code).toBe('E_CONSTANT');
    const W3 = weightsFromPairs(
      ['a', 'b', 'c'],
      [
        ['a', 'b'],
        ['b', 'c'],
      ],
    );
    expect(catchNqpf(() => moran(f64(1, 2, 3), W3)).code).toBe('E_TOO_FEW');
    expect(catchNqpf(() => moran(f64(1, 2, 3), W)).message).toContain('expected 4 values');
    const handMade: SpatialWeights = { ...W, units: [...W.units, 'E'], indptr: Int32Array.from([...W.indptr, W.indptr[4]]), islands: [] };
    const e = catchNqpf(() => moran(f64(1, 2, 3, 4, 5), handMade));
    expect(e.code).toBe('E_ISLANDS');
    expect(e.message).toContain('E');
  });

  it('getisOrdG refuses negative values naming the unit, and randomisation: false', () => {
    const e = catchNqpf(() => getisOrdG(f64(1, -2, 3, 4), W));
    expect(e.message).toContain('negative for B');
    expect(catchNqpf(() => getisOrdG(f64(1, 2, 3, 4), W, { randomisation: false })).code).toBe('E_BAD_OPTION');
  });

  it('permutations need an rng; an unknown method name suggests the nearest', () => {
    expect(catchNqpf(() => moran(f64(1, 2, 3, 4), W, { nsim: 99 })).message).toContain('rng');
    const e = catchNqpf(() => getGlobalMethod('moron', 'analyses.spatial.global'));
    expect(e.code).toBe('E_UNKNOWN_METHOD');
    expect(e.hint).toContain('"moran"');
  });
});

describe('permutation inference', () => {
  // 6 × 6 rook grid.
  const units: string[] = [];
  const pairs: [string, string][] = [];
  for (let r = 0; r < 6; r++)
    for (let c = 0; c < 6; c++) {
      units.push(`r${r}c${c}`);
      if (c < 5) pairs.push([`r${r}c${c}`, `r${r}c${c + 1}`]);
      if (r < 5) pairs.push([`r${r}c${c}`, `r${r + 1}c${c}`]);
    }
  const W = weightsFromPairs(units, pairs);
  const gradient = Float64Array.from(units, (_, k) => Math.floor(k / 6) + (k % 6) + 0.1 * Math.sin(k));

  it('is deterministic for a seed', () => {
    const a = moran(gradient, W, { nsim: 199, rng: Rng.create(42) }).permutation!;
    const b = moran(gradient, W, { nsim: 199, rng: Rng.create(42) }).permutation!;
    expect(a).toEqual(b);
    const noise = Float64Array.from(units, (_, k) => (Math.sin(k * 12.9898) * 43758.5453) % 1);
    const c = moran(noise, W, { nsim: 199, rng: Rng.create(42) }).permutation!;
    const d = moran(noise, W, { nsim: 199, rng: Rng.create(43) }).permutation!;
    expect(c.mean).not.toBe(d.mean);
  });

  it('gives p = 1/(nsim + 1) for a strong gradient (Moran, Geary, G), in the positive-autocorrelation tail', () => {
    const rng = Rng.create(7);
    const m = moran(gradient, W, { nsim: 499, rng });
    expect(m.permutation!.extreme).toBe(0);
    expect(m.permutation!.pValue).toBe(1 / 500);
    expect(m.pValue).toBeLessThan(1e-6);
    const g = geary(gradient, W, { nsim: 499, rng });
    expect(g.permutation!.pValue).toBe(1 / 500);
    expect(g.permutation!.z).toBeGreaterThan(3);
    const G = getisOrdG(gradient, weightsFromPairs(units, pairs, { style: 'B' }), { nsim: 499, rng });
    expect(G.permutation!.pValue).toBeLessThan(0.05);
    // Under the wrong tail the same data are not significant.
    expect(moran(gradient, W, { nsim: 499, rng, alternative: 'less' }).permutation!.pValue).toBe(1);
  });

  it('pseudo p-values approach the exact permutation p-values (chain of 4, all 24 orderings)', () => {
    // Exact: share of the 24 orderings with I ≥ I_obs (greater) and C ≤ C_obs.
    const Wb = weightsFromPairs(chain4, chain4Pairs, { style: 'B' });
    const M = matFromPairs(chain4, chain4Pairs, false);
    const xs = [1, 2, 3, 4];
    const I0 = moranDense(xs, M);
    const C0 = gearyDense(xs, M);
    const eps = 1e-12;
    const pI = permutationMoments(xs, (v) => moranDense(v, M)).vals.filter((v) => v >= I0 - eps).length / 24;
    const pC = permutationMoments(xs, (v) => gearyDense(v, M)).vals.filter((v) => v <= C0 + eps).length / 24;
    const nsim = 20000;
    const rm = moran(f64(1, 2, 3, 4), Wb, { nsim, rng: Rng.create(1) }).permutation!;
    const rc = geary(f64(1, 2, 3, 4), Wb, { nsim, rng: Rng.create(2) }).permutation!;
    // Binomial sd ≤ 0.5/√20000 ≈ 0.0035; allow 4 sd.
    expect(Math.abs(rm.pValue - pI)).toBeLessThan(0.015);
    expect(Math.abs(rc.pValue - pC)).toBeLessThan(0.015);
    expect(close(rm.mean, -1 / 3, 0.05)).toBe(true);
  });
});

describe('globalByPeriod', () => {
  it('runs one test per period of a period-major column and names the period of a missing value', () => {
    const W = weightsFromPairs(chain4, chain4Pairs);
    const values = f64(1, 2, 3, 4, 4, 1, 3, 2);
    const res = globalByPeriod('moran', values, W, { periods: ['2021', '2022'] });
    expect(res).toHaveLength(2);
    expect(res[0].statistic).toBe(moran(f64(1, 2, 3, 4), W).statistic);
    expect(res[1].statistic).toBe(moran(f64(4, 1, 3, 2), W).statistic);
    const e = catchNqpf(() => globalByPeriod('geary', f64(1, 2, 3, 4, 4, NaN, 3, 2), W, { periods: ['2021', '2022'], label: 'x1' }));
    expect(e.message).toContain('x1, 2022');
    expect(e.message).toContain(': B');
  });
});

describe.skipIf(!sharedAvailable)('Chinese provinces: Moran/Geary on real data vs a dense O(n²) computation', () => {
  const read = (f: string) => parseCsvSimple(readFileSync(sharedPath('data/cn-scitech', f), 'utf8').replace(/^\uFEFF/, ''));
  const adj = sharedAvailable
    ? read('adjacency.csv')
        .slice(1)
        .filter((r) => r.length === 2 && r[0])
    : [];
  const panel = sharedAvailable ? read('cn_provinces_scitech_2011_2022.csv') : [[]];
  const head = panel[0];
  const units = sharedAvailable
    ? read('regions.csv')
        .slice(1)
        .filter((r) => r[0])
        .map((r) => r[0])
    : [];
  const column = (code: string, year: string) => {
    const c = head.indexOf(code);
    const byUnit = new Map(
      panel
        .slice(1)
        .filter((r) => r[1] === year)
        .map((r) => [r[0], r[c] === '' ? NaN : Number(r[c])]),
    );
    return Float64Array.from(units, (u) => byUnit.get(u) ?? NaN);
  };

  it('rd_intensity 2022, row-standardised contiguity: I, E, Var_R, Var_N and C agree with the dense reference', () => {
    const pairs = adj.map((r) => [r[0], r[1]] as [string, string]);
    const W = weightsFromPairs(units, pairs);
    const M = matFromPairs(units, pairs, true);
    const x = column('rd_intensity', '2022');
    const n = 31;
    const r = moran(x, W);
    expect(close(r.statistic, moranDense(x, M))).toBe(true);
    expect(close(r.expectation, -1 / 30)).toBe(true);
    // Randomisation variance from the Cliff–Ord formula with dense S0, S1, S2 and b2.
    const { S0, S1, S2 } = constantsDense(M);
    const z = centred(x);
    const zz = z.reduce((s, v) => s + v * v, 0);
    const b2 = (n * z.reduce((s, v) => s + v ** 4, 0)) / (zz * zz);
    const EI = -1 / (n - 1);
    const VR =
      (n * ((n * n - 3 * n + 3) * S1 - n * S2 + 3 * S0 * S0) - b2 * ((n * n - n) * S1 - 2 * n * S2 + 6 * S0 * S0)) / ((n - 1) * (n - 2) * (n - 3) * S0 * S0) -
      EI * EI;
    expect(close(r.variance, VR)).toBe(true);
    expect(close(moran(x, W, { randomisation: false }).variance, moranNormalMoments(M).variance, 1e-9)).toBe(true);
    expect(close(geary(x, W).statistic, gearyDense(x, M))).toBe(true);
    expect(close(geary(x, W, { randomisation: false }).variance, gearyNormalMoments(M).variance, 1e-9)).toBe(true);
    // R&D intensity clusters along the east coast: positive autocorrelation.
    expect(r.statistic).toBeGreaterThan(0);
  });

  it('a real gap (techmarket_out_value 2012, Tibet) fails with E_MISSING_VALUES naming 西藏', () => {
    const W = weightsFromPairs(
      units,
      adj.map((r) => [r[0], r[1]] as [string, string]),
    );
    const e = catchNqpf(() => moran(column('techmarket_out_value', '2012'), W));
    expect(e.code).toBe('E_MISSING_VALUES');
    expect(e.message).toContain('西藏');
  });
});

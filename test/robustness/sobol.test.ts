import { describe, expect, it } from 'vitest';
import { close } from '../helpers/shared.js';
import { designPoint, saltelliDesign, uniformToRange } from '../../src/robustness/sampling.js';
import { bootstrapRows, sobolIndices, splitSaltelliOutputs } from '../../src/robustness/sobol.js';
import { Rng } from '../../src/core/rng.js';
import { NqpfError } from '../../src/core/errors.js';

// ---- Analytic reference: the Ishigami function (Ishigami & Homma 1990; Sobol' & Levitan 1999) ----
// f(x) = sin x1 + a sin² x2 + b x3⁴ sin x1, x_i ~ U[−π, π], a = 7, b = 0.1.
// Closed forms (Saltelli et al. 2008, Global Sensitivity Analysis: The Primer, §4.9; SALib docs):
//   V   = a²/8 + bπ⁴/5 + b²π⁸/18 + 1/2
//   V1  = ½(1 + bπ⁴/5)²,  V2 = a²/8,  V3 = 0,  V13 = b²π⁸(1/18 − 1/50) = 8b²π⁸/225, no other interaction
//   S_i = V_i / V;  ST1 = (V1 + V13)/V, ST2 = V2/V, ST3 = V13/V.
// Rounded: S = (0.3139, 0.4424, 0), ST = (0.5576, 0.4424, 0.2437).
const A_ISH = 7;
const B_ISH = 0.1;
const PI4 = Math.PI ** 4;
const PI8 = Math.PI ** 8;
const V_ISH = (A_ISH * A_ISH) / 8 + (B_ISH * PI4) / 5 + (B_ISH * B_ISH * PI8) / 18 + 0.5;
const V1 = 0.5 * (1 + (B_ISH * PI4) / 5) ** 2;
const V2 = (A_ISH * A_ISH) / 8;
const V13 = (8 * B_ISH * B_ISH * PI8) / 225;
const S_ISH = [V1 / V_ISH, V2 / V_ISH, 0];
const ST_ISH = [(V1 + V13) / V_ISH, V2 / V_ISH, V13 / V_ISH];

function ishigami(x: Float64Array): number {
  const x1 = uniformToRange(x[0], -Math.PI, Math.PI);
  const x2 = uniformToRange(x[1], -Math.PI, Math.PI);
  const x3 = uniformToRange(x[2], -Math.PI, Math.PI);
  const s2 = Math.sin(x2);
  return Math.sin(x1) + A_ISH * s2 * s2 + B_ISH * x3 ** 4 * Math.sin(x1);
}

/** Run `models` (each a scalar function of the design point) on every run: y[r·nOut + o]. */
function runDesign(nBase: number, k: number, seed: number, models: ((x: Float64Array) => number)[]): Float64Array {
  const d = saltelliDesign(nBase, k, seed);
  const nOut = models.length;
  const y = new Float64Array(d.nRuns * nOut);
  const x = new Float64Array(k);
  for (let r = 0; r < d.nRuns; r++) {
    designPoint(d, r, x);
    for (let o = 0; o < nOut; o++) y[r * nOut + o] = models[o](x);
  }
  return y;
}

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return e instanceof NqpfError ? e.code : 'not-nqpf';
  }
  return undefined;
}

/**
 * Independent, naive transcription of the estimators (SALib sobol.first_order / total_order) on
 * plain arrays for one output: numpy's var (ddof 0) of the pooled [A, B].
 */
function naive(fA: number[], fB: number[], fAB: number[][]): { S: number[]; ST: number[] } {
  const y = [...fA, ...fB];
  const mean = y.reduce((s, v) => s + v, 0) / y.length;
  const V = y.reduce((s, v) => s + (v - mean) ** 2, 0) / y.length;
  const N = fA.length;
  const S = fAB.map((ab) => ab.reduce((s, v, j) => s + fB[j] * (v - fA[j]), 0) / N / V);
  const ST = fAB.map((ab) => ab.reduce((s, v, j) => s + (fA[j] - v) ** 2, 0) / (2 * N) / V);
  return { S, ST };
}

describe('sobolIndices on the Ishigami function (analytic S, ST)', () => {
  const N = 10000;
  const k = 3;
  const y = runDesign(N, k, 2024, [ishigami]);
  const { fA, fB, fAB } = splitSaltelliOutputs(y, N, k);
  const res = sobolIndices(fA, fB, fAB, { seed: 17 });

  it('the analytic values derived in the test match the published rounded ones', () => {
    expect(S_ISH.map((v) => Number(v.toFixed(4)))).toEqual([0.3139, 0.4424, 0]);
    expect(ST_ISH.map((v) => Number(v.toFixed(4)))).toEqual([0.5576, 0.4424, 0.2437]);
  });

  it('estimates every S_i and ST_i within 0.02 at N = 10⁴', () => {
    expect(res.k).toBe(3);
    expect(res.nBase).toBe(N);
    for (let i = 0; i < k; i++) {
      expect(Math.abs(res.first[i] - S_ISH[i])).toBeLessThan(0.02);
      expect(Math.abs(res.total[i] - ST_ISH[i])).toBeLessThan(0.02);
    }
  });

  it('the pooled variance estimates V = a²/8 + bπ⁴/5 + b²π⁸/18 + ½ within 3 %', () => {
    expect(Math.abs(res.variance[0] / V_ISH - 1)).toBeLessThan(0.03);
  });

  it('the 95 % bootstrap percentile intervals cover the analytic values and bracket the estimate', () => {
    const bs = res.bootstrap!;
    expect(bs.replicates).toBe(1000);
    expect(bs.level).toBe(0.95);
    for (let i = 0; i < k; i++) {
      expect(bs.firstLo[i]).toBeLessThanOrEqual(S_ISH[i]);
      expect(bs.firstHi[i]).toBeGreaterThanOrEqual(S_ISH[i]);
      expect(bs.totalLo[i]).toBeLessThanOrEqual(ST_ISH[i]);
      expect(bs.totalHi[i]).toBeGreaterThanOrEqual(ST_ISH[i]);
      expect(bs.firstLo[i]).toBeLessThan(res.first[i]);
      expect(bs.firstHi[i]).toBeGreaterThan(res.first[i]);
      // Percentile width ≈ 2·1.96·SE for a near-normal bootstrap distribution.
      expect(Math.abs((bs.firstHi[i] - bs.firstLo[i]) / (2 * 1.96 * bs.firstSe[i]) - 1)).toBeLessThan(0.15);
      expect(Math.abs((bs.totalHi[i] - bs.totalLo[i]) / (2 * 1.96 * bs.totalSe[i]) - 1)).toBeLessThan(0.15);
    }
  });

  it('the half-sample convergence check is small (< 0.05) at N = 10⁴', () => {
    expect(res.convergence!.halfRows).toBe(5000);
    expect(res.convergence!.maxAbsDelta).toBeLessThan(0.05);
    expect(res.convergence!.maxAbsDelta).toBeGreaterThan(0);
  });

  it('is deterministic: the same seeds give identical indices and intervals, another bootstrap seed other intervals', () => {
    const y2 = runDesign(N, k, 2024, [ishigami]);
    const p = splitSaltelliOutputs(y2, N, k);
    const again = sobolIndices(p.fA, p.fB, p.fAB, { seed: 17 });
    expect(again.first).toEqual(res.first);
    expect(again.total).toEqual(res.total);
    expect(again.bootstrap!.firstLo).toEqual(res.bootstrap!.firstLo);
    expect(again.bootstrap!.totalHi).toEqual(res.bootstrap!.totalHi);
    const other = sobolIndices(p.fA, p.fB, p.fAB, { seed: 18, convergence: false });
    expect(other.first).toEqual(res.first);
    expect(other.bootstrap!.firstLo).not.toEqual(res.bootstrap!.firstLo);
    expect(other.convergence).toBeUndefined();
  });
});

describe('sobolIndices on a linear model f = Σ c_i x_i (analytic S_i = ST_i = c_i² / Σ c_j²)', () => {
  const c = [1, 2, 3, 0.5];
  const sumSq = c.reduce((s, v) => s + v * v, 0);
  const N = 10000;
  const k = c.length;
  const linear = (x: Float64Array): number => {
    let s = 0;
    for (let i = 0; i < k; i++) s += c[i] * uniformToRange(x[i], -1, 1);
    return s;
  };

  it('estimates S_i and ST_i within 0.02 at N = 10⁴ and their sums near 1', () => {
    const y = runDesign(N, k, 5, [linear]);
    const { fA, fB, fAB } = splitSaltelliOutputs(y, N, k);
    const res = sobolIndices(fA, fB, fAB, { bootstrap: 0 });
    let sS = 0;
    let sT = 0;
    for (let i = 0; i < k; i++) {
      const exact = (c[i] * c[i]) / sumSq;
      expect(Math.abs(res.first[i] - exact)).toBeLessThan(0.02);
      expect(Math.abs(res.total[i] - exact)).toBeLessThan(0.02);
      sS += res.first[i];
      sT += res.total[i];
    }
    expect(Math.abs(sS - 1)).toBeLessThan(0.05);
    expect(Math.abs(sT - 1)).toBeLessThan(0.05);
    expect(res.bootstrap).toBeUndefined();
  });
});

describe('sobolIndices estimator arithmetic', () => {
  // Small random outputs: N = 9, k = 2, nOut = 3.
  const N = 9;
  const k = 2;
  const nOut = 3;
  const rng = Rng.create(77);
  const fA = Float64Array.from({ length: N * nOut }, () => rng.normal() + 10);
  const fB = Float64Array.from({ length: N * nOut }, () => rng.normal() + 10);
  const fAB = Float64Array.from({ length: k * N * nOut }, () => rng.normal() + 10);
  const col = (f: Float64Array, o: number, off = 0): number[] => Array.from({ length: N }, (_, j) => f[off + j * nOut + o]);

  it('matches a naive transcription of SALib first_order/total_order for every output (1e-9)', () => {
    const res = sobolIndices(fA, fB, fAB, { nOut, bootstrap: 0 });
    expect(res.nOut).toBe(3);
    for (let o = 0; o < nOut; o++) {
      const ref = naive(col(fA, o), col(fB, o), [col(fAB, o, 0), col(fAB, o, N * nOut)]);
      for (let i = 0; i < k; i++) {
        expect(close(res.first[o * k + i], ref.S[i])).toBe(true);
        expect(close(res.total[o * k + i], ref.ST[i])).toBe(true);
      }
    }
  });

  it('many outputs at once equal one call per output', () => {
    const all = sobolIndices(fA, fB, fAB, { nOut, bootstrap: 50, seed: 3 });
    for (let o = 0; o < nOut; o++) {
      const one = sobolIndices(Float64Array.from(col(fA, o)), Float64Array.from(col(fB, o)), Float64Array.from([...col(fAB, o, 0), ...col(fAB, o, N * nOut)]), {
        bootstrap: 50,
        seed: 3,
      });
      for (let i = 0; i < k; i++) {
        expect(close(all.first[o * k + i], one.first[i], 1e-12)).toBe(true);
        expect(close(all.total[o * k + i], one.total[i], 1e-12)).toBe(true);
        expect(close(all.bootstrap!.firstLo[o * k + i], one.bootstrap!.firstLo[i], 1e-12)).toBe(true);
        expect(close(all.bootstrap!.totalHi[o * k + i], one.bootstrap!.totalHi[i], 1e-12)).toBe(true);
      }
    }
  });

  it('the convergence check equals a naive recomputation on the first ⌊N/2⌋ rows', () => {
    const res = sobolIndices(fA, fB, fAB, { nOut, bootstrap: 0 });
    const h = Math.floor(N / 2);
    expect(res.convergence!.halfRows).toBe(h);
    let overall = 0;
    for (let o = 0; o < nOut; o++) {
      const cut = (v: number[]) => v.slice(0, h);
      const ref = naive(cut(col(fA, o)), cut(col(fB, o)), [cut(col(fAB, o, 0)), cut(col(fAB, o, N * nOut))]);
      let m = 0;
      for (let i = 0; i < k; i++) {
        m = Math.max(m, Math.abs(ref.S[i] - res.first[o * k + i]), Math.abs(ref.ST[i] - res.total[o * k + i]));
      }
      expect(close(res.convergence!.perOutput[o], m)).toBe(true);
      overall = Math.max(overall, m);
    }
    expect(close(res.convergence!.maxAbsDelta, overall)).toBe(true);
  });

  it('bootstrap intervals are type-7 percentiles of the indices recomputed on bootstrapRows resamples', () => {
    const B = 200;
    const res = sobolIndices(fA, fB, fAB, { nOut, bootstrap: B, seed: 12, level: 0.9 });
    const o = 1;
    const reps: number[][] = [[], []];
    const repsT: number[][] = [[], []];
    for (let b = 0; b < B; b++) {
      const rows = bootstrapRows(12, b, N);
      const pick = (v: number[]) => Array.from(rows, (j) => v[j]);
      const ref = naive(pick(col(fA, o)), pick(col(fB, o)), [pick(col(fAB, o, 0)), pick(col(fAB, o, N * nOut))]);
      for (let i = 0; i < k; i++) {
        reps[i].push(ref.S[i]);
        repsT[i].push(ref.ST[i]);
      }
    }
    // Type 7 by hand: sorted x, h = (B − 1)p (0-based), interpolate.
    const q7 = (v: number[], p: number) => {
      const s = [...v].sort((a, b) => a - b);
      const h = (s.length - 1) * p;
      const lo = Math.floor(h);
      return lo + 1 < s.length ? s[lo] + (h - lo) * (s[lo + 1] - s[lo]) : s[lo];
    };
    const sd = (v: number[]) => {
      const m = v.reduce((a, b) => a + b, 0) / v.length;
      return Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / (v.length - 1));
    };
    for (let i = 0; i < k; i++) {
      const c = o * k + i;
      expect(close(res.bootstrap!.firstLo[c], q7(reps[i], 0.05), 1e-9, 1e-12)).toBe(true);
      expect(close(res.bootstrap!.firstHi[c], q7(reps[i], 0.95), 1e-9, 1e-12)).toBe(true);
      expect(close(res.bootstrap!.totalLo[c], q7(repsT[i], 0.05), 1e-9, 1e-12)).toBe(true);
      expect(close(res.bootstrap!.totalHi[c], q7(repsT[i], 0.95), 1e-9, 1e-12)).toBe(true);
      expect(close(res.bootstrap!.firstSe[c], sd(reps[i]), 1e-9)).toBe(true);
      expect(close(res.bootstrap!.totalSe[c], sd(repsT[i]), 1e-9)).toBe(true);
    }
  });

  it('indices are unchanged (to rounding) when the output is scaled, f → 3.5·f', () => {
    const s = (f: Float64Array) => f.map((v) => 3.5 * v);
    const a = sobolIndices(fA, fB, fAB, { nOut, bootstrap: 0 });
    const b = sobolIndices(s(fA), s(fB), s(fAB), { nOut, bootstrap: 0 });
    for (let c = 0; c < nOut * k; c++) {
      expect(close(a.first[c], b.first[c], 1e-12)).toBe(true);
      expect(close(a.total[c], b.total[c], 1e-12)).toBe(true);
    }
  });

  it('a constant output gets S = ST = 0 and is flagged; the other outputs are unaffected', () => {
    const cA = fA.slice();
    const cB = fB.slice();
    const cAB = fAB.slice();
    for (let j = 0; j < N; j++) {
      cA[j * nOut + 2] = 4;
      cB[j * nOut + 2] = 4;
      cAB[j * nOut + 2] = 4;
      cAB[N * nOut + j * nOut + 2] = 4;
    }
    const res = sobolIndices(cA, cB, cAB, { nOut, bootstrap: 20 });
    expect(Array.from(res.constant)).toEqual([0, 0, 1]);
    expect(res.variance[2]).toBe(0);
    expect([res.first[4], res.first[5], res.total[4], res.total[5]]).toEqual([0, 0, 0, 0]);
    expect(res.bootstrap!.firstHi[4]).toBe(0);
    const ref = naive(col(fA, 0), col(fB, 0), [col(fAB, 0, 0), col(fAB, 0, N * nOut)]);
    expect(close(res.first[0], ref.S[0])).toBe(true);
  });
});

describe('sobolIndices input checks', () => {
  const f = (n: number, v = 1) => Float64Array.from({ length: n }, (_, i) => v + i);

  it('refuses a NaN output, naming the run, matrix and row', () => {
    const fAB = f(8);
    fAB[5] = NaN; // second fAB block (A_B^(2), factor 2), row 1 with N = 4 → run 3·4 + 1
    let err: unknown;
    try {
      sobolIndices(f(4), f(4, 2), fAB, { bootstrap: 0 });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(NqpfError);
    const e = err as NqpfError;
    expect(e.code).toBe('E_NONFINITE');
    expect(e.message).toContain('run 13');
    expect(e.message).toContain('A_B^(2)');
    expect(e.data).toEqual({ run: 13, matrix: 3, row: 1, output: 0 });
    expect(e.hint).toBeTruthy();
  });

  it('refuses Infinity too, and mismatched lengths, N < 2, bad options', () => {
    const fA = f(4);
    fA[0] = Infinity;
    expect(codeOf(() => sobolIndices(fA, f(4), f(8)))).toBe('E_NONFINITE');
    expect(codeOf(() => sobolIndices(f(4), f(5), f(8)))).toBe('E_LENGTH_MISMATCH');
    expect(codeOf(() => sobolIndices(f(4), f(4), f(7)))).toBe('E_LENGTH_MISMATCH');
    expect(codeOf(() => sobolIndices(f(4), f(4), f(0)))).toBe('E_LENGTH_MISMATCH');
    expect(codeOf(() => sobolIndices(f(5), f(5), f(10), { nOut: 2 }))).toBe('E_LENGTH_MISMATCH');
    expect(codeOf(() => sobolIndices(f(1), f(1), f(2)))).toBe('E_TOO_FEW');
    expect(codeOf(() => sobolIndices(f(4), f(4), f(8), { bootstrap: 1 }))).toBe('E_BAD_OPTION');
    expect(codeOf(() => sobolIndices(f(4), f(4), f(8), { level: 95 }))).toBe('E_BAD_OPTION');
    expect(codeOf(() => sobolIndices(f(4), f(4), f(8), { nOut: 0 }))).toBe('E_BAD_OPTION');
  });

  it('splitSaltelliOutputs returns views of the A, B and A_B blocks and checks the length', () => {
    const y = f(5 * 3 * 2); // N = 3, k = 3, nOut = 2 → (3 + 2)·3·2 = 30
    const { fA, fB, fAB } = splitSaltelliOutputs(y, 3, 3, 2);
    expect(Array.from(fA)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(Array.from(fB)).toEqual([7, 8, 9, 10, 11, 12]);
    expect(fAB.length).toBe(18);
    expect(fAB.buffer).toBe(y.buffer);
    expect(codeOf(() => splitSaltelliOutputs(y, 3, 2, 2))).toBe('E_LENGTH_MISMATCH');
  });

  it('does not modify its inputs', () => {
    const fA = f(6);
    const fB = f(6, 3).map((v) => v * v);
    const fAB = f(12, 2).map((v) => Math.sin(v));
    const copies = [fA.slice(), fB.slice(), fAB.slice()];
    sobolIndices(fA, fB, fAB, { bootstrap: 30 });
    expect([fA, fB, fAB]).toEqual(copies);
  });
});

/**
 * First-order and total Sobol' sensitivity indices from a Saltelli design, with bootstrap
 * confidence intervals, a convergence check, and many outputs at once.
 *
 * Why: in a composite-index robustness analysis the uncertain factors are construction choices
 * (normalisation method, weights, aggregation, imputation…) and the outputs are each unit's score
 * or rank. S_i says how much of an output's variance factor i explains on its own; ST_i how much it
 * explains including all its interactions; ST_i ≈ 0 means the choice does not matter.
 *
 * Estimators, from the outputs fA_j = f(A_j), fB_j = f(B_j), fAB^(i)_j = f(A_B^(i)_j), j = 1..N
 * (see `saltelliDesign` in sampling.ts):
 *
 *   V   = population variance of the 2N pooled outputs [fA, fB]  (1/(2N))·Σ (y − ȳ)²
 *   V_i  = (1/N) Σ_j fB_j · (fAB^(i)_j − fA_j)                   Saltelli et al. (2010), Table 2 (b)
 *   VT_i = (1/(2N)) Σ_j (fA_j − fAB^(i)_j)²                       Jansen (1999); Saltelli et al. (2010), Table 2 (f)
 *   S_i = V_i / V,   ST_i = VT_i / V
 *
 * This is exactly SALib's `sobol.analyze` (`first_order`, `total_order`: `np.var(np.r_[A, B])`,
 * numpy's default ddof = 0, i.e. the population variance of the pooled 2N outputs). Estimates are
 * not clipped: with small N, S_i can come out slightly negative or S_i > ST_i — that is sampling
 * noise, shown honestly (the bootstrap interval says how much).
 *
 * Constant outputs (every one of the 2N values in [fA, fB] equal, e.g. a unit whose rank never
 * changes): V = 0 and the indices are undefined. They are reported as 0 and flagged in `constant`
 * (SALib also returns 0, with a warning) — nothing varies, so no factor matters.
 *
 * Missing data: a model output that is NaN or ±Infinity is refused (`E_NONFINITE`, naming the run,
 * matrix, row and output): the estimators need every run of a row, and silently dropping rows would
 * bias them whenever failures depend on the factors.
 *
 * Layouts (row-major, `nOut` outputs per run):
 *   fA, fB: N × nOut,  fA[j·nOut + o]
 *   fAB:    k × N × nOut,  fAB[(i·N + j)·nOut + o]   (block i = 0..k−1 holds A_B^(i+1))
 *   results: nOut × k,  first[o·k + i]   (0-based column i is factor i + 1)
 *
 * Cost: O((k + 2)·N·nOut) for the estimates, the same again for the convergence check on N/2 rows,
 * and O(B·(k + 2)·N·nOut) plus O(nOut·k·B log B) for B bootstrap replicates (memory nOut·k·B·2
 * doubles). With many outputs (e.g. 31 provinces × 12 years of ranks) reduce B or run several calls.
 *
 * References: A. Saltelli, P. Annoni, I. Azzini, F. Campolongo, M. Ratto, S. Tarantola (2010)
 * "Variance based sensitivity analysis of model output. Design and estimator for the total
 * sensitivity index", Computer Physics Communications 181:259–270; M. J. W. Jansen (1999)
 * "Analysis of variance designs for model output", Computer Physics Communications 117:35–43;
 * J. Herman & W. Usher (2017) "SALib: An open-source Python library for sensitivity analysis",
 * JOSS 2(9):97. Validated against the analytic indices of the Ishigami function and of a linear
 * model (test/robustness/sobol.test.ts).
 */
import { fail } from '../core/errors.js';
import { Rng } from '../core/rng.js';
import { quantileSorted } from '../kernels/quantile.js';
import { seedFrom } from './sampling.js';

/** Stream key separating bootstrap resamples from other uses of the same seed. */
const BOOTSTRAP_KEY = 0x0b0075a9;

export interface SobolOptions {
  /** Number of outputs per model run (columns of fA, fB, fAB). Default 1. */
  nOut?: number;
  /** Bootstrap replicates B for confidence intervals; 0 switches the bootstrap off. Default 1000. */
  bootstrap?: number;
  /** Confidence level of the percentile intervals, in (0, 1). Default 0.95. */
  level?: number;
  /** Seed (or an Rng a seed is drawn from) for the bootstrap resamples. Default 0. */
  seed?: number | Rng;
  /** Compute the half-sample convergence check. Default true. */
  convergence?: boolean;
}

export interface SobolBootstrap {
  /** Number of replicates B. */
  replicates: number;
  /** Confidence level of the intervals. */
  level: number;
  /** Seed the resamples were drawn from. */
  seed: number;
  /** Percentile interval ends for S (nOut × k): type-7 quantiles (1 − level)/2 and (1 + level)/2 of the replicates. */
  firstLo: Float64Array;
  firstHi: Float64Array;
  /** Percentile interval ends for ST (nOut × k). */
  totalLo: Float64Array;
  totalHi: Float64Array;
  /** Bootstrap standard errors (sample standard deviation of the replicates, n − 1). */
  firstSe: Float64Array;
  totalSe: Float64Array;
}

export interface SobolConvergence {
  /** Rows used for the half-sample estimate, ⌊N/2⌋. */
  halfRows: number;
  /** max over outputs and factors of |S_half − S| and |ST_half − ST|. */
  maxAbsDelta: number;
  /** The same maximum per output (length nOut). */
  perOutput: Float64Array;
}

export interface SobolResult {
  nBase: number;
  k: number;
  nOut: number;
  /** First-order indices S_i, nOut × k: first[o·k + i]. */
  first: Float64Array;
  /** Total indices ST_i, nOut × k. */
  total: Float64Array;
  /** Population variance V of the pooled [fA, fB] per output (length nOut). */
  variance: Float64Array;
  /** 1 where an output is constant over [fA, fB] (indices reported as 0). */
  constant: Uint8Array;
  /** Half-sample convergence check (absent when `convergence: false`). */
  convergence?: SobolConvergence;
  /** Bootstrap intervals (absent when `bootstrap: 0`). */
  bootstrap?: SobolBootstrap;
}

/**
 * Split the outputs of a whole Saltelli design, stored run-major in block order (run r occupies
 * y[r·nOut .. r·nOut + nOut)), into the fA, fB and fAB blocks {@link sobolIndices} takes. The
 * blocks are sub-array views of `y`: no copy. Cost O(1).
 */
export function splitSaltelliOutputs(y: Float64Array, nBase: number, k: number, nOut = 1): { fA: Float64Array; fB: Float64Array; fAB: Float64Array } {
  const block = nBase * nOut;
  if (!Number.isInteger(nBase) || nBase < 1 || !Number.isInteger(k) || k < 1 || !Number.isInteger(nOut) || nOut < 1) {
    fail('E_BAD_OPTION', `splitSaltelliOutputs needs positive integers N, k, nOut (got ${nBase}, ${k}, ${nOut})`, {
      hint: 'take N and k from the design that produced the runs',
    });
  }
  if (y.length !== (k + 2) * block) {
    fail('E_LENGTH_MISMATCH', `expected (k + 2)·N·nOut = ${(k + 2) * block} model outputs, got ${y.length}`, {
      hint: 'run the model once for every run of the design, in run order',
    });
  }
  return { fA: y.subarray(0, block), fB: y.subarray(block, 2 * block), fAB: y.subarray(2 * block) };
}

/**
 * Row indices of bootstrap replicate `replicate`: N draws with replacement from 0..N−1, from the
 * stream `Rng.stream(seed, 0x0b0075a9, replicate)` — so replicate b is the same whichever order (or
 * worker) computes it. Writes into `out` when given (length ≥ N). Cost O(N).
 */
export function bootstrapRows(seed: number, replicate: number, nBase: number, out?: Int32Array): Int32Array {
  const rows = out ?? new Int32Array(nBase);
  Rng.stream(seed, BOOTSTRAP_KEY, replicate).intsInto(nBase, rows.length === nBase ? rows : rows.subarray(0, nBase));
  return rows;
}

interface Work {
  sum: Float64Array;
  ss: Float64Array;
  min: Float64Array;
  max: Float64Array;
  sV: Float64Array;
  sVT: Float64Array;
}

function newWork(nOut: number, k: number): Work {
  return {
    sum: new Float64Array(nOut),
    ss: new Float64Array(nOut),
    min: new Float64Array(nOut),
    max: new Float64Array(nOut),
    sV: new Float64Array(nOut * k),
    sVT: new Float64Array(nOut * k),
  };
}

/**
 * The estimators on n rows: rows[0..n) when `rows` is given (bootstrap), else rows 0..n−1.
 * Writes S, ST (nOut × k) and, when given, V and the constant flags. No allocation.
 */
function estimate(
  fA: Float64Array,
  fB: Float64Array,
  fAB: Float64Array,
  nBase: number,
  nOut: number,
  k: number,
  rows: Int32Array | null,
  n: number,
  S: Float64Array,
  ST: Float64Array,
  V: Float64Array | null,
  constant: Uint8Array | null,
  w: Work,
): void {
  if (nOut === 1) {
    estimate1(fA, fB, fAB, nBase, k, rows, n, S, ST, V, constant, w);
    return;
  }
  const { sum, ss, min, max, sV, sVT } = w;
  sum.fill(0);
  ss.fill(0);
  min.fill(Infinity);
  max.fill(-Infinity);
  sV.fill(0);
  sVT.fill(0);
  // Pass 1: mean and range of the pooled [fA, fB].
  for (let r = 0; r < n; r++) {
    const base = (rows ? rows[r] : r) * nOut;
    for (let o = 0; o < nOut; o++) {
      const a = fA[base + o];
      const b = fB[base + o];
      sum[o] += a + b;
      if (a < min[o]) min[o] = a;
      if (a > max[o]) max[o] = a;
      if (b < min[o]) min[o] = b;
      if (b > max[o]) max[o] = b;
    }
  }
  for (let o = 0; o < nOut; o++) sum[o] /= 2 * n; // now the mean
  // Pass 2: sum of squared deviations (two-pass variance).
  for (let r = 0; r < n; r++) {
    const base = (rows ? rows[r] : r) * nOut;
    for (let o = 0; o < nOut; o++) {
      const m = sum[o];
      const da = fA[base + o] - m;
      const db = fB[base + o] - m;
      ss[o] += da * da + db * db;
    }
  }
  // Pass 3, one factor at a time so fAB is read contiguously.
  for (let i = 0; i < k; i++) {
    const off = i * nBase * nOut;
    for (let r = 0; r < n; r++) {
      const base = (rows ? rows[r] : r) * nOut;
      for (let o = 0; o < nOut; o++) {
        const a = fA[base + o];
        const d = fAB[off + base + o] - a;
        sV[o * k + i] += fB[base + o] * d;
        sVT[o * k + i] += d * d;
      }
    }
  }
  for (let o = 0; o < nOut; o++) {
    const isConst = min[o] === max[o];
    const v = ss[o] / (2 * n);
    if (V) V[o] = isConst ? 0 : v;
    if (constant) constant[o] = isConst ? 1 : 0;
    for (let i = 0; i < k; i++) {
      const c = o * k + i;
      if (isConst) {
        S[c] = 0;
        ST[c] = 0;
      } else {
        S[c] = sV[c] / n / v;
        ST[c] = sVT[c] / (2 * n) / v;
      }
    }
  }
}

/**
 * {@link estimate} for one output (the mean absolute rank shift, bootstrapped 1,000 times): the same
 * sums in the same order — one accumulator per quantity, rows in turn — with the factors' pass 3
 * fused into one pass over the rows (each factor's sums still run over the rows in order), so the
 * results are the same bits. No allocation.
 */
function estimate1(
  fA: Float64Array,
  fB: Float64Array,
  fAB: Float64Array,
  nBase: number,
  k: number,
  rows: Int32Array | null,
  n: number,
  S: Float64Array,
  ST: Float64Array,
  V: Float64Array | null,
  constant: Uint8Array | null,
  w: Work,
): void {
  const { sV, sVT } = w;
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let r = 0; r < n; r++) {
    const j = rows ? rows[r] : r;
    const a = fA[j];
    const b = fB[j];
    sum += a + b;
    if (a < min) min = a;
    if (a > max) max = a;
    if (b < min) min = b;
    if (b > max) max = b;
  }
  const m = sum / (2 * n);
  let ss = 0;
  for (let r = 0; r < n; r++) {
    const j = rows ? rows[r] : r;
    const da = fA[j] - m;
    const db = fB[j] - m;
    ss += da * da + db * db;
  }
  sV.fill(0);
  sVT.fill(0);
  for (let r = 0; r < n; r++) {
    const j = rows ? rows[r] : r;
    const a = fA[j];
    const b = fB[j];
    for (let i = 0, off = j; i < k; i++, off += nBase) {
      const d = fAB[off] - a;
      sV[i] += b * d;
      sVT[i] += d * d;
    }
  }
  const isConst = min === max;
  const v = ss / (2 * n);
  if (V) V[0] = isConst ? 0 : v;
  if (constant) constant[0] = isConst ? 1 : 0;
  for (let i = 0; i < k; i++) {
    S[i] = isConst ? 0 : sV[i] / n / v;
    ST[i] = isConst ? 0 : sVT[i] / (2 * n) / v;
  }
}

const MATRIX_NAME = (m: number): string => (m === 0 ? 'A' : m === 1 ? 'B' : `A_B^(${m - 1})`);

function checkFinite(f: Float64Array, matrixOffset: number, nBase: number, nOut: number): void {
  for (let p = 0; p < f.length; p++) {
    const v = f[p];
    if (v - v !== 0) {
      const o = p % nOut;
      const rowInBlock = Math.floor(p / nOut);
      const matrix = matrixOffset + Math.floor(rowInBlock / nBase);
      const row = rowInBlock % nBase;
      fail(
        'E_NONFINITE',
        `model output ${o} is ${v} in run ${matrix * nBase + row} (matrix ${MATRIX_NAME(matrix)}, row ${row}; runs, rows and outputs count from 0, factors from 1)`,
        {
          hint: 'Sobol indices need a finite output for every run; make the model return a value for every choice (e.g. keep every unit) or drop that output',
          data: { run: matrix * nBase + row, matrix, row, output: o },
        },
      );
    }
  }
}

/**
 * First-order (Saltelli 2010) and total (Jansen) Sobol' indices of `nOut` outputs from the runs of
 * a Saltelli design, with bootstrap percentile intervals and a half-sample convergence check. See
 * the module comment for the formulas, layouts, missing-data rule and cost.
 *
 * @param fA outputs on the rows of A, N × nOut
 * @param fB outputs on the rows of B, N × nOut
 * @param fAB outputs on A_B^(i), k × N × nOut (k is inferred from its length)
 *
 * @example
 * const d = saltelliDesign(4096, 3, 1);
 * const y = new Float64Array(d.nRuns); const x = new Float64Array(3);
 * for (let r = 0; r < d.nRuns; r++) y[r] = model(designPoint(d, r, x));
 * const { fA, fB, fAB } = splitSaltelliOutputs(y, d.nBase, d.k);
 * const res = sobolIndices(fA, fB, fAB, { seed: 7 });   // res.first, res.total, res.bootstrap
 */
export function sobolIndices(fA: Float64Array, fB: Float64Array, fAB: Float64Array, options: SobolOptions = {}): SobolResult {
  const nOut = options.nOut ?? 1;
  const B = options.bootstrap ?? 1000;
  const level = options.level ?? 0.95;
  const wantConvergence = options.convergence ?? true;
  if (!Number.isInteger(nOut) || nOut < 1) {
    fail('E_BAD_OPTION', `nOut must be a positive integer, got ${nOut}`, { hint: 'nOut is the number of outputs per run' });
  }
  if (!Number.isInteger(B) || B < 0 || B === 1) {
    fail('E_BAD_OPTION', `bootstrap replicates must be 0 (off) or an integer ≥ 2, got ${B}`, {
      hint: 'the default, 1000, is enough for 95 % percentile intervals',
    });
  }
  if (!(level > 0 && level < 1)) {
    fail('E_BAD_OPTION', `confidence level must lie in (0, 1), got ${level}`, { hint: 'give it as a fraction, e.g. 0.95' });
  }
  if (fA.length % nOut !== 0 || fA.length === 0) {
    fail('E_LENGTH_MISMATCH', `fA has ${fA.length} values, not a positive multiple of nOut = ${nOut}`, {
      hint: 'fA is N × nOut, row-major',
    });
  }
  const nBase = fA.length / nOut;
  if (nBase < 2) {
    fail('E_TOO_FEW', `Sobol indices need at least 2 base samples, got N = ${nBase}`, {
      hint: 'use N in the hundreds or thousands; the error falls like 1/√N',
    });
  }
  if (fB.length !== fA.length) {
    fail('E_LENGTH_MISMATCH', `fB has ${fB.length} values, fA has ${fA.length}`, { hint: 'fA and fB are both N × nOut' });
  }
  const block = nBase * nOut;
  if (fAB.length === 0 || fAB.length % block !== 0) {
    fail('E_LENGTH_MISMATCH', `fAB has ${fAB.length} values, not a positive multiple of N·nOut = ${block}`, {
      hint: 'fAB is k × N × nOut: the outputs on A_B^(1), …, A_B^(k), one block after another',
    });
  }
  const k = fAB.length / block;
  checkFinite(fA, 0, nBase, nOut);
  checkFinite(fB, 1, nBase, nOut);
  checkFinite(fAB, 2, nBase, nOut);

  const w = newWork(nOut, k);
  const first = new Float64Array(nOut * k);
  const total = new Float64Array(nOut * k);
  const variance = new Float64Array(nOut);
  const constant = new Uint8Array(nOut);
  estimate(fA, fB, fAB, nBase, nOut, k, null, nBase, first, total, variance, constant, w);
  const result: SobolResult = { nBase, k, nOut, first, total, variance, constant };

  const tmpS = new Float64Array(nOut * k);
  const tmpST = new Float64Array(nOut * k);

  if (wantConvergence) {
    const half = Math.floor(nBase / 2);
    estimate(fA, fB, fAB, nBase, nOut, k, null, half, tmpS, tmpST, null, null, w);
    const perOutput = new Float64Array(nOut);
    let maxAbsDelta = 0;
    for (let o = 0; o < nOut; o++) {
      let m = 0;
      for (let i = 0; i < k; i++) {
        const c = o * k + i;
        m = Math.max(m, Math.abs(tmpS[c] - first[c]), Math.abs(tmpST[c] - total[c]));
      }
      perOutput[o] = m;
      if (m > maxAbsDelta) maxAbsDelta = m;
    }
    result.convergence = { halfRows: half, maxAbsDelta, perOutput };
  }

  if (B > 0) {
    const seed = seedFrom(options.seed ?? 0);
    const nc = nOut * k;
    const bootS = new Float64Array(nc * B);
    const bootST = new Float64Array(nc * B);
    const rows = new Int32Array(nBase);
    for (let b = 0; b < B; b++) {
      bootstrapRows(seed, b, nBase, rows);
      estimate(fA, fB, fAB, nBase, nOut, k, rows, nBase, tmpS, tmpST, null, null, w);
      for (let c = 0; c < nc; c++) {
        bootS[c * B + b] = tmpS[c];
        bootST[c * B + b] = tmpST[c];
      }
    }
    const pLo = (1 - level) / 2;
    const pHi = 1 - pLo;
    const firstLo = new Float64Array(nc);
    const firstHi = new Float64Array(nc);
    const totalLo = new Float64Array(nc);
    const totalHi = new Float64Array(nc);
    const firstSe = new Float64Array(nc);
    const totalSe = new Float64Array(nc);
    for (let c = 0; c < nc; c++) {
      const s = bootS.subarray(c * B, c * B + B);
      const t = bootST.subarray(c * B, c * B + B);
      firstSe[c] = sampleSd(s);
      totalSe[c] = sampleSd(t);
      s.sort();
      t.sort();
      firstLo[c] = quantileSorted(s, pLo);
      firstHi[c] = quantileSorted(s, pHi);
      totalLo[c] = quantileSorted(t, pLo);
      totalHi[c] = quantileSorted(t, pHi);
    }
    result.bootstrap = { replicates: B, level, seed, firstLo, firstHi, totalLo, totalHi, firstSe, totalSe };
  }
  return result;
}

/** Two-pass sample standard deviation (n − 1) of a finite array with n ≥ 2. */
function sampleSd(x: Float64Array): number {
  const n = x.length;
  let m = 0;
  for (let i = 0; i < n; i++) m += x[i];
  m /= n;
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const d = x[i] - m;
    ss += d * d;
  }
  return Math.sqrt(ss / (n - 1));
}

/**
 * Saltelli's sampling scheme for variance-based sensitivity analysis, and maps from a unit uniform
 * to the kinds of uncertain input a composite-index robustness analysis perturbs (a discrete choice
 * of method, a continuous weight, an integer such as a winsorisation limit).
 *
 * The scheme (Saltelli 2002; Saltelli et al. 2010, §3): draw two independent N × k matrices A and B
 * of points in the unit hypercube [0, 1)^k and build, for each factor i = 1..k, the matrix
 * A_B^(i) — A with its column i taken from B. The model is run on the rows of A, B and the k
 * matrices A_B^(i): (k + 2)·N runs. `sobolIndices` (sobol.ts) turns those outputs into
 * first-order and total Sobol' indices.
 *
 * Points: plain pseudo-random uniforms from {@link Rng}, not a (scrambled) Sobol' low-discrepancy
 * sequence. Pseudo-random points keep the estimators exactly unbiased, make bootstrap confidence
 * intervals valid as they stand, and let N be any integer (Sobol' sequences want powers of two);
 * the price is slower convergence (error ∝ N^−½ rather than close to N^−1). Row j of A and B comes
 * from its own stream `Rng.stream(seed, 0x5a17e111, j)` (the first k draws fill A's row, the next k
 * B's row), so the design does not depend on the order rows are generated in and is **nested**:
 * the first N rows of a design with N' > N base rows are exactly the design with N rows.
 *
 * Compact representation: only A and B are stored (2·N·k doubles); a row of A_B^(i) is assembled
 * on request by {@link designPoint}. Runs are numbered in **block order**
 *
 *   run r ↦ (matrix m = ⌊r / N⌋, row j = r mod N),   m = 0: A,  m = 1: B,  m = 1 + i: A_B^(i)
 *
 * with factors numbered i = 1..k as in the formulas (array columns are 0-based, so A_B^(i) takes
 * column i − 1 from B). Rows j are 0-based.
 * so the model outputs of a whole design, stored run-major, split into the fA, fB and fAB blocks
 * that `sobolIndices` takes by plain sub-array views (see `splitSaltelliOutputs`).
 *
 * References: A. Saltelli (2002) "Making best use of model evaluations to compute sensitivity
 * indices", Computer Physics Communications 145:280–297; A. Saltelli, P. Annoni, I. Azzini,
 * F. Campolongo, M. Ratto, S. Tarantola (2010) "Variance based sensitivity analysis of model
 * output. Design and estimator for the total sensitivity index", Computer Physics Communications
 * 181:259–270.
 */
import { fail } from '../core/errors.js';
import { Rng } from '../core/rng.js';

/** Stream key that separates Saltelli design rows from other uses of the same seed. */
const SALTELLI_KEY = 0x5a17e111;

/** A Saltelli design: matrices A and B, row-major N × k, in [0, 1). */
export interface SaltelliDesign {
  /** N, the number of base samples (rows of A and B). */
  readonly nBase: number;
  /** k, the number of uncertain factors (columns). */
  readonly k: number;
  /** Total number of model runs, (k + 2)·N. */
  readonly nRuns: number;
  /** The seed the rows were generated from (for the run record). */
  readonly seed: number;
  /** Matrix A, row-major N × k: A[j·k + c]. */
  readonly a: Float64Array;
  /** Matrix B, row-major N × k. */
  readonly b: Float64Array;
}

/** Where a run number points: `matrix` 0 = A, 1 = B, 1 + i = A_B^(i) for factor i = 1..k; `row` 0-based. */
export interface RunLocation {
  matrix: number;
  row: number;
}

function checkPositiveInt(x: number, what: string, hint: string): void {
  if (!Number.isInteger(x) || x < 1) {
    fail('E_BAD_OPTION', `${what} must be a positive integer, got ${x}`, { hint });
  }
}

/**
 * A seed from either a number (used as is) or a generator (two 32-bit draws combined into a 53-bit
 * integer, so a caller's Rng can hand out designs without sharing state with them).
 */
export function seedFrom(rngOrSeed: Rng | number): number {
  if (typeof rngOrSeed === 'number') {
    if (!Number.isSafeInteger(rngOrSeed)) {
      fail('E_BAD_OPTION', `seed must be a safe integer, got ${rngOrSeed}`, {
        hint: 'use a whole number such as 20240601',
      });
    }
    return rngOrSeed;
  }
  return (rngOrSeed.nextU32() >>> 11) * 4294967296 + rngOrSeed.nextU32();
}

/**
 * Saltelli's (k + 2)·N design: matrices A and B (N × k, uniform on [0, 1)), with the k matrices
 * A_B^(i) implicit (see the module comment for the run numbering).
 *
 * @param nBase N, the number of base samples (≥ 2; Saltelli et al. suggest N in the hundreds to
 *   thousands — the estimators' error falls like N^−½)
 * @param k number of uncertain factors (≥ 1)
 * @param rngOrSeed a seed (safe integer) or an {@link Rng} a seed is drawn from
 *
 * Cost O(N·k) time, 2·N·k doubles of memory.
 *
 * @example
 * const d = saltelliDesign(1000, 3, 42);   // 5000 runs
 * const x = new Float64Array(3);
 * for (let r = 0; r < d.nRuns; r++) { designPoint(d, r, x); y[r] = model(x); }
 */
export function saltelliDesign(nBase: number, k: number, rngOrSeed: Rng | number): SaltelliDesign {
  if (!Number.isInteger(nBase) || nBase < 2) {
    fail('E_BAD_OPTION', `number of base samples N must be at least 2, got ${nBase}`, {
      hint: 'the Saltelli design needs N ≥ 2 rows; try 1000 or more',
    });
  }
  checkPositiveInt(k, 'number of factors k', 'give at least one uncertain factor');
  const seed = seedFrom(rngOrSeed);
  const a = new Float64Array(nBase * k);
  const b = new Float64Array(nBase * k);
  for (let j = 0; j < nBase; j++) {
    const rng = Rng.stream(seed, SALTELLI_KEY, j);
    const base = j * k;
    for (let c = 0; c < k; c++) a[base + c] = rng.uniform();
    for (let c = 0; c < k; c++) b[base + c] = rng.uniform();
  }
  return { nBase, k, nRuns: (k + 2) * nBase, seed, a, b };
}

/** Run number → (matrix, row) in block order. Throws for a run outside 0..nRuns−1. Cost O(1). */
export function runLocation(design: Pick<SaltelliDesign, 'nBase' | 'nRuns'>, run: number): RunLocation {
  if (!Number.isInteger(run) || run < 0 || run >= design.nRuns) {
    fail('E_BAD_INPUT', `run number ${run} is outside the design (0..${design.nRuns - 1})`, {
      hint: 'runs are numbered 0..(k + 2)·N − 1',
    });
  }
  return { matrix: Math.floor(run / design.nBase), row: run % design.nBase };
}

/** The run number of (matrix, row): matrix·N + row (inverse of {@link runLocation}). */
export function runNumber(design: Pick<SaltelliDesign, 'nBase'>, matrix: number, row: number): number {
  return matrix * design.nBase + row;
}

/**
 * Write the k coordinates of run `run` into `out` (length ≥ k) and return it: row j of A (matrix
 * 0), of B (matrix 1), or of A_B^(i) (matrix 1 + i: A's row with 0-based column i − 1 from B).
 * Cost O(k), no allocation.
 */
export function designPoint(design: SaltelliDesign, run: number, out: Float64Array): Float64Array {
  const { matrix, row } = runLocation(design, run);
  const k = design.k;
  if (out.length < k) {
    fail('E_BAD_INPUT', `output buffer has length ${out.length}, the design has k = ${k} factors`, {
      hint: 'pass a Float64Array of length k',
    });
  }
  const base = row * k;
  const src = matrix === 1 ? design.b : design.a;
  for (let c = 0; c < k; c++) out[c] = src[base + c];
  if (matrix >= 2) {
    const i = matrix - 2;
    out[i] = design.b[base + i];
  }
  return out;
}

/**
 * All (k + 2)·N design points as one row-major ((k + 2)·N) × k matrix, in run order. Convenient for
 * small designs and for handing the points to another tool; memory (k + 2)·N·k doubles.
 */
export function designMatrix(design: SaltelliDesign): Float64Array {
  const { k, nRuns } = design;
  const out = new Float64Array(nRuns * k);
  for (let r = 0; r < nRuns; r++) designPoint(design, r, out.subarray(r * k, r * k + k));
  return out;
}

/**
 * A discrete choice among `m` alternatives from a unit uniform: ⌊u·m⌋, clamped to 0..m−1 (so
 * u = 1, or rounding just below it, still gives a valid index). Each alternative gets probability
 * 1/m when u is uniform on [0, 1). Cost O(1).
 *
 * @example uniformToChoice(0.5, 3) // 1 (the second of three normalisation methods)
 */
export function uniformToChoice(u: number, m: number): number {
  if (!Number.isInteger(m) || m < 1) {
    fail('E_BAD_OPTION', `number of alternatives must be a positive integer, got ${m}`, {
      hint: 'list at least one alternative for a discrete uncertain choice',
    });
  }
  checkUnit(u);
  const c = Math.floor(u * m);
  return c < 0 ? 0 : c >= m ? m - 1 : c;
}

/**
 * A continuous uniform on [lo, hi] from a unit uniform: lo + u·(hi − lo). `lo === hi` gives that
 * constant. Cost O(1).
 *
 * @example uniformToRange(0.25, 0.8, 1.2) // 0.9 (a weight scaled by ±20 %)
 */
export function uniformToRange(u: number, lo: number, hi: number): number {
  if (!Number.isFinite(lo) || !Number.isFinite(hi) || hi < lo) {
    fail('E_BAD_OPTION', `uniform range needs finite lo ≤ hi, got [${lo}, ${hi}]`, {
      hint: 'give the range as [low, high]',
    });
  }
  checkUnit(u);
  return lo + u * (hi - lo);
}

/**
 * An integer uniform on {a, a + 1, …, b} from a unit uniform: a + ⌊u·(b − a + 1)⌋, clamped to b.
 * Cost O(1).
 *
 * @example uniformToInt(0.99, 1, 5) // 5 (e.g. a winsorisation limit between 1 and 5)
 */
export function uniformToInt(u: number, a: number, b: number): number {
  if (!Number.isSafeInteger(a) || !Number.isSafeInteger(b) || b < a) {
    fail('E_BAD_OPTION', `integer range needs whole numbers a ≤ b, got {${a}..${b}}`, {
      hint: 'give the range as [low, high] with integer ends',
    });
  }
  return a + uniformToChoice(u, b - a + 1);
}

function checkUnit(u: number): void {
  if (!(u >= 0 && u <= 1)) {
    fail('E_BAD_INPUT', `expected a unit uniform in [0, 1], got ${u}`, {
      hint: 'map design points (which lie in [0, 1)) rather than raw values',
    });
  }
}

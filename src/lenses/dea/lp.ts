/**
 * The LP solver of the efficiency (DEA) lens: HiGHS 1.15 (Huangfu & Hall 2018, "Parallelizing the dual revised simplex
 * method", Math. Prog. Comp. 10:119–142) compiled to WebAssembly, the npm package `highs`. No home-made simplex.
 *
 * Loading is asynchronous (the WebAssembly module is compiled once): call {@link loadSolver} once — it is idempotent
 * and shares one promise between callers — and every {@link solveLp} after that is synchronous. Calling
 * {@link solveLp} before the solver is loaded fails with `E_DEA_LP` (hint: `await loadSolver()`). The `highs` package
 * is imported lazily, so modules that never solve an LP do not load the WebAssembly.
 *
 * One persistent HiGHS instance is reused for every LP (`passModel` replaces the model; options stay). The DEA kernels
 * go further ({@link LpSession}, {@link WarmLp}): one model per kernel call, changed in place between DMUs (only the
 * evaluated DMU's column, right-hand sides, costs and bounds differ), so every solve warm-starts from the previous
 * optimal basis — 1.9–2.4× faster than a `passModel` per LP at 300 DMUs (bench/dea.ts, two runs). The WebAssembly build is
 * single threaded; parallelism is across workers, each with its own instance.
 *
 * Tolerances (stated in every result as {@link SOLVER_OPTIONS}): the dual revised simplex (`solver: "simplex"`,
 * presolve off) with primal and dual feasibility tolerances and the optimality tolerance tightened from HiGHS's
 * defaults (1e-7) to its minimum, 1e-10. Optimal DEA LPs are then basic solutions computed by an LU factorisation,
 * so scores agree with an independent solver to about 1e-12 relative on well-scaled data (the tests ask for 1e-9).
 */
import type { Highs, Model } from 'highs';
import { fail } from '../../core/errors.js';

/** HiGHS options used for every LP (see the module comment). */
export const SOLVER_OPTIONS = {
  output_flag: false,
  solver: 'simplex',
  presolve: 'off',
  primal_feasibility_tolerance: 1e-10,
  dual_feasibility_tolerance: 1e-10,
  optimality_tolerance: 1e-10,
} as const;

/**
 * A linear program in row form: optimise `cost·x` subject to `rowLower ≤ A x ≤ rowUpper` and
 * `colLower ≤ x ≤ colUpper`. `A` is dense, row-major, `numRows × numCols` (DEA LPs are small and dense); zeros are
 * dropped when the sparse matrix is built. Use ±Infinity for absent bounds.
 */
export interface LinearProgram {
  sense: 'min' | 'max';
  numCols: number;
  numRows: number;
  cost: Float64Array;
  colLower: Float64Array;
  colUpper: Float64Array;
  A: Float64Array;
  rowLower: Float64Array;
  rowUpper: Float64Array;
}

/** Outcome of one LP. Values are meaningful only when `status` is `optimal`. */
export type LpStatus = 'optimal' | 'infeasible' | 'unbounded' | 'failed';

export interface LpSolution {
  status: LpStatus;
  /** HiGHS model-status code (7 optimal, 8 infeasible, 9 unbounded or infeasible, 10 unbounded, …). */
  statusCode: number;
  objective: number;
  /** Primal column values (length numCols). */
  x: Float64Array;
  /** Row duals (length numRows): ∂objective/∂(row bound), HiGHS's sign convention. */
  rowDual: Float64Array;
  /** Reduced costs (length numCols). */
  colDual: Float64Array;
}

let highs: Highs | undefined;
let model: Model | undefined;
let loading: Promise<void> | undefined;

/**
 * Load the HiGHS WebAssembly module (once; later calls return the same promise). Must be awaited before
 * {@link solveLp}. Example: `await loadSolver(); const r = ccr(data, {...});`.
 */
export function loadSolver(): Promise<void> {
  if (model) return Promise.resolve();
  loading ??= (async () => {
    try {
      // The ESM entry's default export is the loader; the CommonJS typings see it one level down.
      type Loader = () => Promise<Highs>;
      const mod = (await import('highs')) as unknown as { default: Loader | { default: Loader } };
      const loader = typeof mod.default === 'function' ? mod.default : mod.default.default;
      const h = await loader();
      const m = h.createModel();
      m.options.set({ ...SOLVER_OPTIONS });
      highs = h;
      model = m;
    } catch (e) {
      loading = undefined;
      fail('E_DEA_LP', `the LP solver (HiGHS, npm package "highs") could not be loaded: ${e instanceof Error ? e.message : String(e)}`, {
        hint: 'reinstall the dependencies (npm install) so that node_modules/highs/build/highs.wasm exists',
      });
    }
  })();
  return loading;
}

/** Whether {@link loadSolver} has completed. */
export function solverLoaded(): boolean {
  return model !== undefined;
}

/** Version string of the loaded HiGHS build (e.g. "1.15.1"), or undefined before {@link loadSolver}. */
export function solverVersion(): string | undefined {
  return highs?.version.string;
}

/**
 * Solve one LP synchronously with the loaded HiGHS instance. Cost: one dense-to-CSR pass over A plus the simplex.
 * Throws `E_DEA_LP` when the solver is not loaded or HiGHS reports an error; an infeasible or unbounded LP is a
 * status, not an error (the caller decides what it means for its DMU).
 */
export function solveLp(lp: LinearProgram): LpSolution {
  pass(lp);
  return runModel(lp.numRows, lp.numCols);
}

/** Times a model was passed to HiGHS: an {@link LpSession} is valid while this is the count it started with. */
let generation = 0;

/** Pass `lp` to the persistent HiGHS model (its basis is discarded). */
function pass(lp: LinearProgram): void {
  if (!model || !highs) {
    fail('E_DEA_LP', 'the LP solver is not loaded', { hint: 'call `await loadSolver()` (src/lenses/dea/lp.ts) once before solving' });
  }
  generation++;
  const { numRows, numCols, A } = lp;
  if (A.length !== numRows * numCols) fail('E_INTERNAL', `LP matrix has ${A.length} entries, expected ${numRows} × ${numCols}`);
  const starts = new Int32Array(numRows + 1);
  let nnz = 0;
  for (let k = 0; k < A.length; k++) if (A[k] !== 0) nnz++;
  const indices = new Int32Array(nnz);
  const values = new Float64Array(nnz);
  let p = 0;
  for (let i = 0; i < numRows; i++) {
    starts[i] = p;
    for (let j = 0; j < numCols; j++) {
      const v = A[i * numCols + j];
      if (v !== 0) {
        indices[p] = j;
        values[p++] = v;
      }
    }
  }
  starts[numRows] = p;
  const inf = highs.infinity;
  const clip = (a: Float64Array) => a.map((v) => (v === Infinity ? inf : v === -Infinity ? -inf : v));
  try {
    model.passModel({
      numCols,
      numRows,
      sense: lp.sense === 'max' ? highs.constants.objectiveSense.maximize : highs.constants.objectiveSense.minimize,
      colCost: lp.cost,
      colLower: clip(lp.colLower),
      colUpper: clip(lp.colUpper),
      rowLower: clip(lp.rowLower),
      rowUpper: clip(lp.rowUpper),
      matrix: { format: 'csr', numRows, numCols, starts, indices, values },
    });
  } catch (e) {
    fail('E_DEA_LP', `HiGHS failed on an LP of ${numRows} rows × ${numCols} columns: ${e instanceof Error ? e.message : String(e)}`, {
      hint: 'check the data for extreme magnitudes (rescale variables to comparable units) and report the case if it persists',
    });
  }
}

const EMPTY = new Float64Array(0);
let solved = 0;
/** LPs solved by this thread's HiGHS instance so far (for benchmarks: LPs per model). */
export function lpCount(): number {
  return solved;
}

/**
 * Run the simplex on the model HiGHS holds (from its current basis) and read the solution — or, with `withSolution`
 * false, only the status and objective (`x`, `rowDual`, `colDual` then empty: copying them out of HiGHS is a fixed
 * cost per LP that a caller needing only the optimum, such as a distance function of GML, need not pay).
 */
function runModel(numRows: number, numCols: number, withSolution = true): LpSolution {
  if (!model) fail('E_DEA_LP', 'the LP solver is not loaded', { hint: 'call `await loadSolver()` once before solving' });
  solved++;
  try {
    const run = model.run();
    const code = run.modelStatus;
    const status: LpStatus = code === 7 ? 'optimal' : code === 8 ? 'infeasible' : code === 10 || code === 9 ? 'unbounded' : 'failed';
    if (status !== 'optimal') {
      return {
        status,
        statusCode: code,
        objective: NaN,
        x: new Float64Array(numCols).fill(NaN),
        rowDual: new Float64Array(numRows),
        colDual: new Float64Array(numCols),
      };
    }
    if (!withSolution) return { status, statusCode: code, objective: model.getObjectiveValue(), x: EMPTY, rowDual: EMPTY, colDual: EMPTY };
    const sol = model.getSolution();
    return { status, statusCode: code, objective: model.getObjectiveValue(), x: sol.colValue, rowDual: sol.rowDual, colDual: sol.colDual };
  } catch (e) {
    fail('E_DEA_LP', `HiGHS failed on an LP of ${numRows} rows × ${numCols} columns: ${e instanceof Error ? e.message : String(e)}`, {
      hint: 'check the data for extreme magnitudes (rescale variables to comparable units) and report the case if it persists',
    });
  }
}

const bound = (v: number): number => (!highs ? v : v === Infinity ? highs.infinity : v === -Infinity ? -highs.infinity : v);

/**
 * An LP kept inside HiGHS between solves, changed in place: the DEA kernels pass one LP per model and change only
 * what differs between the DMUs evaluated (the column of the evaluated DMU's data, the right-hand sides, the
 * objective), so each solve starts from the previous optimal basis (a warm start) and no model is rebuilt. One
 * session at a time: a later session or {@link solveLp} replaces the model, and the earlier session then refuses
 * with `E_INTERNAL` instead of solving the wrong LP.
 *
 * Example: `const ss = new LpSession(lp); ss.setCoefficient(0, 0, -x[o]); ss.setRowBounds(1, y[o], y[o]); ss.solve()`.
 */
export class LpSession {
  readonly numRows: number;
  readonly numCols: number;
  private readonly gen: number;
  constructor(lp: LinearProgram) {
    pass(lp);
    this.gen = generation;
    this.numRows = lp.numRows;
    this.numCols = lp.numCols;
  }
  private live(): NonNullable<typeof model> {
    if (!model || this.gen !== generation) fail('E_INTERNAL', 'an LP session was used after another model replaced it');
    return model;
  }
  /** Set one matrix coefficient (0 removes it). */
  setCoefficient(row: number, col: number, value: number): void {
    this.live().changeCoefficient(row, col, value);
  }
  setRowBounds(row: number, lower: number, upper: number): void {
    this.live().changeRowBounds(row, bound(lower), bound(upper));
  }
  setColBounds(col: number, lower: number, upper: number): void {
    this.live().changeColBounds(col, bound(lower), bound(upper));
  }
  setCost(col: number, cost: number): void {
    this.live().changeColCost(col, cost);
  }
  setSense(sense: 'min' | 'max'): void {
    if (!highs) return;
    this.live().changeObjectiveSense(sense === 'max' ? highs.constants.objectiveSense.maximize : highs.constants.objectiveSense.minimize);
  }
  /** Solve from the current basis; statuses as {@link solveLp}. */
  solve(): LpSolution {
    this.live();
    return runModel(this.numRows, this.numCols);
  }
  /** {@link solve} without reading the primal and dual values (`x`, `rowDual`, `colDual` empty): status and objective only. */
  solveObjective(): LpSolution {
    this.live();
    return runModel(this.numRows, this.numCols, false);
  }
}

/**
 * Solve a sequence of LPs of one shape warm: the first is passed to HiGHS, each later one is compared with the
 * previous entry by entry and only the differences (matrix coefficients, bounds, costs, sense) are changed in
 * place, so the simplex starts from the previous optimal basis. The DEA kernels build each DMU's LP as before and
 * call `warm.solve(lp)` instead of {@link solveLp}; the comparison costs O(rows × columns) in JavaScript, small
 * beside a solve. Another model passed meanwhile (a later session, `solveLp`) is noticed and the LP is passed anew.
 */
export class WarmLp {
  private last: LinearProgram | undefined;
  private gen = -1;
  solve(lp: LinearProgram): LpSolution {
    const prev = this.last;
    if (!prev || this.gen !== generation || prev.numRows !== lp.numRows || prev.numCols !== lp.numCols) {
      pass(lp);
      this.gen = generation;
    } else {
      const mdl = model;
      if (!mdl || !highs) fail('E_DEA_LP', 'the LP solver is not loaded', { hint: 'call `await loadSolver()` once before solving' });
      const { numRows, numCols } = lp;
      if (prev.sense !== lp.sense)
        mdl.changeObjectiveSense(lp.sense === 'max' ? highs.constants.objectiveSense.maximize : highs.constants.objectiveSense.minimize);
      for (let j = 0; j < numCols; j++) {
        if (prev.cost[j] !== lp.cost[j]) mdl.changeColCost(j, lp.cost[j]);
        if (prev.colLower[j] !== lp.colLower[j] || prev.colUpper[j] !== lp.colUpper[j]) mdl.changeColBounds(j, bound(lp.colLower[j]), bound(lp.colUpper[j]));
      }
      for (let i = 0; i < numRows; i++) {
        if (prev.rowLower[i] !== lp.rowLower[i] || prev.rowUpper[i] !== lp.rowUpper[i]) mdl.changeRowBounds(i, bound(lp.rowLower[i]), bound(lp.rowUpper[i]));
        for (let j = 0, k = i * numCols; j < numCols; j++, k++) if (prev.A[k] !== lp.A[k]) mdl.changeCoefficient(i, j, lp.A[k]);
      }
    }
    this.last = {
      ...lp,
      cost: lp.cost.slice(),
      colLower: lp.colLower.slice(),
      colUpper: lp.colUpper.slice(),
      A: lp.A.slice(),
      rowLower: lp.rowLower.slice(),
      rowUpper: lp.rowUpper.slice(),
    };
    return runModel(lp.numRows, lp.numCols);
  }
}

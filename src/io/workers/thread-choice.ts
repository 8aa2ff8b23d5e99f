/**
 * How many threads the robustness analysis uses when the user did not say (`--workers` absent): a
 * pure function of the job and the machine, so it can be tested without timing anything. The
 * caller measures the inputs: the per-replication cost and the warm-up from the first chunks run on
 * the main thread, the engine build time, and the cores and load of the machine (read in app/).
 *
 * Rule (docs/methods.md, "Workers"):
 *   - threads that may run at all: round(cores − load), at least 1, at most `max` — on a busy
 *     machine (load ≥ cores − 0.5) that is 1, so the analysis never oversubscribes the cores;
 *   - with W = runs × perRunMs the remaining work and S = startupMs what one worker costs before its
 *     first useful replication (module loading, engine build, JIT warm-up), t threads take about
 *     S + (W − S)/t (the main thread keeps working while workers start). t threads are chosen only
 *     when W ≥ (t + 1)·S, i.e. when they save at least a third of the time at t = 2: the largest
 *     such t, else 1. Below 3·S the default is one thread.
 */

export interface ThreadChoiceInput {
  /** Replications still to run. */
  runs: number;
  /** Measured cost of one warm replication on this thread (ms). */
  perRunMs: number;
  /** Cost of one worker before its first useful replication (ms). */
  startupMs: number;
  /** Available cores (`os.availableParallelism()`). */
  cores: number;
  /** Runnable processes besides this run (`os.loadavg()[0]`). */
  load: number;
  /** Most threads allowed (a server limit); default: cores. */
  max?: number;
}

export function chooseThreads(j: ThreadChoiceInput): number {
  const free = Number.isFinite(j.load) && j.load > 0 ? Math.round(j.cores - j.load) : Math.floor(j.cores);
  const cap = Math.max(1, Math.min(free, Math.floor(j.max ?? j.cores)));
  if (cap === 1 || !(j.runs > 0) || !(j.perRunMs > 0)) return 1;
  const work = j.runs * j.perRunMs;
  const startup = Math.max(j.startupMs, 1e-9);
  return Math.max(1, Math.min(cap, Math.floor(work / startup) - 1));
}

/**
 * What a worker costs to start beyond what the main thread measures (engine build and warm-up are
 * measured there and added): loading the worker's modules from the compiled package, ≈ 0.15–0.3 s
 * on a quiet 2-core machine, 0.5–0.8 s at load 11.
 */
export const WORKER_MODULE_LOAD_MS = 250;

/** Replications from which a run starts robustness workers as soon as its spec is read, when cores are idle ({@link prestartThreads}). */
export const PRESTART_MIN_RUNS = 2000;

/**
 * Replications × data cells from which a run starts robustness workers as soon as its data are read, when cores are
 * idle ({@link prestartThreads} with `cells`): a replication costs ≈ 3 ns a cell on a large panel (50,000 units × 15
 * periods × 40 indicators: ≈ 85 ms), so 5 · 10^8 is ≈ 1.5 s of replications, several times a worker's start-up.
 */
export const PRESTART_MIN_CELL_RUNS = 5e8;

export interface PrestartInput {
  /** Replications the spec asks for (uncertainty + sensitivity runs). */
  runs: number;
  /** Cells of the data (units × periods × indicators), once they are read: a job of few replications of a large panel qualifies too. */
  cells?: number;
  /** Available cores. */
  cores: number;
  /** Threads running now besides this run's own (e.g. /proc/loadavg's running count minus this thread and its figures worker). */
  busy: number;
  /** Most threads allowed (a server limit); default: cores. */
  max?: number;
}

/**
 * Robustness workers to start when the spec is read, before any replication cost is measured (the
 * user gave no `--workers`): their modules load on an idle core while this thread reads the data,
 * so they are ready when the replications begin instead of a module load later. One per core idle
 * now beyond this thread (cores − busy − 1, within `max` − 1), for a job of at least
 * {@link PRESTART_MIN_RUNS} replications or (given `cells`) at least {@link PRESTART_MIN_CELL_RUNS}
 * replications × cells; none on a busy machine or for a small job, which then runs as before
 * (chooseThreads may still add workers once the cost is measured).
 */
export function prestartThreads(j: PrestartInput): number {
  if (!(j.runs >= PRESTART_MIN_RUNS) && !(j.runs * (j.cells ?? 0) >= PRESTART_MIN_CELL_RUNS)) return 0;
  const idle = Math.floor(j.cores - Math.max(0, j.busy)) - 1;
  return Math.max(0, Math.min(idle, Math.floor(j.max ?? j.cores) - 1));
}

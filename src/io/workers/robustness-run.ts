/**
 * Run a spec's robustness section: uncertainty analysis (N Monte Carlo replications), Saltelli
 * sensitivity analysis, leave-one-indicator-out and method comparison. Replications run on this
 * thread and, with `workers` above 1 (exactly that many threads) or when the measured job pays for
 * them ({@link chooseThreads}, without `workers`), in worker threads; every replication has its own
 * seeded stream, so results are byte-identical for any worker count.
 * Progress goes to a callback (the CLI draws a bar with ETA on stderr); an abort signal stops
 * the workers and nothing is written.
 */
import type { Worker } from 'node:worker_threads';
import { NqpfError, type ErrorJSON } from '../../core/errors.js';
import { Rng } from '../../core/rng.js';
import { comparisonTable, leaveOneOutTable, sensitivityTables, uncertaintyTables, type Table } from '../../robustness/analyse.js';
import { RobustnessEngine, type EngineInput, type RunOutputs } from '../../robustness/engine.js';
import { designPoint, saltelliDesign, type SaltelliDesign } from '../../robustness/sampling.js';
import type { LoadedProject } from '../read/load-project.js';
import { chooseThreads, WORKER_MODULE_LOAD_MS } from './thread-choice.js';
import { spawnSiblingWorker } from './worker-spawn.js';

export type RunKind = 'uncertainty' | 'sensitivity';

/** The unit-uniform point of run r: per-replication streams (uncertainty) or the Saltelli design (sensitivity). */
export function pointFor(kind: RunKind, seed: number, design: SaltelliDesign | undefined, r: number, out: Float64Array): Float64Array {
  if (kind === 'sensitivity') return designPoint(design!, r, out);
  const rng = Rng.stream(seed, 0x0a11, r);
  for (let i = 0; i < out.length; i++) out[i] = rng.uniform();
  return out;
}

export interface RobustnessOptions {
  /** The spec file (for messages; the workers get the constructed state, not the path). */
  specPath?: string;
  env?: Record<string, string | undefined>;
  seed: number;
  /**
   * Threads to use, exactly (the user's `--workers`): 1 runs everything on this thread; above 1,
   * `workers − 1` worker threads start at once and join this thread. Without it the count is chosen
   * from the job ({@link chooseThreads} on `machine`; without `machine`, one thread).
   */
  workers?: number;
  /** Cores and load of the machine (read by the caller: app/ reads `os`), for the automatic choice; `max` caps it (a server limit). */
  machine?: { cores: number; load: number; max?: number };
  /** false: with 2 or more threads, this thread only hands out jobs and every run is computed by a worker (tests). */
  mainThread?: boolean;
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
  /** Above this many values per output buffer (runs × outputs), outputs are kept in single precision. Default 1e7 (tests lower it). */
  singleAbove?: number;
}

export interface RobustnessResult {
  tables: Table[];
  summary: { factors: string[]; tracked: string[]; uncertaintyRuns: number; sensitivityRuns: number; workers: number };
}

export async function runRobustness(project: LoadedProject, opts: RobustnessOptions): Promise<RobustnessResult> {
  const spec = project.spec.robustness!;
  const input: EngineInput = {
    raw: project.panel,
    framework: project.framework,
    steps: project.spec.steps,
    groupAttr: project.groupAttr,
    spec,
    seed: opts.seed,
  };
  const t0 = performance.now();
  const engine = new RobustnessEngine(input);
  const engineMs = performance.now() - t0;
  const nominal = engine.nominal();
  const exact = opts.workers !== undefined ? Math.max(1, Math.floor(opts.workers)) : undefined;
  const machine = opts.machine;
  const maxThreads = exact ?? (machine ? Math.max(1, Math.min(Math.floor(machine.max ?? machine.cores), Math.floor(machine.cores))) : 1);
  const k = engine.factors.length;
  const ua = spec.uncertainty;
  const sa = spec.sensitivity;
  const uaRuns = ua ? ua.replications : 0;
  const saRuns = sa ? (k + 2) * sa.baseSamples : 0;
  const total = uaRuns + saRuns;
  let done = 0;
  const progress = (n: number) => {
    done += n;
    opts.onProgress?.(done, total);
  };
  const pool = new WorkerPool(input, maxThreads - 1);
  // A user's count is honoured exactly: its workers start now and work alongside this thread.
  if (exact !== undefined) pool.grow(exact - 1);
  // Without one: after each chunk this thread ran, the threads the remaining runs pay for (chooseThreads).
  // A replication gets much cheaper over the first few hundred (JIT tiers, the engine's caches: ASEM
  // 7 → 0.1 ms), so the choice waits until the cheapest chunk so far (after the first) has not dropped
  // by more than 10 % for 3 chunks and this thread has worked twice as long as a worker takes to load
  // its modules. Then cost per run = that cheapest chunk; start-up = module loading + the engine build +
  // the warm-up, bounded by all the time this thread has worked so far (a new worker pays all three).
  let elapsed = 0;
  let runsSoFar = 0;
  let perRun = Infinity;
  let steady = 0;
  const choose =
    exact === undefined && machine && maxThreads > 1
      ? (ms: number, runs: number, left: number): number => {
          if (runsSoFar > 0) {
            steady = ms / runs >= 0.9 * perRun ? steady + 1 : 0;
            perRun = Math.min(perRun, ms / runs);
          }
          elapsed += ms;
          runsSoFar += runs;
          if (steady < 3 || elapsed < 2 * WORKER_MODULE_LOAD_MS) return 1;
          const startupMs = WORKER_MODULE_LOAD_MS + engineMs + elapsed;
          return chooseThreads({ runs: left, perRunMs: perRun, startupMs, ...machine });
        }
      : undefined;
  const tables: Table[] = [];
  try {
    if (ua) {
      const out = await computeRuns(engine, 'uncertainty', uaRuns, 0, opts, pool, progress, total - done, choose);
      tables.push(...uncertaintyTables(engine, nominal, out, uaRuns, ua.unstable));
    }
    if (sa) {
      const out = await computeRuns(engine, 'sensitivity', saRuns, sa.baseSamples, opts, pool, progress, total - done, choose);
      tables.push(...sensitivityTables(engine, nominal, out.ranks, sa.baseSamples, { bootstrap: sa.bootstrap, level: sa.level, seed: opts.seed }));
    }
  } finally {
    await pool.close();
  }
  if (spec.leaveOneOut) tables.push(...leaveOneOutTable(engine, nominal));
  if (spec.compare) tables.push(...comparisonTable(engine, nominal));
  return {
    tables,
    summary: {
      factors: engine.factors.map((f) => f.spec.name),
      tracked: engine.tracked,
      uncertaintyRuns: uaRuns,
      sensitivityRuns: saRuns,
      workers: 1 + pool.started,
    },
  };
}

interface Job {
  kind: RunKind;
  nBase: number;
  start: number;
  end: number;
  /** Outputs in single precision, as the phase keeps them (a worker rounds them, not this thread). */
  single: boolean;
}
type Reply = { ready?: true; start?: number; end?: number; scores?: Float64Array | Float32Array; ranks?: Float64Array | Float32Array; error?: ErrorJSON };

/** What the current phase does with a worker that is free (`give`) and with a worker's answer (`reply`). */
interface Phase {
  give(w: Worker): void;
  reply(w: Worker, m: Reply): void;
  fail(e: Error): void;
}

/**
 * Up to `max` worker threads, started on demand and kept for every phase of one robustness run.
 * Each gets the constructed engine input once (one structured clone; panel arrays on shared
 * memory are shared, not copied) and answers jobs of replications.
 */
class WorkerPool {
  private readonly idle: Worker[] = [];
  private readonly all: Worker[] = [];
  private failure: Error | undefined;
  private phase: Phase | undefined;
  started = 0;

  constructor(
    private readonly input: EngineInput,
    readonly max: number,
  ) {}

  get size(): number {
    return this.all.length;
  }

  /** Start `n` more workers (at most `max` in all); each is given to the phase once it has built its engine. */
  grow(n: number): void {
    for (let i = 0; i < n && this.all.length < this.max; i++) {
      const w = spawnSiblingWorker(import.meta.url, 'robustness-worker', { workerData: this.input });
      this.all.push(w);
      this.started++;
      w.on('message', (m: Reply) => {
        if (m.error) return this.fail(m.error.code !== 'E_INTERNAL' ? NqpfError.fromJSON(m.error) : new Error(m.error.message));
        if (m.ready) return this.free(w);
        this.phase?.reply(w, m);
      });
      w.on('error', (e) => this.fail(e));
      w.on('exit', (code) => {
        if (code !== 0) this.fail(new Error(`robustness worker exited with code ${code}`));
      });
    }
  }

  /** A worker has nothing to do: the phase gives it a job or it waits for the next phase. */
  free(w: Worker): void {
    if (this.phase && !this.failure) this.phase.give(w);
    else this.idle.push(w);
  }

  /** Keep a worker idle until the next phase. */
  park(w: Worker): void {
    this.idle.push(w);
  }

  /** Begin a phase: workers left idle by the last one get jobs at once. */
  begin(p: Phase): void {
    this.phase = p;
    if (this.failure) p.fail(this.failure);
    for (const w of this.idle.splice(0)) this.free(w);
  }

  end(): void {
    this.phase = undefined;
  }

  private fail(e: Error): void {
    if (this.failure) return;
    this.failure = e;
    this.phase?.fail(e);
  }

  async close(): Promise<void> {
    this.phase = undefined;
    this.failure ??= new Error('closed');
    await Promise.all(this.all.map((w) => w.terminate()));
  }
}

/**
 * The outputs of runs 0..nRuns−1 of one kind. Runs are taken in chunks from one queue by this
 * thread and by the pool's workers: those the user asked for, or those `choose` (threads for the
 * remaining runs from the per-run cost and warm-up measured on this thread) starts. Every run's
 * outputs depend only on its index, so the split never changes them.
 */
async function computeRuns(
  engine: RobustnessEngine,
  kind: RunKind,
  nRuns: number,
  nBase: number,
  opts: RobustnessOptions,
  pool: WorkerPool,
  progress: (n: number) => void,
  remainingAll: number,
  choose?: (ms: number, runs: number, left: number) => number,
): Promise<RunOutputs> {
  const nOut = engine.nOut;
  // Above 10 million values per buffer, outputs are kept in single precision (about 7 significant
  // digits for score statistics; ranks stay exact) so that firm-scale runs fit in memory.
  const single = nRuns * nOut > (opts.singleAbove ?? 1e7);
  const scores = single ? new Float32Array(nRuns * nOut) : new Float64Array(nRuns * nOut);
  const ranks = single ? new Float32Array(nRuns * nOut) : new Float64Array(nRuns * nOut);
  const threads = 1 + pool.max;
  const chunk = Math.max(8, Math.min(250, Math.ceil(nRuns / (threads * 8))));
  const queue: Job[] = [];
  // With an automatic choice, six small chunks first, so that the measurements settle early.
  const probe = choose ? Math.max(1, Math.ceil(chunk / 8)) : chunk;
  for (let s = 0; s < nRuns; ) {
    const size = queue.length < 6 ? probe : chunk;
    queue.push({ kind, nBase, start: s, end: Math.min(nRuns, s + size), single });
    s += size;
  }
  const design = kind === 'sensitivity' ? saltelliDesign(nBase, engine.factors.length, opts.seed) : undefined;
  const u = new Float64Array(engine.factors.length);

  let outstanding = 0;
  let failed: Error | undefined;
  let wake: (() => void) | undefined;
  const signal = () => {
    const f = wake;
    wake = undefined;
    f?.();
  };
  pool.begin({
    give(w) {
      const job = failed ? undefined : queue.shift();
      if (!job) {
        pool.park(w); // idle until the next phase
        signal();
        return;
      }
      outstanding++;
      w.postMessage(job);
    },
    reply(w, m) {
      outstanding--;
      scores.set(m.scores!, m.start! * nOut);
      ranks.set(m.ranks!, m.start! * nOut);
      progress(m.end! - m.start!);
      this.give(w);
    },
    fail(e) {
      failed = e;
      signal();
    },
  });
  const onAbort = () => {
    failed = abortError();
    signal();
  };
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    let runsHere = 0;
    const here = opts.mainThread !== false || pool.size === 0;
    while (here) {
      if (opts.signal?.aborted) throw abortError();
      if (failed) throw failed;
      const job = queue.shift();
      if (!job) break;
      const t0 = performance.now();
      for (let r = job.start; r < job.end; r++) engine.run(pointFor(kind, opts.seed, design, r, u), scores, ranks, r * nOut, r);
      const n = job.end - job.start;
      runsHere += n;
      progress(n);
      if (choose && pool.size < pool.max && queue.length > 0) {
        const want = choose(performance.now() - t0, n, remainingAll - runsHere) - 1;
        if (want > pool.size) pool.grow(want - pool.size);
      }
      await new Promise((res) => setImmediate(res)); // let worker replies, signals and progress through
    }
    while (!here && queue.length > 0) {
      if (opts.signal?.aborted) throw abortError();
      if (failed) throw failed;
      await new Promise<void>((res) => (wake = res));
    }
    while (outstanding > 0) {
      if (failed) throw failed;
      await new Promise<void>((res) => (wake = res));
    }
    if (failed) throw failed;
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
    pool.end();
  }
  return { scores, ranks };
}

function abortError(): Error {
  return new NqpfError('E_ABORTED', 'robustness analysis interrupted; nothing was written');
}

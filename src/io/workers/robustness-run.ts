/**
 * Run a spec's robustness section: uncertainty analysis (N Monte Carlo replications), Saltelli
 * sensitivity analysis, leave-one-indicator-out and method comparison. Replications run on this
 * thread and, with `workers` above 1 (exactly that many threads) or when the measured job pays for
 * them ({@link chooseThreads}, without `workers`), in worker threads; every replication has its own
 * seeded stream, so results are byte-identical for any worker count.
 *
 * With workers, every phase is shared through memory, not messages: the replications' outputs live
 * in SharedArrayBuffers that each thread writes at its runs' offsets, and the threads claim the next
 * slice of a phase's work from a shared counter (Atomics.add) — runs, then ranges of outputs whose
 * uncertainty statistics they compute over the shared outputs, then the method comparisons and the
 * left-out indicators. A worker is sent one message per phase and answers once at its end (and with
 * each comparison or left-out indicator); no thread waits for another's event loop. Whatever thread
 * computes a slice, its values are the same function of its index, so the split never shows.
 * Progress goes to a callback (the CLI draws a bar with ETA on stderr); an abort signal stops
 * the workers and nothing is written.
 */
import type { Worker } from 'node:worker_threads';
import { NqpfError, type ErrorJSON } from '../../core/errors.js';
import { Rng } from '../../core/rng.js';
import {
  type Comparison,
  comparisonChoices,
  comparisonTable,
  compareChoice,
  type LeaveOneOut,
  leaveOneOut,
  leaveOneOutTable,
  sensitivityTables,
  UNCERTAINTY_STATS,
  uncertaintyStats,
  uncertaintyTables,
  type Table,
} from '../../robustness/analyse.js';
import { RobustnessEngine, type EngineInput, type OutBuffer, type RunOutputs } from '../../robustness/engine.js';
import { designPoint, saltelliDesign, type SaltelliDesign } from '../../robustness/sampling.js';
import type { PipelineLog } from '../../pipeline/log.js';
import type { ConstructState } from '../../pipeline/run.js';
import type { LoadedProject } from '../read/load-project.js';
import { chooseThreads, WORKER_MODULE_LOAD_MS } from './thread-choice.js';
import { StateChannel, stateChannelName } from './state-channel.js';
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
  /**
   * Workers the caller started before the input existed ({@link prestartRobustnessWorkers}: their
   * modules load while the data are read): each is handed the input and joins every phase, in
   * addition to those `workers` or the automatic choice start.
   */
  prestarted?: PrestartedWorkers;
  /** The nominal run's log and construction state (from the project's executeLog), so that this thread's engine does not construct again. */
  nominal?: { log: PipelineLog; state: ConstructState };
  /**
   * Other work of this thread (a run writes its first output files), done once at the start of the
   * first replications, after the workers were sent them: they compute runs meanwhile, and this
   * thread joins when it is done. Not called when no replication runs on this thread.
   */
  meanwhile?: () => Promise<void>;
  /**
   * The uncertainty and sensitivity tables, handed over on this thread as soon as they are made, while
   * the workers start on the method comparisons and left-out indicators (a run writes them
   * meanwhile); they are also among the result's tables.
   */
  onTables?: (tables: readonly Table[]) => void;
}

export interface RobustnessResult {
  tables: Table[];
  summary: { factors: string[]; tracked: string[]; uncertaintyRuns: number; sensitivityRuns: number; workers: number };
}

export async function runRobustness(project: LoadedProject, opts: RobustnessOptions): Promise<RobustnessResult> {
  const spec = project.spec.robustness!;
  const early: ReturnType<PrestartedWorkers['take']> = opts.prestarted?.take() ?? { workers: [], states: stateChannelName() };
  // The input the prestarted workers were fed (the same project and seed), else this project's.
  const input: EngineInput = early.input ?? engineInput(project, opts.seed);
  const exact = opts.workers !== undefined ? Math.max(1, Math.floor(opts.workers)) : undefined;
  const machine = opts.machine;
  const maxThreads = exact ?? (machine ? Math.max(1, Math.min(Math.floor(machine.max ?? machine.cores), Math.floor(machine.cores))) : 1);
  const pool = new WorkerPool({ input, states: early.states }, Math.max(maxThreads - 1, early.workers.length), early.early);
  pool.adopt(early.workers, early.input !== undefined);
  // A user's count is honoured exactly: its workers start now (loading their modules and building
  // their engines while this thread builds its own) and work alongside this thread.
  if (exact !== undefined) pool.grow(exact - 1 - pool.size);
  const t0 = performance.now();
  let engine: RobustnessEngine;
  try {
    engine = new RobustnessEngine(input, opts.nominal);
  } catch (e) {
    await pool.close();
    throw e;
  }
  const engineMs = performance.now() - t0;
  // The construction states are shared with the workers (this thread's channel opens before any worker computes).
  const states = pool.max > 0 ? new StateChannel(early.states) : undefined;
  engine.exchange = states;
  const nominal = engine.nominal();
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
  // Without a count: after each chunk this thread ran, the threads the remaining runs pay for (chooseThreads).
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
  let meanwhile = opts.meanwhile;
  const meanwhileOnce = () => {
    const m = meanwhile;
    meanwhile = undefined;
    return m?.();
  };
  try {
    if (ua) {
      const out = await computeRuns(engine, 'uncertainty', uaRuns, 0, opts, pool, progress, total - done, choose, meanwhileOnce);
      const stats = await uncertaintyStatsOn(pool, engine, nominal, out, uaRuns, opts);
      tables.push(...uncertaintyTables(engine, nominal, out, uaRuns, ua.unstable, stats));
    }
    const saOut = sa ? await computeRuns(engine, 'sensitivity', saRuns, sa.baseSamples, opts, pool, progress, total - done, choose, meanwhileOnce) : undefined;
    // The Sobol indices and their bootstrap (this thread) overlap the comparisons and left-out
    // indicators, independent runs the workers start on at once and this thread joins after.
    // Then the tables finished so far go to opts.onTables (a run writes them meanwhile).
    const sensitivity = () => {
      if (sa) tables.push(...sensitivityTables(engine, nominal, saOut!.ranks, sa.baseSamples, { bootstrap: sa.bootstrap, level: sa.level, seed: opts.seed }));
      if (tables.length) opts.onTables?.(tables.slice());
    };
    const both = await sideRuns(
      pool,
      engine,
      nominal,
      opts,
      spec.compare ? comparisonChoices(engine).length : 0,
      spec.leaveOneOut ? engine.indicators.length : 0,
      sensitivity,
    );
    if (spec.leaveOneOut) tables.push(...leaveOneOutTable(engine, nominal, both.loo));
    if (spec.compare) tables.push(...comparisonTable(engine, nominal, both.compare));
  } finally {
    await pool.close();
    states?.close();
  }
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

/** What a worker is sent: one message per phase. `counter` is shared: [next item to claim, items done]. */
export type PhaseMessage =
  | { type: 'runs'; kind: RunKind; nBase: number; nRuns: number; threads: number; counter: Int32Array; scores: OutBuffer; ranks: OutBuffer }
  | { type: 'stats'; N: number; nOut: number; slice: number; counter: Int32Array; scores: OutBuffer; ranks: OutBuffer; into: Float64Array }
  | { type: 'side'; nCompare: number; nLoo: number; counter: Int32Array };
/**
 * What a worker builds its engine from: the input, and the name of the run's channel of shared
 * construction states ({@link StateChannel}). Its workerData, or, for a worker started without its
 * input ({@link prestartRobustnessWorkers}), its first message.
 */
export type WorkerInput = { input: EngineInput; states: string; early?: EarlyStart };
/**
 * The uncertainty replications a fed worker may begin before runRobustness does (see
 * {@link PrestartedWorkers.feed}): `control[0]` is 0 until one side takes it — 1: the worker began
 * (it sends the phase's buffers and counter, {@link Reply.early}), 2: runRobustness closed it first.
 */
export type EarlyStart = { control: Int32Array; threads: number; singleAbove: number };
/** The output buffers and counter of the uncertainty phase a worker began early. */
export type EarlyRuns = { counter: Int32Array; scores: OutBuffer; ranks: OutBuffer };
export type InputMessage = { type: 'input' } & WorkerInput;
/** What a worker answers: ready once its engine is built; a side result per item; done at a phase's end; or an error. */
export type Reply = { ready?: true; done?: true; early?: EarlyRuns; item?: number; compare?: Comparison; loo?: LeaveOneOut; error?: ErrorJSON };

/** Default of {@link RobustnessOptions.singleAbove}. */
export const SINGLE_ABOVE = 1e7;

/** Whether the outputs of `nRuns` runs of `nOut` values each are kept in single precision. */
export function singlePrecision(nRuns: number, nOut: number, singleAbove = SINGLE_ABOVE): boolean {
  return nRuns * nOut > singleAbove;
}

/** An output buffer workers can write: on shared memory when the pool may start any. */
export function outBuffer(single: boolean, n: number, shared: boolean): OutBuffer {
  const bytes = n * (single ? 4 : 8);
  const buf = shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes);
  return single ? new Float32Array(buf) : new Float64Array(buf);
}

/** The next slice of `size` items of a phase from its shared counter, or undefined when none is left. */
export function claim(counter: Int32Array, n: number, size: number): [number, number] | undefined {
  if (Atomics.load(counter, 0) >= n) return undefined;
  const start = Atomics.add(counter, 0, size);
  return start < n ? [start, Math.min(n, start + size)] : undefined;
}

/** Runs claimed at once: about a quarter of each thread's share of what is left (guided), at least 4, at most 250. */
export function runSlice(counter: Int32Array, n: number, threads: number): number {
  return Math.max(4, Math.min(250, Math.ceil((n - Atomics.load(counter, 0)) / (threads * 4))));
}

/** The replication outputs of one slice, written into the shared buffers at their runs' offsets. */
export function computeSlice(
  engine: RobustnessEngine,
  kind: RunKind,
  seed: number,
  design: SaltelliDesign | undefined,
  start: number,
  end: number,
  out: RunOutputs,
  u: Float64Array,
): void {
  const nOut = engine.nOut;
  for (let r = start; r < end; r++) engine.run(pointFor(kind, seed, design, r, u), out.scores, out.ranks, r * nOut, r);
}

/** A prestarted worker as runRobustness takes it: what it said before it was taken (a failure, or ready once fed). */
export interface EarlyWorker {
  worker: Worker;
  failure?: Error;
  ready: boolean;
  /** Detach the listeners that recorded the above. */
  detach(): void;
}

/** Robustness workers started before their input exists, loading their modules meanwhile; see {@link prestartRobustnessWorkers}. */
export interface PrestartedWorkers {
  /**
   * Hand the workers their input now (once), before runRobustness: each builds its engine while this
   * thread computes the pipeline and the analyses, and the first begins the uncertainty replications
   * at once (into buffers it allocates; runRobustness joins that phase instead of starting one, unless
   * it begins before the worker has). runRobustness then uses this input, so it must be the one of
   * the project and seed it is given ({@link engineInput}), with the default `singleAbove`.
   */
  feed(input: EngineInput): void;
  /**
   * The workers, the input they were fed, their channel of shared states and the uncertainty runs
   * one of them may have begun (`early`), handed over once (to runRobustness); later calls return none.
   */
  take(): { workers: EarlyWorker[]; input?: EngineInput; states: string; early?: EarlyHandle };
  /** Stop the workers not taken (idempotent). */
  close(): void;
}

/** The uncertainty runs a fed worker may begin: its control word and the buffers it announces once it has. */
export interface EarlyHandle {
  control: Int32Array;
  runs: Promise<EarlyRuns>;
  announce(r: EarlyRuns): void;
}

/** The engine input of a project's robustness section: what every thread builds its engine from. */
export function engineInput(project: LoadedProject, seed: number): EngineInput {
  return { raw: project.panel, framework: project.framework, steps: project.spec.steps, groupAttr: project.groupAttr, spec: project.spec.robustness!, seed };
}

/**
 * Start `n` robustness workers now, before the project's data are read: each loads its modules
 * (the engine, pipeline and step schemas: ≈ 0.15–0.25 s of CPU) on another core meanwhile, then
 * waits, holding nothing open, for its input — fed as soon as the project is loaded
 * ({@link PrestartedWorkers.feed}), else when runRobustness takes it (`opts.prestarted`). A worker
 * that fails to load or to build its engine reports that when it is taken; `close` stops those
 * never taken.
 */
export function prestartRobustnessWorkers(n: number): PrestartedWorkers {
  const early: EarlyWorker[] = [];
  for (let i = 0; i < n; i++) {
    const worker = spawnSiblingWorker(import.meta.url, 'robustness-worker');
    worker.unref(); // idle, it does not hold the process open
    const e: EarlyWorker = { worker, ready: false, detach: () => {} };
    const failed = (x: unknown) => {
      e.failure ??= x instanceof Error ? x : new Error(String(x));
    };
    const onMessage = (m: Reply) => {
      if (m.error) failed(m.error.code !== 'E_INTERNAL' ? NqpfError.fromJSON(m.error) : new Error(m.error.message));
      else if (m.ready) e.ready = true;
      else if (m.early) handle?.announce(m.early);
    };
    const onExit = (code: number) => failed(new Error(`robustness worker exited with code ${code} before it was used`));
    worker.on('message', onMessage);
    worker.on('error', failed);
    worker.on('exit', onExit);
    e.detach = () => {
      worker.off('message', onMessage);
      worker.off('error', failed);
      worker.off('exit', onExit);
    };
    early.push(e);
  }
  let taken = false;
  let fed: EngineInput | undefined;
  let handle: EarlyHandle | undefined;
  const states = stateChannelName();
  return {
    feed(input) {
      if (taken || fed) return;
      fed = input;
      const leader = early.find((e) => !e.failure);
      if (leader && (input.spec.uncertainty?.replications ?? 0) > 0) {
        let announce!: (r: EarlyRuns) => void;
        const runs = new Promise<EarlyRuns>((res) => {
          announce = res;
        });
        handle = { control: new Int32Array(new SharedArrayBuffer(4)), runs, announce };
      }
      for (const e of early) {
        if (e.failure) continue;
        const start = e === leader && handle ? { control: handle.control, threads: 1 + early.length, singleAbove: SINGLE_ABOVE } : undefined;
        e.worker.postMessage({ type: 'input', input, states, early: start } satisfies InputMessage);
      }
    },
    take() {
      if (taken) return { workers: [], states: stateChannelName() };
      taken = true;
      return { workers: early, input: fed, states, early: handle };
    },
    close() {
      if (taken) return;
      taken = true;
      for (const e of early) void e.worker.terminate();
    },
  };
}

/** What the current phase does with a worker that is free (`give`) and with a worker's answer (`reply`). */
interface Phase {
  give(w: Worker): void;
  reply(w: Worker, m: Reply): void;
  fail(e: Error): void;
}

/**
 * Up to `max` worker threads, started on demand and kept for every phase of one robustness run.
 * Each gets the constructed engine input once (one structured clone; panel arrays on shared
 * memory are shared, not copied) and answers phases.
 */
class WorkerPool {
  private readonly idle: Worker[] = [];
  private readonly all: Worker[] = [];
  /** Workers that have not said ready yet (loading their modules or building their engines). */
  private readonly loading = new Set<Worker>();
  private failure: Error | undefined;
  private phase: Phase | undefined;
  started = 0;
  /** Rejected with the pool's first failure (what {@link until} races against). */
  private readonly failed: Promise<never>;
  private rejectFailed!: (e: Error) => void;

  constructor(
    private readonly input: WorkerInput,
    readonly max: number,
    /** Uncertainty runs a prestarted worker may have begun (its announcement may come through this pool's listeners). */
    private readonly early?: EarlyHandle,
  ) {
    this.failed = new Promise<never>((_, rej) => {
      this.rejectFailed = rej;
    });
    this.failed.catch(() => {});
  }

  /**
   * The uncertainty runs a prestarted worker began before this run's phase (their buffers and
   * counter, announced by the worker), or undefined when it has not: then it never will (closed now).
   */
  async earlyRuns(): Promise<EarlyRuns | undefined> {
    const e = this.early;
    if (!e || Atomics.compareExchange(e.control, 0, 0, 2) !== 1) return undefined;
    return this.until(e.runs);
  }

  /** `p`, or the pool's failure if that comes first (a worker that stopped before it answered). */
  until<T>(p: Promise<T>): Promise<T> {
    return this.failure ? Promise.reject(this.failure) : Promise.race([p, this.failed]);
  }

  get size(): number {
    return this.all.length;
  }

  /** How many workers are still loading or building their engines: each joins the phase once its ready reply is read. */
  get waiting(): number {
    return this.loading.size;
  }

  /** Start `n` more workers (at most `max` in all); each is given to the phase once it has built its engine. */
  grow(n: number): void {
    for (let i = 0; i < n && this.all.length < this.max; i++)
      this.wire(spawnSiblingWorker(import.meta.url, 'robustness-worker', { workerData: this.input }), true);
  }

  /**
   * Take workers started without their input (prestartRobustnessWorkers): each joins like a started
   * one — at once when it was fed (`fed`) and has built its engine, else once it has (sent the input now when not fed).
   */
  adopt(workers: EarlyWorker[], fed: boolean): void {
    for (const e of workers) {
      e.detach();
      this.wire(e.worker, !e.failure && !(fed && e.ready));
      e.worker.ref();
      if (e.failure) this.fail(e.failure);
      else if (!fed) e.worker.postMessage({ type: 'input', ...this.input } satisfies InputMessage);
      else if (e.ready) this.free(e.worker);
    }
  }

  /** Listen to a worker; `loading`: it has not said ready yet. */
  private wire(w: Worker, loading: boolean): void {
    this.all.push(w);
    this.started++;
    if (loading) this.loading.add(w);
    w.on('message', (m: Reply) => {
      if (m.error) return this.fail(m.error.code !== 'E_INTERNAL' ? NqpfError.fromJSON(m.error) : new Error(m.error.message));
      if (m.ready) {
        this.loading.delete(w);
        return this.free(w);
      }
      if (m.early) return this.early?.announce(m.early);
      this.phase?.reply(w, m);
    });
    w.on('error', (e) => this.fail(e));
    w.on('exit', (code) => {
      if (code !== 0) this.fail(new Error(`robustness worker exited with code ${code}`));
    });
  }

  /** A worker has nothing to do: the phase takes it or it waits for the next phase. */
  free(w: Worker): void {
    if (this.phase && !this.failure) this.phase.give(w);
    else this.idle.push(w);
  }

  /** Keep a worker idle until the next phase. */
  park(w: Worker): void {
    this.idle.push(w);
  }

  /** Begin a phase: workers left idle by the last one join it at once. */
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
    this.rejectFailed(e);
    this.phase?.fail(e);
  }

  async close(): Promise<void> {
    this.phase = undefined;
    this.loading.clear();
    this.failure ??= new Error('closed');
    await Promise.all(this.all.map((w) => w.terminate()));
  }
}

/**
 * One phase over `n` items shared by this thread and the pool's workers through `counter`: each
 * free worker is sent `message` once (it claims slices until none is left, counts each in
 * counter[1], then answers done); this thread runs `here`, which claims and computes slices itself
 * (unless `mainThread` is false and a worker exists), calling `check` (throws on an abort or a
 * worker's error) and yielding between slices so that replies, aborts and new workers get through.
 * Resolves when every slice is done and every worker that joined has answered.
 */
async function sharedPhase(
  pool: WorkerPool,
  opts: RobustnessOptions,
  counter: Int32Array,
  n: number,
  message: PhaseMessage,
  here: (check: () => void) => Promise<void>,
  onItem?: (m: Reply) => void,
  /** Send every worker the phase even when nothing is left to claim: one may be computing slices of it already (runs begun early), and its answer says it has finished them. */
  sendAll = false,
): Promise<void> {
  let joined = 0;
  let failed: Error | undefined;
  let wake: (() => void) | undefined;
  const signal = () => {
    const f = wake;
    wake = undefined;
    f?.();
  };
  const stop = (e: Error) => {
    failed ??= e;
    Atomics.store(counter, 0, n); // nothing more is claimed
    signal();
  };
  pool.begin({
    give(w) {
      if (failed || (!sendAll && Atomics.load(counter, 0) >= n)) {
        pool.park(w);
        return;
      }
      joined++;
      w.postMessage(message);
    },
    reply(w, m) {
      if (m.done) {
        joined--;
        pool.park(w);
        signal();
      } else onItem?.(m);
    },
    fail: stop,
  });
  const onAbort = () => stop(abortError());
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    if (opts.mainThread !== false || pool.size === 0) {
      await here(() => {
        if (opts.signal?.aborted) stop(abortError());
        if (failed) throw failed;
      });
    }
    while (joined > 0 || (pool.size === 0 ? false : opts.mainThread === false && Atomics.load(counter, 1) < n)) {
      if (failed) throw failed;
      await new Promise<void>((res) => {
        wake = res;
      });
    }
    if (failed) throw failed;
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
    pool.end();
  }
}

/**
 * The outputs of runs 0..nRuns−1 of one kind, computed by this thread and the pool's workers: those
 * the user asked for, or those `choose` (threads for the remaining runs from the per-run cost and
 * warm-up measured on this thread) starts. Every run's outputs depend only on its index, so the
 * split never changes them.
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
  meanwhile?: () => Promise<void> | undefined,
): Promise<RunOutputs> {
  const nOut = engine.nOut;
  // The uncertainty runs a fed worker began already: this phase is theirs (their buffers, their counter).
  const given = kind === 'uncertainty' ? await pool.earlyRuns() : undefined;
  // Above 10 million values per buffer, outputs are kept in single precision (about 7 significant
  // digits for score statistics; ranks stay exact) so that firm-scale runs fit in memory.
  const single = singlePrecision(nRuns, nOut, opts.singleAbove);
  const shared = pool.max > 0;
  const out: RunOutputs = given ?? { scores: outBuffer(single, nRuns * nOut, shared), ranks: outBuffer(single, nRuns * nOut, shared) };
  const counter = given?.counter ?? new Int32Array(shared ? new SharedArrayBuffer(8) : new ArrayBuffer(8));
  const threads = 1 + pool.max;
  const design = kind === 'sensitivity' ? saltelliDesign(nBase, engine.factors.length, opts.seed) : undefined;
  const u = new Float64Array(engine.factors.length);
  // With an automatic choice, six small slices first, so that the measurements settle early.
  let probes = choose ? 6 : 0;
  const probe = Math.max(1, Math.ceil(Math.max(8, Math.min(250, Math.ceil(nRuns / (threads * 8)))) / 8));
  let reported = 0;
  const report = () => {
    const d = Atomics.load(counter, 1);
    if (d > reported) progress(d - reported);
    reported = d;
  };
  await sharedPhase(
    pool,
    opts,
    counter,
    nRuns,
    { type: 'runs', kind, nBase, nRuns, threads, counter, scores: out.scores, ranks: out.ranks },
    async (check) => {
      let runsHere = 0;
      // Replies already queued (a prestarted worker's ready, sent while this thread computed the
      // pipeline) are read first, so that worker is sent the phase now rather than after a slice.
      if (pool.size > 0) await new Promise((res) => setImmediate(res));
      await meanwhile?.();
      for (;;) {
        check();
        // While a worker is still loading, slices stay short, so it is sent the phase soon after it is ready.
        const size = probes > 0 ? probe : pool.waiting > 0 ? Math.min(8, runSlice(counter, nRuns, threads)) : runSlice(counter, nRuns, threads);
        const s = claim(counter, nRuns, size);
        if (!s) break;
        probes--;
        const t0 = performance.now();
        computeSlice(engine, kind, opts.seed, design, s[0], s[1], out, u);
        Atomics.add(counter, 1, s[1] - s[0]);
        runsHere += s[1] - s[0];
        report();
        if (choose && pool.size < pool.max && Atomics.load(counter, 0) < nRuns) {
          const want = choose(performance.now() - t0, s[1] - s[0], remainingAll - runsHere) - 1;
          if (want > pool.size) pool.grow(want - pool.size);
        }
        await new Promise((res) => setImmediate(res)); // let worker replies, aborts and new workers through
      }
    },
    undefined,
    given !== undefined,
  );
  report();
  return out;
}

/**
 * The uncertainty statistics of every output, computed in slices of outputs by the threads that
 * already run (over the shared outputs); undefined without workers (the tables compute them).
 */
async function uncertaintyStatsOn(
  pool: WorkerPool,
  engine: RobustnessEngine,
  nominal: RunOutputs,
  out: RunOutputs,
  N: number,
  opts: RobustnessOptions,
): Promise<Float64Array | undefined> {
  const nOut = engine.nOut;
  if (pool.size === 0 || !(out.scores.buffer instanceof SharedArrayBuffer)) return undefined;
  const into = new Float64Array(new SharedArrayBuffer(nOut * UNCERTAINTY_STATS * 8));
  const counter = new Int32Array(new SharedArrayBuffer(8));
  // Slices of about 50,000 values to gather and order (64 outputs at least), 8 per thread at least.
  const slice = Math.max(64, Math.min(Math.ceil(50_000 / Math.max(1, N)) * 8, Math.ceil(nOut / (8 * (1 + pool.size)))));
  const nSlices = Math.ceil(nOut / slice);
  await sharedPhase(pool, opts, counter, nSlices, { type: 'stats', N, nOut, slice, counter, scores: out.scores, ranks: out.ranks, into }, async (check) => {
    for (let s = claim(counter, nSlices, 1); s; check(), s = claim(counter, nSlices, 1)) {
      uncertaintyStats(out, N, nOut, nominal.ranks, s[0] * slice, Math.min(nOut, (s[0] + 1) * slice), into);
      Atomics.add(counter, 1, 1);
      await new Promise((res) => setImmediate(res));
    }
  });
  return into;
}

/**
 * The method comparisons (items 0 … nCompare − 1) and the left-out indicators (the rest), shared
 * with the workers; undefined results are computed by the tables. `first` runs on this thread
 * before it claims any item (once, in every case), while the workers already take them.
 */
async function sideRuns(
  pool: WorkerPool,
  engine: RobustnessEngine,
  nominal: RunOutputs,
  opts: RobustnessOptions,
  nCompare: number,
  nLoo: number,
  first: () => void,
): Promise<{ compare?: Comparison[]; loo?: LeaveOneOut[] }> {
  const n = nCompare + nLoo;
  if (pool.size === 0 || n === 0 || opts.mainThread === false) first();
  if (pool.size === 0 || n === 0) return {};
  const compare: Comparison[] = new Array(nCompare);
  const loo: LeaveOneOut[] = new Array(nLoo);
  const counter = new Int32Array(new SharedArrayBuffer(8));
  const put = (item: number, c?: Comparison, l?: LeaveOneOut) => {
    if (item < nCompare) compare[item] = c!;
    else loo[item - nCompare] = l!;
  };
  await sharedPhase(
    pool,
    opts,
    counter,
    n,
    { type: 'side', nCompare, nLoo, counter },
    async (check) => {
      first();
      check();
      for (let s = claim(counter, n, 1); s; check(), s = claim(counter, n, 1)) {
        const i = s[0];
        if (i < nCompare) put(i, compareChoice(engine, nominal, i));
        else put(i, undefined, leaveOneOut(engine, nominal, engine.indicators[i - nCompare]));
        Atomics.add(counter, 1, 1);
        await new Promise((res) => setImmediate(res));
      }
    },
    (m) => put(m.item!, m.compare, m.loo),
  );
  return { compare, loo };
}

function abortError(): Error {
  return new NqpfError('E_ABORTED', 'robustness analysis interrupted; nothing was written');
}

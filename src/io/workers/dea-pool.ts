/**
 * DEA across threads (issue 17): a {@link DeaExecutor} whose helper threads, each with its own HiGHS instance (the
 * WebAssembly build is single threaded), take the tasks of a list (`lenses/dea/executor.ts`: one kernel call on one
 * period's data or a fixed slice of its DMUs) from a shared counter alongside the calling thread, which then waits
 * (`Atomics.wait`) for the rest — so `map` stays synchronous and the analysis section can use it as it is. Results go
 * back in task order; each task passes its own model to HiGHS first and the tasks never depend on the number of
 * threads, so the results are byte-identical for any count (test/io/dea-pool.test.ts). On an error, that of the
 * first failing task in task order is thrown, as when the tasks run one by one.
 *
 * Starting is synchronous and does not wait: a helper joins from the first list after it has loaded HiGHS (`ready`
 * counts only those), so a list never waits for a thread to start. Helpers are unref'd and never keep the process
 * alive; `close()` stops them. The WebAssembly module is compiled once per process (V8 shares the compiled code
 * between threads), so a helper's start-up is its module loading plus a HiGHS instance.
 *
 * @example const pool = startDeaPool({ helpers: 1 }); try { globalMalmquistLuenberger(periods, opts, pool); } finally { await pool.close(); }
 */
import { availableParallelism } from 'node:os';
import { receiveMessageOnPort } from 'node:worker_threads';
import { type ErrorJSON, NqpfError } from '../../core/errors.js';
import { type DeaExecutor, type DeaTask, type DeaTaskResult, runDeaTask, runDeaTasks } from '../../lenses/dea/executor.js';
import { loadSolver } from '../../lenses/dea/lp.js';
import { globalMalmquistLuenberger, type LuenbergerOptions, type LuenbergerStep } from '../../lenses/dea/luenberger.js';
import type { DeaData, DeaResult, SbmOptions } from '../../lenses/dea/models.js';
import { closeHelpers, helpersStarted, type PoolHelper, spawnHelpers } from './pool-helpers.js';

/** A started pool: pass it where a {@link DeaExecutor} is taken; `close()` when done. */
export interface RunningDeaPool extends DeaExecutor {
  /** Number of helper threads started (ready or not). */
  readonly helpers: number;
  /** Helper threads ready now. */
  ready(): number;
  /** LPs solved by the helper threads so far (`lpCount()` of lenses/dea/lp.ts counts this thread's): for benchmarks. */
  helperLps(): number;
  /** Resolves when every helper has loaded (or failed to). */
  started(): Promise<void>;
  close(): Promise<void>;
}

/** One list of tasks as a helper receives it: the tasks and the shared counters [next task, tasks done]. */
export interface DeaJob {
  tasks: readonly DeaTask[];
  sync: Int32Array;
}

/** What a helper sends back per task. */
export type DeaJobAnswer = ({ i: number; result: DeaTaskResult } | { i: number; error: ErrorJSON }) & { lps: number };

/** ctl: [0] jobs posted, [1] unused, [2] ready, [3] gone (pool-helpers.ts). */
type Helper = PoolHelper;

/** LPs (DMUs × models, periods, distance functions) from which `nqpf run` shares the efficiency section with helper threads. */
export const DEA_POOL_MIN_LPS = 3000;

/**
 * Helper threads for the efficiency section: `workers` − 1 when given (`--workers`), else round(cores − load
 * average) − 1; none below {@link DEA_POOL_MIN_LPS} LPs (`lps`: an estimate from the spec and the panel). The tables
 * are the same bytes whatever the count.
 */
export function deaHelpers(lps: number, workers: number | undefined, machine: { cores: number; load: number }): number {
  if (lps < DEA_POOL_MIN_LPS) return 0;
  const threads = workers ?? Math.round(machine.cores - machine.load);
  return Math.max(0, Math.min(machine.cores, threads) - 1);
}

function toError(e: ErrorJSON): Error {
  return e.code !== 'E_INTERNAL' ? NqpfError.fromJSON(e) : Object.assign(new Error(e.message), { name: e.name });
}

/** Start `helpers` helper threads (default: available cores − 1, at least 1). */
export function startDeaPool(opts: { helpers?: number } = {}): RunningDeaPool {
  const count = Math.max(1, opts.helpers ?? availableParallelism() - 1);
  const hs: Helper[] = spawnHelpers(import.meta.url, 'dea-worker', 16, 'DEA', count);
  let closed = false;
  let terminated = false;
  let lps = 0;
  const live = (): Helper[] => (closed ? [] : hs.filter((h) => !h.failure && Atomics.load(h.ctl, 3) === 0 && Atomics.load(h.ctl, 2) === 1));
  const pool: RunningDeaPool = {
    helpers: count,
    ready: () => live().length,
    helperLps: () => lps,
    map(tasks) {
      const inUse = tasks.length > 1 ? live() : [];
      if (!inUse.length) return tasks.map(runDeaTask);
      const n = tasks.length;
      const sync = new Int32Array(new SharedArrayBuffer(8));
      for (const h of inUse) {
        h.port.postMessage({ tasks, sync } satisfies DeaJob);
        h.posted++;
        Atomics.store(h.ctl, 0, h.posted);
        Atomics.notify(h.ctl, 0);
      }
      const out = new Array<DeaTaskResult>(n);
      const errors = new Map<number, unknown>();
      for (let i = Atomics.add(sync, 0, 1); i < n; i = Atomics.add(sync, 0, 1)) {
        try {
          out[i] = runDeaTask(tasks[i]);
        } catch (e) {
          errors.set(i, e);
        }
        Atomics.add(sync, 1, 1);
      }
      const take = (h: Helper) => {
        for (let m = receiveMessageOnPort(h.port); m; m = receiveMessageOnPort(h.port)) {
          const a = m.message as DeaJobAnswer;
          lps += a.lps;
          if ('error' in a) errors.set(a.i, toError(a.error));
          else out[a.i] = a.result;
        }
      };
      for (let done = Atomics.load(sync, 1); done < n; done = Atomics.load(sync, 1)) {
        Atomics.wait(sync, 1, done, 200);
        for (const h of inUse)
          if (Atomics.load(h.ctl, 3) === 1) {
            closed = true;
            take(h);
            throw new Error('DEA worker exited while computing');
          }
      }
      for (const h of inUse) take(h);
      if (errors.size) throw errors.get(Math.min(...errors.keys()));
      return out;
    },
    started: () => helpersStarted(hs, () => closed),
    async close() {
      if (terminated) return;
      closed = true;
      terminated = true;
      await closeHelpers(hs);
    },
  };
  return pool;
}

/** Run `fn` with a pool of `threads` − 1 helpers started and loaded (`threads` ≤ 1: no pool, this thread only). */
async function withPool<T>(threads: number, fn: (exec: DeaExecutor | undefined) => T): Promise<T> {
  await loadSolver();
  if (threads <= 1) return fn(undefined);
  const pool = startDeaPool({ helpers: threads - 1 });
  try {
    await pool.started();
    return fn(pool);
  } finally {
    await pool.close();
  }
}

/** Super-SBM of each period against its own DMUs (`opts` as `superSbm`) on `threads` threads (this one included). */
export function superSbmPanel(periods: readonly DeaData[], opts: SbmOptions, threads: number): Promise<DeaResult[]> {
  return withPool(
    threads,
    (exec) =>
      runDeaTasks(
        periods.map((data) => ({ kind: 'superSbm' as const, data, opts })),
        exec,
      ) as DeaResult[],
  );
}

/** `globalMalmquistLuenberger` on `threads` threads (this one included): the same steps. */
export function gmlParallel(periods: readonly DeaData[], opts: LuenbergerOptions, threads: number): Promise<LuenbergerStep[]> {
  return withPool(threads, (exec) => globalMalmquistLuenberger(periods, opts, exec));
}

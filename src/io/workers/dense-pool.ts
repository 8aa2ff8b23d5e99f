/**
 * Helper threads for the dense LU of large input–output tables (issue 18; `kernels/dense-lu.ts`):
 * a {@link DenseExecutor} whose helpers take chunks of every step's trailing columns from a shared
 * counter alongside the calling thread, which then waits (`Atomics.wait`) for the chunks, so the
 * factorisation stays synchronous. The factors are byte-identical with or without helpers (the
 * kernel's block sizes are fixed; each entry is computed by the same operations whichever thread
 * computes it).
 *
 * Starting is synchronous and does not wait: a helper takes jobs from the first step after its
 * module has loaded (`ready()` counts only started helpers), so a factorisation never waits for a
 * thread and a slow start costs nothing but the share it would have done. `started()` resolves when
 * all have loaded (benchmarks). Helpers are unref'd and never keep the process alive; `close()`
 * stops them (a closed pool has no helpers ready).
 *
 * @example const pool = startDensePool(); try { valueChainTables(t, spec, pool); } finally { await pool.close(); }
 */
import { availableParallelism } from 'node:os';
import { receiveMessageOnPort } from 'node:worker_threads';
import { NqpfError, type ErrorJSON } from '../../core/errors.js';
import type { DenseExecutor, LuStepJob } from '../../kernels/dense-lu.js';
import { closeHelpers, helpersStarted, type PoolHelper, spawnHelpers } from './pool-helpers.js';

/** A started pool: pass it where a {@link DenseExecutor} is taken; `close()` when done. */
export interface RunningDensePool extends DenseExecutor {
  /** Number of helper threads started (ready or not). */
  readonly helpers: number;
  /** Resolves when every helper has loaded (or failed to). */
  started(): Promise<void>;
  close(): Promise<void>;
}

/** ctl: [0] steps posted, [1] steps done, [2] ready, [3] gone, [4] failed (pool-helpers.ts). */
type Helper = PoolHelper;

/** Sectors from which the value-chain LU shares its trailing updates with helper threads (below, a helper's start-up costs more than it saves). */
export const DENSE_POOL_MIN_SECTORS = 2000;

/**
 * Helper threads for the value-chain LU: `workers` − 1 when given (`--workers`), else round(cores − load average) − 1,
 * none below {@link DENSE_POOL_MIN_SECTORS} sectors. The tables are the same bytes whatever the count.
 */
export function denseHelpers(sectors: number, workers: number | undefined, machine: { cores: number; load: number }): number {
  if (sectors < DENSE_POOL_MIN_SECTORS) return 0;
  const threads = workers ?? Math.round(machine.cores - machine.load);
  return Math.max(0, Math.min(machine.cores, threads) - 1);
}

/** Start `helpers` helper threads (default: available cores − 1, at least 1). */
export function startDensePool(opts: { helpers?: number } = {}): RunningDensePool {
  const count = Math.max(1, opts.helpers ?? availableParallelism() - 1);
  const hs: Helper[] = spawnHelpers(import.meta.url, 'dense-worker', 20, 'dense', count);
  let closed = false;
  let terminated = false;
  // helpers in use: the first k that are ready (fixed while a step is out, so post(h) and check() agree)
  const live = (): Helper[] => {
    const out: Helper[] = [];
    for (const h of hs) {
      if (h.failure || Atomics.load(h.ctl, 3) === 1 || Atomics.load(h.ctl, 2) === 0) break;
      out.push(h);
    }
    return out;
  };
  let inUse: Helper[] = [];
  const pool: RunningDensePool = {
    helpers: count,
    ready() {
      if (closed) return 0;
      inUse = live();
      return inUse.length;
    },
    post(h: number, job: LuStepJob) {
      const helper = inUse[h];
      if (!helper) throw new Error(`dense pool: helper ${h} is not ready`);
      if (!(job.a.buffer instanceof SharedArrayBuffer)) throw new Error('dense pool: the matrix is not on shared memory');
      helper.port.postMessage(job);
      helper.posted++;
      Atomics.store(helper.ctl, 0, helper.posted);
      Atomics.notify(helper.ctl, 0);
    },
    check() {
      for (const helper of inUse) {
        if (Atomics.load(helper.ctl, 4) === 1) {
          closed = true;
          const e = receiveMessageOnPort(helper.port)?.message as ErrorJSON | undefined;
          if (!e) throw new Error('dense worker failed');
          throw e.code !== 'E_INTERNAL' ? NqpfError.fromJSON(e) : Object.assign(new Error(e.message), { name: e.name });
        }
        if (Atomics.load(helper.ctl, 3) === 1 || helper.failure) {
          closed = true;
          throw new Error('dense worker exited while computing');
        }
      }
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

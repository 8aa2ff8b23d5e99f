/**
 * Running untrusted work (parsing an uploaded workbook, executing a project) in a worker thread
 * with a heap limit (`resourceLimits`) and a wall-clock limit: when the time is up, or the worker
 * runs out of memory or crashes, the worker is terminated and the promise rejects with an
 * `NqpfError` — the server itself keeps running.
 */
import type { Worker, ResourceLimits } from 'node:worker_threads';
import { NqpfError, errorToJSON, type ErrorJSON } from '../core/errors.js';
import { spawnSiblingWorker } from '../io/workers/worker-spawn.js';

/** Options of {@link runWorker}. */
export interface WorkerJob {
  /**
   * Wall-clock limit in milliseconds. With `loadTimeoutMs` it counts from the worker's
   * `{type:'started'}` message (sent once its modules are loaded), so that loading modules on a busy
   * machine (in a source checkout: transpiling them) does not eat the time the work is given.
   */
  timeoutMs: number;
  /** Limit for loading the worker's modules, before its `{type:'started'}` message (default: none — `timeoutMs` counts from the start). */
  loadTimeoutMs?: number;
  /** Heap limits of the worker (default: 512 MB old generation; at least 64 MB old and 16 MB young generation are always given). */
  resourceLimits?: ResourceLimits;
  /** Every message that is not the final `{type:'done'}` / `{type:'error'}`. */
  onMessage?: (m: unknown) => void;
  /** Abort (terminates the worker). */
  signal?: AbortSignal;
  /**
   * Memory cap in bytes beyond the V8 heap limit: while the worker runs, the growth of the
   * process's resident memory since it started is sampled (every `memorySampleMs`, default 250)
   * and the worker is stopped with `memoryError` once it exceeds the cap. This catches ArrayBuffer
   * / external memory (outside `resourceLimits`) and work that never yields to the worker's event
   * loop, and counts the threads the worker itself starts.
   */
  memoryCapBytes?: number;
  memorySampleMs?: number;
  /** The error reported when `memoryCapBytes` is exceeded (default `E_WORKER_MEMORY`). */
  memoryError?: () => NqpfError;
  /** Directory URL of the worker module (default: this directory; tests start fixtures). */
  here?: string;
}

/** Start the worker module `name` (`preview-worker`, `run-worker` or `spec-worker`, next to this file) with heap limits. */
export function spawn(name: string, data: unknown, limits: ResourceLimits, here = import.meta.url): Worker {
  // Below ~64 MB V8 can hit the limit while the worker is still starting, where Node cannot turn it
  // into a catchable ERR_WORKER_OUT_OF_MEMORY and the whole process aborts: never go below 64 MB.
  const resourceLimits = {
    ...limits,
    maxOldGenerationSizeMb: Math.max(64, limits.maxOldGenerationSizeMb ?? 512),
    maxYoungGenerationSizeMb: Math.max(16, limits.maxYoungGenerationSizeMb ?? 16),
  };
  return spawnSiblingWorker(here, name, { workerData: data, resourceLimits });
}

/**
 * Run worker module `name` with `data`; resolves with the payload of its `{type:'done', result}`
 * message, rejects with the NqpfError of its `{type:'error', error}` message, `E_TIMEOUT` after
 * `timeoutMs`, `E_WORKER_MEMORY` when the heap limit is hit, `E_ABORTED` on abort, `E_WORKER` otherwise.
 */
export function runWorker<T>(name: 'preview-worker' | 'run-worker' | 'spec-worker' | (string & {}), data: unknown, job: WorkerJob): Promise<T> {
  return new Promise<T>((resolvePromise, reject) => {
    const baseRss = process.memoryUsage.rss();
    const w = spawn(name, data, job.resourceLimits ?? { maxOldGenerationSizeMb: 512, maxYoungGenerationSizeMb: 64 }, job.here);
    let settled = false;
    const memoryError =
      job.memoryError ??
      (() =>
        new NqpfError('E_WORKER_MEMORY', 'stopped: the memory limit was reached', {
          hint: 'the file or the analysis is too large for the workbench; use the command line (`nqpf run`)',
        }));
    const sampler =
      job.memoryCapBytes === undefined
        ? undefined
        : setInterval(() => {
            if (process.memoryUsage.rss() - baseRss > job.memoryCapBytes!) finish(memoryError());
          }, job.memorySampleMs ?? 250);
    const finish = (err: Error | undefined, value?: T) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (sampler) clearInterval(sampler);
      job.signal?.removeEventListener('abort', onAbort);
      void w.terminate();
      if (err) reject(err);
      else resolvePromise(value as T);
    };
    const timeUp = () =>
      finish(
        new NqpfError('E_TIMEOUT', `stopped after the time limit of ${Math.round(job.timeoutMs / 1000)} s`, {
          hint: 'reduce the work (fewer robustness replications, a smaller file) and try again',
        }),
      );
    let timer = setTimeout(timeUp, job.timeoutMs + (job.loadTimeoutMs ?? 0));
    const onAbort = () => finish(new NqpfError('E_ABORTED', 'stopped on request'));
    job.signal?.addEventListener('abort', onAbort);
    w.on('message', (m: { type?: string; result?: T; error?: ErrorJSON }) => {
      if (m?.type === 'started' && job.loadTimeoutMs !== undefined) {
        clearTimeout(timer);
        timer = setTimeout(timeUp, job.timeoutMs);
      } else if (m?.type === 'done') finish(undefined, m.result);
      else if (m?.type === 'error') finish(m.error ? NqpfError.fromJSON(m.error) : new NqpfError('E_WORKER', 'worker failed'));
      else job.onMessage?.(m);
    });
    w.on('error', (e: Error & { code?: string }) => {
      if (e.code === 'ERR_WORKER_OUT_OF_MEMORY')
        finish(
          new NqpfError('E_WORKER_MEMORY', 'stopped: the memory limit was reached', {
            hint: 'the file or the analysis is too large for the workbench; use the command line (`nqpf run`)',
          }),
        );
      else finish(new NqpfError('E_WORKER', `worker failed: ${e.message}`));
    });
    w.on('exit', (code) => finish(new NqpfError('E_WORKER', `worker exited (code ${code}) before finishing`)));
  });
}

/** An error as a worker's message (one serialisation for every thread boundary: `errorToJSON`). */
export function errorMessage(e: unknown): { type: 'error'; error: ErrorJSON } {
  return { type: 'error', error: errorToJSON(e) };
}

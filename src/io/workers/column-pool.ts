/**
 * A column pool (`core/parallel.ts`) on one worker thread, for the per-column work of large
 * pipeline runs repeated in one process (library use, benchmarks). The calling thread posts the
 * worker's share of a task, runs the rest itself, then waits (`Atomics.wait`) for the answer, so
 * `executeLog` stays synchronous.
 *
 * The worker's share: shareable items (arrays on `SharedArrayBuffer`, as `loadProject` allocates
 * panels) from the end of the list, at most half of all items. Results are identical whatever the
 * split (each is the same pure function of its item); errors keep item order. A single
 * `nqpf run` does not start a pool: starting the worker costs more than it saves on one run.
 *
 * The pool is passed explicitly to each run that may use it, `executeLog({ …, pool })`; nothing
 * is installed globally. The worker is unref'd and never keeps the process alive; `close()` stops
 * it (a closed pool runs everything on the calling thread).
 */
import { MessageChannel, receiveMessageOnPort } from 'node:worker_threads';
import { NqpfError, type ErrorJSON } from '../../core/errors.js';
import type { ColumnPool, ColumnTaskName } from '../../core/parallel.js';
import { primeColumnTasks } from '../../pipeline/column-prime.js';
import { spawnSiblingWorker } from './worker-spawn.js';

/** A started pool: pass it as `pool` to `executeLog`; `close()` when done. */
export interface RunningColumnPool extends ColumnPool {
  close(): Promise<void>;
}

type Answer = { ok: unknown } | { error: ErrorJSON };

/** The worker's error for one item, rebuilt: an `NqpfError` as thrown, any other error as it was named. */
function rebuild(e: ErrorJSON): Error {
  if (e.code !== 'E_INTERNAL') return NqpfError.fromJSON(e);
  return Object.assign(new Error(e.message), { name: e.name });
}

/**
 * Start a column pool with one worker thread. Resolves once the worker has loaded its modules.
 * `timeoutMs` bounds each wait for an answer (default 5 min).
 *
 * @example const pool = await startColumnPool(); try { executeLog({ raw, framework, log, pool }); } finally { await pool.close(); }
 */
export async function startColumnPool(opts: { timeoutMs?: number } = {}): Promise<RunningColumnPool> {
  const timeoutMs = opts.timeoutMs ?? 300_000;
  const control = new SharedArrayBuffer(16);
  const ctl = new Int32Array(control); // [0] requests posted, [1] requests answered, [2] worker ready, [3] worker gone
  const { port1, port2 } = new MessageChannel();
  const worker = spawnSiblingWorker(import.meta.url, 'column-worker', { workerData: { control, port: port2 }, transferList: [port2] });
  let failure: Error | undefined;
  worker.on('error', (e) => (failure = e));
  worker.on('exit', (code) => (failure ??= new Error(`column worker exited with code ${code}`)));
  worker.unref();
  port1.unref();
  primeColumnTasks();
  const t0 = Date.now();
  while (Atomics.load(ctl, 2) === 0) {
    if (failure) throw failure;
    if (Date.now() - t0 > 60_000) throw new Error('column worker did not start within 60 s');
    await new Promise((r) => setTimeout(r, 5));
  }
  let posted = 0;
  let closed = false;

  const pool: RunningColumnPool = {
    map<A, R>(task: ColumnTaskName, items: readonly A[], local: (a: A) => R, shareable: (a: A) => boolean): R[] {
      if (closed || failure) return items.map(local);
      const remote = new Set<number>();
      for (let k = items.length - 1; k >= 0 && remote.size < items.length >> 1; k--) if (shareable(items[k])) remote.add(k);
      if (remote.size === 0) return items.map(local);
      const remoteIdx = [...remote].sort((a, b) => a - b);
      port1.postMessage({ task, items: remoteIdx.map((k) => items[k]) });
      posted++;
      Atomics.store(ctl, 0, posted);
      Atomics.notify(ctl, 0);
      const results = new Array<R>(items.length);
      const errors = new Map<number, unknown>();
      for (let k = 0; k < items.length; k++) {
        if (remote.has(k)) continue;
        try {
          results[k] = local(items[k]);
        } catch (e) {
          errors.set(k, e);
          break; // a later item cannot be the first failure
        }
      }
      // Event handlers cannot run while this thread waits, so a worker that exits says so in ctl[3].
      const deadline = Date.now() + timeoutMs;
      while (Atomics.load(ctl, 1) !== posted) {
        Atomics.wait(ctl, 1, posted - 1, 1000);
        if (Atomics.load(ctl, 1) === posted) break;
        if (Atomics.load(ctl, 3) === 1 || Date.now() > deadline) {
          closed = true;
          throw new Error(Atomics.load(ctl, 3) === 1 ? 'column worker exited while computing' : `column worker did not answer within ${timeoutMs} ms`);
        }
      }
      const answers = receiveMessageOnPort(port1)?.message as Answer[] | undefined;
      if (!answers || answers.length !== remoteIdx.length) throw new Error('column worker sent no answer');
      remoteIdx.forEach((k, r) => {
        const a = answers[r];
        if ('ok' in a) results[k] = a.ok as R;
        else errors.set(k, rebuild(a.error));
      });
      if (errors.size) throw errors.get(Math.min(...errors.keys()));
      return results;
    },
    async close() {
      if (closed) return;
      closed = true;
      port1.postMessage('exit');
      Atomics.store(ctl, 0, posted + 1);
      Atomics.notify(ctl, 0);
      await worker.terminate();
      port1.close();
    },
  };
  return pool;
}

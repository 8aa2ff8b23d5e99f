/**
 * What the shared-memory pools (dense-pool.ts: the LU's trailing updates; dea-pool.ts: DEA LPs) do alike with their helper
 * threads: wait until each has loaded, and shut them down. Control words of `ctl` used here: [0] jobs posted (bumped past the
 * last job with an 'exit' message to wake a waiting helper), [2] ready (1 once loaded), [3] gone (1 once it left).
 */
import { MessageChannel, type MessagePort, type Worker } from 'node:worker_threads';
import { spawnSiblingWorker } from './worker-spawn.js';

export interface PoolHelper {
  worker: Worker;
  port: MessagePort;
  ctl: Int32Array;
  posted: number;
  failure?: Error;
}

/**
 * Starts `count` helper threads of the worker module `name` beside the module at `from` (its import.meta.url), each with a
 * shared control block of `controlBytes` and a port of its own; a thread's error or exit becomes its `failure` ("<label>
 * worker exited with code …"). Threads and ports are unref'd: an idle pool does not keep the process alive.
 */
export function spawnHelpers(from: string, name: string, controlBytes: number, label: string, count: number): PoolHelper[] {
  const hs: PoolHelper[] = [];
  for (let h = 0; h < count; h++) {
    const control = new SharedArrayBuffer(controlBytes);
    const { port1, port2 } = new MessageChannel();
    const worker = spawnSiblingWorker(from, name, { workerData: { control, port: port2 }, transferList: [port2] });
    const helper: PoolHelper = { worker, port: port1, ctl: new Int32Array(control), posted: 0 };
    worker.on('error', (e) => (helper.failure = e));
    worker.on('exit', (code) => (helper.failure ??= new Error(`${label} worker exited with code ${code}`)));
    worker.unref();
    port1.unref();
    hs.push(helper);
  }
  return hs;
}

/** Resolves once every helper has loaded, failed or gone, or the pool was closed (`closed()`); polls every 5 ms. */
export async function helpersStarted(hs: readonly PoolHelper[], closed: () => boolean): Promise<void> {
  while (!closed() && hs.some((h) => !h.failure && Atomics.load(h.ctl, 2) === 0 && Atomics.load(h.ctl, 3) === 0)) {
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Tells every helper to exit (waking one that waits on ctl[0]), terminates the threads and closes their ports. */
export async function closeHelpers(hs: readonly PoolHelper[]): Promise<void> {
  for (const h of hs) {
    h.port.postMessage('exit');
    Atomics.store(h.ctl, 0, h.posted + 1);
    Atomics.notify(h.ctl, 0);
  }
  await Promise.all(hs.map((h) => h.worker.terminate()));
  for (const h of hs) h.port.close();
}

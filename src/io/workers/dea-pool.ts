/**
 * DEA across worker threads (issue 17): the per-period kernel calls of a panel — super-SBM of each period, the
 * distance functions D^t(t) and D^G(t) of GML — solved by `threads` workers, each with its own HiGHS instance
 * (the WebAssembly build is single threaded). Tasks go to whichever worker is free; results are put back in task
 * order, and each kernel call passes its own model to HiGHS first, so the results are byte-identical for any
 * number of threads (test/io/dea-pool.test.ts). `threads` ≤ 1 solves in the calling thread.
 *
 * Example: `const steps = await gmlParallel(periods, { rts: 'crs' }, 2)`.
 */
import { NqpfError } from '../../core/errors.js';
import { loadSolver } from '../../lenses/dea/lp.js';
import { checkPanel, globalReference, gmlSteps, type LuenbergerOptions, type LuenbergerStep } from '../../lenses/dea/luenberger.js';
import type { DeaData, DeaResult, SbmOptions } from '../../lenses/dea/models.js';
import { type DeaTask, type DeaTaskResult, runDeaTask } from './dea-tasks.js';
import { spawnSiblingWorker } from './worker-spawn.js';

/** Solve `tasks` on `threads` workers (≤ 1: in this thread); results in task order. */
export async function runDeaTasks(tasks: readonly DeaTask[], threads: number): Promise<DeaTaskResult[]> {
  if (threads <= 1 || tasks.length <= 1) {
    await loadSolver();
    return tasks.map(runDeaTask);
  }
  const out = new Array<DeaTaskResult>(tasks.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(threads, tasks.length) }, () => spawnSiblingWorker(import.meta.url, 'dea-worker'));
  try {
    await Promise.all(
      workers.map(
        (w) =>
          new Promise<void>((resolve, reject) => {
            const feed = () => {
              if (next < tasks.length) {
                const i = next++;
                w.postMessage({ i, task: tasks[i] });
              } else {
                w.postMessage(null);
                resolve();
              }
            };
            w.on('message', (m: { ready?: true; i?: number; result?: DeaTaskResult; error?: { code: string; message: string } }) => {
              if (m.error) reject(new NqpfError((m.error.code as 'E_DEA_LP') ?? 'E_INTERNAL', m.error.message));
              else {
                if (m.i !== undefined) out[m.i] = m.result as DeaTaskResult;
                feed();
              }
            });
            w.on('error', reject);
          }),
      ),
    );
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return out;
}

/** Super-SBM of each period against its own DMUs (`opts` as {@link superSbm}), in parallel. */
export async function superSbmPanel(periods: readonly DeaData[], opts: SbmOptions, threads: number): Promise<DeaResult[]> {
  return (await runDeaTasks(
    periods.map((data) => ({ kind: 'superSbm' as const, data, opts })),
    threads,
  )) as DeaResult[];
}

/** {@link globalMalmquistLuenberger} with its 2T distance-function calls in parallel: the same steps. */
export async function gmlParallel(periods: readonly DeaData[], opts: LuenbergerOptions, threads: number): Promise<LuenbergerStep[]> {
  type Beta = { b: Float64Array; st: ('optimal' | 'infeasible' | 'unbounded' | 'failed')[] };
  checkPanel(periods, 'global Malmquist–Luenberger', opts.path);
  const own = (await runDeaTasks(
    periods.map((data) => ({ kind: 'beta' as const, data, reference: data, opts })),
    threads,
  )) as Beta[];
  const G = globalReference(periods, own, opts);
  const glob = (await runDeaTasks(
    periods.map((data) => ({ kind: 'beta' as const, data, reference: G, opts })),
    threads,
  )) as Beta[];
  return gmlSteps(own, glob, periods[0].n);
}

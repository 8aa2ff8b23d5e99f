/**
 * Worker thread of the DEA pool (./dea-pool.ts): loads HiGHS once, then solves the tasks the pool sends one at a
 * time (a kernel call on one period's data) and answers each with its result. Every kernel call passes its own
 * model to HiGHS first, so a result does not depend on which worker ran it or what it ran before.
 */
import { parentPort } from 'node:worker_threads';
import { errorToJSON } from '../../core/errors.js';
import { loadSolver } from '../../lenses/dea/lp.js';
import { runDeaTask, type DeaTask } from './dea-tasks.js';

await loadSolver();
parentPort!.on('message', (m: { i: number; task: DeaTask } | null) => {
  if (m === null) {
    parentPort!.close();
    return;
  }
  try {
    parentPort!.postMessage({ i: m.i, result: runDeaTask(m.task) });
  } catch (e) {
    parentPort!.postMessage({ i: m.i, error: errorToJSON(e) });
  }
});
parentPort!.postMessage({ ready: true });

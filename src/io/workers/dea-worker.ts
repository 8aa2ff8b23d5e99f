/**
 * Helper thread of the DEA pool (./dea-pool.ts): loads HiGHS once, says it is ready, then waits on its shared control
 * word for lists of tasks posted on its port (taken synchronously), and runs the tasks it takes from each list's
 * shared counter — the same function as the calling thread (`runDeaTask`) — sending every result (or error) back on
 * the port before counting the task done. Every kernel call passes its own model to HiGHS first, so a result does
 * not depend on which thread ran it or what it ran before.
 */
import { receiveMessageOnPort, workerData, type MessagePort } from 'node:worker_threads';
import { errorToJSON } from '../../core/errors.js';
import { runDeaTask } from '../../lenses/dea/executor.js';
import { loadSolver, lpCount } from '../../lenses/dea/lp.js';
import type { DeaJob, DeaJobAnswer } from './dea-pool.js';

const { control, port } = workerData as { control: SharedArrayBuffer; port: MessagePort };
const ctl = new Int32Array(control); // [0] jobs posted, [1] unused, [2] ready, [3] gone

function serve(): void {
  let seen = 0;
  for (;;) {
    Atomics.wait(ctl, 0, seen);
    for (;;) {
      const msg = receiveMessageOnPort(port)?.message as DeaJob | 'exit' | undefined;
      if (msg === 'exit') return;
      if (msg === undefined) break;
      seen++;
      const { tasks, sync } = msg;
      for (let i = Atomics.add(sync, 0, 1); i < tasks.length; i = Atomics.add(sync, 0, 1)) {
        let answer: DeaJobAnswer;
        const l0 = lpCount();
        try {
          answer = { i, result: runDeaTask(tasks[i]), lps: 0 };
        } catch (e) {
          answer = { i, error: errorToJSON(e), lps: 0 };
        }
        answer.lps = lpCount() - l0;
        port.postMessage(answer);
        Atomics.add(sync, 1, 1);
        Atomics.notify(sync, 1);
      }
    }
  }
}

// Tell a caller blocked in Atomics.wait that no answer will come.
process.on('exit', () => {
  Atomics.store(ctl, 3, 1);
});
await loadSolver();
Atomics.store(ctl, 2, 1);
serve();

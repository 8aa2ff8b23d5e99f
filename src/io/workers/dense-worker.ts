/**
 * Helper thread of the dense pool (`dense-pool.ts`): waits on its shared control word, takes the
 * posted LU steps from its port synchronously (the matrix travels as a `SharedArrayBuffer` view,
 * not copied) and runs each with the same function as the calling thread (`luStep`: column chunks
 * taken from the step's shared counter). An error is sent back on the port and flagged in the
 * control words.
 */
import { receiveMessageOnPort, workerData, type MessagePort } from 'node:worker_threads';
import { errorToJSON } from '../../core/errors.js';
import { type LuScratch, type LuStepJob, luScratch, luStep } from '../../kernels/dense-lu.js';

const { control, port } = workerData as { control: SharedArrayBuffer; port: MessagePort };
const ctl = new Int32Array(control); // [0] steps posted, [1] steps done, [2] ready, [3] gone, [4] failed

let scratch: LuScratch | undefined;
let scratchN = -1;

function serve(): void {
  let done = 0;
  for (;;) {
    Atomics.wait(ctl, 0, done);
    for (;;) {
      const msg = receiveMessageOnPort(port)?.message as LuStepJob | 'exit' | undefined;
      if (msg === 'exit') return;
      if (msg === undefined) break;
      try {
        if (scratchN < msg.n) {
          scratch = luScratch(msg.n);
          scratchN = msg.n;
        }
        luStep(msg, scratch);
      } catch (e) {
        Atomics.store(ctl, 4, 1);
        port.postMessage(errorToJSON(e));
      }
      done++;
      Atomics.store(ctl, 1, done);
      Atomics.notify(ctl, 1);
    }
  }
}

// Tell a caller blocked in Atomics.wait that no answer will come.
process.on('exit', () => {
  Atomics.store(ctl, 3, 1);
  Atomics.notify(ctl, 1);
});
Atomics.store(ctl, 2, 1);
Atomics.notify(ctl, 2);
serve();

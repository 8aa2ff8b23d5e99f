/**
 * Worker thread of the column pool (`column-pool.ts`): waits on a shared control word, takes the
 * request from its port synchronously, runs the named task on each item and answers with the
 * results (arrays copied onto shared memory, so the caller and later tasks can use them as they
 * are) or, per item, the error it raised.
 */
import { receiveMessageOnPort, workerData, type MessagePort } from 'node:worker_threads';
import { errorToJSON } from '../../core/errors.js';
import { sharedFloat64, type ColumnTaskName } from '../../core/parallel.js';
import { columnTasks } from '../../pipeline/column-tasks.js';
import { primeColumnTasks } from '../../pipeline/column-prime.js';

const { control, port } = workerData as { control: SharedArrayBuffer; port: MessagePort };
const ctl = new Int32Array(control); // [0] requests posted, [1] requests answered, [2] worker ready, [3] worker gone

function answer(task: ColumnTaskName, items: unknown[]): unknown[] {
  const f = columnTasks[task] as (item: unknown) => unknown;
  return items.map((item) => {
    try {
      const r = f(item);
      if (r instanceof Float64Array && !(r.buffer instanceof SharedArrayBuffer)) {
        const s = sharedFloat64(r.length);
        s.set(r);
        return { ok: s };
      }
      return { ok: r };
    } catch (e) {
      return { error: errorToJSON(e) };
    }
  });
}

function serve(): void {
  let seen = 0;
  for (;;) {
    Atomics.wait(ctl, 0, seen);
    seen = Atomics.load(ctl, 0);
    const msg = receiveMessageOnPort(port)?.message as { task: ColumnTaskName; items: unknown[] } | 'exit' | undefined;
    if (msg === 'exit' || msg === undefined) return;
    const out = answer(msg.task, msg.items);
    try {
      port.postMessage(out);
    } catch (e) {
      // an answer that cannot be cloned (e.g. error data holding a function): say so per item
      port.postMessage(out.map(() => ({ error: errorToJSON(new Error(`column worker could not send its answer: ${(e as Error).message}`)) })));
    }
    Atomics.store(ctl, 1, seen);
    Atomics.notify(ctl, 1);
  }
}

// Tell a caller blocked in Atomics.wait that no answer will come (its event loop cannot see 'exit').
process.on('exit', () => {
  Atomics.store(ctl, 3, 1);
  Atomics.notify(ctl, 1);
});
primeColumnTasks();
Atomics.store(ctl, 2, 1);
Atomics.notify(ctl, 2);
serve();

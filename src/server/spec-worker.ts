/**
 * Worker thread: parse and validate one spec text (./spec-check.ts). Started by ./workers.ts with a
 * heap, stack and time limit, so that a spec that would take long or exhaust memory stops this
 * worker, not the server.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { validateSpecText } from './spec-check.js';
import { errorMessage } from './workers.js';

const init = workerData as { text: string; fileNames?: string[] };
// Modules are loaded: the time limit of the check counts from here (workers.ts, loadTimeoutMs).
parentPort!.postMessage({ type: 'started' });
try {
  parentPort!.postMessage({ type: 'done', result: validateSpecText(init.text, init.fileNames) });
} catch (e) {
  parentPort!.postMessage(errorMessage(e));
}

/**
 * Worker thread: parse and validate spec texts (./spec-check.ts), one message `{ text, fileNames }` at a time,
 * each answered with `{type:'done', result}` or `{type:'error', error}`. Started by ./spec-workers.ts with a
 * heap, stack and time limit, so that a spec that would take long or exhaust memory stops this worker, not the
 * server; a worker that answered is kept for the next check (loading the spec schema's modules costs ≈ 1 s of
 * CPU, the check of an ordinary spec milliseconds).
 */
import { parentPort } from 'node:worker_threads';
import { validateSpecText } from './spec-check.js';
import { errorMessage } from './workers.js';

parentPort!.on('message', (job: { text: string; fileNames?: string[] }) => {
  try {
    parentPort!.postMessage({ type: 'done', result: validateSpecText(job.text, job.fileNames) });
  } catch (e) {
    parentPort!.postMessage(errorMessage(e));
  }
});
// Modules are loaded: the time limit of a check counts from here (./spec-workers.ts).
parentPort!.postMessage({ type: 'started' });

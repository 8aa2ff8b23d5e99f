/**
 * Worker thread: preview one uploaded file (see ./preview.ts). Started by ./workers.ts with a heap
 * and time limit; answers with one `{type:'done', result}` or `{type:'error', error}` message.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { previewTable } from './preview.js';
import { errorMessage } from './workers.js';
import type { ZipLimits } from './zip-guard.js';

const init = workerData as { bytes: Uint8Array; name: string; maxRows?: number; zipLimits?: ZipLimits };
// Modules are loaded: the time limit of the preview counts from here (workers.ts, loadTimeoutMs).
parentPort!.postMessage({ type: 'started' });
try {
  const result = await previewTable(init.bytes, init.name, { maxRows: init.maxRows, zipLimits: init.zipLimits });
  parentPort!.postMessage({ type: 'done', result });
} catch (e) {
  parentPort!.postMessage(errorMessage(e));
}

/**
 * Worker thread: run one materialised project (`runProject`, exactly as `nqpf run`) and report
 * progress, warnings and the result. Started by ./runs.ts through ./workers.ts with a heap and time
 * limit. The environment given to spec interpolation is empty: a spec uploaded to the workbench
 * cannot read the server's environment variables.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { runProject } from '../io/run-project.js';
import { errorMessage } from './workers.js';

const init = workerData as { specPath: string; out: string; seed?: number; workers?: number };
try {
  parentPort!.postMessage({ type: 'progress', phase: 'running', done: 0, total: 0 });
  const r = await runProject(init.specPath, {
    out: init.out,
    seed: init.seed,
    env: {},
    workers: init.workers,
    logger: {
      warn: (w) => parentPort!.postMessage({ type: 'warning', warning: { code: w.code, message: w.message } }),
      info: (message) => parentPort!.postMessage({ type: 'info', message }),
    },
    onProgress: (done, total) => parentPort!.postMessage({ type: 'progress', phase: 'robustness', done, total }),
  });
  parentPort!.postMessage({
    type: 'done',
    result: { seed: r.seed, outDir: r.outDir, files: r.files, inputs: r.project.inputs.map((i) => ({ ...i })), warnings: r.project.warnings.map((w) => ({ code: w.code, message: w.message })) },
  });
} catch (e) {
  parentPort!.postMessage(errorMessage(e));
}

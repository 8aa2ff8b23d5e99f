/**
 * Worker thread: run one materialised project (`runProject`, exactly as `nqpf run`) and report
 * progress, warnings and the result. Started by ./runs.ts through ./workers.ts with a heap, memory
 * and time limit. The environment given to spec interpolation is empty: a spec uploaded to the
 * workbench cannot read the server's environment variables.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { runProject } from '../app/run-project.js';
import { installMemoryGuard } from './memory-guard.js';
import { errorMessage } from './workers.js';

const init = workerData as { specPath: string; out: string; seed?: number; workers?: number; memoryCapMb?: number };
// Over the memory cap: report it and end this thread at once (the parent then stops the run).
const guard = init.memoryCapMb
  ? installMemoryGuard(init.memoryCapMb, (e) => {
      parentPort!.postMessage(errorMessage(e));
      process.exit(1);
    })
  : undefined;
try {
  parentPort!.postMessage({ type: 'progress', phase: 'running', done: 0, total: 0 });
  const r = await runProject(init.specPath, {
    out: init.out,
    seed: init.seed,
    env: {},
    maxWorkers: init.workers,
    logger: {
      warn: (w) => {
        guard?.check();
        parentPort!.postMessage({ type: 'warning', warning: { code: w.code, message: w.message } });
      },
      info: (message) => {
        guard?.check();
        parentPort!.postMessage({ type: 'info', message });
      },
    },
    onProgress: (done, total) => {
      guard?.check();
      parentPort!.postMessage({ type: 'progress', phase: 'robustness', done, total });
    },
  });
  guard?.stop();
  parentPort!.postMessage({
    type: 'done',
    result: {
      seed: r.seed,
      outDir: r.outDir,
      files: r.files,
      inputs: r.project.inputs.map((i) => ({ ...i })),
      warnings: r.project.warnings.map((w) => ({ code: w.code, message: w.message })),
    },
  });
} catch (e) {
  guard?.stop();
  parentPort!.postMessage(errorMessage(e));
}

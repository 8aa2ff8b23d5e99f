/**
 * Worker thread of the robustness engine: loads the project once, builds its own engine, then
 * answers {start, end} requests with the outputs of those replications. Outputs depend only on
 * (spec, data, seed, run index), so any split over workers gives identical results.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { errorToJSON } from '../../core/errors.js';
import { loadProject } from '../read/load-project.js';
import { RobustnessEngine } from '../../robustness/engine.js';
import { pointFor, type RunKind } from './robustness-run.js';
import { saltelliDesign } from '../../robustness/sampling.js';

interface Init {
  specPath: string;
  env: Record<string, string | undefined>;
  seed: number;
  kind: RunKind;
  nBase: number;
}
const init = workerData as Init;

const project = await loadProject(init.specPath, { env: init.env });
const engine = new RobustnessEngine({
  raw: project.panel,
  framework: project.framework,
  steps: project.spec.steps,
  groupAttr: project.groupAttr,
  spec: project.spec.robustness!,
  seed: init.seed,
});
const design = init.kind === 'sensitivity' ? saltelliDesign(init.nBase, engine.factors.length, init.seed) : undefined;
const u = new Float64Array(engine.factors.length);

parentPort!.on('message', (m: { start: number; end: number } | 'exit') => {
  if (m === 'exit') {
    process.exit(0);
  }
  try {
    const n = m.end - m.start;
    const scores = new Float64Array(n * engine.nOut);
    const ranks = new Float64Array(n * engine.nOut);
    for (let r = m.start; r < m.end; r++) engine.run(pointFor(init.kind, init.seed, design, r, u), scores, ranks, (r - m.start) * engine.nOut, r);
    parentPort!.postMessage({ start: m.start, end: m.end, scores, ranks }, [scores.buffer, ranks.buffer]);
  } catch (e) {
    parentPort!.postMessage({ error: errorToJSON(e) });
  }
});
parentPort!.postMessage({ ready: true });

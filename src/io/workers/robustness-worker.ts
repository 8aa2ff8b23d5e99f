/**
 * Worker thread of the robustness engine: builds its engine once from the constructed input the
 * main thread hands over (panel, framework, steps, robustness spec, seed — one structured clone;
 * no file is read again), then answers {kind, nBase, start, end} jobs with the outputs of those
 * replications. Outputs depend only on (input, run index), so any split gives identical results.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { errorToJSON } from '../../core/errors.js';
import { type EngineInput, RobustnessEngine } from '../../robustness/engine.js';
import { type SaltelliDesign, saltelliDesign } from '../../robustness/sampling.js';
import { pointFor, type RunKind } from './robustness-run.js';

const input = workerData as EngineInput;
let engine: RobustnessEngine;
try {
  engine = new RobustnessEngine(input);
} catch (e) {
  parentPort!.postMessage({ error: errorToJSON(e) });
  throw e;
}
const designs = new Map<number, SaltelliDesign>();
const u = new Float64Array(engine.factors.length);

parentPort!.on('message', (m: { kind: RunKind; nBase: number; start: number; end: number; single?: boolean }) => {
  try {
    let design: SaltelliDesign | undefined;
    if (m.kind === 'sensitivity') {
      design = designs.get(m.nBase);
      if (!design) designs.set(m.nBase, (design = saltelliDesign(m.nBase, engine.factors.length, input.seed)));
    }
    const n = m.end - m.start;
    // Single precision when the main thread keeps the phase so (large runs): half the bytes to send, and the rounding is done here.
    const scores = m.single ? new Float32Array(n * engine.nOut) : new Float64Array(n * engine.nOut);
    const ranks = m.single ? new Float32Array(n * engine.nOut) : new Float64Array(n * engine.nOut);
    for (let r = m.start; r < m.end; r++) engine.run(pointFor(m.kind, input.seed, design, r, u), scores, ranks, (r - m.start) * engine.nOut, r);
    parentPort!.postMessage({ start: m.start, end: m.end, scores, ranks }, [scores.buffer, ranks.buffer]);
  } catch (e) {
    parentPort!.postMessage({ error: errorToJSON(e) });
  }
});
parentPort!.postMessage({ ready: true });

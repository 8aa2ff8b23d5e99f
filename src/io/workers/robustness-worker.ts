/**
 * Worker thread of the robustness engine: builds its engine once from the constructed input the
 * main thread hands over (panel, framework, steps, robustness spec, seed — one structured clone;
 * no file is read again) as its workerData, or, when it was started before that input existed
 * (prestartRobustnessWorkers: its modules load while the main thread reads the data), as its first
 * message; then it takes part in each phase it is sent (robustness-run.ts): it claims
 * slices from the phase's shared counter until none is left — replications written into the shared
 * output buffers, uncertainty statistics of ranges of outputs, method comparisons and left-out
 * indicators (each answered with its result) — and answers done. Every value depends only on
 * (input, index), so any split gives identical results.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { errorToJSON } from '../../core/errors.js';
import { compareChoice, leaveOneOut, uncertaintyStats } from '../../robustness/analyse.js';
import { type EngineInput, RobustnessEngine, type RunOutputs } from '../../robustness/engine.js';
import { type SaltelliDesign, saltelliDesign } from '../../robustness/sampling.js';
import { claim, computeSlice, type InputMessage, type PhaseMessage, type Reply, runSlice, type WorkerInput } from './robustness-run.js';
import { StateChannel } from './state-channel.js';

let input: EngineInput;
let engine: RobustnessEngine;
const designs = new Map<number, SaltelliDesign>();
let u: Float64Array;
let nominal: RunOutputs | undefined;
const post = (m: Reply) => parentPort!.postMessage(m);

/** Build the engine from the input; answers ready, or the error (and stops answering). */
function build(i: WorkerInput): boolean {
  input = i.input;
  // The run's shared construction states: opened first, so that nothing published meanwhile is missed.
  const states = new StateChannel(i.states);
  try {
    engine = new RobustnessEngine(input);
    engine.exchange = states;
  } catch (e) {
    post({ error: errorToJSON(e) });
    return false;
  }
  u = new Float64Array(engine.factors.length);
  post({ ready: true });
  return true;
}

parentPort!.on('message', (m: PhaseMessage | InputMessage) => {
  if (m.type === 'input') {
    if (!build(m)) parentPort!.close();
    return;
  }
  try {
    const c = m.counter;
    if (m.type === 'runs') {
      let design: SaltelliDesign | undefined;
      if (m.kind === 'sensitivity') {
        design = designs.get(m.nBase);
        if (!design) designs.set(m.nBase, (design = saltelliDesign(m.nBase, engine.factors.length, input.seed)));
      }
      for (let s = claim(c, m.nRuns, runSlice(c, m.nRuns, m.threads)); s; s = claim(c, m.nRuns, runSlice(c, m.nRuns, m.threads))) {
        computeSlice(engine, m.kind, input.seed, design, s[0], s[1], m, u);
        Atomics.add(c, 1, s[1] - s[0]);
      }
    } else if (m.type === 'stats') {
      nominal ??= engine.nominal();
      const n = Math.ceil(m.nOut / m.slice);
      for (let s = claim(c, n, 1); s; s = claim(c, n, 1)) {
        uncertaintyStats(m, m.N, m.nOut, nominal.ranks, s[0] * m.slice, Math.min(m.nOut, (s[0] + 1) * m.slice), m.into);
        Atomics.add(c, 1, 1);
      }
    } else {
      nominal ??= engine.nominal();
      const n = m.nCompare + m.nLoo;
      for (let s = claim(c, n, 1); s; s = claim(c, n, 1)) {
        const i = s[0];
        if (i < m.nCompare) post({ item: i, compare: compareChoice(engine, nominal, i) });
        else {
          const loo = leaveOneOut(engine, nominal, engine.indicators[i - m.nCompare]);
          parentPort!.postMessage({ item: i, loo } satisfies Reply, [loo.ranks.buffer]);
        }
        Atomics.add(c, 1, 1);
      }
    }
    post({ done: true });
  } catch (e) {
    post({ error: errorToJSON(e) });
  }
});
if (workerData && !build(workerData as WorkerInput)) parentPort!.close();

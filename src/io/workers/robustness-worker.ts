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
import {
  claim,
  computeSlice,
  type EarlyStart,
  type InputMessage,
  outBuffer,
  type PhaseMessage,
  type Reply,
  runSlice,
  singlePrecision,
  type WorkerInput,
} from './robustness-run.js';
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
  if (i.early) beginEarly(i.early);
  return true;
}

/**
 * The uncertainty replications, begun before the main thread's run reaches them (it computes the
 * pipeline, analyses and checks meanwhile) unless it has closed that start: into buffers allocated
 * here and announced to it, which its phase then shares. Nothing is answered at the end: the phase
 * message the main thread sends later finds the runs claimed and answers done.
 */
function beginEarly(e: EarlyStart): void {
  const nRuns = input.spec.uncertainty?.replications ?? 0;
  if (nRuns <= 0 || Atomics.compareExchange(e.control, 0, 0, 1) !== 0) return;
  const n = nRuns * engine.nOut;
  const single = singlePrecision(nRuns, engine.nOut, e.singleAbove);
  const m: PhaseMessage = {
    type: 'runs',
    kind: 'uncertainty',
    nBase: 0,
    nRuns,
    threads: e.threads,
    counter: new Int32Array(new SharedArrayBuffer(8)),
    scores: outBuffer(single, n, true),
    ranks: outBuffer(single, n, true),
  };
  post({ early: { counter: m.counter, scores: m.scores, ranks: m.ranks } });
  try {
    phase(m);
  } catch (x) {
    post({ error: errorToJSON(x) });
  }
}

parentPort!.on('message', (m: PhaseMessage | InputMessage) => {
  if (m.type === 'input') {
    if (!build(m)) parentPort!.close();
    return;
  }
  try {
    phase(m);
    post({ done: true });
  } catch (e) {
    post({ error: errorToJSON(e) });
  }
});

/** Take slices of a phase until none is left. */
function phase(m: PhaseMessage): void {
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
}
if (workerData && !build(workerData as WorkerInput)) parentPort!.close();

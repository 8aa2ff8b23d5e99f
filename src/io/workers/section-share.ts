/**
 * A section's parts computed by two threads: this one and a helper that would otherwise wait (the
 * figures worker, idle until the run's tables exist; see figures-run.ts `lend`). The helper is
 * handed the section's input once (one structured clone) and both threads take part numbers from
 * one shared counter; the helper sends each part it computed over a message port, which this
 * thread reads synchronously (`receiveMessageOnPort`) while the section runs. Each part is computed
 * from the input alone by the section's own part function (the spatial section's parts seed their
 * permutations by score and period), so the results are the same values for any split, including
 * none (a helper that has not started by the time this thread has taken every part takes nothing).
 *
 * Why the spatial section: with 999 permutations it is most of a city run's analyses (287 cities ×
 * 12 years: ≈ 3,400 local tests of 999 conditional permutations and 36 global tests of 999).
 */
import { MessageChannel, type MessagePort, receiveMessageOnPort } from 'node:worker_threads';
import { type ErrorJSON, NqpfError, errorToJSON } from '../../core/errors.js';
import { type SpatialInput, spatialPart } from '../../analysis/spatial/analysis.js';

/** The part functions by section. */
const PARTS = { spatial: (input: unknown, j: number): unknown => spatialPart(input as SpatialInput, j) } as const;

export type ShareSection = keyof typeof PARTS;

/** What the helper is handed: `state` = [next part, parts delivered]. */
export interface ShareJob {
  section: ShareSection;
  input: unknown;
  n: number;
  state: SharedArrayBuffer;
  port: MessagePort;
}

type PartMessage = { j: number; value: unknown } | { j: number; error: ErrorJSON };

/**
 * How long this thread waits without any part delivered before it computes the helper's missing
 * parts itself (a helper that stopped; the values are the same either way). A part is a few
 * milliseconds, so this only matters when the helper is gone.
 */
const STALL_MS = 30_000;

/**
 * `share(section, input, n)` for an analysis context (AnalysisContext.share): parts 0 … n − 1 in
 * order, computed here and by the helper `post` reaches (post(message, transfer) hands it a
 * {@link ShareJob}; false: no helper, all parts are computed here). The first part that failed
 * (in part order) throws, as computing them in order would.
 */
export function shareWith(post: (job: { share: ShareJob }, transfer: MessagePort[]) => boolean) {
  return (section: ShareSection, input: unknown, n: number): unknown[] => {
    const part = PARTS[section];
    const state = new Int32Array(new SharedArrayBuffer(8));
    const { port1, port2 } = new MessageChannel();
    const lent = post({ share: { section, input, n, state: state.buffer, port: port2 } }, [port2]);
    const out: ({ value: unknown } | { error: unknown } | undefined)[] = new Array(n);
    const compute = (j: number) => {
      try {
        out[j] = { value: part(input, j) };
      } catch (e) {
        out[j] = { error: e };
      }
    };
    let missing = n;
    for (let j = Atomics.add(state, 0, 1); j < n; j = Atomics.add(state, 0, 1), missing--) compute(j);
    // The helper's parts: read as delivered; wait on the delivered count between them.
    let seen = -1;
    let since = Date.now();
    while (lent && missing > 0) {
      const delivered = Atomics.load(state, 1);
      for (let m = receiveMessageOnPort(port1); m; m = receiveMessageOnPort(port1)) {
        const msg = m.message as PartMessage;
        out[msg.j] = 'error' in msg ? { error: msg.error.code !== 'E_INTERNAL' ? NqpfError.fromJSON(msg.error) : new Error(msg.error.message) } : msg;
        missing--;
      }
      if (missing === 0) break;
      if (delivered !== seen) {
        seen = delivered;
        since = Date.now();
      } else if (Date.now() - since > STALL_MS) break;
      Atomics.wait(state, 1, delivered, 1000);
    }
    port1.close();
    for (let j = 0; j < n; j++) if (!out[j]) compute(j);
    return out.map((r) => {
      if (r && 'error' in r) throw r.error;
      return r!.value;
    });
  };
}

/** The helper's side: take parts from the counter until none is left, sending each as it is done. */
export function workShare(job: ShareJob): void {
  const state = new Int32Array(job.state);
  const part = PARTS[job.section];
  for (let j = Atomics.add(state, 0, 1); j < job.n; j = Atomics.add(state, 0, 1)) {
    let msg: PartMessage;
    try {
      msg = { j, value: part(job.input, j) };
    } catch (e) {
      msg = { j, error: errorToJSON(e) };
    }
    job.port.postMessage(msg);
    Atomics.add(state, 1, 1);
    Atomics.notify(state, 1);
  }
  job.port.close();
}

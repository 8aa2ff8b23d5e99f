/**
 * The figures of a run directory, drawn on a worker thread (see ./figures-worker.ts). Same files,
 * byte for byte, as `writeFigures` on this thread: the worker runs that function on the same
 * inputs. Errors come back as they were thrown (NqpfError with code, location and hint).
 *
 * The worker can be started before the run directory exists ({@link startFiguresWorker}): it then
 * loads ECharts and the chart modules (≈ 0.3 s of CPU, most of a small run's figure time) on
 * another core while the run computes, and draws as soon as it is handed the directory. An idle
 * worker does not keep the process alive, and `close` stops one that was never used.
 *
 * A run hands it the charts its construction alone gives as soon as the pipeline has run
 * ({@link FiguresWorker.early}): it draws them while the analyses and the robustness run, and the
 * remaining charts when it is handed the directory.
 *
 * The caller's thread can draw a share once its own work is done ({@link FiguresWorker.help}): the
 * worker and it take charts from one shared counter (write/figures.ts, ChartQueue), so a run whose
 * figures take longer than its other outputs draws them on two cores; the files are the same for
 * any split.
 */
import { availableParallelism } from 'node:os';
import { NqpfError, type ErrorJSON, errorToJSON } from '../../core/errors.js';
import type { RunBundle } from '../../report/bundle.js';
import type { FigureOptions, writeFigures } from '../write/figures.js';
import type { FigureCharts } from '../../report/charts/index.js';
import type { MessagePort } from 'node:worker_threads';
import type { ShareJob } from './section-share.js';
import { spawnSiblingWorker } from './worker-spawn.js';

type Written = Awaited<ReturnType<typeof writeFigures>>;

/** A started figures worker: one `run`, then it stops. */
export interface FiguresWorker {
  /**
   * Draw the figures of run directory `dir` (at most once per worker). `bundle`: the directory as
   * read (readRunDir) or as the run wrote it (runBundleOf), when the caller has it — handed over in
   * one structured clone instead of the worker reading and parsing every CSV again. `charts`: the
   * charts as report/charts figureCharts builds them from `bundle` and `opts`, when the caller has
   * built them — the worker is then sent them and the run.json, not the tables, and builds nothing.
   */
  run(dir: string, lang: 'zh' | 'en', opts: FigureOptions, bundle?: RunBundle, charts?: FigureCharts): Promise<Written>;
  /**
   * Hand the worker, before {@link run}, the charts the run's construction alone gives (report/charts
   * constructionCharts, from the bundle of the construction's tables): it draws them into memory now,
   * between the parts of a computation it is lent ({@link lend}). {@link run} must then be given the
   * remaining charts (remainingCharts: their report order with these); it writes all. At most once.
   */
  early(lang: 'zh' | 'en', opts: FigureOptions, charts: FigureCharts): void;
  /**
   * Draw on this thread the charts of the running job that the worker has not taken yet, from
   * `bundle` (the directory's, as handed to {@link run}), and hand them to the worker, which writes
   * them with its own. Only when it can pay ({@link helpPays}, unless `always`): the worker's work left
   * is longer than this thread's set-up. Resolves to the number of charts drawn here; never rejects (a failure
   * after taking a chart reaches the worker, and so {@link run}'s promise).
   */
  help(bundle: RunBundle, opts?: { always?: boolean }): Promise<number>;
  /** Stop the worker unless it is drawing (idempotent; a finished or failed one has stopped already). */
  close(): void;
  /**
   * Hand the worker, while it waits for its run, a share of a computation (./section-share.ts): it takes
   * parts until none is left (drawing early charts, between two of them), then goes on. False when it has
   * stopped or has its run already.
   */
  lend(message: { share: ShareJob }, transfer: MessagePort[]): boolean;
}

/** Start a figures worker now, to be handed its run directory later. */
export function startFiguresWorker(): FiguresWorker {
  const w = spawnSiblingWorker(import.meta.url, 'figures-worker');
  w.unref(); // idle, it does not hold the process open
  let answer: ((m: { done?: Written; error?: ErrorJSON } | Error) => void) | undefined;
  let early: Error | undefined; // failed before it was given a job (e.g. a module that did not load)
  let stopped = false;
  const finish = (m: { done?: Written; error?: ErrorJSON } | Error): void => {
    if (stopped) return;
    stopped = true;
    void w.terminate();
    if (answer) answer(m);
    else if (m instanceof Error) early = m;
  };
  w.on('message', (m: { done?: Written; error?: ErrorJSON }) => finish(m));
  w.on('error', (e) => finish(e));
  w.on('exit', (code) => finish(new Error(`figures worker exited with code ${code} before answering`)));
  let started = false;
  let job: { lang: 'zh' | 'en'; opts: FigureOptions; state: Int32Array; charts?: FigureCharts } | undefined;
  let first: { charts: FigureCharts; state: Int32Array } | undefined; // the early charts
  return {
    run(dir, lang, opts, bundle, charts) {
      if (started) throw new Error('a figures worker draws one run');
      started = true;
      return new Promise<Written>((resolve, reject) => {
        answer = (m) => {
          if (m instanceof Error) reject(m);
          else if (m.error) reject(m.error.code !== 'E_INTERNAL' ? NqpfError.fromJSON(m.error) : new Error(m.error.message));
          else resolve(m.done!);
        };
        if (early) return answer(early);
        if (stopped) return answer(new Error('figures worker stopped before it was used'));
        if (first && !charts) return answer(new Error('figures worker: early charts without the remaining ones'));
        // [next chart to draw, number of charts (-1: not known yet)]; the early charts' counter goes on
        // (they are the first indices of the run's charts).
        const state = first?.state ?? newQueueState();
        const all = first && charts ? { ...charts, specs: [...first.charts.specs, ...charts.specs], geo: first.charts.geo } : charts;
        Atomics.store(state, 1, all ? all.specs.length : -1);
        job = { lang, opts, state, charts: all };
        w.ref();
        const sent = charts && bundle ? { run: bundle.run, tables: new Map() } : bundle;
        // After early charts, the remaining ones without the map (the worker has it: it is the early charts').
        w.postMessage({ dir, lang, opts, bundle: sent, queue: state.buffer, charts: first && charts ? { ...charts, geo: undefined } : charts });
      });
    },
    async help(bundle, o = {}) {
      if (!job || stopped) return 0;
      const { state } = job;
      const count = Atomics.load(state, 1);
      if (!o.always && !helpPays(helpFacts(state, count))) return 0;
      let took = false;
      let drawn = new Map<number, string>();
      try {
        const { drawTaken } = await import('../write/figures.js');
        // A map handed in with the job is the caller's (the report's too): ECharts gets a copy of its own.
        const opts = job.opts.map ? { ...job.opts, map: structuredClone(job.opts.map) } : job.opts;
        const charts = job.charts?.geo ? { ...job.charts, geo: structuredClone(job.charts.geo) } : job.charts;
        drawn = await drawTaken(
          bundle,
          job.lang,
          opts,
          () => {
            took = true;
            return stopped ? Number.MAX_SAFE_INTEGER : Atomics.add(state, 0, 1);
          },
          charts,
        );
        if (took && !stopped) w.postMessage({ drawn: [...drawn] });
      } catch (e) {
        if (took && !stopped) w.postMessage({ drawnError: errorToJSON(e) });
        return 0;
      }
      return drawn.size;
    },
    early(lang, opts, charts) {
      if (started || stopped || first) return;
      const state = newQueueState();
      first = { charts, state };
      w.postMessage({ early: { lang, opts, charts, queue: state.buffer } });
    },
    lend(message, transfer) {
      if (started || stopped) return false;
      w.postMessage(message, transfer);
      return true;
    },
    close() {
      if (!started && !stopped) {
        stopped = true;
        void w.terminate();
      }
    },
  };
}

/**
 * The shared state of a run's charts (figures-worker.ts writes 2–4): [0] next chart to draw, [1] number
 * of charts (−1: not known yet), [2] charts the worker has drawn, [3] its drawing time for them (ms,
 * wall), [4] its start-up time (ms, wall: thread, modules and ECharts; 0: not known yet).
 */
function newQueueState(): Int32Array {
  const state = new Int32Array(new SharedArrayBuffer(5 * 4));
  state[1] = -1;
  return state;
}

/** What {@link helpPays} weighs, read from the shared state now. */
function helpFacts(state: Int32Array, count: number): Parameters<typeof helpPays>[0] {
  const drawn = Atomics.load(state, 2);
  return {
    left: count < 0 ? Infinity : count - Atomics.load(state, 0),
    msPerChart: drawn > 0 ? Atomics.load(state, 3) / drawn : undefined,
    setupMs: Atomics.load(state, 4),
    cores: availableParallelism(),
  };
}

/**
 * Whether the calling thread should draw charts beside the figures worker, which it would otherwise
 * wait for: it first loads ECharts and registers the map (its set-up, about the worker's own start-up:
 * ≈ 0.2–0.3 s on an idle machine), which pays when the worker's work left W is longer than the set-up
 * S — the two then finish in about S + (W − S)/2 instead of W — by enough to be worth the set-up's
 * CPU: W > 1.5 S plus one chart (the last chart either draws), a gain of at least a quarter of S; and
 * with at least two charts left and two cores.
 * `left`: charts not taken yet (Infinity: the worker has not counted them yet); `msPerChart`: the
 * worker's mean drawing time so far (undefined: none drawn yet — it is still starting, and helping pays
 * with two charts left); `setupMs`: the worker's start-up time (0: not known). Times are wall times of
 * the same machine at the same load, so their ratio holds on a busy machine too; there the help is one
 * more of this run's threads at work instead of waiting (the machine's load is not consulted: its
 * runnable count includes every process, and at any load above the cores this thread never helped).
 */
export function helpPays(o: { left: number; msPerChart?: number; setupMs: number; cores: number }): boolean {
  if (o.cores < 2 || o.left < 2) return false;
  if (o.msPerChart === undefined || !Number.isFinite(o.left)) return true;
  return o.left * o.msPerChart > 1.5 * o.setupMs + o.msPerChart;
}

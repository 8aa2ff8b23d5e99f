/**
 * The figures of a run directory, drawn on a worker thread (see ./figures-worker.ts). Same files,
 * byte for byte, as `writeFigures` on this thread: the worker runs that function on the same
 * inputs. Errors come back as they were thrown (NqpfError with code, location and hint).
 *
 * The worker can be started before the run directory exists ({@link startFiguresWorker}): it then
 * loads ECharts and the chart modules (≈ 0.3 s of CPU, most of a small run's figure time) on
 * another core while the run computes, and draws as soon as it is handed the directory. An idle
 * worker does not keep the process alive, and `close` stops one that was never used.
 */
import { NqpfError, type ErrorJSON } from '../../core/errors.js';
import type { RunBundle } from '../../report/bundle.js';
import type { writeFigures } from '../write/figures.js';
import { spawnSiblingWorker } from './worker-spawn.js';

type Written = Awaited<ReturnType<typeof writeFigures>>;
type FigureOptions = Parameters<typeof writeFigures>[3];

/** A started figures worker: one `run`, then it stops. */
export interface FiguresWorker {
  /**
   * Draw the figures of run directory `dir` (at most once per worker). `bundle`: the directory as
   * read (readRunDir) or as the run wrote it (runBundleOf), when the caller has it — handed over in
   * one structured clone instead of the worker reading and parsing every CSV again.
   */
  run(dir: string, lang: 'zh' | 'en', opts: FigureOptions, bundle?: RunBundle): Promise<Written>;
  /** Stop the worker unless it is drawing (idempotent; a finished or failed one has stopped already). */
  close(): void;
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
  return {
    run(dir, lang, opts, bundle) {
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
        w.ref();
        w.postMessage({ dir, lang, opts, bundle });
      });
    },
    close() {
      if (!started && !stopped) {
        stopped = true;
        void w.terminate();
      }
    },
  };
}

/** Draw the figures of `dir` on a new worker thread (`worker`: one started earlier with {@link startFiguresWorker}; `bundle`: see {@link FiguresWorker.run}). */
export function writeFiguresOnWorker(dir: string, lang: 'zh' | 'en', opts: FigureOptions, worker?: FiguresWorker, bundle?: RunBundle): Promise<Written> {
  return (worker ?? startFiguresWorker()).run(dir, lang, opts, bundle);
}

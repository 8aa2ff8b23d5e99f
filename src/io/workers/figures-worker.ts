/**
 * Worker thread that writes a run directory's figures (ECharts SSR → SVG, resvg → PNG), so the
 * figures — the most expensive output to draw — are drawn on another core while the main thread
 * writes the workbook, the Word tables and the report. Its modules (ECharts, the charts) load when
 * it starts, which can be before the run directory exists (figures-run.ts); it then waits for the
 * job: the directory (the CSV tables and run.json are written before it is sent) and, when the
 * caller has it, the directory's bundle (the tables as read back; else read here). It answers once.
 *
 * With the job comes a shared counter (`queue`: [next chart, chart count]): the main thread may
 * draw charts too once its own outputs are written, taking them from the same counter, and then
 * sends the SVGs it drew (`drawn`), which this thread writes with its own (write/figures.ts,
 * ChartQueue).
 */
import { parentPort } from 'node:worker_threads';
import { type ErrorJSON, NqpfError, errorToJSON } from '../../core/errors.js';
import type { RunBundle } from '../../report/bundle.js';
import { type ChartQueue, type FigureOptions, writeFigures } from '../write/figures.js';
import type { ShareJob } from './section-share.js';
import type { FigureCharts } from '../../report/charts/index.js';

/** `charts`: built by the caller from the bundle (report/charts figureCharts); `bundle` is then its run.json only. */
type Job = { dir: string; lang: 'zh' | 'en'; opts: FigureOptions; bundle?: RunBundle; queue?: SharedArrayBuffer; charts?: FigureCharts };
type Drawn = { drawn: [number, string][] } | { drawnError: ErrorJSON };

let job = false;
let drawn: ((m: Drawn) => void) | undefined;
let early: Drawn | undefined;
parentPort!.on('message', (m: Job | Drawn | { share: ShareJob }) => {
  if ('share' in m) void import('./section-share.js').then((s) => s.workShare(m.share));
  else if ('dir' in m) {
    if (!job) void draw(m);
    job = true;
  } else if (drawn) drawn(m);
  else early = m;
});

/** The main thread's SVGs, when it has sent them. */
function others(): Promise<ReadonlyMap<number, string>> {
  return new Promise((resolve, reject) => {
    drawn = (m) => {
      if ('drawn' in m) resolve(new Map(m.drawn));
      else reject(m.drawnError.code !== 'E_INTERNAL' ? NqpfError.fromJSON(m.drawnError) : new Error(m.drawnError.message));
    };
    if (early) drawn(early);
  });
}

async function draw(job: Job): Promise<void> {
  try {
    const bundle = job.bundle ?? (await (await import('../read/run-dir.js')).readRunDir(job.dir));
    const state = job.queue ? new Int32Array(job.queue) : undefined;
    const queue: ChartQueue | undefined = state && {
      start: (n) => Atomics.store(state, 1, n),
      take: () => Atomics.add(state, 0, 1),
      others,
    };
    const written = await writeFigures(bundle, job.dir, job.lang, job.opts, queue, job.charts);
    parentPort!.postMessage({ done: written });
  } catch (e) {
    parentPort!.postMessage({ error: errorToJSON(e) });
  }
}

/**
 * Worker thread that writes a run directory's figures (ECharts SSR → SVG, resvg → PNG), so the
 * figures — the most expensive output to draw — are drawn on another core while the main thread
 * computes and writes the rest. Its modules (ECharts, the charts) load when it starts, which can be
 * before the run directory exists (figures-run.ts); it then waits for the job: the directory (the CSV
 * tables and run.json are written before it is sent, unless the charts come with it) and, when the
 * caller has it, the directory's bundle (the tables as read back; else read here). It answers once.
 *
 * Before the job it may be handed the charts the run's construction alone gives (`early`, built by
 * the main thread once the pipeline has run): it draws them into memory then, between the parts of any
 * computation it is lent (`share`, taken between two charts), and writes them with the others when the
 * job comes, whose charts are then the remaining ones.
 *
 * With the job (or the early charts) comes a shared counter (`queue`: [next chart, chart count]): the
 * main thread may draw charts too once its own outputs are written, taking them from the same counter,
 * and then sends the SVGs it drew (`drawn`), which this thread writes with its own (write/figures.ts,
 * ChartQueue).
 */
import { parentPort } from 'node:worker_threads';
import { type ErrorJSON, NqpfError, errorToJSON } from '../../core/errors.js';
import type { RunBundle } from '../../report/bundle.js';
import { type ChartQueue, type FigureOptions, drawTaken, writeFigures } from '../write/figures.js';
import type { ShareJob } from './section-share.js';
import type { FigureCharts } from '../../report/charts/index.js';

/**
 * `charts`: built by the caller from the bundle (report/charts figureCharts); `bundle` is then its run.json only. After
 * early charts: the remaining charts, with the report order of all (remainingCharts).
 */
type Job = { dir: string; lang: 'zh' | 'en'; opts: FigureOptions; bundle?: RunBundle; queue?: SharedArrayBuffer; charts?: FigureCharts };
/** The construction's charts (report/charts constructionCharts), drawn before the job; `queue` is the job's counter too. */
type Early = { early: { lang: 'zh' | 'en'; opts: FigureOptions; charts: FigureCharts; queue: SharedArrayBuffer } };
type Drawn = { drawn: [number, string][] } | { drawnError: ErrorJSON };

/** This thread's start-up: thread, modules, ECharts (ms since it started). */
const startup = Math.round(performance.now());
/** Time spent on lent shares (ms), left out of the charts' drawing times. */
let sharing = 0;

let job = false;
let drawn: ((m: Drawn) => void) | undefined;
let pending: Drawn | undefined;
/** The early charts: those drawn here, the first index taken past them (drawn once the job has come), the drawing's end. */
let early: { charts: FigureCharts; svgs: Map<number, string>; parked?: number; done: Promise<void>; error?: unknown } | undefined;
parentPort!.on('message', (m: Job | Early | Drawn | { share: ShareJob }) => {
  if ('share' in m)
    void import('./section-share.js').then((s) => {
      const t = performance.now();
      s.workShare(m.share);
      sharing += performance.now() - t;
    });
  else if ('early' in m) {
    if (!job && !early) drawEarly(m.early);
  } else if ('dir' in m) {
    if (!job) void draw(m);
    job = true;
  } else if (drawn) drawn(m);
  else pending = m;
});

/**
 * `take` with the drawing times measured for the main thread's choice to help (figures-run.ts
 * helpPays): the time from one index handed out to the next is that chart's drawing, less any lent
 * share worked in between; counted in the shared state ([2] charts, [3] ms), with the start-up ([4]).
 */
function timed(state: Int32Array, n: () => number, take: () => number): () => number {
  Atomics.store(state, 4, Math.max(1, startup));
  let since = -1;
  let shared = 0;
  return () => {
    const now = performance.now();
    if (since >= 0) {
      Atomics.add(state, 3, Math.max(0, Math.round(now - since - (sharing - shared))));
      Atomics.add(state, 2, 1);
    }
    const i = take();
    since = i < n() ? now : -1;
    shared = sharing;
    return i;
  };
}

/**
 * Draw the early charts from the shared counter until it hands out an index past them (kept for the job,
 * whose charts follow them): one chart at a time, yielding between charts, so a lent computation's parts
 * are taken as soon as the chart at hand is drawn.
 */
function drawEarly(e: Early['early']): void {
  const state = new Int32Array(e.queue);
  const n = e.charts.specs.length;
  const stage: NonNullable<typeof early> = { charts: e.charts, svgs: new Map(), done: Promise.resolve() };
  const take = timed(
    state,
    () => n,
    () => {
      const i = Atomics.add(state, 0, 1);
      if (i >= n) stage.parked = i;
      return i;
    },
  );
  const none: RunBundle = { run: { nqpf: '', synthetic: false, seed: 0, spec: {}, inputs: [] }, tables: new Map() }; // unread: the charts are given
  stage.done = drawTaken(none, e.lang, e.opts, take, e.charts).then(
    (m) => void (stage.svgs = m),
    (err: unknown) => void (stage.error = err),
  );
  early = stage;
}

/** The main thread's SVGs, when it has sent them. */
function others(): Promise<ReadonlyMap<number, string>> {
  return new Promise((resolve, reject) => {
    drawn = (m) => {
      if ('drawn' in m) resolve(new Map(m.drawn));
      else reject(m.drawnError.code !== 'E_INTERNAL' ? NqpfError.fromJSON(m.drawnError) : new Error(m.drawnError.message));
    };
    if (pending) drawn(pending);
  });
}

async function draw(job: Job): Promise<void> {
  try {
    const bundle = job.bundle ?? (await (await import('../read/run-dir.js')).readRunDir(job.dir));
    const state = job.queue ? new Int32Array(job.queue) : undefined;
    let charts = job.charts;
    let queue: ChartQueue | undefined;
    if (early) {
      await early.done;
      if (early.error !== undefined) throw early.error;
      if (!charts || !state) throw new Error('figures worker: early charts without the remaining ones');
      const first = early.charts;
      charts = { ...charts, specs: [...first.specs, ...charts.specs], geo: first.geo };
      const total = charts.specs.length;
      const { svgs } = early;
      let parked = early.parked;
      let mine = svgs.size; // charts drawn here, early or now
      queue = {
        start: (count) => Atomics.store(state, 1, count),
        take: timed(
          state,
          () => total,
          () => {
            let i: number;
            if (parked !== undefined) [i, parked] = [parked, undefined];
            else i = Atomics.add(state, 0, 1);
            if (i < total) mine++;
            return i;
          },
        ),
        // The early SVGs, and the main thread's when it took any.
        others: async () => {
          const all = new Map(svgs);
          if (mine < total) for (const [i, svg] of await others()) all.set(i, svg);
          return all;
        },
      };
    } else if (state) {
      let count = Number.MAX_SAFE_INTEGER;
      const start = (n: number) => void Atomics.store(state, 1, (count = n));
      queue = {
        start,
        take: timed(
          state,
          () => count,
          () => Atomics.add(state, 0, 1),
        ),
        others,
      };
    }
    const written = await writeFigures(bundle, job.dir, job.lang, job.opts, queue, charts);
    parentPort!.postMessage({ done: written });
  } catch (e) {
    parentPort!.postMessage({ error: errorToJSON(e) });
  }
}

/**
 * Worker thread that writes a run directory's figures (ECharts SSR → SVG, resvg → PNG), so the
 * figures — the most expensive output to draw — are drawn on another core while the main thread
 * writes the workbook, the Word tables and the report. Its modules (ECharts, the charts) load when
 * it starts, which can be before the run directory exists (figures-run.ts); it then waits for the
 * job: the directory (the CSV tables and run.json are written before it is sent) and, when the
 * caller has it, the directory's bundle (the tables as read back; else read here). It answers once.
 */
import { parentPort } from 'node:worker_threads';
import { errorToJSON } from '../../core/errors.js';
import type { RunBundle } from '../../report/bundle.js';
import { readRunDir } from '../read/run-dir.js';
import { writeFigures } from '../write/figures.js';

type Job = { dir: string; lang: 'zh' | 'en'; opts: Parameters<typeof writeFigures>[3]; bundle?: RunBundle };

parentPort!.once('message', async (job: Job) => {
  try {
    const bundle = job.bundle ?? (await readRunDir(job.dir));
    const written = await writeFigures(bundle, job.dir, job.lang, job.opts);
    parentPort!.postMessage({ done: written });
  } catch (e) {
    parentPort!.postMessage({ error: errorToJSON(e) });
  }
});

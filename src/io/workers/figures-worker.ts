/**
 * Worker thread that writes a run directory's figures (ECharts SSR → SVG, resvg → PNG), so the
 * figures — the most expensive output to draw — are drawn on another core while the main thread
 * writes the workbook, the Word tables and the report. It reads the run directory itself (the
 * CSV tables and run.json are written before it starts) and answers once.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { errorToJSON } from '../../core/errors.js';
import { readRunDir } from '../read/run-dir.js';
import { writeFigures } from '../write/figures.js';

const job = workerData as { dir: string; lang: 'zh' | 'en'; opts: Parameters<typeof writeFigures>[3] };
try {
  const bundle = await readRunDir(job.dir);
  const written = await writeFigures(bundle, job.dir, job.lang, job.opts);
  parentPort!.postMessage({ done: written });
} catch (e) {
  parentPort!.postMessage({ error: errorToJSON(e) });
}

/**
 * A run's CSV files, the large ones written on threads of their own (csv-writer-worker.ts) while
 * the main thread goes on (issue 14: at 50,000 units × 15 periods × 40 indicators the data sets and
 * ranks are ≈ 2 GB of text, ≈ 12 s of formatting that held up the robustness analysis and the rest).
 *
 * {@link CsvFiles.write} hands the idle thread each group of tables held by columns with the same row
 * count (writeCsvFiles writes such a group side by side: shared columns formatted once, identical
 * tables copied) when the group has at least {@link THREAD_MIN_CELLS} cells, every column can cross
 * to the thread (a Float64Array, copied once onto shared memory unless it is there already, or a label
 * column made by core/label-columns.ts) and its number texts are not kept for the workbook (a
 * group writeCsvFiles would keep is written here); every other table is written on the calling thread
 * before write returns. The files are the same bytes either way: the thread runs writeCsvFiles too.
 * The tables handed over are split by the numeric columns they share between up to
 * {@link WRITER_THREADS} threads ({@link writerBatches}: at 50,000 units the raw data set and its
 * unchanged copies on one, the normalised and aggregated data sets and the ranks on the other), so
 * the longest chain of writing is about half of it and the cores' share of the run's work can even out.
 */
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { NqpfError } from '../../core/errors.js';
import { sharedFloat64 } from '../../core/parallel.js';
import { DATASET_NAMES, type PipelineResult } from '../../pipeline/run.js';
import { type ColumnPattern, patternColumnOf } from '../../core/label-columns.js';
import { type CsvColumn, type CsvTableSource, KEEP_CELLS, KEEP_TABLE_CELLS, writeCsvFiles } from '../write/csv-write.js';
import type { CsvJob } from './csv-writer-worker.js';
import { spawnSiblingWorker } from './worker-spawn.js';

/** Cells of a group of tables from which it is written on the thread: below, starting the thread (≈ 30–50 ms) costs about what it saves. */
export const THREAD_MIN_CELLS = 2_000_000;

/**
 * The same once a writer thread is running and idle (its start paid for): a table handed over then costs a copy of its
 * numbers (≈ 1 ms for 100,000 cells) and saves their formatting here (≈ 10 ms), e.g. the uncertainty table of a
 * 5,000-unit run (75,000 rows × 15), which the main thread wrote while the robustness worker waited for it.
 */
export const RUNNING_MIN_CELLS = 100_000;

export interface CsvFilesOptions {
  bom?: boolean;
  /** Keep number texts for the workbook (writeCsvFiles' keepTexts); tables written on the thread keep none. */
  keepTexts?: boolean;
  /** Whether a thread may be used (a run's `--workers 1` says no); also needs a second core. */
  thread?: boolean;
  /** Cells from which a group goes to the thread (default {@link THREAD_MIN_CELLS}; tests write small tables there). */
  minCells?: number;
}

/** The groups of `tables` {@link CsvFiles} hands to its thread (see there), in order. */
export function threadTables(tables: readonly CsvTableSource[], keepTexts: boolean, minCells = THREAD_MIN_CELLS): CsvTableSource[] {
  const groups = new Map<number, CsvTableSource[]>();
  for (const t of tables) {
    if (!t.columns) continue;
    const g = groups.get(t.columns.nRows);
    if (g) g.push(t);
    else groups.set(t.columns.nRows, [t]);
  }
  const away: CsvTableSource[] = [];
  for (const [nRows, g] of groups) {
    const cells = g.map((t) => nRows * t.header.length);
    const total = cells.reduce((a, b) => a + b, 0);
    const kept = keepTexts && total <= KEEP_CELLS && cells.every((c) => c <= KEEP_TABLE_CELLS);
    const movable = g.every(
      (t) => t.columns!.cells.length === t.header.length && t.columns!.cells.every((c) => c instanceof Float64Array || patternColumnOf(c)),
    );
    if (total >= minCells && !kept && movable) away.push(...g);
  }
  return away;
}

/** `x` on shared memory: itself when it is there, else its copy (one per array: kept in `copies`). */
function sharedCopy(x: Float64Array, copies: Map<Float64Array, Float64Array>): Float64Array {
  if (x.buffer instanceof SharedArrayBuffer) return x;
  let s = copies.get(x);
  if (!s) {
    s = sharedFloat64(x.length);
    s.set(x);
    copies.set(x, s);
  }
  return s;
}

/**
 * A large run's data-set and rank columns moved onto shared memory, each once (a column several data
 * sets share stays one array), in place of the originals, which are then garbage: the CSV thread takes
 * them without another copy (≈ 280 MB at 50,000 units × 15 periods × 40 indicators, which the copy in
 * {@link CsvFiles.write} held beside them while the robustness analysis ran). Called right after the
 * pipeline, before anything else holds its columns; the values are unchanged. Nothing moves when the
 * data sets' files have fewer than {@link THREAD_MIN_CELLS} cells in all.
 */
export function shareColumns(r: PipelineResult): void {
  // The cells of the data sets' files (one group of the same row count, with the ranks: threadTables).
  let cells = 0;
  for (const d of DATASET_NAMES) {
    const p = r.datasets[d];
    cells += p.units.length * Math.max(1, p.periods.length) * (p.indicators.length + 2);
  }
  if (cells < THREAD_MIN_CELLS) return;
  const copies = new Map<Float64Array, Float64Array>();
  const share = (x: Float64Array) => sharedCopy(x, copies);
  for (const d of DATASET_NAMES) {
    const values = r.datasets[d].values;
    for (const [code, v] of values) values.set(code, share(v));
  }
  for (const rk of r.ranks) {
    rk.overall = share(rk.overall);
    if (rk.group) rk.group = share(rk.group);
  }
}

/** Writer threads a {@link CsvFiles} starts at most: one per independent part of its tables, so no one thread carries them all. */
export const WRITER_THREADS = 2;

/**
 * `tables` in independent parts: tables that share a numeric column are in one part (writeCsvFiles formats a
 * shared column once, copies an identical table's file and starts a table with an earlier one's lines only within
 * one call); label columns, cheap to format, may be in several. Then the parts as `k` batches of about equal cells
 * (largest part first, to the lightest batch), each batch's tables in their order in `tables`; empty batches dropped.
 */
export function writerBatches(tables: readonly CsvTableSource[], k: number): CsvTableSource[][] {
  const parent = tables.map((_, i) => i);
  const root = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]];
    return i;
  };
  const owner = new Map<Float64Array, number>();
  tables.forEach((t, i) => {
    for (const c of t.columns?.cells ?? []) {
      if (!(c instanceof Float64Array)) continue;
      const j = owner.get(c);
      if (j === undefined) owner.set(c, i);
      else parent[root(i)] = root(j);
    }
  });
  const parts = new Map<number, number[]>();
  tables.forEach((_, i) => {
    const r = root(i);
    const p = parts.get(r);
    if (p) p.push(i);
    else parts.set(r, [i]);
  });
  const cellsOf = (p: number[]) => p.reduce((a, i) => a + (tables[i].columns?.nRows ?? tables[i].rows.length) * tables[i].header.length, 0);
  const sorted = [...parts.values()].sort((a, b) => cellsOf(b) - cellsOf(a) || a[0] - b[0]);
  const batches = Array.from({ length: Math.max(1, k) }, () => ({ cells: 0, tables: [] as number[] }));
  for (const p of sorted) {
    let b = batches[0];
    for (const x of batches) if (x.cells < b.cells) b = x;
    b.cells += cellsOf(p);
    b.tables.push(...p);
  }
  return batches.filter((b) => b.tables.length).map((b) => b.tables.sort((x, y) => x - y).map((i) => tables[i]));
}

export class CsvFiles {
  private readonly workers: Worker[] = [];
  private readonly jobs: Promise<void>[] = [];
  private readonly waiting = new Map<number, { resolve: () => void; reject: (e: Error) => void }>();
  private next = 0;
  private failure?: Error;
  /** Tables handed to the thread so far. */
  threaded = 0;

  constructor(
    readonly dir: string,
    private readonly opts: CsvFilesOptions,
  ) {}

  /**
   * Writes `tables` into the directory: the large groups on the thread (waited for by {@link finish}) when it is
   * idle (a later call while it still writes an earlier one's tables writes them here, side by side), the others now.
   */
  write(tables: readonly CsvTableSource[]): void {
    // While the thread still writes earlier tables, these are written here meanwhile.
    const min = Math.min(this.opts.minCells ?? THREAD_MIN_CELLS, this.workers.length > 0 ? RUNNING_MIN_CELLS : Infinity);
    const away = this.opts.thread && this.waiting.size === 0 && availableParallelism() > 1 ? threadTables(tables, this.opts.keepTexts === true, min) : [];
    if (away.length) for (const [k, batch] of writerBatches(away, WRITER_THREADS).entries()) this.post(k, batch);
    this.threaded += away.length;
    const here = away.length ? tables.filter((t) => !away.includes(t)) : tables;
    writeCsvFiles(this.dir, here, { bom: this.opts.bom, keepTexts: this.opts.keepTexts });
  }

  /** Resolves once every file handed to the thread is written (rejects with the first failure), and stops the thread. */
  async finish(): Promise<void> {
    try {
      await this.written();
    } finally {
      await this.close();
    }
  }

  /** Resolves once every file handed to the threads so far is written (rejects with the first failure); the threads stay, idle. */
  async written(): Promise<void> {
    await Promise.all(this.jobs);
  }

  /** Waits until the thread has stopped writing (each job finished or failed), then stops it: after a failure elsewhere, before the directory is removed. */
  async settle(): Promise<void> {
    await Promise.allSettled(this.jobs);
    await this.close();
  }

  private async close(): Promise<void> {
    const ws = this.workers.splice(0);
    for (const w of ws) w.removeAllListeners('exit');
    await Promise.all(ws.map((w) => w.terminate()));
  }

  /** Posts `tables` as one job to writer thread k (started when it is not running). */
  private post(k: number, tables: readonly CsvTableSource[]): void {
    const worker = this.workers[k] ?? this.start();
    // Numeric columns onto shared memory, each once (a column object several tables share stays one object in the message).
    const copies = new Map<Float64Array, Float64Array>();
    const cell = (c: CsvColumn): Float64Array | ColumnPattern => (c instanceof Float64Array ? sharedCopy(c, copies) : patternColumnOf(c)!);
    const id = this.next++;
    const job: CsvJob = {
      id,
      dir: this.dir,
      bom: this.opts.bom !== false,
      tables: tables.map((t) => ({ file: t.file, header: t.header, nRows: t.columns!.nRows, cells: t.columns!.cells.map(cell) })),
    };
    const done = new Promise<void>((resolve, reject) => {
      if (this.failure) reject(this.failure);
      else this.waiting.set(id, { resolve, reject });
    });
    done.catch(() => undefined); // read by finish or settle
    this.jobs.push(done);
    worker.postMessage(job);
  }

  private start(): Worker {
    const w = spawnSiblingWorker(import.meta.url, 'csv-writer-worker');
    const fail = (e: Error) => {
      this.failure ??= e;
      for (const p of this.waiting.values()) p.reject(e);
      this.waiting.clear();
    };
    w.on('message', (m: { id: number; error?: ReturnType<NqpfError['toJSON']> }) => {
      const p = this.waiting.get(m.id);
      this.waiting.delete(m.id);
      if (!p) return;
      if (m.error) p.reject(m.error.code !== 'E_INTERNAL' ? NqpfError.fromJSON(m.error) : new Error(m.error.message));
      else p.resolve();
    });
    w.on('error', fail);
    w.on('exit', (code) => fail(new Error(`CSV writer thread exited with code ${code}`)));
    this.workers.push(w);
    return w;
  }
}

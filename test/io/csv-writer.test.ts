/**
 * The CSV writer thread (src/io/workers/csv-writer-run.ts): which tables it takes, that its files are
 * the bytes writeCsvFiles writes on the calling thread, that its errors come back as they would there,
 * and that a run writes the same files with it (default) and without it (--workers 1).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { NqpfError } from '../../src/core/errors.js';
import type { PipelineResult } from '../../src/pipeline/run.js';
import { runProject } from '../../src/app/run-project.js';
import {
  CsvFiles,
  RUNNING_MIN_CELLS,
  shareColumns,
  THREAD_MIN_CELLS,
  threadTables,
  WRITER_THREADS,
  writerBatches,
} from '../../src/io/workers/csv-writer-run.js';
import { patternColumn } from '../../src/core/label-columns.js';
import { blockColumn, cycleColumn } from '../../src/io/write/csv-columns.js';
import { type CsvColumn, type CsvTableSource, KEEP_TABLE_CELLS, writeCsvFiles } from '../../src/io/write/csv-write.js';

const tempDir = () => mkdtempSync(join(tmpdir(), 'nqpf-csv-thread-'));
const byColumns = (file: string, header: string[], nRows: number, cells: CsvColumn[]): CsvTableSource => ({
  file,
  header,
  rows: [],
  columns: { nRows, cells },
});

/** Tables shaped like a run's data sets: shared label columns, one table a copy of another, one starting with another's columns, one reordering them. */
function runLikeTables(nU: number, nT: number): CsvTableSource[] {
  const n = nU * nT;
  const units = Array.from({ length: nU }, (_, i) => (i % 5 === 0 ? `=u${i}` : `城市${i}`));
  const unit = cycleColumn(units, nU);
  const period = blockColumn(
    Array.from({ length: nT }, (_, t) => (t % 4 === 3 ? `p${t}` : 2000 + t)),
    nU,
  );
  const group = cycleColumn(
    Array.from({ length: nU }, (_, i) => (i % 7 === 0 ? null : `g,${i % 3}`)),
    nU,
  );
  const x = Float64Array.from({ length: n }, (_, i) => (i % 11 === 0 ? NaN : Math.sin(i) * 10 ** ((i % 9) - 4)));
  const y = Float64Array.from({ length: n }, (_, i) => Math.round(i * 37.1234) / 10_000);
  const z = Float64Array.from({ length: n }, (_, i) => (i % 13 === 0 ? -0 : 1 / (i + 1)));
  const r = Float64Array.from({ length: n }, (_, i) => 1 + ((i * 7919) % nU));
  const nx = x.map((v) => v / 3);
  const ny = y.map((v) => 1 - v);
  return [
    byColumns('data_raw.csv', ['unit', 'period', 'x', 'y'], n, [unit, period, x, y]),
    byColumns('data_treated.csv', ['unit', 'period', 'x', 'y'], n, [unit, period, x, y]),
    byColumns('data_normalised.csv', ['unit', 'period', 'x', 'y'], n, [unit, period, nx, ny]),
    byColumns('data_aggregated.csv', ['unit', 'period', 'x', 'y', 'z'], n, [unit, period, nx, ny, z]),
    byColumns('ranks.csv', ['unit', 'period', 'region', 'z', 'z_rank'], n, [unit, period, group, z, r]),
    byColumns('other.csv', ['unit', 'y', 'x', '-h', 'k'], n, [unit, y, x, x, patternColumn(['a', '=b', 7, null], 5, 3)]),
  ];
}

const filesOf = (d: string) => Object.fromEntries(readdirSync(d).map((f) => [f, readFileSync(join(d, f))]));

describe('CSV writer thread', () => {
  it('writes on its thread, byte for byte, what writeCsvFiles writes here (two blocks of rows and more, with and without BOM)', async () => {
    const tables = runLikeTables(1_234, 7); // 8,638 rows: more than two blocks of 4,096
    const plain: CsvTableSource = {
      file: 'small.csv',
      header: ['k', 'v'],
      rows: [
        ['a', 1],
        ['=b', null],
      ],
    };
    for (const bom of [true, false]) {
      const here = tempDir();
      const there = tempDir();
      try {
        writeCsvFiles(here, [...tables, plain], { bom });
        const csv = new CsvFiles(there, { bom, thread: true, minCells: 1 });
        csv.write([...tables, plain]);
        await csv.finish();
        expect(csv.threaded).toBe(tables.length); // every table by columns went to the thread; the table by rows was written here
        const a = filesOf(here);
        const b = filesOf(there);
        expect(Object.keys(b).sort()).toEqual(Object.keys(a).sort());
        for (const f of Object.keys(a)) expect(b[f].equals(a[f]), f).toBe(true);
      } finally {
        rmSync(here, { recursive: true, force: true });
        rmSync(there, { recursive: true, force: true });
      }
    }
  });

  it('pattern columns: row i is values[⌊i / div⌋ mod mod]', () => {
    const v = ['a', 'b', 'c'];
    expect(Array.from({ length: 7 }, (_, i) => patternColumn(v, 1, 3)(i))).toEqual(['a', 'b', 'c', 'a', 'b', 'c', 'a']);
    expect(Array.from({ length: 7 }, (_, i) => patternColumn(v, 3)(i))).toEqual(['a', 'a', 'a', 'b', 'b', 'b', 'c']);
    expect(Array.from({ length: 7 }, (_, i) => patternColumn(v, 2, 3)(i))).toEqual(['a', 'a', 'b', 'b', 'c', 'c', 'a']);
  });

  it('a write while the thread is still busy is written here, side by side', async () => {
    const [raw, treated, , agg, ranks, other] = runLikeTables(300, 4);
    const d = tempDir();
    const here = tempDir();
    try {
      const csv = new CsvFiles(d, { thread: true, minCells: 1 });
      csv.write([raw, treated, agg]);
      csv.write([ranks, other]); // the first job cannot have been answered yet: no event loop turn between
      expect(csv.threaded).toBe(availableParallelism() > 1 ? 3 : 0);
      await csv.finish();
      writeCsvFiles(here, [raw, treated, agg, ranks, other]);
      const a = filesOf(here);
      const b = filesOf(d);
      expect(Object.keys(b).sort()).toEqual(Object.keys(a).sort());
      for (const f of Object.keys(a)) expect(b[f].equals(a[f]), f).toBe(true);
    } finally {
      rmSync(d, { recursive: true, force: true });
      rmSync(here, { recursive: true, force: true });
    }
  });

  it('splits the tables between two writer threads by the numeric columns they share', () => {
    const [raw, treated, normalised, aggregated, ranks, other] = runLikeTables(50, 2);
    // raw, treated and other share x and y; normalised, aggregated and ranks share nx, ny and z.
    const batches = writerBatches([raw, treated, normalised, aggregated, ranks, other], WRITER_THREADS);
    expect(WRITER_THREADS).toBe(2);
    expect(batches.map((b) => b.map((t) => t.file))).toEqual([
      ['data_normalised.csv', 'data_aggregated.csv', 'ranks.csv'],
      ['data_raw.csv', 'data_treated.csv', 'other.csv'],
    ]);
    expect(writerBatches([raw, treated, normalised], 1).map((b) => b.length)).toEqual([3]);
    // More parts than threads: the largest first, each to the lightest batch.
    const t = (file: string, nRows: number) => byColumns(file, ['v'], nRows, [new Float64Array(nRows)]);
    expect(writerBatches([t('a', 10), t('b', 50), t('c', 30), t('d', 25)], 2).map((b) => b.map((x) => x.file))).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]); // b (50) and a (10); c (30) and d (25)
  });

  it('once a writer thread runs, an idle one also takes a smaller table (from RUNNING_MIN_CELLS cells)', async () => {
    const [raw, treated, normalised, aggregated] = runLikeTables(10_000, 3);
    const d = tempDir();
    try {
      const csv = new CsvFiles(d, { thread: true, minCells: 2 * RUNNING_MIN_CELLS });
      csv.write([normalised]); // 120,000 cells: below minCells, no thread runs: written here
      expect(csv.threaded).toBe(0);
      csv.write([raw, treated, normalised, aggregated]); // 510,000 cells: to the thread
      const started = csv.threaded;
      await csv.written();
      const small = byColumns('small.csv', ['v'], RUNNING_MIN_CELLS, [new Float64Array(RUNNING_MIN_CELLS).fill(0.5)]);
      csv.write([small]); // below minCells (2 × RUNNING_MIN_CELLS), but a thread runs and is idle
      expect(csv.threaded - started).toBe(started > 0 ? 1 : 0);
      await csv.finish();
      expect(readFileSync(join(d, 'small.csv'), 'utf8')).toBe(`\uFEFFv\n${'0.5\n'.repeat(RUNNING_MIN_CELLS)}`);
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  });

  it('takes only large groups whose columns can cross and whose texts the workbook does not keep', () => {
    const tables = runLikeTables(100, 3);
    expect(threadTables(tables, false, 1)).toEqual(tables);
    expect(threadTables(tables, false)).toEqual([]); // 300 rows: below THREAD_MIN_CELLS
    expect(threadTables(tables, true, 1)).toEqual([]); // small: the workbook keeps their texts, so they are written here
    // A column given as a plain function cannot cross: its whole group stays.
    const opaque = byColumns('f.csv', ['u'], 300, [(i: number) => `u${i}`]);
    expect(threadTables([...tables, opaque], false, 1)).toEqual([]);
    // A group of another row count is judged alone; tables by rows always stay.
    const other = byColumns('g.csv', ['v'], 7, [new Float64Array(7)]);
    expect(threadTables([...tables, other, { file: 'r.csv', header: ['a'], rows: [[1]] }], false, 1)).toEqual([...tables, other]);
    // A table above the workbook's limit is not kept, so its group goes even when texts are kept.
    const big = KEEP_TABLE_CELLS + 1;
    const wide = byColumns('w.csv', ['v'], big, [new Float64Array(big)]);
    expect(threadTables([wide], true)).toEqual([wide]);
    expect(big).toBeGreaterThanOrEqual(THREAD_MIN_CELLS);
  });

  it("returns the thread's error as the calling thread would raise it, and writes nothing more", async () => {
    const d = tempDir();
    try {
      const inf = Float64Array.of(1, Infinity);
      const csv = new CsvFiles(d, { thread: true, minCells: 1 });
      csv.write([byColumns('i.csv', ['v'], 2, [inf])]);
      const e = await csv.finish().then(
        () => undefined,
        (x: unknown) => x,
      );
      expect(e).toBeInstanceOf(NqpfError);
      expect((e as NqpfError).code).toBe('E_CSV_WRITE');
      expect((e as NqpfError).message).toContain('row 2, column "v"');
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  });

  it("shareColumns moves a large run's columns onto shared memory once each, values unchanged, and leaves a small run as it is", () => {
    const panel = (values: Map<string, Float64Array>, nU: number) => ({
      units: Array.from({ length: nU }, (_, i) => `u${i}`),
      periods: ['1', '2'],
      indicators: [...values.keys()],
      values,
    });
    const run = (nU: number) => {
      const a = Float64Array.from({ length: 2 * nU }, (_, i) => i / 3);
      const b = Float64Array.from({ length: 2 * nU }, (_, i) => -i);
      const raw = panel(
        new Map([
          ['a', a],
          ['b', b],
        ]),
        nU,
      );
      const agg = panel(
        new Map([
          ['a', a],
          ['b', b],
          ['I', Float64Array.from(a, (v, i) => v + b[i])],
        ]),
        nU,
      );
      const datasets = { raw, denominated: raw, imputed: raw, screened: raw, treated: raw, normalised: raw, aggregated: agg };
      return { datasets, ranks: [{ code: 'I', overall: Float64Array.from(a, (_, i) => 1 + (i % nU)) }] } as unknown as PipelineResult;
    };
    const nU = Math.ceil(THREAD_MIN_CELLS / 56); // 7 data sets × 2 periods × ≥ 4 columns (2 label + 2–3 value columns)
    const r = run(nU);
    const before = { a: r.datasets.raw.values.get('a')!.slice(), I: r.datasets.aggregated.values.get('I')!.slice(), rank: r.ranks[0].overall.slice() };
    shareColumns(r);
    const a = r.datasets.raw.values.get('a')!;
    expect(a.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(r.datasets.aggregated.values.get('a')).toBe(a); // one copy for the data sets that shared it
    expect(r.datasets.aggregated.values.get('I')!.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(r.ranks[0].overall.buffer).toBeInstanceOf(SharedArrayBuffer);
    const same = (x: Float64Array, y: Float64Array) => x.length === y.length && x.every((v, i) => Object.is(v, y[i]));
    expect(same(a, before.a)).toBe(true);
    expect(same(r.datasets.aggregated.values.get('I')!, before.I)).toBe(true);
    expect(same(r.ranks[0].overall, before.rank)).toBe(true);
    const small = run(10);
    shareColumns(small);
    expect(small.datasets.raw.values.get('a')!.buffer).toBeInstanceOf(ArrayBuffer);
  });

  it('a run writes the same files with its large data sets on the thread (default) and without (--workers 1)', async () => {
    // 500 units × 15 periods × 40 indicators: the files of the 7 data sets and the ranks have ≥ THREAD_MIN_CELLS cells, so they go to the thread.
    const d = tempDir();
    const threaded: number[] = [];
    const finish = CsvFiles.prototype.finish;
    const spy = vi.spyOn(CsvFiles.prototype, 'finish').mockImplementation(function (this: CsvFiles) {
      threaded.push(this.threaded);
      return finish.call(this);
    });
    try {
      const nU = 500;
      const nT = 15;
      const nI = 40;
      expect(7 * nU * nT * (nI + 2)).toBeGreaterThanOrEqual(THREAD_MIN_CELLS);
      const lines = [`unit,year,region,${Array.from({ length: nI }, (_, j) => `x${j + 1}`).join(',')}`];
      for (let t = 0; t < nT; t++)
        for (let u = 0; u < nU; u++)
          lines.push(
            `f${u},${2000 + t},g${u % 4},${Array.from({ length: nI }, (_, j) => (((u * 31 + t * 7 + j * 13) % 997) / 10 + 1 + j).toFixed(2)).join(',')}`,
          );
      writeFileSync(join(d, 'panel.csv'), `${lines.join('\n')}\n`);
      const fw = Array.from({ length: nI }, (_, j) => `    - { code: x${j + 1}, parent: D${(j % 4) + 1} }`).join('\n');
      writeFileSync(
        join(d, 'spec.yaml'),
        `data: { file: panel.csv, unit: unit, period: year, attributes: [region] }
units: { group: region }
framework:
  nodes:
    - { code: Index }
${[1, 2, 3, 4].map((k) => `    - { code: D${k}, parent: Index }`).join('\n')}
${fw}
steps:
  normalise: { method: minmax, range: [0, 1], scope: pooled }
  weight: { method: entropy, scope: global, pooling: pooled }
outputs: { docx: false, report: false, xlsx: false, figures: none }
`,
      );
      await runProject(join(d, 'spec.yaml'), { out: join(d, 'one'), workers: 1 });
      expect(threaded.every((n) => n === 0)).toBe(true);
      threaded.length = 0;
      await runProject(join(d, 'spec.yaml'), { out: join(d, 'default') });
      expect(Math.max(...threaded)).toBe(availableParallelism() > 1 ? 8 : 0); // the 7 data sets and the ranks
      const a = filesOf(join(d, 'one'));
      const b = filesOf(join(d, 'default'));
      expect(Object.keys(b).sort()).toEqual(Object.keys(a).sort());
      expect(Object.keys(a)).toContain('data_aggregated.csv');
      for (const f of Object.keys(a)) if (f !== 'run.json') expect(b[f].equals(a[f]), f).toBe(true);
    } finally {
      spy.mockRestore();
      rmSync(d, { recursive: true, force: true });
    }
  }, 120_000);
});

/**
 * Worker thread that writes the CSV files of large tables held by columns (a run's data sets and
 * ranks: ≈ 2 GB of text at 50,000 units × 15 periods), so that the main thread computes meanwhile
 * (csv-writer-run.ts). A job is a directory and tables whose numeric columns are Float64Arrays on
 * shared memory and whose label columns are specs (write/csv-columns.ts); the files are written by
 * writeCsvFiles, byte for byte those the main thread would write, and the job is answered once.
 */
import { parentPort } from 'node:worker_threads';
import { errorToJSON } from '../../core/errors.js';
import { type ColumnPattern, patternColumn } from '../../core/label-columns.js';
import { type CsvColumn, type CsvTableSource, writeCsvFiles } from '../write/csv-write.js';

/** A job: tables by columns (a column object used twice arrives as one object, as it was sent). */
export interface CsvJob {
  id: number;
  dir: string;
  bom: boolean;
  tables: { file: string; header: string[]; nRows: number; cells: (Float64Array | ColumnPattern)[] }[];
}

parentPort!.on('message', (job: CsvJob) => {
  try {
    // One column per spec object, so the columns the tables share stay shared (formatted once).
    const built = new Map<ColumnPattern, CsvColumn>();
    const column = (c: Float64Array | ColumnPattern): CsvColumn => {
      if (c instanceof Float64Array) return c;
      let f = built.get(c);
      if (!f) built.set(c, (f = patternColumn(c.values, c.div, c.mod)));
      return f;
    };
    const tables: CsvTableSource[] = job.tables.map((t) => ({
      file: t.file,
      header: t.header,
      rows: [],
      columns: { nRows: t.nRows, cells: t.cells.map(column) },
    }));
    writeCsvFiles(job.dir, tables, { bom: job.bom });
    parentPort!.postMessage({ id: job.id });
  } catch (e) {
    parentPort!.postMessage({ id: job.id, error: errorToJSON(e) });
  }
});

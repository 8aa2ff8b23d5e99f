/**
 * Reading an Apache Parquet file (large panels: 50,000 units × 15 periods × 40 indicators is
 * ≈ 30 M cells, a 300 MB CSV but a few tens of MB of Parquet) through DuckDB's Parquet reader
 * (`@duckdb/node-api`, loaded only when a Parquet file is read).
 *
 * The file becomes the same {@link Cell} rows a CSV gives, so every check after reading (columns
 * named by the spec, numbers, missing-value markers, duplicates) is the CSV one and names the
 * file, row and column alike. Rows are numbered as in the file's CSV export: the header (the
 * column names) is row 1, the first record row 2.
 *
 * Column types: DOUBLE, FLOAT and DECIMAL columns are read as numbers (NaN as a missing value,
 * ±Infinity refused by the numeric check as in XLSX); integer columns as their decimal text, exact
 * at any width (a BIGINT unit code above 2^53 stays itself; as numbers two codes could merge);
 * every other type (VARCHAR, DATE, BOOLEAN, …) as DuckDB's text of the value; NULL as an empty
 * cell. Nested types (LIST, STRUCT, MAP …) are refused: a panel cell holds one value.
 */
import type { Cell } from './cells.js';
import type { PackedColumns } from './csv.js';
import { fail } from '../../core/errors.js';
import { sharedFloat64 } from '../../core/parallel.js';

/** A Parquet file's header and rows, as the text readers return them. */
export interface ParquetTable {
  header: string[];
  rows: Cell[][];
  rowNumbers: number[];
  /** The DOUBLE/FLOAT/DECIMAL columns named in `numeric`, as numbers (see {@link PackedColumns}): NULL and NaN are NaN, ±Infinity stays in the row. */
  packed?: PackedColumns;
}

/** DuckDB type names (DESCRIBE) read as numbers. */
const FLOAT_TYPES = /^(DOUBLE|FLOAT|REAL|DECIMAL(\(\d+,\s*\d+\))?)$/;
/** Types of more than one value per cell. */
const NESTED = /(\[\]|\[\d+\]|^STRUCT\(|^MAP\(|^UNION\()/;

/** A DuckDB identifier, quoted. */
const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;
/** A DuckDB string literal. */
const literal = (s: string) => `'${s.replace(/'/g, "''")}'`;

/**
 * The first `n` values of a DOUBLE vector as DuckDB holds them: the Float64Array view over its data
 * that @duckdb/node-api's DuckDBDoubleVector keeps (`items`, not part of its typed API, hence the
 * check), else undefined (the caller then reads value by value). Valid until the next chunk is fetched.
 */
function doubles(vec: unknown, n: number): Float64Array | undefined {
  const items = (vec as { items?: unknown }).items;
  return items instanceof Float64Array && items.length >= n ? items.subarray(0, n) : undefined;
}

/**
 * Read every row of the Parquet file at `path` (`file` is the name used in messages). Throws
 * `E_FILE_FORMAT` when DuckDB cannot read it as Parquet or a column is of a nested type.
 */
export async function readParquet(path: string, file: string = path, numeric?: ReadonlySet<string>): Promise<ParquetTable> {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  try {
    const source = `read_parquet(${literal(path)})`;
    let columns: { name: string; type: string }[];
    try {
      const d = await conn.runAndReadAll(`DESCRIBE SELECT * FROM ${source}`);
      columns = d.getRowObjectsJS().map((r) => ({ name: String(r.column_name), type: String(r.column_type) }));
    } catch (e) {
      fail('E_FILE_FORMAT', `${file} cannot be read as a Parquet file: ${(e as Error).message.split('\n')[0]}`, {
        location: { file },
        hint: 'write the file with a Parquet writer (DuckDB COPY … (FORMAT parquet), pandas/pyarrow to_parquet, R arrow::write_parquet), or save the data as CSV or XLSX',
      });
    }
    const nested = columns.filter((c) => NESTED.test(c.type));
    if (nested.length) {
      fail(
        'E_FILE_FORMAT',
        `${file}: column${nested.length > 1 ? 's' : ''} ${nested.map((c) => `"${c.name}" (${c.type})`).join(', ')} hold more than one value per cell`,
        {
          location: { file, row: 1, column: nested[0].name },
          hint: 'a panel cell holds one value: unnest or drop these columns before writing the file (e.g. SELECT the scalar columns in DuckDB)',
        },
      );
    }
    // Numeric columns the caller reads as numbers: held in Float64Arrays, their row cells null. DuckDB
    // gives them as DOUBLE with NULL as NaN, so a chunk's column is copied from DuckDB's vector as it
    // is (no value read one by one); the other columns are read as values, row cells.
    const isPacked = columns.map((c) => numeric?.has(c.name) === true && FLOAT_TYPES.test(c.type));
    const packCols = columns.map((_, j) => j).filter((j) => isPacked[j]);
    const select = columns
      .map((c, j) => {
        const q = ident(c.name);
        if (isPacked[j]) return `COALESCE(${c.type === 'DOUBLE' ? q : `CAST(${q} AS DOUBLE)`}, 'NaN'::DOUBLE)`;
        if (FLOAT_TYPES.test(c.type)) return c.type === 'DOUBLE' ? q : `CAST(${q} AS DOUBLE)`;
        return c.type === 'VARCHAR' ? q : `CAST(${q} AS VARCHAR)`;
      })
      .join(', ');
    const header = columns.map((c) => c.name);
    const rows: Cell[][] = [];
    const rowNumbers: number[] = [];
    if (!columns.length) return { header, rows, rowNumbers };
    const valueCols = columns.map((_, j) => j).filter((j) => !isPacked[j]);
    // A row ends at its last column read as values: the packed columns after it are absent (undefined), not null.
    const width = valueCols.length ? valueCols[valueCols.length - 1] + 1 : 0;
    // The row count from the file's metadata: the packed columns are allocated once, at their size.
    let count = 1 << 16;
    if (packCols.length) {
      const c = await conn.runAndReadAll(`SELECT count(*) AS n FROM ${source}`);
      count = Number(c.getRowObjectsJS()[0].n);
    }
    // On shared memory and of the file's length: a file in the panel's order gives buildPanel its columns as they are.
    let packVals = packCols.map(() => sharedFloat64(count));
    // Texts repeated on many rows (periods, groups, unit codes) kept once each (at most 2^20 of them).
    const interned = new Map<string, string>();
    const result = await conn.stream(`SELECT ${select} FROM ${source}`);
    for (;;) {
      const chunk = await result.fetchChunk();
      if (!chunk || chunk.rowCount === 0) break;
      const n = chunk.rowCount;
      const at = rows.length;
      if (packCols.length && at + n > packVals[0].length) {
        packVals = packVals.map((a) => {
          const b = sharedFloat64(Math.max(a.length * 2, at + n));
          b.set(a.subarray(0, at));
          return b;
        });
      }
      const cols = valueCols.map((j) => chunk.getColumnValues(j));
      for (let i = 0; i < n; i++) {
        const row: Cell[] = new Array(width).fill(null);
        for (let k = 0; k < valueCols.length; k++) {
          let v = cols[k][i];
          if (typeof v === 'string' && v.length <= 64) {
            const t = interned.get(v);
            if (t !== undefined) v = t;
            else if (interned.size < 1 << 20) interned.set(v, v);
          }
          if (v !== null && v !== undefined) row[valueCols[k]] = v as string | number;
        }
        rows.push(row);
        rowNumbers.push(at + i + 2);
      }
      packCols.forEach((j, k) => {
        const out = packVals[k];
        const vec = chunk.getColumnVector(j);
        const items = doubles(vec, n);
        if (items) out.set(items, at);
        else for (let i = 0; i < n; i++) out[at + i] = (vec.getItem(i) as number | null) ?? NaN;
        for (let i = at; i < at + n; i++) {
          const v = out[i];
          if (v === Infinity || v === -Infinity) rows[i][j] = v;
        }
      });
    }
    const packed = packCols.length
      ? new Map(packCols.map((j, k) => [j, packVals[k].length === rows.length ? packVals[k] : packVals[k].subarray(0, rows.length)]))
      : undefined;
    return { header, rows, rowNumbers, ...(packed ? { packed } : {}) };
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

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
    const select = columns
      .map((c) => {
        const q = ident(c.name);
        if (FLOAT_TYPES.test(c.type)) return c.type === 'DOUBLE' ? q : `CAST(${q} AS DOUBLE)`;
        return c.type === 'VARCHAR' ? q : `CAST(${q} AS VARCHAR)`;
      })
      .join(', ');
    const header = columns.map((c) => c.name);
    const rows: Cell[][] = [];
    const rowNumbers: number[] = [];
    if (!columns.length) return { header, rows, rowNumbers };
    // Numeric columns the caller reads as numbers: held in Float64Arrays, their row cells null.
    const packCols = columns.map((c, j) => (numeric?.has(c.name) && FLOAT_TYPES.test(c.type) ? j : -1)).filter((j) => j >= 0);
    const isPacked = columns.map((_, j) => packCols.includes(j));
    let packVals = packCols.map(() => new Float64Array(1 << 16));
    const result = await conn.stream(`SELECT ${select} FROM ${source}`);
    for (;;) {
      const chunk = await result.fetchChunk();
      if (!chunk || chunk.rowCount === 0) break;
      const n = chunk.rowCount;
      const cols = header.map((_, j) => chunk.getColumnValues(j));
      const at = rows.length;
      if (packCols.length && at + n > packVals[0].length) {
        packVals = packVals.map((a) => {
          const b = new Float64Array(Math.max(a.length * 2, at + n));
          b.set(a);
          return b;
        });
      }
      for (let i = 0; i < n; i++) {
        const row: Cell[] = new Array(header.length);
        for (let j = 0; j < header.length; j++) {
          const v = cols[j][i];
          row[j] = v === null || v === undefined || isPacked[j] ? null : (v as string | number);
        }
        rows.push(row);
        rowNumbers.push(rows.length + 1);
      }
      packCols.forEach((j, k) => {
        const c = cols[j];
        const out = packVals[k];
        for (let i = 0; i < n; i++) {
          const v = c[i] as number | null | undefined;
          if (v === null || v === undefined) out[at + i] = NaN;
          else if (v === Infinity || v === -Infinity) rows[at + i][j] = v;
          else out[at + i] = v;
        }
      });
    }
    const packed = packCols.length ? new Map(packCols.map((j, k) => [j, packVals[k].slice(0, rows.length)])) : undefined;
    return { header, rows, rowNumbers, ...(packed ? { packed } : {}) };
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

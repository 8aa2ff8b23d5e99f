/**
 * One entry point for reading a data file, whatever its format: CSV/TSV/TXT, XLSX or Parquet.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import { fail } from '../../core/errors.js';
import type { Warning } from '../../core/logger.js';
import type { Cell } from './cells.js';
import { parseCsv, type PackedColumns } from './csv.js';
import { decodeText } from './encoding.js';
import { readParquet } from './parquet.js';
import { readXlsx } from './xlsx.js';

/** A data file read into memory, with provenance. */
export interface Table {
  /** The path as given (used in messages). */
  file: string;
  header: string[];
  rows: Cell[][];
  /** 1-based file row (header = 1) of each data row, for `file:row:column` messages. */
  rowNumbers: number[];
  /** Text encoding detected (`utf-8`, `utf-8-bom`, `gb18030`, `utf-16le`, `utf-16be`), `xlsx` for workbooks, `parquet` for Parquet files. */
  encoding: string;
  /** SHA-256 of the file bytes, lower-case hex (recorded in run outputs, conventions §7). */
  sha256: string;
  /** Worksheet read (XLSX only). */
  sheet?: string;
  /** Every worksheet of the workbook, in tab order (XLSX only). */
  sheets?: string[];
  /** 1-based file row of the header (default 1). */
  headerRow?: number;
  /** Notes on how the file was read: title rows skipped above the header, the sheet chosen among several. */
  notes?: Warning[];
  /**
   * Columns held as numbers (`ReadTableOptions.numeric`; CSV and Parquet): a null or absent cell of
   * such a column is its number here (a Parquet row ends at its last column read as values), see {@link PackedColumns}.
   */
  packed?: PackedColumns;
}

/** Options of {@link readTable}. */
export interface ReadTableOptions {
  /** XLSX: sheet name, or 1-based position in tab order. Default: the first sheet. */
  sheet?: string | number;
  /** 1-based row of the header. Default: the first non-empty row, or the row below title rows (see `findHeader`). */
  headerRow?: number;
  /**
   * Columns the caller reads as numbers with `readNumericCell` and no missing-value marker that is a
   * number (a wide panel's indicators): CSV and Parquet hold their plain numbers in `packed` instead
   * of a text or number per cell (a 50,000-unit panel has 30 M cells). XLSX ignores it.
   */
  numeric?: ReadonlySet<string>;
}

/** `table` with data rows `keep` (indices, in order), its packed columns likewise. */
export function keepRows(table: Table, keep: readonly number[]): Table {
  const packed = table.packed ? new Map([...table.packed].map(([j, v]) => [j, Float64Array.from(keep, (i) => v[i])])) : undefined;
  return { ...table, rows: keep.map((i) => table.rows[i]), rowNumbers: keep.map((i) => table.rowNumbers[i]), ...(packed ? { packed } : {}) };
}

/**
 * Which sheet of a workbook was read and which others it has, for messages:
 * `sheet "说明" (1 of 2) was read; other sheets: 2 "数据"`. Undefined for text files and one-sheet workbooks.
 */
export function sheetNote(t: Pick<Table, 'sheet' | 'sheets'>): string | undefined {
  if (t.sheet === undefined || !t.sheets || t.sheets.length < 2) return undefined;
  const i = t.sheets.indexOf(t.sheet);
  const others = t.sheets.map((n, k) => (k === i ? '' : `${k + 1} "${n}"`)).filter(Boolean);
  return `sheet "${t.sheet}" (${i + 1} of ${t.sheets.length}) was read; other sheets: ${others.join(', ')}`;
}

function readNotes(
  file: string,
  sheet: string | undefined,
  sheets: string[] | undefined,
  given: ReadTableOptions,
  titleRows: { row: number; text: string }[],
  headerRow: number,
): Warning[] {
  const notes: Warning[] = [];
  const inSheet = sheet !== undefined ? `sheet "${sheet}" of ` : '';
  if (titleRows.length) {
    const rows = titleRows.map((t) => `${t.row} ("${t.text.length > 40 ? `${t.text.slice(0, 40)}…` : t.text}")`).join(', ');
    notes.push({
      code: 'W_TITLE_ROWS',
      message:
        `${inSheet}${file}: row ${headerRow} read as the header; the title row${titleRows.length > 1 ? 's' : ''} above ` +
        `it (row${titleRows.length > 1 ? 's' : ''} ${rows}) ${titleRows.length > 1 ? 'are' : 'is'} skipped (set ` +
        'data.headerRow to choose the header row)',
      location: { file, row: headerRow },
    });
  }
  if (sheet !== undefined && given.sheet === undefined && sheets && sheets.length > 1) {
    notes.push({
      code: 'W_SHEET',
      message: `${file}: ${sheetNote({ sheet, sheets })} (set data.sheet to read another: its name or position)`,
      location: { file },
    });
  }
  return notes;
}

const TEXT_EXT = new Set(['.csv', '.txt', '.tsv']);

/**
 * Read a CSV/TSV/TXT (delimiter and encoding detected, see `parseCsv`, `decodeText`), XLSX
 * (first sheet or `opts.sheet`, see `readXlsx`) or Parquet (through DuckDB, see `readParquet`)
 * file by its extension (case-insensitive). The
 * header is `opts.headerRow`, or found below title rows; `notes` say when title rows were skipped
 * or the first of several sheets was taken.
 * `.xls` and other extensions are refused with a hint. The file is read once; its SHA-256 is
 * computed over the exact bytes. Never writes anything.
 *
 * Errors: `E_FILE_NOT_FOUND` (with the resolved path), `E_FILE_FORMAT`, plus the readers' errors.
 */
export async function readTable(path: string, opts: ReadTableOptions = {}): Promise<Table> {
  const ext = extname(path).toLowerCase();
  if (ext === '.xls' || ext === '.et') {
    fail('E_FILE_FORMAT', `${path}: old binary Excel/WPS workbooks (${ext}) are not supported`, {
      location: { file: path },
      hint: 'open the file in Excel or WPS and save it as .xlsx or as CSV UTF-8',
    });
  }
  if (ext !== '.xlsx' && ext !== '.parquet' && !TEXT_EXT.has(ext)) {
    fail('E_FILE_FORMAT', `${path}: unsupported file type "${ext || '(no extension)'}" (supported: .csv, .tsv, .txt, .xlsx, .parquet)`, {
      location: { file: path },
      hint: 'save the data as .xlsx, CSV UTF-8 or Parquet',
    });
  }
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const full = resolve(path);
    if (err.code === 'ENOENT') {
      fail('E_FILE_NOT_FOUND', `data file not found: ${full}`, {
        location: { file: path },
        hint: "relative paths are resolved from the current directory (or the spec file's directory when given in a spec); check the name and extension",
      });
    }
    fail('E_FILE_READ', `cannot read ${full}: ${err.message}`, { location: { file: path } });
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  if (ext === '.parquet') {
    if (opts.sheet !== undefined || opts.headerRow !== undefined) {
      fail(
        'E_FILE_FORMAT',
        `${opts.sheet !== undefined ? `a sheet ("${opts.sheet}")` : `a header row (${opts.headerRow})`} was given but ${path} is a Parquet file`,
        {
          location: { file: path },
          hint: 'a Parquet file has one table whose column names are its header: remove data.sheet and data.headerRow',
        },
      );
    }
    const p = await readParquet(resolve(path), path, opts.numeric);
    return {
      file: path,
      header: p.header,
      rows: p.rows,
      rowNumbers: p.rowNumbers,
      encoding: 'parquet',
      sha256,
      headerRow: 1,
      notes: [],
      ...(p.packed ? { packed: p.packed } : {}),
    };
  }
  if (ext === '.xlsx') {
    const x = await readXlsx(bytes, path, opts.sheet, { headerRow: opts.headerRow });
    return {
      file: path,
      header: x.header,
      rows: x.rows,
      rowNumbers: x.rowNumbers,
      encoding: 'xlsx',
      sha256,
      sheet: x.sheet,
      sheets: x.sheets,
      headerRow: x.headerRow,
      notes: readNotes(path, x.sheet, x.sheets, opts, x.titleRows, x.headerRow),
    };
  }
  if (bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) {
    fail('E_FILE_FORMAT', `${path} is a workbook (zip) file, not ${ext.slice(1).toUpperCase()} text`, {
      location: { file: path },
      hint: 'rename it to .xlsx, or save it from Excel/WPS as CSV UTF-8',
    });
  }
  if (opts.sheet !== undefined) {
    fail('E_FILE_FORMAT', `a sheet ("${opts.sheet}") was given but ${path} is a text file`, {
      location: { file: path },
      hint: 'remove the sheet option, or point to the .xlsx workbook',
    });
  }
  const { text, encoding } = decodeText(bytes, path);
  const csv = parseCsv(text, path, { headerRow: opts.headerRow, numeric: opts.numeric });
  return {
    file: path,
    header: csv.header,
    rows: csv.rows,
    rowNumbers: csv.rowNumbers,
    encoding,
    sha256,
    headerRow: csv.headerRow,
    notes: readNotes(path, undefined, undefined, opts, csv.titleRows, csv.headerRow),
    ...(csv.packed ? { packed: csv.packed } : {}),
  };
}

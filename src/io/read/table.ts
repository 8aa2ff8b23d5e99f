/**
 * One entry point for reading a data file, whatever its format: CSV/TSV/TXT, XLSX or Parquet.
 */
import { isUtf8 } from 'node:buffer';
import { createHash } from 'node:crypto';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import { fail, NqpfError } from '../../core/errors.js';
import type { Warning } from '../../core/logger.js';
import type { Cell } from './cells.js';
import { parseCsv, type CsvData, type PackedColumns } from './csv.js';
import { type ByteSource, parseCsvBytes } from './csv-bytes.js';
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
  let bytes: Buffer | undefined;
  let sha256 = '';
  try {
    // A large text file in UTF-8 is read through a window, never held whole (readLargeText); a Parquet
    // file is read by DuckDB, and here only for its hash, a window at a time.
    if (TEXT_EXT.has(ext) && opts.sheet === undefined && (await stat(path)).size > STREAM_BYTES) {
      const t = readLargeText(path, opts);
      if (t) return t;
    }
    if (ext === '.parquet') sha256 = hashFile(path);
    else bytes = await readFile(path);
  } catch (e) {
    if (e instanceof NqpfError) throw e;
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
  if (!bytes) throw new Error('unreachable: the bytes of a text file or workbook were read');
  sha256 = createHash('sha256').update(bytes).digest('hex');
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
  // UTF-8 (with or without its byte-order mark, as decodeText tells them) is parsed on the bytes, without
  // a decoded copy of the file; other encodings are decoded first.
  const csvOpts = { headerRow: opts.headerRow, numeric: opts.numeric };
  const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const utf16 = bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff));
  let csv: CsvData;
  let encoding: string;
  if (!utf16 && isUtf8(bom ? bytes.subarray(3) : bytes)) {
    csv = parseCsvBytes(bom ? bytes.subarray(3) : bytes, path, csvOpts);
    encoding = bom ? 'utf-8-bom' : 'utf-8';
  } else {
    const d = decodeText(bytes, path);
    csv = parseCsv(d.text, path, csvOpts);
    encoding = d.encoding;
  }
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

/** Text files larger than this are read through a window ({@link readLargeText}). */
const STREAM_BYTES = 16 << 20;
/** The window of {@link readLargeText}'s first pass. */
const PASS_BYTES = 8 << 20;

/**
 * A large CSV/TSV/TXT file in UTF-8, read twice through an 8 MB window and never held whole: first its
 * SHA-256, whether it is UTF-8 (`isUtf8` over whole characters) and its line count, then
 * {@link parseCsvBytes} over it. Undefined when it is not UTF-8, or is a workbook (zip) file: the caller
 * then reads it whole, as every other file. Fails with `E_FILE_READ` when the file changed between the passes.
 * `window`: the bytes read at a time (smaller in tests).
 */
export function readLargeText(path: string, opts: ReadTableOptions, window = PASS_BYTES): Table | undefined {
  const fd = openSync(path, 'r');
  try {
    const before = fstatSync(fd);
    const hash = createHash('sha256');
    const buf = Buffer.allocUnsafe(window);
    let carry = 0; // bytes of a character cut by the window, moved to its start
    let utf8 = true;
    let lineEnds = 0;
    let pendingCr = false; // the last byte read was a CR: a line end with or without the LF that may follow
    let last = -1;
    let head: Buffer | undefined;
    for (;;) {
      const got = readSync(fd, buf, carry, buf.length - carry, null);
      if (got === 0) break;
      const end = carry + got;
      const fresh = buf.subarray(carry, end);
      if (!head) {
        head = Buffer.from(fresh.subarray(0, 4));
        if (head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) return undefined;
      }
      hash.update(fresh);
      // Line ends: LF, CRLF (once: at its LF) and lone CR.
      if (pendingCr && fresh[0] !== 10) lineEnds++;
      for (let p = fresh.indexOf(10); p >= 0; p = fresh.indexOf(10, p + 1)) lineEnds++;
      for (let p = fresh.indexOf(13); p >= 0; p = fresh.indexOf(13, p + 1)) if (p + 1 < fresh.length && fresh[p + 1] !== 10) lineEnds++;
      pendingCr = fresh[fresh.length - 1] === 13;
      last = fresh[fresh.length - 1];
      // UTF-8 over whole characters: the last one, when it may be cut, is checked with the next bytes.
      let cut = end;
      if (buf[end - 1] >= 0x80) {
        let p = end - 1;
        while (p > Math.max(0, end - 4) && (buf[p] & 0xc0) === 0x80) p--;
        cut = p;
      }
      if (utf8) utf8 = isUtf8(buf.subarray(0, cut));
      if (!utf8) return undefined;
      buf.copy(buf, 0, cut, end);
      carry = end - cut;
    }
    if (pendingCr) lineEnds++;
    if (carry > 0 && !isUtf8(buf.subarray(0, carry))) return undefined;
    const lines = lineEnds + (last === 10 || last === 13 || last < 0 ? 0 : 1);
    let pos = 0;
    const skip = head !== undefined && head.length >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
    const encoding = skip ? 'utf-8-bom' : 'utf-8';
    const source: ByteSource = {
      lines,
      read(into, at) {
        const got = readSync(fd, into, at, into.length - at, pos + skip);
        pos += got;
        return got;
      },
    };
    const csv = parseCsvBytes(source, path, { headerRow: opts.headerRow, numeric: opts.numeric }, window);
    const after = fstatSync(fd);
    if (after.size !== before.size || after.mtimeMs !== before.mtimeMs) {
      fail('E_FILE_READ', `${resolve(path)} changed while it was read`, { location: { file: path }, hint: 'read the file again once nothing writes it' });
    }
    return {
      file: path,
      header: csv.header,
      rows: csv.rows,
      rowNumbers: csv.rowNumbers,
      encoding,
      sha256: hash.digest('hex'),
      headerRow: csv.headerRow,
      notes: readNotes(path, undefined, undefined, opts, csv.titleRows, csv.headerRow),
      ...(csv.packed ? { packed: csv.packed } : {}),
    };
  } finally {
    closeSync(fd);
  }
}

/** SHA-256 of a file's bytes, lower-case hex, read a window at a time (the file is never held whole). */
function hashFile(path: string): string {
  const fd = openSync(path, 'r');
  try {
    const hash = createHash('sha256');
    const buf = Buffer.allocUnsafe(PASS_BYTES);
    for (let got = readSync(fd, buf, 0, buf.length, null); got > 0; got = readSync(fd, buf, 0, buf.length, null)) hash.update(buf.subarray(0, got));
    return hash.digest('hex');
  } finally {
    closeSync(fd);
  }
}

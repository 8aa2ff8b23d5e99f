/**
 * One entry point for reading a data file, whatever its format: CSV/TSV/TXT or XLSX.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import { fail } from '../../core/errors.js';
import type { Cell } from './cells.js';
import { parseCsv } from './csv.js';
import { decodeText } from './encoding.js';
import { readXlsx } from './xlsx.js';

/** A data file read into memory, with provenance. */
export interface Table {
  /** The path as given (used in messages). */
  file: string;
  header: string[];
  rows: Cell[][];
  /** 1-based file row (header = 1) of each data row, for `file:row:column` messages. */
  rowNumbers: number[];
  /** Text encoding detected (`utf-8`, `utf-8-bom`, `gb18030`, `utf-16le`, `utf-16be`), or `xlsx` for workbooks. */
  encoding: string;
  /** SHA-256 of the file bytes, lower-case hex (recorded in run outputs, conventions §7). */
  sha256: string;
  /** Worksheet read (XLSX only). */
  sheet?: string;
}

const TEXT_EXT = new Set(['.csv', '.txt', '.tsv']);

/**
 * Read a CSV/TSV/TXT (delimiter and encoding detected, see `parseCsv`, `decodeText`) or XLSX
 * (first sheet or `opts.sheet`, see `readXlsx`) file by its extension (case-insensitive).
 * `.xls` and other extensions are refused with a hint. The file is read once; its SHA-256 is
 * computed over the exact bytes. Never writes anything.
 *
 * Errors: `E_FILE_NOT_FOUND` (with the resolved path), `E_FILE_FORMAT`, plus the readers' errors.
 */
export async function readTable(path: string, opts: { sheet?: string } = {}): Promise<Table> {
  const ext = extname(path).toLowerCase();
  if (ext === '.xls' || ext === '.et') {
    fail('E_FILE_FORMAT', `${path}: old binary Excel/WPS workbooks (${ext}) are not supported`, {
      location: { file: path },
      hint: 'open the file in Excel or WPS and save it as .xlsx or as CSV UTF-8',
    });
  }
  if (ext !== '.xlsx' && !TEXT_EXT.has(ext)) {
    fail('E_FILE_FORMAT', `${path}: unsupported file type "${ext || '(no extension)'}" (supported: .csv, .tsv, .txt, .xlsx)`, {
      location: { file: path },
      hint: 'save the data as .xlsx or CSV UTF-8',
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
  if (ext === '.xlsx') {
    const x = await readXlsx(bytes, path, opts.sheet);
    return { file: path, header: x.header, rows: x.rows, rowNumbers: x.rowNumbers, encoding: 'xlsx', sha256, sheet: x.sheet };
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
  const csv = parseCsv(text, path);
  return { file: path, header: csv.header, rows: csv.rows, rowNumbers: csv.rowNumbers, encoding, sha256 };
}

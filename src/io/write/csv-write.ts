/**
 * CSV output that round-trips numbers exactly and cannot be turned into a spreadsheet formula
 * (CSV/formula injection, OWASP "CSV Injection").
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { fail } from '../../core/errors.js';

/** Characters that make a spreadsheet treat a text cell as a formula (or that hide one). */
const FORMULA_START = new Set(['=', '+', '-', '@', '\t', '\r']);

/**
 * Neutralise a text cell that a spreadsheet would run as a formula: when it starts with
 * `=`, `+`, `-`, `@`, tab or carriage return, prefix a single quote `'` (Excel/WPS/LibreOffice
 * show the text, not a formula). Other text is returned unchanged. Only for text: numbers,
 * including negative ones, are never passed through here.
 *
 * @example escapeFormula('=1+1') === "'=1+1"; escapeFormula('GDP') === 'GDP'
 */
export function escapeFormula(s: string): string {
  return s.length > 0 && FORMULA_START.has(s[0]) ? `'${s}` : s;
}

function quote(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * Serialise a table as CSV (RFC 4180, comma-delimited, `\n` line ends, a final `\n`).
 *
 * - numbers: shortest round-trip form `String(x)` (so `Number(text) === x` exactly; `-0` → `0`);
 *   NaN → empty (missing); ±Infinity → `E_CSV_WRITE` error;
 * - `null` → empty;
 * - text: {@link escapeFormula}, then quoted when it contains `"`, `,`, CR or LF (quotes doubled);
 * - every row must have `header.length` cells (`E_CSV_WRITE` otherwise — a programming error
 *   that would shift columns).
 * - `opts.bom`: prefix U+FEFF so Excel opens UTF-8 (Chinese) text correctly (default true: nqpf's
 *   users open CSV files in Excel on Chinese Windows, which reads a file without the mark as the
 *   local code page and shows mojibake; `outputs.csvBom: false` turns it off, and every CSV reader
 *   of nqpf removes it).
 *
 * Cost: O(cells).
 */
export function toCsv(header: string[], rows: (string | number | null)[][], opts: { bom?: boolean } = {}): string {
  const out: string[] = [headerLine(header)];
  for (let r = 0; r < rows.length; r++) out.push(rowLine(header, rows[r], r));
  return (opts.bom === false ? '' : '\uFEFF') + out.join('\n') + '\n';
}

function headerLine(header: readonly string[]): string {
  return header.map((h) => quote(escapeFormula(h))).join(',');
}

/** One number as toCsv writes it: NaN → empty, ±Infinity → `E_CSV_WRITE` (row `r` 0-based), else `String(v)`. */
function numberText(v: number, header: readonly string[], r: number, c: number): string {
  if (v !== v) return '';
  if (v === Infinity || v === -Infinity) {
    fail('E_CSV_WRITE', `infinite value in row ${r + 1}, column "${header[c]}"`, {
      location: { column: header[c] },
      hint: 'an infinite result usually means a division by zero upstream (e.g. a zero denominator or a constant indicator)',
    });
  }
  return String(v);
}

function cellText(v: string | number | null | undefined, header: readonly string[], r: number, c: number): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return numberText(v, header, r, c);
  return quote(escapeFormula(v));
}

function rowLine(header: readonly string[], row: readonly (string | number | null)[], r: number): string {
  if (row.length !== header.length) {
    fail('E_CSV_WRITE', `row ${r + 1} has ${row.length} cells but the header has ${header.length}`, {
      hint: 'every output row must have one cell per column',
      data: { row: r + 1 },
    });
  }
  let line = '';
  for (let c = 0; c < row.length; c++) line += c ? `,${cellText(row[c], header, r, c)}` : cellText(row[c], header, r, c);
  return line;
}

/**
 * A column of a table held by columns (a data set of the run, the ranks): a Float64Array (row i is
 * `x[i]`, NaN empty) or a function giving row i's cell. A column object shared by several tables is
 * formatted once per block of rows for all of them.
 */
export type CsvColumn = Float64Array | ((i: number) => string | number | null);

/** A table as the CSV writer takes it: its rows, or (large data sets) its columns and row count. */
export interface CsvTableSource {
  file: string;
  header: string[];
  rows: (string | number | null)[][];
  /** The same table by columns; when given, the writer reads these and never `rows`. */
  columns?: { nRows: number; cells: readonly CsvColumn[] };
}

/** Rows formatted and written at a time. */
const BLOCK_ROWS = 4096;
/** Characters of CSV text gathered before a write. */
const CHUNK_CHARS = 1 << 20;

/**
 * Write tables as CSV files into `dir`, byte for byte what {@link toCsv} gives, without holding a
 * file's text: rows are formatted in blocks and written as they are formatted. Tables given by
 * columns are written side by side, block by block: a column object shared by several of them (a
 * data set that a step left unchanged, the normalised indicators in the aggregated data set, the
 * scores in the ranks) is formatted once per block, and a table whose columns are all those of an
 * earlier one gets that table's text as it is (the data sets of the steps that were off are
 * identical copies, written at the cost of the bytes alone).
 *
 * Cost: O(cells) time; memory O(block), not O(table).
 */
export function writeCsvFiles(dir: string, tables: readonly CsvTableSource[], opts: { bom?: boolean } = {}): void {
  const bom = opts.bom === false ? '' : '\uFEFF';
  const byColumns = tables.filter((t) => t.columns);
  for (const t of tables) if (!t.columns) writeRowsFile(join(dir, t.file), t.header, t.rows, bom);
  // Tables by columns, grouped by row count, written block by block in step.
  const groups = new Map<number, CsvTableSource[]>();
  for (const t of byColumns) {
    const g = groups.get(t.columns!.nRows);
    if (g) g.push(t);
    else groups.set(t.columns!.nRows, [t]);
  }
  for (const [nRows, group] of groups) writeColumnGroup(dir, group, nRows, bom);
}

function writeRowsFile(path: string, header: string[], rows: (string | number | null)[][], bom: string): void {
  const fd = openSync(path, 'w');
  try {
    let buf = `${bom}${headerLine(header)}\n`;
    for (let r = 0; r < rows.length; r++) {
      buf += `${rowLine(header, rows[r], r)}\n`;
      if (buf.length >= CHUNK_CHARS) {
        writeSync(fd, buf);
        buf = '';
      }
    }
    writeSync(fd, buf);
  } finally {
    closeSync(fd);
  }
}

function writeColumnGroup(dir: string, group: readonly CsvTableSource[], nRows: number, bom: string): void {
  // Each distinct column gets an id; a table's signature is the list of its columns' ids.
  const ids = new Map<CsvColumn, number>();
  const sigs = group.map((t) => {
    const cells = t.columns!.cells;
    if (cells.length !== t.header.length) {
      fail('E_CSV_WRITE', `${t.file}: ${cells.length} columns but the header has ${t.header.length}`, {
        hint: 'every output row must have one cell per column',
      });
    }
    return cells
      .map((c) => {
        let id = ids.get(c);
        if (id === undefined) ids.set(c, (id = ids.size));
        return id;
      })
      .join(',');
  });
  const fds: number[] = [];
  try {
    for (const t of group) fds.push(openSync(join(dir, t.file), 'w'));
    group.forEach((t, k) => writeSync(fds[k], `${bom}${headerLine(t.header)}\n`));
    const formatted = new Map<CsvColumn, string[]>();
    const blockText = new Map<string, string>();
    for (let start = 0; start < nRows; start += BLOCK_ROWS) {
      const end = Math.min(nRows, start + BLOCK_ROWS);
      formatted.clear();
      blockText.clear();
      group.forEach((t, k) => {
        let text = blockText.get(sigs[k]);
        if (text === undefined) {
          const cols = t.columns!.cells.map((c, j) => {
            let f = formatted.get(c);
            if (!f) formatted.set(c, (f = formatColumn(c, start, end, t.header, j)));
            return f;
          });
          text = '';
          for (let i = 0; i < end - start; i++) {
            let line = cols[0][i];
            for (let j = 1; j < cols.length; j++) line += `,${cols[j][i]}`;
            text += `${line}\n`;
          }
          blockText.set(sigs[k], text);
        }
        writeSync(fds[k], text);
      });
    }
  } finally {
    for (const fd of fds) closeSync(fd);
  }
}

/** Rows start … end − 1 of one column as CSV cells. */
function formatColumn(c: CsvColumn, start: number, end: number, header: readonly string[], j: number): string[] {
  const out = new Array<string>(end - start);
  if (typeof c === 'function') for (let i = start; i < end; i++) out[i - start] = cellText(c(i), header, i, j);
  else for (let i = start; i < end; i++) out[i - start] = numberText(c[i], header, i, j);
  return out;
}

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

/** One number as toCsv writes it: NaN → empty, ±Infinity → `E_CSV_WRITE` (row `r` 0-based), else `String(v)` (by {@link shortestText}). */
function numberText(v: number, header: readonly string[], r: number, c: number): string {
  if (v !== v) return '';
  if (v === Infinity || v === -Infinity) {
    fail('E_CSV_WRITE', `infinite value in row ${r + 1}, column "${header[c]}"`, {
      location: { column: header[c] },
      hint: 'an infinite result usually means a division by zero upstream (e.g. a zero denominator or a constant indicator)',
    });
  }
  return shortestText(v);
}

/** Powers of ten exact as doubles (10^0 … 10^10). */
const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10];
/** Leading zeros of a fraction's digits (index: how many). */
const ZEROS = ['', '0', '00', '000', '0000', '00000', '000000', '0000000', '00000000', '000000000', '0000000000'];

/**
 * `String(v)` of a finite number, faster when v has at most 10 decimals and 15 significant digits
 * (data as it is read: `12.3456`), see {@link shortDecimal}. Returns exactly `String(v)` for every
 * finite v (test: csv-write.test.ts).
 */
export function shortestText(v: number): string {
  return shortDecimal(v) ?? String(v);
}

/**
 * `String(v)` when |v| is in [10^-6, 10^15) and has at most 10 decimals and 15 significant digits,
 * else undefined. The smallest k ≤ 10 with m = round(|v|·10^k) and m / 10^k === |v| (an exact test:
 * 10^k and m < 10^15 are exact doubles and the division is correctly rounded) gives the decimal
 * m·10^-k, which is the only decimal of ≤ 15 significant digits that rounds to v (two such decimals
 * are more than one ulp apart), hence the shortest one, and `String` writes it in fixed notation
 * (as every |v| in [10^-6, 10^21)).
 */
function shortDecimal(v: number): string | undefined {
  const a = v < 0 ? -v : v;
  if (!(a >= 1e-6 && a < 1e15)) return undefined;
  for (let k = 0; k <= 10; k++) {
    const m = Math.round(a * POW10[k]);
    if (m / POW10[k] === a) {
      if (m >= 1e15) return undefined;
      if (k === 0) return String(v);
      let s = String(m);
      if (s.length <= k) s = ZEROS[k + 1 - s.length] + s;
      const cut = s.length - k;
      return v < 0 ? `-${s.slice(0, cut)}.${s.slice(cut)}` : `${s.slice(0, cut)}.${s.slice(cut)}`;
    }
  }
  return undefined;
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

/**
 * A table by rows, written a block of rows at a time as bytes: the block's numbers formatted
 * together ({@link FULL}: `String(v)`'s text without a string per number), text cells as
 * {@link cellText} gives them.
 */
function writeRowsFile(path: string, header: string[], rows: (string | number | null)[][], bom: string): void {
  const fd = openSync(path, 'w');
  try {
    writeSync(fd, `${bom}${headerLine(header)}\n`);
    let out = Buffer.allocUnsafe(1 << 16);
    let pos = 0;
    const grow = (need: number) => {
      if (pos + need > out.length) {
        const nb = Buffer.allocUnsafe(Math.max(pos + need, out.length * 2));
        out.copy(nb, 0, 0, pos);
        out = nb;
      }
    };
    for (let start = 0; start < rows.length; start += BLOCK_ROWS) {
      const end = Math.min(rows.length, start + BLOCK_ROWS);
      FULL.length = 0;
      for (let r = start; r < end; r++) {
        const row = rows[r];
        if (row.length !== header.length) rowLine(header, row, r); // fails, naming the row
        for (let c = 0; c < row.length; c++) {
          const v = row[c];
          if (typeof v === 'number' && v === v) {
            if (v === Infinity || v === -Infinity) numberText(v, header, r, c);
            FULL.push(v);
          }
        }
      }
      formatFull();
      let f = 1;
      pos = 0;
      for (let r = start; r < end; r++) {
        const row = rows[r];
        for (let c = 0; c < row.length; c++) {
          const v = row[c];
          grow(32);
          if (c) out[pos++] = 44;
          if (typeof v === 'number') {
            if (v === v) {
              for (let q = fullBytes[f]; q !== 44 && q !== 93; q = fullBytes[++f]) out[pos++] = q;
              f++;
            }
          } else if (v !== null && v !== undefined) {
            const t = quote(escapeFormula(v));
            grow(t.length * 3);
            pos += out.write(t, pos);
          }
        }
        grow(1);
        out[pos++] = 10;
      }
      writeAll(fd, out.subarray(0, pos));
    }
  } finally {
    closeSync(fd);
  }
}

function writeColumnGroup(dir: string, group: readonly CsvTableSource[], nRows: number, bom: string): void {
  // Each distinct column gets an id; a table's signature is the list of its columns' ids.
  const ids = new Map<CsvColumn, number>();
  const tableIds = group.map((t) => {
    const cells = t.columns!.cells;
    if (cells.length !== t.header.length) {
      fail('E_CSV_WRITE', `${t.file}: ${cells.length} columns but the header has ${t.header.length}`, {
        hint: 'every output row must have one cell per column',
      });
    }
    return cells.map((c) => {
      let id = ids.get(c);
      if (id === undefined) ids.set(c, (id = ids.size));
      return id;
    });
  });
  const sigs = tableIds.map((t) => t.join(','));
  // The distinct tables (first of each signature), each with the longest earlier distinct table
  // whose columns are its first columns (the aggregated data set starts with the normalised one):
  // its lines then start with that table's lines, copied whole.
  const first = group.map((_, k) => sigs.indexOf(sigs[k]) === k);
  const prefixOf = tableIds.map((t, k) => {
    let best = -1;
    for (let q = 0; q < k; q++) {
      const p = tableIds[q];
      if (first[q] && p.length < t.length && (best < 0 || p.length > tableIds[best].length) && p.every((id, j) => id === t[j])) best = q;
    }
    return best;
  });
  const isPrefix = group.map((_, q) => prefixOf.includes(q));
  const fds: number[] = [];
  try {
    for (const t of group) fds.push(openSync(join(dir, t.file), 'w'));
    group.forEach((t, k) => writeSync(fds[k], `${bom}${headerLine(t.header)}\n`));
    // Each column's cells of a block as UTF-8 bytes (formatted once for every table that has the
    // column), then each distinct table's block assembled from them and written to its files.
    const stores = new Map<number, CellBytes>();
    const done = new Set<number>();
    // A distinct table's block: its bytes and where each line ends (kept for the tables it begins).
    const blocks = group.map((_, k) => (first[k] ? { bytes: Buffer.allocUnsafe(isPrefix[k] ? 1 << 20 : 0), ends: new Int32Array(BLOCK_ROWS) } : undefined));
    let scratch = Buffer.allocUnsafe(1 << 20);
    for (let start = 0; start < nRows; start += BLOCK_ROWS) {
      const end = Math.min(nRows, start + BLOCK_ROWS);
      const n = end - start;
      done.clear();
      group.forEach((t, k) => {
        if (!first[k]) return;
        const from = prefixOf[k] < 0 ? 0 : tableIds[prefixOf[k]].length;
        const cols: CellBytes[] = [];
        for (let j = from; j < tableIds[k].length; j++) {
          const id = tableIds[k][j];
          let st = stores.get(id);
          if (!st) stores.set(id, (st = { bytes: Buffer.allocUnsafe(1 << 16), ends: new Int32Array(BLOCK_ROWS) }));
          if (!done.has(id)) {
            formatColumnBytes(t.columns!.cells[j], start, end, t.header, j, st);
            done.add(id);
          }
          cols.push(st);
        }
        const pre = prefixOf[k] < 0 ? undefined : blocks[prefixOf[k]]!;
        let size = n * cols.length + (pre ? pre.ends[n - 1] : 0);
        for (const c of cols) size += c.ends[n - 1];
        const blk = blocks[k]!;
        let out = isPrefix[k] ? blk.bytes : scratch;
        if (out.length < size) {
          out = Buffer.allocUnsafe(Math.max(size, out.length * 2));
          if (isPrefix[k]) blk.bytes = out;
          else scratch = out;
        }
        let pos = 0;
        const m = cols.length;
        for (let i = 0; i < n; i++) {
          if (pre) {
            // The earlier table's line without its line end, then a comma.
            const a = i ? pre.ends[i - 1] : 0;
            pos += pre.bytes.copy(out, pos, a, pre.ends[i] - 1);
            out[pos++] = 44;
          }
          for (let j = 0; j < m; j++) {
            const c = cols[j];
            const b = c.bytes;
            const to = c.ends[i];
            for (let q = i ? c.ends[i - 1] : 0; q < to; q++) out[pos++] = b[q];
            out[pos++] = j + 1 < m ? 44 : 10;
          }
          blk.ends[i] = pos;
        }
        // Written at once to every file of this table's signature.
        const block = out.subarray(0, pos);
        for (let q = k; q < group.length; q++) if (sigs[q] === sigs[k]) writeAll(fds[q], block);
      });
    }
  } finally {
    for (const fd of fds) closeSync(fd);
  }
}

/** Every byte of `b` to `fd` (a write may take fewer bytes than given). */
function writeAll(fd: number, b: Uint8Array): void {
  for (let off = 0; off < b.length; ) off += writeSync(fd, b, off, b.length - off);
}

/** A column's cells of one block as UTF-8: cell i is `bytes[ends[i − 1] … ends[i])` (from 0 for i = 0). */
interface CellBytes {
  bytes: Buffer;
  ends: Int32Array;
}

/** Digits of an integer, least significant first (scratch of {@link formatColumnBytes}). */
const DIGITS = new Uint8Array(24);
/** Per cell of a block: −2 empty, −1 full-precision (its text from {@link FULL}), else the short decimal's k (m in {@link SHORT_M}). */
const KIND = new Int8Array(BLOCK_ROWS);
const SHORT_M = new Float64Array(BLOCK_ROWS);
/**
 * The block's full-precision numbers, in order, formatted at once by `JSON.stringify` (a plain
 * array of doubles: no number object per cell): JSON writes a finite number as ToString(number)
 * (ECMA-262 SerializeJSONProperty), the text `String(v)` gives, and without going through
 * V8's number-to-string cache — that cache keeps each `String(v)` result alive until it is
 * evicted, so every cell's string reached the old generation and a 50,000-unit run's data sets
 * left ≈ 1 GB of garbage for the next full collection.
 */
const FULL: number[] = [];
/** {@link FULL}'s JSON text as bytes. */
let fullBytes = Buffer.allocUnsafe(1 << 17);

/** {@link FULL} as "[t0,t1,…]" into {@link fullBytes} (ASCII: digits, '.', '-', 'e', '+'); number i's text from byte 1 on, each ended by ',' or ']'. */
function formatFull(): void {
  if (!FULL.length) return;
  const s = JSON.stringify(FULL);
  if (fullBytes.length < s.length) fullBytes = Buffer.allocUnsafe(Math.max(s.length, fullBytes.length * 2));
  fullBytes.write(s, 0, 'latin1');
}

/**
 * Rows start … end − 1 of one column as CSV cells, as UTF-8 bytes into `st` (grown as needed): the
 * text {@link cellText} / {@link numberText} gives. A short decimal (see {@link shortDecimal}) is
 * written from its integer m and k decimals without a string; the other numbers of the block are
 * formatted together ({@link FULL}). A column of full-precision results (normalised values) stops
 * trying the short form after 64 misses in a block: the text is the same.
 */
function formatColumnBytes(c: CsvColumn, start: number, end: number, header: readonly string[], j: number, st: CellBytes): void {
  let b = st.bytes;
  let pos = 0;
  const grow = (need: number) => {
    if (pos + need > b.length) {
      const nb = Buffer.allocUnsafe(Math.max(pos + need, b.length * 2));
      b.copy(nb, 0, 0, pos);
      b = st.bytes = nb;
    }
  };
  if (typeof c === 'function') {
    for (let i = start; i < end; i++) {
      const s = cellText(c(i), header, i, j);
      grow(s.length * 3);
      pos += b.write(s, pos);
      st.ends[i - start] = pos;
    }
    return;
  }
  // Pass 1: each cell's kind; the short decimals' m; the full-precision numbers into FULL.
  let tried = 0;
  let hits = 0;
  FULL.length = 0;
  for (let i = start; i < end; i++) {
    const v = c[i];
    const r = i - start;
    if (v !== v) {
      KIND[r] = -2;
      continue;
    }
    if (v === Infinity || v === -Infinity) numberText(v, header, i, j);
    const a = v < 0 ? -v : v;
    let k = -1;
    if ((tried < 64 || hits * 4 >= tried) && a >= 1e-6 && a < 1e15) {
      tried++;
      for (let p = 0; p <= 10; p++) {
        const m = Math.round(a * POW10[p]);
        if (m / POW10[p] === a) {
          if (m < 1e15) {
            k = p;
            SHORT_M[r] = m;
            hits++;
          }
          break;
        }
      }
    }
    KIND[r] = k;
    if (k < 0) FULL.push(v);
  }
  // The full-precision numbers' text, "[t0,t1,…]" (ASCII: digits, '.', '-', 'e', '+').
  formatFull();
  let f = 1;
  // Pass 2: the bytes.
  for (let i = start; i < end; i++) {
    const r = i - start;
    const k = KIND[r];
    grow(32);
    if (k === -2) {
      st.ends[r] = pos;
      continue;
    }
    if (k === -1) {
      for (let q = fullBytes[f]; q !== 44 && q !== 93; q = fullBytes[++f]) b[pos++] = q;
      f++;
    } else {
      let m = SHORT_M[r];
      let len = 0;
      do {
        const q = Math.floor(m / 10);
        DIGITS[len++] = 48 + m - q * 10;
        m = q;
      } while (m > 0);
      if (c[i] < 0) b[pos++] = 45;
      if (len > k) {
        for (let d = len - 1; d >= k; d--) b[pos++] = DIGITS[d];
        if (k) b[pos++] = 46;
      } else {
        b[pos++] = 48;
        b[pos++] = 46;
        for (let z = len; z < k; z++) b[pos++] = 48;
      }
      for (let d = Math.min(len, k) - 1; d >= 0; d--) b[pos++] = DIGITS[d];
    }
    st.ends[r] = pos;
  }
}

/**
 * CSV output that round-trips numbers exactly and cannot be turned into a spreadsheet formula
 * (CSV/formula injection, OWASP "CSV Injection").
 */
import { closeSync, copyFileSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { fail } from '../../core/errors.js';
import { type ColumnPattern, patternColumnOf } from '../../core/label-columns.js';
import { type ColumnTexts, formatNumbers, type NumberDigits, type NumberTexts, newNumberDigits, numberDigits, putNumber, shortestText } from './number-text.js';

export { shortestText };

/**
 * Neutralise a text cell that a spreadsheet would run as a formula: when it starts with
 * `=`, `+`, `-`, `@`, tab or carriage return, prefix a single quote `'` (Excel/WPS/LibreOffice
 * show the text, not a formula). Other text is returned unchanged. Only for text: numbers,
 * including negative ones, are never passed through here.
 *
 * @example escapeFormula('=1+1') === "'=1+1"; escapeFormula('GDP') === 'GDP'
 */
export function escapeFormula(s: string): string {
  // The characters that make a spreadsheet treat a text cell as a formula (or that hide one): = + - @ tab CR.
  const c = s.charCodeAt(0);
  return c === 61 || c === 43 || c === 45 || c === 64 || c === 9 || c === 13 ? `'${s}` : s;
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

/**
 * Rows formatted and written at a time. A block of a 45-column data set is ≈ 0.8 MB of text at 1,024
 * rows (its digits and lines stay in the core's cache while written); at 4,096 rows (3.3 MB) writing
 * the same files cost ≈ 0.75 s more system time and no less user time (2 GB of CSV, measured).
 */
const BLOCK_ROWS = 1024;

/** Largest table (rows × columns) whose number texts are kept for the workbook, and the most cells kept in all. */
export const KEEP_TABLE_CELLS = 4_000_000;
export const KEEP_CELLS = 16_000_000;

/** Number texts kept by {@link writeCsvFiles} (`keepTexts`), by table, until {@link takeCsvTexts} takes them. */
const kept = new WeakMap<object, readonly (ColumnTexts | undefined)[]>();

/**
 * The texts of a table's numbers as {@link writeCsvFiles} wrote them (with `keepTexts`), one entry
 * per column (undefined: a column given as a function), or undefined; released when taken. The
 * workbook writes them as they are when its cells hold the same numbers (xlsx-write.ts checks).
 */
export function takeCsvTexts(t: object): readonly (ColumnTexts | undefined)[] | undefined {
  const x = kept.get(t);
  kept.delete(t);
  return x;
}

/**
 * Write tables as CSV files into `dir`, byte for byte what {@link toCsv} gives, without holding a
 * file's text: rows are formatted in blocks and written as they are formatted. Tables given by
 * columns are written side by side, block by block: a column object shared by several of them (a
 * data set that a step left unchanged, the normalised indicators in the aggregated data set, the
 * scores in the ranks) is formatted once per block, and a table whose columns are all those of an
 * earlier one gets that table's text as it is (the data sets of the steps that were off are
 * identical copies, written at the cost of the bytes alone).
 *
 * `keepTexts` (the workbook is written next): each table of up to {@link KEEP_TABLE_CELLS} cells
 * (at most {@link KEEP_CELLS} in all) is formatted in one block and its columns' number texts are
 * kept for {@link takeCsvTexts}, so the workbook formats no number twice.
 *
 * Cost: O(cells) time; memory O(block), not O(table) (without `keepTexts`).
 */
export function writeCsvFiles(dir: string, tables: readonly CsvTableSource[], opts: { bom?: boolean; keepTexts?: boolean } = {}): void {
  const bom = opts.bom === false ? '' : '\uFEFF';
  let budget = opts.keepTexts ? KEEP_CELLS : 0;
  const keep = (t: CsvTableSource, nRows: number): boolean => {
    const cells = nRows * t.header.length;
    if (cells > KEEP_TABLE_CELLS || cells > budget) return false;
    budget -= cells;
    return true;
  };
  const byColumns = tables.filter((t) => t.columns);
  for (const t of tables) if (!t.columns) writeRowsFile(join(dir, t.file), t, bom, keep(t, t.rows.length));
  // Tables by columns, grouped by row count, written block by block in step.
  const groups = new Map<number, CsvTableSource[]>();
  for (const t of byColumns) {
    const g = groups.get(t.columns!.nRows);
    if (g) g.push(t);
    else groups.set(t.columns!.nRows, [t]);
  }
  for (const [nRows, group] of groups) {
    const keepAll = opts.keepTexts === true && group.every((t) => keep(t, nRows));
    writeColumnGroup(dir, group, nRows, bom, keepAll);
  }
}

/** A file's text cells as written (UTF-8 bytes of {@link cellText}), by text: a column's texts repeat (units, groups, labels). */
type TextCells = Map<string, Buffer>;
/** The most texts a {@link TextCells} holds; others are encoded every time. */
const TEXT_CELLS_MAX = 4096;

/** The bytes {@link cellText} gives for the text `v`, from `texts` when there. */
function cellBytes(texts: TextCells, v: string): Buffer {
  let b = texts.get(v);
  if (b === undefined) {
    b = Buffer.from(quote(escapeFormula(v)));
    if (texts.size < TEXT_CELLS_MAX) texts.set(v, b);
  }
  return b;
}

/** Scratch of {@link writeRowsFile}: per column, the block's numbers (NaN: none) and their texts. */
const rowScratch: { values: Float64Array; texts: NumberTexts }[] = [];

const noInfinity = (): never => {
  throw new Error('unreachable: infinities are checked before formatting');
};

/**
 * A table by rows, written a block of rows at a time as bytes: each column's numbers of the block
 * formatted together ({@link formatNumbers}: `String(v)`'s text without a string per number), text
 * cells as {@link cellText} gives them. `keep`: one block, and the columns' texts kept for the workbook.
 */
function writeRowsFile(path: string, t: CsvTableSource, bom: string, keep: boolean): void {
  const { header, rows } = t;
  const m = header.length;
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
    const block = keep ? Math.max(1, rows.length) : BLOCK_ROWS;
    const texts: TextCells = new Map();
    const cols = keep
      ? Array.from({ length: m }, () => ({ values: new Float64Array(block), texts: { bytes: Buffer.allocUnsafe(0), ends: new Int32Array(block) } }))
      : rowScratch;
    for (let c = cols.length; c < m; c++)
      cols.push({ values: new Float64Array(block), texts: { bytes: Buffer.allocUnsafe(1 << 12), ends: new Int32Array(block) } });
    for (let start = 0; start < rows.length; start += block) {
      const end = Math.min(rows.length, start + block);
      // The block's numbers by column, checked in row order (a short row, then an infinite number, fails first).
      for (let r = start; r < end; r++) {
        const row = rows[r];
        if (row.length !== m) rowLine(header, row, r); // fails, naming the row
        const i = r - start;
        for (let c = 0; c < m; c++) {
          const v = row[c];
          if (typeof v === 'number') {
            if (v === Infinity || v === -Infinity) numberText(v, header, r, c);
            cols[c].values[i] = v;
          } else cols[c].values[i] = NaN;
        }
      }
      for (let c = 0; c < m; c++) formatNumbers(cols[c].values, 0, end - start, cols[c].texts, noInfinity);
      pos = 0;
      for (let r = start; r < end; r++) {
        const row = rows[r];
        const i = r - start;
        grow(m * 26 + 1);
        for (let c = 0; c < m; c++) {
          const v = row[c];
          if (c) out[pos++] = 44;
          if (typeof v === 'number') {
            const { bytes, ends } = cols[c].texts;
            for (let q = i ? ends[i - 1] : 0, e = ends[i]; q < e; q++) out[pos++] = bytes[q];
          } else if (v !== null && v !== undefined) {
            const tb = cellBytes(texts, v);
            grow(tb.length + (m - c) * 26 + 1);
            for (let q = 0; q < tb.length; q++) out[pos++] = tb[q];
          }
        }
        out[pos++] = 10;
      }
      writeAll(fd, out.subarray(0, pos));
    }
    if (keep)
      kept.set(
        t,
        cols.slice(0, m).map((c) => ({ values: c.values, bytes: c.texts.bytes, ends: c.texts.ends })),
      );
  } finally {
    closeSync(fd);
  }
}

function writeColumnGroup(dir: string, group: readonly CsvTableSource[], nRows: number, bom: string, keep: boolean): void {
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
  // Kept for the workbook: one block of all rows, so each column's store holds all of its texts.
  const blockRows = keep ? Math.max(1, nRows) : BLOCK_ROWS;
  // A table with an earlier one's columns and header (the data sets of the steps that were off) is a
  // copy of that table's file, made by the kernel once it is written (copy_file_range on Linux: a
  // quarter of the system time of writing the bytes again, ≈ 1 GB of them at 50,000 units).
  const heads = group.map((t) => `${bom}${headerLine(t.header)}\n`);
  const copyOf = group.map((_, q) => group.findIndex((_, k) => sigs[k] === sigs[q] && heads[k] === heads[q]));
  const fds: number[] = [];
  let written = false;
  try {
    group.forEach((t, k) => fds.push(copyOf[k] === k ? openSync(join(dir, t.file), 'w') : -1));
    group.forEach((_, k) => {
      if (copyOf[k] === k) writeSync(fds[k], heads[k]);
    });
    // Each column's cells of a block, found once for every table that has the column: a column of
    // numbers as digits (numberDigits), written straight into each line; other columns (and every
    // column when the texts are kept for the workbook) as UTF-8 bytes, copied into each line. Then
    // each distinct table's block is assembled and written to its files.
    const stores = new Map<number, NumberTexts>();
    const digits = new Map<number, NumberDigits>();
    const done = new Set<number>();
    // A distinct table's block: its bytes and where each line ends (kept for the tables it begins).
    const blocks = group.map((_, k) => (first[k] ? { bytes: Buffer.allocUnsafe(isPrefix[k] ? 1 << 20 : 0), ends: new Int32Array(blockRows) } : undefined));
    let scratch = Buffer.allocUnsafe(1 << 20);
    for (let start = 0; start < nRows; start += blockRows) {
      const end = Math.min(nRows, start + blockRows);
      const n = end - start;
      done.clear();
      group.forEach((t, k) => {
        if (!first[k]) return;
        const from = prefixOf[k] < 0 ? 0 : tableIds[prefixOf[k]].length;
        // Per column of the table after its prefix: its digits, or else its bytes.
        const digs: (NumberDigits | undefined)[] = [];
        const cols: (NumberTexts | undefined)[] = [];
        // 3 bytes of room at the end: cells are copied 4 bytes at a time (below).
        let size = n * (tableIds[k].length - from) + 3;
        for (let j = from; j < tableIds[k].length; j++) {
          const id = tableIds[k][j];
          const c = t.columns!.cells[j];
          if (typeof c !== 'function' && !keep) {
            let d = digits.get(id);
            if (!d) digits.set(id, (d = newNumberDigits(Math.min(blockRows, nRows))));
            if (!done.has(id)) {
              numberDigits(c, start, end, d, (i) => numberText(c[i], t.header, i, j) as never);
              done.add(id);
            }
            digs.push(d);
            cols.push(undefined);
            size += d.size;
            continue;
          }
          let st = stores.get(id);
          if (!st) stores.set(id, (st = { bytes: Buffer.allocUnsafe(1 << 16), ends: new Int32Array(blockRows) }));
          if (!done.has(id)) {
            formatColumnBytes(c, start, end, t.header, j, st);
            done.add(id);
          }
          digs.push(undefined);
          cols.push(st);
          size += st.ends[n - 1];
        }
        const pre = prefixOf[k] < 0 ? undefined : blocks[prefixOf[k]]!;
        if (pre) size += pre.ends[n - 1];
        const blk = blocks[k]!;
        let out = isPrefix[k] ? blk.bytes : scratch;
        if (out.length < size) {
          out = Buffer.allocUnsafe(Math.max(size, out.length * 2));
          if (isPrefix[k]) blk.bytes = out;
          else scratch = out;
        }
        let pos = 0;
        const m = cols.length;
        // A cell's bytes copied as 32-bit words (DataView: any alignment), the last word running up to
        // 3 bytes past the cell's end (in the store: when the store has them) into bytes written next.
        const od = new DataView(out.buffer, out.byteOffset, out.length);
        const views = cols.map((c) => (c ? new DataView(c.bytes.buffer, c.bytes.byteOffset, c.bytes.length) : od));
        for (let i = 0; i < n; i++) {
          if (pre) {
            // The earlier table's line without its line end, then a comma.
            const a = i ? pre.ends[i - 1] : 0;
            pos += pre.bytes.copy(out, pos, a, pre.ends[i] - 1);
            out[pos++] = 44;
          }
          for (let j = 0; j < m; j++) {
            const d = digs[j];
            if (d !== undefined) pos = putNumber(out, od, pos, d, i);
            else {
              const c = cols[j]!;
              const to = c.ends[i];
              let q = i ? c.ends[i - 1] : 0;
              let o = pos;
              pos += to - q;
              if (to + 3 <= c.bytes.length) {
                const v = views[j];
                for (; q < to; q += 4, o += 4) od.setUint32(o, v.getUint32(q, true), true);
              } else {
                const b = c.bytes;
                for (; q < to; q++) out[o++] = b[q];
              }
            }
            out[pos++] = j + 1 < m ? 44 : 10;
          }
          blk.ends[i] = pos;
        }
        // Written at once to every file of this table's signature.
        const block = out.subarray(0, pos);
        for (let q = k; q < group.length; q++) if (sigs[q] === sigs[k] && copyOf[q] === q) writeAll(fds[q], block);
      });
    }
    if (keep)
      group.forEach((t, k) => {
        const cells = t.columns!.cells;
        kept.set(
          t,
          tableIds[k].map((id, j) => {
            const c = cells[j];
            const st = stores.get(id);
            return typeof c === 'function' || !st ? undefined : { values: c, bytes: st.bytes, ends: st.ends };
          }),
        );
      });
    written = true;
  } finally {
    for (const fd of fds) if (fd >= 0) closeSync(fd);
  }
  if (written) for (let k = 0; k < group.length; k++) if (copyOf[k] !== k) copyFileSync(join(dir, group[copyOf[k]].file), join(dir, group[k].file));
}

/** Every byte of `b` to `fd` (a write may take fewer bytes than given). */
function writeAll(fd: number, b: Uint8Array): void {
  for (let off = 0; off < b.length; ) off += writeSync(fd, b, off, b.length - off);
}

/**
 * Rows start … end − 1 of one column as CSV cells, as UTF-8 bytes into `st` (grown as needed): the
 * text {@link cellText} / {@link numberText} gives. A Float64Array's numbers are formatted together
 * ({@link formatNumbers}); a function's cells one by one.
 */
function formatColumnBytes(c: CsvColumn, start: number, end: number, header: readonly string[], j: number, st: NumberTexts): void {
  if (typeof c !== 'function') {
    formatNumbers(c, start, end, st, (i) => numberText(c[i], header, i, j) as never);
    return;
  }
  const pattern = patternColumnOf(c);
  if (pattern) {
    formatPatternBytes(c, pattern, start, end, header, j, st);
    return;
  }
  let b = st.bytes;
  let pos = 0;
  const texts: TextCells = new Map();
  for (let i = start; i < end; i++) {
    const v = c(i);
    const tb = typeof v === 'string' ? cellBytes(texts, v) : undefined;
    const s = tb ? '' : cellText(v, header, i, j);
    const need = tb ? tb.length : s.length * 3;
    if (pos + need > b.length) {
      const nb = Buffer.allocUnsafe(Math.max(pos + need, b.length * 2));
      b.copy(nb, 0, 0, pos);
      b = st.bytes = nb;
    }
    if (tb) for (let q = 0; q < tb.length; q++) b[pos++] = tb[q];
    else pos += b.write(s, pos);
    st.ends[i - start] = pos;
  }
}

/** Per pattern column (units, periods, groups): each of its values' cell bytes, made when first written. */
const patternCells = new WeakMap<object, (Buffer | undefined)[]>();

/**
 * {@link formatColumnBytes} of a pattern column (core/label-columns.ts): row i is values[q] with q
 * from the pattern, and each value's cell ({@link cellText}) is encoded once per column, not per row
 * (a 50,000-unit run's data sets repeat 50,000 unit names and 15 periods over 750,000 rows each).
 */
function formatPatternBytes(c: object, pattern: ColumnPattern, start: number, end: number, header: readonly string[], j: number, st: NumberTexts): void {
  const { values, div, mod } = pattern;
  let cells = patternCells.get(c);
  if (!cells) patternCells.set(c, (cells = new Array<Buffer | undefined>(values.length).fill(undefined)));
  let b = st.bytes;
  let pos = 0;
  for (let i = start; i < end; i++) {
    // As patternColumn reads it: values[i mod mod], values[⌊i / div⌋] or values[⌊i / div⌋ mod mod].
    const q = div === 1 ? i % mod : mod === Infinity ? Math.floor(i / div) : Math.floor(i / div) % mod;
    let tb = cells[q];
    if (tb === undefined) cells[q] = tb = Buffer.from(cellText(values[q], header, i, j));
    if (pos + tb.length > b.length) {
      const nb = Buffer.allocUnsafe(Math.max(pos + tb.length, b.length * 2));
      b.copy(nb, 0, 0, pos);
      b = st.bytes = nb;
    }
    for (let q2 = 0; q2 < tb.length; q2++) b[pos++] = tb[q2];
    st.ends[i - start] = pos;
  }
}

/**
 * {@link parseCsv} on the bytes of a UTF-8 file, without decoding it into one string (issue 14,
 * large panels: a 50,000 × 15 × 40 panel is a 250 MB file). The result is the one `parseCsv` gives
 * the decoded text — every field, row number, note and error alike (test: csv-bytes.test.ts
 * compares the two on generated files) — so readers choose by encoding and nothing else changes.
 *
 * Delimiters, quotes and line ends are ASCII, and in UTF-8 no byte of a multi-byte character is an
 * ASCII byte, so the fields are found on the bytes; a field's text is its bytes decoded (latin1 when
 * they are ASCII). Short texts repeated on many rows (periods, groups, unit codes) are one string
 * each (interned), and the packed columns are on shared memory and sized from the number of lines,
 * so that a panel read in its own order can take them as its columns without a copy (buildPanel).
 * The bytes are either one buffer or a {@link ByteSource} read through a window (a large file is
 * then never held whole: on this kind of machine fresh memory costs more than the parsing).
 */
import { fail } from '../../core/errors.js';
import { sharedFloat64 } from '../../core/parallel.js';
import { type CsvData, type CsvOptions, failIfNoRecords, findHeader, HEADER_SEARCH, headerOfRecords, PLAIN_NUMBER, POW10, trimPacked } from './csv.js';

const QUOTE = 34;
const LF = 10;
const CR = 13;
const DELIMS = [',', ';', '\t'] as const;
const DELIM_CODES = [44, 59, 9];

/** {@link detectDelimiter} on bytes (from `start`, past a byte-order mark); `done` when it did not need the bytes' end to decide. */
function detectDelimiterBytes(b: Uint8Array, start: number): { delimiter: ',' | ';' | '\t'; done: boolean } {
  const counts = [0, 0, 0];
  let q = false;
  let lines = 0;
  let done = false;
  for (let i = start; i < b.length; i++) {
    const ch = b[i];
    if (ch === QUOTE) q = !q;
    else if (!q) {
      if (ch === CR && i + 1 < b.length && b[i + 1] === LF) continue;
      if (ch === LF || ch === CR) {
        if (i + 1 >= b.length) break; // a CR that may begin a CRLF
        if (counts[0] + counts[1] + counts[2] > 0 || ++lines > HEADER_SEARCH) {
          done = true;
          break;
        }
        continue;
      }
      const k = DELIM_CODES.indexOf(ch);
      if (k >= 0) counts[k]++;
    }
  }
  let best = 0;
  for (let k = 1; k < 3; k++) if (counts[k] > counts[best]) best = k;
  return { delimiter: DELIMS[best], done };
}

/** How many records the bytes from `start` can hold at most: their line ends (CRLF once), plus a last line without one. */
export function lineCount(b: Buffer, start: number): number {
  let lines = 0;
  for (let p = b.indexOf(LF, start); p >= 0; p = b.indexOf(LF, p + 1)) lines++;
  for (let p = b.indexOf(CR, start); p >= 0; p = b.indexOf(CR, p + 1)) if (b[p + 1] !== LF) lines++;
  const last = b.length > start ? b[b.length - 1] : LF;
  return lines + (last === LF || last === CR ? 0 : 1);
}

/**
 * A file's bytes read in order, a window at a time (readCsvFile), with its line count: the line
 * ends of its bytes (CRLF once) plus one for a last line without one, as {@link lineCount} counts.
 */
export interface ByteSource {
  /** Reads the next bytes into `into` from `at` (at most its end); returns how many, 0 at the end. */
  read(into: Buffer, at: number): number;
  lines: number;
}

/** The first window of a {@link ByteSource}; it grows when a record does not fit. */
const WINDOW = 8 << 20;
/** Bytes left in the window below which it is refilled before the next record. */
const REFILL = 1 << 16;

/** Interned texts at most, and their longest (bytes). */
const INTERN_MAX = 1 << 20;
const INTERN_LEN = 64;

/**
 * One string per distinct short text (≤ {@link INTERN_LEN} bytes), found by its bytes without making a
 * string first: an open-addressing table of FNV-1a hashes over a pool of the texts' bytes.
 */
class Interner {
  private table = new Int32Array(1 << 12);
  private hashes = new Int32Array(1 << 11);
  private starts = new Int32Array(1 << 11);
  private pool = new Uint8Array(1 << 14);
  private used = 0;
  private strings: string[] = [];

  text(b: Buffer, a: number, z: number, ascii: boolean): string {
    const len = z - a;
    if (len === 0) return '';
    if (len > INTERN_LEN) return b.toString(ascii ? 'latin1' : 'utf8', a, z);
    let h = 0x811c9dc5 | 0;
    for (let p = a; p < z; p++) h = Math.imul(h ^ b[p], 0x01000193);
    const mask = this.table.length - 1;
    for (let slot = h & mask; ; slot = (slot + 1) & mask) {
      const e = this.table[slot];
      if (e === 0) break;
      const k = e - 1;
      if (this.hashes[k] !== h) continue;
      const st = this.starts[k];
      if (this.starts[k + 1] - st !== len) continue;
      let same = true;
      for (let q = 0; q < len && same; q++) same = this.pool[st + q] === b[a + q];
      if (same) return this.strings[k];
    }
    const s = b.toString(ascii ? 'latin1' : 'utf8', a, z);
    const k = this.strings.length;
    if (k >= INTERN_MAX) return s;
    if ((k + 2) * 2 > this.table.length) this.rehash();
    if (k + 2 > this.starts.length) {
      const grow = (x: Int32Array) => {
        const g = new Int32Array(x.length * 2);
        g.set(x);
        return g;
      };
      this.hashes = grow(this.hashes);
      this.starts = grow(this.starts);
    }
    if (this.used + len > this.pool.length) {
      const g = new Uint8Array(Math.max(this.pool.length * 2, this.used + len));
      g.set(this.pool.subarray(0, this.used));
      this.pool = g;
    }
    b.copy(this.pool, this.used, a, z);
    this.used += len;
    this.strings.push(s);
    this.hashes[k] = h;
    this.starts[k + 1] = this.used;
    const m = this.table.length - 1;
    let slot = h & m;
    while (this.table[slot] !== 0) slot = (slot + 1) & m;
    this.table[slot] = k + 1;
    return s;
  }

  private rehash(): void {
    const t = new Int32Array(this.table.length * 2);
    const m = t.length - 1;
    for (let k = 0; k < this.strings.length; k++) {
      let slot = this.hashes[k] & m;
      while (t[slot] !== 0) slot = (slot + 1) & m;
      t[slot] = k + 1;
    }
    this.table = t;
  }
}

/**
 * Parse delimited UTF-8 bytes (a leading byte-order mark is skipped): {@link parseCsv} of their text,
 * for bytes that are valid UTF-8 (the caller checks, e.g. with `isUtf8`). Same options, result and errors.
 * `bytes` is a buffer, or a {@link ByteSource} read through a window of `window` bytes (grown for a
 * record that does not fit; smaller in tests).
 *
 * Cost: one pass over the bytes (two more, native, to count the lines), O(bytes).
 */
export function parseCsvBytes(bytes: Uint8Array | ByteSource, file: string, opts: CsvOptions = {}, window = WINDOW): CsvData {
  // The window: b[0 … n) holds the bytes from the file's position `shifted` on; `eof` once b holds the rest.
  const source = bytes instanceof Uint8Array ? undefined : bytes;
  let b: Buffer;
  let n: number;
  let eof: boolean;
  if (source) {
    b = Buffer.allocUnsafe(window);
    n = 0;
    eof = false;
  } else {
    const u = bytes as Uint8Array;
    b = Buffer.isBuffer(u) ? u : Buffer.from(u.buffer, u.byteOffset, u.byteLength);
    n = b.length;
    eof = true;
  }
  /** The window from position `from` on moved to its start, then filled from the source (grown when full); returns how far it moved. */
  const refill = (from: number): number => {
    if (from > 0) {
      b.copy(b, 0, from, n);
      n -= from;
    }
    if (n === b.length) {
      const g = Buffer.allocUnsafe(b.length * 2);
      b.copy(g, 0, 0, n);
      b = g;
    }
    while (n < b.length) {
      const got = source!.read(b, n);
      if (got === 0) {
        eof = true;
        break;
      }
      n += got;
    }
    return from;
  };
  if (source) refill(0);
  const refillBelow = Math.min(REFILL, window >> 2);
  let i = n >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? 3 : 0;
  // The delimiter from the first lines (as parseCsv finds it); a source's window grows until they are in it.
  let detected = detectDelimiterBytes(b.subarray(0, n), i);
  while (!detected.done && !eof) {
    refill(0);
    detected = detectDelimiterBytes(b.subarray(0, n), i);
  }
  const delimiter = detected.delimiter;
  const delimCode = delimiter.charCodeAt(0);
  const records: (string | null)[][] = [];
  /** Fields of each record (its array can be shorter: packed fields at its end are not in it). */
  const counts: number[] = [];
  const lines: number[] = [];
  const interner = new Interner();

  const numeric = opts.numeric?.size ? opts.numeric : undefined;
  let h0 = -1;
  /** Data rows start at this record (the header's + 1) once packing has started. */
  let base = 0;
  let packCols: number[] = [];
  let packVals: Float64Array[] = [];
  /** Packed column k of each field index (−1: not packed), once packing has started. */
  let packAt = new Int32Array(0);
  let packing = false;
  const reserve = (row: number) => {
    if (row < packVals[0].length) return;
    packVals = packVals.map((a) => {
      const g = sharedFloat64(Math.max(1024, a.length * 2, row + 1));
      g.set(a);
      return g;
    });
  };
  /** A packed column's field read as text: its number into the column (and null) when it is one, as parseCsv's pack. */
  const packText = (f: (string | null)[], j: number, k: number, row: number) => {
    const v = f[j];
    if (v === null) return;
    if (v === '') {
      packVals[k][row] = NaN;
      f[j] = null;
    } else if (PLAIN_NUMBER.test(v)) {
      const x = Number(v);
      if (x === Infinity || x === -Infinity) return;
      packVals[k][row] = x;
      f[j] = null;
    }
  };
  /** Record `rec`'s packed columns from its fields as read (before packing started), and NaN for its missing fields. */
  const packRecord = (rec: number) => {
    const f = records[rec];
    const row = rec - base;
    reserve(row);
    for (let k = 0; k < packCols.length; k++) {
      const j = packCols[k];
      if (j < counts[rec] && j < f.length) packText(f, j, k, row);
      else packVals[k][row] = NaN;
    }
  };
  const headerKnown = (): boolean => {
    if (opts.headerRow !== undefined) return lines[lines.length - 1] >= opts.headerRow;
    return records.length > HEADER_SEARCH;
  };
  let located = false;
  const startPacking = () => {
    located = true;
    h0 = locateHeader();
    if (h0 < 0 || !numeric) return;
    const header = records[h0].map((h) => (h ?? '').trim());
    packCols = header.map((h, j) => (numeric.has(h) ? j : -1)).filter((j) => j >= 0);
    if (!packCols.length) return;
    base = h0 + 1;
    // Sized for the whole file: the records are at most its lines (pages not written take no memory).
    const rest = source ? source.lines - (line - 1) : lineCount(b, i);
    const size = Math.max(1, records.length - base + rest);
    packVals = packCols.map(() => sharedFloat64(size));
    for (let r = base; r < records.length; r++) packRecord(r);
    packAt = new Int32Array(header.length).fill(-1);
    packCols.forEach((j, k) => {
      packAt[j] = k;
    });
    packing = true;
  };

  /** The field at `from` when it is a plain decimal of ≤ 15 digits without exponent, ended by the delimiter, a line end or the end: as parseCsv's fastNumber. */
  let fastValue = 0;
  const fastNumber = (from: number): number => {
    let p = from;
    let c = p < n ? b[p] : -1;
    const neg = c === 45;
    if (neg || c === 43) c = ++p < n ? b[p] : -1;
    let m = 0;
    let digits = 0;
    let k = -1;
    for (;;) {
      if (c >= 48 && c <= 57) {
        m = m * 10 + (c - 48);
        digits++;
        if (k >= 0) k++;
      } else if (c === 46 && k < 0) k = 0;
      else break;
      c = ++p < n ? b[p] : -1;
    }
    if (digits === 0 || digits > 15 || !(p >= n || c === delimCode || c === LF || c === CR)) return -1;
    const x = k > 0 ? m / POW10[k] : m;
    fastValue = neg ? -x : x;
    return p;
  };

  // A quoted field's bytes without its quotes (doubled quotes once).
  let scratch: Buffer = Buffer.allocUnsafe(256);
  let line = 1;
  outer: for (;;) {
    if (!eof && n - i < refillBelow) i -= refill(i);
    if (i >= n) break;
    const startLine = line;
    const startAt = i;
    const fields: (string | null)[] = [];
    /** Fields of the record so far; those packed as numbers are in `fields` only when a text follows them. */
    let nf = 0;
    let any = false;
    const rec = records.length;
    const row = rec - base;
    if (packing) reserve(row);
    let endOfRecord = false;
    while (!endOfRecord) {
      const kp = packing && nf < packAt.length ? packAt[nf] : -1;
      const end = kp >= 0 ? fastNumber(i) : -1;
      if (end >= 0) {
        packVals[kp][row] = fastValue;
        nf++;
        any = true;
        i = end;
      } else {
        let s: string;
        if (i < n && b[i] === QUOTE) {
          // Quoted field: its bytes into the scratch, then the unquoted rest up to the delimiter.
          const openLine = line;
          i++;
          let closed = false;
          let len = 0;
          let ascii = true;
          while (i < n) {
            const ch = b[i];
            if (ch === QUOTE) {
              if (i + 1 < n && b[i + 1] === QUOTE) {
                if (len === scratch.length) scratch = grown(scratch, len);
                scratch[len++] = QUOTE;
                i += 2;
              } else {
                i++;
                closed = true;
                break;
              }
            } else {
              if (ch === LF || (ch === CR && !(i + 1 < n && b[i + 1] === LF))) line++;
              if (ch >= 0x80) ascii = false;
              if (len === scratch.length) scratch = grown(scratch, len);
              scratch[len++] = ch;
              i++;
            }
          }
          if (!closed && !eof) {
            // The window ends inside the field: read the record again with more of the file.
            line = startLine;
            i = startAt - refill(startAt);
            continue outer;
          }
          if (!closed) {
            fail('E_CSV_QUOTE', `unterminated quoted field starting on line ${openLine} of ${file}`, {
              location: { file, row: openLine, column: nf + 1 },
              hint: 'a field opened with " is never closed; double any quote inside a quoted field ("") or remove the stray quote',
            });
          }
          let j = i;
          while (j < n) {
            const ch = b[j];
            if (ch === delimCode || ch === LF || ch === CR) break;
            if (ch >= 0x80) ascii = false;
            j++;
          }
          if (j > i) {
            if (len + j - i > scratch.length) scratch = grown(scratch, len + j - i);
            len += b.copy(scratch, len, i, j);
          }
          s = len === 0 ? '' : scratch.toString(ascii ? 'latin1' : 'utf8', 0, len);
          i = j;
        } else {
          let j = i;
          let ascii = true;
          while (j < n) {
            const ch = b[j];
            if (ch === delimCode || ch === LF || ch === CR) break;
            if (ch >= 0x80) ascii = false;
            j++;
          }
          s = interner.text(b, i, j, ascii);
          i = j;
        }
        if (s !== '') any = true;
        while (fields.length < nf) fields.push(null);
        fields.push(s);
        if (kp >= 0) packText(fields, nf, kp, row);
        nf++;
      }
      if (i >= n) {
        endOfRecord = true;
      } else if (b[i] === delimCode) {
        i++;
        if (i >= n) {
          // A delimiter ending the text: one more, empty field.
          while (fields.length < nf) fields.push(null);
          fields.push('');
          if (packing && nf < packAt.length && packAt[nf] >= 0) packText(fields, nf, packAt[nf], row);
          nf++;
          endOfRecord = true;
        }
      } else {
        if (b[i] === CR && i + 1 < n && b[i + 1] === LF) i += 2;
        else i++;
        line++;
        endOfRecord = true;
      }
    }
    if (i >= n && !eof) {
      // The record reached the window's end (its last field or line end may go on): read it again with more of the file.
      line = startLine;
      i = startAt - refill(startAt);
      continue;
    }
    if (!any) continue; // empty, or every field empty
    if (packing) for (let j = nf; j < packAt.length; j++) if (packAt[j] >= 0) packVals[packAt[j]][row] = NaN;
    records.push(fields);
    counts.push(nf);
    lines.push(startLine);
    if (!located && numeric && headerKnown()) startPacking();
  }
  failIfNoRecords(records.length, file);
  if (!located) startPacking();
  const { titleRows, headerLine, header } = headerOfRecords(records, lines, h0, opts.headerRow, file);
  const w = header.length;
  const isPacked = new Uint8Array(w);
  for (const j of packCols) isPacked[j] = 1;
  const rows: (string | null)[][] = [];
  const rowNumbers: number[] = [];
  for (let r = h0 + 1; r < records.length; r++) {
    if (counts[r] > w) {
      fail('E_CSV_FIELDS', `line ${lines[r]} of ${file} has ${counts[r]} fields but the header has ${w}`, {
        location: { file, row: lines[r], column: w + 1 },
        hint: `check for an unquoted "${delimiter === '\t' ? '\\t' : delimiter}" inside a value (quote the field) or a missing column name in the header`,
      });
    }
    rows.push(trimPacked(records[r], counts[r], isPacked));
    rowNumbers.push(lines[r]);
  }
  const nRows = records.length - base;
  const cut = (a: Float64Array) => (a.length === nRows ? a : a.subarray(0, nRows));
  const packed = packCols.length ? new Map(packCols.map((j, k) => [j, cut(packVals[k])])) : undefined;
  return { header, rows: rows as string[][], rowNumbers, delimiter, headerRow: headerLine, titleRows, ...(packed ? { packed } : {}) };

  /** The index of the header among the records read so far; fails when there is none. */
  function locateHeader(): number {
    if (records.length === 0) return -1;
    if (opts.headerRow === undefined) return findHeader(records as string[][]);
    return lines.indexOf(opts.headerRow);
  }
}

/** `b` grown to hold more than `len` bytes. */
function grown(b: Buffer, len: number): Buffer {
  const g = Buffer.allocUnsafe(Math.max(b.length * 2, len + 1));
  b.copy(g, 0, 0, len);
  return g;
}

/**
 * RFC 4180 CSV parsing with the tolerance real exports need (delimiter detection, CRLF or LF,
 * padded short rows) and strictness where silence would corrupt data (unterminated quotes,
 * surplus fields, missing or repeated column names).
 */
import { fail } from '../../core/errors.js';

/** A parsed delimited text file. */
export interface CsvData {
  /** Column names, trimmed, unique and non-empty. */
  header: string[];
  /**
   * Data rows, each padded with "" to `header.length` fields — except that a row ends at its last
   * field that is not a packed value (`packed`): the packed columns after it are absent, not null.
   */
  rows: string[][];
  /** `rowNumbers[i]` = 1-based physical line on which data row i starts (the header is line 1). */
  rowNumbers: number[];
  /** The delimiter that was detected. */
  delimiter: ',' | ';' | '\t';
  /** 1-based line of the header. */
  headerRow: number;
  /** Title rows above an automatically found header (see {@link findHeader}), with their text; empty otherwise. */
  titleRows: { row: number; text: string }[];
  /** The columns read as numbers (`opts.numeric`): see {@link PackedColumns}. */
  packed?: PackedColumns;
}

/**
 * Columns of a table held as numbers (large panels: no text per cell). Column k's value on data
 * row r is `get(k)[r]` when `rows[r][k]` is null or absent (a Parquet row ends at its last column
 * read as values), else the cell `rows[r][k]` as read (text that is
 * not a plain number: a missing-value marker, `1,234`, …). A packed value is the one
 * `readNumericCell` gives the text when no missing-value marker is a number (`NaN` for an empty
 * field).
 */
export type PackedColumns = ReadonlyMap<number, Float64Array>;

/** Options of {@link parseCsv}. */
export interface CsvOptions {
  /** 1-based line of the header; rows above it are ignored. Default: found by {@link findHeader}. */
  headerRow?: number;
  /**
   * Columns (by header name) to hold as numbers ({@link PackedColumns}): a field that is a plain
   * finite number (`NUMBER_RE` of cells.ts, nothing around it) or empty is stored as its number,
   * other fields as text. Only for callers that read these columns with `readNumericCell` and no
   * missing-value marker that is a number (the value is then the same).
   */
  numeric?: ReadonlySet<string>;
}

/** Plain decimal or scientific notation, optional sign (as `readNumericCell` reads it directly). */
export const PLAIN_NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Powers of ten exact as doubles (10^0 … 10^22). */
export const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k);

/** `a`, grown to hold index `rec` (doubled, at least 1,024). */
function growTo(a: Float64Array, rec: number): Float64Array {
  const b = new Float64Array(Math.max(1024, a.length * 2, rec + 1));
  b.set(a);
  return b;
}

/** How far down a header is looked for below title rows. */
export const HEADER_SEARCH = 10;

/**
 * Where the header is when none is given: the first non-empty row, unless that row is a title —
 * one distinct non-empty value that is not a number (`数据来源：中国统计年鉴2023` in A1, merged
 * over the table's width or not) — and one of the next {@link HEADER_SEARCH} rows looks like a
 * header: two or more distinct non-empty values, most of them not numbers. Then the first such row
 * is the header and the rows above it (titles, sources, units; at most one value each) are
 * titles. Returns the index of the header among `records`.
 */
export function findHeader(records: readonly (readonly (string | number | null)[])[]): number {
  const values = (r: readonly (string | number | null)[]) => [...new Set(r.map((c) => (c === null ? '' : String(c).trim())).filter((c) => c !== ''))];
  const numeric = (v: string) => /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/.test(v.replace(/,/g, ''));
  if (records.length === 0) return 0;
  const first = values(records[0]);
  if (first.length !== 1 || numeric(first[0])) return 0;
  for (let k = 1; k < Math.min(records.length, HEADER_SEARCH + 1); k++) {
    const v = values(records[k]);
    if (v.length < 2) continue;
    return v.filter(numeric).length * 2 < v.length ? k : 0;
  }
  return 0;
}

const DELIMS = [',', ';', '\t'] as const;

/** The header's names must be non-empty and unique (`E_CSV_HEADER`). */
export function checkHeader(header: readonly string[], file: string, headerLine: number): void {
  const seen = new Map<string, number>();
  header.forEach((h, k) => {
    if (h === '') {
      fail('E_CSV_HEADER', `empty column name in column ${k + 1} of the header of ${file}`, {
        location: { file, row: headerLine, column: k + 1 },
        hint: 'give every column a name; a trailing delimiter at the end of the header line also creates an empty column',
      });
    }
    const prev = seen.get(h);
    if (prev !== undefined) {
      fail('E_CSV_HEADER', `duplicate column name "${h}" in columns ${prev + 1} and ${k + 1} of the header of ${file}`, {
        location: { file, row: headerLine, column: k + 1 },
        hint: 'column names must be unique; rename one of them',
      });
    }
    seen.set(h, k);
  });
}

/** Every record read was empty: the file has no header (both parsers, after their last record). */
export function failIfNoRecords(count: number, file: string): void {
  if (count > 0) return;
  fail('E_CSV_HEADER', `${file} has no header row (the file is empty)`, {
    location: { file, row: 1 },
    hint: 'the first non-empty line must name the columns',
  });
}

/**
 * The header of the records either parser read (lines[k]: the file line of record k): record `h0` (−1 when the
 * named data.headerRow `headerRow` is empty or beyond the last row: an error naming it), trimmed and checked, and, when
 * the header row was found rather than named, the title rows above it.
 */
export function headerOfRecords(
  records: readonly (readonly (string | null)[])[],
  lines: readonly number[],
  h0: number,
  headerRow: number | undefined,
  file: string,
): { titleRows: { row: number; text: string }[]; headerLine: number; header: string[] } {
  if (h0 < 0) {
    const want = headerRow!;
    const last = lines[lines.length - 1];
    fail('E_CSV_HEADER', `the header row ${want} of ${file} is ${want > last ? `beyond the last row (${last})` : 'empty'}`, {
      location: { file, row: want },
      hint: `set data.headerRow to the row that names the columns (non-empty rows start at ${lines[0]})`,
    });
  }
  const titleRows =
    headerRow === undefined ? records.slice(0, h0).map((r, k) => ({ row: lines[k], text: (r as string[]).find((f) => f.trim() !== '')!.trim() })) : [];
  const headerLine = lines[h0];
  const header = (records[h0] as string[]).map((h) => h.trim());
  checkHeader(header, file, headerLine);
  return { titleRows, headerLine, header };
}

/**
 * A data row as {@link CsvData} holds it, from the fields read (`f`, whose last `nf − f.length`
 * fields are packed values not in it): padded to the header's width (`isPacked.length`) with ""
 * (null in a packed column), then ended at its last field that is not null — the packed columns
 * after it are absent. Changes and returns `f`.
 */
export function trimPacked(f: (string | null)[], nf: number, isPacked: Uint8Array): (string | null)[] {
  const w = isPacked.length;
  let end = 0;
  for (let j = w - 1; j >= nf; j--) {
    if (!isPacked[j]) {
      end = j + 1;
      break;
    }
  }
  if (end === 0) {
    end = f.length;
    while (end > 0 && f[end - 1] === null) end--;
  }
  if (end < f.length) f.length = end;
  else while (f.length < end) f.push(f.length >= nf && !isPacked[f.length] ? '' : null);
  return f;
}

/**
 * Detect the delimiter from the first line that has one (the header, or the line below title
 * lines): the most frequent of `,` `;` tab outside quotes (ties prefer that order; none in the
 * first lines → `,`, a single-column file).
 */
export function detectDelimiter(text: string): ',' | ';' | '\t' {
  const counts = [0, 0, 0];
  let q = false;
  let lines = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') q = !q;
    else if (!q) {
      if (ch === '\r' && text[i + 1] === '\n') continue;
      if (ch === '\n' || ch === '\r') {
        // A line without any delimiter (a title above the header) does not decide: look at the next.
        if (counts[0] + counts[1] + counts[2] > 0 || ++lines > HEADER_SEARCH) break;
        continue;
      }
      const k = DELIMS.indexOf(ch as (typeof DELIMS)[number]);
      if (k >= 0) counts[k]++;
    }
  }
  let best = 0;
  for (let k = 1; k < 3; k++) if (counts[k] > counts[best]) best = k;
  return DELIMS[best];
}

/**
 * Parse delimited text (RFC 4180).
 *
 * - Quoted fields may contain the delimiter, doubled quotes `""` and line breaks. A quote only
 *   opens a quoted field at the start of a field; elsewhere it is an ordinary character, and
 *   characters after a closing quote are appended (lenient, like spreadsheet programs).
 * - Line ends: CRLF, LF or lone CR. A leading BOM (U+FEFF) is removed.
 * - Delimiter: auto-detected among `,` `;` tab from the header line ({@link detectDelimiter}).
 * - Empty lines, and lines whose fields are all empty (`,,,` as Excel leaves below a table), are skipped.
 * - Header: the line `opts.headerRow`, else the first non-empty line — or, when that line is a
 *   title (one non-empty field), the header below it ({@link findHeader}); lines above the header
 *   are ignored. Header names are trimmed; data fields are returned as written (cell parsers trim).
 * - A row with fewer fields than the header is padded with "".
 *
 * Errors (`NqpfError`, location `{file,row}`): `E_CSV_QUOTE` unterminated quote (row = line where it
 * opened); `E_CSV_FIELDS` a row with more fields than the header; `E_CSV_HEADER` empty or duplicate
 * header names, or no header at all.
 *
 * Cost: one pass over the text, O(characters).
 */
export function parseCsv(text: string, file: string, opts: CsvOptions = {}): CsvData {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const delimiter = detectDelimiter(text);
  const records: (string | null)[][] = [];
  const lines: number[] = [];
  const n = text.length;
  // Numeric columns are packed as records are read, once the header is known (the first rows, or
  // the given header line): the text of their fields is never kept.
  const numeric = opts.numeric?.size ? opts.numeric : undefined;
  let h0 = -1;
  let packCols: number[] = [];
  let packVals: Float64Array[] = [];
  /** Room for record `rec`'s packed values. */
  const reserve = (rec: number) => {
    if (rec >= packVals[0].length) packVals = packVals.map((a) => growTo(a, rec));
  };
  // Packed column k of each field index (−1: not packed), once packing has started: a field that
  // is a short plain decimal is then read as its number by the scanner, without a text (fastNumber).
  let packAt = new Int32Array(0);
  const pack = (rec: number) => {
    const f = records[rec];
    reserve(rec);
    for (let k = 0; k < packCols.length; k++) {
      const j = packCols[k];
      if (j < f.length && f[j] === null) continue; // read as a number by the scanner
      const v = j < f.length ? f[j]! : '';
      if (v === '') {
        packVals[k][rec] = NaN;
        if (j < f.length) f[j] = null;
      } else if (PLAIN_NUMBER.test(v)) {
        const x = Number(v);
        if (x === Infinity || x === -Infinity) continue;
        packVals[k][rec] = x;
        f[j] = null;
      }
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
    // Sized for the whole file from the records read so far (a large file's arrays then never grow
    // and are never copied; pages not written to take no memory).
    const est = i > 0 && i < n ? Math.ceil(((records.length * n) / i) * 1.1) : records.length;
    packVals = packCols.map(() => new Float64Array(Math.max(1024, est)));
    for (let r = h0 + 1; r < records.length; r++) pack(r);
    packAt = new Int32Array(header.length).fill(-1);
    packCols.forEach((j, k) => {
      packAt[j] = k;
    });
  };
  const delimCode = delimiter.charCodeAt(0);
  /**
   * The field at `from` when it is a plain decimal of at most 15 digits without exponent (`-12.3456`,
   * `.5`, `7.`) ended by the delimiter, a line end or the end of the text: its value into `fastValue`,
   * returns where it ends; else −1 (the field is then read as text and packed as before). The
   * value is `Number(text)`: m < 10^15 and 10^k (k ≤ 22) are exact doubles, and m / 10^k is the
   * correctly rounded quotient, i.e. the double nearest the decimal (as Number rounds it).
   */
  let fastValue = 0;
  const fastNumber = (from: number): number => {
    let p = from;
    let c = text.charCodeAt(p);
    const neg = c === 45;
    if (neg || c === 43) c = text.charCodeAt(++p);
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
      c = text.charCodeAt(++p);
    }
    if (digits === 0 || digits > 15 || !(p >= n || c === delimCode || c === 10 || c === 13)) return -1;
    const x = k > 0 ? m / POW10[k] : m;
    fastValue = neg ? -x : x;
    return p;
  };
  let i = 0;
  let line = 1;
  while (i < n) {
    const startLine = line;
    const fields: (string | null)[] = [];
    let field = '';
    let endOfRecord = false;
    const rec = records.length;
    if (packAt.length) reserve(rec);
    while (!endOfRecord) {
      const kp = fields.length < packAt.length ? packAt[fields.length] : -1;
      const end = kp >= 0 ? fastNumber(i) : -1;
      if (end >= 0) {
        packVals[kp][rec] = fastValue;
        fields.push(null);
        i = end;
      } else {
        if (i < n && text[i] === '"' && field === '') {
          // Quoted field.
          const openLine = line;
          i++;
          let closed = false;
          while (i < n) {
            const ch = text[i];
            if (ch === '"') {
              if (text[i + 1] === '"') {
                field += '"';
                i += 2;
              } else {
                i++;
                closed = true;
                break;
              }
            } else {
              if (ch === '\n' || (ch === '\r' && text[i + 1] !== '\n')) line++;
              field += ch;
              i++;
            }
          }
          if (!closed) {
            fail('E_CSV_QUOTE', `unterminated quoted field starting on line ${openLine} of ${file}`, {
              location: { file, row: openLine, column: fields.length + 1 },
              hint: 'a field opened with " is never closed; double any quote inside a quoted field ("") or remove the stray quote',
            });
          }
        }
        // Unquoted run (or the rest after a closing quote) up to delimiter / line end / EOF.
        let j = i;
        while (j < n) {
          const ch = text[j];
          if (ch === delimiter || ch === '\n' || ch === '\r') break;
          j++;
        }
        field += text.slice(i, j);
        i = j;
        fields.push(field);
        field = '';
      }
      if (i >= n) {
        endOfRecord = true;
      } else if (text[i] === delimiter) {
        i++;
        if (i >= n) {
          fields.push('');
          endOfRecord = true;
        }
      } else {
        // line break
        if (text[i] === '\r' && text[i + 1] === '\n') i += 2;
        else i++;
        line++;
        endOfRecord = true;
      }
    }
    if (fields.every((f) => f === '')) continue;
    records.push(fields);
    lines.push(startLine);
    if (!located && numeric && headerKnown()) startPacking();
    else if (packCols.length) pack(records.length - 1);
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
    const f = records[r];
    if (f.length > w) {
      fail('E_CSV_FIELDS', `line ${lines[r]} of ${file} has ${f.length} fields but the header has ${w}`, {
        location: { file, row: lines[r], column: w + 1 },
        hint: `check for an unquoted "${delimiter === '\t' ? '\\t' : delimiter}" inside a value (quote the field) or a missing column name in the header`,
      });
    }
    rows.push(trimPacked(f, f.length, isPacked));
    rowNumbers.push(lines[r]);
  }
  // The records' values: a view when the arrays are not much longer, else a copy (an estimate far off).
  const nPacked = records.length - h0 - 1;
  const cut = (a: Float64Array) => (a.length <= nPacked * 1.5 + 1024 ? a.subarray(h0 + 1, records.length) : a.slice(h0 + 1, records.length));
  const packed = packCols.length ? new Map(packCols.map((j, k) => [j, cut(packVals[k])])) : undefined;
  return { header, rows: rows as string[][], rowNumbers, delimiter, headerRow: headerLine, titleRows, ...(packed ? { packed } : {}) };

  /** The index of the header among the records read so far; fails when there is none. */
  function locateHeader(): number {
    if (records.length === 0) return -1;
    if (opts.headerRow === undefined) return findHeader(records as string[][]);
    return lines.indexOf(opts.headerRow);
  }
}

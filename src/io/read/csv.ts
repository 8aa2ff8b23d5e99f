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
  /** Data rows, each padded with "" to `header.length` fields. */
  rows: string[][];
  /** `rowNumbers[i]` = 1-based physical line on which data row i starts (the header is line 1). */
  rowNumbers: number[];
  /** The delimiter that was detected. */
  delimiter: ',' | ';' | '\t';
  /** 1-based line of the header. */
  headerRow: number;
  /** Title rows above an automatically found header (see {@link findHeader}), with their text; empty otherwise. */
  titleRows: { row: number; text: string }[];
}

/** Options of {@link parseCsv}. */
export interface CsvOptions {
  /** 1-based line of the header; rows above it are ignored. Default: found by {@link findHeader}. */
  headerRow?: number;
}

/** How far down a header is looked for below title rows. */
const HEADER_SEARCH = 10;

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
  const records: string[][] = [];
  const lines: number[] = [];
  const n = text.length;
  let i = 0;
  let line = 1;
  while (i < n) {
    const startLine = line;
    const fields: string[] = [];
    let field = '';
    let endOfRecord = false;
    while (!endOfRecord) {
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
  }
  if (records.length === 0) {
    fail('E_CSV_HEADER', `${file} has no header row (the file is empty)`, {
      location: { file, row: 1 },
      hint: 'the first non-empty line must name the columns',
    });
  }
  let h0 = 0;
  if (opts.headerRow !== undefined) {
    h0 = lines.indexOf(opts.headerRow);
    if (h0 < 0) {
      const last = lines[lines.length - 1];
      fail('E_CSV_HEADER', `the header row ${opts.headerRow} of ${file} is ${opts.headerRow > last ? `beyond the last row (${last})` : 'empty'}`, {
        location: { file, row: opts.headerRow },
        hint: `set data.headerRow to the row that names the columns (non-empty rows start at ${lines[0]})`,
      });
    }
  } else h0 = findHeader(records);
  const titleRows = opts.headerRow === undefined ? records.slice(0, h0).map((r, k) => ({ row: lines[k], text: r.find((f) => f.trim() !== '')!.trim() })) : [];
  const headerLine = lines[h0];
  const header = records[h0].map((h) => h.trim());
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
  const w = header.length;
  const rows: string[][] = [];
  const rowNumbers: number[] = [];
  for (let r = h0 + 1; r < records.length; r++) {
    const f = records[r];
    if (f.length > w) {
      fail('E_CSV_FIELDS', `line ${lines[r]} of ${file} has ${f.length} fields but the header has ${w}`, {
        location: { file, row: lines[r], column: w + 1 },
        hint: `check for an unquoted "${delimiter === '\t' ? '\\t' : delimiter}" inside a value (quote the field) or a missing column name in the header`,
      });
    }
    while (f.length < w) f.push('');
    rows.push(f);
    rowNumbers.push(lines[r]);
  }
  return { header, rows, rowNumbers, delimiter, headerRow: headerLine, titleRows };
}

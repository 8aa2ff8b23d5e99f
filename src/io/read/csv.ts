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
}

const DELIMS = [',', ';', '\t'] as const;

/**
 * Detect the delimiter from the header line: the most frequent of `,` `;` tab outside
 * quotes (ties prefer that order; none → `,`, a single-column file).
 */
export function detectDelimiter(text: string): ',' | ';' | '\t' {
  const counts = [0, 0, 0];
  let q = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') q = !q;
    else if (!q) {
      if (ch === '\n' || ch === '\r') break;
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
 * - Header names are trimmed; data fields are returned as written (cell parsers trim).
 * - A row with fewer fields than the header is padded with "".
 *
 * Errors (`NqpfError`, location `{file,row}`): `E_CSV_QUOTE` unterminated quote (row = line where it
 * opened); `E_CSV_FIELDS` a row with more fields than the header; `E_CSV_HEADER` empty or duplicate
 * header names, or no header at all.
 *
 * Cost: one pass over the text, O(characters).
 */
export function parseCsv(text: string, file: string): CsvData {
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
  const headerLine = lines[0];
  const header = records[0].map((h) => h.trim());
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
  for (let r = 1; r < records.length; r++) {
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
  return { header, rows, rowNumbers, delimiter };
}

/**
 * CSV output that round-trips numbers exactly and cannot be turned into a spreadsheet formula
 * (CSV/formula injection, OWASP "CSV Injection").
 */
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
  const out: string[] = [header.map((h) => quote(escapeFormula(h))).join(',')];
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r];
    if (row.length !== header.length) {
      fail('E_CSV_WRITE', `row ${r + 1} has ${row.length} cells but the header has ${header.length}`, {
        hint: 'every output row must have one cell per column',
        data: { row: r + 1 },
      });
    }
    const cells = new Array<string>(row.length);
    for (let c = 0; c < row.length; c++) {
      const v = row[c];
      if (v === null || v === undefined) cells[c] = '';
      else if (typeof v === 'number') {
        if (Number.isNaN(v)) cells[c] = '';
        else if (!Number.isFinite(v)) {
          fail('E_CSV_WRITE', `infinite value in row ${r + 1}, column "${header[c]}"`, {
            location: { column: header[c] },
            hint: 'an infinite result usually means a division by zero upstream (e.g. a zero denominator or a constant indicator)',
          });
        } else cells[c] = String(v);
      } else cells[c] = quote(escapeFormula(v));
    }
    out.push(cells.join(','));
  }
  return (opts.bom === false ? '' : '\uFEFF') + out.join('\n') + '\n';
}

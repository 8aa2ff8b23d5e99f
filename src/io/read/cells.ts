/**
 * Turning one spreadsheet/CSV cell into a number — the place where "1,234.5", "１２３", "..",
 * "—" and "12%" are told apart. Strict on purpose: a value that is not clearly a number or a
 * missing-value token is an error, never a silent NaN.
 */
import { fail } from '../../core/errors.js';

/** A cell as the readers return it: text, a number (XLSX), or null (empty XLSX cell). */
export type Cell = string | number | null;

/**
 * Texts read as missing (NaN), compared after trimming and case-insensitively where they contain
 * letters: empty, `NA`, `N/A`, `..` (World Bank / OECD), `-`, `—` (em dash), `–` (en dash, both
 * common in Chinese yearbooks), `NaN`, `null`. Full-width `－` normalises to `-` first.
 */
export const MISSING_TOKENS: readonly string[] = ['', 'NA', 'N/A', '..', '-', '\u2014', '\u2013', 'NaN', 'null'];

const MISSING_SET = new Set(MISSING_TOKENS.map((t) => t.toLowerCase()));

/** Plain decimal or scientific notation, optional sign. */
const NUMBER_RE = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
/** Thousands-grouped: 1,234 or -12,345,678.9 (groups of exactly three digits). */
const GROUPED_RE = /^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d*)?(?:[eE][+-]?\d+)?$/;

/** Where a cell is, for error messages. */
export interface CellWhere {
  file: string;
  row: number;
  column: string | number;
}

/**
 * Map full-width digits and punctuation (as typed with a Chinese IME) to ASCII:
 * `０-９` → `0-9`, `．` → `.`, `，` → `,`, `－` / `−` (minus sign) → `-`, `＋` → `+`, `％` → `%`, `ｅ/Ｅ` → `e/E`.
 */
export function normaliseNumberText(s: string): string {
  let out = '';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c >= 0xff10 && c <= 0xff19) out += String.fromCharCode(c - 0xff10 + 48);
    else if (c === 0xff0e) out += '.';
    else if (c === 0xff0c) out += ',';
    else if (c === 0xff0d || c === 0x2212) out += '-';
    else if (c === 0xff0b) out += '+';
    else if (c === 0xff05) out += '%';
    else if (c === 0xff45) out += 'e';
    else if (c === 0xff25) out += 'E';
    else out += ch;
  }
  return out;
}

/** True when `s` (trimmed, normalised) is one of {@link MISSING_TOKENS}. */
export function isMissingToken(s: string): boolean {
  return MISSING_SET.has(normaliseNumberText(s.trim()).toLowerCase());
}

/**
 * Parse one cell as a number.
 *
 * - numbers pass through (NaN stays NaN = missing; ±Infinity is an error);
 * - `null` (empty XLSX cell) → NaN;
 * - text is trimmed (including U+3000 ideographic space) and full-width characters normalised
 *   ({@link normaliseNumberText}); a {@link MISSING_TOKENS} entry → NaN;
 * - decimal or scientific notation (`1.5e-3`), optional sign, and thousands separators in
 *   groups of three (`1,234.5`) are accepted;
 * - a trailing `%` is an error (the value would be off by a factor of 100 if silently stripped);
 * - anything else is `E_NON_NUMERIC`, naming file, row, column and the text.
 *
 * Cost: O(length of the text). Allocation-free for number cells.
 */
export function parseNumericCell(cell: Cell, where: CellWhere): number {
  if (cell === null || cell === undefined) return NaN;
  if (typeof cell === 'number') {
    if (cell === Infinity || cell === -Infinity)
      nonNumeric(String(cell), where, 'infinite values cannot be used; replace them with a number or leave the cell empty');
    return cell;
  }
  const raw = cell.trim();
  if (raw === '') return NaN;
  const s = normaliseNumberText(raw);
  if (MISSING_SET.has(s.toLowerCase())) return NaN;
  if (NUMBER_RE.test(s)) return finite(Number(s), cell, where);
  if (GROUPED_RE.test(s)) return finite(Number(s.replace(/,/g, '')), cell, where);
  if (/%\s*$/.test(s) && NUMBER_RE.test(s.replace(/\s*%\s*$/, '').replace(/,/g, ''))) {
    fail('E_NON_NUMERIC', `percentage "${cell}" in column "${where.column}", row ${where.row} of ${where.file}`, {
      location: { file: where.file, row: where.row, column: where.column },
      hint: 'percent signs are not stripped silently: convert the column to plain numbers (e.g. 12.5 for 12.5 %, or 0.125) and say which in the indicator unit',
      data: { text: cell },
    });
  }
  nonNumeric(cell, where, hintFor(s));
}

function finite(x: number, text: string, where: CellWhere): number {
  if (!Number.isFinite(x)) nonNumeric(text, where, 'the number is too large for double precision');
  return x;
}

function hintFor(s: string): string {
  const tokens = MISSING_TOKENS.map((t) => (t === '' ? '(empty)' : t)).join(', ');
  if (/^[+-]?\d+,\d{1,2}$/.test(s) || /^[+-]?\d{1,3}(\.\d{3})+,\d+$/.test(s)) {
    return `looks like a decimal comma; write numbers with a decimal point (1.5, not 1,5). Missing values may be written as: ${tokens}`;
  }
  return `write a plain number (1234.5, 1,234.5 or 1.2e3) or mark the value as missing with one of: ${tokens}`;
}

function nonNumeric(text: string, where: CellWhere, hint: string): never {
  fail('E_NON_NUMERIC', `non-numeric value "${text}" in column "${where.column}", row ${where.row} of ${where.file}`, {
    location: { file: where.file, row: where.row, column: where.column },
    hint,
    data: { text },
  });
}

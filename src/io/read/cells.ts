/**
 * Turning one spreadsheet/CSV cell into a number — the place where "1,234.5", "１２３", "…",
 * "——", "#N/A" and "12%" are told apart. Strict on purpose: a value that is not clearly a number
 * or a missing-value marker is an error, never a silent NaN; a marker is read as missing and
 * counted, so the run can say how many cells of which indicator were markers.
 */
import { NqpfError } from '../../core/errors.js';

/** A cell as the readers return it: text, a number (XLSX), or null (empty XLSX cell). */
export type Cell = string | number | null;

/**
 * Texts read as missing (NaN) by default — what yearbooks, statistical offices and Excel put in a
 * cell without a value:
 * `NA`, `N/A`, `#N/A` (Excel's "not available"), `NaN`, `null`, `..` (World Bank / OECD), `...`,
 * `…` and `……` (ellipsis, 中国统计年鉴), `-`, `--`, `—` and `——` (em dashes), `–` (en dash), `―`
 * (horizontal bar), `/` and `#DIV/0!` (Excel's division by zero, e.g. a growth rate on a zero base).
 *
 * Compared after trimming, ignoring case and full-width/half-width differences (Unicode NFKC: `－`
 * is `-`, `／` is `/`, `…` is `...`). Besides these, an empty cell is missing, and a cell holding
 * only spaces (also the full-width space U+3000 or zero-width characters) is missing too, counted
 * as the marker `(blank)`. The spec option `data.missing` adds markers (`[无, "-999"]`) or replaces
 * the list (`{ only: [...] }`); see {@link missingMarkers}.
 */
export const DEFAULT_MISSING_MARKERS: readonly string[] = [
  'NA',
  'N/A',
  '#N/A',
  'NaN',
  'null',
  '..',
  '...',
  '\u2026',
  '\u2026\u2026',
  '-',
  '--',
  '\u2014',
  '\u2014\u2014',
  '\u2013',
  '\u2015',
  '/',
  '#DIV/0!',
];

/** The default markers (the name used before markers could be configured). */
export const MISSING_TOKENS = DEFAULT_MISSING_MARKERS;

/** The label under which whitespace-only cells are counted. */
export const BLANK_MARKER = '(blank)';

/** A set of missing-value markers, as {@link readNumericCell} compares them. */
export interface MissingMarkers {
  /** The markers as written (for messages and notes). */
  readonly list: readonly string[];
  /** {@link markerKey} of every marker. */
  readonly keys: ReadonlySet<string>;
  /** Markers that are numbers (`-999`, `9999`): a numeric cell with one of these values is missing too. */
  readonly numbers: ReadonlySet<number>;
}

/** Plain decimal or scientific notation, optional sign. */
const NUMBER_RE = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
/** Thousands-grouped: 1,234 or -12,345,678.9 (groups of exactly three digits). */
const GROUPED_RE = /^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d*)?(?:[eE][+-]?\d+)?$/;
/** Zero-width characters a copy from a web page leaves in "empty" cells. */
const ZERO_WIDTH = /\u200b|\u200c|\u200d|\u2060|\ufeff/g;

/** How a marker is compared: trimmed, NFKC (full-width → ASCII, `…` → `...`), minus sign → `-`, lower case. */
export function markerKey(s: string): string {
  return normaliseNumberText(s.normalize('NFKC').trim()).toLowerCase();
}

/**
 * The marker set of a spec's `data.missing`: absent → {@link DEFAULT_MISSING_MARKERS}; a list →
 * the defaults plus the list; `{ only: list }` → the list alone. Empty and blank cells are missing
 * whatever the list says (they cannot be numbers).
 */
export function missingMarkers(spec?: readonly string[] | { readonly only: readonly string[] }): MissingMarkers {
  const list =
    spec === undefined
      ? DEFAULT_MISSING_MARKERS
      : Array.isArray(spec)
        ? [...DEFAULT_MISSING_MARKERS, ...spec]
        : [...(spec as { only: readonly string[] }).only];
  const uniq: string[] = [];
  const keys = new Set<string>();
  const numbers = new Set<number>();
  for (const m of list) {
    const k = markerKey(m);
    if (k === '' || uniq.includes(m.trim())) continue;
    keys.add(k);
    uniq.push(m.trim());
    const n = parseNumberText(normaliseNumberText(m.normalize('NFKC').trim()));
    if (n !== undefined) numbers.add(n);
  }
  return { list: uniq, keys, numbers };
}

const DEFAULT_SET = missingMarkers();

/** Where a cell is, for error messages. */
export interface CellWhere {
  file: string;
  row: number;
  column: string | number;
}

/** A cell read as missing because it holds a marker: the marker as written (trimmed), or {@link BLANK_MARKER}. */
export interface MarkerCell {
  marker: string;
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

/** True when `s` is a missing-value marker of `markers` (default: {@link DEFAULT_MISSING_MARKERS}) or blank. */
export function isMissingToken(s: string, markers: MissingMarkers = DEFAULT_SET): boolean {
  return s.replace(ZERO_WIDTH, '').trim() === '' || markers.keys.has(markerKey(s));
}

function parseNumberText(s: string): number | undefined {
  if (NUMBER_RE.test(s)) return Number(s);
  if (GROUPED_RE.test(s)) return Number(s.replace(/,/g, ''));
  return undefined;
}

/**
 * Read one cell as a number, a marker, or a problem — without throwing, so that a reader can
 * collect every bad cell of a file (see `buildPanel`).
 *
 * - numbers pass through (NaN stays NaN = missing; a number listed as a marker, e.g. `-999`, is a
 *   marker; ±Infinity is a problem);
 * - `null` and `''` (empty) → NaN;
 * - text is trimmed (including U+3000 and zero-width characters); blank text → {@link BLANK_MARKER};
 *   a marker of `markers` ({@link markerKey}) → `{ marker }`;
 * - full-width characters are normalised ({@link normaliseNumberText}); decimal or scientific
 *   notation (`1.5e-3`), optional sign, and thousands separators in groups of three (`1,234.5`)
 *   are accepted;
 * - a trailing `%` is a problem (the value would be off by a factor of 100 if silently stripped);
 * - anything else is an `E_NON_NUMERIC` error (returned, not thrown), naming file, row, column and text.
 *
 * Cost: O(length of the text). Allocation-free for number cells.
 */
export function readNumericCell(cell: Cell, where: CellWhere, markers: MissingMarkers = DEFAULT_SET): number | MarkerCell | NqpfError {
  if (cell === null || cell === undefined) return NaN;
  if (typeof cell === 'number') {
    if (cell === Infinity || cell === -Infinity)
      return nonNumeric(String(cell), where, 'infinite values cannot be used; replace them with a number or leave the cell empty');
    if (markers.numbers.size && markers.numbers.has(cell)) return { marker: String(cell) };
    return cell;
  }
  if (cell === '') return NaN;
  const raw = cell.replace(ZERO_WIDTH, '').trim();
  if (raw === '') return { marker: BLANK_MARKER };
  if (markers.numbers.size === 0 && NUMBER_RE.test(raw)) return finite(Number(raw), cell, where);
  if (markers.keys.has(markerKey(raw))) return { marker: raw };
  const s = normaliseNumberText(raw);
  const x = parseNumberText(s);
  if (x !== undefined) return markers.numbers.has(x) ? { marker: raw } : finite(x, cell, where);
  if (/%\s*$/.test(s) && NUMBER_RE.test(s.replace(/\s*%\s*$/, '').replace(/,/g, ''))) {
    return new NqpfError('E_NON_NUMERIC', `percentage "${cell}" in column "${where.column}", row ${where.row} of ${where.file}`, {
      location: { file: where.file, row: where.row, column: where.column },
      hint: 'percent signs are not stripped silently: convert the column to plain numbers (e.g. 12.5 for 12.5 %, or 0.125) and say which in the indicator unit',
      data: { text: cell },
    });
  }
  return nonNumeric(cell, where, hintFor(s, markers));
}

/**
 * Parse one cell as a number: {@link readNumericCell}, with markers as NaN and a problem thrown
 * (`E_NON_NUMERIC`). For the readers that stop at the first bad cell (framework weights, spatial
 * weight matrices, the workbench preview).
 */
export function parseNumericCell(cell: Cell, where: CellWhere, markers: MissingMarkers = DEFAULT_SET): number {
  if (typeof cell === 'number' && markers.numbers.size === 0 && Number.isFinite(cell)) return cell;
  const r = readNumericCell(cell, where, markers);
  if (typeof r === 'number') return r;
  if (r instanceof NqpfError) throw r;
  return NaN;
}

function finite(x: number, text: string, where: CellWhere): number | NqpfError {
  if (!Number.isFinite(x)) return nonNumeric(text, where, 'the number is too large for double precision');
  return x;
}

function hintFor(s: string, markers: MissingMarkers): string {
  const list = markers.list.join(', ');
  if (/^[+-]?\d+,\d{1,2}$/.test(s) || /^[+-]?\d{1,3}(\.\d{3})+,\d+$/.test(s)) {
    return `looks like a decimal comma; write numbers with a decimal point (1.5, not 1,5). Missing values may be left empty or written as: ${list}`;
  }
  if (/^#[A-Z0-9/]+[!?]?$/i.test(s.trim())) {
    return `an Excel error value: the formula of this cell failed; fix it in the workbook (or paste values), or list "${s.trim()}" under data.missing to read it as missing`;
  }
  return `write a plain number (1234.5, 1,234.5 or 1.2e3), leave the cell empty, or mark it as missing with one of: ${list} (more with data.missing)`;
}

function nonNumeric(text: string, where: CellWhere, hint: string): NqpfError {
  return new NqpfError('E_NON_NUMERIC', `non-numeric value "${text}" in column "${where.column}", row ${where.row} of ${where.file}`, {
    location: { file: where.file, row: where.row, column: where.column },
    hint,
    data: { text },
  });
}

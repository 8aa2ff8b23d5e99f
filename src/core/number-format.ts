/**
 * Numbers as text in paper tables and the report (issue 12, "number formats"): one rule per
 * column, so a column never mixes 0.432 with 0.4320, "1" with 0.2500, or a p-value in exponent
 * form with p-values in decimals. CSV and XLSX keep full precision; only displayed text is
 * formatted here. Pure, no dependencies (the report's browser script uses it too).
 *
 * Formats:
 * - `int`  — counts and ranks: integers as integers (`31`); a non-integer (a median rank of 3.5)
 *   with the column's decimals;
 * - `num`  — real numbers: always the column's decimals, integers included (`1.0000` among
 *   `0.2500`); a value that would round to zero but is not zero in exponent form (`2.67e-8`), so a
 *   tiny coefficient is not shown as 0;
 * - `p`    — p-values: `<0.001` below 0.001, else three decimals (`0.014`, `1.000`);
 * - `text` — as written (periods, labels);
 * - `auto` — what the column holds decides: integers as integers, other numbers as `num`.
 *
 * Missing (null, NaN) → empty; ±∞ → `∞` / `−∞`; −0 → `0`.
 */
export type CellFormat = 'int' | 'num' | 'p' | 'text' | 'auto';

/** Decimals of `num` columns when a declaration does not say (paper tables and report). */
export const DEFAULT_DECIMALS = 4;

/** Below this a p-value is written `<0.001`. */
export const P_FLOOR = 0.001;

/** A p-value as text: `<0.001` below 0.001, otherwise three decimals. */
export function formatP(p: number): string {
  if (!Number.isFinite(p)) return Number.isNaN(p) ? '' : p > 0 ? '∞' : '−∞';
  return p < P_FLOOR ? '<0.001' : p.toFixed(3);
}

/** `x` with `d` decimals; exponent form (two decimals) when it would round to zero; no "-0.00". */
function fixed(x: number, d: number): string {
  if (x !== 0 && Math.abs(x) < 0.5 * 10 ** -d) return x.toExponential(2).replace(/e([+-])(\d+)$/, (_m, s: string, e: string) => `e${s === '-' ? '-' : ''}${e}`);
  const s = x.toFixed(d);
  return /^-0\.?0*$/.test(s) ? s.slice(1) : s;
}

/**
 * A cell as text by its column's format.
 *
 * @example formatNumber(1, 'num', 4) === '1.0000'; formatNumber(32, 'int') === '32';
 *          formatNumber(1.83e-6, 'p') === '<0.001'; formatNumber(0.0144, 'p') === '0.014'
 */
export function formatNumber(v: string | number | null | undefined, format: CellFormat = 'auto', decimals: number = DEFAULT_DECIMALS): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (Number.isNaN(v)) return '';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : '−∞';
  switch (format) {
    case 'p':
      return formatP(v);
    case 'num':
      return fixed(v, decimals);
    case 'text':
      return String(v);
    default:
      return Number.isInteger(v) ? String(v === 0 ? 0 : v) : fixed(v, decimals);
  }
}

/**
 * The format of a column from its values when nothing declares it: `num` when any number in it
 * is not an integer (so its integers get the decimals too), else `auto` (integers as integers).
 */
export function inferFormat(values: readonly (string | number | null | undefined)[]): CellFormat {
  return values.some((v) => typeof v === 'number' && Number.isFinite(v) && !Number.isInteger(v)) ? 'num' : 'auto';
}

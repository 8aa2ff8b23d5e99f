/**
 * Reader of the generic long ICIO form (issue 18): one CSV file, one flow per line, with the columns
 * `country`, `industry` (the supplying sector), `to_country`, `to` and `value`. When `to` is one of the
 * table's industries the line is intermediate use Z (sector → sector); otherwise `to` is a final-demand
 * category of `to_country` (HFCE, GFCF, INVNT …) and the line is final demand Y. Cells not given are
 * zero. Countries and industries are those of the supplying sectors in order of first appearance
 * (or as given); gross output is the row sum of Z and Y, value added X − column sums of Z. This is the
 * shape of a data frame pivoted to one value column (R's `pivot_longer`, pandas' `melt`).
 *
 * Errors name the line (file row) and column: a missing column, a non-number, a country or industry
 * outside the table, the same cell twice; the table's own validation ({@link icioTable}) follows.
 * Cost O(lines + n² ).
 */
import { readFile } from 'node:fs/promises';
import { fail } from '../../core/errors.js';
import { type IcioTable, icioTable } from '../../lenses/gvc/table.js';
import { decodeText } from './encoding.js';
import { csvGrid } from './icio-layouts.js';

/** How to read a long file. */
export interface IcioLongOptions {
  /** Country order (default: first appearance among the supplying sectors). */
  countries?: readonly string[];
  /** Industry order within each country (default: first appearance). */
  industries?: readonly string[];
  /** Relative balance tolerance (the kernel's default 1e-6; with X from row sums rows balance exactly). */
  tolerance?: number;
}

const COLUMNS = ['country', 'industry', 'to_country', 'to', 'value'] as const;

/**
 * Read and validate a long-form table.
 * @example const t = await readIcioLong('flows.csv'); // columns country, industry, to_country, to, value
 */
export async function readIcioLong(file: string, opts: IcioLongOptions = {}): Promise<IcioTable> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    fail(code === 'ENOENT' ? 'E_FILE_NOT_FOUND' : 'E_FILE_READ', `cannot read ${file}: ${(e as Error).message}`, { location: { file } });
  }
  return icioFromLong(csvGrid(decodeText(bytes, file).text), file, opts);
}

/** {@link readIcioLong} on a grid already in memory (first row the header). */
export function icioFromLong(grid: string[][], file: string, opts: IcioLongOptions = {}): IcioTable {
  const head = (grid[0] ?? []).map((h) => h.toLowerCase());
  const at = COLUMNS.map((c) => head.indexOf(c));
  const missing = COLUMNS.filter((_, k) => at[k] < 0);
  if (missing.length) {
    fail('E_ICIO_TABLE', `${file}: the long form needs the columns ${COLUMNS.join(', ')}; missing: ${missing.join(', ')}`, {
      location: { file, row: 1 },
      hint: 'one flow per line: country, industry (supplier), to_country, to (an industry or a final-demand category), value',
    });
  }
  const [cC, cI, cT, cTo, cV] = at;
  const lines = grid
    .slice(1)
    .map((r, k) => ({ row: k + 2, r }))
    .filter(({ r }) => r.some((x) => x !== ''));
  const firstSeen = (col: number) => [...new Set(lines.map(({ r }) => r[col] ?? ''))].filter((x) => x !== '');
  const countries = opts.countries ? [...opts.countries] : firstSeen(cC);
  const industries = opts.industries ? [...opts.industries] : firstSeen(cI);
  const G = countries.length;
  const N = industries.length;
  const n = G * N;
  const ci = new Map(countries.map((c, g) => [c, g]));
  const ii = new Map(industries.map((x, k) => [x, k]));
  const cats: string[] = [];
  for (const { r } of lines) if (!ii.has(r[cTo] ?? '') && !cats.includes(r[cTo] ?? '')) cats.push(r[cTo] ?? '');
  const F = cats.length;
  const Z = new Float64Array(n * n);
  const Y = new Float64Array(n * G * Math.max(F, 1));
  const seen = new Map<string, number>();
  const problems: { row: number; column: string; message: string }[] = [];
  for (const { row, r } of lines) {
    const c = r[cC] ?? '';
    const ind = r[cI] ?? '';
    const tc = r[cT] ?? '';
    const to = r[cTo] ?? '';
    const s = r[cV] ?? '';
    const v = s === '' ? 0 : Number(s);
    if (!Number.isFinite(v)) problems.push({ row, column: 'value', message: `"${s}" is not a number` });
    if (!ci.has(c)) problems.push({ row, column: 'country', message: `country "${c}" is not one of ${countries.join(', ')}` });
    if (!ii.has(ind)) problems.push({ row, column: 'industry', message: `industry "${ind}" is not one of ${industries.join(', ')}` });
    if (!ci.has(tc)) problems.push({ row, column: 'to_country', message: `country "${tc}" is not one of ${countries.join(', ')}` });
    if (to === '') problems.push({ row, column: 'to', message: 'empty: an industry or a final-demand category' });
    if (!ci.has(c) || !ii.has(ind) || !ci.has(tc) || to === '' || !Number.isFinite(v)) continue;
    const key = `${c}\u0000${ind}\u0000${tc}\u0000${to}`;
    const before = seen.get(key);
    if (before !== undefined) {
      problems.push({ row, column: 'value', message: `${c} ${ind} → ${tc} ${to} is given twice (also on line ${before})` });
      continue;
    }
    seen.set(key, row);
    const i = (ci.get(c) as number) * N + (ii.get(ind) as number);
    const j = ii.get(to);
    if (j !== undefined) Z[i * n + (ci.get(tc) as number) * N + j] = v;
    else Y[i * G * F + (ci.get(tc) as number) * F + cats.indexOf(to)] = v;
  }
  if (F === 0) problems.push({ row: 1, column: 'to', message: 'no final-demand lines (a `to` that is not an industry)' });
  if (problems.length) {
    const list = problems.slice(0, 40).map((p) => `  - row ${p.row}, column ${p.column}: ${p.message}`);
    fail('E_ICIO_TABLE', `${file} (long form): ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n${list.join('\n')}`, {
      location: { file, row: problems[0].row, column: problems[0].column },
      hint: 'one flow per line: country, industry (supplier), to_country, to (an industry or a final-demand category), value',
      data: { problems },
    });
  }
  return icioTable({ countries, industries, Z, Y }, { tolerance: opts.tolerance, file });
}

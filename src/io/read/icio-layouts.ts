/**
 * Readers of the inter-country input–output layouts users download (issue 18), one file each (CSV or
 * XLSX), into the lens's validated table ({@link icioTable}):
 *
 * - `oecd` — OECD ICIO CSV: one header row, row and column labels `CCC_IND` (country code, `_`,
 *   industry code, e.g. `AUS_D01T02`); final-demand columns `CCC_CAT` whose category is not an
 *   industry (`AUS_HFCE`, `AUS_NPISH`, `AUS_GGFC`, `AUS_GFCF`, `AUS_INVNT`, `AUS_DPABR` …); the
 *   output column `OUT` (or `TOTAL`); rows below the sectors `TLS` (taxes less subsidies), `VA` and
 *   `OUT` (or `TAXSUB`, `VALU`, `OUTPUT`). China and Mexico split into parts (CN1, CN2, MX1, MX2) are
 *   summed back into CHN and MEX by default ({@link mergeOecdSplit}).
 * - `wiod` — WIOD (2016 release) as published: header rows with the industry codes, descriptions,
 *   country codes and the column numbers `c1`…`c56`, final demand `c57`…`c61` per country
 *   (CONS_h, CONS_np, CONS_g, GFCF, INVEN), output `c62` (country `TOT`, code `GO`); label columns
 *   code, description, country, row number `r1`…; rows below the sectors II_fob, TXSP, EXP_adj,
 *   PURR, PURNR, VA, IntTTM and GO.
 * - `adb` — ADB MRIO as published: title rows, then a row of country codes over a row of codes
 *   `c1`…`c35` (sectors), `F1`…`F5` (final demand per country) and `ToT`; label columns with the
 *   country and the row code (`c1`… for sectors, `r60`… below them, `ToT` for total input).
 *
 * Matching: sector rows and sector columns are keyed by (country, industry) — the industry code in
 * OECD, the number in `c12` / `r12` in WIOD and ADB — and must list the same sectors in the same
 * order, every country the same industries. Final-demand columns are the other columns of a table
 * country; each country must have the same categories. Rows below the sectors are classified by
 * label: the total (`OUT`, `OUTPUT`, `GO`, `ToT`, `TOT`), intermediate totals (`II_fob`, `r60`,
 * skipped) and primary inputs (everything else: taxes less subsidies, value added, margins), which
 * together are the table's value added VA = X − Σ_i Z_ij (taxes on intermediate products included,
 * as decompr and the KWW/WWZ literature take v = X − column sums of Z).
 *
 * Validation, every problem of the file collected and reported in one error (first 40 listed, each
 * with its spreadsheet row and column label): non-numbers, negative intermediate use or output,
 * unmatched or misordered labels, row balance Σ_j Z_ij + Σ Y_i = X_i and column balance
 * Σ_i Z_ij + primary inputs = X_j (when a total row is given) within the tolerance (relative to
 * max(1, |X|); default 1e-6 — published tables are rounded, pass e.g. 1e-3). Negative final demand
 * (inventory draw-downs, INVNT / INVEN / F5) is allowed and counted.
 */
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { fail } from '../../core/errors.js';
import { ICIO_TOLERANCE, type IcioTable, icioTable } from '../../lenses/gvc/table.js';
import { decodeText } from './encoding.js';
import { loadExcelJS } from './exceljs.js';
import { colLetter } from './xlsx.js';

/** The published layouts read here; `generic` is the three-file form of ./icio.ts. */
export const ICIO_FORMATS = ['oecd', 'adb', 'wiod', 'generic'] as const;
export type IcioFormat = (typeof ICIO_FORMATS)[number];

/** A one-file table and how to read it. */
export interface IcioLayoutOptions {
  /** Layout; default `auto` (detected from the labels, with a message saying which). */
  format?: IcioFormat | 'auto';
  /** XLSX: sheet name or 1-based position (default: the first). */
  sheet?: string | number;
  /** Relative balance tolerance (default 1e-6). */
  tolerance?: number;
  /**
   * OECD ICIO's split economies (CN1, CN2 … of China, MX1, MX2 … of Mexico): `merge` (default) sums each part's
   * rows and columns into those of CHN / MEX; `none` reads the labels as they are (a split table then fails,
   * naming the parts).
   */
  split?: IcioSplit;
  /**
   * Final-demand category holding the net changes in inventories (e.g. `INVNT` in OECD ICIO, `c61` in WIOD, `F5` in ADB):
   * summed over destinations into the table's `inventories`, which upstreamness removes from output (Antràs et al. 2012).
   * Default: none.
   */
  inventories?: string;
}

/** What {@link readIcioLayout} does with OECD's split economies. */
export const ICIO_SPLIT = ['merge', 'none'] as const;
export type IcioSplit = (typeof ICIO_SPLIT)[number];

/** One economy summed back from OECD's parts, e.g. `{ country: 'CHN', parts: ['CN1', 'CN2'] }`. */
export interface IcioMerged {
  country: string;
  parts: string[];
}

/** What {@link readIcioLayout} returns: the validated table, the layout used and how it was chosen. */
export interface IcioLayoutResult {
  table: IcioTable;
  format: Exclude<IcioFormat, 'generic'>;
  /** e.g. `detected layout oecd (labels like "AUS_D01T02" in the first row)`. */
  note: string;
  /** Final-demand categories per country, in file order. */
  categories: string[];
  /** Economies summed back from OECD's split parts (empty when the table has none or `split: none`). */
  merged: IcioMerged[];
}

/** One problem found in the file. */
export interface IcioProblem {
  /** Spreadsheet / CSV row (1-based). */
  row?: number;
  /** Column label (or letter). */
  column?: string;
  message: string;
}

type Grid = string[][];

/** RFC 4180 CSV into a grid of trimmed strings (delimiter `,`, `;` or tab, from the first line). Cost O(characters). */
export function csvGrid(text: string): Grid {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const first = text.slice(0, text.indexOf('\n') >= 0 ? text.indexOf('\n') : text.length);
  const counts = [',', ';', '\t'].map((d) => first.split(d).length);
  const d = [',', ';', '\t'][counts.indexOf(Math.max(...counts))];
  const grid: Grid = [];
  let row: string[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    let field: string;
    if (text[i] === '"') {
      let j = i + 1;
      let s = '';
      for (;;) {
        const q = text.indexOf('"', j);
        if (q < 0) {
          s += text.slice(j);
          j = n;
          break;
        }
        s += text.slice(j, q);
        if (text[q + 1] === '"') {
          s += '"';
          j = q + 2;
        } else {
          j = q + 1;
          break;
        }
      }
      field = s;
      i = j;
    } else {
      let j = i;
      while (j < n && text[j] !== d && text[j] !== '\n' && text[j] !== '\r') j++;
      field = text.slice(i, j);
      i = j;
    }
    row.push(field.trim());
    if (i >= n) break;
    if (text[i] === d) {
      i++;
      if (i >= n) row.push('');
      continue;
    }
    if (text[i] === '\r') i++;
    if (text[i] === '\n') i++;
    grid.push(row);
    row = [];
  }
  if (row.length && !(row.length === 1 && row[0] === '')) grid.push(row);
  return grid;
}

async function xlsxGrid(buf: Buffer, file: string, sheet?: string | number): Promise<Grid> {
  const X = await loadExcelJS();
  const wb = new X.Workbook();
  try {
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
  } catch (e) {
    fail('E_XLSX_READ', `cannot read ${file} as an .xlsx workbook: ${(e as Error).message}`, { location: { file } });
  }
  const ws = sheet === undefined ? wb.worksheets[0] : typeof sheet === 'number' ? wb.worksheets[sheet - 1] : wb.worksheets.find((w) => w.name === sheet);
  if (!ws) {
    fail('E_XLSX_SHEET', `no sheet ${JSON.stringify(sheet ?? 1)} in ${file} (sheets: ${wb.worksheets.map((w) => `"${w.name}"`).join(', ')})`, {
      location: { file },
    });
  }
  const grid: Grid = [];
  ws.eachRow({ includeEmpty: true }, (r, num) => {
    const cells: string[] = [];
    for (let c = 1; c <= r.cellCount; c++) {
      const cell = r.getCell(c);
      const v = cell.type === X.ValueType.Formula ? cell.result : cell.value;
      cells.push(v === null || v === undefined ? '' : typeof v === 'object' && 'richText' in v ? v.richText.map((t) => t.text).join('') : String(v).trim());
    }
    grid[num - 1] = cells;
  });
  for (let i = 0; i < grid.length; i++) grid[i] ??= [];
  return grid;
}

const ISO3 = /^[A-Z][A-Z0-9]{2}$/;
const OECD_LABEL = /^([A-Z][A-Z0-9]{2})_(.+)$/;
const NUM_CODE = /^[cr](\d+)$/;
const TOTALS = new Set(['OUT', 'OUTPUT', 'GO', 'TOT', 'TOTAL']);
const INTERMEDIATE_TOTALS = new Set(['II_FOB', 'R60', 'II', 'TOTAL INTERMEDIATE']);

/** Which layout a grid has, and why; undefined when none fits. */
export function detectIcioFormat(grid: Grid): { format: Exclude<IcioFormat, 'generic'>; why: string } | undefined {
  const head = grid[0] ?? [];
  const oecd = head.filter((c) => OECD_LABEL.test(c));
  if (oecd.length >= 2) return { format: 'oecd', why: `labels like "${oecd[0]}" in the first row` };
  for (let r = 0; r < Math.min(grid.length, 12); r++) {
    const cells = grid[r];
    if (cells.filter((c) => /^c\d+$/.test(c)).length < 2) continue;
    if (cells.some((c) => /^F\d+$/.test(c))) return { format: 'adb', why: `codes c1… and F1… (final demand) in row ${r + 1}` };
    if (cells.includes('c57')) return { format: 'wiod', why: `column numbers c1…c57… in row ${r + 1}` };
  }
  return undefined;
}

interface Key {
  country: string;
  code: string;
  label: string;
}

interface Layout {
  /** Grid index of the first value column, and the keys of the value columns. */
  col0: number;
  cols: (Key | undefined)[];
  /** Data rows: grid index and key (country '' for rows below the sectors). */
  rows: { index: number; key: Key }[];
}

function oecdLayout(grid: Grid): Layout {
  const key = (label: string): Key => {
    const m = OECD_LABEL.exec(label);
    return m ? { country: m[1], code: m[2], label } : { country: '', code: label.toUpperCase(), label };
  };
  const head = grid[0];
  const cols = head.slice(1).map((l) => (l === '' ? undefined : key(l)));
  const rows = grid
    .slice(1)
    .map((r, i) => ({ index: i + 1, key: key(r[0] ?? '') }))
    .filter((r) => r.key.label !== '');
  return { col0: 1, cols, rows };
}

/** WIOD and ADB: a row of column codes (c1…), the nearest row above it with country codes, label columns left of the values. */
function numberedLayout(grid: Grid): Layout {
  let codeRow = -1;
  for (let r = 0; r < Math.min(grid.length, 12) && codeRow < 0; r++) if (grid[r].filter((c) => /^c\d+$/.test(c)).length >= 2) codeRow = r;
  const codes = grid[codeRow];
  const col0 = codes.findIndex((c) => /^c\d+$/.test(c));
  let countryRow = -1;
  for (let r = codeRow - 1; r >= 0 && countryRow < 0; r--) if (grid[r].slice(col0).filter((c) => ISO3.test(c)).length >= 2) countryRow = r;
  if (countryRow < 0) fail('E_ICIO_TABLE', `no row of country codes above the column codes (row ${codeRow + 1})`, {});
  const ctry = grid[countryRow];
  const cols: (Key | undefined)[] = [];
  for (let c = col0; c < codes.length; c++) {
    const code = codes[c] ?? '';
    const country = ctry[c] ?? '';
    if (code === '' && country === '') cols.push(undefined);
    else
      cols.push({
        country: TOTALS.has(country.toUpperCase()) ? '' : country,
        code: TOTALS.has(country.toUpperCase()) ? 'TOT' : code,
        label: `${country} ${code}`.trim(),
      });
  }
  // label columns: the one with country codes and the one with row codes r1… / c1…, counted over the data rows
  const data = grid.slice(codeRow + 1);
  let best = { country: -1, cn: 0, code: -1, kn: 0 };
  for (let c = 0; c < col0; c++) {
    const cn = data.filter((r) => ISO3.test(r[c] ?? '')).length;
    const kn = data.filter((r) => NUM_CODE.test(r[c] ?? '')).length;
    if (cn > best.cn) best = { ...best, country: c, cn };
    if (kn > best.kn) best = { ...best, code: c, kn };
  }
  if (best.country < 0 || best.code < 0) fail('E_ICIO_TABLE', 'no label columns with country codes and row codes (r1… or c1…) left of the values', {});
  const rows: Layout['rows'] = [];
  data.forEach((r, i) => {
    const labels = r.slice(0, col0).filter((x) => x !== '');
    if (labels.length === 0) return;
    const country = r[best.country] ?? '';
    const code = r[best.code] ?? '';
    const m = NUM_CODE.exec(code);
    if (ISO3.test(country) && !TOTALS.has(country.toUpperCase()) && m)
      rows.push({ index: codeRow + 1 + i, key: { country, code: `c${m[1]}`, label: `${country} ${code}` } });
    else {
      // below the sectors: intermediate totals (II_fob, r60), the total (GO, OUT, ToT) or a primary input (named by its row code)
      const ctryCell = r[best.country] ?? '';
      const others = r.slice(0, col0).filter((x, c) => c !== best.country && x !== '');
      const up = others.map((x) => x.toUpperCase());
      let name: string;
      if (up.some((x) => INTERMEDIATE_TOTALS.has(x))) name = 'II_FOB';
      else if (up.some((x) => TOTALS.has(x) && x !== 'TOT') || ctryCell === 'ToT' || (ctryCell.toUpperCase() === 'TOT' && others.length === 0)) name = 'TOT';
      else name = (code || others[0] || ctryCell).toUpperCase();
      rows.push({ index: codeRow + 1 + i, key: { country: '', code: name, label: labels.join(' ') } });
    }
  });
  return { col0, cols, rows };
}

/** OECD's split economies: part codes (CN1, CN2, MX1, MX2 since the 2018 release; also CN3, CN4, MX3 in 2016) and the economy of each. */
const SPLIT_PART = /^(CN|MX)(\d)$/;
const SPLIT_ECONOMY: Record<string, string> = { CN: 'CHN', MX: 'MEX' };

/**
 * Sum OECD's split economies back into CHN and MEX on an OECD-layout grid, in place. OECD ICIO splits
 * China and Mexico into parts (processing / non-processing activities: CN1, CN2; MX1, MX2) in the
 * rows and columns of intermediate use; the economy's own sector rows and columns (CHN_…, MEX_…) are
 * left empty (zeros) and final demand is given for CHN and MEX only. Users wanting one China and one
 * Mexico sum the parts back (pymrio's and exvatools' readers do): each part's column into the column of
 * the same industry of the economy, over every row (sectors, TLS/VA, OUT), then each part's row into the
 * economy's row of that industry, over every column (sectors, final demand, OUT). That is an aggregation
 * of sectors — Z, Y, VA and X of CHN are the sums of the parts' — so nothing is counted twice, provided
 * the economy's own rows and columns are empty: when one of them holds a non-zero value the parts may
 * already be in it, and the merge is refused naming it. When the economy has no rows or columns of its
 * own, the first part's take its label. Part rows and columns are blanked (label ''), not removed, so
 * the rows keep their numbers in the file for later messages. Cost O(rows × part columns + part rows × columns).
 * @returns the merged economies with their parts, in the order of the columns (empty when none).
 */
export function mergeOecdSplit(grid: Grid, file: string): IcioMerged[] {
  const head = grid[0] ?? [];
  const partOf = (label: string): { label: string; part: string; country: string } | undefined => {
    const m = OECD_LABEL.exec(label);
    const p = m ? SPLIT_PART.exec(m[1]) : null;
    return m && p ? { label: `${SPLIT_ECONOMY[p[1]]}_${m[2]}`, part: m[1], country: SPLIT_ECONOMY[p[1]] } : undefined;
  };
  const merged = new Map<string, string[]>();
  const seen = (country: string, part: string) => {
    const l = merged.get(country) ?? [];
    if (!l.includes(part)) l.push(part);
    merged.set(country, l);
  };
  // part → target, for columns (header labels) and rows (first-column labels); the economy's own lines that receive parts
  const plan = (labels: string[]) => {
    const at = new Map<string, number>();
    labels.forEach((l, k) => {
      if (k > 0 && l !== '' && !partOf(l)) at.set(l, k);
    });
    const moves: [number, number][] = [];
    const own = new Set<number>();
    const renamed = new Set<number>();
    labels.forEach((l, k) => {
      const p = k > 0 ? partOf(l) : undefined;
      if (!p) return;
      seen(p.country, p.part);
      const t = at.get(p.label);
      if (t === undefined) {
        at.set(p.label, k); // no line of the economy's own: the first part's takes its label
        renamed.add(k);
      } else {
        moves.push([k, t]);
        if (!renamed.has(t)) own.add(t);
      }
    });
    return { moves, own, renamed, at };
  };
  const cols = plan(head);
  const rows = plan(grid.map((r) => r[0] ?? ''));
  if (merged.size === 0) return [];
  const problems: string[] = [];
  const value = (r: number, c: number): number => {
    const s = grid[r]?.[c] ?? '';
    const v = s === '' ? 0 : Number(s);
    if (!Number.isFinite(v)) problems.push(`row ${r + 1}, column ${head[c] || colLetter(c + 1)}: "${s}" is not a number`);
    return Number.isFinite(v) ? v : 0;
  };
  const width = Math.max(...grid.map((r) => r.length));
  for (const c of cols.own)
    for (let r = 1; r < grid.length; r++)
      if (value(r, c) !== 0)
        problems.push(
          `row ${r + 1}, column ${head[c]}: ${grid[r][c]} in ${head[c]}, a column the split parts are summed into, is not zero (the parts may already be in it)`,
        );
  for (const r of rows.own)
    for (let c = 1; c < width; c++)
      if (value(r, c) !== 0)
        problems.push(
          `row ${r + 1}, column ${head[c] || colLetter(c + 1)}: ${grid[r][c]} in row ${grid[r][0]}, a row the split parts are summed into, is not zero (the parts may already be in it)`,
        );
  if (problems.length === 0) {
    const put = (r: number, c: number, v: number) => {
      const row = grid[r];
      while (row.length <= c) row.push('');
      row[c] = String(v);
    };
    for (let r = 1; r < grid.length; r++) for (const [c, t] of cols.moves) put(r, t, value(r, t) + value(r, c));
    const partCols = new Set(cols.moves.map(([c]) => c));
    for (const [r, t] of rows.moves) for (let c = 1; c < width; c++) if (!partCols.has(c)) put(t, c, value(t, c) + value(r, c));
  }
  if (problems.length) {
    fail(
      'E_ICIO_TABLE',
      `${file}: OECD's split economies cannot be summed into ${[...merged.keys()].join(' and ')}:\n${problems
        .slice(0, 20)
        .map((p) => `  - ${p}`)
        .join('\n')}`,
      {
        location: { file },
        hint: 'a table whose CHN/MEX lines already hold the totals needs its CN1/CN2/MX1/MX2 lines removed (or read it with oecdSplit: none)',
        data: { problems },
      },
    );
  }
  for (const [c] of cols.moves) head[c] = '';
  for (const c of cols.renamed) head[c] = partOf(head[c])?.label ?? head[c];
  for (const [r] of rows.moves) grid[r][0] = '';
  for (const r of rows.renamed) grid[r][0] = partOf(grid[r][0])?.label ?? grid[r][0];
  return [...merged].map(([country, parts]) => ({ country, parts }));
}

/**
 * Read one published ICIO file (OECD, WIOD or ADB layout; CSV or XLSX) and validate it. Every
 * problem of the file is collected and reported in one E_ICIO_TABLE (or E_ICIO_BALANCE when all are
 * balance gaps) error.
 * @example const { table, note } = await readIcioLayout('ICIO2023_2020.csv'); // note: "detected layout oecd (…)"
 */
export async function readIcioLayout(file: string, opts: IcioLayoutOptions = {}): Promise<IcioLayoutResult> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    fail(code === 'ENOENT' ? 'E_FILE_NOT_FOUND' : 'E_FILE_READ', `cannot read ${file}: ${(e as Error).message}`, { location: { file } });
  }
  const grid = extname(file).toLowerCase() === '.xlsx' ? await xlsxGrid(bytes, file, opts.sheet) : csvGrid(decodeText(bytes, file).text);
  return icioFromGrid(grid, file, opts);
}

/** {@link readIcioLayout} on a grid already in memory (cells as trimmed strings; changed in place when OECD's split economies are merged). */
export function icioFromGrid(grid: Grid, file: string, opts: IcioLayoutOptions = {}): IcioLayoutResult {
  const want = opts.format ?? 'auto';
  if (want === 'generic') {
    fail('E_ICIO_TABLE', `format generic is the three-file form (intermediate, final, output), not one file: ${file}`, {
      location: { file },
      hint: 'give intermediate/final/output files, or format oecd | adb | wiod for a published table',
    });
  }
  const found = detectIcioFormat(grid);
  let format: Exclude<IcioFormat, 'generic'>;
  let note: string;
  if (want === 'auto') {
    if (!found) {
      fail(
        'E_ICIO_TABLE',
        `cannot tell the layout of ${file}: no OECD labels (AUS_D01T02) in the first row and no WIOD/ADB column codes (c1…) in the first 12 rows`,
        {
          location: { file },
          hint: 'set format: oecd | adb | wiod, or give the generic intermediate/final/output files',
        },
      );
    }
    format = found.format;
    note = `detected layout ${format} (${found.why})`;
  } else {
    format = want;
    note = found && found.format !== want ? `layout ${want} as set (the labels look like ${found.format}: ${found.why})` : `layout ${want} as set`;
  }
  if (format !== 'oecd' && !grid.slice(0, 12).some((r) => r.filter((c) => /^c\d+$/.test(c)).length >= 2)) {
    fail('E_ICIO_TABLE', `${file} has no row of column codes c1, c2, … in its first 12 rows (format ${format})`, { location: { file }, hint: 'check format' });
  }
  const merged = format === 'oecd' && (opts.split ?? 'merge') === 'merge' ? mergeOecdSplit(grid, file) : [];
  if (merged.length) note += `; OECD's split economies summed back: ${merged.map((m) => `${m.parts.join(' + ')} → ${m.country}`).join(', ')}`;
  const layout = format === 'oecd' ? oecdLayout(grid) : numberedLayout(grid);
  const problems: IcioProblem[] = [];
  let balanceOnly = true;
  const problem = (p: IcioProblem, balance = false) => {
    problems.push(p);
    if (!balance) balanceOnly = false;
  };
  // sectors from the rows: countries in order, industries of the first country
  const sectorRows = layout.rows.filter((r) => r.key.country !== '');
  const countries: string[] = [];
  const byCountry = new Map<string, string[]>();
  for (const r of sectorRows) {
    if (!byCountry.has(r.key.country)) {
      byCountry.set(r.key.country, []);
      countries.push(r.key.country);
    }
    byCountry.get(r.key.country)?.push(r.key.code);
  }
  if (countries.length === 0) fail('E_ICIO_TABLE', `${file}: no sector rows found (format ${format})`, { location: { file } });
  const industries = byCountry.get(countries[0]) ?? [];
  for (const c of countries) {
    const got = byCountry.get(c) ?? [];
    if (got.join('|') !== industries.join('|')) {
      const row = sectorRows.find((r) => r.key.country === c)?.index;
      problem({
        row: row === undefined ? undefined : row + 1,
        message: `country ${c} has industries ${got.join(', ')}; ${countries[0]} has ${industries.join(', ')} (every country needs the same, in the same order)`,
      });
    }
  }
  // rows of one country must be contiguous and in the order of the first appearance
  const seen = new Set<string>();
  let last = '';
  for (const r of sectorRows) {
    if (r.key.country !== last && seen.has(r.key.country))
      problem({ row: r.index + 1, message: `rows of ${r.key.country} are not together (row ${r.key.label})` });
    seen.add(r.key.country);
    last = r.key.country;
  }
  const G = countries.length;
  const N = industries.length;
  const n = G * N;
  const sectorKey = (k: Key) => `${k.country}\u0000${k.code}`;
  const rowIndex = new Map(sectorRows.map((r, i) => [sectorKey(r.key), i]));
  // columns: sectors (same keys as the rows, same order), final demand (other columns of a table country), total
  const zCols: number[] = [];
  const fd = new Map<string, { cat: string; c: number }[]>();
  let totalCol = -1;
  const colLabel = (c: number) => layout.cols[c]?.label || colLetter(layout.col0 + c + 1);
  layout.cols.forEach((k, c) => {
    if (!k) return;
    if (k.country === '' && TOTALS.has(k.code.toUpperCase())) totalCol = c;
    else if (rowIndex.has(sectorKey(k))) zCols.push(c);
    else if (byCountry.has(k.country)) {
      if (!fd.has(k.country)) fd.set(k.country, []);
      fd.get(k.country)?.push({ cat: k.code, c });
    } else
      problem({
        row: format === 'oecd' ? 1 : undefined,
        column: colLabel(c),
        message: `column ${k.label} is neither a sector row's label, a final-demand column of a table country nor the output total`,
      });
  });
  if (zCols.length !== n) problem({ message: `${zCols.length} sector columns match the ${n} sector rows (${G} countries × ${N} industries)` });
  zCols.forEach((c, j) => {
    const k = layout.cols[c] as Key;
    const want2 = sectorRows[j]?.key;
    if (want2 && sectorKey(k) !== sectorKey(want2))
      problem({ column: colLabel(c), message: `sector column ${j + 1} is ${k.label}, the sector rows have ${want2.label} there (same order needed)` });
  });
  const cats = (fd.get(countries[0]) ?? []).map((x) => x.cat);
  if (cats.length === 0) problem({ message: `no final-demand columns for ${countries[0]}` });
  for (const c of countries) {
    const got = (fd.get(c) ?? []).map((x) => x.cat);
    if (got.join('|') !== cats.join('|'))
      problem({ message: `final demand of ${c}: categories ${got.join(', ') || '(none)'}; ${countries[0]} has ${cats.join(', ')}` });
  }
  const F = cats.length;
  const invAt = opts.inventories === undefined ? -1 : cats.indexOf(opts.inventories);
  if (opts.inventories !== undefined && invAt < 0)
    problem({ message: `inventories: no final-demand category ${opts.inventories} (categories: ${cats.join(', ')})` });
  // numbers
  const num = (r: number, c: number, what: string): number => {
    const s = grid[r]?.[layout.col0 + c] ?? '';
    if (s === '') return 0; // empty cells are zeros in the published tables (ADB leaves blanks)
    const v = Number(s);
    if (!Number.isFinite(v)) {
      problem({ row: r + 1, column: colLabel(c), message: `${what}: "${s}" is not a number` });
      return 0;
    }
    return v;
  };
  const Z = new Float64Array(n * n);
  const Y = new Float64Array(n * G * F);
  const X = new Float64Array(n);
  const hasTotal = totalCol >= 0;
  const ok = zCols.length === n;
  if (ok) {
    sectorRows.forEach((r, i) => {
      for (let j = 0; j < n; j++) {
        const v = num(r.index, zCols[j], `Z[${r.key.label}, ${colLabel(zCols[j])}]`);
        if (v < 0) problem({ row: r.index + 1, column: colLabel(zCols[j]), message: `intermediate use ${v} is negative` });
        Z[i * n + j] = v;
      }
      countries.forEach((c, g) => {
        (fd.get(c) ?? []).forEach((x, f) => {
          if (f < F) Y[i * G * F + g * F + f] = num(r.index, x.c, `final demand [${r.key.label}, ${colLabel(x.c)}]`);
        });
      });
      X[i] = hasTotal ? num(r.index, totalCol, `output of ${r.key.label}`) : Number.NaN;
      if (X[i] < 0) problem({ row: r.index + 1, column: colLabel(totalCol), message: `output ${X[i]} is negative` });
    });
  }
  const tol = opts.tolerance ?? ICIO_TOLERANCE;
  // rows below the sectors: the total (column balance check), intermediate totals (skipped), primary inputs (summed)
  const below = layout.rows.filter((r) => r.key.country === '');
  const primary = new Float64Array(n);
  let totalRow: number | undefined;
  if (ok) {
    for (const r of below) {
      const code = r.key.code.toUpperCase();
      if (code === 'TOT' || TOTALS.has(code)) totalRow = r.index;
      else if (INTERMEDIATE_TOTALS.has(code)) continue;
      else for (let j = 0; j < n; j++) primary[j] += num(r.index, zCols[j], `${r.key.label} of ${colLabel(zCols[j])}`);
    }
  }
  if (ok) {
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += Z[i * n + j];
      for (let k = 0; k < G * F; k++) s += Y[i * G * F + k];
      if (!hasTotal) X[i] = s;
      const gap = Math.abs(s - X[i]) / Math.max(1, Math.abs(X[i]));
      if (gap > tol) {
        problem(
          {
            row: sectorRows[i].index + 1,
            column: colLabel(totalCol),
            message: `row ${sectorRows[i].key.label}: Σ Z + Σ Y = ${s} but output = ${X[i]} (relative gap ${gap.toExponential(3)} > ${tol})`,
          },
          true,
        );
      }
    }
    if (totalRow !== undefined) {
      for (let j = 0; j < n; j++) {
        const xr = num(totalRow, zCols[j], `total of ${colLabel(zCols[j])}`);
        let s = primary[j];
        for (let i = 0; i < n; i++) s += Z[i * n + j];
        const g1 = Math.abs(xr - X[j]) / Math.max(1, Math.abs(X[j]));
        const g2 = Math.abs(s - xr) / Math.max(1, Math.abs(xr));
        if (g1 > tol)
          problem(
            {
              row: totalRow + 1,
              column: colLabel(zCols[j]),
              message: `output row ${xr} differs from the output column ${X[j]} (relative gap ${g1.toExponential(3)})`,
            },
            true,
          );
        else if (g2 > tol) {
          problem(
            {
              row: totalRow + 1,
              column: colLabel(zCols[j]),
              message: `column ${colLabel(zCols[j])}: Σ Z + primary inputs = ${s} but total = ${xr} (relative gap ${g2.toExponential(3)} > ${tol})`,
            },
            true,
          );
        }
      }
    }
  }
  if (problems.length) {
    const list = problems
      .slice(0, 40)
      .map(
        (p) =>
          `  - ${[p.row !== undefined ? `row ${p.row}` : '', p.column ? `column ${p.column}` : ''].filter(Boolean).join(', ')}${p.row !== undefined || p.column ? ': ' : ''}${p.message}`,
      )
      .join('\n');
    const more = problems.length > 40 ? `\n  … and ${problems.length - 40} more` : '';
    fail(balanceOnly ? 'E_ICIO_BALANCE' : 'E_ICIO_TABLE', `${file} (${note}): ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n${list}${more}`, {
      location: { file, row: problems[0].row, column: problems[0].column },
      hint: balanceOnly
        ? 'a published table is rounded: pass a looser tolerance (e.g. 1e-3)'
        : 'check the labels and values named above; format can be set explicitly',
      data: { problems },
    });
  }
  const VA = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += Z[i * n + j];
    VA[j] = X[j] - s;
  }
  let inventories: Float64Array | undefined;
  if (invAt >= 0) {
    inventories = new Float64Array(n);
    for (let i = 0; i < n; i++) for (let g = 0; g < G; g++) inventories[i] += Y[i * G * F + g * F + invAt];
  }
  const table = icioTable({ countries, industries, Z, Y, X, VA, inventories }, { tolerance: tol, file });
  return { table, format, note, categories: cats, merged };
}

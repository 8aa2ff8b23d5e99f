/**
 * Preview of an uploaded data file for the workbench: detect the encoding (CSV) or read the first
 * sheet (XLSX), parse it with the same readers `nqpf run` uses (`decodeText`, `parseCsv`,
 * `readXlsx`, `buildPanel`), show the first rows, suggest the unit and period columns, and check
 * the unit names against the built-in province registry (unknown names with suggestions), or, when
 * the unit column looks like prefecture-level city names, suggest `units.registry: cn-cities`.
 *
 * Runs inside the preview worker (see ./workers.ts) so a hostile workbook is parsed under a heap
 * and time limit; `.xlsx` bytes pass {@link checkZip} first.
 */
import { createHash } from 'node:crypto';
import { NqpfError } from '../core/errors.js';
import { CityMatcher } from '../core/units/city-match.js';
import { UnitRegistry, resolveUnits, type UnknownUnit } from '../core/units/registry.js';
import { parseNumericCell, type Cell } from '../io/read/cells.js';
import { parseCsv } from '../io/read/csv.js';
import { decodeText } from '../io/read/encoding.js';
import { buildPanel } from '../io/read/panel-build.js';
import type { Table } from '../io/read/table.js';
import { readXlsx } from '../io/read/xlsx.js';
import { checkZip, DEFAULT_ZIP_LIMITS, type ZipLimits } from './zip-guard.js';

/** Kinds of files a project may hold. Tables get a preview; the others are stored as they are. */
export const TABLE_EXTENSIONS = ['.csv', '.tsv', '.txt', '.xlsx'] as const;
export const OTHER_EXTENSIONS = ['.gal', '.geojson', '.json'] as const;

/** One column of the preview. */
export interface PreviewColumn {
  name: string;
  /** Non-missing cells that parse as numbers. */
  numeric: number;
  /** Missing cells (empty or a missing token). */
  missing: number;
  /** Non-missing cells that are not numbers. */
  text: number;
  /** For a column with text: its distinct values in order of first appearance, when there are at most {@link MAX_DISTINCT} (e.g. the indicator names of a long table). */
  values?: string[];
}

/** Columns with more distinct texts than this get no `values` list in the preview. */
export const MAX_DISTINCT = 500;

/** A problem found while previewing (the file is still stored). */
export interface PreviewIssue {
  code: string;
  message: string;
  hint?: string;
  location?: unknown;
}

/** Result of {@link previewTable}. */
export interface Preview {
  kind: 'table' | 'other';
  encoding: string | null;
  sheet?: string;
  header: string[];
  /** The first `maxRows` data rows (cells as read: number, text or null). */
  rows: Cell[][];
  rowCount: number;
  columns: PreviewColumn[];
  suggestions: { unitColumn?: string; periodColumn?: string; registry: 'cn-provinces' | 'cn-cities' | 'none' };
  /** Unit names of the suggested unit column unknown to the cn-provinces registry (only when it is suggested). */
  unknownUnits: UnknownUnit[];
  /**
   * Panel dimensions when the wide layout with the suggested columns builds. With the province
   * registry, `units` counts the provinces the names denote (北京 and 北京市 are one) and `names`
   * the distinct spellings, when there are more of them.
   */
  panel?: { units: number; periods: number; indicators: number; names?: number };
  issues: PreviewIssue[];
}

const UNIT_NAMES = /^(province|provinces|省份|省|省区|省市|地区|region|unit|units|country|economy|city|城市|地市|name|uname|ucode|单位|企业|firm|company)$/i;
const PERIOD_NAMES = /^(year|years|年份|年度|年|period|time|date|时间)$/i;

/**
 * Preview `bytes` (file `name`). Parse errors become `issues` (never thrown) except for the zip
 * check, which throws `E_ZIP_BOMB`/`E_ZIP_INVALID` so the caller can refuse the upload.
 * Cost: O(cells) for the counts; the unit check is O(distinct names).
 */
export async function previewTable(bytes: Uint8Array, name: string, opts: { maxRows?: number; zipLimits?: ZipLimits } = {}): Promise<Preview> {
  const maxRows = opts.maxRows ?? 20;
  const lower = name.toLowerCase();
  const ext = lower.slice(lower.lastIndexOf('.'));
  const empty: Preview = {
    kind: 'other',
    encoding: null,
    header: [],
    rows: [],
    rowCount: 0,
    columns: [],
    suggestions: { registry: 'none' },
    unknownUnits: [],
    issues: [],
  };
  if (!(TABLE_EXTENSIONS as readonly string[]).includes(ext)) return empty;
  const out: Preview = { ...empty, kind: 'table' };
  let table: Table;
  try {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    if (ext === '.xlsx') {
      checkZip(bytes, name, opts.zipLimits ?? DEFAULT_ZIP_LIMITS);
      const x = await readXlsx(bytes, name);
      table = { file: name, header: x.header, rows: x.rows, rowNumbers: x.rowNumbers, encoding: 'xlsx', sha256, sheet: x.sheet };
      out.sheet = x.sheet;
    } else {
      if (bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) {
        out.issues.push({
          code: 'E_FILE_FORMAT',
          message: `${name} is a workbook (zip) file, not ${ext.slice(1).toUpperCase()} text`,
          hint: 'rename it to .xlsx, or save it from Excel/WPS as CSV UTF-8',
        });
        return out;
      }
      const { text, encoding } = decodeText(bytes, name);
      const csv = parseCsv(text, name);
      table = { file: name, header: csv.header, rows: csv.rows, rowNumbers: csv.rowNumbers, encoding, sha256 };
    }
  } catch (e) {
    if (e instanceof NqpfError && (e.code === 'E_ZIP_BOMB' || e.code === 'E_ZIP_INVALID')) throw e;
    out.issues.push(issue(e));
    return out;
  }
  out.encoding = table.encoding;
  out.header = [...table.header];
  out.rowCount = table.rows.length;
  out.rows = table.rows.slice(0, maxRows).map((r) => [...r]);
  out.columns = table.header.map((h, j) => {
    const c: PreviewColumn = { name: h, numeric: 0, missing: 0, text: 0 };
    for (let i = 0; i < table.rows.length; i++) {
      let x: number;
      try {
        x = parseNumericCell(table.rows[i][j], { file: name, row: table.rowNumbers[i], column: h });
      } catch {
        c.text++;
        continue;
      }
      if (Number.isNaN(x)) c.missing++;
      else c.numeric++;
    }
    if (c.text > 0) {
      const values = distinct(table.rows.map((r) => cellText(r[j])));
      if (values.length <= MAX_DISTINCT) c.values = values;
    }
    return c;
  });

  // ---- suggestions
  const registry = UnitRegistry.provinces();
  const textCols = out.columns.filter((c) => c.text > 0 && c.text >= c.numeric);
  const periodCol =
    out.columns.find((c) => PERIOD_NAMES.test(c.name.trim())) ??
    out.columns.find((c, j) => c.numeric > 0 && c.text === 0 && table.rows.every((r) => r[j] === null || r[j] === '' || isYear(r[j])));
  let unitCol = out.columns.find((c) => UNIT_NAMES.test(c.name.trim()) && c !== periodCol);
  let bestMatch = 0;
  const matchShare = (j: number): number => {
    const names = distinct(table.rows.map((r) => cellText(r[j])));
    if (!names.length) return 0;
    return names.filter((n) => registry.lookup(n)).length / names.length;
  };
  // City names (issue 19): the share the cn-cities matcher takes (current and old names, no province context).
  let cities: CityMatcher | undefined;
  const cityShare = (j: number): number => {
    const names = distinct(table.rows.map((r) => cellText(r[j])));
    if (!names.length) return 0;
    cities ??= new CityMatcher();
    return names.filter((n) => cities!.match(n).status === 'ok').length / names.length;
  };
  for (const c of textCols) {
    const share = Math.max(matchShare(table.header.indexOf(c.name)), cityShare(table.header.indexOf(c.name)));
    if (share > bestMatch) {
      bestMatch = share;
      if (share >= 0.5) unitCol = c;
    }
  }
  if (!unitCol && textCols.length) unitCol = textCols[0];
  if (unitCol) out.suggestions.unitColumn = unitCol.name;
  if (periodCol && periodCol !== unitCol) out.suggestions.periodColumn = periodCol.name;
  if (unitCol) {
    const j = table.header.indexOf(unitCol.name);
    const share = matchShare(j);
    const cshare = share >= 0.9 ? 0 : cityShare(j);
    if (cshare >= 0.5 && cshare > share) {
      // a city panel: suggest cn-cities and list the names the city matcher does not take
      out.suggestions.registry = 'cn-cities';
      const counts = new Map<string, number>();
      for (const r of table.rows) {
        const n = cellText(r[j]);
        if (n !== '') counts.set(n, (counts.get(n) ?? 0) + 1);
      }
      const unknown = [...counts].flatMap(([n, count]) => {
        const m = cities!.match(n);
        if (m.status === 'ok') return [];
        return [{ name: n, count, suggestions: m.status === 'unknown' ? m.suggestions.map((c) => c.zh) : [] }];
      });
      if (unknown.length) out.unknownUnits = unknown;
    } else if (share >= 0.5) {
      out.suggestions.registry = 'cn-provinces';
      try {
        resolveUnits(
          table.rows.map((r) => cellText(r[j])),
          registry,
          undefined,
          { file: name, column: unitCol.name },
        );
      } catch (e) {
        if (e instanceof NqpfError && e.code === 'E_UNKNOWN_UNITS') {
          out.unknownUnits = ((e.data as { unknown?: UnknownUnit[] }).unknown ?? []).map((u) => ({
            name: u.name,
            count: u.count,
            suggestions: [...u.suggestions],
          }));
          out.issues.push(issue(e));
        } else out.issues.push(issue(e));
      }
    }
    // ---- does the wide layout build?
    const attributeColumns = textCols.map((c) => c.name).filter((n) => n !== unitCol!.name && n !== out.suggestions.periodColumn);
    try {
      const { panel, warnings } = buildPanel(table, { layout: 'wide', unitColumn: unitCol.name, periodColumn: out.suggestions.periodColumn, attributeColumns });
      out.panel = { units: panel.units.length, periods: panel.periods.length, indicators: panel.indicators.length };
      if (out.suggestions.registry === 'cn-provinces') {
        // the units the names denote (an unknown name counts as its own unit until it is aliased or excluded)
        const units = new Set(panel.units.map((u) => registry.lookup(u)?.code ?? `name:${u}`)).size;
        if (units < panel.units.length) out.panel = { ...out.panel, units, names: panel.units.length };
      }
      for (const w of warnings) out.issues.push({ code: w.code, message: w.message });
    } catch (e) {
      // Every problem of the file (duplicated rows, text cells …) as its own issue, with its location.
      const problems = e instanceof NqpfError ? (e.data as { problems?: PreviewIssue[] } | undefined)?.problems : undefined;
      if (problems) for (const p of problems) out.issues.push({ code: p.code, message: p.message, hint: p.hint, location: p.location });
      else out.issues.push(issue(e));
    }
  }
  return out;
}

function cellText(c: Cell): string {
  return c === null || c === undefined ? '' : String(c).trim();
}

function distinct(xs: string[]): string[] {
  const s = new Set<string>();
  for (const x of xs) if (x !== '') s.add(x);
  return [...s];
}

function isYear(c: Cell): boolean {
  const x = typeof c === 'number' ? c : Number(String(c).trim());
  return Number.isInteger(x) && x >= 1900 && x <= 2100;
}

function issue(e: unknown): PreviewIssue {
  if (e instanceof NqpfError) return { code: e.code, message: e.message, hint: e.hint, location: e.location };
  return { code: 'E_PREVIEW', message: e instanceof Error ? e.message : String(e) };
}

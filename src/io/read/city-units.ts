/**
 * The unit column of a city panel (`units.registry: cn-cities`): every row's name resolved with its
 * province (`units.province`) and year (the period column) through the city matcher, the unit cells
 * rewritten to one label per unit, every name it cannot take reported as a problem of the data
 * file (row, column, suggestions, hint), and — with `units.harmonise` — the panel brought to one
 * year's boundaries (./core/units/city-history.ts).
 */
import type { Warning } from '../../core/logger.js';
import type { Problem } from '../../core/problems.js';
import { type AbsorbedPolicy, harmoniseCityRows } from '../../core/units/city-history.js';
import { CityMatcher, checkCityNames } from '../../core/units/city-match.js';
import type { CityRecord } from '../../core/units/cities.js';
import { cityCentroidsByCode } from '../../core/units/city-geometry.js';
import { cityGroups } from '../../core/units/city-groups.js';
import { CITY_KIND_ZH } from '../../core/units/city-names.js';
import { REGION_ZH } from '../../core/units/provinces.js';
import type { Cell } from './cells.js';
import type { Table } from './table.js';

export interface CityUnitsOptions {
  /** The data file as the spec names it (for messages). */
  dataFile: string;
  unitColumn: string;
  periodColumn?: string;
  /** Column with each row's province (`units.province`). */
  provinceColumn?: string;
  aliases: Record<string, string>;
  label: 'zh' | 'en' | 'code';
  harmonise?: { year: number; absorbed: AbsorbedPolicy };
  /** Long layout: the indicator column (rows are merged per unit, period and indicator). */
  indicatorColumn?: string;
}

/** A city's label in outputs, by `units.label`. */
export function cityUnitLabel(c: CityRecord, label: 'zh' | 'en' | 'code'): string {
  return label === 'en' ? c.en : label === 'code' ? c.code : c.zh;
}

/**
 * `lon`, `lat`: the centroid of the city's polygon on the built-in map (0.01°; the source has no
 * seat coordinates), for the standard deviational ellipse and distance weights; a unit table's own
 * lon/lat columns replace them. None for 莱芜 and 巢湖 (no polygon of their own).
 */
function centroidAttributes(code: string): { lon?: string; lat?: string } {
  const c = cityCentroidsByCode().get(code);
  return c ? { lon: c[0].toFixed(2), lat: c[1].toFixed(2) } : {};
}

/** A city's attributes on the panel (those of `UnitRegistry.cities()`, the polygon centroid as lon/lat, plus `until` for 莱芜 and 巢湖). */
export function cityAttributes(c: CityRecord): Record<string, string> {
  return {
    code: c.code,
    zh: c.zh,
    zh_full: c.zhFull,
    en: c.en,
    kind: c.kind,
    kind_zh: CITY_KIND_ZH[c.kind],
    province: c.province.zh,
    province_en: c.province.en,
    province_code: c.province.code,
    region: c.province.region,
    region_zh: REGION_ZH[c.province.region],
    ...cityGroups(c.code, c.province.code),
    ...centroidAttributes(c.code),
    ...(c.until !== undefined ? { until: String(c.until) } : {}),
  };
}

const cellText = (v: Cell | undefined): string => (v === null || v === undefined ? '' : String(v).trim());

/** The year of a period cell (2015, "2015", "2015年", "2015Q1"), or undefined. */
export function periodYear(v: Cell | undefined): number | undefined {
  const m = /^(\d{4})/.exec(cellText(v));
  return m ? Number(m[1]) : undefined;
}

/**
 * Resolve the unit column of `table` as a city column. Returns the table with unit cells replaced
 * by labels (unresolved rows keep their name and are listed in `skipUnits`), the problems (one per
 * distinct name, province and verdict, with its rows), notes as warnings, and unit attributes by
 * label. Harmonisation: rows dropped or merged as {@link harmoniseCityRows} says; merged rows
 * (`absorbed: merge`) are added cell by cell to the successor's row of the same period (and
 * indicator), a missing cell on either side giving a missing sum; every change is a warning.
 * Cost O(rows · columns).
 */
export function resolveCityUnits(
  table: Table,
  o: CityUnitsOptions,
): { table: Table; problems: Problem[]; warnings: Warning[]; unitAttrs: Map<string, Record<string, string>>; skipUnits: Set<string> } {
  const ju = table.header.indexOf(o.unitColumn);
  const jp = o.provinceColumn ? table.header.indexOf(o.provinceColumn) : -1;
  const jt = o.periodColumn ? table.header.indexOf(o.periodColumn) : -1;
  const matcher = new CityMatcher();
  const input = table.rows.map((r, i) => ({
    name: cellText(r[ju]),
    province: jp >= 0 ? cellText(r[jp]) || undefined : undefined,
    year: jt >= 0 ? periodYear(r[jt]) : undefined,
    row: table.rowNumbers[i],
  }));
  const { units, issues, notes } = checkCityNames(input, matcher, o.aliases);
  const problems: Problem[] = issues.map((x) => {
    const rowText = `row${x.rows.length > 1 ? 's' : ''} ${x.rows.length > 6 ? `${x.rows.slice(0, 6).join(', ')}, …` : x.rows.join(', ')}`;
    return {
      code: x.code,
      message: `unit name ${x.message} — column "${o.unitColumn}" of ${o.dataFile}, ${rowText}`,
      brief: `${x.message} (${rowText})`,
      location: { file: o.dataFile, row: x.rows[0], column: o.unitColumn },
      hint: x.hint,
      data: { name: x.name, province: x.province, rows: x.rows, suggestions: x.suggestions },
    };
  });
  const warnings: Warning[] = notes.map((n) => ({
    code: 'W_CITY_HISTORY',
    message: `${n.en} / ${n.zh}`,
    location: { file: o.dataFile, column: o.unitColumn },
  }));
  const skipUnits = new Set(input.filter((_, i) => !units[i] && input[i].name !== '').map((x) => x.name));

  let keep = table.rows.map((_, i) => i);
  const codeOf: (string | undefined)[] = units.map((c) => c?.code);
  if (o.harmonise) {
    const idx = keep.filter((i) => units[i] && input[i].year !== undefined);
    const h = harmoniseCityRows(
      idx.map((i) => ({ code: units[i]!.code, year: input[i].year! })),
      o.harmonise.year,
      o.harmonise.absorbed,
    );
    const dropped = new Set<number>();
    idx.forEach((i, k) => {
      const t = h.target[k];
      if (t === null) dropped.add(i);
      else codeOf[i] = t;
    });
    keep = keep.filter((i) => !dropped.has(i));
    for (const n of h.notes) warnings.push({ code: 'W_CITY_HARMONISED', message: `${n.en} / ${n.zh}`, location: { file: o.dataFile, column: o.unitColumn } });
  }

  const unitAttrs = new Map<string, Record<string, string>>();
  const attrsOf = new Map<string, string>(); // label → code of the city whose attributes unitAttrs holds
  const rows: Cell[][] = [];
  const rowNumbers: number[] = [];
  const slot = new Map<string, number>(); // unit label, period, indicator → index in rows
  const ji = o.indicatorColumn ? table.header.indexOf(o.indicatorColumn) : -1;
  const fixed = new Set([ju, jp, jt, ji].filter((j) => j >= 0));
  const relabel = (i: number): { r: Cell[]; key: string } => {
    const r = [...table.rows[i]];
    const c = codeOf[i] ? matcher.byUnitCode(codeOf[i]!) : undefined;
    if (c) {
      const label = cityUnitLabel(c, o.label);
      r[ju] = label;
      // Once per unit, not per row (12 rows a city in a 12-year panel).
      if (attrsOf.get(label) !== c.code) {
        attrsOf.set(label, c.code);
        unitAttrs.set(label, cityAttributes(c));
      }
    }
    return { r, key: `${cellText(r[ju])}\u0000${jt >= 0 ? cellText(r[jt]) : ''}\u0000${ji >= 0 ? cellText(r[ji]) : ''}` };
  };
  const moved = (i: number) => units[i] !== undefined && codeOf[i] !== units[i]!.code;
  // Rows as reported first (duplicates among them stay, for the panel builder to report), then the
  // rows of absorbed units, each added to its successor's row of the same period (and indicator).
  for (const i of keep.filter((i) => !moved(i))) {
    const { r, key } = relabel(i);
    if (!slot.has(key)) slot.set(key, rows.length);
    rows.push(r);
    rowNumbers.push(table.rowNumbers[i]);
  }
  for (const i of keep.filter(moved)) {
    const { r, key } = relabel(i);
    const at = slot.get(key);
    if (at === undefined) {
      slot.set(key, rows.length);
      rows.push(r);
      rowNumbers.push(table.rowNumbers[i]);
    } else rows[at] = rows[at].map((v, j) => (fixed.has(j) ? v : addCells(v, r[j])));
  }
  return { table: { ...table, rows, rowNumbers }, problems, warnings, unitAttrs, skipUnits };
}

/** Sum of two cells for a merge: numbers (or numeric text) add; empty or non-numeric on either side gives null. */
function addCells(a: Cell, b: Cell): Cell {
  const x = typeof a === 'number' ? a : a !== null && a.trim() !== '' ? Number(a) : Number.NaN;
  const y = typeof b === 'number' ? b : b !== null && b.trim() !== '' ? Number(b) : Number.NaN;
  return Number.isFinite(x) && Number.isFinite(y) ? x + y : null;
}

/**
 * Attributes from a unit table beside `cn-cities` (`units.file`: e.g. seat coordinates lon/lat for
 * distance weights, or the user's own groups): its key column matched as a city column (with the
 * province column when the table has it), each matched row's `attributes` columns added to that
 * city's attributes under its label. Names the matcher does not take are problems of the table.
 */
export function cityTableAttributes(
  t: Table,
  o: { file: string; key: string; attributes: string[]; provinceColumn?: string; aliases: Record<string, string>; label: 'zh' | 'en' | 'code' },
): { attrs: Map<string, Record<string, string>>; problems: Problem[] } {
  const kj = t.header.indexOf(o.key);
  const pj = o.provinceColumn ? t.header.indexOf(o.provinceColumn) : -1;
  const rows = t.rows.map((r, i) => ({ name: cellText(r[kj]), province: pj >= 0 ? cellText(r[pj]) || undefined : undefined, row: t.rowNumbers[i] }));
  const { units, issues } = checkCityNames(rows, new CityMatcher(), o.aliases);
  const attrs = new Map<string, Record<string, string>>();
  t.rows.forEach((r, i) => {
    const c = units[i];
    if (!c) return;
    const label = cityUnitLabel(c, o.label);
    const cur = attrs.get(label) ?? {};
    for (const a of o.attributes) cur[a] = cellText(r[t.header.indexOf(a)]);
    attrs.set(label, cur);
  });
  const problems: Problem[] = issues.map((x) => ({
    code: x.code,
    message: `unit name ${x.message} — column "${o.key}" of ${o.file}, row${x.rows.length > 1 ? 's' : ''} ${x.rows.join(', ')}`,
    brief: x.message,
    location: { file: o.file, row: x.rows[0], column: o.key },
    hint: x.hint,
    data: { name: x.name, rows: x.rows, suggestions: x.suggestions },
  }));
  return { attrs, problems };
}

/**
 * From a read {@link Table} (wide or long layout) to the columnar {@link Panel} the engine works on.
 * This is where unit names are canonicalised, periods ordered, duplicates caught and every
 * value parsed with {@link readNumericCell} — so nothing downstream sees text. Every problem of
 * the file is collected (core/problems.ts) and reported together, not one per run.
 */
import { NqpfError, fail, nearest } from '../../core/errors.js';
import type { Warning } from '../../core/logger.js';
import type { Panel } from '../../core/panel.js';
import { throwProblems, type Problem } from '../../core/problems.js';
import { missingMarkers, normaliseNumberText, readNumericCell, type Cell, type MissingMarkers } from './cells.js';
import type { Table } from './table.js';
import { sharedFloat64 } from '../../core/parallel.js';

/** How to read a table into a panel. */
export interface PanelBuildOptions {
  /** `wide`: one row per unit(-period), one column per indicator. `long`: one row per unit-period-indicator value. */
  layout: 'wide' | 'long';
  /** Column naming the unit (province, country…). */
  unitColumn: string;
  /** Column naming the period (year). Absent → one cross-section (periods `[""]`, `hasPeriod` false). */
  periodColumn?: string;
  /** Long layout: column naming the indicator. */
  indicatorColumn?: string;
  /** Long layout: column holding the value. */
  valueColumn?: string;
  /**
   * Indicators to read. Wide: column names (default: every column that is not the unit, period or
   * an attribute column). Long: indicator names (default: all, in order of first appearance);
   * rows of other indicators are ignored entirely.
   */
  indicators?: string[];
  /** Text columns kept as unit attributes (region group, names, codes); first non-empty value per unit. */
  attributeColumns?: string[];
  /** Raw unit name (trimmed) → canonical unit code. When given, every raw name must be in it (or in `skipUnits`). */
  unitMap?: Map<string, string>;
  /**
   * Raw unit names (trimmed) whose rows are left out of the panel without a problem, because the
   * caller has reported them already (unknown to the unit registry). Their values are still checked.
   */
  skipUnits?: ReadonlySet<string>;
  /** Missing-value markers (default: `missingMarkers()`, the default list). Must have no number among them when `table.packed` is given (the reader then read plain numbers itself). */
  missing?: MissingMarkers;
  /**
   * Where to collect the problems of the data (unknown or empty units and periods, duplicated keys,
   * non-numeric cells, period labels). Given: they are pushed here and a panel of the good rows is
   * returned. Absent: all of them are thrown as one error (core/problems.ts) after the whole table
   * was read.
   */
  problems?: Problem[];
}

/** Show at most this many period labels in one problem. */
const LIST_LIMIT = 20;

/**
 * Build a {@link Panel} from a table.
 *
 * - Units: canonical codes (through `unitMap` when given) in order of first appearance.
 * - Periods: distinct labels sorted ascending — numerically when every label is a number
 *   (`periodValues` are then those numbers), otherwise by code units (`periodValues` = 0..T−1).
 * - Values: each cell through {@link readNumericCell}; empty cells and missing-value markers
 *   (`opts.missing`) → NaN, the markers counted per indicator in the note `W_MISSING_MARKERS`;
 *   unit-period-indicator combinations absent from the table are NaN.
 * - Attributes: per unit the first non-empty value; a different non-empty value on another row of
 *   the same unit → warning `W_ATTRIBUTE_CONFLICT` (the first is kept).
 *
 * Configuration errors are thrown at once (NqpfError with location): `E_PANEL_OPTIONS` inconsistent
 * options; `E_COLUMN_NOT_FOUND` (lists the header, suggests the nearest name);
 * `E_INDICATOR_NOT_FOUND` (long, requested indicator absent).
 *
 * Problems of the data are collected, every one with its file, row and column, and reported
 * together (`opts.problems`, else thrown as one error): `E_EMPTY_UNIT`, `E_EMPTY_PERIOD`,
 * `E_EMPTY_INDICATOR` (long) — one per row; `E_UNMAPPED_UNIT` — one per raw name missing from
 * `unitMap`, with its rows and a suggestion; `E_NON_NUMERIC` — one per cell; `E_DUPLICATE_ROWS` —
 * one per unit-period (wide) or unit-period-indicator (long) key on several rows, including two
 * raw names mapped to one canonical unit; `E_PERIOD_LABEL` (labels that do not fit the others) and
 * `E_PERIOD_LABELS` (two labels with the same numeric value, `2011` and `2011.0`).
 *
 * Cost: O(rows × indicators) time, one Float64Array per indicator. Never modifies `table`'s contents;
 * a packed column of a file in the panel's order becomes the panel's column (the same array, see
 * below), and the cells its rows hold as text are then written into it (PackedColumns leaves those
 * places free).
 */
export function buildPanel(
  table: Table,
  opts: PanelBuildOptions,
): {
  panel: Panel;
  warnings: Warning[];
  /** The file row (1-based, header = 1) a unit-period's value of `indicator` was read from (for located messages of later steps). */
  cellRow: (unit: string, period: string, indicator: string) => number | undefined;
} {
  const file = table.file;
  const warnings: Warning[] = [];
  const problems: Problem[] = [];
  const markers = opts.missing ?? missingMarkers();
  /** Marker counts per indicator: indicator → marker → count. */
  const markerCounts = new Map<string, Map<string, number>>();
  const cellProblems: Problem[] = [];
  /** One cell: its number, NaN for a marker (counted) or a problem (collected, NaN). */
  const value = (c: Cell, row: number, column: string, indicator: string, count: boolean): number => {
    const r = readNumericCell(c, { file, row, column }, markers);
    if (typeof r === 'number') return r;
    if (r instanceof NqpfError) {
      const text = String((r.data as { text?: unknown } | undefined)?.text ?? c);
      cellProblems.push({
        code: r.code,
        message: r.message,
        brief: r.message.startsWith('percentage') ? `percentage "${text}" (indicator ${indicator})` : `"${text}" is not a number (indicator ${indicator})`,
        location: r.location,
        hint: r.hint,
        data: r.data,
      });
      return NaN;
    }
    if (count) {
      let m = markerCounts.get(indicator);
      if (!m) markerCounts.set(indicator, (m = new Map()));
      m.set(r.marker, (m.get(r.marker) ?? 0) + 1);
    }
    return NaN;
  };
  const col = (name: string | undefined, option: string): number => {
    if (name === undefined || name === '') {
      fail('E_PANEL_OPTIONS', `${option} is required for the ${opts.layout} layout`, {
        location: { file, path: option },
        hint: `name the column of ${file} that holds the ${option.replace(/Column$/, '')} (columns: ${table.header.join(', ')})`,
      });
    }
    const k = table.header.indexOf(name);
    if (k < 0) {
      const near = nearest(name, table.header, 3);
      fail('E_COLUMN_NOT_FOUND', `column "${name}" (${option}) not found in ${file}; columns are: ${table.header.join(', ')}`, {
        location: { file, column: name, path: option },
        hint: near.length ? `did you mean ${near.map((n) => `"${n}"`).join(' or ')}?` : 'column names are case-sensitive and must match the header exactly',
        data: { header: table.header, suggestions: near },
      });
    }
    return k;
  };

  const uCol = col(opts.unitColumn, 'unitColumn');
  const pCol = opts.periodColumn === undefined ? -1 : col(opts.periodColumn, 'periodColumn');
  const attrNames = opts.attributeColumns ?? [];
  const aCols = attrNames.map((a) => col(a, 'attributeColumns'));
  const roles = new Map<number, string>();
  const claim = (k: number, role: string) => {
    const prev = roles.get(k);
    if (prev !== undefined) {
      fail('E_PANEL_OPTIONS', `column "${table.header[k]}" is used both as ${prev} and as ${role}`, {
        location: { file, column: table.header[k], path: role },
        hint: 'each column can play only one role',
      });
    }
    roles.set(k, role);
  };
  claim(uCol, 'unitColumn');
  if (pCol >= 0) claim(pCol, 'periodColumn');
  aCols.forEach((k) => claim(k, 'attributeColumns'));

  // Per-row unit/period keys (shared by both layouts).
  const units: string[] = [];
  const unitIndex = new Map<string, number>();
  const periodLabels = new Map<string, number>(); // label -> first-seen index
  const periodRows = new Map<string, number[]>(); // label -> its first rows, for messages
  const unmapped = new Map<string, number[]>();
  const attrValues: string[][] = attrNames.map(() => []);
  const attrRow: number[][] = attrNames.map(() => []);
  const conflicted = new Set<string>();

  const text = (c: Cell): string => (c === null || c === undefined ? '' : typeof c === 'number' ? String(c) : c.trim());
  /** A period cell as a label: full-width digits as ASCII (`２０１５` → `2015`), `2015年` and `2015.0` → `2015`. */
  const periodLabel = (c: Cell): string =>
    normaliseNumberText(text(c).replace(/^\u3000+|\u3000+$/g, ''))
      .replace(/^([+-]?\d+)\s*年$/, '$1')
      .replace(/^([+-]?\d+)\.0+$/, '$1');
  /** Labels of the period cells read so far (a panel has few distinct ones; a 50,000-unit panel has 750,000 rows). */
  const periodCache = new Map<Cell, string>();
  const periodText = (c: Cell): string => {
    let l = periodCache.get(c);
    if (l === undefined) {
      l = periodLabel(c);
      if (periodCache.size < 4096) periodCache.set(c, l);
    }
    return l;
  };

  /** Returns [unit index, period label, raw name], or undefined when the row is not read into the panel (a problem collected, or a skipped unit). */
  const keyOf = (r: number): [number, string, string] | undefined => {
    const row = table.rows[r];
    const rowNo = table.rowNumbers[r];
    const raw = text(row[uCol]);
    let bad = false;
    if (raw === '') {
      problems.push({
        code: 'E_EMPTY_UNIT',
        message: `empty unit in column "${table.header[uCol]}", row ${rowNo} of ${file}`,
        brief: 'no unit name',
        location: { file, row: rowNo, column: table.header[uCol] },
        hint: 'every data row needs a unit name; delete the row if it is a note or a total',
      });
      bad = true;
    }
    let period = '';
    if (pCol >= 0) {
      period = periodText(row[pCol]);
      if (period === '') {
        problems.push({
          code: 'E_EMPTY_PERIOD',
          message: `empty period in column "${table.header[pCol]}", row ${rowNo} of ${file}`,
          brief: 'no period',
          location: { file, row: rowNo, column: table.header[pCol] },
          hint: 'every data row needs a period (year); fill it in or delete the row',
        });
        bad = true;
      }
    }
    if (bad || opts.skipUnits?.has(raw)) return undefined;
    let code = raw;
    if (opts.unitMap) {
      const m = opts.unitMap.get(raw);
      if (m === undefined) {
        const list = unmapped.get(raw);
        if (list) list.push(rowNo);
        else unmapped.set(raw, [rowNo]);
        return undefined;
      }
      code = m;
    }
    let u = unitIndex.get(code);
    if (u === undefined) {
      u = units.length;
      units.push(code);
      unitIndex.set(code, u);
      attrValues.forEach((a) => a.push(''));
      attrRow.forEach((a) => a.push(0));
    }
    if (!periodLabels.has(period)) {
      periodLabels.set(period, periodLabels.size);
      periodRows.set(period, [rowNo]);
    } else {
      const pr = periodRows.get(period)!;
      if (pr.length < 4) pr.push(rowNo);
    }
    // Attributes.
    aCols.forEach((k, j) => {
      const v = text(row[k]);
      if (v === '') return;
      const cur = attrValues[j][u];
      if (cur === '') {
        attrValues[j][u] = v;
        attrRow[j][u] = rowNo;
      } else if (cur !== v && !conflicted.has(`${j}\u0000${u}`)) {
        conflicted.add(`${j}\u0000${u}`);
        warnings.push({
          code: 'W_ATTRIBUTE_CONFLICT',
          message: `unit "${code}" has ${attrNames[j]} "${cur}" (row ${attrRow[j][u]}) and "${v}" (row ${rowNo}) in ${file}; keeping "${cur}"`,
          location: { file, row: rowNo, column: attrNames[j] },
        });
      }
    });
    return [u, period, raw];
  };

  // Layout-specific collection.
  let indicators: string[];
  const recUnit: number[] = [];
  const recPeriod: string[] = [];
  const recRaw: string[] = [];
  const recRow: number[] = [];
  let recInd: number[] = []; // long only
  // wide: nInd per record, allocated once (30 M values at 50,000 units × 15 periods × 40 indicators:
  // a growing number[] of that size is copied on every doubling); long: one per record
  let recVals: number[] | Float64Array = [];
  // wide, every indicator column packed: each record's row in the table, and the cells read as text (in row order)
  let packedFill: { packed: Float64Array[]; src: Int32Array } | undefined;
  const textRec: number[] = [];
  const textInd: number[] = [];
  const textVal: number[] = [];
  /** Key → its record, or its records once it is on several rows (one array per duplicated key, not per row). */
  const dupKeys = new Map<string, number | number[]>();
  const dupOrder: string[] = [];
  const noteKey = (key: string, rec: number) => {
    const l = dupKeys.get(key);
    if (l === undefined) dupKeys.set(key, rec);
    else if (typeof l === 'number') {
      dupOrder.push(key);
      dupKeys.set(key, [l, rec]);
    } else l.push(rec);
  };

  if (opts.layout === 'wide') {
    if (opts.indicatorColumn !== undefined || opts.valueColumn !== undefined) {
      fail('E_PANEL_OPTIONS', 'indicatorColumn and valueColumn only apply to the long layout', {
        location: { file, path: 'layout' },
        hint: 'set layout: long, or remove indicatorColumn/valueColumn',
      });
    }
    let iCols: number[];
    if (opts.indicators) {
      iCols = opts.indicators.map((n) => col(n, 'indicators'));
      iCols.forEach((k) => claim(k, 'indicators'));
    } else {
      iCols = table.header.map((_, k) => k).filter((k) => !roles.has(k));
    }
    indicators = iCols.map((k) => table.header[k]);
    const nInd = iCols.length;
    // Columns the reader held as numbers: a null cell is its plain number (see PackedColumns).
    const packed = iCols.map((k) => table.packed?.get(k));
    // Every indicator column packed (a CSV or Parquet panel): the values are copied from the packed
    // columns straight into the panel's (packedFill), only the cells read as text are kept here, and
    // the record's row is remembered. Otherwise every value of a record is kept in row order.
    const allPacked = nInd > 0 && packed.every((p) => p !== undefined);
    const wideVals = allPacked ? new Float64Array(0) : new Float64Array(table.rows.length * nInd);
    recVals = wideVals;
    const src = allPacked ? new Int32Array(table.rows.length) : undefined;
    const firstICol = Math.min(...iCols);
    /** The first record of each unit-period, by period (first-seen order) and unit: record + 1, 0 for none. */
    const firstRec: Int32Array[] = [];
    for (let r = 0; r < table.rows.length; r++) {
      const key = keyOf(r);
      const rowNo = table.rowNumbers[r];
      const row = table.rows[r];
      if (!key) {
        // Not in the panel, but its cells are checked too: every problem of the file in one run.
        for (let j = 0; j < nInd; j++) if (!packed[j] || row[iCols[j]] != null) value(row[iCols[j]], rowNo, indicators[j], indicators[j], false);
        continue;
      }
      const rec = recUnit.length;
      if (src) {
        src[rec] = r;
        // A row ends at its last text field: one shorter than every indicator column has none of them as text.
        if (row.length > firstICol)
          for (let j = 0; j < nInd; j++) {
            const c = row[iCols[j]];
            if (c !== null && c !== undefined) {
              textRec.push(rec);
              textInd.push(j);
              textVal.push(value(c, rowNo, indicators[j], indicators[j], true));
            }
          }
      } else {
        const at = rec * nInd;
        for (let j = 0; j < nInd; j++) {
          const c = row[iCols[j]];
          const p = packed[j];
          wideVals[at + j] = p && (c === null || c === undefined) ? p[r] : value(c, rowNo, indicators[j], indicators[j], true);
        }
      }
      recUnit.push(key[0]);
      recPeriod.push(key[1]);
      recRaw.push(key[2]);
      recRow.push(rowNo);
      // Duplicated keys: each unit-period's first record by number; a key string only for the repeated ones.
      const t = periodLabels.get(key[1])!;
      let seen = firstRec[t];
      if (!seen || seen.length <= key[0]) {
        const grown = new Int32Array(Math.max(1024, (seen?.length ?? 0) * 2, key[0] + 1));
        if (seen) grown.set(seen);
        firstRec[t] = seen = grown;
      }
      const prev = seen[key[0]];
      if (prev === 0) seen[key[0]] = rec + 1;
      else {
        const dk = `${key[0]}\u0000${key[1]}`;
        if (!dupKeys.has(dk)) dupKeys.set(dk, prev - 1);
        noteKey(dk, rec);
      }
    }
    if (src) packedFill = { packed: packed as Float64Array[], src };
  } else if (opts.layout === 'long') {
    const iCol = col(opts.indicatorColumn, 'indicatorColumn');
    const vCol = col(opts.valueColumn, 'valueColumn');
    claim(iCol, 'indicatorColumn');
    claim(vCol, 'valueColumn');
    const wanted = opts.indicators ? new Set(opts.indicators) : undefined;
    const indIndex = new Map<string, number>();
    const seenInd: string[] = [];
    if (opts.indicators) opts.indicators.forEach((n, j) => indIndex.set(n, j));
    recInd = [];
    const longVals: number[] = [];
    recVals = longVals;
    for (let r = 0; r < table.rows.length; r++) {
      const row = table.rows[r];
      const rowNo = table.rowNumbers[r];
      const ind = text(row[iCol]);
      if (ind === '') {
        problems.push({
          code: 'E_EMPTY_INDICATOR',
          message: `empty indicator name in column "${table.header[iCol]}", row ${rowNo} of ${file}`,
          brief: 'no indicator name',
          location: { file, row: rowNo, column: table.header[iCol] },
          hint: 'every row of a long table names its indicator; fill it in or delete the row',
        });
        keyOf(r);
        value(row[vCol], rowNo, table.header[vCol], table.header[vCol], false);
        continue;
      }
      if (wanted && !wanted.has(ind)) continue;
      let j = indIndex.get(ind);
      if (j === undefined) {
        j = indIndex.size;
        indIndex.set(ind, j);
      }
      if (!seenInd[j]) seenInd[j] = ind;
      const key = keyOf(r);
      const v = value(row[vCol], rowNo, table.header[vCol], ind, !!key);
      if (!key) continue;
      const rec = recUnit.length;
      recUnit.push(key[0]);
      recPeriod.push(key[1]);
      recRaw.push(key[2]);
      recRow.push(rowNo);
      recInd.push(j);
      longVals.push(v);
      noteKey(`${key[0]}\u0000${key[1]}\u0000${ind}`, rec);
    }
    if (opts.indicators) {
      const absent = opts.indicators.filter((_n, j) => !seenInd[j]);
      if (absent.length) {
        const present = [...new Set(table.rows.map((row) => text(row[iCol])))];
        const near = nearest(absent[0], present, 3);
        fail(
          'E_INDICATOR_NOT_FOUND',
          `indicator${absent.length > 1 ? 's' : ''} ${absent.map((a) => `"${a}"`).join(', ')} not found in column "${table.header[iCol]}" of ${file}`,
          {
            location: { file, column: table.header[iCol], path: 'indicators' },
            hint: near.length ? `did you mean ${near.map((n) => `"${n}"`).join(' or ')}?` : `indicators present: ${present.slice(0, 30).join(', ')}`,
          },
        );
      }
      indicators = opts.indicators.slice();
    } else {
      indicators = [...indIndex.keys()];
    }
  } else {
    fail('E_PANEL_OPTIONS', `invalid layout "${String(opts.layout)}" (known: wide, long)`, {
      location: { file, path: 'layout' },
      hint: 'wide = one column per indicator; long = one row per value with indicator and value columns',
    });
  }

  if (unmapped.size) {
    const known = [...opts.unitMap!.keys()];
    for (const [raw, rows] of unmapped) {
      const near = nearest(raw, known, 1);
      const where = `row${rows.length > 1 ? 's' : ''} ${listRows(rows)}`;
      problems.push({
        code: 'E_UNMAPPED_UNIT',
        message: `unit name "${raw}" in column "${table.header[uCol]}" of ${file} is not in the unit map (${where})${near.length ? ` — did you mean "${near[0]}"?` : ''}`,
        brief: `unit name "${raw}" not in the unit map (${where})${near.length ? ` — did you mean "${near[0]}"?` : ''}`,
        location: { file, row: rows[0], column: table.header[uCol] },
        hint: 'fix the spelling in the data, add the name to the unit map (alias → code), or delete rows that are not units (totals, regions)',
        data: { unmapped: raw, rows },
      });
    }
  }

  if (dupOrder.length) {
    const what = ['unit', ...(pCol >= 0 ? ['period'] : []), ...(opts.layout === 'long' ? ['indicator'] : [])].join('-');
    for (const key of dupOrder) {
      const recs = dupKeys.get(key) as number[];
      const parts = key.split('\u0000');
      const unit = units[Number(parts[0])];
      const raws = [...new Set(recs.map((i) => recRaw[i]))];
      const label = [unit, ...(pCol >= 0 ? [parts[1]] : []), ...(opts.layout === 'long' ? [parts[2]] : [])].join(' / ');
      const rawNote = raws.length > 1 || raws[0] !== unit ? ` [as ${raws.map((x) => `"${x}"`).join(', ')}]` : '';
      const item = `${label}: rows ${listRows(recs.map((i) => recRow[i]))}${rawNote}`;
      problems.push({
        code: 'E_DUPLICATE_ROWS',
        message: `duplicated ${what} key in ${file}: ${item}`,
        brief: `duplicated ${what} ${item}`,
        location: { file, row: recRow[recs[1]] },
        hint: opts.unitMap
          ? 'each key must appear on one row only; two spellings mapped to the same unit count as duplicates — delete or merge the repeated rows'
          : 'each key must appear on one row only; delete or merge the repeated rows (or add the period column if the data are a panel)',
        data: { key: label, rows: recs.map((i) => recRow[i]) },
      });
    }
  }

  // Periods.
  const labels = [...periodLabels.keys()];
  if (pCol >= 0) {
    const bad = checkPeriodLabels(labels, periodRows, file, table.header[pCol]);
    if (bad) problems.push(bad);
  }
  let periods: string[];
  let periodValues: number[];
  const numeric = pCol >= 0 && labels.length > 0 && labels.every((l) => /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/.test(l));
  if (numeric) {
    const withVal = labels.map((l) => ({ l, v: Number(l) }));
    withVal.sort((a, b) => a.v - b.v);
    for (let k = 1; k < withVal.length; k++) {
      if (withVal[k].v === withVal[k - 1].v) {
        problems.push({
          code: 'E_PERIOD_LABELS',
          message: `period labels "${withVal[k - 1].l}" and "${withVal[k].l}" in ${file} denote the same period`,
          location: { file, row: periodRows.get(withVal[k].l)?.[0], column: table.header[pCol] },
          hint: 'write each period the same way on every row',
        });
      }
    }
    periods = withVal.map((x) => x.l);
    periodValues = withVal.map((x) => x.v);
  } else {
    periods = pCol >= 0 ? labels.slice().sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)) : [''];
    periodValues = periods.map((_, k) => k);
  }
  const tIndex = new Map<string, number>();
  periods.forEach((p, t) => tIndex.set(p, t));

  // Fill values.
  const nU = units.length;
  const nT = periods.length;
  const values = new Map<string, Float64Array>();
  // On shared memory, so that a column pool (core/parallel.ts) can read the columns without copying.
  const nRec = recUnit.length;
  // Wide, every unit-period on one record: every cell of the panel is written below, none is left missing.
  const complete = opts.layout === 'wide' && nRec === nU * nT && dupOrder.length === 0;
  // Each record's cell in the panel (wide, every indicator packed), and whether record r is cell r of row r.
  let at: Int32Array | undefined;
  let identity = complete;
  if (packedFill) {
    at = new Int32Array(nRec);
    for (let rec = 0; rec < nRec; rec++) {
      at[rec] = tIndex.get(recPeriod[rec])! * nU + recUnit[rec];
      if (at[rec] !== rec || packedFill.src[rec] !== rec) identity = false;
    }
  }
  // A file in the panel's order (periods, then units, one row each) whose packed column is on shared
  // memory of exactly the panel's size (parseCsvBytes's) gives that column itself: no copy, no new memory.
  const N = nU * nT;
  const own = (p: Float64Array | undefined) =>
    identity && p !== undefined && p.length === N && p.byteOffset === 0 && p.buffer instanceof SharedArrayBuffer && p.buffer.byteLength === N * 8;
  const arrays = indicators.map((_, j) => (own(packedFill?.packed[j]) ? packedFill!.packed[j] : complete ? sharedFloat64(N) : sharedFloat64(N).fill(NaN)));
  indicators.forEach((code, j) => values.set(code, arrays[j]));
  const nInd = indicators.length;
  if (packedFill && at) {
    const { packed, src } = packedFill;
    if (dupOrder.length === 0) {
      // One record per cell: column by column, the text cells after.
      for (let j = 0; j < nInd; j++) {
        const a = arrays[j];
        const p = packed[j];
        if (a === p) continue;
        if (identity) a.set(p.subarray(0, nRec));
        else for (let rec = 0; rec < nRec; rec++) a[at[rec]] = p[src[rec]];
      }
      for (let k = 0; k < textRec.length; k++) arrays[textInd[k]][at[textRec[k]]] = textVal[k];
    } else {
      // Duplicated keys: record by record, so that the last record of a key holds its cell as before.
      let k = 0;
      for (let rec = 0; rec < nRec; rec++) {
        for (let j = 0; j < nInd; j++) arrays[j][at[rec]] = packed[j][src[rec]];
        for (; k < textRec.length && textRec[k] === rec; k++) arrays[textInd[k]][at[rec]] = textVal[k];
      }
    }
  } else {
    for (let rec = 0; rec < nRec; rec++) {
      const idx = tIndex.get(recPeriod[rec])! * nU + recUnit[rec];
      if (opts.layout === 'wide') {
        for (let j = 0; j < nInd; j++) arrays[j][idx] = recVals[rec * nInd + j];
      } else {
        arrays[recInd[rec]][idx] = recVals[rec];
      }
    }
  }
  const attributes = new Map<string, string[]>();
  attrNames.forEach((a, j) => attributes.set(a, attrValues[j]));

  const panel: Panel = {
    units,
    periods,
    periodValues,
    hasPeriod: pCol >= 0,
    indicators,
    values,
    attributes,
  };
  const note = markerNote(markerCounts, indicators, file);
  if (note) warnings.push(note);
  // Rows, units and keys first, then the cells (a text column can hold hundreds): the first
  // lines of a long list show every kind of problem.
  const all = [...problems, ...cellProblems];
  if (opts.problems) opts.problems.push(...all);
  else throwProblems(all, { location: { file } });
  const cellRow = rowLocator(units, indicators, recUnit, recPeriod, recInd, recRow, opts.layout === 'wide');
  return { panel, warnings, cellRow };
}

/**
 * The file row of a unit-period (and indicator, long layout) cell, from the records read. Built
 * here, outside buildPanel, so that the function a caller keeps holds these lists alone: a closure
 * made inside buildPanel would keep its whole scope alive — the table with every row read (at
 * 50,000 units × 15 periods, hundreds of MB for the length of a run).
 */
function rowLocator(
  units: readonly string[],
  indicators: readonly string[],
  recUnit: readonly number[],
  recPeriod: readonly string[],
  recInd: readonly number[],
  recRow: readonly number[],
  wide: boolean,
): (unit: string, period: string, indicator: string) => number | undefined {
  let rowIndex: Map<string, number> | undefined;
  return (unit, period, indicator) => {
    if (!rowIndex) {
      rowIndex = new Map();
      for (let rec = 0; rec < recUnit.length; rec++) {
        const key = `${units[recUnit[rec]]}\u0000${recPeriod[rec]}${wide ? '' : `\u0000${indicators[recInd[rec]]}`}`;
        if (!rowIndex.has(key)) rowIndex.set(key, recRow[rec]);
      }
    }
    return rowIndex.get(`${unit}\u0000${period}${wide ? '' : `\u0000${indicator}`}`);
  };
}

/** The note on cells read as missing because they hold a marker: how many per indicator, which markers. */
function markerNote(counts: Map<string, Map<string, number>>, order: readonly string[], file: string): Warning | undefined {
  if (counts.size === 0) return undefined;
  let total = 0;
  const parts: string[] = [];
  const rank = (c: string) => (order.indexOf(c) < 0 ? order.length : order.indexOf(c));
  for (const [ind, m] of [...counts].sort((x, y) => rank(x[0]) - rank(y[0]))) {
    let n = 0;
    for (const c of m.values()) n += c;
    total += n;
    parts.push(`${ind} ${n} (${[...m].map(([k, c]) => `${k} ×${c}`).join(', ')})`);
  }
  return {
    code: 'W_MISSING_MARKERS',
    message: `${total} cell${total === 1 ? '' : 's'} of ${file} read as missing values (missing-value markers): ${parts.join('; ')}`,
    location: { file },
  };
}

function listRows(rows: number[]): string {
  return rows.length > 6 ? `${rows.slice(0, 6).join(', ')}, …` : rows.join(', ');
}

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * A period label that does not fit the others would silently become an extra period for every
 * unit (its values imputed, the row's real period imputed too). When most labels are numbers,
 * every label must be a whole number, and when they are years (median 1000–3000) a year in
 * 1000–3000: `abc`, `2015.5`, `1e9`, `-1` among years are refused — all of them in one error,
 * each with its rows.
 */
function checkPeriodLabels(labels: readonly string[], rows: Map<string, number[]>, file: string, column: string): Problem | undefined {
  const numeric = labels.filter((l) => NUMBER.test(l));
  if (numeric.length === 0 || numeric.length * 2 < labels.length) return undefined;
  const ints = numeric
    .filter((l) => /^[+-]?\d+$/.test(l))
    .map(Number)
    .sort((a, b) => a - b);
  const median = ints.length ? ints[Math.floor(ints.length / 2)] : NaN;
  const years = median >= 1000 && median <= 3000;
  const bad: { label: string; why: string }[] = [];
  for (const l of labels) {
    if (!NUMBER.test(l)) bad.push({ label: l, why: 'not a number' });
    else if (!/^[+-]?\d+$/.test(l)) bad.push({ label: l, why: Number.isInteger(Number(l)) ? 'not written as a whole number' : 'not a whole number' });
    else if (years && (Number(l) < 1000 || Number(l) > 3000)) bad.push({ label: l, why: 'not a year' });
  }
  if (!bad.length) return undefined;
  const items = bad
    .slice(0, LIST_LIMIT)
    .map(
      (b) =>
        `"${b.label}" (${b.why}; row${rows.get(b.label)!.length > 1 ? 's' : ''} ${rows.get(b.label)!.join(', ')}${rows.get(b.label)!.length >= 4 ? ', …' : ''})`,
    );
  const first = rows.get(bad[0].label)![0];
  return {
    code: 'E_PERIOD_LABEL',
    message:
      `${bad.length} period label${bad.length > 1 ? 's' : ''} in column "${column}" ` +
      `of ${file} do${bad.length > 1 ? '' : 'es'} not fit the other periods ` +
      `(${years ? 'years' : 'whole numbers'}):` +
      ` ${items.join('; ')}${bad.length > LIST_LIMIT ? `; and ${bad.length - LIST_LIMIT} more` : ''}`,
    location: { file, row: first, column },
    hint: years
      ? 'write every period as a year such as 2015 (full-width digits and 2015年 are read as 2015); fix or delete those rows'
      : 'write every period as a whole number; fix or delete those rows',
    data: { labels: bad.map((b) => b.label) },
  };
}

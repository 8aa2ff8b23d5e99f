/**
 * Framework tables: nqpf's own layout (code, parent, nameZh, nameEn, direction, weight, unit,
 * column, denominator, scale, target, goalLow, goalHigh, source, definition, type) or COINr's
 * `iMeta` layout (Level, iCode, iName, Direction, Weight, Unit, Target, Denominator, Parent,
 * Type) accepted as it is. Directions may be numbers (1, −1) or words (正向 / 负向, positive /
 * negative, benefit / cost, + / −; core/direction.ts), read as 1 or −1 here. iMeta rows of Type "Group" name unit-attribute columns, rows of Type
 * "Denominator" name denominator columns; both are returned so the data reader keeps them.
 */
import { directionForms, toDirection } from '../../core/direction.js';
import { fail } from '../../core/errors.js';
import type { FrameworkNodeSpec } from '../../core/framework-types.js';
import { parseNumericCell } from './cells.js';
import type { Table } from './table.js';

export interface FrameworkTable {
  nodes: FrameworkNodeSpec[];
  format: 'nqpf' | 'coinr-imeta';
  /** iMeta: columns of Type Group (unit attributes). */
  groups: string[];
  /** iMeta: columns of Type Denominator. */
  denominators: string[];
  /** Row number of each node (for error locations). */
  rowNumbers: number[];
}

const cellText = (v: unknown): string => (v === null || v === undefined ? '' : String(v).trim());

export function frameworkFromTable(t: Table): FrameworkTable {
  const h = t.header;
  const isImeta = h.includes('iCode') && h.includes('Parent');
  const col = (name: string) => h.indexOf(name);
  const num = (row: unknown[], name: string, r: number): number | undefined => {
    const j = col(name);
    if (j < 0) return undefined;
    const v = parseNumericCell(row[j] as string | number | null, { file: t.file, row: r, column: name });
    return Number.isNaN(v) ? undefined : v;
  };
  const txt = (row: unknown[], name: string): string | undefined => {
    const j = col(name);
    if (j < 0) return undefined;
    const s = cellText(row[j]);
    return s === '' ? undefined : s;
  };
  /** A direction cell: 1 / −1 or a word (正向, 负向, positive, cost …; core/direction.ts); empty = not given. */
  const dirCell = (row: unknown[], name: string, r: number): 1 | -1 | undefined => {
    const j = col(name);
    if (j < 0) return undefined;
    const v = row[j];
    if (v === null || v === undefined || (typeof v === 'string' && v.trim() === '')) return undefined;
    const dir = toDirection(typeof v === 'number' ? v : String(v));
    if (dir === undefined)
      fail('E_FRAMEWORK_DIRECTION', `direction "${String(v).trim()}" is not a direction`, {
        location: { file: t.file, row: r, column: name },
        hint: `write one of ${directionForms()}`,
      });
    return dir;
  };
  const nodes: FrameworkNodeSpec[] = [];
  const rowNumbers: number[] = [];
  const groups: string[] = [];
  const denominators: string[] = [];
  if (isImeta) {
    for (const need of ['iCode', 'Parent', 'Type'])
      if (col(need) < 0) fail('E_FRAMEWORK_TABLE', `COINr iMeta table lacks column "${need}"`, { location: { file: t.file, row: 1 } });
    t.rows.forEach((row, i) => {
      const r = t.rowNumbers[i];
      const type = (txt(row, 'Type') ?? '').toLowerCase();
      const code = txt(row, 'iCode');
      if (!code) return;
      if (type === 'group') return void groups.push(code);
      if (type === 'denominator') return void denominators.push(code);
      if (type === 'other') return;
      if (type !== 'indicator' && type !== 'aggregate')
        fail('E_FRAMEWORK_TABLE', `unknown iMeta Type "${txt(row, 'Type')}"`, {
          location: { file: t.file, row: r, column: 'Type' },
          hint: 'Type is one of Indicator, Aggregate, Group, Denominator, Other',
        });
      nodes.push({
        code,
        parent: txt(row, 'Parent') ?? null,
        nameEn: txt(row, 'iName'),
        direction: dirCell(row, 'Direction', r),
        weight: num(row, 'Weight', r),
        unit: txt(row, 'Unit'),
        target: num(row, 'Target', r),
        denominator: txt(row, 'Denominator'),
        type,
      });
      rowNumbers.push(r);
    });
    return { nodes, format: 'coinr-imeta', groups, denominators, rowNumbers };
  }
  if (col('code') < 0)
    fail('E_FRAMEWORK_TABLE', 'framework table needs a "code" column (or the COINr iMeta columns iCode, Parent, Type)', {
      location: { file: t.file, row: 1 },
      hint: `found columns: ${h.join(', ')}`,
    });
  t.rows.forEach((row, i) => {
    const r = t.rowNumbers[i];
    const code = txt(row, 'code');
    if (!code) return;
    const lo = num(row, 'goalLow', r);
    const hi = num(row, 'goalHigh', r);
    const type = txt(row, 'type');
    if (type && type !== 'indicator' && type !== 'aggregate')
      fail('E_FRAMEWORK_TABLE', `type must be indicator or aggregate, got "${type}"`, { location: { file: t.file, row: r, column: 'type' } });
    nodes.push({
      code,
      parent: txt(row, 'parent') ?? null,
      nameZh: txt(row, 'nameZh'),
      nameEn: txt(row, 'nameEn'),
      direction: dirCell(row, 'direction', r),
      weight: num(row, 'weight', r),
      unit: txt(row, 'unit'),
      column: txt(row, 'column'),
      denominator: txt(row, 'denominator'),
      scale: num(row, 'scale', r),
      target: num(row, 'target', r),
      goalposts: lo !== undefined && hi !== undefined ? [lo, hi] : undefined,
      source: txt(row, 'source'),
      definition: txt(row, 'definition'),
      type: type as 'indicator' | 'aggregate' | undefined,
    });
    rowNumbers.push(r);
  });
  return { nodes, format: 'nqpf', groups, denominators, rowNumbers };
}

import { readFile } from 'node:fs/promises';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import type { Cell } from '../../src/io/read/cells.js';
import { buildPanel } from '../../src/io/read/panel-build.js';
import { isShared } from '../../src/core/parallel.js';
import { readTable, type Table } from '../../src/io/read/table.js';
import { parseCsvSimple, sharedAvailable, sharedPath } from '../helpers/shared.js';
import { catchNqpf } from './catch-nqpf.js';

function table(header: string[], rows: Cell[][], file = 't.csv'): Table {
  return { file, header, rows, rowNumbers: rows.map((_, i) => i + 2), encoding: 'utf-8', sha256: '' };
}

/** Value of indicator `code` for unit `u`, period `p`, looked up by labels (period-major layout). */
function at(panel: ReturnType<typeof buildPanel>['panel'], code: string, u: string, p: string): number {
  const i = panel.units.indexOf(u);
  const t = panel.periods.indexOf(p);
  if (i < 0 || t < 0) throw new Error(`no ${u}/${p}`);
  return panel.values.get(code)![t * panel.units.length + i];
}

describe('buildPanel (wide)', () => {
  it('buildPanel(wide) orders units by first appearance, periods numerically, fills gaps with NaN', () => {
    const t = table(
      ['unit', 'year', 'region', 'x', 'y'],
      [
        ['B', '12', 'East', '1', '2'],
        ['A', '10', 'West', '3', ''],
        ['B', '9', 'East', '5', 'NA'],
        ['A', 12, 'West', 7, 8],
      ],
    );
    const { panel, warnings } = buildPanel(t, { layout: 'wide', unitColumn: 'unit', periodColumn: 'year', attributeColumns: ['region'] });
    expect(panel.units).toEqual(['B', 'A']);
    expect(panel.periods).toEqual(['9', '10', '12']); // numeric, not string, order
    expect(panel.periodValues).toEqual([9, 10, 12]);
    expect(panel.hasPeriod).toBe(true);
    expect(panel.indicators).toEqual(['x', 'y']);
    // index = t * nUnits + u
    expect([...panel.values.get('x')!]).toEqual([5, NaN, NaN, 3, 1, 7]);
    expect([...panel.values.get('y')!]).toEqual([NaN, NaN, NaN, NaN, 2, 8]);
    // on shared memory, so a column pool can read the columns without copying
    expect(isShared(panel.values.get('x')!)).toBe(true);
    expect(panel.attributes.get('region')).toEqual(['East', 'West']);
    // The "NA" is a missing-value marker: read as missing, and counted in a note.
    expect(warnings).toEqual([
      { code: 'W_MISSING_MARKERS', message: '1 cell of t.csv read as missing values (missing-value markers): y 1 (NA ×1)', location: { file: 't.csv' } },
    ]);
  });

  it('buildPanel(wide, no period column) gives one cross-section', () => {
    const { panel } = buildPanel(
      table(
        ['u', 'x'],
        [
          ['a', '1'],
          ['b', '2'],
        ],
      ),
      { layout: 'wide', unitColumn: 'u' },
    );
    expect(panel.periods).toEqual(['']);
    expect(panel.periodValues).toEqual([0]);
    expect(panel.hasPeriod).toBe(false);
    expect([...panel.values.get('x')!]).toEqual([1, 2]);
  });

  it('buildPanel reads full-width digits and 年 in period cells as the year (２０１５, 2015年 → 2015)', () => {
    const { panel } = buildPanel(
      table(
        ['u', 'year', 'x'],
        [
          ['a', '2014', '1'],
          ['a', '２０１５', '2'],
          ['b', '2015年', '3'],
          ['b', '\u30002014 ', '4'],
        ],
      ),
      { layout: 'wide', unitColumn: 'u', periodColumn: 'year' },
    );
    expect(panel.periods).toEqual(['2014', '2015']);
    expect([...panel.values.get('x')!]).toEqual([1, 4, 2, 3]);
  });

  it('buildPanel refuses period labels that do not fit the years (abc, 2015.5, 1e9, -1) in one E_PERIOD_LABEL naming each with its rows', () => {
    const rows: Cell[][] = [];
    for (const y of ['2014', '2015', '2016']) for (const u of ['a', 'b', 'c']) rows.push([u, y, '1']);
    rows.push(['a', 'abc', '1'], ['b', '2015.5', '1'], ['c', '1e9', '1'], ['a', '-1', '1'], ['b', 'abc', '2']);
    const e = catchNqpf(() => buildPanel(table(['u', 'year', 'x'], rows), { layout: 'wide', unitColumn: 'u', periodColumn: 'year' }));
    expect(e.code).toBe('E_PERIOD_LABEL');
    expect(e.message).toContain('4 period labels in column "year" of t.csv');
    expect(e.message).toContain('"abc" (not a number; rows 11, 15)');
    expect(e.message).toContain('"2015.5" (not a whole number; row 12)');
    expect(e.message).toContain('"1e9" (not written as a whole number; row 13)');
    expect(e.message).toContain('"-1" (not a year; row 14)');
    expect(e.location).toEqual({ file: 't.csv', row: 11, column: 'year' });
    expect(e.hint).toMatch(/year such as 2015/);
  });

  it('buildPanel accepts negative and small whole-number periods when they are not years (event time -2..2)', () => {
    const { panel } = buildPanel(
      table(
        ['u', 't', 'x'],
        ['-2', '-1', '0', '1', '2'].map((t, i) => ['a', t, String(i)]),
      ),
      { layout: 'wide', unitColumn: 'u', periodColumn: 't' },
    );
    expect(panel.periodValues).toEqual([-2, -1, 0, 1, 2]);
    const e = catchNqpf(() =>
      buildPanel(
        table(
          ['u', 't', 'x'],
          [
            ['a', '1', '1'],
            ['a', '2', '1'],
            ['a', '2.5', '1'],
          ],
        ),
        { layout: 'wide', unitColumn: 'u', periodColumn: 't' },
      ),
    );
    expect(e.code).toBe('E_PERIOD_LABEL');
    expect(e.message).toMatch(/whole numbers/);
  });

  it('buildPanel(non-numeric period labels) sorts them as text with periodValues 0..T-1', () => {
    const { panel } = buildPanel(
      table(
        ['u', 'p', 'x'],
        [
          ['a', 'Q2', '1'],
          ['a', 'Q1', '2'],
        ],
      ),
      { layout: 'wide', unitColumn: 'u', periodColumn: 'p' },
    );
    expect(panel.periods).toEqual(['Q1', 'Q2']);
    expect(panel.periodValues).toEqual([0, 1]);
    expect([...panel.values.get('x')!]).toEqual([2, 1]);
  });

  it('buildPanel(indicators) reads only those columns, in the given order', () => {
    const { panel } = buildPanel(table(['u', 'x', 'y', 'z'], [['a', '1', '2', 'text']]), { layout: 'wide', unitColumn: 'u', indicators: ['y', 'x'] });
    expect(panel.indicators).toEqual(['y', 'x']);
  });

  it('buildPanel(unitMap) canonicalises raw names (trimmed)', () => {
    const t = table(
      ['u', 'year', 'x'],
      [
        [' 北京市 ', '2011', '1'],
        ['上海', '2011', '2'],
      ],
    );
    const unitMap = new Map([
      ['北京市', 'BJ'],
      ['上海', 'SH'],
    ]);
    const { panel } = buildPanel(t, { layout: 'wide', unitColumn: 'u', periodColumn: 'year', unitMap });
    expect(panel.units).toEqual(['BJ', 'SH']);
  });

  it("buildPanel(attribute differing across a unit's rows) warns and keeps the first non-empty value", () => {
    const t = table(
      ['u', 'year', 'g', 'x'],
      [
        ['a', '1', '', '1'],
        ['a', '2', 'East', '1'],
        ['a', '3', 'West', '1'],
        ['a', '4', 'North', '1'],
      ],
    );
    const { panel, warnings } = buildPanel(t, { layout: 'wide', unitColumn: 'u', periodColumn: 'year', attributeColumns: ['g'] });
    expect(panel.attributes.get('g')).toEqual(['East']);
    expect(warnings).toHaveLength(1);
    expect(warnings[0].code).toBe('W_ATTRIBUTE_CONFLICT');
    expect(warnings[0].location).toEqual({ file: 't.csv', row: 4, column: 'g' });
    expect(warnings[0].message).toContain('"East"');
    expect(warnings[0].message).toContain('"West"');
  });

  it('buildPanel(duplicate unit-period rows) fails once, listing every duplicated key with rows', () => {
    const t = table(
      ['u', 'year', 'x'],
      [
        ['a', '1', '1'],
        ['b', '1', '1'],
        ['a', '1', '2'],
        ['b', '1', '3'],
        ['a', '1', '4'],
      ],
    );
    const e = catchNqpf(() => buildPanel(t, { layout: 'wide', unitColumn: 'u', periodColumn: 'year' }));
    expect(e.code).toBe('E_DUPLICATE_ROWS');
    expect(e.message).toContain('2 problems:');
    expect(e.message).toContain('t.csv:4: duplicated unit-period a / 1: rows 2, 4, 6');
    expect(e.message).toContain('t.csv:5: duplicated unit-period b / 1: rows 3, 5');
    expect(e.location).toEqual({ file: 't.csv' });
    const items = (e.data as { problems: { code: string; location: unknown }[] }).problems;
    expect(items.map((p) => [p.code, p.location])).toEqual([
      ['E_DUPLICATE_ROWS', { file: 't.csv', row: 4 }],
      ['E_DUPLICATE_ROWS', { file: 't.csv', row: 5 }],
    ]);
  });

  it('buildPanel(two raw names mapped to one unit in the same period) is a duplicate', () => {
    const t = table(
      ['u', 'year', 'x'],
      [
        ['北京', '2011', '1'],
        ['北京市', '2011', '2'],
      ],
    );
    const unitMap = new Map([
      ['北京', 'BJ'],
      ['北京市', 'BJ'],
    ]);
    const e = catchNqpf(() => buildPanel(t, { layout: 'wide', unitColumn: 'u', periodColumn: 'year', unitMap }));
    expect(e.code).toBe('E_DUPLICATE_ROWS');
    expect(e.message).toContain('BJ / 2011: rows 2, 3 [as "北京", "北京市"]');
  });

  it('buildPanel(more than 50 duplicated keys) prints 50, counts the rest and keeps all in data.problems', () => {
    const rows: Cell[][] = [];
    for (let k = 0; k < 60; k++) rows.push([`u${k}`, '1', '1'], [`u${k}`, '1', '2']);
    const e = catchNqpf(() => buildPanel(table(['u', 'p', 'x'], rows), { layout: 'wide', unitColumn: 'u', periodColumn: 'p' }));
    expect(e.message).toContain('60 problems');
    expect(e.message).toContain('u49 / 1');
    expect(e.message).not.toContain('u50 / 1');
    expect(e.message).toContain('and 10 more');
    expect((e.data as { problems: unknown[] }).problems).toHaveLength(60);
  });

  it('buildPanel reports every problem of the file at once: empty unit, unmapped unit, duplicate, each non-numeric cell', () => {
    const t = table(
      ['u', 'year', 'x', 'y'],
      [
        ['a', '1', '1', '2'],
        ['b', '1', 'abc', '2'],
        ['a', '1', '2', '12%'],
        ['', '1', '3', '4'],
        ['zz', '1', 'x', '4'],
      ],
    );
    const e = catchNqpf(() =>
      buildPanel(t, {
        layout: 'wide',
        unitColumn: 'u',
        periodColumn: 'year',
        unitMap: new Map([
          ['a', 'A'],
          ['b', 'B'],
        ]),
      }),
    );
    expect(e.code).toBe('E_INPUT_PROBLEMS');
    const items = (e.data as { problems: { code: string; location: unknown }[] }).problems;
    expect(items.map((p) => [p.code, p.location])).toEqual([
      ['E_EMPTY_UNIT', { file: 't.csv', row: 5, column: 'u' }],
      ['E_UNMAPPED_UNIT', { file: 't.csv', row: 6, column: 'u' }],
      ['E_DUPLICATE_ROWS', { file: 't.csv', row: 4 }],
      ['E_NON_NUMERIC', { file: 't.csv', row: 3, column: 'x' }],
      ['E_NON_NUMERIC', { file: 't.csv', row: 4, column: 'y' }],
      ['E_NON_NUMERIC', { file: 't.csv', row: 6, column: 'x' }],
    ]);
    expect(e.message).toContain('t.csv:3:x: "abc" is not a number (indicator x)');
    expect(e.message).toContain('t.csv:4:y: percentage "12%"');
    expect(e.hint).toContain('percent signs are not stripped');
    // Collected instead of thrown: the panel of the good rows comes back.
    const problems: unknown[] = [];
    const { panel } = buildPanel(t, {
      layout: 'wide',
      unitColumn: 'u',
      periodColumn: 'year',
      unitMap: new Map([
        ['a', 'A'],
        ['b', 'B'],
      ]),
      problems: problems as never,
    });
    expect(problems).toHaveLength(6);
    expect(panel.units).toEqual(['A', 'B']);
  });

  it('buildPanel counts missing-value markers per indicator in one note, with data.missing markers too', async () => {
    const { missingMarkers } = await import('../../src/io/read/cells.js');
    const t = table(
      ['u', 'year', 'x', 'y'],
      [
        ['a', '1', '…', '——'],
        ['b', '1', '#N/A', '无'],
        ['c', '1', '…', '\u3000'],
      ],
    );
    const { panel, warnings } = buildPanel(t, { layout: 'wide', unitColumn: 'u', periodColumn: 'year', missing: missingMarkers(['无']) });
    expect([...panel.values.get('x')!].every(Number.isNaN)).toBe(true);
    expect(warnings).toEqual([
      {
        code: 'W_MISSING_MARKERS',
        message: '6 cells of t.csv read as missing values (missing-value markers): x 3 (… ×2, #N/A ×1); y 3 (—— ×1, 无 ×1, (blank) ×1)',
        location: { file: 't.csv' },
      },
    ]);
  });

  it('buildPanel(non-numeric value) fails with E_NON_NUMERIC naming file, row and column', () => {
    const t = table(
      ['u', 'x', 'y'],
      [
        ['a', '1', '2'],
        ['b', '3', 'abc'],
      ],
      'data.csv',
    );
    const e = catchNqpf(() => buildPanel(t, { layout: 'wide', unitColumn: 'u' }));
    expect(e.code).toBe('E_NON_NUMERIC');
    expect(e.message).toContain('data.csv');
    expect(e.message).toContain('row 3');
    expect(e.message).toContain('"y"');
    expect(e.location).toEqual({ file: 'data.csv', row: 3, column: 'y' });
  });

  it('buildPanel(empty unit / empty period) fails with the row', () => {
    const e1 = catchNqpf(() =>
      buildPanel(
        table(
          ['u', 'p', 'x'],
          [
            ['a', '1', '1'],
            [' ', '1', '1'],
          ],
        ),
        { layout: 'wide', unitColumn: 'u', periodColumn: 'p' },
      ),
    );
    expect(e1.code).toBe('E_EMPTY_UNIT');
    expect(e1.location).toEqual({ file: 't.csv', row: 3, column: 'u' });
    const e2 = catchNqpf(() => buildPanel(table(['u', 'p', 'x'], [['a', null, '1']]), { layout: 'wide', unitColumn: 'u', periodColumn: 'p' }));
    expect(e2.code).toBe('E_EMPTY_PERIOD');
    expect(e2.location).toEqual({ file: 't.csv', row: 2, column: 'p' });
  });

  it('buildPanel(misspelt column name) lists the header and suggests the nearest', () => {
    const e = catchNqpf(() => buildPanel(table(['province', 'year', 'x'], []), { layout: 'wide', unitColumn: 'provnce', periodColumn: 'year' }));
    expect(e.code).toBe('E_COLUMN_NOT_FOUND');
    expect(e.message).toContain('"provnce"');
    expect(e.message).toContain('province, year, x');
    expect(e.hint).toContain('"province"');
    expect(e.location).toMatchObject({ file: 't.csv', column: 'provnce' });
    expect(catchNqpf(() => buildPanel(table(['u', 'x'], []), { layout: 'wide', unitColumn: 'u', indicators: ['y'] })).code).toBe('E_COLUMN_NOT_FOUND');
  });

  it('buildPanel(unit map without a raw name) lists every unmapped name with rows and suggestions', () => {
    const t = table(
      ['u', 'p', 'x'],
      [
        ['西藏', '1', '1'],
        ['两藏', '2', '1'],
        ['尔部地区', '1', '1'],
        ['两藏', '3', '1'],
      ],
    );
    const e = catchNqpf(() => buildPanel(t, { layout: 'wide', unitColumn: 'u', periodColumn: 'p', unitMap: new Map([['西藏', 'XZ']]) }));
    expect(e.code).toBe('E_UNMAPPED_UNIT');
    expect(e.message).toContain('t.csv:3:u: unit name "两藏" not in the unit map (rows 3, 5) — did you mean "西藏"?');
    expect(e.message).toContain('t.csv:4:u: unit name "尔部地区" not in the unit map (row 4)');
    expect(e.location).toEqual({ file: 't.csv' });
  });

  it('buildPanel reads 2011.0 (a year written by a float export) as 2011; 2011 and +2011 fail: same period written twice', () => {
    const { panel } = buildPanel(
      table(
        ['u', 'p', 'x'],
        [
          ['a', '2011', '1'],
          ['b', '2011.0', '1'],
        ],
      ),
      { layout: 'wide', unitColumn: 'u', periodColumn: 'p' },
    );
    expect(panel.periods).toEqual(['2011']);
    const e = catchNqpf(() =>
      buildPanel(
        table(
          ['u', 'p', 'x'],
          [
            ['a', '2011', '1'],
            ['b', '+2011', '1'],
          ],
        ),
        { layout: 'wide', unitColumn: 'u', periodColumn: 'p' },
      ),
    );
    expect(e.code).toBe('E_PERIOD_LABELS');
  });

  it('buildPanel(one column in two roles) fails', () => {
    const e = catchNqpf(() => buildPanel(table(['u', 'x'], []), { layout: 'wide', unitColumn: 'u', indicators: ['u'] }));
    expect(e.code).toBe('E_PANEL_OPTIONS');
  });

  it('buildPanel does not modify the table', () => {
    const t = table(['u', 'x'], [[' a ', ' 1 ']]);
    const copy = JSON.stringify(t);
    buildPanel(t, { layout: 'wide', unitColumn: 'u' });
    expect(JSON.stringify(t)).toBe(copy);
  });
});

describe('buildPanel (long)', () => {
  const long = table(
    ['unit', 'year', 'ind', 'value', 'g'],
    [
      ['A', '2011', 'x', '1', 'E'],
      ['A', '2011', 'y', '2', 'E'],
      ['B', '2012', 'x', '3', 'W'],
      ['A', '2012', 'y', '..', 'E'],
    ],
  );

  it('buildPanel(long) pivots to indicators in order of first appearance', () => {
    const { panel } = buildPanel(long, {
      layout: 'long',
      unitColumn: 'unit',
      periodColumn: 'year',
      indicatorColumn: 'ind',
      valueColumn: 'value',
      attributeColumns: ['g'],
    });
    expect(panel.units).toEqual(['A', 'B']);
    expect(panel.periods).toEqual(['2011', '2012']);
    expect(panel.indicators).toEqual(['x', 'y']);
    expect([...panel.values.get('x')!]).toEqual([1, NaN, NaN, 3]);
    expect([...panel.values.get('y')!]).toEqual([2, NaN, NaN, NaN]);
    expect(panel.attributes.get('g')).toEqual(['E', 'W']);
  });

  it('buildPanel(long, indicators) keeps only the requested ones and fails on an absent one', () => {
    const { panel } = buildPanel(long, {
      layout: 'long',
      unitColumn: 'unit',
      periodColumn: 'year',
      indicatorColumn: 'ind',
      valueColumn: 'value',
      indicators: ['y'],
    });
    expect(panel.indicators).toEqual(['y']);
    expect(panel.units).toEqual(['A']); // B only has x
    const e = catchNqpf(() =>
      buildPanel(long, { layout: 'long', unitColumn: 'unit', periodColumn: 'year', indicatorColumn: 'ind', valueColumn: 'value', indicators: ['x', 'z'] }),
    );
    expect(e.code).toBe('E_INDICATOR_NOT_FOUND');
    expect(e.message).toContain('"z"');
  });

  it('buildPanel(long, duplicate unit-period-indicator) fails listing the keys', () => {
    const t = table(
      ['u', 'p', 'i', 'v'],
      [
        ['A', '1', 'x', '1'],
        ['A', '1', 'y', '1'],
        ['A', '1', 'x', '2'],
      ],
    );
    const e = catchNqpf(() => buildPanel(t, { layout: 'long', unitColumn: 'u', periodColumn: 'p', indicatorColumn: 'i', valueColumn: 'v' }));
    expect(e.code).toBe('E_DUPLICATE_ROWS');
    expect(e.message).toBe('duplicated unit-period-indicator key in t.csv: A / 1 / x: rows 2, 4');
    expect(e.location).toEqual({ file: 't.csv', row: 4 });
  });

  it('buildPanel(long without indicatorColumn) fails: required option', () => {
    expect(catchNqpf(() => buildPanel(long, { layout: 'long', unitColumn: 'unit', valueColumn: 'value' })).code).toBe('E_PANEL_OPTIONS');
  });

  it('buildPanel(long, empty indicator cell / non-numeric value) fails with row and column', () => {
    const t1 = table(['u', 'i', 'v'], [['A', '', '1']]);
    expect(catchNqpf(() => buildPanel(t1, { layout: 'long', unitColumn: 'u', indicatorColumn: 'i', valueColumn: 'v' })).location).toEqual({
      file: 't.csv',
      row: 2,
      column: 'i',
    });
    const t2 = table(['u', 'i', 'v'], [['A', 'x', '5%']]);
    const e = catchNqpf(() => buildPanel(t2, { layout: 'long', unitColumn: 'u', indicatorColumn: 'i', valueColumn: 'v' }));
    expect(e.code).toBe('E_NON_NUMERIC');
    expect(e.location).toEqual({ file: 't.csv', row: 2, column: 'v' });
  });
});

describe.skipIf(!sharedAvailable)('buildPanel on cn-scitech data', () => {
  const dirData = 'data/cn-scitech';
  const wideFile = sharedPath(dirData, 'cn_provinces_scitech_2011_2022.csv');
  const longFile = sharedPath(dirData, 'cn_provinces_scitech_long.csv');
  // The transcription errors documented in ../shared/README.md, repaired by hand.
  const typos: [string, string][] = [
    ['两藏', '西藏'],
    ['四藏', '西藏'],
    ['内蒙占', '内蒙古'],
    ['山两', '山西'],
    ['江两', '江西'],
    ['江四', '江西'],
    ['浙汀', '浙江'],
  ];

  it('buildPanel(wide real file) is 31 provinces × 12 years and every value equals the raw text', async () => {
    const { panel } = buildPanel(await readTable(wideFile), { layout: 'wide', unitColumn: 'province', periodColumn: 'year' });
    expect(panel.units.length).toBe(31);
    expect(panel.periods).toEqual(Array.from({ length: 12 }, (_, k) => String(2011 + k)));
    expect(panel.indicators.length).toBe(19);
    // Independent check: every cell of the raw file (test-helper parser + Number()).
    const raw = parseCsvSimple(await readFile(wideFile, 'utf8'));
    const header = raw[0];
    let checked = 0;
    for (const line of raw.slice(1)) {
      for (let c = 2; c < header.length; c++) {
        const expected = line[c] === '' ? NaN : Number(line[c]);
        expect(Object.is(at(panel, header[c], line[0], line[1]), expected)).toBe(true);
        checked++;
      }
    }
    expect(checked).toBe(372 * 19);
    // Spot values as printed in the file's first lines.
    expect(at(panel, 'ei_papers', '上海', '2011')).toBe(9851);
    expect(at(panel, 'techmarket_out_value', '上海', '2012')).toBe(5187473.24022);
    expect(at(panel, 'techmarket_out_value', '上海', '2011')).toBeNaN();
    expect(at(panel, 'rd_intensity', '上海', '2013')).toBe(3.6);
  });

  it('buildPanel(long real file, raw names) keeps the 8 misspelt names as extra units', async () => {
    const { panel } = buildPanel(await readTable(longFile), {
      layout: 'long',
      unitColumn: 'province',
      periodColumn: 'year',
      indicatorColumn: 'variables',
      valueColumn: 'value',
    });
    expect(panel.units.length).toBe(39);
    expect(panel.units).toContain('两藏');
    expect(panel.indicators.length).toBe(19);
    expect(at(panel, 'v4_cg_zlsq_fm', '江两', '2014')).toBe(4688); // line 1596 of the file
    expect(at(panel, 'v4_cg_gwlw_psei', '西藏', '2011')).toBeNaN(); // empty value, line 290
  });

  it('buildPanel(long real file, unit map without "尔部地区") reports it as unmapped', async () => {
    const unitMap = new Map<string, string>([...typos]);
    const wide = await readTable(wideFile);
    for (const r of wide.rows) unitMap.set(String(r[0]), String(r[0]));
    const longTable = await readTable(longFile);
    const e = catchNqpf(() =>
      buildPanel(longTable, { layout: 'long', unitColumn: 'province', periodColumn: 'year', indicatorColumn: 'variables', valueColumn: 'value', unitMap }),
    );
    expect(e.code).toBe('E_UNMAPPED_UNIT');
    expect(e.message).toMatch(/^unit name "尔部地区" in column "province" of .* is not in the unit map \(row 2653\)/);
    expect(e.location).toMatchObject({ row: 2653, column: 'province' });
  });

  it('buildPanel(long real file, repaired names) equals the cleaned wide file on every cell', async () => {
    const longTable = await readTable(longFile);
    const unitMap = new Map<string, string>(typos);
    const wide = await readTable(wideFile);
    for (const r of wide.rows) unitMap.set(String(r[0]), String(r[0]));
    // "尔部地区" (a garbled regional total, not a province) is dropped, as a user would.
    const keep = longTable.rows.map((_r, i) => i).filter((i) => longTable.rows[i][0] !== '尔部地区');
    const t: Table = { ...longTable, rows: keep.map((i) => longTable.rows[i]), rowNumbers: keep.map((i) => longTable.rowNumbers[i]) };
    const L = buildPanel(t, {
      layout: 'long',
      unitColumn: 'province',
      periodColumn: 'year',
      indicatorColumn: 'variables',
      valueColumn: 'value',
      unitMap,
    }).panel;
    const W = buildPanel(wide, { layout: 'wide', unitColumn: 'province', periodColumn: 'year' }).panel;
    expect(L.units.length).toBe(31);
    expect(new Set(L.units)).toEqual(new Set(W.units));
    const codebook = parseCsvSimple(await readFile(sharedPath(dirData, 'cn_provinces_scitech_codebook.csv'), 'utf8')).slice(1);
    let n = 0;
    for (const [variable, code] of codebook) {
      if (!variable) continue;
      for (const u of W.units)
        for (const p of W.periods) {
          expect(Object.is(at(L, variable, u, p), at(W, code, u, p))).toBe(true);
          n++;
        }
    }
    expect(n).toBe(19 * 31 * 12);
  });

  it('buildPanel(long real file, two provinces mapped to one code) reports duplicates with rows', async () => {
    const t = await readTable(longFile);
    const unitMap = new Map<string, string>(typos);
    for (const r of t.rows) if (!unitMap.has(String(r[0]))) unitMap.set(String(r[0]), String(r[0]));
    unitMap.set('北京', 'SH');
    unitMap.set('上海', 'SH');
    const e = catchNqpf(() =>
      buildPanel(t, { layout: 'long', unitColumn: 'province', periodColumn: 'year', indicatorColumn: 'variables', valueColumn: 'value', unitMap }),
    );
    expect(e.code).toBe('E_DUPLICATE_ROWS');
    expect(e.message).toContain(sharedPath(dirData, 'cn_provinces_scitech_long.csv'));
    expect(e.message).toMatch(/SH \/ 2011 \/ v4_cg_gwlw_psei: rows 2, \d+ \[as "上海", "北京"\]/);
    expect(e.message).toContain('and ');
  });
});

describe('buildPanel: what its result keeps', () => {
  it('cellRow does not keep the table read (its rows: hundreds of MB for a 50,000-unit panel, for the whole run)', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    let t: Table | undefined = table(
      ['unit', 'year', 'x'],
      Array.from({ length: 1000 }, (_, i) => [`u${i % 100}`, String(2000 + Math.floor(i / 100)), String(i)]),
    );
    const held = new WeakRef(t);
    const b = buildPanel(t, { layout: 'wide', unitColumn: 'unit', periodColumn: 'year' });
    t = undefined;
    await new Promise((r) => setImmediate(r)); // a WeakRef's target is kept until the end of the job that made it
    gc();
    expect(held.deref()).toBeUndefined();
    expect(b.cellRow('u5', '2003', 'x')).toBe(307); // row of u5 in 2003: record 305, the header is row 1
  });
});

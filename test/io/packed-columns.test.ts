/**
 * A wide panel's indicator columns read as numbers by the reader (issue 14, large panels: no text
 * per cell). The reference is the same file read without packing, which goes through
 * readNumericCell cell by cell: the panel, the warnings (markers counted) and the problems (file,
 * row, column, text) must be the same.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { missingMarkers } from '../../src/io/read/cells.js';
import { parseCsv } from '../../src/io/read/csv.js';
import { buildPanel } from '../../src/io/read/panel-build.js';
import { keepRows, readTable } from '../../src/io/read/table.js';
import type { Problem } from '../../src/core/problems.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'nqpf-packed-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const NUM = new Set(['x1', 'x2', 'x3']);

/** The panel, warnings and problems of a table, as plain values. */
function built(t: Awaited<ReturnType<typeof readTable>>, markers = missingMarkers()) {
  const problems: Problem[] = [];
  const b = buildPanel(t, { layout: 'wide', unitColumn: 'unit', periodColumn: 'year', attributeColumns: ['g'], missing: markers, problems });
  const values = Object.fromEntries([...b.panel.values].map(([k, v]) => [k, Array.from(v, (x) => (Number.isNaN(x) ? 'NaN' : x))]));
  return { units: b.panel.units, periods: b.panel.periods, values, attributes: [...b.panel.attributes], warnings: b.warnings, problems };
}

// Title row, quoted numbers, empty and blank cells, markers, grouping, percent, an overflow, a short row,
// an all-empty line, exponent and sign forms, CRLF.
const TEXT = [
  '面板数据（单位：亿元）',
  'unit,year,g,x1,x2,x3',
  'a,2020,E,1.5,"2.25",NA',
  'b,2020,W,,  ,-3e2',
  'c,2020,E,"1,234.5",12%,1e999',
  ',,,,,',
  'a,2021,E,+.5,—,７',
  'b,2021,W,0.1,abc',
  'c,2021,E,5.,-0,1E-3',
].join('\r\n');

describe('packed numeric columns', () => {
  it('CSV: the panel, notes and problems are those of the unpacked read, cell for cell', async () => {
    const path = join(dir, 'p.csv');
    writeFileSync(path, TEXT);
    const plain = await readTable(path);
    const packed = await readTable(path, { numeric: NUM });
    expect(plain.packed).toBeUndefined();
    expect([...packed.packed!.keys()]).toEqual([3, 4, 5]);
    // Plain numbers are no longer text in the rows; the others are as read.
    expect(packed.rows[0]).toEqual(['a', '2020', 'E', null, null, 'NA']);
    expect(packed.rows[2]).toEqual(['c', '2020', 'E', '1,234.5', '12%', '1e999']);
    // A row ends at its last field that is not a packed value: the packed columns after it are absent.
    expect(packed.rows[4]).toEqual(['b', '2021', 'W', null, 'abc']);
    expect(built(packed)).toEqual(built(plain));
    expect(built(plain).problems.map((p) => p.location)).toEqual([
      { file: path, row: 5, column: 'x2' },
      { file: path, row: 5, column: 'x3' },
      { file: path, row: 8, column: 'x2' },
    ]);
  });

  it('CSV: a given header row, rows kept by keepRows, and a file shorter than the header search', async () => {
    const path = join(dir, 'h.csv');
    writeFileSync(path, ['note', '', 'unit,year,g,x1,x2,x3', 'a,2020,E,1,2,3', 'b,2020,W,4,NA,6'].join('\n'));
    for (const headerRow of [3, undefined]) {
      const plain = await readTable(path, { headerRow });
      const packed = await readTable(path, { headerRow, numeric: NUM });
      expect(packed.packed!.get(3)).toEqual(Float64Array.of(1, 4));
      expect(built(packed)).toEqual(built(plain));
      expect(built(keepRows(packed, [1]))).toEqual(built(keepRows(plain, [1])));
    }
    // Many rows (past the header search and the first growth of the columns).
    const big = ['unit,year,g,x1,x2,x3', ...Array.from({ length: 3000 }, (_, i) => `u${i},2020,E,${i / 7},${i % 11 ? i : 'NA'},${-i}e-3`)].join('\n');
    const path2 = join(dir, 'big.csv');
    writeFileSync(path2, big);
    expect(built(await readTable(path2, { numeric: NUM }))).toEqual(built(await readTable(path2)));
  });

  it('CSV: complete and incomplete panels, rows in and out of period order, duplicated keys, text among packed cells: as the unpacked read', async () => {
    const files = {
      inOrder: ['unit,year,g,x1,x2,x3', 'a,2020,E,1,2,3', 'b,2020,W,4,NA,6', 'a,2021,E,7,8,9', 'b,2021,W,1%,11,12'],
      shuffled: ['unit,year,g,x1,x2,x3', 'b,2021,W,1,2,3', 'a,2020,E,4,5,x', 'b,2020,W,7,8,9', 'a,2021,E,10,11,12'],
      duplicated: ['unit,year,g,x1,x2,x3', 'a,2020,E,1,2,3', 'b,2020,W,4,5,6', 'a,2020,E,7,NA,9', 'a,2021,E,1,2,3', 'b,2021,W,1,2,3', 'a,2020,E,13,abc,15'],
      incomplete: ['unit,year,g,x1,x2,x3', 'a,2020,E,1,2,3', 'b,2021,W,4,5,6', ',2021,W,7,8,y'],
    };
    for (const [name, lines] of Object.entries(files)) {
      const path = join(dir, `${name}.csv`);
      writeFileSync(path, lines.join('\n'));
      const plain = built(await readTable(path));
      expect(built(await readTable(path, { numeric: NUM })), name).toEqual(plain);
      if (name === 'duplicated') {
        // The last row of a duplicated key holds its cells; both keys of a are named with their rows.
        expect(plain.values.x1.slice(0, 2)).toEqual([13, 4]);
        expect(plain.problems.filter((p) => p.code === 'E_DUPLICATE_ROWS').map((p) => (p.data as { rows: number[] }).rows)).toEqual([[2, 4, 7]]);
      }
      if (name === 'incomplete') expect(plain.values.x1).toEqual([1, 'NaN', 'NaN', 4]);
    }
  });

  it('CSV in the panel order: the packed columns become the panel columns (no copy), text cells written in; as the unpacked read', async () => {
    const lines = ['unit,year,g,x1,x2,x3'];
    for (const year of [2020, 2021, 2022])
      for (let u = 0; u < 8; u++) lines.push(`u${u},${year},E,${u + year / 10},${u === 3 ? 'NA' : u * 2},${u === 5 && year === 2021 ? '"1,234"' : -u}`);
    const path = join(dir, 'ordered.csv');
    writeFileSync(path, `${lines.join('\n')}\n`);
    const plain = await readTable(path);
    const packed = await readTable(path, { numeric: NUM });
    const x2 = packed.packed!.get(4)!;
    const b = buildPanel(packed, { layout: 'wide', unitColumn: 'unit', periodColumn: 'year', attributeColumns: ['g'], problems: [] });
    expect(b.panel.values.get('x2')).toBe(x2);
    expect(b.panel.values.get('x2')![3]).toBeNaN(); // 'NA', held as text in the row
    expect(b.panel.values.get('x3')![8 + 5]).toBe(1234); // '"1,234"', likewise
    expect(built(packed)).toEqual(built(plain));
    // Out of order: copied, the packed columns are not the panel's.
    const shuffled = join(dir, 'shuffled2.csv');
    writeFileSync(shuffled, `${[lines[0], ...lines.slice(1).reverse()].join('\n')}\n`);
    const p2 = await readTable(shuffled, { numeric: NUM });
    const b2 = buildPanel(p2, { layout: 'wide', unitColumn: 'unit', periodColumn: 'year', attributeColumns: ['g'], problems: [] });
    expect(b2.panel.values.get('x2')).not.toBe(p2.packed!.get(4));
    expect(built(p2)).toEqual(built(await readTable(shuffled)));
  });

  it('CSV: fields past the header search (read as numbers by the scanner) are Number(text) bit for bit, or stay text', () => {
    // mulberry32, independent of nqpf's Rng
    let seed = 99;
    const r = () => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const fixed = ['-0', '0', '+7', '5.', '.5', '-.5', '007.50', '123456789012345', '1234567890123456', '0.000000000000001', '99999999999999.9', '-12.3456'];
    fixed.push('0.1', '0.3', '9007199254740993', '.', '-', '+', '1.2.3', '1-2', ' 1', '1 ', '"2.5"', '1e3', '2E-3', '', 'NA', '12%', '１２', '1.5x', '0x10');
    const cells: string[] = [...fixed];
    for (let i = 0; i < 20_000; i++) {
      const digits = 1 + Math.floor(r() * 17);
      let d = '';
      for (let q = 0; q < digits; q++) d += Math.floor(r() * 10);
      const at = Math.floor(r() * (digits + 1));
      const t = r() < 0.7 ? `${d.slice(0, at)}.${d.slice(at)}` : d;
      cells.push(`${r() < 0.3 ? '-' : ''}${t === '.' ? '1' : t}`);
    }
    // 12 plain rows first: the cells below are read after packing has started.
    const lines = ['unit,year,x1,x2', ...Array.from({ length: 12 }, (_, i) => `p${i},2020,1,2`), ...cells.map((c, i) => `u${i},2020,${c},${c}`)];
    for (const end of ['\n', '\r\n']) {
      const csv = parseCsv(lines.join(end), 'f.csv', { numeric: new Set(['x1', 'x2']) });
      const x1 = csv.packed!.get(2)!;
      const x2 = csv.packed!.get(3)!;
      const wrong: string[] = [];
      cells.forEach((c, i) => {
        const row = 12 + i;
        const u = c === '"2.5"' ? '2.5' : c; // the field's text, unquoted
        const plain = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/.test(u) && Number.isFinite(Number(u));
        const want = u === '' ? NaN : Number(u);
        for (const [k, x] of [
          [2, x1],
          [3, x2],
        ] as const) {
          const ok = plain || u === '' ? csv.rows[row][k] == null && Object.is(x[row], want) : csv.rows[row][k] === u;
          if (!ok) wrong.push(`${JSON.stringify(c)} → ${csv.rows[row][k]} / ${x[row]}`);
        }
      });
      expect(wrong.slice(0, 5)).toEqual([]);
    }
  });

  it('parseCsv: an absent header row still fails with its message', () => {
    expect(() => parseCsv('a,b\n1,2\n', 'f.csv', { headerRow: 5, numeric: new Set(['a']) })).toThrow(/beyond the last row/);
  });

  it('Parquet: DOUBLE columns packed (NULL, NaN → missing; ±Infinity left in the row, refused as before)', async () => {
    const path = join(dir, 'p.parquet');
    const db = await DuckDBInstance.create(':memory:');
    const conn = await db.connect();
    await conn.run(
      `COPY (SELECT * FROM (VALUES ('a', 2020, 'E', 1.5::DOUBLE, 2::BIGINT, 'NA'), ('b', 2020, 'W', NULL, 3, '4'),
        ('a', 2021, 'E', 'NaN'::DOUBLE, 5, '6'), ('b', 2021, 'W', 'Infinity'::DOUBLE, NULL, 'x')) t(unit, year, g, x1, x2, x3)) TO '${path}' (FORMAT parquet)`,
    );
    conn.closeSync();
    db.closeSync();
    const plain = await readTable(path);
    const packed = await readTable(path, { numeric: NUM });
    expect([...packed.packed!.keys()]).toEqual([3]); // x2 is BIGINT (read as exact text), x3 text
    expect(packed.rows.map((r) => r[3])).toEqual([null, null, null, Infinity]);
    expect(built(packed)).toEqual(built(plain));
    expect(built(plain).problems.map((p) => p.code)).toEqual(['E_NON_NUMERIC', 'E_NON_NUMERIC']);
  });

  it('Parquet: DOUBLE, FLOAT and DECIMAL columns over several chunks (copied from the vectors DuckDB holds) are the values read one by one', async () => {
    const path = join(dir, 'chunks.parquet');
    const db = await DuckDBInstance.create(':memory:');
    const conn = await db.connect();
    // 5,000 rows (DuckDB's chunks hold 2,048): NULL, NaN and ±Infinity scattered over the chunks.
    await conn.run(
      `COPY (SELECT 'u' || (i % 1000) AS unit, 2000 + i // 1000 AS year, 'g' AS g,
        CASE WHEN i % 7 = 0 THEN NULL WHEN i % 1001 = 3 THEN '-Infinity'::DOUBLE WHEN i % 997 = 5 THEN 'NaN'::DOUBLE ELSE i / 3 END AS x1,
        CASE WHEN i % 11 = 0 THEN NULL WHEN i = 4099 THEN 'Infinity'::FLOAT ELSE (i * 0.1)::FLOAT END AS x2,
        CASE WHEN i % 13 = 0 THEN NULL ELSE (i * 0.001)::DECIMAL(10,3) END AS x3
        FROM range(5000) t(i)) TO '${path}' (FORMAT parquet)`,
    );
    conn.closeSync();
    db.closeSync();
    const plain = await readTable(path);
    const packed = await readTable(path, { numeric: NUM });
    expect([...packed.packed!.keys()]).toEqual([3, 4, 5]);
    expect(packed.rows.length).toBe(5000);
    // Rows end at their last column read as values (g); a packed cell that is not a number is set in the row.
    expect(packed.rows[1]).toEqual(['u1', '2000', 'g']);
    expect(packed.rows[3].length).toBe(4);
    const x1 = packed.packed!.get(3)!;
    expect([x1[1], x1[2], x1[7], x1[4096]]).toEqual([1 / 3, 2 / 3, NaN, 4096 / 3]);
    expect(packed.rows.filter((r) => r[3] === -Infinity || r[4] === Infinity).length).toBe(6);
    expect(built(packed)).toEqual(built(plain));
    // The file is in the panel's order (years, then units): its packed columns are the panel's, not copies.
    const b = buildPanel(packed, { layout: 'wide', unitColumn: 'unit', periodColumn: 'year', attributeColumns: ['g'], problems: [] });
    expect(b.panel.values.get('x1')).toBe(x1);
  });
});

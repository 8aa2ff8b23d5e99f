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
    expect(packed.rows[4]).toEqual(['b', '2021', 'W', null, 'abc', null]);
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
});

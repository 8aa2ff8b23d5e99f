/**
 * data.file as Parquet (issue 14, large panels): read through DuckDB into the rows a CSV gives, so
 * the checks after reading are the CSV ones and name the file, row and column. The Parquet files
 * are written here, at test time, by DuckDB itself (COPY … TO … (FORMAT parquet)).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadProject } from '../../src/io/read/load-project.js';
import { readTable } from '../../src/io/read/table.js';
import { catchNqpfAsync } from './catch-nqpf.js';

let dir: string;
let instance: DuckDBInstance;

/** Write the result of `select` to `name` in the test directory as Parquet (or as CSV when `name` ends .csv); returns its path. */
async function write(name: string, select: string): Promise<string> {
  const path = join(dir, name);
  const conn = await instance.connect();
  try {
    await conn.run(`COPY (${select}) TO '${path}' (FORMAT ${name.endsWith('.csv') ? 'csv, HEADER true' : 'parquet'})`);
  } finally {
    conn.closeSync();
  }
  return path;
}

/** A 3-unit × 2-year panel of two indicators; unit u2's x2 in 2021 is `cell` (SQL). */
const panelSql = (cell: string) =>
  `SELECT * FROM (VALUES ('u1', 2020, 1.5, 10), ('u2', 2020, 2.5, 20), ('u3', 2020, 4.0, 5), ` +
  `('u1', 2021, 2.0, 12), ('u2', 2021, 3.0, ${cell}), ('u3', 2021, 5.5, 6)) t(unit, year, x1, x2)`;

const SPEC = (file: string) => `data: { file: ${file}, unit: unit, period: year }
framework:
  nodes:
    - { code: IDX }
    - { code: x1, parent: IDX }
    - { code: x2, parent: IDX }
outputs: { docx: false, report: false, xlsx: false, figures: none }
`;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'nqpf-parquet-'));
  instance = await DuckDBInstance.create(':memory:');
});
afterAll(() => instance?.closeSync());

describe('Parquet data files', () => {
  it('reads floats as numbers, integers as exact text, NULL as an empty cell, other types as text; rows numbered as in a CSV export', async () => {
    const path = await write(
      'types.parquet',
      `SELECT * FROM (VALUES ('北京', 2020::INTEGER, 1.5::DOUBLE, 3::BIGINT, 'NA', 1.25::DECIMAL(10,2), 0.5::FLOAT, DATE '2020-12-31', true),
        ('天津', 2021, NULL, 9007199254740993, '2', NULL, NULL, NULL, false)) t(unit, year, x1, big, txt, dec, flt, d, b)`,
    );
    const t = await readTable(path);
    expect(t.header).toEqual(['unit', 'year', 'x1', 'big', 'txt', 'dec', 'flt', 'd', 'b']);
    expect(t.rows).toEqual([
      ['北京', '2020', 1.5, '3', 'NA', 1.25, 0.5, '2020-12-31', 'true'],
      ['天津', '2021', null, '9007199254740993', '2', null, null, null, 'false'],
    ]);
    expect(t.rowNumbers).toEqual([2, 3]);
    expect(t.encoding).toBe('parquet');
    expect(t.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('a project reads the same panel from Parquet as from the CSV of the same rows', async () => {
    await write('panel.parquet', panelSql('NULL'));
    await write('panel.csv', panelSql('NULL'));
    writeFileSync(join(dir, 'pq.yaml'), SPEC('panel.parquet'));
    writeFileSync(join(dir, 'csv.yaml'), SPEC('panel.csv'));
    const pq = await loadProject(join(dir, 'pq.yaml'));
    const csv = await loadProject(join(dir, 'csv.yaml'));
    expect(pq.panel.units).toEqual(['u1', 'u2', 'u3']);
    expect(pq.panel.periods).toEqual(['2020', '2021']);
    for (const p of [pq, csv]) {
      expect([...p.panel.values.get('x1')!]).toEqual([1.5, 2.5, 4, 2, 3, 5.5]);
      expect([...p.panel.values.get('x2')!]).toEqual([10, 20, 5, 12, NaN, 6]);
    }
    expect(pq.panel.periodValues).toEqual(csv.panel.periodValues);
  });

  it('a non-numeric cell is an error naming the file, row and column', async () => {
    // x2 as text (a VARCHAR column), one cell not a number: the 5th record, row 6.
    const text = "CASE WHEN unit = 'u2' AND year = 2021 THEN 'n/a?' ELSE CAST(x2 AS VARCHAR) END AS x2";
    await write('bad.parquet', `SELECT unit, year, x1, ${text} FROM (${panelSql('0')})`);
    writeFileSync(join(dir, 'bad.yaml'), SPEC('bad.parquet'));
    const e = await catchNqpfAsync(() => loadProject(join(dir, 'bad.yaml')));
    expect(e.code).toBe('E_NON_NUMERIC');
    expect(e.location).toMatchObject({ file: 'bad.parquet', row: 6, column: 'x2' });
  });

  it('a missing column is named with the columns of the file', async () => {
    await write('nox2.parquet', `SELECT unit, year, x1 FROM (${panelSql('1')})`);
    writeFileSync(join(dir, 'nox2.yaml'), SPEC('nox2.parquet'));
    const e = await catchNqpfAsync(() => loadProject(join(dir, 'nox2.yaml')));
    expect(e.code).toBe('E_INDICATOR_NO_DATA');
    expect(e.message).toContain('x2');
    expect(e.message).toContain('nox2.parquet');
  });

  it('refuses a file that is not Parquet, nested columns, and a sheet or header row', async () => {
    const fake = join(dir, 'fake.parquet');
    writeFileSync(fake, 'unit,x\na,1\n');
    const notPq = await catchNqpfAsync(() => readTable(fake));
    expect(notPq.code).toBe('E_FILE_FORMAT');
    expect(notPq.message).toContain('cannot be read as a Parquet file');
    const nested = await catchNqpfAsync(async () => readTable(await write('nested.parquet', "SELECT 'a' AS unit, [1, 2] AS xs")));
    expect(nested.code).toBe('E_FILE_FORMAT');
    expect(nested.location).toMatchObject({ column: 'xs' });
    const sheet = await catchNqpfAsync(() => readTable(join(dir, 'types.parquet'), { sheet: 2 }));
    expect(sheet.code).toBe('E_FILE_FORMAT');
    const missing = await catchNqpfAsync(() => readTable(join(dir, 'none.parquet')));
    expect(missing.code).toBe('E_FILE_NOT_FOUND');
  });
});

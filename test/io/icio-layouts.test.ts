/**
 * readIcioLayout(file): the OECD ICIO, WIOD and ADB MRIO layouts (issue 18) on synthetic files in
 * those layouts built from decompr's `leather` table (../shared/data/gvc, read in place; written by
 * test/helpers/icio-layouts.ts into a temporary folder): the table read from each layout equals the one
 * the generic reader reads from the original files (Z, Y by destination, X, VA to 1e-12), and so do
 * the KWW terms; every problem of a bad file is reported in one error naming row and column.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { NqpfError } from '../../src/core/errors.js';
import { readIcioCsv } from '../../src/io/read/icio.js';
import { csvGrid, detectIcioFormat, icioFromGrid, readIcioLayout } from '../../src/io/read/icio-layouts.js';
import { kww } from '../../src/lenses/gvc/kww.js';
import { leontiefFactors } from '../../src/lenses/gvc/leontief.js';
import type { IcioTable } from '../../src/lenses/gvc/table.js';
import { adbGrid, type GenericTable, oecdGrid, wiodGrid, writeCsv, writeXlsx } from '../helpers/icio-layouts.js';
import { parseCsvSimple, sharedAvailable, sharedPath } from '../helpers/shared.js';
import { readFileSync } from 'node:fs';

const dir = mkdtempSync(join(tmpdir(), 'nqpf-icio-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ISO = ['ARG', 'TUR', 'DEU'];
const IND = ['D01T02', 'D13T15', 'D29T30'];

function leatherGeneric(): GenericTable {
  const rd = (f: string) =>
    parseCsvSimple(readFileSync(sharedPath('data/gvc', f), 'utf8'))
      .slice(1)
      .map((r) => r.slice(1).map(Number));
  return { countries: ISO, industries: IND, Z: rd('leather_intermediate.csv'), Y: rd('leather_final.csv'), X: rd('leather_output.csv').map((r) => r[0]) };
}

async function generic(): Promise<IcioTable> {
  const d = sharedPath('data/gvc');
  return readIcioCsv({
    intermediate: resolve(d, 'leather_intermediate.csv'),
    final: resolve(d, 'leather_final.csv'),
    output: resolve(d, 'leather_output.csv'),
    countries: ISO,
    industries: IND,
  });
}

function expectSame(got: IcioTable, want: IcioTable, what: string): void {
  expect(got.countries, what).toEqual(want.countries);
  expect([got.G, got.N]).toEqual([want.G, want.N]);
  for (const k of ['Z', 'Y', 'X', 'VA'] as const) {
    const a = got[k];
    const b = want[k];
    expect(a.length, `${what} ${k}`).toBe(b.length);
    for (let i = 0; i < a.length; i++) if (Math.abs(a[i] - b[i]) > 1e-12 * Math.max(1, Math.abs(b[i]))) expect.fail(`${what} ${k}[${i}]: ${a[i]} vs ${b[i]}`);
  }
  const ka = kww(got, leontiefFactors(got));
  const kb = kww(want, leontiefFactors(want));
  ka.forEach((r, s) => r.terms.forEach((v, m) => expect(Math.abs(v - kb[s].terms[m])).toBeLessThan(1e-11 * Math.max(1, Math.abs(kb[s].terms[m])))));
}

describe.skipIf(!sharedAvailable)('readIcioLayout: published layouts built from leather equal the generic reader', () => {
  it('OECD ICIO CSV (format auto): labels AUS_D01T02, six final-demand categories, TLS/VA/OUT rows; a negative INVNT is allowed', async () => {
    const f = join(dir, 'oecd.csv');
    writeCsv(f, oecdGrid(leatherGeneric()));
    const r = await readIcioLayout(f);
    expect(r.format).toBe('oecd');
    expect(r.note).toMatch(/^detected layout oecd \(labels like "ARG_D01T02"/);
    expect(r.categories).toEqual(['HFCE', 'NPISH', 'GGFC', 'GFCF', 'INVNT', 'DPABR']);
    expect(r.table.industries).toEqual(IND);
    expect(r.table.negativeFinal).toBe(1);
    expectSame(r.table, await generic(), 'oecd');
  });

  it('WIOD as CSV and as XLSX (4 header rows, c57…c61 final demand, GO column; II_fob/TXSP/VA/GO rows)', async () => {
    const g = wiodGrid(leatherGeneric());
    writeCsv(join(dir, 'wiot.csv'), g);
    await writeXlsx(join(dir, 'wiot.xlsx'), g);
    for (const f of ['wiot.csv', 'wiot.xlsx']) {
      const r = await readIcioLayout(join(dir, f));
      expect(r.format, f).toBe('wiod');
      expect(r.categories).toEqual(['c57', 'c58', 'c59', 'c60', 'c61']);
      expect(r.table.industries).toEqual(['c1', 'c2', 'c3']);
      expectSame(r.table, { ...(await generic()), industries: ['c1', 'c2', 'c3'] }, f);
    }
  });

  it('ADB MRIO XLSX (title rows, country row over c1…/F1…F5/ToT, r60/r61/r64 and ToT rows)', async () => {
    await writeXlsx(join(dir, 'adb.xlsx'), adbGrid(leatherGeneric()));
    const r = await readIcioLayout(join(dir, 'adb.xlsx'), { format: 'adb' });
    expect(r.format).toBe('adb');
    expect(r.note).toBe('layout adb as set');
    expect(r.categories).toEqual(['F1', 'F2', 'F3', 'F4', 'F5']);
    expectSame(r.table, await generic(), 'adb');
  });
});

// a 2 × 2 table for the error cases (no reference data needed)
const small: GenericTable = {
  countries: ['CHN', 'USA'],
  industries: ['D01T02', 'D26'],
  Z: [
    [10, 5, 2, 1],
    [3, 20, 4, 6],
    [1, 2, 15, 5],
    [2, 4, 3, 25],
  ],
  Y: [
    [60, 22],
    [50, 17],
    [9, 68],
    [7, 59],
  ],
  X: [100, 100, 100, 100],
};

describe('readIcioLayout: validation, every problem of the file at once', () => {
  it('a balanced small OECD grid reads; detection says why', () => {
    const r = icioFromGrid(oecdGrid(small, false), 'small.csv');
    expect(r.table.countries).toEqual(['CHN', 'USA']);
    expect(r.table.balanceGap).toBeLessThan(1e-12);
    expect(detectIcioFormat(wiodGrid(small))?.format).toBe('wiod');
    expect(detectIcioFormat(adbGrid(small))?.format).toBe('adb');
  });

  it('a non-number, a negative intermediate use, a foreign column label and an unbalanced row: one E_ICIO_TABLE listing all four with rows and columns', () => {
    const g = oecdGrid(small, false);
    g[1][2] = 'n/a'; // CHN_D01T02 row, CHN_D26 column
    g[3][1] = '-1'; // USA_D01T02 row, CHN_D01T02 column (also unbalances the row)
    g[0].splice(g[0].length - 1, 0, 'XXX_HFCE');
    for (const r of g.slice(1)) r.splice(r.length - 1, 0, '0');
    g[4][g[4].length - 1] = '130'; // USA_D26 output
    let err: NqpfError | undefined;
    try {
      icioFromGrid(g, 'bad.csv');
    } catch (e) {
      err = e as NqpfError;
    }
    expect(err).toBeInstanceOf(NqpfError);
    expect(err?.code).toBe('E_ICIO_TABLE');
    const msg = err?.message ?? '';
    expect(msg).toMatch(/row 2, column CHN_D26: .*"n\/a" is not a number/);
    expect(msg).toMatch(/row 4, column CHN_D01T02: intermediate use -1 is negative/);
    expect(msg).toMatch(/column XXX_HFCE is neither/);
    expect(msg).toMatch(/row 5, column OUT: row USA_D26: Σ Z \+ Σ Y = 100 but output = 130/);
    expect(msg).toMatch(/\d problems/);
  });

  it('rounding gaps only: E_ICIO_BALANCE with a tolerance hint; a looser tolerance accepts the table', () => {
    const g = oecdGrid(small, false);
    g[1][g[1].length - 1] = '100.05';
    g[g.length - 1][1] = '100.05';
    expect(() => icioFromGrid(g, 'rounded.csv')).toThrow(/E_ICIO_BALANCE|relative gap/);
    try {
      icioFromGrid(g, 'rounded.csv');
    } catch (e) {
      expect((e as NqpfError).code).toBe('E_ICIO_BALANCE');
      expect((e as NqpfError).hint).toMatch(/looser tolerance/);
    }
    expect(icioFromGrid(g, 'rounded.csv', { tolerance: 1e-3 }).table.X[0]).toBe(100.05);
  });

  it('misordered sector columns and a country with other industries are named', () => {
    const g = oecdGrid(small, false);
    [g[0][1], g[0][2]] = [g[0][2], g[0][1]];
    expect(() => icioFromGrid(g, 'order.csv')).toThrow(/sector column 1 is CHN_D26, the sector rows have CHN_D01T02 there/);
    const h = oecdGrid(small, false);
    h[4][0] = 'USA_D27';
    h[0][4] = 'USA_D27';
    expect(() => icioFromGrid(h, 'ind.csv')).toThrow(/country USA has industries D01T02, D27; CHN has D01T02, D26/);
  });

  it('auto detection fails with a clear message on an unknown layout; format generic needs the three files', () => {
    const g = csvGrid('a,b,c\n1,2,3\n');
    expect(() => icioFromGrid(g, 'x.csv')).toThrow(/cannot tell the layout of x.csv/);
    expect(() => icioFromGrid(g, 'x.csv', { format: 'generic' })).toThrow(/three-file form/);
    expect(() => icioFromGrid(g, 'x.csv', { format: 'wiod' })).toThrow(/no row of column codes c1/);
  });

  it('csvGrid: quoted fields with delimiters, quotes and CRLF', () => {
    expect(csvGrid('"a,b","c""d"\r\n1,2\r\n')).toEqual([
      ['a,b', 'c"d'],
      ['1', '2'],
    ]);
  });
});

describe('analyses.valueChains spec: one published file or the generic files', () => {
  it('intermediate alone (format auto, no final) is a published table; generic needs final, countries and industries', async () => {
    const { ValueChainsSpec } = await import('../../src/lenses/gvc/spec.js');
    expect(ValueChainsSpec.parse({ intermediate: 'ICIO2023_2020.csv' }).format).toBe('auto');
    expect(ValueChainsSpec.parse({ intermediate: 'wiot.xlsx', format: 'wiod', sheet: 1 }).sheet).toBe(1);
    const bad = ValueChainsSpec.safeParse({ intermediate: 'z.csv', format: 'generic' });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((i) => i.path.join('.'))).toEqual(['final', 'countries', 'industries']);
    expect(ValueChainsSpec.safeParse({ intermediate: 'z.csv', final: 'y.csv' }).success).toBe(false);
    expect(ValueChainsSpec.safeParse({ intermediate: 'z.csv', final: 'y.csv', countries: ['A'], industries: ['x'] }).success).toBe(true);
  });
});

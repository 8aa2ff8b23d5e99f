/** readIcioCsv (io/read/icio.ts): the wide ICIO layout from CSV files, with errors naming file, row and column. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { NqpfError } from '../../src/core/errors.js';
import { readIcioCsv } from '../../src/io/read/icio.js';

const dir = mkdtempSync(join(tmpdir(), 'nqpf-icio-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const put = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};
// 2 countries × 1 industry: X = Z·1 + Y·1 = (10, 10)
const Z = put('z.csv', '"","V1","V2"\n"1",1,2\n"2",3,4\n');
const Y = put('y.csv', ',V1,V2\nA.x,7,0\nB.x,0,3\n');
const X = put('x.csv', '"","output"\n"1",10\n"2",10\n');
const base = { intermediate: Z, final: Y, output: X, countries: ['A', 'B'], industries: ['x'] };

async function error(p: Promise<unknown>): Promise<NqpfError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof NqpfError) return e;
    throw e;
  }
  throw new Error('no error');
}

describe('readIcioCsv', () => {
  it('reads R write.csv files (unnamed row-name column; labels 1…n or country.industry)', async () => {
    const t = await readIcioCsv(base);
    expect(Array.from(t.Z)).toEqual([1, 2, 3, 4]);
    expect(Array.from(t.Y)).toEqual([7, 0, 0, 3]);
    expect(Array.from(t.VA)).toEqual([6, 4]);
  });
  it('E_ICIO_TABLE names the file, row and column of a value that is not a number', async () => {
    const e = await error(readIcioCsv({ ...base, intermediate: put('z2.csv', '"","V1","V2"\n"1",1,x\n"2",3,4\n') }));
    expect(e.code).toBe('E_ICIO_TABLE');
    expect(e.location).toMatchObject({ file: join(dir, 'z2.csv'), row: 2, column: 'V2' });
  });
  it('E_ICIO_TABLE for a row label out of order, and for a wrong number of rows', async () => {
    const e = await error(readIcioCsv({ ...base, final: put('y2.csv', ',V1,V2\nB.x,7,0\nA.x,0,3\n') }));
    expect(e.message).toMatch(/labelled "B.x", expected "A.x"/);
    const f = await error(readIcioCsv({ ...base, countries: ['A', 'B', 'C'] }));
    expect(f.message).toMatch(/has 2 rows; the countries × industries need 3/);
  });
  it('E_ICIO_BALANCE when the output file does not match the rows', async () => {
    const e = await error(readIcioCsv({ ...base, output: put('x2.csv', '"","output"\n"1",10\n"2",12\n') }));
    expect(e.code).toBe('E_ICIO_BALANCE');
    expect(e.message).toMatch(/row B\.x/);
  });
});

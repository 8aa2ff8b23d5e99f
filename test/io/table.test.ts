import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTable } from '../../src/io/read/table.js';
import { parseCsvSimple, sharedAvailable, sharedPath } from '../helpers/shared.js';
import { catchNqpfAsync } from './catch-nqpf.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'nqpf-table-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const csvText = '省份,年份,研发经费\n北京,2011,936.6\n上海,2011,597.7\n';

describe('readTable', () => {
  it('readTable(GBK-encoded .csv) detects gb18030 and reads the Chinese text', async () => {
    const p = join(dir, 'gbk.csv');
    await writeFile(p, iconv.encode(csvText, 'gbk'));
    const t = await readTable(p);
    expect(t.encoding).toBe('gb18030');
    expect(t.header).toEqual(['省份', '年份', '研发经费']);
    expect(t.rows).toEqual([
      ['北京', '2011', '936.6'],
      ['上海', '2011', '597.7'],
    ]);
    expect(t.rowNumbers).toEqual([2, 3]);
    expect(t.file).toBe(p);
  });

  it('readTable(UTF-8 with BOM .csv) reports utf-8-bom and a clean first header', async () => {
    const p = join(dir, 'bom.csv');
    await writeFile(p, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csvText)]));
    const t = await readTable(p);
    expect(t.encoding).toBe('utf-8-bom');
    expect(t.header[0]).toBe('省份');
  });

  it('readTable(.tsv) detects tabs; readTable(.TXT) is text too', async () => {
    const p = join(dir, 'd.tsv');
    await writeFile(p, 'a\tb\n1\t2\n');
    expect((await readTable(p)).rows).toEqual([['1', '2']]);
    const q = join(dir, 'd.TXT');
    await writeFile(q, 'a;b\n1;2\n');
    expect((await readTable(q)).rows).toEqual([['1', '2']]);
  });

  it('readTable computes the SHA-256 of the file bytes (FIPS 180-2 test vector "abc")', async () => {
    const p = join(dir, 'abc.csv');
    await writeFile(p, 'abc');
    const t = await readTable(p);
    expect(t.sha256).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(t.header).toEqual(['abc']);
    expect(t.rows).toEqual([]);
  });

  it('readTable(.xlsx) reads the first or the named sheet and reports encoding xlsx', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('说明').addRow(['note']);
    const ws = wb.addWorksheet('数据');
    ws.addRow(['province', 'year', 'x']);
    ws.addRow(['北京', 2011, 1.25]);
    const p = join(dir, 'book.xlsx');
    await writeFile(p, Buffer.from(await wb.xlsx.writeBuffer()));
    const first = await readTable(p);
    expect(first.sheet).toBe('说明');
    expect(first.header).toEqual(['note']);
    const t = await readTable(p, { sheet: '数据' });
    expect(t.encoding).toBe('xlsx');
    expect(t.rows).toEqual([['北京', 2011, 1.25]]);
    expect(t.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('readTable notes title rows skipped above the header, and the first of several sheets taken', async () => {
    const p = join(dir, 'title.csv');
    await writeFile(p, iconv.encode('数据来源：中国统计年鉴2023\n' + csvText, 'gbk'));
    const t = await readTable(p);
    expect(t.header).toEqual(['省份', '年份', '研发经费']);
    expect(t.headerRow).toBe(2);
    expect(t.notes?.map((n) => n.code)).toEqual(['W_TITLE_ROWS']);
    expect(t.notes?.[0].message).toContain('row 2 read as the header; the title row above it (row 1 ("数据来源：中国统计年鉴2023")) is skipped');
    expect((await readTable(p, { headerRow: 2 })).notes).toEqual([]);
    const x = join(dir, 'two.xlsx');
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('说明').addRow(['a', 'b']);
    wb.addWorksheet('数据').addRow(['a', 'b']);
    await wb.xlsx.writeFile(x);
    const first = await readTable(x);
    expect(first.sheets).toEqual(['说明', '数据']);
    expect(first.notes?.map((n) => n.message)).toEqual([
      `${x}: sheet "说明" (1 of 2) was read; other sheets: 2 "数据" (set data.sheet to read another: its name or position)`,
    ]);
    expect((await readTable(x, { sheet: 2 })).notes).toEqual([]);
  });

  it('readTable(missing file) fails with the resolved path', async () => {
    const e = await catchNqpfAsync(() => readTable(join(dir, 'nope.csv')));
    expect(e.code).toBe('E_FILE_NOT_FOUND');
    expect(e.message).toContain(resolve(dir, 'nope.csv'));
  });

  it('readTable(.xls) fails telling to save as .xlsx or CSV', async () => {
    const e = await catchNqpfAsync(() => readTable(join(dir, 'old.xls')));
    expect(e.code).toBe('E_FILE_FORMAT');
    expect(e.hint).toMatch(/\.xlsx/);
    expect(e.hint).toMatch(/CSV/);
    expect((await catchNqpfAsync(() => readTable(join(dir, 'x.json')))).code).toBe('E_FILE_FORMAT');
  });

  it('readTable(workbook renamed to .csv) fails instead of decoding zip bytes', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('s').addRow(['a']);
    const p = join(dir, 'renamed.csv');
    await writeFile(p, Buffer.from(await wb.xlsx.writeBuffer()));
    expect((await catchNqpfAsync(() => readTable(p))).code).toBe('E_FILE_FORMAT');
  });

  it('readTable does not modify the file', async () => {
    const p = join(dir, 'keep.csv');
    await writeFile(p, csvText);
    await readTable(p);
    expect(await readFile(p, 'utf8')).toBe(csvText);
  });
});

describe.skipIf(!sharedAvailable)('readTable on cn-scitech data', () => {
  it('readTable(wide cn_provinces_scitech_2011_2022.csv) equals an independent RFC 4180 parse', async () => {
    const p = sharedPath('data/cn-scitech/cn_provinces_scitech_2011_2022.csv');
    const t = await readTable(p);
    const raw = parseCsvSimple((await readFile(p, 'utf8')).replace(/^\uFEFF/, ''));
    expect(t.encoding).toMatch(/^utf-8/);
    expect(t.header).toEqual(raw[0]);
    expect(t.header.length).toBe(21);
    expect(t.rows).toEqual(raw.slice(1));
    expect(t.rows.length).toBe(372);
    expect(t.rowNumbers[0]).toBe(2);
    expect(t.rowNumbers[371]).toBe(373);
    // First data line of the file, as printed by `head`: "上海",2011,9851,14350,,,32142,...
    expect(t.rows[0].slice(0, 7)).toEqual(['上海', '2011', '9851', '14350', '', '', '32142']);
  });
});

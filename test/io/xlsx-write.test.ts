import ExcelJS from 'exceljs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTable } from '../../src/io/read/table.js';
import { validSheetNames, writeXlsx } from '../../src/io/write/xlsx-write.js';
import { readXlsx } from '../../src/io/read/xlsx.js';
import { catchNqpfAsync } from './catch-nqpf.js';
import { readFile } from 'node:fs/promises';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'nqpf-xlsxw-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('writeXlsx', () => {
  it('writeXlsx then readXlsx returns the same header and cells (numbers exact, NaN/null empty)', async () => {
    const header = ['province', 'year', 'score', 'rank', 'note'];
    const rows: (string | number | null)[][] = [
      ['北京', 2011, 0.1 + 0.2, 1, 'top'],
      ['上海', 2011, 1 / 3, 2, null],
      ['西藏', 2011, -1.5e-12, 31, 'a "quoted", text'],
      ['新疆', 2011, NaN, 30, '多行\n文本'],
    ];
    const p = join(dir, 'round.xlsx');
    await writeXlsx(p, [{ name: 'scores', header, rows, note: 'min-max 0–100' }]);
    const t = await readTable(p);
    expect(t.header).toEqual(header);
    expect(t.sheet).toBe('scores');
    expect(t.rows).toEqual(rows.map((r) => r.map((v) => (typeof v === 'number' && Number.isNaN(v) ? null : v))));
  });

  it('writeXlsx escapes formula-like text and keeps negative numbers as numbers', async () => {
    const p = join(dir, 'esc.xlsx');
    await writeXlsx(p, [
      {
        name: 's',
        header: ['t', 'n'],
        rows: [
          ['=1+1', -3],
          ['-x', -0.5],
        ],
      },
    ]);
    const r = await readXlsx(await readFile(p), p);
    expect(r.rows).toEqual([
      ["'=1+1", -3],
      ["'-x", -0.5],
    ]);
  });

  it('writeXlsx makes a bold, frozen header, a note on A1 and CJK-aware column widths', async () => {
    const p = join(dir, 'fmt.xlsx');
    await writeXlsx(p, [{ name: 's', header: ['省份名称', 'x'], rows: [['内蒙古自治区', 1]], note: 'hello' }]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await readFile(p)) as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    expect(ws.getCell('A1').font?.bold).toBe(true);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    const note = ws.getCell('A1').note;
    expect(typeof note === 'string' ? note : note?.texts?.map((t) => t.text).join('')).toBe('hello');
    // 内蒙古自治区 = 6 wide characters = 12 columns + 2 padding.
    expect(ws.getColumn(1).width).toBe(14);
    expect(ws.getColumn(2).width).toBe(6);
  });

  it('writeXlsx(several sheets with bad or repeated names) writes valid unique names', async () => {
    const p = join(dir, 'names.xlsx');
    await writeXlsx(p, [
      { name: 'a/b:c', header: ['x'], rows: [[1]] },
      { name: 'A_B_C', header: ['x'], rows: [[2]] },
      { name: 'x'.repeat(40), header: ['x'], rows: [[3]] },
    ]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await readFile(p)) as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['a_b_c', 'A_B_C (2)', 'x'.repeat(31)]);
  });

  it('writeXlsx(infinite value) fails and leaves no file behind', async () => {
    const sub = await mkdtemp(join(dir, 'inf-'));
    const e = await catchNqpfAsync(() => writeXlsx(join(sub, 'bad.xlsx'), [{ name: 's', header: ['x'], rows: [[Infinity]] }]));
    expect(e.code).toBe('E_XLSX_WRITE');
    expect(await readdir(sub)).toEqual([]);
  });
});

describe('validSheetNames', () => {
  it('validSheetNames replaces []:*?/\\, trims to 31, dedupes case-insensitively', () => {
    expect(validSheetNames(['[a]*?', 'Data', 'data', 'DATA', '', "'q'", 'History'])).toEqual([
      '_a___',
      'Data',
      'data (2)',
      'DATA (3)',
      'Sheet',
      'q',
      'History_',
    ]);
    const long = validSheetNames(['y'.repeat(31), 'y'.repeat(35)]);
    expect(long[0]).toBe('y'.repeat(31));
    expect(long[1]).toBe(`${'y'.repeat(27)} (2)`);
    expect(long[1].length).toBe(31);
  });
});

import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { colLetter, readXlsx } from '../../src/io/read/xlsx.js';
import { catchNqpfAsync } from './catch-nqpf.js';

async function book(fill: (wb: ExcelJS.Workbook) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  fill(wb);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('readXlsx', () => {
  it('readXlsx converts numbers, formulas (cached result), rich text, dates, booleans, errors and empties', async () => {
    const buf = await book((wb) => {
      const ws = wb.addWorksheet('data');
      ws.addRow(['province', 'year', 'x', 'f', 'rich', 'when', 'flag', 'err']);
      ws.addRow([
        '北京',
        2011,
        1.5,
        { formula: 'C2*2', result: 3 },
        { richText: [{ text: '东' }, { text: '部', font: { bold: true } }] },
        new Date(Date.UTC(2021, 11, 31)),
        true,
        { error: '#N/A' },
      ]);
      ws.addRow(['上海', 2012, null, { formula: 'C3*2', result: 0 }, 'plain', null, false, null]);
    });
    const r = await readXlsx(buf, 'b.xlsx');
    expect(r.sheet).toBe('data');
    expect(r.header).toEqual(['province', 'year', 'x', 'f', 'rich', 'when', 'flag', 'err']);
    expect(r.rows).toEqual([
      ['北京', 2011, 1.5, 3, '东部', '2021-12-31', 'TRUE', '#N/A'],
      ['上海', 2012, null, 0, 'plain', null, 'FALSE', null],
    ]);
    expect(r.rowNumbers).toEqual([2, 3]);
  });

  it('readXlsx(sheet name) reads that sheet; skips empty rows keeping sheet row numbers', async () => {
    const buf = await book((wb) => {
      wb.addWorksheet('first').addRow(['a']);
      const ws = wb.addWorksheet('second');
      ws.getCell('A1').value = ' u ';
      ws.getCell('B1').value = 'v';
      ws.getCell('A2').value = 'p';
      ws.getCell('B2').value = 1;
      ws.getCell('A5').value = 'q';
    });
    const r = await readXlsx(new Uint8Array(buf), 'b.xlsx', 'second');
    expect(r.header).toEqual(['u', 'v']);
    expect(r.rows).toEqual([
      ['p', 1],
      ['q', null],
    ]);
    expect(r.rowNumbers).toEqual([2, 5]);
  });

  it('readXlsx(unknown sheet) fails listing the sheet names', async () => {
    const buf = await book((wb) => {
      wb.addWorksheet('数据').addRow(['a']);
      wb.addWorksheet('meta').addRow(['a']);
    });
    const e = await catchNqpfAsync(() => readXlsx(buf, 'b.xlsx', 'dat'));
    expect(e.code).toBe('E_XLSX_SHEET');
    expect(e.message).toContain('b.xlsx');
    expect(e.message).toContain('1 "数据", 2 "meta"');
  });

  it('readXlsx(sheet whose formulas have no cached result, never calculated) fails naming the cell', async () => {
    const buf = await book((wb) => {
      const ws = wb.addWorksheet('s');
      ws.addRow(['a', 'b']);
      ws.addRow([1, { formula: 'A2*2' }]);
    });
    const e = await catchNqpfAsync(() => readXlsx(buf, 'f.xlsx'));
    expect(e.code).toBe('E_XLSX_FORMULA');
    expect(e.message).toContain('B2');
    expect(e.message).toContain('f.xlsx');
    expect(e.location).toMatchObject({ file: 'f.xlsx', row: 2, column: 'B' });
  });

  it('readXlsx(calculated sheet with an empty-text formula result) reads that cell as null', async () => {
    const buf = await book((wb) => {
      const ws = wb.addWorksheet('s');
      ws.addRow(['a', 'b']);
      ws.addRow([1, { formula: 'A2*2', result: 2 }]);
      ws.addRow([2, { formula: 'IF(A3=2,"",A3)' }]);
    });
    const r = await readXlsx(buf, 'f.xlsx');
    expect(r.rows).toEqual([
      [1, 2],
      [2, null],
    ]);
  });

  it('readXlsx(duplicate header, value right of the header) fails with row and column', async () => {
    const dup = await book((wb) => wb.addWorksheet('s').addRow(['a', 'a']));
    const e1 = await catchNqpfAsync(() => readXlsx(dup, 'd.xlsx'));
    expect(e1.code).toBe('E_XLSX_HEADER');
    expect(e1.location).toMatchObject({ file: 'd.xlsx', row: 1, column: 'B' });
    const wide = await book((wb) => {
      const ws = wb.addWorksheet('s');
      ws.addRow(['a']);
      ws.addRow([1, 2]);
    });
    const e2 = await catchNqpfAsync(() => readXlsx(wide, 'w.xlsx'));
    expect(e2.code).toBe('E_XLSX_FIELDS');
    expect(e2.location).toMatchObject({ file: 'w.xlsx', row: 2, column: 'B' });
  });

  it('readXlsx(not a workbook) fails with E_XLSX_READ', async () => {
    const e = await catchNqpfAsync(() => readXlsx(Buffer.from('a,b\n1,2\n'), 'x.xlsx'));
    expect(e.code).toBe('E_XLSX_READ');
    expect(e.message).toContain('x.xlsx');
  });

  it('colLetter(1, 26, 27, 703) = A, Z, AA, AAA', () => {
    expect([1, 26, 27, 52, 703].map(colLetter)).toEqual(['A', 'Z', 'AA', 'AZ', 'AAA']);
  });

  it('readXlsx(sheet number) reads the n-th sheet in tab order and lists every sheet; an absent number fails listing them', async () => {
    const buf = await book((wb) => {
      wb.addWorksheet('说明').addRow(['本表说明']);
      const ws = wb.addWorksheet('数据');
      ws.addRow(['a', 'b']);
      ws.addRow([1, 2]);
    });
    const r = await readXlsx(buf, 'b.xlsx', 2);
    expect(r.sheet).toBe('数据');
    expect(r.sheets).toEqual(['说明', '数据']);
    expect(r.rows).toEqual([[1, 2]]);
    const e = await catchNqpfAsync(() => readXlsx(buf, 'b.xlsx', 3));
    expect(e.code).toBe('E_XLSX_SHEET');
    expect(e.message).toContain('1 "说明", 2 "数据"');
  });

  it('readXlsx(title merged over the first row) takes the header below it; headerRow chooses the header row', async () => {
    const buf = await book((wb) => {
      const ws = wb.addWorksheet('s');
      ws.addRow(['数据来源：中国统计年鉴2023']);
      ws.mergeCells('A1:C1');
      ws.addRow(['单位：万元']);
      ws.addRow(['province', 'year', 'x']);
      ws.addRow(['北京', 2011, 1.5]);
    });
    const r = await readXlsx(buf, 'b.xlsx');
    expect(r.header).toEqual(['province', 'year', 'x']);
    expect(r.headerRow).toBe(3);
    expect(r.titleRows).toEqual([
      { row: 1, text: '数据来源：中国统计年鉴2023' },
      { row: 2, text: '单位：万元' },
    ]);
    expect(r.rows).toEqual([['北京', 2011, 1.5]]);
    expect(r.rowNumbers).toEqual([4]);
    const h = await readXlsx(buf, 'b.xlsx', undefined, { headerRow: 3 });
    expect(h.header).toEqual(['province', 'year', 'x']);
    expect(h.titleRows).toEqual([]);
    // Row 2 as the header: row 3 then has values right of it.
    expect((await catchNqpfAsync(() => readXlsx(buf, 'b.xlsx', undefined, { headerRow: 2 }))).code).toBe('E_XLSX_FIELDS');
  });

  it('readXlsx(empty first sheet of several) names the sheet read and lists the others', async () => {
    const buf = await book((wb) => {
      wb.addWorksheet('空');
      wb.addWorksheet('数据').addRow(['a', 'b']);
    });
    const e = await catchNqpfAsync(() => readXlsx(buf, 'b.xlsx'));
    expect(e.code).toBe('E_XLSX_HEADER');
    expect(e.message).toContain('sheet "空" of b.xlsx is empty; other sheets: 2 "数据"');
    expect(e.hint).toContain('data.sheet');
  });
});

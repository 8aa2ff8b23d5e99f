/**
 * The Data step names an uploaded file's format (web/src/data-format.ts): a CSV by its encoding, an
 * XLSX workbook as such with the sheet read — not "编码: ?" (issue 13) — on the preview the server
 * really gives for a workbook (server/preview.ts).
 */
import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it } from 'vitest';
import { previewTable } from '../../src/server/preview.js';
import { dataFormat, uploadedText } from '../../web/src/data-format.js';
import { getLang, setLang } from '../../web/src/i18n.js';

const before = getLang();
afterEach(() => setLang(before));

async function workbook(sheet: string): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(sheet);
  ws.addRow(['province', 'year', 'x1']);
  ws.addRow(['北京', 2020, 1.5]);
  ws.addRow(['天津', 2020, 2.5]);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

describe('dataFormat / uploadedText', () => {
  it('an uploaded XLSX: XLSX（工作表 Sheet1）, never a "?" encoding (zh and en)', async () => {
    const pv = await previewTable(await workbook('Sheet1'), 'd.xlsx');
    expect(pv.sheet).toBe('Sheet1');
    setLang('zh');
    expect(dataFormat(pv, 'd.xlsx')).toEqual({ label: '格式', value: 'XLSX（工作表 Sheet1）' });
    expect(uploadedText(pv, 'd.xlsx')).toBe('已上传 d.xlsx（XLSX 工作簿，工作表 Sheet1）。');
    setLang('en');
    expect(dataFormat(pv, 'd.xlsx')).toEqual({ label: 'format', value: 'XLSX (sheet Sheet1)' });
    expect(uploadedText(pv, 'd.xlsx')).toBe('Uploaded d.xlsx (XLSX workbook, sheet Sheet1).');
  });

  it('a workbook whose preview failed is still named XLSX; a CSV by its encoding, or 未识别', () => {
    setLang('zh');
    expect(dataFormat({ encoding: null }, 'broken.xlsx')).toEqual({ label: '格式', value: 'XLSX' });
    expect(uploadedText({ encoding: null }, 'broken.xlsx')).toBe('已上传 broken.xlsx。');
    expect(dataFormat({ encoding: 'gb18030' }, 'd.csv')).toEqual({ label: '编码', value: 'gb18030' });
    expect(uploadedText({ encoding: 'utf-8' }, 'd.csv')).toBe('已上传 d.csv（编码 utf-8）。');
    expect(dataFormat({ encoding: null }, 'd.csv')).toEqual({ label: '编码', value: '未识别' });
    expect(uploadedText(null, 'd.csv')).toBe('已上传 d.csv。');
  });
});

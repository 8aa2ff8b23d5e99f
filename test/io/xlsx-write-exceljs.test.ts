/**
 * results.xlsx is written without exceljs (src/io/write/xlsx-write.ts writes the SpreadsheetML parts
 * as text), byte for byte what the exceljs writer it replaced wrote (kept in
 * test/helpers/xlsx-exceljs.ts): random workbooks with every kind of cell the runs write (numbers of
 * every magnitude, −0, NaN, null, empty and formula-like text, XML specials, control characters,
 * CJK, astral characters, leading/trailing white space), sheet names to repair, header keys and
 * notes; and one large sheet whose parts span many of JSZip's 16 KB compression chunks.
 */
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type SheetSpec, xlsxEntries } from '../../src/io/write/xlsx-write.js';
import { zipArchive } from '../../src/io/write/zip-write.js';
import { exceljsXlsx } from '../helpers/xlsx-exceljs.js';

const newXlsx = (sheets: SheetSpec[]): Uint8Array => zipArchive(xlsxEntries('t.xlsx', sheets));
const same = (a: Uint8Array, b: Uint8Array): boolean => Buffer.compare(Buffer.from(a), Buffer.from(b)) === 0;

const text = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 8 }),
  fc.constantFrom(
    '',
    ' ',
    ' lead',
    'trail ',
    'a\nb',
    '\tx',
    '=1+1',
    '+a',
    '-b',
    '@c',
    '<&>"\'',
    '北京市',
    '内蒙古自治区',
    '𠀀𪚥',
    '\u3000全角',
    'x\x00y\x1fz\x7f',
  ),
);
const number = fc.oneof(
  fc.double({ noDefaultInfinity: true }),
  fc.integer({ min: -1e6, max: 1e6 }),
  fc.constantFrom(0, -0, 1e21, 1e-7, 5e-324, Number.MAX_VALUE, 0.1 + 0.2, 2011),
);
const cell = fc.oneof(text, number, fc.constant(null));

const sheetArb = fc.integer({ min: 0, max: 30 }).chain((n) =>
  fc.record(
    {
      name: fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom('about', 'History', 'a/b:c', "'q'", 'ranks', 'x'.repeat(40))),
      header: fc.array(text, { minLength: n, maxLength: n }),
      rows: fc.array(fc.array(cell, { minLength: n, maxLength: n }), { maxLength: 6 }),
      keys: fc.array(fc.oneof(text, fc.constant('=')), { minLength: n, maxLength: n }),
      note: fc.oneof(fc.constant(undefined), text),
    },
    { requiredKeys: ['name', 'header', 'rows'] },
  ),
);

describe('writeXlsx without exceljs', () => {
  it('writes the bytes the exceljs writer wrote, for random workbooks', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(sheetArb, { minLength: 1, maxLength: 4 }), async (sheets) => {
        // Keys equal to the header where the arbitrary says "=": those cells carry no note.
        const specs = sheets.map((s) => ({ ...s, keys: s.keys?.map((k, c) => (k === '=' ? s.header[c] : k)) })) as SheetSpec[];
        expect(same(newXlsx(specs), await exceljsXlsx('t.xlsx', specs))).toBe(true);
      }),
      { numRuns: 80 },
    );
  });

  it('writes the bytes the exceljs writer wrote for a large sheet (parts over many 16 KB chunks)', async () => {
    const header = ['unit', 'period', ...Array.from({ length: 28 }, (_, j) => `x${j}`)];
    const rows = Array.from({ length: 600 }, (_, i) => [
      ['北京', '上海', 'Xinjiang', '=x'][i % 4] + i,
      2000 + (i % 20),
      ...Array.from({ length: 28 }, (_, j) => ((i * 7 + j) % 97 === 0 ? null : Math.sin(i * 31 + j) * 10 ** ((j % 9) - 4))),
    ]);
    const sheets: SheetSpec[] = [
      { name: 'about', header: ['key', 'value'], rows: [['nqpf', '0.1.0']], keys: ['k', 'value'] },
      { name: 'data', header, rows, keys: header.map((h, j) => (j % 3 ? h : `${h}_key`)), note: 'full precision' },
    ];
    expect(same(newXlsx(sheets), await exceljsXlsx('t.xlsx', sheets))).toBe(true);
  });

  it('keeps an astral character whole where the exceljs path split it at a 16 K-character boundary', async () => {
    // The shared-string part starts with its 150-character head; put 𠀀 across JSZip's 16,384-character slice.
    const pad = 'a'.repeat(16_384 - 150 - '<si><t>'.length - 1);
    const value = `${pad}𠀀tail`;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(newXlsx([{ name: 's', header: ['v'], rows: [[value]] }])) as unknown as ArrayBuffer);
    expect(wb.worksheets[0].getCell('A2').value).toBe(value);
  });
});

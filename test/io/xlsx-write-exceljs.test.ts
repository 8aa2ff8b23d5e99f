/**
 * results.xlsx is written without exceljs (src/io/write/xlsx-write.ts writes the SpreadsheetML parts
 * as text): the same parts, in the same order, byte for byte, as the exceljs writer it replaced
 * (kept in test/helpers/xlsx-exceljs.ts) — only the compressor differs (node:zlib instead of JSZip's
 * pako) — for random workbooks with every kind of cell the runs write (numbers of every magnitude,
 * −0, NaN, null, empty and formula-like text, XML specials, control characters, CJK, astral
 * characters, leading/trailing white space), sheet names to repair, header keys and notes, and one
 * large sheet. Read back with exceljs, both give the same sheets, cells (value, type, number
 * format, font), notes, column widths and frozen panes.
 */
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type SheetSpec, xlsxEntries } from '../../src/io/write/xlsx-write.js';
import { zipArchive } from '../../src/io/write/zip-write.js';
import { exceljsXlsx } from '../helpers/xlsx-exceljs.js';
import { sameEntries } from '../helpers/zip-entries.js';

const newXlsx = (sheets: SheetSpec[]): Promise<Uint8Array> => zipArchive(xlsxEntries('t.xlsx', sheets));

/** What a reader sees of a workbook, as exceljs reads it: per sheet its name, frozen pane, column widths and every cell. */
async function content(bytes: Uint8Array): Promise<unknown[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  return wb.worksheets.map((ws) => {
    const cells: unknown[] = [];
    ws.eachRow({ includeEmpty: true }, (row) =>
      row.eachCell({ includeEmpty: true }, (c) => {
        const note = c.note === undefined ? undefined : typeof c.note === 'string' ? c.note : c.note.texts?.map((t) => t.text).join('');
        cells.push([c.address, c.type, c.value, c.numFmt, c.font?.bold ?? false, note]);
      }),
    );
    return { name: ws.name, views: ws.views, widths: ws.columns?.map((c) => c.width) ?? [], rows: ws.rowCount, cells };
  });
}

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
  it('writes the parts the exceljs writer wrote, for random workbooks', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(sheetArb, { minLength: 1, maxLength: 4 }), async (sheets) => {
        // Keys equal to the header where the arbitrary says "=": those cells carry no note.
        const specs = sheets.map((s) => ({ ...s, keys: s.keys?.map((k, c) => (k === '=' ? s.header[c] : k)) })) as SheetSpec[];
        expect(await sameEntries(await newXlsx(specs), await exceljsXlsx('t.xlsx', specs))).toBe(true);
      }),
      { numRuns: 80 },
    );
  });

  it('reads back (exceljs) as the same workbook as the exceljs writer wrote, for random workbooks', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(sheetArb, { minLength: 1, maxLength: 3 }), async (sheets) => {
        const specs = sheets.map((s) => ({ ...s, keys: s.keys?.map((k, c) => (k === '=' ? s.header[c] : k)) })) as SheetSpec[];
        expect(await content(await newXlsx(specs))).toEqual(await content(await exceljsXlsx('t.xlsx', specs)));
      }),
      { numRuns: 25 },
    );
  });

  it('writes the parts of the exceljs writer for a large sheet, and exceljs reads the same workbook from both', async () => {
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
    const [mine, old] = [await newXlsx(sheets), await exceljsXlsx('t.xlsx', sheets)];
    expect(await sameEntries(mine, old)).toBe(true);
    const seen = await content(mine);
    expect(seen).toEqual(await content(old));
    expect((seen[1] as { cells: unknown[] }).cells.length).toBeGreaterThan(600 * 28);
  });

  it('writes the parts of the exceljs writer when sheets repeat the cells of an earlier sheet (a data set written again)', async () => {
    const header = ['unit', 'period', 'x1', 'x2'];
    const rows = Array.from({ length: 40 }, (_, i) => [['北京', '=a', 'b '][i % 3] + (i % 7), 2010 + (i % 5), i % 6 ? i / 7 : null, i % 4 ? -0 : Number.NaN]);
    const copy = () => rows.map((r) => [...r]);
    const changed = copy();
    changed[39][2] = 1.5;
    const sheets: SheetSpec[] = [
      { name: 'about', header: ['key', 'value'], rows: [['nqpf', '0.1.0']] },
      { name: 'data_raw', header, rows, keys: header },
      { name: 'data_imputed', header, rows: copy(), keys: header },
      { name: 'data_treated', header, rows: changed, keys: header },
      { name: 'data_screened', header, rows: copy(), keys: header, note: 'a note' },
      { name: 'data_normalised', header, rows: copy(), keys: header },
    ];
    expect(await sameEntries(await newXlsx(sheets), await exceljsXlsx('t.xlsx', sheets))).toBe(true);
  });

  it('keeps an astral character whole where the exceljs path split it at a 16 K-character boundary', async () => {
    // The shared-string part starts with its 150-character head; put 𠀀 across JSZip's 16,384-character slice.
    const pad = 'a'.repeat(16_384 - 150 - '<si><t>'.length - 1);
    const value = `${pad}𠀀tail`;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await newXlsx([{ name: 's', header: ['v'], rows: [[value]] }])) as unknown as ArrayBuffer);
    expect(wb.worksheets[0].getCell('A2').value).toBe(value);
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { takeCsvTexts, writeCsvFiles, type CsvTableSource } from '../../src/io/write/csv-write.js';
import type { ColumnTexts } from '../../src/io/write/number-text.js';
import { type SheetSpec, xlsxEntries } from '../../src/io/write/xlsx-write.js';

const bytesOf = (sheets: SheetSpec[]) => xlsxEntries('t.xlsx', sheets).map((e) => [e.name, Buffer.from(e.data).toString('latin1')]);

describe('workbook sheets written from the CSV writer’s number texts', () => {
  const n = 5_000;
  const x = Float64Array.from({ length: n }, (_, i) => (i % 17 === 0 ? NaN : i % 3 ? (i * 0.37) / 7 : Number((i / 13).toFixed(3))));
  const y = Float64Array.from({ length: n }, (_, i) => (i % 5 ? -i * 1e-9 : 1e21 + i));
  const unit = (i: number) => ['北京', '=x', 'a,b'][i % 3];
  const rows = (cols: (Float64Array | ((i: number) => string))[]) =>
    Array.from({ length: n }, (_, i) => cols.map((c) => (typeof c === 'function' ? c(i) : Number.isNaN(c[i]) ? null : c[i])));

  it('keepTexts keeps each column’s texts (by columns and by rows); the workbook from them is byte for byte the one formatted anew', () => {
    const d = mkdtempSync(join(tmpdir(), 'nqpf-xlsx-texts-'));
    try {
      const byCols: CsvTableSource = { file: 'c.csv', header: ['u', 'x', 'y'], rows: [], columns: { nRows: n, cells: [unit, x, y] } };
      const byRows: CsvTableSource = { file: 'r.csv', header: ['x', 'u', 'y'], rows: rows([x, unit, y]) };
      writeCsvFiles(d, [byCols, byRows], { keepTexts: true });
      const tc = takeCsvTexts(byCols)!;
      const tr = takeCsvTexts(byRows)!;
      expect(tc[0]).toBeUndefined(); // a column given as a function
      expect(tc[1]!.values).toBe(x);
      expect(tr.map((t) => t === undefined)).toEqual([false, false, false]);
      expect(takeCsvTexts(byCols)).toBeUndefined(); // released once taken
      const plain: SheetSpec[] = [
        { name: 'c', header: byCols.header, rows: rows([unit, x, y]) },
        { name: 'r', header: byRows.header, rows: byRows.rows },
      ];
      const kept: SheetSpec[] = [
        { ...plain[0], texts: tc },
        { ...plain[1], texts: tr },
      ];
      expect(bytesOf(kept)).toEqual(bytesOf(plain));
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  });

  it('a column whose cells differ from the kept values is formatted anew (texts with wrong bytes are not used)', () => {
    const values = Float64Array.from(x);
    values[4321] = 0.5; // the sheet holds x[4321]
    const wrong: ColumnTexts = { values, bytes: Buffer.alloc(n * 3, 57), ends: Int32Array.from({ length: n }, (_, i) => 3 * (i + 1)) };
    const sheet: SheetSpec = { name: 's', header: ['x'], rows: rows([x]) };
    expect(bytesOf([{ ...sheet, texts: [wrong] }])).toEqual(bytesOf([sheet]));
    // the same texts for the sheet whose values they are: used as they are (every number cell '999'; row 1 is empty)
    const used = bytesOf([{ name: 's', header: ['x'], rows: Array.from(values, (v) => [Number.isNaN(v) ? null : v]), texts: [wrong] }]);
    expect(used.find(([name]) => name === 'xl/worksheets/sheet1.xml')![1]).toContain('<c r="A3"><v>999</v></c>');
  });

  it('without keepTexts nothing is kept', () => {
    const d = mkdtempSync(join(tmpdir(), 'nqpf-xlsx-texts-'));
    try {
      const t: CsvTableSource = { file: 'c.csv', header: ['x'], rows: [], columns: { nRows: n, cells: [x] } };
      writeCsvFiles(d, [t]);
      expect(takeCsvTexts(t)).toBeUndefined();
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  });
});

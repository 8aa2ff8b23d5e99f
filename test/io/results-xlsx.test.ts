/** results.xlsx holds every CSV table of a run, cell for cell: numbers as numbers, text escaped the same way. */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { runProject } from '../../src/app/run-project.js';
import { parseCsvSimple } from '../helpers/shared.js';

describe('results.xlsx', () => {
  it('re-read with exceljs equals the CSV tables of the demo run', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'nqpf-xlsx-')), 'out');
    const r = await runProject(resolve(import.meta.dirname, '../../examples/demo/demo.yaml'), { out, workers: 1 });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(out, 'results.xlsx'));
    const csvs = r.files.filter((f) => f.endsWith('.csv'));
    expect(csvs.length).toBeGreaterThan(20);
    for (const f of csvs) {
      const name = f.slice(0, -4).slice(0, 31);
      const ws = wb.getWorksheet(name);
      expect(ws, `sheet ${name}`).toBeDefined();
      const csv = parseCsvSimple(readFileSync(join(out, f), 'utf8')).filter((row) => row.length > 1 || row[0] !== '');
      expect(ws!.rowCount, f).toBe(csv.length);
      csv.forEach((row, i) => {
        const xr = ws!.getRow(i + 1);
        row.forEach((cell, j) => {
          const v = xr.getCell(j + 1).value;
          if (cell === '') expect(v === null || v === undefined || v === '', `${f} ${i + 1}:${j + 1}`).toBe(true);
          else if (typeof v === 'number') expect(v, `${f} ${i + 1}:${j + 1}`).toBe(Number(cell));
          else expect(String(v), `${f} ${i + 1}:${j + 1}`).toBe(cell);
        });
      });
    }
  }, 60_000);
});

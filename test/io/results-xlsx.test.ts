/**
 * results.xlsx holds every CSV table of a run, cell for cell: numbers as numbers (full precision),
 * text escaped the same way — with headers and coded values in the run's language (the demo: zh):
 * each relabelled header cell carries its CSV key as a note, region codes read 东部/中部/西部/东北,
 * and only the columns that hold codes (kinds, models, clusters, notes …) differ from the CSV.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { demoRun } from '../helpers/demo-run.js';
import { parseCsvSimple } from '../helpers/shared.js';

/** NBS regions in Chinese (written out here, independent of src/core/units/provinces.ts). */
const REGIONS: Record<string, string> = { East: '东部', Central: '中部', West: '西部', Northeast: '东北' };
/** CSV keys of the columns whose coded values the workbook shows by their label. */
const LABELLED = new Set([
  'region',
  'group',
  'group_j',
  'group_h',
  'kind',
  'rule',
  'kernel',
  'condition',
  'note',
  'statistic',
  'alternative',
  'quadrant',
  'cluster',
  'Gi_star_spot',
  'model',
  'term',
  'type',
  'period',
  'method',
  'node',
  'target',
  'factor',
  'choice',
]);

const noteText = (n: unknown): string | undefined =>
  n === undefined ? undefined : typeof n === 'string' ? n : ((n as { texts?: { text: string }[] }).texts ?? []).map((t) => t.text).join('');

describe('results.xlsx', () => {
  it('re-read with exceljs equals the CSV tables of the demo run, with Chinese headers and labels', async () => {
    const out = await demoRun();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(out, 'results.xlsx'));
    // The run's tables, as run.json lists its outputs.
    const csvs = (JSON.parse(readFileSync(join(out, 'run.json'), 'utf8')).outputs as string[]).filter((f) => f.endsWith('.csv'));
    expect(csvs.length).toBeGreaterThan(20);
    let relabelled = 0;
    let regions = 0;
    for (const f of csvs) {
      const name = f.slice(0, -4).slice(0, 31);
      const ws = wb.getWorksheet(name);
      expect(ws, `sheet ${name}`).toBeDefined();
      const csv = parseCsvSimple(readFileSync(join(out, f), 'utf8')).filter((row) => row.length > 1 || row[0] !== '');
      expect(ws!.rowCount, f).toBe(csv.length);
      // The header: the label shown, the CSV key as the cell's note when they differ.
      const keys = csv[0].map((key, j) => {
        const c = ws!.getRow(1).getCell(j + 1);
        const shown = String(c.value);
        if (shown !== key) {
          expect(noteText(c.note), `${f} header ${j + 1}`).toBe(key);
          relabelled++;
        }
        return key;
      });
      csv.slice(1).forEach((row, i) => {
        const xr = ws!.getRow(i + 2);
        row.forEach((cell, j) => {
          const v = xr.getCell(j + 1).value;
          const at = `${f} ${i + 2}:${keys[j]}`;
          if (cell === '') expect(v === null || v === undefined || v === '', at).toBe(true);
          else if (typeof v === 'number') expect(v, at).toBe(Number(cell));
          else if (String(v) !== cell) {
            expect(LABELLED.has(keys[j]), `${at}: "${v}" for "${cell}" in a column that is not labelled`).toBe(true);
            if (REGIONS[cell]) {
              expect(String(v), at).toBe(REGIONS[cell]);
              regions++;
            }
          }
        });
      });
    }
    expect(relabelled).toBeGreaterThan(100);
    expect(regions).toBeGreaterThan(372); // ranks.csv alone has one region per unit-period
    const about = wb.getWorksheet('about')!;
    const contents = about.getColumn(1).values.map(String);
    for (const f of csvs) expect(contents, `about lists ${f}`).toContain(f.slice(0, -4));
  }, 120_000);
});

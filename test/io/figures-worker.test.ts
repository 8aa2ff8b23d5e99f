/**
 * The figures worker can start before the run directory exists (the CLI starts it first, so ECharts
 * loads on another core while the run computes): handed the directory later, it draws the same
 * files as writeFigures on this thread; one closed unused refuses work instead of hanging.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRunDir } from '../../src/io/read/run-dir.js';
import { startFiguresWorker } from '../../src/io/workers/figures-run.js';
import { toCsv } from '../../src/io/write/csv-write.js';
import { writeFigures } from '../../src/io/write/figures.js';

/** A run directory with run.json and ranks.csv: three provinces over two years. */
function runDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'nqpf-figw-'));
  const run = {
    nqpf: '9.9.9',
    seed: 7,
    synthetic: true,
    notice: 'SYNTHETIC DATA',
    spec: { units: { group: 'region', registry: 'cn-provinces' } },
    inputs: [],
    outputs: ['ranks.csv'],
  };
  writeFileSync(join(dir, 'run.json'), JSON.stringify(run, null, 2));
  const header = ['unit', 'period', 'region', 'Index', 'Index_rank', 'Index_group_rank'];
  const rows = [
    ['北京', 2022, 'East', 0.5, 1, 1],
    ['山西', 2022, 'Central', 0.2, 3, 1],
    ['上海', 2022, 'East', 0.4, 2, 2],
    ['北京', 2023, 'East', 0.6, 1, 1],
    ['山西', 2023, 'Central', 0.3, 3, 1],
    ['上海', 2023, 'East', 0.45, 2, 2],
  ];
  writeFileSync(join(dir, 'ranks.csv'), toCsv(header, rows));
  return dir;
}

describe('startFiguresWorker', () => {
  it('started before the directory exists, draws the files writeFigures draws on this thread', async () => {
    const worker = startFiguresWorker();
    const [early, here] = [runDir(), runDir()];
    await new Promise((r) => setTimeout(r, 50));
    const written = await worker.run(early, 'zh', { png: false });
    await writeFigures(await readRunDir(here), here, 'zh', { png: false });
    const files = readdirSync(join(here, 'figures')).sort();
    expect(files.length).toBeGreaterThan(3);
    expect(readdirSync(join(early, 'figures')).sort()).toEqual(files);
    for (const f of files) expect(readFileSync(join(early, 'figures', f), 'utf8'), f).toBe(readFileSync(join(here, 'figures', f), 'utf8'));
    expect(written.charts.map((c) => c.id)).toContain('ranking');
    worker.close(); // after the run: nothing to do
  });

  it('handed the bundle, draws from it without reading the directory (the run hands over what it wrote)', async () => {
    const worker = startFiguresWorker();
    const src = runDir();
    const bundle = await readRunDir(src);
    const empty = mkdtempSync(join(tmpdir(), 'nqpf-figw-'));
    const written = await worker.run(empty, 'zh', { png: false }, bundle);
    await writeFigures(bundle, src, 'zh', { png: false });
    const files = readdirSync(join(src, 'figures')).sort();
    expect(files).toContain('ranking.svg');
    expect(readdirSync(join(empty, 'figures')).sort()).toEqual(files);
    for (const f of files) expect(readFileSync(join(empty, 'figures', f), 'utf8'), f).toBe(readFileSync(join(src, 'figures', f), 'utf8'));
    expect(written.charts.map((c) => c.id)).toContain('ranking');
  });

  it('closed before it was used, refuses a run instead of waiting', async () => {
    const worker = startFiguresWorker();
    worker.close();
    await expect(worker.run(runDir(), 'en', { png: false })).rejects.toThrow(/stopped before it was used/);
  });
});

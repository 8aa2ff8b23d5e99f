/**
 * The figures worker can start before the run directory exists (the CLI starts it first, so ECharts
 * loads on another core while the run computes): handed the directory later, it draws the same
 * files as writeFigures on this thread; one closed unused refuses work instead of hanging. The
 * main thread can draw a share of the charts (help): the files do not depend on the split.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRunDir } from '../../src/io/read/run-dir.js';
import { helpPays, startFiguresWorker } from '../../src/io/workers/figures-run.js';
import { toCsv } from '../../src/io/write/csv-write.js';
import { type ChartQueue, drawTaken, writeFigures } from '../../src/io/write/figures.js';

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

/** Every file of `a`/figures equals the one of `b`/figures, and there are more than three. */
function sameFigures(a: string, b: string): void {
  const files = readdirSync(join(b, 'figures')).sort();
  expect(files.length).toBeGreaterThan(3);
  expect(readdirSync(join(a, 'figures')).sort()).toEqual(files);
  for (const f of files) expect(readFileSync(join(a, 'figures', f), 'utf8'), f).toBe(readFileSync(join(b, 'figures', f), 'utf8'));
}

describe('charts drawn by two threads', () => {
  it('any split of the charts gives the files of one thread: even charts drawn by writeFigures, odd ones by drawTaken', async () => {
    const [split, one] = [runDir(), runDir()];
    const bundle = await readRunDir(split);
    let even = 0;
    let odd = 1;
    let counted = -1;
    const otherSide: number[] = [];
    const queue: ChartQueue = {
      start: (n) => void (counted = n),
      take: () => (even += 2) - 2,
      others: () =>
        drawTaken(bundle, 'zh', { png: false }, () => {
          const i = (odd += 2) - 2;
          otherSide.push(i);
          return i;
        }),
    };
    const written = await writeFigures(bundle, split, 'zh', { png: false }, queue);
    await writeFigures(await readRunDir(one), one, 'zh', { png: false });
    expect(counted).toBe(written.charts.length);
    expect(otherSide.filter((i) => i < counted).length).toBe(Math.floor(counted / 2));
    sameFigures(split, one);
  });

  it('the main thread helping the worker: the same files, every chart drawn once by one of them', async () => {
    const worker = startFiguresWorker();
    const [helped, one] = [runDir(), runDir()];
    const bundle = await readRunDir(helped);
    const run = worker.run(helped, 'zh', { png: false }, bundle);
    const here = await worker.help(bundle, { always: true });
    const written = await run;
    await writeFigures(await readRunDir(one), one, 'zh', { png: false });
    expect(here).toBeGreaterThanOrEqual(0);
    expect(here).toBeLessThanOrEqual(written.charts.length);
    sameFigures(helped, one);
    expect(await worker.help(bundle, { always: true })).toBe(0); // finished: nothing to take
  });

  it('handed the charts built on this thread (and the map), draws the files it draws from the bundle alone, helped or not', async () => {
    const { figureCharts } = await import('../../src/report/charts/index.js');
    const { reportGeoForRun, reportUnits } = await import('../../src/io/read/geo.js');
    for (const help of [false, true]) {
      const worker = startFiguresWorker();
      const [given, one] = [runDir(), runDir()];
      const bundle = await readRunDir(given);
      const geo = (await reportGeoForRun(bundle, reportUnits(bundle))).geo;
      expect(geo?.kind).toBe('china');
      const charts = figureCharts(bundle, 'zh', { map: geo });
      const run = worker.run(given, 'zh', { png: false }, bundle, charts);
      if (help) await worker.help(bundle, { always: true });
      const written = await run;
      await writeFigures(await readRunDir(one), one, 'zh', { png: false });
      expect(written.charts.map((c) => c.id)).toEqual(charts.specs.map((c) => c.id));
      expect(written.charts.map((c) => c.id)).toContain('map_score_2023');
      sameFigures(given, one);
    }
  });

  it("helps when the worker's work left is longer than 1.5 × this thread's set-up plus a chart, with two charts left and two cores, at any load", () => {
    const facts = { left: 10, msPerChart: 50, setupMs: 250, cores: 2 };
    expect(helpPays(facts)).toBe(true); // 500 ms left > 375 ms + one chart
    expect(helpPays({ ...facts, left: 8 })).toBe(false); // 400 ms left < 375 ms + one chart
    expect(helpPays({ ...facts, left: 9 })).toBe(true);
    expect(helpPays({ ...facts, msPerChart: 30 })).toBe(false); // 300 ms left: shorter than the set-up with its margin
    expect(helpPays({ ...facts, left: 1, msPerChart: 1000 })).toBe(false); // one chart: nothing to share
    expect(helpPays({ ...facts, cores: 1 })).toBe(false);
    expect(helpPays({ ...facts, msPerChart: undefined })).toBe(true); // the worker has drawn nothing yet
    expect(helpPays({ ...facts, left: Infinity })).toBe(true); // nor counted its charts
    expect(helpPays({ ...facts, left: 1, msPerChart: undefined })).toBe(false);
  });
});

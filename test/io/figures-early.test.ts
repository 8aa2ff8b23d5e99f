/**
 * A run hands its figures worker the charts of the construction as soon as the pipeline has run
 * (write-run.ts startConstructionFigures): the worker draws them while the analyses run, the rest when
 * the run is written. The figures are the bytes of the same charts drawn at the end from the finished
 * directory on one thread, for any split of the charts between the worker (early and late) and the main
 * thread; the construction's charts and the remaining ones are figureCharts' charts in report order. A
 * run that fails or is interrupted after the early charts were handed over writes nothing and stops
 * the worker; the CLI exits (130 on Ctrl-C).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runProject, type RunProjectResult } from '../../src/app/run-project.js';
import { readRunDir } from '../../src/io/read/run-dir.js';
import { type FiguresWorker, startFiguresWorker } from '../../src/io/workers/figures-run.js';
import { type ChartQueue, drawTaken, writeFigures } from '../../src/io/write/figures.js';
import { type EarlyFigures, startConstructionFigures } from '../../src/io/write/write-run.js';
import type { RunBundle } from '../../src/report/bundle.js';
import { figureCharts, remainingCharts } from '../../src/report/charts/index.js';
import type { FigureCharts } from '../../src/report/charts/index.js';
import { compiledCli } from '../helpers/compiled-cli.js';

const DEMO_DATA = resolve(import.meta.dirname, '../../examples/demo/nqpf_demo_provinces_2012_2023_SYNTHETIC.csv');

/** The demo panel (31 provinces × 12 years) with analyses that add charts to the construction's: inequality, LISA (and its map), convergence. */
function demoSpec(extra = ''): string {
  const dir = mkdtempSync(join(tmpdir(), 'nqpf-fig-early-'));
  writeFileSync(
    join(dir, 'spec.yaml'),
    `title: early figures
seed: 7
data: { file: ${JSON.stringify(DEMO_DATA)}, unit: province, period: year, synthetic: true }
units: { registry: cn-provinces, group: region }
framework: { builtin: nqpf-three-factor }
steps:
  impute: { method: linear }
  normalise: { method: minmax, range: [0, 1], scope: pooled }
  weight: { method: entropy, scope: global, pooling: pooled }
  aggregate: { method: arithmetic }
outputs: { language: zh, report: false, docx: false, xlsx: false, figures: svg }
analyses:
  score: NQPF
  group: region
  weights: { coordinates: [lon, lat], method: knn, k: 4, metric: greatcircle, style: W }
  inequality: {}
  spatial: { permutations: 99 }
  convergence: {}
${extra}`,
  );
  return join(dir, 'spec.yaml');
}

/** Three units over three years; convergence on `a`, which misses a value: the analyses fail after the construction. */
function failingSpec(): string {
  const dir = mkdtempSync(join(tmpdir(), 'nqpf-fig-early-fail-'));
  writeFileSync(
    join(dir, 'data.csv'),
    'unit,year,a,b\nu1,2019,,4\nu2,2019,2,3\nu3,2019,3,1\nu1,2020,2,5\nu2,2020,3,2\nu3,2020,4,2\nu1,2021,3,5\nu2,2021,3,4\nu3,2021,5,3\n',
  );
  writeFileSync(
    join(dir, 'spec.yaml'),
    `data: { file: data.csv, unit: unit, period: year }
framework:
  nodes:
    - { code: I }
    - { code: a, parent: I }
    - { code: b, parent: I }
steps: { aggregate: { method: arithmetic } }
analyses:
  score: a
  convergence: {}
outputs: { report: false, docx: false, xlsx: false, figures: svg }
`,
  );
  return join(dir, 'spec.yaml');
}

/** A real figures worker whose calls are recorded; `onEarly` runs after the early charts are handed over. */
function watched(onEarly?: () => void) {
  const real = startFiguresWorker();
  const calls = { early: [] as string[][], closed: 0 };
  const worker: FiguresWorker = {
    run: (...a) => real.run(...a),
    help: (...a) => real.help(...a),
    lend: (...a) => real.lend(...a),
    early: (lang, opts, charts) => {
      calls.early.push(charts.specs.map((s) => s.id));
      real.early(lang, opts, charts);
      onEarly?.();
    },
    close: () => {
      calls.closed++;
      real.close();
    },
  };
  // Stopped: it refuses a share (lend is false only for a worker that has stopped or has its run).
  const stopped = () => !real.lend({ share: undefined as never }, []);
  return { worker, calls, stopped };
}

/** Every file of `a`/figures equals the one of `b`/figures (same names, same bytes). */
function sameFigures(a: string, b: string): void {
  const files = readdirSync(join(b, 'figures')).sort();
  expect(files.length).toBeGreaterThan(10);
  expect(readdirSync(join(a, 'figures')).sort()).toEqual(files);
  for (const f of files) expect(readFileSync(join(a, 'figures', f), 'utf8'), f).toBe(readFileSync(join(b, 'figures', f), 'utf8'));
}

const OPTS = { png: false };

describe('the construction’s figures drawn while the run computes', () => {
  let out = '';
  let late = ''; // the same figures drawn from the finished directory, on this thread
  let run: RunProjectResult;
  let full: RunBundle;
  let early: EarlyFigures;
  let earlyIds: string[][] = [];

  beforeAll(async () => {
    const spec = demoSpec();
    out = join(spec, '..', 'out');
    const w = watched();
    run = await runProject(spec, { out, workers: 1, env: {}, figuresWorker: w.worker });
    earlyIds = w.calls.early;
    full = await readRunDir(out);
    late = mkdtempSync(join(tmpdir(), 'nqpf-fig-late-'));
    await writeFigures(full, late, 'zh', OPTS);
    // The construction's charts as the run built them (its map and run.json as known then).
    let handed: FigureCharts | undefined;
    const fake = { early: (_l: string, _o: unknown, c: FigureCharts) => void (handed = c) } as unknown as FiguresWorker;
    early = (await startConstructionFigures(run.project, run.result, run.seed, fake))!;
    expect(handed).toBe(early.charts);
  }, 600_000);

  it('hands the worker the construction’s charts (score maps included, no analysis chart), and its figures are those drawn at the end', () => {
    expect(earlyIds).toHaveLength(1);
    expect(earlyIds[0]).toEqual(early.charts.specs.map((s) => s.id));
    expect(earlyIds[0]).toContain('ranking');
    expect(earlyIds[0].some((id) => id.startsWith('map_score'))).toBe(true);
    expect(earlyIds[0].some((id) => /lisa|moran|inequality|theil|sigma|beta/i.test(id))).toBe(false);
    sameFigures(out, late);
  });

  it('the construction’s charts and the remaining ones are figureCharts’ charts in report order', () => {
    const opts = { ...OPTS, map: early.geo.figures || undefined };
    const rest = remainingCharts(full, 'zh', opts, early.charts);
    const n = early.charts.specs.length;
    expect(rest.specs.length).toBeGreaterThan(0);
    expect(rest.specs.some((s) => s.kind === 'map')).toBe(true); // the LISA map: a mixed family's remaining chart
    const merged = rest.order.map((k) => (k < n ? early.charts.specs[k] : rest.specs[k - n]));
    expect(JSON.stringify(merged)).toBe(JSON.stringify(figureCharts(full, 'zh', opts).specs));
  });

  it('any split between the worker (early and late) and this thread gives the same files', async () => {
    const opts = { ...OPTS, map: early.geo.figures || undefined };
    const rest = remainingCharts(full, 'zh', opts, early.charts);
    const all = { ...rest, specs: [...early.charts.specs, ...rest.specs], geo: early.charts.geo };
    // Even charts drawn by writeFigures, odd ones by drawTaken: the early and the remaining ones on both sides.
    const split = mkdtempSync(join(tmpdir(), 'nqpf-fig-split-'));
    let even = 0;
    let odd = 1;
    const queue: ChartQueue = {
      start: () => undefined,
      take: () => (even += 2) - 2,
      others: () => drawTaken(full, 'zh', OPTS, () => (odd += 2) - 2, all),
    };
    await writeFigures(full, split, 'zh', OPTS, queue, all);
    sameFigures(split, late);
    // The worker handed the early charts and, at once, the rest; this thread helping or not.
    for (const help of [false, true]) {
      const worker = startFiguresWorker();
      const dir = mkdtempSync(join(tmpdir(), 'nqpf-fig-worker-'));
      worker.early('zh', OPTS, early.charts);
      const drawing = worker.run(dir, 'zh', OPTS, { run: full.run, tables: new Map() }, rest);
      const here = help ? await worker.help(full, { always: true }) : 0;
      const written = await drawing;
      expect(written.charts.map((c) => c.id)).toEqual(figureCharts(full, 'zh', opts).specs.map((s) => s.id));
      if (!help) expect(here).toBe(0);
      sameFigures(dir, late);
    }
  }, 600_000);
});

describe('a run stopped after its early charts were handed over', () => {
  it('failing in the analyses writes nothing and stops the figures worker', async () => {
    const spec = failingSpec();
    const out = join(spec, '..', 'out');
    const w = watched();
    await expect(runProject(spec, { out, workers: 1, env: {}, figuresWorker: w.worker })).rejects.toMatchObject({
      location: { path: 'analyses.convergence' },
    });
    expect(w.calls.early).toHaveLength(1);
    expect(w.calls.early[0].length).toBeGreaterThan(0);
    expect(w.calls.closed).toBeGreaterThanOrEqual(1);
    expect(w.stopped()).toBe(true);
    expect(existsSync(out)).toBe(false);
  });

  it('interrupted while the worker draws them: E_ABORTED, nothing written, the worker stopped', async () => {
    const spec = demoSpec();
    const out = join(spec, '..', 'out');
    const ac = new AbortController();
    const w = watched(() => ac.abort());
    await expect(runProject(spec, { out, workers: 1, env: {}, figuresWorker: w.worker, signal: ac.signal })).rejects.toMatchObject({
      code: 'E_ABORTED',
    });
    expect(w.calls.early).toHaveLength(1);
    expect(w.calls.closed).toBeGreaterThanOrEqual(1);
    expect(w.stopped()).toBe(true);
    expect(existsSync(out)).toBe(false);
  }, 120_000);
});

describe('the CLI after the early charts were handed over', () => {
  let BIN = '';
  beforeAll(async () => {
    BIN = await compiledCli();
  }, 300_000);

  /** `nqpf run`; `interrupt`: SIGINT once stderr shows `when`. */
  function cli(spec: string, out: string, when?: RegExp) {
    return new Promise<{ code: number | null; stderr: string }>((res, rej) => {
      const child = spawn(process.execPath, [BIN, 'run', spec, '--out', out, '--workers', '1'], { stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      let sent = false;
      child.stderr!.on('data', (b: Buffer) => {
        stderr += b.toString();
        if (when && !sent && when.test(stderr)) {
          sent = true;
          child.kill('SIGINT');
        }
      });
      child.on('error', rej);
      child.on('close', (code) => res({ code, stderr }));
    });
  }

  it('exits after a failure in the analyses, writing nothing', async () => {
    const spec = failingSpec();
    const out = join(spec, '..', 'out');
    const r = await cli(spec, out);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/analyses\.convergence/);
    expect(existsSync(out)).toBe(false);
  }, 300_000);

  it('Ctrl-C while the robustness runs (the early charts are being drawn): exit 130, "interrupted", nothing written', async () => {
    // The robustness starts after the early charts are handed over; its first progress line says so.
    const spec = demoSpec(`robustness:
  scores: [NQPF]
  factors:
    - { name: weights, type: weights, levels: [2, 3], noise: 0.25 }
  uncertainty: { replications: 100000 }
`);
    const out = join(spec, '..', 'out');
    const r = await cli(spec, out, /robustness \[/);
    expect(r.code, r.stderr).toBe(130);
    expect(r.stderr).toMatch(/interrupted/);
    expect(existsSync(out)).toBe(false);
  }, 300_000);
});

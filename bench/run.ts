/**
 * `npm run bench`: pipeline timings, median of repeated in-process runs (loading and parsing
 * excluded; they are timed once separately). Targets live here, never in tests:
 *   - synthetic 5,000 units × 15 periods × 40 indicators, pooled min-max + entropy + TOPSIS:
 *     ≤ 40 ms on one thread (issue 14; numpy ≈ 75 ms on the same machine), ≤ 50 ms with the column
 *     pool (src/io/workers/column-pool.ts: one worker thread takes half of the per-column work).
 *     Each row is exactly executeLog on the panel built once: Index = TOPSIS (pooled ideal) over the
 *     40 entropy-weighted indicators, with the screening/imputation counts, the weight table and the
 *     fresh normalised and score columns a run keeps, without ranks (skipRanks); no spec parsing,
 *     loading or output. The same is timed with four dimension means (arithmetic, the usual
 *     评价指标体系 shape) and the ranks of every score; the ranks alone (5 scores × 15 periods of
 *     5,000 units, rankDescending): ≤ 10 ms (issue 14).
 * The synthetic rows run first, before the examples are loaded, so each is timed on a clean heap.
 * ASEM and the CN provincial panel need ../shared (or NQPF_SHARED); they are skipped without it.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildFramework } from '../src/core/framework.js';
import type { Panel } from '../src/core/panel.js';
import { Rng } from '../src/core/rng.js';
import { loadProject } from '../src/io/read/load-project.js';
import { resolveLog } from '../src/pipeline/log.js';
import { executeLog } from '../src/pipeline/run.js';
import { rankDescending } from '../src/pipeline/methods.js';
import { StepsSpec } from '../src/spec/schema.js';
import { benchLocalMoran } from './local-moran.js';
import { benchRobustness } from './robustness.js';
import { benchThreshold } from './threshold.js';
import { benchPanel } from './panel.js';
import { dagum } from '../src/analysis/inequality/index.js';
import { benchProcess } from './process.js';
import { repoRoot, sharedDir } from './paths.js';
import { type ColumnPool, sharedFloat64 } from '../src/core/parallel.js';
import { startColumnPool } from '../src/io/workers/column-pool.js';

const shared = sharedDir;
const env = { ...process.env, NQPF_SHARED: shared };

function median(xs: number[]): number {
  const s = xs.slice().sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function time(f: () => unknown, reps: number, warm = 3): { median: number; min: number; reps: number } {
  for (let i = 0; i < warm; i++) f();
  const ts: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    f();
    ts.push(performance.now() - t0);
  }
  return { median: median(ts), min: Math.min(...ts), reps };
}

const rows: string[][] = [];
const report = (name: string, r: { median: number; min: number; reps: number }, target?: string) => {
  rows.push([name, r.median.toFixed(2), r.min.toFixed(2), String(r.reps), target ?? '']);
};

async function example(name: string, file: string, reps: number) {
  const spec = resolve(repoRoot, 'examples', file);
  const t0 = performance.now();
  const p = await loadProject(spec, { env });
  const loadMs = performance.now() - t0;
  const r = time(() => executeLog({ raw: p.panel, framework: p.framework, log: p.log, groupAttr: p.groupAttr }), reps);
  report(`${name}: pipeline (${p.panel.units.length}×${p.panel.periods.length}×${p.framework.indicators.length})`, r);
  rows.push([`${name}: load spec + data (once)`, loadMs.toFixed(2), '', '1', '']);
}

/** A seeded synthetic panel: log-normal levels with a unit effect and period trends; some indicators negative. */
function synthetic(nU: number, nT: number, nI: number): { panel: Panel; codes: string[]; direction: (j: number) => 1 | -1 } {
  const rng = Rng.create(7);
  const codes = Array.from({ length: nI }, (_, j) => `x${j + 1}`);
  const values = new Map<string, Float64Array>();
  const level = Float64Array.from({ length: nU }, () => rng.normal());
  codes.forEach((c, j) => {
    const v = sharedFloat64(nU * nT); // as loadProject allocates panels: readable by a column pool
    for (let t = 0; t < nT; t++)
      for (let u = 0; u < nU; u++) v[t * nU + u] = Math.exp(0.5 * level[u] + 0.03 * t * (1 + (j % 5)) + 0.3 * rng.normal()) * (1 + j);
    values.set(c, v);
  });
  const panel: Panel = {
    units: Array.from({ length: nU }, (_, u) => `u${u}`),
    periods: Array.from({ length: nT }, (_, t) => String(2010 + t)),
    periodValues: Array.from({ length: nT }, (_, t) => 2010 + t),
    hasPeriod: true,
    indicators: codes,
    values,
    attributes: new Map(),
  };
  return { panel, codes, direction: (j) => (j % 7 === 3 ? -1 : 1) };
}

async function benchSynthetic() {
  const { panel, codes, direction } = synthetic(5000, 15, 40);
  const normalise = { method: 'minmax', range: [0, 1], scope: 'pooled' };
  const weight = { method: 'entropy', scope: 'global', pooling: 'pooled' };
  // The target: Index = TOPSIS over the 40 weighted indicators.
  const flat = buildFramework([{ code: 'Index' }, ...codes.map((c, j) => ({ code: c, parent: 'Index', direction: direction(j) }))]);
  const flatLog = resolveLog(StepsSpec.parse({ normalise, weight, aggregate: { method: 'topsis', ideal: 'pooled' } }), flat);
  // The same with four dimensions (arithmetic means of 10 indicators each) under the Index.
  const dims = buildFramework([
    { code: 'Index' },
    ...[1, 2, 3, 4].map((d) => ({ code: `D${d}`, parent: 'Index' })),
    ...codes.map((c, j) => ({ code: c, parent: `D${(j % 4) + 1}`, direction: direction(j) })),
  ]);
  const dimsLog = resolveLog(
    StepsSpec.parse({ normalise, weight, aggregate: { method: 'arithmetic', nodes: { Index: { method: 'topsis', inputs: 'indicators', ideal: 'pooled' } } } }),
    dims,
  );
  const flatRun = (pool?: ColumnPool) => executeLog({ raw: panel, framework: flat, log: flatLog, skipRanks: true, pool });
  const dimsRun = (pool?: ColumnPool) => executeLog({ raw: panel, framework: dims, log: dimsLog, skipRanks: true, pool });
  report(
    'synthetic 5000×15×40: pooled min-max + entropy + TOPSIS, 1 thread',
    time(() => flatRun(), 25, 5),
    '≤ 40 ms',
  );
  report(
    'synthetic 5000×15×40: the same + 4 dimension means, 1 thread',
    time(() => dimsRun(), 25, 5),
  );
  report(
    'synthetic 5000×15×40: the same + ranks of 5 scores × 15 periods, 1 thread',
    time(() => executeLog({ raw: panel, framework: dims, log: dimsLog }), 15),
  );
  // The ranks alone: the 75 columns (5 scores × 15 periods) of 5,000 units the run above ranks.
  {
    const r = dimsRun();
    const cols = r.scoreCodes.flatMap((code) => {
      const x = r.datasets.aggregated.values.get(code)!;
      return Array.from({ length: 15 }, (_, t) => x.subarray(t * 5000, (t + 1) * 5000));
    });
    report(
      'synthetic 5000×15: ranks of 5 scores × 15 periods (75 columns of 5,000 units), 1 thread',
      time(() => cols.map((c) => rankDescending(c)), 25, 5),
      '≤ 10 ms',
    );
  }
  // In-process with a column pool (one worker thread, started once, outside the timing), passed to each run.
  const pool = await startColumnPool();
  try {
    report(
      'synthetic 5000×15×40: pooled min-max + entropy + TOPSIS, column pool (2 threads)',
      time(() => flatRun(pool), 25, 5),
      '≤ 50 ms',
    );
    report(
      'synthetic 5000×15×40: the same + 4 dimension means, column pool (2 threads)',
      time(() => dimsRun(pool), 25, 5),
    );
  } finally {
    await pool.close();
  }
}

/**
 * `npm run bench -- <group>…` runs only the named groups: synthetic, examples, analyses, panel, threshold, robustness, process, figures,
 * scale, firm-workers (bench/scale.ts: whole-process runs on generated inputs; NQPF_BENCH_REPS rounds, default 5;
 * NQPF_BENCH_SCALE_UNITS sizes of the scale rows, default 50000).
 */
const only = new Set(process.argv.slice(2));
const want = (group: string) => only.size === 0 || only.has(group);

async function main() {
  if (want('synthetic')) await benchSynthetic();
  if (want('examples')) {
    if (existsSync(resolve(shared, 'README.md'))) {
      await example('ASEM (COINr example)', 'asem-coinr.yaml', 50);
      await example('CN provinces S&T, entropy+TOPSIS', 'cn-scitech-entropy-topsis.yaml', 50);
    } else {
      console.log(`(../shared not found at ${shared}: ASEM and CN benchmarks skipped)`);
    }
  }
  if (want('analyses')) {
    const rng = Rng.create(11);
    const n = 2800;
    const x = Float64Array.from({ length: n }, () => Math.exp(rng.normal()));
    const g = Int32Array.from({ length: n }, () => rng.int(8));
    const labels = Array.from({ length: 8 }, (_, i) => `g${i + 1}`);
    report(
      'Dagum Gini decomposition, 2800 units in 8 groups',
      time(() => dagum(x, g, labels), 20),
      '≤ 50 ms',
    );
    const lm = benchLocalMoran(5);
    rows.push([
      `local Moran, ${lm.nsim} conditional permutations, ${lm.units} units × ${lm.neighbours}-NN`,
      lm.medianMs.toFixed(2),
      lm.minMs.toFixed(2),
      String(lm.runs),
      '≤ 250 ms',
    ]);
    rows.push([`local Moran, analytical (spdep localmoran), ${lm.units} units`, lm.analyticMs.toFixed(2), '', String(lm.runs), '']);
  }
  if (want('panel')) report('two-way FE, unit-clustered SEs (Stata), 5000 units × 15 periods × 20 regressors', benchPanel(31), '≤ 50 ms');
  if (want('threshold')) {
    const th = benchThreshold(3);
    rows.push([
      `Hansen single threshold, 5000×15, ${th.grid}-point grid, 300 bootstrap replications`,
      th.medianMs.toFixed(2),
      th.minMs.toFixed(2),
      String(th.runs),
      '≤ 5000 ms',
    ]);
  }
  if (want('robustness')) rows.push(...(await benchRobustness()));
  if (want('process')) rows.push(...benchProcess());
  if (want('figures')) rows.push(...(await (await import('./figures.js')).benchFigures()));
  if (want('spatial')) rows.push(...(await import('./spatial.js')).benchSpatial());
  if (want('scale')) rows.push(...(await (await import('./scale.js')).benchScale()));
  if (want('firm-workers')) rows.push(...(await (await import('./scale.js')).benchFirmWorkers()));

  const w = [Math.max(...rows.map((x) => x[0].length)), 10, 10, 5, 10];
  const line = (x: string[]) => x.map((c, i) => (i === 0 ? c.padEnd(w[0]) : c.padStart(w[i]))).join('  ');
  console.log(line(['benchmark', 'median ms', 'min ms', 'runs', 'target']));
  for (const x of rows) console.log(line(x));
  console.log(`node ${process.version}, ${process.arch}`);
}

await main();

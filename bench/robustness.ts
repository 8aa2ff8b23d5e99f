/**
 * Robustness benchmarks (issue 4 targets, never asserted in tests):
 *   - ms per ASEM replication (COINr's set-up; COINr needs ≈ 175 ms) — target ≤ 0.18 ms (1000×);
 *   - wall time of the 6,000-run ASEM sensitivity analysis (with worker threads) — target < 2 s;
 *   - what a robustness worker costs before its first replication (start to ready: module loading,
 *     one structured clone, engine build), against the start-up the default thread choice assumes
 *     (src/io/workers/thread-choice.ts: WORKER_MODULE_LOAD_MS + the engine build measured here);
 *   - synthetic 5,000 units × 15 periods × 40 indicators, 1,000 replications — target < 60 s,
 *     peak RSS < 2 GB.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildFramework } from '../src/core/framework.js';
import type { Panel } from '../src/core/panel.js';
import { Rng } from '../src/core/rng.js';
import { loadProject } from '../src/io/read/load-project.js';
import { pointFor, runRobustness } from '../src/io/workers/robustness-run.js';
import { WORKER_MODULE_LOAD_MS } from '../src/io/workers/thread-choice.js';
import { spawnSiblingWorker } from '../src/io/workers/worker-spawn.js';
import { uncertaintyTables } from '../src/robustness/analyse.js';
import { RobustnessEngine } from '../src/robustness/engine.js';
import { RobustnessSpec, StepsSpec } from '../src/spec/schema.js';
import { repoRoot, sharedDir } from './paths.js';

const median = (xs: number[]) => {
  const s = xs.slice().sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

export async function benchRobustness(): Promise<string[][]> {
  const rows: string[][] = [];
  const shared = sharedDir;
  if (existsSync(resolve(shared, 'README.md'))) {
    const specPath = resolve(repoRoot, 'examples/asem-robustness.yaml');
    const env = { ...process.env, NQPF_SHARED: shared };
    const p = await loadProject(specPath, { env });
    const input = { raw: p.panel, framework: p.framework, steps: p.spec.steps, groupAttr: p.groupAttr, spec: p.spec.robustness!, seed: 1 };
    const tb = performance.now();
    const engine = new RobustnessEngine(input);
    const buildMs = performance.now() - tb;
    const starts: number[] = [];
    for (let rep = 0; rep < 3; rep++) {
      const t0 = performance.now();
      const here = new URL(`../src/io/workers/robustness-run.${import.meta.url.endsWith('.ts') ? 'ts' : 'js'}`, import.meta.url).href;
      const w = spawnSiblingWorker(here, 'robustness-worker', { workerData: input });
      await new Promise((res, rej) => {
        w.once('message', res);
        w.once('error', rej);
      });
      starts.push(performance.now() - t0);
      await w.terminate();
    }
    rows.push([
      'ASEM: robustness worker start-up to ready, ms',
      median(starts).toFixed(1),
      Math.min(...starts).toFixed(1),
      '3',
      `assumed ${(WORKER_MODULE_LOAD_MS + buildMs).toFixed(0)} ms (+ warm-up)`,
    ]);
    const u = new Float64Array(engine.factors.length);
    const s = new Float64Array(engine.nOut);
    const r = new Float64Array(engine.nOut);
    for (let i = 0; i < 200; i++) engine.run(pointFor('uncertainty', 1, undefined, i, u), s, r, 0); // warm caches and JIT
    const per: number[] = [];
    for (let rep = 0; rep < 7; rep++) {
      const t0 = performance.now();
      for (let i = 0; i < 1000; i++) engine.run(pointFor('uncertainty', 1, undefined, rep * 1000 + i, u), s, r, 0);
      per.push((performance.now() - t0) / 1000);
    }
    rows.push(['ASEM: ms per replication (1 thread, 7 × 1000 runs)', median(per).toFixed(4), Math.min(...per).toFixed(4), '7', '≤ 0.18 ms']);
    const sa = { ...p, spec: { ...p.spec, robustness: { ...p.spec.robustness!, uncertainty: undefined, leaveOneOut: false, compare: false } } };
    const walls: number[] = [];
    for (let rep = 0; rep < 3; rep++) {
      const t0 = performance.now();
      await runRobustness(sa, { specPath, env, seed: 1, workers: availableParallelism() });
      walls.push(performance.now() - t0);
    }
    rows.push([
      `ASEM: 6,000-run sensitivity analysis incl. bootstrap (${availableParallelism()} workers), ms`,
      median(walls).toFixed(1),
      Math.min(...walls).toFixed(1),
      '3',
      '< 2000 ms',
    ]);
  }
  // Firm scale, in-process.
  const nU = 5000;
  const nT = 15;
  const nI = 40;
  const rng = Rng.create(17);
  const codes = Array.from({ length: nI }, (_, j) => `x${j + 1}`);
  const level = Float64Array.from({ length: nU }, () => rng.normal());
  const panel: Panel = {
    units: Array.from({ length: nU }, (_, i) => `f${i}`),
    periods: Array.from({ length: nT }, (_, t) => String(2010 + t)),
    periodValues: Array.from({ length: nT }, (_, t) => 2010 + t),
    hasPeriod: true,
    indicators: codes,
    values: new Map(
      codes.map((c, j) => [
        c,
        Float64Array.from({ length: nU * nT }, (_, i) => Math.exp(0.5 * level[i % nU] + 0.02 * Math.floor(i / nU) * (1 + (j % 3)) + 0.3 * rng.normal())),
      ]),
    ),
    attributes: new Map(),
  };
  const fw = buildFramework([
    { code: 'Index' },
    ...[1, 2, 3, 4].map((d) => ({ code: `D${d}`, parent: 'Index' })),
    ...codes.map((c, j) => ({ code: c, parent: `D${(j % 4) + 1}` })),
  ]);
  const steps = StepsSpec.parse({ normalise: { method: 'minmax', range: [1, 100] }, weight: { method: 'entropy' } });
  const spec = RobustnessSpec.parse({
    factors: [
      {
        name: 'norm',
        type: 'alternatives',
        path: 'steps.normalise',
        alternatives: [
          { method: 'minmax', range: [1, 100] },
          { method: 'zscore', mean: 10, sd: 2 },
        ],
      },
      { name: 'agg', type: 'alternatives', path: 'steps.aggregate.method', alternatives: ['arithmetic', 'geometric'] },
      { name: 'weights', type: 'weights', levels: [2], noise: 0.25 },
    ],
  });
  const t0 = performance.now();
  const engine = new RobustnessEngine({ raw: panel, framework: fw, steps, spec, seed: 5 });
  const N = 1000;
  const scores = new Float32Array(N * engine.nOut);
  const ranks = new Float32Array(N * engine.nOut);
  const u = new Float64Array(engine.factors.length);
  for (let i = 0; i < N; i++) engine.run(pointFor('uncertainty', 5, undefined, i, u), scores, ranks, i * engine.nOut);
  uncertaintyTables(engine, engine.nominal(), { scores, ranks }, N, 10);
  const wall = performance.now() - t0;
  const rss = process.resourceUsage().maxRSS / 1024; // MiB
  rows.push(['synthetic 5000×15×40, 1000 replications + uncertainty stats (1 thread), ms', wall.toFixed(0), '', '1', '< 60000 ms']);
  rows.push(['synthetic 5000×15×40: peak RSS of this process, MiB', rss.toFixed(0), '', '', '< 2048 MiB']);
  return rows;
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'))) {
  for (const r of await benchRobustness()) console.log(r.join('  '));
}

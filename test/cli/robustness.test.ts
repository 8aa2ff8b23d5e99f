/**
 * Acceptance (issue 4): the same seed with 1, 2 and 3 workers writes byte-identical outputs; the
 * uncertainty table equals statistics computed by brute force from independently re-run
 * replications; examples/asem-robustness.yaml validates.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProject } from '../../src/io/read/load-project.js';
import { engineInput, pointFor, prestartRobustnessWorkers, runRobustness } from '../../src/io/workers/robustness-run.js';
import { runProject } from '../../src/app/run-project.js';
import { constructStateOf, executeLog } from '../../src/pipeline/run.js';
import { quantile } from '../../src/kernels/quantile.js';
import { RobustnessEngine } from '../../src/robustness/engine.js';
import { close, listFilesRecursive, sharedAvailable, sharedDir } from '../helpers/shared.js';

const DATA =
  [
    'unit,year,a,b,c,d',
    ...Array.from({ length: 8 }, (_, u) =>
      [2020, 2021].map((y) => `u${u},${y},${((u * 7) % 5) + 1 + (y - 2020)},${((u * 3) % 7) + 2},${u + 1},${((u * 5) % 9) + 1}`),
    ).flat(),
  ].join('\n') + '\n';
const SPEC = `data: { file: data.csv, unit: unit, period: year }
framework:
  nodes:
    - { code: I }
    - { code: D1, parent: I }
    - { code: D2, parent: I }
    - { code: a, parent: D1 }
    - { code: b, parent: D1 }
    - { code: c, parent: D2 }
    - { code: d, parent: D2, direction: -1 }
steps:
  normalise: { method: minmax, range: [1, 100] }
robustness:
  factors:
    - { name: norm, type: alternatives, path: steps.normalise, alternatives: [{ method: minmax, range: [1, 100] }, { method: zscore, mean: 10, sd: 2 }] }
    - { name: agg, type: alternatives, path: steps.aggregate.method, alternatives: [arithmetic, geometric] }
    - { name: w, type: weights, noise: 0.25 }
    - { name: drop, type: exclusion }
  uncertainty: { replications: 64 }
  sensitivity: { baseSamples: 24, bootstrap: 50 }
`;

function project() {
  const dir = mkdtempSync(join(tmpdir(), 'nqpf-rob-'));
  writeFileSync(join(dir, 'data.csv'), DATA);
  writeFileSync(join(dir, 'spec.yaml'), SPEC);
  return dir;
}
const sha = (f: string) => createHash('sha256').update(readFileSync(f)).digest('hex');

describe('robustness runs', () => {
  it('worker threads (a given count exactly, kept for both phases) give the same tables as one thread', async () => {
    const dir = project();
    const p1 = await loadProject(join(dir, 'spec.yaml'));
    const one = await runRobustness(p1, { seed: 9, workers: 1 });
    const p3 = await loadProject(join(dir, 'spec.yaml'));
    const three = await runRobustness(p3, { seed: 9, workers: 3 });
    expect(one.summary.workers).toBe(1);
    expect(three.summary.workers).toBe(3);
    expect(three.tables).toEqual(one.tables);
    // Every run computed by the two workers (this thread only hands out jobs): the same tables.
    const onlyWorkers = await runRobustness(await loadProject(join(dir, 'spec.yaml')), { seed: 9, workers: 3, mainThread: false });
    expect(onlyWorkers.tables).toEqual(one.tables);
    // The default on an idle 4-core machine: a job of milliseconds stays on one thread.
    const dflt = await runRobustness(await loadProject(join(dir, 'spec.yaml')), { seed: 9, machine: { cores: 4, load: 0 } });
    expect(dflt.summary.workers).toBe(1);
    expect(dflt.tables).toEqual(one.tables);
    // Outputs kept in single precision (as large runs are): workers send them rounded, the same values as this thread's.
    const single1 = await runRobustness(await loadProject(join(dir, 'spec.yaml')), { seed: 9, workers: 1, singleAbove: 0 });
    const single2 = await runRobustness(await loadProject(join(dir, 'spec.yaml')), { seed: 9, workers: 2, mainThread: false, singleAbove: 0 });
    expect(single2.tables).toEqual(single1.tables);
    expect(single1.tables).not.toEqual(one.tables); // the rounding shows in the score statistics
  });

  it('workers started before the data are read (prestarted) are handed the input and give the same tables', async () => {
    const dir = project();
    const one = await runRobustness(await loadProject(join(dir, 'spec.yaml')), { seed: 9, workers: 1 });
    // Started before the project is loaded, as `nqpf run` does once the spec is read.
    const early = prestartRobustnessWorkers(2);
    const p = await loadProject(join(dir, 'spec.yaml'));
    const three = await runRobustness(p, { seed: 9, workers: 3, mainThread: false, prestarted: early });
    expect(three.summary.workers).toBe(3); // the two prestarted, none started besides
    expect(three.tables).toEqual(one.tables);
    expect(early.take().workers).toEqual([]); // handed over once
    // Fed their input as soon as the project is loaded (as `nqpf run` does), they build their engines before the run.
    const fed = prestartRobustnessWorkers(2);
    const pf = await loadProject(join(dir, 'spec.yaml'));
    fed.feed(engineInput(pf, 9));
    const viaFed = await runRobustness(pf, { seed: 9, workers: 3, mainThread: false, prestarted: fed });
    expect(viaFed.summary.workers).toBe(3);
    expect(viaFed.tables).toEqual(one.tables);
    // Beside the automatic choice (one thread here) a prestarted worker joins every phase.
    const auto = await runRobustness(await loadProject(join(dir, 'spec.yaml')), {
      seed: 9,
      machine: { cores: 4, load: 0 },
      mainThread: false,
      prestarted: prestartRobustnessWorkers(1),
    });
    expect(auto.summary.workers).toBe(2);
    expect(auto.tables).toEqual(one.tables);
    // An input the engine refuses: the run rejects with its error and stops the prestarted worker.
    const bad = await loadProject(join(dir, 'spec.yaml'));
    const badInput = { ...bad, spec: { ...bad.spec, robustness: { ...bad.spec.robustness!, scores: ['nope'] } } };
    await expect(runRobustness(badInput, { seed: 9, workers: 2, prestarted: prestartRobustnessWorkers(1) })).rejects.toMatchObject({ code: 'E_SPEC' });
    // Fed that input, the worker refuses it too: the run rejects with the error, no thread waits on a worker that never gets ready.
    const refusing = prestartRobustnessWorkers(1);
    refusing.feed(engineInput(badInput, 9));
    await expect(runRobustness(badInput, { seed: 9, workers: 2, mainThread: false, prestarted: refusing })).rejects.toMatchObject({ code: 'E_SPEC' });
    prestartRobustnessWorkers(1).close(); // never taken: stopped
  });

  it('a fed worker begins the uncertainty replications before the run does; the run joins them: the same tables', async () => {
    const dir = project();
    const one = await runRobustness(await loadProject(join(dir, 'spec.yaml')), { seed: 9, workers: 1 });
    for (const mainThread of [true, false]) {
      const fed = prestartRobustnessWorkers(2);
      const p = await loadProject(join(dir, 'spec.yaml'));
      fed.feed(engineInput(p, 9));
      // Taken here, so that the run starts only once the first worker has begun (announced its buffers).
      const taken = fed.take();
      const runs = await taken.early!.runs;
      expect(Atomics.load(taken.early!.control, 0)).toBe(1);
      const prestarted = { feed() {}, take: () => taken, close() {} };
      const r = await runRobustness(p, { seed: 9, workers: 3, mainThread, prestarted });
      expect(r.summary.workers).toBe(3);
      expect(r.tables).toEqual(one.tables);
      expect(Atomics.load(runs.counter, 1)).toBe(64); // every replication went through the early buffers
    }
    // Closed before the worker began (as the run does when it reaches the replications first): the worker joins the run's own phase.
    const late = prestartRobustnessWorkers(1);
    const p = await loadProject(join(dir, 'spec.yaml'));
    late.feed(engineInput(p, 9));
    const closed = late.take();
    const closedFirst = Atomics.compareExchange(closed.early!.control, 0, 0, 2) === 0;
    const r = await runRobustness(p, { seed: 9, workers: 2, mainThread: false, prestarted: { feed() {}, take: () => closed, close() {} } });
    expect(r.tables).toEqual(one.tables);
    if (closedFirst) expect(Atomics.load(closed.early!.control, 0)).toBe(2); // the worker never began
  });

  it("starting from the run's own construction state (executeLog) gives the same tables as constructing again", async () => {
    const dir = project();
    const p = await loadProject(join(dir, 'spec.yaml'));
    const result = executeLog({ raw: p.panel, framework: p.framework, log: p.log, groupAttr: p.groupAttr });
    const state = constructStateOf(result);
    expect(state).toBeDefined();
    const fresh = await runRobustness(p, { seed: 9, workers: 1 });
    const reused = await runRobustness(p, { seed: 9, workers: 1, nominal: { log: p.log, state: state! } });
    expect(reused.tables).toEqual(fresh.tables);
  });

  it('an abort while workers run stops them and rejects with E_ABORTED', async () => {
    const dir = project();
    const ac = new AbortController();
    const p = await loadProject(join(dir, 'spec.yaml'));
    let calls = 0;
    const run = runRobustness(p, { seed: 9, workers: 2, signal: ac.signal, onProgress: () => ++calls === 2 && ac.abort() });
    await expect(run).rejects.toMatchObject({ code: 'E_ABORTED' });
  });

  it('same seed, 1, 2 and 3 workers → identical output bytes', async () => {
    const dir = project();
    await runProject(join(dir, 'spec.yaml'), { out: join(dir, 'w1'), workers: 1, seed: 9 });
    const files = listFilesRecursive(join(dir, 'w1'));
    expect(files).toContain('uncertainty.csv');
    expect(files).toContain('sensitivity.csv');
    expect(files).toContain('leave_one_out.csv');
    expect(files).toContain('method_comparison.csv');
    const j1 = JSON.parse(readFileSync(join(dir, 'w1', 'run.json'), 'utf8'));
    for (const w of [2, 3]) {
      const out = join(dir, `w${w}`);
      await runProject(join(dir, 'spec.yaml'), { out, workers: w, seed: 9 });
      expect(listFilesRecursive(out)).toEqual(files);
      for (const f of files) if (f !== 'run.json') expect(sha(join(out, f)), `${w} workers: ${f}`).toBe(sha(join(dir, 'w1', f)));
      // run.json differs only in the recorded worker count.
      const j = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8'));
      expect(j.robustness.workers).toBe(w);
      expect({ ...j, robustness: { ...j.robustness, workers: 1 } }).toEqual(j1);
    }
  });

  it("this thread's own work (meanwhile) comes once before its replications; finished tables are handed over before the comparisons", async () => {
    const dir = project();
    const one = await runRobustness(await loadProject(join(dir, 'spec.yaml')), { seed: 9, workers: 1 });
    for (const workers of [1, 2]) {
      const events: string[] = [];
      const handed: unknown[] = [];
      const r = await runRobustness(await loadProject(join(dir, 'spec.yaml')), {
        seed: 9,
        workers,
        meanwhile: async () => {
          events.push('meanwhile');
        },
        onTables: (t) => {
          events.push('tables');
          handed.push(...t);
        },
        onProgress: () => {
          if (events.at(-1) !== 'progress') events.push('progress');
        },
      });
      expect(r.tables).toEqual(one.tables);
      expect(events[0]).toBe('meanwhile');
      expect(events.filter((e) => e === 'meanwhile')).toHaveLength(1);
      expect(events.filter((e) => e === 'tables')).toHaveLength(1);
      // The uncertainty and sensitivity tables, the result's own objects, before the comparisons and left-out indicators.
      expect(handed.map((t) => (t as { name: string }).name)).toEqual(r.tables.slice(0, handed.length).map((t) => t.name));
      handed.forEach((t, i) => expect(t).toBe(r.tables[i]));
      expect(r.tables.slice(handed.length).map((t) => t.name)).toEqual(['leave_one_out', 'leave_one_out_ranks', 'method_comparison']);
    }
  });

  it('nqpf run writes while the replications run: an abort or a failed write leaves nothing and stops the workers', async () => {
    const dir = project();
    // Interrupted during the replications (the pipeline's files are written by then): no output directory.
    const ac = new AbortController();
    let calls = 0;
    const out = join(dir, 'aborted');
    const run = runProject(join(dir, 'spec.yaml'), { out, workers: 2, seed: 9, signal: ac.signal, onProgress: () => ++calls === 2 && ac.abort() });
    await expect(run).rejects.toMatchObject({ code: 'E_ABORTED' });
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir).filter((f) => f.startsWith('.nqpf-tmp'))).toEqual([]);
    // The output path is a file: the writing fails before anything is written; the run rejects with that error (no hang).
    writeFileSync(join(dir, 'a-file'), 'x');
    await expect(runProject(join(dir, 'spec.yaml'), { out: join(dir, 'a-file'), workers: 2, seed: 9 })).rejects.toMatchObject({ code: 'E_OUTPUT_NOT_DIR' });
    expect(readFileSync(join(dir, 'a-file'), 'utf8')).toBe('x');
  });

  it('uncertainty statistics equal brute force over re-run replications', async () => {
    const dir = project();
    const r = await runProject(join(dir, 'spec.yaml'), { workers: 1, seed: 4, dryRun: true });
    const p = await loadProject(join(dir, 'spec.yaml'));
    const e = new RobustnessEngine({ raw: p.panel, framework: p.framework, steps: p.spec.steps, spec: p.spec.robustness!, seed: 4 });
    const nominal = e.nominal();
    const N = 64;
    const ranks: number[][] = Array.from({ length: e.nOut }, () => []);
    const u = new Float64Array(e.factors.length);
    for (let k = 0; k < N; k++) {
      const s = new Float64Array(e.nOut);
      const rk = new Float64Array(e.nOut);
      e.run(pointFor('uncertainty', 4, undefined, k, u), s, rk, 0);
      rk.forEach((v, o) => ranks[o].push(v));
    }
    const t = r.robustness!.tables.find((x) => x.name === 'uncertainty')!;
    const col = (c: string) => t.header.indexOf(c);
    t.rows.forEach((row, o) => {
      const x = ranks[o];
      expect(row[col('nominal_rank')]).toBe(nominal.ranks[o]);
      expect(close(row[col('mean_rank')] as number, x.reduce((a, b) => a + b, 0) / N)).toBe(true);
      expect(row[col('p05_rank')]).toBe(quantile(Float64Array.from(x), 0.05));
      expect(row[col('p95_rank')]).toBe(quantile(Float64Array.from(x), 0.95));
      expect(close(row[col('mean_abs_rank_shift')] as number, x.reduce((a, b) => a + Math.abs(b - nominal.ranks[o]), 0) / N)).toBe(true);
    });
  });
});

describe.skipIf(!sharedAvailable)('examples/asem-robustness.yaml', () => {
  it('reproduces the COINr set-up: 4 factors, N = 1000, 6,000 Saltelli runs', async () => {
    const p = await loadProject(resolve(import.meta.dirname, '../../examples/asem-robustness.yaml'), { env: { NQPF_SHARED: sharedDir } });
    const rob = p.spec.robustness!;
    expect(rob.factors.map((f) => f.name)).toEqual(['winmax', 'normalisation', 'weights', 'aggregation']);
    expect(rob.uncertainty!.replications).toBe(1000);
    expect((rob.factors.length + 2) * rob.sensitivity!.baseSamples).toBe(6000);
    const e = new RobustnessEngine({ raw: p.panel, framework: p.framework, steps: p.spec.steps, groupAttr: p.groupAttr, spec: rob, seed: 1 });
    expect(e.factors.find((f) => f.spec.name === 'weights')!.noisyNodes!.size).toBe(8 + 2); // 8 pillars (level 2) + 2 sub-indices (level 3)
  });
});

/**
 * Run a spec's robustness section: uncertainty analysis (N Monte Carlo replications), Saltelli
 * sensitivity analysis, leave-one-indicator-out and method comparison. Replications run in
 * `workers` worker threads (default: the number of cores) or in-process for one worker; every
 * replication has its own seeded stream, so results are byte-identical for any worker count.
 * Progress goes to a callback (the CLI draws a bar with ETA on stderr); an abort signal stops
 * the workers and nothing is written.
 */
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { NqpfError, type ErrorJSON } from '../../core/errors.js';
import { Rng } from '../../core/rng.js';
import { comparisonTable, leaveOneOutTable, sensitivityTables, uncertaintyTables, type Table } from '../../robustness/analyse.js';
import { RobustnessEngine, type RunOutputs } from '../../robustness/engine.js';
import { designPoint, saltelliDesign, type SaltelliDesign } from '../../robustness/sampling.js';
import type { LoadedProject } from '../read/load-project.js';
import { spawnSiblingWorker } from './worker-spawn.js';

export type RunKind = 'uncertainty' | 'sensitivity';

/** The unit-uniform point of run r: per-replication streams (uncertainty) or the Saltelli design (sensitivity). */
export function pointFor(kind: RunKind, seed: number, design: SaltelliDesign | undefined, r: number, out: Float64Array): Float64Array {
  if (kind === 'sensitivity') return designPoint(design!, r, out);
  const rng = Rng.stream(seed, 0x0a11, r);
  for (let i = 0; i < out.length; i++) out[i] = rng.uniform();
  return out;
}

export interface RobustnessOptions {
  specPath: string;
  env: Record<string, string | undefined>;
  seed: number;
  /** Worker threads (default: available cores); 1 runs in-process. */
  workers?: number;
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
}

export interface RobustnessResult {
  tables: Table[];
  summary: { factors: string[]; tracked: string[]; uncertaintyRuns: number; sensitivityRuns: number; workers: number };
}

export async function runRobustness(project: LoadedProject, opts: RobustnessOptions): Promise<RobustnessResult> {
  const spec = project.spec.robustness!;
  const engine = new RobustnessEngine({
    raw: project.panel,
    framework: project.framework,
    steps: project.spec.steps,
    groupAttr: project.groupAttr,
    spec,
    seed: opts.seed,
  });
  const nominal = engine.nominal();
  const workers = Math.max(1, Math.floor(opts.workers ?? availableParallelism()));
  const k = engine.factors.length;
  const ua = spec.uncertainty;
  const sa = spec.sensitivity;
  const uaRuns = ua ? ua.replications : 0;
  const saRuns = sa ? (k + 2) * sa.baseSamples : 0;
  const total = uaRuns + saRuns;
  let done = 0;
  const progress = (n: number) => {
    done += n;
    opts.onProgress?.(done, total);
  };
  const tables: Table[] = [];
  if (ua) {
    const out = await computeRuns(engine, 'uncertainty', uaRuns, 0, opts, workers, progress);
    tables.push(...uncertaintyTables(engine, nominal, out, uaRuns, ua.unstable));
  }
  if (sa) {
    const out = await computeRuns(engine, 'sensitivity', saRuns, sa.baseSamples, opts, workers, progress);
    tables.push(...sensitivityTables(engine, nominal, out.ranks, sa.baseSamples, { bootstrap: sa.bootstrap, level: sa.level, seed: opts.seed }));
  }
  if (spec.leaveOneOut) tables.push(...leaveOneOutTable(engine, nominal));
  if (spec.compare) tables.push(...comparisonTable(engine, nominal));
  return {
    tables,
    summary: { factors: engine.factors.map((f) => f.spec.name), tracked: engine.tracked, uncertaintyRuns: uaRuns, sensitivityRuns: saRuns, workers },
  };
}

async function computeRuns(
  engine: RobustnessEngine,
  kind: RunKind,
  nRuns: number,
  nBase: number,
  opts: RobustnessOptions,
  workers: number,
  progress: (n: number) => void,
): Promise<RunOutputs> {
  const nOut = engine.nOut;
  // Above 10 million values per buffer, outputs are kept in single precision (about 7 significant
  // digits for score statistics; ranks stay exact) so that firm-scale runs fit in memory.
  const single = nRuns * nOut > 1e7;
  const scores = single ? new Float32Array(nRuns * nOut) : new Float64Array(nRuns * nOut);
  const ranks = single ? new Float32Array(nRuns * nOut) : new Float64Array(nRuns * nOut);
  const chunk = Math.max(8, Math.min(250, Math.ceil(nRuns / (workers * 8))));
  if (workers === 1) {
    const design = kind === 'sensitivity' ? saltelliDesign(nBase, engine.factors.length, opts.seed) : undefined;
    const u = new Float64Array(engine.factors.length);
    for (let start = 0; start < nRuns; start += chunk) {
      if (opts.signal?.aborted) throw abortError();
      const end = Math.min(nRuns, start + chunk);
      for (let r = start; r < end; r++) engine.run(pointFor(kind, opts.seed, design, r, u), scores, ranks, r * nOut, r);
      progress(end - start);
      await new Promise((res) => setImmediate(res)); // let signals and progress through
    }
    return { scores, ranks };
  }
  const queue: [number, number][] = [];
  for (let s = 0; s < nRuns; s += chunk) queue.push([s, Math.min(nRuns, s + chunk)]);
  const pool: Worker[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      let outstanding = 0;
      let failed = false;
      const onAbort = () => fail(abortError());
      const fail = (e: Error) => {
        if (failed) return;
        failed = true;
        opts.signal?.removeEventListener('abort', onAbort);
        reject(e);
      };
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      const next = (w: Worker) => {
        const job = queue.shift();
        if (!job) {
          if (outstanding === 0) {
            opts.signal?.removeEventListener('abort', onAbort);
            resolve();
          }
          return;
        }
        outstanding++;
        w.postMessage({ start: job[0], end: job[1] });
      };
      const n = Math.min(workers, queue.length);
      for (let i = 0; i < n; i++) {
        const w = spawnWorker({ specPath: opts.specPath, env: opts.env, seed: opts.seed, kind, nBase });
        pool.push(w);
        w.on('message', (m: { ready?: true; start?: number; end?: number; scores?: Float64Array; ranks?: Float64Array; error?: ErrorJSON }) => {
          if (failed) return;
          if (m.error) return fail(m.error.code !== 'E_INTERNAL' ? NqpfError.fromJSON(m.error) : new Error(m.error.message));
          if (m.ready) return next(w);
          outstanding--;
          scores.set(m.scores!, m.start! * nOut);
          ranks.set(m.ranks!, m.start! * nOut);
          progress(m.end! - m.start!);
          next(w);
        });
        w.on('error', (e) => fail(e));
        w.on('exit', (code) => {
          if (code !== 0 && !failed) fail(new Error(`robustness worker exited with code ${code}`));
        });
      }
    });
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
  return { scores, ranks };
}

function abortError(): Error {
  return new NqpfError('E_ABORTED', 'robustness analysis interrupted; nothing was written');
}

function spawnWorker(data: { specPath: string; env: Record<string, string | undefined>; seed: number; kind: RunKind; nBase: number }): Worker {
  return spawnSiblingWorker(import.meta.url, 'robustness-worker', { workerData: data });
}

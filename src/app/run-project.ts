/**
 * `nqpf run` as a function: load a project, execute its log, write the outputs atomically.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { NqpfError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { AnalysesResult } from '../analysis/run.js';
import { constructStateOf, executeLog, type PipelineResult } from '../pipeline/run.js';
import { hasAnalyses, runProjectAnalyses } from './analyses-io.js';
import {
  engineInput,
  type PrestartedWorkers,
  prestartRobustnessWorkers,
  type RobustnessOptions,
  runRobustness,
  type RobustnessResult,
} from '../io/workers/robustness-run.js';
import { prestartThreads } from '../io/workers/thread-choice.js';
import type { LoadedProject } from '../io/read/load-project.js';
import type { Spec } from '../spec/schema.js';
import { loadCheckedProject, takeCheckedConstruction } from './check-project.js';
import { type OutputTable, type PendingTables, startConstructionFigures, writeRunWithReport } from '../io/write/write-run.js';
import { type FiguresWorker, startFiguresWorker } from '../io/workers/figures-run.js';
import { shareColumns } from '../io/workers/csv-writer-run.js';
import type { WriteReportResult } from '../io/write/report.js';

export interface RunProjectOptions {
  /** Output directory (default: spec outputs.dir, else "nqpf-out" beside the spec). */
  out?: string;
  /** Seed override (default: spec.seed). */
  seed?: number;
  env?: Record<string, string | undefined>;
  logger?: Logger;
  /** Compute only; write nothing. */
  dryRun?: boolean;
  /**
   * Robustness threads, honoured exactly (`--workers`). Default: chosen from the job — one thread unless the measured
   * work clearly exceeds a worker's start-up, never more than the idle cores (cores − load average); see chooseThreads.
   * Also the threads of the value-chain LU on tables of at least 2,000 sectors (app/analyses-io.ts; same results).
   */
  workers?: number;
  /** Cap on the chosen count when `workers` is not given (the workbench's per-run limit). */
  maxWorkers?: number;
  /** Robustness progress (runs done, total). */
  onProgress?: (done: number, total: number) => void;
  /** Abort the run (Ctrl-C): checked between phases, inside the robustness analysis and just before the outputs are put in place — nothing is written. */
  signal?: AbortSignal;
  /** Write into an existing non-empty output directory nqpf did not create, keeping every file in it (never deletes a user's file). */
  force?: boolean;
  /**
   * A figures worker the caller started before loading the pipeline, so ECharts loads on another core
   * meanwhile (the CLI does): used when the run draws figures, closed otherwise. Without one, a run
   * that draws figures starts its own as soon as the spec is read.
   */
  figuresWorker?: FiguresWorker;
}

export interface RunProjectResult {
  project: LoadedProject;
  result: PipelineResult;
  /** Analysis tables (empty when the spec has no analyses). */
  analyses: AnalysesResult;
  robustness?: RobustnessResult;
  seed: number;
  outDir?: string;
  files: string[];
  /** What the report writer said (units without map geometry, map notes), when a report was written. */
  report?: WriteReportResult;
}

const aborted = () => new NqpfError('E_ABORTED', 'interrupted; nothing was written');

export async function runProject(specPath: string, opts: RunProjectOptions = {}): Promise<RunProjectResult> {
  if (opts.signal?.aborted) throw aborted();
  // Robustness workers start as soon as the spec is read: they load their modules while the data
  // are read and checked, and are handed the constructed input when the replications begin.
  let prestarted: PrestartedWorkers | undefined;
  const onSpec = (spec: Spec) => {
    // A run without figures stops the caller's figures worker now rather than after the data are read:
    // it would load ECharts on another core for nothing (≈ 0.3 s of CPU idle, 1–2 s on a busy machine).
    if (opts.dryRun || spec.outputs.figures === 'none') opts.figuresWorker?.close();
    const n = spec.robustness ? earlyRobustnessWorkers(spec, opts) : 0;
    if (n > 0) prestarted = prestartRobustnessWorkers(n);
  };
  // The checks `nqpf validate` makes: every input problem at once, before computing.
  let project: LoadedProject;
  try {
    // Fed as soon as the data are read: they build their engines (and one begins the replications) while this thread checks the values.
    // A job of few replications of a large panel (50,000 units: ≈ 0.1 s each) qualifies only now that its size is known.
    const onData = (p: LoadedProject) => {
      if (!prestarted && p.spec.robustness) {
        const n = earlyRobustnessWorkers(p.spec, opts, p.panel.units.length * Math.max(1, p.panel.periods.length) * p.panel.indicators.length);
        if (n > 0) prestarted = prestartRobustnessWorkers(n);
      }
      prestarted?.feed(engineInput(p, opts.seed ?? p.spec.seed));
    };
    project = await loadCheckedProject(specPath, { env: opts.env, onSpec, onData });
  } catch (e) {
    prestarted?.close();
    throw e;
  }
  if (opts.signal?.aborted) {
    prestarted?.close();
    throw aborted();
  }
  for (const w of project.warnings) opts.logger?.warn(w);
  // The figures worker starts now, if the caller has not started one: it loads ECharts and the charts on
  // another core while the run computes.
  const draws = !opts.dryRun && project.spec.outputs.figures !== 'none';
  const figures = draws ? (opts.figuresWorker ?? startFiguresWorker()) : undefined;
  if (!draws) opts.figuresWorker?.close();
  try {
    return await computeAndWrite(specPath, project, opts, figures, prestarted);
  } finally {
    figures?.close();
    prestarted?.close();
  }
}

/**
 * Robustness workers to start when the spec is read (or, with `cells`, when the data are read):
 * `--workers` − 1 when given; otherwise one per core idle now, for a large job (prestartThreads;
 * none on a busy machine or for a small job).
 */
function earlyRobustnessWorkers(spec: Spec, opts: RunProjectOptions, cells?: number): number {
  const r = spec.robustness!;
  if (opts.workers !== undefined) return cells === undefined ? Math.max(0, Math.floor(opts.workers) - 1) : 0;
  const runs = (r.uncertainty?.replications ?? 0) + (r.sensitivity ? (r.factors.length + 2) * r.sensitivity.baseSamples : 0);
  // Besides this thread, the figures worker takes a core (it loads ECharts now and then draws), so it
  // counts as busy whether or not the kernel's count caught it running: on 2 cores with figures on,
  // no worker is prestarted (measured: the ASEM example's default was ≈ 75 ms slower than one thread).
  // A run that draws no figures has closed that worker (onSpec).
  const busy = Math.max(othersRunning(), opts.dryRun || spec.outputs.figures === 'none' ? 0 : 1);
  return prestartThreads({ runs, cells, cores: availableParallelism(), busy, max: opts.maxWorkers });
}

/**
 * Threads of other processes running or waiting for a core now: the kernel's count (Linux, /proc/loadavg) less this
 * process's own threads running now (this one, and e.g. V8's compiler or GC threads or a closing figures worker, which
 * would otherwise read as a busy machine); else the one-minute load average.
 */
function othersRunning(): number {
  try {
    const m = /^\S+ \S+ \S+ (\d+)\//.exec(readFileSync('/proc/loadavg', 'utf8'));
    if (m) {
      let own = 0;
      for (const t of readdirSync('/proc/self/task')) {
        try {
          const s = readFileSync(`/proc/self/task/${t}/stat`, 'utf8');
          if (s.charAt(s.lastIndexOf(')') + 2) === 'R') own++;
        } catch {}
      }
      return Math.max(0, Number(m[1]) - Math.max(1, own));
    }
  } catch {}
  return loadavg()[0];
}

async function computeAndWrite(
  specPath: string,
  project: LoadedProject,
  opts: RunProjectOptions,
  figures: FiguresWorker | undefined,
  prestarted?: PrestartedWorkers,
): Promise<RunProjectResult> {
  const seed = opts.seed ?? project.spec.seed;
  // The construction steps from the state the checks built (loadCheckedProject): computed once.
  const checked = takeCheckedConstruction(project);
  const result = executeLog({
    raw: project.panel,
    framework: project.framework,
    log: project.log,
    logger: opts.logger,
    groupAttr: project.groupAttr,
    from: checked ? [checked] : undefined,
  });
  // A run whose large CSV files a thread of their own writes hands it the data sets' columns on shared memory.
  const csvThread = opts.workers === undefined || opts.workers > 1;
  if (csvThread && !opts.dryRun) shareColumns(result);
  // The charts of the construction go to the figures worker now: it draws them while the analyses and
  // the robustness run (taking a share of the spatial permutations between two charts), the rest when
  // the run is written.
  const early = figures ? await startConstructionFigures(project, result, seed, figures) : undefined;
  let analyses: AnalysesResult = { tables: [], warnings: [] };
  if (opts.signal?.aborted) throw aborted();
  if (hasAnalyses(project)) {
    // The figures worker draws meanwhile, and takes a share of the spatial permutations.
    const a = await runProjectAnalyses(project, result, seed, { workers: opts.workers, helper: figures });
    project.inputs.push(...a.inputs);
    analyses = { tables: a.tables, warnings: a.warnings };
    for (const w of a.warnings) opts.logger?.warn(w);
  }
  const robustnessOpts = (more: Partial<RobustnessOptions> = {}): RobustnessOptions => ({
    specPath,
    env: opts.env ?? {},
    seed,
    workers: opts.workers,
    machine: opts.workers === undefined ? { cores: availableParallelism(), load: loadavg()[0], max: opts.maxWorkers } : undefined,
    onProgress: opts.onProgress,
    signal: opts.signal,
    prestarted,
    nominal: nominalOf(project, result),
    ...more,
  });
  if (opts.dryRun) {
    const robustness = project.spec.robustness ? await runRobustness(project, robustnessOpts()) : undefined;
    return { project, result, analyses, robustness, seed, files: [] };
  }
  if (opts.signal?.aborted) throw aborted();
  const outDir = opts.out ? resolve(opts.out) : resolve(project.specDir, project.spec.outputs.dir ?? 'nqpf-out');
  // The output may neither be nor contain an input: the spec, its data, framework, units, weights, map.
  const protect = [project.specFile, ...project.inputs.map((i) => resolve(project.specDir, i.path))];
  const map = project.spec.outputs.map?.geojson;
  if (map) protect.push(resolve(project.specDir, map));
  const write = (robustnessTables: Promise<RobustnessResult> | undefined, written?: PendingTables['written']) =>
    writeRunWithReport(
      outDir,
      project,
      result,
      seed,
      analyses,
      undefined,
      { force: opts.force, protect, signal: opts.signal },
      // Large CSV files on a thread of their own, unless the user asked for one thread (--workers 1).
      { figures, early, csvThread },
      robustnessTables && written ? { result: robustnessTables.then((r) => ({ tables: r.tables, robustness: r.summary })), written } : undefined,
    );
  let robustness: RobustnessResult | undefined;
  let wrote: Awaited<ReturnType<typeof writeRunWithReport>>;
  if (project.spec.robustness) {
    // The files of the pipeline and the analyses are written while the robustness workers compute
    // the first replications: this thread writes them first (robustness `meanwhile`), then joins.
    // Then the uncertainty and sensitivity tables while the workers compare methods (onTables).
    let more: ((tables: readonly OutputTable[]) => void) | undefined;
    let filesWritten!: () => void;
    const known = new Promise<void>((res) => {
      filesWritten = res;
    });
    const written = (m?: (tables: readonly OutputTable[]) => void) => {
      more ??= m;
      filesWritten();
    };
    // A failed write stops the replications (they would be written nowhere).
    const stop = new AbortController();
    const onAbort = () => stop.abort();
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    if (opts.signal?.aborted) stop.abort();
    const computing = runRobustness(project, robustnessOpts({ signal: stop.signal, meanwhile: () => known, onTables: (t) => more?.(t) }));
    const writing = write(computing, written);
    writing.catch(() => stop.abort());
    const [c, w] = await Promise.allSettled([computing, writing]);
    opts.signal?.removeEventListener('abort', onAbort);
    if (w.status === 'rejected') throw w.reason;
    if (c.status === 'rejected') throw c.reason;
    robustness = c.value;
    wrote = w.value;
  } else wrote = await write(undefined);
  const { files, report } = wrote;
  if (report?.unmatched.length) opts.logger?.warn({ code: 'W_MAP_UNMATCHED', message: `report map: no geometry for ${report.unmatched.join(', ')}` });
  for (const n of report?.mapNotes ?? []) opts.logger?.warn({ code: 'W_MAP', message: `report map: ${n}` });
  return { project, result, analyses, robustness, seed, outDir, files, report };
}

/** The log and construction state of the run just executed (they do not depend on the seed): the robustness engine's nominal run starts from them. */
function nominalOf(project: LoadedProject, result: PipelineResult): RobustnessOptions['nominal'] {
  const state = constructStateOf(result);
  return state ? { log: project.log, state } : undefined;
}

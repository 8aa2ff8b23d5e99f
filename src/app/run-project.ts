/**
 * `nqpf run` as a function: load a project, execute its log, write the outputs atomically.
 */
import { availableParallelism, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { NqpfError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { AnalysesResult } from '../analysis/run.js';
import { executeLog, type PipelineResult } from '../pipeline/run.js';
import { hasAnalyses, runProjectAnalyses } from './analyses-io.js';
import { runRobustness, type RobustnessResult } from '../io/workers/robustness-run.js';
import type { LoadedProject } from '../io/read/load-project.js';
import { loadCheckedProject } from './check-project.js';
import { writeRunWithReport } from '../io/write/write-run.js';
import { type FiguresWorker, startFiguresWorker } from '../io/workers/figures-run.js';
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
  // The checks `nqpf validate` makes: every input problem at once, before computing.
  const project = await loadCheckedProject(specPath, { env: opts.env });
  if (opts.signal?.aborted) throw aborted();
  for (const w of project.warnings) opts.logger?.warn(w);
  // The figures worker starts now, if the caller has not started one: it loads ECharts and the charts on
  // another core while the run computes.
  const draws = !opts.dryRun && project.spec.outputs.figures !== 'none';
  const figures = draws ? (opts.figuresWorker ?? startFiguresWorker()) : undefined;
  if (!draws) opts.figuresWorker?.close();
  try {
    return await computeAndWrite(specPath, project, opts, figures);
  } finally {
    figures?.close();
  }
}

async function computeAndWrite(
  specPath: string,
  project: LoadedProject,
  opts: RunProjectOptions,
  figures: FiguresWorker | undefined,
): Promise<RunProjectResult> {
  const seed = opts.seed ?? project.spec.seed;
  const result = executeLog({ raw: project.panel, framework: project.framework, log: project.log, logger: opts.logger, groupAttr: project.groupAttr });
  let analyses: AnalysesResult = { tables: [], warnings: [] };
  if (opts.signal?.aborted) throw aborted();
  if (hasAnalyses(project)) {
    const a = await runProjectAnalyses(project, result, seed, { workers: opts.workers });
    project.inputs.push(...a.inputs);
    analyses = { tables: a.tables, warnings: a.warnings };
    for (const w of a.warnings) opts.logger?.warn(w);
  }
  let robustness: RobustnessResult | undefined;
  if (project.spec.robustness) {
    const machine = opts.workers === undefined ? { cores: availableParallelism(), load: loadavg()[0], max: opts.maxWorkers } : undefined;
    robustness = await runRobustness(project, {
      specPath,
      env: opts.env ?? {},
      seed,
      workers: opts.workers,
      machine,
      onProgress: opts.onProgress,
      signal: opts.signal,
    });
  }
  if (opts.dryRun) return { project, result, analyses, robustness, seed, files: [] };
  if (opts.signal?.aborted) throw aborted();
  const outDir = opts.out ? resolve(opts.out) : resolve(project.specDir, project.spec.outputs.dir ?? 'nqpf-out');
  // The output may neither be nor contain an input: the spec, its data, framework, units, weights, map.
  const protect = [project.specFile, ...project.inputs.map((i) => resolve(project.specDir, i.path))];
  const map = project.spec.outputs.map?.geojson;
  if (map) protect.push(resolve(project.specDir, map));
  const { files, report } = await writeRunWithReport(
    outDir,
    project,
    result,
    seed,
    { tables: [...analyses.tables, ...(robustness?.tables ?? [])], warnings: analyses.warnings },
    robustness?.summary,
    { force: opts.force, protect, signal: opts.signal },
    { figures },
  );
  if (report?.unmatched.length) opts.logger?.warn({ code: 'W_MAP_UNMATCHED', message: `report map: no geometry for ${report.unmatched.join(', ')}` });
  for (const n of report?.mapNotes ?? []) opts.logger?.warn({ code: 'W_MAP', message: `report map: ${n}` });
  return { project, result, analyses, robustness, seed, outDir, files, report };
}

/**
 * `nqpf run` as a function: load a project, execute its log, write the outputs atomically.
 */
import { resolve } from 'node:path';
import type { Logger } from '../core/logger.js';
import type { AnalysesResult } from '../analysis/run.js';
import { executeLog, type PipelineResult } from '../pipeline/run.js';
import { hasAnalyses, runProjectAnalyses } from './analyses-io.js';
import { runRobustness, type RobustnessResult } from './robustness-run.js';
import { loadProject, type LoadedProject } from './load-project.js';
import { writeRunWithReport } from './write-run.js';
import type { WriteReportResult } from './report.js';

export interface RunProjectOptions {
  /** Output directory (default: spec outputs.dir, else "nqpf-out" beside the spec). */
  out?: string;
  /** Seed override (default: spec.seed). */
  seed?: number;
  env?: Record<string, string | undefined>;
  logger?: Logger;
  /** Compute only; write nothing. */
  dryRun?: boolean;
  /** Robustness worker threads (default: available cores). */
  workers?: number;
  /** Robustness progress (runs done, total). */
  onProgress?: (done: number, total: number) => void;
  /** Abort the robustness analysis (nothing is written). */
  signal?: AbortSignal;
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

export async function runProject(specPath: string, opts: RunProjectOptions = {}): Promise<RunProjectResult> {
  const project = await loadProject(specPath, { env: opts.env });
  for (const w of project.warnings) opts.logger?.warn(w);
  const seed = opts.seed ?? project.spec.seed;
  const result = executeLog({ raw: project.panel, framework: project.framework, log: project.log, logger: opts.logger, groupAttr: project.groupAttr });
  let analyses: AnalysesResult = { tables: [], warnings: [] };
  if (hasAnalyses(project)) {
    const a = await runProjectAnalyses(project, result, seed);
    project.inputs.push(...a.inputs);
    analyses = { tables: a.tables, warnings: a.warnings };
    for (const w of a.warnings) opts.logger?.warn(w);
  }
  let robustness: RobustnessResult | undefined;
  if (project.spec.robustness) {
    robustness = await runRobustness(project, { specPath, env: opts.env ?? {}, seed, workers: opts.workers, onProgress: opts.onProgress, signal: opts.signal });
  }
  if (opts.dryRun) return { project, result, analyses, robustness, seed, files: [] };
  const outDir = opts.out ? resolve(opts.out) : resolve(project.specDir, project.spec.outputs.dir ?? 'nqpf-out');
  const { files, report } = await writeRunWithReport(outDir, project, result, seed, { tables: [...analyses.tables, ...(robustness?.tables ?? [])], warnings: analyses.warnings }, robustness?.summary);
  if (report?.unmatched.length) opts.logger?.warn({ code: 'W_MAP_UNMATCHED', message: `report map: no geometry for ${report.unmatched.join(', ')}` });
  for (const n of report?.mapNotes ?? []) opts.logger?.warn({ code: 'W_MAP', message: `report map: ${n}` });
  return { project, result, analyses, robustness, seed, outDir, files, report };
}

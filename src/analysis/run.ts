/**
 * Run the spec's `analyses` on a pipeline result: each analysis of the registry whose section is
 * present computes its tables per score, per period (and per group). Pure: spatial weights arrive
 * already built and aligned. Every table carries full-precision numbers; a value that cannot be
 * computed is NaN together with a `note` column saying why (never a silent NaN).
 */
import { NqpfError } from '../core/errors.js';
import type { Warning } from '../core/logger.js';
import type { AnalysesResult, AnalysisContext, AnalysisTable, CommonAnalysesSpec } from './context.js';
import { presentAnalyses, type AnalysisSections } from './registry.js';

export {
  groups,
  needWeights,
  num,
  periodCell,
  scoreColumn,
  sectionScores,
  type AnalysesResult,
  type AnalysisContext,
  type AnalysisTable,
  type Cell,
} from './context.js';

/** Run every analysis present in the spec, in registry order. */
export function runAnalyses(input: Omit<AnalysisContext, 'scores' | 'warn' | 'spec'> & { spec: CommonAnalysesSpec & AnalysisSections }): AnalysesResult {
  const warnings: Warning[] = [];
  const ctx: AnalysisContext = { ...input, scores: input.result.datasets.aggregated, warn: (w) => warnings.push(w) };
  const tables: AnalysisTable[] = [];
  for (const a of presentAnalyses(input.spec)) {
    try {
      tables.push(...a.run(ctx, (input.spec as Record<string, unknown>)[a.key]));
    } catch (e) {
      throw locateInSection(e, `analyses.${a.key}`);
    }
  }
  return { tables, warnings };
}

/** An error of a section without a spec path gets the section's path, so the user knows which analysis stopped. */
function locateInSection(e: unknown, path: string): unknown {
  if (!(e instanceof NqpfError) || e.location?.path) return e;
  return new NqpfError(e.code, `${path}: ${e.message}`, { location: { ...e.location, path }, hint: e.hint, data: e.data });
}

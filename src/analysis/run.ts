/**
 * Run the spec's `analyses` on a pipeline result: each present section computes its tables per
 * score, per period (and per group). Pure: spatial weights arrive already built and aligned.
 * Every table carries full-precision numbers; a value that cannot be computed is NaN together
 * with a `note` column saying why (never a silent NaN).
 */
import { NqpfError } from '../core/errors.js';
import { runInequality } from './sections/inequality.js';
import { runDensity } from './sections/density.js';
import { runMarkov } from './sections/markov.js';
import { runSpatial } from './sections/spatial.js';
import { runConvergence } from './sections/convergence.js';
import { runObstacle } from './sections/obstacle.js';
import { runCoupling } from './sections/coupling.js';

export { groups, needWeights, num, periodCell, scoreColumn, sectionScores, type AnalysesResult, type AnalysisContext, type AnalysisTable, type Cell } from './context.js';
import type { AnalysesResult, AnalysisContext, AnalysisTable } from './context.js';
import type { Warning } from '../core/logger.js';

/** Run every analysis present in the spec. */
export function runAnalyses(input: Omit<AnalysisContext, 'scores' | 'warn'>): AnalysesResult {
  const warnings: Warning[] = [];
  const ctx: AnalysisContext = { ...input, scores: input.result.datasets.aggregated, warn: (w) => warnings.push(w) };
  const s = input.spec;
  const tables: AnalysisTable[] = [];
  const section = (key: string, run: () => AnalysisTable[]) => {
    try {
      tables.push(...run());
    } catch (e) {
      throw locateInSection(e, `analyses.${key}`);
    }
  };
  if (s.inequality) section('inequality', () => runInequality(ctx, s.inequality!));
  if (s.density) section('density', () => runDensity(ctx, s.density!));
  if (s.markov) section('markov', () => runMarkov(ctx, s.markov!));
  if (s.spatial) section('spatial', () => runSpatial(ctx, s.spatial!));
  if (s.convergence) section('convergence', () => runConvergence(ctx, s.convergence!));
  if (s.obstacle) section('obstacle', () => runObstacle(ctx, s.obstacle!));
  if (s.coupling) section('coupling', () => runCoupling(ctx, s.coupling!));
  return { tables, warnings };
}

/** An error of a section without a spec path gets the section's path, so the user knows which analysis stopped. */
function locateInSection(e: unknown, path: string): unknown {
  if (!(e instanceof NqpfError) || e.location?.path) return e;
  return new NqpfError(e.code, `${path}: ${e.message}`, { location: { ...e.location, path }, hint: e.hint, data: e.data });
}

/**
 * Run the spec's `analyses` on a pipeline result: each analysis of the registry whose section is
 * present computes its tables per score, per period (and per group). Pure: spatial weights arrive
 * already built and aligned. Every table carries full-precision numbers; a value that cannot be
 * computed is NaN together with a `note` column saying why (never a silent NaN).
 */
import { fail, NqpfError } from '../core/errors.js';
import type { Warning } from '../core/logger.js';
import type { Panel } from '../core/panel.js';
import type { AnalysisDescriptor } from './descriptor.js';
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

/**
 * Run every analysis present in the spec. Analyses that add score columns (`addsScores`, e.g. the DEA efficiency
 * scores) run first and their columns join the scores panel the others see; tables are returned in registry order.
 */
export function runAnalyses(input: Omit<AnalysisContext, 'scores' | 'warn' | 'spec'> & { spec: CommonAnalysesSpec & AnalysisSections }): AnalysesResult {
  const warnings: Warning[] = [];
  const ctx: AnalysisContext = { ...input, scores: input.result.datasets.aggregated, warn: (w) => warnings.push(w) };
  const present = presentAnalyses(input.spec);
  const section = (a: AnalysisDescriptor) => (input.spec as Record<string, unknown>)[a.key];
  const done = new Map<string, AnalysisTable[]>();
  const runOne = (a: AnalysisDescriptor) => {
    try {
      done.set(a.key, a.run(ctx, section(a)));
    } catch (e) {
      throw locateInSection(e, `analyses.${a.key}`);
    }
  };
  for (const a of present.filter((x) => x.addsScores)) {
    runOne(a);
    ctx.scores = withScores(ctx.scores, a.addsScores?.values(done.get(a.key) ?? [], ctx, section(a)) ?? new Map(), `analyses.${a.key}`);
  }
  for (const a of present) if (!done.has(a.key)) runOne(a);
  return { tables: present.flatMap((a) => done.get(a.key) ?? []), warnings };
}

/** The scores panel with more columns; a name that is already a score is an error (the spec check reports it first). */
function withScores(P: Panel, cols: Map<string, Float64Array>, path: string): Panel {
  if (!cols.size) return P;
  for (const [name, v] of cols) {
    if (P.values.has(name))
      fail('E_ANALYSIS_SCORE', `${path}: the score "${name}" it adds is already a score of this run`, {
        location: { path },
        hint: 'rename the model so that its name is not a framework code or an alternative score',
      });
    if (v.length !== P.units.length * P.periods.length) fail('E_INTERNAL', `${path}: score "${name}" has ${v.length} values`);
  }
  return { ...P, indicators: [...P.indicators, ...cols.keys()], values: new Map([...P.values, ...cols]) };
}

/** An error of a section without a spec path gets the section's path, so the user knows which analysis stopped. */
function locateInSection(e: unknown, path: string): unknown {
  if (!(e instanceof NqpfError) || e.location?.path) return e;
  return new NqpfError(e.code, `${path}: ${e.message}`, { location: { ...e.location, path }, hint: e.hint, data: e.data });
}

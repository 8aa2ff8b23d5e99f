/**
 * Run the spec's `analyses` on a pipeline result: each present section computes its tables per
 * score, per period (and per group). Pure: spatial weights arrive already built and aligned.
 * Every table carries full-precision numbers; a value that cannot be computed is NaN together
 * with a `note` column saying why (never a silent NaN).
 */
import { NqpfError, fail, nearest } from '../core/errors.js';
import type { Warning } from '../core/logger.js';
import { groupIndex, type Panel } from '../core/panel.js';
import type { PipelineResult } from '../pipeline/run.js';
import type { AnalysesSpec } from '../spec/schema.js';
import type { SpatialWeights } from './spatial/types.js';
import { runInequality } from './sections/inequality.js';
import { runDensity } from './sections/density.js';
import { runMarkov } from './sections/markov.js';
import { runSpatial } from './sections/spatial.js';
import { runConvergence } from './sections/convergence.js';
import { runObstacle } from './sections/obstacle.js';
import { runCoupling } from './sections/coupling.js';

export type Cell = string | number | null;
export interface AnalysisTable { name: string; file: string; header: string[]; rows: Cell[][] }

export interface AnalysisContext {
  result: PipelineResult;
  spec: AnalysesSpec;
  /** Scores data set: the aggregated panel (indicators normalised, aggregates, alternatives). */
  scores: Panel;
  groupAttr?: string;
  weights?: SpatialWeights;
  seed: number;
  warn: (w: Warning) => void;
}

export interface AnalysesResult { tables: AnalysisTable[]; warnings: Warning[] }

/** Numbers as cells: NaN → empty. */
export const num = (x: number): number | null => (Number.isNaN(x) ? null : x);
export const periodCell = (label: string): string | number => (/^-?\d+$/.test(label) ? Number(label) : label);

/** The score column `code` of the scores panel, or a located error. */
export function scoreColumn(ctx: AnalysisContext, code: string, path: string): Float64Array {
  const v = ctx.scores.values.get(code);
  if (!v) {
    const known = ctx.scores.indicators;
    const near = nearest(code, known);
    fail('E_ANALYSIS_SCORE', `${path}: "${code}" is not a score of this run`, { location: { path }, hint: `${near.length ? `did you mean "${near[0]}"? ` : ''}scores: ${known.join(', ')}` });
  }
  return v;
}

/** Scores a section analyses: its `scores`, else `analyses.score`, else the framework root. */
export function sectionScores(ctx: AnalysisContext, scores: string[] | undefined, path: string): string[] {
  const list = scores ?? [ctx.spec.score ?? ctx.result.framework.root];
  list.forEach((c, i) => scoreColumn(ctx, c, scores ? `${path}.scores.${i}` : 'analyses.score'));
  return list;
}

/** Group index per unit (analyses.group, else the run's group attribute), or a located error. */
export function groups(ctx: AnalysisContext, path: string): { index: Int32Array; labels: string[]; attr: string } {
  const attr = ctx.spec.group ?? ctx.groupAttr;
  if (!attr) fail('E_ANALYSIS_GROUP', `${path} needs groups: set analyses.group or units.group`, { location: { path: 'analyses.group' }, hint: 'e.g. analyses: { group: region }' });
  const g = groupIndex(ctx.scores, attr);
  if (!g) fail('E_ANALYSIS_GROUP', `analyses.group "${attr}" is not a unit attribute`, { location: { path: 'analyses.group' }, hint: `unit attributes: ${[...ctx.scores.attributes.keys()].join(', ') || '(none)'}` });
  const unassigned = ctx.scores.units.filter((_, u) => g.index[u] < 0);
  if (unassigned.length) fail('E_ANALYSIS_GROUP', `units without a ${attr}: ${unassigned.join(', ')}`, { location: { path: 'analyses.group' }, hint: 'give every unit a group in the unit table' });
  return { ...g, attr };
}

/** Spatial weights or a located error. */
export function needWeights(ctx: AnalysisContext, path: string): SpatialWeights {
  if (!ctx.weights) fail('E_ANALYSIS_WEIGHTS', `${path} needs spatial weights`, { location: { path: 'analyses.weights' }, hint: 'add analyses.weights (file of neighbour pairs, GAL, GeoJSON or coordinates)' });
  return ctx.weights;
}

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

/**
 * What every analysis shares: the context it runs in (what it reads of the pipeline result, the
 * spec's common fields, the scores panel, groups, spatial weights, the seed, a warning sink), its
 * table type and the helpers that fetch a score column, the section's scores, groups or weights
 * with a located error. The descriptors and the runner both import this module, so neither
 * imports the other; it imports neither the spec schema nor the pipeline (the spec's `analyses`
 * section is built from the analysis registry, so the analyses must not import it back).
 */
import { z } from 'zod';
import { fail, type Location, nearest } from '../core/errors.js';
import type { Framework } from '../core/framework.js';
import type { Warning } from '../core/logger.js';
import { groupIndex, type Panel } from '../core/panel.js';
import type { DenseExecutor } from '../kernels/dense-lu.js';
import type { DeaExecutor } from '../lenses/dea/executor.js';
import type { SpatialWeights } from './spatial/types.js';
import { field } from '../core/field-text.js';

export type Cell = string | number | null;

/** The `scores` field of a section's spec: which scores it analyses. */
export const Scores = z
  .array(z.string().min(1))
  .optional()
  .meta(
    field({
      en: ['Scores analysed', 'Scores analysed: any framework code (index, dimension, indicator) or alternative score. Default: [analyses.score].'],
      zh: ['分析的得分', '分析的得分：任意指标体系代码（总指数、维度、指标）或备选得分。默认：[分析的得分]（analyses.score）。'],
    }),
  );

export interface AnalysisTable {
  name: string;
  file: string;
  header: string[];
  rows: Cell[][];
}

/** What the analyses read of a pipeline result (a `PipelineResult` is one). */
export interface AnalysisInput {
  framework: Framework;
  datasets: { aggregated: Panel; normalised: Panel };
  /** The step log: obstacle and coupling read the normalise step's resolved options. */
  log: readonly { step: string; options: unknown }[];
  /** Global weights per node (period '' = all periods). */
  weights: readonly { period: string; node: string; global: number }[];
}

/** The fields of `analyses` every section may read (its own section arrives as `run`'s second argument). */
export interface CommonAnalysesSpec {
  /** Default score analysed (default: the framework root). */
  score?: string;
  /** Unit attribute defining groups (default: the run's group attribute). */
  group?: string;
  /** Spatial weights spec, when given (its coordinates are also the default coordinates of the ellipse). */
  weights?: { coordinates?: readonly [string, string] | [string, string] };
}

export interface AnalysisContext {
  result: AnalysisInput;
  spec: CommonAnalysesSpec;
  /** Scores data set: the aggregated panel (indicators normalised, aggregates, alternatives). */
  scores: Panel;
  groupAttr?: string;
  weights?: SpatialWeights;
  /**
   * The data as read (every column the run read: the framework's source columns and the data
   * columns sections ask for, e.g. the variables of model formulas — see
   * `AnalysisDescriptor.dataColumns`), units and periods as in the data file.
   */
  data?: Panel;
  /**
   * Inputs the application read for sections that do not analyse the panel, by name (e.g. `icio`:
   * the input–output table of `valueChains`, read by app/analyses-io.ts).
   */
  inputs?: Readonly<Record<string, unknown>>;
  seed: number;
  warn: (w: Warning) => void;
  /**
   * Helper threads for dense linear algebra (the value-chain lens's LU of I − A), started by the application for
   * large tables; the results are the same bytes with or without (kernels/dense-lu.ts).
   */
  dense?: DenseExecutor;
  /**
   * Threads for the LPs of the efficiency section (DEA), started by the application for large jobs
   * (io/workers/dea-pool.ts); the tables are the same bytes with or without (lenses/dea/executor.ts).
   */
  dea?: DeaExecutor;
  /**
   * Where the value of data column `column` for a unit-period was read (the data file as the spec names it, its row
   * and column), for errors about data values found by an analysis; absent when the run has no data file.
   */
  locateCell?: (unit: string, period: string, column: string) => Location | undefined;
  /**
   * Another thread to share a section's parts with (io/workers/section-share.ts): `share(section, input, n)` returns
   * the results of parts 0 … n − 1 of `section`, each computed by the section's own part function from `input` alone
   * (`spatial`: spatialPart), some here and some there — the same values as computing them in order here. Absent:
   * the section computes them itself.
   */
  share?: (section: 'spatial', input: unknown, n: number) => unknown[];
}

export interface AnalysesResult {
  tables: AnalysisTable[];
  warnings: Warning[];
}

/** Numbers as cells: NaN → empty. */
export const num = (x: number): number | null => (Number.isNaN(x) ? null : x);
export const periodCell = (label: string): string | number => (/^-?\d+$/.test(label) ? Number(label) : label);

/** The score column `code` of the scores panel, or a located error. */
export function scoreColumn(ctx: AnalysisContext, code: string, path: string): Float64Array {
  const v = ctx.scores.values.get(code);
  if (!v) {
    const known = ctx.scores.indicators;
    const near = nearest(code, known);
    fail('E_ANALYSIS_SCORE', `${path}: "${code}" is not a score of this run`, {
      location: { path },
      hint: `${near.length ? `did you mean "${near[0]}"? ` : ''}scores: ${known.join(', ')}`,
    });
  }
  return v;
}

/** Scores a section analyses: its `scores`, else `analyses.score`, else the framework root. */
export function sectionScores(ctx: AnalysisContext, scores: string[] | undefined, path: string): string[] {
  const list = scores ?? [ctx.spec.score ?? ctx.result.framework.root];
  list.forEach((c, i) => scoreColumn(ctx, c, scores ? `${path}.scores.${i}` : 'analyses.score'));
  return list;
}

/**
 * Group index per unit (analyses.group, else the run's group attribute), or a located error. `by`: a
 * section's own grouping attribute instead (e.g. `analyses.inequality.groups`), with its spec path.
 */
export function groups(ctx: AnalysisContext, path: string, by?: { attr: string; path: string }): { index: Int32Array; labels: string[]; attr: string } {
  const attr = by?.attr ?? ctx.spec.group ?? ctx.groupAttr;
  const at = by?.path ?? 'analyses.group';
  if (!attr)
    fail('E_ANALYSIS_GROUP', `${path} needs groups: set analyses.group or units.group`, {
      location: { path: at },
      hint: 'e.g. analyses: { group: region }',
    });
  const g = groupIndex(ctx.scores, attr);
  if (!g)
    fail('E_ANALYSIS_GROUP', `${at} "${attr}" is not a unit attribute`, {
      location: { path: at },
      hint: `unit attributes: ${[...ctx.scores.attributes.keys()].join(', ') || '(none)'}`,
    });
  const unassigned = ctx.scores.units.filter((_, u) => g.index[u] < 0);
  if (unassigned.length)
    fail('E_ANALYSIS_GROUP', `units without a ${attr}: ${unassigned.join(', ')}`, {
      location: { path: at },
      hint: 'give every unit a group in the unit table',
    });
  return { ...g, attr };
}

/** Spatial weights or a located error. */
export function needWeights(ctx: AnalysisContext, path: string): SpatialWeights {
  if (!ctx.weights)
    fail('E_ANALYSIS_WEIGHTS', `${path} needs spatial weights`, {
      location: { path: 'analyses.weights' },
      hint: 'add analyses.weights (file of neighbour pairs, GAL, GeoJSON or coordinates, or method: contiguity for Chinese provinces)',
    });
  return ctx.weights;
}

/**
 * The analysis registry: one line per analysis, in the order they run and their tables are
 * written. The spec's `analyses` section (`spec/schema.ts`), the runner (`./run.ts`), the "has
 * analyses" check (`app/analyses-io.ts`) and the Word tables (`io/write/docx-tables.ts`) iterate it.
 * Adding an analysis: one folder exporting its descriptor (see `./descriptor.ts`) + one line here.
 */
import type { z } from 'zod';
import { convergenceAnalysis } from './convergence/analysis.js';
import { couplingAnalysis } from './coupling/analysis.js';
import { densityAnalysis } from './density/analysis.js';
import type { AnalysisDescriptor } from './descriptor.js';
import { inequalityAnalysis } from './inequality/analysis.js';
import { markovAnalysis } from './markov/analysis.js';
import { obstacleAnalysis } from './obstacle/analysis.js';
import { sdeAnalysis } from './sde/analysis.js';
import { spatialAnalysis } from './spatial/analysis.js';
import { modelsAnalysis } from '../lenses/models/analysis.js';
import { spatialModelsAnalysis } from '../lenses/spatial-models/analysis.js';
import { efficiencyAnalysis } from '../lenses/efficiency/analysis.js';
import { valueChainsAnalysis } from '../lenses/gvc/analysis.js';

export const ANALYSES = [
  inequalityAnalysis,
  densityAnalysis,
  markovAnalysis,
  spatialAnalysis,
  convergenceAnalysis,
  obstacleAnalysis,
  couplingAnalysis,
  sdeAnalysis,
  modelsAnalysis,
  spatialModelsAnalysis,
  efficiencyAnalysis,
  valueChainsAnalysis,
] as const;

type Registry = (typeof ANALYSES)[number];
/** Spec key of every analysis. */
export type AnalysisKey = Registry['key'];

/** The spec sections of the registry, each optional (an analysis runs when its section is present). */
export type AnalysisSectionsShape = { [A in Registry as A['key']]: z.ZodOptional<A['spec']> };
/** The resolved sections (what `analyses` holds after parsing). */
export type AnalysisSections = { [A in Registry as A['key']]?: z.output<A['spec']> };

/** The zod shape of the analyses' sections, for the spec's `analyses` object. */
export function analysisSectionsShape(): AnalysisSectionsShape {
  return Object.fromEntries(ANALYSES.map((a) => [a.key, a.spec.optional()])) as unknown as AnalysisSectionsShape;
}

/** Every analysis as the general descriptor type (for loops that do not need the section's type). */
export const ANALYSIS_LIST: readonly AnalysisDescriptor[] = ANALYSES as unknown as readonly AnalysisDescriptor[];

/** The descriptor of `key`. */
export function analysisOf(key: string): AnalysisDescriptor | undefined {
  return ANALYSIS_LIST.find((a) => a.key === key);
}

/** Keys of the analyses present in a resolved `analyses` spec, in registry order. */
export function presentAnalyses(spec: object): AnalysisDescriptor[] {
  return ANALYSIS_LIST.filter((a) => (spec as Record<string, unknown>)[a.key] !== undefined);
}

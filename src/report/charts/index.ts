/**
 * Chart registry (conventions §1): one family per file, each `(bundle, lang, opts?) => ChartSpec[]`
 * returning only the charts the run's tables allow. `allCharts` runs every family in report order.
 * Maps (score, LISA, coupling class) are the `maps` family: built only when `opts.map` gives the geometry.
 */
import { unknownName } from '../../core/errors.js';
import type { RunBundle } from '../bundle.js';
import type { ReportGeo } from '../geo/types.js';
import { convergenceCharts } from './convergence.js';
import { couplingCharts } from './coupling.js';
import { densityCharts } from './density.js';
import { efficiencyCharts } from './efficiency.js';
import { frameworkCharts } from './framework.js';
import { valueChainCharts } from './gvc.js';
import { inequalityCharts } from './inequality.js';
import { mapCharts } from './maps.js';
import { markovCharts } from './markov.js';
import { modelsCharts } from './models.js';
import { obstacleCharts } from './obstacle.js';
import { overviewCharts } from './overview.js';
import { resultsCharts } from './results.js';
import { robustnessCharts } from './robustness.js';
import { spatialCharts } from './spatial.js';
import type { ChartFamily, ChartLang, ChartOptions, ChartSpec } from './types.js';

export type { ChartFamily, ChartLang, ChartOptions, ChartSpec, EChartsOption } from './types.js';

/** Chart families in report order. */
export const CHART_FAMILIES: Record<string, ChartFamily> = {
  overview: overviewCharts,
  framework: frameworkCharts,
  results: resultsCharts,
  inequality: inequalityCharts,
  density: densityCharts,
  markov: markovCharts,
  spatial: spatialCharts,
  convergence: convergenceCharts,
  obstacle: obstacleCharts,
  coupling: couplingCharts,
  models: modelsCharts,
  efficiency: efficiencyCharts,
  valueChains: valueChainCharts,
  robustness: robustnessCharts,
  maps: mapCharts,
};

/** The family registered under `name`; unknown names fail with E_UNKNOWN_METHOD and a suggestion. */
export function getChartFamily(name: string, path?: string): ChartFamily {
  const f = CHART_FAMILIES[name];
  if (!f) unknownName('chart family', name, Object.keys(CHART_FAMILIES), path);
  return f;
}

/**
 * What each family's charts are built from, so that a run can draw some of them before it has finished
 * (io/write/write-run.ts: the figures worker draws them while the analyses and the robustness run):
 * - `construction`: only the construction's tables (ranks, data_*, weights, framework) and the fields of
 *   run.json known once the pipeline has run (spec, seed, nqpf version, the data input's hash, synthetic),
 *   which is all chartContext reads;
 * - `mixed`: some charts of each kind — maps: the score maps read ranks (and the map; a unit's feature
 *   is matched unit by unit, so the analysis tables' units change no score map), the LISA, coupling and
 *   efficiency maps read analysis tables. Built from the construction alone, such a family gives exactly
 *   its construction charts (the others need tables that are then absent);
 * - `analyses`: tables of analyses or robustness (each such family draws nothing without them).
 * A family added to CHART_FAMILIES must be added here (typed: the record has every family's name).
 */
export const CHART_STAGES: Record<keyof typeof CHART_FAMILIES, 'construction' | 'mixed' | 'analyses'> = {
  overview: 'construction',
  framework: 'construction',
  results: 'construction',
  inequality: 'analyses',
  density: 'analyses',
  markov: 'analyses',
  spatial: 'analyses',
  convergence: 'analyses',
  obstacle: 'analyses',
  coupling: 'analyses',
  models: 'analyses',
  efficiency: 'analyses',
  valueChains: 'analyses',
  robustness: 'analyses',
  maps: 'mixed',
};

/**
 * The figures of a run: its charts, the map the map charts draw on (registered with ECharts under its
 * `mapName` before drawing) and whether the charts carry the provenance footer. Plain data (no
 * functions), so one thread can build them and another draw them.
 */
export interface FigureCharts {
  specs: ChartSpec[];
  geo?: ReportGeo;
  captions: boolean;
  /** Built from the construction alone ({@link constructionCharts}): the family of each chart. */
  families?: string[];
  /**
   * Built after the construction's charts ({@link remainingCharts}): the report order of all the run's
   * charts, as indices into the construction's charts followed by these (k < n: the construction's k-th,
   * else these charts' (k − n)-th; n = the construction's count).
   */
  order?: number[];
}

/**
 * The figures of a run from its bundle, as io/write/figures.ts draws them: `opts.map` is the map
 * already chosen (none: no map figures); captions follow `opts.captions`, else the spec's
 * `outputs.figureCaptions` (default true).
 */
export function figureCharts(bundle: RunBundle, lang: ChartLang, opts: ChartOptions = {}): FigureCharts {
  const outputs = (bundle.run.spec as { outputs?: { figureCaptions?: boolean } } | undefined)?.outputs;
  const captions = opts.captions ?? outputs?.figureCaptions !== false;
  return { specs: allCharts(bundle, lang, { ...opts, captions }), geo: opts.map, captions };
}

/**
 * The charts of {@link figureCharts} that the construction alone gives ({@link CHART_STAGES}), in
 * report order: `bundle` holds the run.json known when the pipeline has run and the construction's
 * tables only (what a mixed family draws from it is then its construction charts). The rest follow
 * from the whole run with {@link remainingCharts}; together they are figureCharts' charts.
 */
export function constructionCharts(bundle: RunBundle, lang: ChartLang, opts: ChartOptions = {}): FigureCharts {
  const outputs = (bundle.run.spec as { outputs?: { figureCaptions?: boolean } } | undefined)?.outputs;
  const captions = opts.captions ?? outputs?.figureCaptions !== false;
  const specs: ChartSpec[] = [];
  const families: string[] = [];
  for (const [name, f] of Object.entries(CHART_FAMILIES)) {
    if (CHART_STAGES[name as keyof typeof CHART_FAMILIES] === 'analyses') continue;
    for (const s of f(bundle, lang, { ...opts, captions })) {
      specs.push(s);
      families.push(name);
    }
  }
  return { specs, geo: opts.map, captions, families };
}

/**
 * The charts of {@link figureCharts} not among `early` (the {@link constructionCharts} of the same run,
 * language and options), built from the whole run's `bundle`, with the report order of all of them
 * (`order`). Construction families are not built again; a mixed family is, and its charts that `early`
 * holds (by id) keep their place. Throws when an early chart is not among the run's (a family's stage
 * declared wrongly).
 */
export function remainingCharts(bundle: RunBundle, lang: ChartLang, opts: ChartOptions, early: FigureCharts): FigureCharts & { order: number[] } {
  const outputs = (bundle.run.spec as { outputs?: { figureCaptions?: boolean } } | undefined)?.outputs;
  const captions = opts.captions ?? outputs?.figureCaptions !== false;
  const n = early.specs.length;
  const byFamily = new Map<string, number[]>();
  (early.families ?? []).forEach((f, k) => byFamily.set(f, [...(byFamily.get(f) ?? []), k]));
  const specs: ChartSpec[] = [];
  const order: number[] = [];
  for (const [name, f] of Object.entries(CHART_FAMILIES)) {
    const mine = byFamily.get(name) ?? [];
    const stage = CHART_STAGES[name as keyof typeof CHART_FAMILIES];
    if (stage === 'construction') {
      order.push(...mine);
      continue;
    }
    const ids = new Map(mine.map((k) => [early.specs[k].id, k]));
    for (const s of f(bundle, lang, { ...opts, captions })) {
      const k = ids.get(s.id);
      if (k !== undefined) order.push(k);
      else order.push(n + specs.push(s) - 1);
    }
  }
  if (order.filter((k) => k < n).length !== n) throw new Error("a chart drawn from the construction is not among the run's charts");
  return { specs, geo: opts.map, captions, order };
}

/** Every chart the run's tables allow, in report order (absent tables are skipped). Cost: linear in the tables' size. */
export function allCharts(bundle: RunBundle, lang: ChartLang, opts: ChartOptions = {}): ChartSpec[] {
  return Object.values(CHART_FAMILIES).flatMap((f) => f(bundle, lang, opts));
}

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

/** Every chart the run's tables allow, in report order (absent tables are skipped). Cost: linear in the tables' size. */
/**
 * The figures of a run: its charts, the map the map charts draw on (registered with ECharts under its
 * `mapName` before drawing) and whether the charts carry the provenance footer. Plain data (no
 * functions), so one thread can build them and another draw them.
 */
export interface FigureCharts {
  specs: ChartSpec[];
  geo?: ReportGeo;
  captions: boolean;
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

export function allCharts(bundle: RunBundle, lang: ChartLang, opts: ChartOptions = {}): ChartSpec[] {
  return Object.values(CHART_FAMILIES).flatMap((f) => f(bundle, lang, opts));
}

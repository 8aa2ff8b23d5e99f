/**
 * The chart specification shared by the figure exporter (src/io/write/figures.ts), the HTML report and
 * the workbench: a plain, JSON-serialisable ECharts option plus the chart's identity and size.
 */
import type { EChartsOption } from 'echarts';
import type { RunBundle } from '../bundle.js';
import type { ReportGeo } from '../geo/types.js';

export type { EChartsOption };

/** Output language of titles, axis names, legends and unit/group labels. */
export type ChartLang = 'zh' | 'en';

/** One figure. `option` holds no functions, so it can be written as JSON and rendered anywhere. */
export interface ChartSpec {
  /** Stable file-name-safe identifier (`ranking`, `markov_traditional`, …); figures/<id>.svg|png. */
  id: string;
  titleZh: string;
  titleEn: string;
  /** Report section the chart belongs to: data, framework, results, inequality, density, markov, spatial, convergence, obstacle, coupling, robustness. */
  section: string;
  /** ECharts option (plain data; `animation: false`, white background). */
  option: EChartsOption;
  /** Size in CSS pixels (96 per inch); the 300-dpi PNG is scaled by 300/96. */
  width: number;
  height: number;
  /** `map` charts (choropleths) are built elsewhere and need `mapName` registered before rendering. */
  kind: 'chart' | 'map';
  mapName?: string;
}

/** Options every chart family accepts. */
export interface ChartOptions {
  /** Score analysed (default: `analyses.score` of the spec when it is a score column, else the framework root). */
  score?: string;
  /** Number of units in "top units" charts (trends, profiles). Default 10 for trends, 5 for profiles. */
  top?: number;
  /** Map geometry of the run (as the report's, `reportGeoForRun`): with it the map figures are built (./maps.ts). */
  map?: ReportGeo;
  /** Draw the provenance footer (nqpf version, seed, data hash, SYNTHETIC notice) under every figure. Default true. */
  captions?: boolean;
}

/** A chart family: builds every chart of one kind that the run's tables allow (none when tables are absent). */
export type ChartFamily = (bundle: RunBundle, lang: ChartLang, opts?: ChartOptions) => ChartSpec[];

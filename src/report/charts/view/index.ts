/**
 * The interactive charts (report client and workbench) by the name the report's chart containers
 * carry (`data-chart="…"`). Each is `(ctx) => option | null`, drawn again whenever the reader
 * changes the state; see ./context.ts. Titles come from ../titles.ts, as the figures' do.
 */
import type { ViewChart } from './context.js';
import { efficiencyChange, efficiencyMap } from './efficiency.js';
import { dagumPairs, dagumShares, density, densitySurface, gini, markov, theil } from './inequality.js';
import { map, missing, profile, profileBars, rankingBar, sunburst, trendGroup, trendUnit, unitScores, weights } from './results.js';
import { couplingMap, couplingTrend, lisa, loo, moran, moranScatter, obstacleMean, obstacleUnit, rankInterval, sigma, sobol } from './spatial.js';
import { detectorInteraction, detectorQ, panelEffects } from './spatial-models.js';

export const VIEW_CHARTS = {
  missing,
  sunburst,
  weights,
  map,
  rankingBar,
  profile,
  profileBars,
  trendUnit,
  trendGroup,
  unitScores,
  gini,
  dagumShares,
  dagumPairs,
  theil,
  density,
  densitySurface,
  markov,
  moran,
  moranScatter,
  lisa,
  sigma,
  obstacleUnit,
  obstacleMean,
  couplingMap,
  couplingTrend,
  efficiencyMap,
  efficiencyChange,
  panelEffects,
  detectorQ,
  detectorInteraction,
  rankInterval,
  sobol,
  loo,
} satisfies Record<string, ViewChart>;

export type ViewChartName = keyof typeof VIEW_CHARTS;

/** Charts that depend on each part of the state (redrawn when it changes). */
export const DEPENDS_ON: Record<'score' | 'unit' | 'period' | 'densGroup' | 'cond' | 'grouping', ViewChartName[]> = {
  score: ['map', 'rankingBar', 'trendUnit', 'trendGroup', 'unitScores'],
  unit: ['profile', 'profileBars', 'trendUnit', 'unitScores', 'obstacleUnit', 'sobol'],
  period: [
    'map',
    'rankingBar',
    'profile',
    'profileBars',
    'dagumPairs',
    'density',
    'moranScatter',
    'lisa',
    'obstacleUnit',
    'couplingMap',
    'efficiencyMap',
    'rankInterval',
  ],
  densGroup: ['density', 'densitySurface'],
  cond: ['markov'],
  grouping: ['gini', 'dagumShares', 'dagumPairs', 'theil'],
};

export { viewContext, fmt, pct, mean, n, type ViewChart, type ViewContext, type ViewState, type ViewData, type Tab } from './context.js';
export { condLabel, densOf, groupingsOf, groupingLabel } from './inequality.js';
export { mapSeriesData } from './results.js';

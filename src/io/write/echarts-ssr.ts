/**
 * The ECharts of the CLI's scripts: scripts/build-dist.mjs (echartsSsr) bundles this module with
 * ECharts and zrender into dist/bundle/echarts-ssr.cjs, minified, which the scripts (the figures
 * worker, and main.cjs when it helps drawing) load in place of ./echarts-load.ts (same exports).
 * Only what the figures draw is registered (the chart types of report/charts, their components, the
 * SVG renderer and the features the whole of ECharts installs by default), so a figures worker
 * reads, compiles and runs about half of ECharts at its start.
 *
 * An option that needs anything else (a series type, a component or a coordinate system not
 * registered here) is drawn by the whole of ECharts ({@link echartsFor}), so a new kind of chart is
 * never drawn with a part missing; test/io/echarts-ssr.test.ts draws every chart of the demo run
 * both ways and compares the bytes.
 */
import { BarChart, BoxplotChart, HeatmapChart, LineChart, LinesChart, MapChart, RadarChart, ScatterChart, SunburstChart } from 'echarts/charts';
import {
  AriaComponent,
  DatasetComponent,
  GeoComponent,
  GraphicComponent,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TitleComponent,
  TooltipComponent,
  VisualMapComponent,
} from 'echarts/components';
import * as core from 'echarts/core';
import { LabelLayout } from 'echarts/features';
import { SVGRenderer } from 'echarts/renderers';
import { createRequire } from 'node:module';
import type { ECharts } from './echarts-load.js';

core.use([
  SVGRenderer,
  BarChart,
  BoxplotChart,
  HeatmapChart,
  LineChart,
  LinesChart,
  MapChart,
  RadarChart,
  ScatterChart,
  SunburstChart,
  AriaComponent,
  DatasetComponent,
  GeoComponent,
  GraphicComponent,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TitleComponent,
  TooltipComponent,
  VisualMapComponent,
  LabelLayout,
]);

const lite = core as unknown as ECharts;

let full: ECharts | undefined;

/** Options of the whole chart that are not components (ECharts' global options). */
const GLOBAL_OPTIONS = new Set([
  'backgroundColor',
  'color',
  'textStyle',
  'animation',
  'animationThreshold',
  'animationDuration',
  'animationEasing',
  'animationDelay',
  'animationDurationUpdate',
  'animationEasingUpdate',
  'animationDelayUpdate',
  'stateAnimation',
  'blendMode',
  'hoverLayerThreshold',
  'useUTC',
  'darkMode',
  'progressive',
  'progressiveThreshold',
]);

/** Series options that are components of their own. */
const SERIES_COMPONENTS = ['markPoint', 'markLine', 'markArea'];

type Model = { hasClass(main: string): boolean; getClass(main: string, sub?: string): unknown };
const models = core.ComponentModel as unknown as Model;

/** Whether the registered part of ECharts draws everything `option` asks for. */
export function covers(option: unknown): boolean {
  if (option === null || typeof option !== 'object') return true;
  for (const [key, value] of Object.entries(option as Record<string, unknown>)) {
    if (value === undefined || GLOBAL_OPTIONS.has(key)) continue;
    if (key === 'series') {
      for (const s of ([] as unknown[]).concat(value)) {
        if (s === null || typeof s !== 'object') continue;
        const series = s as Record<string, unknown>;
        if (typeof series.type !== 'string' || !models.getClass('series', series.type)) return false;
        for (const c of SERIES_COMPONENTS) if (series[c] !== undefined && !models.hasClass(c)) return false;
        const cs = series.coordinateSystem;
        if (typeof cs === 'string' && !models.hasClass(cs === 'cartesian2d' ? 'grid' : cs)) return false;
      }
      continue;
    }
    if (!models.hasClass(key)) return false;
    for (const c of ([] as unknown[]).concat(value)) {
      const sub = c !== null && typeof c === 'object' ? (c as { type?: unknown }).type : undefined;
      if (typeof sub === 'string' && !models.getClass(key, sub)) return false;
    }
  }
  return true;
}

/** The ECharts to draw `option` with: the registered part when it {@link covers} the option, else the whole. */
export function echartsFor(option: unknown): ECharts {
  if (covers(option)) return lite;
  full ??= createRequire(import.meta.url)('echarts') as ECharts;
  const whole = full;
  for (const [name, geoJson] of maps) if (whole.getMap(name) == null) whole.registerMap(name, geoJson as Parameters<ECharts['registerMap']>[1]);
  return whole;
}

/** The maps registered (also with the whole of ECharts when an option needs it). */
const maps = new Map<string, unknown>();

/** Register a map for drawing. */
export function registerMap(name: string, geoJson: unknown): void {
  maps.set(name, geoJson);
  lite.registerMap(name, geoJson as Parameters<ECharts['registerMap']>[1]);
}

/** Whether map `name` is registered. */
export function hasMap(name: string): boolean {
  return maps.has(name) || lite.getMap(name) != null;
}

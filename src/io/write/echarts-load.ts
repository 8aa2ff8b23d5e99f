/**
 * The ECharts that draws the figures (write/figures.ts), from its single-file build:
 * `require('echarts')` → dist/echarts.js, built from the same sources as the ESM entry. Loading it
 * costs ≈ 0.2 s of CPU, `import 'echarts'` ≈ 1.0 s (≈ 700 ES modules of echarts/lib and zrender/lib
 * resolved and linked one by one).
 *
 * The CLI's scripts (dist/bundle/*.cjs, scripts/build-dist.mjs) load dist/bundle/echarts-ssr.cjs in
 * place of this module: ./echarts-ssr.ts, ECharts cut down to the charts and components the figures
 * use, bundled and minified (the figures worker loads it in ≈ 150 ms of CPU instead of ≈ 235 ms).
 */
import { createRequire } from 'node:module';
import type * as EChartsModule from 'echarts';

export type ECharts = typeof EChartsModule;

/** The whole of ECharts (every chart type and component), loaded with this module: a figures worker loads it while it waits for its run. */
const full = createRequire(import.meta.url)('echarts') as ECharts;

/** The ECharts to draw `option` with: here always the whole of ECharts. */
export function echartsFor(option: unknown): ECharts {
  void option;
  return full;
}

/** Register a map with every ECharts that may draw it (the ECharts of {@link echartsFor}). */
export function registerMap(name: string, geoJson: unknown): void {
  full.registerMap(name, geoJson as Parameters<ECharts['registerMap']>[1]);
}

/** Whether map `name` is registered. */
export function hasMap(name: string): boolean {
  return full.getMap(name) != null;
}

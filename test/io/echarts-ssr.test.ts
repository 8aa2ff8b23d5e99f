/**
 * The figures' ECharts in the CLI's scripts (scripts/build-dist.mjs echartsSsr →
 * dist/bundle/echarts-ssr.cjs, from src/io/write/echarts-ssr.ts): the part of ECharts the figures
 * use, minified. Every chart of the demo run (every analysis) in both languages and a city map with
 * province borders (a geo component and a lines series) is drawn with it and with the whole of
 * ECharts (write/figures.ts renderSvg): the same bytes, each drawn by the part (none falls back).
 * An option that needs a chart type, component or coordinate system the part lacks is drawn by the
 * whole of ECharts, so a new kind of chart cannot lose a component silently.
 */
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain JavaScript module without types
import { echartsSsr } from '../../scripts/build-dist.mjs';
import { reportGeoForRun, reportUnits } from '../../src/io/read/geo.js';
import { readRunDir } from '../../src/io/read/run-dir.js';
import type { ECharts } from '../../src/io/write/echarts-load.js';
import { renderSvg, stableIds } from '../../src/io/write/figures.js';
import { type ChartSpec, type EChartsOption, figureCharts } from '../../src/report/charts/index.js';
import { withOutlines } from '../../src/report/charts/outlines.js';
import { chinaCitiesGeo } from '../../src/report/geo/cities.js';
import { demoRun } from '../helpers/demo-run.js';

type Ssr = typeof import('../../src/io/write/echarts-ssr.js');

const ROOT = resolve(import.meta.dirname, '../..');
const out = mkdtempSync(join(tmpdir(), 'nqpf-echarts-ssr-'));
let ssr: Ssr;
const charts: ChartSpec[] = [];

beforeAll(async () => {
  symlinkSync(join(ROOT, 'node_modules'), join(out, 'node_modules'), 'dir'); // its fallback, the whole of ECharts, as dist/bundle/ finds it
  const plugins: unknown[] = await echartsSsr(join(ROOT, 'src'), out, build);
  expect(plugins).toHaveLength(1);
  ssr = createRequire(import.meta.url)(join(out, 'echarts-ssr.cjs')) as Ssr;
  const bundle = await readRunDir(await demoRun());
  const geo = (await reportGeoForRun(bundle, reportUnits(bundle))).geo;
  expect(geo).toBeDefined();
  charts.push(...figureCharts(bundle, 'zh', { map: geo }).specs);
  ssr.registerMap(geo!.mapName, geo!.features);
  // The city map's province borders: the map series on a geo component, the borders a lines series.
  const cities = chinaCitiesGeo();
  const map = 'nqpf-test-cities';
  ssr.registerMap(map, cities.features);
  const { registerMap } = await import('../../src/io/write/echarts-load.js');
  registerMap(geo!.mapName, geo!.features);
  registerMap(map, cities.features);
  const option = withOutlines(
    {
      animation: false,
      backgroundColor: '#ffffff',
      title: { text: '城市', left: 'center' },
      visualMap: { type: 'continuous', min: 0, max: 1, calculable: true },
      series: [{ type: 'map', map, data: cities.features.features.slice(0, 50).map((f, i) => ({ name: f.properties.name, value: i / 50 })) }],
    },
    cities.outlines!,
  ) as EChartsOption;
  charts.push({ id: 'city_map', titleZh: '城市', titleEn: 'cities', section: 'maps', kind: 'map', mapName: map, width: 900, height: 760, option });
}, 240_000);

afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('the figures ECharts of the scripts (echarts-ssr.cjs)', () => {
  it('draws every chart kind of the demo run and a city map itself, with the bytes of the whole of ECharts', () => {
    const types = new Set<string>();
    for (const spec of charts) {
      for (const s of ([] as { type?: string }[]).concat((spec.option as { series?: { type?: string }[] }).series ?? [])) types.add(String(s.type));
      expect(ssr.covers(spec.option), spec.id).toBe(true);
      expect(stableIds(rawSvg(ssr.echartsFor(spec.option), spec)) === renderSvg(spec), spec.id).toBe(true);
    }
    // The chart types of report/charts (a new one joins this list and the corpus above).
    expect([...types].sort()).toEqual(['bar', 'boxplot', 'heatmap', 'line', 'lines', 'map', 'radar', 'scatter', 'sunburst']);
  });

  it('draws an option that needs a part it lacks with the whole of ECharts (a pie, a data zoom, a polar axis, a mark area)', () => {
    const base = { animation: false, backgroundColor: '#ffffff', title: { text: 'x' } };
    const options: EChartsOption[] = [
      { ...base, series: [{ type: 'pie', data: [1, 2, 3] }] },
      { ...base, xAxis: { type: 'category', data: ['a', 'b'] }, yAxis: {}, dataZoom: [{ type: 'slider' }], series: [{ type: 'bar', data: [1, 2] }] },
      {
        ...base,
        polar: {},
        angleAxis: {},
        radiusAxis: { type: 'category', data: ['a', 'b'] },
        series: [{ type: 'bar', coordinateSystem: 'polar', data: [1, 2] }],
      },
      {
        ...base,
        xAxis: { type: 'category', data: ['a', 'b'] },
        yAxis: {},
        series: [{ type: 'line', data: [1, 2], markArea: { data: [[{ xAxis: 'a' }, { xAxis: 'b' }]] } }],
      },
    ].map((o) => o as EChartsOption);
    for (const option of options) {
      expect(ssr.covers(option)).toBe(false);
      const spec: ChartSpec = { id: 'x', titleZh: 'x', titleEn: 'x', section: 'x', kind: 'chart', width: 400, height: 300, option };
      expect(stableIds(rawSvg(ssr.echartsFor(option), spec))).toBe(renderSvg(spec));
    }
  });
});

/** SVG of `spec` drawn by `echarts`, as ECharts writes it (write/figures.ts renderSvg then applies stableIds). */
function rawSvg(echarts: ECharts, spec: ChartSpec): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: spec.width, height: spec.height });
  try {
    chart.setOption(spec.option);
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

/**
 * Province borders over a map (issue 19's city maps): `withOutlines` draws them as a lines series next to
 * the map series, and the map's visualMap must colour the map series alone. A visualMap without
 * `seriesIndex` colours every series: the borders have no value, so ECharts drew each of them with no
 * stroke (the city figures and the report showed no province border). Each map figure (score, LISA,
 * coupling, efficiency: continuous and piecewise visualMaps) is drawn to SVG here and its border lines are
 * found by their stroke; the report's interactive maps go through the same `withOutlines`.
 */
import { describe, expect, it } from 'vitest';
import { registerMap } from '../../src/io/write/echarts-load.js';
import { renderSvg } from '../../src/io/write/figures.js';
import { mapCharts } from '../../src/report/charts/maps.js';
import { withOutlines } from '../../src/report/charts/outlines.js';
import { VIEW_CHARTS, viewContext, type ViewChartName, type ViewState } from '../../src/report/charts/view/index.js';
import { buildReportPayload, I18N } from '../../src/report/html/index.js';
import { hostileGeo, hostileRunBundle } from '../report/view-fixture.js';

type Opt = Record<string, unknown>;
const arr = <T>(x: T | T[] | undefined): T[] => (x === undefined ? [] : Array.isArray(x) ? x : [x]);

/** Three borders between the fixture's unit squares (each unit i is the square [i, i + 1] × [0, 1]). */
const OUTLINES: [number, number][][] = [
  [
    [1, 0],
    [1, 1],
  ],
  [
    [2, 0],
    [2, 0.5],
    [2, 1],
  ],
  [
    [0, 1],
    [3, 1],
  ],
];

/** The visualMaps of an option with outlines each name the map series, and only it. */
function expectMapOnly(o: Opt): number {
  const series = o.series as Opt[];
  const k = series.findIndex((s) => s.type === 'map');
  expect(series.map((s) => s.type)).toContain('lines');
  const vms = arr(o.visualMap as Opt | Opt[]);
  for (const vm of vms) expect(vm.seriesIndex).toBe(k);
  return vms.length;
}

describe('province borders over a map with a visualMap', () => {
  it('every map figure draws each border with the outline stroke, and its visualMap colours the map series only', () => {
    const geo = { ...hostileGeo(), outlines: OUTLINES };
    const specs = mapCharts(hostileRunBundle(), 'zh', { map: geo });
    expect(specs.map((s) => s.id)).toEqual(['map_score_2020', 'map_score_2022', 'map_lisa', 'map_coupling', 'map_efficiency']);
    registerMap(geo.mapName, geo.features);
    for (const spec of specs) {
      expect(expectMapOnly(spec.option as Opt), spec.id).toBe(1);
      const svg = renderSvg(spec);
      // the borders' path(s): stroked with the outline colour (#4d4d4d); one move-to per border line
      const stroked = [...svg.matchAll(/<path d="([^"]*)"[^>]*stroke="#4d4d4d"/g)].map((m) => m[1]);
      expect(stroked.length, spec.id).toBeGreaterThan(0);
      expect(stroked.join(' ').match(/M/g)?.length, spec.id).toBe(OUTLINES.length);
      expect(svg, spec.id).not.toMatch(/<path[^>]*stroke="none"[^>]*fill="none"/);
    }
  });

  it("the report's interactive maps (score, LISA, coupling, efficiency) give their visualMap to the map series alone", () => {
    const { payload: D } = buildReportPayload(hostileRunBundle(), { geo: hostileGeo() });
    const S: ViewState = { lang: 'zh', score: D.main, p: D.periods.length - 1, unit: D.units[0].id, densGroup: 'all', cond: 'all' };
    const ctx = viewContext(D, S, { labels: I18N });
    const drawn: string[] = [];
    for (const name of Object.keys(VIEW_CHARTS) as ViewChartName[]) {
      const built = VIEW_CHARTS[name](ctx, undefined) as Opt | null;
      if (!built || !arr(built.series as Opt[]).some((s) => s.type === 'map')) continue;
      expect(expectMapOnly(withOutlines(built, OUTLINES)), name).toBe(1);
      drawn.push(name);
    }
    expect(drawn.sort()).toEqual(['couplingMap', 'efficiencyMap', 'lisa', 'map']);
  });

  it('a seriesIndex the option already names is kept; several visualMaps each get the map series', () => {
    const map = { type: 'map', map: 'm', data: [] };
    const o = withOutlines({ visualMap: [{ min: 0 }, { seriesIndex: 3 }], series: [{ type: 'bar' }, map] }, OUTLINES) as Opt;
    expect(o.visualMap).toEqual([{ min: 0, seriesIndex: 1 }, { seriesIndex: 3 }]);
    expect(withOutlines({ visualMap: { min: 0 }, series: [map] }, OUTLINES).visualMap).toEqual({ min: 0, seriesIndex: 0 });
    expect('visualMap' in withOutlines({ series: [map] }, OUTLINES)).toBe(false);
  });
});

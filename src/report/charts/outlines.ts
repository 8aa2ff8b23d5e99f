/**
 * Province borders over a city map (issue 19): the city map's `outlines` (lines of [lon, lat],
 * src/report/geo/cities.ts) drawn as a `lines` series over the choropleth. ECharts draws lines on
 * a `geo` component, so the map series' layout and styles move to one and the series shares it
 * (`geoIndex: 0`; its visualMap colours the regions as before, and only them: it is given the map
 * series' index). Options without a map series, or maps without outlines, are returned unchanged.
 * Browser-safe (the report's client uses it too).
 */

/** Colour and width of the province borders. */
const OUTLINE = { color: '#4d4d4d', width: 0.9, opacity: 0.9 };

/** `option` with the province borders `outlines` drawn over its map series (the first series of type map). */
export function withOutlines<T extends Record<string, unknown>>(option: T, outlines: readonly (readonly (readonly number[])[])[] | undefined): T {
  const series = option.series as Record<string, unknown>[] | undefined;
  if (!outlines?.length || !Array.isArray(series)) return option;
  const k = series.findIndex((s) => s && s.type === 'map');
  if (k < 0) return option;
  const { map, top, bottom, left, right, roam, itemStyle, label, emphasis, select, ...rest } = series[k];
  const geo = { map, top, bottom, left, right, roam: roam ?? false, itemStyle, label, emphasis, select };
  const lines = {
    type: 'lines',
    coordinateSystem: 'geo',
    geoIndex: 0,
    polyline: true,
    silent: true,
    // One path for all the borders (ECharts' large mode) instead of one element per border line.
    large: true,
    largeThreshold: 0,
    z: 5,
    lineStyle: OUTLINE,
    data: outlines.map((coords) => ({ coords })),
  };
  const out = series.slice();
  out[k] = { ...rest, geoIndex: 0 };
  out.push(lines);
  // A visualMap colours every series unless told which: it would colour the borders too (none of them has
  // a value, so none was drawn). It colours the map series only.
  const only = (v: unknown): unknown => (v && typeof v === 'object' && !('seriesIndex' in v) ? { ...v, seriesIndex: k } : v);
  const vm = option.visualMap;
  const visualMap = vm === undefined ? {} : { visualMap: Array.isArray(vm) ? vm.map(only) : only(vm) };
  return { ...option, ...visualMap, geo: Object.fromEntries(Object.entries(geo).filter(([, v]) => v !== undefined)), series: out };
}

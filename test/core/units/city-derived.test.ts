/**
 * What runs read of the city map instead of decoding its topology (src/core/units/city-derived-data.ts,
 * scripts/gen-city-derived.ts): the file is what the script writes from the current topology, and
 * what is read from it equals what the topology gives now — contiguity pairs (queen and rook, with
 * and without a subset of features), centroids to the bit, and the drawn map (display rings with
 * 3 decimals, province borders with 2) as the report drew it from the topology.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CITY_DERIVED_FILE, cityDerivedText } from '../../../scripts/gen-city-derived.js';
import {
  cityCentroid,
  cityCentroidAt,
  cityContiguityBuiltin,
  cityContiguityPairs,
  cityDrawnMap,
  cityFeatureIndex,
  cityTopology,
  DISPLAY_TOLERANCE,
  GRID,
  provinceOutlineLines,
  ringPoints,
  simplifyRing,
} from '../../../src/core/units/city-geometry.js';
import { chinaCitiesGeo } from '../../../src/report/geo/cities.js';

describe('city map data computed when the map was generated', () => {
  const topo = cityTopology();

  it('is what scripts/gen-city-derived.ts writes from the current topology (run it after gen-cn-city-map.ts)', () => {
    expect(readFileSync(CITY_DERIVED_FILE, 'utf8')).toBe(cityDerivedText());
  });

  it('contiguity pairs: queen and rook, all features and a subset, as counted on the topology', () => {
    for (const rule of [1, 2] as const) {
      expect(cityContiguityBuiltin(rule)).toEqual(cityContiguityPairs(topo, rule));
      const keep = (i: number) => i % 3 !== 1 && i !== 5;
      expect(cityContiguityBuiltin(rule, keep)).toEqual(cityContiguityPairs(topo, rule, keep));
    }
    expect(cityContiguityBuiltin(1).length).toBeGreaterThan(900);
  });

  it('centroids: the same doubles as cityCentroid, and feature indices by code', () => {
    topo.features.forEach((f, i) => {
      const [x, y] = cityCentroid(topo, f);
      const [bx, by] = cityCentroidAt(i);
      expect(Object.is(bx, x) && Object.is(by, y)).toBe(true);
      if (f.code) expect(cityFeatureIndex(f.code)).toBe(i);
    });
    expect(cityFeatureIndex('999999')).toBeUndefined();
  });

  it('the drawn map: display rings in degrees with 3 decimals and province borders with 2, as drawn from the topology', () => {
    const deg3 = (v: number) => Math.round((v / GRID) * 1000) / 1000;
    const round2 = (v: number) => Math.round(v * 100) / 100;
    const polygons = topo.features.map((f) =>
      f.polygons.map((rings) =>
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
      ),
    );
    const outlines = provinceOutlineLines(topo, (i) => topo.features[i].province)
      .map((l) => {
        const out: [number, number][] = [];
        for (const [x, y] of l) {
          const p: [number, number] = [round2(x), round2(y)];
          const q = out[out.length - 1];
          if (!q || q[0] !== p[0] || q[1] !== p[1]) out.push(p);
        }
        return out;
      })
      .filter((l) => l.length >= 2);
    const drawn = cityDrawnMap();
    expect(drawn.polygons).toStrictEqual(polygons);
    expect(drawn.outlines).toStrictEqual(outlines);
    const geo = chinaCitiesGeo();
    expect(geo.features.features.map((f) => (f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates))).toStrictEqual(polygons);
    expect(geo.outlines).toStrictEqual(outlines);
  });
});

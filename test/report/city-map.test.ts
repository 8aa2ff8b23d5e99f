/**
 * The report's city map (`units.registry: cn-cities`): every registry unit is found among the
 * features by its short, full and English name and its code; the province borders are drawn
 * over a map chart as a lines series on a shared geo component.
 */
import { describe, expect, it } from 'vitest';
import { CITIES } from '../../src/core/units/cities.js';
import { withOutlines } from '../../src/report/charts/outlines.js';
import { chinaCitiesGeo } from '../../src/report/geo/cities.js';
import { matchUnitsToFeatures } from '../../src/report/geo/match.js';

describe('city map for the report', () => {
  const geo = chinaCitiesGeo();

  it('has the 337 units and the 54 other polygons, unique names, and province borders', () => {
    expect(geo.kind).toBe('china-cities');
    expect(geo.features.features.length).toBe(391);
    const names = geo.features.features.map((f) => f.properties.name);
    expect(new Set(names).size).toBe(names.length);
    // one line per arc between two provinces or on the coast (cut where a city border meets it): ≈ 370
    expect(geo.outlines!.length).toBeGreaterThan(300);
    expect(geo.licence).toBe('MIT');
  });

  it('each call is a fresh deep copy: the same JSON, no object shared with another call', () => {
    const a = chinaCitiesGeo();
    const b = chinaCitiesGeo();
    expect(JSON.stringify(a)).toBe(JSON.stringify(geo));
    expect(a).toStrictEqual(b);
    const poly = (g: typeof a) => g.features.features.find((f) => f.geometry.type === 'MultiPolygon')!.geometry.coordinates as [number, number][][][];
    expect(poly(a)[0][0][0]).not.toBe(poly(b)[0][0][0]);
    poly(a)[0][0][0][0] = 0;
    a.features.features[0].properties.name = 'x';
    a.outlines![0][0][0] = 0;
    expect(JSON.stringify(b)).toBe(JSON.stringify(geo));
    expect(JSON.stringify(chinaCitiesGeo())).toBe(JSON.stringify(geo));
  });

  it('every unit matches its own feature by short name, full name, English name and code', () => {
    for (const spell of [(c: (typeof CITIES)[number]) => c.zh, (c: (typeof CITIES)[number]) => c.zhFull, (c: (typeof CITIES)[number]) => c.en]) {
      const units = CITIES.map(spell);
      const m = matchUnitsToFeatures(units, geo.features);
      expect(m.unmatched).toEqual([]);
      CITIES.forEach((c, i) => expect(m.featureOf.get(units[i])).toBe(c.zh));
    }
    const byCode = matchUnitsToFeatures(
      CITIES.map((c) => c.code),
      geo.features,
    );
    expect(byCode.unmatched).toEqual([]);
  });

  it('withOutlines moves the map series onto a geo component and adds the borders as lines', () => {
    const o = withOutlines({ series: [{ type: 'map', map: 'm', top: 1, itemStyle: { borderWidth: 1 }, data: [{ name: 'a', value: 1 }] }] }, [
      [
        [0, 0],
        [1, 1],
      ],
    ]) as unknown as { geo: Record<string, unknown>; series: Record<string, unknown>[] };
    expect(o.geo).toEqual({ map: 'm', top: 1, roam: false, itemStyle: { borderWidth: 1 } });
    expect(o.series[0]).toEqual({ type: 'map', geoIndex: 0, data: [{ name: 'a', value: 1 }] });
    expect(o.series[1]).toMatchObject({
      type: 'lines',
      coordinateSystem: 'geo',
      polyline: true,
      data: [
        {
          coords: [
            [0, 0],
            [1, 1],
          ],
        },
      ],
    });
    const plain = { series: [{ type: 'bar' }] };
    expect(withOutlines(plain, [[[0, 0]]])).toBe(plain);
    expect(withOutlines({ series: [{ type: 'map' }] }, undefined)).toEqual({ series: [{ type: 'map' }] });
  });
});

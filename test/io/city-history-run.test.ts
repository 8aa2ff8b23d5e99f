/**
 * The 2010–2023 prefecture-level changes applied in a project load (issue 19 acceptance: "every 2010–2023 code change
 * in the history table is applied by a test panel that spans it"): a panel 2009–2023 whose city column names each
 * unit as that year's yearbook does (襄樊 → 襄阳 2010, 巢湖 until 2010, the ten 地区 that became cities, 三沙 from
 * 2012, 儋州 from 2015, 莱芜 until 2018), read with `units.registry: cn-cities` and `units.harmonise`. Each row's value
 * is 1, so a merged cell is 2 and a dropped or absent unit-year is missing — expected by hand from the rules of
 * docs/methods.md ("Harmonising"); test/core/units/city-history.test.ts checks the same changes on the functions.
 */
import { describe, expect, it } from 'vitest';
import { project } from '../helpers/framework-project.js';
import { loadProject } from '../../src/io/read/load-project.js';

const YEARS = Array.from({ length: 15 }, (_, i) => 2009 + i);
/** [name before, name after, first year under the new name]: renamings and 地区 → 市 recodings. */
const RENAMED: [string, string, number][] = [
  ['襄樊', '襄阳', 2010],
  ['铜仁地区', '铜仁', 2011],
  ['毕节地区', '毕节', 2011],
  ['海东地区', '海东', 2013],
  ['日喀则地区', '日喀则', 2014],
  ['昌都地区', '昌都', 2014],
  ['林芝地区', '林芝', 2015],
  ['吐鲁番地区', '吐鲁番', 2015],
  ['山南地区', '山南', 2016],
  ['哈密地区', '哈密', 2016],
  ['那曲地区', '那曲', 2017],
];
const named = (y: number): string[] => [
  '济南',
  '合肥',
  ...RENAMED.map(([a, b, since]) => (y < since ? a : b)),
  ...(y < 2011 ? ['巢湖'] : []),
  ...(y >= 2012 ? ['三沙'] : []),
  ...(y >= 2015 ? ['儋州'] : []),
  ...(y < 2019 ? ['莱芜'] : []),
];
const data = `city,year,gdp\n${YEARS.flatMap((y) => named(y).map((c) => `${c},${y},1`)).join('\n')}\n`;
const spec = (units: string) => `data: { file: data.csv, unit: city, period: year }
units:
  registry: cn-cities
${units}
framework:
  nodes:
    - { code: IDX }
    - { code: gdp, parent: IDX }
outputs: { docx: false, report: false, xlsx: false, figures: none }
`;

async function load(units: string) {
  const p = await loadProject(project({ 'data.csv': data, 'nqpf.yaml': spec(units) }));
  const v = p.panel.values.get('gdp')!;
  const n = p.panel.units.length;
  /** unit → its 15 values, 2009–2023 (null = missing). */
  const series = Object.fromEntries(p.panel.units.map((u, i) => [u, p.panel.periods.map((_, t) => (Number.isNaN(v[t * n + i]) ? null : v[t * n + i]))]));
  return { p, series };
}
const ones = (from: number, to: number) => YEARS.map((y) => (y >= from && y <= to ? 1 : null));

describe('a city panel 2009–2023 across every 2010–2023 change', () => {
  it('as reported: renamed and recoded units are one unit each over the 15 years; 巢湖, 莱芜, 三沙 and 儋州 where they existed', async () => {
    const { p, series } = await load('');
    expect(p.panel.periods).toEqual(YEARS.map(String));
    for (const [, now] of RENAMED) expect(series[now], now).toEqual(ones(2009, 2023));
    expect([series.巢湖, series.莱芜, series.三沙, series.儋州, series.济南]).toEqual([
      ones(2009, 2010),
      ones(2009, 2018),
      ones(2012, 2023),
      ones(2015, 2023),
      ones(2009, 2023),
    ]);
    expect(p.panel.units).toHaveLength(2 + 11 + 4);
    expect(p.warnings.filter((w) => w.code === 'W_CITY_HISTORY')).toHaveLength(11 + 2); // each old name accepted, 巢湖 and 莱芜
  });

  it('harmonised to 2023 with absorbed: merge: 巢湖 dropped, 莱芜 added to 济南 until 2018, the others as reported', async () => {
    const { p, series } = await load('  harmonise: { year: 2023, absorbed: merge }');
    expect(p.panel.units).not.toContain('巢湖');
    expect(p.panel.units).not.toContain('莱芜');
    expect(series.济南).toEqual(YEARS.map((y) => (y < 2019 ? 2 : 1)));
    expect(series.合肥).toEqual(ones(2009, 2023)); // 巢湖 was divided: no single successor gets its values
    expect([series.三沙, series.儋州]).toEqual([ones(2012, 2023), ones(2015, 2023)]);
    for (const [, now] of RENAMED) expect(series[now], now).toEqual(ones(2009, 2023));
  });

  it('harmonised to 2011 (drop): 巢湖 and 三沙, 儋州 dropped; 莱芜 kept, as it still existed', async () => {
    const { p, series } = await load('  harmonise: { year: 2011 }');
    for (const u of ['巢湖', '三沙', '儋州']) expect(p.panel.units, u).not.toContain(u);
    expect([series.莱芜, series.济南]).toEqual([ones(2009, 2018), ones(2009, 2023)]);
    expect(p.warnings.some((w) => w.code === 'W_CITY_HARMONISED' && w.message.includes('莱芜') && w.message.includes('kept separate'))).toBe(true);
  });
});

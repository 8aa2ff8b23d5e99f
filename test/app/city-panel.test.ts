/**
 * A small synthetic city panel end to end (issue 19): `units.registry: cn-cities` with a province
 * column, old names before their change (襄樊 in 2009), 莱芜 before its 2019 merger brought to the
 * 2020 boundaries (`harmonise`, merge), seat coordinates from a unit table (hand-typed fixture
 * values, degrees rounded to 0.01°), k-nearest-neighbour weights on them, Moran's I and the Dagum
 * Gini by NBS region. Expected: 13 cities (莱芜 merged into 济南), regions from the provinces.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runProject } from '../../src/app/run-project.js';
import { readRunDir } from '../../src/io/read/run-dir.js';
import { reportTables, tableCells } from '../../src/io/write/docx-tables.js';
import { chartContext } from '../../src/report/charts/common.js';
import { methodsText } from '../../src/report/methods-text.js';

const SEATS: [string, string, number, number][] = [
  ['北京', '北京', 116.41, 39.9],
  ['天津', '天津', 117.2, 39.08],
  ['石家庄', '河北', 114.51, 38.04],
  ['广州', '广东', 113.26, 23.13],
  ['佛山', '广东', 113.12, 23.02],
  ['东莞', '广东', 113.75, 23.02],
  ['深圳', '广东', 114.06, 22.54],
  ['武汉', '湖北', 114.31, 30.59],
  ['襄阳', '湖北', 112.14, 32.04],
  ['长沙', '湖南', 112.94, 28.23],
  ['成都', '四川', 104.07, 30.57],
  ['沈阳', '辽宁', 123.43, 41.8],
  ['济南', '山东', 117.12, 36.65],
];

function project(): string {
  const dir = mkdtempSync(join(tmpdir(), 'nqpf-city-panel-'));
  const rows = ['城市,省份,年份,a,b'];
  const years = [2009, 2018, 2020];
  SEATS.forEach(([city, prov], i) =>
    years.forEach((y, t) => rows.push(`${city === '襄阳' && y < 2010 ? '襄樊' : city},${prov},${y},${10 + i * 3 + t * 2},${50 - i * 2 + t}`)),
  );
  rows.push('莱芜,山东,2009,4,6', '莱芜,山东,2018,5,7');
  writeFileSync(join(dir, 'cities.csv'), `${rows.join('\n')}\n`);
  writeFileSync(join(dir, 'seats.csv'), `城市,lon,lat\n${SEATS.map(([c, , x, y]) => `${c},${x},${y}`).join('\n')}\n`);
  writeFileSync(
    join(dir, 'nqpf.yaml'),
    [
      'title: city panel',
      'seed: 1',
      'data: { file: cities.csv, unit: 城市, period: 年份, synthetic: true }',
      'units: { registry: cn-cities, province: 省份, file: seats.csv, harmonise: { year: 2020, absorbed: merge } }',
      'framework:',
      '  nodes:',
      '    - { code: IDX }',
      '    - { code: a, parent: IDX }',
      '    - { code: b, parent: IDX }',
      'steps: { normalise: { method: minmax, range: [0, 100] } }',
      'analyses:',
      '  weights: { coordinates: [lon, lat], method: knn, k: 3, metric: greatcircle }',
      '  spatial: { permutations: 0, local: false }',
      '  inequality: {}',
      'outputs: { report: false, docx: false, xlsx: false, figures: none }',
      '',
    ].join('\n'),
  );
  return join(dir, 'nqpf.yaml');
}

describe('a city panel end to end', () => {
  it('13 cities with regions and seat coordinates; knn weights, Moran and Dagum by region run', async () => {
    const r = await runProject(project(), { dryRun: true, workers: 1, env: {} });
    const agg = r.result.datasets.aggregated;
    expect(agg.units).toHaveLength(13);
    expect(agg.units).not.toContain('莱芜');
    const region = agg.attributes.get('region')!;
    expect(region[agg.units.indexOf('沈阳')]).toBe('Northeast');
    expect(region[agg.units.indexOf('襄阳')]).toBe('Central');
    expect(agg.attributes.get('lon')![agg.units.indexOf('成都')]).toBe('104.07');
    // 济南 (13th city: a = 10 + 12·3 + 2t) plus 莱芜 (a = 4 in 2009, 5 in 2018); period-major layout
    const raw = r.result.datasets.raw;
    const at = (u: string, p: string) => raw.values.get('a')![raw.periods.indexOf(p) * raw.units.length + raw.units.indexOf(u)];
    expect([at('济南', '2009'), at('济南', '2018'), at('济南', '2020')]).toEqual([46 + 4, 48 + 5, 50]);
    expect(at('襄阳', '2009')).toBe(10 + 8 * 3);
    const w = r.analyses.tables.find((x) => x.name === 'spatial_weights')!;
    expect(w.rows[0][w.header.indexOf('units')]).toBe(13);
    expect(w.rows[0][w.header.indexOf('links')]).toBe(13 * 3);
    expect(r.analyses.tables.map((x) => x.name)).toEqual(expect.arrayContaining(['spatial_weights']));
    expect(r.analyses.tables.some((x) => x.name.startsWith('moran') || x.name.startsWith('spatial_global'))).toBe(true);
    expect(r.analyses.tables.some((x) => x.name.startsWith('dagum'))).toBe(true);
  }, 120_000);

  it('the methods text speaks of cities and of the NBS regions', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'nqpf-city-out-')), 'out');
    await runProject(project(), { out, workers: 1, env: {} });
    const bundle = await readRunDir(out);
    const text = (lang: 'zh' | 'en') =>
      methodsText(bundle, lang)
        .paragraphs.map((p) => p.text)
        .join('\n');
    expect(text('zh')).toContain('以 13 个地级及以上城市为研究对象');
    expect(text('zh')).toContain('城市–年份');
    expect(text('en')).toContain('The study covers 13 cities');
    expect(text('en')).toContain('city-years');
    // English tables and charts name the cities in English (registry en names), Chinese ones as in the data
    const cells = (lang: 'zh' | 'en') => reportTables(bundle, lang).flatMap((t) => tableCells(t).flat());
    expect(cells('en')).toEqual(expect.arrayContaining(['Shenyang', 'Xiangyang', 'Chengdu']));
    expect(cells('zh')).toEqual(expect.arrayContaining(['沈阳', '襄阳', '成都']));
    expect(chartContext(bundle, 'en').unit('济南')).toBe('Jinan');
  }, 120_000);
});

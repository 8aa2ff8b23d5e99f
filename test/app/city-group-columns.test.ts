/**
 * The built-in group columns of a city panel used as groups in a run (issue 19: "Group columns built in: province,
 * NBS four regions, the eight economic zones, the three major urban agglomerations and the Yangtze River Economic
 * Belt"): no unit table, only `units.registry: cn-cities`; the Dagum decomposition by each column in one run.
 * Expected group sizes counted by hand from the sources' lists (test/core/units/city-groups.test.ts names them):
 * 12 cities — 北京, 天津, 石家庄 (北部沿海, 京津冀), 上海, 南京 (东部沿海, 长三角), 合肥 (长江中游, 长三角), 武汉
 * (长江中游), 广州, 深圳 (南部沿海, 珠三角), 成都 (大西南), 西安 (黄河中游), 沈阳 (东北); the Yangtze belt: 上海,
 * 南京, 合肥, 武汉, 成都. A city outside the three agglomerations has no agglomeration (empty), so grouping by it
 * needs a panel of agglomeration cities: a wider panel is refused naming the cities without one.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runProject } from '../../src/app/run-project.js';
import type { NqpfError } from '../../src/core/errors.js';

const CITIES = ['北京', '天津', '石家庄', '上海', '南京', '合肥', '武汉', '广州', '深圳', '成都', '西安', '沈阳'];

function project(cities: string[], groups: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'nqpf-city-groups-'));
  const rows = ['city,year,a,b'];
  cities.forEach((c, i) => [2020, 2021].forEach((y, t) => rows.push(`${c},${y},${10 + ((i * 7) % 12) + t},${30 - i + 2 * t}`)));
  writeFileSync(join(dir, 'cities.csv'), `${rows.join('\n')}\n`);
  writeFileSync(
    join(dir, 'nqpf.yaml'),
    [
      'data: { file: cities.csv, unit: city, period: year, synthetic: true }',
      'units: { registry: cn-cities }',
      'framework:',
      '  nodes:',
      '    - { code: IDX }',
      '    - { code: a, parent: IDX }',
      '    - { code: b, parent: IDX }',
      'steps: { normalise: { method: minmax, range: [0, 100] } }',
      'analyses:',
      `  inequality: { groups: [${groups}] }`,
      'outputs: { report: false, docx: false, xlsx: false, figures: none }',
      '',
    ].join('\n'),
  );
  return join(dir, 'nqpf.yaml');
}

const sizesOf = (r: Awaited<ReturnType<typeof runProject>>) => (grouping: string) => {
  const dg = r.analyses.tables.find((t) => t.name === 'dagum_groups')!;
  const col = (c: string) => dg.header.indexOf(c);
  return Object.fromEntries(
    dg.rows
      .filter((x) => x[col('grouping')] === grouping && String(x[col('period')]) === '2021' && x[col('group_j')] === x[col('group_h')])
      .map((x) => [String(x[col('group_j')]), x[col('n_j')]]),
  );
};

describe('cn-cities group columns in a run', () => {
  it('Dagum by province, NBS region, the eight zones and the Yangtze belt in one run: the groups and their sizes', async () => {
    const sizes = sizesOf(await runProject(project(CITIES, 'province, region, zone8, yangtze_belt'), { dryRun: true, workers: 1, env: {} }));
    expect(sizes('zone8')).toEqual({
      北部沿海综合经济区: 3,
      东部沿海综合经济区: 2,
      长江中游综合经济区: 2,
      南部沿海综合经济区: 2,
      大西南综合经济区: 1,
      黄河中游综合经济区: 1,
      东北综合经济区: 1,
    });
    expect(sizes('yangtze_belt')).toEqual({ '1': 5, '0': 7 });
    expect(sizes('region')).toEqual({ East: 7, Central: 2, West: 2, Northeast: 1 });
    expect(Object.keys(sizes('province'))).toHaveLength(11);
    expect(sizes('province')).toMatchObject({ 广东: 2, 北京: 1, 河北: 1 });
  }, 120_000);

  it('Dagum by agglomeration on the agglomerations’ cities; a panel with other cities is refused naming them', async () => {
    const inAgg = CITIES.filter((c) => !['武汉', '成都', '西安', '沈阳'].includes(c));
    const sizes = sizesOf(await runProject(project(inAgg, 'agglomeration'), { dryRun: true, workers: 1, env: {} }));
    expect(sizes('agglomeration')).toEqual({ 京津冀: 3, 长三角: 3, 珠三角: 2 });
    const e = await runProject(project(CITIES, 'agglomeration'), { dryRun: true, workers: 1, env: {} }).then(
      () => undefined,
      (x: NqpfError) => x,
    );
    expect(e?.code).toBe('E_ANALYSIS_GROUP');
    expect(e?.message).toContain('武汉, 成都, 西安, 沈阳');
  }, 120_000);
});

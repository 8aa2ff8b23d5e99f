/**
 * analyses.inequality.groups (issue 19): several decompositions in one run. Each grouping's rows must be
 * those of a run with that grouping alone (analyses.group: <attr>, whose Dagum and Theil are validated
 * against R and hand calculation in dagum.test.ts / theil.test.ts), the tables gain the column
 * `grouping`, Gini and CV are the same in every grouping, and a run without `groups` is unchanged.
 * Hand check of one value: 2021, grouping size, group S = {u1, u3}; the score a is min–max normalised per period
 * (the defaults), (a − 1)/(5 − 1): u1 0.25, u3 1, so G_SS = (|0.25 − 1| + |1 − 0.25|)/(2 · 2² · 0.625) = 1.5/5 = 0.3.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runProject } from '../../../src/app/run-project.js';
import type { AnalysisTable } from '../../../src/analysis/context.js';
import { inequalityAnalysis } from '../../../src/analysis/inequality/analysis.js';

const DATA = `unit,year,region,size,a,b,c
u1,2020,E,S,1,10,5
u2,2020,W,L,2,20,4
u3,2020,W,S,3,40,3
u4,2020,E,L,4,35,1
u1,2021,E,S,2,15,6
u2,2021,W,L,3,25,5
u3,2021,W,S,5,30,2
u4,2021,E,L,1,20,3
`;

const FW = `framework:
  nodes:
    - { code: I }
    - { code: a, parent: I }
    - { code: b, parent: I }
    - { code: c, parent: I }
`;

async function tables(analyses: string): Promise<Map<string, AnalysisTable>> {
  const dir = mkdtempSync(join(tmpdir(), 'nqpf-groupings-'));
  writeFileSync(join(dir, 'data.csv'), DATA);
  writeFileSync(
    join(dir, 'spec.yaml'),
    `data: { file: data.csv, unit: unit, period: year, attributes: [region, size] }\n${FW}analyses:\n  score: a\n${analyses}`,
  );
  const r = await runProject(join(dir, 'spec.yaml'), { dryRun: true, workers: 1, env: {} });
  return new Map(r.analyses.tables.map((t) => [t.name, t]));
}

/** Rows of grouping `g` without the grouping column, as objects. */
function rowsOf(t: AnalysisTable, g?: string): Record<string, unknown>[] {
  const k = t.header.indexOf('grouping');
  return t.rows.filter((r) => g === undefined || r[k] === g).map((r) => Object.fromEntries(t.header.flatMap((h, j) => (h === 'grouping' ? [] : [[h, r[j]]]))));
}

describe('analyses.inequality.groups', () => {
  it('one decomposition per grouping, each equal to a run grouped by that attribute alone', async () => {
    const both = await tables('  inequality: { groups: [region, size] }\n');
    const byRegion = await tables('  group: region\n  inequality: {}\n');
    const bySize = await tables('  group: size\n  inequality: {}\n');
    for (const name of ['inequality', 'dagum_groups', 'theil_groups']) {
      const t = both.get(name)!;
      expect(t.header.slice(0, 3)).toEqual(['score', 'grouping', 'period']);
      expect(rowsOf(t, 'region')).toEqual(rowsOf(byRegion.get(name)!));
      expect(rowsOf(t, 'size')).toEqual(rowsOf(bySize.get(name)!));
      expect(byRegion.get(name)!.header).not.toContain('grouping');
    }
    const dg = both.get('dagum_groups')!;
    const col = (c: string) => dg.header.indexOf(c);
    const ss = dg.rows.find((r) => r[col('grouping')] === 'size' && r[col('period')] === 2021 && r[col('group_j')] === 'S' && r[col('group_h')] === 'S')!;
    expect(ss[col('G_jh')]).toBeCloseTo(0.3, 12);
    const ineq = both.get('inequality')!;
    const gini = (g: string) => ineq.rows.filter((r) => r[ineq.header.indexOf('grouping')] === g).map((r) => r[ineq.header.indexOf('gini')]);
    expect(gini('size')).toEqual(gini('region'));
  }, 120_000);

  it('paper tables: the Dagum, pair and Theil tables once per grouping, the grouping in the caption', async () => {
    const both = await tables('  inequality: { groups: [region, size] }\n');
    const paper = inequalityAnalysis.paperTables!({
      lang: 'zh',
      zh: true,
      table: (n) => both.get(n),
      name: (c) => c,
      ref: (_k, v) => v,
      period: (p) => String(p),
    });
    expect(paper.map((p) => p.caption)).toEqual([
      'a 的 Dagum 基尼系数及其分解（按区域分组）',
      'a 的区域内与区域间差异（Dagum 基尼系数）（按区域分组）',
      'a 的泰尔指数与变异系数（按区域分组）',
      'a 的 Dagum 基尼系数及其分解（按size分组）',
      'a 的区域内与区域间差异（Dagum 基尼系数）（按size分组）',
      'a 的泰尔指数与变异系数（按size分组）',
    ]);
    // the grouping column is not repeated in the tables
    expect(paper.every((p) => !p.header.includes('分组方式'))).toBe(true);
  }, 120_000);
});

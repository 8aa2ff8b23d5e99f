/**
 * The checks before a run (app/check-project.ts), shared by `nqpf validate` and `nqpf run`: the
 * analyses' score codes, groups and weights, and the values a construction step would refuse,
 * named by indicator, unit and period — all in one error.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { loadCheckedProject } from '../../src/app/check-project.js';
import { runProject } from '../../src/app/run-project.js';
import type { Problem } from '../../src/core/problems.js';
import { catchNqpfAsync } from '../io/catch-nqpf.js';

const DATA = `unit,year,region,a,b,c
u1,2020,E,1,10,5
u2,2020,W,2,20,4
u3,2020,W,3,40,3
u1,2021,E,2,15,6
u2,2021,W,3,25,5
u3,2021,W,5,30,2
`;

const FW = `framework:
  nodes:
    - { code: I }
    - { code: D1, parent: I }
    - { code: D2, parent: I }
    - { code: a, parent: D1 }
    - { code: b, parent: D1 }
    - { code: c, parent: D2 }
`;

function spec(rest: string, data = DATA, attributes = '[region]'): string {
  const dir = mkdtempSync(join(tmpdir(), 'nqpf-check-'));
  writeFileSync(join(dir, 'data.csv'), data);
  writeFileSync(join(dir, 'spec.yaml'), `data: { file: data.csv, unit: unit, period: year, attributes: ${attributes} }\n${FW}${rest}`);
  return join(dir, 'spec.yaml');
}

const problems = (e: { data?: unknown }): Problem[] => (e.data as { problems?: Problem[] } | undefined)?.problems ?? [e as unknown as Problem];

describe('loadCheckedProject', () => {
  it('passes a clean project', async () => {
    const p = await loadCheckedProject(spec('analyses:\n  coupling: { subsystems: [D1, D2] }\n  inequality: { measures: [gini, dagum] }\n  group: region\n'));
    expect(p.panel.units).toEqual(['u1', 'u2', 'u3']);
  });

  it('names a misspelt coupling subsystem, an unknown analyses.group and missing spatial weights together', async () => {
    const e = await catchNqpfAsync(() =>
      loadCheckedProject(spec('analyses:\n  group: regoin\n  coupling: { subsystems: [D1, D3] }\n  inequality: { measures: [dagum] }\n  spatial: {}\n')),
    );
    expect(e.code).toBe('E_INPUT_PROBLEMS');
    const ps = problems(e);
    expect(ps.map((p) => [p.code, p.location?.path])).toEqual([
      ['E_ANALYSIS_SCORE', 'analyses.coupling.subsystems.1'],
      ['E_ANALYSIS_GROUP', 'analyses.group'],
      ['E_ANALYSIS_WEIGHTS', 'analyses.weights'],
    ]);
    expect(ps[0].hint).toContain('did you mean "D1"?');
    expect(ps[1].message).toBe('analyses.group "regoin" is not a unit attribute');
    expect(ps[1].hint).toContain('did you mean "region"?');
    expect(e.message).toContain('analyses.coupling.subsystems.1: "D3" is not a score of this run');
  });

  it('accepts the score an efficiency model adds wherever a score is named; a model named like a framework code is refused', async () => {
    const eff = '  efficiency: { models: [{ name: GTFP, model: ddf, inputs: [a, b], outputs: [c] }] }\n';
    await loadCheckedProject(spec(`analyses:\n  score: GTFP\n  inequality: { scores: [GTFP, I] }\n${eff}`));
    const e = await catchNqpfAsync(() =>
      loadCheckedProject(
        spec('analyses:\n  inequality: { scores: [GTFP2] }\n  efficiency: { models: [{ name: D1, model: ddf, inputs: [a], outputs: [c] }] }\n'),
      ),
    );
    expect(problems(e).map((p) => [p.code, p.location?.path])).toEqual([
      ['E_ANALYSIS_SCORE', 'analyses.efficiency'],
      ['E_ANALYSIS_SCORE', 'analyses.inequality.scores.0'],
    ]);
  });

  it('names each grouping of analyses.inequality.groups that is not a unit attribute, or that a unit lacks', async () => {
    const e = await catchNqpfAsync(() => loadCheckedProject(spec('analyses:\n  inequality: { groups: [region, regoin] }\n', DATA, '[]')));
    expect(problems(e).map((p) => [p.code, p.location?.path])).toEqual([
      ['E_ANALYSIS_GROUP', 'analyses.inequality.groups.0'],
      ['E_ANALYSIS_GROUP', 'analyses.inequality.groups.1'],
    ]);
    const withRegion = await catchNqpfAsync(() => loadCheckedProject(spec('analyses:\n  inequality: { groups: [region, regoin] }\n')));
    const ps = problems(withRegion);
    expect(ps.map((p) => p.location?.path)).toEqual(['analyses.inequality.groups.1']);
    expect(ps[0].message).toBe('analyses.inequality.groups.1 "regoin" is not a unit attribute');
    expect(ps[0].hint).toContain('did you mean "region"?');
    const gap = await catchNqpfAsync(() =>
      loadCheckedProject(spec('analyses:\n  inequality: { groups: [region] }\n', DATA.replace('u2,2020,W', 'u2,2020,').replace('u2,2021,W', 'u2,2021,'))),
    );
    expect(problems(gap)[0].message).toBe('1 unit has no region (the groups of analyses.inequality.groups.0): u2');
  });

  it('asks for groups when an analysis needs them and none is set', async () => {
    const e = await catchNqpfAsync(() => loadCheckedProject(spec('analyses:\n  inequality: { measures: [gini, theil] }\n', DATA, '[]')));
    expect(e.code).toBe('E_ANALYSIS_GROUP');
    expect(e.message).toBe('analyses.inequality needs unit groups, and neither analyses.group nor units.group is set');
    // Gini alone needs no groups.
    await expect(loadCheckedProject(spec('analyses:\n  inequality: { measures: [gini] }\n', DATA, '[]'))).resolves.toBeDefined();
  });

  it('names indicator, unit and period of a value ≤ 0 under a log treatment (before treatment, after denominate/impute)', async () => {
    const e = await catchNqpfAsync(() => loadCheckedProject(spec('steps:\n  treat: { method: log }\n', DATA.replace('u3,2020,W,3,40,3', 'u3,2020,W,-3,40,0'))));
    expect(e.code).toBe('E_NONPOSITIVE');
    const ps = problems(e);
    expect(ps.map((p) => p.location)).toEqual([
      { path: 'steps.treat', column: 'a' },
      { path: 'steps.treat', column: 'c' },
    ]);
    expect(ps[0].message).toBe('indicator a: 1 value is ≤ 0, where treat method "log" takes logarithms (u3 2020 = -3)');
    expect(ps[1].message).toContain('(u3 2020 = 0)');
    // With a shift that makes every value positive, no problem.
    await expect(
      loadCheckedProject(spec('steps:\n  treat: { method: log, shift: 4 }\n', DATA.replace('u3,2020,W,3,40,3', 'u3,2020,W,-3,40,0'))),
    ).resolves.toBeDefined();
  });

  it('names the normalised values a geometric mean or entropy weights cannot take (min-max to [0, 1] gives 0; z-scores are negative)', async () => {
    const e = await catchNqpfAsync(() => loadCheckedProject(spec('steps:\n  aggregate: { method: geometric }\n')));
    const ps = problems(e);
    expect(ps.map((p) => [p.code, p.location?.column, p.location?.path])).toEqual([
      ['E_NONPOSITIVE', 'a', 'steps.aggregate.nodes.D1'],
      ['E_NONPOSITIVE', 'b', 'steps.aggregate.nodes.D1'],
      ['E_NONPOSITIVE', 'c', 'steps.aggregate.nodes.D2'],
    ]);
    expect(ps[0].message).toBe('indicator a: 1 normalised value is ≤ 0, which aggregate method "geometric" at D1 cannot take (u1 2020 = 0)');
    await expect(
      loadCheckedProject(spec('steps:\n  normalise: { method: minmax, range: [1, 100] }\n  aggregate: { method: geometric }\n')),
    ).resolves.toBeDefined();
    const z = await catchNqpfAsync(() => loadCheckedProject(spec('steps:\n  normalise: { method: zscore }\n  weight: { method: entropy }\n')));
    expect(z.code).toBe('E_NEGATIVE');
    expect(problems(z).map((p) => p.location)).toEqual(['a', 'b', 'c'].map((c) => ({ path: 'steps.weight', column: c })));
    expect(z.message).toContain(
      'column a steps.weight: indicator a: 3 normalised values < 0 under weight method "entropy" (u1 2020 = -1.21988, u2 2020 = -0.48795, u1 2021 = -0.48795)',
    );
  });

  it('reports an error of the construction steps themselves (a constant indicator under z-scores) as validate would meet it in run', async () => {
    const flat = DATA.replace(/,(\d+)\n/g, ',7\n');
    const e = await catchNqpfAsync(() => loadCheckedProject(spec('steps:\n  normalise: { method: zscore }\n', flat)));
    expect(e.code).toBe('E_ZERO_RANGE');
    expect(e.message).toContain('c');
  });

  it('hands the run the construction it checked, once: the run computes from it the results it computes alone', async () => {
    const { executeLog } = await import('../../src/pipeline/run.js');
    const { takeCheckedConstruction } = await import('../../src/app/check-project.js');
    // A log treatment (the checks build the steps before it with every treatment off, then the whole log) and an imputation.
    const data = DATA.replace('u3,2021,W,5,30,2', 'u3,2021,W,5,,2');
    const p = await loadCheckedProject(spec('steps:\n  impute: { method: linear }\n  treat: { method: log }\n', data));
    const st = takeCheckedConstruction(p);
    expect(st?.datasets.treated.values.get('a')?.[0]).toBeCloseTo(0, 12); // log(1)
    expect(takeCheckedConstruction(p)).toBeUndefined(); // handed out once
    const run = (from?: NonNullable<typeof st>[]) => executeLog({ raw: p.panel, framework: p.framework, log: p.log, groupAttr: p.groupAttr, from });
    const [reused, alone] = [run([st!]), run()];
    expect(reused.datasets.imputed).toBe(st!.datasets.imputed); // taken, not computed again
    expect(alone.datasets.imputed).not.toBe(st!.datasets.imputed);
    expect(reused.warnings).toEqual(alone.warnings);
    for (const d of ['imputed', 'treated', 'normalised', 'aggregated'] as const)
      for (const [c, x] of alone.datasets[d].values) expect([...reused.datasets[d].values.get(c)!], `${d} ${c}`).toEqual([...x]);
    expect(reused.imputation).toEqual(alone.imputation);
    expect(reused.treatment).toEqual(alone.treatment);
  });

  it('runProject stops on the same problems before computing', async () => {
    const s = spec('steps:\n  aggregate: { method: geometric }\nanalyses:\n  coupling: { subsystems: [D1, D3] }\n');
    const v = await catchNqpfAsync(() => loadCheckedProject(s));
    const r = await catchNqpfAsync(() => runProject(s, { dryRun: true }));
    expect(r.code).toBe(v.code);
    expect(r.message).toBe(v.message);
    expect(problems(r)).toHaveLength(4);
  });

  it('says which sheet of a workbook was read, and the others, also when data.sheet chose it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nqpf-check-'));
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('说明').addRow(['notes']);
    const ws = wb.addWorksheet('数据');
    for (const r of DATA.trim().split('\n')) ws.addRow(r.split(',').map((x) => (/^-?\d+$/.test(x) ? Number(x) : x)));
    ws.getCell('D3').value = 'n/a?';
    await wb.xlsx.writeFile(join(dir, 'data.xlsx'));
    writeFileSync(join(dir, 'spec.yaml'), `data: { file: data.xlsx, sheet: 数据, unit: unit, period: year, attributes: [region] }\n${FW}`);
    const e = await catchNqpfAsync(() => loadCheckedProject(join(dir, 'spec.yaml')));
    expect(e.code).toBe('E_NON_NUMERIC');
    expect(e.message).toBe('non-numeric value "n/a?" in column "a", row 3 of data.xlsx (sheet "数据" (2 of 2) was read; other sheets: 1 "说明")');
    expect(e.location).toEqual({ file: 'data.xlsx', row: 3, column: 'a' });
  });
});

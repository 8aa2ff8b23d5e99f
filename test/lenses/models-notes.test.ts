/**
 * Notes of models_fit.csv on input a demanding user wants told (issue 15, bad input): singleton
 * units under unit effects, too few clusters for clustered SEs, rows left out, an unbalanced panel —
 * in the CSV as codes-like English and in the Chinese workbook/report as Chinese.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runProject } from '../../src/app/run-project.js';
import { MODELS_FIT } from '../../src/lenses/models/analysis.js';

describe('models_fit notes', () => {
  it('singletons, few clusters, left-out rows and an unbalanced panel are said (en and zh)', async () => {
    const d = mkdtempSync(join(tmpdir(), 'nqpf-mnotes-'));
    const rows = ['unit,year,x,y'];
    for (const u of ['a', 'b', 'c', 'd', 'e'])
      for (const t of [2020, 2021, 2022, 2023]) {
        if (u === 'e' && t !== 2020) continue; // e: one observation
        const x = (u.charCodeAt(0) % 7) + t - 2019 + (t % 3) * 0.5;
        rows.push(`${u},${t},${x},${u === 'b' && t === 2021 ? '' : 2 * x + (t % 2)}`);
      }
    writeFileSync(join(d, 'data.csv'), `${rows.join('\n')}\n`);
    writeFileSync(
      join(d, 'spec.yaml'),
      `title: notes\ndata: { file: data.csv, unit: unit, period: year }\nframework:\n  nodes:\n    - { code: I }\n    - { code: x, parent: I }\n` +
        `analyses:\n  models:\n    regressions:\n      - { name: FE, formula: "y ~ x | unit" }\n`,
    );
    const run = await runProject(join(d, 'spec.yaml'), { dryRun: true });
    const t = run.analyses!.tables.find((x) => x.name === 'models_fit')!;
    const note = String(t.rows[0][t.header.indexOf('note')]);
    expect(note).toBe(
      '4 unit-periods without every variable left out; unbalanced panel; 1 singleton unit (one observation: no within variation); ' +
        'few clusters (5 < 30): clustered standard errors may be unreliable',
    );
    expect(MODELS_FIT.value('note', note, 'zh')).toBe(
      '4 个个体—时期有变量缺失，未纳入；非平衡面板；1 个个体仅有 1 个观测（无组内变异）；聚类数过少（5 < 30），聚类稳健标准误可能不可靠',
    );
  });

  it('controls collapse into one "Controls: Yes/No" row of the regression table (their estimates stay in models_coef)', async () => {
    const d = mkdtempSync(join(tmpdir(), 'nqpf-mctl-'));
    const rows = ['unit,year,x,z,y'];
    for (const u of ['a', 'b', 'c', 'd'])
      for (const t of [2020, 2021, 2022])
        rows.push(`${u},${t},${(u.charCodeAt(0) % 5) + t - 2019},${(t * u.charCodeAt(0)) % 7},${(t % 4) + u.charCodeAt(0) / 50}`);
    writeFileSync(join(d, 'data.csv'), `${rows.join('\n')}\n`);
    writeFileSync(
      join(d, 'spec.yaml'),
      `title: controls\ndata: { file: data.csv, unit: unit, period: year }\nframework:\n  nodes:\n    - { code: I }\n    - { code: x, parent: I }\n` +
        `analyses:\n  models:\n    controls: [log( z + 1 )]\n    regressions:\n      - { name: "(1)", formula: "y ~ x" }\n` +
        `      - { name: "(2)", formula: "y ~ x + log(z + 1) | unit" }\n`,
    );
    const run = await runProject(join(d, 'spec.yaml'), { dryRun: true });
    const reg = run.analyses!.tables.find((x) => x.name === 'models_regression')!;
    const labels = reg.rows.map((r) => r[0]);
    expect(labels).not.toContain('log(z+1)');
    expect(reg.rows.find((r) => r[0] === 'controls')).toEqual(['controls', 'No', 'Yes']);
    expect(labels.indexOf('controls')).toBeLessThan(labels.indexOf('unit_fe'));
    const coef = run.analyses!.tables.find((x) => x.name === 'models_coef')!;
    expect(coef.rows.some((r) => r[0] === '(2)' && r[1] === 'log(z+1)')).toBe(true);
  });
});

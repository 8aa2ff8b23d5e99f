/** Analysis sections on a small hand-made run: scale handling and reported (not silent) failures. */
import { describe, expect, it } from 'vitest';
import { buildFramework } from '../../src/core/framework.js';
import type { Panel } from '../../src/core/panel.js';
import { runAnalyses } from '../../src/analysis/run.js';
import { resolveLog } from '../../src/pipeline/log.js';
import { executeLog } from '../../src/pipeline/run.js';
import { AnalysesSpec, StepsSpec } from '../../src/spec/schema.js';
import { close } from '../helpers/shared.js';

const panel = (): Panel => ({
  units: ['a', 'b', 'c', 'd'],
  periods: ['2020', '2021'],
  periodValues: [2020, 2021],
  hasPeriod: true,
  indicators: ['x', 'y'],
  values: new Map([
    ['x', Float64Array.from([1, 2, 3, 4, 2, 3, 4, 5])],
    ['y', Float64Array.from([4, 1, 3, 2, 5, 1, 2, 2])],
  ]),
  attributes: new Map(),
});
const fw = buildFramework([{ code: 'I' }, { code: 'X', parent: 'I' }, { code: 'Y', parent: 'I' }, { code: 'x', parent: 'X' }, { code: 'y', parent: 'Y' }]);

describe('analysis sections', () => {
  it('coupling rescales scores built on min-max [0, 100] to [0, 1] and says so', () => {
    const result = executeLog({ raw: panel(), framework: fw, log: resolveLog(StepsSpec.parse({ normalise: { method: 'minmax', range: [0, 100] } }), fw) });
    const r = runAnalyses({ result, spec: AnalysesSpec.parse({ coupling: { subsystems: ['X', 'Y'] } }), seed: 1 });
    const t = r.tables[0];
    const row = t.rows[1]; // unit b, 2020: X = 100·(2−1)/4 = 25, Y = 100·(1−1)/4 = 0
    const U1 = 0.25;
    const U2 = 0;
    expect(close(row[t.header.indexOf('X')] as number, U1)).toBe(true);
    expect(row[t.header.indexOf('Y')]).toBe(U2);
    expect(row[t.header.indexOf('C')]).toBe(0); // 2√(U1·U2)/(U1+U2) = 0
    expect(String(row[t.header.indexOf('note')])).toContain('rescaled from [0, 100]');
  });

  it('σ convergence reports the CV and notes why the sd of logs is missing when scores reach 0', () => {
    const result = executeLog({ raw: panel(), framework: fw, log: resolveLog(StepsSpec.parse({ normalise: { method: 'minmax', range: [0, 1] } }), fw) });
    const r = runAnalyses({ result, spec: AnalysesSpec.parse({ convergence: { scores: ['x'], panel: false } }), seed: 1 });
    const sigma = r.tables.find((t) => t.name === 'convergence_sigma')!;
    expect(
      sigma.rows.every((q) => q[sigma.header.indexOf('sd_log')] === null && q[sigma.header.indexOf('note')] === 'sd of logs not computed: values ≤ 0'),
    ).toBe(true);
    expect(typeof sigma.rows[0][sigma.header.indexOf('cv')]).toBe('number');
    expect(r.warnings.map((w) => w.code)).toContain('W_SIGMA_LOGS');
  });

  it('an unknown score names the section path and the known scores', () => {
    const result = executeLog({ raw: panel(), framework: fw, log: resolveLog(StepsSpec.parse({}), fw) });
    expect(() => runAnalyses({ result, spec: AnalysesSpec.parse({ inequality: { scores: ['Z'] } }), seed: 1 })).toThrow(
      /analyses\.inequality\.scores\.0: "Z" is not a score/,
    );
  });

  it('density and Markov leave a missing score out with a note and a warning instead of stopping the run', () => {
    const p = panel();
    p.values.get('x')![5] = NaN; // unit b, 2021: score X is missing there
    const result = executeLog({ raw: p, framework: fw, log: resolveLog(StepsSpec.parse({ normalise: { method: 'minmax', range: [0, 1] } }), fw) });
    expect(Number.isNaN(result.datasets.aggregated.values.get('X')![5])).toBe(true);
    const r = runAnalyses({ result, spec: AnalysesSpec.parse({ score: 'X', density: { gridSize: 16 }, markov: { classes: 2 } }), seed: 1 });
    const t = (name: string) => r.tables.find((x) => x.name === name)!;
    const col = (name: string, c: string) => t(name).header.indexOf(c);

    const bw = t('density_bandwidth');
    const y21 = bw.rows.find((row) => row[col('density_bandwidth', 'period')] === 2021 || row[col('density_bandwidth', 'period')] === '2021')!;
    expect(y21[col('density_bandwidth', 'n')]).toBe(3);
    expect(y21[col('density_bandwidth', 'note')]).toBe('1 missing value left out');
    expect(bw.rows.find((row) => String(row[col('density_bandwidth', 'period')]) === '2020')![col('density_bandwidth', 'note')]).toBe('');
    expect(t('density').rows.filter((row) => String(row[col('density', 'period')]) === '2021')).toHaveLength(16);

    const trans = t('markov_transitions');
    const total = trans.rows.reduce((a, row) => a + (row[col('markov_transitions', 'count')] as number), 0);
    expect(total).toBe(3); // 4 units, one transition skipped
    expect(String(t('markov_summary').rows[0][col('markov_summary', 'note')])).toContain('1 transition skipped because a class was missing');
    const cls = t('markov_classes');
    const b21 = cls.rows.find((row) => row[0] === 'b' && String(row[1]) === '2021')!;
    expect(b21[col('markov_classes', 'class')]).toBeNull();
    expect(r.warnings.map((w) => w.code)).toEqual(expect.arrayContaining(['W_DENSITY_MISSING', 'W_MARKOV_MISSING']));
  });
});

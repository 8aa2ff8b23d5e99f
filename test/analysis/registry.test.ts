/**
 * The analysis registry and table declarations: the spec's `analyses` section is the registry,
 * every table is declared once (unique name, its file, zh/en headers), every table a run writes
 * is one its analysis declared with the declared columns, and `table()` builds and reads rows by
 * column key (a misspelt key is a type error, checked by tsc on this file).
 */
import { describe, expect, it } from 'vitest';
import { buildFramework } from '../../src/core/framework.js';
import type { Panel } from '../../src/core/panel.js';
import { table } from '../../src/analysis/descriptor.js';
import { ANALYSES, ANALYSIS_LIST, presentAnalyses } from '../../src/analysis/registry.js';
import { runAnalyses } from '../../src/analysis/run.js';
import { weightsFromCoordinates } from '../../src/analysis/spatial/weights.js';
import { resolveLog } from '../../src/pipeline/log.js';
import { executeLog } from '../../src/pipeline/run.js';
import { AnalysesSpec, StepsSpec } from '../../src/spec/schema.js';
import { prepareEfficiency } from '../../src/lenses/efficiency/analysis.js';

describe('analysis registry', () => {
  it("the spec's analyses section is score, group, weights and one section per registered analysis, in registry order", () => {
    expect(Object.keys(AnalysesSpec.shape)).toEqual(['score', 'group', 'weights', ...ANALYSES.map((a) => a.key)]);
    expect(new Set(ANALYSES.map((a) => a.key)).size).toBe(ANALYSES.length);
    for (const a of ANALYSIS_LIST) expect(AnalysesSpec.shape[a.key as keyof typeof AnalysesSpec.shape].unwrap()).toBe(a.spec);
  });

  it('every table is declared once: unique names, <name>.csv files, zh and en headers for every column', () => {
    const decls = ANALYSIS_LIST.flatMap((a) => a.tables);
    expect(new Set(decls.map((t) => t.name)).size).toBe(decls.length);
    for (const t of decls) {
      expect(t.file).toBe(`${t.name}.csv`);
      expect(t.zh && t.en).toBeTruthy();
      for (const [k, c] of Object.entries(t.columns)) expect([k, c.zh !== '' && c.en !== ''], `${t.name}.${k}`).toEqual([k, true]);
    }
  });

  it('presentAnalyses finds the sections present, in registry order', () => {
    expect(presentAnalyses(AnalysesSpec.parse({}))).toEqual([]);
    expect(presentAnalyses(AnalysesSpec.parse({ coupling: { subsystems: ['X', 'Y'] }, inequality: {} })).map((a) => a.key)).toEqual(['inequality', 'coupling']);
  });

  /**
   * Analyses this small panel cannot run, each covered by a run-level test of its own: the
   * cross-section spatial models need weights similar to a symmetric matrix (the kNN weights here
   * are not), the value chains an input–output table (both: test/lenses/lenses-run.test.ts).
   */
  const RUN_ELSEWHERE = new Set(['spatial_models', 'valueChains']);
  /** Tables of sections this panel is too small for (a threshold needs ≥ 10 distinct values of q): test/examples/cn-models.test.ts. */
  // spatial_islands: written only when islands: nearest linked units (knn weights here have none); its run and columns:
  // test/analysis/spatial/linked-islands.test.ts
  const TABLES_ELSEWHERE = new Set(['models_threshold', 'models_threshold_gamma', 'models_threshold_lr', 'spatial_islands']);

  it('a run of every analysis writes only declared tables, each with the declared columns in order', async () => {
    const panel: Panel = {
      units: ['a', 'b', 'c', 'd', 'e', 'f'],
      periods: ['2020', '2021', '2022'],
      periodValues: [2020, 2021, 2022],
      hasPeriod: true,
      indicators: ['x', 'y'],
      values: new Map([
        ['x', Float64Array.from([1, 2, 3, 4, 5, 6, 2, 3, 4, 5, 7, 6, 3, 3, 5, 6, 8, 7])],
        ['y', Float64Array.from([4, 1, 3, 2, 6, 5, 5, 1, 2, 2, 6, 7, 5, 2, 3, 2, 7, 7])],
      ]),
      attributes: new Map([
        ['region', ['N', 'N', 'N', 'S', 'S', 'S']],
        ['lon', ['110', '112', '114', '111', '113', '115']],
        ['lat', ['35', '36', '34', '28', '27', '29']],
      ]),
    };
    const fw = buildFramework([{ code: 'I' }, { code: 'X', parent: 'I' }, { code: 'Y', parent: 'I' }, { code: 'x', parent: 'X' }, { code: 'y', parent: 'Y' }]);
    const result = executeLog({ raw: panel, framework: fw, log: resolveLog(StepsSpec.parse({ normalise: { method: 'minmax', range: [0, 1] } }), fw) });
    const xy = Float64Array.from([110, 35, 112, 36, 114, 34, 111, 28, 113, 27, 115, 29]);
    const W = weightsFromCoordinates(panel.units, xy, { method: 'knn', k: 2, metric: 'greatcircle', style: 'W' });
    const spec = AnalysesSpec.parse({
      group: 'region',
      inequality: {},
      density: { gridSize: 16 },
      markov: { classes: 2, spatial: true },
      spatial: { permutations: 9 },
      convergence: { panel: true },
      obstacle: { top: 2 },
      coupling: { subsystems: ['X', 'Y'] },
      sde: {},
      models: {
        se: ['cluster', 'conventional'],
        regressions: [
          { name: 'FE', formula: 'I ~ x + y | unit + period' },
          { name: 'M', formula: 'I ~ x + y + x:y | unit', slopes: { x: 'x', by: 'y' } },
          { name: 'RE', formula: 'I ~ x', estimator: 'random' },
        ],
        mediation: [{ name: 'med', y: 'I', x: 'x', m: 'y', effects: 'unit', se: 'conventional', bootstrap: 20 }],
        did: [{ name: 'did', formula: 'I ~ 1', treatment: 'first', leads: 1, lags: 1, se: 'conventional' }],
      },
      efficiency: {
        models: [{ name: 'ccr', model: 'ccr', inputs: ['x'], outputs: ['y'] }],
        malmquist: [
          { name: 'mq', inputs: ['x'], outputs: ['y'] },
          { name: 'gml', index: 'gml', inputs: ['x'], outputs: ['y'] },
        ],
      },
    });
    // This test covers every analysis but those RUN_ELSEWHERE.
    expect(presentAnalyses(spec).map((a) => a.key)).toEqual(ANALYSIS_LIST.filter((a) => !RUN_ELSEWHERE.has(a.key)).map((a) => a.key));
    await prepareEfficiency();
    // The data as read: x, y and the first treated year of the DID (a, b in 2021, c in 2022, the others never).
    const first = Float64Array.from({ length: 18 }, (_, i) => [2021, 2021, 2022, Number.NaN, Number.NaN, Number.NaN][i % 6]);
    const data: Panel = { ...panel, indicators: ['x', 'y', 'first'], values: new Map([...panel.values, ['first', first]]) };
    const r = runAnalyses({ result, spec, weights: W, seed: 1, data });
    const declared = new Map(ANALYSIS_LIST.flatMap((a) => a.tables.map((t) => [t.name, t] as const)));
    for (const t of r.tables) {
      const d = declared.get(t.name);
      expect(d, t.name).toBeDefined();
      expect(t.file).toBe(d!.file);
      // Declared keys, in order, where the header has them (spread groups and left-out optional columns aside).
      const fixed = Object.entries(d!.columns)
        .filter(([, c]) => !c.spread)
        .map(([k]) => k);
      expect(
        t.header.filter((h) => fixed.includes(h)),
        t.name,
      ).toEqual(fixed.filter((k) => t.header.includes(k)));
      const required = Object.entries(d!.columns)
        .filter(([, c]) => !c.spread && !c.optional)
        .map(([k]) => k);
      for (const k of required) expect(t.header, `${t.name}.${k}`).toContain(k);
      for (const row of t.rows) expect(row).toHaveLength(t.header.length);
    }
    expect(r.tables.map((t) => t.name).sort()).toEqual(
      ANALYSIS_LIST.filter((a) => !RUN_ELSEWHERE.has(a.key))
        .flatMap((a) => a.tables.map((t) => t.name))
        .filter((n) => !TABLES_ELSEWHERE.has(n))
        .sort(),
    );
  });
});

describe('table()', () => {
  const T = table({
    name: 't',
    file: 't.csv',
    zh: '表',
    en: 'Table',
    columns: {
      unit: { kind: 'text', zh: '单元', en: 'Unit' },
      period: { kind: 'period', zh: '时期', en: 'Period' },
      parts: { kind: 'num', zh: '部分', en: 'Part', spread: true },
      extra: { kind: 'num', zh: '附加', en: 'Extra', optional: true },
      total: { kind: 'num', zh: '合计', en: 'Total', decimals: 2 },
    },
  });

  it('builds positional rows in declaration order: spread headers from the run, optional columns when included, NaN as null', () => {
    const rows = [
      { unit: 'a', period: 2020, parts: [1, NaN], extra: 5, total: 1 },
      { unit: 'b', period: '2021Q1', parts: [2, 3], total: NaN },
    ];
    expect(T.build(rows, { spread: { parts: ['p1', 'p2'] } })).toEqual({
      name: 't',
      file: 't.csv',
      header: ['unit', 'period', 'p1', 'p2', 'total'],
      rows: [
        ['a', 2020, 1, null, 1],
        ['b', '2021Q1', 2, 3, null],
      ],
    });
    expect(T.build(rows, { spread: { parts: ['p1', 'p2'] }, include: ['extra'] }).rows).toEqual([
      ['a', 2020, 1, null, 5, 1],
      ['b', '2021Q1', 2, 3, null, null],
    ]);
    // @ts-expect-error a misspelt column is a type error
    T.build([{ unit: 'a', period: 1, parts: [], totl: 1 }], { spread: { parts: [] } });
  });

  it('refuses a spread group with the wrong number of cells or without headers', () => {
    expect(() => T.build([{ unit: 'a', period: 1, parts: [1], total: 1 }], { spread: { parts: ['p1', 'p2'] } })).toThrow(
      /column group "parts" has 1 cells for 2 headers/,
    );
    expect(() => T.build([])).toThrow(/headers of column group "parts" are missing/);
  });

  it('reads a written table back by column key; labels and decimals come from the declaration', () => {
    const r = T.read({ header: ['unit', 'period', 'p1', 'total'], rows: [['a', 2020, 1, 3]] });
    expect(r.rows).toEqual([{ unit: 'a', period: 2020, extra: null, total: 3 }]);
    expect([r.has('total'), r.has('extra')]).toEqual([true, false]);
    expect([T.label('total', 'zh'), T.label('total', 'en'), T.decimals('total'), T.decimals('unit')]).toEqual(['合计', 'Total', 2, undefined]);
  });
});

/**
 * Frameworks as users keep them (issue 12): per-node overrides of a framework read from a file or
 * a built-in (`framework.overrides`: weights, directions, names), and an iMeta table whose
 * denominator columns the data need not hold when the denominate step is off.
 */
import { describe, expect, it } from 'vitest';
import { close, frameworkSpec, index, loadError, project } from '../helpers/framework-project.js';
import { loadProject } from '../../src/io/read/load-project.js';
import { parseSpec } from '../../src/spec/parse.js';

/**
 * A COINr iMeta table: indicators a, b under P1, c (direction −1, divided by pop) under P2, the
 * index IDX over P1 and P2; pop is a Denominator row.
 */
const IMETA = `Level,iCode,iName,Direction,Weight,Unit,Target,Denominator,Parent,Type
1,a,A,1,1,,,,P1,Indicator
1,b,B,1,1,,,,P1,Indicator
1,c,C,-1,1,,,pop,P2,Indicator
2,P1,Pillar 1,1,1,,,,IDX,Aggregate
2,P2,Pillar 2,1,1,,,,IDX,Aggregate
3,IDX,Index,1,1,,,,,Aggregate
,pop,Population,,,,,,,Denominator
`;
/** One cross-section of three units; no pop column. */
const DATA = 'unit,a,b,c\nu1,0,10,5\nu2,5,0,10\nu3,10,5,0\n';

const spec = (framework: string, steps = 'denominate: { enabled: false }') => frameworkSpec(framework, steps);

describe('an iMeta framework without denominator columns', () => {
  it('runs when the denominate step is off (the data need not hold pop)', async () => {
    // min-max to [0, 100]: a → 0, 50, 100; b → 100, 0, 50; c (direction −1) → 50, 0, 100.
    // P1 = (a + b)/2 = 50, 25, 75; P2 = c; IDX = (P1 + P2)/2 = 50, 12.5, 87.5.
    close(await index(project({ 'data.csv': DATA, 'imeta.csv': IMETA, 'nqpf.yaml': spec('  file: imeta.csv') })), [50, 12.5, 87.5]);
  });

  it('still needs them when the step is on, or when a robustness factor may switch it on', async () => {
    const on = await loadError(project({ 'data.csv': DATA, 'imeta.csv': IMETA, 'nqpf.yaml': spec('  file: imeta.csv', 'denominate: { enabled: true }') }));
    expect(on.code).toBe('E_INDICATOR_NO_DATA');
    expect(on.message).toContain('pop');
    const varied = await loadError(
      project({
        'data.csv': DATA,
        'imeta.csv': IMETA,
        'nqpf.yaml': `${spec('  file: imeta.csv')}robustness:\n  factors:\n    - { name: den, type: alternatives, path: steps.denominate.enabled, alternatives: [false, true] }\n`,
      }),
    );
    expect(varied.code).toBe('E_INDICATOR_NO_DATA');
  });
});

describe('framework.overrides', () => {
  it('node weights of an iMeta framework, set in the spec, change the index as a hand calculation says', async () => {
    // a weighs 3 within P1: P1 = (3a + b)/4 = 25, 37.5, 87.5; P2 weighs 3 within IDX:
    // IDX = (P1 + 3 P2)/4 = (25 + 150)/4, (37.5 + 0)/4, (87.5 + 300)/4 = 43.75, 9.375, 96.875.
    const p = project({ 'data.csv': DATA, 'imeta.csv': IMETA, 'nqpf.yaml': spec('  file: imeta.csv\n  overrides: { a: { weight: 3 }, P2: { weight: 3 } }') });
    close(await index(p), [43.75, 9.375, 96.875]);
    const loaded = await loadProject(p);
    expect(loaded.framework.nodes.get('P2')!.weight).toBe(3);
    expect(loaded.frameworkNodes.find((n) => n.code === 'a')!.weight).toBe(3);
    expect(loaded.framework.nodes.get('b')!.weight).toBe(1);
  });

  it('directions and Chinese names too: c as 正向 gives c → 50, 100, 0 and IDX = 50, 62.5, 37.5', async () => {
    const p = project({
      'data.csv': DATA,
      'imeta.csv': IMETA,
      'nqpf.yaml': spec('  file: imeta.csv\n  overrides: { c: { direction: 正向, nameZh: 丙 }, IDX: { nameZh: 新质生产力指数 } }'),
    });
    close(await index(p), [50, 62.5, 37.5]);
    const loaded = await loadProject(p);
    expect(loaded.framework.nodes.get('c')!.nameZh).toBe('丙');
    expect(loaded.framework.nodes.get('c')!.nameEn).toBe('C');
    expect(loaded.framework.nodes.get('IDX')!.nameZh).toBe('新质生产力指数');
  });

  it('apply to a built-in framework and to inline nodes', async () => {
    const inline = project({
      'data.csv': DATA,
      'nqpf.yaml': spec('  nodes:\n    - { code: IDX }\n    - { code: a, parent: IDX }\n    - { code: b, parent: IDX }\n  overrides: { b: { weight: 0 } }'),
    });
    close(await index(inline), [0, 50, 100]); // IDX = a
    const s = parseSpec('data: { file: d.csv, unit: u }\nframework: { builtin: nqpf-three-factor, overrides: { NQPF: { nameEn: NQPF index } } }\n', {
      env: {},
    });
    expect(s.framework.overrides).toEqual({ NQPF: { nameEn: 'NQPF index' } });
  });

  it('an unknown node code is an error naming every unknown code with the nearest one', async () => {
    const e = await loadError(
      project({ 'data.csv': DATA, 'imeta.csv': IMETA, 'nqpf.yaml': spec('  file: imeta.csv\n  overrides: { P3: { weight: 2 }, IDXX: { weight: 1 } }') }),
    );
    expect(e.code).toBe('E_SPEC_UNKNOWN_CODE');
    expect(e.location?.path).toBe('framework.overrides.P3');
    expect(e.message).toBe('framework.overrides: no framework node "P3" (did you mean "P1"?), "IDXX" (did you mean "IDX"?)');
    expect(e.hint).toContain('node codes: a, b, c, P1, P2, IDX');
  });

  it('may not move or retype a node', () => {
    expect(() =>
      parseSpec(`${spec('  file: imeta.csv')}`.replace('file: imeta.csv', 'file: imeta.csv\n  overrides: { a: { parent: P2 } }'), { env: {} }),
    ).toThrow(/framework\.overrides\.a: unknown field "parent"/);
  });
});

/**
 * Directions written as words (负向 / 正向, cost …; issue 12) in the spec and in framework tables
 * (nqpf layout and COINr iMeta) run as 1 / −1 would.
 */
import { describe, expect, it } from 'vitest';
import { close, frameworkSpec, index, loadError, project } from '../helpers/framework-project.js';
import { loadProject } from '../../src/io/read/load-project.js';

/** A COINr iMeta table: indicators a, b under P1, c (direction −1) under P2, the index IDX over P1 and P2. */
const IMETA = `Level,iCode,iName,Direction,Weight,Unit,Target,Denominator,Parent,Type
1,a,A,1,1,,,,P1,Indicator
1,b,B,1,1,,,,P1,Indicator
1,c,C,-1,1,,,,P2,Indicator
2,P1,Pillar 1,1,1,,,,IDX,Aggregate
2,P2,Pillar 2,1,1,,,,IDX,Aggregate
3,IDX,Index,1,1,,,,,Aggregate
`;
/** One cross-section of three units. */
const DATA = 'unit,a,b,c\nu1,0,10,5\nu2,5,0,10\nu3,10,5,0\n';

const spec = (framework: string, steps = 'denominate: { enabled: true }') => frameworkSpec(framework, steps);

describe('directions as words', () => {
  const nodes = (dir: string) => `  nodes:\n    - { code: IDX }\n    - { code: a, parent: IDX }\n    - { code: c, parent: IDX, direction: ${dir} }`;

  it('direction: 负向 in the spec runs and gives what direction: -1 gives', async () => {
    const neg = await index(project({ 'data.csv': DATA, 'nqpf.yaml': spec(nodes('负向')) }));
    const minus = await index(project({ 'data.csv': DATA, 'nqpf.yaml': spec(nodes('-1')) }));
    expect(neg).toEqual(minus);
    // a → 0, 50, 100; c reversed → 50, 0, 100; IDX = 25, 25, 100
    close(neg, [25, 25, 100]);
    const loaded = await loadProject(project({ 'data.csv': DATA, 'nqpf.yaml': spec(nodes('负向')) }));
    expect(loaded.framework.nodes.get('c')!.direction).toBe(-1);
    expect(loaded.frameworkNodes.find((n) => n.code === 'c')!.direction).toBe(-1);
  });

  it('in a framework table (nqpf layout) and an iMeta Direction column', async () => {
    const table = 'code,parent,direction\nIDX,,\na,IDX,正向\nc,IDX,负向\n';
    const t = await loadProject(project({ 'data.csv': DATA, 'fw.csv': table, 'nqpf.yaml': spec('  file: fw.csv') }));
    expect([t.framework.nodes.get('a')!.direction, t.framework.nodes.get('c')!.direction]).toEqual([1, -1]);
    const imeta = IMETA.replace('1,c,C,-1,', '1,c,C,cost,').replace('1,a,A,1,', '1,a,A,Positive,');
    close(await index(project({ 'data.csv': DATA, 'imeta.csv': imeta, 'nqpf.yaml': spec('  file: imeta.csv') })), [50, 12.5, 87.5]);
  });

  it('a cell that is not a direction is an error at its row and column', async () => {
    const e = await loadError(project({ 'data.csv': DATA, 'fw.csv': 'code,parent,direction\nIDX,,\na,IDX,向上\n', 'nqpf.yaml': spec('  file: fw.csv') }));
    expect(e.code).toBe('E_FRAMEWORK_DIRECTION');
    expect(e.location).toMatchObject({ row: 3, column: 'direction' });
    expect(e.hint).toContain('负向');
  });
});

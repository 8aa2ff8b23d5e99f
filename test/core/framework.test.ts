import { describe, expect, it } from 'vitest';
import { NqpfError } from '../../src/core/errors.js';
import { buildFramework, indicatorsUnder, pruneFramework } from '../../src/core/framework.js';

const tree = [
  { code: 'I' },
  { code: 'A', parent: 'I' },
  { code: 'B', parent: 'I', weight: 2 },
  { code: 'A1', parent: 'A' },
  { code: 'A2', parent: 'A', direction: -1 as const },
  { code: 'B1', parent: 'B' },
  { code: 'Deep', parent: 'B' },
  { code: 'D1', parent: 'Deep' },
];

function err(f: () => unknown): NqpfError {
  try {
    f();
  } catch (e) {
    if (e instanceof NqpfError) return e;
    throw e;
  }
  throw new Error('expected an error');
}

describe('buildFramework', () => {
  it('computes COINr levels for a ragged tree and a bottom-up aggregate order', () => {
    const fw = buildFramework(tree);
    expect(fw.root).toBe('I');
    expect(fw.indicators).toEqual(['A1', 'A2', 'B1', 'D1']);
    expect(fw.nodes.get('A')!.level).toBe(2);
    expect(fw.nodes.get('Deep')!.level).toBe(2);
    expect(fw.nodes.get('B')!.level).toBe(3);
    expect(fw.nodes.get('I')!.level).toBe(4);
    expect(fw.aggregates).toEqual(['A', 'Deep', 'B', 'I']);
    expect(indicatorsUnder(fw, 'B')).toEqual(['B1', 'D1']);
    expect(fw.nodes.get('A2')!.direction).toBe(-1);
  });

  it('refuses a cycle and names it', () => {
    const e = err(() =>
      buildFramework([{ code: 'I' }, { code: 'X', parent: 'Y' }, { code: 'Y', parent: 'Z' }, { code: 'Z', parent: 'X' }, { code: 'x1', parent: 'X' }]),
    );
    expect(e.code).toBe('E_FRAMEWORK_CYCLE');
    expect(e.message).toMatch(/X → Y → Z → X|Y → Z → X → Y|Z → X → Y → Z/);
    expect(e.location?.path).toMatch(/^framework\.nodes\[\d\]\.parent$/);
  });

  it('refuses an unknown parent with a suggestion and the file row', () => {
    const e = err(() => buildFramework([{ code: 'Index' }, { code: 'x', parent: 'Indx' }], { file: 'fw.csv', firstRow: 2 }));
    expect(e.code).toBe('E_FRAMEWORK_PARENT');
    expect(e.location).toMatchObject({ file: 'fw.csv', row: 3, column: 'parent' });
    expect(e.hint).toContain('"Index"');
  });

  it('refuses duplicate codes, listing both places', () => {
    const e = err(() => buildFramework([{ code: 'I' }, { code: 'a', parent: 'I' }, { code: 'a', parent: 'I' }]));
    expect(e.code).toBe('E_FRAMEWORK_DUPLICATE');
    expect(e.message).toContain('"a"');
    expect(e.message).toContain('framework.nodes[1]');
    expect(e.message).toContain('framework.nodes[2]');
  });

  it('refuses several roots and an aggregate without children', () => {
    expect(err(() => buildFramework([{ code: 'I' }, { code: 'J' }, { code: 'a', parent: 'I' }])).code).toBe('E_FRAMEWORK_ROOT');
    expect(err(() => buildFramework([{ code: 'I' }, { code: 'a', parent: 'I' }, { code: 'E', parent: 'I', type: 'aggregate' }])).code).toBe(
      'E_FRAMEWORK_EMPTY_AGGREGATE',
    );
  });

  it('prunes dropped indicators and aggregates left empty', () => {
    const fw = buildFramework(tree);
    const { framework, removed } = pruneFramework(fw, new Set(['D1']));
    expect(removed).toEqual(['D1', 'Deep']);
    expect(framework.indicators).toEqual(['A1', 'A2', 'B1']);
    expect(framework.nodes.get('B')!.level).toBe(2);
  });
});

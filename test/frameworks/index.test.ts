import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NqpfError } from '../../src/core/errors.js';
import type { FrameworkNodeSpec } from '../../src/core/framework-types.js';
import { BUILTIN_FRAMEWORKS, getBuiltinFramework } from '../../src/frameworks/index.js';

/**
 * Independent tree check (does not use any framework builder from src/): exactly one root, unique
 * codes, every parent exists, following parents from any node reaches the root without revisiting a
 * node, indicators are leaves and aggregates have children. Returns the problems found.
 */
function treeProblems(nodes: FrameworkNodeSpec[]): string[] {
  const problems: string[] = [];
  const byCode = new Map<string, FrameworkNodeSpec>();
  for (const n of nodes) {
    if (byCode.has(n.code)) problems.push(`duplicate code ${n.code}`);
    byCode.set(n.code, n);
  }
  const roots = nodes.filter((n) => n.parent === undefined || n.parent === null);
  if (roots.length !== 1) problems.push(`expected one root, found ${roots.length}`);
  const childCount = new Map<string, number>();
  for (const n of nodes) {
    if (n.parent == null) continue;
    if (!byCode.has(n.parent)) problems.push(`${n.code}: parent ${n.parent} does not exist`);
    childCount.set(n.parent, (childCount.get(n.parent) ?? 0) + 1);
  }
  for (const n of nodes) {
    const seen = new Set<string>();
    let cur: FrameworkNodeSpec | undefined = n;
    while (cur && cur.parent != null) {
      if (seen.has(cur.code)) {
        problems.push(`cycle through ${n.code}`);
        break;
      }
      seen.add(cur.code);
      cur = byCode.get(cur.parent);
    }
    const kids = childCount.get(n.code) ?? 0;
    if (n.type === 'indicator' && kids > 0) problems.push(`indicator ${n.code} has children`);
    if (n.type === 'aggregate' && kids === 0) problems.push(`aggregate ${n.code} has no children`);
  }
  return problems;
}

const leaves = (nodes: FrameworkNodeSpec[]) => {
  const parents = new Set(nodes.map((n) => n.parent).filter((p): p is string => p != null));
  return nodes.filter((n) => !parents.has(n.code));
};
const depth = (nodes: FrameworkNodeSpec[], code: string) => {
  const byCode = new Map(nodes.map((n) => [n.code, n]));
  let d = 0;
  for (let n = byCode.get(code); n && n.parent != null; n = byCode.get(n.parent)) d++;
  return d;
};

describe("treeProblems (the test's own validator)", () => {
  it('flags a duplicate code, a missing parent, two roots and a cycle', () => {
    expect(treeProblems([{ code: 'A' }, { code: 'B', parent: 'A' }, { code: 'B', parent: 'A' }])).toContain('duplicate code B');
    expect(treeProblems([{ code: 'A' }, { code: 'B', parent: 'Z' }]).join()).toMatch(/parent Z does not exist/);
    expect(treeProblems([{ code: 'A' }, { code: 'B' }]).join()).toMatch(/one root, found 2/);
    expect(treeProblems([{ code: 'R' }, { code: 'A', parent: 'B' }, { code: 'B', parent: 'A' }]).join()).toMatch(/cycle/);
  });
});

describe.each([
  { id: 'nqpf-three-factor', pillars: ['Labourers', 'MeansOfLabour', 'ObjectsOfLabour'], min: 20, max: 30 },
  { id: 'nqpf-tech-digital-green', pillars: ['Technology', 'Digital', 'Green'], min: 15, max: 24 },
])('built-in framework $id', ({ id, pillars, min, max }) => {
  const fw = BUILTIN_FRAMEWORKS[id];

  it('is registered under its own id with titles, a description and references', () => {
    expect(fw).toBeDefined();
    expect(fw.id).toBe(id);
    expect(fw.nameZh).toMatch(/新质生产力/);
    expect(fw.nameEn.length).toBeGreaterThan(10);
    expect(fw.description.length).toBeGreaterThan(40);
    expect(fw.references.length).toBeGreaterThanOrEqual(2);
  });

  it('forms a valid tree: one root, unique codes, existing parents, no cycles', () => {
    expect(treeProblems(fw.nodes)).toEqual([]);
  });

  it('has root NQPF with exactly the promised three dimensions', () => {
    const root = fw.nodes.find((n) => n.parent == null)!;
    expect(root.code).toBe('NQPF');
    expect(root.nameZh).toBe('新质生产力指数');
    expect(fw.nodes.filter((n) => n.parent === 'NQPF').map((n) => n.code)).toEqual(pillars);
  });

  it(`has between ${min} and ${max} indicators, all leaves at depth 2 or 3, at least two negative`, () => {
    const ind = leaves(fw.nodes);
    expect(ind.length).toBeGreaterThanOrEqual(min);
    expect(ind.length).toBeLessThanOrEqual(max);
    expect(fw.nodes.filter((n) => n.type === 'indicator').map((n) => n.code)).toEqual(ind.map((n) => n.code));
    for (const n of ind) expect([2, 3]).toContain(depth(fw.nodes, n.code));
    expect(ind.filter((n) => n.direction === -1).length).toBeGreaterThanOrEqual(2);
    // each dimension carries indicators
    for (const p of pillars) {
      expect(ind.some((n) => depth(fw.nodes, n.code) >= 2 && (n.parent === p || fw.nodes.find((m) => m.code === n.parent)?.parent === p))).toBe(true);
    }
  });

  it('gives every indicator a snake_case code, both names, direction ±1, unit, definition, source and weight 1', () => {
    for (const n of leaves(fw.nodes)) {
      expect(n.code, n.code).toMatch(/^[a-z][a-z0-9]*(_[a-z0-9]+)*$/);
      expect(n.nameZh, n.code).toMatch(/[\u4e00-\u9fff]/);
      expect(n.nameEn, n.code).toMatch(/^[\x20-\x7e\u2013\u2014]+$/);
      expect([1, -1], n.code).toContain(n.direction);
      expect(n.unit?.trim().length, n.code).toBeGreaterThan(0);
      expect(n.definition?.length ?? 0, n.code).toBeGreaterThan(15);
      expect(n.source?.length ?? 0, n.code).toBeGreaterThan(3);
      expect(n.weight, n.code).toBe(1);
    }
  });

  it('names every aggregate in Chinese and English', () => {
    for (const n of fw.nodes.filter((m) => m.type === 'aggregate')) {
      expect(n.nameZh, n.code).toMatch(/[\u4e00-\u9fff]/);
      expect(n.nameEn?.length ?? 0, n.code).toBeGreaterThan(3);
    }
  });

  it('marks the pollution and resource intensities negative and percentages positive', () => {
    const ind = leaves(fw.nodes);
    for (const n of ind) {
      if (/_per_gdp$|^energy_intensity$/.test(n.code)) expect(n.direction, n.code).toBe(-1);
      else expect(n.direction, n.code).toBe(1);
    }
  });
});

describe('the two built-in frameworks share indicator meanings', () => {
  it('an indicator code present in both has identical names, unit, direction, definition and source', () => {
    const a = new Map(leaves(BUILTIN_FRAMEWORKS['nqpf-three-factor'].nodes).map((n) => [n.code, n]));
    const shared = leaves(BUILTIN_FRAMEWORKS['nqpf-tech-digital-green'].nodes).filter((n) => a.has(n.code));
    expect(shared.length).toBeGreaterThan(10);
    for (const n of shared) {
      const m = a.get(n.code)!;
      expect([n.nameZh, n.nameEn, n.unit, n.direction, n.definition, n.source]).toEqual([m.nameZh, m.nameEn, m.unit, m.direction, m.definition, m.source]);
    }
  });
});

describe('getBuiltinFramework', () => {
  it('getBuiltinFramework("nqpf-three-factor") returns an equal but independent copy', () => {
    const fw = getBuiltinFramework('nqpf-three-factor');
    expect(fw).toEqual(BUILTIN_FRAMEWORKS['nqpf-three-factor']);
    fw.nodes[0].nameZh = 'changed';
    fw.nodes.pop();
    expect(BUILTIN_FRAMEWORKS['nqpf-three-factor'].nodes[0].nameZh).toBe('新质生产力指数');
    expect(getBuiltinFramework('nqpf-three-factor').nodes.length).toBe(BUILTIN_FRAMEWORKS['nqpf-three-factor'].nodes.length);
  });

  it('BUILTIN_FRAMEWORKS entries are frozen', () => {
    expect(Object.isFrozen(BUILTIN_FRAMEWORKS['nqpf-tech-digital-green'].nodes[3])).toBe(true);
  });

  it('getBuiltinFramework("nqpf-three-facter", "framework.builtin") throws E_UNKNOWN_METHOD listing the known ids with a suggestion', () => {
    let err: unknown;
    try {
      getBuiltinFramework('nqpf-three-facter', 'framework.builtin');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(NqpfError);
    const e = err as NqpfError;
    expect(e.code).toBe('E_UNKNOWN_METHOD');
    expect(e.message).toBe('invalid built-in framework: "nqpf-three-facter" (known: nqpf-three-factor, nqpf-tech-digital-green)');
    expect(e.hint).toBe('did you mean "nqpf-three-factor"?');
    expect(e.location?.path).toBe('framework.builtin');
  });

  it('getBuiltinFramework("toString") is unknown, not an Object.prototype member', () => {
    expect(() => getBuiltinFramework('toString')).toThrow(NqpfError);
  });
});

describe('docs/frameworks.md', () => {
  const doc = readFileSync(resolve(import.meta.dirname, '../../docs/frameworks.md'), 'utf8');
  it.each(Object.keys(BUILTIN_FRAMEWORKS))('documents every indicator of %s in a table row with its Chinese name and unit', (id) => {
    const section = doc.slice(doc.indexOf(`### ${id}`));
    for (const n of leaves(BUILTIN_FRAMEWORKS[id].nodes)) {
      const row = section.split('\n').find((l) => l.includes(`| \`${n.code}\` |`));
      expect(row, n.code).toBeDefined();
      expect(row).toContain(`| ${n.nameZh} |`);
      expect(row).toContain(`| ${n.unit} |`);
      expect(row).toContain(n.direction === 1 ? '| +1 |' : '| −1 |');
    }
  });
});

/**
 * Indicator framework tree (评价指标体系): validation and traversal orders.
 *
 * Levels follow COINr: indicators are level 1; an aggregate's level is one more than the
 * highest level among its children, so the root has the highest level. Validation refuses
 * duplicate codes, unknown parents, cycles, several roots and aggregates without children,
 * each with an error naming the node and where it was defined.
 */
import { fail, nearest, type Location } from './errors.js';
import type { FrameworkNodeSpec } from './framework-types.js';

export interface FrameworkNode {
  code: string;
  parent: string | null;
  nameZh: string;
  nameEn: string;
  direction: 1 | -1;
  /** Nominal weight relative to siblings as given (not renormalised). */
  weight: number;
  unit?: string;
  column: string;
  denominator?: string;
  scale?: number;
  target?: number;
  goalposts?: [number, number];
  source?: string;
  definition?: string;
  isIndicator: boolean;
  /** COINr level: 1 for indicators, 1 + max(child levels) for aggregates. */
  level: number;
  children: string[];
}

export interface Framework {
  root: string;
  /** Nodes by code. */
  nodes: Map<string, FrameworkNode>;
  /** Indicator codes in definition order. */
  indicators: string[];
  /** Aggregate codes ordered bottom-up (children before parents; within a level, definition order). */
  aggregates: string[];
}

/** Where framework nodes were defined, for error locations: a file (row = index + offset) or a spec path. */
export interface FrameworkSource {
  file?: string;
  /** Row of node 0 in the file (e.g. 2 when a header precedes it). */
  firstRow?: number;
  /** Spec path of the nodes array, e.g. `framework.nodes`. */
  path?: string;
  /** Exact file row of each node (overrides firstRow + index). */
  rows?: number[];
}

function locate(src: FrameworkSource, i: number, field?: string): Location {
  if (src.file) return { file: src.file, row: src.rows?.[i] ?? (src.firstRow ?? 2) + i, column: field };
  return { path: `${src.path ?? 'framework.nodes'}[${i}]${field ? '.' + field : ''}` };
}

/** Fields of a node a spec may change after the framework is read (`framework.overrides.<code>`): everything but its place in the tree. */
export type FrameworkNodeOverride = Omit<FrameworkNodeSpec, 'code' | 'parent' | 'type'>;

/**
 * Apply the spec's per-node changes (`framework.overrides`) to the nodes of a framework read from
 * a built-in, a file (nqpf table or COINr iMeta) or the spec: each given field replaces the node's
 * own, so a user can set the weights, directions or Chinese names of a framework file without
 * editing the file. Fields left out (and fields set to `undefined`) keep the node's value. Every
 * code that is not a node is reported at once (`E_SPEC_UNKNOWN_CODE`, with the nearest codes).
 * Returns new node objects; the input is not changed. Cost: O(nodes + overrides).
 *
 * @example applyNodeOverrides(nodes, { Physical: { weight: 2 } }) // Physical counts twice among its siblings
 */
export function applyNodeOverrides(
  nodes: readonly FrameworkNodeSpec[],
  overrides: Readonly<Record<string, FrameworkNodeOverride>> | undefined,
  path = 'framework.overrides',
): FrameworkNodeSpec[] {
  const entries = Object.entries(overrides ?? {});
  if (!entries.length) return nodes.slice();
  const codes = nodes.map((n) => String(n.code ?? '').trim());
  const known = new Set(codes);
  const unknown = entries.map(([k]) => k).filter((k) => !known.has(k));
  if (unknown.length) {
    const named = unknown.map((k) => {
      const near = nearest(k, codes, 1);
      return near.length ? `"${k}" (did you mean "${near[0]}"?)` : `"${k}"`;
    });
    fail('E_SPEC_UNKNOWN_CODE', `${path}: no framework node ${named.join(', ')}`, {
      location: { path: `${path}.${unknown[0]}` },
      hint: `node codes: ${codes.slice(0, 40).join(', ')}${codes.length > 40 ? ', …' : ''}`,
      data: { unknown },
    });
  }
  const by = new Map(entries);
  return nodes.map((n, i) => {
    const o = by.get(codes[i]);
    if (!o) return n;
    const out: FrameworkNodeSpec = { ...n };
    for (const [k, v] of Object.entries(o)) if (v !== undefined) (out as unknown as Record<string, unknown>)[k] = v;
    return out;
  });
}

/** Build and validate a framework from node specs. */
export function buildFramework(specs: readonly FrameworkNodeSpec[], src: FrameworkSource = {}): Framework {
  if (specs.length === 0)
    fail('E_FRAMEWORK_EMPTY', 'the framework has no nodes', {
      location: src.file ? { file: src.file } : { path: src.path ?? 'framework' },
      hint: 'give framework.builtin, framework.file or framework.nodes',
    });
  const nodes = new Map<string, FrameworkNode>();
  const index = new Map<string, number>();
  const dups: string[] = [];
  specs.forEach((s, i) => {
    const code = String(s.code ?? '').trim();
    if (!code) fail('E_FRAMEWORK_CODE', 'framework node without a code', { location: locate(src, i, 'code') });
    if (nodes.has(code)) {
      dups.push(`"${code}" (${describe(locate(src, index.get(code)!))} and ${describe(locate(src, i))})`);
      return;
    }
    index.set(code, i);
    const weight = s.weight ?? 1;
    if (!(weight >= 0) || !Number.isFinite(weight))
      fail('E_FRAMEWORK_WEIGHT', `weight of "${code}" must be a finite number ≥ 0, got ${s.weight}`, { location: locate(src, i, 'weight') });
    const dir = s.direction ?? 1;
    if (dir !== 1 && dir !== -1)
      fail('E_FRAMEWORK_DIRECTION', `direction of "${code}" must be 1 or -1, got ${String(s.direction)}`, { location: locate(src, i, 'direction') });
    nodes.set(code, {
      code,
      parent: s.parent === undefined || s.parent === null || String(s.parent).trim() === '' ? null : String(s.parent).trim(),
      nameZh: s.nameZh ?? s.nameEn ?? code,
      nameEn: s.nameEn ?? s.nameZh ?? code,
      direction: dir,
      weight,
      unit: s.unit,
      column: s.column ?? code,
      denominator: s.denominator || undefined,
      scale: s.scale,
      target: s.target,
      goalposts: s.goalposts,
      source: s.source,
      definition: s.definition,
      isIndicator: true,
      level: 0,
      children: [],
    });
  });
  if (dups.length)
    fail('E_FRAMEWORK_DUPLICATE', `duplicate framework codes: ${dups.join('; ')}`, {
      location: src.file ? { file: src.file } : { path: src.path ?? 'framework.nodes' },
      hint: 'every node needs a unique code',
    });

  const codes = [...nodes.keys()];
  const roots: string[] = [];
  for (const n of nodes.values()) {
    if (n.parent === null) {
      roots.push(n.code);
      continue;
    }
    const p = nodes.get(n.parent);
    if (!p) {
      const near = nearest(n.parent, codes);
      fail('E_FRAMEWORK_PARENT', `node "${n.code}" has unknown parent "${n.parent}"`, {
        location: locate(src, index.get(n.code)!, 'parent'),
        hint: near.length ? `did you mean ${near.map((c) => `"${c}"`).join(' or ')}?` : 'add the parent node or correct the code',
      });
    }
    if (n.parent === n.code)
      fail('E_FRAMEWORK_CYCLE', `framework cycle: "${n.code}" is its own parent`, { location: locate(src, index.get(n.code)!, 'parent') });
    p.children.push(n.code);
  }
  // Cycles: walk up from every node; a walk longer than the node count or revisiting a node is a cycle.
  for (const n of nodes.values()) {
    const seen: string[] = [n.code];
    let cur = n.parent;
    while (cur !== null) {
      const at = seen.indexOf(cur);
      if (at >= 0) {
        const cycle = [...seen.slice(at), cur];
        fail('E_FRAMEWORK_CYCLE', `framework cycle: ${cycle.join(' → ')}`, {
          location: locate(src, index.get(n.code)!, 'parent'),
          hint: 'a node cannot be its own ancestor; check the parent codes',
        });
      }
      seen.push(cur);
      cur = nodes.get(cur)!.parent;
    }
  }
  if (roots.length === 0)
    fail('E_FRAMEWORK_ROOT', 'the framework has no root (every node has a parent)', {
      location: src.file ? { file: src.file } : { path: src.path ?? 'framework.nodes' },
    });
  if (roots.length > 1) {
    fail(
      'E_FRAMEWORK_ROOT',
      `the framework has ${roots.length} roots (${roots.slice(0, 8).join(', ')}${roots.length > 8 ? ', …' : ''}); it needs exactly one index node without a parent`,
      {
        location: src.file ? { file: src.file } : { path: src.path ?? 'framework.nodes' },
        hint: 'give every dimension a parent, e.g. add an index node and set it as their parent',
      },
    );
  }
  specs.forEach((s, i) => {
    const n = nodes.get(String(s.code).trim())!;
    n.isIndicator = n.children.length === 0;
    if (s.type === 'aggregate' && n.isIndicator)
      fail('E_FRAMEWORK_EMPTY_AGGREGATE', `aggregate "${n.code}" has no children`, {
        location: locate(src, i, 'type'),
        hint: 'add indicators under it or remove it',
      });
    if (s.type === 'indicator' && !n.isIndicator)
      fail('E_FRAMEWORK_TYPE', `"${n.code}" is declared an indicator but has children (${n.children.join(', ')})`, { location: locate(src, i, 'type') });
  });
  const root = roots[0];
  if (nodes.get(root)!.isIndicator)
    fail('E_FRAMEWORK_ROOT', `the framework root "${root}" has no indicators under it`, {
      location: src.file ? { file: src.file } : { path: src.path ?? 'framework.nodes' },
    });

  // Levels (post-order) and bottom-up aggregate order.
  const levelOf = (code: string): number => {
    const n = nodes.get(code)!;
    if (n.level) return n.level;
    n.level = n.isIndicator ? 1 : 1 + Math.max(...n.children.map(levelOf));
    return n.level;
  };
  levelOf(root);
  const indicators = codes.filter((c) => nodes.get(c)!.isIndicator);
  const aggregates = codes.filter((c) => !nodes.get(c)!.isIndicator).sort((a, b) => nodes.get(a)!.level - nodes.get(b)!.level || index.get(a)! - index.get(b)!);
  return { root, nodes, indicators, aggregates };
}

function describe(l: Location): string {
  return l.file ? `row ${l.row}` : (l.path ?? '');
}

/** Indicator codes under `code` (itself when it is an indicator), in definition order. */
export function indicatorsUnder(fw: Framework, code: string): string[] {
  const n = fw.nodes.get(code);
  if (!n) return [];
  if (n.isIndicator) return [code];
  const set = new Set<string>();
  const walk = (c: string) => {
    const m = fw.nodes.get(c)!;
    if (m.isIndicator) set.add(c);
    else m.children.forEach(walk);
  };
  walk(code);
  return fw.indicators.filter((c) => set.has(c));
}

/** Path from the root down to `code`, inclusive. */
export function ancestry(fw: Framework, code: string): string[] {
  const out: string[] = [];
  let cur: string | null = code;
  while (cur !== null) {
    out.unshift(cur);
    cur = fw.nodes.get(cur)!.parent;
  }
  return out;
}

/** A framework without the given indicators; aggregates left without children are removed too. */
export function pruneFramework(fw: Framework, drop: ReadonlySet<string>): { framework: Framework; removed: string[] } {
  if (drop.size === 0) return { framework: fw, removed: [] };
  const keep = new Map<string, FrameworkNode>();
  for (const [c, n] of fw.nodes) keep.set(c, { ...n, children: n.children.slice() });
  const removed: string[] = [];
  const remove = (c: string) => {
    const n = keep.get(c);
    if (!n) return;
    keep.delete(c);
    removed.push(c);
    if (n.parent) {
      const p = keep.get(n.parent)!;
      p.children = p.children.filter((x) => x !== c);
      if (p.children.length === 0) remove(p.code);
    }
  };
  for (const c of drop) remove(c);
  if (!keep.has(fw.root)) fail('E_FRAMEWORK_PRUNED', 'screening removed every indicator of the framework', { hint: 'lower steps.screen.indicatorThreshold' });
  const specs: FrameworkNodeSpec[] = [];
  for (const c of [...fw.indicators, ...fw.aggregates]) {
    const n = keep.get(c);
    if (n) specs.push({ ...n, parent: n.parent, type: n.isIndicator ? 'indicator' : 'aggregate' });
  }
  // Re-validate to recompute levels (a pruned branch can lower a level).
  const order = [...fw.nodes.keys()].filter((c) => keep.has(c));
  const byCode = new Map(specs.map((s) => [s.code, s]));
  return { framework: buildFramework(order.map((c) => byCode.get(c)!)), removed };
}

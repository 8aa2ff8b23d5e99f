/**
 * The layer picture of docs/architecture.md, enforced: core ← frameworks ← kernels ←
 * pipeline/analysis ← spec ← robustness ← report ← io ← app ← cli/server. The spec sits above the
 * method and analysis registries because its options are assembled from them; those modules may
 * still name spec types (`import type`, no run-time dependency). Nothing below io touches `node:`
 * modules or `process` (so the engine runs in a browser), no run-time import points up a layer,
 * and no two modules import each other, directly or round a longer loop.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve(import.meta.dirname, '../../src');
/** Layer of each top-level folder of src/ (higher may import lower or equal). */
const LAYER: Record<string, number> = {
  core: 0,
  frameworks: 1,
  kernels: 2,
  pipeline: 3,
  analysis: 3,
  lenses: 3,
  spec: 3.5,
  robustness: 4,
  report: 5,
  io: 6,
  app: 7,
  cli: 8,
  server: 8,
};
const IO = LAYER.io;

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

/** Code without comments and string contents of comments (imports are kept). */
function code(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

const all = files(SRC).filter((f) => relative(SRC, f).includes('/'));
const folder = (f: string) => relative(SRC, f).split('/')[0];
function imports(f: string, runtimeOnly = false): string[] {
  const text = code(readFileSync(f, 'utf8'));
  return [...text.matchAll(/(?:import|export)\s(type\s)?[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)]
    .filter((m) => !(runtimeOnly && m[1]))
    .map((m) => m[2] ?? m[3]);
}
const resolveTs = (from: string, spec: string) => resolve(dirname(from), spec).replace(/\.js$/, '.ts');

describe('layers', () => {
  it('every folder of src/ has a layer', () => {
    expect([...new Set(all.map(folder))].filter((d) => LAYER[d] === undefined)).toEqual([]);
  });

  it('nothing below io/ imports node: modules or uses process', () => {
    const bad: string[] = [];
    for (const f of all.filter((x) => LAYER[folder(x)] < IO)) {
      const text = code(readFileSync(f, 'utf8'));
      if (/from\s+['"]node:|import\(\s*['"]node:/.test(text)) bad.push(`${relative(SRC, f)}: node: import`);
      if (/\bprocess\.\w/.test(text)) bad.push(`${relative(SRC, f)}: process`);
    }
    expect(bad).toEqual([]);
  });

  it('no run-time import points up a layer', () => {
    const bad: string[] = [];
    for (const f of all) {
      for (const s of imports(f, true).filter((x) => x.startsWith('.'))) {
        const target = resolveTs(f, s);
        const to = relative(SRC, target).split('/');
        if (to.length < 2) continue; // src/version.ts, src/index.ts
        if (LAYER[to[0]] > LAYER[folder(f)]) bad.push(`${relative(SRC, f)} → ${relative(SRC, target)}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('the module graph has no cycle', () => {
    const graph = new Map<string, string[]>();
    for (const f of files(SRC))
      graph.set(
        f,
        imports(f)
          .filter((x) => x.startsWith('.'))
          .map((s) => resolveTs(f, s))
          .filter((t) => t !== f),
      );
    // Tarjan's strongly connected components.
    let index = 0;
    const idx = new Map<string, number>();
    const low = new Map<string, number>();
    const stack: string[] = [];
    const on = new Set<string>();
    const cycles: string[][] = [];
    const visit = (v: string) => {
      idx.set(v, index);
      low.set(v, index++);
      stack.push(v);
      on.add(v);
      for (const w of graph.get(v) ?? []) {
        if (!graph.has(w)) continue;
        if (!idx.has(w)) {
          visit(w);
          low.set(v, Math.min(low.get(v)!, low.get(w)!));
        } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
      }
      if (low.get(v) === idx.get(v)) {
        const comp: string[] = [];
        let w: string;
        do {
          w = stack.pop()!;
          on.delete(w);
          comp.push(relative(SRC, w));
        } while (w !== v);
        if (comp.length > 1) cycles.push(comp.sort());
      }
    };
    for (const v of graph.keys()) if (!idx.has(v)) visit(v);
    expect(cycles).toEqual([]);
  });
});

/**
 * What a worker thread loads when it starts: the modules its entry reaches by static run-time
 * imports (dynamic `import()` loads later, when used). The figures worker starts while the run
 * computes and must be ready when the run's tables are: a run hands it the charts built on its own
 * thread (report/charts figureCharts), so it starts with ECharts and the renderer only, and loads the
 * chart modules (and the map readers) on demand when it is given a run directory (`nqpf report`).
 * The charts never validate a spec, so zod (and with it the analyses' spec sections and kernels)
 * stays out of them too — charts import table declarations from modules that hold only declarations
 * (analysis/inequality/tables.ts), not the analyses' descriptors.
 */
import { readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve(import.meta.dirname, '../../src');

/** Static run-time import specifiers of a module (not `import type`, not imports of types only, not `import()`). */
function staticImports(file: string): string[] {
  const text = readFileSync(file, 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
  const out: string[] = [];
  for (const m of text.matchAll(/^(?:import|export)\s+(type\s+)?([^'";]*?)\s*from\s+['"]([^'"]+)['"]/gm)) {
    if (m[1]) continue;
    const braces = /^\{([\s\S]*)\}$/.exec(m[2].trim());
    if (braces?.[1].split(',').every((s) => s.trim() === '' || /^type\s/.test(s.trim()))) continue;
    out.push(m[3]);
  }
  for (const m of text.matchAll(/^import\s+['"]([^'"]+)['"]/gm)) out.push(m[1]);
  return out;
}

/** Source modules and packages reached from `entry` by static run-time imports. */
function startClosure(entry: string): { modules: string[]; packages: string[] } {
  const seen = new Set<string>();
  const packages = new Set<string>();
  const todo = [entry];
  while (todo.length) {
    const f = todo.pop()!;
    if (seen.has(f)) continue;
    seen.add(f);
    for (const s of staticImports(f)) {
      if (s.startsWith('.')) todo.push(resolve(dirname(f), s).replace(/\.js$/, '.ts'));
      else if (!s.startsWith('node:')) packages.add(s.startsWith('@') ? s.split('/').slice(0, 2).join('/') : s.split('/')[0]);
    }
  }
  return { modules: [...seen].map((f) => relative(SRC, f)), packages: [...packages].sort() };
}

describe('worker start', () => {
  it('the figures worker starts without zod or an analysis descriptor', () => {
    const { modules, packages } = startClosure(resolve(SRC, 'io/workers/figures-worker.ts'));
    expect(modules).toContain('io/write/figures.ts');
    expect(modules).not.toContain('report/charts/index.ts');
    expect(modules).not.toContain('io/read/geo.ts');
    expect(packages).not.toContain('zod');
    expect(packages).not.toContain('@resvg/resvg-js');
    expect(modules.filter((m) => /^(analysis|lenses)\/.*\/analysis\.ts$/.test(m))).toEqual([]);
  });

  it('the charts the worker loads on demand import no zod or analysis descriptor', () => {
    const { modules, packages } = startClosure(resolve(SRC, 'report/charts/index.ts'));
    expect(modules).toContain('report/charts/inequality.ts');
    expect(packages).not.toContain('zod');
    expect(modules.filter((m) => /^(analysis|lenses)\/.*\/analysis\.ts$/.test(m))).toEqual([]);
  });

  it('the walk sees through to zod where a descriptor is imported', () => {
    const { packages } = startClosure(resolve(SRC, 'analysis/inequality/analysis.ts'));
    expect(packages).toContain('zod');
  });
});

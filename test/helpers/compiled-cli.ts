/**
 * The CLI as an installed package runs it, for tests that spawn many processes: the sources are
 * transpiled (esbuild, no bundling, one .js per .ts) into a temporary package beside a copy of
 * bin/nqpf.js and a link to node_modules, so `node <dir>/bin/nqpf.js` starts the compiled code
 * instead of transpiling src/ through tsx on every start.
 */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';

const ROOT = resolve(import.meta.dirname, '../..');

function tsFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...tsFiles(p));
    else if (e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

/** Build the package once; returns the path of its `bin/nqpf.js`. */
export async function compiledCli(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'nqpf-compiled-'));
  await build({
    entryPoints: tsFiles(join(ROOT, 'src')),
    outdir: join(dir, 'dist'),
    outbase: join(ROOT, 'src'),
    format: 'esm',
    platform: 'node',
    target: 'node20',
    bundle: false,
    logLevel: 'error',
  });
  mkdirSync(join(dir, 'bin'));
  cpSync(join(ROOT, 'bin', 'nqpf.js'), join(dir, 'bin', 'nqpf.js'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'nqpf', type: 'module' }));
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return join(dir, 'bin', 'nqpf.js');
}

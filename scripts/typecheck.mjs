/**
 * Type-check the package (tsconfig.json: src, test, bench, scripts) and the workbench front end
 * (web/tsconfig.json) at the same time, one tsc process each: tsc is single-threaded, so on a
 * 2-core machine the two checks take as long as the longer one instead of their sum (`npm test`).
 * Each project's diagnostics are printed together once its check ends; the exit code is non-zero
 * when either check fails.
 *
 * Incremental (tsc --incremental, build info in node_modules/.cache/nqpf-typecheck/): a check after a change
 * re-checks only the changed files and the files that depend on them. A fresh clone has no build info and checks
 * everything; tsc keys the build info on the options and every file's content, so a stale one is never trusted.
 *
 * Plain JavaScript (no tsx): it runs before anything is compiled.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const TSC = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const PROJECTS = ['tsconfig.json', 'web/tsconfig.json'];
const CACHE = join(ROOT, 'node_modules', '.cache', 'nqpf-typecheck');

function check(project) {
  const info = join(CACHE, `${project.replace(/[/\\]/g, '_')}.tsbuildinfo`);
  return new Promise((resolve) => {
    const args = [TSC, '-p', project, '--noEmit', '--incremental', '--tsBuildInfoFile', info];
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (b) => (out += b));
    child.stderr.on('data', (b) => (out += b));
    child.on('error', (e) => resolve({ project, code: 1, out: `${out}${e.message}\n` }));
    child.on('close', (code, signal) => resolve({ project, code: code ?? 1, out: signal ? `${out}tsc ended by ${signal}\n` : out }));
  });
}

const results = await Promise.all(PROJECTS.map(check));
for (const r of results) {
  if (r.out) process.stdout.write(r.out);
  if (r.code !== 0) process.stderr.write(`tsc -p ${r.project} --noEmit failed (exit ${r.code})\n`);
}
process.exitCode = results.some((r) => r.code !== 0) ? 1 : 0;

/**
 * Golden outputs for refactoring: the SHA-256 of every file `nqpf demo` and each example in
 * examples/ write. `record` stores them in test/golden/outputs.json; `check` runs again and lists
 * every file that differs, appeared or disappeared (exit 1 when any). Not a test: the numbers are
 * checked against independent references elsewhere; this only proves that a change of structure
 * changed no output byte.
 *
 *   npx tsx scripts/golden.ts record | check
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { main } from '../src/cli/main.js';

const ROOT = resolve(import.meta.dirname, '..');
const FILE = join(ROOT, 'test', 'golden', 'outputs.json');

function hashes(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const n of readdirSync(d).sort()) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else out[relative(dir, p)] = createHash('sha256').update(readFileSync(p)).digest('hex');
    }
  };
  walk(dir);
  return out;
}

async function runAll(): Promise<Record<string, Record<string, string>>> {
  const tmp = mkdtempSync(join(tmpdir(), 'nqpf-golden-'));
  // One thread everywhere: run.json records the thread count, which the default chooses from timings.
  const runs: [string, string[]][] = [['demo', ['demo', '--workers', '1']]];
  for (const f of readdirSync(join(ROOT, 'examples'))
    .filter((x) => x.endsWith('.yaml'))
    .sort())
    runs.push([f, ['run', join(ROOT, 'examples', f), '--workers', '1']]);
  const result: Record<string, Record<string, string>> = {};
  for (const [name, args] of runs) {
    const out = join(tmp, name.replace(/\W/g, '_'));
    process.stderr.write(`golden: ${name}\n`);
    const code = await main(['node', 'nqpf', ...args, '--out', out]);
    if (code !== 0) throw new Error(`${name} failed (exit ${code})`);
    result[name] = hashes(out);
  }
  return result;
}

const mode = process.argv[2];
if (mode === 'record') {
  mkdirSync(join(ROOT, 'test', 'golden'), { recursive: true });
  writeFileSync(FILE, JSON.stringify(await runAll(), null, 1) + '\n');
  process.stderr.write(`wrote ${FILE}\n`);
} else if (mode === 'check') {
  const want = JSON.parse(readFileSync(FILE, 'utf8')) as Record<string, Record<string, string>>;
  const got = await runAll();
  const diffs: string[] = [];
  for (const run of new Set([...Object.keys(want), ...Object.keys(got)])) {
    const a = want[run] ?? {};
    const b = got[run] ?? {};
    for (const f of new Set([...Object.keys(a), ...Object.keys(b)])) {
      if (a[f] !== b[f]) diffs.push(`${run}: ${f} ${a[f] === undefined ? 'new' : b[f] === undefined ? 'gone' : 'differs'}`);
    }
  }
  process.stdout.write(diffs.length ? diffs.join('\n') + '\n' : 'every output is byte-identical\n');
  process.exitCode = diffs.length ? 1 : 0;
} else {
  process.stderr.write('usage: tsx scripts/golden.ts record|check\n');
  process.exitCode = 2;
}

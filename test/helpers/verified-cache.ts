/**
 * Checks that are expensive and whose answer depends only on files (a committed generated file compared with what
 * its generator writes now): a passing check records the SHA-256 of everything it read, and a later run with the same
 * inputs — the same bytes of every source module the generator loads, of the committed file, of the installed input
 * package and the same Node.js — knows the answer without computing it again. Any change of an input gives another
 * key, so the check runs in full (and fails if the committed file is stale). Only passes are recorded, never failures.
 *
 * The records live in node_modules/.cache/nqpf-tests/ (a fresh clone has none). With CI=true or NQPF_TEST_CACHE=off
 * every check runs in full.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');
const DIR = join(ROOT, 'node_modules', '.cache', 'nqpf-tests');
/** Records kept per check (a few recent input states, e.g. two branches checked in turn). */
const KEEP = 8;

/** Whether passing checks may be remembered in this run. */
export const verifiedCacheOn = (): boolean => process.env.CI !== 'true' && process.env.NQPF_TEST_CACHE !== 'off';

/**
 * The TypeScript modules `entry` loads through relative imports (static `from '…'`, `import '…'` and dynamic
 * `import('…')`), itself included, sorted: `./x.js` is read as `./x.ts` when that exists.
 */
export function moduleClosure(entry: string): string[] {
  const seen = new Set<string>();
  const todo = [resolve(entry)];
  while (todo.length) {
    const file = todo.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)['"](\.{1,2}\/[^'"]+)['"]/g)) {
      const spec = resolve(dirname(file), m[1]);
      const ts = spec.replace(/\.js$/, '.ts');
      const target = existsSync(ts) ? ts : spec;
      if (!existsSync(target)) throw new Error(`${file} imports ${m[1]}, which is neither ${ts} nor ${spec}`);
      todo.push(target);
    }
  }
  return [...seen].sort();
}

/** The installed package `name` as recorded by npm (version and integrity: a hash of its published files) and its package.json. */
export function installedPackage(name: string): string {
  const lock = JSON.parse(readFileSync(join(ROOT, 'node_modules', '.package-lock.json'), 'utf8')) as { packages: Record<string, unknown> };
  const entry = lock.packages[`node_modules/${name}`];
  if (!entry) throw new Error(`${name} is not in node_modules/.package-lock.json`);
  return JSON.stringify(entry) + readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8');
}

/** The key of a check: its name, Node.js's versions (V8, ICU …), every file's path and bytes, and the extra strings. */
export function inputKey(name: string, files: readonly string[], extra: readonly string[] = []): string {
  const h = createHash('sha256');
  const part = (s: string | Buffer) => h.update(`${Buffer.byteLength(s)}:`).update(s);
  part(name);
  part(JSON.stringify(process.versions));
  for (const f of [...files].sort()) {
    part(f.startsWith(ROOT) ? f.slice(ROOT.length) : f);
    part(readFileSync(f));
  }
  for (const e of extra) part(e);
  return h.digest('hex');
}

const recordFile = (name: string) => join(DIR, `${name}.json`);

function records(name: string): string[] {
  try {
    const r = JSON.parse(readFileSync(recordFile(name), 'utf8'));
    return Array.isArray(r) ? r.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

/** Whether the check `name` passed before with inputs of this key (never when the cache is off). */
export function passedBefore(name: string, key: string): boolean {
  return verifiedCacheOn() && records(name).includes(key);
}

/** Record that the check `name` passed with inputs of this key (a no-op when the cache is off). */
export function recordPass(name: string, key: string): void {
  if (!verifiedCacheOn()) return;
  mkdirSync(DIR, { recursive: true });
  const kept = [key, ...records(name).filter((k) => k !== key)].slice(0, KEEP);
  const tmp = `${recordFile(name)}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(kept));
  renameSync(tmp, recordFile(name));
}

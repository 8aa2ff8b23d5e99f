/**
 * Read-only fixture directories shared by the test files of one `vitest run` (test files run in
 * separate processes, so a module-level cache is not enough): the first process that asks for a
 * fixture takes its lock and builds it in the run's fixture root (test/global-setup.ts); the others
 * wait for its manifest (the SHA-256 of every file, written once the build is complete), or for
 * the failure it recorded. After the tests of each file, the fixtures the process used are
 * compared with their manifests (test/setup-fixtures.ts), so a test file that writes into a shared
 * fixture fails (the global teardown reports it too): tests that write copy it first (`fixtureCopy`).
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import { changedFiles, hashTree, MANIFEST } from './fixture-manifest.js';

const memo = new Map<string, Promise<string>>();
/** The fixtures this process has obtained, by name. */
const built = new Map<string, string>();

/**
 * Throws when a shared fixture this process used differs from its manifest: registered after every
 * test file by test/setup-fixtures.ts, so the file that wrote into a fixture fails.
 */
export function checkSharedFixtures(): void {
  for (const [name, dir] of built) {
    const changed = changedFiles(name, dir);
    if (changed.length) throw new Error(`a test wrote into the shared read-only fixture ${name} (copy it first): ${changed.slice(0, 10).join(', ')}`);
  }
}

/**
 * The directory of the shared fixture `name`, built by `build(dir)` once per test run. Read it,
 * never write into it (use `fixtureCopy` for a private copy).
 */
export function sharedFixture(name: string, build: (dir: string) => Promise<void>): Promise<string> {
  // By root too: a watch-mode rerun provides a fresh root (the sources may have changed).
  const key = `${inject('nqpfFixtureRoot') ?? ''}\0${name}`;
  let p = memo.get(key);
  if (!p) {
    p = obtain(name, build);
    memo.set(key, p);
  }
  return p;
}

/** A private, writable copy of the shared fixture `name` in a new temporary directory. */
export async function fixtureCopy(name: string, build: (dir: string) => Promise<void>): Promise<string> {
  const src = await sharedFixture(name, build);
  const dst = join(mkdtempSync(join(tmpdir(), `nqpf-${name}-`)), 'out');
  cpSync(src, dst, { recursive: true });
  return dst;
}

async function obtain(name: string, build: (dir: string) => Promise<void>): Promise<string> {
  // Outside the project's config (no globalSetup): a fixture private to this process.
  const root = inject('nqpfFixtureRoot') ?? mkdtempSync(join(tmpdir(), 'nqpf-fixtures-'));
  const dir = join(root, name);
  const ready = join(root, `${name}${MANIFEST}`);
  const failed = join(root, `${name}.failed`);
  try {
    mkdirSync(join(root, `${name}.lock`));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    // Another test file builds it: wait on its state (the hook timeout caps the wait).
    for (;;) {
      if (existsSync(ready)) {
        built.set(name, dir);
        return dir;
      }
      if (existsSync(failed)) throw new Error(`building the shared fixture ${name} failed in another test file:\n${readFileSync(failed, 'utf8')}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  try {
    await build(dir);
  } catch (e) {
    writeFileSync(failed, String((e as Error)?.stack ?? e));
    throw e;
  }
  writeFileSync(`${ready}.tmp`, JSON.stringify(hashTree(dir)));
  renameSync(`${ready}.tmp`, ready);
  built.set(name, dir);
  return dir;
}

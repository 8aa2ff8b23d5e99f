/**
 * vitest globalSetup: one temporary directory per `vitest run` (shared by the projects that use
 * this setup) for fixtures that several test files share (test/helpers/demo-run.ts builds the demo
 * run there once, in the first worker that asks). The last teardown checks that no test wrote
 * into a shared fixture (each records the hashes of its files when it is built), then removes the
 * directory.
 *
 * It also brings dist/ up to date with src/ first (scripts/build-dist.mjs, a no-op when it is):
 * worker threads started from the sources run the compiled twin of their module when dist/ is
 * fresh (src/io/workers/worker-spawn.ts) and load tsx and transpile otherwise, and every spawned
 * `bin/nqpf.js` would rebuild a stale dist/ on its own first.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
// @ts-expect-error plain JavaScript module without types
import { buildDist, isStale } from '../scripts/build-dist.mjs';
import { changedFixtureFiles } from './helpers/fixture-manifest.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The directory that holds the shared fixtures of this run. */
    nqpfFixtureRoot: string;
  }
}

/** One fixture root per vitest process, whichever projects use it (their global setups share it). */
const shared = globalThis as typeof globalThis & { nqpfFixtures?: { roots: string[]; users: number } };

export default async function setup(project: TestProject): Promise<() => void> {
  if (isStale()) await buildDist();
  shared.nqpfFixtures ??= { roots: [mkdtempSync(join(tmpdir(), 'nqpf-fixtures-'))], users: 0 };
  const fixtures = shared.nqpfFixtures;
  fixtures.users++;
  project.provide('nqpfFixtureRoot', fixtures.roots[0]);
  // Watch mode: a rerun after a change gets fresh fixtures and an up-to-date dist/.
  project.onTestsRerun(async () => {
    if (isStale()) await buildDist();
    const root = mkdtempSync(join(tmpdir(), 'nqpf-fixtures-'));
    fixtures.roots.push(root);
    project.provide('nqpfFixtureRoot', root);
  });
  return () => {
    if (--fixtures.users > 0) return;
    shared.nqpfFixtures = undefined;
    try {
      const changed = fixtures.roots.flatMap((root) => changedFixtureFiles(root));
      if (changed.length) throw new Error(`a test wrote into a shared read-only fixture (copy it first): ${changed.slice(0, 10).join(', ')}`);
    } finally {
      for (const root of fixtures.roots) rmSync(root, { recursive: true, force: true });
    }
  };
}

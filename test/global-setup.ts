/**
 * vitest globalSetup: one temporary directory per `vitest run` for fixtures that several test files
 * share (test/helpers/demo-run.ts builds the demo run there once, in the first worker that asks).
 * Teardown checks that no test wrote into a shared fixture (each file records its hashes when it
 * is built), then removes the directory.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { changedFixtureFiles } from './helpers/fixture-manifest.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The directory that holds the shared fixtures of this run. */
    nqpfFixtureRoot: string;
  }
}

export default function setup(project: TestProject): () => void {
  const root = mkdtempSync(join(tmpdir(), 'nqpf-fixtures-'));
  project.provide('nqpfFixtureRoot', root);
  return () => {
    try {
      const changed = changedFixtureFiles(root);
      if (changed.length) throw new Error(`a test wrote into a shared read-only fixture (copy it first): ${changed.slice(0, 10).join(', ')}`);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  };
}

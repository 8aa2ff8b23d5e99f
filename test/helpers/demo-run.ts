/**
 * The demo run (examples/demo/demo.yaml, one robustness worker) as a shared read-only fixture:
 * built once per `vitest run` by the first test file that asks (test/helpers/fixture-dir.ts), read
 * by the files that only inspect its outputs. Files that write into a run directory (report,
 * figures) take a private copy with `demoRunCopy()`.
 */
import { resolve } from 'node:path';
import { runProject } from '../../src/app/run-project.js';
import { fixtureCopy, sharedFixture } from './fixture-dir.js';

export const DEMO_SPEC = resolve(import.meta.dirname, '../../examples/demo/demo.yaml');

const build = async (out: string): Promise<void> => {
  await runProject(DEMO_SPEC, { out, workers: 1 });
};

/** The directory of the demo run: read it, never write into it. */
export const demoRun = (): Promise<string> => sharedFixture('demo', build);

/** A private, writable copy of the demo run directory. */
export const demoRunCopy = (): Promise<string> => fixtureCopy('demo', build);

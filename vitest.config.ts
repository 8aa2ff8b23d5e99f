import { defineConfig } from 'vitest/config';

/**
 * Folders of in-process unit tests: no child processes, servers, browsers, spies, environment
 * changes or module state they alter. They share one module graph per worker (isolate: false),
 * which saves re-importing the sources for every file (≈ 100 s → 14 s for these ~80 files on a
 * busy 2-core machine). Everything else keeps a fresh process per file.
 */
const UNIT = ['pipeline', 'kernels', 'core', 'analysis', 'spec', 'robustness', 'frameworks', 'examples', 'architecture', 'docs'].map(
  (d) => `test/${d}/**/*.test.ts`,
);

export default defineConfig({
  test: {
    setupFiles: ['test/setup.ts'],
    // Generous caps, not waits: a test that spawns the demo or a browser takes seconds when the
    // machine is idle and can take a minute or more when it is busy; the cap only stops a hang.
    testTimeout: 300_000,
    hookTimeout: 300_000,
    pool: 'forks',
    // Two test files at a time (vitest's default is cores − 1, i.e. one on a 2-core machine):
    // many files wait on child processes, a browser or a server, so the second core is not idle
    // work stolen from the first. Every test waits on state, never on a fixed time, so it holds
    // when the two files compete for the CPU.
    maxWorkers: 2,
    projects: [
      { extends: true, test: { name: 'unit', include: UNIT, isolate: false } },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/**/*.test.ts'],
          exclude: UNIT,
          // One temporary directory per run for fixtures several files share (the demo run: test/helpers/demo-run.ts).
          globalSetup: ['test/global-setup.ts'],
        },
      },
    ],
  },
});

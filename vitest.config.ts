import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/setup.ts'],
    // One temporary directory per run for fixtures several files share (the demo run: test/helpers/demo-run.ts).
    globalSetup: ['test/global-setup.ts'],
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
  },
});

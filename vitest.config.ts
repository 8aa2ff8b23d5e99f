import { defineConfig } from 'vitest/config';

/**
 * Folders of in-process unit tests: no child processes, servers, browsers, spies, environment
 * changes or module state they alter. They share one module graph per worker (isolate: false),
 * which saves re-importing the sources for every file (≈ 100 s → 14 s for ~80 of these files on a
 * busy 2-core machine).
 */
const UNIT = ['pipeline', 'kernels', 'core', 'analysis', 'lenses', 'spec', 'robustness', 'frameworks', 'examples', 'architecture', 'docs'].map(
  (d) => `test/${d}/**/*.test.ts`,
);
/**
 * Tests of outputs, the report, the front-end modules and the CLI commands (run in process through
 * main(); the kill test's children are its own): they write only into their own temporary
 * directories (or read the shared fixtures) and restore what they change (an environment variable,
 * the working directory, a spied stream, the front end's language); they start no server or
 * browser. They too share a worker's modules, so the heavy output libraries (ECharts, exceljs, docx,
 * resvg) load once per worker instead of once per file (27 light io/report/web/app files: 48 s →
 * 18 s; 8 CLI files: 55 s → 37 s, on a busy 2-core machine).
 */
const SHARED = ['io', 'report', 'web', 'app', 'cli'].map((d) => `test/${d}/**/*.test.ts`);
/**
 * The workbench server's tests: each starts its own servers (or server processes) in its own temporary data
 * directory and stops them after its tests; they change no module state, environment or working directory. They
 * share a worker's modules too, so the server, DuckDB and the run pipeline load once per worker instead of once per
 * file (the 9 files at load 30–36: 89.5 s → 79.2 s of CPU for the vitest process tree).
 */
const SERVER = ['test/server/**/*.test.ts'];
/**
 * The browser tests: each starts its own server (or runs its own study) in its own temporary directory and drives
 * the run's one chromium (test/browser-setup.ts) through contexts of its own; they spy on nothing and change no
 * environment, working directory or module state. They share a worker's modules too, so the server, the run
 * pipeline and playwright's client load once per worker instead of once per file.
 */
const BROWSER = ['test/browser/**/*.test.ts'];
/** The shared fixtures (test/helpers/fixture-dir.ts): built once per run, checked after every file. */
const FIXTURES = { globalSetup: ['test/global-setup.ts'], setupFiles: ['test/setup.ts', 'test/setup-fixtures.ts'] };

export default defineConfig({
  test: {
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
    // Vite's transform of every module (esbuild, per project: the five projects below each transform the sources they
    // load) is kept on disk between runs (node_modules/.experimental-vitest-cache), keyed by the module's id and
    // content, the Vite/Vitest versions and the config: a rerun after a change transforms only the changed files. One
    // file loading the run pipeline (test/analysis/spatial/linked-islands.test.ts), second run without and with the
    // cache at load 25-28: CPU 7.8 → 4.8 s, transform 8.8 → 1.3 s. `npx vitest --clearCache` empties it.
    experimental: { fsModuleCache: true },
    projects: [
      { extends: true, test: { name: 'unit', include: UNIT, isolate: false, setupFiles: ['test/setup.ts'] } },
      { extends: true, test: { name: 'shared', include: SHARED, isolate: false, ...FIXTURES } },
      { extends: true, test: { name: 'server', include: SERVER, isolate: false, ...FIXTURES } },
      {
        extends: true,
        test: { name: 'browser', include: BROWSER, isolate: false, ...FIXTURES, globalSetup: [...FIXTURES.globalSetup, 'test/browser-setup.ts'] },
      },
      // Everything else (the README, the fault injection, new folders) keeps a fresh process per file.
      { extends: true, test: { name: 'e2e', include: ['test/**/*.test.ts'], exclude: [...UNIT, ...SHARED, ...SERVER, ...BROWSER], ...FIXTURES } },
    ],
  },
});

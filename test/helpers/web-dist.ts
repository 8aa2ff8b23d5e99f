/**
 * The workbench front end (scripts/build-web.ts) built once per `vitest run` into a shared
 * read-only fixture (test/helpers/fixture-dir.ts), for the browser tests that serve it.
 */
import { buildWeb } from '../../scripts/build-web.js';
import { sharedFixture } from './fixture-dir.js';

/** The directory of the built front end: serve it, never write into it. */
export const webDist = (): Promise<string> =>
  sharedFixture('web-dist', async (dir) => {
    await buildWeb({ outDir: dir });
  });

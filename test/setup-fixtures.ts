/**
 * Setup of the test files that may use shared fixtures (test/helpers/fixture-dir.ts): after each
 * file — also when files share a worker's modules (isolate: false) — the fixtures this process
 * used must still be as they were built.
 */
import { afterAll } from 'vitest';
import { checkSharedFixtures } from './helpers/fixture-dir.js';

afterAll(checkSharedFixtures);

/**
 * Where the benchmarks find the repository: the nearest folder above this file that holds
 * package.json. The same answer whether the benchmarks run compiled from `.bench/bench/` (as
 * `npm run bench` does) or from `bench/` through tsx.
 */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

function findRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(resolve(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}

/** The repository root. */
export const repoRoot = findRoot(import.meta.dirname);
/** The shared reference data: NQPF_SHARED, else ../shared beside the repository. */
export const sharedDir = resolve(process.env.NQPF_SHARED ?? resolve(repoRoot, '../shared'));

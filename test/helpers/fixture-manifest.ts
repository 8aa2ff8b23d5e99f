/**
 * Manifests of the shared fixture directories (test/helpers/fixture-dir.ts): the SHA-256 of every
 * file, recorded when a fixture is built and compared after use. No vitest import: the global
 * setup (main process) uses it too.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { listFilesRecursive } from './shared.js';

/** The manifest of the fixture at `dir` is `${dir}${MANIFEST}`. */
export const MANIFEST = '.manifest.json';

export const hashTree = (dir: string): Record<string, string> =>
  Object.fromEntries(
    listFilesRecursive(dir).map((f) => [
      f,
      createHash('sha256')
        .update(readFileSync(join(dir, f)))
        .digest('hex'),
    ]),
  );

/** Files of the built fixture at `dir` that differ from its manifest (changed, added or removed). */
export function changedFiles(name: string, dir: string | undefined): string[] {
  if (!dir || !existsSync(`${dir}${MANIFEST}`)) return [];
  const want = JSON.parse(readFileSync(`${dir}${MANIFEST}`, 'utf8')) as Record<string, string>;
  const have = existsSync(dir) ? hashTree(dir) : {};
  return [...new Set([...Object.keys(want), ...Object.keys(have)])].filter((f) => want[f] !== have[f]).map((f) => `${name}/${f}`);
}

/** Files of the fixtures below `root` that differ from their manifest (changed, added or removed). */
export function changedFixtureFiles(root: string): string[] {
  return readdirSync(root)
    .filter((f) => f.endsWith(MANIFEST))
    .flatMap((m) => changedFiles(m.slice(0, -MANIFEST.length), join(root, m.slice(0, -MANIFEST.length))));
}

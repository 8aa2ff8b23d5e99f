/**
 * No source line longer than 200 characters (issue 11): Biome formats to 160 columns but cannot
 * break string literals, so long sentences are written as concatenations. Counted in characters
 * (code points), not bytes, so Chinese text is measured as read.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const MAX = 200;

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    if (e.isDirectory()) return e.name === 'node_modules' || e.name === 'dist' ? [] : files(join(dir, e.name));
    return /\.(ts|mjs|js)$/.test(e.name) && !e.name.includes('.generated.') ? [join(dir, e.name)] : [];
  });
}

describe('line length', () => {
  it(`no line of src/, test/, scripts/, bench/, web/src/ or bin/ is longer than ${MAX} characters`, () => {
    const long: string[] = [];
    for (const f of ['src', 'test', 'scripts', 'bench', 'web/src', 'bin'].flatMap((d) => files(join(ROOT, d))))
      readFileSync(f, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          const n = [...line].length;
          if (n > MAX) long.push(`${relative(ROOT, f)}:${i + 1} (${n} characters)`);
        });
    expect(long).toEqual([]);
  });
});

/**
 * The error catalogue is complete and has no dead entries: every code src/ raises is in
 * core/messages.ts with an English and a Chinese meaning, and every catalogued code is raised
 * somewhere (`fail` and `new NqpfError` only accept catalogued codes, so the first half is also
 * checked by the compiler; this test covers codes written in other places, e.g. HTTP answers).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERRORS, errorMeaning } from '../../src/core/messages.js';

const SRC = resolve(import.meta.dirname, '../../src');
const files = (d: string): string[] =>
  readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(d, e.name)) : e.name.endsWith('.ts') ? [join(d, e.name)] : []));

describe('error catalogue', () => {
  const used = new Set<string>();
  for (const f of files(SRC).filter((x) => !x.endsWith('messages.ts')))
    for (const m of readFileSync(f, 'utf8').matchAll(/['"`](E_[A-Z0-9_]+)['"`]/g)) used.add(m[1]);

  it('every code used in src/ is catalogued, and every catalogued code is used', () => {
    expect([...used].filter((c) => !Object.hasOwn(ERRORS, c)).sort()).toEqual([]);
    expect(
      Object.keys(ERRORS)
        .filter((c) => !used.has(c))
        .sort(),
    ).toEqual([]);
  });

  it('every entry has an English and a Chinese meaning, and errorMeaning finds them', () => {
    for (const [code, m] of Object.entries(ERRORS)) {
      expect(m.en.length, code).toBeGreaterThan(5);
      expect(m.zh, code).toMatch(/[\u4e00-\u9fff]/);
    }
    expect(errorMeaning('E_OUTPUT_NOT_EMPTY', 'zh')).toContain('--force');
    expect(errorMeaning('E_NOT_A_CODE')).toBeUndefined();
  });
});

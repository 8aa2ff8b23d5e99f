/**
 * The acceptance tables of docs/methods.md name the tests that check each point (issue 19: prefecture-level
 * cities): every test or reference file a table names must exist, so a renamed or deleted test shows here.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');

describe('docs/methods.md acceptance tables', () => {
  it('issue 19: every file the table names exists, and every acceptance point has a test', () => {
    const doc = readFileSync(resolve(ROOT, 'docs/methods.md'), 'utf8');
    const start = doc.indexOf("**Issue 19's acceptance and the tests that check it.**");
    expect(start).toBeGreaterThan(0);
    const table = doc.slice(start, doc.indexOf('\n\n', doc.indexOf('| --- |', start)));
    const paths = [...table.matchAll(/`((?:test|examples)\/[^`]+?\.(?:ts|R|yaml))`/g)].map((m) => m[1]);
    expect(paths.length).toBeGreaterThan(10);
    expect(paths.filter((p) => !existsSync(resolve(ROOT, p)))).toEqual([]);
    const rows = table.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| acceptance') && !l.startsWith('| ---'));
    expect(rows).toHaveLength(9);
    for (const r of rows) expect(r.split(' | ')[1], r).toMatch(/\.test\.ts`/);
  });
});

import fc from 'fast-check';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeCsvFiles } from '../../src/io/write/csv-write.js';

type Cell = string | number | null;

/**
 * A cell as the CSV rules say (written here from the rules, not from csv-write.ts): NaN and null
 * empty, a number String(v), a text starting with = + - @ tab or CR prefixed with ', then quoted
 * (quotes doubled) when it holds " , CR or LF.
 */
function referenceCell(v: Cell): string {
  if (v === null || (typeof v === 'number' && Number.isNaN(v))) return '';
  if (typeof v === 'number') return String(v);
  const s = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** The file's bytes: UTF-8 (a lone surrogate as U+FFFD), `\n` after every line, the BOM when asked. */
function referenceFile(header: string[], rows: Cell[][], bom: boolean): Buffer {
  const lines = [header, ...rows].map((r) => `${r.map(referenceCell).join(',')}\n`);
  return Buffer.from((bom ? '\uFEFF' : '') + lines.join(''), 'utf8');
}

describe('CSV text cells (written from their encoded bytes, kept per file)', () => {
  it('fast-check: by rows and as function columns, with and without keepTexts: formula prefixes, quotes, CR/LF, non-BMP, lone surrogates, empty, long and repeated texts', () => {
    const text = fc.oneof(
      fc
        .tuple(
          fc.constantFrom('', '', '=', '+', '-', '@', '\t', '\r', '\n', ' ', ' =', "'", '"', ','),
          fc.oneof(
            fc.string({ unit: 'binary', maxLength: 8 }),
            fc.string({ unit: 'grapheme', maxLength: 8 }),
            fc.constantFrom('', '😀', '𠀀𪚥', '\uD800', '\uDC00x', 'a,b', 'q"r', '""', '\r\n', '北京', 'é', 'L'.repeat(3000)),
          ),
        )
        .map(([p, s]) => p + s),
      // texts that begin like others (the bytes kept per text must be told apart)
      fc.constantFrom('a', 'ab', 'abc', 'abc,', 'abc,d', 'abc,d"e', '=a', '=ab', '城', '城市', '城市😀'),
    );
    const cell = fc.tuple(fc.integer({ min: 0, max: 5 }), fc.nat(), fc.double({ noDefaultInfinity: true }));
    const d = mkdtempSync(join(tmpdir(), 'nqpf-csv-texts-'));
    try {
      fc.assert(
        fc.property(
          fc.array(text, { minLength: 1, maxLength: 24 }),
          fc.integer({ min: 1, max: 5 }),
          fc.array(cell, { maxLength: 200 }),
          fc.boolean(),
          fc.boolean(),
          (pool, m, cells, bom, keepTexts) => {
            // Texts from a small pool (repeated, as units and labels are), numbers and empty cells.
            const of = ([kind, i, v]: [number, number, number]): Cell => (kind < 3 ? pool[i % pool.length] : kind < 5 ? v : null);
            const rows: Cell[][] = [];
            for (let r = 0; r + m <= cells.length; r += m) rows.push(cells.slice(r, r + m).map(of));
            const header = Array.from({ length: m }, (_, c) => pool[c % pool.length] || `h${c}`);
            const columns = header.map((_, c) => (i: number) => rows[i][c]);
            writeCsvFiles(
              d,
              [
                { file: 'r.csv', header, rows },
                { file: 'c.csv', header, rows: [], columns: { nRows: rows.length, cells: columns } },
              ],
              { bom, keepTexts },
            );
            const want = referenceFile(header, rows, bom);
            expect(readFileSync(join(d, 'r.csv')).equals(want)).toBe(true);
            expect(readFileSync(join(d, 'c.csv')).equals(want)).toBe(true);
          },
        ),
        { numRuns: 300 },
      );
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  });
});

/**
 * runBundleOf (the bundle a run builds from what it writes) equals readRunDir of the directory it
 * writes: random tables with every cell the CSV round trip changes — numbers (−0, NaN, 1e21,
 * tiny), numeric and formula-like text, quotes, commas, CR/LF, `;` and tabs, padded or repeated
 * header names, empty and all-empty rows, one-column tables — and a run.json listing some of them;
 * where the CSV reader refuses a table, both fail with its error.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readRunDir, runBundleOf, type WrittenTable } from '../../src/io/read/run-dir.js';
import { toCsv } from '../../src/io/write/csv-write.js';

const text = fc.oneof(
  fc.string({ maxLength: 8 }),
  fc.constantFrom('', ' ', '2011', '001', '-3', '1e5', '.5', '=1+1', "'=x", '+a', '@b', 'a,b', 'a"b', 'a\nb', 'a\rb', 'x;y', 'x\ty', ' pad ', '北京'),
);
const cell = fc.oneof(text, fc.double({ noDefaultInfinity: true }), fc.constantFrom(0, -0, 1e21, 5e-324, 2011), fc.constant(null));

const tableArb = fc.integer({ min: 1, max: 5 }).chain((n) =>
  fc.record({
    file: fc.constantFrom('a.csv', 'b.csv', 'ranks.csv', 'x.csv', 'notes.txt'),
    header: fc.array(fc.oneof(fc.string({ minLength: 1, maxLength: 5 }), fc.constantFrom('x', ' x', 'unit', 'a;b', 'c\td', '-v', 'q"r')), {
      minLength: n,
      maxLength: n,
    }),
    rows: fc.array(fc.array(cell, { minLength: n, maxLength: n }), { maxLength: 6 }),
  }),
);

describe('runBundleOf', () => {
  it('equals reading back the directory the tables and run.json are written to', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(tableArb, { maxLength: 5 }), fc.boolean(), fc.boolean(), async (raw, listAll, bom) => {
        const tables = raw as WrittenTable[];
        const outputs = [...new Set(tables.map((t) => t.file))].filter((_f, i) => listAll || i % 2 === 0);
        const run = { nqpf: '0', seed: 1, synthetic: false, spec: {}, inputs: [], outputs, x: [1, -0, null, 'y'] };
        const dir = await mkdtemp(join(tmpdir(), 'nqpf-bundle-'));
        try {
          const texts = new Map(tables.map((t) => [t, toCsv(t.header, t.rows, { bom })]));
          for (const t of tables) await writeFile(join(dir, t.file), texts.get(t)!);
          await writeFile(join(dir, 'run.json'), JSON.stringify(run, null, 2));
          // A table the CSV reader refuses (empty or repeated header names …) fails both, with the same error.
          const disk = await readRunDir(dir).catch((e: { code?: string }) => e.code ?? 'error');
          let mine: ReturnType<typeof runBundleOf> | string;
          try {
            mine = runBundleOf(run, tables, (t) => texts.get(t)!);
          } catch (e) {
            mine = (e as { code?: string }).code ?? 'error';
          }
          if (typeof disk === 'string' || typeof mine === 'string') {
            expect(mine).toBe(disk);
            return;
          }
          expect(mine.run).toEqual(disk.run);
          expect([...mine.tables.keys()]).toEqual([...disk.tables.keys()]);
          for (const [k, t] of disk.tables) expect(mine.tables.get(k), k).toStrictEqual(t);
        } finally {
          await rm(dir, { recursive: true, force: true });
        }
      }),
      { numRuns: 200 },
    );
  });
});

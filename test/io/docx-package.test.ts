/**
 * tables.docx is written without the docx package (src/io/write/docx-tables.ts writes the
 * WordprocessingML as text): the same parts, in the same order, byte for byte, as the package wrote
 * (its document model is kept in test/helpers/docx-package.ts; only the compressor differs): random documents — titles, notices, provenance, methods sections
 * with headings and references, tables with stars, notes, formats, empty cells, XML specials,
 * control characters, CJK and astral text, zh and en — and the demo run's own tables.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readRunDir } from '../../src/io/read/run-dir.js';
import { buildDocxTables, type DocxOptions, type DocxTable, docxProvenance, reportTables } from '../../src/io/write/docx-tables.js';
import { methodsText } from '../../src/report/methods-text.js';
import { demoRun } from '../helpers/demo-run.js';
import { docxPackageBytes } from '../helpers/docx-package.js';
import { sameEntries } from '../helpers/zip-entries.js';

const text = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 8 }),
  fc.constantFrom('', ' ', ' lead', 'a\nb', '\tx', '<&>"\'', '北京市', '表 1', '𠀀𪚥', 'x\x00y\x1fz\x7f', '−0.0214'),
);
const cell = fc.oneof(text, fc.double({ noDefaultInfinity: true }), fc.integer({ min: -1000, max: 1000 }), fc.constant(null));

const tableArb: fc.Arbitrary<DocxTable> = fc.integer({ min: 1, max: 7 }).chain((n) =>
  fc
    .record({
      caption: text,
      header: fc.uniqueArray(fc.string({ minLength: 1, maxLength: 6 }), { minLength: n, maxLength: n }),
      rows: fc.array(fc.array(cell, { minLength: n, maxLength: n }), { maxLength: 5 }),
      notes: fc.option(fc.array(text, { maxLength: 2 }), { nil: undefined }),
      decimals: fc.option(fc.integer({ min: 0, max: 6 }), { nil: undefined }),
      withStars: fc.boolean(),
    })
    .map(({ withStars, ...t }) => ({
      ...t,
      ...(withStars && n >= 2 ? { stars: { column: t.header[0], pColumn: t.header[n - 1] } } : {}),
    })),
);

const optsArb: fc.Arbitrary<DocxOptions> = fc.record(
  {
    lang: fc.constantFrom('zh', 'en'),
    title: fc.option(text, { nil: undefined }),
    notice: fc.option(text, { nil: undefined }),
    provenance: fc.option(fc.array(text, { maxLength: 3 }), { nil: undefined }),
    methods: fc.option(
      fc.record({
        title: text,
        paragraphs: fc.array(fc.record({ heading: fc.option(text, { nil: undefined }), text }), { maxLength: 3 }),
        references: fc.array(text, { maxLength: 3 }),
      }),
      { nil: undefined },
    ),
  },
  { requiredKeys: ['lang'] },
) as fc.Arbitrary<DocxOptions>;

describe('tables.docx without the docx package', () => {
  it('writes the parts the docx package wrote, for random documents', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(tableArb, { maxLength: 3 }), optsArb, async (tables, opts) => {
        expect(await sameEntries(await buildDocxTables(tables, opts), await docxPackageBytes(tables, opts))).toBe(true);
      }),
      { numRuns: 60 },
    );
  });

  it("writes the parts the docx package wrote for the demo run's tables, zh and en", async () => {
    const bundle = await readRunDir(await demoRun());
    for (const lang of ['zh', 'en'] as const) {
      const tables = reportTables(bundle, lang);
      const opts: DocxOptions = { lang, title: String(bundle.run.title), methods: methodsText(bundle, lang), ...docxProvenance(bundle, lang) };
      expect(tables.length).toBeGreaterThan(10);
      expect(await sameEntries(await buildDocxTables(tables, opts), await docxPackageBytes(tables, opts))).toBe(true);
    }
  });
});

/**
 * zipArchive writes JSZip's layout field for field: with pako's DEFLATE (what JSZip runs) the
 * archive is byte for byte JSZip's `generateAsync` of the same entries with fixed dates; with the
 * default compressor (node:zlib) JSZip reads back every entry, CRC-32 checked, in order.
 */
import { createRequire } from 'node:module';
import fc from 'fast-check';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { FIXED_DATE, withFolders, type ZipEntry, zipArchive } from '../../src/io/write/zip-write.js';
import { zipEntries } from '../helpers/zip-entries.js';

const req = createRequire(import.meta.url);
const pako = createRequire(req.resolve('jszip'))('pako') as { deflateRaw(d: Uint8Array, o: { level: number }): Uint8Array };
const pakoDeflate = (d: Uint8Array): Uint8Array => pako.deflateRaw(d, { level: 6 });

const nameArb = fc
  .array(fc.constantFrom('a', 'b', 'xl', 'word', '_rels', '[Content_Types].xml', 'sheet1.xml', 'x.vml'), { minLength: 1, maxLength: 3 })
  .map((p) => p.join('/'));
const entriesArb = fc.uniqueArray(
  fc.record({ name: nameArb, data: fc.oneof(fc.string({ maxLength: 300 }), fc.constant(''), fc.uint8Array({ maxLength: 200 })) }),
  { selector: (e) => e.name, maxLength: 8 },
);

async function jszipBytes(entries: ZipEntry[]): Promise<Uint8Array> {
  const zip = new JSZip();
  for (const e of entries) {
    if (e.name.endsWith('/')) zip.folder(e.name.slice(0, -1));
    else zip.file(e.name, typeof e.data === 'string' ? Buffer.from(e.data, 'utf8') : e.data);
  }
  zip.forEach((_p, f) => {
    f.date = FIXED_DATE;
  });
  return zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE', compressionOptions: { level: 6 } });
}

describe('zipArchive', () => {
  it('with pako is byte for byte JSZip (folders first, as JSZip creates them; empty files stored)', async () => {
    await fc.assert(
      fc.asyncProperty(entriesArb, async (raw) => {
        // A name cannot be both a file and a folder.
        const entries = withFolders(raw.filter((e) => !raw.some((o) => o.name.startsWith(`${e.name}/`))));
        expect(Buffer.from(await zipArchive(entries, pakoDeflate)).equals(Buffer.from(await jszipBytes(entries)))).toBe(true);
      }),
      { numRuns: 60 },
    );
  });

  it('compresses an entry repeating an earlier one once, and the archive is still byte for byte JSZip', async () => {
    const sheet = `<sheetData>${'<row r="2"><c r="A2"><v>0.125</v></c></row>'.repeat(200)}</sheetData>`;
    const entries = withFolders([
      { name: 'xl/worksheets/sheet1.xml', data: sheet },
      { name: 'xl/worksheets/sheet2.xml', data: `${sheet} ` },
      { name: 'xl/worksheets/sheet3.xml', data: sheet },
      { name: 'xl/worksheets/sheet4.xml', data: Buffer.from(sheet, 'utf8') },
      { name: 'xl/worksheets/sheet5.xml', data: sheet.replace('0.125', '0.126') },
    ]);
    const seen: number[] = [];
    const counted = (d: Uint8Array): Uint8Array => {
      seen.push(d.length);
      return pakoDeflate(d);
    };
    expect(Buffer.from(await zipArchive(entries, counted)).equals(Buffer.from(await jszipBytes(entries)))).toBe(true);
    // sheet1 (= sheet3 = sheet4's bytes), sheet2, sheet5 (same length as sheet1, other bytes)
    expect(seen).toEqual([sheet.length, sheet.length + 1, sheet.length]);
  });

  it('with node:zlib reads back every entry, in order, CRC-32 checked', async () => {
    const entries = withFolders([
      { name: 'xl/worksheets/sheet1.xml', data: `<x>${'北京 1.25 '.repeat(5000)}𠀀</x>` },
      { name: 'empty.txt', data: '' },
      { name: 'bin/b.dat', data: new Uint8Array([0, 1, 2, 255]) },
    ]);
    const got = await zipEntries(await zipArchive(entries));
    expect(got.map(([n]) => n)).toEqual(['xl/', 'xl/worksheets/', 'xl/worksheets/sheet1.xml', 'empty.txt', 'bin/', 'bin/b.dat']);
    expect(got[2][1].toString('utf8')).toBe(entries[2].data);
    expect([...got[5][1]]).toEqual([0, 1, 2, 255]);
  });
});

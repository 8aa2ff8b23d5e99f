import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { checkZip } from '../../src/server/zip-guard.js';

/** Pseudo-random (barely compressible) text of n bytes — an LCG, independent of the code under test. */
function noise(n: number): string {
  let x = 12345;
  let s = '';
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    s += String.fromCharCode(33 + (x % 90));
  }
  return s;
}

describe('checkZip', () => {
  it('sums the declared sizes of a normal archive (equal to what was zipped)', async () => {
    const z = new JSZip();
    z.file('a.xml', 'x'.repeat(1000));
    z.file('b/c.xml', noise(500));
    const bytes = await z.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
    const s = checkZip(bytes, 'ok.xlsx');
    expect(s.entries).toBe(3); // a.xml, folder b/, b/c.xml
    expect(s.totalUncompressed).toBe(1500);
  });

  it('refuses an archive whose total uncompressed size exceeds the cap (E_ZIP_BOMB)', async () => {
    const z = new JSZip();
    for (let i = 0; i < 3; i++) z.file(`s${i}.xml`, noise(40_000));
    const bytes = await z.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
    expect(() => checkZip(bytes, 'big.xlsx', { maxTotalUncompressed: 100_000, maxRatio: 200, maxEntries: 100 })).toThrow(
      expect.objectContaining({ code: 'E_ZIP_BOMB' }),
    );
    expect(checkZip(bytes, 'big.xlsx', { maxTotalUncompressed: 120_000, maxRatio: 200, maxEntries: 100 }).totalUncompressed).toBe(120_000);
  });

  it('refuses a highly compressed entry (ratio) and too many entries', async () => {
    const z = new JSZip();
    z.file('zeros.xml', new Uint8Array(5 * 1024 * 1024));
    const bytes = await z.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
    expect(() => checkZip(bytes, 'r.xlsx')).toThrow(expect.objectContaining({ code: 'E_ZIP_BOMB' }));
    const many = new JSZip();
    for (let i = 0; i < 20; i++) many.file(`f${i}`, 'x');
    const mb = await many.generateAsync({ type: 'uint8array' });
    expect(() => checkZip(mb, 'm.xlsx', { maxTotalUncompressed: 1e9, maxRatio: 200, maxEntries: 10 })).toThrow(expect.objectContaining({ code: 'E_ZIP_BOMB' }));
  });

  it('refuses bytes that are not a zip (E_ZIP_INVALID)', () => {
    expect(() => checkZip(new TextEncoder().encode('province,year\n北京,2020\n'), 'x.xlsx')).toThrow(expect.objectContaining({ code: 'E_ZIP_INVALID' }));
    expect(() => checkZip(new Uint8Array(3), 'x.xlsx')).toThrow(expect.objectContaining({ code: 'E_ZIP_INVALID' }));
  });
});

/**
 * The entries of a ZIP archive in their order, as [name, bytes] (folder entries with empty bytes),
 * read with JSZip with CRC-32 checking: to compare two Office files part by part, whatever
 * compressor wrote them.
 */
import JSZip from 'jszip';

export async function zipEntries(bytes: Uint8Array): Promise<[string, Buffer][]> {
  const zip = await JSZip.loadAsync(bytes, { checkCRC32: true });
  const out: [string, Buffer][] = [];
  for (const name of Object.keys(zip.files)) out.push([name, zip.files[name].dir ? Buffer.alloc(0) : await zip.files[name].async('nodebuffer')]);
  return out;
}

/** Whether two archives hold the same entries, in the same order, with the same bytes. */
export async function sameEntries(a: Uint8Array, b: Uint8Array): Promise<boolean> {
  const [ea, eb] = [await zipEntries(a), await zipEntries(b)];
  return ea.length === eb.length && ea.every(([n, d], i) => n === eb[i][0] && d.equals(eb[i][1]));
}

/**
 * Office files (XLSX, DOCX) are zips whose entries and core properties carry the time they were
 * written. Re-pack them with a fixed date so identical inputs give identical bytes; provenance lives
 * in run.json, not in wall-clock stamps.
 */
import JSZip from 'jszip';

/** The DOS timestamp every entry gets, and the core-properties date. */
export const FIXED_DATE = new Date(Date.UTC(2000, 0, 1, 0, 0, 0));

export async function fixedZip(buf: Uint8Array): Promise<Uint8Array> {
  const zip = await JSZip.loadAsync(buf);
  const core = zip.file('docProps/core.xml');
  if (core) {
    const xml = await core.async('string');
    const iso = FIXED_DATE.toISOString();
    zip.file('docProps/core.xml', xml.replace(/(<dcterms:(?:created|modified)[^>]*>)[^<]*(<\/dcterms:(?:created|modified)>)/g, `$1${iso}$2`));
  }
  zip.forEach((_p, f) => {
    f.date = FIXED_DATE;
  });
  return zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE', compressionOptions: { level: 6 } });
}

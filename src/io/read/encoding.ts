/**
 * Text decoding for data files. Chinese statistical exports arrive as UTF-8 (with or without a
 * byte-order mark), as GBK/GB2312 from older Excel/WPS "CSV" saves, or as UTF-16 "Unicode text".
 * We detect the encoding from the bytes instead of asking the user.
 */
import iconv from 'iconv-lite';
import { fail } from '../../core/errors.js';

/** Encodings {@link decodeText} can report. GBK and GB2312 files are decoded as GB18030 (a superset). */
export type TextEncoding = 'utf-8' | 'utf-8-bom' | 'gb18030' | 'utf-16le' | 'utf-16be';

/**
 * Decode the bytes of a text data file.
 *
 * Rule, in order:
 * 1. UTF-8 byte-order mark `EF BB BF` → `'utf-8-bom'` (the mark is removed from the text);
 *    UTF-16 marks `FF FE` / `FE FF` (Excel's "Unicode text") → `'utf-16le'` / `'utf-16be'`.
 * 2. Bytes that are valid UTF-8 (strict decoder, `fatal: true`) → `'utf-8'`. Pure ASCII lands here.
 * 3. Otherwise GB18030 via iconv-lite → `'gb18030'`. GB18030 is a superset of GBK and GB2312,
 *    so files saved as "ANSI" on Chinese Windows are read this way. If the result still contains
 *    U+FFFD replacement characters the bytes are in neither encoding and an `E_ENCODING` error
 *    names the file and the first bad line.
 *
 * Cost: O(bytes); at most two decoding passes. Never modifies `buf`.
 *
 * @example decodeText(await readFile('data.csv'), 'data.csv').text
 */
export function decodeText(buf: Uint8Array, file: string): { text: string; encoding: TextEncoding } {
  if (buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) {
    const text = strictUtf8(buf.subarray(3));
    if (text === undefined) {
      fail('E_ENCODING', `${file} starts with a UTF-8 byte-order mark but is not valid UTF-8`, {
        location: { file },
        hint: 'the file is damaged or mixes encodings; re-save it as "CSV UTF-8" from Excel or WPS',
      });
    }
    return { text, encoding: 'utf-8-bom' };
  }
  if (buf.length >= 2 && ((buf[0] === 0xff && buf[1] === 0xfe) || (buf[0] === 0xfe && buf[1] === 0xff))) {
    const le = buf[0] === 0xff;
    const text = new TextDecoder(le ? 'utf-16le' : 'utf-16be').decode(buf.subarray(2));
    checkReplacement(text, file, le ? 'UTF-16LE' : 'UTF-16BE');
    return { text, encoding: le ? 'utf-16le' : 'utf-16be' };
  }
  const utf8 = strictUtf8(buf);
  if (utf8 !== undefined) return { text: utf8, encoding: 'utf-8' };
  const text = iconv.decode(Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength), 'gb18030');
  checkReplacement(text, file, 'UTF-8 or GBK/GB18030');
  return { text, encoding: 'gb18030' };
}

function strictUtf8(bytes: Uint8Array): string | undefined {
  try {
    // ignoreBOM: a second BOM after the one we stripped stays visible rather than vanishing silently.
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

function checkReplacement(text: string, file: string, tried: string): void {
  const at = text.indexOf('\uFFFD');
  if (at < 0) return;
  let line = 1;
  for (let i = 0; i < at; i++) if (text.charCodeAt(i) === 10) line++;
  fail('E_ENCODING', `${file} is not valid ${tried} text (first undecodable bytes on line ${line})`, {
    location: { file, row: line },
    hint: 'save the file as "CSV UTF-8" (Excel: Save As → CSV UTF-8; WPS: 另存为 → CSV, encoding UTF-8) and try again',
  });
}

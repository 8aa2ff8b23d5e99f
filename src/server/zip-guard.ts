/**
 * Zip-bomb check for uploaded `.xlsx` workbooks, run on the raw bytes BEFORE exceljs (and its
 * unzip) sees them. An xlsx is a zip archive; its central directory declares each entry's
 * compressed and uncompressed size. We read only that directory (no decompression) and refuse the
 * archive when the declared totals exceed the caps. The parse itself then runs in a worker with a
 * heap limit and a time limit, so an archive that lies about its sizes is stopped there.
 */
import { fail } from '../core/errors.js';

/** Caps for {@link checkZip}. */
export interface ZipLimits {
  /** Total declared uncompressed bytes (default 200 MB). */
  maxTotalUncompressed: number;
  /** Largest uncompressed/compressed ratio of one entry bigger than 1 MB (default 200). */
  maxRatio: number;
  /** Most entries (default 10 000). */
  maxEntries: number;
}

export const DEFAULT_ZIP_LIMITS: Readonly<ZipLimits> = Object.freeze({ maxTotalUncompressed: 200 * 1024 * 1024, maxRatio: 200, maxEntries: 10_000 });

/** What {@link checkZip} found. */
export interface ZipSummary {
  entries: number;
  totalUncompressed: number;
  totalCompressed: number;
}

const EOCD = 0x06054b50;
const CDH = 0x02014b50;

/**
 * Read the central directory of a zip archive and enforce `limits`.
 *
 * Errors: `E_ZIP_INVALID` (not a zip / truncated directory / ZIP64 — never needed for a workbook
 * under the caps), `E_ZIP_BOMB` (too many entries, total too large, or an entry's ratio too high).
 * Cost: O(entries); reads at most the last 64 KiB + the directory.
 */
export function checkZip(bytes: Uint8Array, file: string, limits: ZipLimits = DEFAULT_ZIP_LIMITS): ZipSummary {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const invalid = (why: string): never =>
    fail('E_ZIP_INVALID', `${file} is not a readable .xlsx workbook (${why})`, {
      location: { file },
      hint: 'open the file in Excel or WPS and save it again as .xlsx, or export CSV UTF-8',
    });
  const n = bytes.byteLength;
  if (n < 22) invalid('too short');
  let eocd = -1;
  const stop = Math.max(0, n - 22 - 65535);
  for (let i = n - 22; i >= stop; i--) {
    if (dv.getUint32(i, true) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) invalid('no zip end-of-directory record');
  const count = dv.getUint16(eocd + 10, true);
  const cdSize = dv.getUint32(eocd + 12, true);
  const cdOff = dv.getUint32(eocd + 16, true);
  if (count === 0xffff || cdOff === 0xffffffff || cdSize === 0xffffffff) invalid('ZIP64 archives are not accepted');
  if (cdOff + cdSize > n) invalid('truncated directory');
  if (count > limits.maxEntries) {
    fail('E_ZIP_BOMB', `${file} has ${count} archive entries (limit ${limits.maxEntries})`, {
      location: { file },
      hint: 'this is not an ordinary workbook; export the sheet as CSV UTF-8',
    });
  }
  let p = cdOff;
  let total = 0;
  let totalC = 0;
  for (let k = 0; k < count; k++) {
    if (p + 46 > n || dv.getUint32(p, true) !== CDH) invalid('bad directory entry');
    const csize = dv.getUint32(p + 20, true);
    const usize = dv.getUint32(p + 24, true);
    if (csize === 0xffffffff || usize === 0xffffffff) invalid('ZIP64 entries are not accepted');
    total += usize;
    totalC += csize;
    if (total > limits.maxTotalUncompressed) {
      fail('E_ZIP_BOMB', `${file} expands to more than ${Math.round(limits.maxTotalUncompressed / 1048576)} MB`, {
        location: { file },
        hint: 'split the workbook or export the sheet as CSV UTF-8',
      });
    }
    if (usize > 1048576 && usize > limits.maxRatio * Math.max(csize, 1)) {
      fail('E_ZIP_BOMB', `${file} has an entry compressed more than ${limits.maxRatio}:1 (a "zip bomb")`, {
        location: { file },
        hint: 'this is not an ordinary workbook; export the sheet as CSV UTF-8',
      });
    }
    p += 46 + dv.getUint16(p + 28, true) + dv.getUint16(p + 30, true) + dv.getUint16(p + 32, true);
  }
  return { entries: count, totalUncompressed: total, totalCompressed: totalC };
}

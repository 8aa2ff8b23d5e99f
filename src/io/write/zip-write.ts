/**
 * A minimal ZIP writer for the Office files nqpf writes (results.xlsx, tables.docx): whole entries
 * in memory, DEFLATE or STORE, no data descriptors, no ZIP64, every entry dated {@link FIXED_DATE}
 * (identical inputs give identical bytes; provenance lives in run.json, not in wall-clock stamps).
 *
 * The layout is JSZip's (`generateAsync` with DEFLATE, DOS platform), field for field: local header
 * (version needed 1.0, flags 0, DOS time/date, CRC-32, sizes, name, no extra field), the data, then
 * the central directory (version made by 2.0 DOS, external attributes 0x10 for a folder entry, 0 for
 * a file) and the end record without a comment. An entry whose name ends with `/` is a folder entry
 * (stored, empty); an empty file is stored too, as JSZip does. Text is encoded as UTF-8 as a whole
 * (JSZip encoded 16 K-character slices one by one, which split a surrogate pair at a slice boundary
 * into two U+FFFD).
 *
 * Compression: node:zlib's raw DEFLATE at level 2, on libuv's thread pool, every entry at once —
 * about 4× faster than pako (the JavaScript zlib JSZip runs, ≈ 0.6 s for the 10 MB of XML of the CN
 * example's workbook, on the main thread) and off the main thread. Its stream is deterministic for a
 * given Node.js build and CPU family (Node bundles Chromium's zlib, which hashes with the CPU's CRC-32C
 * instruction where there is one — every x86-64 with SSE4.2 and ARMv8 with CRC — and canonically
 * otherwise), not across them; what the entries hold is the same bytes everywhere.
 */
import { deflateRaw } from 'node:zlib';
import * as zlib from 'node:zlib';

/** The DOS timestamp every entry gets, and the core-properties date. */
export const FIXED_DATE = new Date(Date.UTC(2000, 0, 1, 0, 0, 0));

/** One entry: a name (`dir/` for a folder entry) and its content (text is written as UTF-8). */
export interface ZipEntry {
  name: string;
  data: string | Uint8Array;
}

/** Raw DEFLATE (RFC 1951, no zlib header) of one entry's bytes. */
export type ZipDeflate = (data: Uint8Array) => Uint8Array | Promise<Uint8Array>;

/**
 * node:zlib raw DEFLATE at level 2, on the thread pool: the city example's 44 MB of workbook XML in
 * ≈ 0.26 s of CPU instead of ≈ 0.67 s at zlib's default level 6, for a file ≈ 10 % larger (10.7 → 11.8 MB
 * of it; level 1 is barely cheaper and 12 % larger). Its output comes back in
 * chunks of `chunkSize` bytes, each a return to the main thread (a callback, a buffer) before the
 * pool goes on: the default 16 KiB made a city run's 10 MB workbook ≈ 650 of them; a chunk of a
 * quarter of the entry (XML deflates to about a fifth) makes it one or two. The stream is the same
 * whatever the chunk size (zlib's output does not depend on the room it is given).
 */
export const zlibDeflate: ZipDeflate = (data) =>
  new Promise((resolve, reject) =>
    deflateRaw(data, { level: 2, chunkSize: Math.min(1 << 23, Math.max(1 << 14, data.length >> 2)) }, (e, out) => (e ? reject(e) : resolve(out))),
  );

const CRC_TABLE = (() => {
  const t = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c;
  }
  return t;
})();

/** CRC-32 (ISO 3309) of `data`: node:zlib's when it has one (Node ≥ 20.15), else a table-driven loop. */
export function crc32(data: Uint8Array): number {
  const native = (zlib as { crc32?: (d: Uint8Array) => number }).crc32;
  if (native) return native(data) >>> 0;
  let c = -1;
  for (let i = 0; i < data.length; i++) c = CRC_TABLE[(c ^ data[i]) & 0xff] ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}

/** The DOS time and date fields of `d` (UTC, two-second resolution). */
function dosDateTime(d: Date): [time: number, date: number] {
  const time = (d.getUTCHours() << 11) | (d.getUTCMinutes() << 5) | (d.getUTCSeconds() >> 1);
  const date = ((d.getUTCFullYear() - 1980) << 9) | ((d.getUTCMonth() + 1) << 5) | d.getUTCDate();
  return [time, date];
}

/**
 * `entries` with, before each, the folder entries JSZip creates for it (each parent folder,
 * outermost first, the first time a name below it appears).
 */
export function withFolders(entries: readonly ZipEntry[]): ZipEntry[] {
  const seen = new Set<string>();
  const out: ZipEntry[] = [];
  const add = (e: ZipEntry): void => {
    const name = e.name.endsWith('/') ? e.name.slice(0, -1) : e.name;
    const slash = name.lastIndexOf('/');
    if (slash > 0) {
      const parent = name.slice(0, slash + 1);
      if (!seen.has(parent)) add({ name: parent, data: '' });
    }
    if (!seen.has(e.name)) {
      seen.add(e.name);
      out.push(e);
    }
  };
  for (const e of entries) add(e);
  return out;
}

/**
 * The ZIP archive of `entries`, in their order (add folder entries with {@link withFolders}).
 * Names must be printable ASCII (the Office part names are). `deflate` is the compressor (tests
 * pass pako's to compare with JSZip). Cost: the compression of every byte, on the thread pool
 * (an entry repeating an earlier one's bytes is compressed once), plus one copy into the archive.
 */
export async function zipArchive(entries: readonly ZipEntry[], deflate: ZipDeflate = zlibDeflate): Promise<Uint8Array> {
  for (const e of entries) if (!/^[\x20-\x7e]+$/.test(e.name)) throw new Error(`zip entry name must be printable ASCII: ${JSON.stringify(e.name)}`);
  const raws = entries.map((e) => (e.name.endsWith('/') ? new Uint8Array(0) : typeof e.data === 'string' ? Buffer.from(e.data, 'utf8') : e.data));
  const crcs = raws.map((raw) => (raw.length === 0 ? 0 : crc32(raw)));
  // An entry with the same bytes as an earlier one (a workbook's data sets of steps that are off are
  // the previous data set again) is compressed once: the compressor is deterministic, so its stream is the same.
  const first = new Map<string, number>();
  const same = raws.map((raw, i) => {
    if (raw.length === 0) return i;
    const key = `${raw.length}:${crcs[i]}`;
    const j = first.get(key);
    if (j !== undefined && Buffer.from(raws[j].buffer, raws[j].byteOffset, raws[j].byteLength).equals(raw)) return j;
    if (j === undefined) first.set(key, i);
    return i;
  });
  const deflated: Promise<Uint8Array>[] = [];
  for (let i = 0; i < raws.length; i++)
    deflated.push(same[i] !== i ? deflated[same[i]] : raws[i].length === 0 ? Promise.resolve(raws[i]) : Promise.resolve(deflate(raws[i])));
  const bodies = await Promise.all(deflated);
  const [time, date] = dosDateTime(FIXED_DATE);
  const parts: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i];
    const dir = e.name.endsWith('/');
    const raw = raws[i];
    const stored = raw.length === 0;
    const body = bodies[i];
    const crc = crcs[i];
    const name = Buffer.from(e.name, 'latin1');
    // The 26 bytes local header and central record share (from "version needed" to "extra length").
    const common = Buffer.alloc(26);
    common.writeUInt16LE(0x000a, 0); // version needed to extract: 1.0
    common.writeUInt16LE(0, 2); // flags
    common.writeUInt16LE(stored ? 0 : 8, 4); // method: store / deflate
    common.writeUInt16LE(time, 6);
    common.writeUInt16LE(date, 8);
    common.writeUInt32LE(crc, 10);
    common.writeUInt32LE(body.length, 14);
    common.writeUInt32LE(raw.length, 18);
    common.writeUInt16LE(name.length, 22);
    common.writeUInt16LE(0, 24); // extra field length
    const local = Buffer.alloc(4);
    local.writeUInt32LE(0x04034b50, 0);
    parts.push(local, common, name, body);
    // The central record: signature, "version made by", the common part, then comment length, disk,
    // internal and external attributes and the local header's offset.
    const rec = Buffer.alloc(14);
    rec.writeUInt16LE(0, 0); // comment length
    rec.writeUInt16LE(0, 2); // disk number
    rec.writeUInt16LE(0, 4); // internal attributes
    rec.writeUInt32LE(dir ? 0x10 : 0, 6); // external attributes (MS-DOS directory bit)
    rec.writeUInt32LE(offset, 10);
    const head = Buffer.alloc(6);
    head.writeUInt32LE(0x02014b50, 0);
    head.writeUInt16LE(0x0014, 4); // version made by: 2.0, MS-DOS
    central.push(head, common, rec, name);
    offset += 4 + 26 + name.length + body.length;
  }
  let cdSize = 0;
  for (const c of central) cdSize += c.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(0, 4);
  end.writeUInt16LE(0, 6);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cdSize, 12);
  end.writeUInt32LE(offset, 16);
  end.writeUInt16LE(0, 20);
  return Buffer.concat([...parts, ...central, end]);
}

/**
 * A small font for the PNG figures: the CJK face the figures name ('Noto Sans CJK SC', …), cut down
 * to the characters the figures use, written once to a cache file.
 *
 * Why: resvg 2.6 re-reads its font file for every text run it shapes. The Noto Sans CJK collection
 * is 19 MB (five faces sharing one CFF table), so a figure with 100 labels read 1.9 GB and the 31
 * figures of the demo took 45–70 s. A subset of the few hundred characters the figures show is
 * about 100–300 kB and takes under a second to make (HarfBuzz's hb-subset, the `harfbuzzjs`
 * WebAssembly build); the same figures then render in a few seconds.
 *
 * The subset keeps the face's names, metrics and glyph outlines (hb-subset defaults), so resvg
 * finds it by the same family name and draws the same glyphs. It is cached under
 * `<tmpdir>/nqpf-fonts/<sha256>.otf`, keyed by the font file (path, size, mtime), the face and the
 * character set, so an unchanged run reuses it. Any failure (an unusual font, no write access)
 * returns undefined and the caller uses the whole font file, as before.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { threadId } from 'node:worker_threads';

/** One face of a font file: its index in a collection (0 for a plain .otf/.ttf) and its family name. */
export interface FontFace {
  index: number;
  family: string;
}

/** The faces of a TrueType/OpenType font or collection (TTC), with their family names (name ID 1, else 16). */
export function fontFaces(buf: Uint8Array): FontFace[] {
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const tag = String.fromCharCode(buf[0], buf[1], buf[2], buf[3]);
  const offsets: number[] = [];
  if (tag === 'ttcf') {
    const n = dv.getUint32(8);
    for (let i = 0; i < n; i++) offsets.push(dv.getUint32(12 + 4 * i));
  } else offsets.push(0);
  return offsets.map((off, index) => ({ index, family: familyAt(buf, dv, off) }));
}

function familyAt(buf: Uint8Array, dv: DataView, off: number): string {
  const numTables = dv.getUint16(off + 4);
  for (let t = 0; t < numTables; t++) {
    const rec = off + 12 + 16 * t;
    if (String.fromCharCode(buf[rec], buf[rec + 1], buf[rec + 2], buf[rec + 3]) !== 'name') continue;
    const name = dv.getUint32(rec + 8);
    const count = dv.getUint16(name + 2);
    const strings = name + dv.getUint16(name + 4);
    let best = '';
    let bestScore = -1;
    for (let i = 0; i < count; i++) {
      const r = name + 6 + 12 * i;
      const platform = dv.getUint16(r);
      const lang = dv.getUint16(r + 4);
      const id = dv.getUint16(r + 6);
      const len = dv.getUint16(r + 8);
      const at = strings + dv.getUint16(r + 10);
      if (id !== 1 && id !== 16) continue;
      // Prefer the Windows English (US) typographic/family name.
      const score = (platform === 3 ? 4 : platform === 0 ? 2 : 0) + (lang === 0x409 ? 2 : 0) + (id === 1 ? 1 : 0);
      if (score <= bestScore) continue;
      let s = '';
      if (platform === 3 || platform === 0) for (let k = 0; k + 1 < len; k += 2) s += String.fromCharCode(dv.getUint16(at + k));
      else for (let k = 0; k < len; k++) s += String.fromCharCode(buf[at + k]);
      best = s;
      bestScore = score;
    }
    return best;
  }
  return '';
}

/** The face to use from a collection: Simplified Chinese (`… SC`, `… CN`, `… GB`) first, else the first face. */
export function chineseFace(faces: readonly FontFace[]): FontFace {
  return faces.find((f) => /\b(SC|CN|GB)\b/.test(f.family)) ?? faces[0] ?? { index: 0, family: '' };
}

interface HbExports {
  memory: WebAssembly.Memory;
  malloc(n: number): number;
  free(p: number): void;
  hb_blob_create(data: number, length: number, mode: number, user: number, destroy: number): number;
  hb_blob_destroy(b: number): void;
  hb_blob_get_length(b: number): number;
  hb_blob_get_data(b: number, len: number): number;
  hb_face_create(blob: number, index: number): number;
  hb_face_destroy(f: number): void;
  hb_face_reference_blob(f: number): number;
  hb_set_add(s: number, cp: number): void;
  hb_subset_input_create_or_fail(): number;
  hb_subset_input_destroy(i: number): void;
  hb_subset_input_unicode_set(i: number): number;
  hb_subset_or_fail(face: number, input: number): number;
}

let hb: HbExports | undefined;

function harfbuzz(): HbExports {
  if (!hb) {
    const file = createRequire(import.meta.url).resolve('harfbuzzjs/dist/harfbuzz-subset.wasm');
    hb = new WebAssembly.Instance(new WebAssembly.Module(readFileSync(file)), {}).exports as unknown as HbExports;
  }
  return hb;
}

/** The font's bytes cut down to `codepoints` (face `index` of a collection), as an OpenType file; undefined when hb-subset fails. */
export function subsetFont(font: Uint8Array, index: number, codepoints: Iterable<number>): Uint8Array | undefined {
  const e = harfbuzz();
  const ptr = e.malloc(font.byteLength);
  if (!ptr) return undefined;
  new Uint8Array(e.memory.buffer).set(font, ptr);
  const blob = e.hb_blob_create(ptr, font.byteLength, 2 /* HB_MEMORY_MODE_WRITABLE */, 0, 0);
  const face = e.hb_face_create(blob, index);
  e.hb_blob_destroy(blob);
  const input = e.hb_subset_input_create_or_fail();
  try {
    if (!input) return undefined;
    const set = e.hb_subset_input_unicode_set(input);
    for (const cp of codepoints) e.hb_set_add(set, cp);
    const sub = e.hb_subset_or_fail(face, input);
    if (!sub) return undefined;
    const out = e.hb_face_reference_blob(sub);
    const len = e.hb_blob_get_length(out);
    const data = e.hb_blob_get_data(out, 0);
    const bytes = len > 0 ? new Uint8Array(e.memory.buffer, data, len).slice() : undefined;
    e.hb_blob_destroy(out);
    e.hb_face_destroy(sub);
    return bytes;
  } finally {
    if (input) e.hb_subset_input_destroy(input);
    e.hb_face_destroy(face);
    e.free(ptr);
  }
}

/** Every character of some SVG texts (ASCII always included: numbers, entities' characters, Latin labels). */
export function svgCodepoints(svgs: readonly string[]): number[] {
  const set = new Set<number>();
  for (let c = 0x20; c < 0x7f; c++) set.add(c);
  for (const svg of svgs) {
    for (const ch of svg) {
      const cp = ch.codePointAt(0)!;
      if (cp > 0x7e) set.add(cp);
    }
    for (const m of svg.matchAll(/&#(x[0-9a-fA-F]+|\d+);/g)) set.add(m[1][0] === 'x' ? parseInt(m[1].slice(1), 16) : Number(m[1]));
  }
  return [...set].sort((a, b) => a - b);
}

/** A subset font file for these SVGs, from the cache or made now: its path and family; undefined when it cannot be made. */
export function subsetFontFile(
  fontFile: string,
  svgs: readonly string[],
  cacheDir = join(tmpdir(), 'nqpf-fonts'),
): { path: string; family: string } | undefined {
  try {
    const st = statSync(fontFile);
    const cps = svgCodepoints(svgs);
    let buf: Uint8Array | undefined;
    const faceKey = `${fontFile}\0${st.size}\0${st.mtimeMs}`;
    let face = faceCache.get(faceKey);
    if (!face) {
      buf = readFileSync(fontFile);
      face = chineseFace(fontFaces(buf));
      faceCache.set(faceKey, face);
    }
    const key = createHash('sha256')
      .update(`${faceKey}\0${face.index}\0${cps.join(',')}`)
      .digest('hex')
      .slice(0, 32);
    const path = join(cacheDir, `${key}.otf`);
    if (existsSync(path)) return { path, family: face.family };
    buf ??= readFileSync(fontFile);
    const bytes = subsetFont(buf, face.index, cps);
    if (!bytes) return undefined;
    mkdirSync(cacheDir, { recursive: true });
    const tmp = `${path}.${process.pid}-${threadId}.tmp`;
    writeFileSync(tmp, bytes);
    renameSync(tmp, path);
    return { path, family: face.family };
  } catch {
    return undefined;
  }
}

const faceCache = new Map<string, FontFace>();

/**
 * Matching unit names as users type them: normalisation, administrative-suffix stripping and
 * "did you mean" suggestions. Pure string functions; {@link UnitRegistry} builds on them.
 *
 * Normalisation ({@link normaliseUnitName}) — applied to every spelling in a registry and to every
 * name looked up:
 *   1. Unicode NFKC (full-width Ｂｅｉｊｉｎｇ / １１００００ → Beijing / 110000; ideographic space → space),
 *   2. all whitespace removed (so "Inner Mongolia", "inner  mongolia" and "InnerMongolia" agree),
 *   3. lower case.
 * Suffix stripping ({@link unitKey}) — for names containing Chinese characters only, one trailing
 * administrative suffix is removed (longest first): 壮族自治区, 回族自治区, 维吾尔自治区, 特别行政区,
 * 自治区, 省, 市 — so 北京市 ≡ 北京 and 广西壮族自治区 ≡ 广西. Nothing is stripped when that would
 * leave an empty name.
 */
import { editDistance } from '../errors.js';

/** Administrative suffixes of Chinese provincial-level names, longest first (the order matters). */
export const ADMIN_SUFFIXES: readonly string[] = ['壮族自治区', '回族自治区', '维吾尔自治区', '特别行政区', '自治区', '省', '市'];

const HAN = /\p{Script=Han}/u;
const WHITESPACE = /\s+/gu;

/** NFKC, whitespace removed, lower case (see the module comment). */
export function normaliseUnitName(name: string): string {
  return name.normalize('NFKC').replace(WHITESPACE, '').toLowerCase();
}

/** Remove one trailing administrative suffix from a normalised Chinese name (unchanged otherwise). */
export function stripAdminSuffix(normalised: string): string {
  if (!HAN.test(normalised)) return normalised;
  for (const suf of ADMIN_SUFFIXES) {
    if (normalised.length > suf.length && normalised.endsWith(suf)) return normalised.slice(0, -suf.length);
  }
  return normalised;
}

/** The matching key: normalised, then administrative suffix stripped (for Chinese names). */
export function unitKey(name: string): string {
  return stripAdminSuffix(normaliseUnitName(name));
}

/**
 * Characters that OCR and hand transcription of printed yearbook tables confuse with the glyph on
 * the right (两/四 for 西, 占 for 古, 汀 for 江, 洲 for 州, 冶 for 治, the variant 陜 for 陕). Used
 * only to order suggestions that are equally near by edit distance (江两 is as near to 江苏 as to
 * 江西; the table puts 江西 first) — never to match a name automatically.
 */
export const CONFUSABLE_GLYPHS: Readonly<Record<string, string>> = {
  两: '西',
  四: '西',
  占: '古',
  汀: '江',
  洲: '州',
  冶: '治',
  陜: '陕',
};

function unconfuse(s: string): string {
  let out = '';
  for (const ch of s) out += CONFUSABLE_GLYPHS[ch] ?? ch;
  return out;
}

/** Largest edit distance still offered as a suggestion for a key of `len` code points. */
export function suggestionLimit(len: number): number {
  return Math.max(1, Math.floor(len / 3));
}

/** One candidate for {@link suggestNames}: an item with all of its spellings. */
export interface SuggestionCandidate<T> {
  item: T;
  /** Every spelling (raw; keys are computed here). */
  spellings: readonly string[];
}

/**
 * The up-to-`k` candidates nearest to `name`, one entry per candidate (its best spelling counts).
 *
 * Distance: Levenshtein ({@link editDistance}, on code points), both between the suffix-stripped
 * keys ({@link unitKey}) and between the whole normalised names (so 西藏自治 still finds 西藏自治区);
 * the smaller counts. A candidate qualifies when a distance is ≤ max(1, ⌊len/3⌋), len = code points
 * of the name compared — so for 1–5 character names exactly one edit (两藏 → 西藏, 内蒙占 → 内蒙古),
 * for "Guangdnog" up to three. Order: distance, then distance after undoing known glyph confusions
 * ({@link CONFUSABLE_GLYPHS}), then catalogue order. Cost O(#spellings · len²).
 */
export function suggestNames<T>(name: string, candidates: readonly SuggestionCandidate<T>[], k = 3): T[] {
  const q0 = normaliseUnitName(name);
  const q1 = stripAdminSuffix(q0);
  const lim0 = suggestionLimit(Array.from(q0).length);
  const lim1 = suggestionLimit(Array.from(q1).length);
  const qc = unconfuse(q1);
  const scored: { item: T; d: number; dc: number; i: number }[] = [];
  candidates.forEach((c, i) => {
    let d = Infinity;
    let dc = Infinity;
    let ok = false;
    for (const s of c.spellings) {
      const k0 = normaliseUnitName(s);
      const k1 = stripAdminSuffix(k0);
      const d1 = editDistance(q1, k1);
      const d0 = editDistance(q0, k0);
      if (d1 <= lim1 || d0 <= lim0) ok = true;
      d = Math.min(d, d1, d0);
      dc = Math.min(dc, editDistance(qc, k1));
    }
    if (ok) scored.push({ item: c.item, d, dc, i });
  });
  scored.sort((a, b) => a.d - b.d || a.dc - b.dc || a.i - b.i);
  return scored.slice(0, k).map((s) => s.item);
}

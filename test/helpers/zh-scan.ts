/**
 * English in Chinese outputs (issue 12): find ASCII-only words in text meant for a Chinese
 * reader. A word is a run of ASCII letters (with inner digits, `'`, `_`, `-`, `*`); it is
 * allowed when it is
 *
 * - one letter (a symbol: n, p, z, t, G, T, L, I, R …), or a symbol with a subscript
 *   (`G_w`, `S_Ti`, `D_jh`, `y_i0`, `n_j` — at most two letters, then `_` and up to four
 *   letters or digits);
 * - on the allow-list {@link ZH_ALLOW}: method names and acronyms that Chinese papers write in
 *   Latin letters (TOPSIS, CRITIC, Gini, Moran's I, Theil, Dagum, Sobol', LISA, OLS …), authors
 *   cited by name, units of measurement (km), abbreviations that are symbols (CV, SD, ln, Var, df);
 * - a code of the run (`codes`): framework codes, score codes, unit ids, method names the spec
 *   gives as values, which are the user's own identifiers.
 *
 * Everything else — `East`, `HH`, `nominal_rank`, `within`, `bootstrap`, `normalisation` — is
 * reported. Independent of src/ (the test must not trust the code under test).
 */

/** Words written in Latin letters in Chinese outputs on purpose (documented in docs/report.md). */
export const ZH_ALLOW: ReadonlySet<string> = new Set([
  // methods and statistics
  'TOPSIS',
  'CRITIC',
  'AHP',
  'PCA',
  'AMPI',
  'LISA',
  'SDE',
  'OLS',
  'Gini',
  'Moran',
  "Moran's",
  'Geary',
  "Geary's",
  'Getis',
  'Getis-Ord',
  'Ord',
  'Theil',
  'Dagum',
  'Sobol',
  "Sobol'",
  'Kendall',
  'Spearman',
  'Silverman',
  'Scott',
  'Epanechnikov',
  'Gi*',
  'Gi',
  'Markov',
  // efficiency (DEA): the models and the decomposition of productivity change as Chinese papers write them
  'DEA',
  'SBM',
  'EC',
  'TC',
  'BPC',
  'ML',
  'GML',
  // authors cited in notes
  'Quah',
  'Rey',
  'Anselin',
  'Yuill',
  'Lefever',
  'Saltelli',
  'Jansen',
  'Barro',
  // symbols and abbreviations used as symbols
  'CV',
  'SD',
  'ln',
  'Var',
  'df',
  'Wz',
  'GDP',
  // units of measurement
  'km',
  // software, file names, the language switch ("English")
  'nqpf',
  'ECharts',
  'GL',
  'SHA-256',
  'English',
]);

/** Latin-letter words of `text` (see the module comment for what a word is). */
export function latinWords(text: string): string[] {
  return [...text.matchAll(/[A-Za-z][A-Za-z0-9'’_*-]*/g)].map((m) => m[0].replace(/[-'’]+$/, ''));
}

/** The Latin-letter words of `text` that are neither symbols, nor allowed, nor codes of the run. */
export function englishWords(text: string, codes: ReadonlySet<string> = new Set()): string[] {
  return latinWords(text).filter((w) => {
    if (/^[A-Za-z]$/.test(w)) return false;
    if (/^[A-Za-z]{1,2}_[A-Za-z0-9,]{1,4}$/.test(w)) return false;
    if (ZH_ALLOW.has(w) || codes.has(w)) return false;
    return true;
  });
}

/** Each offending word with where it was found (`where: text`), for a readable failure. */
export function scan(items: readonly { where: string; text: string }[], codes: ReadonlySet<string>): string[] {
  const out: string[] = [];
  for (const { where, text } of items) {
    const bad = englishWords(text, codes);
    if (bad.length) out.push(`${where}: ${[...new Set(bad)].join(', ')} — «${text.slice(0, 120)}»`);
  }
  return out;
}

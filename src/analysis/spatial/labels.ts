/**
 * Labels of the LISA quadrants and clusters (Anselin 1995) in both languages, for the tables
 * (spatial_local's `quadrant` and `cluster`), paper tables, the report's charts and the figures.
 * No imports, so the report's browser script can include it.
 */
export const LISA_LABELS = {
  HH: { zh: '高-高', en: 'High-high' },
  LH: { zh: '低-高', en: 'Low-high' },
  LL: { zh: '低-低', en: 'Low-low' },
  HL: { zh: '高-低', en: 'High-low' },
  ns: { zh: '不显著', en: 'Not significant' },
} as const;

export type LisaCode = keyof typeof LISA_LABELS;

/** The label of a quadrant or cluster code in `lang` (the code itself when unknown). */
export function lisaLabel(code: string, lang: 'zh' | 'en'): string {
  return Object.hasOwn(LISA_LABELS, code) ? LISA_LABELS[code as LisaCode][lang] : code;
}

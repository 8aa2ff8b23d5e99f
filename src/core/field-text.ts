/**
 * The zh/en label and description of a spec field, written once beside the field's zod schema
 * (`.meta(field({...}))`) and carried by `z.toJSONSchema` into the JSON Schema, where the
 * workbench forms read them (issue 13: "every schema field a zh/en label and description, from the
 * single spec definition"):
 *
 * - `title` / `description`: English (the standard JSON Schema keywords, which editors show);
 * - `x-zh`: `{ title, description }` in Chinese;
 * - `x-enumLabels`: the name of each value of an enum (or of a list of enum values) in both
 *   languages, e.g. `{ carry_forward: { en: 'carry forward', zh: '向前填补' } }`.
 *
 * Pure data (no zod import), so every layer may use it.
 *
 * @example z.number().default(0).meta(field({ en: ['Shift', 'Added before p_ij. Default: 0.'], zh: ['平移量', '计算比重前加上的常数。默认：0。'] }))
 */

/** A text in both languages. */
export interface Texts {
  readonly en: string;
  readonly zh: string;
}

/** The JSON Schema keywords a described field carries (see the module comment). */
export type FieldMeta = {
  title: string;
  description: string;
  'x-zh': { title: string; description: string };
  'x-enumLabels'?: Record<string, Texts>;
};

/** What {@link field} takes: `[title, description]` per language, and the names of enum values as `[en, zh]`. */
export interface FieldTexts {
  readonly en: readonly [title: string, description: string];
  readonly zh: readonly [title: string, description: string];
  readonly values?: Readonly<Record<string, readonly [en: string, zh: string]>>;
}

/** The zod `.meta()` of a field from its texts in both languages. */
export function field(t: FieldTexts): FieldMeta {
  const m: FieldMeta = { title: t.en[0], description: t.en[1], 'x-zh': { title: t.zh[0], description: t.zh[1] } };
  if (t.values) m['x-enumLabels'] = Object.fromEntries(Object.entries(t.values).map(([k, [en, zh]]) => [k, { en, zh }]));
  return m;
}

/** `meta` with the English and Chinese descriptions prefixed / suffixed (for derived fields: shared options, overrides). */
export function withDescriptions(meta: Partial<FieldMeta> | undefined, en: (d: string) => string, zh: (d: string) => string): Partial<FieldMeta> {
  const out: Partial<FieldMeta> = { ...meta, description: en(meta?.description ?? '') };
  if (meta?.['x-zh']) out['x-zh'] = { ...meta['x-zh'], description: zh(meta['x-zh'].description) };
  return out;
}

/** Pure helpers for the schema-generated forms (no DOM): which options a form can hold and which methods they apply to. */

export type JsonSchema = Record<string, any>;

/** The property schema of a simple option, or undefined when a form cannot hold it. */
export function simpleKind(
  p: JsonSchema,
): 'enum' | 'boolean' | 'number' | 'integer' | 'pair' | 'text-pair' | 'enum-list' | 'string' | 'nullable-integer' | undefined {
  if (Array.isArray(p.enum) && p.enum.every((x: unknown) => typeof x === 'string')) return 'enum';
  if (p.type === 'boolean') return 'boolean';
  if (p.type === 'number') return 'number';
  if (p.type === 'integer') return 'integer';
  if (p.type === 'string') return 'string';
  if (p.type === 'array' && Array.isArray(p.prefixItems) && p.prefixItems.length === 2 && p.prefixItems.every((x: JsonSchema) => x.type === 'number'))
    return 'pair';
  if (p.type === 'array' && Array.isArray(p.prefixItems) && p.prefixItems.length === 2 && p.prefixItems.every((x: JsonSchema) => x.type === 'string'))
    return 'text-pair';
  if (p.type === 'array' && Array.isArray(p.items?.enum) && p.items.enum.every((x: unknown) => typeof x === 'string')) return 'enum-list';
  if (Array.isArray(p.anyOf) && p.anyOf.some((x: JsonSchema) => x.type === 'integer') && p.anyOf.some((x: JsonSchema) => x.type === 'null'))
    return 'nullable-integer';
  return undefined;
}

/** Whether `p` is a list of free strings (no enum), which a form can hold only as a choice of codes (FormLabels.codes). */
export function isStringList(p: JsonSchema): boolean {
  return p.type === 'array' && p.items?.type === 'string' && !Array.isArray(p.items.enum) && !Array.isArray(p.prefixItems);
}

/**
 * The methods an option applies to, from its description prefix (`coinr: …` → ['coinr'],
 * `rank/percentile/borda: …`), or undefined when it applies to all.
 */
export function appliesTo(description: string | undefined, methods: readonly string[]): string[] | undefined {
  const m = /^([a-z_]+(?:\s*\/\s*[a-z_]+)*)\s*:/.exec(description ?? '');
  if (!m) return undefined;
  const names = m[1].split('/').map((s) => s.trim());
  return names.every((n) => methods.includes(n)) ? names : undefined;
}

/** Languages of the workbench. */
export type FormLang = 'zh' | 'en';

/**
 * The label and help text of a schema field in `lang`: its `title` / `description` (English) or
 * `x-zh` (Chinese), as the spec definition writes them (src/core/field-text.ts); the key when the
 * schema has no title (a field added without labels).
 */
export function fieldText(p: JsonSchema, key: string, lang: FormLang): { label: string; help: string } {
  const zh = lang === 'zh' ? (p['x-zh'] as { title?: string; description?: string } | undefined) : undefined;
  return { label: zh?.title ?? p.title ?? key, help: zh?.description ?? p.description ?? '' };
}

/** The name of an enum value of field `p` in `lang` (`x-enumLabels`, also for a list of enum values); the value itself when unnamed. */
export function enumText(p: JsonSchema, value: string, lang: FormLang): string {
  const labels = p['x-enumLabels'] as Record<string, { en: string; zh: string }> | undefined;
  return labels?.[value]?.[lang] ?? value;
}

/** The word "Default" of a help text in `lang`, to tell whether the description already states its default. */
export function statesDefault(help: string): boolean {
  return help.includes('Default') || help.includes('默认');
}

/**
 * What a form shows for a field: a {@link simpleKind}, or a structural kind — `text-list` (free
 * strings, one text input, comma-separated; a form may offer codes instead, FormLabels.codes),
 * `number-list` (numbers, comma-separated), `text-or-number` (e.g. a period: a number when typed as
 * one), `object` (a nested form, optional ones with a "set" checkbox) and `object-list` (a list of
 * objects: add, remove, reorder; each item a nested form, a discriminated union with a chooser).
 * Undefined: only the YAML holds it (keyed maps, matrices, unions without a form).
 */
export type FormKind = NonNullable<ReturnType<typeof simpleKind>> | 'text-list' | 'number-list' | 'text-or-number' | 'object' | 'object-list';

const isObjectSchema = (p: JsonSchema | undefined): boolean => !!p && p.type === 'object' && !!p.properties && typeof p.properties === 'object';

export function formKind(p: JsonSchema): FormKind | undefined {
  const simple = simpleKind(p);
  if (simple) return simple;
  if (isStringList(p)) return 'text-list';
  if (p.type === 'array' && (p.items?.type === 'number' || p.items?.type === 'integer') && !Array.isArray(p.prefixItems)) return 'number-list';
  if (
    Array.isArray(p.anyOf) &&
    p.anyOf.length === 2 &&
    p.anyOf.some((x: JsonSchema) => x.type === 'string' && !x.enum) &&
    p.anyOf.some((x: JsonSchema) => x.type === 'number' || x.type === 'integer')
  )
    return 'text-or-number';
  if (isObjectSchema(p)) return 'object';
  if (p.type === 'array' && itemVariants(p).length > 0) return 'object-list';
  return undefined;
}

/** One alternative of a list's item schema; `tag`: its value of the discriminator property (when the items are a union). */
export interface ItemVariant {
  schema: JsonSchema;
  tag?: string;
}

/** The single value property `key` of object schema `s` takes (`const`, or a one-value enum), if any. */
function constOf(s: JsonSchema, key: string): string | undefined {
  const p = (s.properties ?? {})[key] as JsonSchema | undefined;
  if (!p) return undefined;
  if (typeof p.const === 'string') return p.const;
  if (Array.isArray(p.enum) && p.enum.length === 1 && typeof p.enum[0] === 'string') return p.enum[0];
  return undefined;
}

/**
 * The discriminator of a union of object schemas: a property every alternative requires and fixes
 * to a different string (`{type: 'a', …} | {type: 'b', …}`); undefined when there is none.
 */
export function discriminatorOf(alts: readonly JsonSchema[]): string | undefined {
  if (alts.length < 2) return undefined;
  const keys = Object.keys(alts[0].properties ?? {});
  return keys.find((k) => {
    const tags = alts.map((a) => constOf(a, k));
    return tags.every((t) => t !== undefined) && new Set(tags).size === alts.length;
  });
}

/**
 * The item schemas of a list of objects: its object `items`, or the object alternatives of a
 * `oneOf`/`anyOf` union with a discriminator (each with its tag); empty when the list is not one
 * a form can hold.
 */
export function itemVariants(p: JsonSchema): ItemVariant[] {
  if (p.type !== 'array' || !p.items || Array.isArray(p.prefixItems)) return [];
  const items = p.items as JsonSchema;
  if (isObjectSchema(items)) return [{ schema: items }];
  const alts = (items.oneOf ?? items.anyOf) as JsonSchema[] | undefined;
  if (!Array.isArray(alts) || !alts.every(isObjectSchema)) return [];
  const d = discriminatorOf(alts);
  return d ? alts.map((a) => ({ schema: a, tag: constOf(a, d) })) : [];
}

/** The discriminator property of a list's items (undefined for plain object items). */
export function itemDiscriminator(p: JsonSchema): string | undefined {
  const items = p.items as JsonSchema | undefined;
  const alts = (items?.oneOf ?? items?.anyOf) as JsonSchema[] | undefined;
  return Array.isArray(alts) ? discriminatorOf(alts) : undefined;
}

/** The variant an item holds: by its discriminator value, else the first. */
export function variantOf(p: JsonSchema, item: unknown): ItemVariant | undefined {
  const vs = itemVariants(p);
  const d = itemDiscriminator(p);
  const tag = d && item && typeof item === 'object' ? (item as Record<string, unknown>)[d] : undefined;
  return vs.find((v) => v.tag !== undefined && v.tag === tag) ?? vs[0];
}

/**
 * A new item of object schema `s`: its discriminator tag, and each required enum at its default
 * (else its first value) — what the form's select would show; required text is left for the user
 * to type (validation names it until then).
 */
export function newItem(s: JsonSchema, discriminator?: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of (s.required ?? []) as string[]) {
    const p = (s.properties ?? {})[k] as JsonSchema | undefined;
    if (!p) continue;
    const c = constOf(s, k);
    if (c !== undefined) out[k] = c;
    else if (Array.isArray(p.enum) && p.enum.length) out[k] = p.default ?? p.enum[0];
  }
  const tag = discriminator ? constOf(s, discriminator) : undefined;
  if (discriminator && tag !== undefined) out[discriminator] = tag;
  return out;
}

/** A copy of `list` with item `i` moved by `dir` (unchanged at the ends). */
export function moveItem<T>(list: readonly T[], i: number, dir: -1 | 1): T[] {
  const out = [...list];
  const j = i + dir;
  if (i < 0 || i >= out.length || j < 0 || j >= out.length) return out;
  [out[i], out[j]] = [out[j], out[i]];
  return out;
}

/** A copy of `list` without item `i`. */
export function removeItem<T>(list: readonly T[], i: number): T[] {
  return list.filter((_, j) => j !== i);
}

/** A list as a form's text input shows it (`a, b, c`). */
export function listText(v: unknown): string {
  return Array.isArray(v) ? v.map((x) => (x === null || x === undefined ? '' : String(x))).join(', ') : '';
}

/**
 * The list typed into a text input: entries split at commas (ASCII or full-width), trimmed, empty
 * ones dropped; numbers for a `number-list` (undefined when one is not a number). An empty text
 * gives undefined (the field is removed).
 */
export function parseListText(text: string, numbers: boolean): (string | number)[] | undefined | null {
  const parts = text
    .split(/[,，、]/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (!parts.length) return undefined;
  if (!numbers) return parts;
  const xs = parts.map(Number);
  return xs.every((x) => Number.isFinite(x)) ? xs : null;
}

/** The value typed into a text-or-number input: a number when it reads as one, else the text (undefined when empty). */
export function textOrNumber(text: string): string | number | undefined {
  const s = text.trim();
  if (s === '') return undefined;
  return /^-?\d+(\.\d+)?$/.test(s) ? Number(s) : s;
}

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

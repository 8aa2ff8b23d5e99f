/**
 * The controls a schema-generated form shows for a spec (pure, no DOM): one per field a form can
 * hold ({@link formKind}), and below a nested object or a list of objects the controls of its
 * fields / of each item present, at their spec paths. web/src/schema-form.ts renders the same
 * walk; the no-op edit property test (test/web/spec-preserve.test.ts) edits every control it lists.
 */
import { formKind, variantOf, type FormKind, type JsonSchema } from './schema-util.js';
import { getPath, type SpecModel, type SpecPath } from './spec.js';

/** One control: the field `key` of the object at `section`, of schema `schema`, showing `dflt` when absent. */
export interface FormControl {
  section: SpecPath;
  key: string;
  kind: FormKind;
  schema: JsonSchema;
  dflt: unknown;
}

/** Largest nesting a form shows (lists in lists …); deeper fields stay in the YAML. */
export const MAX_FORM_DEPTH = 4;

/** Every control of the form of object schema `schema` bound to `section` of `spec`, depth first (the fields of present items and objects included). */
export function formControls(schema: JsonSchema, section: SpecPath, spec: SpecModel, depth = 0): FormControl[] {
  const out: FormControl[] = [];
  for (const [key, p] of Object.entries((schema.properties ?? {}) as Record<string, JsonSchema>)) {
    const kind = formKind(p);
    if (!kind || (depth >= MAX_FORM_DEPTH && (kind === 'object' || kind === 'object-list'))) continue;
    out.push({ section, key, kind, schema: p, dflt: p.default });
    const path = [...section, key];
    const v = getPath(spec, path);
    if (kind === 'object' && v !== null && typeof v === 'object' && !Array.isArray(v)) out.push(...formControls(p, path, spec, depth + 1));
    if (kind === 'object-list' && Array.isArray(v))
      v.forEach((item, i) => {
        const variant = variantOf(p, item);
        if (variant && item !== null && typeof item === 'object' && !Array.isArray(item))
          out.push(...formControls(variant.schema, [...path, i], spec, depth + 1));
      });
  }
  return out;
}

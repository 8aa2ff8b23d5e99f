/**
 * The Analyses step's forms, derived from the spec's JSON Schema (GET /api/schema) alone: every
 * object-valued property of `analyses` other than the shared settings (`score`, `group`,
 * `weights`) is an analysis (the registry in src/analysis/registry.ts builds that object), shown as
 * a checkbox (present = the section exists) with its options as fields (lists of models as lists
 * of nested forms, ./schema-form.ts); the weights section
 * is one more schema-driven form (so a new weights source, e.g. a built-in contiguity option,
 * appears by itself). Pure (no DOM), so the generation is tested in node.
 */
import { formKind, type JsonSchema } from './schema-util.js';

/** Shared settings of `analyses` (not analyses themselves). */
export const SHARED_ANALYSIS_KEYS: readonly string[] = ['score', 'group', 'weights'];

/** One analysis's form: its spec key, description and the options a form can hold (the others stay in the YAML). */
export interface AnalysisFormModel {
  key: string;
  description?: string;
  schema: JsonSchema;
  options: { key: string; kind: NonNullable<ReturnType<typeof formKind>>; schema: JsonSchema }[];
  /** Options only the YAML can hold (breaks given as numbers, keyed maps …). */
  yamlOnly: string[];
}

/** The `analyses` object schema of the spec schema (empty when absent). */
export function analysesSchema(specSchema: JsonSchema | undefined): JsonSchema {
  return ((specSchema?.properties ?? {}) as Record<string, JsonSchema>).analyses ?? {};
}

function optionsOf(schema: JsonSchema): Pick<AnalysisFormModel, 'options' | 'yamlOnly'> {
  const options: AnalysisFormModel['options'] = [];
  const yamlOnly: string[] = [];
  for (const [key, p] of Object.entries((schema.properties ?? {}) as Record<string, JsonSchema>)) {
    const kind = formKind(p);
    if (kind) options.push({ key, kind, schema: p });
    else yamlOnly.push(key);
  }
  return { options, yamlOnly };
}

/** One form per analysis of the schema, in schema (= registry) order. */
export function analysisForms(specSchema: JsonSchema | undefined): AnalysisFormModel[] {
  const props = (analysesSchema(specSchema).properties ?? {}) as Record<string, JsonSchema>;
  return Object.entries(props)
    .filter(([k, s]) => !SHARED_ANALYSIS_KEYS.includes(k) && s && s.type === 'object')
    .map(([key, s]) => ({ key, description: s.description, schema: s, ...optionsOf(s) }));
}

/** The form of the spatial weights section (`analyses.weights`), or undefined when the schema has none. */
export function weightsForm(specSchema: JsonSchema | undefined): AnalysisFormModel | undefined {
  const s = ((analysesSchema(specSchema).properties ?? {}) as Record<string, JsonSchema>).weights;
  return s && s.type === 'object' ? { key: 'weights', description: s.description, schema: s, ...optionsOf(s) } : undefined;
}

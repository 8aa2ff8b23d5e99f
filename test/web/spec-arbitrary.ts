/**
 * fast-check arbitraries of valid nqpf specs, built from the committed JSON Schema
 * (schema/nqpf.schema.json, generated from the zod schema src/spec/schema.ts), so every section —
 * data, units (aliases, exclude), framework (builtin/file/nodes with every node field), each step
 * with its overrides, every analysis, robustness and outputs — and every field added to the schema
 * later is generated without changes here. Strings include YAML-sensitive text (`yes`, `~`, `#`,
 * `: `, leading spaces, newlines, CJK, `${VAR}`) and empty strings where the schema allows them.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';

export type JsonSchema = Record<string, any>;

export const SPEC_SCHEMA: JsonSchema = JSON.parse(readFileSync('schema/nqpf.schema.json', 'utf8'));

const TRICKY = [
  '',
  'yes',
  'no',
  'null',
  '~',
  'true',
  '0',
  '1.5',
  '0x1F',
  '1e3',
  '-',
  '- x',
  'a: b',
  '#c',
  'x #y',
  ' lead',
  'trail ',
  'two\nlines',
  '"q"',
  "'",
  '${HOME}',
  '两藏',
  '西部地区',
  'NQPF',
  '*a',
  '&b',
  '!t',
  '%',
  '@',
  '`',
  '[x]',
  '{y}',
  'a,b',
];

function stringArb(s: JsonSchema): fc.Arbitrary<string> {
  const min = s.minLength ?? 0;
  const max = Math.max(min, Math.min(s.maxLength ?? 12, 12));
  return fc
    .oneof(fc.constantFrom(...TRICKY), fc.string({ unit: 'grapheme', minLength: min, maxLength: max }), fc.string({ minLength: min, maxLength: max }))
    .filter((x) => x.length >= min && x.length <= (s.maxLength ?? Infinity));
}

function numberArb(s: JsonSchema, integer: boolean): fc.Arbitrary<number> {
  const lo = s.minimum ?? s.exclusiveMinimum;
  const hi = s.maximum ?? s.exclusiveMaximum;
  const ok = (x: number) =>
    (s.minimum === undefined || x >= s.minimum) &&
    (s.maximum === undefined || x <= s.maximum) &&
    (s.exclusiveMinimum === undefined || x > s.exclusiveMinimum) &&
    (s.exclusiveMaximum === undefined || x < s.exclusiveMaximum);
  if (integer) {
    const a = Math.max(lo ?? -1e6, Number.MIN_SAFE_INTEGER);
    const b = Math.min(hi ?? 1e6, Number.MAX_SAFE_INTEGER);
    return fc.oneof(fc.integer({ min: Math.ceil(a), max: Math.floor(b) }), fc.constantFrom(Math.ceil(a), Math.floor(b))).filter(ok);
  }
  const dbl = fc.double({ noNaN: true, noDefaultInfinity: true, min: lo ?? -1e9, max: hi ?? 1e9 });
  return fc.oneof(dbl, fc.constantFrom(0, -0, 0.1, 1, 2.5, 100, 1e-7, 1e21)).filter(ok);
}

/**
 * An arbitrary of values valid for schema `s`. `full`: every list of objects (models, DEA models,
 * alternatives, framework nodes …) holds at least one item, so the nested forms of every item
 * schema are exercised (without it such lists are empty about half the time).
 */
export function arbFromSchema(s: JsonSchema, depth = 0, full = false): fc.Arbitrary<unknown> {
  if (Array.isArray(s.enum)) return fc.constantFrom(...s.enum);
  if (s.const !== undefined) return fc.constant(s.const);
  const union = (s.anyOf ?? s.oneOf) as JsonSchema[] | undefined;
  if (Array.isArray(union)) return fc.oneof(...union.map((x: JsonSchema) => arbFromSchema(x, depth, full)));
  if (Array.isArray(s.type)) return fc.oneof(...s.type.map((t: string) => arbFromSchema({ ...s, type: t }, depth, full)));
  switch (s.type) {
    case 'string':
      return stringArb(s);
    case 'number':
      return numberArb(s, false);
    case 'integer':
      return numberArb(s, true);
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      if (Array.isArray(s.prefixItems)) return fc.tuple(...s.prefixItems.map((x: JsonSchema) => arbFromSchema(x, depth + 1, full)));
      const items = (s.items ?? {}) as JsonSchema;
      const objects = items.type === 'object' || (items.oneOf ?? items.anyOf ?? []).some((x: JsonSchema) => x.type === 'object');
      const min = Math.max(s.minItems ?? 0, full && objects && depth <= 3 ? 1 : 0);
      const max = Math.max(min, Math.min(s.maxItems ?? 3, depth > 3 ? min : 3));
      return fc.array(arbFromSchema(items, depth + 1, full), { minLength: min, maxLength: max });
    }
    case 'object': {
      if (s.properties) {
        const req = new Set<string>(s.required ?? []);
        const shape: Record<string, fc.Arbitrary<unknown>> = {};
        for (const [k, p] of Object.entries(s.properties as Record<string, JsonSchema>)) {
          if (k === '$schema') continue;
          shape[k] = arbFromSchema(p, depth + 1, full);
        }
        return fc.record(shape, { requiredKeys: [...req].filter((k) => k in shape) });
      }
      if (s.additionalProperties && typeof s.additionalProperties === 'object') {
        const key = s.propertyNames ? (stringArb({ ...s.propertyNames, minLength: 1 }) as fc.Arbitrary<string>) : stringArb({ minLength: 1 });
        return fc.dictionary(
          key.filter((k) => k !== '__proto__'),
          arbFromSchema(s.additionalProperties, depth + 1, full),
          { maxKeys: depth > 3 ? 0 : 2 },
        );
      }
      return fc.constant({});
    }
    default:
      // any value (robustness alternatives): JSON-like
      return fc.jsonValue({ maxDepth: 2 });
  }
}

/** Valid specs: every top-level section may appear (data and framework always do). */
export const specArb: fc.Arbitrary<Record<string, any>> = (arbFromSchema(SPEC_SCHEMA) as fc.Arbitrary<Record<string, any>>).map((v) => structuredClone(v));

/** Specs that certainly hold every top-level section, every analysis (each list of models with items) and a robustness section (with a preset-named factor or not). */
export const fullSpecArb: fc.Arbitrary<Record<string, any>> = (() => {
  const P = SPEC_SCHEMA.properties;
  const an = P.analyses.properties as Record<string, JsonSchema>;
  const analyses: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [k, p] of Object.entries(an)) analyses[k] = arbFromSchema(p, 1, true);
  const top: Record<string, fc.Arbitrary<unknown>> = {};
  for (const k of Object.keys(P)) if (k !== '$schema' && k !== 'analyses') top[k] = arbFromSchema(P[k], 0, true);
  top.analyses = fc.record(analyses, { requiredKeys: Object.keys(analyses) });
  // structuredClone: plain objects (fc.record may build null-prototype ones)
  return (fc.record(top, { requiredKeys: Object.keys(top) }) as fc.Arbitrary<Record<string, any>>).map((v) => structuredClone(v));
})();

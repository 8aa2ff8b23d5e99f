/**
 * The Analyses step's forms are generated from the spec's JSON Schema alone (web/src/analyses-schema.ts):
 * every analysis of the registry gets a form, with every option a form can hold, whether the schema
 * is the committed file or the one the server generates now (GET /api/schema); the weights form
 * shows every option of the weights section's schema (a new weights source appears by itself).
 */
import { describe, expect, it } from 'vitest';
import { ANALYSIS_LIST } from '../../src/analysis/registry.js';
import { specJsonSchemaText } from '../../src/spec/json-schema.js';
import { analysisForms, SHARED_ANALYSIS_KEYS, weightsForm } from '../../web/src/analyses-schema.js';
import { isStringList, simpleKind } from '../../web/src/schema-util.js';
import { analysisToggleField, specValue, applyEdits, parseSpecDoc } from '../../web/src/spec.js';
import { SPEC_SCHEMA, type JsonSchema } from './spec-arbitrary.js';

const LIVE: JsonSchema = JSON.parse(specJsonSchemaText());

describe('analysisForms(schema)', () => {
  for (const [name, schema] of [
    ['the server schema', LIVE],
    ['the committed schema', SPEC_SCHEMA],
  ] as const) {
    it(`gives every registry analysis a form, in registry order (${name})`, () => {
      const forms = analysisForms(schema);
      expect(forms.map((f) => f.key)).toEqual(ANALYSIS_LIST.map((a) => a.key));
      for (const f of forms) {
        const props = schema.properties.analyses.properties[f.key].properties as Record<string, JsonSchema>;
        // every option is either a form field or listed as YAML-only
        expect([...f.options.map((o) => o.key), ...f.yamlOnly].sort()).toEqual(Object.keys(props).sort());
        for (const o of f.options) expect(simpleKind(props[o.key])).toBe(o.kind);
      }
      expect(forms.some((f) => SHARED_ANALYSIS_KEYS.includes(f.key))).toBe(false);
    });
  }

  it('shows options of several kinds (enum, boolean, integer, number) across the analyses', () => {
    const kinds = new Set(analysisForms(LIVE).flatMap((f) => f.options.map((o) => o.kind)));
    for (const k of ['enum', 'boolean', 'integer', 'number', 'enum-list'] as const) expect(kinds).toContain(k);
    // a list of allowed values is a checkbox per value (inequality measures); a free list of scores stays in the YAML
    const ineq = analysisForms(LIVE).find((f) => f.key === 'inequality')!;
    expect(ineq.options.find((o) => o.key === 'measures')?.kind).toBe('enum-list');
    expect(ineq.yamlOnly).toEqual(['scores']);
  });

  it('a new analysis in the schema gets a form without other changes', () => {
    const s = structuredClone(LIVE);
    s.properties.analyses.properties.newthing = { type: 'object', description: 'x', properties: { level: { type: 'number', default: 0.5 } } };
    const f = analysisForms(s).find((x) => x.key === 'newthing');
    expect(f?.options.map((o) => [o.key, o.kind])).toEqual([['level', 'number']]);
  });
});

describe('weightsForm(schema)', () => {
  it('holds every simple option of analyses.weights, the coordinates pair included', () => {
    const w = weightsForm(LIVE)!;
    const props = LIVE.properties.analyses.properties.weights.properties as Record<string, JsonSchema>;
    expect(w.options.map((o) => o.key).sort()).toEqual(
      Object.keys(props)
        .filter((k) => simpleKind(props[k]))
        .sort(),
    );
    expect(w.options.find((o) => o.key === 'coordinates')?.kind).toBe('text-pair');
    expect(w.options.find((o) => o.key === 'method')?.schema.enum).toEqual(props.method.enum);
    for (const k of ['file', 'method', 'k']) expect(w.options.map((o) => o.key)).toContain(k);
  });
});

describe('analysisToggleField(key)', () => {
  it('adds an empty section, removes it, and leaves the text alone when set to what it shows', () => {
    const text = '# mine\ntitle: t\nanalyses:\n  # keep\n  markov: {classes: 5}\n';
    const { doc } = parseSpecDoc(text);
    const f = analysisToggleField('markov');
    expect(f.read(specValue(doc!))).toBe(true);
    expect(f.write(specValue(doc!), true)).toEqual([]);
    const g = analysisToggleField('inequality');
    expect(g.read(specValue(doc!))).toBe(false);
    applyEdits(doc!, g.write(specValue(doc!), true));
    expect(specValue(doc!).analyses).toEqual({ markov: { classes: 5 }, inequality: {} });
    applyEdits(doc!, g.write(specValue(doc!), false));
    expect(doc!.toString({ lineWidth: 0, flowCollectionPadding: false })).toBe(text);
  });
});

describe('every analysis can be made valid in the form', () => {
  it('each required option is a form field or a required list of framework codes (the coupling subsystems), chosen as checkboxes', () => {
    const lists: string[] = [];
    for (const f of analysisForms(LIVE)) {
      for (const k of (f.schema.required ?? []) as string[]) {
        const p = f.schema.properties[k] as JsonSchema;
        if (f.options.some((o) => o.key === k)) continue;
        expect(isStringList(p), `${f.key}.${k}`).toBe(true);
        lists.push(`${f.key}.${k}`);
      }
    }
    expect(lists).toContain('coupling.subsystems');
    // an optional list of strings (scores analysed) stays in the YAML, a list of allowed values is not a free list
    expect(isStringList(LIVE.properties.analyses.properties.inequality.properties.scores)).toBe(true);
    expect(isStringList(LIVE.properties.analyses.properties.inequality.properties.measures)).toBe(false);
  });
});

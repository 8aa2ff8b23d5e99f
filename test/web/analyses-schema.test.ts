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
import {
  discriminatorOf,
  formKind,
  isStringList,
  itemVariants,
  listText,
  newItem,
  parseListText,
  simpleKind,
  textOrNumber,
  variantOf,
} from '../../web/src/schema-util.js';
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
        for (const o of f.options) expect(formKind(props[o.key])).toBe(o.kind);
      }
      expect(forms.some((f) => SHARED_ANALYSIS_KEYS.includes(f.key))).toBe(false);
    });
  }

  it('shows options of several kinds (enum, boolean, integer, number) across the analyses', () => {
    const kinds = new Set(analysisForms(LIVE).flatMap((f) => f.options.map((o) => o.kind)));
    for (const k of ['enum', 'boolean', 'integer', 'number', 'enum-list'] as const) expect(kinds).toContain(k);
    // a list of allowed values is a checkbox per value (inequality measures); a free list of scores is typed, comma-separated
    const ineq = analysisForms(LIVE).find((f) => f.key === 'inequality')!;
    expect(ineq.options.find((o) => o.key === 'measures')?.kind).toBe('enum-list');
    expect(ineq.options.find((o) => o.key === 'scores')?.kind).toBe('text-list');
    expect(ineq.yamlOnly).toEqual([]);
    // the lenses' lists of models are lists of nested forms
    const kindOf = (a: string, k: string) =>
      analysisForms(LIVE)
        .find((f) => f.key === a)
        ?.options.find((o) => o.key === k)?.kind;
    for (const [a, k] of [
      ['models', 'regressions'],
      ['models', 'mediation'],
      ['models', 'threshold'],
      ['models', 'did'],
      ['efficiency', 'models'],
      ['efficiency', 'malmquist'],
      ['spatial_models', 'cross'],
    ])
      expect(kindOf(a, k), `${a}.${k}`).toBe('object-list');
    expect(kindOf('coupling', 'alpha')).toBe('number-list');
  });

  it('a new analysis in the schema gets a form without other changes', () => {
    const s = structuredClone(LIVE);
    s.properties.analyses.properties.newthing = { type: 'object', description: 'x', properties: { level: { type: 'number', default: 0.5 } } };
    const f = analysisForms(s).find((x) => x.key === 'newthing');
    expect(f?.options.map((o) => [o.key, o.kind])).toEqual([['level', 'number']]);
  });
});

describe('the nested form kinds (./schema-util.ts)', () => {
  const obj = (tag: string, extra: Record<string, JsonSchema>) => ({
    type: 'object',
    properties: { kind: { type: 'string', const: tag }, ...extra },
    required: ['kind'],
  });
  const union = { type: 'array', items: { oneOf: [obj('a', { x: { type: 'number' } }), obj('b', { y: { type: 'string', enum: ['p', 'q'] } })] } };

  it('a list of a discriminated union of objects is a list of nested forms with a chooser of the kind', () => {
    expect(formKind(union)).toBe('object-list');
    expect(discriminatorOf(union.items.oneOf)).toBe('kind');
    expect(itemVariants(union).map((v) => v.tag)).toEqual(['a', 'b']);
    expect(variantOf(union, { kind: 'b' })?.tag).toBe('b');
    expect(newItem(union.items.oneOf[1], 'kind')).toEqual({ kind: 'b' });
    // without a property that tells the alternatives apart, a union stays in the YAML
    const loose = {
      type: 'array',
      items: {
        anyOf: [
          { type: 'object', properties: { x: { type: 'number' } } },
          { type: 'object', properties: { y: { type: 'number' } } },
        ],
      },
    };
    expect(formKind(loose)).toBeUndefined();
  });

  it('a new item holds the required enums (default, else the first value) and nothing the user must type', () => {
    const s = {
      type: 'object',
      properties: { name: { type: 'string' }, model: { type: 'string', enum: ['ccr', 'bcc'] }, rts: { type: 'string', enum: ['c', 'v'], default: 'v' } },
      required: ['name', 'model', 'rts'],
    };
    expect(newItem(s)).toEqual({ model: 'ccr', rts: 'v' });
  });

  it('lists typed as text: commas (also full-width and 、) separate, numbers are checked, empty text removes the field', () => {
    expect(parseListText(' labour, capital，energy、 ', false)).toEqual(['labour', 'capital', 'energy']);
    expect(parseListText('0.5, 1', true)).toEqual([0.5, 1]);
    expect(parseListText('0.5, x', true)).toBeNull();
    expect(parseListText(' , ', false)).toBeUndefined();
    expect(listText(['a', 'b'])).toBe('a, b');
    expect(parseListText(listText(['a', 'b']), false)).toEqual(['a', 'b']);
    expect(textOrNumber('2020')).toBe(2020);
    expect(textOrNumber('2020Q1')).toBe('2020Q1');
    expect(textOrNumber(' ')).toBeUndefined();
    expect(simpleKind({ type: 'array', items: { type: 'number' } })).toBeUndefined();
    expect(formKind({ type: 'array', items: { type: 'number' } })).toBe('number-list');
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
  it('each required option is a form field (a required list of framework codes, the coupling subsystems, as checkboxes), in items of lists too', () => {
    const missing: string[] = [];
    const walk = (where: string, s: JsonSchema) => {
      for (const k of (s.required ?? []) as string[]) {
        const p = s.properties[k] as JsonSchema;
        if (!formKind(p)) missing.push(`${where}.${k}`);
        for (const v of itemVariants(p)) walk(`${where}.${k}[]`, v.schema);
      }
      for (const [k, p] of Object.entries((s.properties ?? {}) as Record<string, JsonSchema>))
        for (const v of itemVariants(p)) walk(`${where}.${k}[]`, v.schema);
    };
    for (const f of analysisForms(LIVE)) walk(f.key, f.schema);
    expect(missing).toEqual([]);
    expect(isStringList(LIVE.properties.analyses.properties.coupling.properties.subsystems)).toBe(true);
    // a free list of strings (scores analysed) is a free list, a list of allowed values is not
    expect(isStringList(LIVE.properties.analyses.properties.inequality.properties.scores)).toBe(true);
    expect(isStringList(LIVE.properties.analyses.properties.inequality.properties.measures)).toBe(false);
  });
});

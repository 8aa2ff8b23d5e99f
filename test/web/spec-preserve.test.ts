/**
 * The workbench never loses a setting (issues 10 and 13): any valid spec, loaded into the front
 * end's spec document and put through every form's edit functions with the values the forms show
 * (no-op edits), serialises to the same spec — and the text is not touched at all; a single-field
 * edit changes exactly that field (and comments elsewhere survive). The forms call these same
 * functions (web/src/spec.ts: optionField for the schema-driven step/analysis/weights/output options,
 * analysisToggleField for the Analyses step's checkbox per analysis (web/src/analyses-schema.ts),
 * dataField/registryField/syntheticField/aliasField/excludeField for the data step, the framework
 * choice and node-list edits, the robustness preset/replication fields and the section creation).
 * Specs are random valid specs generated from the committed JSON Schema (test/web/spec-arbitrary.ts),
 * checked against the engine's zod schema.
 */
import fc from 'fast-check';
import YAML, { isMap, isScalar, type Pair } from 'yaml';
import { describe, expect, it } from 'vitest';
import type { FrameworkNodeSpec } from '../../src/core/framework-types.js';
import { Spec } from '../../src/spec/schema.js';
import { analysisForms } from '../../web/src/analyses-schema.js';
import { formControls } from '../../web/src/form-controls.js';
import { itemDiscriminator, itemVariants, moveItem, newItem, removeItem } from '../../web/src/schema-util.js';
import {
  aliasField,
  analysisToggleField,
  applyEdits,
  dataField,
  deepEqual,
  excludeField,
  frameworkChoiceEdits,
  frameworkChoiceField,
  getPath,
  moveSibling,
  nodesEdit,
  optionField,
  parseSpecDoc,
  registryField,
  removeNode,
  renameWeightEdits,
  reparent,
  replicationsField,
  ROBUSTNESS_PRESETS,
  robustnessCreateEdits,
  robustnessPresetField,
  specText,
  specValue,
  syntheticField,
  uploadEdits,
  type SpecEdit,
  type SpecField,
  type SpecModel,
  type SpecPath,
} from '../../web/src/spec.js';
import { arbFromSchema, fullSpecArb, SPEC_SCHEMA, specArb, type JsonSchema } from './spec-arbitrary.js';

const NUM_RUNS = Number(process.env.NQPF_SPEC_RUNS ?? 150);
/**
 * Shrinking whole specs can take very long (and much memory): a failure is reported as found, unshrunk, with the seed
 * and path that replay it. No time limit: every one of the runs is checked however busy the machine is (a one-minute
 * cap, counted as a failure, failed a busy machine after 109 of the 150 runs with nothing wrong).
 */
const PROPERTY_OPTIONS = { numRuns: NUM_RUNS, endOnFailure: true };

/** The spec as a user's YAML file: with a header comment and a comment above every top-level key and every analysis. */
function userText(spec: SpecModel): string {
  const d = new YAML.Document(spec, { aliasDuplicateObjects: false });
  d.commentBefore = ' my study — notes';
  if (isMap(d.contents)) {
    for (const p of d.contents.items as Pair[]) {
      if (isScalar(p.key)) p.key.commentBefore = ` about ${String(p.key.value)}`;
      if (isScalar(p.key) && p.key.value === 'analyses' && isMap(p.value)) {
        for (const q of p.value.items as Pair[]) if (isScalar(q.key)) q.key.commentBefore = ` analysis ${String(q.key.value)}`;
      }
    }
  }
  return d.toString({ lineWidth: 0, flowCollectionPadding: false });
}

const comments = (text: string) =>
  text
    .split('\n')
    .filter((l) => /^\s*# (about|analysis|my study)/.test(l))
    .map((l) => l.trim());

interface FormField {
  name: string;
  field: SpecField<any>;
  /** New values the user could choose. */
  values: (spec: SpecModel) => fc.Arbitrary<unknown>;
}

/** Every form control the workbench shows for `spec` (schema-driven forms for steps, analyses and outputs; data, aliases, framework, robustness). */
function formFields(spec: SpecModel): FormField[] {
  const P = SPEC_SCHEMA.properties;
  const out: FormField[] = [];
  // every control of the schema-driven forms, the fields of each item of a list of objects and of nested objects included (web/src/form-controls.ts)
  const options = (section: string[], schema: JsonSchema | undefined) => {
    if (!schema) return;
    for (const c of formControls(schema, section, spec)) {
      const name = [...c.section, c.key].join('.');
      const field = optionField(c.section, c.key, c.dflt);
      // a list of objects also changes by the list's buttons: an item added (as the form adds it), removed, moved up
      const values =
        c.kind === 'object-list'
          ? (s: SpecModel) => {
              const cur = field.read(s);
              const list = Array.isArray(cur) ? cur : [];
              const ops: fc.Arbitrary<unknown[]>[] = itemVariants(c.schema).map((v) => fc.constant([...list, newItem(v.schema, itemDiscriminator(c.schema))]));
              if (list.length) ops.push(fc.nat(list.length - 1).map((i) => removeItem(list, i)));
              if (list.length > 1) ops.push(fc.integer({ min: 1, max: list.length - 1 }).map((i) => moveItem(list, i, -1)));
              return fc.oneof(arbFromSchema(c.schema), ...ops);
            }
          : () => arbFromSchema(c.schema);
      out.push({ name, field, values });
    }
  };
  for (const [step, s] of Object.entries(P.steps.properties as Record<string, JsonSchema>)) options(['steps', step], s);
  // the shared settings of analyses (each analysis and the weights have a form of their own, below)
  options(['analyses'], { properties: Object.fromEntries(Object.entries(P.analyses.properties).filter(([, p]) => (p as JsonSchema).type !== 'object')) });
  for (const [a, s] of Object.entries(P.analyses.properties as Record<string, JsonSchema>)) if (s.properties) options(['analyses', a], s);
  options(['outputs'], P.outputs);
  // the Analyses step: a checkbox per analysis of the schema, the score chosen by name and the group attribute as that step binds them
  for (const f of analysisForms(SPEC_SCHEMA)) out.push({ name: `analysis ${f.key}`, field: analysisToggleField(f.key), values: () => fc.boolean() });
  out.push({ name: 'analyses score (step)', field: optionField(['analyses'], 'score', ''), values: () => arbFromSchema({ type: 'string', minLength: 1 }) });
  out.push({ name: 'analyses group (step)', field: optionField(['analyses'], 'group', ''), values: () => arbFromSchema({ type: 'string', minLength: 1 }) });
  const text = () => arbFromSchema({ type: 'string' });
  out.push({ name: 'data.layout', field: dataField('layout', 'wide'), values: () => fc.constantFrom('wide', 'long') });
  for (const k of ['unit', 'period', 'indicator', 'value'] as const) out.push({ name: `data.${k}`, field: dataField(k), values: text });
  out.push({ name: 'units.registry', field: registryField, values: () => fc.constantFrom('none', 'cn-provinces') });
  out.push({ name: 'data.synthetic', field: syntheticField, values: () => fc.boolean() });
  const unitNames = new Set<string>(['新单位', ...Object.keys(spec.units?.aliases ?? {}), ...((spec.units?.exclude ?? []) as string[])]);
  for (const u of unitNames) {
    out.push({ name: `alias ${u}`, field: aliasField(u), values: () => fc.oneof(fc.constant(''), text()) });
    out.push({ name: `exclude ${u}`, field: excludeField(u), values: () => fc.boolean() });
  }
  out.push({
    name: 'framework choice',
    field: frameworkChoiceField,
    values: () => fc.constantFrom('nqpf-three-factor', 'nqpf-tech-digital-green', '__inline', '__file'),
  });
  out.push({ name: 'robustness replications', field: replicationsField, values: () => fc.integer({ min: 2, max: 5000 }) });
  for (const p of ROBUSTNESS_PRESETS) out.push({ name: `robustness preset ${p}`, field: robustnessPresetField(p), values: () => fc.boolean() });
  return out;
}

/** The edits of the form controls "changed" to the value they show. */
function noOpFieldEdits(spec: SpecModel): SpecEdit[] {
  const edits: SpecEdit[] = [];
  for (const f of formFields(spec)) edits.push(...f.field.write(spec, f.field.read(spec)));
  return edits;
}

/** Those, plus the framework editor and robustness actions that hand back what they were given. */
function noOpEdits(spec: SpecModel): SpecEdit[] {
  const edits = noOpFieldEdits(spec);
  // framework editor: the node list handed back unchanged; the picker on the current choice
  if (Array.isArray(spec.framework?.nodes)) edits.push(nodesEdit(structuredClone(spec.framework.nodes)));
  edits.push(...frameworkChoiceEdits(spec, frameworkChoiceField.read(spec), []));
  // robustness run button on a spec that has a section
  if (spec.robustness) edits.push(...robustnessCreateEdits(spec, 50, ['weighting', 'weights']));
  return edits;
}

/** Reference semantics of edits on a plain object (set creates mappings; delete removes a key or a list item). */
function plainApply(obj: SpecModel, edits: readonly SpecEdit[]): SpecModel {
  for (const e of edits) {
    let o: any = obj;
    for (const k of e.path.slice(0, -1)) {
      if (o[k] === null || typeof o[k] !== 'object') {
        if (e.value === undefined) break;
        o[k] = {};
      }
      o = o[k];
    }
    const last = e.path[e.path.length - 1];
    if (o === null || typeof o !== 'object') continue;
    if (e.value === undefined) {
      if (Array.isArray(o)) o.splice(Number(last), 1);
      else delete o[last];
    } else o[last] = structuredClone(e.value);
  }
  return obj;
}

/**
 * The first difference of two plain values as `path: a ≠ b` (undefined when equal; numbers by
 * Object.is, prototypes ignored). Property tests report this instead of a full diff, which on large
 * specs made failure reports during shrinking exhaust memory.
 */
function firstDiff(a: unknown, b: unknown, path = ''): string | undefined {
  if (deepEqual(a, b)) return undefined;
  if (a && b && typeof a === 'object' && typeof b === 'object' && Array.isArray(a) === Array.isArray(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
    for (const k of keys) {
      const d = firstDiff((a as any)[k], (b as any)[k], `${path}.${k}`);
      if (d) return d;
    }
  }
  const show = (v: unknown) => (v === undefined ? 'absent' : Object.is(v, -0) ? '-0' : JSON.stringify(v)?.slice(0, 120));
  return `${path || '(root)'}: ${show(a)} ≠ ${show(b)}`;
}

/** The first differing line of two texts (undefined when equal). */
function firstLineDiff(a: string, b: string): string | undefined {
  if (a === b) return undefined;
  const x = a.split('\n');
  const y = b.split('\n');
  for (let i = 0; i < Math.max(x.length, y.length); i++)
    if (x[i] !== y[i]) return `line ${i + 1}: ${JSON.stringify(x[i]?.slice(0, 120))} ≠ ${JSON.stringify(y[i]?.slice(0, 120))}`;
  return 'line endings differ';
}

const prefixOf = (a: SpecPath, b: SpecPath) => a.length <= b.length && a.every((k, i) => String(k) === String(b[i]));

function load(text: string) {
  const r = parseSpecDoc(text);
  expect(r.error).toBeUndefined();
  return r.doc!;
}

describe('spec document: forms edit one path and keep everything else', () => {
  it('random valid specs (every section) survive no-op edits of every form unchanged — value and text (property)', () => {
    fc.assert(
      fc.property(fc.oneof(specArb, fullSpecArb), (spec) => {
        fc.pre(Spec.safeParse(spec).success);
        const text = userText(spec);
        const doc = load(text);
        expect(firstDiff(specValue(doc), spec)).toBeUndefined(); // the generator's YAML is the spec
        expect(noOpFieldEdits(spec).map((e) => e.path.join('.'))).toEqual([]); // no control writes anything when set to what it shows
        expect(applyEdits(doc, noOpEdits(spec))).toBe(false); // nor does the node list handed back unchanged
        expect(firstLineDiff(specText(doc), text)).toBeUndefined();
        expect(firstDiff(YAML.parse(specText(doc)), spec)).toBeUndefined();
      }),
      PROPERTY_OPTIONS,
    );
  });

  it('a single-field edit of any form changes exactly that field; comments and every other section stay (property)', () => {
    fc.assert(
      fc.property(fc.oneof(specArb, fullSpecArb), fc.nat(), fc.gen(), (spec, pick, g) => {
        fc.pre(Spec.safeParse(spec).success);
        const text = userText(spec);
        const doc = load(text);
        const fields = formFields(spec);
        const f = fields[pick % fields.length];
        const v = g(() => f.values(spec));
        const edits = f.field.write(spec, v);
        for (const e of edits) expect(prefixOf(f.field.path, e.path) || prefixOf(e.path, f.field.path), `${f.name}: edit of ${e.path.join('.')}`).toBe(true);
        applyEdits(doc, edits);
        const after = YAML.parse(specText(doc));
        expect(firstDiff(after, plainApply(structuredClone(spec), edits)), f.name).toBeUndefined();
        expect(firstDiff(specValue(doc), after)).toBeUndefined();
        // the form now shows the chosen value (unless the edit was refused: the last robustness factor, a preset without a section)
        if (edits.length)
          expect(f.field.read(after), f.name).toEqual(
            typeof v === 'string' && f.name.startsWith('alias') ? v.trim() : f.name === 'framework choice' && v === '__file' ? f.field.read(spec) : v,
          );
        // comments of sections other than the edited one stay
        const top = String(f.field.path[0]);
        // (an analysis unticked in the Analyses step takes its own comment with it)
        const gone =
          f.field.path.length === 2 && top === 'analyses' && getPath(after, f.field.path) === undefined ? `analysis ${String(f.field.path[1])}` : undefined;
        const keep = (c: string) => (!c.includes(`about ${top}`) || (after as SpecModel)[top] !== undefined) && (gone === undefined || !c.endsWith(gone));
        expect(comments(specText(doc))).toEqual(expect.arrayContaining(comments(text).filter(keep)));
      }),
      PROPERTY_OPTIONS,
    );
  });

  it('framework editor actions on inline nodes change framework.nodes (and the renamed node weights) only (property)', () => {
    const withNodes = fc.oneof(specArb, fullSpecArb).filter((s) => Array.isArray(s.framework?.nodes) && s.framework.nodes.length >= 2);
    fc.assert(
      fc.property(withNodes, fc.nat(), fc.nat(), fc.nat(4), (spec, i, j, op) => {
        fc.pre(Spec.safeParse(spec).success);
        const text = userText(spec);
        const doc = load(text);
        const nodes = structuredClone(spec.framework.nodes) as FrameworkNodeSpec[];
        const a = nodes[i % nodes.length];
        const b = nodes[j % nodes.length];
        let edits: SpecEdit[];
        if (op === 0) moveSibling(nodes, a.code, 1);
        else if (op === 1) reparent(nodes, a.code, b.code);
        else if (op === 2) removeNode(nodes, a.code);
        else if (op === 3) a.nameZh = `${a.nameZh ?? ''}改`;
        if (op === 4) {
          const from = a.code;
          for (const x of nodes) if (x.parent === from) x.parent = `${from}_new`;
          a.code = `${from}_new`;
          edits = [nodesEdit(nodes), ...renameWeightEdits(spec, from, a.code)];
        } else edits = [nodesEdit(nodes)];
        applyEdits(doc, edits);
        const after = YAML.parse(specText(doc));
        expect(firstDiff(after, plainApply(structuredClone(spec), edits))).toBeUndefined();
        expect(firstDiff(after.framework.nodes, nodes)).toBeUndefined();
        expect(comments(specText(doc))).toEqual(comments(text));
      }),
      PROPERTY_OPTIONS,
    );
  });
});

describe('spec document: the reported cases', () => {
  const USER = `# 新质生产力 2012–2023
title: demo
seed: 7
data:
  file: demo_SYNTHETIC.csv
  unit: province
  period: year
  synthetic: true
units:
  registry: cn-provinces
  aliases:
    两藏: 西藏 # typo in the source table
  exclude: [西部地区]
framework:
  builtin: nqpf-three-factor
steps:
  impute:
    method: none
analyses:
  # the three analyses issue 13 lost
  inequality: {}
  density: {}
  convergence: {}
robustness:
  factors:
    - name: treat
      type: alternatives
      path: steps.treat.method
      alternatives: [none, coinr]
  uncertainty:
    replications: 30
    unstable: 5
  compare: false
outputs:
  language: zh
  figures: none
`;

  it('Methods → impute edits that one line; empty analyses, robustness, outputs, aliases and comments stay byte for byte', () => {
    const doc = load(USER);
    const spec = specValue(doc);
    expect(applyEdits(doc, noOpEdits(spec))).toBe(false);
    expect(specText(doc)).toBe(USER);
    const impute = optionField(['steps', 'impute'], 'method', 'none');
    expect(applyEdits(doc, impute.write(spec, 'linear'))).toBe(true);
    expect(specText(doc)).toBe(USER.replace('    method: none', '    method: linear'));
  });

  it('Analyses step: every checkbox, option and weights field set to what it shows changes nothing; ticking an analysis on and off restores the text', () => {
    const doc = load(USER);
    const spec = specValue(doc);
    const edits: SpecEdit[] = [];
    for (const f of analysisForms(SPEC_SCHEMA)) {
      edits.push(...analysisToggleField(f.key).write(spec, analysisToggleField(f.key).read(spec)));
      for (const o of f.options) {
        const fld = optionField(['analyses', f.key], o.key, o.schema.default);
        edits.push(...fld.write(spec, fld.read(spec)));
      }
    }
    expect(edits).toEqual([]);
    for (const f of analysisForms(SPEC_SCHEMA)) {
      const tog = analysisToggleField(f.key);
      const was = tog.read(specValue(doc));
      applyEdits(doc, tog.write(specValue(doc), !was));
      expect(tog.read(specValue(doc))).toBe(!was);
      applyEdits(doc, tog.write(specValue(doc), was));
    }
    // on → off → on of an analysis the user had brings it back empty (its options were defaults): only its place may move
    expect(YAML.parse(specText(doc))).toEqual(YAML.parse(USER));
    const fresh = load(USER);
    applyEdits(fresh, analysisToggleField('markov').write(specValue(fresh), true));
    applyEdits(fresh, analysisToggleField('markov').write(specValue(fresh), false));
    expect(specText(fresh)).toBe(USER);
  });

  it('a robustness run on a spec with its own robustness section changes nothing; the presets edit the factor list in place', () => {
    const doc = load(USER);
    let spec = specValue(doc);
    expect(robustnessCreateEdits(spec, 50, ['weighting', 'weights'])).toEqual([]);
    applyEdits(doc, replicationsField.write(spec, 30));
    expect(specText(doc)).toBe(USER);
    applyEdits(doc, robustnessPresetField('weights').write(spec, true));
    spec = specValue(doc);
    expect(spec.robustness.factors.map((f: SpecModel) => f.name)).toEqual(['treat', 'weights']);
    expect(spec.robustness.uncertainty).toEqual({ replications: 30, unstable: 5 });
    expect(spec.robustness.compare).toBe(false);
    applyEdits(doc, robustnessPresetField('weights').write(spec, false));
    expect(specText(doc)).toBe(USER);
    // the last factor is never removed by a checkbox
    expect(robustnessPresetField('treat' as never).write(specValue(doc), false)).toEqual([]);
  });

  it('a new upload sets the data file and suggestions only; the framework picker keeps the rest of the spec', () => {
    const doc = load(USER);
    let spec = specValue(doc);
    applyEdits(doc, uploadEdits(spec, 'other.csv', { unitColumn: 'province', periodColumn: 'year', registry: 'cn-provinces' }));
    expect(specText(doc)).toBe(USER.replace('file: demo_SYNTHETIC.csv', 'file: other.csv'));
    spec = specValue(doc);
    applyEdits(doc, frameworkChoiceEdits(spec, 'nqpf-tech-digital-green', []));
    expect(specText(doc)).toBe(
      USER.replace('file: demo_SYNTHETIC.csv', 'file: other.csv').replace('builtin: nqpf-three-factor', 'builtin: nqpf-tech-digital-green'),
    );
  });

  it('an option of a step the spec does not have yet is added under steps in pipeline order', () => {
    const doc = load(USER);
    applyEdits(doc, optionField(['steps', 'weight'], 'method', 'equal').write(specValue(doc), 'entropy'));
    applyEdits(doc, optionField(['steps', 'denominate'], 'enabled', true).write(specValue(doc), false));
    const text = specText(doc);
    expect(Object.keys(YAML.parse(text).steps)).toEqual(['denominate', 'impute', 'weight']);
    expect(text).toContain('  # the three analyses issue 13 lost\n  inequality: {}\n  density: {}\n  convergence: {}\n');
  });

  it('YAML aliases: an edit changes only the edited place; values elsewhere stay', () => {
    const text =
      'data: {file: d.csv, unit: u}\nframework: {builtin: nqpf-three-factor}\nsteps:\n  normalise: &n {method: ' +
      'minmax, range: [0, 1]}\nrobustness:\n  factors:\n    - {name: n, type: alternatives, path: steps.normalise, ' +
      'alternatives: [*n, {method: rank}]}\n';
    const doc = load(text);
    const before = specValue(doc);
    applyEdits(doc, optionField(['steps', 'normalise'], 'method', 'minmax').write(before, 'zscore'));
    const after = YAML.parse(specText(doc));
    expect(after.steps.normalise.method).toBe('zscore');
    expect(after.robustness).toStrictEqual(before.robustness);
  });

  it('text that is not a spec mapping, or not YAML, is reported (the forms then refuse to edit it)', () => {
    expect(parseSpecDoc('a: [1, 2').error).toBeTruthy();
    expect(parseSpecDoc('- 1\n- 2').error).toMatch(/mapping/);
    expect(parseSpecDoc('a: 1\na: 2').error).toBeTruthy();
    expect(specValue(parseSpecDoc('').doc!)).toEqual({});
    expect(specValue(parseSpecDoc('# only a comment\n').doc!)).toEqual({});
  });

  it('lists of models: every item field is a form control; adding, moving and removing items edits the list only, the other items keep their comments', () => {
    const text = USER.replace(
      '  convergence: {}\n',
      `  convergence: {}
  models:
    regressions:
      # baseline
      - name: FE
        formula: Index ~ log(rd) | unit + period
        slopes: {x: log(rd), by: open}
      - name: RE # random effects
        formula: Index ~ log(rd)
        estimator: random
  efficiency:
    models:
      - {name: dea, model: sbm, inputs: [labour, capital], outputs: [gdp]}
`,
    );
    const doc = load(text);
    const spec = specValue(doc);
    const an = SPEC_SCHEMA.properties.analyses.properties as Record<string, JsonSchema>;
    const names = [...formControls(an.models, ['analyses', 'models'], spec), ...formControls(an.efficiency, ['analyses', 'efficiency'], spec)].map(
      (c) => `${[...c.section, c.key].join('.')}:${c.kind}`,
    );
    for (const n of [
      'analyses.models.regressions:object-list',
      'analyses.models.regressions.0.formula:string',
      'analyses.models.regressions.0.se:enum-list',
      'analyses.models.regressions.0.slopes:object',
      'analyses.models.regressions.0.slopes.at:number-list',
      'analyses.models.regressions.1.estimator:enum',
      'analyses.models.threshold:object-list',
      'analyses.efficiency.models.0.inputs:text-list',
      'analyses.efficiency.models.0.model:enum',
    ])
      expect(names).toContain(n);
    // the second item has no slopes: none of its (absent) fields is listed
    expect(names.some((n) => n.startsWith('analyses.models.regressions.1.slopes.'))).toBe(false);
    expect(noOpFieldEdits(spec)).toEqual([]);
    const list = optionField(['analyses', 'models'], 'regressions', []);
    const regs = list.read(spec) as SpecModel[];
    // add (what the form's button adds: the required enums set, the required text left to type)
    const item = newItem(itemVariants(an.models.properties.regressions)[0].schema);
    expect(item).toEqual({});
    applyEdits(doc, list.write(specValue(doc), [...regs, { ...item, name: '(3)', formula: 'Index ~ open' }]));
    expect(specText(doc)).toContain('        estimator: random\n      - name: (3)\n        formula: Index ~ open\n');
    expect(specText(doc)).toContain('      # baseline\n      - name: FE\n');
    // move the new item up, then remove it: the text is the user's again
    applyEdits(doc, list.write(specValue(doc), moveItem(list.read(specValue(doc)) as SpecModel[], 2, -1)));
    expect((list.read(specValue(doc)) as SpecModel[]).map((r) => r.name)).toEqual(['FE', '(3)', 'RE']);
    applyEdits(doc, list.write(specValue(doc), removeItem(list.read(specValue(doc)) as SpecModel[], 1)));
    expect(YAML.parse(specText(doc))).toEqual(YAML.parse(text));
    expect(specText(doc)).toContain('      # baseline\n');
    // an item field edits that field of that item only
    applyEdits(doc, optionField(['analyses', 'models', 'regressions', 1], 'estimator', 'ols').write(specValue(doc), 'ols'));
    expect(specText(doc)).toBe(text.replace('        estimator: random\n', '        estimator: ols\n'));
  });

  it('getPath reads own keys only', () => {
    expect(getPath({ a: { b: 1 } }, ['a', 'b'])).toBe(1);
    expect(getPath({ a: {} }, ['a', 'toString'])).toBeUndefined();
  });
});

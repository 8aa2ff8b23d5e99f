import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NqpfError } from '../../src/core/errors.js';
import { interpolate, parseSpec } from '../../src/spec/parse.js';
import { specJsonSchemaText } from '../../src/spec/json-schema.js';
import { specMarkdown } from '../../src/spec/spec-doc.js';

const base = `
data: { file: d.csv, unit: province, period: year }
framework: { builtin: nqpf-three-factor }
`;

function specError(text: string): NqpfError {
  try {
    parseSpec(text, { file: 's.yaml' });
  } catch (e) {
    if (e instanceof NqpfError) return e;
    throw e;
  }
  throw new Error('expected an error');
}

describe('parseSpec', () => {
  it('fills every documented default', () => {
    const s = parseSpec(base);
    expect(s.seed).toBe(20240101);
    expect(s.data.layout).toBe('wide');
    expect(s.steps.normalise).toMatchObject({ method: 'minmax', range: [0, 100], scope: 'pooled' });
    expect(s.steps.weight).toMatchObject({ method: 'nominal', scope: 'global', pooling: 'pooled', shift: 0 });
    expect(s.steps.aggregate).toMatchObject({ method: 'arithmetic', inputs: 'children', ideal: 'pooled', rho: 0.5 });
    expect(s.steps.impute.method).toBe('none');
    expect(s.outputs).toMatchObject({ xlsx: true, language: 'zh' });
  });

  it('names the path and the allowed values of a misspelt method', () => {
    const e = specError(base + 'steps: { weight: { method: entropi } }');
    expect(e.code).toBe('E_SPEC');
    expect(e.location?.path).toBe('steps.weight.method');
    expect(e.message).toContain('steps.weight.method: invalid value "entropi"');
    expect(e.message).toContain('"entropy"');
    expect(e.message).toContain('did you mean "entropy"');
  });

  it.each([
    ['impute', 'steps: { impute: { method: lineer } }', 'steps.impute.method', 'lineer', 'linear'],
    ['treat', 'steps: { treat: { method: coinR } }', 'steps.treat.method', 'coinR', 'coinr'],
    [
      'treat override',
      'steps: { treat: { overrides: { x1: { method: winsorize_quantile } } } }',
      'steps.treat.overrides.x1.method',
      'winsorize_quantile',
      'winsorise_quantile',
    ],
    ['aggregate', 'steps: { aggregate: { method: topsiss } }', 'steps.aggregate.method', 'topsiss', 'topsis'],
    ['aggregate node', 'steps: { aggregate: { nodes: { IDX: { method: ampj } } } }', 'steps.aggregate.nodes.IDX.method', 'ampj', 'ampi'],
  ])('names the path and the allowed values of a misspelt %s method (lists built from the registries)', (_what, steps, path, bad, near) => {
    const e = specError(base + steps);
    expect(e.location?.path).toBe(path);
    expect(e.message).toContain(`${path}: invalid value "${bad}"`);
    expect(e.message).toContain(`"${near}"`);
    expect(e.message).toContain(`did you mean "${near}"`);
  });

  it('refuses an unknown field with a did-you-mean hint', () => {
    const e = specError(base + 'steps: { normalise: { methd: zscore } }');
    expect(e.message).toContain('steps.normalise: unknown field "methd"');
    expect(e.hint).toContain('did you mean "method"');
  });

  it('reports a missing required field', () => {
    const e = specError('framework: { builtin: x }\ndata: { file: d.csv }');
    expect(e.message).toContain('data.unit: required field is missing');
  });

  it('locates YAML syntax errors by line', () => {
    const e = specError('data:\n  file: [unclosed\nframework: {}\n');
    expect(e.code).toBe('E_SPEC_YAML');
    expect(e.location?.file).toBe('s.yaml');
    expect(e.location?.row).toBeGreaterThan(0);
  });

  it('interpolates environment variables with defaults', () => {
    expect(interpolate({ a: '${X}/d.csv', b: ['${Y:-../shared}'] }, { X: '/data' })).toEqual({ a: '/data/d.csv', b: ['../shared'] });
    expect(() => interpolate({ a: '${NOPE}' }, {})).toThrow(/NOPE is not set/);
    const s = parseSpec(base.replace('d.csv', '"${ROOT:-.}/d.csv"'), { env: { ROOT: '/r' } });
    expect(s.data.file).toBe('/r/d.csv');
  });
});

describe('schema/nqpf.schema.json', () => {
  it('is up to date with the zod spec (run `npm run schema` when this fails)', () => {
    const committed = readFileSync(resolve(import.meta.dirname, '../../schema/nqpf.schema.json'), 'utf8');
    expect(committed).toBe(specJsonSchemaText());
  });

  it('docs/spec.md is up to date with the zod spec (run `npm run schema` when this fails)', () => {
    const committed = readFileSync(resolve(import.meta.dirname, '../../docs/spec.md'), 'utf8');
    expect(committed).toBe(specMarkdown());
  });

  it('documents the default of every field that has one', () => {
    const schema = JSON.parse(specJsonSchemaText());
    const missing: string[] = [];
    const walk = (node: Record<string, unknown>, path: string) => {
      if (!node || typeof node !== 'object') return;
      if ('default' in node && node.type !== 'object' && !String(node.description ?? '').includes('Default')) missing.push(path);
      for (const [k, v] of Object.entries(node)) {
        if (k === 'properties') for (const [p, s] of Object.entries(v as object)) walk(s as Record<string, unknown>, `${path}.${p}`);
        else if (k === 'items' || k === 'additionalProperties') walk(v as Record<string, unknown>, `${path}[]`);
        else if (k === 'anyOf' || k === 'oneOf' || k === 'prefixItems') (v as object[]).forEach((s) => walk(s as Record<string, unknown>, path));
      }
    };
    walk(schema, '');
    expect(missing).toEqual([]);
  });
});

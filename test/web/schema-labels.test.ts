/**
 * Every field of the construction steps and the analyses carries a zh/en label and description in
 * the spec definition (src/core/field-text.ts), and the workbench forms show them
 * (web/src/schema-util.ts `fieldText` / `enumText`, the functions web/src/schema-form.ts labels
 * with): rendered over the whole schema in Chinese, every label, description and enum name is
 * Chinese, with Latin words only from the allow-list below (issue 13: "zh mode has no English
 * labels outside a documented allow-list").
 */
import { describe, expect, it } from 'vitest';
import { specJsonSchemaText } from '../../src/spec/json-schema.js';
import { enumText, fieldText, type JsonSchema } from '../../web/src/schema-util.js';
import { SPEC_SCHEMA } from './spec-arbitrary.js';
import { englishWords } from '../helpers/zh-scan.js';
import { SPEC_ZH_ALLOW } from '../helpers/spec-zh-allow.js';

/**
 * Latin words a Chinese label or enum name may hold: the allow-list of Chinese outputs
 * (test/helpers/zh-scan.ts, documented in docs/report.md: TOPSIS, AHP, CRITIC, Moran's I, LISA …,
 * symbols such as k, n, p, α) and the names only the spec's fields use (test/helpers/spec-zh-allow.ts).
 */
const SPEC_ALLOW = new Set(SPEC_ZH_ALLOW);

/** Latin words of `s` that are not allowed in a Chinese label. */
function foreignWords(s: string): string[] {
  return englishWords(s, SPEC_ALLOW);
}

const CJK = /[\u4e00-\u9fff]/;

interface Field {
  path: string;
  key: string;
  schema: JsonSchema;
}

/** Every property under `s` (nested objects, records, lists of objects, unions), with its path. */
function fields(s: JsonSchema, path: string): Field[] {
  const out: Field[] = [];
  const visit = (n: JsonSchema | undefined, at: string) => {
    if (!n || typeof n !== 'object') return;
    for (const [k, p] of Object.entries((n.properties ?? {}) as Record<string, JsonSchema>)) {
      out.push({ path: `${at}.${k}`, key: k, schema: p });
      visit(p, `${at}.${k}`);
    }
    for (const sub of ['items', 'additionalProperties'] as const) if (n[sub] && typeof n[sub] === 'object') visit(n[sub], `${at}[]`);
    for (const sub of ['anyOf', 'oneOf', 'prefixItems'] as const) if (Array.isArray(n[sub])) for (const x of n[sub]) visit(x, at);
  };
  visit(s, path);
  return out;
}

/** The string values of a field's enum (or of its list items' enum, or of an enum inside a union). */
function enumValues(p: JsonSchema): string[] {
  const e = p.enum ?? p.items?.enum ?? (p.anyOf as JsonSchema[] | undefined)?.find((x) => Array.isArray(x.enum))?.enum ?? [];
  return (e as unknown[]).filter((x): x is string => typeof x === 'string');
}

for (const [name, schema] of [
  ['the schema the server generates', JSON.parse(specJsonSchemaText()) as JsonSchema],
  ['the committed schema', SPEC_SCHEMA],
] as const) {
  describe(`zh/en labels of every field of the spec (${name})`, () => {
    const all = fields(schema, 'spec');

    it('reaches every field of the spec (the walk is not empty)', () => {
      expect(all.length).toBeGreaterThan(250);
      expect(all.map((f) => f.path)).toEqual(
        expect.arrayContaining([
          'spec.steps.impute.method',
          'spec.steps.impute.fillLeading',
          'spec.analyses.spatial.alternative',
          'spec.data.layout',
          'spec.outputs.figures',
        ]),
      );
    });

    it('in Chinese, every label and description is Chinese (Latin words only from the allow-list)', () => {
      const bad: string[] = [];
      for (const f of all) {
        const { label, help } = fieldText(f.schema, f.key, 'zh');
        if (!CJK.test(label) || foreignWords(label).length) bad.push(`${f.path}: label "${label}"`);
        if (!CJK.test(help)) bad.push(`${f.path}: description "${help}"`);
        // a default stated in English is stated in Chinese too
        if ((f.schema.description ?? '').includes('Default') && !help.includes('默认')) bad.push(`${f.path}: no 默认 in "${help}"`);
      }
      // a field without labels: give it `.meta(field({ en: [title, description], zh: [标题, 说明] }))` (src/core/field-text.ts)
      expect(bad).toEqual([]);
    });

    it('in English, every field has a label of its own (not its key) and a description', () => {
      const bad = all.filter((f) => !f.schema.title || !fieldText(f.schema, f.key, 'en').help).map((f) => f.path);
      expect(bad).toEqual([]);
    });

    it('every enum value has a name in both languages; the Chinese one is Chinese (allow-list aside)', () => {
      const bad: string[] = [];
      for (const f of all) {
        for (const v of enumValues(f.schema)) {
          const zh = enumText(f.schema, v, 'zh');
          const en = enumText(f.schema, v, 'en');
          if (!CJK.test(zh) || foreignWords(zh).length) bad.push(`${f.path} = ${v}: zh "${zh}"`);
          if (!f.schema['x-enumLabels']?.[v]?.en) bad.push(`${f.path} = ${v}: no en name (shown: "${en}")`);
        }
      }
      expect(bad).toEqual([]);
    });
  });
}

describe('fieldText / enumText', () => {
  const p = {
    title: 'Fill leading gaps',
    description: 'also fill. Default: true.',
    'x-zh': { title: '填补首次观测之前的缺失', description: '同时填补。默认：是。' },
    'x-enumLabels': { carry_forward: { en: 'carry forward', zh: '向前填补' } },
  };

  it('gives the title and description in the language asked, the key when a field has no labels', () => {
    expect(fieldText(p, 'fillLeading', 'zh')).toEqual({ label: '填补首次观测之前的缺失', help: '同时填补。默认：是。' });
    expect(fieldText(p, 'fillLeading', 'en')).toEqual({ label: 'Fill leading gaps', help: 'also fill. Default: true.' });
    expect(fieldText({ description: 'x' }, 'k', 'zh')).toEqual({ label: 'k', help: 'x' });
  });

  it('names enum values (carry_forward → 向前填补), the value itself when unnamed', () => {
    expect(enumText(p, 'carry_forward', 'zh')).toBe('向前填补');
    expect(enumText(p, 'carry_forward', 'en')).toBe('carry forward');
    expect(enumText(p, 'linear', 'zh')).toBe('linear');
  });
});

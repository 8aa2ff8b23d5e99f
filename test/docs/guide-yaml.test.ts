/**
 * Every YAML block of the user guides (docs/guide.zh.md, docs/guide.en.md) is a valid spec: a block
 * is parsed with the spec parser as it is, or — when its first line is `# fragment` — merged into
 * a minimal spec (the built-in framework on a province panel) and then parsed, so that its options
 * are checked against the schema at their place. Both guides hold the same blocks, so the Chinese
 * and English readers are given the same specs.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseYaml, validateSpec } from '../../src/spec/parse.js';

const DOCS = resolve(import.meta.dirname, '../../docs');
const GUIDES = ['guide.zh.md', 'guide.en.md'];

/** The ```yaml blocks of a Markdown text, with the line each starts on. */
function yamlBlocks(md: string): { line: number; text: string }[] {
  const out: { line: number; text: string }[] = [];
  const lines = md.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].trim() !== '```yaml') continue;
    const start = i + 1;
    while (++i < lines.length && lines[i].trim() !== '```');
    out.push({ line: start + 1, text: lines.slice(start, i).join('\n') });
  }
  return out;
}

const BASE = {
  title: 'fragment',
  data: { file: 'data.csv', unit: 'province', period: 'year' },
  units: { registry: 'cn-provinces' },
  framework: { builtin: 'nqpf-three-factor' },
};

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** `b` over `a`, objects merged key by key; a fragment's `framework` replaces the base's (builtin, file or nodes). */
function merge(a: Record<string, unknown>, b: Record<string, unknown>, top = true): Record<string, unknown> {
  const out: Record<string, unknown> = { ...a };
  for (const [k, v] of Object.entries(b)) {
    if (top && k === 'framework' && isObject(v) && !('overrides' in v && Object.keys(v).length === 1)) out[k] = v;
    else out[k] = isObject(v) && isObject(out[k]) ? merge(out[k] as Record<string, unknown>, v, false) : v;
  }
  return out;
}

describe('the YAML of the user guides', () => {
  for (const g of GUIDES) {
    const md = readFileSync(resolve(DOCS, g), 'utf8');
    const blocks = yamlBlocks(md);
    it(`${g}: has YAML blocks, each a valid spec or fragment`, () => {
      expect(blocks.length).toBeGreaterThan(10);
      for (const b of blocks) {
        const where = `${g}:${b.line}`;
        const raw = parseYaml(b.text, where);
        expect(isObject(raw), where).toBe(true);
        const fragment = /^# fragment\b/.test(b.text);
        const spec = fragment ? merge(BASE, raw as Record<string, unknown>) : raw;
        expect(() => validateSpec(spec, where), `${where}:\n${b.text}`).not.toThrow();
      }
    });
  }

  it('the Chinese and English guides hold the same YAML blocks (comments aside)', () => {
    const strip = (t: string) =>
      t
        .split('\n')
        .map((l) => l.replace(/\s+#.*$/, '').replace(/^#.*$/, ''))
        .filter((l) => l.trim() !== '')
        .join('\n');
    const [zh, en] = GUIDES.map((g) => yamlBlocks(readFileSync(resolve(DOCS, g), 'utf8')).map((b) => strip(b.text)));
    expect(zh).toEqual(en);
  });
});

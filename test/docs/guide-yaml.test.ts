/**
 * Every YAML block of the user guides (docs/guide.zh.md, docs/guide.en.md) is a valid spec: a block
 * is parsed with the spec parser as it is, or — when its first line is `# fragment` — merged into
 * a minimal spec (the built-in framework on a province panel) and then parsed, so that its options
 * are checked against the schema at their place. Both guides hold the same blocks, so the Chinese
 * and English readers are given the same specs. Every block that reads a province-year CSV with the
 * built-in framework and no other file is then checked as `nqpf validate` checks it, on the demo's
 * synthetic panel (AHP matrices against the children, analysis codes, groups, built-in weights …).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCheckedProject } from '../../src/app/check-project.js';
import { parseYaml, validateSpec } from '../../src/spec/parse.js';

const DOCS = resolve(import.meta.dirname, '../../docs');
const DEMO_CSV = resolve(import.meta.dirname, '../../examples/demo/nqpf_demo_provinces_2012_2023_SYNTHETIC.csv');
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

  it('each block on the demo panel passes the checks of `nqpf validate`', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nqpf-guide-'));
    const blocks = yamlBlocks(readFileSync(resolve(DOCS, 'guide.en.md'), 'utf8'));
    let checked = 0;
    for (const [i, b] of blocks.entries()) {
      const raw = parseYaml(b.text) as Record<string, unknown>;
      const spec = /^# fragment\b/.test(b.text) ? merge(BASE, raw) : raw;
      const data = spec.data as Record<string, unknown>;
      const fw = spec.framework as Record<string, unknown>;
      const weights = (spec.analyses as { weights?: { file?: string } } | undefined)?.weights;
      if (data.unit !== 'province' || data.period !== 'year' || data.layout === 'long' || !String(data.file).endsWith('.csv')) continue;
      if (fw.builtin === undefined || weights?.file !== undefined) continue;
      const file = join(dir, `block-${i}.yaml`);
      writeFileSync(file, JSON.stringify({ ...spec, data: { ...data, file: DEMO_CSV } }));
      await expect(loadCheckedProject(file), `guide.en.md:${b.line}:\n${b.text}`).resolves.toBeDefined();
      checked++;
    }
    expect(checked).toBeGreaterThan(10);
  });

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

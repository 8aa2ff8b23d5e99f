/**
 * The built-in NQPF frameworks are measured on [0, 1] (issue 13: "the default normalisation range
 * for the built-in NQPF frameworks should follow the literature"): each declares min-max onto
 * [0, 1] pooled (src/frameworks/normalise.ts), and both ways of starting a project on one — `nqpf
 * init` and a new workbench project (web/src/spec.ts defaultSpec) — write it into the spec, so the
 * parsed spec normalises onto [0, 1] (the schema's own default stays COINr's [0, 100]).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { initProject } from '../../src/app/init-project.js';
import { BUILTIN_FRAMEWORKS } from '../../src/frameworks/index.js';
import { parseSpec } from '../../src/spec/parse.js';
import { defaultSpec, specToYaml } from '../../web/src/spec.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('normalisation of the built-in NQPF frameworks', () => {
  it('every built-in framework declares min-max onto [0, 1], pooled', () => {
    const list = Object.values(BUILTIN_FRAMEWORKS);
    expect(list.length).toBeGreaterThanOrEqual(2);
    for (const fw of list) expect(fw.normalise, fw.id).toEqual({ method: 'minmax', range: [0, 1], scope: 'pooled' });
  });

  it('a new workbench project normalises onto [0, 1] (the spec says so; without it the default would be [0, 100])', () => {
    const s = defaultSpec('新项目', 'zh');
    s.data = { file: 'x.csv', unit: 'province', period: 'year' };
    const text = specToYaml(s);
    expect(text).toMatch(/normalise:\s*\n\s+method: minmax\s*\n\s+range:\s*\n\s+- 0\s*\n\s+- 1/);
    const spec = parseSpec(text, { file: 'nqpf.yaml', env: {} });
    expect(spec.framework.builtin).toBe('nqpf-three-factor');
    expect(spec.steps.normalise.method).toBe('minmax');
    expect(spec.steps.normalise.range).toEqual([0, 1]);
    expect(spec.steps.normalise.scope).toBe('pooled');
    const bare = parseSpec(specToYaml({ ...s, steps: {} }), { file: 'nqpf.yaml', env: {} });
    expect(bare.steps.normalise.range).toEqual([0, 100]);
  });

  it('nqpf init on each built-in framework writes a spec that normalises onto [0, 1]', async () => {
    for (const fw of Object.values(BUILTIN_FRAMEWORKS)) {
      const dir = mkdtempSync(join(tmpdir(), 'nqpf-init-range-'));
      dirs.push(dir);
      await initProject(dir, { framework: fw.id });
      const spec = parseSpec(readFileSync(join(dir, 'nqpf.yaml'), 'utf8'), { file: join(dir, 'nqpf.yaml'), env: {} });
      expect(spec.steps.normalise, fw.id).toMatchObject({ method: 'minmax', range: [0, 1], scope: 'pooled' });
    }
  });
});

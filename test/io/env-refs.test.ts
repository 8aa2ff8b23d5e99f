/**
 * `${VAR}` values never reach what a user shares: run.json, report.html and results.xlsx record
 * the reference as written, unless the spec sets `outputs.recordEnvValues: true`.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { runProject } from '../../src/app/run-project.js';
import { envReferences, recordedSpec } from '../../src/spec/env-refs.js';
import { interpolate, parseYaml, validateSpec } from '../../src/spec/parse.js';

const SECRET = 'secret-home-of-zhang-san';
const DATA = 'unit,year,a,b\nu1,2020,1,4\nu2,2020,2,3\nu3,2020,3,1\nu1,2021,2,5\nu2,2021,3,2\nu3,2021,4,2\n';
const SPEC = (extra: string) => `title: \${STUDY_TITLE:-env test}
data: { file: "\${NQPF_T_DIR}/data.csv", unit: unit, period: year }
framework:
  nodes:
    - { code: I }
    - { code: a, parent: I }
    - { code: b, parent: I }
outputs: { docx: false, figures: none${extra} }
`;

async function xlsxText(path: string): Promise<string> {
  const zip = await JSZip.loadAsync(readFileSync(path));
  const parts = await Promise.all(Object.values(zip.files).map((f) => f.async('string')));
  return parts.join('\n');
}

describe('${VAR} references in what a run records', () => {
  it('envReferences finds every interpolated string by path; recordedSpec puts the reference back', () => {
    const raw = parseYaml(SPEC(''));
    const refs = envReferences(raw);
    expect(refs).toEqual([
      { path: ['title'], text: '${STUDY_TITLE:-env test}' },
      { path: ['data', 'file'], text: '${NQPF_T_DIR}/data.csv' },
    ]);
    const spec = validateSpec(interpolate(raw, { NQPF_T_DIR: `/home/${SECRET}` }));
    expect(spec.data.file).toBe(`/home/${SECRET}/data.csv`);
    const rec = recordedSpec(spec, refs);
    expect(rec.data.file).toBe('${NQPF_T_DIR}/data.csv');
    expect(rec.title).toBe('${STUDY_TITLE:-env test}');
    expect(spec.data.file).toBe(`/home/${SECRET}/data.csv`); // the spec itself is not changed
  });

  it('run.json, report.html and results.xlsx hold the reference, not the value; recordEnvValues: true records the value', async () => {
    const root = mkdtempSync(join(tmpdir(), 'nqpf-env-'));
    const dataDir = join(root, SECRET);
    mkdirSync(dataDir);
    writeFileSync(join(dataDir, 'data.csv'), DATA);
    const study = join(root, 'study');
    mkdirSync(study);
    for (const [name, extra, leaks] of [
      ['hidden', '', false],
      ['shown', ', recordEnvValues: true', true],
    ] as const) {
      writeFileSync(join(study, `${name}.yaml`), SPEC(extra));
      const out = join(study, `out-${name}`);
      await runProject(join(study, `${name}.yaml`), { out, env: { NQPF_T_DIR: dataDir } });
      const run = readFileSync(join(out, 'run.json'), 'utf8');
      const report = readFileSync(join(out, 'report.html'), 'utf8');
      const xlsx = await xlsxText(join(out, 'results.xlsx'));
      for (const text of [run, report, xlsx]) expect(text.includes(SECRET)).toBe(leaks);
      const parsed = JSON.parse(run) as { spec: { data: { file: string } }; inputs: { role: string; path: string }[] };
      expect(parsed.spec.data.file).toBe(leaks ? `${dataDir}/data.csv` : '${NQPF_T_DIR}/data.csv');
      expect(parsed.inputs.find((i) => i.role === 'data')!.path).toBe(leaks ? `../${SECRET}/data.csv` : '${NQPF_T_DIR}/data.csv');
    }
  });
});

/**
 * Robustness factors cannot reach outside the spec (a `__proto__` path used to set a field on
 * every object of the process), and an error inside a replication names the factor, the value
 * drawn and the replication instead of reading as if the spec's own step had failed.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runProject } from '../../src/app/run-project.js';
import { catchNqpfAsync } from '../io/catch-nqpf.js';

const DATA =
  'unit,year,a,b,c\n' +
  ['u1', 'u2', 'u3', 'u4', 'u5'].flatMap((u, i) => [2020, 2021].map((y) => `${u},${y},${1 + i + (y - 2020)},${10 - i},${3 + ((i * 7) % 5)}`)).join('\n') +
  '\n';

function project(factors: string, weight = 'equal'): string {
  const dir = mkdtempSync(join(tmpdir(), 'nqpf-factor-'));
  writeFileSync(join(dir, 'data.csv'), DATA);
  writeFileSync(
    join(dir, 'spec.yaml'),
    `data: { file: data.csv, unit: unit, period: year }
framework:
  nodes:
    - { code: I }
    - { code: a, parent: I }
    - { code: b, parent: I }
    - { code: c, parent: I }
steps:
  weight: { method: ${weight} }
robustness:
  factors:
${factors}
  uncertainty: { replications: 20 }
outputs: { report: false, docx: false, xlsx: false, figures: none }
`,
  );
  return join(dir, 'spec.yaml');
}

describe('robustness factor paths', () => {
  for (const bad of ['steps.__proto__.file', 'steps.normalise.constructor', 'steps.prototype', 'steps.treat.__proto__']) {
    it(`refuses path ${bad} as a spec error without touching Object.prototype`, async () => {
      const e = await catchNqpfAsync(() =>
        runProject(project(`    - { name: p, type: alternatives, path: ${bad}, alternatives: [minmax, zscore] }`), { dryRun: true, workers: 1 }),
      );
      expect(e.code).toBe('E_SPEC');
      expect(e.location?.path).toBe('robustness.factors.0.path');
      expect(e.message).toContain('is not a spec path');
      expect(({} as Record<string, unknown>).file).toBeUndefined();
      expect(Object.hasOwn(Object.prototype, 'file')).toBe(false);
    });
  }

  it('refuses a path outside the steps schema, suggesting the nearest option', async () => {
    const e = await catchNqpfAsync(() =>
      runProject(project('    - { name: p, type: integer, path: steps.treat.winmx, range: [1, 3] }'), { dryRun: true, workers: 1 }),
    );
    expect(e.code).toBe('E_SPEC');
    expect(e.message).toMatch(/steps\.treat has no option "winmx"/);
    expect(e.hint).toContain('steps.treat.winmax');
  });

  it('accepts real option paths (steps.treat.winmax, steps.normalise)', async () => {
    const r = await runProject(
      project(`    - { name: winmax, type: integer, path: steps.treat.winmax, range: [1, 3] }
    - { name: norm, type: alternatives, path: steps.normalise, alternatives: [{ method: minmax }, { method: rank }] }`),
      { dryRun: true, workers: 1 },
    );
    expect(r.robustness?.tables.length).toBeGreaterThan(0);
  });
});

describe('an error inside a replication', () => {
  for (const workers of [1, 2]) {
    it(`names the factor, the alternative drawn and the replication (workers: ${workers})`, async () => {
      // z-scores are negative: entropy weights cannot be computed on them.
      const spec = project(
        '    - { name: normalisation, type: alternatives, path: steps.normalise, alternatives: [{ method: minmax }, { method: zscore }] }',
        'entropy',
      );
      const e = await catchNqpfAsync(() => runProject(spec, { dryRun: true, workers }));
      expect(e.message).toMatch(/^robustness replication \d+ with robustness\.factors\.0 "normalisation" = \{"method":"zscore"/);
      expect(e.location?.path).toBe('robustness.factors.0');
      expect(e.hint).toContain('robustness.factors.0.alternatives');
    });
  }
});

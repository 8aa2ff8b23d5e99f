/**
 * `nqpf validate` on analyses.models (issue 15): every problem of the section before a run, each with
 * its spec path, all in one error — unreadable formulas, variables that are neither a score nor a
 * data column (with a suggestion), terms of simple slopes / thresholds that are not in the formula,
 * names used twice, an indicator code used where its data column is meant.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCheckedProject } from '../../src/app/check-project.js';
import { NqpfError } from '../../src/core/errors.js';

const data = resolve(import.meta.dirname, '../reference/did/panel.csv');
const spec = (models: string) => `title: check
data: { file: ${JSON.stringify(data)}, unit: unit, period: year }
framework:
  nodes:
    - { code: I }
    - { code: xs, parent: I, column: x }
analyses:
  models:
${models}`;

async function problems(models: string): Promise<{ path?: string; code: string }[]> {
  const d = mkdtempSync(join(tmpdir(), 'nqpf-mcheck-'));
  writeFileSync(join(d, 'spec.yaml'), spec(models));
  try {
    await loadCheckedProject(join(d, 'spec.yaml'));
    return [];
  } catch (e) {
    if (!(e instanceof NqpfError)) throw e;
    const list = ((e.data as { problems?: { location?: { path?: string }; code: string }[] })?.problems ?? [e]) as {
      location?: { path?: string };
      code: string;
    }[];
    return list.map((p) => ({ path: p.location?.path, code: p.code }));
  }
}

describe('analyses.models checks before a run', () => {
  it('a valid section passes (scores, data columns read because a formula names them, functions)', async () => {
    expect(await problems(`    regressions:\n      - { name: A, formula: "I ~ log(x + 5) + l(y, 1) | unit + period" }\n`)).toEqual([]);
  });

  it('every problem of the section at once, with its path', async () => {
    const got = await problems(
      [
        '    regressions:',
        '      - { name: A, formula: "I ~ yy + x | unit" }',
        '      - { name: A, formula: "I ~ x +" }',
        '      - { name: B, formula: "I ~ x", slopes: { x: x, by: zz } }',
        '      - { name: C, formula: "I ~ xs" }',
        '    threshold:',
        '      - { name: T, formula: "I ~ x | unit", q: qq, regime: y }',
        '    did:',
        '      - { name: D, formula: "y ~ 1", treatment: pilot }',
        '',
      ].join('\n'),
    );
    expect(got).toEqual([
      { path: 'analyses.models.regressions.0.formula', code: 'E_MODEL_VARIABLE' },
      { path: 'analyses.models.regressions.1.name', code: 'E_MODEL_SPEC' },
      { path: 'analyses.models.regressions.1.formula', code: 'E_MODEL_FORMULA' },
      { path: 'analyses.models.regressions.2.slopes.by', code: 'E_MODEL_SPEC' },
      { path: 'analyses.models.regressions.3.formula', code: 'E_MODEL_VARIABLE' },
      { path: 'analyses.models.threshold.0.q', code: 'E_MODEL_VARIABLE' },
      { path: 'analyses.models.threshold.0.regime', code: 'E_MODEL_SPEC' },
      { path: 'analyses.models.did.0.treatment', code: 'E_MODEL_VARIABLE' },
    ]);
  });
});

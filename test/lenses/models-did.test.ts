/**
 * analyses.models.did end to end (issue 15): a spec on the simulated staggered panel of
 * test/reference/did (60 units × 10 years, cohorts 2014/2016/2018 + never treated; its R code and
 * values in did.R / expected.json) — the TWFE DID, the binned event study with its pre-trend test and
 * Callaway–Sant'Anna (never treated, varying base) through the whole run (data read, frame, tables)
 * agree with R to 1e-9; the placebo test is seeded; the regression table has the DID column; the
 * figures of the event study and the placebo distribution are drawn.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AnalysisTable } from '../../src/analysis/context.js';
import { runProject, type RunProjectResult } from '../../src/app/run-project.js';

const dir = resolve(import.meta.dirname, '../reference/did');
const R = JSON.parse(readFileSync(resolve(dir, 'expected.json'), 'utf8'));
const rel = (a: unknown, b: number) => Math.abs(Number(a) - b) / Math.max(Math.abs(b), 1e-300);
const close = (a: unknown, b: number, what: string, tol = 1e-9) => expect(rel(a, b), `${what}: ${a} vs ${b}`).toBeLessThan(tol);

function rows(run: RunProjectResult, name: string): Record<string, unknown>[] {
  const t = run.analyses!.tables.find((x: AnalysisTable) => x.name === name);
  if (!t) throw new Error(`no table ${name}`);
  return t.rows.map((r) => Object.fromEntries(t.header.map((h, j) => [h, r[j]])));
}

const SPEC = (data: string) => `title: did
seed: 7
data: { file: ${JSON.stringify(data)}, unit: unit, period: year }
framework:
  nodes:
    - { code: I }
    - { code: x, parent: I }
steps: { normalise: { method: minmax, range: [0, 1], scope: pooled } }
outputs: { figures: none, docx: false, report: false }
analyses:
  models:
    did:
      - { name: DID, formula: "y ~ x", treatment: first, leads: 4, lags: 4, placebo: 500 }
`;

describe('analyses.models.did against R (test/reference/did)', () => {
  let run: RunProjectResult;
  beforeAll(async () => {
    const d = mkdtempSync(join(tmpdir(), 'nqpf-did-'));
    writeFileSync(join(d, 'spec.yaml'), SPEC(resolve(dir, 'panel.csv')));
    run = await runProject(join(d, 'spec.yaml'), { dryRun: true });
  });

  it('TWFE DID with x as control: estimate, clustered SE, CI; counts of units', () => {
    const t = rows(run, 'models_did').find((r) => r.estimator === 'twfe')!;
    close(t.estimate, R.twfe.estimate, 'estimate');
    close(t.se, R.twfe.se, 'se');
    close(t.ci_low, R.twfe.ci[0], 'lo');
    close(t.ci_high, R.twfe.ci[1], 'hi');
    expect([t.n, t.units, t.treated_units, t.never_treated]).toEqual([R.twfe.n, R.twfe.units, R.twfe.treated_units, R.twfe.never_units]);
    const reg = run.analyses!.tables.find((x) => x.name === 'models_regression')!;
    expect(reg.header).toEqual(['row', 'DID']);
    expect(reg.rows[0][0]).toBe('did');
  });

  it('binned event study (4 leads, 4 lags, reference −1) and the pre-trend F', () => {
    const ev = rows(run, 'models_event').filter((r) => r.method === 'twfe' && r.reference === 0);
    const E = R.event_binned;
    expect(ev.map((r) => r.e)).toEqual(E.rel);
    ev.forEach((r, i) => {
      close(r.estimate, E.estimate[i], `e=${E.rel[i]}`);
      close(r.se, E.se[i], `se e=${E.rel[i]}`);
    });
    const pt = rows(run, 'models_tests').find((r) => r.test === 'pretrend')!;
    close(pt.statistic, E.pretrend.F, 'F');
    close(pt.p, E.pretrend.p, 'p', 1e-8);
  });

  it("Callaway–Sant'Anna (never treated, varying base): simple, dynamic and group aggregations", () => {
    const d = rows(run, 'models_did');
    const C = R.cs_never_varying;
    const get = (e: string) => d.find((r) => r.estimator === e)!;
    close(get('cs_simple').estimate, C.simple.att, 'simple');
    close(get('cs_simple').se, C.simple.se, 'simple se');
    close(get('cs_dynamic').estimate, C.dynamic.overall.att, 'dynamic');
    close(get('cs_dynamic').se, C.dynamic.overall.se, 'dynamic se');
    close(get('cs_group').estimate, C.group.overall.att, 'group');
    const dyn = rows(run, 'models_event').filter((r) => r.method === 'cs');
    expect(dyn.map((r) => r.e)).toEqual(C.dynamic.e);
    dyn.forEach((r, i) => close(r.estimate, C.dynamic.att[i], `θ(${C.dynamic.e[i]})`));
  });

  it('placebo: 500 seeded draws, p-value from them, identical on a second run', async () => {
    const pl = rows(run, 'models_placebo');
    expect(pl).toHaveLength(500);
    const obs = Number(pl[0].observed);
    const share = pl.filter((r) => Math.abs(Number(r.estimate)) >= Math.abs(obs)).length / 500;
    const t = rows(run, 'models_tests').find((r) => r.test === 'placebo')!;
    expect(t.p).toBe(share);
    expect(share).toBeLessThan(0.01); // a true effect of about 2 against placebo draws centred near 0
    const d = mkdtempSync(join(tmpdir(), 'nqpf-did-'));
    writeFileSync(join(d, 'spec.yaml'), SPEC(resolve(dir, 'panel.csv')));
    const again = await runProject(join(d, 'spec.yaml'), { dryRun: true });
    expect(rows(again, 'models_placebo')).toEqual(pl);
  });
});

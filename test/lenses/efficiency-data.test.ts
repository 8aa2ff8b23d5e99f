/**
 * analyses.efficiency, bad input (issue 17): a negative or (SBM) zero value is refused with the data file, its row
 * and column and the spec path; `zeroUndesirable: replace` replaces a zero undesirable output by 10⁻⁶ × the smallest
 * positive value of the variable (Tone 2003) and lists it in a warning; fewer units than 3(m + s + k) warns.
 *
 * The replaced run's scores are checked against an independent computation: SBM on the Tone (2003) layout (every
 * x = 1, one good and one bad output) by hand. Units: P (yg 2, yb 1), Q (yg 4, yb 0 → ε = 10⁻⁶ × 1), R (yg 1, yb 1).
 * Under crs, Q is efficient (no unit reaches its good output with a lower bad output: Bλ ≤ ε forces λ_P = λ_R ≈ 0,
 * and λ_Q alone is Q). P against Q with weight λ: s⁻ = 1 − λ, sᵍ = 4λ − 2 ≥ 0, sᵇ = 1 − ελ ≥ 0, so
 * ρ_P = λ / (1 + ½((4λ − 2)/2 + (1 − ελ))) = λ / (1 + λ(1 − ε/2)), least at λ = 1/2: 1 / (3 − ε/2);
 * R: λ ≥ 1/4, ρ_R = λ / (1 + ½((4λ − 1) + (1 − ελ))) = λ / (1 + λ(2 − ε/2)) at λ = 1/4: 1 / (6 − ε/2).
 * (Against P instead: ρ_P = 1 only at λ = 1 itself; ρ_R against P at λ = 1/2: (1/2)/(1 + ½(0 + 1/2)) = 2/5 > 1/(6 − ε/2).)
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { MethodsWriter } from '../../src/analysis/descriptor.js';
import { runProject } from '../../src/app/run-project.js';
import { NqpfError } from '../../src/core/errors.js';
import { efficiencyAnalysis } from '../../src/lenses/efficiency/analysis.js';

function project(csv: string, model: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'nqpf-dea-data-'));
  writeFileSync(join(dir, 'data.csv'), csv);
  writeFileSync(
    join(dir, 'spec.yaml'),
    `data: { file: data.csv, unit: unit, period: year }
framework:
  nodes:
    - { code: Index, nameZh: 指数, nameEn: Index }
    - { code: yg, parent: Index, nameZh: 期望产出, nameEn: Good }
    - { code: yb, parent: Index, nameZh: 非期望产出, nameEn: Bad, direction: -1 }
outputs: { language: en }
analyses:
  efficiency:
    models:
      - ${model}
`,
  );
  return join(dir, 'spec.yaml');
}

const CSV = 'unit,year,x,yg,yb\nP,2020,1,2,1\nQ,2020,1,4,0\nR,2020,1,1,1\n';

async function failure(spec: string): Promise<NqpfError> {
  try {
    await runProject(spec, { dryRun: true });
  } catch (e) {
    if (e instanceof NqpfError) return e;
    throw e;
  }
  throw new Error('no error');
}

describe('analyses.efficiency: bad input', () => {
  it('a zero undesirable output (SBM, default refuse) names the data file, row and column and the spec path, with a hint', async () => {
    const e = await failure(project(CSV, '{ name: S, model: sbm, inputs: [x], outputs: [yg], undesirable: [yb] }'));
    expect(e.code).toBe('E_DEA_DATA');
    expect(e.location).toMatchObject({ file: 'data.csv', row: 3, column: 'yb' });
    expect(e.message).toMatch(/"yb" of Q 2020 is 0 \(data\.csv, row 3, column yb\)/);
    expect(e.message).toMatch(/analyses\.efficiency\.models\.0\.undesirable/);
    expect(e.hint).toMatch(/zeroUndesirable: replace/);
  });

  it('a negative input is refused for every model (here ddf), located; a zero only for the SBM family (ddf takes the zero yb)', async () => {
    const neg = 'unit,year,x,yg,yb\nP,2020,1,2,1\nQ,2020,1,4,2\nR,2020,-1,1,1\n';
    const e = await failure(project(neg, '{ name: D, model: ddf, inputs: [x], outputs: [yg], undesirable: [yb] }'));
    expect(e.code).toBe('E_DEA_DATA');
    expect(e.location).toMatchObject({ file: 'data.csv', row: 4, column: 'x' });
    expect(e.message).toMatch(/"x" of R 2020 is -1 .*DEA needs values ≥ 0/);
    const zeroX = 'unit,year,x,yg,yb\nP,2020,1,2,1\nQ,2020,0,4,2\nR,2020,1,1,1\n';
    expect((await failure(project(zeroX, '{ name: S, model: sbm, inputs: [x], outputs: [yg], undesirable: [yb] }'))).location).toMatchObject({
      row: 3,
      column: 'x',
    });
    const ok = await runProject(project(CSV, '{ name: D, model: ddf, inputs: [x], outputs: [yg], undesirable: [yb] }'), { dryRun: true });
    expect(ok.analyses?.tables.some((t) => t.name === 'efficiency_scores')).toBe(true);
  });

  it('zeroUndesirable: replace uses 10⁻⁶ × the smallest positive value (Tone 2003), warns, and scores as by hand', async () => {
    const run = await runProject(project(CSV, '{ name: S, model: sbm, inputs: [x], outputs: [yg], undesirable: [yb], zeroUndesirable: replace }'), {
      dryRun: true,
    });
    const eps = 1e-6;
    const t = run.analyses?.tables.find((x) => x.name === 'efficiency_targets');
    const h = t?.header ?? [];
    const q = t?.rows.find((r) => r[h.indexOf('unit')] === 'Q' && r[h.indexOf('variable')] === 'yb');
    expect(q?.[h.indexOf('value')]).toBe(eps * 1);
    const sc = run.analyses?.tables.find((x) => x.name === 'efficiency_scores');
    const sh = sc?.header ?? [];
    const score = (u: string) => Number(sc?.rows.find((r) => r[sh.indexOf('unit')] === u)?.[sh.indexOf('score')]);
    expect(Math.abs(score('P') - 1 / (3 - eps / 2))).toBeLessThan(1e-12);
    expect(Math.abs(score('Q') - 1)).toBeLessThan(1e-12);
    expect(Math.abs(score('R') - 1 / (6 - eps / 2))).toBeLessThan(1e-12);
    const w = (run.analyses?.warnings ?? []).map((x) => x.message);
    expect(w.some((m) => /1 zero undesirable output\(s\) replaced .*Q 2020 yb → 0.000001/.test(m))).toBe(true);
    // The methods text states the replacement (both languages).
    const spec = { models: [{ name: 'S', model: 'sbm', inputs: ['x'], outputs: ['yg'], undesirable: ['yb'], zeroUndesirable: 'replace' }], malmquist: [] };
    const writer = (zh: boolean) =>
      ({ zh, t: (a: string, b: string) => (zh ? a : b), cite: (...k: string[]) => `[${k.join(',')}]` }) as unknown as MethodsWriter;
    expect(JSON.stringify(efficiencyAnalysis.methods(spec, writer(false)))).toMatch(/Zero undesirable outputs are replaced by a small positive number.*10⁻⁶/);
    expect(JSON.stringify(efficiencyAnalysis.methods(spec, writer(true)))).toMatch(/为零的非期望产出按 Tone 的做法以极小正数替代/);
    expect(JSON.stringify(efficiencyAnalysis.methods({ ...spec, models: [{ ...spec.models[0], zeroUndesirable: 'refuse' }] }, writer(false)))).not.toMatch(
      /Zero undesirable/,
    );
    // 3 DMUs for 3 variables: the n ≥ 3(m + s) rule of thumb warns.
    expect(w.some((m) => /only 3 DMUs for 3 inputs and outputs: fewer than 3\(m \+ s\) = 9/.test(m))).toBe(true);
  });
});

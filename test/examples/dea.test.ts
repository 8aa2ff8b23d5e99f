/**
 * Acceptance (issue 17): the DEA examples write the reference values at full precision.
 * - examples/dea-coelli1998.yaml: CCR and BCC (input) — the published CCR scores to their printed digits, the exact
 *   fractions and BCC = 1 by hand, both (with the phase-2 slack sums) against lp_solve (dea_lpsolve.json).
 * - examples/dea-tone2001.yaml: SBM and super-SBM (crs) — the published values to their printed digits, the exact
 *   fractions, lp_solve; the fractional SBM objective at the written slacks equals the Charnes–Cooper LP score.
 * - examples/dea-tone2003.yaml: SBM (crs, vrs) and super-SBM (crs) with the undesirable output against lp_solve
 *   (test/reference/dea/dea_lpsolve.json), SBM crs A = 1/10 and B = 1/4 by hand; DDF (crs proportional, vrs
 *   outputs) against lp_solve (ddf_lpsolve.json).
 * - examples/dea-grifell-lovell1999.yaml: CCR scores, the output Malmquist index, ML (outputs direction: equal to
 *   it) and GML against the ratio formulas of dea_lpsolve.json (1 input, 1 output, crs: no LP); the global
 *   frontier's distance by hand: (1 + β_G) = max over all unit-periods of y/x divided by the unit's y/x.
 * - examples/cn-green-tfp.yaml (SYNTHETIC panel in the repo, 31 × 12): super-SBM with CO₂ and SO₂ (vrs, per year) and
 *   GML (crs) with EC and BPC against lp_solve (test/reference/dea/green_tfp_lpsolve.R); both are scores of the run:
 *   the inequality and density tables hold rows for them. Compared at 5e-9: lp_solve (no tolerance settings in R
 *   lpSolve) is off by up to ~2e-9 on these magnitudes, e.g. β = 2e-9 for a unit on the frontier (see the R script).
 * Otherwise 1e-9 relative (1e-12 absolute near 0).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AnalysisTable } from '../../src/analysis/context.js';
import { runProject, type RunProjectResult } from '../../src/app/run-project.js';
import { close, sharedAvailable, sharedDir } from '../helpers/shared.js';

const examples = resolve(import.meta.dirname, '../../examples');
const env = { ...process.env, NQPF_SHARED: sharedDir };
const ref = (f: string) => JSON.parse(readFileSync(resolve(import.meta.dirname, '../reference/dea', f), 'utf8'));
const LP = ref('dea_lpsolve.json');
const DDF = ref('ddf_lpsolve.json');

function rows(run: RunProjectResult, name: string): Record<string, unknown>[] {
  const t = run.analyses?.tables.find((x: AnalysisTable) => x.name === name);
  if (!t) throw new Error(`no table ${name}`);
  return t.rows.map((r) => Object.fromEntries(t.header.map((h, j) => [h, r[j]])));
}

function expectClose(got: unknown[], want: number[], rel = 1e-9) {
  expect(got.length).toBe(want.length);
  const bad = got.flatMap((g, i) => (close(Number(g), want[i], rel, 1e-12) ? [] : [`[${i}] ${g} vs ${want[i]}`]));
  expect(bad).toEqual([]);
}

/** Published values as printed (6 decimals): the run's score rounded to the printed digits equals them. */
function expectPrinted(got: unknown[], printed: number[]) {
  expect(got.map((g) => Number(Number(g).toFixed(6)))).toEqual(printed);
}

describe.skipIf(!sharedAvailable)('examples/dea-coelli1998.yaml', () => {
  let run: RunProjectResult;
  beforeAll(async () => {
    run = await runProject(resolve(examples, 'dea-coelli1998.yaml'), { env, dryRun: true });
  });
  it('CCR (input) is the published 0.5, 1, 0.833333, 0.714286, 1 (exact 1/2, 1, 5/6, 5/7, 1); BCC (input) 1 for every firm', () => {
    const sc = rows(run, 'efficiency_scores');
    const of = (m: string) => sc.filter((r) => r.model === m).map((r) => r.score);
    expect(sc.filter((r) => r.model === 'CCR_input').map((r) => r.unit)).toEqual(['DMU1', 'DMU2', 'DMU3', 'DMU4', 'DMU5']);
    expectPrinted(of('CCR_input'), [0.5, 1, 0.833333, 0.714286, 1]);
    expectClose(of('CCR_input'), [1 / 2, 1, 5 / 6, 5 / 7, 1]);
    // BCC by hand: θ·x_io ≥ Σλ_j x_ij ≥ min_j x_ij for every input (Σλ = 1), so θ ≥ max_i min_j x_ij / x_io = 1 for
    // DMU1, 2, 4, 5 (x1 = 2 is the least input 1 of the sample, x2 = 2 the least input 2); DMU3 has the largest output
    // (3), so Σλ = 1 with Yλ ≥ 3 forces λ3 = 1 and θ = 1. θ = 1 is attained by λ_o = 1.
    expectClose(of('BCC_input'), [1, 1, 1, 1, 1]);
    expectClose(of('CCR_input'), LP.coelli.crs_input.score);
    expectClose(of('BCC_input'), LP.coelli.vrs_input.score);
    // Phase 2 slacks (max Σ slacks at θ*) as lp_solve: CCR DMU1 1/2, BCC DMU1 2 (x2 5 → 4 and output 1 → 2 against DMU2).
    const tg = rows(run, 'efficiency_targets');
    for (const [model, key] of [
      ['CCR_input', 'crs_input'],
      ['BCC_input', 'vrs_input'],
    ] as const) {
      const sum = ['DMU1', 'DMU2', 'DMU3', 'DMU4', 'DMU5'].map((u) =>
        tg.filter((r) => r.model === model && r.unit === u).reduce((a, r) => a + Number(r.slack), 0),
      );
      expectClose(sum, LP.coelli[key].slacksum);
    }
  });
});

describe.skipIf(!sharedAvailable)('examples/dea-tone2001.yaml', () => {
  let run: RunProjectResult;
  beforeAll(async () => {
    run = await runProject(resolve(examples, 'dea-tone2001.yaml'), { env, dryRun: true });
  });
  it('SBM is the published 0.797980, 0.568182, 1, 0.666667, 1 (exact 79/99, 25/44, 1, 2/3, 1); super-SBM C 1.333333, E 1.454545 (4/3, 16/11)', () => {
    const sc = rows(run, 'efficiency_scores');
    const of = (m: string) => sc.filter((r) => r.model === m).map((r) => r.score);
    expect(sc.filter((r) => r.model === 'SBM_crs').map((r) => r.unit)).toEqual(['DMU_A', 'DMU_B', 'DMU_C', 'DMU_D', 'DMU_E']);
    expectPrinted(of('SBM_crs'), [0.79798, 0.568182, 1, 0.666667, 1]);
    expectClose(of('SBM_crs'), [79 / 99, 25 / 44, 1, 2 / 3, 1]);
    expectPrinted(of('superSBM_crs'), [0.79798, 0.568182, 1.333333, 0.666667, 1.454545]);
    expectClose(of('superSBM_crs'), [79 / 99, 25 / 44, 4 / 3, 2 / 3, 16 / 11]);
    expectClose(of('SBM_crs'), LP.tone2001.sbm_crs);
    expectClose(
      of('superSBM_crs').filter((_, j) => j === 2 || j === 4),
      [LP.tone2001.supersbm_crs[2], LP.tone2001.supersbm_crs[4]],
    );
  });
  it('second formulation: the fractional SBM objective at the written slacks equals the Charnes–Cooper LP score', () => {
    // ρ = (1 − (1/m) Σ s⁻ᵢ/xᵢ₀) / (1 + (1/s) Σ s⁺ᵣ/yᵣ₀), from efficiency_targets.csv (value = x₀ or y₀, slack).
    const tg = rows(run, 'efficiency_targets').filter((r) => r.model === 'SBM_crs');
    const sc = rows(run, 'efficiency_scores').filter((r) => r.model === 'SBM_crs');
    const frac = sc.map((r) => {
      const t = tg.filter((x) => x.unit === r.unit);
      const ins = t.filter((x) => x.kind === 'input');
      const outs = t.filter((x) => x.kind === 'output');
      const num = 1 - ins.reduce((a, x) => a + Number(x.slack) / Number(x.value), 0) / ins.length;
      const den = 1 + outs.reduce((a, x) => a + Number(x.slack) / Number(x.value), 0) / outs.length;
      return num / den;
    });
    expectClose(
      frac,
      sc.map((r) => Number(r.score)),
    );
    expectClose(frac, [79 / 99, 25 / 44, 1, 2 / 3, 1]);
  });
});

describe.skipIf(!sharedAvailable)('examples/dea-tone2003.yaml', () => {
  let run: RunProjectResult;
  beforeAll(async () => {
    run = await runProject(resolve(examples, 'dea-tone2003.yaml'), { env, dryRun: true });
  });
  it('SBM, super-SBM and DDF scores equal lp_solve; SBM crs A = 1/10, B = 1/4', () => {
    const sc = rows(run, 'efficiency_scores');
    const of = (m: string) => sc.filter((r) => r.model === m).map((r) => r.score);
    expectClose(of('SBM_crs'), LP.tone2003.sbm_crs);
    expectClose(of('SBM_vrs'), LP.tone2003.sbm_vrs);
    expectClose(
      of('superSBM_crs'),
      LP.tone2003.supersbm_crs.map((d: number, j: number) => (LP.tone2003.sbm_crs[j] < 1 - 1e-9 ? LP.tone2003.sbm_crs[j] : d)),
    );
    expectClose(of('DDF_crs'), DDF.tone2003.crs_proportional.beta);
    expectClose(of('DDF_vrs_outputs'), DDF.tone2003.vrs_outputs.beta);
    expectClose(of('SBM_crs').slice(0, 2), [1 / 10, 1 / 4]);
  });
});

describe.skipIf(!sharedAvailable)('examples/dea-grifell-lovell1999.yaml', () => {
  let run: RunProjectResult;
  beforeAll(async () => {
    run = await runProject(resolve(examples, 'dea-grifell-lovell1999.yaml'), { env, dryRun: true });
  });
  it('CCR scores per period, the Malmquist index, ML (= M) and GML equal the ratio formulas', () => {
    const [gl] = LP.grifell_lovell;
    const sc = rows(run, 'efficiency_scores');
    const ccr = (p: number) => sc.filter((r) => r.model === 'CCR' && r.period === p).map((r) => r.score);
    expectClose(ccr(1), gl.d_tt);
    expectClose(ccr(2), gl.d_t1_t1);
    // Sequential frontier: period 1 as contemporaneous; period 2 against both periods (y/x over max of both).
    expectClose(
      sc.filter((r) => r.model === 'CCR_sequential' && r.period === 2).map((r) => r.score),
      gl.d_t1_t1.map((d: number, j: number) => Math.min(d, gl.d_t_t1[j])),
    );
    const mq = rows(run, 'efficiency_malmquist');
    expectClose(
      mq.map((r) => r.mi),
      gl.mi,
    );
    const ml = rows(run, 'efficiency_ml');
    for (const name of ['ML', 'GML']) {
      const r = ml.filter((x) => x.model === name);
      expectClose(
        r.map((x) => x.ml),
        gl.mi,
      );
      expectClose(
        r.map((x) => x.ec),
        gl.ec,
      );
      expectClose(
        r.map((x) => x.tc),
        gl.tc,
      );
    }
    // Global frontier, 1 input 1 output, crs, outputs direction: 1 + β_G = (best y/x of the panel) / (y/x).
    const g = sc.filter((r) => r.model === 'DDF_global').map((r) => Number(r.score));
    const eff1 = gl.d_tt as number[];
    const eff2 = gl.d_t1_t1 as number[];
    // D_G = min(D^1, D^2 of the same point): the global frontier is the better of the two periods' frontiers.
    const dg = [...eff1.map((d, j) => Math.min(d, gl.d_t1_t[j])), ...eff2.map((d, j) => Math.min(d, gl.d_t_t1[j]))];
    expectClose(
      g,
      dg.map((d) => 1 / d - 1),
    );
  });
});

describe('examples/cn-green-tfp.yaml (synthetic data in the repository)', () => {
  const G = ref('green_tfp_lpsolve.json');
  let run: RunProjectResult;
  beforeAll(async () => {
    run = await runProject(resolve(examples, 'cn-green-tfp.yaml'), { env, dryRun: true });
  }, 300_000);
  it('GTFP (super-SBM, undesirable outputs, vrs) and GML with EC, BPC equal lp_solve; both feed inequality and density', () => {
    const key = (u: unknown, p: unknown) => `${u}|${p}`;
    const sc = new Map(rows(run, 'efficiency_scores').map((r) => [key(r.unit, r.period), r.score]));
    const want: number[] = [];
    const got: unknown[] = [];
    (G.years as number[]).forEach((y, t) =>
      (G.units as string[]).forEach((u, j) => {
        want.push(G.gtfp[t * G.units.length + j]);
        got.push(sc.get(key(u, y)));
      }),
    );
    expectClose(got, want, 5e-9);
    const ml = new Map(rows(run, 'efficiency_ml').map((r) => [key(r.unit, r.to), r]));
    for (const [col, refKey] of [
      ['ml', 'gml'],
      ['ec', 'ec'],
      ['tc', 'bpc'],
    ] as const) {
      const g: unknown[] = [];
      const w: number[] = [];
      (G.gml as Record<string, number[]>[]).forEach((st, k) =>
        (G.units as string[]).forEach((u, j) => {
          g.push(ml.get(key(u, G.years[k + 1]))?.[col]);
          w.push(st[refKey][j]);
        }),
      );
      expectClose(g, w, 5e-9);
    }
    const ineq = rows(run, 'inequality');
    expect(new Set(ineq.map((r) => r.score))).toEqual(new Set(['GTFP', 'GML']));
    expect(ineq.filter((r) => r.score === 'GTFP').length).toBe(12);
    expect(rows(run, 'density').some((r) => r.score === 'GTFP')).toBe(true);
  });
});

/**
 * The DEA kernels (src/lenses/dea: HiGHS LPs) against the worked examples of ../shared/data/dea:
 * - published values: Coelli, Rao & Battese (1998) CCR input-oriented 0.5, 1, 0.833333, 0.714286, 1; Tone (2001)
 *   SBM (CRS) A–E 0.797980, 0.568182, 1, 0.666667, 1; Tone (2002) super-SBM C 1.333333, E 1.454545 — exact
 *   fractions (79/99, 25/44, 2/3, 4/3, 16/11) derived by hand from the papers' LPs;
 * - every other number from an independent solver: test/reference/dea/dea_lpsolve.R writes the LPs itself and
 *   solves them with lp_solve (R lpSolve 5.6.18) → dea_lpsolve.json; Malmquist distance functions there are plain
 *   ratios (1 input, 1 output, CRS), no LP. Compared to 1e-9 relative.
 * - formulation checks: ρ recomputed from the returned slacks by the fractional SBM objective equals the
 *   Charnes–Cooper LP optimum; super-SBM δ = 1 exactly for SBM-inefficient DMUs; CCR multipliers satisfy
 *   v·x_o = 1 and u·y_o = θ (strong duality); projections are on the frontier (scored 1 again).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { NqpfError } from '../../src/core/errors.js';
import { loadSolver, solveLp, solverLoaded, solverVersion } from '../../src/lenses/dea/lp.js';
import { malmquist } from '../../src/lenses/dea/malmquist.js';
import { bcc, ccr, type DeaData, radial, sbm, superSbm } from '../../src/lenses/dea/models.js';
import { close, parseCsvSimple, sharedAvailable, sharedPath } from '../helpers/shared.js';

const REF = JSON.parse(readFileSync(resolve(import.meta.dirname, '../reference/dea/dea_lpsolve.json'), 'utf8'));

function readDea(file: string, dmu: string, inputs: string[], outputs: string[], bad: string[] = []): DeaData & { rows: string[][] } {
  const [head, ...rows] = parseCsvSimple(readFileSync(sharedPath('data/dea', file), 'utf8')).filter((r) => r.length > 1);
  const col = (name: string) => head.indexOf(name);
  const mat = (names: string[]) => Float64Array.from(rows.flatMap((r) => names.map((c) => Number(r[col(c)]))));
  return {
    rows,
    n: rows.length,
    dmus: rows.map((r) => r[col(dmu)]),
    x: mat(inputs),
    m: inputs.length,
    y: mat(outputs),
    s: outputs.length,
    inputs,
    outputs,
    ...(bad.length ? { yb: mat(bad), sb: bad.length, undesirable: bad } : {}),
  };
}

function expectClose(got: ArrayLike<number>, want: readonly number[], rel = 1e-9) {
  expect(got.length).toBe(want.length);
  const bad = Array.from(got).flatMap((g, i) => (close(g, want[i], rel, 1e-12) ? [] : [`[${i}] ${g} vs ${want[i]}`]));
  expect(bad).toEqual([]);
}

const S = sharedAvailable ? describe : describe.skip;

beforeAll(async () => {
  await loadSolver();
});

describe('lp: HiGHS loads once and solves synchronously', () => {
  it('loadSolver is idempotent; a small LP solves to its vertex; infeasible is a status', async () => {
    await loadSolver();
    expect(solverLoaded()).toBe(true);
    expect(solverVersion()).toMatch(/^1\.15\./);
    // max 30a + 50b s.t. a + 2b ≤ 40, 2a + b ≤ 50 → (20, 10), 1100; duals 70/3, 10/3.
    const lp = {
      sense: 'max' as const,
      numCols: 2,
      numRows: 2,
      cost: Float64Array.of(30, 50),
      colLower: Float64Array.of(0, 0),
      colUpper: Float64Array.of(Infinity, Infinity),
      A: Float64Array.of(1, 2, 2, 1),
      rowLower: Float64Array.of(-Infinity, -Infinity),
      rowUpper: Float64Array.of(40, 50),
    };
    const r = solveLp(lp);
    expect(r.status).toBe('optimal');
    expectClose([r.objective, ...r.x, ...r.rowDual], [1100, 20, 10, 70 / 3, 10 / 3], 1e-12);
    const inf = solveLp({ ...lp, rowLower: Float64Array.of(101, -Infinity), rowUpper: Float64Array.of(Infinity, 50) });
    expect(inf.status).toBe('infeasible');
    expect(inf.objective).toBeNaN();
  });
});

S('CCR / BCC — Coelli, Rao & Battese (1998)', () => {
  const d = () => readDea('Coelli_1998.csv', 'dmus', ['input1', 'input2'], ['output']);

  it('ccr(input) gives the published scores 0.5, 1, 0.833333, 0.714286, 1 (exact 1/2, 1, 5/6, 5/7, 1)', () => {
    const r = ccr(d(), 'input');
    expectClose(r.score, [0.5, 1, 5 / 6, 5 / 7, 1], 1e-12);
    expect(r.status.every((s) => s === 'optimal')).toBe(true);
    // DMU1: θ = 1/2 projects (1, 2.5) onto DMU2's ray (λ₂ = 1/2 → (1, 2)): input-2 slack 0.5 (phase 2).
    expectClose([r.lambda[1], r.slackIn[0], r.slackIn[1], r.targetIn[0], r.targetIn[1]], [0.5, 0, 0.5, 1, 2], 1e-12);
  });

  it('every CCR/BCC score and max slack sum (input, output) equals lp_solve', () => {
    const data = d();
    for (const rts of ['crs', 'vrs'] as const)
      for (const orientation of ['input', 'output'] as const) {
        const r = radial(data, { rts, orientation });
        const ref = REF.coelli[`${rts}_${orientation}`];
        expectClose(r.score, ref.score);
        const sums = Array.from({ length: data.n }, (_, o) => [0, 1].reduce((a, i) => a + r.slackIn[o * 2 + i], 0) + r.slackOut[o]);
        expectClose(sums, ref.slacksum);
        expectClose(
          r.efficiency,
          ref.score.map((v: number) => (orientation === 'input' ? v : 1 / v)),
        );
      }
    expect(bcc(data).model).toBe('bcc');
  });

  it('multipliers from the duals satisfy v·x_o = 1, u·y_o + u₀ = θ (input) and u·y_o = 1, v·x_o + v₀ = φ (output); targets score 1 again', () => {
    const data = d();
    for (const rts of ['crs', 'vrs'] as const) {
      const r = radial(data, { rts, orientation: 'input' });
      for (let o = 0; o < data.n; o++) {
        const vx = (r.weightIn?.[o * 2] ?? NaN) * data.x[o * 2] + (r.weightIn?.[o * 2 + 1] ?? NaN) * data.x[o * 2 + 1];
        const uy = (r.weightOut?.[o] ?? NaN) * data.y[o] + (r.weightFree?.[o] ?? NaN);
        expect(close(vx, 1, 1e-9)).toBe(true);
        expect(close(uy, r.score[o], 1e-9)).toBe(true);
        expect(r.weightIn?.[o * 2]).toBeGreaterThanOrEqual(-1e-12);
      }
      const proj = radial({ ...data, x: r.targetIn, y: r.targetOut }, { rts, orientation: 'input', reference: data });
      expectClose(proj.score, new Array(data.n).fill(1));
      const ro = radial(data, { rts, orientation: 'output' });
      for (let o = 0; o < data.n; o++) {
        const uy = (ro.weightOut?.[o] ?? NaN) * data.y[o];
        const vx = (ro.weightIn?.[o * 2] ?? NaN) * data.x[o * 2] + (ro.weightIn?.[o * 2 + 1] ?? NaN) * data.x[o * 2 + 1] + (ro.weightFree?.[o] ?? NaN);
        expect(close(uy, 1, 1e-9)).toBe(true);
        expect(close(vx, ro.score[o], 1e-9)).toBe(true);
      }
    }
  });

  it('power plants (4 inputs, 2 outputs): radial scores equal lp_solve', () => {
    const data = readDea('Power_plants.csv', 'DMU', ['X1', 'X2', 'X3', 'X4'], ['Y1', 'Y2']);
    for (const rts of ['crs', 'vrs'] as const)
      for (const orientation of ['input', 'output'] as const) expectClose(radial(data, { rts, orientation }).score, REF.power[`${rts}_${orientation}`].score);
  });
});

/** ρ from the fractional SBM objective with the returned slacks. */
function fractional(d: DeaData, r: ReturnType<typeof sbm>, o: number): number {
  const sb = d.sb ?? 0;
  let num = 0;
  for (let i = 0; i < d.m; i++) num += r.slackIn[o * d.m + i] / d.x[o * d.m + i];
  let den = 0;
  for (let k = 0; k < d.s; k++) den += r.slackOut[o * d.s + k] / d.y[o * d.s + k];
  for (let k = 0; k < sb; k++) den += r.slackBad[o * sb + k] / (d.yb as Float64Array)[o * sb + k];
  return (1 - num / d.m) / (1 + den / (d.s + sb));
}

S('SBM and super-SBM — Tone (2001, 2002)', () => {
  const d = () => readDea('Tone2001.csv', 'DMU', ['Input1', 'Input2'], ['Output1', 'Output2']);

  it('sbm(crs) gives the published 0.797980, 0.568182, 1, 0.666667, 1 (exact 79/99, 25/44, 1, 2/3, 1)', () => {
    expectClose(sbm(d(), { rts: 'crs' }).score, [79 / 99, 25 / 44, 1, 2 / 3, 1], 1e-12);
  });

  it('superSbm(crs) gives the published C 1.333333 and E 1.454545 (exact 4/3, 16/11); δ = 1 exactly for inefficient A, B, D', () => {
    const r = superSbm(d(), { rts: 'crs' });
    expectClose(r.score, [79 / 99, 25 / 44, 4 / 3, 2 / 3, 16 / 11], 1e-12);
    // Default: super LPs (warm-started) for the SBM-efficient DMUs only; superForAll: every DMU, cold, δ = 1 exactly.
    expect(Array.from(r.superScore ?? []).map((v) => Number.isNaN(v))).toEqual([true, true, false, true, false]);
    const all = superSbm(d(), { rts: 'crs', superForAll: true });
    expectClose(all.superScore ?? [], [1, 1, 4 / 3, 1, 16 / 11], 1e-12);
    for (const o of [0, 1, 3]) expect(all.superScore?.[o]).toBe(1);
    expectClose(all.score, Array.from(r.score), 1e-12);
    expect(r.model).toBe('super-sbm');
  });

  it('SBM and super-SBM, crs and vrs, equal lp_solve (Tone 2001 and the power plants)', () => {
    const power = readDea('Power_plants.csv', 'DMU', ['X1', 'X2', 'X3', 'X4'], ['Y1', 'Y2']);
    for (const [data, ref] of [
      [d(), REF.tone2001],
      [power, REF.power],
    ] as const)
      for (const rts of ['crs', 'vrs'] as const) {
        expectClose(sbm(data, { rts }).score, ref[`sbm_${rts}`]);
        expectClose(superSbm(data, { rts, superForAll: true }).superScore ?? [], ref[`supersbm_${rts}`]);
      }
  });

  it('the Charnes–Cooper optimum equals the fractional objective at its slacks; targets are SBM-efficient', () => {
    const data = d();
    for (const rts of ['crs', 'vrs'] as const) {
      const r = sbm(data, { rts });
      for (let o = 0; o < data.n; o++) expect(close(fractional(data, r, o), r.score[o], 1e-12)).toBe(true);
      // The projection (x − s⁻, y + s⁺) scored against the original technology plus itself is efficient.
      for (let o = 0; o < data.n; o++) {
        const tx = Float64Array.from({ length: data.m }, (_, i) => r.targetIn[o * data.m + i]);
        const ty = Float64Array.from({ length: data.s }, (_, k) => r.targetOut[o * data.s + k]);
        const aug: DeaData = { ...data, n: data.n + 1, x: Float64Array.of(...data.x, ...tx), y: Float64Array.of(...data.y, ...ty), dmus: undefined };
        expect(close(sbm(aug, { rts }).score[data.n], 1, 1e-9)).toBe(true);
      }
    }
  });
});

S('SBM with undesirable outputs — Tone (2003)', () => {
  const d = () => readDea('Tone2003.csv', 'DMU', ['x'], ['yg'], ['yb']);

  it('sbm with yb (Tone 2003 form) equals lp_solve, crs and vrs; the fractional objective matches', () => {
    const data = d();
    for (const rts of ['crs', 'vrs'] as const) {
      const r = sbm(data, { rts });
      expectClose(r.score, REF.tone2003[`sbm_${rts}`]);
      for (let o = 0; o < data.n; o++) expect(close(fractional(data, r, o), r.score[o], 1e-12)).toBe(true);
      expect(r.undesirable).toBe(true);
      // targets: bad outputs fall, good rise
      for (let o = 0; o < data.n; o++) expect(r.targetBad[o]).toBeLessThanOrEqual(data.yb?.[o] ?? NaN);
    }
  });

  it('hand values (crs): A = 1/10 and B = 1/4; C, D, E efficient', () => {
    // All x = 1. Against D (yg 8, yb 4) with weight λ: s⁻ = 1 − λ, sᵍ = 8λ − yg ≥ 0, sᵇ = yb − 4λ ≥ 0, so
    // ρ_A = λ / (1 + ½(8λ − 1 + 1 − 4λ)) = λ / (1 + 2λ), least at λ = 1/8: 1/10 (E, λ = 1/9, gives λ/(1+λ) = 1/10 too;
    // C gives λ/(1+2λ) at λ = 1/6: 1/8). ρ_B = λ / (1 + ½((8λ − 2)/2 + 1 − 4λ)) = λ at λ = 1/4.
    const r = sbm(d(), { rts: 'crs' });
    expectClose([r.score[0], r.score[1], r.score[2], r.score[3], r.score[4]], [0.1, 0.25, 1, 1, 1], 1e-12);
  });

  it('super-SBM with undesirable outputs equals lp_solve (crs, vrs); δ = 1 for the inefficient DMUs', () => {
    const data = d();
    for (const rts of ['crs', 'vrs'] as const) {
      const r = superSbm(data, { rts, superForAll: true });
      expectClose(r.superScore ?? [], REF.tone2003[`supersbm_${rts}`]);
      expectClose(superSbm(data, { rts }).score, Array.from(r.score));
      const s = sbm(data, { rts });
      for (let o = 0; o < data.n; o++) if (s.score[o] < 1 - 1e-9) expect(r.superScore?.[o]).toBe(1);
    }
  });
});

S('Malmquist (CCR) — Grifell-Tatjé & Lovell (1999)', () => {
  it('distance functions, EC, TC and M equal the ratio formulas (1 input, 1 output, crs), both orientations', () => {
    const [head, ...rows] = parseCsvSimple(readFileSync(sharedPath('data/dea/Grifell_Lovell_1999.csv'), 'utf8')).filter((r) => r.length > 1);
    const c = (k: string) => head.indexOf(k);
    const years = [...new Set(rows.map((r) => r[c('Year')]))];
    const periods = years.map((yr) => {
      const rs = rows.filter((r) => r[c('Year')] === yr);
      return {
        n: rs.length,
        m: 1,
        s: 1,
        x: Float64Array.from(rs, (r) => Number(r[c('X')])),
        y: Float64Array.from(rs, (r) => Number(r[c('Y')])),
        dmus: rs.map((r) => r[c('DMU')]),
      };
    });
    for (const orientation of ['input', 'output'] as const) {
      const steps = malmquist(periods, { orientation });
      expect(steps.length).toBe(REF.grifell_lovell.length);
      steps.forEach((st, k) => {
        const ref = REF.grifell_lovell[k];
        expectClose(st.dTT, ref.d_tt);
        expectClose(st.dTT1, ref.d_t_t1);
        expectClose(st.dT1T, ref.d_t1_t);
        expectClose(st.dT1T1, ref.d_t1_t1);
        expectClose(st.ec, ref.ec);
        expectClose(st.tc, ref.tc);
        expectClose(st.mi, ref.mi);
        expect(st.status.every((s) => s === 'optimal')).toBe(true);
      });
    }
  });
});

describe('bad input fails with a located E_DEA_* error', () => {
  const base: DeaData = {
    n: 3,
    m: 1,
    s: 1,
    x: Float64Array.of(1, 2, 3),
    y: Float64Array.of(1, 1, 2),
    dmus: ['a', 'b', 'c'],
    inputs: ['labour'],
    outputs: ['gdp'],
  };
  const code = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      return e instanceof NqpfError ? [e.code, e.message, e.location?.column, e.hint ? 'hint' : ''] : ['other', String(e)];
    }
    return ['no error'];
  };
  it('missing, negative, zero (SBM) and all-zero (radial) data name the DMU and the variable', () => {
    expect(code(() => ccr({ ...base, x: Float64Array.of(1, NaN, 3) }))).toEqual([
      'E_DEA_DATA',
      expect.stringMatching(/input "labour" of DMU "b" is missing/),
      'labour',
      'hint',
    ]);
    expect(code(() => ccr({ ...base, y: Float64Array.of(1, -1, 3) }))[0]).toBe('E_DEA_DATA');
    expect(code(() => sbm({ ...base, x: Float64Array.of(1, 0, 3) }, { rts: 'crs' }))).toEqual([
      'E_DEA_DATA',
      expect.stringMatching(/DMU "b" is 0/),
      'labour',
      'hint',
    ]);
    expect(code(() => ccr({ ...base, y: Float64Array.of(1, 0, 3) }))).toEqual([
      'E_DEA_DATA',
      expect.stringMatching(/DMU "b" has all its outputs zero/),
      undefined,
      'hint',
    ]);
  });
  it('undesirable outputs in CCR, no outputs, one DMU for super-SBM are E_DEA_SPEC; few DMUs warn', () => {
    expect(code(() => ccr({ ...base, yb: Float64Array.of(1, 1, 1), sb: 1 }))[0]).toBe('E_DEA_SPEC');
    expect(code(() => ccr({ ...base, s: 0, y: new Float64Array(0) }))[0]).toBe('E_DEA_SPEC');
    expect(code(() => superSbm({ ...base, n: 1, x: Float64Array.of(1), y: Float64Array.of(1) }, { rts: 'crs' }))[0]).toBe('E_DEA_SPEC');
    expect(ccr(base).warnings.map((w) => w.code)).toEqual(['E_DEA_DATA']);
  });
  it('a cross-period VRS LP that is infeasible is reported as such, not a silent NaN', () => {
    // Output-oriented BCC: DMU with input 0.5 below every reference input has no feasible λ (Σλ = 1, Xλ ≤ x_o).
    const r = radial({ ...base, n: 1, x: Float64Array.of(0.5), y: Float64Array.of(1), dmus: ['z'] }, { rts: 'vrs', orientation: 'output', reference: base });
    expect(r.status).toEqual(['infeasible']);
    expect(r.score[0]).toBeNaN();
  });
});

S('analyses.efficiency descriptor (src/lenses/efficiency)', () => {
  it('CCR per period and global, slacks/targets table, Malmquist: the tables hold the reference values', async () => {
    const { efficiencyAnalysis, EFFICIENCY_MALMQUIST, EFFICIENCY_SCORES, EFFICIENCY_TARGETS } = await import('../../src/lenses/efficiency/analysis.js');
    const { EfficiencySpec } = await import('../../src/lenses/efficiency/spec.js');
    const [head, ...rows] = parseCsvSimple(readFileSync(sharedPath('data/dea/Grifell_Lovell_1999.csv'), 'utf8')).filter((r) => r.length > 1);
    const c = (k: string) => head.indexOf(k);
    const units = [...new Set(rows.map((r) => r[c('DMU')]))];
    const periods = [...new Set(rows.map((r) => r[c('Year')]))];
    const col = (k: string) => {
      const v = new Float64Array(units.length * periods.length);
      for (const r of rows) v[periods.indexOf(r[c('Year')]) * units.length + units.indexOf(r[c('DMU')])] = Number(r[c(k)]);
      return v;
    };
    const panel = (values: Map<string, Float64Array>) => ({
      units,
      periods,
      periodValues: periods.map(Number),
      hasPeriod: true,
      indicators: [...values.keys()],
      values,
      attributes: new Map(),
    });
    const warnings: unknown[] = [];
    const ctx = {
      result: { framework: { indicators: [] } },
      spec: {},
      scores: panel(new Map()),
      data: panel(
        new Map([
          ['X', col('X')],
          ['Y', col('Y')],
        ]),
      ),
      seed: 1,
      warn: (w: unknown) => warnings.push(w),
    } as unknown as Parameters<typeof efficiencyAnalysis.run>[0];
    const spec = EfficiencySpec.parse({
      models: [
        { name: 'ccr', model: 'ccr', inputs: ['X'], outputs: ['Y'] },
        { name: 'ccr_global', model: 'ccr', inputs: ['X'], outputs: ['Y'], frontier: 'global' },
      ],
      malmquist: [{ name: 'mq', inputs: ['X'], outputs: ['Y'] }],
    });
    expect(efficiencyAnalysis.check?.(spec, { scores: [], indicators: [], data: ['X', 'Y'] })).toEqual([]);
    expect(efficiencyAnalysis.check?.(spec, { scores: [], indicators: [], data: ['X', 'Yy'] }).map((p) => p.location?.path)).toEqual([
      'analyses.efficiency.models.0.outputs.0',
      'analyses.efficiency.models.1.outputs.0',
      'analyses.efficiency.malmquist.0.outputs.0',
    ]);
    const tables = efficiencyAnalysis.run(ctx, spec);
    const get = (name: string) => {
      const t = tables.find((x) => x.name === name);
      if (!t) throw new Error(`no table ${name}`);
      return t;
    };
    const sc = EFFICIENCY_SCORES.read(get('efficiency_scores')).rows;
    const ref = REF.grifell_lovell[0];
    const byPeriod = (m: string, p: number) => sc.filter((r) => r.model === m && r.period === p).map((r) => Number(r.score));
    expectClose(byPeriod('ccr', 1), ref.d_tt);
    expectClose(byPeriod('ccr', 2), ref.d_t1_t1);
    // Global CRS frontier, 1 input 1 output: (y/x) / max over all unit-periods of y/x — by hand.
    const X = col('X');
    const Y = col('Y');
    const best = Math.max(...Array.from(X, (x, k) => Y[k] / x));
    expectClose(
      byPeriod('ccr_global', 1).concat(byPeriod('ccr_global', 2)),
      Array.from(X, (x, k) => Y[k] / x / best),
    );
    const tg = EFFICIENCY_TARGETS.read(get('efficiency_targets')).rows.filter((r) => r.model === 'ccr' && r.period === 1 && r.kind === 'input');
    expectClose(
      tg.map((r) => Number(r.target)),
      ref.d_tt.map((d: number, j: number) => d * X[j]),
    );
    const mq = EFFICIENCY_MALMQUIST.read(get('efficiency_malmquist')).rows;
    expectClose(
      mq.map((r) => Number(r.mi)),
      ref.mi,
    );
    expectClose(
      mq.map((r) => Number(r.ec)),
      ref.ec,
    );
    expect(mq.every((r) => r.status === 'optimal')).toBe(true);
  });
});

/**
 * Directional distance function, Malmquist–Luenberger and global Malmquist–Luenberger (src/lenses/dea/ddf.ts,
 * luenberger.ts, frontier.ts) against independent references:
 * - test/reference/dea/ddf_lpsolve.R writes every LP itself (inequality form, β = β⁺ − β⁻) and solves it with
 *   lp_solve (R lpSolve 5.6.18) → ddf_lpsolve.json: DDF β* and the second-phase slack sum on Tone (2003) and the
 *   power plants (../shared/data/dea), crs/vrs × proportional/outputs; ML (contemporaneous, sequential, window 2),
 *   GML and static DDF on every frontier for a seeded 6 × 4 panel with one bad output, including the
 *   cross-period LPs lp_solve finds infeasible. Compared to 1e-9 relative (1e-12 absolute near 0).
 * - by hand: Tone (2003) DMU A β* = 1/2 and B β* = 1/5 (crs, proportional: C is the peer); on Grifell-Tatjé &
 *   Lovell (1999) (1 input, 1 output, crs) the outputs-direction DDF is 1/D_o − 1 of the Shephard output distance
 *   function and ML equals the output-oriented Malmquist index, EC and TC (dea_lpsolve.json, ratio formulas).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ddf } from '../../src/lenses/dea/ddf.js';
import { frontierPeriods, pool } from '../../src/lenses/dea/frontier.js';
import { loadSolver } from '../../src/lenses/dea/lp.js';
import { globalMalmquistLuenberger, malmquistLuenberger } from '../../src/lenses/dea/luenberger.js';
import type { DeaData } from '../../src/lenses/dea/models.js';
import { close, parseCsvSimple, sharedAvailable, sharedPath } from '../helpers/shared.js';

const REF = JSON.parse(readFileSync(resolve(import.meta.dirname, '../reference/dea/ddf_lpsolve.json'), 'utf8'));
const MQ = JSON.parse(readFileSync(resolve(import.meta.dirname, '../reference/dea/dea_lpsolve.json'), 'utf8')).grifell_lovell;

/** null in the reference (lp_solve infeasible, or NaN) must be NaN here; numbers agree to `rel`. */
function expectClose(got: ArrayLike<number>, want: readonly (number | null)[], rel = 1e-9, abs = 1e-12) {
  expect(got.length).toBe(want.length);
  const bad = Array.from(got).flatMap((g, i) => {
    const w = want[i];
    if (w === null) return Number.isNaN(g) ? [] : [`[${i}] ${g} vs empty`];
    return close(g, w, rel, abs) ? [] : [`[${i}] ${g} vs ${w}`];
  });
  expect(bad).toEqual([]);
}

function readDea(file: string, inputs: string[], outputs: string[], bad: string[] = []): DeaData {
  const [head, ...rows] = parseCsvSimple(readFileSync(sharedPath('data/dea', file), 'utf8')).filter((r) => r.length > 1);
  const mat = (names: string[]) => Float64Array.from(rows.flatMap((r) => names.map((c) => Number(r[head.indexOf(c)]))));
  return {
    n: rows.length,
    x: mat(inputs),
    m: inputs.length,
    y: mat(outputs),
    s: outputs.length,
    ...(bad.length ? { yb: mat(bad), sb: bad.length } : {}),
  };
}

const CONFIGS = [
  ['crs', 'proportional'],
  ['crs', 'outputs'],
  ['vrs', 'proportional'],
  ['vrs', 'outputs'],
] as const;

/** The reference panel, one DeaData per period (x1, x2 → y, bad b). */
const PANEL: DeaData[] = (() => {
  const rows = REF.panel.data as { period: number; dmu: string; x1: number; x2: number; y: number; b: number }[];
  const periods = [...new Set(rows.map((r) => r.period))];
  return periods.map((p) => {
    const rs = rows.filter((r) => r.period === p);
    return {
      n: rs.length,
      x: Float64Array.from(rs.flatMap((r) => [r.x1, r.x2])),
      m: 2,
      y: Float64Array.from(rs, (r) => r.y),
      s: 1,
      yb: Float64Array.from(rs, (r) => r.b),
      sb: 1,
      dmus: rs.map((r) => r.dmu),
    };
  });
})();

const S = sharedAvailable ? describe : describe.skip;

beforeAll(async () => {
  await loadSolver();
});

S('DDF on the literature data sets (../shared/data/dea)', () => {
  it('Tone (2003), one bad output (weak disposability): β* and slack sums equal lp_solve; A = 1/2, B = 1/5 by hand', () => {
    const d = readDea('Tone2003.csv', ['x'], ['yg'], ['yb']);
    for (const [rts, direction] of CONFIGS) {
      const r = ddf(d, { rts, direction });
      const ref = REF.tone2003[`${rts}_${direction}`];
      expectClose(r.score, ref.beta);
      expectClose(
        Array.from({ length: d.n }, (_, o) => r.slackIn[o] + r.slackOut[o]),
        ref.slacksum,
      );
      expect(r.status.every((s) => s === 'optimal')).toBe(true);
      // Targets: x̂ = Xλ, ŷ = Yλ, b̂ = Bλ (the projection is a point of the technology).
      for (let o = 0; o < d.n; o++) {
        const lam = r.lambda.subarray(o * d.n, (o + 1) * d.n);
        const dot = (v: Float64Array) => lam.reduce((a, l, j) => a + l * v[j], 0);
        expectClose([r.targetIn[o], r.targetOut[o], r.targetBad[o]], [dot(d.x), dot(d.y), dot(d.yb as Float64Array)]);
        expectClose([r.efficiency[o]], [1 / (1 + ref.beta[o])]);
      }
    }
    expectClose(ddf(d, { rts: 'crs' }).score.subarray(0, 2), [1 / 2, 1 / 5], 1e-12);
  });

  it('power plants (4 inputs, 2 outputs, no bad output): β* and slack sums equal lp_solve', () => {
    const d = readDea('Power_plants.csv', ['X1', 'X2', 'X3', 'X4'], ['Y1', 'Y2']);
    for (const [rts, direction] of CONFIGS) {
      const r = ddf(d, { rts, direction });
      const ref = REF.power[`${rts}_${direction}`];
      expectClose(r.score, ref.beta);
      expectClose(
        Array.from({ length: d.n }, (_, o) => [0, 1, 2, 3].reduce((a, i) => a + r.slackIn[o * 4 + i], 0) + r.slackOut[o * 2] + r.slackOut[o * 2 + 1]),
        ref.slacksum,
        1e-9,
        1e-9, // R forms the slack sum as a difference of sums of inputs up to 1000: ~1e-12 of cancellation in the zeros
      );
    }
  });

  it('Grifell-Tatjé & Lovell (1999): outputs-direction DDF = 1/D_o − 1 and ML = the output Malmquist index (crs)', () => {
    const [head, ...rows] = parseCsvSimple(readFileSync(sharedPath('data/dea/Grifell_Lovell_1999.csv'), 'utf8')).filter((r) => r.length > 1);
    const c = (k: string) => head.indexOf(k);
    const years = [...new Set(rows.map((r) => r[c('Year')]))];
    const periods = years.map((yr) => {
      const rs = rows.filter((r) => r[c('Year')] === yr);
      return { n: rs.length, m: 1, s: 1, x: Float64Array.from(rs, (r) => Number(r[c('X')])), y: Float64Array.from(rs, (r) => Number(r[c('Y')])) };
    });
    const steps = malmquistLuenberger(periods, { rts: 'crs', direction: 'outputs' });
    steps.forEach((st, k) => {
      const ref = MQ[k];
      expectClose(
        st.dTT,
        ref.d_tt.map((d: number) => 1 / d - 1),
      );
      expectClose(
        st.dTT1,
        ref.d_t_t1.map((d: number) => 1 / d - 1),
      );
      expectClose(st.index, ref.mi);
      expectClose(st.ec, ref.ec);
      expectClose(st.tc, ref.tc);
      expect(st.note.every((s) => s === '')).toBe(true);
    });
  });
});

describe('Malmquist–Luenberger and GML on a seeded panel with a bad output (lp_solve reference)', () => {
  for (const [rts, direction] of CONFIGS) {
    const ref = REF.panel[`${rts}_${direction}`];
    for (const frontier of ['contemporaneous', 'sequential', 'window'] as const) {
      it(`ML ${rts}, ${direction}, ${frontier} frontier: D, EC, TC, ML equal lp_solve; infeasible cross-period LPs are reported`, () => {
        const steps = malmquistLuenberger(PANEL, { rts, direction, frontier, window: 2 });
        steps.forEach((st, k) => {
          const r = ref.ml[frontier][k];
          expectClose(st.dTT, r.d_tt);
          expectClose(st.dTT1, r.d_t_t1);
          expectClose(st.dT1T, r.d_t1_t);
          expectClose(st.dT1T1, r.d_t1_t1);
          // lp_solve status 2 = infeasible; EC needs only the own-period LPs, TC and ML all four.
          expect(st.status).toEqual(r.status.map((s: number) => (s === 2 ? 'infeasible' : 'optimal')));
          // A cross-period β* ≤ −1 (1 + β* ≤ 0) leaves ML and TC empty by design, where R still forms the ratios.
          const undefinedAt = r.d_t_t1.map((d: number | null, j: number) => (d !== null && 1 + d <= 0) || (r.d_t1_t[j] !== null && 1 + r.d_t1_t[j] <= 0));
          expectClose(
            st.index,
            r.ml.map((v: number | null, j: number) => (undefinedAt[j] ? null : v)),
          );
          expectClose(
            st.tc,
            r.tc.map((v: number | null, j: number) => (undefinedAt[j] ? null : v)),
          );
          undefinedAt.forEach((u: boolean, j: number) => {
            if (u && st.status[j] === 'optimal') expect(st.note[j]).toMatch(/≤ 0: the index and TC of this step are undefined/);
          });
          expectClose(st.ec, r.ec);
          st.index.forEach((v, j) => {
            expect(Number.isNaN(v) === (st.note[j] !== '')).toBe(true);
            if (st.status[j] === 'infeasible') expect(st.note[j]).toMatch(/infeasible \(data of period \d\): the index of this step is left empty/);
          });
          // Cumulative: the running product of the steps so far.
          const prev = k ? steps[k - 1].cumulative : new Float64Array(PANEL[0].n).fill(1);
          expectClose(
            st.cumulative,
            Array.from(st.index, (v, j) => (Number.isNaN(v * prev[j]) ? null : v * prev[j])),
            1e-14,
          );
        });
      });
    }
    it(`GML ${rts}, ${direction}: D^G, EC, BPC, GML equal lp_solve; never infeasible; GML = EC × BPC`, () => {
      const steps = globalMalmquistLuenberger(PANEL, { rts, direction });
      steps.forEach((st, k) => {
        const r = ref.gml[k];
        expectClose(st.dGT, r.d_g_t);
        expectClose(st.dGT1, r.d_g_t1);
        expectClose(st.dTT, r.d_tt);
        expectClose(st.dT1T1, r.d_t1_t1);
        expectClose(st.ec, r.ec);
        expectClose(st.tc, r.tc);
        expectClose(st.index, r.gml);
        expect(st.status.every((s) => s === 'optimal')).toBe(true);
        expectClose(
          st.index,
          Array.from(st.ec, (e, j) => e * st.tc[j]),
          1e-12,
        );
      });
    });
    it(`static DDF ${rts}, ${direction} on contemporaneous, sequential, window (2) and global frontiers equals lp_solve`, () => {
      for (const frontier of ['contemporaneous', 'sequential', 'window', 'global'] as const) {
        const got = PANEL.flatMap((p, t) => {
          const ks = frontierPeriods(t, PANEL.length, frontier, 2);
          return Array.from(ddf(p, { rts, direction, reference: pool(ks.map((k) => PANEL[k])).data }).score);
        });
        expectClose(got, ref.static[frontier]);
      }
    });
  }
  it('frontier periods: contemporaneous t, sequential 0…t, trailing window, global; a bad window width is E_DEA_SPEC', () => {
    expect([0, 1, 2, 3].map((t) => frontierPeriods(t, 4, 'contemporaneous'))).toEqual([[0], [1], [2], [3]]);
    expect([0, 1, 2, 3].map((t) => frontierPeriods(t, 4, 'sequential'))).toEqual([[0], [0, 1], [0, 1, 2], [0, 1, 2, 3]]);
    expect([0, 1, 2, 3].map((t) => frontierPeriods(t, 4, 'window', 2))).toEqual([[0], [0, 1], [1, 2], [2, 3]]);
    expect(frontierPeriods(1, 4, 'global')).toEqual([0, 1, 2, 3]);
    expect(() => frontierPeriods(1, 4, 'window', 0, 'analyses.efficiency.models.0')).toThrow(/window width/);
  });
});

describe('analyses.efficiency with ddf, frontiers, ML and GML (descriptor; lp_solve reference panel)', () => {
  it('scores on sequential, window and global frontiers, ML with infeasible steps noted, GML: the tables hold the reference values', async () => {
    const { efficiencyAnalysis, EFFICIENCY_ML, EFFICIENCY_SCORES, EFFICIENCY_TARGETS } = await import('../../src/lenses/efficiency/analysis.js');
    const { EfficiencySpec } = await import('../../src/lenses/efficiency/spec.js');
    const rows = REF.panel.data as Record<string, number | string>[];
    const units = [...new Set(rows.map((r) => String(r.dmu)))];
    const periods = [...new Set(rows.map((r) => String(r.period)))];
    const col = (k: string) => {
      const v = new Float64Array(units.length * periods.length);
      for (const r of rows) v[periods.indexOf(String(r.period)) * units.length + units.indexOf(String(r.dmu))] = Number(r[k]);
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
    const warnings: { code: string; message: string }[] = [];
    const ctx = {
      result: { framework: { indicators: [] } },
      spec: {},
      scores: panel(new Map()),
      data: panel(new Map(['x1', 'x2', 'y', 'b'].map((k) => [k, col(k)]))),
      seed: 1,
      warn: (w: { code: string; message: string }) => warnings.push(w),
    } as unknown as Parameters<typeof efficiencyAnalysis.run>[0];
    const v = { inputs: ['x1', 'x2'], outputs: ['y'], undesirable: ['b'] };
    const spec = EfficiencySpec.parse({
      models: [
        { name: 'ddf_seq', model: 'ddf', ...v, frontier: 'sequential' },
        { name: 'ddf_win', model: 'ddf', ...v, rts: 'vrs', direction: 'outputs', frontier: 'window', window: 2 },
        { name: 'ddf_glob', model: 'ddf', ...v, rts: 'vrs', frontier: 'global' },
        { name: 'ssbm_seq', model: 'super-sbm', ...v, frontier: 'sequential' },
        { name: 'ssbm_win', model: 'super-sbm', ...v, rts: 'vrs', frontier: 'window', window: 2 },
        { name: 'ssbm_glob', model: 'super-sbm', ...v, frontier: 'global' },
      ],
      malmquist: [
        { name: 'ML', index: 'ml', ...v },
        { name: 'GML', index: 'gml', ...v, rts: 'vrs' },
      ],
    });
    expect(efficiencyAnalysis.check?.(spec, { scores: [], indicators: [], data: ['x1', 'x2', 'y', 'b'] })).toEqual([]);
    const bad = EfficiencySpec.parse({ malmquist: [{ name: 'M', ...v }] });
    expect(efficiencyAnalysis.check?.(bad, { scores: [], indicators: [], data: ['x1', 'x2', 'y', 'b'] }).map((p) => p.location?.path)).toEqual([
      'analyses.efficiency.malmquist.0.undesirable',
    ]);
    const tables = efficiencyAnalysis.run(ctx, spec);
    const get = (name: string) => {
      const t = tables.find((x) => x.name === name);
      if (!t) throw new Error(`no table ${name}`);
      return t;
    };
    const sc = EFFICIENCY_SCORES.read(get('efficiency_scores')).rows;
    const scores = (m: string) => sc.filter((r) => r.model === m).map((r) => (r.score === null ? NaN : Number(r.score)));
    const P = REF.panel;
    expectClose(scores('ddf_seq'), P.crs_proportional.static.sequential);
    expectClose(scores('ddf_win'), P.vrs_outputs.static.window);
    expectClose(scores('ddf_glob'), P.vrs_proportional.static.global);
    expectClose(scores('ssbm_seq'), P.crs_proportional.supersbm.sequential);
    expectClose(scores('ssbm_win'), P.vrs_proportional.supersbm.window);
    expectClose(scores('ssbm_glob'), P.crs_proportional.supersbm.global);
    // DDF targets: the bad output's excess is β*·b (proportional direction), its target (1 − β*)·b.
    const tg = EFFICIENCY_TARGETS.read(get('efficiency_targets')).rows.filter((r) => r.model === 'ddf_seq' && r.kind === 'undesirable');
    const b = col('b');
    expectClose(
      tg.map((r) => Number(r.target)),
      P.crs_proportional.static.sequential.map((beta: number, k: number) => (1 - beta) * b[k]),
    );
    const ml = EFFICIENCY_ML.read(get('efficiency_ml')).rows;
    const pick = (m: string, k: string) => ml.filter((r) => r.model === m).map((r) => (r[k as 'ml'] === null ? NaN : Number(r[k as 'ml'])));
    const ref = P.crs_proportional.ml.contemporaneous as { ml: (number | null)[]; d_t_t1: (number | null)[]; d_t1_t: (number | null)[] }[];
    const undef = (r: (typeof ref)[number], j: number) => [r.d_t_t1[j], r.d_t1_t[j]].some((d) => d !== null && 1 + d <= 0);
    expectClose(
      pick('ML', 'ml'),
      ref.flatMap((r) => r.ml.map((x, j) => (undef(r, j) ? null : x))),
    );
    const gml = P.vrs_proportional.gml as { gml: number[]; ec: number[]; tc: number[] }[];
    expectClose(
      pick('GML', 'ml'),
      gml.flatMap((r) => r.gml),
    );
    expectClose(
      pick('GML', 'tc'),
      gml.flatMap((r) => r.tc),
    );
    // Cumulative GML of the last step = product of every step (by hand from the reference).
    const last = ml.filter((r) => r.model === 'GML' && r.to === 4).map((r) => Number(r.cumulative));
    expectClose(
      last,
      units.map((_, j) => gml.reduce((a, r) => a * r.gml[j], 1)),
      1e-12,
    );
    // Infeasible ML steps: empty, status infeasible, a note in en and zh, one warning naming the unit-steps.
    const inf = ml.filter((r) => r.model === 'ML' && r.status === 'infeasible');
    expect(inf.length).toBe(ref.flatMap((_r, k) => P.crs_proportional.ml.contemporaneous[k].status.filter((s: number) => s === 2)).length);
    expect(inf.length).toBeGreaterThan(0);
    for (const r of inf) {
      expect(r.ml).toBeNull();
      expect(EFFICIENCY_ML.value('note', r.note, 'zh')).toMatch(/无可行解/);
    }
    expect(warnings.filter((w) => w.code === 'E_DEA_LP' && /analyses\.efficiency\.malmquist\.0: \d+ unit-steps have no ML index/.test(w.message)).length).toBe(
      1,
    );
    expect(ml.filter((r) => r.model === 'GML').every((r) => r.status === 'optimal' && r.note === '')).toBe(true);
  });
});

describe('efficiency scores as score columns of the other analyses (analyses.score, scores, model formulas)', () => {
  it('inequality and a panel model of the DDF efficiency and the cumulative GML equal those of the lp_solve values given as a score', async () => {
    const { buildFramework } = await import('../../src/core/framework.js');
    const { runAnalyses } = await import('../../src/analysis/run.js');
    const { resolveLog } = await import('../../src/pipeline/log.js');
    const { executeLog } = await import('../../src/pipeline/run.js');
    const { AnalysesSpec, StepsSpec } = await import('../../src/spec/schema.js');
    const rows = REF.panel.data as Record<string, number | string>[];
    const units = [...new Set(rows.map((r) => String(r.dmu)))];
    const periods = [...new Set(rows.map((r) => String(r.period)))];
    const col = (k: string) => {
      const v = new Float64Array(units.length * periods.length);
      for (const r of rows) v[periods.indexOf(String(r.period)) * units.length + units.indexOf(String(r.dmu))] = Number(r[k]);
      return v;
    };
    const names = ['x1', 'x2', 'y', 'b'];
    const panel = {
      units,
      periods,
      periodValues: periods.map(Number),
      hasPeriod: true,
      indicators: names,
      values: new Map(names.map((k) => [k, col(k)])),
      attributes: new Map([['g', units.map((_, i) => (i < 3 ? 'A' : 'B'))]]),
    };
    const fw = buildFramework([{ code: 'I' }, { code: 'x1', parent: 'I' }, { code: 'y', parent: 'I' }]);
    const result = executeLog({ raw: panel, framework: fw, log: resolveLog(StepsSpec.parse({ normalise: { method: 'minmax', range: [0, 1] } }), fw) });
    const v = { inputs: ['x1', 'x2'], outputs: ['y'], undesirable: ['b'] };
    const others = {
      inequality: { scores: ['E', 'G'] },
      models: { se: ['conventional'], regressions: [{ name: '(1)', formula: 'E ~ G + x2 | unit' }] },
    };
    const withEff = AnalysesSpec.parse({
      score: 'E',
      group: 'g',
      ...others,
      efficiency: { models: [{ name: 'E', model: 'ddf', ...v, frontier: 'sequential' }], malmquist: [{ name: 'G', index: 'gml', ...v }] },
    });
    const run1 = runAnalyses({ result, spec: withEff, seed: 1, data: panel });
    // The same analyses on the reference values given as scores: E = 1/(1 + β*) (sequential DDF), G = 1, then the
    // running product of GML (crs, proportional), in the panel's period-major layout.
    const ref = REF.panel.crs_proportional;
    const E = Float64Array.from(ref.static.sequential as number[], (b) => 1 / (1 + b));
    const G = new Float64Array(units.length * periods.length).fill(1);
    (ref.gml as { gml: number[] }[]).forEach((st, k) => {
      for (let j = 0; j < units.length; j++) G[(k + 1) * units.length + j] = G[k * units.length + j] * st.gml[j];
    });
    const agg = result.datasets.aggregated;
    const result2 = {
      ...result,
      datasets: { ...result.datasets, aggregated: { ...agg, indicators: [...agg.indicators, 'E', 'G'], values: new Map([...agg.values, ['E', E], ['G', G]]) } },
    };
    const run2 = runAnalyses({ result: result2, spec: AnalysesSpec.parse({ score: 'E', group: 'g', ...others }), seed: 1, data: panel });
    for (const name of ['inequality', 'models_coef']) {
      const a = run1.tables.find((t) => t.name === name);
      const b = run2.tables.find((t) => t.name === name);
      expect(a?.header).toEqual(b?.header);
      expect(a?.rows.length).toBeGreaterThan(0);
      a?.rows.forEach((r, i) =>
        r.forEach((c, k) => {
          const d = b?.rows[i][k];
          if (typeof c === 'number' && typeof d === 'number') expect(close(c, d, 1e-9, 1e-12), `${name}[${i}][${k}] ${c} vs ${d}`).toBe(true);
          else expect(c).toEqual(d);
        }),
      );
    }
    // Tables come in registry order, the efficiency tables after the models'.
    const order = run1.tables.map((t) => t.name);
    expect(order.indexOf('inequality')).toBeLessThan(order.indexOf('efficiency_scores'));
    // A model named like a score of the run is refused with E_ANALYSIS_SCORE.
    const clash = AnalysesSpec.parse({ efficiency: { models: [{ name: 'I', model: 'ddf', ...v }] } });
    expect(() => runAnalyses({ result, spec: clash, seed: 1, data: panel })).toThrow(/the score "I" it adds is already a score of this run/);
  });
});

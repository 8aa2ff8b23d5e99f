/**
 * Difference in differences (src/lenses/panel/did.ts) against independent R code and analytic cases.
 *
 * Reference: test/reference/did/did.R simulates a staggered panel (60 units × 2011–2020, cohorts
 * 2014/2016/2018 of 15 units each + 15 never treated, cohort- and time-varying effects), writes it to
 * panel.csv and computes, by hand (lm() with unit and period dummies, explicit means; TWFE cross-checked
 * with plm + sandwich), the TWFE DID with Stata-clustered SE, event studies (binned, trimmed, reference
 * −2) with the pre-trend F, and Callaway–Sant'Anna ATT(g,t) with influence-function SEs and the
 * did::aggte aggregations (never / not-yet-treated controls, varying / universal base): expected.json.
 * Deterministic values: 1e-9 relative.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NqpfError } from '../../src/core/errors.js';
import { Rng } from '../../src/core/rng.js';
import { callawaySantAnna, eventStudy, placebo, treatmentFromTiming, twfeDid, type CsResult } from '../../src/lenses/panel/did.js';
import { buildFrame, panelFromRecords, type ModelFrame } from '../../src/lenses/panel/frame.js';
import { parseFormula } from '../../src/lenses/panel/formula.js';
import { vcov } from '../../src/lenses/panel/vcov.js';

const dir = resolve(import.meta.dirname, '../reference/did');
const R = JSON.parse(readFileSync(resolve(dir, 'expected.json'), 'utf8'));

const rel = (a: number, b: number) => (b === 0 ? Math.abs(a) : Math.abs(a - b) / Math.abs(b));
function close(a: number, b: number, what: string, tol = 1e-9) {
  expect(rel(a, b), `${what}: ${a} vs ${b}`).toBeLessThan(tol);
}

/** The reference panel as a frame of `y ~ x`, with each row's first treated year and the 0/1 column. */
function referenceFrame() {
  const [h, ...rows] = readFileSync(resolve(dir, 'panel.csv'), 'utf8')
    .trim()
    .split(/\r?\n/)
    .map((l) => l.split(','));
  const col = (c: string) => rows.map((r) => (r[h.indexOf(c)] === '' ? Number.NaN : Number(r[h.indexOf(c)])));
  const panel = panelFromRecords(
    rows.map((r) => r[h.indexOf('unit')]),
    rows.map((r) => r[h.indexOf('year')]),
    { y: col('y'), x: col('x'), first: col('first'), d: col('d') },
  );
  const fr = buildFrame(parseFormula('y ~ x', 'test'), panel, 'test');
  const perRow = (name: string) => Float64Array.from(fr.rows, (i) => panel.resolve(name)![i]);
  return { fr, first: perRow('first'), d01: perRow('d'), years: fr.periodLabels.map(Number) };
}

const ref = referenceFrame();

describe('treatmentFromTiming', () => {
  it('builds D = 1(t ≥ g), t − g and the cohort; a 0/1 column gives the same timing', () => {
    const tm = treatmentFromTiming(ref.fr, ref.first, ref.years);
    expect(Array.from(tm.d)).toEqual(Array.from(ref.d01));
    const u01 = ref.fr.unitLabels.indexOf('u01');
    const i = Array.from(ref.fr.rows).findIndex((_, r) => ref.fr.unit[r] === u01 && ref.fr.periodLabels[ref.fr.period[r]] === '2012');
    expect(tm.rel[i]).toBe(-2);
    expect(tm.cohort[i]).toBe(2014);
    const never = ref.fr.unitLabels.indexOf('u60');
    expect(Number.isNaN(tm.unitFirst[never])).toBe(true);
    const ind = treatmentFromTiming(ref.fr, ref.d01, ref.years, { input: 'indicator' });
    expect(Array.from(ind.d)).toEqual(Array.from(tm.d));
    expect(Array.from(ind.unitFirst)).toEqual(Array.from(tm.unitFirst));
  });

  it('refuses a treatment that switches off, and two first periods for one unit', () => {
    const d = ref.d01.slice();
    const last = ref.fr.periodLabels.indexOf('2020');
    const r = Array.from(ref.fr.period).findIndex((t, k) => t === last && d[k] === 1);
    d[r] = 0;
    expect(() => treatmentFromTiming(ref.fr, d, ref.years, { input: 'indicator', path: 'a.did' })).toThrow(/untreated again/);
    const f = ref.first.slice();
    f[0] = 2019;
    expect(() => treatmentFromTiming(ref.fr, f, ref.years, { path: 'a.did' })).toThrow(/two first treated periods/);
  });
});

describe('twfeDid against R (lm with unit and year dummies; Stata cluster factor)', () => {
  const tm = treatmentFromTiming(ref.fr, ref.first, ref.years);
  const r = twfeDid(ref.fr, tm.d, { path: 'analyses.models.did' });
  const w = R.twfe;
  it('coefficient, clustered SE, t, p, CI, control coefficient', () => {
    close(r.estimate, w.estimate, 'beta');
    close(r.se, w.se, 'se');
    close(r.t, w.t, 't');
    close(r.p, w.p, 'p', 1e-7);
    close(r.lo, w.ci[0], 'ci lo');
    close(r.hi, w.ci[1], 'ci hi');
    expect(r.df).toBe(w.df);
    close(r.fit.coef[r.fit.names.indexOf('x')], w.x, 'x');
    const V = r.vcov.V;
    const jx = r.fit.names.indexOf('x');
    close(Math.sqrt(V[jx * r.fit.k + jx]), w.x_se, 'x se');
    expect([r.n, r.units, r.treatedUnits, r.neverTreatedUnits]).toEqual([w.n, w.units, w.treated_units, w.never_units]);
  });
  it('conventional SE', () => {
    const c = twfeDid(ref.fr, tm.d, { se: 'conventional', path: 'x' });
    close(c.se, w.se_conventional, 'conventional se');
    expect(c.df).toBe(w.df_conventional);
  });
});

describe('eventStudy against R', () => {
  const tm = treatmentFromTiming(ref.fr, ref.first, ref.years);
  const cases: [string, { leads: number; lags: number; bin: boolean; reference?: number }][] = [
    ['event_binned', { leads: 4, lags: 4, bin: true }],
    ['event_trimmed', { leads: 3, lags: 3, bin: false }],
    ['event_ref2', { leads: 4, lags: 3, bin: true, reference: -2 }],
  ];
  for (const [key, o] of cases)
    it(`${key}: coefficients, SEs, CIs, pre-trend F`, () => {
      const w = R[key];
      const es = eventStudy(ref.fr, tm.rel, { ...o, path: 'analyses.models.did.event' });
      const est = es.points.filter((p) => !p.reference);
      expect(est.map((p) => p.e)).toEqual(w.rel);
      est.forEach((p, j) => {
        close(p.estimate, w.estimate[j], `${key} b(${p.e})`);
        close(p.se, w.se[j], `${key} se(${p.e})`);
        close(p.lo, w.lo[j], `${key} lo(${p.e})`);
        close(p.hi, w.hi[j], `${key} hi(${p.e})`);
      });
      const refPoint = es.points.find((p) => p.reference)!;
      expect([refPoint.e, refPoint.estimate, refPoint.se]).toEqual([o.reference ?? -1, 0, 0]);
      expect(es.points.map((p) => p.e)).toEqual([...w.rel, o.reference ?? -1].sort((a: number, b: number) => a - b));
      close(es.fit.coef[es.fit.names.indexOf('x')], w.x, `${key} x`);
      expect([es.n, es.df]).toEqual([w.n, w.df]);
      close(es.pretrend!.F, w.pretrend.F, `${key} F`);
      close(es.pretrend!.p, w.pretrend.p, `${key} F p`, 1e-7);
      expect([es.pretrend!.df1, es.pretrend!.df2]).toEqual([w.pretrend.df1, w.pretrend.df2]);
      if (o.bin) expect(es.points[0].label).toBe(`≤−${o.leads}`);
      else expect(es.droppedRows).toBe(600 - w.n);
    });
});

type RAgg = { att: number; se: number; lo?: number; hi?: number };
type RCs = {
  attgt: (RAgg & { group: number; t: number; base: number; n_treated: number; n_control: number; lo: number; hi: number })[];
  simple: RAgg & { lo: number };
  dynamic: { e: number[]; att: number[]; se: number[]; overall: RAgg };
  group: { g: number[]; att: number[]; se: number[]; overall: RAgg };
  n_units: number;
};

function checkCs(cs: CsResult, w: RCs, key: string) {
  const rows = cs.attgt;
  expect(rows.length, `${key} cells`).toBe(w.attgt.length);
  rows.forEach((c, k) => {
    const r = w.attgt[k];
    expect([c.group, c.period, c.base, c.nTreated, c.nControl], `${key} cell ${k}`).toEqual([r.group, r.t, r.base, r.n_treated, r.n_control]);
    close(c.att, r.att, `${key} ATT(${c.group},${c.period})`);
    close(c.se, r.se, `${key} se(${c.group},${c.period})`);
    if (c.se > 0) {
      close(c.lo, r.lo, `${key} lo(${c.group},${c.period})`);
      close(c.hi, r.hi, `${key} hi(${c.group},${c.period})`);
    }
  });
  close(cs.simple.att, w.simple.att, `${key} simple`);
  close(cs.simple.se, w.simple.se, `${key} simple se`);
  close(cs.simple.lo, w.simple.lo, `${key} simple lo`);
  expect(cs.dynamic.byE.map((d) => d.e)).toEqual(w.dynamic.e);
  cs.dynamic.byE.forEach((d, j) => {
    close(d.att, w.dynamic.att[j], `${key} dynamic(${d.e})`);
    close(d.se, w.dynamic.se[j], `${key} dynamic se(${d.e})`);
  });
  close(cs.dynamic.overall.att, w.dynamic.overall.att, `${key} dynamic overall`);
  close(cs.dynamic.overall.se, w.dynamic.overall.se, `${key} dynamic overall se`);
  expect(cs.group.byGroup.map((g) => g.group)).toEqual(w.group.g);
  cs.group.byGroup.forEach((g, j) => {
    close(g.att, w.group.att[j], `${key} group(${g.group})`);
    close(g.se, w.group.se[j], `${key} group se(${g.group})`);
  });
  close(cs.group.overall.att, w.group.overall.att, `${key} group overall`);
  close(cs.group.overall.se, w.group.overall.se, `${key} group overall se`);
  expect(cs.units).toBe(w.n_units);
}

describe('callawaySantAnna against R (did::att_gt / aggte formulas, analytical SEs)', () => {
  it('never-treated controls, varying base (the defaults)', () => {
    const cs = callawaySantAnna(ref.fr, ref.first, ref.years, { path: 'analyses.models.did.cs' });
    expect([cs.control, cs.base]).toEqual(['never', 'varying']);
    checkCs(cs, R.cs_never_varying, 'never/varying');
    expect(cs.notes.join(' ')).toMatch(/no covariates/);
  });
  it('not-yet-treated controls, varying base', () => {
    checkCs(callawaySantAnna(ref.fr, ref.first, ref.years, { control: 'notyet', path: 'p' }), R.cs_notyet_varying, 'notyet/varying');
  });
  it('never-treated controls, universal base', () => {
    const cs = callawaySantAnna(ref.fr, ref.first, ref.years, { base: 'universal', path: 'p' });
    checkCs(cs, R.cs_never_universal, 'never/universal');
    expect(cs.attgt.filter((c) => c.reference).map((c) => [c.group, c.period])).toEqual([
      [2014, 2013],
      [2016, 2015],
      [2018, 2017],
    ]);
  });
});

/**
 * mpdta (did's county teen-employment data, 500 counties × 2003–2007; test/reference/did/mpdta.csv from
 * did's data/mpdta.rda): the values the did README prints for `att_gt(yname = "lemp", tname = "year",
 * idname = "countyreal", gname = "first.treat", xformla = ~1, data = mpdta, est_method = "reg")` and its
 * `aggte(type = "dynamic" / "group")` (github.com/bcallaway11/did, README.md at 71ba8a5), 4 decimals.
 * Their standard errors are from did's multiplier bootstrap (B = 1000, IQR-based), not the analytical
 * ones: agreement within 15 % only (the 2004 cohort has 20 counties; the bootstrap SE is larger there).
 */
describe('callawaySantAnna on mpdta: the did package README', () => {
  const [h, ...rows] = readFileSync(resolve(dir, 'mpdta.csv'), 'utf8')
    .trim()
    .split(/\r?\n/)
    .map((l) => l.split(','));
  const col = (c: string) => rows.map((r) => Number(r[h.indexOf(c)]));
  const panel = panelFromRecords(
    rows.map((r) => r[h.indexOf('countyreal')]),
    rows.map((r) => r[h.indexOf('year')]),
    { lemp: col('lemp'), first: col('first_treat').map((g) => (g === 0 ? Number.NaN : g)) },
  );
  const fr = buildFrame(parseFormula('lemp ~ 1', 'test'), panel, 'test');
  const first = Float64Array.from(fr.rows, (i) => panel.resolve('first')![i]);
  const cs = callawaySantAnna(fr, first, fr.periodLabels.map(Number), { path: 'p' });
  it('agrees with the R implementation of the same formulas (1e-9)', () => checkCs(cs, R.mpdta_never_varying, 'mpdta'));
  it('reproduces the published ATT(g,t), event-study and group estimates', () => {
    // group, time, ATT(g,t), bootstrap SE
    const attgt = [
      [2004, 2004, -0.0105, 0.0246],
      [2004, 2005, -0.0704, 0.0332],
      [2004, 2006, -0.1373, 0.0397],
      [2004, 2007, -0.1008, 0.0357],
      [2006, 2004, 0.0065, 0.0229],
      [2006, 2005, -0.0028, 0.0197],
      [2006, 2006, -0.0046, 0.0179],
      [2006, 2007, -0.0412, 0.0192],
      [2007, 2004, 0.0305, 0.0154],
      [2007, 2005, -0.0027, 0.0164],
      [2007, 2006, -0.0311, 0.0184],
      [2007, 2007, -0.0261, 0.017],
    ];
    expect(cs.attgt.map((c) => [c.group, c.period])).toEqual(attgt.map((r) => [r[0], r[1]]));
    cs.attgt.forEach((c, k) => {
      expect(Math.abs(c.att - attgt[k][2]), `ATT(${c.group},${c.period})`).toBeLessThanOrEqual(5.0001e-5);
      expect(rel(c.se, attgt[k][3]), `se(${c.group},${c.period})`).toBeLessThan(0.15);
    });
    const dyn = [0.0305, -0.0006, -0.0245, -0.0199, -0.051, -0.1373, -0.1008];
    expect(cs.dynamic.byE.map((d) => d.e)).toEqual([-3, -2, -1, 0, 1, 2, 3]);
    cs.dynamic.byE.forEach((d, j) => expect(Math.abs(d.att - dyn[j]), `dynamic(${d.e})`).toBeLessThanOrEqual(5.0001e-5));
    expect(Math.abs(cs.dynamic.overall.att - -0.0772)).toBeLessThanOrEqual(5.0001e-5);
    expect(rel(cs.dynamic.overall.se, 0.0219)).toBeLessThan(0.15);
    const grp = [-0.0797, -0.0229, -0.0261];
    cs.group.byGroup.forEach((g, j) => expect(Math.abs(g.att - grp[j]), `group(${g.group})`).toBeLessThanOrEqual(5.0001e-5));
    expect(Math.abs(cs.group.overall.att - -0.031)).toBeLessThanOrEqual(5.0001e-4);
    expect(rel(cs.group.overall.se, 0.0126)).toBeLessThan(0.15);
  });
});

// ------------------------------------------------------------------ simulated panels

interface Sim {
  fr: ModelFrame;
  first: Float64Array;
  years: number[];
}

/**
 * A balanced panel of `cohorts` (first treated year → units; Infinity = never) over `years`:
 * y = α_i + λ_t + τ(g, t − g)·D + σ·ε, α and λ and ε standard normal from `rng`.
 */
function simulate(rng: Rng, years: number[], cohorts: [number, number][], tau: (g: number, e: number) => number, sigma: number): Sim {
  const gU: number[] = [];
  for (const [g, m] of cohorts) for (let j = 0; j < m; j++) gU.push(g);
  const G = gU.length;
  const T = years.length;
  const alpha = Array.from({ length: G }, () => rng.normal());
  const lambda = years.map((_, t) => 0.2 * t + rng.normal());
  const n = G * T;
  const unit = new Int32Array(n);
  const period = new Int32Array(n);
  const y = new Float64Array(n);
  const first = new Float64Array(n);
  let i = 0;
  for (let t = 0; t < T; t++)
    for (let u = 0; u < G; u++) {
      unit[i] = u;
      period[i] = t;
      const g = gU[u];
      first[i] = Number.isFinite(g) ? g : Number.NaN;
      y[i] = alpha[u] + lambda[t] + (years[t] >= g ? tau(g, years[t] - g) : 0) + sigma * rng.normal();
      i++;
    }
  const fr: ModelFrame = {
    n,
    unit,
    period,
    unitLabels: gU.map((_, u) => `u${u}`),
    periodLabels: years.map(String),
    rows: Int32Array.from({ length: n }, (_, k) => k),
    y,
    yName: 'y',
    X: [],
    names: [],
    dropped: 0,
    balanced: true,
  };
  return { fr, first, years };
}

const YEARS = [2011, 2012, 2013, 2014, 2015, 2016, 2017, 2018, 2019, 2020];
const D = (s: Sim) => treatmentFromTiming(s.fr, s.first, s.years).d;

describe('analytic cases (noise-free)', () => {
  it('homogeneous constant effect, parallel trends: TWFE, event study and CS all recover it exactly', () => {
    const s = simulate(
      Rng.stream(1, 1),
      YEARS,
      [
        [2014, 10],
        [2016, 10],
        [2018, 10],
        [Infinity, 10],
      ],
      () => 2,
      0,
    );
    close(twfeDid(s.fr, D(s), { path: 'p' }).estimate, 2, 'TWFE');
    const es = eventStudy(s.fr, treatmentFromTiming(s.fr, s.first, s.years).rel, { leads: 3, lags: 3, path: 'p' });
    for (const p of es.points) expect(Math.abs(p.estimate - (p.e >= 0 ? 2 : 0)), `event ${p.e}`).toBeLessThan(1e-9);
    for (const control of ['never', 'notyet'] as const) {
      const cs = callawaySantAnna(s.fr, s.first, s.years, { control, path: 'p' });
      for (const c of cs.attgt) expect(Math.abs(c.att - (c.post ? 2 : 0)), `ATT(${c.group},${c.period})`).toBeLessThan(1e-9);
      close(cs.simple.att, 2, 'CS simple');
      close(cs.dynamic.overall.att, 2, 'CS dynamic');
      close(cs.group.overall.att, 2, 'CS group');
    }
  });

  it('heterogeneous dynamic effects under staggered adoption: TWFE is biased (forbidden comparisons), CS is exact', () => {
    // Effects grow with exposure, faster for early adopters; no never-treated units: TWFE uses the
    // early cohort, already treated, as a control for later ones (negative weights on its long-run effects).
    const tau = (g: number, e: number) => (g === 2013 ? 1.5 : 0.5) * (e + 1);
    const s = simulate(
      Rng.stream(1, 2),
      YEARS,
      [
        [2013, 20],
        [2016, 20],
        [2019, 20],
      ],
      tau,
      0,
    );
    // True simple ATT (did's simple aggregation): cells with a not-yet-treated control — t < 2019.
    let num = 0;
    let den = 0;
    for (const g of [2013, 2016]) for (const t of YEARS) if (t >= g && t < 2019) (num += tau(g, t - g)), den++;
    const truth = num / den;
    const cs = callawaySantAnna(s.fr, s.first, s.years, { control: 'notyet', path: 'p' });
    close(cs.simple.att, truth, 'CS simple = true average');
    for (const c of cs.attgt) if (c.post) close(c.att, tau(c.group, c.e), `ATT(${c.group},${c.period})`);
    // Cohort 2019 has no post-treatment cell with a control: left out of the group aggregation, said so.
    expect(cs.group.byGroup.map((g) => g.group)).toEqual([2013, 2016]);
    expect(cs.notes.join(' ')).toMatch(/cohort 2019 without an estimable post-treatment cell/);
    expect(Number.isFinite(cs.group.overall.att) && Number.isFinite(cs.group.overall.se)).toBe(true);
    const twfe = twfeDid(s.fr, D(s), { path: 'p' }).estimate;
    // The TWFE coefficient is far from the average effect (here below half of it).
    expect(twfe).toBeLessThan(0.5 * truth);
    expect(Math.abs(twfe - truth)).toBeGreaterThan(1);
  });
});

describe('coverage (known DID process)', () => {
  it('twfeDid with clustered SE covers the true effect in ≥ 94 % of 500 seeded simulations', () => {
    let cover = 0;
    const years = [1, 2, 3, 4, 5, 6];
    for (let s = 0; s < 500; s++) {
      const sim = simulate(
        Rng.stream(2026, 15, s),
        years,
        [
          [3, 15],
          [5, 15],
          [Infinity, 20],
        ],
        () => 1,
        1,
      );
      const r = twfeDid(sim.fr, D(sim), { path: 'p' });
      if (r.lo <= 1 && 1 <= r.hi) cover++;
    }
    expect(cover / 500).toBeGreaterThanOrEqual(0.94);
  });
});

describe('placebo', () => {
  it('a large true effect gives p < 0.01; no effect gives p > 0.05 (fixed seeds)', () => {
    const big = placebo(ref.fr, ref.first, ref.years, { seed: 1, path: 'p' });
    expect(big.B + big.failed).toBe(500);
    close(big.observed, R.twfe.estimate, 'observed');
    expect(big.p).toBeLessThan(0.01);
    expect(big.pPlusOne).toBeLessThan(0.01);
    const none = simulate(
      Rng.stream(7, 3),
      YEARS,
      [
        [2014, 10],
        [2016, 10],
        [2018, 10],
        [Infinity, 10],
      ],
      () => 0,
      1,
    );
    const p0 = placebo(none.fr, none.first, none.years, { seed: 1, path: 'p' });
    expect(p0.p).toBeGreaterThan(0.05);
  });

  it('each draw is the TWFE coefficient of a permutation of the units’ timing; identical seeds give identical draws', () => {
    const a = placebo(ref.fr, ref.first, ref.years, { seed: 42, path: 'p' });
    const b = placebo(ref.fr, ref.first, ref.years, { seed: 42, path: 'p' });
    const c = placebo(ref.fr, ref.first, ref.years, { seed: 43, path: 'p' });
    expect(Array.from(a.draws)).toEqual(Array.from(b.draws));
    expect(Array.from(a.draws)).not.toEqual(Array.from(c.draws));
    // Draw 0 by hand: the same permutation (Rng.stream(seed, 13, 0), Fisher–Yates), then twfeDid.
    const tm = treatmentFromTiming(ref.fr, ref.first, ref.years);
    const G = ref.fr.unitLabels.length;
    const rng = Rng.stream(42, 13, 0);
    const perm = Int32Array.from({ length: G }, (_, u) => u);
    for (let u = G - 1; u > 0; u--) {
      const j = rng.int(u + 1);
      [perm[u], perm[j]] = [perm[j], perm[u]];
    }
    const d = Float64Array.from({ length: ref.fr.n }, (_, i) => (tm.unitFirst[perm[ref.fr.unit[i]]] <= ref.years[ref.fr.period[i]] ? 1 : 0));
    close(a.draws[0], twfeDid(ref.fr, d, { path: 'p' }).estimate, 'draw 0', 1e-9);
  });
});

describe('bad input', () => {
  const code = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      expect(e).toBeInstanceOf(NqpfError);
      return e as NqpfError;
    }
    throw new Error('no error');
  };
  it('no never-treated units with control = never; neither never- nor not-yet-treated controls', () => {
    const s = simulate(
      Rng.stream(3, 1),
      YEARS,
      [
        [2014, 10],
        [2017, 10],
      ],
      () => 1,
      1,
    );
    const e = code(() => callawaySantAnna(s.fr, s.first, s.years, { path: 'analyses.models.did.cs' }));
    expect(e.code).toBe('E_MODEL_SPEC');
    expect(e.location?.path).toBe('analyses.models.did.cs.control');
    expect(e.message).toMatch(/no never-treated units/);
    // Not-yet-treated works while a later cohort waits; with one adoption date there is none.
    expect(callawaySantAnna(s.fr, s.first, s.years, { control: 'notyet', path: 'p' }).skipped.length).toBeGreaterThan(0);
    const one = simulate(Rng.stream(3, 2), YEARS, [[2015, 20]], () => 1, 1);
    const e2 = code(() => callawaySantAnna(one.fr, one.first, one.years, { control: 'notyet', path: 'analyses.models.did.cs' }));
    expect(e2.message).toMatch(/no never-treated and no not-yet-treated/);
    expect(e2.location?.path).toBe('analyses.models.did.cs.control');
    const e3 = code(() => twfeDid(one.fr, D(one), { path: 'analyses.models.did' }));
    expect(e3.message).toMatch(/same treatment status/);
  });

  it('all units treated at the same time from the first period (no pre-period)', () => {
    const s = simulate(Rng.stream(3, 3), YEARS, [[2011, 20]], () => 1, 1);
    const e = code(() => twfeDid(s.fr, D(s), { path: 'analyses.models.did' }));
    expect(e.code).toBe('E_MODEL_SPEC');
    expect(e.location?.path).toBe('analyses.models.did');
    expect(e.message).toMatch(/no pre-period/);
    const e2 = code(() => callawaySantAnna(s.fr, s.first, s.years, { path: 'analyses.models.did.cs' }));
    expect(e2.message).toMatch(/no treated cohort has a pre-treatment period/);
    const e3 = code(() => eventStudy(s.fr, treatmentFromTiming(s.fr, s.first, s.years).rel, { leads: 2, lags: 2, path: 'analyses.models.did.event' }));
    expect(e3.message).toMatch(/no pre-period/);
  });

  it('too few clusters: one treated unit under clustered SEs; few clusters are noted', () => {
    const s = simulate(
      Rng.stream(3, 4),
      YEARS,
      [
        [2015, 1],
        [Infinity, 20],
      ],
      () => 1,
      1,
    );
    const e = code(() => twfeDid(s.fr, D(s), { path: 'analyses.models.did' }));
    expect(e.code).toBe('E_MODEL_CLUSTERS');
    expect(e.location?.path).toBe('analyses.models.did.se');
    expect(e.message).toMatch(/1 treated cluster of 21/);
    // Conventional SEs are still available; with 12 clusters a note says they are few.
    expect(Number.isFinite(twfeDid(s.fr, D(s), { se: 'conventional', path: 'p' }).se)).toBe(true);
    // The placebo test, the inference to use with one treated unit, accepts it.
    const pl = placebo(s.fr, s.first, s.years, { seed: 5, path: 'p' });
    expect(pl.B).toBe(500);
    expect(pl.p).toBeGreaterThanOrEqual(0);
    const few = simulate(
      Rng.stream(3, 5),
      YEARS,
      [
        [2015, 6],
        [Infinity, 6],
      ],
      () => 1,
      1,
    );
    expect(twfeDid(few.fr, D(few), { path: 'p' }).notes.join(' ')).toMatch(/12 clusters/);
  });

  it('event-study window, unbalanced CS, placebo draws', () => {
    const tm = treatmentFromTiming(ref.fr, ref.first, ref.years);
    expect(() => eventStudy(ref.fr, tm.rel, { leads: 2, lags: 2, reference: -3, path: 'e' })).toThrow(/reference period/);
    expect(() => eventStudy(ref.fr, tm.rel, { leads: 0, lags: 2, path: 'e' })).toThrow(/leads must be/);
    const keep = Array.from({ length: ref.fr.n - 1 }, (_, i) => i + 1);
    const unb: ModelFrame = {
      ...ref.fr,
      n: keep.length,
      unit: ref.fr.unit.slice(1),
      period: ref.fr.period.slice(1),
      y: ref.fr.y.slice(1),
      X: [],
      names: [],
      balanced: false,
    };
    const e = code(() => callawaySantAnna(unb, ref.first.slice(1), ref.years, { path: 'cs' }));
    expect(e.code).toBe('E_MODEL_UNBALANCED');
    expect(() => placebo(ref.fr, ref.first, ref.years, { seed: 1, draws: 100, path: 'p' })).toThrow(/≥ 500/);
  });
});

describe('vcov of the TWFE fit is the lead kernel’s', () => {
  it('twfeDid.vcov is vcov(fit, se)', () => {
    const r = twfeDid(ref.fr, D({ fr: ref.fr, first: ref.first, years: ref.years }), { se: 'hc1', path: 'p' });
    expect(Array.from(r.vcov.V)).toEqual(Array.from(vcov(r.fit, 'hc1', { path: 'p' }).V));
  });
});

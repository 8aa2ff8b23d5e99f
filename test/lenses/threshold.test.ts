/**
 * Hansen (1999) panel threshold model (src/lenses/panel/threshold.ts) against a brute-force R
 * implementation (test/reference/threshold/threshold.R: one within regression per grid point; regime
 * coefficients' clustered SEs checked in R against plm + sandwich) on the Grunfeld panel, two cases:
 * `inv ~ value + capital` with the slope of value switching on q = capital (15 % trimming, every
 * candidate, 1–3 thresholds) and the slope of capital switching on q = value (5 % trimming, grid thinned
 * to 60 points, 1–2 thresholds). Deterministic parts to 1e-9 relative; the bootstrap p-values (different
 * RNGs) within 3 Monte Carlo standard errors of R's. Then a seeded simulation of a known single threshold
 * (LR interval coverage) and the refusals.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NqpfError } from '../../src/core/errors.js';
import { Rng } from '../../src/core/rng.js';
import type { ModelFrame } from '../../src/lenses/panel/frame.js';
import { buildFrame, panelFromRecords } from '../../src/lenses/panel/frame.js';
import { parseFormula } from '../../src/lenses/panel/formula.js';
import { lrCritical, thresholdGrid, thresholdModel, type ThresholdOptions } from '../../src/lenses/panel/threshold.js';
import { sharedAvailable, sharedPath } from '../helpers/shared.js';

/** expected.json as threshold.R writes it (jsonlite `auto_unbox`: a one-element vector is a scalar). */
type Num = number | number[];
type REstimate = { gamma: number; lower: number; upper: number; ssr: number; curve_gamma: Num; curve_ssr: Num; curve_lr: Num };
type RModel = {
  m: number;
  thresholds: Num;
  ssr_null: number;
  ssr_search: number;
  ssr: number;
  sigma2: number;
  F: number;
  estimates: REstimate[];
  bootstrap: { p: number; B: number; crit: number[] } | null;
  coefficients: { names: string[]; coef: number[]; se: number[]; se_cluster: number[]; rss: number };
};
type RCase = {
  name: string;
  y: string;
  regime: string;
  z: string;
  q: string;
  trim: number;
  grid_max: number;
  candidates: number;
  min_regime: number;
  grid: Num;
  models: RModel[];
};
const expected: { meta: { c_lr: number }; cases: RCase[] } = JSON.parse(
  readFileSync(resolve(import.meta.dirname, '../reference/threshold/expected.json'), 'utf8'),
);
const arr = (v: number | number[]): number[] => (Array.isArray(v) ? v : [v]);
const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);
function close(a: number, b: number, what: string, tol = 1e-9) {
  expect(rel(a, b), `${what}: ${a} vs ${b}`).toBeLessThan(tol);
}

function grunfeld(formula: string, qName: string): { fr: ModelFrame; q: Float64Array } {
  const [h, ...rows] = readFileSync(sharedPath('data/panel/grunfeld.csv'), 'utf8')
    .trim()
    .split(/\r?\n/)
    .map((l) => l.split(',').map((s) => s.replace(/^"|"$/g, '')));
  const cols: Record<string, number[]> = {};
  h.forEach((c, j) => {
    cols[c] = rows.map((r) => Number(r[j]));
  });
  const panel = panelFromRecords(
    rows.map((r) => r[h.indexOf('firm')]),
    rows.map((r) => r[h.indexOf('year')]),
    cols,
  );
  const fr = buildFrame(parseFormula(formula, 't'), panel, 't');
  const qAll = panel.resolve(qName)!;
  return { fr, q: Float64Array.from(fr.rows, (i) => qAll[i]) };
}

describe.skipIf(!sharedAvailable)('thresholdModel(frame, options) on Grunfeld against brute-force R', () => {
  for (const c of expected.cases) {
    const B = 300;
    const { fr, q } = sharedAvailable ? grunfeld(`${c.y} ~ ${c.regime} + ${c.z}`, c.q) : ({} as ReturnType<typeof grunfeld>);
    const opts: ThresholdOptions = {
      q,
      regime: c.regime,
      thresholds: c.models.length as 1 | 2 | 3,
      trim: c.trim,
      grid: c.grid_max,
      bootstrap: B,
      level: 0.95,
      seed: 7,
      path: 't',
    };
    const r = sharedAvailable ? thresholdModel(fr, opts) : (undefined as never);

    it(`${c.name}: the grid (trim ${c.trim}, at most ${c.grid_max} points) is R's`, () => {
      expect(r.candidates).toBe(c.candidates);
      expect(r.minRegime).toBe(c.min_regime);
      expect(Array.from(r.grid)).toEqual(arr(c.grid));
      expect(r.critLR).toBeCloseTo(expected.meta.c_lr, 14);
    });

    c.models.forEach((em, k) => {
      const m = r?.models[k];
      it(`${c.name}, ${k + 1} threshold(s): γ̂, S, F, LR curves and intervals as R's brute force`, () => {
        expect(m.m).toBe(em.m);
        expect(m.thresholds).toEqual(arr(em.thresholds));
        close(m.ssr, em.ssr, 'S_m');
        close(m.test.ssrNull, em.ssr_null, 'S_{m-1}');
        close(m.test.ssr, em.ssr_search, 'S_m search');
        close(m.test.sigma2, em.sigma2, 'sigma2');
        close(m.test.F, em.F, 'F');
        expect(m.estimates.length).toBe(em.estimates.length);
        m.estimates.forEach((e, j) => {
          const ee = em.estimates[j];
          expect(e.gamma, `${e.name}`).toBe(ee.gamma);
          expect([e.lower, e.upper], `${e.name} interval`).toEqual([ee.lower, ee.upper]);
          expect(Array.from(e.curve.gamma)).toEqual(arr(ee.curve_gamma));
          const rs = arr(ee.curve_ssr);
          const rl = arr(ee.curve_lr);
          e.curve.ssr.forEach((v, i) => close(v, rs[i], `${e.name} S(γ=${e.curve.gamma[i]})`));
          // LR near its minimum is a difference of nearly equal SSRs: compare on the scale of the curve.
          const scale = Math.max(...rl);
          e.curve.lr.forEach((v, i) => expect(Math.abs(v - rl[i]), `${e.name} LR(γ=${e.curve.gamma[i]})`).toBeLessThan(1e-9 * scale));
        });
      });

      it(`${c.name}, ${k + 1} threshold(s): regime coefficients, conventional and unit-clustered SEs as R's`, () => {
        const rc = em.coefficients;
        expect(m.fit.names).toEqual(rc.names);
        rc.coef.forEach((b, j) => close(m.fit.coef[j], b, `coef ${rc.names[j]}`));
        const kk = m.fit.k;
        rc.se.forEach((s, j) => close(Math.sqrt(m.conventional.V[j * kk + j]), s, `se ${rc.names[j]}`));
        rc.se_cluster.forEach((s, j) => close(Math.sqrt(m.cluster.V[j * kk + j]), s, `cluster se ${rc.names[j]}`));
        close(m.fit.rss, m.ssr, 'refit RSS = S_m', 1e-9);
        expect(m.regimes.map((g) => g.n).reduce((a, b) => a + b, 0)).toBe(fr.n);
      });

      const rb = em.bootstrap;
      if (rb) {
        it(`${c.name}, ${k + 1} threshold(s): bootstrap p-value within Monte Carlo error of R's (B = ${B} each)`, () => {
          const pr = rb.p;
          const p = m.test.p;
          const se = Math.sqrt(Math.max(pr * (1 - pr), 0.01) * (1 / B + 1 / rb.B));
          expect(Math.abs(p - pr), `p ${p} vs R ${pr}`).toBeLessThan(3 * se);
          expect(m.test.fStar.length).toBe(B);
          expect(m.test.crit10).toBeLessThanOrEqual(m.test.crit5);
          expect(m.test.crit5).toBeLessThanOrEqual(m.test.crit1);
        });
      }
    });
  }

  it('the bootstrap is seeded: same seed, same F*; another seed, other draws', () => {
    const { fr, q } = grunfeld('inv ~ value + capital', 'capital');
    const o: ThresholdOptions = { q, regime: 'value', thresholds: 1, trim: 0.15, bootstrap: 20, level: 0.95, seed: 3, path: 't' };
    const a = thresholdModel(fr, o).models[0].test.fStar;
    const b = thresholdModel(fr, o).models[0].test.fStar;
    const c = thresholdModel(fr, { ...o, seed: 4 }).models[0].test.fStar;
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a)).not.toEqual(Array.from(c));
  });
});

describe('thresholdModel on a known single-threshold process', () => {
  /**
   * y_it = μ_i + 1·x 1(q ≤ 0.5) + 2·x 1(q > 0.5) + 0.5 z + e, G = 40, T = 5, x, z, e ~ N(0, 1),
   * μ_i ~ N(0, 1), q uniform on {0.01, …, 1.00} (so γ₀ = 0.5 is a possible grid value), trim 0.15.
   */
  function simulate(seed: number): { fr: ModelFrame; q: Float64Array } {
    const G = 40;
    const T = 5;
    const n = G * T;
    const rng = Rng.stream(seed, 99);
    const unit = new Int32Array(n);
    const period = new Int32Array(n);
    const y = new Float64Array(n);
    const x = new Float64Array(n);
    const z = new Float64Array(n);
    const q = new Float64Array(n);
    const mu = Float64Array.from({ length: G }, () => rng.normal());
    for (let t = 0; t < T; t++)
      for (let u = 0; u < G; u++) {
        const i = t * G + u;
        unit[i] = u;
        period[i] = t;
        x[i] = rng.normal();
        z[i] = rng.normal();
        q[i] = (1 + rng.int(100)) / 100;
        y[i] = mu[u] + (q[i] <= 0.5 ? 1 : 2) * x[i] + 0.5 * z[i] + rng.normal();
      }
    const fr: ModelFrame = {
      n,
      unit,
      period,
      unitLabels: Array.from({ length: G }, (_, u) => `u${u}`),
      periodLabels: Array.from({ length: T }, (_, t) => String(2000 + t)),
      rows: Int32Array.from({ length: n }, (_, i) => i),
      y,
      yName: 'y',
      X: [x, z],
      names: ['x', 'z'],
      dropped: 0,
      balanced: true,
    };
    return { fr, q };
  }

  it('the 95 % LR interval covers γ₀ = 0.5 in ≥ 94 % of 500 seeded simulations', () => {
    let covered = 0;
    const width: number[] = [];
    const sims = 500;
    for (let s = 0; s < sims; s++) {
      const { fr, q } = simulate(s);
      const m = thresholdModel(fr, { q, regime: 'x', thresholds: 1, trim: 0.15, bootstrap: 0, level: 0.95, seed: s, path: 't' }).models[0];
      const e = m.estimates[0];
      if (e.lower <= 0.5 && 0.5 <= e.upper) covered++;
      width.push(e.upper - e.lower);
    }
    // Measured: 96.4 % covered, median width 0.11 of the 0.70 the trimmed grid spans.
    expect(covered / sims).toBeGreaterThanOrEqual(0.94);
    // Not a vacuous interval: it is narrow, not the whole grid.
    width.sort((a, b) => a - b);
    expect(width[sims / 2]).toBeLessThan(0.2);
  });

  it('recovers the regime slopes (1 and 1.6) on a large panel', () => {
    const G = 400;
    const T = 10;
    const n = G * T;
    const rng = Rng.stream(5, 1);
    const unit = new Int32Array(n);
    const period = new Int32Array(n);
    const x = new Float64Array(n);
    const q = new Float64Array(n);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      unit[i] = i % G;
      period[i] = Math.floor(i / G);
      x[i] = rng.normal();
      q[i] = rng.uniform();
      y[i] = unit[i] / 10 + (q[i] <= 0.3 ? 1 : 1.6) * x[i] + rng.normal();
    }
    const fr: ModelFrame = {
      n,
      unit,
      period,
      unitLabels: Array.from({ length: G }, (_, u) => `u${u}`),
      periodLabels: Array.from({ length: T }, (_, t) => `p${t}`),
      rows: Int32Array.from({ length: n }, (_, i) => i),
      y,
      yName: 'y',
      X: [x],
      names: ['x'],
      dropped: 0,
      balanced: true,
    };
    const r = thresholdModel(fr, { q, regime: 'x', thresholds: 1, trim: 0.1, bootstrap: 0, level: 0.95, seed: 1, path: 't' });
    expect(r.grid.length).toBe(400);
    const m = r.models[0];
    expect(Math.abs(m.thresholds[0] - 0.3)).toBeLessThan(0.02);
    expect(Math.abs(m.fit.coef[0] - 1)).toBeLessThan(0.06);
    expect(Math.abs(m.fit.coef[1] - 1.6)).toBeLessThan(0.06);
  });
});

describe('thresholdGrid and lrCritical', () => {
  it('c(0.95) = −2 ln(1 − √0.95) = 7.3523 (Hansen 2000, Table 1: 7.35)', () => {
    expect(lrCritical(0.95)).toBeCloseTo(7.352, 3);
  });
  it('keeps the distinct values leaving ≥ ⌈trim·N⌉ observations in each regime, ties counted', () => {
    // N = 10, trim 0.2 → n_min = 2; #{q ≤ v}: 1→1, 2→3, 3→4, 4→7, 5→8, 6→10
    const q = Float64Array.from([1, 2, 2, 3, 4, 4, 4, 5, 6, 6]);
    const g = thresholdGrid(q, 0.2, 400);
    expect(g.minRegime).toBe(2);
    expect(Array.from(g.grid)).toEqual([2, 3, 4, 5]);
  });
  it('thins to evenly spaced ranks, first and last kept', () => {
    const q = Float64Array.from({ length: 101 }, (_, i) => i);
    const g = thresholdGrid(q, 0, 5);
    // candidates 0..99 (100 leaves nothing above); ranks ⌊(2j·99 + 4)/8⌋ = 0, 25, 50, 74, 99
    expect(g.candidates).toBe(100);
    expect(Array.from(g.grid)).toEqual([0, 25, 50, 74, 99]);
  });
});

describe('thresholdModel refusals', () => {
  const base = (): { fr: ModelFrame; q: Float64Array } => {
    const G = 10;
    const T = 4;
    const n = G * T;
    const rng = Rng.stream(1, 2);
    const fr: ModelFrame = {
      n,
      unit: Int32Array.from({ length: n }, (_, i) => i % G),
      period: Int32Array.from({ length: n }, (_, i) => Math.floor(i / G)),
      unitLabels: Array.from({ length: G }, (_, u) => `u${u}`),
      periodLabels: ['1', '2', '3', '4'],
      rows: Int32Array.from({ length: n }, (_, i) => i),
      y: Float64Array.from({ length: n }, () => rng.normal()),
      yName: 'y',
      X: [Float64Array.from({ length: n }, () => rng.normal())],
      names: ['x'],
      dropped: 0,
      balanced: true,
    };
    return { fr, q: Float64Array.from({ length: n }, () => rng.uniform()) };
  };
  const opts = (q: Float64Array): ThresholdOptions => ({
    q,
    regime: 'x',
    thresholds: 1,
    trim: 0.15,
    bootstrap: 0,
    level: 0.95,
    seed: 1,
    path: 'analyses.models.threshold',
  });
  const code = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      return e instanceof NqpfError ? e.code : String(e);
    }
    return 'no error';
  };

  it('an unbalanced frame → E_MODEL_UNBALANCED', () => {
    const { fr, q } = base();
    const drop = 3;
    const keep = Array.from({ length: fr.n }, (_, i) => i).filter((i) => i !== drop);
    const ub: ModelFrame = {
      ...fr,
      n: keep.length,
      unit: Int32Array.from(keep, (i) => fr.unit[i]),
      period: Int32Array.from(keep, (i) => fr.period[i]),
      rows: Int32Array.from(keep),
      y: Float64Array.from(keep, (i) => fr.y[i]),
      X: [Float64Array.from(keep, (i) => fr.X[0][i])],
      balanced: false,
    };
    expect(code(() => thresholdModel(ub, opts(Float64Array.from(keep, (i) => q[i]))))).toBe('E_MODEL_UNBALANCED');
  });

  it('a threshold variable with too few distinct values inside the trimming → E_MODEL_THRESHOLD', () => {
    const { fr } = base();
    const q = Float64Array.from({ length: fr.n }, (_, i) => i % 6); // 6 distinct values
    expect(code(() => thresholdModel(fr, opts(q)))).toBe('E_MODEL_THRESHOLD');
    // 40 distinct values, but trim 0.45 leaves 40 − 2·18 + 1 = 5 candidates
    const q2 = Float64Array.from({ length: fr.n }, (_, i) => i);
    expect(code(() => thresholdModel(fr, { ...opts(q2), trim: 0.45 }))).toBe('E_MODEL_THRESHOLD');
    expect(code(() => thresholdModel(fr, opts(q2)))).toBe('no error');
    // trim 0.3: two thresholds fit (3 regimes of ≥ 12 of 40), a third would need 4 × 12 > 40
    expect(code(() => thresholdModel(fr, { ...opts(q2), trim: 0.3, thresholds: 2 }))).toBe('no error');
    expect(code(() => thresholdModel(fr, { ...opts(q2), trim: 0.3, thresholds: 3 }))).toBe('E_MODEL_THRESHOLD');
  });

  it('a missing threshold value, an unknown regime term or a bad setting is refused with its code', () => {
    const { fr, q } = base();
    const qn = q.slice();
    qn[5] = Number.NaN;
    expect(code(() => thresholdModel(fr, opts(qn)))).toBe('E_MODEL_THRESHOLD');
    expect(code(() => thresholdModel(fr, { ...opts(q), regime: 'nope' }))).toBe('E_MODEL_SPEC');
    expect(code(() => thresholdModel(fr, { ...opts(q), trim: 0.5 }))).toBe('E_MODEL_SPEC');
  });
});

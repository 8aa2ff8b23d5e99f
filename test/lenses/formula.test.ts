/**
 * Formulas, model frames and the estimator's handling of bad input (issue 15): parsing (hand-written
 * expectations), lags by period value, listwise deletion, log of non-positive values, absorbed and
 * collinear regressors, and the unbalanced two-way within estimator against the dummy-variable
 * regression (LSDV: OLS with explicit unit and period dummies — an independent algorithm).
 */
import { describe, expect, it } from 'vitest';
import { NqpfError } from '../../src/core/errors.js';
import { Rng } from '../../src/core/rng.js';
import { ols } from '../../src/kernels/ols.js';
import { fitPanel } from '../../src/lenses/panel/estimate.js';
import { buildFrame, panelFromRecords } from '../../src/lenses/panel/frame.js';
import { formulaVars, parseFormula } from '../../src/lenses/panel/formula.js';
import { resampleUnits } from '../../src/lenses/panel/mechanism.js';
import { vcov } from '../../src/lenses/panel/vcov.js';

const err = (f: () => unknown): NqpfError => {
  try {
    f();
  } catch (e) {
    if (e instanceof NqpfError) return e;
    throw e;
  }
  throw new Error('no error');
};

describe('formula parsing', () => {
  it('terms, functions, interactions, crossings, fixed effects', () => {
    const f = parseFormula('log(y) ~ x1 + ln(x2) + l(x3, 2) + x1:x4 + a*b | unit + period', 'p');
    expect(f.lhsName).toBe('log(y)');
    expect(f.terms.map((t) => t.name)).toEqual(['x1', 'log(x2)', 'lag(x3,2)', 'x1:x4', 'a', 'b', 'a:b']);
    expect(f.fixed).toEqual(['unit', 'period']);
    expect(f.intercept).toBe(true);
    expect(parseFormula('y ~ x - 1', 'p').intercept).toBe(false);
    expect(parseFormula('y ~ x + 0', 'p').intercept).toBe(false);
    expect(parseFormula('y ~ log(price/cpi) + I(a*b)', 'p').terms.map((t) => t.name)).toEqual(['log(price/cpi)', 'I(a*b)']);
    expect(parseFormula('y ~ `R&D 经费` + 研发', 'p').terms.map((t) => t.name)).toEqual(['`R&D 经费`', '研发']);
    expect(formulaVars(parseFormula('log(s) ~ log(p/c) + x:z', 'p')).sort()).toEqual(['c', 'p', 's', 'x', 'z']);
  });

  it('errors name the spec path, the character and what was expected', () => {
    const e = err(() => parseFormula('y ~ x +', 'analyses.models.regressions.0.formula'));
    expect(e.code).toBe('E_MODEL_FORMULA');
    expect(e.location?.path).toBe('analyses.models.regressions.0.formula');
    expect(e.message).toMatch(/character 8/);
    expect(err(() => parseFormula('y ~ foo(x)', 'p')).message).toMatch(/unknown function foo/);
    expect(err(() => parseFormula('y x', 'p')).message).toMatch(/expected "~"/);
    expect(err(() => parseFormula('y ~ l(x, 0)', 'p')).message).toMatch(/whole number of periods/);
  });
});

/** A small unbalanced panel with known values. */
function panel() {
  const unit: string[] = [];
  const period: string[] = [];
  const x: number[] = [];
  const z: number[] = [];
  const y: number[] = [];
  const c: number[] = [];
  const rng = Rng.create(5);
  for (let u = 0; u < 6; u++)
    for (let t = 2010; t < 2016; t++) {
      if ((u === 2 && t === 2012) || (u === 4 && t >= 2014)) continue; // gaps: unbalanced
      unit.push(`u${u}`);
      period.push(String(t));
      const xv = rng.normal() + u * 0.3;
      const zv = rng.normal();
      x.push(xv);
      z.push(zv);
      c.push(u); // constant within unit
      y.push(1 + 0.5 * xv - 0.25 * zv + u + 0.1 * (t - 2010) + 0.3 * rng.normal());
    }
  return panelFromRecords(unit, period, { y, x, z, c, pos: x.map((v) => Math.exp(v)), neg: x });
}

describe('model frames and estimation', () => {
  it('lags follow the period values: a gap gives a missing lag, not the value two periods back', () => {
    const p = panel();
    const fr = buildFrame(parseFormula('y ~ l(x, 1)', 'p'), p, 'p');
    // 36 cells, 33 observed; lags missing for 2010 (6), for u2 2013 (its 2012 is missing), none other.
    expect(fr.n).toBe(33 - 6 - 1);
    const xv = p.resolve('x')!;
    const nU = p.units.length;
    // u1 2015 uses u1 2014.
    const row = Array.from(fr.rows).indexOf(5 * nU + 1);
    expect(fr.X[0][row]).toBe(xv[4 * nU + 1]);
  });

  it('log of a value ≤ 0 stops with the unit and period named', () => {
    const e = err(() => buildFrame(parseFormula('y ~ log(neg)', 'a.b'), panel(), 'a.b'));
    expect(e.code).toBe('E_MODEL_DOMAIN');
    expect(e.message).toMatch(/log\(neg\) needs positive values; not at u\d 20\d\d/);
  });

  it('an unknown variable is named with the variables there are', () => {
    const e = err(() => buildFrame(parseFormula('y ~ xx', 'a.b'), panel(), 'a.b'));
    expect(e.code).toBe('E_MODEL_VARIABLE');
    expect(e.hint).toMatch(/variables: y, x, z/);
  });

  it('unbalanced two-way within = LSDV (OLS with unit and period dummies), coefficients and conventional SEs to 1e-9', () => {
    const p = panel();
    const fr = buildFrame(parseFormula('y ~ x + z', 'p'), p, 'p');
    expect(fr.balanced).toBe(false);
    const fit = fitPanel(fr, { estimator: 'ols', effects: 'twoway', path: 'p' });
    const cols = [fr.X[0], fr.X[1]];
    for (let g = 1; g < fr.unitLabels.length; g++) cols.push(Float64Array.from(fr.unit, (u) => (u === g ? 1 : 0)));
    for (let t = 1; t < fr.periodLabels.length; t++) cols.push(Float64Array.from(fr.period, (q) => (q === t ? 1 : 0)));
    const lsdv = ols(cols, fr.y);
    const V = vcov(fit, 'conventional', { path: 'p' }).V;
    for (let j = 0; j < 2; j++) {
      expect(Math.abs(fit.coef[j] - lsdv.coef[j + 1]) / Math.abs(lsdv.coef[j + 1])).toBeLessThan(1e-9);
      expect(Math.abs(Math.sqrt(V[j * 3]) - lsdv.se[j + 1]) / lsdv.se[j + 1]).toBeLessThan(1e-9);
    }
    expect(fit.dfResid).toBe(lsdv.df);
    expect(Math.abs(fit.rss - lsdv.rss) / lsdv.rss).toBeLessThan(1e-9);
  });

  it('a regressor constant within units is dropped under unit effects and named; a collinear one is dropped too', () => {
    const p = panel();
    const fe = fitPanel(buildFrame(parseFormula('y ~ x + c | unit', 'p'), p, 'p'), { estimator: 'ols', effects: 'unit', path: 'p' });
    expect(fe.names).toEqual(['x']);
    expect(fe.dropped).toEqual([{ name: 'c', reason: 'absorbed' }]);
    const po = fitPanel(buildFrame(parseFormula('y ~ x + z + I(x + z)', 'p'), p, 'p'), { estimator: 'ols', effects: 'none', path: 'p' });
    expect(po.names).toEqual(['(Intercept)', 'x', 'z']);
    expect(po.dropped).toEqual([{ name: 'I(x+z)', reason: 'collinear' }]);
  });

  it('random effects refuse an unbalanced panel with a clear error', () => {
    const fr = buildFrame(parseFormula('y ~ x', 'p'), panel(), 'p');
    expect(err(() => fitPanel(fr, { estimator: 'random', effects: 'unit', path: 'p' })).code).toBe('E_MODEL_UNBALANCED');
  });

  it("the estimators never write into the panel's columns (a complete frame shares them)", () => {
    const unit: string[] = [];
    const period: string[] = [];
    const x: number[] = [];
    const y: number[] = [];
    for (let u = 0; u < 8; u++)
      for (let t = 0; t < 5; t++) {
        unit.push(`u${u}`);
        period.push(String(2000 + t));
        x.push(Math.sin(u * 5 + t));
        y.push(Math.cos(u * 3 - t) + 0.5 * Math.sin(u * 5 + t));
      }
    const p = panelFromRecords(unit, period, { x, y });
    const before = [p.resolve('x')!.slice(), p.resolve('y')!.slice()];
    const fr = buildFrame(parseFormula('y ~ x', 'p'), p, 'p');
    expect(fr.X[0]).toBe(p.resolve('x')); // shared, not copied
    for (const effects of ['none', 'unit', 'period', 'twoway'] as const) {
      const fit = fitPanel(fr, { estimator: 'ols', effects, path: 'p' });
      for (const t of ['conventional', 'hc1', 'cluster', 'twoway_cluster', 'driscoll_kraay'] as const) vcov(fit, t, { path: 'p' });
    }
    fitPanel(fr, { estimator: 'random', effects: 'unit', path: 'p' });
    resampleUnits(fr, Int32Array.of(1, 1, 2));
    expect(p.resolve('x')).toEqual(before[0]);
    expect(p.resolve('y')).toEqual(before[1]);
  });

  it('a resampled frame gives each drawn unit its own fixed effect', () => {
    const fr = buildFrame(parseFormula('y ~ x', 'p'), panel(), 'p');
    const r = resampleUnits(fr, Int32Array.of(0, 0, 3));
    expect(r.unitLabels).toEqual(['u0#0', 'u0#1', 'u3#2']);
    expect(r.n).toBe(18);
    expect(new Set(r.unit).size).toBe(3);
  });
});

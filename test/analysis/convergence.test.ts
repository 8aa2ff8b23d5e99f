import { describe, expect, it } from 'vitest';
import { close } from '../helpers/shared.js';
import { betaConvergence, convergenceSpeed, panelBetaConvergence, sigmaConvergence } from '../../src/analysis/convergence/convergence.js';
import { ols } from '../../src/kernels/ols.js';
import type { NqpfError } from '../../src/core/errors.js';

/** Small deterministic generator for test data (not the code under test). */
function lcg(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
}

/** Build a period-major panel from a function of (u, t). */
function panel(nU: number, nT: number, f: (u: number, t: number) => number): Float64Array {
  const x = new Float64Array(nU * nT);
  for (let t = 0; t < nT; t++) for (let u = 0; u < nU; u++) x[t * nU + u] = f(u, t);
  return x;
}

function errorOf(f: () => unknown): NqpfError {
  try {
    f();
  } catch (e) {
    return e as NqpfError;
  }
  throw new Error('no error thrown');
}

describe('sigmaConvergence(x, nUnits, nPeriods)', () => {
  it('CV (sample sd / mean) and sd of logs per period, by hand', () => {
    // period 0: 1, 3 → mean 2, sd √2, CV √2/2, sd(ln) = ln 3/√2; period 1: 2, 4, 6 (3 units) below
    const r = sigmaConvergence(Float64Array.of(1, 3, 2, 2), 2, 2);
    expect(close(r.cv[0], Math.SQRT2 / 2)).toBe(true);
    expect(close(r.sdLog[0], Math.log(3) / Math.SQRT2)).toBe(true);
    expect(r.cv[1]).toBe(0);
    expect(r.sdLog[1]).toBe(0);
    const r3 = sigmaConvergence(Float64Array.of(2, 4, 6, 3, 3, 6), 3, 2);
    expect(close(r3.cv[0], 0.5)).toBe(true); // mean 4, sd 2
    const l = [Math.log(2), Math.log(4), Math.log(6)];
    const lm = (l[0] + l[1] + l[2]) / 3;
    expect(close(r3.sdLog[0], Math.sqrt(l.reduce((a, v) => a + (v - lm) ** 2, 0) / 2))).toBe(true);
    expect(close(r3.cv[1], Math.sqrt(3) / 4)).toBe(true); // mean 4, var (1+1+4)/2 = 3
    expect(Array.from(r3.n)).toEqual([3, 3]);
  });

  it('missing values: error naming unit and period, or skipped per period with dropMissing', () => {
    const x = Float64Array.of(1, 3, NaN, 2, 2, 2);
    const e = errorOf(() => sigmaConvergence(x, 3, 2, { units: ['BJ', 'SH', 'GD'], periods: ['2011', '2012'] }));
    expect(e.code).toBe('E_MISSING_VALUES');
    expect(e.message).toContain('GD (2011)');
    const r = sigmaConvergence(x, 3, 2, { dropMissing: true });
    expect(close(r.cv[0], Math.SQRT2 / 2)).toBe(true);
    expect(r.n[0]).toBe(2);
  });

  it('x ≤ 0 with logs → E_NONPOSITIVE; logs: false gives the CV only', () => {
    const x = Float64Array.of(0, 2, 1, 3);
    expect(errorOf(() => sigmaConvergence(x, 2, 2)).code).toBe('E_NONPOSITIVE');
    const r = sigmaConvergence(x, 2, 2, { logs: false });
    expect(close(r.cv[0], Math.SQRT2 / 1)).toBe(true); // mean 1, sd √2
    expect(r.sdLog[0]).toBeNaN();
  });
});

describe('betaConvergence (cross-section)', () => {
  const nU = 9;
  const nT = 6; // T = 5 periods elapsed
  const rnd = lcg(7);
  const l0 = Array.from({ length: nU }, () => 1 + 3 * rnd());
  const z0 = Array.from({ length: nU }, () => rnd());

  it('exact absolute-convergence data (no noise) recovers β to 1e-12; λ and half-life satisfy their definitions', () => {
    const a = 0.4;
    const beta = -0.03;
    const T = 5;
    const x = panel(nU, nT, (u, t) => (t === 0 ? Math.exp(l0[u]) : t === nT - 1 ? Math.exp(l0[u] + T * (a + beta * l0[u])) : 1 + rnd()));
    const r = betaConvergence(x, nU, nT);
    expect(r.model).toBe('absolute');
    expect(close(r.beta, beta, 1e-12)).toBe(true);
    expect(close(r.table.coef[0], a, 1e-12)).toBe(true);
    expect(r.elapsed).toBe(5);
    expect(r.converging).toBe(true);
    expect(r.reason).toBeNull();
    // β = −(1 − e^{−λT})/T (Barro–Sala-i-Martin) and e^{−λ·halfLife} = ½
    expect(close(-(1 - Math.exp(-r.lambda * T)) / T, beta, 1e-12)).toBe(true);
    expect(close(Math.exp(-r.lambda * r.halfLife), 0.5, 1e-12)).toBe(true);
    expect(close(r.lambda, -Math.log(0.85) / 5, 1e-12)).toBe(true);
    expect(r.r2).toBeCloseTo(1, 12);
  });

  it('conditional β: a covariate (first-period values) is recovered with β exactly', () => {
    const x = panel(nU, nT, (u, t) => (t === 0 ? Math.exp(l0[u]) : t === nT - 1 ? Math.exp(l0[u] + 5 * (0.2 - 0.05 * l0[u] + 0.3 * z0[u])) : 1));
    const z = panel(nU, nT, (u, t) => (t === 0 ? z0[u] : 99)); // later periods must not be used
    const r = betaConvergence(x, nU, nT, { covariates: [z], covariateNames: ['rd'] });
    expect(r.model).toBe('conditional');
    expect(close(r.beta, -0.05, 1e-12)).toBe(true);
    expect(r.table.names).toEqual(['(Intercept)', 'ln_x0', 'rd']);
    expect(close(r.table.coef[2], 0.3, 1e-12)).toBe(true);
  });

  it('with noise: equals an OLS of g on ln x0 computed here by the closed form Sxy/Sxx', () => {
    const x = panel(nU, 3, () => 0.5 + 10 * rnd());
    const r = betaConvergence(x, nU, 3);
    const g = Array.from({ length: nU }, (_, u) => (Math.log(x[2 * nU + u]) - Math.log(x[u])) / 2);
    const l = Array.from({ length: nU }, (_, u) => Math.log(x[u]));
    const lm = l.reduce((a, v) => a + v, 0) / nU;
    const gm = g.reduce((a, v) => a + v, 0) / nU;
    let sxx = 0;
    let sxy = 0;
    for (let i = 0; i < nU; i++) {
      sxx += (l[i] - lm) ** 2;
      sxy += (l[i] - lm) * (g[i] - gm);
    }
    const b = sxy / sxx;
    const rss = g.reduce((a, v, i) => a + (v - gm - b * (l[i] - lm)) ** 2, 0);
    expect(close(r.beta, b, 1e-10)).toBe(true);
    expect(close(r.se, Math.sqrt(rss / (nU - 2) / sxx), 1e-9)).toBe(true);
    expect(r.df).toBe(nU - 2);
  });

  it('β ≥ 0 → no convergence with NaN speed and a reason; 1 + βT ≤ 0 → speed undefined with a reason', () => {
    const div = panel(4, 2, (u, t) => (t === 0 ? u + 1 : (u + 1) ** 2 * (1 + 0.01 * u)));
    const r = betaConvergence(div, 4, 2);
    expect(r.beta).toBeGreaterThan(0);
    expect(r.converging).toBe(false);
    expect(r.lambda).toBeNaN();
    expect(r.halfLife).toBeNaN();
    expect(r.reason).toMatch(/no convergence/);
    const s = convergenceSpeed(-0.3, 5);
    expect(s.lambda).toBeNaN();
    expect(s.reason).toMatch(/speed undefined/);
  });

  it('elapsed overrides T; missing → error naming cells, dropMissing drops the unit (same fit as without it)', () => {
    const x = panel(5, 3, (u, t) => (u + 2) * (1 + 0.1 * t * (5 - u)) + 0.03 * ((u * 7 + t) % 3));
    const r10 = betaConvergence(x, 5, 3, { elapsed: 10 });
    const r2 = betaConvergence(x, 5, 3);
    expect(close(r10.beta * 10, r2.beta * 2, 1e-12)).toBe(true);
    const xm = x.slice();
    xm[2 * 5 + 3] = NaN; // unit 4, last period
    const e = errorOf(() => betaConvergence(xm, 5, 3, { units: ['A', 'B', 'C', 'D', 'E'], periods: ['2010', '2015', '2020'] }));
    expect(e.code).toBe('E_MISSING_VALUES');
    expect(e.message).toContain('D (2020)');
    const rd = betaConvergence(xm, 5, 3, { dropMissing: true, units: ['A', 'B', 'C', 'D', 'E'] });
    expect(rd.dropped).toEqual(['D']);
    const keep = [0, 1, 2, 4];
    const xs = panel(4, 3, (i, t) => x[t * 5 + keep[i]]);
    expect(close(rd.beta, betaConvergence(xs, 4, 3).beta, 1e-14)).toBe(true);
  });

  it('x ≤ 0 → E_NONPOSITIVE naming the cell', () => {
    const e = errorOf(() => betaConvergence(Float64Array.of(1, 2, 3, -1, 2, 3), 3, 2, { units: ['a', 'b', 'c'] }));
    expect(e.code).toBe('E_NONPOSITIVE');
    expect(e.message).toContain('a (period 2) = -1');
  });
});

/** LSDV: OLS of Δ ln x on unit dummies (no intercept) + ln x_lag (+ covariates), built independently here. */
function lsdv(x: Float64Array, nU: number, nT: number, z?: Float64Array, skip?: (u: number, t: number) => boolean) {
  const rows: { u: number; t: number }[] = [];
  for (let u = 0; u < nU; u++) for (let t = 1; t < nT; t++) if (!skip?.(u, t)) rows.push({ u, t });
  const units = Array.from(new Set(rows.map((r) => r.u)));
  const dummies = units.map((u) => Float64Array.from(rows, (r) => (r.u === u ? 1 : 0)));
  const lag = Float64Array.from(rows, (r) => Math.log(x[(r.t - 1) * nU + r.u]));
  const dy = Float64Array.from(rows, (r) => Math.log(x[r.t * nU + r.u]) - Math.log(x[(r.t - 1) * nU + r.u]));
  const cols = [...dummies, lag];
  if (z) cols.push(Float64Array.from(rows, (r) => z[(r.t - 1) * nU + r.u]));
  const fit = ols(cols, dy, { intercept: false });
  const j = units.length;
  return { fit, j };
}

describe('panelBetaConvergence (unit fixed effects, within estimator)', () => {
  it('exact data Δ ln x = α_i + β ln x_{t−1} (no noise) recovers β to 1e-12, λ = −ln(1 + β)', () => {
    const nU = 5;
    const nT = 8;
    const alpha = [0.3, 0.5, 0.2, 0.6, 0.4];
    const beta = -0.12;
    const lx = panel(nU, nT, () => 0);
    for (let u = 0; u < nU; u++) {
      lx[u] = 0.5 + u * 0.7;
      for (let t = 1; t < nT; t++) lx[t * nU + u] = lx[(t - 1) * nU + u] + alpha[u] + beta * lx[(t - 1) * nU + u];
    }
    const r = panelBetaConvergence(lx.map(Math.exp), nU, nT);
    expect(close(r.beta, beta, 1e-12)).toBe(true);
    expect(close(r.lambda, -Math.log(1 + beta), 1e-12)).toBe(true);
    expect(close(r.halfLife, Math.LN2 / r.lambda, 1e-15)).toBe(true);
    expect(r.nObs).toBe(nU * (nT - 1));
    expect(r.df).toBe(nU * (nT - 1) - nU - 1);
  });

  it('with noise: same β, SE, t, p and σ as the explicit dummy-variable regression (LSDV)', () => {
    const nU = 6;
    const nT = 7;
    const rnd = lcg(11);
    const x = panel(nU, nT, (u, t) => Math.exp(1 + 0.1 * u + 0.08 * t + 0.3 * rnd()));
    const r = panelBetaConvergence(x, nU, nT);
    const { fit, j } = lsdv(x, nU, nT);
    expect(close(r.beta, fit.coef[j], 1e-10)).toBe(true);
    expect(close(r.se, fit.se[j], 1e-10)).toBe(true);
    expect(close(r.t, fit.t[j], 1e-10)).toBe(true);
    expect(close(r.p, fit.p[j], 1e-9)).toBe(true);
    expect(close(r.sigma, fit.sigma, 1e-10)).toBe(true);
    expect(r.df).toBe(fit.df);
    expect(r.df).toBe(nU * (nT - 1) - nU - 1);
  });

  it('conditional (lagged covariate) equals LSDV with the covariate; missing obs dropped with dropMissing equal LSDV on complete cases', () => {
    const nU = 5;
    const nT = 6;
    const rnd = lcg(3);
    const x = panel(nU, nT, (u, t) => Math.exp(2 + 0.2 * u + 0.05 * t * u + 0.4 * rnd()));
    const z = panel(nU, nT, () => rnd());
    const r = panelBetaConvergence(x, nU, nT, { covariates: [z], covariateNames: ['open'] });
    const { fit, j } = lsdv(x, nU, nT, z);
    expect(r.table.names).toEqual(['ln_x_lag', 'open']);
    for (const c of [0, 1]) {
      expect(close(r.table.coef[c], fit.coef[j + c], 1e-10)).toBe(true);
      expect(close(r.table.se[c], fit.se[j + c], 1e-10)).toBe(true);
    }
    const xm = x.slice();
    xm[3 * nU + 2] = NaN; // unit 3, period 4 → observations (u=2, t=3) and (u=2, t=4) drop
    const e = errorOf(() => panelBetaConvergence(xm, nU, nT));
    expect(e.code).toBe('E_MISSING_VALUES');
    expect(e.message).toContain('unit 3 (period 4)');
    const rd = panelBetaConvergence(xm, nU, nT, { dropMissing: true });
    const ref = lsdv(xm, nU, nT, undefined, (u, t) => u === 2 && (t === 3 || t === 4));
    expect(rd.nObs).toBe(nU * (nT - 1) - 2);
    expect(close(rd.beta, ref.fit.coef[ref.j], 1e-10)).toBe(true);
    expect(close(rd.se, ref.fit.se[ref.j], 1e-10)).toBe(true);
    expect(rd.df).toBe(ref.fit.df);
  });

  it('too few periods or degrees of freedom → clear errors', () => {
    expect(errorOf(() => panelBetaConvergence(Float64Array.of(1, 2, 3, 4), 2, 2)).code).toBe('E_ANALYSIS_PERIODS');
    expect(errorOf(() => panelBetaConvergence(new Float64Array(5).fill(1), 2, 3)).code).toBe('E_LENGTH_MISMATCH');
  });
});

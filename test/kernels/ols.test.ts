import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sharedAvailable, sharedPath, close } from '../helpers/shared.js';
import { lre } from '../helpers/nist.js';
import { ols } from '../../src/kernels/ols.js';
import { NqpfError } from '../../src/core/errors.js';

/** A NIST StRD linear regression set: data, model form and certified values from the header. */
interface NistRegression {
  name: string;
  y: Float64Array;
  x: Float64Array[]; // raw predictor columns as in the file
  intercept: boolean;
  params: number; // certified parameters (B0..)
  coef: number[];
  se: number[];
  sigma: number;
  r2: number;
}

/**
 * Parse a NIST StRD regression `.dat` (plain string handling, independent of src/io): the header
 * says where certified values and data are ("Certified Values (lines 31 to 51)", "Data (lines 61
 * to 76)"); certified lines are `Bj  estimate  sd`, "Residual Standard Deviation" and "R-Squared".
 */
function readNistRegression(name: string): NistRegression {
  const lines = readFileSync(sharedPath('data/nist', `${name}.dat`), 'latin1').split(/\r?\n/);
  const header = lines.slice(0, 60).join('\n');
  const cert = /Certified Values\s*\(lines\s+(\d+)\s+to\s+(\d+)\)/.exec(header);
  const data = /Data\s*\(lines\s+(\d+)\s+to\s+(\d+)\)/.exec(header);
  if (!cert || !data) throw new Error(`${name}: not a NIST regression file`);
  const coef: number[] = [];
  const se: number[] = [];
  let intercept = false;
  let sigma = NaN;
  let r2 = NaN;
  for (let l = Number(cert[1]); l <= Number(cert[2]); l++) {
    const s = lines[l - 1];
    const b = /^\s*B(\d+)\s+(\S+)\s+(\S+)/.exec(s);
    if (b) {
      if (b[1] === '0') intercept = true;
      coef.push(Number(b[2]));
      se.push(Number(b[3]));
    }
    const sd = /Standard Deviation\s+(\S+)/.exec(s);
    if (sd && /Residual/.test(lines[l - 2] ?? '')) sigma = Number(sd[1]);
    const rr = /R-Squared\s+(\S+)/.exec(s);
    if (rr) r2 = Number(rr[1]);
  }
  const rows: number[][] = [];
  for (let l = Number(data[1]); l <= Number(data[2]); l++) {
    const t = lines[l - 1].trim();
    if (t) rows.push(t.split(/\s+/).map(Number));
  }
  const nc = rows[0].length;
  const y = Float64Array.from(rows, (r) => r[0]);
  const x: Float64Array[] = [];
  for (let c = 1; c < nc; c++) x.push(Float64Array.from(rows, (r) => r[c]));
  if (coef.some((v) => !Number.isFinite(v)) || !Number.isFinite(sigma) || !Number.isFinite(r2)) throw new Error(`${name}: bad certified values`);
  return { name, y, x, intercept, params: coef.length, coef, se, sigma, r2 };
}

/** Design columns for the certified model: the raw columns, or raw powers x, x², … of a single x. */
function designColumns(d: NistRegression): Float64Array[] {
  const slopes = d.params - (d.intercept ? 1 : 0);
  if (d.x.length === slopes) return d.x;
  // Polynomial class (Pontius, Wampler1–5, Filip): powers of the one predictor, raw basis as certified.
  const x = d.x[0];
  const cols: Float64Array[] = [];
  for (let pw = 1; pw <= slopes; pw++) cols.push(x.map((v) => v ** pw));
  return cols;
}

/** LRE with the convention for certified zeros: −log10 |x| (absolute error), capped at 15. */
function lreC(x: number, c: number): number {
  return Math.min(15, lre(x, c));
}

const SETS = ['Norris', 'Pontius', 'NoInt1', 'NoInt2', 'Longley', 'Wampler1', 'Wampler2', 'Wampler3', 'Wampler4', 'Wampler5'];

describe.skipIf(!sharedAvailable)('ols() on the NIST StRD linear regression sets', () => {
  const table: string[] = [];

  for (const name of SETS) {
    it(`${name}: coefficients and SEs (where certified non-zero) to LRE ≥ 6; residual SD and R² too`, () => {
      const d = readNistRegression(name);
      const fit = ols(designColumns(d), d.y, { intercept: d.intercept });
      expect(fit.k).toBe(d.params);
      let minB = 15;
      let minS = 15;
      for (let j = 0; j < d.params; j++) {
        const lb = lreC(fit.coef[j], d.coef[j]);
        minB = Math.min(minB, lb);
        expect(lb, `${name} B${j}`).toBeGreaterThanOrEqual(6);
        if (d.se[j] !== 0) {
          const ls = lreC(fit.se[j], d.se[j]);
          minS = Math.min(minS, ls);
          expect(ls, `${name} SE(B${j})`).toBeGreaterThanOrEqual(6);
        } else {
          // Wampler1: exact fit, certified SE 0 → absolute error.
          expect(Math.abs(fit.se[j])).toBeLessThan(1e-6);
        }
      }
      const lsig = lreC(fit.sigma, d.sigma);
      const lr2 = lreC(fit.r2, d.r2);
      expect(lsig, `${name} residual SD`).toBeGreaterThanOrEqual(6);
      expect(lr2, `${name} R²`).toBeGreaterThanOrEqual(6);
      table.push(
        `${name.padEnd(9)} k=${String(d.params).padStart(2)}  min LRE coef ${minB.toFixed(1).padStart(4)}  ` +
          `se ${minS.toFixed(1).padStart(4)}  sigma ${lsig.toFixed(1).padStart(4)}  R² ${lr2.toFixed(1).padStart(4)}`,
      );
    });
  }

  it('Filip (degree-10 raw polynomial): explicit E_RANK_DEFICIENT naming x^10 at the default tolerance; solved to LRE ≥ 6 with tol 1e-9', () => {
    const d = readNistRegression('Filip');
    const names = Array.from({ length: 10 }, (_, i) => `x^${i + 1}`);
    let err: unknown;
    try {
      ols(designColumns(d), d.y, { names });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(NqpfError);
    const e = err as NqpfError;
    expect(e.code).toBe('E_RANK_DEFICIENT');
    const cols = (e.data as { columns: string[] }).columns;
    expect(cols).toEqual(['x^10']);
    for (const c of cols) expect(e.message).toContain(`"${c}"`);
    expect(e.hint).toMatch(/orthogonal polynomials/);
    table.push(`Filip     k=11  E_RANK_DEFICIENT: ${cols.join(', ')} (tolerance 1e-7, as R's lm)`);
    // With the collinearity tolerance lowered the refined QR solves Filip too (LRE ≥ 6).
    const fit = ols(designColumns(d), d.y, { names, tol: 1e-9 });
    let minB = 15;
    let minS = 15;
    for (let j = 0; j < d.params; j++) {
      minB = Math.min(minB, lreC(fit.coef[j], d.coef[j]));
      minS = Math.min(minS, lreC(fit.se[j], d.se[j]));
    }
    expect(minB).toBeGreaterThanOrEqual(6);
    expect(minS).toBeGreaterThanOrEqual(6);
    expect(lreC(fit.sigma, d.sigma)).toBeGreaterThanOrEqual(6);
    table.push(`Filip     k=11  with tol: 1e-9: min LRE coef ${minB.toFixed(1)}  se ${minS.toFixed(1)}  sigma ${lreC(fit.sigma, d.sigma).toFixed(1)}`);
    console.log(`[NIST regression, ols() by Householder QR]\n  ${table.join('\n  ')}`);
  });
});

describe('ols() hand-worked and analytic cases', () => {
  it('simple regression matches the textbook closed form (slope = Sxy/Sxx, SE = σ/√Sxx)', () => {
    // x = 1..5, y = 2, 4, 5, 4, 5: x̄ = 3, ȳ = 4, Sxx = 10, Sxy = 6 → b = 0.6, a = 2.2,
    // residuals −0.8, 0.6, 1.0, −0.6, −0.2 → RSS = 2.4, σ² = 0.8, SE(b) = √(0.08), SE(a) = √(0.8·(1/5 + 9/10)).
    const fit = ols([Float64Array.of(1, 2, 3, 4, 5)], Float64Array.of(2, 4, 5, 4, 5));
    expect(close(fit.coef[0], 2.2)).toBe(true);
    expect(close(fit.coef[1], 0.6)).toBe(true);
    expect(close(fit.rss, 2.4)).toBe(true);
    expect(close(fit.se[1], Math.sqrt(0.08))).toBe(true);
    expect(close(fit.se[0], Math.sqrt(0.8 * (0.2 + 0.9)))).toBe(true);
    expect(close(fit.r2, 1 - 2.4 / 6)).toBe(true); // TSS = 4+0+1+0+1 = 6
    expect(close(fit.adjR2, 1 - (0.4 * 4) / 3)).toBe(true);
    // F = t² for one slope; p(F) = p(t)
    expect(close(fit.fStat, fit.t[1] ** 2)).toBe(true);
    expect(close(fit.fP, fit.p[1])).toBe(true);
    expect(fit.df).toBe(3);
    expect(fit.names).toEqual(['(Intercept)', 'x1']);
    Float64Array.of(-0.8, 0.6, 1.0, -0.6, -0.2).forEach((r, i) => expect(close(fit.residuals[i], r)).toBe(true));
  });

  it('column-major Float64Array input gives the same fit as an array of columns', () => {
    const x1 = Float64Array.of(1, 3, 2, 5, 4, 7);
    const x2 = Float64Array.of(2, 1, 4, 3, 6, 5);
    const y = Float64Array.of(3, 4, 7, 8, 11, 12.5);
    const a = ols([x1, x2], y);
    const flat = new Float64Array(12);
    flat.set(x1, 0);
    flat.set(x2, 6);
    const b = ols(flat, y);
    expect(Array.from(b.coef)).toEqual(Array.from(a.coef));
    expect(Array.from(b.se)).toEqual(Array.from(a.se));
  });

  it('leaves its inputs untouched', () => {
    const x = Float64Array.of(1, 2, 3, 4);
    const y = Float64Array.of(1, 3, 2, 5);
    ols([x], y);
    expect(Array.from(x)).toEqual([1, 2, 3, 4]);
    expect(Array.from(y)).toEqual([1, 3, 2, 5]);
  });

  it('property: on random data the QR solution satisfies the normal equations Xᵀ(y − Xβ) = 0 and SE matches the explicit (XᵀX)⁻¹ by Gauss–Jordan', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e9 }), fc.integer({ min: 5, max: 30 }), fc.integer({ min: 1, max: 3 }), (seed, n, p) => {
        let s = seed;
        const rnd = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648) * 2 - 1;
        const cols = Array.from({ length: p }, () => Float64Array.from({ length: n }, rnd));
        const y = Float64Array.from({ length: n }, rnd);
        const fit = ols(cols, y);
        const k = p + 1;
        const col = (j: number, i: number) => (j === 0 ? 1 : cols[j - 1][i]);
        for (let j = 0; j < k; j++) {
          let g = 0;
          let scale = 0;
          for (let i = 0; i < n; i++) {
            g += col(j, i) * fit.residuals[i];
            scale += Math.abs(col(j, i) * y[i]);
          }
          expect(Math.abs(g)).toBeLessThan(1e-12 * Math.max(1, scale));
        }
        // Gauss–Jordan inverse of XᵀX (a different algorithm) → SE² = σ² diag.
        const M = Array.from({ length: k }, (_, a) => {
          const row = new Array<number>(2 * k).fill(0);
          for (let b = 0; b < k; b++) for (let i = 0; i < n; i++) row[b] += col(a, i) * col(b, i);
          row[k + a] = 1;
          return row;
        });
        for (let c = 0; c < k; c++) {
          let piv = c;
          for (let r = c + 1; r < k; r++) if (Math.abs(M[r][c]) > Math.abs(M[piv][c])) piv = r;
          [M[c], M[piv]] = [M[piv], M[c]];
          const d = M[c][c];
          for (let b = 0; b < 2 * k; b++) M[c][b] /= d;
          for (let r = 0; r < k; r++) {
            if (r === c) continue;
            const f = M[r][c];
            for (let b = 0; b < 2 * k; b++) M[r][b] -= f * M[c][b];
          }
        }
        for (let j = 0; j < k; j++) expect(close(fit.se[j], fit.sigma * Math.sqrt(M[j][k + j]), 1e-8)).toBe(true);
      }),
      { numRuns: 50 },
    );
  });

  it('no intercept: R² is uncentred (1 − RSS/Σy²) and the F test has k numerator df', () => {
    // y = 2x exactly except one point: x = 1, 2, 3; y = 2, 4, 7 → β = Σxy/Σx² = 31/14.
    const fit = ols([Float64Array.of(1, 2, 3)], Float64Array.of(2, 4, 7), { intercept: false, names: ['x'] });
    expect(close(fit.coef[0], 31 / 14)).toBe(true);
    const rss = [2, 4, 7].reduce((a, v, i) => a + (v - (31 / 14) * (i + 1)) ** 2, 0);
    expect(close(fit.rss, rss)).toBe(true);
    expect(close(fit.r2, 1 - rss / 69)).toBe(true);
    expect(fit.fDf).toBe(1);
    expect(fit.names).toEqual(['x']);
  });
});

describe('ols() errors', () => {
  const codeOf = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      return e as NqpfError;
    }
    throw new Error('no error thrown');
  };

  it('an exactly duplicated column → E_RANK_DEFICIENT naming it (and every other collinear column)', () => {
    const a = Float64Array.of(1, 2, 3, 4, 5, 6);
    const b = Float64Array.of(2, 1, 0, 1, 2, 5);
    const e = codeOf(() =>
      ols([a, b, a.map((v) => 3 * v), a.map((v, i) => v + b[i])], Float64Array.of(1, 2, 3, 3, 2, 1), { names: ['gdp', 'pop', 'gdp3', 'sum'] }),
    );
    expect(e.code).toBe('E_RANK_DEFICIENT');
    expect((e.data as { columns: string[] }).columns).toEqual(['gdp3', 'sum']);
    expect(e.message).toContain('"gdp3"');
  });

  it('a constant column with an intercept is collinear with the intercept', () => {
    const e = codeOf(() => ols([Float64Array.of(1, 2, 3, 4), Float64Array.of(5, 5, 5, 5)], Float64Array.of(1, 2, 3, 5), { names: ['x', 'c'] }));
    expect(e.code).toBe('E_RANK_DEFICIENT');
    expect((e.data as { columns: string[] }).columns).toEqual(['c']);
  });

  it('NaN in a predictor → E_NONFINITE with row and column; too few observations → E_TOO_FEW; bad shape → E_LENGTH_MISMATCH', () => {
    const e1 = codeOf(() => ols([Float64Array.of(1, NaN, 3, 4)], Float64Array.of(1, 2, 3, 4), { names: ['rd'] }));
    expect(e1.code).toBe('E_NONFINITE');
    expect(e1.location).toEqual({ row: 2, column: 'rd' });
    expect(codeOf(() => ols([Float64Array.of(1, 2)], Float64Array.of(1, 2))).code).toBe('E_TOO_FEW');
    expect(codeOf(() => ols(new Float64Array(7), new Float64Array(3))).code).toBe('E_LENGTH_MISMATCH');
    expect(codeOf(() => ols([Float64Array.of(1, 2, 3)], Float64Array.of(1, 2))).code).toBe('E_LENGTH_MISMATCH');
  });
});

/**
 * Hand calculators for the pipeline-level tests (test/pipeline/run.test.ts).
 *
 * Everything here is written out with plain loops from the textbook formulas so that the
 * expectations never come from nqpf's own kernels (conventions §6).
 */
import { expect } from 'vitest';
import type { Panel } from '../../src/core/panel.js';
import { close } from '../helpers/shared.js';

/** A period grid: grid[t][u]. */
export type Grid = number[][];

/** Build a Panel from period grids (grid[t][u] → index t·nU + u). */
export function mkPanel(units: string[], periods: string[], cols: Record<string, Grid>, attrs: Record<string, string[]> = {}): Panel {
  const nU = units.length;
  const nT = periods.length;
  const values = new Map<string, Float64Array>();
  for (const [code, g] of Object.entries(cols)) {
    if (g.length !== nT) throw new Error(`${code}: ${g.length} periods`);
    const a = new Float64Array(nU * nT);
    g.forEach((row, t) => {
      if (row.length !== nU) throw new Error(`${code}[${t}]: ${row.length} units`);
      row.forEach((v, u) => (a[t * nU + u] = v));
    });
    values.set(code, a);
  }
  return {
    units: units.slice(),
    periods: periods.slice(),
    periodValues: periods.map(Number),
    hasPeriod: true,
    indicators: Object.keys(cols),
    values,
    attributes: new Map(Object.entries(attrs).map(([k, v]) => [k, v.slice()])),
  };
}

/** Period-major flattening of a grid. */
export const flat = (g: Grid): number[] => g.flat();

export const isNum = (v: number): boolean => !Number.isNaN(v);

/** Min-max onto [lo, hi] over the non-missing values; direction −1 reverses. */
export function minmax(x: number[], lo = 0, hi = 100, dir: 1 | -1 = 1): number[] {
  let mn = Infinity;
  let mx = -Infinity;
  for (const v of x) {
    if (Number.isNaN(v)) continue;
    if (v < mn) mn = v;
    if (v > mx) mx = v;
  }
  return x.map((v) => (Number.isNaN(v) ? NaN : dir === 1 ? lo + ((hi - lo) * (v - mn)) / (mx - mn) : lo + ((hi - lo) * (mx - v)) / (mx - mn)));
}

/** Min-max applied to each period separately (x period-major with nU units). */
export function minmaxByPeriod(x: number[], nU: number, lo = 0, hi = 100, dir: 1 | -1 = 1): number[] {
  const out: number[] = [];
  for (let a = 0; a < x.length; a += nU) out.push(...minmax(x.slice(a, a + nU), lo, hi, dir));
  return out;
}

/**
 * Entropy weights: p_ij = x_ij / Σ_i x_ij, e_j = −(1/ln n_j) Σ p ln p (0·ln 0 = 0), d = 1 − e,
 * w = d / Σ d. NaN cells are skipped per column.
 */
export function entropyWeights(cols: number[][]): number[] {
  const d = cols.map((c) => {
    const ok = c.filter(isNum);
    let s = 0;
    for (const v of ok) s += v;
    let h = 0;
    for (const v of ok) {
      const p = v / s;
      if (p > 0) h += p * Math.log(p);
    }
    return 1 - -h / Math.log(ok.length);
  });
  const sd = d.reduce((a, b) => a + b, 0);
  return d.map((x) => x / sd);
}

/** Σ w_j x_j / Σ w_j over the available x_j (NaN when none). */
export function wmean(xs: number[], ws: number[]): number {
  let s = 0;
  let sw = 0;
  xs.forEach((x, j) => {
    if (Number.isNaN(x)) return;
    s += ws[j] * x;
    sw += ws[j];
  });
  return sw > 0 ? s / sw : NaN;
}

/** R type-7 quantile of the non-missing values. */
export function quantile7(x: number[], p: number): number {
  const s = x.filter(isNum).sort((a, b) => a - b);
  const h = (s.length - 1) * p;
  const lo = Math.floor(h);
  if (lo >= s.length - 1) return s[s.length - 1];
  return s[lo] + (h - lo) * (s[lo + 1] - s[lo]);
}

/** Expect every element close (1e-9 relative, NaN matches NaN); lists every mismatch. */
export function expectAllClose(actual: ArrayLike<number>, expected: readonly number[], label = ''): void {
  expect(actual.length, `${label}: length`).toBe(expected.length);
  const bad: string[] = [];
  for (let i = 0; i < expected.length; i++) if (!close(actual[i], expected[i])) bad.push(`[${i}] got ${actual[i]}, expected ${expected[i]}`);
  expect(bad, label).toEqual([]);
}

/** Expect a single number close. */
export function expectClose(actual: number, expected: number, label = ''): void {
  expect(close(actual, expected), `${label}: got ${actual}, expected ${expected}`).toBe(true);
}

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { kde } from '../../../src/analysis/density/kde.js';
import { close } from '../../helpers/shared.js';
import { catchNqpf } from '../../io/catch-nqpf.js';

const f = (...v: number[]) => Float64Array.from(v);

/** Trapezoid integral of y·x^p over the grid. */
function moment(x: Float64Array, y: Float64Array, p: number): number {
  let s = 0;
  for (let i = 1; i < x.length; i++) s += 0.5 * (x[i] - x[i - 1]) * (y[i] * x[i] ** p + y[i - 1] * x[i - 1] ** p);
  return s;
}

const phi = (u: number) => Math.exp(-0.5 * u * u) / Math.sqrt(2 * Math.PI);

describe('kde', () => {
  it('kde of a single point with bw 1 is the standard normal density (gaussian kernel)', () => {
    const grid = f(-3, -1.5, -0.2, 0, 0.7, 2.5);
    const r = kde(f(0), { bw: 1, grid });
    for (let i = 0; i < grid.length; i++) expect(close(r.y[i], phi(grid[i]), 1e-14)).toBe(true);
    expect(r.bwRule).toBe('fixed');
  });

  it('kde of a single point with the epanechnikov kernel is 3/(4√5 h)·(1 − (g/h)²/5) on |g| < √5 h (R scaling: sd = h)', () => {
    const h = 2;
    const a = h * Math.sqrt(5);
    const grid = f(-5, -a, -1, 0, 3.3, a - 1e-9, a, 7);
    const r = kde(f(0), { bw: h, kernel: 'epanechnikov', grid });
    for (let i = 0; i < grid.length; i++) {
      const g = grid[i];
      const want = Math.abs(g) < a ? (0.75 * (1 - (g / a) ** 2)) / a : 0;
      expect(close(r.y[i], want, 1e-14, 1e-15)).toBe(true);
    }
  });

  it('kde equals the direct textbook sum (1/nh) Σ K((g − x_i)/h) at arbitrary grid points', () => {
    const x = [1, 2, 3, 4, 10, 2.5, 2.5];
    const grid = f(-1, 0.5, 2.5, 3.14159, 8, 12);
    const h = 0.8;
    const r = kde(Float64Array.from(x), { bw: h, grid });
    for (let j = 0; j < grid.length; j++) {
      let s = 0;
      for (const xi of x) s += Math.exp(-((grid[j] - xi) ** 2) / (2 * h * h)) / (h * Math.sqrt(2 * Math.PI));
      expect(close(r.y[j], s / x.length, 1e-13)).toBe(true);
    }
  });

  it('kde default grid is 512 points from min − 3h to max + 3h with h = bw.nrd0', () => {
    const x = f(1, 2, 3, 4, 10);
    const r = kde(x);
    const h = 0.9 * (2 / 1.34) * Math.pow(5, -0.2);
    expect(close(r.bw, h)).toBe(true);
    expect(r.x.length).toBe(512);
    expect(r.x[0]).toBe(1 - 3 * r.bw);
    expect(r.x[511]).toBe(10 + 3 * r.bw);
    expect(close(r.x[1] - r.x[0], (9 + 6 * r.bw) / 511)).toBe(true);
    expect(r).toMatchObject({ bwRule: 'silverman', kernel: 'gaussian', n: 5, dropped: 0 });
    expect(close(kde(x, { bw: 'scott', adjust: 2 }).bw, 2 * 1.06 * (2 / 1.34) * Math.pow(5, -0.2))).toBe(true);
  });

  it('kde integrates to 1 with mean x̄ and variance σ² + h² (both kernels; h is the kernel sd)', () => {
    const x = f(1, 2, 3, 4, 10, 2.5);
    const n = x.length;
    const mean = Array.from(x).reduce((s, v) => s + v, 0) / n;
    const popVar = Array.from(x).reduce((s, v) => s + (v - mean) ** 2, 0) / n;
    for (const kernel of ['gaussian', 'epanechnikov'] as const) {
      const r = kde(x, { kernel, bw: 0.7, cut: 8, grid: { n: 20001 } });
      const m0 = moment(r.x, r.y, 0);
      const m1 = moment(r.x, r.y, 1);
      const m2 = moment(r.x, r.y, 2);
      expect(Math.abs(m0 - 1)).toBeLessThan(1e-6);
      expect(Math.abs(m1 - mean)).toBeLessThan(1e-5);
      expect(Math.abs(m2 - mean * mean - (popVar + 0.49))).toBeLessThan(1e-4);
    }
  });

  it('kde on the default grid integrates to about 1 (trapezoid) and is never negative', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -100, max: 100, noNaN: true }), { minLength: 2, maxLength: 30 }),
        fc.constantFrom('gaussian', 'epanechnikov'),
        (xs, kernel) => {
          const r = kde(
            Float64Array.from(xs, (v) => Math.round(v * 1e6) / 1e6),
            { kernel: kernel as 'gaussian' | 'epanechnikov' },
          );
          for (const v of r.y) expect(v).toBeGreaterThanOrEqual(0);
          // the default grid (cut = 3) loses at most the Gaussian tail mass beyond 3 sd, 2·(1 − Φ(3)) ≈ 0.0027,
          // provided the 512 points resolve the bandwidth (an outlier far from a tight cluster can make the
          // spacing exceed h; the trapezoid rule then says nothing about the density)
          if (r.x[1] - r.x[0] <= r.bw / 2) expect(Math.abs(moment(r.x, r.y, 0) - 1)).toBeLessThan(0.01);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('kde (Gaussian, default equally spaced grid: the recurrence over the grid) equals the textbook sum to 1e-10 relative', () => {
    // Data sets chosen to stress the recurrence: bandwidths far below and above the grid spacing,
    // tight clusters far apart (terms underflow inside the grid), values on a large offset, a grid
    // beyond the data (from/to given), and data outside a given grid.
    const rng = (seed: number) => () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const r = rng(3);
    const sets: [string, number[], Parameters<typeof kde>[1]][] = [
      ['lognormal 2,000', Array.from({ length: 2000 }, () => Math.exp(2 * r() - 1)), {}],
      ['two tight clusters far apart', Array.from({ length: 400 }, (_, i) => (i % 2 ? 100 : 0) + 1e-3 * r()), {}],
      ['tiny bandwidth', Array.from({ length: 300 }, () => r()), { bw: 1e-4 }],
      ['huge bandwidth, 4,096 points', Array.from({ length: 300 }, () => r()), { bw: 50, grid: { n: 4096 } }],
      ['large offset', Array.from({ length: 500 }, () => 1e6 + r()), { grid: { n: 97 } }],
      ['grid beyond the data', [1, 2, 2, 3.5, 9], { bw: 0.3, grid: { from: -40, to: 60, n: 1001 } }],
      ['data outside the grid', [-10, 0.5, 1, 30], { bw: 0.2, grid: { from: 0, to: 2, n: 50 } }],
      ['a point grid', [1, 2, 3], { bw: 1, grid: { from: 2, to: 2, n: 3 } }],
    ];
    for (const [name, x, opts] of sets) {
      const res = kde(Float64Array.from(x), opts);
      const h = res.bw;
      for (let j = 0; j < res.x.length; j++) {
        let s = 0;
        for (const xi of x) s += Math.exp(-0.5 * ((res.x[j] - xi) / h) ** 2);
        const want = s / (x.length * h * Math.sqrt(2 * Math.PI));
        if (!close(res.y[j], want, 1e-10, 1e-280)) expect.fail(`${name}: grid point ${j} (${res.x[j]}): ${res.y[j]} vs ${want}`);
      }
    }
  });

  it('kde refuses NaN unless dropMissing, a zero bandwidth from "scott", and bad options', () => {
    expect(catchNqpf(() => kde(f(1, NaN, 2))).code).toBe('E_MISSING_VALUES');
    expect(kde(f(1, NaN, 2), { dropMissing: true }).dropped).toBe(1);
    const e = catchNqpf(() => kde(f(1, 1, 1, 1, 5), { bw: 'scott' }));
    expect(e.code).toBe('E_BAD_BANDWIDTH');
    expect(e.hint).toMatch(/silverman/);
    expect(catchNqpf(() => kde(f(1, 2), { bw: 0 })).code).toBe('E_BAD_BANDWIDTH');
    expect(catchNqpf(() => kde(f(1, 2), { bw: -1 })).code).toBe('E_BAD_BANDWIDTH');
    expect(catchNqpf(() => kde(f(0, 0, -5e-324, 0, -4.39311271090029e-162))).message).toMatch(/too small/);
    expect(catchNqpf(() => kde(f(1, 2), { kernel: 'gauss' as never })).hint).toMatch(/"gaussian"/);
    expect(catchNqpf(() => kde(f(1, 2), { bw: 'nrd0' as never })).code).toBe('E_UNKNOWN_METHOD');
    expect(catchNqpf(() => kde(f(1, 2), { grid: { n: 0 } })).code).toBe('E_BAD_OPTION');
    expect(catchNqpf(() => kde(f(1, 2), { grid: { from: 3, to: 1 } })).code).toBe('E_BAD_OPTION');
    expect(catchNqpf(() => kde(f(1, 2), { grid: f(0, NaN) })).code).toBe('E_BAD_OPTION');
    expect(catchNqpf(() => kde(f())).code).toBe('E_TOO_FEW');
    expect(catchNqpf(() => kde(f(1), { bw: 'silverman' })).code).toBe('E_TOO_FEW');
  });
});

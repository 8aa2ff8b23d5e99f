import { describe, expect, it } from 'vitest';
import { aggregateTopsis } from '../../../src/pipeline/aggregate/index.js';
import { close } from '../../helpers/shared.js';

const f = (...v: number[]) => Float64Array.from(v);

/*
 * Hwang & Yoon (1981), Multiple Attribute Decision Making, fighter-aircraft example:
 * 4 aircraft × 6 attributes (max speed, ferry range, max payload, acquisition cost [cost],
 * reliability, manoeuvrability), weights (.2, .1, .1, .1, .2, .3).
 * Reference computed below by the textbook procedure, written independently of the kernel:
 * vector normalisation r = x / √Σx², v = w r, ideal = max (benefit) / min (cost), Euclidean
 * distances, C = D⁻ / (D⁺ + D⁻). The kernel takes "larger is better" inputs, so the cost column
 * is passed as −r (distances are unchanged by the sign flip).
 */
const X = [
  [2.0, 1500, 20000, 5.5, 5, 9],
  [2.5, 2700, 18000, 6.5, 3, 5],
  [1.8, 2000, 21000, 4.5, 7, 7],
  [2.2, 1800, 20000, 5.0, 5, 5],
];
const W = [0.2, 0.1, 0.1, 0.1, 0.2, 0.3];
const COST = [false, false, false, true, false, false];

function textbookTopsis(): number[] {
  const norms = W.map((_, j) => Math.sqrt(X.reduce((s, row) => s + row[j] * row[j], 0)));
  const V = X.map((row) => row.map((x, j) => (W[j] * x) / norms[j]));
  const best = W.map((_, j) => (COST[j] ? Math.min : Math.max)(...V.map((r) => r[j])));
  const worst = W.map((_, j) => (COST[j] ? Math.max : Math.min)(...V.map((r) => r[j])));
  return V.map((r) => {
    const dp = Math.sqrt(r.reduce((s, v, j) => s + (v - best[j]) ** 2, 0));
    const dm = Math.sqrt(r.reduce((s, v, j) => s + (v - worst[j]) ** 2, 0));
    return dm / (dp + dm);
  });
}

describe('aggregateTopsis', () => {
  it('aggregateTopsis reproduces the Hwang & Yoon fighter-aircraft closeness (textbook procedure) to 1e-9', () => {
    const cols = W.map((_, j) => {
      const norm = Math.sqrt(X.reduce((s, row) => s + row[j] * row[j], 0));
      return Float64Array.from(X, (row) => ((COST[j] ? -1 : 1) * row[j]) / norm);
    });
    const out = aggregateTopsis(cols, Float64Array.from(W.map((w) => w * 10)), {}); // any weight scale
    const ref = textbookTopsis();
    ref.forEach((c, i) => expect(close(out[i], c)).toBe(true));
    // A1 ranks first in the book's example
    expect(out[0]).toBeGreaterThan(Math.max(out[1], out[2], out[3]));
  });

  it('aggregateTopsis gives C = 1 to the ideal row, 0 to the anti-ideal row and ½ to the midpoint', () => {
    const out = aggregateTopsis([f(1, 0, 0.5), f(1, 0, 0.5)], f(1, 1), {});
    expect(Array.from(out)).toEqual([1, 0, 0.5]);
  });

  it('aggregateTopsis: a row with NaN is NaN unless skipMissing, then distances use its available columns', () => {
    const cols = [f(1, 0, NaN), f(1, 0, 0.25)];
    expect(aggregateTopsis(cols, f(1, 1), {})[2]).toBeNaN();
    const out = aggregateTopsis(cols, f(1, 1), { skipMissing: true });
    // row 3: only column 2, v = 0.5·0.25; ideal 0.5, anti 0 → D+ = 0.375, D− = 0.125 → C = 0.25
    expect(close(out[2], 0.25)).toBe(true);
    expect(out[0]).toBe(1);
  });

  it('aggregateTopsis refuses all-constant columns (ideal = anti-ideal) with E_TOPSIS_DEGENERATE', () => {
    expect(() => aggregateTopsis([f(3, 3, 3), f(1, 1, 1)], f(1, 1), {})).toThrowError(expect.objectContaining({ code: 'E_TOPSIS_DEGENERATE' }));
  });
});

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
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

  it('aggregateTopsis equals the direct row-by-row definition bit for bit: row blocks, columns four at a time, NaN, ±0, skipMissing, datThreshold (property)', () => {
    // Direct algorithm, one row at a time: w_j/Σw, ideal and anti-ideal from each column's max and
    // min over its available values, D± = √(Σ_j over the row's available columns, in column order).
    const direct = (cols: Float64Array[], w: number[], skip: boolean, thr: number): number[] => {
      const n = cols[0].length;
      const m = cols.length;
      const sw = w.reduce((a, b) => a + b, 0);
      const wj = w.map((x) => x / sw);
      const hi = cols.map((c, j) => {
        let mx = -Infinity;
        for (const v of c) if (v > mx) mx = v;
        return wj[j] * mx;
      });
      const lo = cols.map((c, j) => {
        let mn = Infinity;
        for (const v of c) if (v < mn) mn = v;
        return wj[j] * mn;
      });
      const out: number[] = [];
      for (let i = 0; i < n; i++) {
        let dp = 0;
        let dm = 0;
        let missing = 0;
        for (let j = 0; j < m; j++) {
          const x = cols[j][i];
          if (Number.isNaN(x)) {
            missing++;
            continue;
          }
          const a = wj[j] * x - hi[j];
          const b = wj[j] * x - lo[j];
          dp += a * a;
          dm += b * b;
        }
        const den = Math.sqrt(dp) + Math.sqrt(dm);
        out.push((missing > 0 && !skip) || missing === m ? NaN : den > 0 ? Math.sqrt(dm) / den : NaN);
        if (thr > 0 && (m - missing) / m < thr) out[i] = NaN;
      }
      return out;
    };
    const cell = fc.oneof({ arbitrary: fc.double({ min: -2, max: 3, noNaN: true }), weight: 12 }, fc.constantFrom(NaN, 0, -0, 1));
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 9 }).chain((m) =>
          fc.tuple(
            fc.integer({ min: 1, max: 4200 }).chain((n) => fc.array(fc.array(cell, { minLength: n, maxLength: n }), { minLength: m, maxLength: m })),
            fc.array(fc.double({ min: 0.01, max: 5, noNaN: true }), { minLength: m, maxLength: m }),
            fc.array(fc.boolean(), { minLength: m, maxLength: m }), // columns kept complete (the four-at-a-time sweep)
          ),
        ),
        fc.boolean(),
        fc.constantFrom(0, 0.5),
        ([raw, w, complete], skip, thr) => {
          const cols = raw.map((c, j) => Float64Array.from(c, (v) => (complete[j] && Number.isNaN(v) ? 0.5 : v)));
          const want = direct(cols, w, skip, thr);
          const hasSpread = cols.some((c) => {
            let mn = Infinity;
            let mx = -Infinity;
            for (const v of c) {
              if (v < mn) mn = v;
              if (v > mx) mx = v;
            }
            return mx > mn;
          });
          const anyValue = cols.some((c) => c.some((v) => !Number.isNaN(v)));
          if (!hasSpread && anyValue) {
            expect(() => aggregateTopsis(cols, Float64Array.from(w), { skipMissing: skip, datThreshold: thr })).toThrowError(
              expect.objectContaining({ code: 'E_TOPSIS_DEGENERATE' }),
            );
            return;
          }
          expect(Array.from(aggregateTopsis(cols, Float64Array.from(w), { skipMissing: skip, datThreshold: thr }))).toEqual(want);
        },
      ),
      { numRuns: 30 },
    );
  });

  it('aggregateTopsis refuses ±Infinity (E_NONFINITE)', () => {
    expect(() => aggregateTopsis([f(1, Infinity, 0), f(0, 1, 2)], f(1, 1), {})).toThrowError(expect.objectContaining({ code: 'E_NONFINITE' }));
    expect(() => aggregateTopsis([f(1, 2, 0), f(0, -Infinity, 2)], f(1, 1), {})).toThrowError(expect.objectContaining({ code: 'E_NONFINITE' }));
  });
});

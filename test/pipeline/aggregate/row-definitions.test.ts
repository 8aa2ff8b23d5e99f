import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { aggregateArithmetic } from '../../../src/pipeline/aggregate/index.js';
import { aggregateGeometric } from '../../../src/pipeline/aggregate/index.js';
import { aggregateHarmonic } from '../../../src/pipeline/aggregate/index.js';
import { aggregateTopsis } from '../../../src/pipeline/aggregate/index.js';

/**
 * The column-major kernels (which skip per-row bookkeeping while no cell is missing) against the
 * definitions written row by row, on random matrices whose missing cells fall anywhere: none,
 * only in late columns, only in the first, whole rows.
 */
const matrix = fc
  .record({ n: fc.integer({ min: 1, max: 12 }), m: fc.integer({ min: 1, max: 6 }), seed: fc.integer(), pMiss: fc.constantFrom(0, 0.1, 0.4) })
  .map(({ n, m, seed, pMiss }) => {
    let s = seed >>> 0 || 1;
    const next = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
    const cols = Array.from({ length: m }, () => Float64Array.from({ length: n }, () => (next() < pMiss ? NaN : 0.05 + next() * 10)));
    const w = Float64Array.from({ length: m }, () => 0.1 + next());
    return { n, m, cols, w };
  });

function rowMean(cols: Float64Array[], w: Float64Array, i: number, f: (v: number) => number): number {
  let s = 0;
  let sw = 0;
  for (let j = 0; j < cols.length; j++) {
    const v = cols[j][i];
    if (Number.isNaN(v)) continue;
    s += w[j] * f(v);
    sw += w[j];
  }
  return sw > 0 ? s / sw : NaN;
}

describe('row-wise aggregation kernels equal their row-by-row definitions', () => {
  it('arithmetic, geometric and harmonic means: Σ w f(x) / Σ w over the available cells, bit for bit', () => {
    fc.assert(
      fc.property(matrix, ({ n, cols, w }) => {
        const a = aggregateArithmetic(cols, w, {});
        const g = aggregateGeometric(cols, w, {});
        const h = aggregateHarmonic(cols, w, {});
        for (let i = 0; i < n; i++) {
          expect(a[i]).toBe(rowMean(cols, w, i, (v) => v));
          const lg = rowMean(cols, w, i, Math.log);
          expect(g[i]).toBe(Number.isNaN(lg) ? NaN : Math.exp(lg));
          const rh = rowMean(cols, w, i, (v) => 1 / v);
          expect(h[i]).toBe(Number.isNaN(rh) ? NaN : 1 / rh);
        }
      }),
    );
  });

  it('TOPSIS: closeness from each row’s distances to the column-wise ideal and anti-ideal, with and without skipMissing', () => {
    fc.assert(
      fc.property(matrix, fc.boolean(), ({ n, m, cols, w }, skip) => {
        const sw = w.reduce((a, b) => a + b, 0);
        const hi: number[] = [];
        const lo: number[] = [];
        for (let j = 0; j < m; j++) {
          const vs = [...cols[j]].filter((v) => !Number.isNaN(v)).map((v) => (w[j] / sw) * v);
          hi.push(vs.length ? Math.max(...vs) : -Infinity);
          lo.push(vs.length ? Math.min(...vs) : Infinity);
        }
        if (!hi.some((h, j) => h > lo[j])) return; // degenerate: the kernel refuses it (tested elsewhere)
        const out = aggregateTopsis(cols, w, { skipMissing: skip });
        for (let i = 0; i < n; i++) {
          let dp = 0;
          let dm = 0;
          let avail = 0;
          for (let j = 0; j < m; j++) {
            const x = cols[j][i];
            if (Number.isNaN(x)) continue;
            avail++;
            const v = (w[j] / sw) * x;
            dp += (v - hi[j]) ** 2;
            dm += (v - lo[j]) ** 2;
          }
          const want = avail === 0 || (avail < m && !skip) ? NaN : Math.sqrt(dp) + Math.sqrt(dm) > 0 ? Math.sqrt(dm) / (Math.sqrt(dp) + Math.sqrt(dm)) : NaN;
          expect(out[i]).toBe(want);
        }
      }),
    );
  });
});

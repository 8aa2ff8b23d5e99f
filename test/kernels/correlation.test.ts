import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { close } from '../helpers/shared.js';
import { kendallTauB, pearson, spearman } from '../../src/kernels/correlation.js';
import { NqpfError } from '../../src/core/errors.js';

const f = (...v: number[]) => Float64Array.from(v);

// Hand-worked example: x = 1, 2, 3, 4, 5;  y = 2, 4, 5, 4, 5.
// Pearson: x̄ = 3, ȳ = 4; dx = −2, −1, 0, 1, 2; dy = −2, 0, 1, 0, 1;
//   Σdx·dy = 4 + 0 + 0 + 0 + 2 = 6, Σdx² = 10, Σdy² = 6  →  r = 6/√60 = 0.7745966692414834.
// Spearman: rank(x) = 1..5; rank(y, average) = 1, 2.5, 4.5, 2.5, 4.5 (mean 3);
//   d = −2, −0.5, 1.5, −0.5, 1.5; Σdx·d = 4 + 0.5 + 0 − 0.5 + 3 = 7, Σd² = 9  →  ρ = 7/√90.
// Kendall τ_b: of the 10 pairs (i < j), tied in y: (2,4) and (3,5); discordant: (3,4) (x up, 5 → 4);
//   the other 7 concordant. n0 = 10, n1 = 0 (no x ties), n2 = 1 + 1 = 2  →  τ_b = (7 − 1)/√(10·8) = 6/√80.
const X = f(1, 2, 3, 4, 5);
const Y = f(2, 4, 5, 4, 5);

/** Kendall τ_b by direct pair counting, O(n²) — a different algorithm from the kernel's merge sort. */
function tauBNaive(x: number[], y: number[]): number {
  const n = x.length;
  let s = 0,
    tx = 0,
    ty = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const a = Math.sign(x[i] - x[j]);
      const b = Math.sign(y[i] - y[j]);
      s += a * b;
      if (a === 0) tx++;
      if (b === 0) ty++;
    }
  }
  const n0 = (n * (n - 1)) / 2;
  return s / Math.sqrt((n0 - tx) * (n0 - ty));
}

/** Pearson r in exact integer arithmetic: (nΣxy − ΣxΣy) / √((nΣx² − (Σx)²)(nΣy² − (Σy)²)). */
function pearsonExact(x: number[], y: number[]): number {
  const n = BigInt(x.length);
  const B = (v: number) => BigInt(v);
  let sx = 0n,
    sy = 0n,
    sxx = 0n,
    syy = 0n,
    sxy = 0n;
  x.forEach((v, i) => {
    sx += B(v);
    sy += B(y[i]);
    sxx += B(v) * B(v);
    syy += B(y[i]) * B(y[i]);
    sxy += B(v) * B(y[i]);
  });
  const num = n * sxy - sx * sy;
  const dx = n * sxx - sx * sx;
  const dy = n * syy - sy * sy;
  return Number(num) / Math.sqrt(Number(dx) * Number(dy));
}

describe('pearson(x, y)', () => {
  it('gives 6/√60 on the hand-worked example', () => {
    expect(close(pearson(X, Y), 6 / Math.sqrt(60))).toBe(true);
  });
  it('uses complete pairs only (a NaN in x or y drops the pair)', () => {
    expect(close(pearson(f(1, NaN, 2, 3, 4, 5, 7), f(2, 9, 4, 5, 4, 5, NaN)), 6 / Math.sqrt(60))).toBe(true);
  });
  it('is ±1 for exact linear relations and unchanged by a large offset and scale', () => {
    expect(pearson(X, f(3, 5, 7, 9, 11))).toBe(1);
    expect(pearson(X, f(-1, -2, -3, -4, -5))).toBe(-1);
    const xs = X.map((v) => 1e9 + v * 1e-3);
    expect(close(pearson(xs, Y), 6 / Math.sqrt(60), 1e-9)).toBe(true);
  });
  it('gives NaN for fewer than 2 complete pairs or a constant variable (R: NA)', () => {
    expect(pearson(f(1, NaN), f(NaN, 2))).toBeNaN();
    expect(pearson(f(1), f(2))).toBeNaN();
    expect(pearson(f(0.1, 0.1, 0.1), f(1, 2, 3))).toBeNaN();
  });
  it('refuses x and y of different lengths with E_BAD_INPUT', () => {
    let err: unknown;
    try {
      pearson(f(1, 2, 3), f(1, 2));
    } catch (e) {
      err = e;
    }
    expect((err as NqpfError).code).toBe('E_BAD_INPUT');
    expect((err as NqpfError).message).toMatch(/3 and 2/);
  });
  it('matches exact integer arithmetic on random data (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: -1000, max: 1000 }), fc.integer({ min: -1000, max: 1000 })), { minLength: 3, maxLength: 60 }),
        (pairs) => {
          const x = pairs.map((p) => p[0]);
          const y = pairs.map((p) => p[1]);
          const r = pearson(Float64Array.from(x), Float64Array.from(y));
          if (new Set(x).size === 1 || new Set(y).size === 1) {
            expect(r).toBeNaN();
            return;
          }
          expect(close(r, pearsonExact(x, y), 1e-12, 1e-14)).toBe(true);
        },
      ),
    );
  });
});

describe('spearman(x, y)', () => {
  it('gives 7/√90 on the hand-worked example with ties (average ranks, not the 1 − 6Σd² shortcut)', () => {
    expect(close(spearman(X, Y), 7 / Math.sqrt(90))).toBe(true);
  });
  it('equals 1 − 6Σd²/(n(n²−1)) when there are no ties (property, textbook formula)', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 0, max: 1e6 }), { minLength: 3, maxLength: 40 }), fc.integer(), (xs, seed) => {
        const n = xs.length;
        // a permutation of xs as y, by a seeded shuffle
        const ys = xs.slice();
        let s = seed >>> 0;
        for (let i = n - 1; i > 0; i--) {
          s = (s * 1103515245 + 12345) >>> 0;
          const j = s % (i + 1);
          [ys[i], ys[j]] = [ys[j], ys[i]];
        }
        const rankOf = (a: number[]) => {
          const sorted = a.slice().sort((p, q) => p - q);
          return a.map((v) => sorted.indexOf(v) + 1);
        };
        const rx = rankOf(xs);
        const ry = rankOf(ys);
        const d2 = rx.reduce((acc, r, i) => acc + (r - ry[i]) ** 2, 0);
        const want = 1 - (6 * d2) / (n * (n * n - 1));
        expect(close(spearman(Float64Array.from(xs), Float64Array.from(ys)), want, 1e-12, 1e-14)).toBe(true);
      }),
    );
  });
  it('uses complete pairs only and is NaN below 2 pairs', () => {
    expect(close(spearman(f(1, 2, NaN, 3, 4, 5), f(2, 4, 1, 5, 4, 5)), 7 / Math.sqrt(90))).toBe(true);
    expect(spearman(f(1), f(1))).toBeNaN();
    expect(() => spearman(f(1), f(1, 2))).toThrow(NqpfError);
  });
});

describe('kendallTauB(x, y)', () => {
  it('gives 6/√80 on the hand-worked example (2 ties in y, 1 discordant pair)', () => {
    expect(close(kendallTauB(X, Y), 6 / Math.sqrt(80))).toBe(true);
  });
  it('gives ±1 for monotone data and τ_a = (nc − nd)/n0 without ties: 1,2,3,4 vs 1,3,2,4 → (5 − 1)/6', () => {
    expect(kendallTauB(X, f(10, 20, 30, 40, 50))).toBe(1);
    expect(kendallTauB(X, f(5, 4, 3, 2, 1))).toBe(-1);
    expect(close(kendallTauB(f(1, 2, 3, 4), f(1, 3, 2, 4)), 4 / 6)).toBe(true);
  });
  it('uses complete pairs only; NaN for < 2 pairs or a constant variable', () => {
    expect(close(kendallTauB(f(1, 2, 3, NaN, 4, 5), f(2, 4, 5, 3, 4, 5)), 6 / Math.sqrt(80))).toBe(true);
    expect(kendallTauB(f(1), f(1))).toBeNaN();
    expect(kendallTauB(f(1, 1, 1), f(1, 2, 3))).toBeNaN();
    expect(() => kendallTauB(f(1, 2), f(1))).toThrow(NqpfError);
  });
  it('agrees with direct O(n²) pair counting on random data with heavy ties (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 4 })), { minLength: 2, maxLength: 80 }), (pairs) => {
        const x = pairs.map((p) => p[0]);
        const y = pairs.map((p) => p[1]);
        const got = kendallTauB(Float64Array.from(x), Float64Array.from(y));
        const want = tauBNaive(x, y);
        if (Number.isNaN(want)) {
          expect(got).toBeNaN();
          return;
        }
        expect(close(got, want, 1e-12, 1e-14)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
  it('equals, bit for bit, Knight’s algorithm with a comparator sort of the pairs, and direct pair counting, on long inputs with ties, ±0 and NaN (property)', () => {
    const value = fc.oneof(
      fc.integer({ min: -3, max: 3 }),
      fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e300, max: 1e300 }),
      fc.constantFrom(-0, 0, NaN, 1e-300, -1e-300),
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(value, value), { minLength: 2, maxLength: 400 }), (pairs) => {
        const x = Float64Array.from(pairs, (p) => p[0]);
        const y = Float64Array.from(pairs, (p) => p[1]);
        const got = kendallTauB(x, y);
        expect(Object.is(got, tauBComparatorSort(x, y))).toBe(true);
        const keep = pairs.filter((p) => p[0] === p[0] && p[1] === p[1]);
        const want = tauBNaive(
          keep.map((p) => p[0]),
          keep.map((p) => p[1]),
        );
        if (Number.isNaN(want) || keep.length < 2) expect(got).toBeNaN();
        else expect(close(got, want, 1e-12, 1e-14)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
  it('equals the comparator-sort algorithm bit for bit on 20,000 ranks with ties (the robustness comparisons’ input)', () => {
    let s = 7;
    const next = () => (s = (s * 48271) % 2147483647) / 2147483647;
    const x = Float64Array.from({ length: 20000 }, () => 1 + Math.floor(next() * 5000));
    const y = Float64Array.from(x, (v, i) => (i % 97 === 0 ? NaN : v + Math.floor(next() * 300)));
    const got = kendallTauB(x, y);
    expect(got).toBeGreaterThan(0.5);
    expect(Object.is(got, tauBComparatorSort(x, y))).toBe(true);
  });
});

/**
 * Kendall τ_b as the kernel computed it before its counting sorts (Knight 1966 with a comparator
 * sort of the pairs by (x, y)): the bit-for-bit reference of the faster kernel.
 */
function tauBComparatorSort(x: Float64Array, y: Float64Array): number {
  const keep: number[] = [];
  for (let i = 0; i < x.length; i++) if (x[i] === x[i] && y[i] === y[i]) keep.push(i);
  const n = keep.length;
  if (n < 2) return NaN;
  const a = Float64Array.from(keep, (i) => x[i]);
  const b = Float64Array.from(keep, (i) => y[i]);
  const idx = Uint32Array.from({ length: n }, (_, i) => i);
  idx.sort((i, j) => (a[i] < a[j] ? -1 : a[i] > a[j] ? 1 : b[i] < b[j] ? -1 : b[i] > b[j] ? 1 : 0));
  const xs = Float64Array.from(idx, (i) => a[i]);
  let ys = Float64Array.from(idx, (i) => b[i]);
  const tied = (v: Float64Array) => {
    let t = 0;
    for (let i = 0; i < v.length; ) {
      let j = i + 1;
      while (j < v.length && v[j] === v[i]) j++;
      t += ((j - i) * (j - i - 1)) / 2;
      i = j;
    }
    return t;
  };
  const n0 = (n * (n - 1)) / 2;
  const n1 = tied(xs);
  let n3 = 0;
  for (let i = 0; i < n; ) {
    let j = i + 1;
    while (j < n && xs[j] === xs[i] && ys[j] === ys[i]) j++;
    n3 += ((j - i) * (j - i - 1)) / 2;
    i = j;
  }
  let buf = new Float64Array(n);
  let exchanges = 0;
  for (let width = 1; width < n; width *= 2) {
    for (let lo = 0; lo < n; lo += 2 * width) {
      const mid = Math.min(lo + width, n);
      const hi = Math.min(lo + 2 * width, n);
      let i = lo;
      let j = mid;
      let k = lo;
      while (i < mid && j < hi) {
        if (ys[j] < ys[i]) {
          exchanges += mid - i;
          buf[k++] = ys[j++];
        } else buf[k++] = ys[i++];
      }
      while (i < mid) buf[k++] = ys[i++];
      while (j < hi) buf[k++] = ys[j++];
    }
    [ys, buf] = [buf, ys];
  }
  const n2 = tied(ys);
  const denom = (n0 - n1) * (n0 - n2);
  if (!(denom > 0)) return NaN;
  const tau = (n0 - n1 - n2 + n3 - 2 * exchanges) / Math.sqrt(denom);
  return tau > 1 ? 1 : tau < -1 ? -1 : tau;
}

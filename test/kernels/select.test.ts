import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { OrderSelector, orderKey, quantilesType7, selectKth } from '../../src/kernels/select.js';
import { quantileSorted, sortedFinite } from '../../src/kernels/quantile.js';

/** Values with many ties, any doubles, ±0, ±Infinity, subnormals and NaN; arrays long enough for the bucket pass (48 or more values). */
const value = fc.oneof(
  fc.integer({ min: -3, max: 3 }),
  fc.constant(NaN),
  fc.double(),
  fc.constantFrom(-0, 0, Infinity, -Infinity, 5e-324, -5e-324, 1.5, -1.5),
  { arbitrary: fc.double({ min: -1, max: 1, noNaN: true }), weight: 4 },
  { arbitrary: fc.integer({ min: -40, max: 40 }).map((j) => Math.sign(j || 1) * (1 + Math.abs(j) * 2 ** -52)), weight: 2 },
);
/** Finite values only (the bucket pass itself; with ±Infinity the selector sorts). */
const finite = fc.oneof(
  fc.integer({ min: -3, max: 3 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(-0, 0, 5e-324, -5e-324),
  { arbitrary: fc.double({ min: -1, max: 1, noNaN: true }), weight: 4 },
  { arbitrary: fc.integer({ min: 0, max: 3 }).map((j) => 1e6 + j * 2 ** -32), weight: 2 },
);

/** Min and max as `<` and `>` find them. */
function extent(a: Float64Array): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of a) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return [lo, hi];
}

describe('OrderSelector.select — the values sorting puts at given positions', () => {
  const sel = new OrderSelector();
  /** `mean`: the hint given to select (default: the values' mean, as the robustness engine gives it). */
  const checkHint = (xs: number[], picks: number[], mean: number | undefined) => {
    const a = Float64Array.from(xs.filter((v) => !Number.isNaN(v)));
    const n = a.length;
    if (n === 0) return;
    const sorted = Float64Array.from(a).sort(); // −0 before +0
    const ks = Int32Array.from(picks.map((p) => Math.floor(p * n) % n));
    const kv = new Float64Array(ks.length);
    const [lo, hi] = extent(a);
    sel.select(a, n, lo, hi, ks, kv, ks.length, mean ?? a.reduce((s, v) => s + v, 0) / n);
    ks.forEach((k, i) => expect(Object.is(kv[i], sorted[k]), `position ${k} of ${n}: ${kv[i]} vs ${sorted[k]}`).toBe(true));
    // the values are only reordered
    expect(Float64Array.from(a).sort()).toEqual(sorted);
  };
  const check = (xs: number[], picks: number[]) => checkHint(xs, picks, undefined);
  const picks = fc.array(fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), { minLength: 1, maxLength: 16 });
  it('agrees with sorting on any doubles, ties, ±0, ±Infinity and subnormals (property)', () => {
    fc.assert(fc.property(fc.array(value, { maxLength: 400, size: 'max' }), picks, check), { numRuns: 400 });
  });
  it('agrees with sorting on finite values, which take the bucket pass from 48 values on (property)', () => {
    fc.assert(fc.property(fc.array(finite, { minLength: 48, maxLength: 600, size: 'max' }), picks, check), { numRuns: 400 });
  });
  it('agrees with sorting on few distinct values, −0 and +0 among them, in the bucket pass (property)', () => {
    const few = fc.constantFrom(-0, 0, -1, 1, 0.5, -(2 ** -1074), 3);
    fc.assert(fc.property(fc.array(few, { minLength: 48, maxLength: 400, size: 'max' }), picks, check), { numRuns: 400 });
  });
  it('gives −0 and +0 by their place in sorted order when a zero is selected', () => {
    const xs = [...Array.from({ length: 30 }, () => -0), ...Array.from({ length: 30 }, () => 0), -1, 2, ...Array.from({ length: 20 }, (_, i) => i / 7)];
    check(xs, [0, 0.05, 0.3, 0.36, 0.37, 0.5, 0.99]);
    check([...xs].reverse(), [0.2, 0.35, 0.4]);
  });
  it('handles one bucket holding almost every value, and the maximum in the last bucket', () => {
    const xs = [...Array.from({ length: 500 }, (_, i) => 1 + i * 2 ** -40), 1e300, -1e300];
    check(xs, [0, 0.001, 0.05, 0.5, 0.95, 0.999, 0.9999]);
  });
  // Same-sign values spanning more than 8× are bucketed by their bit patterns' high words; a wanted bucket of more than 16 values
  // is bucketed again over its own range (all equal: its value), up to 8 levels deep. Clusters at scales far apart, ties, ±0.
  const cluster = fc.record({ scale: fc.integer({ min: -60, max: 60 }), spread: fc.integer({ min: -50, max: 3 }), tie: fc.boolean() });
  const skewed = (sign: number) =>
    fc
      .tuple(
        fc.array(cluster, { minLength: 1, maxLength: 4 }),
        fc.array(fc.tuple(fc.nat(), fc.double({ min: 0, max: 1, noNaN: true })), { minLength: 48, maxLength: 300 }),
      )
      .map(([cs, draws]) =>
        draws.map(([c, u]) => {
          const { scale, spread, tie } = cs[c % cs.length];
          return sign * 2 ** scale * (1 + (tie ? Math.round(u * 3) : u) * 2 ** spread);
        }),
      );
  it('agrees with sorting on positive values in clusters at far-apart scales (high-word buckets, buckets within buckets; property)', () => {
    fc.assert(fc.property(skewed(1), picks, check), { numRuns: 500 });
  });
  it('agrees with sorting on negative values in clusters at far-apart scales (property)', () => {
    fc.assert(fc.property(skewed(-1), picks, check), { numRuns: 500 });
  });
  it('agrees with sorting on skewed values with zeros, subnormals, ties and one far value (property)', () => {
    const base = fc.oneof(fc.constantFrom(0, -0, 5e-324, 1e-300, 1, 1.5), fc.double({ min: 0, max: 2, noNaN: true }));
    const xs = fc.tuple(fc.array(base, { minLength: 48, maxLength: 300 }), fc.constantFrom(1e300, 1e10, 3, -1e-300, -5));
    fc.assert(
      fc.property(xs, picks, ([v, far], p) => check([...v, far], p)),
      { numRuns: 500 },
    );
  });
  it('gives the same values whatever the mean hint, which only chooses the buckets (property)', () => {
    const hint = fc.oneof(fc.double(), fc.constantFrom(NaN, 0, -0, Infinity, -Infinity));
    fc.assert(fc.property(fc.oneof(skewed(1), skewed(-1), fc.array(finite, { minLength: 48, maxLength: 300 })), picks, hint, checkHint), { numRuns: 500 });
  });
  it('finds positions among many equal values in one bucket, among values spread over 20 nested levels, and in a buffer at an offset', () => {
    const tied = [...Array.from({ length: 60 }, () => 7), ...Array.from({ length: 40 }, (_, i) => 7 * 2 ** (i + 1))];
    check(tied, [0, 0.05, 0.3, 0.59, 0.6, 0.61, 0.95]);
    // 2^(2^i)-like nesting: each level's largest values alone in the last bucket, the rest in the first
    const nested = Array.from({ length: 200 }, (_, i) => 1 + 2 ** -(i % 50) + (i % 50 === 0 ? 2 ** 40 : 0));
    check(nested, [0, 0.01, 0.2, 0.5, 0.75, 0.9, 0.99, 0.999]);
    const buf = new Float64Array(130);
    const a = buf.subarray(3, 3 + 120);
    for (let i = 0; i < 120; i++) a[i] = 2 ** ((i * 37) % 61) * (1 + (i % 7) / 8);
    const sorted = Float64Array.from(a).sort();
    const ks = Int32Array.of(0, 5, 6, 59, 60, 113, 114, 119);
    const kv = new Float64Array(ks.length);
    const [lo, hi] = extent(a);
    sel.select(a, 120, lo, hi, ks, kv, ks.length, lo);
    ks.forEach((k, i) => expect(kv[i]).toBe(sorted[k]));
  });
  it('refuses more than 16 positions', () => {
    expect(() => sel.select(new Float64Array(3), 3, 0, 0, new Int32Array(17), new Float64Array(17), 17)).toThrow(RangeError);
  });
});

describe('orderKey — the bucket key of spread values', () => {
  const fromWords = (hi: number, lo: number) => {
    const f = new Float64Array(1);
    const w = new Uint32Array(f.buffer);
    const little = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
    w[little ? 1 : 0] = hi >>> 0;
    w[little ? 0 : 1] = lo >>> 0;
    return f[0];
  };
  it('never decreases as the value grows, on doubles whose high words are next to each other (property)', () => {
    const word = fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 3 });
    fc.assert(
      fc.property(word, fc.integer({ min: 0, max: 2 }), fc.nat(), fc.nat(), (h, d, l1, l2) => {
        const xs = [fromWords(h, l1), fromWords(h + d, l2), -0, 0].filter((v) => !Number.isNaN(v)).sort((x, y) => x - y || (Object.is(x, -0) ? -1 : 1));
        for (let i = 1; i < xs.length; i++) expect(orderKey(xs[i - 1]) <= orderKey(xs[i]), `${xs[i - 1]} ≤ ${xs[i]}`).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('selectKth (Hoare) — a[k] is the k-th smallest after the call', () => {
  it('agrees with sorting (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ noNaN: true }), { minLength: 1, maxLength: 200 }), fc.nat(), (xs, j) => {
        const a = Float64Array.from(xs);
        const k = j % a.length;
        selectKth(a, 0, a.length - 1, k);
        const s = Float64Array.from(xs).sort();
        expect(a[k] === s[k]).toBe(true); // −0 and +0 equal here; OrderSelector fixes the sign
        for (let i = 0; i < k; i++) expect(a[i] <= a[k]).toBe(true);
        for (let i = k + 1; i < a.length; i++) expect(a[i] >= a[k]).toBe(true);
      }),
    );
  });
});

describe('quantilesType7 — R type 7 by selection', () => {
  it('R-documented values: 10, 1, NaN, 4, 3, 2 at 0.3 and 0.9 → 2.2 and 7.6 (sorted 1, 2, 3, 4, 10; h = 1 + 4p)', () => {
    const q = quantilesType7(Float64Array.of(10, 1, NaN, 4, 3, 2), [0.3, 0.9]);
    expect(q[0]).toBeCloseTo(2.2, 14);
    expect(q[1]).toBeCloseTo(7.6, 14);
  });
  it('NaN for no non-missing value', () => {
    expect(Number.isNaN(quantilesType7([NaN, NaN], [0.5])[0])).toBe(true);
  });
  it('has the bits of quantileSorted on the sorted values (property)', () => {
    const sel = new OrderSelector();
    fc.assert(
      fc.property(
        fc.array(value, { maxLength: 400, size: 'max' }),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 10 }),
        (xs, probs) => {
          const q = quantilesType7(xs, [0.5, 0.05, 0.95, ...probs], sel);
          const s = sortedFinite(xs);
          [0.5, 0.05, 0.95, ...probs].forEach((p, i) =>
            expect(Object.is(q[i], quantileSorted(s, p)), `p = ${p}: ${q[i]} vs ${quantileSorted(s, p)}`).toBe(true),
          );
        },
      ),
      { numRuns: 400 },
    );
  });
});

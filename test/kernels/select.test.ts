import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { OrderSelector, quantilesType7, selectKth } from '../../src/kernels/select.js';
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
  const check = (xs: number[], picks: number[]) => {
    const a = Float64Array.from(xs.filter((v) => !Number.isNaN(v)));
    const n = a.length;
    if (n === 0) return;
    const sorted = Float64Array.from(a).sort(); // −0 before +0
    const ks = Int32Array.from(picks.map((p) => Math.floor(p * n) % n));
    const kv = new Float64Array(ks.length);
    const [lo, hi] = extent(a);
    sel.select(a, n, lo, hi, ks, kv, ks.length);
    ks.forEach((k, i) => expect(Object.is(kv[i], sorted[k]), `position ${k} of ${n}: ${kv[i]} vs ${sorted[k]}`).toBe(true));
    // the values are only reordered
    expect(Float64Array.from(a).sort()).toEqual(sorted);
  };
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
  it('refuses more than 16 positions', () => {
    expect(() => sel.select(new Float64Array(3), 3, 0, 0, new Int32Array(17), new Float64Array(17), 17)).toThrow(RangeError);
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

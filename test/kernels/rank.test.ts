import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { RankScratch, rank, rankTo, type TiesMethod } from '../../src/kernels/rank.js';
import { NqpfError } from '../../src/core/errors.js';

const f = (...v: number[]) => Float64Array.from(v);
const arr = (x: Float64Array) => Array.from(x);

// R's rank() (?rank): values are ordered, positions 1..n assigned; a tie group at positions i..j gets
// "average" (i+j)/2, "min" i, "max" j, "first" i..j in order of appearance; na.last = "keep" → NA.
//
// x = 3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5 (the example in ?rank), sorted ascending with original index:
//   pos 1,2: 1 (idx 1, 3)   pos 3: 2 (idx 6)   pos 4,5: 3 (idx 0, 9)   pos 6: 4 (idx 2)
//   pos 7,8,9: 5 (idx 4, 8, 10)   pos 10: 6 (idx 7)   pos 11: 9 (idx 5)
// average: 1s → 1.5, 3s → 4.5, 5s → 8   (R prints 4.5 1.5 6.0 1.5 8.0 11.0 3.0 10.0 8.0 4.5 8.0)
// min:     1s → 1,   3s → 4,   5s → 7
// max:     1s → 2,   3s → 5,   5s → 9
// first:   idx1 → 1, idx3 → 2; idx0 → 4, idx9 → 5; idx4 → 7, idx8 → 8, idx10 → 9
// Descending (R rank(-x)): 9 → 1, 6 → 2, 5s at pos 3..5, 4 → 6, 3s at 7..8, 2 → 9, 1s at 10..11:
// average 5s → 4, 3s → 7.5, 1s → 10.5; min 5s → 3, 3s → 7, 1s → 10.
const X = f(3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5);
const EXPECT: Record<TiesMethod, number[]> = {
  average: [4.5, 1.5, 6, 1.5, 8, 11, 3, 10, 8, 4.5, 8],
  min: [4, 1, 6, 1, 7, 11, 3, 10, 7, 4, 7],
  max: [5, 2, 6, 2, 9, 11, 3, 10, 9, 5, 9],
  first: [4, 1, 6, 2, 7, 11, 3, 10, 8, 5, 9],
};

describe('rank(x, ties, order) — R rank() semantics', () => {
  for (const ties of ['average', 'min', 'max', 'first'] as TiesMethod[]) {
    it(`rank(3,1,4,1,5,9,2,6,5,3,5, '${ties}') matches the hand derivation from ?rank`, () => {
      expect(arr(rank(X, ties))).toEqual(EXPECT[ties]);
    });
  }
  it('defaults to ties = average, order = asc', () => {
    expect(arr(rank(X))).toEqual(EXPECT.average);
  });
  it("order 'desc' ranks the largest first, like R rank(-x)", () => {
    expect(arr(rank(X, 'average', 'desc'))).toEqual([7.5, 10.5, 6, 10.5, 4, 1, 9, 2, 4, 7.5, 4]);
    expect(arr(rank(X, 'min', 'desc'))).toEqual([7, 10, 6, 10, 3, 1, 9, 2, 3, 7, 3]);
  });
  it("'first' is stable in the order of appearance whatever the order (desc: 5s at idx 4, 8, 10 → 3, 4, 5)", () => {
    expect(arr(rank(X, 'first', 'desc'))).toEqual([7, 10, 6, 11, 3, 1, 9, 2, 4, 8, 5]);
  });
  it('keeps NaN as NaN and ranks among the non-missing values (na.last = "keep"): rank(2, NaN, 1) = 2, NaN, 1', () => {
    expect(arr(rank(f(2, NaN, 1)))).toEqual([2, NaN, 1]);
    expect(arr(rank(f(NaN, NaN)))).toEqual([NaN, NaN]);
    expect(arr(rank(f()))).toEqual([]);
  });
  it('treats −0 and +0 as tied and ±Infinity as ordinary values', () => {
    expect(arr(rank(f(0, -0, -Infinity, Infinity)))).toEqual([2.5, 2.5, 1, 4]);
  });
  it('rejects an unknown tie rule with E_UNKNOWN_METHOD listing the known ones', () => {
    let err: unknown;
    try {
      rank(X, 'dense' as TiesMethod);
    } catch (e) {
      err = e;
    }
    expect((err as NqpfError).code).toBe('E_UNKNOWN_METHOD');
    expect((err as NqpfError).message).toMatch(/average, min, max, first/);
    expect(() => rank(X, 'min', 'up' as 'asc')).toThrow(NqpfError);
  });
  it('orders long runs of values that differ only in their low 32 bits (1 + j·2⁻⁵², shuffled, with ties)', () => {
    // j = 0..59 twice, in a scrambled order: x = 1 + j·2⁻⁵² orders like j, and equal j tie.
    const js = Array.from({ length: 120 }, (_, i) => ((i * 37) % 120) % 60);
    const x = Float64Array.from(js, (j) => 1 + j * 2 ** -52);
    // min, ascending: 1 + #{j' < j} = 1 + 2j; max: 2j + 2; descending min: 1 + #{j' > j} = 1 + 2(59 − j).
    expect(arr(rank(x, 'min'))).toEqual(js.map((j) => 1 + 2 * j));
    expect(arr(rank(x, 'max'))).toEqual(js.map((j) => 2 * j + 2));
    expect(arr(rank(x, 'min', 'desc'))).toEqual(js.map((j) => 1 + 2 * (59 - j)));
    const negated = x.map((v) => -v);
    expect(arr(rank(negated, 'average'))).toEqual(js.map((j) => 1.5 + 2 * (59 - j)));
  });
  it('rankTo refuses an output of another length (E_LENGTH_MISMATCH) and an unknown tie rule', () => {
    const scratch = new RankScratch();
    expect(() => rankTo(X, new Float64Array(3), 'min', 'asc', scratch)).toThrow(expect.objectContaining({ code: 'E_LENGTH_MISMATCH' }));
    expect(() => rankTo(X, new Float64Array(X.length), 'dense' as TiesMethod, 'asc', scratch)).toThrow(expect.objectContaining({ code: 'E_UNKNOWN_METHOD' }));
  });
  it('rankTo with a reused scratch equals rank on long columns with ties (radix path, 20,000 → 300 values)', () => {
    const scratch = new RankScratch();
    let s = 1;
    const next = () => (s = (s * 48271) % 2147483647) / 2147483647;
    for (const n of [20000, 300, 5000]) {
      const x = Float64Array.from({ length: n }, (_, i) => (i % 11 === 0 ? NaN : i % 5 === 0 ? Math.floor(next() * 50) : next()));
      for (const t of ['min', 'max', 'average', 'first'] as TiesMethod[])
        for (const o of ['asc', 'desc'] as const) {
          // value by value (Object.is: NaN ranks equal, as toEqual has them; toEqual on 24 arrays of up to 20,000 took ≈ 2 s)
          const got = rankTo(x, new Float64Array(n), t, o, scratch);
          const want = rank(x, t, o);
          const at = got.findIndex((v, i) => !Object.is(v, want[i]));
          expect(at, `n = ${n}, ${t}, ${o}: rank ${at} is ${got[at]}, rank() gives ${want[at]}`).toBe(-1);
        }
    }
  });
  it('does not modify its input', () => {
    const x = f(3, NaN, 1);
    rank(x, 'first', 'desc');
    expect(arr(x)).toEqual([3, NaN, 1]);
  });
  it('rankTo agrees with the counting definition on long columns: every radix digit, long runs of equal high halves, ±0, ±Infinity, NaN (property)', () => {
    // The radix path's digits of the high halves (four of 8 bits below 2,048 values, three of 11, 11
    // and 10 bits from there) and its walk over runs of equal high halves, on columns of 65–1,500 and
    // 2,048–3,000 values (scores in [0, 1], their ±0, integers, values equal but for their low 32 bits,
    // any doubles). Independent definition: min = 1 + #{before}, max = #{before or equal}.
    const scratch = new RankScratch();
    fc.assert(
      fc.property(
        fc
          .constantFrom([65, 1500], [2048, 3000])
          .chain(([minLength, maxLength]) =>
            fc.array(
              fc.oneof(
                { arbitrary: fc.double({ min: 0, max: 1, noNaN: true }), weight: 8 },
                fc.constantFrom(NaN, -0, 0, 1, Infinity, -Infinity),
                fc.integer({ min: -5, max: 5 }),
                fc.double(),
                { arbitrary: fc.integer({ min: -30, max: 30 }).map((j) => Math.sign(j || 1) * (0.75 + Math.abs(j) * 2 ** -53)), weight: 3 },
              ),
              { minLength, maxLength },
            ),
          ),
        fc.constantFrom<'asc' | 'desc'>('asc', 'desc'),
        fc.constantFrom<TiesMethod>('min', 'max', 'average'),
        (xs, order, ties) => {
          const x = Float64Array.from(xs);
          const sorted = xs.filter((v) => v === v).sort((a, b) => a - b);
          const lower = (v: number) => {
            let lo = 0;
            let hi = sorted.length;
            while (lo < hi) {
              const mid = (lo + hi) >> 1;
              if (sorted[mid] < v) lo = mid + 1;
              else hi = mid;
            }
            return lo;
          };
          const upper = (v: number) => {
            let lo = 0;
            let hi = sorted.length;
            while (lo < hi) {
              const mid = (lo + hi) >> 1;
              if (sorted[mid] <= v) lo = mid + 1;
              else hi = mid;
            }
            return lo;
          };
          const m = sorted.length;
          const want = xs.map((v) => {
            if (v !== v) return NaN;
            const less = order === 'asc' ? lower(v) : m - upper(v); // values before v in `order`
            const eq = upper(v) - lower(v);
            return ties === 'min' ? less + 1 : ties === 'max' ? less + eq : less + (eq + 1) / 2;
          });
          const out = new Float64Array(x.length).fill(-7);
          expect(arr(rankTo(x, out, ties, order, scratch))).toEqual(want);
          expect(arr(rank(x, ties, order))).toEqual(want);
        },
      ),
      { numRuns: 60 },
    );
  });
  it('rankTo with one scratch over columns of a panel: the histograms counted with the last column’s digit layout are used only when this column has that layout (property)', () => {
    // Columns ranked one after another with one scratch, as the periods of a score: each column's values lie in
    // one of a few ranges (keys varying in 1 to 32 bits: one, two or three digits), with ties and NaN, so
    // consecutive columns share their layout or not. Independent definition: min = 1 + #{before}, max = #{before or equal}.
    const RANGES: [number, number][] = [
      [0.1, 0.9],
      [0.25, 1],
      [0.5, 0.5 + 2 ** -10],
      [0.3, 0.3 + 2 ** -30],
      [-1e6, 1e6],
    ];
    const scratch = new RankScratch();
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            range: fc.integer({ min: 0, max: RANGES.length - 1 }),
            n: fc.integer({ min: 2048, max: 2600 }),
            seed: fc.integer({ min: 1, max: 2 ** 30 }),
          }),
          { minLength: 2, maxLength: 5 },
        ),
        fc.constantFrom<'asc' | 'desc'>('asc', 'desc'),
        fc.constantFrom<TiesMethod>('min', 'max', 'average'),
        (cols, order, ties) => {
          for (const { range, n, seed } of cols) {
            const [lo, hi] = RANGES[range];
            let s = seed;
            const next = () => (s = (s * 48271) % 2147483647) / 2147483647;
            const x = Float64Array.from({ length: n }, (_, i) => (i % 97 === 3 ? NaN : lo + (hi - lo) * (i % 13 === 0 ? Math.floor(next() * 8) / 8 : next())));
            const vals = Array.from(x);
            const sorted = vals.filter((v) => v === v).sort((a, b) => a - b);
            const m = sorted.length;
            const count = (v: number, strict: boolean) => {
              let a = 0;
              let b = m;
              while (a < b) {
                const mid = (a + b) >> 1;
                if (strict ? sorted[mid] < v : sorted[mid] <= v) a = mid + 1;
                else b = mid;
              }
              return a;
            };
            const want = vals.map((v) => {
              if (v !== v) return NaN;
              const eq = count(v, false) - count(v, true);
              const less = order === 'asc' ? count(v, true) : m - count(v, false);
              return ties === 'min' ? less + 1 : ties === 'max' ? less + eq : less + (eq + 1) / 2;
            });
            expect(arr(rankTo(x, new Float64Array(n).fill(-7), ties, order, scratch))).toEqual(want);
          }
        },
      ),
      { numRuns: 25 },
    );
  });
  it('rankTo (packed keys) = a sort-and-count reference: ties, ±0, NaN, ±Infinity, subnormals, all-equal, equal-key runs, shortened keys, n = 0 and 1, subarrays, arrays (property)', () => {
    // Reference: the non-missing values sorted (a plain comparator sort); min = 1 + #{before}, max = #{before or equal},
    // average = their mean; descending swaps the counts. One scratch for every case (layouts and run buffers kept between calls).
    // keyBits < 32 sorts only the high bits of each key (as columns longer than 2^21 values do): values sharing them form
    // runs ordered by value — sorted runs, short runs (insertion) and long ones (typed-array sort and binary searches).
    const scratch = new RankScratch();
    const value = fc.oneof(
      { arbitrary: fc.double({ min: 0, max: 1, noNaN: true }), weight: 6 },
      fc.integer({ min: -4, max: 4 }),
      fc.constantFrom(NaN, -0, 0, Infinity, -Infinity, 5e-324, -5e-324, 2.2250738585072014e-308, -2.2250738585072014e-308, Number.MAX_VALUE, -Number.MAX_VALUE),
      fc.double({ min: -1e-307, max: 1e-307, noNaN: true }), // subnormals and tiny normals of both signs
      fc.double(),
      // equal high words, different low words (runs of equal keys), both signs
      { arbitrary: fc.integer({ min: -60, max: 60 }).map((j) => Math.sign(j || 1) * (1 + Math.abs(j) * 2 ** -52)), weight: 4 },
    );
    const column = fc.oneof(
      fc.array(value, { minLength: 65, maxLength: 700 }),
      fc.array(value, { minLength: 0, maxLength: 64 }),
      // all equal (a value and its NaNs), mostly missing (0 or 1 value left)
      fc
        .tuple(value, fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: 2 }))
        .map(([v, n, nan]) => Array.from({ length: n }, (_, i) => (i % (nan + 2) === 1 && nan ? NaN : v))),
      fc
        .tuple(value, fc.integer({ min: 65, max: 200 }), fc.integer({ min: 0, max: 1 }))
        .map(([v, n, keep]) => Array.from({ length: n }, (_, i) => (keep && i === 40 ? v : NaN))),
      // long runs of equal keys in scrambled order (more than 16: the sorted-copy path)
      fc
        .tuple(fc.integer({ min: 70, max: 400 }), fc.integer({ min: 1, max: 97 }), fc.boolean())
        .map(([n, step, neg]) => Array.from({ length: n }, (_, i) => (neg ? -1 : 1) * (0.5 + (((i * step) % n) % 37) * 2 ** -52))),
    );
    fc.assert(
      fc.property(
        column,
        fc.constantFrom<'asc' | 'desc'>('asc', 'desc'),
        fc.constantFrom<TiesMethod>('min', 'max', 'average'),
        fc.constantFrom(32, 32, 20, 12, 6, 1),
        fc.integer({ min: 0, max: 3 }),
        fc.boolean(),
        (xs, order, ties, keyBits, offset, plain) => {
          const sorted = xs.filter((v) => v === v).sort((a, b) => a - b);
          const m = sorted.length;
          const count = (v: number, strict: boolean) => sorted.filter((w) => (strict ? w < v : w <= v)).length;
          const want = xs.map((v) => {
            if (v !== v) return NaN;
            const lt = count(v, true);
            const le = count(v, false);
            const less = order === 'asc' ? lt : m - le;
            const eq = le - lt;
            return ties === 'min' ? less + 1 : ties === 'max' ? less + eq : less + (eq + 1) / 2;
          });
          // a Float64Array at an offset in a longer buffer (the high words read in place), or a plain array
          const big = new Float64Array(xs.length + offset + 2).fill(7);
          big.set(xs, offset);
          const x = plain ? xs : big.subarray(offset, offset + xs.length);
          scratch.keyBits = keyBits;
          const out = new Float64Array(xs.length).fill(-7);
          expect(arr(rankTo(x, out, ties, order, scratch))).toEqual(want);
          scratch.keyBits = 32;
          expect(arr(rank(x, ties, order))).toEqual(want);
        },
      ),
      { numRuns: 400 },
    );
  });
  it('ranks a column longer than 2^21 values (fewer key bits packed with the positions): 1 + k·2⁻²⁰, k repeated, scrambled, with NaN', () => {
    // n = 2^21 + 3 values need 22 position bits, so 31 key bits are sorted: k and k ^ 1 share a key (their high words
    // differ in the last bit only) and every run of equal keys is ordered by value. Ranks from counts of each k.
    const n = 2 ** 21 + 3;
    const K = 2 ** 20;
    const x = new Float64Array(n);
    const per = new Float64Array(K);
    for (let i = 0; i < n; i++) {
      if (i % 1001 === 5) {
        x[i] = NaN;
        continue;
      }
      const k = (i * 7919) % K;
      x[i] = 1 + k * 2 ** -20;
      per[k]++;
    }
    // below[k] = #{values with k' < k}
    const below = new Float64Array(K + 1);
    for (let k = 0; k < K; k++) below[k + 1] = below[k] + per[k];
    const m = below[K];
    const out = rankTo(x, new Float64Array(n), 'min', 'desc', new RankScratch());
    const outMax = rankTo(x, new Float64Array(n), 'max', 'asc', new RankScratch());
    let bad = -1;
    for (let i = 0; i < n && bad < 0; i++) {
      const v = x[i];
      if (v !== v) {
        if (!Number.isNaN(out[i]) || !Number.isNaN(outMax[i])) bad = i;
        continue;
      }
      const k = (v - 1) * 2 ** 20;
      if (out[i] !== m - below[k + 1] + 1 || outMax[i] !== below[k + 1]) bad = i;
    }
    expect(bad, `rank at ${bad}: ${out[bad]} / ${outMax[bad]}`).toBe(-1);
  });
  it('agrees with the counting definition on random data with many ties, any doubles, ±0 and ±Infinity, and runs of values equal in their high 32 bits (property)', () => {
    // Independent O(n²) definition: min = 1 + #{x_j < x_i}, max = #{x_j ≤ x_i},
    // average = (min + max)/2, first = 1 + #{x_j < x_i} + #{j < i : x_j = x_i}; for desc swap < and >.
    const scratch = new RankScratch();
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.integer({ min: -3, max: 3 }),
            fc.constant(NaN),
            fc.double(),
            fc.constantFrom(-0, 0, Infinity, -Infinity, 5e-324, -5e-324, 1.5, -1.5),
            // ±(1 + j·2⁻⁵²): equal high words, different low words — long runs the radix pass cannot split
            { arbitrary: fc.integer({ min: -40, max: 40 }).map((j) => Math.sign(j || 1) * (1 + Math.abs(j) * 2 ** -52)), weight: 6 },
          ),
          { maxLength: 160 }, // both paths: sort and binary search up to 64 values, the radix sort above
        ),
        fc.constantFrom<'asc' | 'desc'>('asc', 'desc'),
        (xs, order) => {
          const x = Float64Array.from(xs);
          const before = (a: number, b: number) => (order === 'asc' ? a < b : a > b);
          const want: Record<TiesMethod, number[]> = { average: [], min: [], max: [], first: [] };
          xs.forEach((v, i) => {
            if (Number.isNaN(v)) {
              for (const t of Object.keys(want) as TiesMethod[]) want[t].push(NaN);
              return;
            }
            let less = 0,
              eq = 0,
              eqBefore = 0;
            xs.forEach((w, j) => {
              if (Number.isNaN(w)) return;
              if (before(w, v)) less++;
              else if (w === v) {
                eq++;
                if (j < i) eqBefore++;
              }
            });
            want.min.push(less + 1);
            want.max.push(less + eq);
            want.average.push(less + (eq + 1) / 2);
            want.first.push(less + eqBefore + 1);
          });
          for (const t of Object.keys(want) as TiesMethod[]) {
            expect(arr(rank(x, t, order))).toEqual(want[t]);
            expect(arr(rank(xs, t, order))).toEqual(want[t]); // a plain array (read value by value)
            // rankTo: the same ranks into an output holding earlier values, with a scratch shared by every case (grown by longer inputs, reused by shorter ones)
            const out = new Float64Array(x.length).fill(-7);
            expect(rankTo(x, out, t, order, scratch)).toBe(out);
            expect(arr(out)).toEqual(want[t]);
          }
        },
      ),
    );
  });
});

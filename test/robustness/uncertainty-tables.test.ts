/**
 * uncertaintyTables against a brute-force reading of the replications: per output the finite
 * values sorted, mean, R type-7 quantiles (x_(⌊h⌋) + (h − ⌊h⌋)(x_(⌊h⌋+1) − x_(⌊h⌋)), h = 1 + (n − 1)p)
 * and mean |rank − nominal rank|; the unstable-units table from sorting every output by shift.
 * Covers ranks counted (whole numbers, narrow or wide bands), ranks that must be sorted (average
 * ties, a missing nominal rank), missing values, single-precision buffers and blocks of outputs
 * that do not divide the number of outputs.
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/rng.js';
import { UNCERTAINTY_STATS, uncertaintyStats, uncertaintyTables } from '../../src/robustness/analyse.js';
import type { RobustnessEngine } from '../../src/robustness/engine.js';
import { quantileSorted } from '../../src/kernels/quantile.js';

function type7(sorted: number[], p: number): number {
  const n = sorted.length;
  const h = 1 + (n - 1) * p;
  const j = Math.floor(h);
  return j >= n ? sorted[n - 1] : sorted[j - 1] + (h - j) * (sorted[j] - sorted[j - 1]);
}

function setup(N: number, nU: number, nT: number, single: boolean) {
  const rng = Rng.create(N * 7 + nU);
  const nOut = 2 * nT * nU;
  const e = {
    nOut,
    units: Array.from({ length: nU }, (_, u) => `u${u}`),
    periods: Array.from({ length: nT }, (_, t) => String(2000 + t)),
    tracked: ['A', 'B'],
  };
  const Buf = single ? Float32Array : Float64Array;
  const ranks = new Buf(N * nOut);
  const scores = new Buf(N * nOut);
  const nominal = { ranks: new Float64Array(nOut), scores: new Float64Array(nOut) };
  for (let o = 0; o < nOut; o++) {
    const kind = o % 7; // 0: wide band, 1: average ties (halves), 2: many missing, else narrow band
    const centre = 1 + rng.int(nU);
    nominal.ranks[o] = o % 11 === 5 ? NaN : centre;
    nominal.scores[o] = rng.uniform() * 100;
    for (let r = 0; r < N; r++) {
      let v = kind === 0 ? 1 + rng.int(100000) : centre + rng.int(9) - 4;
      if (kind === 1) v += 0.5 * rng.int(2);
      if ((kind === 2 && rng.uniform() < 0.5) || o % 13 === 0) v = NaN;
      ranks[r * nOut + o] = v;
      scores[r * nOut + o] = Number.isNaN(v) ? NaN : rng.normal() * 10 + o;
    }
  }
  return { e: e as unknown as RobustnessEngine, nominal, out: { ranks, scores }, nOut };
}

describe('uncertaintyTables', () => {
  for (const [N, nU, nT, single] of [
    [200, 30, 3, false],
    [57, 70, 2, true],
    [1, 5, 1, false],
  ] as const) {
    it(`equals the brute-force statistics (N = ${N}, ${nU} units × ${nT} periods, ${single ? 'single' : 'double'} precision)`, () => {
      const { e, nominal, out, nOut } = setup(N, nU, nT, single);
      const [t, unstable] = uncertaintyTables(e, nominal, out, N, 4);
      const shifts: number[] = [];
      for (let o = 0; o < nOut; o++) {
        const col = (b: ArrayLike<number>) => {
          const x: number[] = [];
          for (let r = 0; r < N; r++) if (!Number.isNaN(b[r * nOut + o])) x.push(b[r * nOut + o]);
          return x.sort((a, c) => a - c);
        };
        const r = col(out.ranks);
        const s = col(out.scores);
        const nr = nominal.ranks[o];
        const shift = r.length ? r.reduce((a, v) => a + Math.abs(v - nr), 0) / r.length : NaN;
        shifts.push(shift);
        const row = t.rows[o];
        const stats = (x: number[]) =>
          x.length ? [x.reduce((a, v) => a + v, 0) / x.length, type7(x, 0.5), type7(x, 0.05), type7(x, 0.95)] : [NaN, NaN, NaN, NaN];
        const want = [Number.isNaN(nr) ? null : nr, ...stats(r), shift, nominal.scores[o], ...stats(s), r.length];
        const got = row.slice(3) as (number | null)[];
        expect(got.length).toBe(want.length);
        want.forEach((w, i) => {
          const g = got[i];
          if (w === null || Number.isNaN(w)) expect(g).toBeNull();
          else expect(Math.abs((g as number) - w)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(w)));
        });
      }
      // Unstable units: every output sorted by shift (descending, then output index), the first 4 per score and period.
      const order = shifts
        .map((s, o) => [s, o] as const)
        .filter(([s]) => !Number.isNaN(s))
        .sort((a, b) => b[0] - a[0] || a[1] - b[1]);
      const seen = new Map<string, number>();
      const want: unknown[][] = [];
      for (const [s, o] of order) {
        const c = Math.floor(o / (nT * nU));
        const p = Math.floor((o % (nT * nU)) / nU);
        const key = `${c}|${p}`;
        const k = (seen.get(key) ?? 0) + 1;
        if (k > 4) continue;
        seen.set(key, k);
        want.push([e.tracked[c], ...(nT > 1 || e.periods[0] !== '' ? [Number(e.periods[p])] : []), k, e.units[o % nU], nominal.ranks[o], s]);
      }
      expect(unstable.rows.map((r) => r.map((v) => (v === null ? NaN : v)))).toEqual(want);
    });
  }
  it('are the bits of sorting each column (sum in sorted order, quantileSorted), whether counted, selected or sorted', () => {
    // Columns of N = 1, 2, 3, 5 and 100 replications: ranks in narrow and wide bands (counted, selected), halves (sorted),
    // a missing nominal rank; scores in single precision over up to 2^40 in magnitude (summed in any order when exact),
    // full double mantissas (sorted), ±0, ±Infinity, subnormals and NaN.
    const rng = Rng.create(41);
    for (const N of [1, 2, 3, 5, 100]) {
      for (const single of [false, true]) {
        const nOut = 240;
        const Buf = single ? Float32Array : Float64Array;
        const ranks = new Buf(N * nOut);
        const scores = new Buf(N * nOut);
        const nominalRanks = new Float64Array(nOut);
        for (let o = 0; o < nOut; o++) {
          const kind = o % 8;
          const centre = 1 + rng.int(5000);
          nominalRanks[o] = o % 17 === 3 ? NaN : centre;
          const scale = 2 ** (rng.int(40) - 20);
          for (let r = 0; r < N; r++) {
            let v = kind === 0 ? 1 + rng.int(100000) : kind === 1 ? centre + 0.5 * rng.int(3) : centre + rng.int(9) - 4;
            if (o % 5 === 0 && rng.uniform() < 0.3) v = NaN;
            ranks[r * nOut + o] = v;
            let sc = kind === 2 ? Math.fround(rng.uniform() * scale) * 2 ** rng.int(12) : kind === 3 ? rng.normal() : Math.fround(rng.normal() * scale);
            if (kind === 4) sc = r === N - 1 ? scale : (r * 7) % 3 === 1 ? -0 : 0; // the sort puts every −0 before every +0
            if (kind === 5 && r === 1) sc = r % 2 ? Infinity : -Infinity;
            if (kind === 6 && r % 4 === 1) sc = 5e-324 * (1 + rng.int(50));
            if (o % 9 === 0 && rng.uniform() < 0.3) sc = NaN;
            scores[r * nOut + o] = sc;
          }
        }
        const got = new Float64Array(nOut * UNCERTAINTY_STATS);
        uncertaintyStats({ ranks, scores }, N, nOut, nominalRanks, 0, nOut, got);
        for (let o = 0; o < nOut; o++) {
          const col = (b: ArrayLike<number>) => {
            const x: number[] = [];
            for (let r = 0; r < N; r++) if (b[r * nOut + o] === b[r * nOut + o]) x.push(b[r * nOut + o]);
            return Float64Array.from(x).sort();
          };
          const stats = (x: Float64Array) => {
            let sum = 0;
            for (const v of x) sum += v;
            return x.length ? [sum / x.length, quantileSorted(x, 0.5), quantileSorted(x, 0.05), quantileSorted(x, 0.95)] : [NaN, NaN, NaN, NaN];
          };
          const r = col(ranks);
          let shift = 0;
          for (const v of r) shift += Math.abs(v - nominalRanks[o]);
          const want = [...stats(r), r.length ? shift / r.length : NaN, ...stats(col(scores)), r.length];
          want.forEach((w, i) => {
            if (!Object.is(got[o * UNCERTAINTY_STATS + i], w)) expect([N, single, o, i, got[o * UNCERTAINTY_STATS + i]]).toEqual([N, single, o, i, w]);
          });
        }
      }
    }
  });
  it('single-precision scores over up to 2^60 in magnitude: the sums in data order are used only when they are the sorted sums', () => {
    // Each column: 100 random single-precision values at magnitudes 2^e, e drawn from a window of 0 … 60 (sums that round in
    // some orders from about 2^29 on), one sign or both; the mean must be the sum over the sorted values (as the sort path takes it).
    const rng = Rng.create(7);
    const N = 100;
    const nOut = 400;
    const ranks = new Float32Array(N * nOut);
    const scores = new Float32Array(N * nOut);
    for (let o = 0; o < nOut; o++) {
      const span = o % 61;
      const mixed = o % 3 === 0;
      for (let r = 0; r < N; r++) {
        ranks[r * nOut + o] = 1 + rng.int(50);
        scores[r * nOut + o] = (mixed && rng.uniform() < 0.5 ? -1 : 1) * (1 + rng.uniform()) * 2 ** (rng.int(span + 1) - 30);
      }
    }
    const got = new Float64Array(nOut * UNCERTAINTY_STATS);
    uncertaintyStats({ ranks, scores }, N, nOut, new Float64Array(nOut).fill(25), 0, nOut, got);
    let rounding = 0;
    for (let o = 0; o < nOut; o++) {
      const x = Float64Array.from({ length: N }, (_, r) => scores[r * nOut + o]).sort();
      let sorted = 0;
      for (const v of x) sorted += v;
      let inOrder = 0;
      for (let r = 0; r < N; r++) inOrder += scores[r * nOut + o];
      if (sorted !== inOrder) rounding++;
      const want = [sorted / N, quantileSorted(x, 0.5), quantileSorted(x, 0.05), quantileSorted(x, 0.95)];
      want.forEach((w, i) => {
        if (!Object.is(got[o * UNCERTAINTY_STATS + 5 + i], w)) expect([o, i, got[o * UNCERTAINTY_STATS + 5 + i]]).toEqual([o, i, w]);
      });
    }
    expect(rounding).toBeGreaterThan(50); // the test has columns whose sum depends on the order
  });
  it('statistics computed in ranges of outputs (as robustness workers share them) are the same bits as in one pass', () => {
    // 280 outputs over uneven ranges: the gathered blocks start at each range's first output, not at multiples of 64.
    const { e, nominal, out, nOut } = setup(57, 70, 2, true);
    const whole = new Float64Array(nOut * UNCERTAINTY_STATS);
    uncertaintyStats(out, 57, nOut, nominal.ranks, 0, nOut, whole);
    const parts = new Float64Array(nOut * UNCERTAINTY_STATS);
    for (const [a, b] of [
      [0, 5],
      [5, 69],
      [69, 70],
      [70, 200],
      [200, nOut],
    ])
      uncertaintyStats(out, 57, nOut, nominal.ranks, a, b, parts);
    expect(Buffer.from(parts.buffer).equals(Buffer.from(whole.buffer))).toBe(true);
    expect(uncertaintyTables(e, nominal, out, 57, 4, parts)).toEqual(uncertaintyTables(e, nominal, out, 57, 4));
  });
});

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

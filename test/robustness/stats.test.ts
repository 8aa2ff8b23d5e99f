import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { close } from '../helpers/shared.js';
import { RankHistogram, RunningMoments } from '../../src/robustness/stats.js';
import { Rng } from '../../src/core/rng.js';
import { quantile } from '../../src/kernels/quantile.js';
import { NqpfError } from '../../src/core/errors.js';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return e instanceof NqpfError ? e.code : 'not-nqpf';
  }
  return undefined;
}

/** Two-pass mean and variance (ddof) of the non-NaN values — the reference Welford must match. */
function twoPass(v: number[], ddof = 1): { n: number; mean: number; variance: number } {
  const x = v.filter((a) => !Number.isNaN(a));
  const n = x.length;
  const mean = x.reduce((s, a) => s + a, 0) / n;
  const variance = x.reduce((s, a) => s + (a - mean) ** 2, 0) / (n - ddof);
  return { n, mean, variance };
}

describe('RunningMoments (Welford)', () => {
  it('matches two-pass mean and variance (1e-9) per output, skipping NaN, on an offset of 1e4', () => {
    const rng = Rng.create(8);
    const nOut = 4;
    const runs = 5000;
    const cols: number[][] = [[], [], [], []];
    const rm = new RunningMoments(nOut);
    const row = new Float64Array(nOut);
    for (let r = 0; r < runs; r++) {
      row[0] = 1e4 + rng.normal();
      row[1] = rng.uniform() * 100;
      row[2] = r % 7 === 0 ? NaN : 50 + 3 * rng.normal();
      row[3] = 1e9 + rng.normal();
      for (let o = 0; o < nOut; o++) cols[o].push(row[o]);
      rm.push(row);
    }
    for (let o = 0; o < 3; o++) {
      const ref = twoPass(cols[o]);
      expect(rm.count(o)).toBe(ref.n);
      expect(close(rm.mean(o), ref.mean)).toBe(true);
      expect(close(rm.variance(o), ref.variance)).toBe(true);
      expect(close(rm.variance(o, 0), twoPass(cols[o], 0).variance)).toBe(true);
    }
    expect(rm.count(2)).toBe(runs - Math.ceil(runs / 7));
    expect(Array.from(rm.means())).toEqual([rm.mean(0), rm.mean(1), rm.mean(2), rm.mean(3)]);
    expect(Array.from(rm.variances())).toEqual([rm.variance(0), rm.variance(1), rm.variance(2), rm.variance(3)]);
  });

  it('stays accurate on 1e9 + N(0, 1), where Σx² − (Σx)²/n collapses', () => {
    // At 1e9 the data are quantised at ulp(1e9) ≈ 1.2e-7, so two correct algorithms agree to ~1e-7
    // relative, not 1e-9; the one-pass textbook formula is off by orders of magnitude.
    const rng = Rng.create(9);
    const xs: number[] = [];
    const rm = new RunningMoments(1);
    let s = 0;
    let s2 = 0;
    for (let r = 0; r < 5000; r++) {
      const v = 1e9 + rng.normal();
      xs.push(v);
      rm.push([v]);
      s += v;
      s2 += v * v;
    }
    const ref = twoPass(xs);
    expect(close(rm.variance(0), ref.variance, 1e-6)).toBe(true);
    const naive = (s2 - (s * s) / xs.length) / (xs.length - 1);
    expect(Math.abs(naive / ref.variance - 1)).toBeGreaterThan(0.5);
  });

  it('merge of two accumulators equals one accumulator over all runs (any split)', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 2, maxLength: 60 }), fc.nat(), (xs, cut) => {
        const at = cut % (xs.length + 1);
        const whole = new RunningMoments(1);
        const left = new RunningMoments(1);
        const right = new RunningMoments(1);
        xs.forEach((v, i) => {
          whole.push([v]);
          (i < at ? left : right).push([v]);
        });
        left.merge(right);
        const ref = twoPass(xs);
        return (
          left.count(0) === xs.length &&
          close(left.mean(0), ref.mean, 1e-9, 1e-6) &&
          close(left.variance(0), ref.variance, 1e-8, 1e-6) &&
          close(whole.variance(0), ref.variance, 1e-8, 1e-6)
        );
      }),
    );
  });

  it('reports NaN mean with no data and NaN variance with one value (ddof 1)', () => {
    const rm = new RunningMoments(2);
    expect(Number.isNaN(rm.mean(0))).toBe(true);
    rm.push([3, NaN]);
    expect(rm.mean(0)).toBe(3);
    expect(Number.isNaN(rm.variance(0))).toBe(true);
    expect(rm.variance(0, 0)).toBe(0);
    expect(Number.isNaN(rm.mean(1))).toBe(true);
  });

  it('refuses a run of the wrong width and a bad size', () => {
    expect(codeOf(() => new RunningMoments(2).push([1, 2, 3]))).toBe('E_LENGTH_MISMATCH');
    expect(codeOf(() => new RunningMoments(0))).toBe('E_BAD_OPTION');
    expect(codeOf(() => new RunningMoments(2).merge(new RunningMoments(3)))).toBe('E_LENGTH_MISMATCH');
  });
});

describe('RankHistogram', () => {
  it('hand example: ranks 1,1,2,2,2,3,5 → mean 16/7, median 2, type-7 p05 = 1, p95 = 4.4', () => {
    // Sorted sample 1 1 2 2 2 3 5 (n = 7): h = 1 + 6p; p = 0.05 → h = 1.3 → 1; p = 0.95 → h = 6.7 → 3 + 0.7·2 = 4.4.
    const h = new RankHistogram(5);
    for (const r of [2, 1, 5, 2, 3, 1, 2]) h.add([r, NaN, NaN, NaN, NaN]);
    expect(h.count(0)).toBe(7);
    expect(close(h.mean(0), 16 / 7)).toBe(true);
    expect(h.median(0)).toBe(2);
    expect(h.quantile(0, 0, 0.05)).toBe(1);
    expect(close(h.quantile(0, 0, 0.95), 4.4)).toBe(true);
    // Mean |r − 2| = (1 + 1 + 0 + 0 + 0 + 1 + 3)/7 = 6/7.
    expect(close(h.meanAbsShift(0, 0, 2), 6 / 7)).toBe(true);
    expect(h.missing[1]).toBe(7);
    expect(Number.isNaN(h.mean(1))).toBe(true);
  });

  it('summary() equals brute force on the expanded sample (sort + R type-7 quantile, mean, |Δrank|)', () => {
    const nUnits = 6;
    const nPeriods = 2;
    const runs = 301;
    const rng = Rng.create(21);
    const hist = new RankHistogram(nUnits, nPeriods);
    const kept: number[][] = Array.from({ length: nUnits * nPeriods }, () => []);
    const perm = new Float64Array(nUnits * nPeriods);
    for (let r = 0; r < runs; r++) {
      for (let t = 0; t < nPeriods; t++) {
        // A random permutation of 1..nUnits, biased so units keep different typical ranks.
        const keys = Array.from({ length: nUnits }, (_, u) => u + 2.5 * rng.normal());
        const order = keys.map((_, u) => u).sort((a, b) => keys[a] - keys[b]);
        order.forEach((u, pos) => (perm[t * nUnits + u] = pos + 1));
      }
      if (r % 50 === 3) perm[4] = NaN; // unit 4, period 0 sometimes unranked
      hist.add(perm);
      perm.forEach((v, c) => {
        if (!Number.isNaN(v)) kept[c].push(v);
      });
    }
    const nominal = Float64Array.from({ length: nUnits * nPeriods }, (_, c) => (c % nUnits) + 1);
    const s = hist.summary(nominal);
    for (let c = 0; c < nUnits * nPeriods; c++) {
      const x = Float64Array.from(kept[c]);
      expect(s.count[c]).toBe(x.length);
      expect(close(s.mean[c], x.reduce((a, b) => a + b, 0) / x.length)).toBe(true);
      expect(close(s.median[c], quantile(x, 0.5))).toBe(true);
      expect(close(s.p05[c], quantile(x, 0.05))).toBe(true);
      expect(close(s.p95[c], quantile(x, 0.95))).toBe(true);
      expect(close(s.meanAbsShift![c], x.reduce((a, b) => a + Math.abs(b - nominal[c]), 0) / x.length)).toBe(true);
      for (const p of [0, 0.1, 0.25, 0.33, 0.75, 0.9, 1]) {
        expect(close(hist.quantile(c % nUnits, Math.floor(c / nUnits), p), quantile(x, p))).toBe(true);
      }
    }
    expect(hist.missing[4]).toBe(runs - kept[4].length);
    expect(hist.missing[4]).toBeGreaterThan(0);
  });

  it('percentiles match brute force for arbitrary count patterns (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 8 }), { minLength: 1, maxLength: 80 }), fc.double({ min: 0, max: 1, noNaN: true }), (ranks, p) => {
        const h = new RankHistogram(8);
        for (const r of ranks) h.add([r, 1, 1, 1, 1, 1, 1, 1]);
        return close(h.quantile(0, 0, p), quantile(Float64Array.from(ranks), p));
      }),
    );
  });

  it('memory is nUnits² × nPeriods counts whatever the number of runs; merge adds counts', () => {
    const a = new RankHistogram(4, 3);
    expect(a.counts.length).toBe(4 * 4 * 3);
    const b = new RankHistogram(4, 3);
    const run = [1, 2, 3, 4, 4, 3, 2, 1, 2, 1, 4, 3];
    for (let i = 0; i < 1000; i++) a.add(run);
    b.add(run);
    expect(a.counts.length).toBe(48);
    a.merge(b);
    expect(a.count(0, 0)).toBe(1001);
    expect(a.mean(0, 1)).toBe(4);
    expect(a.median(2, 2)).toBe(4);
  });

  it('refuses average (non-integer) and out-of-range ranks, leaving the histogram unchanged', () => {
    const h = new RankHistogram(3);
    h.add([1, 2, 3]);
    let err: unknown;
    try {
      h.add([1, 2.5, 2.5]);
    } catch (e) {
      err = e;
    }
    expect((err as NqpfError).code).toBe('E_BAD_INPUT');
    expect((err as NqpfError).hint).toMatch(/tie rule/);
    expect(codeOf(() => h.add([0, 1, 2]))).toBe('E_BAD_INPUT');
    expect(codeOf(() => h.add([1, 2, 4]))).toBe('E_BAD_INPUT');
    expect(codeOf(() => h.add([1, 2]))).toBe('E_LENGTH_MISMATCH');
    expect(codeOf(() => h.quantile(0, 0, 1.5))).toBe('E_BAD_OPTION');
    expect(codeOf(() => h.mean(3, 0))).toBe('E_BAD_INPUT');
    expect(codeOf(() => h.summary([1, 2]))).toBe('E_LENGTH_MISMATCH');
    expect(codeOf(() => new RankHistogram(3, 0))).toBe('E_BAD_OPTION');
    expect(h.count(0)).toBe(1);
    expect(h.count(1)).toBe(1);
    expect(Array.from(h.counts)).toEqual([1, 0, 0, 0, 1, 0, 0, 0, 1]);
  });
});

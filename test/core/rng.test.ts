import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/rng.js';

describe('Rng', () => {
  it('is deterministic per (seed, stream) and streams differ', () => {
    const a = Rng.stream(42, 7);
    const b = Rng.stream(42, 7);
    const c = Rng.stream(42, 8);
    const xa = Array.from({ length: 5 }, () => a.nextU32());
    expect(Array.from({ length: 5 }, () => b.nextU32())).toEqual(xa);
    expect(Array.from({ length: 5 }, () => c.nextU32())).not.toEqual(xa);
    expect(Rng.create(1).uniform()).not.toBe(Rng.create(2).uniform());
  });

  it('intsInto(n, out) draws what as many int(n) calls draw, and leaves the same state (rejections included)', () => {
    // n = 3·2^30: a quarter of the 32-bit draws are rejected; n = 2^32: none; n = 1000, 7, 1: small ranges.
    for (const n of [1, 7, 1000, 3 * 2 ** 30, 2 ** 32]) {
      const a = Rng.stream(5, n);
      const b = Rng.stream(5, n);
      const got = new Float64Array(4000);
      a.intsInto(n, got);
      const want = Float64Array.from({ length: 4000 }, () => b.int(n));
      // compared value by value (toEqual on the typed arrays took ≈ 0.3 s each)
      const at = got.findIndex((v, i) => v !== want[i]);
      expect(at, `n = ${n}: draw ${at} is ${got[at]}, int(n) drew ${want[at]}`).toBe(-1);
      expect(a.nextU32()).toBe(b.nextU32());
    }
    expect(() => Rng.create(1).intsInto(0, new Int32Array(3))).toThrow(RangeError);
  });

  it('uniform() passes a chi-square test on 20 bins (n = 200k)', () => {
    const r = Rng.create(123);
    const bins = new Array(20).fill(0);
    const n = 200_000;
    // every draw in [0, 1): the ones outside, asserted once (an expect per draw cost ≈ 10 s of the suite's CPU)
    const outside: number[] = [];
    for (let i = 0; i < n; i++) {
      const u = r.uniform();
      if (!(u >= 0 && u < 1)) outside.push(u);
      else bins[Math.floor(u * 20)]++;
    }
    expect(outside).toEqual([]);
    const e = n / 20;
    const chi2 = bins.reduce((s, o) => s + (o - e) ** 2 / e, 0);
    expect(chi2).toBeLessThan(43.8); // χ²(19) 0.999 quantile
  });

  it('int(n) is unbiased and in range; normal() has mean 0 and variance 1', () => {
    const r = Rng.create(9);
    const counts = [0, 0, 0];
    for (let i = 0; i < 30000; i++) counts[r.int(3)]++;
    for (const c of counts) expect(Math.abs(c - 10000)).toBeLessThan(400);
    let s = 0;
    let s2 = 0;
    const n = 100_000;
    for (let i = 0; i < n; i++) {
      const z = r.normal();
      s += z;
      s2 += z * z;
    }
    expect(Math.abs(s / n)).toBeLessThan(0.02);
    expect(Math.abs(s2 / n - 1)).toBeLessThan(0.03);
  });
});

import { describe, expect, it } from 'vitest';
import { bwNrd, bwNrd0, getBandwidthRule } from '../../../src/analysis/density/bandwidth.js';
import { close } from '../../helpers/shared.js';
import { catchNqpf } from '../../io/catch-nqpf.js';

const f = (...v: number[]) => Float64Array.from(v);

/*
 * Derivations by hand from R's source of bw.nrd0 / bw.nrd:
 *   bw.nrd0: lo = min(sd, IQR/1.34); if lo == 0: lo = sd, else |x[1]|, else 1;  0.9 · lo · n^(−0.2)
 *   bw.nrd:  1.06 · min(sd, IQR/1.34) · n^(−1/5)
 * with type-7 quartiles Q(p) = x_(⌊h⌋) + (h − ⌊h⌋)(x_(⌊h⌋+1) − x_(⌊h⌋)), h = 1 + (n − 1)p.
 *
 * (a) x = [1, 2, 3, 4, 10], n = 5: mean 4, deviations −3 −2 −1 0 6, SS = 50, sd = √12.5 ≈ 3.536;
 *     Q(.25): h = 2 → 2; Q(.75): h = 4 → 4; IQR = 2, IQR/1.34 ≈ 1.4925 < sd  ⇒  lo = 2/1.34.
 * (b) x = [0, 0, 10, 10], n = 4: mean 5, SS = 100, sd = √(100/3) ≈ 5.774;
 *     Q(.25): h = 1.75 → 0 + .75·(0 − 0) = 0; Q(.75): h = 3.25 → 10 + .25·0 = 10; IQR/1.34 ≈ 7.46 > sd ⇒ lo = sd.
 * (c) x = [1, 1, 1, 1, 5]: Q(.25) = x_(2) = 1, Q(.75) = x_(4) = 1, IQR = 0 ⇒ nrd0 falls back to sd:
 *     mean 1.8, SS = 4·0.64 + 3.2² = 12.8, sd = √3.2;  nrd = 1.06 · min(√3.2, 0) · … = 0.
 * (d) x = [3, 3, 3]: sd = 0, IQR = 0 ⇒ lo = |x[1]| = 3.   (e) x = [0, 0]: ⇒ lo = 1.
 * (f) x = [−2, 5, 5, 5, 5]: IQR = 0, sd > 0 ⇒ lo = sd (never |x[1]|): mean 3.6, SS = 5.6² + 4·1.4² = 39.2, sd = √9.8.
 */
describe('bwNrd0 / bwNrd', () => {
  it('bwNrd0 and bwNrd of [1, 2, 3, 4, 10] use IQR/1.34 (smaller than sd)', () => {
    expect(close(bwNrd0(f(1, 2, 3, 4, 10)), 0.9 * (2 / 1.34) * Math.pow(5, -0.2))).toBe(true);
    expect(close(bwNrd(f(10, 1, 4, 2, 3)), 1.06 * (2 / 1.34) * Math.pow(5, -0.2))).toBe(true);
  });

  it('bwNrd0 and bwNrd of [0, 0, 10, 10] use sd (smaller than IQR/1.34)', () => {
    expect(close(bwNrd0(f(0, 0, 10, 10)), 0.9 * Math.sqrt(100 / 3) * Math.pow(4, -0.2))).toBe(true);
    expect(close(bwNrd(f(0, 0, 10, 10)), 1.06 * Math.sqrt(100 / 3) * Math.pow(4, -0.2))).toBe(true);
  });

  it("bwNrd0 applies R's fallbacks when the IQR (and sd) are 0; bwNrd has none and gives 0", () => {
    expect(close(bwNrd0(f(1, 1, 1, 1, 5)), 0.9 * Math.sqrt(3.2) * Math.pow(5, -0.2))).toBe(true);
    expect(bwNrd(f(1, 1, 1, 1, 5))).toBe(0);
    expect(close(bwNrd0(f(3, 3, 3)), 0.9 * 3 * Math.pow(3, -0.2))).toBe(true);
    expect(close(bwNrd0(f(-2, -2)), 0.9 * 2 * Math.pow(2, -0.2))).toBe(true);
    expect(close(bwNrd0(f(0, 0)), 0.9 * 1 * Math.pow(2, -0.2))).toBe(true);
    expect(close(bwNrd0(f(-2, 5, 5, 5, 5)), 0.9 * Math.sqrt(9.8) * Math.pow(5, -0.2))).toBe(true);
  });

  it('bwNrd0 with dropMissing uses the first non-missing value in the |x[1]| fallback', () => {
    expect(close(bwNrd0(f(NaN, 4, 4), { dropMissing: true }), 0.9 * 4 * Math.pow(2, -0.2))).toBe(true);
    expect(catchNqpf(() => bwNrd0(f(NaN, 4, 4))).code).toBe('E_MISSING_VALUES');
  });

  it('bandwidth rules need at least 2 data points and are looked up by name', () => {
    expect(catchNqpf(() => bwNrd0(f(1))).code).toBe('E_TOO_FEW');
    expect(catchNqpf(() => bwNrd(f())).code).toBe('E_TOO_FEW');
    expect(getBandwidthRule('scott')).toBe(bwNrd);
    expect(catchNqpf(() => getBandwidthRule('silverma', 'kde.bw')).hint).toMatch(/"silverman"/);
  });
});

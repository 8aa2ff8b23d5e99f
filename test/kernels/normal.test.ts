import { describe, expect, it } from 'vitest';
import { erf, erfc, normalCdf, normalUpper } from '../../src/kernels/normal.js';

/*
 * Reference values: 40-digit evaluations with mpmath 1.3 (Python), e.g.
 *   import mpmath as m; m.mp.dps = 40; m.erfc(m.mpf('3.5')); m.ncdf(m.mpf('-8'))
 * printed to 25 significant digits. Required relative error < 1e-14 (Cody's approximations
 * reach a few ulp).
 */
const ERFC: [number, number][] = [
  [-3, 1.999977909503001414558627],
  [-1, 1.842700792949714869341221],
  [-0.2, 1.222702589210478454140139],
  [0, 1],
  [0.1, 0.8875370839817151077967249],
  [0.46875, 0.5073865267820620084118239],
  [0.5, 0.4795001221869534623172533],
  [1, 0.1572992070502851306587794],
  [2, 0.004677734981047265837930744],
  [3.5, 7.430983723414127455236838e-7],
  [4, 1.541725790028001885215967e-8],
  [5, 1.537459794428034850188343e-12],
  [10, 2.088487583762544757000786e-45],
  [20, 5.395865611607900928934999e-176],
  [26, 5.663192408856142846475728e-296],
];

const PNORM: [number, number][] = [
  [-20, 2.753624118606233695075623e-89],
  [-8, 6.220960574271784123515995e-16],
  [-5, 2.866515718791939116737523e-7],
  [-1.959963984540054, 0.02500000000000001376525136],
  [-1, 0.1586552539314570514147675],
  [0, 0.5],
  [0.5, 0.6914624612740131036377046],
  [1.644853626951472, 0.9499999999999999262720592],
  [3, 0.9986501019683699054733482],
  [8, 0.9999999999999993779039426],
];

const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe('erfc', () => {
  it.each(ERFC)('erfc(%f) matches the 40-digit value to 1e-14 relative', (x, v) => {
    expect(rel(erfc(x), v)).toBeLessThan(1e-14);
  });

  it('erfc handles the limits and NaN', () => {
    expect(erfc(30)).toBe(0);
    expect(erfc(-30)).toBe(2);
    expect(Number.isNaN(erfc(NaN))).toBe(true);
  });

  it('erf(x) = 1 − erfc(x) and is odd', () => {
    expect(Math.abs(erf(1) - (1 - 0.1572992070502851306587794))).toBeLessThan(2e-16);
    expect(erf(-0.3)).toBe(-erf(0.3));
    // erf(1e-10) = 2e-10/√π (1 − 1e-20/3 + …): relative accuracy near 0
    expect(rel(erf(1e-10), 1.128379167095512573896159e-10)).toBeLessThan(1e-15);
  });
});

describe('normalCdf', () => {
  it.each(PNORM)('normalCdf(%f) matches the 40-digit value to 1e-14 relative', (z, v) => {
    expect(rel(normalCdf(z), v)).toBeLessThan(1e-14);
  });

  it('normalUpper(z) = normalCdf(−z) keeps full relative accuracy in the upper tail', () => {
    expect(rel(normalUpper(8), 6.220960574271784123515995e-16)).toBeLessThan(1e-14);
    expect(normalCdf(Infinity)).toBe(1);
    expect(normalCdf(-Infinity)).toBe(0);
  });
});

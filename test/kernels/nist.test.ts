import { describe, expect, it } from 'vitest';
import { sharedAvailable, sharedPath } from '../helpers/shared.js';
import { exactMeanSd, lre, readNistUnivariate } from '../helpers/nist.js';
import { mean } from '../../src/kernels/sum.js';
import { sd, meanSd } from '../../src/kernels/moments.js';

// NIST StRD univariate summary statistics: certified mean and sd (denominator n − 1).
// Thresholds: ≥ 14 digits for the mean and ≥ 13 for the sd on the real-world and lower-difficulty
// sets; ≥ 8 on the high-difficulty NumAcc3/NumAcc4 (values ~1e6/1e7 varying in the last digit).
const SETS: { name: string; meanMin: number; sdMin: number }[] = [
  { name: 'PiDigits', meanMin: 14, sdMin: 13 },
  { name: 'Lottery', meanMin: 14, sdMin: 13 },
  { name: 'Lew', meanMin: 14, sdMin: 13 },
  { name: 'Mavro', meanMin: 14, sdMin: 13 },
  { name: 'Michelso', meanMin: 14, sdMin: 13 },
  { name: 'NumAcc1', meanMin: 14, sdMin: 13 },
  { name: 'NumAcc2', meanMin: 14, sdMin: 13 },
  { name: 'NumAcc3', meanMin: 8, sdMin: 8 },
  { name: 'NumAcc4', meanMin: 8, sdMin: 8 },
];

describe.skipIf(!sharedAvailable)('NIST StRD univariate: mean() and sd() against certified values', () => {
  for (const s of SETS) {
    it(`${s.name}: mean LRE ≥ ${s.meanMin}, sd LRE ≥ ${s.sdMin}`, () => {
      const d = readNistUnivariate(sharedPath('data/nist', `${s.name}.dat`), s.name);
      const m = mean(d.data);
      const v = sd(d.data);
      const both = meanSd(d.data);
      const lm = lre(m, d.mean);
      const ls = lre(v, d.sd);
      // Against the exact statistics of the binary data: the kernel's own rounding error only.
      const ex = exactMeanSd(d.data);
      const xm = lre(m, ex.mean);
      const xs = lre(v, ex.sd);
      console.log(
        `[NIST] ${s.name.padEnd(9)} n=${String(d.data.length).padStart(5)}  ` +
          `LRE vs certified: mean ${lm.toFixed(1)} sd ${ls.toFixed(1)}  |  vs exact binary data: mean ${xm.toFixed(1)} sd ${xs.toFixed(1)}`,
      );
      expect(lm).toBeGreaterThanOrEqual(s.meanMin);
      expect(ls).toBeGreaterThanOrEqual(s.sdMin);
      expect(xm).toBeGreaterThanOrEqual(14);
      expect(xs).toBeGreaterThanOrEqual(14);
      expect(both.mean).toBe(m);
      expect(both.sd).toBe(v);
      expect(both.n).toBe(d.data.length);
    });
  }

  it('the certified values survive NaN padding (NaN is skipped, not counted)', () => {
    const d = readNistUnivariate(sharedPath('data/nist', 'NumAcc4.dat'), 'NumAcc4');
    const padded = new Float64Array(d.data.length * 2).fill(NaN);
    d.data.forEach((v, i) => (padded[2 * i + 1] = v));
    expect(mean(padded)).toBe(mean(d.data));
    expect(sd(padded)).toBe(sd(d.data));
  });
});

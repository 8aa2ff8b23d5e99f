import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { treatCoinr } from '../../../src/pipeline/treat/index.js';
import { close, readRefTable, sharedAvailable, sharedPath } from '../../helpers/shared.js';

/*
 * Hand cases: expected decisions and values from an independent Python transliteration of COINr
 * 1.1.x R/treat.R (Treat.numeric + winsorise + check_SkewKurt + log_CT), with skew/kurtosis from
 * scipy.stats (bias=False = e1071 type 2):
 *
 *   def passes(x): s, k = skew(v, bias=False), kurtosis(v, bias=False)  # v = x without NaN
 *                  return abs(s) < 2 or k < 3.5
 *   def winsorise(x, winmax=5):   # COINr: which(x == max) ← max(x[-imax]); nwin = len(imax)+len(imin)
 *   def treat(x): pass → x; else winsorise; still failing → log(x − min + 0.01(max − min)) on the original
 *
 *   [1..10, 30, 100]            → skew 3.0632, kurt 9.7414 → winsorise 1 high point (100 → 30), passes
 *   [1..20, 500, 500]           → tied maxima move together: nwin 2, both → 20
 *   [-500, 1..15]               → negative skew: the minimum −500 → 1 (nwin 1, low)
 *   [0..59, 1000..6000 step 1000, NaN] → still failing after 5 points (5 × 1000 … ) → log_CT of the
 *                                  original; with winmax = NULL: 6 points → all 59, passes
 */
const seq = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, i) => a + i);

describe('treatCoinr (COINr default Treat(): skew/kurtosis check, winsorise up to 5, else log_CT)', () => {
  it("treatCoinr winsorises COINr's own example c(1:10, 30, 100) by one high point", () => {
    const x = Float64Array.from([...seq(1, 10), 30, 100]);
    const r = treatCoinr(x, {});
    expect(Array.from(r.values)).toEqual([...seq(1, 10), 30, 30]);
    expect(r.report).toMatchObject({ method: 'coinr', treated: true, winsorised: 1, highCount: 1, lowCount: 0, log: false });
    expect(Array.from(x)).toEqual([...seq(1, 10), 30, 100]); // input untouched
  });

  it('treatCoinr moves tied maxima together and counts both points', () => {
    const r = treatCoinr(Float64Array.from([...seq(1, 20), 500, 500]), {});
    expect(Array.from(r.values)).toEqual([...seq(1, 20), 20, 20]);
    expect(r.report.winsorised).toBe(2);
  });

  it('treatCoinr winsorises at the low end when the skew is negative', () => {
    const r = treatCoinr(Float64Array.from([-500, ...seq(1, 15)]), {});
    expect(Array.from(r.values)).toEqual([1, ...seq(1, 15)]);
    expect(r.report).toMatchObject({ winsorised: 1, lowCount: 1, highCount: 0 });
  });

  it('treatCoinr undoes winsorisation and applies log_CT to the original values when 5 points are not enough', () => {
    const v = [...seq(0, 59), 1000, 2000, 3000, 4000, 5000, 6000, NaN];
    const r = treatCoinr(Float64Array.from(v), {});
    // log_CT by hand: min 0, max 6000 → ln(x + 60)
    v.forEach((xi, i) => expect(close(r.values[i], Math.log(xi + 60))).toBe(true));
    expect(r.values[66]).toBeNaN();
    expect(r.report).toMatchObject({ treated: true, log: true, winsorised: 0 });
    expect(r.report.detail).toMatch(/5 points/);
  });

  it('treatCoinr with combineTreat (COINr combine_treat) applies log_CT to the winsorised values (5 outliers at 1000)', () => {
    const v = [...seq(0, 59), 1000, 2000, 3000, 4000, 5000, 6000];
    const r = treatCoinr(Float64Array.from(v), { combineTreat: true });
    // winsorised: the six outliers all 1000; log_CT: ln(x + 10)
    const w = [...seq(0, 59), 1000, 1000, 1000, 1000, 1000, 1000];
    w.forEach((wi, i) => expect(close(r.values[i], Math.log(wi + 10))).toBe(true));
    expect(r.report).toMatchObject({ log: true, winsorised: 5 });
  });

  it('treatCoinr with winmax null winsorises until the check passes (6 points)', () => {
    const r = treatCoinr(Float64Array.from([...seq(0, 59), 1000, 2000, 3000, 4000, 5000, 6000]), { winmax: null });
    expect(Array.from(r.values.subarray(58))).toEqual([58, 59, 59, 59, 59, 59, 59, 59]);
    expect(r.report).toMatchObject({ winsorised: 6, log: false });
  });

  it('treatCoinr with fallback log_ct_plus mirrors the log for a negative skew', () => {
    const v = [...seq(0, 59).map((a) => -a), -1000, -2000, -3000, -4000, -5000, -6000];
    const r = treatCoinr(Float64Array.from(v), { fallback: 'log_ct_plus' });
    // COINr log_CT_plus, skew ≤ 0: −ln(max + a − x), max 0, a = 60
    v.forEach((xi, i) => expect(close(r.values[i], -Math.log(60 - xi))).toBe(true));
  });

  it('treatCoinr leaves a passing, a constant and a too-short vector untreated', () => {
    for (const v of [
      [1, 2, 3, 4, 5, 6],
      [3, 3, 3, 3, 3],
      [1, 100, NaN],
    ]) {
      const r = treatCoinr(Float64Array.from(v), {});
      expect(Array.from(r.values)).toEqual(v);
      expect(r.report.treated).toBe(false);
    }
  });

  it('treatCoinr honours custom thresholds (skewThreshold 5 lets c(1:10, 30, 100) pass)', () => {
    const r = treatCoinr(Float64Array.from([...seq(1, 10), 30, 100]), { skewThreshold: 5 });
    expect(r.report.treated).toBe(false);
    expect(() => treatCoinr(Float64Array.of(1, 2, 3, 4), { winmax: 'five' })).toThrow(expect.objectContaining({ code: 'E_BAD_OPTION' }));
  });
});

describe.skipIf(!sharedAvailable)('treatCoinr vs COINr 1.1.14 (ASEM default_Screened → default_Treated)', () => {
  it('treatCoinr reproduces default_Treated for all 49 indicators (1e-9 rel / 1e-12 abs) and reports what changed', () => {
    const scr = readRefTable(readFileSync(sharedPath('reference/coinr-asem/default_Screened.csv'), 'utf8'));
    const tre = readRefTable(readFileSync(sharedPath('reference/coinr-asem/default_Treated.csv'), 'utf8'));
    const units = [...scr.rows.keys()];
    expect(scr.cols.length).toBe(49);
    let mismatches = 0;
    const winsorised: string[] = [];
    const logged: string[] = [];
    for (const c of scr.cols) {
      const x = Float64Array.from(units, (u) => scr.rows.get(u)!.get(c)!);
      const ref = Float64Array.from(units, (u) => tre.rows.get(u)!.get(c)!);
      const r = treatCoinr(x, {});
      for (let i = 0; i < x.length; i++) if (!close(r.values[i], ref[i], 1e-9, 1e-12)) mismatches++;
      // the report agrees with what the reference itself changed
      let changed = 0;
      let low = 0;
      let high = 0;
      let mn = Infinity;
      let mx = -Infinity;
      for (let i = 0; i < x.length; i++) {
        mn = Math.min(mn, ref[i]);
        mx = Math.max(mx, ref[i]);
      }
      for (let i = 0; i < x.length; i++) {
        if (x[i] !== ref[i]) {
          changed++;
          if (ref[i] === mn) low++;
          else if (ref[i] === mx) high++;
        }
      }
      expect(r.report.treated).toBe(changed > 0);
      if (r.report.log) logged.push(c);
      else if (r.report.treated) {
        winsorised.push(c);
        expect(r.report.winsorised).toBe(changed);
        expect(r.report.lowCount).toBe(low);
        expect(r.report.highCount).toBe(high);
        expect(r.report.winsorised).toBeLessThanOrEqual(5);
      }
    }
    expect(mismatches).toBe(0);
    expect(logged).toEqual([]); // no ASEM indicator needs the log fallback
    expect(winsorised).toEqual([
      'Flights',
      'Bord',
      'Gas',
      'Services',
      'FDI',
      'ForPort',
      'CostImpEx',
      'Tariff',
      'StMob',
      'CultServ',
      'Forest',
      'Poverty',
      'NGOs',
      'FemLab',
      'PubDebt',
    ]);
  });
});

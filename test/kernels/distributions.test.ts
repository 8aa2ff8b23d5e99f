import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  betaInc,
  chiSquareCdf,
  chiSquareSf,
  erf,
  erfc,
  fCdf,
  fSf,
  gammaInc,
  lnBeta,
  lnGamma,
  normalCdf,
  normalSf,
  studentTCdf,
  studentTSf,
  studentTTwoSided,
} from '../../src/kernels/distributions.js';
import { studentTQuantile } from '../../src/kernels/distributions.js';

/** Relative agreement to `rel` (the kernels promise ≥ 1e-12 relative). */
function rel(a: number, b: number): number {
  if (a === b) return 0;
  return Math.abs(a - b) / Math.abs(b);
}

// Reference values: mpmath 1.3.0 at 50 significant digits (independent arbitrary-precision code):
//   import mpmath as mp; mp.mp.dps = 50
//   two-sided t:  mp.betainc(df/2, 1/2, 0, df/(df + t**2), regularized=True)
//   F upper tail: mp.betainc(d1/2, d2/2, d1*f/(d1*f + d2), 1, regularized=True)
//   normal:       mp.ncdf(z);  erfc: mp.erfc(x);  χ² upper: mp.gammainc(k/2, x/2, mp.inf, regularized=True)
//   log-gamma:    mp.loggamma(z);  incomplete beta: mp.betainc(a, b, 0, x, regularized=True)
const T_TWO_SIDED: [number, number, number][] = [
  [2.0, 10, 0.073388034770740365618],
  [0.5, 3, 0.65144796484815099444],
  [1e-3, 7, 0.99923001724499884374],
  [5.0, 4, 0.0074904338812745245614],
  [12.0, 30, 5.580185415199256063e-13],
  [40.0, 100, 2.4621076021400708171e-63],
  [3.5, 1000, 0.00048577434596783224126],
  [2.5, 10000, 0.012435219550583696866],
  [30.0, 2.5, 0.00029106470915739542631],
  [0.1, 0.7, 0.94130938315191948828],
  [8.0, 60, 4.9002651479502034395e-11],
];
const F_TAIL: [number, number, number, number, number][] = [
  // f, df1, df2, upper tail, lower tail
  [3.0, 2, 10, 0.095367431640625, 0.904632568359375],
  [0.5, 5, 7, 0.76858432972791571676, 0.23141567027208428324],
  [25.0, 6, 9, 0.000039709806362457375011, 0.99996029019363754262],
  [1.2, 1, 200, 0.27463906873229141871, 0.72536093126770858129],
  [330.285339234588, 6, 9, 4.9840305287245289315e-10, 0.99999999950159694713],
  [15750.25, 1, 10, 2.5316281865829477739e-17, 0.99999999999999997468],
  [100.0, 3, 50, 3.9656557492401624535e-21, 1.0],
  [0.01, 4, 4, 0.99970785236547377901, 0.00029214763452622098514],
];
const NORMAL: [number, number][] = [
  [-1.0, 0.15865525393145705141],
  [-5.0, 2.8665157187919391167e-7],
  [-10.0, 7.619853024160526066e-24],
  [-30.0, 4.9067139271481870595e-198],
  [0.3, 0.61791142218895263307],
  [1.96, 0.97500210485177956379],
];
const ERFC: [number, number][] = [
  [0.0001, 0.99988716208366657513],
  [0.5, 0.47950012218695346232],
  [1.0, 0.15729920705028513066],
  [2.0, 0.0046777349810472658379],
  [5.0, 1.5374597944280348502e-12],
  [10.0, 2.088487583762544757e-45],
  [26.0, 5.6631924088561428465e-296],
];
const CHI2_SF: [number, number, number][] = [
  [3.84, 1, 0.050043521248705103189],
  [10.0, 4, 0.04042768199451280258],
  [100.0, 50, 0.000034549313829848639421],
  [0.5, 3, 0.91889141165467585936],
];
const LGAMMA: [number, number][] = [
  [0.5, 0.57236494292470008707],
  [3.7, 1.4280723266653881292],
  [10.0, 12.801827480081469611],
  [100.5, 361.43554046777762156],
  [1000.25, 5906.947268271117177],
];
const BETA_INC: [number, number, number, number, number][] = [
  // x, a, b, I_x(a,b), 1 − I_x(a,b)
  [0.5, 2, 3, 0.6875, 0.3125],
  [0.2, 0.5, 0.5, 0.29516723530086655719, 0.70483276469913344281],
  [0.9, 50, 60, 1.0, 1.7930035382382162001e-31],
  [0.001, 0.3, 4.0, 0.20688703630444735956, 0.79311296369555264044],
  [0.45, 200, 250, 0.59497568966739200644, 0.40502431033260799356],
];

describe('studentTTwoSided / studentTCdf against mpmath (50 digits)', () => {
  for (const [t, df, p] of T_TWO_SIDED) {
    it(`studentTTwoSided(${t}, ${df}) = ${p} to 1e-12 relative`, () => {
      expect(rel(studentTTwoSided(t, df), p)).toBeLessThan(1e-12);
      expect(rel(studentTTwoSided(-t, df), p)).toBeLessThan(1e-12);
      // one-sided tails: the small side at full relative accuracy
      expect(rel(studentTCdf(-t, df), p / 2)).toBeLessThan(1e-12);
      expect(rel(studentTSf(t, df), p / 2)).toBeLessThan(1e-12);
    });
  }

  it('studentTCdf with 1 df is the Cauchy CDF ½ + atan(t)/π; with 2 df it is ½ + t/(2√(2 + t²))', () => {
    // Lower tails in cancellation-free form: F₁(−a) = atan(1/a)/π, F₂(−a) = 1/(s(s + a)), s = √(2 + a²).
    const cauchyLower = (a: number) => Math.atan(1 / a) / Math.PI;
    const t2Lower = (a: number) => {
      const s = Math.sqrt(2 + a * a);
      return 1 / (s * (s + a));
    };
    for (const a of [0.2, 0.7, 1, 3, 4.5, 50, 100]) {
      expect(rel(studentTCdf(-a, 1), cauchyLower(a))).toBeLessThan(1e-13);
      expect(rel(studentTCdf(a, 1), 1 - cauchyLower(a))).toBeLessThan(1e-13);
      expect(rel(studentTCdf(-a, 2), t2Lower(a))).toBeLessThan(1e-13);
      expect(rel(studentTCdf(a, 2), 1 - t2Lower(a))).toBeLessThan(1e-13);
    }
    expect(studentTCdf(0, 1)).toBe(0.5);
    // lower tail of the Cauchy: atan(1/|t|)/π, computed without cancellation
    expect(rel(studentTCdf(-1e6, 1), Math.atan(1e-6) / Math.PI)).toBeLessThan(1e-12);
  });

  it('studentTTwoSided: edge cases (t = 0 → 1, ±∞ → 0, df = ∞ → normal, bad df → NaN)', () => {
    expect(studentTTwoSided(0, 5)).toBe(1);
    expect(studentTTwoSided(Infinity, 5)).toBe(0);
    expect(rel(studentTTwoSided(1.96, Infinity), 2 * (1 - 0.97500210485177956379))).toBeLessThan(1e-12);
    expect(studentTTwoSided(1, 0)).toBeNaN();
    expect(studentTTwoSided(NaN, 3)).toBeNaN();
  });

  it('property: studentTCdf is symmetric (F(−t) = 1 − F(t)) and monotone in t', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -50, max: 50, noNaN: true }),
        fc.double({ min: 0, max: 5, noNaN: true }),
        fc.double({ min: 0.5, max: 500, noNaN: true }),
        (t, dt, df) => {
          const a = studentTCdf(t, df);
          expect(Math.abs(a + studentTCdf(-t, df) - 1)).toBeLessThan(1e-14);
          expect(studentTCdf(t + dt, df)).toBeGreaterThanOrEqual(a - 1e-15);
        },
      ),
    );
  });
});

describe('fSf / fCdf against mpmath and closed forms', () => {
  for (const [f, d1, d2, up, lo] of F_TAIL) {
    it(`fSf(${f}, ${d1}, ${d2}) = ${up}, fCdf = ${lo}`, () => {
      expect(rel(fSf(f, d1, d2), up)).toBeLessThan(1e-12);
      expect(rel(fCdf(f, d1, d2), lo)).toBeLessThan(1e-12);
    });
  }

  it('fSf with df1 = 2 is (d2/(d2 + 2f))^{d2/2}; F(1, d) tail equals the two-sided t tail at √f', () => {
    for (const [f, d2] of [
      [0.3, 3],
      [2, 7],
      [40, 12],
      [7.5, 150],
    ]) {
      expect(rel(fSf(f, 2, d2), Math.pow(d2 / (d2 + 2 * f), d2 / 2))).toBeLessThan(1e-12);
      expect(rel(fSf(f, 1, d2), studentTTwoSided(Math.sqrt(f), d2))).toBeLessThan(1e-13);
    }
    expect(fSf(0, 3, 4)).toBe(1);
    expect(fCdf(-1, 3, 4)).toBe(0);
    expect(fSf(2, -1, 4)).toBeNaN();
  });
});

describe('normalCdf / erfc / erf against mpmath', () => {
  for (const [z, p] of NORMAL) {
    it(`normalCdf(${z}) = ${p}`, () => {
      expect(rel(normalCdf(z), p)).toBeLessThan(1e-12);
      expect(rel(normalSf(-z), p)).toBeLessThan(1e-12);
    });
  }
  for (const [x, v] of ERFC) {
    it(`erfc(${x}) = ${v}`, () => {
      expect(rel(erfc(x), v)).toBeLessThan(1e-12);
      expect(rel(erfc(-x), 2 - v)).toBeLessThan(1e-15);
    });
  }
  it('erf is odd, erf(x) + erfc(x) = 1, and erf(1e-8) = 2·1e-8/√π to full precision (no cancellation)', () => {
    expect(rel(erf(1e-8), (2e-8 / Math.sqrt(Math.PI)) * (1 - 1e-16 / 3))).toBeLessThan(1e-14);
    for (const x of [0.1, 0.9, 1.7, 3]) {
      expect(erf(-x)).toBe(-erf(x));
      expect(Math.abs(erf(x) + erfc(x) - 1)).toBeLessThan(2e-16);
    }
  });
});

describe('chiSquare, gammaInc, lnGamma, lnBeta, betaInc against mpmath and closed forms', () => {
  for (const [x, k, q] of CHI2_SF) {
    it(`chiSquareSf(${x}, ${k}) = ${q}`, () => {
      expect(rel(chiSquareSf(x, k), q)).toBeLessThan(1e-12);
      expect(Math.abs(chiSquareCdf(x, k) - (1 - q))).toBeLessThan(1e-15);
    });
  }
  it('chiSquareSf with 2 df is e^{−x/2}; gammaInc(1, x) = (1 − e^{−x}, e^{−x})', () => {
    for (const x of [0.01, 1, 7, 40, 300]) {
      expect(rel(chiSquareSf(x, 2), Math.exp(-x / 2))).toBeLessThan(1e-13);
      expect(rel(gammaInc(1, x).upper, Math.exp(-x))).toBeLessThan(1e-13);
    }
  });
  for (const [z, v] of LGAMMA) {
    it(`lnGamma(${z}) = ${v} (absolute 1e-13·max(1, |v|))`, () => {
      expect(Math.abs(lnGamma(z) - v)).toBeLessThan(1e-13 * Math.max(1, Math.abs(v)));
    });
  }
  it('lnGamma(n) = ln((n−1)!) for integers; lnBeta(a, b) = ln(Γ(a)Γ(b)/Γ(a+b)) for small integers', () => {
    let f = 1;
    for (let n = 2; n <= 25; n++) {
      expect(Math.abs(lnGamma(n) - Math.log(f))).toBeLessThan(1e-13 * Math.max(1, Math.log(f)));
      f *= n;
    }
    // B(3, 4) = 2!·3!/6! = 1/60
    expect(rel(lnBeta(3, 4), Math.log(1 / 60))).toBeLessThan(1e-14);
    // B(a, 1) = 1/a even for huge a (the ratio form avoids lnΓ cancellation)
    expect(rel(lnBeta(1e7, 1), -Math.log(1e7))).toBeLessThan(1e-12);
    expect(lnGamma(0)).toBeNaN();
  });
  for (const [x, a, b, lo, up] of BETA_INC) {
    it(`betaInc(${x}, ${a}, ${b}) = ${lo} / ${up}`, () => {
      const r = betaInc(x, a, b);
      expect(rel(r.lower, lo)).toBeLessThan(1e-12);
      expect(rel(r.upper, up)).toBeLessThan(1e-12);
    });
  }
});

describe('studentTQuantile', () => {
  it("equals R's qt / qnorm (values printed by R 4.2: qt(0.975, 10), qt(0.995, 3), qt(0.025, 30), qnorm(0.975))", () => {
    const cases: [number, number, number][] = [
      [0.975, 10, 2.228138851986274],
      [0.995, 3, 5.840909309733355],
      [0.025, 30, -2.042272456301238],
      [0.975, Number.POSITIVE_INFINITY, 1.959963984540054],
    ];
    for (const [p, df, want] of cases) expect(Math.abs(studentTQuantile(p, df) - want) / Math.abs(want)).toBeLessThan(1e-12);
    expect(studentTQuantile(0.5, 7)).toBe(0);
  });
});

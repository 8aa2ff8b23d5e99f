/**
 * ellipse(x, y, w) against hand-computed cases, ArcGIS's tan θ formula, replicated points and
 * invariances; the geodesy against analytic values. Expected numbers are derived in the comments
 * (no value is taken from the code under test).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { azimuthalEquidistant, bearingDeg, compass, ellipse, greatCircleKm, planarBearingDeg } from '../../../src/analysis/sde/ellipse.js';

const R = 6371.0088;
const near = (a: number, b: number, tol = 1e-9) => Math.abs(a - b) <= tol * Math.max(1, Math.abs(b));
/** Difference of two axis angles modulo 180°, in [0, 90]. */
const axisGap = (a: number, b: number) => {
  const d = (((a - b) % 180) + 180) % 180;
  return Math.min(d, 180 - d);
};

describe('ellipse(x, y, w): hand-computed cases', () => {
  // A cross symmetric about both axes: (±2, 0), (0, ±1), equal weights. Centre (0, 0);
  // Sxx = (4 + 4)/4 = 2, Syy = (1 + 1)/4 = 0.5, Sxy = 0 → major axis east–west (θ = 90°).
  const x = [-2, 2, 0, 0];
  const y = [0, 0, -1, 1];
  const w = [1, 1, 1, 1];

  it('points symmetric about both axes: centre at the origin, θ = 90°, σ = √2·√2 = 2 and √2·√0.5 = 1 (ArcGIS √2 and n)', () => {
    const e = ellipse(x, y, w);
    expect(e.cx).toBe(0);
    expect(e.cy).toBe(0);
    expect(near(e.theta, 90)).toBe(true);
    expect(near(e.sdMajor, 2)).toBe(true);
    expect(near(e.sdMinor, 1)).toBe(true);
    expect(near(e.area, 2 * Math.PI)).toBe(true);
    expect(near(e.shape, 0.5)).toBe(true);
    expect(e.reason).toBe('');
  });

  it('without the √2 correction: σ = √2 and √0.5; with the n − 2 denominator (n = 4) the variances double: σ = 2 and 1', () => {
    const a = ellipse(x, y, w, { correction: 'none' });
    expect(near(a.sdMajor, Math.SQRT2)).toBe(true);
    expect(near(a.sdMinor, Math.sqrt(0.5))).toBe(true);
    const b = ellipse(x, y, w, { correction: 'none', denominator: 'n-2' });
    expect(near(b.sdMajor, 2)).toBe(true);
    expect(near(b.sdMinor, 1)).toBe(true);
  });

  it('north–south spread gives θ = 0°', () => {
    const e = ellipse(y, x, w);
    expect(axisGap(e.theta, 0)).toBeLessThan(1e-9);
    expect(near(e.sdMajor, 2)).toBe(true);
  });

  it('the same cross turned so that its long arm points to azimuth 30°: θ = 30°, same axes', () => {
    // Long arm ±2 along u = (sin 30°, cos 30°), short arm ±1 along v = (cos 30°, −sin 30°).
    const s = Math.sin(Math.PI / 6);
    const c = Math.cos(Math.PI / 6);
    const xr = [-2 * s, 2 * s, -1 * c, 1 * c];
    const yr = [-2 * c, 2 * c, 1 * s, -1 * s];
    const e = ellipse(xr, yr, w);
    expect(near(e.theta, 30, 1e-9)).toBe(true);
    expect(near(e.sdMajor, 2)).toBe(true);
    expect(near(e.sdMinor, 1)).toBe(true);
    // and to azimuth 150° (north-west – south-east)
    const e2 = ellipse(
      xr.map((v) => -v),
      yr,
      w,
    );
    expect(near(e2.theta, 150, 1e-9)).toBe(true);
  });

  it('equal weights vs weighted: (0, 0) and (4, 0) with weights 1 and 3 → centre (3, 0), Sxx = (9 + 3)/4 = 3', () => {
    const eq = ellipse([0, 4], [0, 0], [1, 1], { correction: 'none' });
    expect(eq.cx).toBe(2);
    expect(near(eq.sdMajor, 2)).toBe(true); // Sxx = (4 + 4)/2
    const wt = ellipse([0, 4], [0, 0], [1, 3], { correction: 'none' });
    expect(wt.cx).toBe(3);
    expect(wt.cy).toBe(0);
    expect(near(wt.sdMajor, Math.sqrt(3))).toBe(true);
    expect(wt.sdMinor).toBe(0);
    expect(wt.area).toBe(0);
    expect(wt.shape).toBe(0);
    expect(near(wt.theta, 90)).toBe(true);
  });

  it('an integer weight equals replicating the point (denominator n)', () => {
    const a = ellipse([0, 3, 1, 5], [0, 1, 4, 2], [2, 1, 3, 1]);
    const b = ellipse([0, 0, 3, 1, 1, 1, 5], [0, 0, 1, 4, 4, 4, 2], [1, 1, 1, 1, 1, 1, 1]);
    for (const k of ['cx', 'cy', 'theta', 'sdMajor', 'sdMinor', 'area', 'shape'] as const) expect(near(a[k], b[k], 1e-12)).toBe(true);
  });

  it('θ is the angle of ArcGIS Directional Distribution: tan θ = (A + √(A² + 4B²)) / (2B)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.double({ min: -100, max: 100, noNaN: true }),
            fc.double({ min: -100, max: 100, noNaN: true }),
            fc.double({ min: 0.1, max: 10, noNaN: true }),
          ),
          { minLength: 3, maxLength: 30 },
        ),
        (pts) => {
          const X = pts.map((p) => p[0]);
          const Y = pts.map((p) => p[1]);
          const W = pts.map((p) => p[2]);
          const e = ellipse(X, Y, W);
          const sw = W.reduce((a, v) => a + v, 0);
          const mx = X.reduce((a, v, i) => a + W[i] * v, 0) / sw;
          const my = Y.reduce((a, v, i) => a + W[i] * v, 0) / sw;
          let A = 0;
          let B = 0;
          X.forEach((v, i) => {
            A += W[i] * ((v - mx) ** 2 - (Y[i] - my) ** 2);
            B += W[i] * (v - mx) * (Y[i] - my);
          });
          if (Math.abs(B) < 1e-6 * (Math.abs(A) + 1)) return; // tan θ undefined or ill-conditioned
          const arc = (Math.atan((A + Math.sqrt(A * A + 4 * B * B)) / (2 * B)) * 180) / Math.PI;
          expect(axisGap(e.theta, arc)).toBeLessThan(1e-6);
        },
      ),
      { numRuns: 200, seed: 11 },
    );
  });

  it('refuses what it cannot compute, with the reason', () => {
    expect(ellipse([0, 1], [0, 1], [1, -1]).reason).toMatch(/negative weights/);
    expect(Number.isNaN(ellipse([0, 1], [0, 1], [0, 0]).cx)).toBe(true);
    const one = ellipse([5, 1], [7, 1], [2, 0]);
    expect([one.cx, one.cy]).toEqual([5, 7]); // the centre is still defined
    expect(Number.isNaN(one.sdMajor)).toBe(true);
    expect(one.reason).toMatch(/at least 2/);
    expect(ellipse([0, 1, 2], [0, 1, 2], [1, 1, 1], { denominator: 'n-2' }).reason).toBe('');
    expect(ellipse([0, 1], [0, 1], [1, 1], { denominator: 'n-2' }).reason).toMatch(/at least 3/);
    const circle = ellipse([1, -1, 0, 0], [0, 0, 1, -1], [1, 1, 1, 1]);
    expect(Number.isNaN(circle.theta)).toBe(true);
    expect(circle.reason).toMatch(/isotropic/);
    expect(circle.shape).toBe(1);
    const missing = ellipse([0, 4, NaN], [0, 0, 3], [1, 1, 1], { correction: 'none' });
    expect(missing.n).toBe(2);
    expect(missing.cx).toBe(2);
  });
});

describe('ellipse(x, y, w): invariances', () => {
  // Coordinates on a 0.5 grid (no subnormal noise); clouds with no spread at all are skipped below.
  const coord = fc.integer({ min: -100, max: 100 }).map((v) => v / 2);
  const pts = fc.array(fc.tuple(coord, coord, fc.double({ min: 0.1, max: 5, noNaN: true })), { minLength: 3, maxLength: 25 });
  /** Skip clouds without spread and nearly isotropic ones, where θ is ill-conditioned. */
  const anisotropic = (e: ReturnType<typeof ellipse>) => e.sdMajor > 1e-6 && e.sdMajor - e.sdMinor > 1e-3 * e.sdMajor;

  it('rotating every point clockwise by α about any origin turns θ by α and moves the centre by the same rotation; axes unchanged', () => {
    fc.assert(
      fc.property(
        pts,
        fc.double({ min: 0, max: 360, noNaN: true }),
        fc.double({ min: -20, max: 20, noNaN: true }),
        fc.double({ min: -20, max: 20, noNaN: true }),
        (p, alpha, ox, oy) => {
          const X = p.map((q) => q[0]);
          const Y = p.map((q) => q[1]);
          const W = p.map((q) => q[2]);
          const e = ellipse(X, Y, W);
          if (!anisotropic(e)) return;
          const a = (alpha * Math.PI) / 180;
          // Clockwise by α (azimuths grow by α): (x, y) ↦ (x cos α + y sin α, −x sin α + y cos α) about (ox, oy).
          const rot = (x: number, y: number): [number, number] => [
            ox + (x - ox) * Math.cos(a) + (y - oy) * Math.sin(a),
            oy - (x - ox) * Math.sin(a) + (y - oy) * Math.cos(a),
          ];
          const r = p.map((q) => rot(q[0], q[1]));
          const f = ellipse(
            r.map((q) => q[0]),
            r.map((q) => q[1]),
            W,
          );
          expect(axisGap(f.theta, e.theta + alpha)).toBeLessThan(1e-6);
          expect(near(f.sdMajor, e.sdMajor, 1e-8)).toBe(true);
          expect(near(f.sdMinor, e.sdMinor, 1e-6)).toBe(true);
          const [cx, cy] = rot(e.cx, e.cy);
          expect(Math.abs(f.cx - cx) + Math.abs(f.cy - cy)).toBeLessThan(1e-8);
        },
      ),
      { numRuns: 200, seed: 7 },
    );
  });

  it('translating every point moves the centre only', () => {
    fc.assert(
      fc.property(pts, fc.double({ min: -1000, max: 1000, noNaN: true }), fc.double({ min: -1000, max: 1000, noNaN: true }), (p, dx, dy) => {
        const W = p.map((q) => q[2]);
        const e = ellipse(
          p.map((q) => q[0]),
          p.map((q) => q[1]),
          W,
        );
        if (!(e.sdMajor > 1e-6)) return;
        const f = ellipse(
          p.map((q) => q[0] + dx),
          p.map((q) => q[1] + dy),
          W,
        );
        expect(Math.abs(f.cx - (e.cx + dx)) + Math.abs(f.cy - (e.cy + dy))).toBeLessThan(1e-8);
        expect(near(f.sdMajor, e.sdMajor, 1e-6)).toBe(true);
        expect(Math.abs(f.sdMinor - e.sdMinor)).toBeLessThan(1e-6 * Math.max(1, e.sdMajor));
        if (anisotropic(e)) expect(axisGap(f.theta, e.theta)).toBeLessThan(1e-5);
      }),
      { numRuns: 200, seed: 3 },
    );
  });

  it('scaling the weights by any k > 0 changes nothing', () => {
    fc.assert(
      fc.property(pts, fc.double({ min: 1e-3, max: 1e3, noNaN: true }), (p, k) => {
        const X = p.map((q) => q[0]);
        const Y = p.map((q) => q[1]);
        const e = ellipse(
          X,
          Y,
          p.map((q) => q[2]),
        );
        if (!(e.sdMajor > 1e-6)) return;
        const f = ellipse(
          X,
          Y,
          p.map((q) => q[2] * k),
        );
        for (const key of ['cx', 'cy', 'sdMajor', 'area', 'shape'] as const) expect(near(f[key], e[key], 1e-8)).toBe(true);
        if (anisotropic(e)) expect(axisGap(f.theta, e.theta)).toBeLessThan(1e-6);
      }),
      { numRuns: 200, seed: 5 },
    );
  });
});

describe('geodesy', () => {
  it('great-circle distance: a quarter of the equator is πR/2; 1° of latitude is πR/180', () => {
    expect(near(greatCircleKm(0, 0, 90, 0), (Math.PI * R) / 2, 1e-12)).toBe(true);
    expect(near(greatCircleKm(10, 20, 10, 21), (Math.PI * R) / 180, 1e-9)).toBe(true);
    // Spherical law of cosines as an independent formula (Beijing → Shanghai, capitals' coordinates).
    const [l1, p1, l2, p2] = [116.41, 39.9, 121.47, 31.23].map((v) => (v * Math.PI) / 180);
    const cosines = R * Math.acos(Math.sin(p1) * Math.sin(p2) + Math.cos(p1) * Math.cos(p2) * Math.cos(l2 - l1));
    expect(near(greatCircleKm(116.41, 39.9, 121.47, 31.23), cosines, 1e-9)).toBe(true);
  });

  it('bearings: due north 0°, due east along the equator 90°, south 180°, west 270°; to (1, 1) from (0, 0) just under 45°', () => {
    expect(bearingDeg(10, 10, 10, 11)).toBe(0);
    expect(near(bearingDeg(0, 0, 1, 0), 90)).toBe(true);
    expect(near(bearingDeg(10, 10, 10, 9), 180)).toBe(true);
    expect(near(bearingDeg(0, 0, -1, 0), 270)).toBe(true);
    // tan β = sin Δλ cos φ2 / (sin φ2) at φ1 = 0: atan(sin 1° cos 1° / sin 1°) = atan(cos 1°)
    expect(near(bearingDeg(0, 0, 1, 1), (Math.atan(Math.cos(Math.PI / 180)) * 180) / Math.PI, 1e-9)).toBe(true);
    expect(near(planarBearingDeg(3, 4), (Math.atan2(3, 4) * 180) / Math.PI)).toBe(true);
    expect(planarBearingDeg(-1, 0)).toBe(270);
  });

  it('the azimuthal equidistant projection keeps distance and bearing from the centre', () => {
    const p = azimuthalEquidistant([116.41, 121.47, 104.07], [39.9, 31.23, 30.57], 113, 34);
    [
      [116.41, 39.9],
      [121.47, 31.23],
      [104.07, 30.57],
    ].forEach(([lon, lat], i) => {
      expect(near(Math.hypot(p.x[i], p.y[i]), greatCircleKm(113, 34, lon, lat), 1e-12)).toBe(true);
      expect(near(planarBearingDeg(p.x[i], p.y[i]), bearingDeg(113, 34, lon, lat), 1e-9)).toBe(true);
    });
  });

  it('compass: eight sectors of 45° centred on the directions', () => {
    expect([0, 22.4, 22.6, 90, 135, 180, 225, 270, 315, 337.6].map((b) => compass(b).en)).toEqual(['N', 'N', 'NE', 'E', 'SE', 'S', 'SW', 'W', 'NW', 'N']);
    expect(compass(45).zh).toBe('东北');
    expect(compass(NaN)).toEqual({ zh: '', en: '' });
  });
});

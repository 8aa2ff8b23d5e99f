/**
 * Bad input to the spatial estimators (issue 16): each is refused with a catalogued code naming the spec path, never a
 * silent estimate.
 * - ρ/λ at the bound (I − ρW singular): y proportional to the eigenvector of W for ω_min = −1 (a ring of 6 units,
 *   row-standardised: ω = cos(2πk/6)) makes y − ρWy = (1 − ρω_min)y vanish at ρ = 1/ω_min = −1, so the likelihood grows
 *   without bound there (n·ln-rate of the SSE against one ln(1 − ρω) of the Jacobian). SAR, SEM, SAC (eigen), SAR and SAC
 *   (Chebyshev), the fixed-effects panel SAR and the random-effects SAR all stop with E_SPATIAL_MODEL "at the bound".
 * - islands (a unit without neighbours) and fewer observations than parameters, for the sparse, panel and RE estimators
 *   (the cross-section's are in spatial-cross.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { weightsFromPairs } from '../../src/analysis/spatial/weights.js';
import { fitSac, fitSar, fitSem, type SpatialData } from '../../src/lenses/spatial/cross.js';
import { fitLagSparse, fitPanelSparse, fitSacSparse, sparseLogDet } from '../../src/lenses/spatial/large.js';
import { fitPanel, type PanelSpatialData } from '../../src/lenses/spatial/panel.js';
import { fitPanelRe } from '../../src/lenses/spatial/panel-re.js';

const n = 6;
const units = Array.from({ length: n }, (_, i) => `u${i}`);
const ring = weightsFromPairs(
  units,
  units.map((u, i) => [u, units[(i + 1) % n]] as const),
  { style: 'W' },
);
const alternating = Float64Array.from({ length: n }, (_, i) => (i % 2 ? -1 : 1));
const x = Float64Array.of(0.3, 1.2, -0.7, 0.5, 2.1, -1.4);

function refused(f: () => unknown, path: string, message: RegExp): void {
  let err: unknown;
  try {
    f();
  } catch (e) {
    err = e;
  }
  expect(err, 'expected a refusal').toMatchObject({ code: 'E_SPATIAL_MODEL', location: { path } });
  expect((err as Error).message).toMatch(message);
}

describe('ρ or λ at the bound: (I − ρW) singular', () => {
  const d: SpatialData = {
    y: Float64Array.from(alternating, (v) => 3 * v),
    X: [new Float64Array(n).fill(1), x],
    names: ['(Intercept)', 'x'],
    W: ring,
    path: 'p',
  };
  it('cross-section SAR, SEM and SAC (eigenvalues)', () => {
    refused(() => fitSar(d), 'p', /ML estimate of ρ = -0\.99999.* is at the bound/);
    refused(() => fitSem(d), 'p', /ML estimate of λ = -0\.99999.* is at the bound/);
    refused(() => fitSac(d), 'p', /is at the bound/);
  });
  it('cross-section SAR and SAC with the Chebyshev log-determinant', () => {
    refused(() => fitLagSparse(d, sparseLogDet(ring, 'chebyshev')), 'p', /ML estimate of ρ = -0\.99999.* is at the bound of \(-1, 0\.999\)/);
    refused(() => fitSacSparse(d, sparseLogDet(ring, 'chebyshev')), 'p', /is at the bound/);
  });
  it('panels: fixed effects (eigen and Chebyshev) and random effects', () => {
    const T = 4;
    const y = new Float64Array(n * T);
    const xp = new Float64Array(n * T);
    for (let t = 0; t < T; t++)
      for (let i = 0; i < n; i++) {
        y[t * n + i] = (t + 1) * alternating[i];
        xp[t * n + i] = Math.sin(3 * i + 7 * t);
      }
    const pd: PanelSpatialData = { y, X: [xp], names: ['x'], W: ring, T, path: 'pp' };
    refused(() => fitPanel(pd, 'sar', 'unit'), 'pp', /ML estimate of ρ = -0\.99999.* is at the bound/);
    refused(() => fitPanelSparse(pd, 'sar', 'unit', sparseLogDet(ring, 'chebyshev')), 'pp', /is at the bound/);
    refused(() => fitPanelRe(pd, 'sar'), 'pp', /is at the bound|φ at 1/);
  });
});

describe('islands and too few observations', () => {
  const withIsland = weightsFromPairs(
    ['a', 'b', 'c', 'd', 'e'],
    [
      ['a', 'b'],
      ['b', 'c'],
      ['c', 'd'],
    ],
    { style: 'W', islands: 'keep' },
  );
  it('a unit without neighbours: the sparse log-determinant, the sparse cross-section and the FE panel', () => {
    const d: SpatialData = { y: Float64Array.of(1, 3, 2, 5, 4), X: [new Float64Array(5).fill(1)], names: ['(Intercept)'], W: withIsland, path: 'p' };
    // the sparse log-determinant is built first (chooseLogDet, with the entry's logdet path): it names the island too
    refused(() => sparseLogDet(withIsland, 'mc', { path: 'p.logdet' }), 'p.logdet', /units without neighbours: e/);
    refused(() => fitLagSparse(d, sparseLogDet(ring, 'mc')), 'p', /units without neighbours: e/); // checked before the log-determinant is used
    const pd: PanelSpatialData = {
      y: Float64Array.from({ length: 10 }, (_, i) => (i * 7) % 5),
      X: [Float64Array.from({ length: 10 }, (_, i) => i)],
      names: ['x'],
      W: withIsland,
      T: 2,
      path: 'pp',
    };
    refused(() => fitPanel(pd, 'sar', 'unit'), 'pp', /units without neighbours: e/);
  });
  it('fewer observations than parameters: SAC (β, ρ, λ, σ²) and the FE panel', () => {
    const five = ring.units.slice(0, 5);
    const W5 = weightsFromPairs(
      five,
      five.map((u, i) => [u, five[(i + 1) % 5]] as const),
      { style: 'W' },
    );
    const d: SpatialData = {
      y: Float64Array.of(1, 3, 2, 5, 4),
      X: [new Float64Array(5).fill(1), Float64Array.of(1, 2, 4, 3, 5)],
      names: ['(Intercept)', 'x'],
      W: W5,
      path: 'p',
    };
    refused(() => fitSacSparse(d, sparseLogDet(W5, 'chebyshev')), 'p', /5 units for 2 coefficients plus ρ, λ and σ²/);
    const pd: PanelSpatialData = {
      y: Float64Array.from({ length: 10 }, (_, i) => (i * 7) % 5),
      X: [Float64Array.from({ length: 10 }, (_, i) => i), Float64Array.from({ length: 10 }, (_, i) => (i * 3) % 4)],
      names: ['x', 'z'],
      W: W5,
      T: 2,
      path: 'pp',
    };
    refused(() => fitPanel(pd, 'sdm', 'twoways'), 'pp', /too few observations/);
  });
});

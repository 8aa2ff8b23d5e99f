/**
 * Approximate log-determinants (src/lenses/spatial/logdet.ts) against test/reference/spatial/logdet.R →
 * logdet.json: the Chebyshev approximation (traces tr T_j(W) and ln|I − ρW| for q = 5 and 10) against R
 * spatialreg's cheb_setup/do_ldet to 1e-10; the Monte Carlo estimate against the exact eigenvalue
 * log-determinant within 4 standard errors plus the truncation bound, on Columbus (n = 49) and the Cigar
 * states (n = 46), row-standardised contiguity.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { weightsFromPairs } from '../../src/analysis/spatial/weights.js';
import { logDet, weightsEigen } from '../../src/lenses/spatial/cross.js';
import { chebyshevTraces, logDetChebyshev, logDetMonteCarlo, powerTraces } from '../../src/lenses/spatial/logdet.js';
import { sharedAvailable } from '../helpers/shared.js';
import { spatialWeights } from '../helpers/spatial-fixtures.js';

const refDir = resolve(import.meta.dirname, '../reference/spatial');
const ref = JSON.parse(readFileSync(resolve(refDir, 'logdet.json'), 'utf8'));
const rho: number[] = ref.rho;

const weights = spatialWeights;

describe.skipIf(!sharedAvailable)('approximate log-determinants vs R spatialreg and the eigenvalues', () => {
  for (const which of ['columbus', 'cigar'] as const) {
    const W = sharedAvailable ? weights(which) : (undefined as never);
    const want = ref[which];
    for (const q of [5, 10]) {
      it(`${which}: Chebyshev q = ${q} (traces and ln|I − ρW|) as spatialreg`, () => {
        const trT = chebyshevTraces(powerTraces(W, q), q);
        const cheb = want[`cheb${q}`];
        trT.forEach((t, j) => expect(Math.abs(t - cheb.trT[j]), `tr T_${j}`).toBeLessThan(1e-10 * Math.max(1, Math.abs(cheb.trT[j]))));
        const got = logDetChebyshev(W, rho, q);
        got.forEach((v, a) => expect(Math.abs(v - cheb.logdet[a]), `ρ = ${rho[a]}`).toBeLessThan(1e-10 * Math.max(1, Math.abs(cheb.logdet[a]))));
      });
    }
    it(`${which}: Monte Carlo within 4 SE + truncation of the exact log-determinant; exact eigenvalue one as R`, () => {
      const eig = weightsEigen(W);
      rho.forEach((r, a) => expect(Math.abs(logDet(eig, r) - want.exact[a])).toBeLessThan(1e-10 * Math.max(1, Math.abs(want.exact[a]))));
      const mc = logDetMonteCarlo(W, rho, { order: 50, draws: 64, seed: 3 });
      rho.forEach((r, a) => {
        expect(Math.abs(mc.value[a] - want.exact[a]), `ρ = ${r}: ${mc.value[a]} vs ${want.exact[a]} (SE ${mc.se[a]})`).toBeLessThan(
          4 * mc.se[a] + mc.truncation[a] + 1e-12,
        );
      });
      // Exact first two traces: at small |ρ| the estimate is nearly exact.
      expect(mc.se[rho.indexOf(0.2)]).toBeLessThan(0.01);
      const again = logDetMonteCarlo(W, rho, { order: 50, draws: 64, seed: 3 });
      expect(Array.from(again.value)).toEqual(Array.from(mc.value));
    });
  }

  it('refuses weights that are not row-standardised', () => {
    const W = weightsFromPairs(
      ['a', 'b', 'c'],
      [
        ['a', 'b'],
        ['b', 'c'],
      ],
      { style: 'B' },
    );
    expect(() => logDetChebyshev(W, [0.5])).toThrow(/row-standardised/);
    expect(() => logDetMonteCarlo(W, [0.5])).toThrow(/row-standardised/);
  });
});

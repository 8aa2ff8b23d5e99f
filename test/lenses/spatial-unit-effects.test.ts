/**
 * Per-observation effects (src/lenses/spatial/unit-effects.ts) against dense R (test/reference/spatial/
 * unit_effects.R → unit_effects.json: diag, row and column sums of solve(I − ρW)(βI + θW)) at the SDM estimates
 * of Columbus and of the two-way FE Cigar panel, to 1e-10; their averages are the LeSage–Pace average effects.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { impactsGiven, weightsEigen } from '../../src/lenses/spatial/cross.js';
import { unitEffects } from '../../src/lenses/spatial/unit-effects.js';
import { sharedAvailable } from '../helpers/shared.js';
import { spatialWeights } from '../helpers/spatial-fixtures.js';

const refDir = resolve(import.meta.dirname, '../reference/spatial');
const ref = JSON.parse(readFileSync(resolve(refDir, 'unit_effects.json'), 'utf8'));
const col = JSON.parse(readFileSync(resolve(refDir, 'expected.json'), 'utf8')).sdm;
const cig = JSON.parse(readFileSync(resolve(refDir, 'cigar_panel.json'), 'utf8')).twoways.sdm;

const weights = spatialWeights;

describe.skipIf(!sharedAvailable)('per-observation effects vs dense R', () => {
  const cases = {
    columbus: { rho: col.rho, names: ['INC', 'HOVAL'], beta: [col.coef.INC, col.coef.HOVAL], theta: [col.coef['lag.INC'], col.coef['lag.HOVAL']] },
    cigar: { rho: cig.rho, names: ['lp', 'lndi'], beta: [cig.coef.lp, cig.coef.lndi], theta: [cig.coef['lag.lp'], cig.coef['lag.lndi']] },
  } as const;
  for (const which of ['columbus', 'cigar'] as const) {
    it(`${which}: direct, total to and from each unit; averages = LeSage–Pace`, () => {
      const c = cases[which];
      const eig = weightsEigen(weights(which));
      const u = unitEffects(eig, c.rho, c.names, c.beta, c.theta);
      const avg = impactsGiven(eig, c.rho, c.names, c.beta, c.theta);
      c.names.forEach((_, r) => {
        const want = ref[which].effects[r];
        const cmp = (got: Float64Array, exp: number[], what: string) =>
          got.forEach((v, i) => expect(Math.abs(v - exp[i]), `${which} ${c.names[r]} ${what}[${i}]`).toBeLessThan(1e-10 * Math.max(1, Math.abs(exp[i]))));
        cmp(u.direct[r], want.direct, 'direct');
        cmp(u.totalTo[r], want.total_to, 'total to');
        cmp(u.totalFrom[r], want.total_from, 'total from');
        const mean = (x: Float64Array) => x.reduce((a, b) => a + b, 0) / x.length;
        expect(Math.abs(mean(u.direct[r]) - avg.direct[r])).toBeLessThan(1e-12);
        expect(Math.abs(mean(u.indirectTo[r]) - avg.indirect[r])).toBeLessThan(1e-12);
        expect(Math.abs(mean(u.indirectFrom[r]) - avg.indirect[r])).toBeLessThan(1e-12);
      });
    });
  }
});

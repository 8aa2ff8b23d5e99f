/**
 * Per-observation effects (src/lenses/spatial/unit-effects.ts) against dense R (test/reference/spatial/
 * unit_effects.R → unit_effects.json: diag, row and column sums of solve(I − ρW)(βI + θW)) at the SDM estimates
 * of Columbus and of the two-way FE Cigar panel, to 1e-10; their averages are the LeSage–Pace average effects.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { weightsFromGal, weightsFromPairs } from '../../src/analysis/spatial/weights.js';
import { impactsGiven, weightsEigen } from '../../src/lenses/spatial/cross.js';
import { unitEffects } from '../../src/lenses/spatial/unit-effects.js';
import { parseCsvSimple, sharedAvailable, sharedPath } from '../helpers/shared.js';

const refDir = resolve(import.meta.dirname, '../reference/spatial');
const ref = JSON.parse(readFileSync(resolve(refDir, 'unit_effects.json'), 'utf8'));
const col = JSON.parse(readFileSync(resolve(refDir, 'expected.json'), 'utf8')).sdm;
const cig = JSON.parse(readFileSync(resolve(refDir, 'cigar_panel.json'), 'utf8')).twoways.sdm;

function weights(which: 'columbus' | 'cigar') {
  if (which === 'columbus') {
    const rows = parseCsvSimple(readFileSync(sharedPath('data/columbus/columbus.csv'), 'utf8')).filter((r) => r.length > 1);
    const units = rows.slice(1).map((r) => r[rows[0].indexOf('id')]);
    return weightsFromGal(readFileSync(sharedPath('data/columbus/columbus_contiguity.gal'), 'utf8'), units, { style: 'W' });
  }
  const body = parseCsvSimple(readFileSync(sharedPath('data/panel/cigar.csv'), 'utf8'))
    .slice(1)
    .filter((r) => r.length > 1);
  const states = [...new Set(body.map((r) => Number(r[0])))].sort((a, b) => a - b).map(String);
  const pairs = parseCsvSimple(readFileSync(resolve(refDir, 'cigar_contiguity.csv'), 'utf8'))
    .slice(1)
    .filter((r) => r.length === 2)
    .map((r) => [r[0], r[1]] as const);
  return weightsFromPairs(states, pairs, { style: 'W' });
}

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

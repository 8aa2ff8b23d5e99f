/**
 * Per-observation effects (src/lenses/spatial/unit-effects.ts) against dense R (test/reference/spatial/
 * unit_effects.R → unit_effects.json: diag, row and column sums of solve(I − ρW)(βI + θW)) at the SDM estimates
 * of Columbus and of the two-way FE Cigar panel, to 1e-10; their averages are the LeSage–Pace average effects.
 * The cross-section rows (cross[].unitEffects, spatial_models_unit_effects): nqpf's own Columbus SDM fit (spatialreg's
 * estimates to ~1e-10) gives R's per-unit effects to 1e-7, and each unit's rows average to the effects table.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NqpfError } from '../../src/core/errors.js';
import { crossRows } from '../../src/lenses/spatial-models/analysis.js';
import { SpatialModelsSpec } from '../../src/lenses/spatial-models/spec.js';
import { impactsGiven, weightsEigen } from '../../src/lenses/spatial/cross.js';
import { unitEffects } from '../../src/lenses/spatial/unit-effects.js';
import { sharedAvailable } from '../helpers/shared.js';
import { columbusPanel, spatialWeights } from '../helpers/spatial-fixtures.js';

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

describe.skipIf(!sharedAvailable)('cross-section unit-level effects (cross[].unitEffects)', () => {
  const { d, panel } = sharedAvailable ? columbusPanel() : (undefined as never);
  const path = 'analyses.spatial_models.cross.0';

  it('Columbus SDM: every unit’s direct, total to and from equal dense R; means equal the effects table; SAR and SAC too', () => {
    const spec = SpatialModelsSpec.parse({ cross: [{ name: 'c', formula: 'CRIME ~ INC + HOVAL', models: ['sar', 'sdm', 'sem', 'sac'], unitEffects: true }] });
    const r = crossRows(panel, d.W, spec.cross[0], path);
    expect([...new Set(r.units.map((x) => x.model))]).toEqual(['sar', 'sdm', 'sac']);
    ['INC', 'HOVAL'].forEach((term, j) => {
      const rows = r.units.filter((x) => x.model === 'sdm' && x.term === term);
      expect(rows.map((x) => x.unit)).toEqual(d.W.units);
      const want = ref.columbus.effects[j];
      rows.forEach((x, i) => {
        for (const [got, exp] of [
          [x.direct, want.direct[i]],
          [x.total_to, want.total_to[i]],
          [x.total_from, want.total_from[i]],
        ] as const)
          expect(Math.abs(Number(got) - exp), `${term} ${i}`).toBeLessThan(1e-7 * Math.max(1, Math.abs(exp)));
      });
    });
    for (const m of ['sar', 'sdm', 'sac'])
      for (const im of r.impacts.filter((x) => x.model === m)) {
        const rows = r.units.filter((x) => x.model === m && x.term === im.term);
        const mean = (k: 'direct' | 'indirect_to' | 'indirect_from') => rows.reduce((a, x) => a + Number(x[k]), 0) / rows.length;
        expect(Math.abs(mean('direct') - Number(im.direct))).toBeLessThan(1e-12);
        expect(Math.abs(mean('indirect_to') - Number(im.indirect))).toBeLessThan(1e-12);
        expect(Math.abs(mean('indirect_from') - Number(im.indirect))).toBeLessThan(1e-12);
      }
    // not asked for: no rows
    const off = crossRows(panel, d.W, SpatialModelsSpec.parse({ cross: [{ name: 'c', formula: 'CRIME ~ INC + HOVAL', models: ['sar'] }] }).cross[0], path);
    expect(off.units).toEqual([]);
  });

  it('needs the exact log-determinant: refused with its path under logdet: chebyshev', () => {
    const c = SpatialModelsSpec.parse({ cross: [{ name: 'c', formula: 'CRIME ~ INC + HOVAL', models: ['sar'], logdet: 'chebyshev', unitEffects: true }] })
      .cross[0];
    try {
      crossRows(panel, d.W, c, path);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(NqpfError);
      expect((e as NqpfError).location?.path).toBe(`${path}.unitEffects`);
    }
  });
});

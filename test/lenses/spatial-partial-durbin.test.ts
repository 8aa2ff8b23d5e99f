/**
 * Partial Durbin terms (analyses.spatial_models.cross[].durbin) against R spatialreg 1.2-6 on Columbus
 * (test/reference/spatial/partial_durbin.R → partial_durbin.json): CRIME ~ INC + HOVAL with only INC lagged
 * (Durbin = ~ INC), eigen, tol.opt 1e-12. SDM ρ, β, SEs, σ², log-likelihood and its effects (HOVAL's with θ = 0), SDEM λ
 * and β, to 1e-6 (spatialreg's Brent at 1e-12; nqpf polishes on the score); a term that is not a regressor is refused
 * with its spec path; the methods text names the terms.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { MethodsWriter } from '../../src/analysis/descriptor.js';
import { crossRows, spatialModelsAnalysis } from '../../src/lenses/spatial-models/analysis.js';
import { SpatialModelsSpec } from '../../src/lenses/spatial-models/spec.js';
import { sharedAvailable } from '../helpers/shared.js';
import { columbusPanel, spatialRefDir } from '../helpers/spatial-fixtures.js';

const ref = JSON.parse(readFileSync(resolve(spatialRefDir, 'partial_durbin.json'), 'utf8'));
const rel = (a: unknown, b: number) => Math.abs(Number(a) - b) / Math.max(Math.abs(b), 1e-300);

describe.skipIf(!sharedAvailable)('partial Durbin terms vs spatialreg (Columbus, Durbin = ~ INC)', () => {
  const { d, panel } = sharedAvailable ? columbusPanel() : (undefined as never);
  const path = 'analyses.spatial_models.cross.0';

  it('SDM and SDEM with only lag.INC; effects with θ_HOVAL = 0', () => {
    const spec = SpatialModelsSpec.parse({ cross: [{ name: 'c', formula: 'CRIME ~ INC + HOVAL', models: ['sdm', 'sdem'], durbin: ['INC'] }] });
    const r = crossRows(panel, d.W, spec.cross[0], path);
    const coef = (m: string, term: string) => r.coef.find((x) => x.model === m && x.term === term);
    expect(r.coef.filter((x) => x.model === 'sdm').map((x) => x.term)).toEqual(['rho', '(Intercept)', 'INC', 'HOVAL', 'lag.INC']);
    expect(rel(coef('sdm', 'rho')?.estimate, ref.sdm.param)).toBeLessThan(1e-6);
    for (const term of ['(Intercept)', 'INC', 'HOVAL', 'lag.INC']) {
      expect(rel(coef('sdm', term)?.estimate, ref.sdm.coef[term]), `sdm ${term}`).toBeLessThan(1e-6);
      expect(rel(coef('sdm', term)?.se, ref.sdm.se[term]), `sdm ${term} SE`).toBeLessThan(1e-6);
      expect(rel(coef('sdem', term)?.estimate, ref.sdem.coef[term]), `sdem ${term}`).toBeLessThan(1e-6);
    }
    expect(rel(coef('sdem', 'lambda')?.estimate, ref.sdem.param)).toBeLessThan(1e-6);
    const fitRow = (m: string) => r.fit.find((x) => x.model === m);
    expect(rel(fitRow('sdm')?.loglik, ref.sdm.logLik)).toBeLessThan(1e-9);
    expect(rel(fitRow('sdem')?.loglik, ref.sdem.logLik)).toBeLessThan(1e-9);
    expect(rel(fitRow('sdm')?.sigma2, ref.sdm.sigma2)).toBeLessThan(1e-6);
    ref.sdm_impacts.names.forEach((term: string, k: number) => {
      const im = r.impacts.find((x) => x.model === 'sdm' && x.term === term);
      expect(rel(im?.direct, ref.sdm_impacts.direct[k]), `${term} direct`).toBeLessThan(1e-6);
      expect(rel(im?.indirect, ref.sdm_impacts.indirect[k]), `${term} indirect`).toBeLessThan(1e-6);
      expect(rel(im?.total, ref.sdm_impacts.total[k]), `${term} total`).toBeLessThan(1e-6);
    });
  });

  it('a term that is not a regressor is refused with its spec path', () => {
    const spec = SpatialModelsSpec.parse({ cross: [{ name: 'c', formula: 'CRIME ~ INC + HOVAL', models: ['sdm'], durbin: ['INC', 'X'] }] });
    expect(() => crossRows(panel, d.W, spec.cross[0], path)).toThrow(
      expect.objectContaining({ code: 'E_SPATIAL_MODEL', location: { path: `${path}.durbin.1` } }),
    );
  });
});

describe('methods text of partial Durbin terms', () => {
  const writer = (zh: boolean) =>
    ({
      zh,
      t: (a: string, b: string) => (zh ? a : b),
      cite: () => '',
      table: () => undefined,
      analyses: {},
      list: (x: string[]) => x.join(', '),
    }) as unknown as MethodsWriter;
  it('names the lagged terms in both languages, and says nothing without them', () => {
    const sec = { cross: [{ name: 'c', formula: 'y ~ a + b', durbin: ['a'] }] };
    expect(spatialModelsAnalysis.methods(sec, writer(false)).sentences.join(' ')).toContain('Partial Durbin terms (c: a)');
    expect(spatialModelsAnalysis.methods(sec, writer(true)).sentences.join(' ')).toContain('部分杜宾项（c: a）');
    expect(spatialModelsAnalysis.methods({ cross: [{ name: 'c', formula: 'y ~ a + b' }] }, writer(false)).sentences.join(' ')).not.toContain('Partial Durbin');
  });
});

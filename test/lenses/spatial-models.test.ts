/**
 * analyses.spatial_models rows (src/lenses/spatial-models/analysis.ts) on Columbus built as a
 * one-period panel: the table rows carry the kernels' estimates (checked against R in
 * spatial-cross.test.ts; spot-checked here against the same R JSON), and bad input fails with
 * E_SPATIAL_DATA / E_SPATIAL_MODEL naming the spec path.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { weightsFromGal } from '../../src/analysis/spatial/weights.js';
import { panelFromRecords } from '../../src/lenses/panel/frame.js';
import { crossRows, spatialModelsAnalysis } from '../../src/lenses/spatial-models/analysis.js';
import { SpatialModelsSpec } from '../../src/lenses/spatial-models/spec.js';
import { parseCsvSimple, sharedAvailable, sharedPath } from '../helpers/shared.js';

const ref = JSON.parse(readFileSync(resolve(import.meta.dirname, '../reference/spatial/expected.json'), 'utf8'));
const rel = (a: number | string | null, b: number) => Math.abs(Number(a) - b) / Math.abs(b);

describe.skipIf(!sharedAvailable)('analyses.spatial_models rows on Columbus', () => {
  const rows = parseCsvSimple(readFileSync(sharedPath('data/columbus/columbus.csv'), 'utf8')).filter((r) => r.length > 1);
  const head = rows[0];
  const body = rows.slice(1);
  const col = (name: string) => Float64Array.from(body.map((r) => Number(r[head.indexOf(name)])));
  const units = body.map((r) => r[head.indexOf('id')]);
  const panel = panelFromRecords(
    units,
    units.map(() => '2000'),
    { CRIME: col('CRIME'), INC: col('INC'), HOVAL: col('HOVAL') },
  );
  const W = weightsFromGal(readFileSync(sharedPath('data/columbus/columbus_contiguity.gal'), 'utf8'), units, { style: 'W' });
  const spec = SpatialModelsSpec.parse({ cross: [{ name: 'columbus', formula: 'CRIME ~ INC + HOVAL' }] });

  it('defaults: every model; rows of all four tables agree with R', () => {
    expect(spec.cross[0].models).toEqual(['ols', 'sar', 'sem', 'sdm', 'sdem', 'sac']);
    const r = crossRows(panel, W, spec.cross[0], 'analyses.spatial_models.cross.0');
    const coef = (model: string, term: string) => r.coef.find((x) => x.model === model && x.term === term);
    expect(rel(coef('ols', 'INC')?.estimate ?? null, ref.ols.coef.INC)).toBeLessThan(1e-9);
    expect(rel(coef('sar', 'rho')?.estimate ?? null, ref.sar.rho)).toBeLessThan(1e-10);
    expect(rel(coef('sar', 'rho')?.se ?? null, ref.sar.rho_se)).toBeLessThan(1e-10);
    expect(rel(coef('sem', 'lambda')?.estimate ?? null, ref.sem.lambda)).toBeLessThan(1e-10);
    expect(rel(coef('sdm', 'lag.INC')?.estimate ?? null, ref.sdm.coef['lag.INC'])).toBeLessThan(1e-10);
    expect(rel(coef('sac', 'lambda')?.estimate ?? null, ref.sac.lambda)).toBeLessThan(1e-10);
    expect(rel(coef('sdem', 'lag.HOVAL')?.se ?? null, ref.sdem.se['lag.HOVAL'])).toBeLessThan(1e-10);
    const lm = r.tests.find((x) => x.test === 'RLMlag');
    expect(rel(lm?.statistic ?? null, ref.lm_tests.RLMlag.statistic)).toBeLessThan(1e-9);
    expect(rel(r.tests.find((x) => x.test === 'moran')?.statistic ?? null, ref.moran.z)).toBeLessThan(1e-9);
    const fit = r.fit.find((x) => x.model === 'sdm');
    expect(rel(fit?.loglik ?? null, ref.sdm.logLik)).toBeLessThan(1e-12);
    expect(rel(fit?.aic ?? null, ref.sdm.AIC)).toBeLessThan(1e-12);
    expect(fit?.period).toBe(2000);
    const im = r.impacts.find((x) => x.model === 'sdm' && x.term === 'INC');
    expect(rel(im?.indirect ?? null, ref.sdm_impacts.indirect.INC)).toBeLessThan(1e-10);
    expect(r.impacts.map((x) => x.model)).toEqual(['sar', 'sar', 'sdm', 'sdm', 'sac', 'sac']);
  });

  it('a unit of the weights without data, fixed effects and an unknown period are refused with the spec path', () => {
    const short = panelFromRecords(
      units.slice(1),
      units.slice(1).map(() => '2000'),
      {
        CRIME: col('CRIME').slice(1),
        INC: col('INC').slice(1),
        HOVAL: col('HOVAL').slice(1),
      },
    );
    expect(() => crossRows(short, W, spec.cross[0], 'analyses.spatial_models.cross.0')).toThrow(
      /analyses.spatial_models.cross.0: 1 unit\(s\) of the spatial weights lack/,
    );
    const fe = SpatialModelsSpec.parse({ cross: [{ name: 'x', formula: 'CRIME ~ INC | unit', models: ['sar'] }] }).cross[0];
    expect(() => crossRows(panel, W, fe, 'p')).toThrow(/no fixed effects/);
    const bad = SpatialModelsSpec.parse({ cross: [{ name: 'x', formula: 'CRIME ~ INC', period: 1999, models: ['ols'] }] }).cross[0];
    let err: unknown;
    try {
      crossRows(panel, W, bad, 'p');
    } catch (e) {
      err = e;
    }
    expect(err).toMatchObject({ code: 'E_SPATIAL_DATA', location: { path: 'p.period' }, hint: 'periods with data: 2000' });
  });

  it('descriptor: key, weights required, data columns and check()', () => {
    expect(spatialModelsAnalysis.key).toBe('spatial_models');
    expect(spatialModelsAnalysis.requires?.(spec)).toEqual({ weights: true });
    expect(spatialModelsAnalysis.dataColumns?.(spec).sort()).toEqual(['CRIME', 'HOVAL', 'INC']);
    const problems = spatialModelsAnalysis.check?.(spec, { scores: ['Index'], indicators: [], data: ['CRIME', 'INC'] }) ?? [];
    expect(problems.map((x) => x.message)).toEqual([
      'analyses.spatial_models.cross.0.formula: "HOVAL" is neither a score of this run nor a column of the data',
    ]);
  });
});

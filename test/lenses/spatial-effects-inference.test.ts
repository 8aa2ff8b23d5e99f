/**
 * Inference of the cross-section effects (spatial_models_impacts: delta-method se/z/p and simulated se_sim/lower/upper per
 * effect) against R spatialreg on Columbus (test/reference/spatial/effects_inference.R → effects_inference.json):
 * CRIME ~ INC + HOVAL, row-standardised contiguity, eigen. Delta-method SEs from spatialreg's estimates and asymptotic
 * covariance with a finite-difference Jacobian of the dense effect functions (R side) — SAR, SDM and partial-Durbin SDM to
 * 1e-6 relative (estimates and covariance agree to ~1e-7; the R Jacobian's truncation error is ~1e-10), SAC too (its
 * resvar agrees with nqpf's analytic one); simulated SEs against spatialreg impacts(R = 1000) only loosely (independent
 * Monte Carlo runs): within 10 % of the range of its SDs over six seeds. SAC's simulated SEs are not compared: spatialreg's
 * own range over six seeds is 1.1–20.5 for INC's indirect effect (heavy tails from draws of ρ near 1/ω_max; nqpf redraws
 * ρ outside (1/ω_min, 1/ω_max) and gets 0.64). The draws are seeded: the same seed gives the same bits, another seed other values.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { MethodsWriter } from '../../src/analysis/descriptor.js';
import { NqpfError } from '../../src/core/errors.js';
import { crossRows, spatialModelsAnalysis } from '../../src/lenses/spatial-models/analysis.js';
import { SpatialModelsSpec } from '../../src/lenses/spatial-models/spec.js';
import { parseSpec } from '../../src/spec/parse.js';
import { sharedAvailable } from '../helpers/shared.js';
import { columbusPanel, spatialRefDir } from '../helpers/spatial-fixtures.js';

const ref = JSON.parse(readFileSync(resolve(spatialRefDir, 'effects_inference.json'), 'utf8'));
const rel = (a: unknown, b: number) => Math.abs(Number(a) - b) / Math.max(Math.abs(b), 1e-300);
const EFFECTS = ['direct', 'indirect', 'total'] as const;

describe.skipIf(!sharedAvailable)('cross-section effects inference vs spatialreg (Columbus)', () => {
  const { d, panel } = sharedAvailable ? columbusPanel() : (undefined as never);
  const path = 'analyses.spatial_models.cross.0';
  const run = (models: string[], durbin?: string[], seed = 7, draws?: number) =>
    crossRows(
      panel,
      d.W,
      SpatialModelsSpec.parse({
        cross: [{ name: 'c', formula: 'CRIME ~ INC + HOVAL', models, ...(durbin ? { durbin } : {}), ...(draws === undefined ? {} : { draws }) }],
      }).cross[0],
      path,
      seed,
      0,
    );
  const full = sharedAvailable ? run(['sar', 'sdm', 'sac']) : (undefined as never);
  const partial = sharedAvailable ? run(['sdm'], ['INC']) : (undefined as never);
  const cases: [string, string, () => typeof full][] = [
    ['sar', 'sar', () => full],
    ['sdm', 'sdm', () => full],
    ['sdm_partial', 'sdm', () => partial],
  ];

  for (const [key, model, rows] of cases) {
    it(`${key}: delta-method SEs to 1e-6, simulated SEs within 10 % of spatialreg's`, () => {
      const R = ref[key];
      R.terms.forEach((term: string, j: number) => {
        const row = rows().impacts.find((x) => x.model === model && x.term === term) as unknown as Record<string, number>;
        for (const e of EFFECTS) {
          expect(rel(row[e], R[e][j]), `${term} ${e}`).toBeLessThan(1e-6);
          expect(rel(row[`${e}_se`], R[`se_${e}`][j]), `${term} ${e} delta SE`).toBeLessThan(1e-6);
          expect(rel(row[`${e}_z`], R[e][j] / R[`se_${e}`][j]), `${term} ${e} z`).toBeLessThan(1e-6);
          // Monte Carlo: within 10 % of the range of spatialreg's SDs over six seeded runs of R = 1000.
          const lo = Math.min(R[`sim_${e}`][j], R.sim_min[e][j]);
          const hi = Math.max(R[`sim_${e}`][j], R.sim_max[e][j]);
          expect(row[`${e}_se_sim`], `${term} ${e} simulated SE`).toBeGreaterThan(0.9 * lo);
          expect(row[`${e}_se_sim`], `${term} ${e} simulated SE`).toBeLessThan(1.1 * hi);
          expect(row[`${e}_lower`]).toBeLessThan(row[e]);
          expect(row[`${e}_upper`]).toBeGreaterThan(row[e]);
        }
      });
    });
  }

  it('sac: effects and delta-method SEs to 1e-6; simulated SEs not compared (see the header)', () => {
    const R = ref.sac;
    R.terms.forEach((term: string, j: number) => {
      const row = full.impacts.find((x) => x.model === 'sac' && x.term === term) as unknown as Record<string, number>;
      for (const e of EFFECTS) {
        expect(rel(row[e], R[e][j]), `${term} ${e}`).toBeLessThan(1e-6);
        expect(rel(row[`${e}_se`], R[`se_${e}`][j]), `${term} ${e} delta SE`).toBeLessThan(1e-6);
        expect(row[`${e}_lower`]).toBeLessThan(row[e]);
        expect(row[`${e}_upper`]).toBeGreaterThan(row[e]);
      }
    });
  });

  it('the simulation is seeded: same seed, same bits; another seed, other draws', () => {
    const again = run(['sar', 'sdm', 'sac']);
    expect(again.impacts).toEqual(full.impacts);
    const other = run(['sar', 'sdm', 'sac'], undefined, 8);
    expect(other.impacts.map((x) => x.direct_se)).toEqual(full.impacts.map((x) => x.direct_se));
    expect(other.impacts[0].direct_se_sim).not.toBe(full.impacts[0].direct_se_sim);
  });

  it('draws: 0 gives the delta method only; other draws other simulated SEs, the same delta SEs; 1000 is the default', () => {
    const none = run(['sar', 'sdm', 'sac'], undefined, 7, 0);
    expect(none.impacts.map((x) => x.direct_se)).toEqual(full.impacts.map((x) => x.direct_se));
    for (const e of EFFECTS)
      for (const k of ['se_sim', 'lower', 'upper']) expect(none.impacts.every((x) => x[`${e}_${k}` as 'direct_se_sim'] === null)).toBe(true);
    const few = run(['sar', 'sdm', 'sac'], undefined, 7, 200);
    expect(few.impacts.map((x) => x.total_se)).toEqual(full.impacts.map((x) => x.total_se));
    expect(few.impacts[0].direct_se_sim).not.toBe(full.impacts[0].direct_se_sim);
    expect(few.impacts[0].direct_se_sim).toBeGreaterThan(0);
    expect(run(['sar', 'sdm', 'sac'], undefined, 7, 1000).impacts).toEqual(full.impacts);
  });
});

describe('cross-section draws: refused as the panels refuse theirs', () => {
  const spec = (entry: string) => `data: { file: d.csv, unit: u }
framework:
  nodes:
    - { code: I }
    - { code: a, parent: I }
analyses:
  weights: { file: w.gal, format: gal }
  spatial_models:
    ${entry}
`;
  const specError = (text: string): NqpfError => {
    try {
      parseSpec(text, { file: 's.yaml', env: {} });
    } catch (e) {
      if (e instanceof NqpfError) return e;
      throw e;
    }
    throw new Error('expected an error');
  };
  it.each([-1, 100001, 2.5])('draws: %s is an E_SPEC error at the entry’s path, for cross and panel alike', (draws) => {
    const c = specError(spec(`cross: [{ name: c, formula: "a ~ I", draws: ${draws} }]`));
    const p = specError(spec(`panel: [{ name: p, formula: "a ~ I | unit", draws: ${draws} }]`));
    expect(c.code).toBe('E_SPEC');
    expect(p.code).toBe(c.code);
    expect(c.location?.path).toBe('analyses.spatial_models.cross.0.draws');
    expect(p.location?.path).toBe('analyses.spatial_models.panel.0.draws');
  });
  it('the methods text states the draws (the largest over the entries; none when every entry has 0), zh and en', () => {
    const writer = (zh: boolean) =>
      ({
        zh,
        t: (a: string, b: string) => (zh ? a : b),
        cite: () => '',
        table: () => undefined,
        analyses: { weights: { file: 'w.gal', format: 'gal' } },
      }) as unknown as MethodsWriter;
    const text = (draws: (number | undefined)[], zh = false) =>
      spatialModelsAnalysis
        .methods({ cross: draws.map((d, i) => ({ name: `c${i}`, formula: 'a ~ b', ...(d === undefined ? {} : { draws: d }) })) }, writer(zh))
        .sentences.join(' ');
    expect(text([undefined])).toContain('from 1000 seeded draws');
    expect(text([250, 0])).toContain('from 250 seeded draws');
    expect(text([250, 0], true)).toContain('抽样 250 次');
    expect(text([0])).not.toContain('seeded draws');
    expect(text([0])).toContain('the estimated asymptotic covariance).');
    expect(text([0], true)).not.toContain('抽样');
  });
  it('draws: 0 and 100000 are accepted', () => {
    for (const draws of [0, 100000]) expect(parseSpec(spec(`cross: [{ name: c, formula: "a ~ I", draws: ${draws} }]`), { env: {} }).analyses).toBeDefined();
  });
});

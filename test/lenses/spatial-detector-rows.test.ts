/**
 * analyses.spatial_models.detector rows (src/lenses/spatial-models/detector.ts) on the CN panel (2021–2022 from
 * ../shared, region as a unit attribute): the rows carry the kernel values checked against base R in
 * spatial-geodetector.test.ts (the same JSON, to 1e-9), the default period is the last one, units missing a value
 * are left out, and bad specs fail with the spec path.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { MethodsWriter } from '../../src/analysis/descriptor.js';
import { NqpfError } from '../../src/core/errors.js';
import { panelFromRecords } from '../../src/lenses/panel/frame.js';
import { spatialModelsAnalysis } from '../../src/lenses/spatial-models/analysis.js';
import { detectorRows } from '../../src/lenses/spatial-models/detector.js';
import { SpatialModelsSpec } from '../../src/lenses/spatial-models/spec.js';
import { parseCsvSimple, sharedAvailable, sharedPath } from '../helpers/shared.js';

const ref = JSON.parse(readFileSync(resolve(import.meta.dirname, '../reference/geodetector/geodetector.json'), 'utf8')).cn;
const close = (a: number | string | null | undefined, b: number) => expect(Math.abs(Number(a) - b)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(b)));

describe.skipIf(!sharedAvailable)('analyses.spatial_models.detector rows on the CN panel', () => {
  const rows = parseCsvSimple(readFileSync(sharedPath('data/cn-scitech/cn_provinces_scitech_2011_2022.csv'), 'utf8')).filter((r) => r.length > 1);
  const regions = parseCsvSimple(readFileSync(sharedPath('data/cn-scitech/regions.csv'), 'utf8')).filter((r) => r.length > 1);
  const h = rows[0];
  const body = rows.slice(1).filter((r) => r[1] === '2021' || r[1] === '2022');
  const col = (name: string) => Float64Array.from(body.map((r) => (r[h.indexOf(name)] === '' ? Number.NaN : Number(r[h.indexOf(name)]))));
  const panel = panelFromRecords(
    body.map((r) => r[0]),
    body.map((r) => r[1]),
    { rd_intensity: col('rd_intensity'), rd_fte: col('rd_fte'), sci_papers: col('sci_papers'), budget_scitech: col('budget_scitech') },
  );
  const regionOf = new Map(regions.slice(1).map((r) => [r[0], r[2]]));
  const attributes = new Map([['region', panel.units.map((u) => regionOf.get(u) ?? '')]]);
  const spec = SpatialModelsSpec.parse({
    detector: [
      {
        name: 'cn',
        y: 'rd_intensity',
        factors: [
          { column: 'region', method: 'category' },
          { column: 'rd_fte' },
          { column: 'sci_papers', method: 'quantile', classes: 4 },
          { column: 'budget_scitech', method: 'equal', classes: 5 },
        ],
      },
    ],
  });
  const key = ['region', 'rd_fte_q4', 'sci_papers_q4', 'budget_scitech_eq5'];
  const path = 'analyses.spatial_models.detector.0';

  it('defaults: quantile with 4 classes, all four detectors, the last period; rows equal the R values', () => {
    expect(spec.detector[0].factors[1]).toEqual({ column: 'rd_fte', method: 'quantile', classes: 4 });
    expect(spec.detector[0].detectors).toEqual(['factor', 'interaction', 'risk', 'ecological']);
    const r = detectorRows(panel, attributes, spec.detector[0], path);
    expect(r.factor.map((x) => x.period)).toEqual([2022, 2022, 2022, 2022]);
    r.factor.forEach((x, i) => {
      const e = ref.factor[key[i]];
      close(x.q, e.q);
      close(x.p, e.p);
      close(x.lambda, e.lambda);
      expect(x.n).toBe(31);
      expect(x.strata).toBe(e.df1 + 1);
    });
    expect(r.interaction.length).toBe(6);
    r.interaction.forEach((x, k) => {
      close(x.q12, ref.interaction[k].q12);
      expect(x.type).toBe(ref.interaction[k].type);
    });
    r.ecological.forEach((x, k) => close(x.f, ref.ecological[k].f));
    const risk = r.risk.filter((x) => x.factor === 'region');
    expect(risk.length).toBe(6);
    for (const e of ref.risk_region) {
      // pairs follow the strata's order of first appearance, which differs from R's: compare either way round
      const g = risk.find((x) => (x.stratum1 === e.a && x.stratum2 === e.b) || (x.stratum1 === e.b && x.stratum2 === e.a));
      close(g?.stratum1 === e.a ? g?.t : -Number(g?.t), e.t);
      close(g?.p, e.p);
      expect(g?.df).toBe(e.df);
    }
    // interval labels of the quantile classes: the first closed on both sides
    expect(String(r.risk.find((x) => x.factor === 'rd_fte')?.stratum1)).toMatch(/^\[[0-9.e+]+, [0-9.e+]+\]$/);
  });

  it('needs no weights when only the detector is asked for, weights with cross or panel entries', () => {
    expect(spatialModelsAnalysis.requires?.(spec)).toEqual({ weights: false });
    expect(spatialModelsAnalysis.requires?.(SpatialModelsSpec.parse({ cross: [{ name: 'a', formula: 'y ~ x' }], detector: spec.detector }))).toEqual({
      weights: true,
    });
  });

  it('units lacking a value are left out; bad factors fail with the spec path', () => {
    const gap = new Map([['region', attributes.get('region')?.map((g, i) => (i === 0 ? '' : g)) ?? []]]);
    const r = detectorRows(panel, gap, spec.detector[0], path);
    expect(r.factor[0].n).toBe(30);
    const bad = (factors: unknown[], code: string, at: string) => {
      const d = SpatialModelsSpec.parse({ detector: [{ name: 'x', y: 'rd_intensity', factors }] }).detector[0];
      try {
        detectorRows(panel, attributes, d, path);
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(NqpfError);
        expect((e as NqpfError).code).toBe(code);
        expect(JSON.stringify((e as NqpfError).location)).toContain(at);
      }
    };
    bad([{ column: 'nope' }], 'E_SPATIAL_DATA', `${path}.factors.0.column`);
    bad([{ column: 'region' }], 'E_SPATIAL_MODEL', `${path}.factors.0.method`);
    bad([{ column: 'rd_fte', method: 'category' }], 'E_SPATIAL_MODEL', `${path}.factors.0`);
  });
});

describe('methods text of the detector', () => {
  type T = { header: string[]; rows: (string | number | null)[][] };
  const writer = (zh: boolean, tables: Record<string, T> = {}) =>
    ({
      zh,
      t: (a: string, b: string) => (zh ? a : b),
      cite: (...k: string[]) => `[${k.join(',')}]`,
      table: (n: string) => tables[n],
    }) as unknown as MethodsWriter;
  const sec = { detector: [{ name: '2022', y: 'Index', factors: [{ column: 'region', method: 'category' }, { column: 'x1' }] }] };
  it('states the formulas and cites Wang et al. 2010 and Wang & Xu 2017, in both languages', () => {
    for (const zh of [false, true]) {
      const text = spatialModelsAnalysis.methods(sec, writer(zh)).sentences.join(' ');
      expect(text).toContain('[wang2010][wang2017]');
      expect(text).toContain('q = 1 − Σ_h N_h σ_h² / (N σ²)');
      expect(text).toContain('λ = (Σ_h μ_h² − (Σ_h √N_h μ_h)²/N)/σ²');
      expect(text).toContain('2022: Index ~ region, x1');
      expect(text).toContain(zh ? '交互探测' : 'interaction detector');
      expect(text).not.toContain(zh ? '仅含一个单元的分层' : 'strata holding a single unit');
    }
  });
  it('says when a factor has strata of one unit (the optional column of the factor table), in both languages', () => {
    const factor = {
      header: ['spec', 'factor', 'q', 'singletons'],
      rows: [
        ['2022', 'region', 0.5, 1],
        ['2022', 'x1', 0.3, 0],
      ],
    };
    for (const zh of [false, true]) {
      const text = spatialModelsAnalysis.methods(sec, writer(zh, { spatial_detector_factor: factor })).sentences.join(' ');
      expect(text).toContain(zh ? '1 个因子有仅含一个单元的分层' : '1 factor(s) have strata holding a single unit');
      expect(text).toContain('dropSingletons');
    }
  });
});

describe('singleton strata in the detector rows', () => {
  it('count per factor (kept, within variance 0: q as the kernel computes it)', () => {
    const units = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
    const panel = panelFromRecords(
      units,
      units.map(() => '2022'),
      { y: Float64Array.of(2, 4, 9, 1, 3, 5, 6), x: Float64Array.of(1, 2, 3, 4, 5, 6, 7) },
    );
    const attributes = new Map([['g', ['p', 'p', 'q', 'r', 'r', 'r', 's']]]);
    const d = SpatialModelsSpec.parse({
      detector: [
        {
          name: 's',
          y: 'y',
          factors: [
            { column: 'g', method: 'category' },
            { column: 'x', method: 'equal', classes: 2 },
          ],
        },
      ],
    }).detector[0];
    const r = detectorRows(panel, attributes, d, 'analyses.spatial_models.detector.0');
    expect(r.factor.map((f) => [f.factor, f.strata, f.singletons])).toEqual([
      ['g', 4, 2],
      ['x', 2, 0],
    ]);
    // by hand: strata p {2, 4}: SS 2; r {1, 3, 5}: SS 8; the singletons q {9} and s {6}: 0 → SSW = 10; SST about ȳ = 30/7
    const sst = [2, 4, 9, 1, 3, 5, 6].reduce((t, v) => t + (v - 30 / 7) ** 2, 0);
    close(r.factor[0].q, 1 - 10 / sst);
  });
});

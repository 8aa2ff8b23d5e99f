/**
 * The pooled geographical detector (analyses.spatial_models.detector with pooled: true; issue 16 "per period or
 * pooled") on the CN panel of ../shared stacked over 2011–2022 (372 province-years) and over the selected years 2016,
 * 2019, 2022: q, F, λ, p, the interaction, risk and ecological detectors and the optimal discretisation of the pooled
 * values against test/reference/spatial/pooled_detector.R (base-R formulas, q checked against GD's gd; OPGD by GD 10.8's
 * optidisc) to 1e-9; the period cell names the periods; bad combinations fail with the spec path.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { MethodsWriter } from '../../src/analysis/descriptor.js';
import { NqpfError } from '../../src/core/errors.js';
import { panelFromRecords } from '../../src/lenses/panel/frame.js';
import { spatialModelsAnalysis } from '../../src/lenses/spatial-models/analysis.js';
import { detectorRows, pooledPeriods } from '../../src/lenses/spatial-models/detector.js';
import { SpatialModelsSpec } from '../../src/lenses/spatial-models/spec.js';
import { parseCsvSimple, sharedAvailable, sharedPath } from '../helpers/shared.js';

const ref = JSON.parse(readFileSync(resolve(import.meta.dirname, '../reference/spatial/pooled_detector.json'), 'utf8'));
const close = (a: number | string | null | undefined, b: number) => expect(Math.abs(Number(a) - b)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(b)));
const path = 'analyses.spatial_models.detector.0';

interface RefDetector {
  n: number;
  factor: Record<string, { q: number; f: number; lambda: number; p: number; df1: number }>;
  interaction: { q1: number; q2: number; q12: number; strata: number; type: string }[];
  risk_region: { a: string; b: string; mean_a: number; mean_b: number; t: number; df: number; p: number }[];
  ecological: { f: number; p: number }[];
}

describe.skipIf(!sharedAvailable)('pooled geographical detector on the CN panel 2011–2022', () => {
  const rows = parseCsvSimple(readFileSync(sharedPath('data/cn-scitech/cn_provinces_scitech_2011_2022.csv'), 'utf8')).filter((r) => r.length > 1);
  const regions = parseCsvSimple(readFileSync(sharedPath('data/cn-scitech/regions.csv'), 'utf8')).filter((r) => r.length > 1);
  const h = rows[0];
  const body = rows.slice(1);
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
        name: 'pooled',
        y: 'rd_intensity',
        pooled: true,
        factors: [
          { column: 'region', method: 'category' },
          { column: 'rd_fte', method: 'quantile', classes: 4 },
          { column: 'budget_scitech', method: 'equal', classes: 5 },
          { column: 'sci_papers', method: 'optimal' },
        ],
      },
      {
        name: 'selected',
        y: 'rd_intensity',
        pooled: true,
        periods: [2016, '2019', 2022],
        factors: [
          { column: 'region', method: 'category' },
          { column: 'rd_fte', method: 'quantile', classes: 4 },
        ],
      },
    ],
  });

  const agree = (r: ReturnType<typeof detectorRows>, e: RefDetector, keys: string[]) => {
    r.factor.forEach((x, i) => {
      const f = e.factor[keys[i]];
      close(x.q, f.q);
      close(x.f, f.f);
      close(x.lambda, f.lambda);
      // R's non-central pf stops at ~1e-9 (documented): p agrees to 1e-9 absolute
      close(x.p, f.p);
      expect(x.n).toBe(e.n);
      expect(x.strata).toBe(f.df1 + 1);
    });
    expect(r.interaction.length).toBe(e.interaction.length);
    r.interaction.forEach((x, k) => {
      close(x.q1, e.interaction[k].q1);
      close(x.q2, e.interaction[k].q2);
      close(x.q12, e.interaction[k].q12);
      expect(x.strata).toBe(e.interaction[k].strata);
      expect(x.type).toBe(e.interaction[k].type);
    });
    r.ecological.forEach((x, k) => {
      close(x.f, e.ecological[k].f);
      close(x.p, e.ecological[k].p);
    });
    const risk = r.risk.filter((x) => x.factor === 'region');
    expect(risk.length).toBe(e.risk_region.length);
    for (const g of e.risk_region) {
      const x = risk.find((x) => (x.stratum1 === g.a && x.stratum2 === g.b) || (x.stratum1 === g.b && x.stratum2 === g.a));
      const same = x?.stratum1 === g.a;
      close(same ? x?.t : -Number(x?.t), g.t);
      close(same ? x?.mean1 : x?.mean2, g.mean_a);
      close(x?.p, g.p);
      expect(x?.df).toBe(g.df);
    }
  };

  it('all periods pooled: every province-year one observation, region repeated, breaks from the pooled values; equals R', () => {
    const r = detectorRows(panel, attributes, spec.detector[0], path);
    expect(ref.all.n).toBe(372);
    agree(r, ref.all, ['region', 'rd_fte_q4', 'budget_scitech_eq5', 'sci_papers_opt']);
    expect(r.factor.map((x) => [x.period, x.pooled])).toEqual(Array(4).fill(['2011–2022', 12]));
    // the quartile classes are those of the 372 pooled values (R's type-7 breaks)
    const labels = [...new Set(r.risk.filter((x) => x.factor === 'rd_fte').flatMap((x) => [x.stratum1, x.stratum2]))];
    const fmt = (v: number) => String(Number(v.toPrecision(6)));
    const b: number[] = ref.all.rd_fte_breaks;
    expect(labels.sort()).toEqual([`[${fmt(b[0])}, ${fmt(b[1])}]`, ...[1, 2, 3].map((k) => `(${fmt(b[k])}, ${fmt(b[k + 1])}]`)].sort());
  });

  it('optimal discretisation of the pooled values: GD optidisc’s choice, breaks and q grid', () => {
    const r = detectorRows(panel, attributes, spec.detector[0], path);
    const o = ref.all.optimal;
    const chosen = r.discretisation.filter((x) => x.chosen === 1);
    expect(chosen.map((x) => [x.factor, x.method, x.classes])).toEqual([['sci_papers', o.method, o.classes]]);
    expect(r.discretisation.length).toBe(25);
    // breaks as the table writes them (6 significant digits) and, through the strata, exactly: q of the chosen strata
    expect(chosen[0].breaks).toBe((o.breaks as number[]).map((v) => String(Number(v.toPrecision(6)))).join(' '));
    close(r.factor[3].q, ref.all.factor.sci_papers_opt.q);
    (o.methods as string[]).forEach((m, i) =>
      (o.qv[i] as (number | 'NA')[]).forEach((q, j) => {
        const g = r.discretisation.find((x) => x.method === m && x.classes === j + 3);

        if (m === 'geometric' && !o.geometric_covers[j]) return;
        if (q === 'NA') expect(g?.q).toBeNull();
        else close(g?.q, q);
      }),
    );
  });

  it('selected periods pooled (2016, 2019, 2022): 93 observations; the period cell lists them', () => {
    const r = detectorRows(panel, attributes, spec.detector[1], path);
    expect(ref.selected.n).toBe(93);
    agree(r, ref.selected, ['region', 'rd_fte_q4']);
    expect(r.factor.map((x) => [x.period, x.pooled])).toEqual([
      ['2016, 2019, 2022', 3],
      ['2016, 2019, 2022', 3],
    ]);
  });

  it('a single period is unchanged by the option: no pooled cell, the period as a number', () => {
    const d = SpatialModelsSpec.parse({ detector: [{ name: 'one', y: 'rd_intensity', period: 2019, factors: [{ column: 'region', method: 'category' }] }] })
      .detector[0];
    const r = detectorRows(panel, attributes, d, path);
    expect(r.factor[0].period).toBe(2019);
    expect(r.factor[0].pooled).toBeNull();
    expect(r.factor[0].n).toBe(31);
  });

  it('bad combinations fail with the spec path', () => {
    const bad = (extra: Record<string, unknown>, code: string, at: string) => {
      const d = SpatialModelsSpec.parse({ detector: [{ name: 'x', y: 'rd_intensity', factors: [{ column: 'region', method: 'category' }], ...extra }] })
        .detector[0];
      try {
        detectorRows(panel, attributes, d, path);
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(NqpfError);
        expect((e as NqpfError).code).toBe(code);
        expect((e as NqpfError).location?.path).toBe(at);
      }
    };
    bad({ pooled: true, period: 2022 }, 'E_SPATIAL_MODEL', `${path}.period`);
    bad({ periods: [2021, 2022] }, 'E_SPATIAL_MODEL', `${path}.periods`);
    bad({ pooled: true, periods: [2021, 1999] }, 'E_SPATIAL_DATA', `${path}.periods.1`);
    bad({ pooled: true, periods: [2021, 2021] }, 'E_SPATIAL_DATA', `${path}.pooled`);
  });
});

describe('pooled detector: periods text and methods text', () => {
  it('a run of consecutive periods as first–last, else the list', () => {
    const ps = ['2011', '2012', '2013', '2014'];
    expect(pooledPeriods(ps, [0, 1, 2, 3])).toBe('2011–2014');
    expect(pooledPeriods(ps, [1, 2])).toBe('2012–2013');
    expect(pooledPeriods(ps, [0, 2, 3])).toBe('2011, 2013, 2014');
  });
  it('the methods text names the pooled specifications, their periods and unit-periods, in both languages', () => {
    const factor = { header: ['spec', 'period', 'factor', 'n', 'q', 'pooled'], rows: [['P', '2011–2022', 'region', 372, 0.3, 12]] };
    const writer = (zh: boolean) =>
      ({
        zh,
        t: (a: string, b: string) => (zh ? a : b),
        cite: () => '',
        table: (n: string) => (n === 'spatial_detector_factor' ? factor : undefined),
      }) as unknown as MethodsWriter;
    const sec = { detector: [{ name: 'P', y: 'Index', pooled: true, factors: [{ column: 'region', method: 'category' }] }] };
    expect(spatialModelsAnalysis.methods(sec, writer(false)).sentences.join(' ')).toContain('Pooled geographical detector (P: 2011–2022, 372 unit-periods)');
    expect(spatialModelsAnalysis.methods(sec, writer(true)).sentences.join(' ')).toContain('合并多期的地理探测（P：2011–2022，372 个单元-时期）');
    const same = { header: factor.header, rows: [['2011–2022', '2011–2022', 'region', 372, 0.3, 12]] };
    const w2 = { zh: false, t: (_: string, b: string) => b, cite: () => '', table: () => same } as unknown as MethodsWriter;
    const sec2 = { detector: [{ name: '2011–2022', y: 'Index', pooled: true, factors: [{ column: 'region', method: 'category' }] }] };
    expect(spatialModelsAnalysis.methods(sec2, w2).sentences.join(' ')).toContain('Pooled geographical detector (2011–2022, 372 unit-periods)');
    const one = { detector: [{ name: 'Q', y: 'Index', factors: [{ column: 'region', method: 'category' }] }] };
    expect(spatialModelsAnalysis.methods(one, writer(false)).sentences.join(' ')).not.toContain('Pooled');
  });
});

/**
 * examples/cn-cities-demo.yaml (issue 19): the SYNTHETIC city panel of scripts/gen-city-demo.ts (287 cities × 12
 * years) with every analysis on the built-in city map and contiguity. Checks: the committed CSV is the
 * generator's output; every city is matched (registry and map); the report's map has a value for every city
 * polygon of the panel (and none for the registry units outside it: 地区, 自治州, 盟, the cities made after 2012);
 * LISA at city level with 999 permutations; Dagum by region and by province in one run (the report's grouping
 * selector) — and by province alone in examples/cn-cities-by-province.yaml.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse, stringify } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { CITY_DEMO_FILE, CITY_DEMO_SEED, cityDemoCsv, cityDemoUnits } from '../../scripts/gen-city-demo.js';
import { runProject } from '../../src/app/run-project.js';
import { reportGeoForRun } from '../../src/io/read/geo.js';
import { readRunDir } from '../../src/io/read/run-dir.js';
import type { RunBundle } from '../../src/report/bundle.js';
import { allCharts } from '../../src/report/charts/index.js';
import { buildReportPayload } from '../../src/report/html/data.js';
import { buildReportHtml } from '../../src/report/html/index.js';

const examples = resolve(import.meta.dirname, '../../examples');

describe('examples/cn-cities-demo.yaml', () => {
  let bundle: RunBundle;
  beforeAll(async () => {
    // The example as written, but writing its tables and run.json only: these tests read those (and build the
    // report's data and charts from them); the report, workbook, Word tables and figures of this run were most of
    // its CPU, and the golden check (scripts/golden.ts) compares every output file of the example.
    const tmp = mkdtempSync(join(tmpdir(), 'nqpf-cities-demo-'));
    const spec = parse(readFileSync(resolve(examples, 'cn-cities-demo.yaml'), 'utf8'));
    spec.data.file = resolve(examples, spec.data.file);
    spec.outputs = { ...spec.outputs, report: false, xlsx: false, docx: false, figures: 'none' };
    writeFileSync(join(tmp, 'nqpf.yaml'), stringify(spec));
    const out = join(tmp, 'out');
    await runProject(join(tmp, 'nqpf.yaml'), { out, workers: 1, env: {} });
    bundle = await readRunDir(out);
  }, 600_000);

  it('the committed CSV is what scripts/gen-city-demo.ts writes', () => {
    expect(readFileSync(resolve(examples, 'demo', CITY_DEMO_FILE), 'utf8')).toBe(cityDemoCsv());
  });

  it('the panel is labelled SYNTHETIC: its file name, the example, examples/demo/README.md and the run (run.json notice)', () => {
    expect(CITY_DEMO_FILE).toMatch(/_SYNTHETIC\.csv$/);
    const spec = readFileSync(resolve(examples, 'cn-cities-demo.yaml'), 'utf8');
    expect(spec).toContain(`file: demo/${CITY_DEMO_FILE}`);
    expect(spec).toMatch(/synthetic: true/);
    const readme = readFileSync(resolve(examples, 'demo/README.md'), 'utf8');
    const city = readme.slice(readme.indexOf('## The city panel'));
    expect(city).toMatch(/^## The city panel — also SYNTHETIC/);
    expect(city).toContain(`\`${CITY_DEMO_FILE}\` is synthetic`);
    expect(city).toContain(`seed ${CITY_DEMO_SEED}`);
    expect(city).toContain('scripts/gen-city-demo.ts');
    const run = bundle.run as { synthetic?: boolean; notice?: string };
    expect(run.synthetic).toBe(true);
    expect(run.notice).toMatch(/SYNTHETIC/);
    // ≈ 285 cities × 12 years (issue 19): 287 × 2012–2023
    const lines = readFileSync(resolve(examples, 'demo', CITY_DEMO_FILE), 'utf8')
      .trim()
      .split('\n');
    expect(lines.length - 1).toBe(287 * 12);
  });

  it('all 287 cities are matched and the city map has a value for every city polygon of the panel', async () => {
    const ranks = bundle.tables.get('ranks')!;
    const units = [...new Set(ranks.rows.map((r) => String(r[ranks.header.indexOf('unit')])))];
    expect(units.sort()).toEqual(
      cityDemoUnits()
        .map((c) => c.zh)
        .sort(),
    );
    const { geo } = await reportGeoForRun(bundle, units);
    expect(geo?.kind).toBe('china-cities');
    const { payload, unmatched } = buildReportPayload(bundle, { lang: 'zh', geo });
    expect(unmatched).toEqual([]);
    expect(payload.units.filter((u) => u.feature === null)).toEqual([]);
    const last = payload.periods.length - 1;
    const iRank = ranks.header.indexOf('NQPF');
    const iPer = ranks.header.indexOf('period');
    const valued = new Set(ranks.rows.filter((r) => String(r[iPer]) === payload.periods[last] && typeof r[iRank] === 'number').map((r) => String(r[0])));
    const featureOfUnit = new Map(payload.units.map((u) => [u.id, u.feature]));
    const withValue = new Set([...valued].map((u) => featureOfUnit.get(u)));
    const cityFeatures = geo!.features.features.filter((f) => f.properties.code !== undefined).map((f) => f.properties.name);
    const panel = new Set(cityDemoUnits().map((c) => c.zh));
    expect(cityFeatures.filter((n) => panel.has(n) && !withValue.has(n))).toEqual([]);
    expect(withValue.size).toBe(287);
    // the province borders: one line per arc between two provinces or on the coast (≈ 370)
    expect(payload.map?.outlines?.length).toBeGreaterThan(300);
  });

  it('the report shows Dagum by region and by province: a grouping selector, both groupings in its data, figures of each', async () => {
    const { payload } = buildReportPayload(bundle, { lang: 'zh' });
    const ineq = payload.tables.inequality!;
    const k = ineq.h.indexOf('grouping');
    expect([...new Set(ineq.r.map((r) => r[k]))]).toEqual(['region', 'province']);
    expect(payload.tables.dagum_groups!.h).toContain('grouping');
    const { html } = buildReportHtml(bundle, '', { lang: 'zh' });
    expect(html).toContain('<select id="ineq-grouping">');
    const ids = allCharts(bundle, 'zh').map((c) => c.id);
    for (const id of ['dagum_pairs', 'dagum_pairs_province', 'theil', 'theil_province', 'dagum_between']) expect(ids).toContain(id);
    // 31 provinces: 465 pairs, no line per pair (the heat map shows them)
    expect(ids).not.toContain('dagum_between_province');
    // the missingness heat map of 287 cities × 24 indicators draws only the cells with a missing value
    const miss = allCharts(bundle, 'zh').find((c) => c.id === 'missingness')!;
    const cells = (miss.option as { series: { data: number[][] }[] }).series[0].data;
    expect(cells.every((d) => d[2] > 0)).toBe(true);
    const prov = allCharts(bundle, 'zh').find((c) => c.id === 'dagum_shares_province')!;
    expect(prov.titleZh).toContain('（按省份分组）');
  });

  it('LISA at city level with 999 permutations, Dagum by region and province, queen contiguity of the city map', () => {
    const local = bundle.tables.get('spatial_local')!;
    expect(new Set(local.rows.map((r) => r[local.header.indexOf('unit')])).size).toBe(287);
    const run = bundle.run.spec as { analyses: { spatial: { permutations: number }; weights: { method: string } } };
    expect(run.analyses.spatial.permutations).toBe(999);
    expect(run.analyses.weights.method).toBe('contiguity');
    const dg = bundle.tables.get('dagum_groups')!;
    const groupsOf = (g: string) => new Set(dg.rows.filter((r) => r[dg.header.indexOf('grouping')] === g).map((r) => r[dg.header.indexOf('group_j')]));
    expect([...groupsOf('region')].sort()).toEqual(['Central', 'East', 'Northeast', 'West']);
    // and by province in the same run (analyses.inequality.groups: [region, province])
    expect(groupsOf('province').size).toBe(31);
    const w = bundle.tables.get('spatial_weights')!;
    expect(w.rows[0][w.header.indexOf('units')]).toBe(287);
  });
});

describe('examples/cn-cities-by-province.yaml', () => {
  it('Dagum by province: the 31 provinces are the groups (municipalities one-city groups with G_jj = 0)', async () => {
    const r = await runProject(resolve(examples, 'cn-cities-by-province.yaml'), { dryRun: true, workers: 1, env: {} });
    const dg = r.analyses.tables.find((t) => t.name === 'dagum_groups')!;
    const col = (c: string) => dg.header.indexOf(c);
    const groups = new Set(dg.rows.map((x) => String(x[col('group_j')])));
    expect(groups.size).toBe(31);
    const bj = dg.rows.find((x) => x[col('group_j')] === '北京' && x[col('group_h')] === '北京' && String(x[col('period')]) === '2023')!;
    expect(bj[col('n_j')]).toBe(1);
    expect(bj[col('G_jh')]).toBe(0);
    const ineq = r.analyses.tables.find((t) => t.name === 'inequality')!;
    expect(ineq.rows.every((x) => x[ineq.header.indexOf('n')] === 287)).toBe(true);
  }, 600_000);
});

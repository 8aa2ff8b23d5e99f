/**
 * The city report in a real browser (issue 19): Debian chromium driven by playwright-core opens report.html of
 * examples/cn-cities-demo.yaml (287 SYNTHETIC cities) from a file:// URL. The map checks read the polygons the
 * chart actually draws — the features registered under its map name (echarts.getMap) and the regions ECharts built
 * from them for the chart's geo component, with the value its map series binds to each — not the names the report
 * meant to send: every polygon of a panel city (the CSV's own city column) has that city's score (LISA: cluster) of
 * the latest year, no panel city is without a polygon (docs/report.md: every cn-cities unit has one), the other
 * 104 of the 391 polygons have none; the province borders are drawn as a lines series, and the grouping selector
 * shows Dagum's pair heat map by NBS region and by province. Skipped with a visible message when
 * /usr/bin/chromium is absent, unless CI=true.
 *
 * The example runs with its analyses as written but writes only the report (its copy of the spec, in the temporary
 * folder, turns results.xlsx, tables.docx and the figures off and names the data file by its absolute path): this
 * test reads report.html alone, and the other outputs took two thirds of the run's CPU time (≈ 16 of 22 s).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { parse, stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumInstalled, openBrowser } from '../helpers/chromium.js';
import { runProject } from '../../src/app/run-project.js';

const haveChromium = chromiumInstalled('the browser test of the city report');

type Opt = { series: { type: string; data?: { name: string; value: unknown }[] }[]; geo?: unknown[] };

describe.skipIf(!haveChromium)('city report.html in chromium (examples/cn-cities-demo.yaml)', () => {
  let out: string;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];
  /** The panel's cities and its latest year, read from the example's CSV itself (column city, column year). */
  let panel: Set<string>;
  let lastYear: string;
  let provinces: Set<string>;

  beforeAll(async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'nqpf-city-report-'));
    out = join(tmp, 'out');
    const example = resolve(import.meta.dirname, '../../examples/cn-cities-demo.yaml');
    const spec = parse(readFileSync(example, 'utf8'));
    spec.data.file = resolve(dirname(example), spec.data.file);
    const rows = readFileSync(spec.data.file, 'utf8')
      .trim()
      .split('\n')
      .map((l) => l.split(','));
    const [iCity, iYear] = [rows[0].indexOf('city'), rows[0].indexOf('year')];
    panel = new Set(rows.slice(1).map((r) => r[iCity]));
    provinces = new Set(rows.slice(1).map((r) => r[rows[0].indexOf('province')]));
    lastYear = String(Math.max(...rows.slice(1).map((r) => Number(r[iYear]))));
    spec.outputs = { ...spec.outputs, report: true, xlsx: false, docx: false, figures: 'none' };
    writeFileSync(join(tmp, 'nqpf.yaml'), stringify(spec));
    await runProject(join(tmp, 'nqpf.yaml'), { out, workers: 1, env: {} });
    browser = await openBrowser();
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
    await page.goto(pathToFileURL(join(out, 'report.html')).href, { waitUntil: 'load' });
    await page.waitForFunction(() => (window as unknown as { nqpfReport?: unknown }).nqpfReport !== undefined, null, { timeout: 120_000 });
    // wait on state: the score map chart exists and holds its series
    await page.waitForFunction(
      () => {
        const ec = (window as unknown as { echarts: { getInstanceByDom(el: Element): { getOption(): { series?: unknown[] } } | undefined } }).echarts;
        const el = document.getElementById('c-map');
        return !!el && (ec.getInstanceByDom(el)?.getOption().series?.length ?? 0) > 0;
      },
      null,
      { timeout: 120_000 },
    );
  }, 900_000);

  afterAll(async () => {
    await browser?.close();
    if (out) await rm(dirname(out), { recursive: true, force: true });
  });

  const option = (id: string) =>
    page.evaluate((id) => {
      const ec = (window as unknown as { echarts: { getInstanceByDom(el: Element): { getOption(): unknown } } }).echarts;
      return ec.getInstanceByDom(document.getElementById(id)!).getOption();
    }, id) as Promise<Opt>;

  /**
   * The map a chart draws, read in the page: the features registered under the map name its geo component uses
   * (echarts.getMap), the regions ECharts built from them for that chart (the geo coordinate system: a region per
   * feature, with its polygons) and the value the chart's map series binds to each region (by region name; null when
   * none or not a finite number) — plus the report's own table `table`, to say what each value should be.
   */
  const drawnMap = (id: string, table: string) =>
    page.evaluate(
      ([id, table]) => {
        type Region = { name: string; geometries: { exterior: unknown[] }[] };
        type Data = { indexOfName(n: string): number; get(dim: string, i: number): unknown };
        type Model = {
          getComponent(t: string, i: number): { coordinateSystem: { regions: Region[] } };
          getSeriesByType(t: string): { getData(): Data }[];
        };
        const w = window as unknown as {
          echarts: {
            getInstanceByDom(el: Element): { getOption(): { geo: { map: string }[]; series: { type: string }[] }; getModel(): Model };
            getMap(name: string): { geoJSON: { features: { properties: { name: string; code?: string } }[] } } | undefined;
          };
        };
        const inst = w.echarts.getInstanceByDom(document.getElementById(id)!);
        const opt = inst.getOption();
        const mapName = opt.geo[0].map;
        const registered = (w.echarts.getMap(mapName)?.geoJSON.features ?? []).map((f) => ({ name: f.properties.name, code: f.properties.code ?? null }));
        const data = inst.getModel().getSeriesByType('map')[0].getData();
        const regions = inst
          .getModel()
          .getComponent('geo', 0)
          .coordinateSystem.regions.map((r) => {
            const i = data.indexOfName(r.name);
            const v = i < 0 ? null : data.get('value', i);
            return {
              name: r.name,
              polygon: r.geometries.length > 0 && r.geometries.every((g) => g.exterior.length >= 3),
              value: typeof v === 'number' && Number.isFinite(v) ? v : null,
            };
          });
        const D = JSON.parse(document.getElementById('nqpf-data')!.textContent!) as {
          main: string;
          map: { unmatched: string[] };
          tables: Record<string, { h: string[]; r: unknown[][] }>;
        };
        return { registered, regions, series: opt.series.map((s) => s.type), main: D.main, unmatched: D.map.unmatched, table: D.tables[table] };
      },
      [id, table],
    );

  it('says the data are SYNTHETIC: the notice above the report and the page title', async () => {
    expect(await page.locator('#synthetic-notice').isVisible()).toBe(true);
    expect(await page.locator('#synthetic-notice').textContent()).toMatch(/合成数据|SYNTHETIC/);
    expect(await page.title()).toMatch(/^\[SYNTHETIC\] /);
  });

  it('opens without console errors', () => {
    expect(errors).toEqual([]);
  });

  it('the score map: every polygon of the map registered for the chart that is a panel city has its own city’s score; no panel city lacks one', async () => {
    const m = await drawnMap('c-map', 'ranks');
    // the chart draws the registered map: one region per registered feature, each with a polygon
    expect(m.regions.map((r) => r.name).sort()).toEqual(m.registered.map((f) => f.name).sort());
    expect(m.regions.filter((r) => !r.polygon).map((r) => r.name)).toEqual([]);
    // docs/report.md: 391 features — the 337 units of cn-cities and 54 polygons drawn without data
    expect(m.registered).toHaveLength(391);
    expect(m.registered.filter((f) => f.code !== null)).toHaveLength(337);
    expect(m.unmatched).toEqual([]);
    expect(panel.size).toBe(287);
    const regionNames = new Set(m.regions.map((r) => r.name));
    expect([...panel].filter((c) => !regionNames.has(c))).toEqual([]);
    // the value ECharts binds to each polygon is that city's score of the latest period (ranks, by unit)
    const ranks = m.table;
    const col = (c: string) => ranks.h.indexOf(c);
    const score = new Map(ranks.r.filter((r) => String(r[col('period')]) === lastYear).map((r) => [String(r[col('unit')]), r[col(m.main)]]));
    const valued = m.regions.filter((r) => r.value !== null);
    expect(valued.map((r) => r.name).sort()).toEqual([...panel].sort());
    for (const r of valued) expect(r.value, r.name).toBe(score.get(r.name));
    expect(m.regions.length - valued.length).toBe(391 - 287);
    expect(m.series.some((s) => s === 'lines')).toBe(true);
  });

  it("the province borders are drawn over the city polygons of every map, and the maps' visualMaps colour the map series alone", async () => {
    // A visualMap without seriesIndex colours the borders too: they have no value, so each was drawn without a stroke.
    // Pixels of each map chart as drawn, against the same chart with its border lines made transparent (then drawn again).
    const maps = await page.$$eval('[data-chart]', (els) => els.filter((e) => e.classList.contains('map') || e.id === 'c-map').map((e) => e.id));
    expect(maps).toEqual(expect.arrayContaining(['c-map', 'c-lisa']));
    for (const id of maps) {
      const r = await page.evaluate((id) => {
        type Inst = {
          getOption(): { series: { type: string }[]; visualMap?: { seriesIndex?: unknown }[] };
          setOption(o: unknown): void;
          getRenderedCanvas(o: { pixelRatio: number; backgroundColor: string }): HTMLCanvasElement;
        };
        const w = window as unknown as { echarts: { getInstanceByDom(el: Element): Inst }; nqpfReport: { render(): void } };
        const inst = w.echarts.getInstanceByDom(document.getElementById(id)!);
        const opt = inst.getOption();
        const k = opt.series.findIndex((s) => s.type === 'map');
        const l = opt.series.findIndex((s) => s.type === 'lines');
        const pixels = () => {
          const c = inst.getRenderedCanvas({ pixelRatio: 1, backgroundColor: '#fff' });
          return c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
        };
        const withBorders = pixels();
        inst.setOption({ series: opt.series.map((_, i) => (i === l ? { lineStyle: { opacity: 0 } } : {})) });
        const without = pixels();
        let differ = 0;
        for (let i = 0; i < withBorders.length; i += 4)
          if (withBorders[i] !== without[i] || withBorders[i + 1] !== without[i + 1] || withBorders[i + 2] !== without[i + 2]) differ++;
        w.nqpfReport.render();
        return { k, l, seriesIndex: (opt.visualMap ?? []).map((v) => v.seriesIndex), differ };
      }, id);
      expect(r.l, id).toBeGreaterThan(r.k);
      expect(r.seriesIndex, id).toEqual([r.k]);
      // ≈ 370 borders of ≈ 30 px and more each: thousands of pixels (none when they are drawn without a stroke)
      expect(r.differ, id).toBeGreaterThan(5000);
    }
    expect(errors).toEqual([]);
  });

  it('Dagum by region and by province: the grouping selector switches the pair heat map from 4 regions to 31 provinces', async () => {
    const groupsShown = async () => {
      const o = (await option('c-dagumPairs')) as unknown as { xAxis: { data: string[] }[] };
      return o.xAxis[0].data;
    };
    expect(await page.$$eval('#ineq-grouping option', (os) => os.map((o) => (o as HTMLOptionElement).value))).toEqual(['region', 'province']);
    // the NBS four regions, as the report names them in Chinese
    expect([...(await groupsShown())].sort()).toEqual(['东北', '东部', '中部', '西部'].sort());
    await page.selectOption('#ineq-grouping', 'province');
    await page.waitForFunction(
      () => {
        const ec = (window as unknown as { echarts: { getInstanceByDom(el: Element): { getOption(): { xAxis?: { data?: unknown[] }[] } } | undefined } })
          .echarts;
        const el = document.getElementById('c-dagumPairs');
        return (el && ec.getInstanceByDom(el)?.getOption().xAxis?.[0]?.data?.length) === 31;
      },
      null,
      { timeout: 60_000 },
    );
    // the 31 provinces of the CSV's own province column
    expect([...(await groupsShown())].sort()).toEqual([...provinces].sort());
    expect(provinces.size).toBe(31);
    expect(errors).toEqual([]);
  });

  it('the LISA map: every polygon of a panel city has that city’s cluster of the latest period (HH, LL, HL, LH or not significant)', async () => {
    const m = await drawnMap('c-lisa', 'spatial_local');
    expect(m.regions.filter((r) => !r.polygon).map((r) => r.name)).toEqual([]);
    const loc = m.table;
    const col = (c: string) => loc.h.indexOf(c);
    const rows = loc.r.filter((r) => String(r[col('period')]) === lastYear && (col('score') < 0 || r[col('score')] === m.main));
    const cluster = new Map(rows.map((r) => [String(r[col('unit')]), ['HH', 'LL', 'HL', 'LH', 'ns'].indexOf(String(r[col('cluster')]))]));
    expect(cluster.size).toBe(287);
    const valued = m.regions.filter((r) => r.value !== null);
    expect(valued.map((r) => r.name).sort()).toEqual([...panel].sort());
    for (const r of valued) expect(r.value, r.name).toBe(cluster.get(r.name));
  });
});

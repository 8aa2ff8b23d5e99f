/**
 * The city report in a real browser (issue 19): Debian chromium driven by playwright-core opens report.html of
 * examples/cn-cities-demo.yaml (287 SYNTHETIC cities) from a file:// URL; every city polygon of the panel has a
 * numeric value in the score map, the LISA map has a cluster for every city, the province borders are drawn
 * as a lines series, and the grouping selector shows Dagum's pair heat map by NBS region and by province. Skipped with a visible message when /usr/bin/chromium is absent, unless CI=true.
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
import { cityDemoUnits } from '../../scripts/gen-city-demo.js';
import { runProject } from '../../src/app/run-project.js';

const haveChromium = chromiumInstalled('the browser test of the city report');

type Opt = { series: { type: string; data?: { name: string; value: unknown }[] }[]; geo?: unknown[] };

describe.skipIf(!haveChromium)('city report.html in chromium (examples/cn-cities-demo.yaml)', () => {
  let out: string;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'nqpf-city-report-'));
    out = join(tmp, 'out');
    const example = resolve(import.meta.dirname, '../../examples/cn-cities-demo.yaml');
    const spec = parse(readFileSync(example, 'utf8'));
    spec.data.file = resolve(dirname(example), spec.data.file);
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

  it('opens without console errors', () => {
    expect(errors).toEqual([]);
  });

  it('the score map has a numeric value for every city polygon of the panel, and the province borders', async () => {
    const o = await option('c-map');
    const map = o.series.find((s) => s.type === 'map')!;
    const numeric = new Set(map.data!.filter((d) => typeof d.value === 'number' && Number.isFinite(d.value)).map((d) => d.name));
    const cities = cityDemoUnits().map((c) => c.zh);
    expect(cities.filter((c) => !numeric.has(c))).toEqual([]);
    expect(numeric.size).toBe(287);
    expect(o.series.some((s) => s.type === 'lines')).toBe(true);
    expect(o.geo?.length).toBe(1);
  });

  it('Dagum by region and by province: the grouping selector switches the pair heat map from 4 regions to 31 provinces', async () => {
    const groupsShown = async () => {
      const o = (await option('c-dagumPairs')) as unknown as { xAxis: { data: string[] }[] };
      return o.xAxis[0].data.length;
    };
    expect(await page.$$eval('#ineq-grouping option', (os) => os.map((o) => (o as HTMLOptionElement).value))).toEqual(['region', 'province']);
    expect(await groupsShown()).toBe(4);
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
    expect(await groupsShown()).toBe(31);
    expect(errors).toEqual([]);
  });

  it('the LISA map has a cluster for every city', async () => {
    const o = await option('c-lisa');
    const map = o.series.find((s) => s.type === 'map')!;
    expect(new Set(map.data!.filter((d) => typeof d.value === 'number').map((d) => d.name)).size).toBe(287);
  });
});

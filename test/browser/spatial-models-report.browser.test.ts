/**
 * The spatial-regression charts of report.html in a real browser (issue 16: effects with intervals, q bars,
 * interaction heat map): Debian chromium driven by playwright-core opens a report built from a small bundle of the
 * spatial_models tables (test/report/spatial-fixture.ts; no run, so the test takes a second or two) from a file://
 * URL; every per-specification chart is drawn with its own specification's data, the language switch redraws the
 * titles in English, and nothing is logged to the console. Skipped with a visible message when /usr/bin/chromium is
 * absent, unless CI=true.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReportHtml } from '../../src/report/html/index.js';
import { spatialBundle } from '../report/spatial-fixture.js';

const CHROMIUM = '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) {
  if (process.env.CI === 'true') throw new Error(`${CHROMIUM} not found (CI=true requires it: apt-get install chromium)`);
  console.warn(`[nqpf tests] ${CHROMIUM} not found: the browser test of the spatial-regression charts is SKIPPED`);
}

type Opt = { title: { text: string }[]; yAxis: { data?: string[] }[]; xAxis: { data?: string[] }[]; series: { type: string; data: unknown[] }[] };

describe.skipIf(!haveChromium)('spatial-regression charts of report.html in chromium', () => {
  let dir: string;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'nqpf-spatial-report-'));
    const echartsJs = readFileSync(createRequire(import.meta.url).resolve('echarts/dist/echarts.min.js'), 'utf8');
    writeFileSync(join(dir, 'report.html'), buildReportHtml(spatialBundle(), echartsJs, { lang: 'zh' }).html);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
    });
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
    await page.goto(pathToFileURL(join(dir, 'report.html')).href, { waitUntil: 'load' });
    await page.waitForFunction(() => (window as unknown as { nqpfReport?: unknown }).nqpfReport !== undefined, null, { timeout: 120_000 });
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const option = (id: string) =>
    page.evaluate((id) => {
      const ec = (window as unknown as { echarts: { getInstanceByDom(el: Element): { getOption(): unknown } | undefined } }).echarts;
      return ec.getInstanceByDom(document.getElementById(id)!)?.getOption() ?? null;
    }, id) as Promise<Opt | null>;

  it('draws each specification’s charts from its own rows, without console errors', async () => {
    const ids = await page.$$eval('#spatial_models [data-chart]', (els) => els.map((e) => `${e.id} ${e.getAttribute('data-arg')}`));
    expect(ids).toEqual([
      'c-panelEffects-0 sar:FE',
      'c-panelEffects-1 sdm:TWFE',
      'c-detectorQ-2 2022',
      'c-detectorInteraction-3 2022',
      'c-detectorQ-4 2011–2022',
      'c-detectorInteraction-5 2011–2022',
    ]);
    const q22 = await option('c-detectorQ-2');
    expect(q22?.title[0].text).toBe('2022：地理探测器因子 q 值');
    expect(q22?.yAxis[0].data).toEqual(['papers', '<img src=x onerror=alert(1)>&"\'', 'region']);
    const qPooled = await option('c-detectorQ-4');
    expect(qPooled?.yAxis[0].data).toEqual(['region', 'papers']);
    const heat = await option('c-detectorInteraction-5');
    expect(heat?.series[0].type).toBe('heatmap');
    expect(heat?.series[0].data).toHaveLength(3);
    const fe = await option('c-panelEffects-0');
    expect(fe?.title[0].text).toBe('FE：SAR 的直接、间接与总效应（Lee–Yu 偏误校正）');
    expect(fe?.series.filter((s) => s.type === 'scatter')).toHaveLength(3);
    // the page's markup holds no element made from a name
    expect(await page.$$eval('img', (els) => els.length)).toBe(0);
    expect(errors).toEqual([]);
  });

  it('the language switch redraws the titles in English', async () => {
    await page.click('#lang-switch');
    await page.waitForFunction(() => document.body.className === 'lang-en');
    expect((await option('c-detectorInteraction-3'))?.title[0].text).toBe('2022: geographical detector interactions q(X1∩X2)');
    expect((await option('c-panelEffects-1'))?.title[0].text).toBe('TWFE: direct, indirect and total effects of the SDM (ML)');
    expect(errors).toEqual([]);
  });
});

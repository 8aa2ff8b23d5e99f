/**
 * The report in a real browser: Debian chromium driven by playwright-core opens report.html of
 * the demo run from a file:// URL. Skipped with a visible message when /usr/bin/chromium is
 * absent, unless CI=true (then it fails). Writes test-output/report.png.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumInstalled, openBrowser } from '../helpers/chromium.js';
import { writeReport } from '../../src/io/write/report.js';
import { demoRunCopy } from '../helpers/demo-run.js';

const haveChromium = chromiumInstalled('the browser test of report.html');

describe.skipIf(!haveChromium)('report.html in chromium (demo run)', () => {
  let dir: string;
  let browser: Browser;
  let page: Page;
  let reportUrl: string;
  const consoleErrors: string[] = [];
  const requests: string[] = [];

  beforeAll(async () => {
    // A copy of the demo run (writeReport rewrites its report.html).
    const out = await demoRunCopy();
    dir = dirname(out);
    const r = await writeReport(out, { lang: 'zh' });
    reportUrl = pathToFileURL(r.path).href;
    browser = await openBrowser();
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    page.on('pageerror', (e) => consoleErrors.push(`page error: ${e.message}`));
    page.on('request', (q) => requests.push(q.url()));
    await page.goto(reportUrl, { waitUntil: 'load' });
    await page.waitForFunction(() => (window as unknown as { nqpfReport?: unknown }).nqpfReport !== undefined, null, { timeout: 120_000 });
    // wait on state: zrender paints on a later animation frame — until every chart's canvas has ink
    await page.waitForFunction(
      () =>
        Array.from(document.querySelectorAll<HTMLElement>('[data-chart]')).every((el) => {
          const c = el.querySelector('canvas');
          if (!c?.width || !c.height) return false;
          const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
          for (let i = 3; i < d.length; i += 16) if (d[i] > 0) return true;
          return false;
        }),
      null,
      { timeout: 120_000 },
    );
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('opens with no console errors and requests nothing but the file itself', () => {
    expect(consoleErrors).toEqual([]);
    expect(requests).toEqual([reportUrl]);
  });

  it('every chart container of every section holds a painted canvas', async () => {
    const charts = await page.evaluate(() =>
      Array.from(document.querySelectorAll<HTMLElement>('[data-chart]')).map((el) => {
        const c = el.querySelector('canvas');
        let painted = 0;
        if (c && c.width > 0 && c.height > 0) {
          const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
          for (let i = 3; i < d.length; i += 16) if (d[i] > 0) painted++;
        }
        return { name: el.dataset.chart!, section: el.closest('section')!.id, hidden: el.style.display === 'none', painted };
      }),
    );
    const sections = new Set(charts.map((c) => c.section));
    for (const s of [
      'overview',
      'framework',
      'ranking',
      'profile',
      'trends',
      'inequality',
      'density',
      'markov',
      'spatial',
      'convergence',
      'obstacle',
      'coupling',
      'robustness',
    ])
      expect(sections, s).toContain(s);
    expect(charts.length).toBeGreaterThanOrEqual(26);
    for (const c of charts) {
      expect(c.hidden, c.name).toBe(false);
      expect(c.painted, c.name).toBeGreaterThan(200);
    }
  });

  it('the score map shows all 31 provinces with numeric values', async () => {
    const data = await page.evaluate(() => {
      const ec = (
        window as unknown as { echarts: { getInstanceByDom(el: Element): { getOption(): { series: { data: { name: string; value: unknown }[] }[] } } } }
      ).echarts;
      return ec.getInstanceByDom(document.getElementById('c-map')!).getOption().series[0].data;
    });
    // ECharts' getOption() also lists the map's regions without data (台湾, 香港, 澳门 and the
    // 南海诸岛 inset it adds) with an empty value: the numeric entries are exactly the 31 provinces.
    const numeric = data.filter((d) => typeof d.value === 'number' && Number.isFinite(d.value));
    expect(numeric.length).toBe(31);
    expect(new Set(numeric.map((d) => d.name)).size).toBe(31);
    expect(
      data
        .filter((d) => !numeric.includes(d))
        .map((d) => d.name)
        .sort(),
    ).toEqual(['南海诸岛', '台湾', '澳门', '香港'].sort());
  });

  it('the period slider redraws the map for the chosen period', async () => {
    const title = () =>
      page.evaluate(() => {
        const ec = (window as unknown as { echarts: { getInstanceByDom(el: Element): { getOption(): { title: { text: string }[] } } } }).echarts;
        return ec.getInstanceByDom(document.getElementById('c-map')!).getOption().title[0].text;
      });
    expect(await title()).toContain('2023');
    await page.locator('#period').fill('0');
    expect(await title()).toContain('2012');
    expect(await page.textContent('#period-label')).toBe('2012');
    await page.locator('#period').fill('11');
  });

  it('the ranking table filters by the search box (any spelling) and sorts by a clicked column', async () => {
    await page.fill('#search', 'Beijing'); // labels are Chinese; the English name still finds 北京
    expect(await page.locator('#rank-table tbody tr').count()).toBe(1);
    expect(await page.locator('#rank-table tbody tr td').nth(1).textContent()).toBe('北京');
    await page.fill('#search', '');
    expect(await page.locator('#rank-table tbody tr').count()).toBe(31);
    const ranks = () => page.$$eval('#rank-table tbody tr', (rs) => rs.map((r) => Number(r.children[0].textContent)));
    expect(await ranks()).toEqual(Array.from({ length: 31 }, (_, i) => i + 1));
    await page.click('#rank-table th[data-col="rank"]'); // descending
    expect(await ranks()).toEqual(Array.from({ length: 31 }, (_, i) => 31 - i));
    await page.click('#rank-table th[data-col="rank"]');
  });

  it('the language switch changes every heading and chart title without reloading', async () => {
    const headings = () => page.$$eval('section h2', (hs) => hs.map((h) => h.textContent));
    const zh = await headings();
    expect(zh).toContain('数据概况');
    const mapTitle = () =>
      page.evaluate(() => {
        const ec = (window as unknown as { echarts: { getInstanceByDom(el: Element): { getOption(): { title: { text: string }[] } } } }).echarts;
        return ec.getInstanceByDom(document.getElementById('c-map')!).getOption().title[0].text;
      });
    expect(await mapTitle()).toContain('得分地图');
    await page.click('#lang-switch');
    const en = await headings();
    expect(en).toContain('Data overview');
    expect(en.length).toBe(zh.length);
    en.forEach((h, i) => expect(h, `heading ${i}`).not.toBe(zh[i]));
    expect(await mapTitle()).toContain('Score map');
    expect(requests).toEqual([reportUrl]); // no reload
    await page.click('#lang-switch');
    expect(await headings()).toEqual(zh);
    expect(consoleErrors).toEqual([]);
  });

  it('an analysis without figures of its own (SDE) shows its declared tables, headers switching language', async () => {
    const sde = await readFile(join(dir, 'out', 'sde.csv'), 'utf8');
    const csvRows = sde.trim().split('\n').length - 1;
    const table = () =>
      page.$eval('#t-sde', (t) => ({
        head: Array.from(t.querySelectorAll('th')).map((h) => h.textContent),
        rows: t.querySelectorAll('tbody tr').length,
        first: Array.from(t.querySelectorAll('tbody tr:first-child td')).map((d) => d.textContent),
      }));
    const zh = await table();
    expect(await page.$eval('#sde h2', (h) => h.textContent)).toBe('重心迁移与标准差椭圆');
    expect(zh.head).toContain('转角 θ（°）');
    expect(zh.rows).toBe(csvRows);
    expect(zh.first.every((c) => c !== '')).toBe(false); // the note column is empty
    expect(zh.first.some((c) => /^\d+\.\d{2}$/.test(c ?? ''))).toBe(true); // declared 2 decimals
    await page.click('#lang-switch');
    expect((await table()).head).toContain('Rotation θ (°)');
    expect(await page.$eval('#sde h2', (h) => h.textContent)).toBe('Centre of gravity and standard deviational ellipse');
    await page.click('#lang-switch');
    expect(await page.$$eval('#t-sde_migration tbody tr', (r) => r.length)).toBeGreaterThan(0);
  });

  it('writes a screenshot to test-output/report.png', async () => {
    await mkdir(resolve('test-output'), { recursive: true });
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: resolve('test-output/report.png'), fullPage: false });
    expect(existsSync(resolve('test-output/report.png'))).toBe(true);
  });
});

/**
 * The Analyses step and the analyses' results in a real browser (Debian chromium via
 * playwright-core): on the SYNTHETIC demo data, two analyses are ticked in the schema-generated
 * step (inequality with its defaults, Markov with 3 classes), the spec shows their sections, a run
 * is started, and the Explore step shows a results section per analysis with filled tables and
 * painted charts (the report's charts). Screenshots of the step in zh and en and of the results
 * go to test-output/workbench-analyses-{zh,en}.png and test-output/workbench-results.png. Every
 * wait is on application state. Skipped with a message when /usr/bin/chromium is absent unless CI=true.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumInstalled, openBrowser } from '../helpers/chromium.js';
import { startServer, type RunningServer } from '../../src/server/index.js';
import { webDist } from '../helpers/web-dist.js';
import { tablesOnly } from '../helpers/workbench-spec.js';

const haveChromium = chromiumInstalled('the browser test of the Analyses step');

const DEMO_CSV = resolve('examples/demo/nqpf_demo_provinces_2012_2023_SYNTHETIC.csv');

/** Wait until the canvas inside `sel` has painted more than `min` sampled pixels. */
async function painted(page: Page, sel: string, min = 500): Promise<number> {
  const h = await page.waitForFunction(
    ([s, m]) => {
      // every layer of the chart (zrender may draw a series on a layer of its own)
      let n = 0;
      for (const c of document.querySelectorAll(`${s} canvas`) as NodeListOf<HTMLCanvasElement>) {
        if (!c.width) continue;
        const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
        for (let i = 3; i < d.length; i += 16) if (d[i] > 0) n++;
      }
      return n > (m as number) ? n : 0;
    },
    [sel, min] as const,
    { timeout: 120_000 },
  );
  return (await h.jsonValue()) as number;
}

describe.skipIf(!haveChromium)('workbench Analyses step and results in chromium', () => {
  let dir: string;
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  const consoleErrors: string[] = [];
  const foreign: string[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'nqpf-wb-analyses-'));
    server = await startServer({
      dataDir: join(dir, 'data'),
      port: 0,
      staticDir: await webDist(),
      limits: { runs: { timeoutMs: 240_000, maxHeapMb: 2048, maxConcurrent: 1, workers: 1 } },
    });
    browser = await openBrowser();
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
    context.on('request', (r) => {
      if (!r.url().startsWith(server.origin)) foreign.push(r.url());
    });
    page = await context.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    page.on('pageerror', (e) => consoleErrors.push(`page error: ${e.message}`));
    await page.goto(server.url);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 120_000 });
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('two analyses ticked in the Analyses step run and show their tables and charts', async () => {
    await page.fill('#new-project-name', 'analyses');
    await page.click('#new-project-create');
    await page.waitForSelector('#data-file');
    await page.setInputFiles('#data-file', { name: 'demo_SYNTHETIC.csv', mimeType: 'text/csv', buffer: await readFile(DEMO_CSV) });
    await page.click('#data-upload');
    await page.waitForSelector('#data-encoding');

    // the step: one block per analysis of the schema, the shared settings and the weights form
    await page.click('#nav-analyses');
    await page.waitForSelector('#an-on-inequality');
    for (const k of ['inequality', 'density', 'markov', 'spatial', 'convergence', 'obstacle', 'coupling', 'sde'])
      expect(await page.locator(`#an-on-${k}`).count(), k).toBe(1);
    expect(await page.locator('#step-an-weights select#opt-an-weights-method').count()).toBe(1);
    // the score is chosen by name (zh): the root of the built-in framework is 新质生产力…
    const scoreText = await page.locator('#an-score option').allTextContents();
    expect(scoreText.some((x) => /新质生产力/.test(x))).toBe(true);
    expect(await page.isVisible('#opt-an-markov-classes')).toBe(false); // options hidden until ticked
    await page.check('#an-on-inequality');
    await page.check('#an-on-markov');
    await page.waitForSelector('#opt-an-markov-classes', { state: 'visible' });
    // an analysis's own score is chosen by name too (empty = the shared score)
    expect((await page.locator('#opt-an-markov-score option').allTextContents()).some((x) => /新质生产力/.test(x))).toBe(true);
    expect(await page.inputValue('#opt-an-markov-score')).toBe('');
    await page.fill('#opt-an-markov-classes', '3');
    await page.locator('#opt-an-markov-classes').dispatchEvent('change');
    await page.waitForFunction(() => /markov:\s*\n\s+classes: 3/.test(document.getElementById('spec-side')?.textContent ?? ''));
    const side = (await page.textContent('#spec-side')) ?? '';
    expect(side).toMatch(/analyses:\n\s+inequality: \{\}\n\s+markov:\n\s+classes: 3/);
    await page.evaluate(() => document.getElementById('view-title')?.scrollIntoView());
    await page.screenshot({ path: 'test-output/workbench-analyses-zh.png' });
    await page.click('#lang-switch');
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    expect(await page.textContent('#an-common legend')).toBe('Shared settings');
    await page.evaluate(() => document.getElementById('view-title')?.scrollIntoView());
    await page.screenshot({ path: 'test-output/workbench-analyses-en.png' });
    await page.click('#lang-switch');
    await page.waitForFunction(() => document.documentElement.lang === 'zh-CN');

    // run → explore: a results section per analysis, tables filled, charts painted (the Explore step reads the
    // run's tables: the run writes only those, test/helpers/workbench-spec.ts)
    await page.click('#nav-spec');
    await tablesOnly(page, 'zh');
    await page.click('#nav-run');
    await page.waitForFunction(() => !(document.querySelector('#run-start') as HTMLButtonElement | null)?.disabled, null, { timeout: 120_000 });
    await page.click('#run-start');
    await page.waitForSelector('#ranking-table', { timeout: 240_000 });
    await page.waitForSelector('#res-inequality', { timeout: 120_000 });
    await page.waitForSelector('#res-markov');
    expect(await page.locator('#analysis-results section.result').count()).toBe(2);
    expect(await page.locator('#res-table-inequality tbody tr').count()).toBe(12); // one row per period
    expect(await page.locator('#res-markov table tbody tr').count()).toBeGreaterThan(0);
    expect(await page.textContent('#res-table-inequality thead')).toMatch(/基尼/); // zh headers of the declaration
    expect(await painted(page, '#res-chart-gini')).toBeGreaterThan(500);
    expect(await painted(page, '#res-chart-markov')).toBeGreaterThan(500);
    // the period of the period charts (Dagum pairs) is the reader's: 2012 redraws them without error
    await page.selectOption('#results-period', { label: '2012' });
    expect(await painted(page, '#res-chart-dagumPairs')).toBeGreaterThan(500);
    await page.locator('#res-inequality h4').scrollIntoViewIfNeeded();
    await page.screenshot({ path: 'test-output/workbench-results.png' });
    // a weights file is uploaded in the step (not as the data file) and named in analyses.weights.file
    await page.click('#nav-analyses');
    if (!(await page.locator('#an-weights-box').evaluate((d) => (d as HTMLDetailsElement).open))) await page.click('#an-weights-summary');
    await page.setInputFiles('#an-weights-file', { name: 'w.gal', mimeType: 'text/plain', buffer: Buffer.from('0 2\n北京 1\n天津\n天津 1\n北京\n') });
    await page.click('#an-weights-upload');
    await page.waitForFunction(() => /weights:\s*\n\s+file: w\.gal/.test(document.getElementById('spec-side')?.textContent ?? ''));
    expect(await page.inputValue('#opt-an-weights-file')).toBe('w.gal');
    expect(await page.textContent('#spec-side')).toContain('file: demo_SYNTHETIC.csv');
    expect(consoleErrors).toEqual([]);
    expect(foreign).toEqual([]);
  }, 600_000);
});

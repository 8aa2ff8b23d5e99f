/**
 * The schema-generated forms in Chinese, in a real browser (Debian chromium via playwright-core):
 * in the Methods and Analyses steps of a new project on the SYNTHETIC demo data, with every
 * analysis ticked and an item added to every list of objects (the lenses' models, the alternative
 * scores; every optional nested object set), so every option is on the page, no label, legend, option or heading holds an
 * English word outside the documented allow-list (test/helpers/zh-scan.ts plus the spec's own
 * names, test/helpers/spec-zh-allow.ts) — spec keys shown as `<code>` and the user's
 * own codes (framework codes, file names) aside. Every wait is on application state. Skipped with a
 * message when /usr/bin/chromium is absent unless CI=true.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumInstalled, openBrowser } from '../helpers/chromium.js';
import { BUILTIN_FRAMEWORKS } from '../../src/frameworks/index.js';
import { startServer, type RunningServer } from '../../src/server/index.js';
import { webDist } from '../helpers/web-dist.js';
import { scan } from '../helpers/zh-scan.js';
import { SPEC_ZH_ALLOW } from '../helpers/spec-zh-allow.js';

const haveChromium = chromiumInstalled('the browser test of the forms in Chinese');

const DEMO_CSV = resolve('examples/demo/nqpf_demo_provinces_2012_2023_SYNTHETIC.csv');

/** The texts a reader takes for labels in the forms of the current step (`<code>` parts, i.e. spec keys, left out). */
function labelTexts(page: Page, step: string): Promise<{ where: string; text: string }[]> {
  return page.$$eval(
    '.forms legend, .forms label, .forms option, .forms summary, .forms h3, .forms strong',
    (els, s) =>
      els
        .map((el, i) => {
          const c = el.cloneNode(true) as HTMLElement;
          for (const code of c.querySelectorAll('code, select, input')) code.remove();
          const id = el.id || (el as HTMLLabelElement).htmlFor || el.closest('[id]')?.id || '';
          return { where: `${s} ${el.tagName.toLowerCase()}#${id || i}`, text: (c.textContent ?? '').trim() };
        })
        .filter((x) => x.text !== ''),
    step,
  );
}

describe.skipIf(!haveChromium)('the schema-generated forms in Chinese (chromium)', () => {
  let dir: string;
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'nqpf-wb-zh-'));
    server = await startServer({ dataDir: join(dir, 'data'), port: 0, staticDir: await webDist() });
    browser = await openBrowser();
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
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

  it('Methods and Analyses show names, not keys or English, for every option and value', async () => {
    await page.fill('#new-project-name', '中文表单');
    await page.click('#new-project-create');
    await page.waitForSelector('#data-file');
    await page.setInputFiles('#data-file', { name: 'demo_SYNTHETIC.csv', mimeType: 'text/csv', buffer: await readFile(DEMO_CSV) });
    await page.click('#data-upload');
    await page.waitForSelector('#data-encoding');
    // the user's own identifiers: the uploaded file's name (demo_SYNTHETIC.csv) and the framework codes
    const codes = new Set<string>([...SPEC_ZH_ALLOW, 'demo_SYNTHETIC', 'csv', ...Object.values(BUILTIN_FRAMEWORKS).flatMap((f) => f.nodes.map((n) => n.code))]);

    await page.click('#nav-methods');
    await page.waitForSelector('#opt-impute-method');
    // the method names of a step, in Chinese (carry_forward → 向前填补)
    const impute = await page.locator('#opt-impute-method option').allTextContents();
    expect(impute).toContain('向前填补');
    expect(impute).not.toContain('carry_forward');
    expect(await page.textContent('label[for="opt-normalise-range"]')).toBe('输出区间');
    // an option of another method is hidden (a checkbox row too, whatever its display rule)
    await page.selectOption('#opt-impute-method', 'carry_forward');
    expect(await page.isVisible('#opt-impute-fillLeading')).toBe(true);
    expect(await page.isVisible('#opt-impute-fillTrailing')).toBe(false);
    expect(await page.isVisible('#opt-impute-extrapolate')).toBe(false);
    // every list of objects gets an item (and every optional nested object is set), so their nested forms are on the page too
    const openNested = async () => {
      for (const id of await page.$$eval('.forms button.obj-add', (els) => els.filter((e) => (e as HTMLElement).offsetParent !== null).map((e) => e.id)))
        await page.click(`#${id}`);
      for (const id of await page.$$eval('.forms fieldset.nested > .check input', (els) =>
        els.filter((e) => (e as HTMLElement).offsetParent !== null).map((e) => e.id),
      ))
        await page.check(`#${id}`);
    };
    await openNested();
    await page.waitForSelector('#opt-aggregate-alternatives-0');
    const methods = await labelTexts(page, 'methods');
    expect(methods.length).toBeGreaterThan(50);

    await page.click('#nav-analyses');
    await page.waitForSelector('#an-on-inequality');
    const keys = await page.$$eval('input[id^="an-on-"]', (els) => els.map((e) => e.id));
    for (const id of keys) await page.check(`#${id}`);
    await page.waitForSelector('#opt-an-markov-classes', { state: 'visible' });
    if (!(await page.locator('#an-weights-box').evaluate((d) => (d as HTMLDetailsElement).open))) await page.click('#an-weights-summary');
    expect(await page.textContent('label[for="opt-an-spatial-alternative"]')).toBe('备择假设');
    await openNested();
    // the lenses' lists of models as nested forms, labelled from the item schemas
    for (const id of [
      'an-models-regressions-0',
      'an-models-mediation-0',
      'an-models-threshold-0',
      'an-models-did-0',
      'an-efficiency-models-0',
      'an-spatial_models-cross-0',
    ])
      await page.waitForSelector(`#opt-${id}`);
    await page.waitForSelector('#opt-an-models-regressions-0-slopes-x');
    expect(await page.textContent('label[for="opt-an-models-regressions-0-formula"]')).toBe('模型公式');
    expect(await page.locator('#opt-an-models-regressions-0-estimator option').allTextContents()).toContain('随机效应');
    const analyses = await labelTexts(page, 'analyses');
    expect(analyses.length).toBeGreaterThan(50);

    expect(scan([...methods, ...analyses], codes)).toEqual([]);
    expect(consoleErrors).toEqual([]);
  }, 600_000);
});

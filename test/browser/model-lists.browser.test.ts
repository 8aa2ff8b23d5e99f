/**
 * Lists of models edited in the Analyses step's forms, in a real browser (Debian chromium via
 * playwright-core): on the SYNTHETIC demo panel, a panel-model regression (two-way fixed effects)
 * and a threshold model are added to `analyses.models` through the schema-generated list editor
 * (add, type the fields of the item's nested form, reorder and remove an item), the spec shows
 * exactly those items, a run is started, and the Explore step's results show the models section
 * with its tables (the regression's coefficients) and the threshold's LR(γ) figure of the models
 * chart family, painted. Screenshots: test-output/workbench-models-form.png and
 * test-output/workbench-models-results.png. Every wait is on application state. Skipped with a
 * message when /usr/bin/chromium is absent unless CI=true.
 */
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumInstalled, openBrowser } from '../helpers/chromium.js';
import { startServer, type RunningServer } from '../../src/server/index.js';
import { webDist } from '../helpers/web-dist.js';
import { tablesOnly } from '../helpers/workbench-spec.js';

const haveChromium = chromiumInstalled('the browser test of the model lists');

const DEMO_CSV = resolve('examples/demo/nqpf_demo_provinces_2012_2023_SYNTHETIC.csv');

/** Wait until the canvas inside `sel` has painted more than `min` sampled pixels. */
async function painted(page: Page, sel: string, min = 500): Promise<number> {
  const h = await page.waitForFunction(
    ([s, m]) => {
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

/** The `analyses.models` section of the spec the step shows beside the forms. */
async function modelsInSpec(page: Page): Promise<Record<string, any> | undefined> {
  return parse((await page.textContent('#spec-side')) ?? '')?.analyses?.models;
}

describe.skipIf(!haveChromium)('lists of models in the Analyses step (chromium)', () => {
  let dir: string;
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'nqpf-wb-models-'));
    server = await startServer({
      dataDir: join(dir, 'data'),
      port: 0,
      staticDir: await webDist(),
      limits: { runs: { timeoutMs: 240_000, maxHeapMb: 2048, maxConcurrent: 1, workers: 1 } },
    });
    browser = await openBrowser();
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' });
    page = await context.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    page.on('pageerror', (e) => consoleErrors.push(`page error: ${e.message}`));
    await page.goto(server.url);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 120_000 });
    await mkdir('test-output', { recursive: true });
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  /** Type `value` into the control `id` and let the form take it (its change event). */
  const type = async (id: string, value: string) => {
    await page.fill(`#${id}`, value);
    await page.locator(`#${id}`).dispatchEvent('change');
  };

  it('a regression and a threshold model added in the form run and show their tables and figure', async () => {
    await page.fill('#new-project-name', 'models');
    await page.click('#new-project-create');
    await page.waitForSelector('#data-file');
    await page.setInputFiles('#data-file', { name: 'demo_SYNTHETIC.csv', mimeType: 'text/csv', buffer: await readFile(DEMO_CSV) });
    await page.click('#data-upload');
    await page.waitForSelector('#data-encoding');
    await page.click('#nav-framework');
    await page.selectOption('#fw-choice', 'nqpf-three-factor');
    await page.waitForSelector('ul.tree.readonly li');

    await page.click('#nav-analyses');
    await page.waitForSelector('#an-on-models');
    await page.check('#an-on-models');
    await page.waitForSelector('#opt-an-models-regressions-add', { state: 'visible' });
    await page.waitForFunction(() => /\n {2}models: \{\}/.test(document.getElementById('spec-side')?.textContent ?? ''));

    // a regression: the item's nested form (name, formula, estimator …) from the item schema
    await page.click('#opt-an-models-regressions-add');
    await page.waitForSelector('#opt-an-models-regressions-0-formula');
    expect(await page.textContent('label[for="opt-an-models-regressions-0-formula"]')).toBe('Formula');
    expect(await page.locator('#opt-an-models-regressions-0-estimator option').allTextContents()).toContain('random effects');
    await type('opt-an-models-regressions-0-name', 'FE');
    await type('opt-an-models-regressions-0-formula', 'NQPF ~ Labourers + MeansOfLabour | unit + period');
    await page.check('#opt-an-models-regressions-0-se-3'); // clustered (Stata xtreg)
    await page.waitForFunction(() => /se:\s*\n\s+- cluster/.test(document.getElementById('spec-side')?.textContent ?? ''));
    // a second item, moved up, then removed: the list holds the first one only, as typed
    await page.click('#opt-an-models-regressions-add');
    await page.waitForSelector('#opt-an-models-regressions-1-name');
    await type('opt-an-models-regressions-1-name', 'tmp');
    await type('opt-an-models-regressions-1-formula', 'NQPF ~ Labourers');
    await page.click('#opt-an-models-regressions-1-up');
    await page.waitForFunction(() => (document.querySelector('#opt-an-models-regressions-0-name') as HTMLInputElement | null)?.value === 'tmp');
    expect((await modelsInSpec(page))?.regressions.map((r: { name: string }) => r.name)).toEqual(['tmp', 'FE']);
    await page.click('#opt-an-models-regressions-0-remove');
    await page.waitForFunction(() => !document.getElementById('opt-an-models-regressions-1'));
    expect(await page.inputValue('#opt-an-models-regressions-0-name')).toBe('FE');

    // a threshold model (its LR(γ) curve is a figure of the models chart family); no bootstrap, a coarse grid
    await page.click('#opt-an-models-threshold-add');
    await page.waitForSelector('#opt-an-models-threshold-0-q');
    await type('opt-an-models-threshold-0-name', 'TH');
    await type('opt-an-models-threshold-0-formula', 'NQPF ~ Labourers');
    await type('opt-an-models-threshold-0-q', 'MeansOfLabour');
    await type('opt-an-models-threshold-0-regime', 'Labourers');
    await type('opt-an-models-threshold-0-bootstrap', '0');
    await type('opt-an-models-threshold-0-grid', '50');
    await page.waitForFunction(() => /grid: 50/.test(document.getElementById('spec-side')?.textContent ?? ''));
    expect(await modelsInSpec(page)).toEqual({
      regressions: [{ name: 'FE', formula: 'NQPF ~ Labourers + MeansOfLabour | unit + period', se: ['cluster'] }],
      threshold: [{ name: 'TH', formula: 'NQPF ~ Labourers', q: 'MeansOfLabour', regime: 'Labourers', bootstrap: 0, grid: 50 }],
    });
    await page.locator('#an-models-box').scrollIntoViewIfNeeded();
    await page.screenshot({ path: 'test-output/workbench-models-form.png' });

    await page.click('#nav-spec');
    await page.waitForSelector('#validation.ok, #validation.bad', { timeout: 120_000 });
    expect(await page.getAttribute('#validation', 'class'), (await page.textContent('#validation')) ?? '').toContain('ok');
    // the Explore step reads the run's tables: the run writes only those (test/helpers/workbench-spec.ts)
    await tablesOnly(page, 'en');

    await page.click('#nav-run');
    await page.waitForFunction(() => !(document.querySelector('#run-start') as HTMLButtonElement | null)?.disabled, null, { timeout: 120_000 });
    await page.click('#run-start');
    await page.waitForSelector('#ranking-table', { timeout: 240_000 });
    await page.waitForSelector('#res-models', { timeout: 120_000 });
    // the regression's coefficients (the two regressors), the threshold's estimates, the LR(γ) figure painted
    const coefTerms = await page.locator('#res-table-models_coef tbody tr').count();
    expect(coefTerms).toBeGreaterThanOrEqual(2);
    expect(await page.textContent('#res-table-models_coef')).toMatch(/FE/);
    expect(await page.locator('#res-table-models_threshold tbody tr').count()).toBeGreaterThan(0);
    const figure = page.locator('#res-models [data-figure^="threshold_lr_TH_1"]');
    await figure.first().waitFor();
    expect(await painted(page, '#res-models [data-figure^="threshold_lr_TH_1"]')).toBeGreaterThan(500);
    await page.locator('#res-models').screenshot({ path: 'test-output/workbench-models-results.png' });
    expect(consoleErrors).toEqual([]);
  }, 600_000);
});

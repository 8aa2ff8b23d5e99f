/**
 * The workbench front end in a real browser (Debian chromium via playwright-core): the whole flow
 * on the SYNTHETIC demo data with the built-in nqpf-three-factor framework, and on the real
 * cn-scitech panel with a framework built in the tree editor (with an AHP matrix). Each flow:
 * create a project, upload, map columns, choose/build a framework, choose methods, run, see the
 * ranking and the chart, run robustness (small N), export the spec — then the exported spec is run
 * with the CLI library (`runProject`; its outputs limited to the tables) and the index column of the
 * server's ranks.csv must equal the CLI run's (1e-9 relative). Every request the browser makes is
 * recorded: all must go to the local server. Also: the zh/en switch, and a 1280×800 screenshot to test-output/workbench.png.
 *
 * Skipped with a visible message when /usr/bin/chromium is absent, unless CI=true (then it fails).
 * The front end is built once per test run (scripts/build-web.ts, test/helpers/web-dist.ts).
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { chromiumInstalled, openBrowser } from '../helpers/chromium.js';
import { runProject } from '../../src/app/run-project.js';
import { writeXlsx } from '../../src/io/write/xlsx-write.js';
import { startServer, type RunningServer } from '../../src/server/index.js';
import { close, parseCsvSimple, sharedAvailable, sharedPath } from '../helpers/shared.js';
import { webDist } from '../helpers/web-dist.js';
import { allOutputs, tablesOnly } from '../helpers/workbench-spec.js';

const haveChromium = chromiumInstalled('the browser tests of the workbench');

const DEMO_CSV = resolve('examples/demo/nqpf_demo_provinces_2012_2023_SYNTHETIC.csv');

/** Column `col` of a CSV text keyed by "unit|period". */
function column(text: string, col: string): Map<string, number> {
  const rows = parseCsvSimple(text.replace(/^\uFEFF/, '')).filter((r) => r.length > 1);
  const hd = rows[0];
  const u = hd.indexOf('unit');
  const p = hd.indexOf('period');
  const j = hd.indexOf(col);
  if (j < 0) throw new Error(`column ${col} not in ${hd.join(',')}`);
  return new Map(rows.slice(1).map((r) => [`${r[u]}|${r[p]}`, r[j] === '' ? NaN : Number(r[j])]));
}

function expectSameColumn(a: Map<string, number>, b: Map<string, number>): void {
  expect(a.size).toBeGreaterThan(0);
  expect([...a.keys()].sort()).toEqual([...b.keys()].sort());
  for (const [k, v] of a) expect(close(v, b.get(k)!), `${k}: ${v} vs ${b.get(k)}`).toBe(true);
}

describe.skipIf(!haveChromium)('workbench front end in chromium', () => {
  let dir: string;
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const requests: string[] = [];
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'nqpf-wb-browser-'));
    server = await startServer({
      dataDir: join(dir, 'data'),
      port: 0,
      staticDir: await webDist(),
      limits: { runs: { timeoutMs: 120_000, maxHeapMb: 2048, maxConcurrent: 2, workers: 1 } },
    });
    browser = await openBrowser();
    context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN', acceptDownloads: true });
    context.on('request', (r) => requests.push(r.url()));
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

  async function newProject(name: string, keyboard = false): Promise<string> {
    await page.click('#nav-projects');
    if (keyboard) {
      // keyboard only: the name field, typed, Enter submits the form
      await page.focus('#new-project-name');
      await page.keyboard.type(name);
      await page.keyboard.press('Enter');
    } else {
      await page.fill('#new-project-name', name);
      await page.click('#new-project-create');
    }
    await page.waitForSelector('#data-file');
    const projects = (await (await fetch(`${server.origin}/api/projects`, { headers: { Authorization: `Bearer ${server.token}` } })).json()) as {
      id: string;
      name: string;
    }[];
    return projects.find((p) => p.name === name)!.id;
  }

  async function upload(name: string, bytes: Buffer, mimeType = 'text/csv'): Promise<void> {
    await page.setInputFiles('#data-file', { name, mimeType, buffer: bytes });
    await page.click('#data-upload');
    await page.waitForSelector('#data-encoding');
  }

  /** Start a run from the button `sel` and wait until `done` appears. */
  async function run(sel: string, done: string): Promise<void> {
    await page.waitForFunction((s) => !(document.querySelector(s) as HTMLButtonElement | null)?.disabled, sel);
    await page.click(sel);
    await page.waitForSelector(done, { timeout: 120_000 });
  }

  async function latestRun(pid: string): Promise<{ run_id: string; status: string }> {
    const runs = (await (await fetch(`${server.origin}/api/projects/${pid}/runs`, { headers: { Authorization: `Bearer ${server.token}` } })).json()) as {
      run_id: string;
      status: string;
    }[];
    return runs[0];
  }

  async function serverFile(pid: string, rid: string, name: string): Promise<string> {
    const r = await fetch(`${server.origin}/api/projects/${pid}/runs/${rid}/files/${name}`, { headers: { Authorization: `Bearer ${server.token}` } });
    expect(r.status).toBe(200);
    return r.text();
  }

  /** Click the export link of the spec, save the download, run it with the CLI library next to `dataName`. */
  async function exportAndRunCli(dataName: string, dataBytes: Buffer, tag: string): Promise<{ spec: string; ranks: string }> {
    await page.click('#nav-export');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-spec')]);
    const cliDir = join(dir, `cli-${tag}`);
    await mkdir(cliDir, { recursive: true });
    const specPath = join(cliDir, 'nqpf.yaml');
    await download.saveAs(specPath);
    await writeFile(join(cliDir, dataName), dataBytes);
    // the exported spec as it is, but writing only the tables: ranks.csv is what is compared, and the report, Word
    // tables, workbook and figures (the demo's robustness run writes them) do not touch it
    const spec = await readFile(specPath, 'utf8');
    const doc = parseDocument(spec);
    for (const k of ['report', 'docx', 'xlsx']) doc.setIn(['outputs', k], false);
    doc.setIn(['outputs', 'figures'], 'none');
    const tablesSpec = join(cliDir, 'nqpf-tables.yaml');
    await writeFile(tablesSpec, doc.toString());
    const out = join(cliDir, 'out');
    await runProject(tablesSpec, { out, workers: 1, env: {} });
    return { spec, ranks: await readFile(join(out, 'ranks.csv'), 'utf8') };
  }

  it('switches between Chinese and English', async () => {
    const navText = () => page.textContent('#nav-projects');
    const before = await page.getAttribute('html', 'lang');
    expect(before).toBe('zh-CN');
    expect(await navText()).toContain('项目');
    await page.click('#lang-switch');
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await navText()).toContain('Projects');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('lang-switch');
    await page.click('#lang-switch');
    expect(await navText()).toContain('项目');
    // focus order: skip link, language switch, then the steps
    await page.reload();
    await page.waitForSelector('body[data-ready="true"]');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.className)).toBe('skip');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('lang-switch');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('nav-projects');
  });

  it('demo data + built-in nqpf-three-factor: upload, alias, methods, run, explore, robustness, export; the CLI run of the exported spec gives the same index', async () => {
    // The demo panel with one real-world transcription error (两藏 for 西藏), fixed in the alias editor.
    const bytes = Buffer.from((await readFile(DEMO_CSV, 'utf8')).replaceAll('\n西藏,', '\n两藏,'));
    const pid = await newProject('演示 demo');
    await upload('demo_SYNTHETIC.csv', bytes);
    expect(await page.textContent('#data-encoding')).toMatch(/utf-?8/i);
    expect(await page.inputValue('#map-unit')).toBe('province');
    expect(await page.inputValue('#map-period')).toBe('year');
    expect(await page.inputValue('#map-registry')).toBe('cn-provinces');
    // unknown unit with suggestion → alias
    const chip = page.locator('button.chip[data-alias="两藏"]', { hasText: '西藏' });
    await chip.click();
    expect(await page.inputValue('#alias-0')).toBe('西藏');
    await page.screenshot({ path: 'test-output/workbench-data.png' });

    // framework: the built-in one is the default; its tree is shown
    await page.click('#nav-framework');
    expect(await page.inputValue('#fw-choice')).toBe('nqpf-three-factor');
    await page.waitForSelector('ul.tree.readonly li');

    // methods from the schema
    await page.click('#nav-methods');
    await page.selectOption('#opt-impute-method', 'linear');
    await page.selectOption('#opt-weight-method', 'entropy');
    await page.fill('#opt-normalise-range', '0');
    await page.fill('#opt-normalise-range-1', '1');
    await page.locator('#opt-normalise-range-1').dispatchEvent('change');
    expect(await page.isVisible('#opt-weight-shift')).toBe(true); // entropy option shown for entropy
    await page.selectOption('#opt-normalise-method', 'minmax');
    expect(await page.isVisible('#opt-normalise-mean')).toBe(false); // zscore option hidden for minmax
    await page.screenshot({ path: 'test-output/workbench-methods.png' });

    // spec: generated YAML, validated
    await page.click('#nav-spec');
    await page.waitForSelector('#validation.ok', { timeout: 120_000 });
    const yaml = await page.inputValue('#spec-yaml');
    expect(yaml).toContain('builtin: nqpf-three-factor');
    expect(yaml).toContain('两藏: 西藏');
    expect(yaml).toMatch(/method: linear/);
    // direct edit with live validation through the API: a typo is reported with its spec path …
    await page.fill('#spec-yaml', yaml.replace('method: linear', 'method: linaer'));
    await page.waitForSelector('#validation.bad', { timeout: 120_000 });
    expect(await page.textContent('#validation')).toContain('steps.impute.method');
    // … a YAML syntax error too, and the fixed text is valid again and is what runs
    await page.fill('#spec-yaml', `${yaml}\nsteps: [`);
    await page.waitForFunction(() => /YAML/.test(document.getElementById('validation')?.textContent ?? ''));
    await page.fill('#spec-yaml', yaml.replace('seed: 20240101', 'seed: 7'));
    await page.waitForSelector('#validation.ok', { timeout: 120_000 });
    // the first run is explored only (ranks.csv): tables only; the robustness run below writes every default output
    await tablesOnly(page, 'zh');

    // run → explore
    await page.click('#nav-run');
    await run('#run-start', '#ranking-table');
    const rows = await page.locator('#ranking-table tbody tr').count();
    expect(rows).toBe(31);
    expect(await page.textContent('#period-value')).toBe('2023');
    // the chart (a map: the units are provinces) is painted
    // wait on state: until the chart has painted (zrender draws on a later animation frame)
    const painted = await (
      await page.waitForFunction(
        () => {
          const c = document.querySelector('#index-chart canvas') as HTMLCanvasElement | null;
          if (!c) return 0;
          const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
          let n = 0;
          for (let i = 3; i < d.length; i += 16) if (d[i] > 0) n++;
          return n > 1000 ? n : 0;
        },
        null,
        { timeout: 120_000 },
      )
    ).jsonValue();
    expect(painted).toBeGreaterThan(1000);
    expect(await page.inputValue('#chart-kind')).toBe('map');
    await page.screenshot({ path: 'test-output/workbench.png' });
    // period slider → 2012
    await page.locator('#period-slider').fill('0');
    expect(await page.textContent('#period-value')).toBe('2012');
    // sort by score descending = rank ascending; ranks of the table equal the CSV's
    await page.click('#sort-score');
    const firstUnit = await page.locator('#ranking-table tbody tr').first().locator('button').textContent();
    const rid1 = (await latestRun(pid)).run_id;
    const ranks1 = await serverFile(pid, rid1, 'ranks.csv');
    const nqpf2012 = [...column(ranks1, 'NQPF')].filter(([k]) => k.endsWith('|2012')).sort((a, b) => b[1] - a[1]);
    expect(`${firstUnit}|2012`).toBe(nqpf2012[0][0]);
    expect(ranks1).toContain('西藏,');
    // a unit's page
    await page.click(`#ranking-table button[data-unit="${firstUnit}"]`);
    await page.waitForSelector('#unit-chart canvas');
    expect(await page.locator('#unit-table tbody tr').count()).toBe(12);
    await page.screenshot({ path: 'test-output/workbench-unit.png' });
    await page.click('#unit-back');
    await page.waitForSelector('#ranking-table');

    // robustness with a small N, every default output written again (the report, Word tables and workbook are offered below)
    await page.click('#nav-spec');
    await allOutputs(page, 'zh');
    await page.click('#nav-robustness');
    await page.fill('#rob-n', '20');
    await page.locator('#rob-n').dispatchEvent('change');
    await run('#rob-run', '#rob-uncertainty_unstable');
    expect(await page.locator('#rob-uncertainty_unstable tbody tr').count()).toBeGreaterThan(0);
    await page.screenshot({ path: 'test-output/workbench-robustness.png' });

    // export → CLI
    const rid = (await latestRun(pid)).run_id;
    expect(rid).not.toBe(rid1);
    await page.click('#nav-export');
    expect(await page.getAttribute('#export-xlsx', 'href')).toContain(`/runs/${rid}/files/results.xlsx`);
    // the report and the Word tables are offered and downloadable
    expect(await page.getAttribute('#export-report', 'href')).toContain(`/runs/${rid}/files/report.html`);
    expect(await page.getAttribute('#export-docx', 'href')).toContain(`/runs/${rid}/files/tables.docx`);
    const [reportDownload] = await Promise.all([page.waitForEvent('download'), page.click('#export-report')]);
    const reportPath = join(dir, 'exported-report.html');
    await reportDownload.saveAs(reportPath);
    const reportHtml = await readFile(reportPath, 'utf8');
    expect(reportHtml).toContain('<!DOCTYPE html>');
    expect(reportHtml).toContain('SYNTHETIC');
    const cli = await exportAndRunCli('demo_SYNTHETIC.csv', bytes, 'demo');
    expect(cli.spec).toContain('robustness:');
    expect(cli.spec).toContain('replications: 20');
    expect(cli.spec).toContain('seed: 7'); // the direct YAML edit survived the later form edits
    const ranksServer = await serverFile(pid, rid, 'ranks.csv');
    expectSameColumn(column(ranksServer, 'NQPF'), column(cli.ranks, 'NQPF'));
    expectSameColumn(column(ranks1, 'NQPF'), column(cli.ranks, 'NQPF'));
  }, 300_000);

  it.skipIf(!sharedAvailable)(
    'cn-scitech panel + a framework built in the tree editor with AHP: run, explore, export; the CLI run gives the same index',
    async () => {
      const file = sharedPath('data/cn-scitech/cn_provinces_scitech_2011_2022.csv');
      const bytes = await readFile(file);
      const pid = await newProject('cn-scitech', true);
      // after a view change the focus is on the view's heading (screen readers announce it)
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('view-title');
      await upload('cn_provinces_scitech_2011_2022.csv', bytes);
      expect(await page.inputValue('#map-unit')).toBe('province');
      expect(await page.locator('#alias-table').count()).toBe(0);

      await page.click('#nav-framework');
      await page.click('#fw-from-data'); // Index with the 19 numeric columns as indicators
      expect(await page.locator('ul.tree li[data-code]').count()).toBe(20);
      // keep six indicators: remove the others
      const keep = new Set(['rd_intensity', 'rd_fte', 'researcher_fte', 'patent_app_invention', 'sci_papers', 'techmarket_out_value']);
      const all = await page.locator('ul.tree li[data-code]').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.code!));
      for (const c of all) if (c !== 'Index' && !keep.has(c)) await page.click(`#node-remove-${c}`);
      expect(await page.locator('ul.tree li[data-code]').count()).toBe(7);
      // three dimensions under Index
      const dims: [string, string[]][] = [
        ['Inputs', ['rd_intensity', 'rd_fte', 'researcher_fte']],
        ['Outputs', ['patent_app_invention', 'sci_papers']],
        ['Market', ['techmarket_out_value']],
      ];
      for (const [code, kids] of dims) {
        await page.click('#node-sel-Index');
        await page.click('#nd-add-child');
        await page.fill('#nd-code', code);
        await page.locator('#nd-code').dispatchEvent('change');
        await page.waitForSelector(`#node-sel-${code}`);
        if (kids.length > 1) {
          // several indicators at once: tick them, choose the dimension, move (issue 13: multi-select)
          for (const k of kids) await page.check(`#node-pick-${k}`);
          expect(await page.textContent('.move-bar label')).toMatch(new RegExp(`${kids.length}`));
          await page.selectOption('#fw-move-to', code);
          await page.click('#fw-move-checked');
          await page.waitForSelector(`li[data-code="${code}"] li[data-code="${kids[kids.length - 1]}"]`);
          expect(await page.locator('.move-bar').count()).toBe(0);
        } else
          for (const k of kids) {
            await page.click(`#node-sel-${k}`);
            await page.selectOption('#nd-parent', code);
          }
      }
      for (const [code, kids] of dims)
        expect(await page.locator(`li[data-code="${code}"] > ul > li`).evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.code))).toEqual(kids);
      // move Market above Outputs, then back down
      await page.click('#node-up-Market');
      let order = await page.locator('ul.tree > li > ul > li').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.code));
      expect(order).toEqual(['Inputs', 'Market', 'Outputs']);
      await page.click('#node-down-Market');
      order = await page.locator('ul.tree > li > ul > li').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.code));
      expect(order).toEqual(['Inputs', 'Outputs', 'Market']);
      // AHP at Index: a12 = 3, a13 = 5, a23 = 2; CR by the closed form for 3×3 reciprocal matrices,
      // λmax = 1 + (b/(ac))^(1/3) + (ac/b)^(1/3) (a = a12, b = a13, c = a23), CR = (λmax − 3)/2 / 0.58.
      await page.click('#node-sel-Index');
      await page.selectOption('#ahp-0-1', String(3));
      await page.selectOption('#ahp-0-2', String(5));
      await page.selectOption('#ahp-1-2', String(2));
      const r = Math.cbrt(5 / (3 * 2));
      const crExpected = (1 + r + 1 / r - 3) / 2 / 0.58;
      const crShown = Number(await page.getAttribute('#ahp-cr', 'data-cr'));
      expect(close(crShown, crExpected, 1e-9)).toBe(true);
      expect(await page.textContent('#ahp-cr')).toContain(crExpected.toFixed(4));
      await page.click('#ahp-use');
      await page.screenshot({ path: 'test-output/workbench-framework.png' });

      await page.click('#nav-methods');
      await page.selectOption('#opt-impute-method', 'linear');
      await page.selectOption('#opt-weight-method', 'entropy');
      await page.click('#nav-spec');
      await tablesOnly(page, 'zh');
      const yaml = await page.inputValue('#spec-yaml');
      expect(yaml).toContain('method: ahp');
      expect(yaml).toMatch(/parent: Market/);
      await page.screenshot({ path: 'test-output/workbench-spec.png' });

      await page.click('#nav-run');
      await run('#run-start', '#ranking-table');
      expect(await page.locator('#ranking-table tbody tr').count()).toBe(31);
      expect(await page.textContent('#period-value')).toBe('2022');

      const rid = (await latestRun(pid)).run_id;
      const cli = await exportAndRunCli('cn_provinces_scitech_2011_2022.csv', bytes, 'scitech');
      const ranksServer = await serverFile(pid, rid, 'ranks.csv');
      expectSameColumn(column(ranksServer, 'Index'), column(cli.ranks, 'Index'));
      // AHP weights at the root: Inputs/Outputs/Market shares of the index weight
      const w = await serverFile(pid, rid, 'weights.csv');
      expect(w.length).toBeGreaterThan(0);
    },
    300_000,
  );

  it('an XLSX workbook of the demo panel: upload, the same column suggestions, run; the CLI run of the exported spec with the workbook gives the same index', async () => {
    const [header, ...rows] = parseCsvSimple((await readFile(DEMO_CSV, 'utf8')).replace(/^\uFEFF/, '')).filter((r) => r.length > 1);
    const xlsxPath = join(dir, 'demo.xlsx');
    const numeric = (v: string) => (v !== '' && Number.isFinite(Number(v)) ? Number(v) : v === '' ? null : v);
    await writeXlsx(xlsxPath, [{ name: 'panel', header, rows: rows.map((r) => r.map((v, j) => (j === 0 ? v : numeric(v)))) }]);
    const bytes = await readFile(xlsxPath);
    const pid = await newProject('xlsx workbook');
    await upload('demo_SYNTHETIC.xlsx', bytes, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(await page.inputValue('#map-unit')).toBe('province');
    expect(await page.inputValue('#map-period')).toBe('year');
    expect(await page.inputValue('#map-registry')).toBe('cn-provinces');
    expect(await page.locator('#alias-table').count()).toBe(0);
    await page.click('#nav-spec');
    await tablesOnly(page, 'zh');
    expect(await page.inputValue('#spec-yaml')).toContain('demo_SYNTHETIC.xlsx');
    await page.click('#nav-run');
    await run('#run-start', '#ranking-table');
    expect(await page.locator('#ranking-table tbody tr').count()).toBe(31);
    const rid = (await latestRun(pid)).run_id;
    const cli = await exportAndRunCli('demo_SYNTHETIC.xlsx', bytes, 'xlsx');
    const ranksServer = await serverFile(pid, rid, 'ranks.csv');
    expectSameColumn(column(ranksServer, 'NQPF'), column(cli.ranks, 'NQPF'));
  }, 300_000);

  it.skipIf(!sharedAvailable)(
    'the raw long table: long layout, aliases for the misspelt provinces, the regional total excluded, run; the CLI run of the exported spec gives the same index',
    async () => {
      const bytes = await readFile(sharedPath('data/cn-scitech/cn_provinces_scitech_long.csv'));
      const pid = await newProject('long layout');
      await upload('cn_provinces_scitech_long.csv', bytes);
      await page.selectOption('#map-layout', 'long');
      await page.waitForSelector('#map-indicator');
      await page.selectOption('#map-indicator', 'variables');
      await page.selectOption('#map-value', 'value');
      await page.selectOption('#map-unit', 'province');
      await page.selectOption('#map-period', 'year');
      await page.selectOption('#map-registry', 'cn-provinces');
      await page.waitForSelector('#alias-table');
      // the same corrections as examples/cn-scitech-long.yaml
      const fix: Record<string, string> = { 两藏: '西藏', 四藏: '西藏', 内蒙占: '内蒙古', 山两: '山西', 江两: '江西', 江四: '江西', 浙汀: '浙江' };
      const names = await page.locator('#alias-table tbody th code').allTextContents();
      expect([...names].sort()).toEqual([...Object.keys(fix), '尔部地区'].sort());
      for (const [i, name] of names.entries()) {
        if (name === '尔部地区') await page.check(`#alias-ex-${i}`);
        else {
          await page.fill(`#alias-${i}`, fix[name]);
          await page.locator(`#alias-${i}`).dispatchEvent('change');
        }
      }
      await page.click('#nav-framework');
      await page.click('#fw-from-data');
      expect(await page.locator('ul.tree li[data-code]').count()).toBe(20); // Index + the 19 variables
      await page.click('#nav-methods');
      await page.selectOption('#opt-impute-method', 'linear');
      await page.selectOption('#opt-weight-method', 'entropy');
      await page.click('#nav-spec');
      await tablesOnly(page, 'zh');
      const yaml = await page.inputValue('#spec-yaml');
      expect(yaml).toContain('layout: long');
      expect(yaml).toContain('浙汀: 浙江');
      expect(yaml).toContain('尔部地区');
      await page.click('#nav-run');
      await run('#run-start', '#ranking-table');
      expect(await page.locator('#ranking-table tbody tr').count()).toBe(31);
      const rid = (await latestRun(pid)).run_id;
      const cli = await exportAndRunCli('cn_provinces_scitech_long.csv', bytes, 'long');
      expectSameColumn(column(await serverFile(pid, rid, 'ranks.csv'), 'Index'), column(cli.ranks, 'Index'));
    },
    300_000,
  );

  it('the browser requested nothing but the local server, and logged no errors', () => {
    expect(requests.length).toBeGreaterThan(5);
    const foreign = requests.filter((u) => !u.startsWith(`${server.origin}/`));
    expect(foreign).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });
});

/**
 * A whole study through the workbench UI only, in a real browser (Debian chromium via
 * playwright-core; issue 13's acceptance): a new project, the SYNTHETIC demo panel uploaded, the
 * built-in nqpf-three-factor framework chosen, methods chosen, EVERY analysis of the Analyses step
 * that a provincial panel can feed ticked (all but one whose schema requires other inputs, e.g. the
 * input–output tables of value chains; the built-in province contiguity as spatial weights, the NBS
 * region as the group column, the coupling's three subsystems), a run, every analysis's results section opened (tables filled,
 * every chart painted) and a unit page, a small robustness run and its results, the spec exported. The first run is
 * explored only (its tables and charts, which read the CSV tables), so it writes only the tables (the Spec step's edit
 * of test/helpers/workbench-spec.ts, undone before the robustness run): the robustness run writes every default output.
 * The exported spec is then run by the CLI library (`runProject`, as `nqpf run`) into a second
 * folder beside the same data file, and the two output folders must hold the same files, byte for
 * byte. Timing fields would be the only legitimate difference: the normaliser below blanks such
 * fields in run.json and in report.html (which embeds run.json's data) — today an nqpf run writes
 * none (run.json has no timestamp or duration; the server keeps its start/finish times in its own
 * run record, not in the output folder), so the comparison is in fact of the raw bytes.
 *
 * Screenshots of every step in zh and en go to test-output/screenshots/ (`NN-<step>-<lang>.png`,
 * the whole step: the viewport is made as tall as it, and grows only; test-output/ is not committed). Every wait is on application state (selectors, the
 * language attribute, painted canvases, the run's own buttons), never a fixed time; the caps are
 * generous so the test holds on a busy machine. Skipped with a message when /usr/bin/chromium is
 * absent, unless CI=true (then it fails).
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumInstalled, openBrowser } from '../helpers/chromium.js';
import { runProject } from '../../src/app/run-project.js';
import { startServer, type RunningServer } from '../../src/server/index.js';
import { listFilesRecursive, parseCsvSimple } from '../helpers/shared.js';
import { webDist } from '../helpers/web-dist.js';
import { allOutputs, tablesOnly } from '../helpers/workbench-spec.js';
import { isStringList, type JsonSchema } from '../../web/src/schema-util.js';

const haveChromium = chromiumInstalled('the full-study browser test of the workbench');

const DEMO_CSV = resolve('examples/demo/nqpf_demo_provinces_2012_2023_SYNTHETIC.csv');
const SHOTS = resolve('test-output/screenshots');
/** The three factors of nqpf-three-factor: the subsystems of the coupling analysis. */
const SUBSYSTEMS = ['Labourers', 'MeansOfLabour', 'ObjectsOfLabour'];

/**
 * Timing fields a run may legitimately write differently on two runs of the same spec, blanked in
 * run.json and report.html before the byte comparison (none are written today: see the header).
 */
const TIMING = /"(started|finished|startedAt|finishedAt|timestamp|durationMs|elapsedMs|seconds)"\s*:\s*("[^"]*"|-?[\d.eE+-]+)/g;
function comparable(name: string, bytes: Buffer): Buffer {
  if (name !== 'run.json' && name !== 'report.html') return bytes;
  return Buffer.from(bytes.toString('utf8').replace(TIMING, '"$1": "<timing>"'));
}

describe.skipIf(!haveChromium)('a full study through the workbench UI (chromium); the CLI run of its exported spec gives the same files', () => {
  let dir: string;
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  const consoleErrors: string[] = [];
  const foreign: string[] = [];
  let shot = 0;

  const apiGet = async <T>(path: string): Promise<T> => {
    const r = await fetch(`${server.origin}/api/${path}`, { headers: { Authorization: `Bearer ${server.token}` } });
    expect(r.status, path).toBe(200);
    return (await r.json()) as T;
  };

  /**
   * Every chart canvas of the page (map, unit lines, analysis results) has painted: wait on that state. A chart has
   * painted when more than 50 of its sampled pixels (every 16th pixel of each canvas, in memory order) have ink. The
   * canvases are read in strips of rows and each chart's count stops once it is reached: the same samples and the
   * same answer as reading every canvas whole, but a painted chart costs a strip or two instead of all of its pixels
   * (the Explore step has ≈ 30 charts on a page up to 16,000 px tall, and the check runs on every animation frame
   * until it holds: ≈ 0.5 s of the page's CPU per check when every canvas was read whole).
   */
  async function chartsPainted(): Promise<void> {
    await page.waitForFunction(
      () => {
        const STRIP = 32;
        const charts = [...document.querySelectorAll('.chart, #index-chart, #unit-chart')];
        return charts.every((el) => {
          let n = 0;
          for (const c of el.querySelectorAll('canvas') as NodeListOf<HTMLCanvasElement>) {
            if (!c.width) continue;
            const g = c.getContext('2d')!;
            for (let y = 0; y < c.height && n <= 50; y += STRIP) {
              const d = g.getImageData(0, y, c.width, Math.min(STRIP, c.height - y)).data;
              // the strip's first byte is byte y·width·4 of the whole canvas; sampled: the bytes 3 + 64k of the whole
              for (let i = (((3 - y * c.width * 4) % 64) + 64) % 64; i < d.length; i += 64) if (d[i] > 0) n++;
            }
            if (n > 50) return true;
          }
          return false;
        });
      },
      null,
      { timeout: 120_000 },
    );
  }

  /** Height of the viewport now (it only grows: see `shoot`). */
  let viewportHeight = 800;
  /**
   * Screenshots of the whole current step in both languages; `ready` waits for its charts. The language the page
   * shows is taken first and the other second, and the page is left in that one (each switch draws the whole step
   * again, every chart included, and is waited for): one switch per step instead of a switch there and back;
   * `endZh` ends in zh (before the project is made: a new project's outputs are in the page's language).
   * The step scrolls inside <main>: the viewport is made as tall as the step and left so (it only grows, up to
   * 16,000 px; every resize makes each chart of the page draw again and is waited for), and the screenshot is
   * clipped to the step's height: a short step after a tall one is not captured with the empty space below it.
   */
  async function shoot(step: string, ready: () => Promise<unknown> = async () => undefined, endZh = false): Promise<void> {
    shot++;
    const n = String(shot).padStart(2, '0');
    const inZh = (await page.getAttribute('html', 'lang')) === 'zh-CN';
    const order = inZh && !endZh ? (['zh', 'en'] as const) : (['en', 'zh'] as const);
    for (const lang of order) {
      const want = lang === 'zh' ? 'zh-CN' : 'en';
      if ((await page.getAttribute('html', 'lang')) !== want) {
        await page.click('#lang-switch');
        await page.waitForFunction((l) => document.documentElement.lang === l, want);
      }
      await ready();
      // the page's height with the whole step shown: <main> (stretched to the viewport by the layout's min-height) scrolls
      // within max-height = 100vh − the bars above and below it; the step is main's content, to its last element's end
      const tall = await page.evaluate(() => {
        const m = document.getElementById('main')!;
        m.scrollTop = 0;
        const s = getComputedStyle(m);
        let end = 0;
        for (const c of m.children) end = Math.max(end, c.getBoundingClientRect().bottom);
        const step = end - m.getBoundingClientRect().top + Number.parseFloat(s.paddingBottom);
        return Math.ceil(step + window.innerHeight - Number.parseFloat(s.maxHeight));
      });
      const height = Math.min(16_000, Math.max(viewportHeight, tall));
      if (height !== viewportHeight) {
        await page.setViewportSize({ width: 1280, height });
        viewportHeight = height;
        await ready();
      }
      await page.screenshot({
        path: join(SHOTS, `${n}-${step}-${lang}.png`),
        clip: { x: 0, y: 0, width: 1280, height: Math.min(height, Math.max(800, tall)) },
      });
    }
  }

  beforeAll(async () => {
    // this test's folder: the screenshots of an earlier run are replaced, not mixed with these
    await rm(SHOTS, { recursive: true, force: true });
    await mkdir(SHOTS, { recursive: true });
    dir = await mkdtemp(join(tmpdir(), 'nqpf-wb-full-'));
    server = await startServer({
      dataDir: join(dir, 'data'),
      port: 0,
      staticDir: await webDist(),
      limits: { runs: { timeoutMs: 290_000, maxHeapMb: 2048, maxConcurrent: 1, workers: 1 } },
    });
    browser = await openBrowser();
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN', acceptDownloads: true });
    context.on('request', (r) => {
      if (!r.url().startsWith(`${server.origin}/`)) foreign.push(r.url());
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

  it('upload, framework, methods, every analysis, run, every result, robustness, export; the CLI run of the exported spec writes the same bytes', async () => {
    const csv = await readFile(DEMO_CSV);
    // 1 projects
    await shoot('projects', undefined, true);
    await page.fill('#new-project-name', '全流程 full study');
    await page.click('#new-project-create');
    await page.waitForSelector('#data-file');
    const pid = (await apiGet<{ id: string; name: string }[]>('projects')).find((p) => p.name === '全流程 full study')!.id;

    // 2 data: the demo panel; the columns and the unit registry are recognised
    await page.setInputFiles('#data-file', { name: 'demo_SYNTHETIC.csv', mimeType: 'text/csv', buffer: csv });
    await page.click('#data-upload');
    await page.waitForSelector('#data-encoding');
    expect(await page.inputValue('#map-unit')).toBe('province');
    expect(await page.inputValue('#map-period')).toBe('year');
    expect(await page.inputValue('#map-registry')).toBe('cn-provinces');
    await shoot('data');

    // 3 framework: the built-in three-factor framework, chosen
    await page.click('#nav-framework');
    await page.selectOption('#fw-choice', 'nqpf-three-factor');
    await page.waitForSelector('ul.tree.readonly li');
    await shoot('framework');

    // 4 methods
    await page.click('#nav-methods');
    await page.selectOption('#opt-impute-method', 'linear');
    await page.selectOption('#opt-weight-method', 'entropy');
    await shoot('methods');

    // 5 analyses: every analysis of the schema ticked, with its shared settings
    await page.click('#nav-analyses');
    await page.waitForSelector('#an-on-inequality');
    await page.fill('#an-group', 'region');
    await page.locator('#an-group').dispatchEvent('change');
    const inStep = await page.$$eval('input[id^="an-on-"]', (els) => els.map((e) => e.id.slice('an-on-'.length)));
    // every analysis the demo panel can feed: one whose required settings are at most lists of framework codes
    // (chosen in the form); one that requires other inputs (input–output tables: file names) is left out, by the schema
    const schema = (await apiGet<JsonSchema>('schema')).properties.analyses.properties as Record<string, JsonSchema>;
    const feedable = (k: string) => ((schema[k].required ?? []) as string[]).every((r) => isStringList(schema[k].properties[r]));
    const analyses = inStep.filter(feedable);
    for (const k of ['inequality', 'density', 'markov', 'spatial', 'convergence', 'obstacle', 'coupling', 'sde', 'models']) expect(analyses).toContain(k);
    if (analyses.length < inStep.length)
      console.info(`[full study] analyses needing other inputs, not ticked: ${inStep.filter((k) => !feedable(k)).join(', ')}`);
    for (const k of analyses) await page.check(`#an-on-${k}`);
    if (!(await page.locator('#an-weights-box').evaluate((d) => (d as HTMLDetailsElement).open))) await page.click('#an-weights-summary');
    await page.selectOption('#opt-an-weights-method', 'contiguity');
    // the coupling's subsystems (required) are chosen among the framework's nodes, by name
    await page.waitForSelector('#an-coupling-box input[data-code="Labourers"]', { state: 'visible' });
    for (const c of SUBSYSTEMS) await page.check(`#an-coupling-box input[data-code="${c}"]`);
    await page.waitForFunction(() =>
      /subsystems:\s*\n\s+- Labourers\n\s+- MeansOfLabour\n\s+- ObjectsOfLabour/.test(document.getElementById('spec-side')?.textContent ?? ''),
    );
    const side = (await page.textContent('#spec-side')) ?? '';
    expect(side).toMatch(/analyses:\n\s+group: region\n/);
    expect(side).toMatch(/weights:\n\s+method: contiguity/);
    for (const k of analyses) expect(side, k).toMatch(new RegExp(`\\n  ${k}:`));
    await shoot('analyses');

    // 6 spec: valid
    await page.click('#nav-spec');
    await page.waitForSelector('#validation.ok, #validation.bad', { timeout: 120_000 });
    expect(await page.getAttribute('#validation', 'class'), (await page.textContent('#validation')) ?? '').toContain('ok');
    await shoot('spec');
    // the first run is explored only (its tables and charts): it writes tables only; the robustness run below, whose
    // files the CLI run must reproduce byte for byte, writes every default output (report, Word tables, workbook, figures)
    await tablesOnly(page, 'zh');

    // 7 run → 8 explore
    await page.click('#nav-run');
    await page.waitForFunction(() => !(document.querySelector('#run-start') as HTMLButtonElement | null)?.disabled, null, { timeout: 120_000 });
    await shoot('run');
    await page.click('#run-start');
    await page.waitForSelector('#ranking-table', { timeout: 290_000 });
    expect(await page.locator('#ranking-table tbody tr').count()).toBe(31);
    await page.waitForSelector('#analysis-results section.result', { timeout: 120_000 });
    const run1 = (await apiGet<{ run_id: string; status: string; outputs?: { name: string }[] }[]>(`projects/${pid}/runs`))[0];
    expect(run1.status).toBe('succeeded');

    // every analysis that wrote a table has its results section, with its tables filled and every chart painted
    const outs1 = (await apiGet<{ outputs: { name: string }[] }>(`projects/${pid}/runs/${run1.run_id}`)).outputs.map((o) => o.name);
    const sections = await page.$$eval('#analysis-results section.result', (els) => els.map((e) => (e as HTMLElement).dataset.analysis!));
    for (const k of ['inequality', 'density', 'markov', 'spatial', 'convergence', 'obstacle', 'coupling', 'sde']) expect(sections, k).toContain(k);
    expect(outs1).toEqual(expect.arrayContaining(['inequality.csv', 'density.csv', 'markov_transitions.csv', 'spatial_global.csv', 'coupling.csv']));
    // each table shows the rows of its CSV (the first 60); the eight analyses of the demo all have rows (an analysis
    // added to the registry later, e.g. one needing models the form leaves empty, may write an empty table)
    const run1Out = join(dir, 'data', 'runs', pid, run1.run_id, 'out');
    for (const k of sections) {
      const sec = page.locator(`#res-${k}`);
      await sec.scrollIntoViewIfNeeded();
      const names = await sec.locator('table[data-table]').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.table!));
      expect(names.length, k).toBeGreaterThan(0);
      for (const name of names) {
        const rows = parseCsvSimple(await readFile(join(run1Out, `${name}.csv`), 'utf8')).filter((r) => r.length > 1 || r[0] !== '').length - 1;
        expect(await page.locator(`#res-table-${name} tbody tr`).count(), `${k}: ${name}`).toBe(Math.min(60, rows));
        if (['inequality', 'density', 'markov', 'spatial', 'convergence', 'obstacle', 'coupling', 'sde'].includes(k)) expect(rows, name).toBeGreaterThan(0);
      }
    }
    await chartsPainted();
    // the spatial results are on the built-in contiguity (the weights table holds the pairs)
    expect(outs1).toContain('spatial_weights.csv');
    const explored = async () => {
      await page.waitForSelector('#analysis-results section.result', { timeout: 120_000 });
      await chartsPainted();
    };
    await shoot('explore', explored);
    // a unit's page
    const unit = (await page.locator('#ranking-table tbody tr').first().locator('button').textContent())!;
    await page.click(`#ranking-table button[data-unit="${unit}"]`);
    await page.waitForSelector('#unit-chart canvas');
    expect(await page.locator('#unit-table tbody tr').count()).toBe(12);
    await shoot('unit', chartsPainted);
    await page.click('#unit-back');
    await page.waitForSelector('#ranking-table');

    // 9 robustness: a small run (4 replications of the default factors), every default output written again
    await page.click('#nav-spec');
    await allOutputs(page, 'zh');
    await page.click('#nav-robustness');
    await page.fill('#rob-n', '4');
    await page.locator('#rob-n').dispatchEvent('change');
    await page.waitForFunction(() => !(document.getElementById('rob-run') as HTMLButtonElement | null)?.disabled);
    await page.click('#rob-run');
    await page.waitForSelector('#rob-uncertainty_unstable', { timeout: 290_000 });
    expect(await page.locator('#rob-uncertainty_unstable tbody tr').count()).toBeGreaterThan(0);
    await shoot('robustness', () => page.waitForSelector('#rob-uncertainty_unstable', { timeout: 120_000 }));
    const run2 = (await apiGet<{ run_id: string; status: string }[]>(`projects/${pid}/runs`))[0];
    expect(run2.run_id).not.toBe(run1.run_id);
    expect(run2.status).toBe('succeeded');
    // its results beside the analyses' in the Explore step
    await page.click('#nav-explore');
    await page.waitForSelector('#res-robustness', { timeout: 120_000 });
    expect(await page.locator('#analysis-results section.result').count()).toBe(sections.length + 1);
    await page.locator('#res-robustness').scrollIntoViewIfNeeded();
    await chartsPainted();
    await shoot('explore-robustness', explored);

    // 10 export: the spec of the run
    await page.click('#nav-export');
    await page.waitForSelector('#export-spec');
    await shoot('export');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-spec')]);
    const cliDir = join(dir, 'cli');
    await mkdir(cliDir);
    const specPath = join(cliDir, 'nqpf.yaml');
    await download.saveAs(specPath);
    const spec = await readFile(specPath, 'utf8');
    expect(spec).toContain('builtin: nqpf-three-factor');
    expect(spec).toMatch(/replications: 4/);
    expect(spec).toMatch(/method: contiguity/);
    expect(consoleErrors).toEqual([]);
    expect(foreign).toEqual([]);

    // the CLI run of the exported spec, beside the same data file, into a second folder
    await writeFile(join(cliDir, 'demo_SYNTHETIC.csv'), csv);
    const cliOut = join(dir, 'cli-out');
    await runProject(specPath, { out: cliOut, workers: 1, env: {} });
    const uiOut = join(dir, 'data', 'runs', pid, run2.run_id, 'out');
    const uiFiles = listFilesRecursive(uiOut);
    expect(uiFiles.length).toBeGreaterThan(30);
    expect(listFilesRecursive(cliOut)).toEqual(uiFiles);
    const differ: string[] = [];
    for (const f of uiFiles) {
      const a = comparable(f, await readFile(join(uiOut, f)));
      const b = comparable(f, await readFile(join(cliOut, f)));
      if (!a.equals(b)) differ.push(f);
    }
    expect(differ).toEqual([]);
  }, 900_000);
});

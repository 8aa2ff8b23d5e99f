/**
 * The report's Content-Security-Policy (issue 10): scripts are allowed by the SHA-256 of each inline
 * script — never 'unsafe-inline' — and the hashes are those of the scripts the page holds, so the
 * browser runs exactly them (the browser tests check that the report still runs under it). Also:
 * no event-handler attribute in the markup, and hostile names in the data stay text outside the
 * scripts. The client script builds every tooltip through tip(), which escapes each line.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { packageFile } from '../../src/io/read/geo.js';
import type { RunBundle } from '../../src/report/bundle.js';
import { buildReportHtml, CLIENT_JS, REPORT_CSS } from '../../src/report/html/index.js';

const HOSTILE = '<img src=x onerror="window.__xss=1">';

function hostileBundle(): RunBundle {
  const t = (name: string, header: string[], rows: (string | number | null)[][]) => [name, { name, header, rows }] as const;
  return {
    run: {
      nqpf: '9.9.9',
      title: `T ${HOSTILE} </title><script>window.__xss=2</script>`,
      synthetic: false,
      seed: 1,
      inputs: [{ role: 'data', path: `d${HOSTILE}.csv`, sha256: 'ab'.repeat(32) }],
      spec: { outputs: { language: 'en' } },
      warnings: [{ code: 'W_X', message: `unit ${HOSTILE}` }],
    },
    tables: new Map([
      t(
        'framework',
        ['code', 'parent', 'level', 'type', 'nameZh', 'nameEn'],
        [
          ['I', null, 2, 'aggregate', `指数${HOSTILE}`, `Index "><script>window.__xss=3</script>`],
          ['a', 'I', 1, 'indicator', `甲${HOSTILE}`, 'A'],
          ['b', 'I', 1, 'indicator', '乙', 'B & <b>'],
        ],
      ),
      t(
        'ranks',
        ['unit', 'period', 'region', 'I', 'I_rank', 'I_group_rank'],
        [
          [HOSTILE, 2020, `<script>window.__xss=4</script>`, 0.5, 1, 1],
          ['"><svg onload=window.__xss=5>', 2020, 'East', 0.2, 2, 1],
        ],
      ),
    ]),
  };
}

/** The policy of the page's CSP meta tag, as directive → sources. */
function cspOf(html: string): Map<string, string[]> {
  const m = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html);
  expect(m, 'CSP meta tag').not.toBeNull();
  return new Map(
    m![1]
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map((d) => [d[0], d.slice(1)] as [string, string[]]),
  );
}

const sha = (text: string): string => `'sha256-${createHash('sha256').update(Buffer.from(text, 'utf8')).digest('base64')}'`;

/** Bodies of the executable (no `type`) inline scripts and of the style elements. */
const scripts = (html: string): string[] => [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
const styles = (html: string): string[] => [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1]);
/** The markup without the contents of script and style elements. */
const markup = (html: string): string =>
  html.replace(/(<script\b[^>]*>)[\s\S]*?<\/script>/g, '$1</script>').replace(/(<style\b[^>]*>)[\s\S]*?<\/style>/g, '$1</style>');

describe('report.html Content-Security-Policy', () => {
  it('script-src lists the SHA-256 of each inline script (the real ECharts build and the client) and nothing unsafe', async () => {
    const echarts = await readFile(packageFile('echarts/dist/echarts.min.js'), 'utf8');
    const { html } = buildReportHtml(hostileBundle(), echarts, {});
    const csp = cspOf(html);
    expect(csp.get('default-src')).toEqual(["'none'"]);
    const scriptSrc = csp.get('script-src')!;
    expect(scriptSrc).toBeDefined();
    for (const bad of ["'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "'strict-dynamic'", '*', 'data:', 'blob:']) expect(scriptSrc).not.toContain(bad);
    const bodies = scripts(html);
    expect(bodies).toEqual([echarts, CLIENT_JS]);
    expect([...scriptSrc].sort()).toEqual(bodies.map(sha).sort());
    // the hashes are over UTF-8 bytes: both scripts hold non-ASCII text
    expect(/[^\x00-\x7f]/.test(CLIENT_JS)).toBe(true);
    expect(csp.get('script-src-attr')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'none'"]);
    // every other script element is inert JSON data
    expect(html.match(/<script\b[^>]*>/g)!.filter((s) => s !== '<script>')).toEqual([
      '<script type="application/json" id="nqpf-i18n">',
      '<script type="application/json" id="nqpf-data">',
    ]);
  });

  it('the style element is allowed by its hash; style attributes (ECharts tooltips) by style-src-attr', () => {
    const { html } = buildReportHtml(hostileBundle(), 'window.echarts = {};', {});
    const csp = cspOf(html);
    expect(styles(html)).toEqual([REPORT_CSS]);
    expect(csp.get('style-src-elem')).toEqual([sha(REPORT_CSS)]);
    expect(csp.get('style-src-attr')).toEqual(["'unsafe-inline'"]);
  });

  it('a different script text gets a different hash (the policy follows what is inlined)', () => {
    const a = cspOf(buildReportHtml(hostileBundle(), 'window.echarts = {};', {}).html).get('script-src')!;
    const b = cspOf(buildReportHtml(hostileBundle(), 'window.echarts = { v: 2 };', {}).html).get('script-src')!;
    expect(a).not.toEqual(b);
    expect(a).toContain(sha('window.echarts = {};'));
    expect(b).toContain(sha('window.echarts = { v: 2 };'));
  });

  it('no event-handler attribute and no element from the data in the markup: hostile names are escaped text', () => {
    const { html } = buildReportHtml(hostileBundle(), 'window.echarts = {};', {});
    const m = markup(html);
    expect(m).not.toMatch(/<[a-z][^>]*\son[a-z]+\s*=/i);
    expect(m).not.toMatch(/<(img|svg|iframe)\b/i);
    expect(m.match(/<script\b/g)!.length).toBe(4);
    expect(m).toContain('&lt;img src=x onerror=&quot;window.__xss=1&quot;&gt;');
    // the data block cannot close its element
    const data = /<script type="application\/json" id="nqpf-data">([\s\S]*?)<\/script>/.exec(html)![1];
    expect(data).not.toContain('<');
    expect(JSON.parse(data).units.map((u: { id: string }) => u.id)).toContain(HOSTILE);
  });
});

describe('report client script', () => {
  it('is the chart layer bundle: HTML only through tip() (the one <br> is its separator), no HTML sinks, no eval', () => {
    // The formatters themselves are checked where they live (test/report/view-charts.test.ts: every
    // tooltip formatter of every chart returns escaped text); the bundle is checked for staleness in
    // test/report/client-bundle.test.ts. Here: nothing in the shipped script writes markup itself.
    expect(CLIENT_JS.split('<br>').length - 1).toBe(1);
    for (const sink of ['innerHTML', 'outerHTML', 'insertAdjacentHTML', 'document.write', 'eval(', 'Function(', 'setTimeout("', "setTimeout('"])
      expect(CLIENT_JS, sink).not.toContain(sink);
    expect(CLIENT_JS).toContain('textContent');
    expect(CLIENT_JS).not.toMatch(/<\/script/i);
  });
});

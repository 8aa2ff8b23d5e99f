/**
 * The chart layer's interactive charts (src/report/charts/view), as the report and the workbench
 * draw them: every tooltip formatter of every chart, called for every data item in both languages
 * and for every unit, returns escaped text (the only markup is tip()'s <br>); names that the
 * figures also chart carry the same title in the report; the state changes what is drawn.
 */
import { describe, expect, it } from 'vitest';
import { allCharts } from '../../src/report/charts/index.js';
import { VIEW_CHARTS, viewContext, type ViewChartName, type ViewState } from '../../src/report/charts/view/index.js';
import { escapeHtml, richTip, tip } from '../../src/report/charts/tooltip.js';
import { buildReportPayload, I18N } from '../../src/report/html/index.js';
import { figureSection } from '../../src/report/html/sections.js';
import { HOSTILE_FACTORS, HOSTILE_GROUPS, HOSTILE_UNITS, hostileGeo, hostileRunBundle, NODES } from './view-fixture.js';

type Opt = Record<string, unknown>;
type Formatter = (p: unknown) => string;

function setup(tipMode?: 'html' | 'richText') {
  const bundle = hostileRunBundle();
  const { payload: D } = buildReportPayload(bundle, { geo: hostileGeo() });
  const S: ViewState = { lang: 'zh', score: D.main, p: D.periods.length - 1, unit: D.units[0].id, densGroup: 'all', cond: 'all' };
  return { bundle, D, S, ctx: viewContext(D, S, { labels: I18N, tipMode }) };
}

const arr = <T>(x: T | T[] | undefined): T[] => (x === undefined ? [] : Array.isArray(x) ? x : [x]);

/** Call every tooltip formatter of an option for every data item; returns the texts. */
function tooltipTexts(o: Opt): string[] {
  const out: string[] = [];
  const series = arr(o.series as Opt[]);
  const cats = [...arr(o.xAxis as Opt[]), ...arr(o.yAxis as Opt[])].map((a) => a.data as unknown[] | undefined).find((d) => Array.isArray(d));
  const flat: { si: number; s: Opt; data: unknown; j: number }[] = [];
  const walk = (items: unknown[], si: number, s: Opt) =>
    items.forEach((d, j) => {
      flat.push({ si, s, data: d, j });
      if (d && typeof d === 'object' && 'children' in d) walk((d as { children: unknown[] }).children, si, s);
    });
  series.forEach((s, si) => walk(arr(s.data as unknown[]), si, s));
  const top = (o.tooltip as Opt | undefined)?.formatter as Formatter | undefined;
  for (const { si, s, data, j } of flat) {
    const f = ((s.tooltip as Opt | undefined)?.formatter as Formatter | undefined) ?? top;
    if (typeof f !== 'function') continue;
    const value = data && typeof data === 'object' && !Array.isArray(data) ? (data as { value?: unknown }).value : data;
    const p = {
      name: (data as { name?: string } | null)?.name ?? String(cats?.[j] ?? ''),
      value,
      data,
      dataIndex: j,
      seriesIndex: si,
      seriesName: String(s.name ?? ''),
      axisValue: String(cats?.[j] ?? ''),
    };
    const trigger = (o.tooltip as Opt | undefined)?.trigger;
    out.push(f(trigger === 'axis' ? [p] : p));
  }
  return out;
}

describe('tip(): the only way to tooltip HTML', () => {
  it('escapes & < > " \' in every line and joins lines with <br>; rich text keeps the lines as written', () => {
    expect(escapeHtml(`<a href="x" title='y'>&amp;</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;');
    expect(escapeHtml(null)).toBe('');
    expect(escapeHtml(0)).toBe('0');
    expect(tip(['<b>', null, 'a & b', false, undefined, 0])).toBe('&lt;b&gt;<br>a &amp; b<br>0');
    expect(richTip(['<b>', null, 'a & b'])).toBe('<b>\na & b');
  });
});

describe('interactive charts (report client, workbench)', () => {
  it('every tooltip formatter of every chart, for every data item, unit and language, returns escaped text', () => {
    const { D, S, ctx } = setup();
    const texts: string[] = [];
    const withFormatter = new Set<string>();
    for (const lang of ['zh', 'en'] as const) {
      S.lang = lang;
      for (const unit of D.units.map((u) => u.id)) {
        S.unit = unit;
        for (const cond of ['all', 'lag class 1']) {
          S.cond = cond;
          for (const [name, f] of Object.entries(VIEW_CHARTS)) {
            const o = f(ctx);
            if (!o) continue;
            const ts = tooltipTexts(o);
            if (ts.length) withFormatter.add(name);
            texts.push(...ts);
          }
        }
      }
    }
    expect([...withFormatter].sort()).toEqual([
      'couplingMap',
      'dagumPairs',
      'densitySurface',
      'efficiencyMap',
      'lisa',
      'loo',
      'map',
      'markov',
      'missing',
      'moran',
      'moranScatter',
      'rankInterval',
      'rankingBar',
      'sobol',
      'sunburst',
      'weights',
    ]);
    for (const s of texts) {
      expect(typeof s).toBe('string');
      expect(s.replace(/<br>/g, ''), s).not.toMatch(/[<>"']/);
    }
    const all = texts.join('\n');
    for (const u of HOSTILE_UNITS) expect(all, u).toContain(escapeHtml(u));
    for (const g of HOSTILE_GROUPS) expect(all, g).toContain(escapeHtml(g));
    for (const f of HOSTILE_FACTORS) expect(all, f).toContain(escapeHtml(f));
    for (const c of ['i1', 'i2', 'i3']) expect(all, c).toContain(escapeHtml(NODES[c].zh));
  });

  it('every value and label formatter takes what ECharts passes (value plus index and more) and shows the value alone', () => {
    const { D, S, ctx } = setup();
    let called = 0;
    const walk = (x: unknown, path: string): void => {
      if (Array.isArray(x)) x.forEach((y, i) => walk(y, `${path}[${i}]`));
      else if (x && typeof x === 'object') {
        for (const [k, v] of Object.entries(x)) {
          if ((typeof v === 'function' && k !== 'formatter') || (typeof v === 'function' && !path.endsWith('tooltip'))) {
            // valueFormatter(value, dataIndex), axisLabel/visualMap formatter(value, index), label formatter(params)
            const arg = k === 'valueFormatter' || !path.includes('label') ? 0.123456 : { value: [0, 0, 0.123456], dataIndex: 0 };
            const a = (v as (...xs: unknown[]) => unknown)(arg, 0);
            const b = (v as (...xs: unknown[]) => unknown)(arg, 150);
            expect(b, `${path}.${k}`).toEqual(a);
            called++;
          } else walk(v, `${path}.${k}`);
        }
      }
    };
    for (const lang of ['zh', 'en'] as const) {
      S.lang = lang;
      S.unit = D.units[0].id;
      for (const [name, f] of Object.entries(VIEW_CHARTS)) {
        const o = f(ctx);
        if (o) walk(o, name);
      }
    }
    expect(called).toBeGreaterThan(20);
  });

  it('in rich-text mode (workbench) tooltips are drawn on the canvas and keep names as written', () => {
    const { ctx } = setup('richText');
    for (const n of ['map', 'rankingBar', 'trendUnit'] as const) {
      const o = VIEW_CHARTS[n](ctx)!;
      expect((o.tooltip as Opt).renderMode, n).toBe('richText');
    }
    expect(tooltipTexts(VIEW_CHARTS.map(ctx)!).join('\n')).toContain(HOSTILE_UNITS[0]);
    expect(tooltipTexts(VIEW_CHARTS.rankingBar(ctx)!).join('\n')).toContain(HOSTILE_UNITS[1]);
  });

  it('no tooltip option is written outside the tooltip helpers (which type their formatters as TipText)', async () => {
    const { readFile, readdir } = await import('node:fs/promises');
    const dir = 'src/report/charts/view';
    for (const f of await readdir(dir)) {
      const src = await readFile(`${dir}/${f}`, 'utf8');
      const literal = [...src.matchAll(/tooltip: \{([^}]*)\}/g)].map((m) => m[1].trim());
      expect(
        literal.filter((x) => x !== 'show: false'),
        f,
      ).toEqual([]);
      if (f !== 'context.ts') expect(src, f).not.toContain('<br>');
    }
  });

  it("density curves are drawn on the score's support: nothing below 0 for non-negative scores, nothing above 1 for [0, 1] scores", () => {
    const { D, ctx } = setup();
    const code = D.density![D.main] ? D.main : Object.keys(D.density!)[0];
    const [lo, hi] = ctx.scoreRange(code);
    expect(lo).toBeGreaterThanOrEqual(0);
    const x = D.density![code].x;
    // The kernel estimate's grid runs past the data on both sides (as it does for real runs): make sure.
    x[0] = Math.min(x[0], -0.05);
    if (hi <= 1) x[x.length - 1] = Math.max(x[x.length - 1], 1.05);
    const lines = VIEW_CHARTS.density(ctx) as { xAxis: { min: number; max: number }; series: { data: [number, number][] }[] };
    expect(lines.xAxis.min).toBeGreaterThanOrEqual(0);
    for (const s of lines.series) for (const [xv] of s.data) expect(xv).toBeGreaterThanOrEqual(0);
    if (hi <= 1) {
      expect(lines.xAxis.max).toBeLessThanOrEqual(1);
      for (const s of lines.series) for (const [xv] of s.data) expect(xv).toBeLessThanOrEqual(1);
    }
    const surface = VIEW_CHARTS.densitySurface(ctx) as { yAxis: { data: string[] } };
    expect(surface.yAxis.data.some((v) => v.startsWith('-'))).toBe(false);
  });

  it('the state chooses what is drawn: period, unit, score, density group, Markov condition', () => {
    const { D, S, ctx } = setup();
    const titleOf = (n: ViewChartName) => (VIEW_CHARTS[n](ctx)!.title as Opt).text as string;
    expect(titleOf('moranScatter')).toContain('2022年');
    S.p = 0;
    expect(titleOf('moranScatter')).toContain('2020年');
    expect(titleOf('dagumPairs')).toContain('2020年');
    S.unit = D.units[2].id;
    expect(titleOf('trendUnit')).toContain(HOSTILE_UNITS[2]);
    S.score = 'D2';
    expect(titleOf('trendGroup')).toContain(NODES.D2.zh);
    S.densGroup = HOSTILE_GROUPS[1];
    expect(titleOf('density')).toContain(HOSTILE_GROUPS[1]);
    S.cond = 'lag class 1';
    expect(titleOf('markov')).toContain('邻域滞后类型 1');
    S.lang = 'en';
    expect(titleOf('markov')).toContain("neighbours' lag class 1");
    S.unit = D.units[1].id;
    expect(titleOf('sobol')).toBe(`Sobol' sensitivity indices of the mean absolute rank shift and of the rank of ${HOSTILE_UNITS[1]}`);
    S.unit = null;
    expect(VIEW_CHARTS.profile(ctx)).toBeNull();
    expect(titleOf('sobol')).toBe("Sobol' sensitivity indices of the mean absolute rank shift");
  });

  it('a chart drawn both as a figure and in the report has one title (both languages)', () => {
    const { bundle, D, S, ctx } = setup();
    const D0 = D.units[0].id;
    const pairs: [string, ViewChartName, Partial<ViewState>?][] = [
      ['framework_weights', 'sunburst'],
      ['weights_indicators', 'weights'],
      ['ranking', 'rankingBar'],
      ['trends_groups', 'trendGroup'],
      ['dagum_shares', 'dagumShares'],
      ['theil', 'theil'],
      ['dagum_pairs', 'dagumPairs'],
      ['density_lines', 'density'],
      ['density_surface', 'densitySurface'],
      ['markov_traditional', 'markov', { cond: 'all' }],
      ['markov_spatial_1', 'markov', { cond: 'lag class 1' }],
      ['moran_trend', 'moran'],
      ['moran_scatter', 'moranScatter'],
      ['sigma_convergence', 'sigma'],
      ['coupling_trend', 'couplingTrend'],
      ['uncertainty_ranks', 'rankInterval'],
      ['sensitivity', 'sobol', { unit: null }],
      ['leave_one_out', 'loo'],
      ['efficiency_change_GML', 'efficiencyChange'],
    ];
    for (const lang of ['zh', 'en'] as const) {
      const figs = new Map(allCharts(bundle, lang).map((c) => [c.id, c] as const));
      for (const [id, view, state] of pairs) {
        Object.assign(S, { lang, cond: 'all', densGroup: 'all', p: 2, unit: D0 }, state);
        const fig = figs.get(id);
        expect(fig, id).toBeDefined();
        const text = (VIEW_CHARTS[view](ctx)!.title as Opt).text;
        expect(text, `${id} / ${view} (${lang})`).toBe(lang === 'zh' ? fig!.titleZh : fig!.titleEn);
      }
    }
  });
});

describe('efficiency (DEA) charts: declared once (src/report/html/sections.ts), figures and report agree', () => {
  it('EC / BPC bars are the geometric means over the units as % change (hand: EC 1, 4, 1, 1/4 → 0 %; TC 2 → +100 %); the map draws the chosen period', () => {
    const { bundle, D, S, ctx } = setup();
    const f = figureSection('efficiency');
    expect(f?.charts(D).map((c) => c.name)).toEqual(['efficiencyMap', 'efficiencyChange']);
    expect(f?.declaredTables).toBe(true);
    const o = VIEW_CHARTS.efficiencyChange(ctx) as { series: { name: string; data: (number | null)[] }[]; xAxis: { data: string[] } };
    expect(o.xAxis.data).toEqual(['2020→2021', '2021→2022']);
    const [ec, bpc, gml] = o.series;
    for (const v of ec.data) expect(Math.abs(v as number)).toBeLessThan(1e-12);
    for (const v of [...bpc.data, ...gml.data]) expect(Math.abs((v as number) - 100)).toBeLessThan(1e-12);
    expect(bpc.name).toBe('最佳实践差距变化 BPC');
    const fig = allCharts(bundle, 'zh').find((c) => c.id === 'efficiency_change_GML');
    expect(fig).toBeDefined();
    const figSeries = (fig!.option as { series: { data: (number | null)[] }[] }).series;
    expect(figSeries.map((x) => x.data)).toEqual(o.series.map((x) => x.data));
    // Map of the selected period (2022: efficiency 0.5 + 0.1 i + 0.1), then of 2020 (0.5 + 0.1 i).
    const values = () => (VIEW_CHARTS.efficiencyMap(ctx) as { series: { data: { value: number | string }[] }[] }).series[0].data.map((d) => d.value);
    const near = (got: (number | string)[], want: number[]) => got.forEach((g, i) => expect(Math.abs(Number(g) - want[i])).toBeLessThan(1e-12));
    near(values(), [0.6, 0.7, 0.8, 0.9]);
    S.p = 0;
    near(values(), [0.5, 0.6, 0.7, 0.8]);
    const mapFig = allCharts(bundle, 'en', { map: hostileGeo() }).find((c) => c.id === 'map_efficiency');
    expect(mapFig?.titleEn).toBe('Efficiency map · GTFP, 2022');
  });
});

/**
 * Interactive spatial-regression charts in report.html and the workbench (src/report/charts/view/spatial-models.ts;
 * issue 16's figures "effects with intervals, q-values bar chart, interaction matrix heat map"): one container per
 * specification (`data-arg`), drawing what the figures draw (same titles in both languages, same q bars with stars,
 * same heat-map cells, same effects and intervals), tooltips escaped, and the workbench's result section lists the
 * same charts.
 */
import { describe, expect, it } from 'vitest';
import { detectorCharts } from '../../src/report/charts/spatial-detector.js';
import { spatialPanelCharts } from '../../src/report/charts/spatial-panel.js';
import { VIEW_CHARTS, viewContext, type ViewState } from '../../src/report/charts/view/index.js';
import { buildReportHtml, buildReportPayload, I18N } from '../../src/report/html/index.js';
import { figureSection } from '../../src/report/html/sections.js';
import { resultSections } from '../../web/src/run-results.js';
import { HOSTILE, spatialBundle } from './spatial-fixture.js';

// biome-ignore lint/suspicious/noExplicitAny: chart options are untyped JSON
type Any = Record<string, any>;

function setup(lang: 'zh' | 'en', tipMode?: 'html' | 'richText') {
  const bundle = spatialBundle();
  const { payload: D } = buildReportPayload(bundle, { lang });
  const S: ViewState = { lang, score: D.main, p: 0, unit: null, densGroup: 'all', cond: 'all' };
  return { bundle, D, ctx: viewContext(D, S, { labels: I18N, tipMode }) };
}

describe('spatial-regression charts in report.html', () => {
  it('one container per specification, after which the declared tables follow', () => {
    const { D } = setup('zh');
    const charts = figureSection('spatial_models')!.charts(D);
    expect(charts.map((c) => [c.name, c.arg])).toEqual([
      ['panelEffects', 'sar:FE'],
      ['panelEffects', 'sdm:TWFE'],
      ['detectorQ', '2022'],
      ['detectorInteraction', '2022'],
      ['detectorQ', '2011–2022'],
      ['detectorInteraction', '2011–2022'],
    ]);
    const html = buildReportHtml(spatialBundle(), '/* echarts */', { lang: 'zh' }).html;
    const section = html.slice(html.indexOf('<section id="spatial_models">'));
    const containers = [...section.matchAll(/id="(c-[^"]+)" data-chart="([^"]+)" data-arg="([^"]+)"/g)].map((m) => [m[1], m[2], m[3]]);
    expect(containers).toEqual([
      ['c-panelEffects-0', 'panelEffects', 'sar:FE'],
      ['c-panelEffects-1', 'panelEffects', 'sdm:TWFE'],
      ['c-detectorQ-2', 'detectorQ', '2022'],
      ['c-detectorInteraction-3', 'detectorInteraction', '2022'],
      ['c-detectorQ-4', 'detectorQ', '2011–2022'],
      ['c-detectorInteraction-5', 'detectorInteraction', '2011–2022'],
    ]);
    expect(section).toContain('data-i18n="s_spatialModels"');
    expect(section.indexOf('id="t-spatial_detector_factor"')).toBeGreaterThan(section.indexOf('c-detectorInteraction-5'));
    // a run without spatial tables has no such section
    expect(buildReportHtml({ run: spatialBundle().run, tables: new Map() }, '', { lang: 'zh' }).html).not.toContain('id="spatial_models"');
  });

  it('the charts draw what the figures draw: titles (zh and en), q bars with stars, heat-map cells, effects and intervals', () => {
    for (const lang of ['zh', 'en'] as const) {
      const { bundle, ctx } = setup(lang);
      const figs = new Map([...detectorCharts(bundle, lang), ...spatialPanelCharts(bundle, lang)].map((c) => [c.id, c]));
      const titleOf = (o: Any) => o.title.text;
      for (const [id, view, arg] of [
        ['spatial_detector_q_2022', 'detectorQ', '2022'],
        ['spatial_detector_q_2011_2022', 'detectorQ', '2011–2022'],
        ['spatial_detector_interaction_2022', 'detectorInteraction', '2022'],
        ['spatial_panel_effects_FE_sar', 'panelEffects', 'sar:FE'],
        ['spatial_panel_effects_TWFE_sdm', 'panelEffects', 'sdm:TWFE'],
      ] as const) {
        const f = figs.get(id)!;
        const o = VIEW_CHARTS[view](ctx, arg) as Any;
        expect(titleOf(o)).toBe(lang === 'zh' ? f.titleZh : f.titleEn);
        const fo = f.option as Any;
        if (view === 'detectorQ') {
          expect(o.yAxis.data).toEqual(fo.yAxis.data);
          expect(o.series[0].data.map((d: Any) => d.value)).toEqual(fo.series[0].data.map((d: Any) => d.value));
          expect(o.series[0].data.map((d: Any) => d.label.formatter.replace(/[0-9.]+/, ''))).toEqual(
            fo.series[0].data.map((d: Any) => d.label.formatter.replace(/[0-9.]+/, '')),
          );
        } else if (view === 'detectorInteraction') {
          expect(o.xAxis.data).toEqual(fo.xAxis.data);
          expect(o.series[0].data.map((d: Any) => d.value)).toEqual(fo.series[0].data.map((d: Any) => d.value));
        } else {
          expect(o.yAxis.data).toEqual(fo.yAxis.data);
          const pick = (s: Any[]) => s.map((x) => [x.type, x.name, JSON.stringify(x.data.map((d: Any) => d.value ?? d))]);
          expect(pick(o.series)).toEqual(pick(fo.series));
        }
      }
      // no arg, an unknown specification: nothing to draw
      expect(VIEW_CHARTS.detectorQ(ctx)).toBeNull();
      expect(VIEW_CHARTS.detectorQ(ctx, 'nope')).toBeNull();
      expect(VIEW_CHARTS.panelEffects(ctx, 'sdm:FE')).toBeNull();
    }
  });

  it('Lee–Yu effects when present, their simulated intervals; else ±1.96 delta SEs (by hand)', () => {
    const { ctx } = setup('en');
    const fe = VIEW_CHARTS.panelEffects(ctx, 'sar:FE') as Any;
    expect(fe.title.text).toBe('FE: direct, indirect and total effects of the SAR (Lee–Yu bias-corrected)');
    const direct = fe.series.find((s: Any) => s.type === 'scatter' && s.name === 'direct').data[0];
    expect([direct.value[0], direct.lower, direct.upper]).toEqual([0.52, 0.33, 0.72]);
    const tw = VIEW_CHARTS.panelEffects(ctx, 'sdm:TWFE') as Any;
    expect(tw.title.subtext).toContain('±1.96 delta-method SEs');
    const total = tw.series.find((s: Any) => s.type === 'scatter' && s.name === 'total').data[0];
    expect(total.lower).toBeCloseTo(-0.3 - 1.96 * 0.25, 12);
    expect(total.upper).toBeCloseTo(-0.3 + 1.96 * 0.25, 12);
  });

  it('tooltips escape the names (HTML in the report, as written in the workbench)', () => {
    const { ctx } = setup('en');
    const texts: string[] = [];
    const q = VIEW_CHARTS.detectorQ(ctx, '2022') as Any;
    q.series[0].data.forEach((d: Any, j: number) => texts.push(q.tooltip.formatter({ data: d, dataIndex: j, value: d.value })));
    const h = VIEW_CHARTS.detectorInteraction(ctx, '2022') as Any;
    for (const d of h.series[0].data) texts.push(h.tooltip.formatter({ data: d, value: d.value }));
    const e = VIEW_CHARTS.panelEffects(ctx, 'sdm:TWFE') as Any;
    for (const s of e.series.filter((x: Any) => x.type === 'scatter')) for (const d of s.data) texts.push(e.tooltip.formatter({ data: d, value: d.value }));
    const all = texts.join('\n');
    expect(all).toContain('&lt;img src=x onerror=alert(1)&gt;&amp;&quot;&#39;');
    expect(all).not.toContain('<img');
    const rich = setup('en', 'richText').ctx;
    const r = VIEW_CHARTS.detectorQ(rich, '2022') as Any;
    expect(r.tooltip.formatter({ data: r.series[0].data[1], dataIndex: 1 })).toContain(HOSTILE);
  });

  it('the workbench shows the same charts with their specifications', () => {
    const bundle = spatialBundle();
    const { payload } = buildReportPayload(bundle, { lang: 'en' });
    const s = resultSections(payload, bundle, 'en').find((x) => x.key === 'spatial_models')!;
    expect(s.charts.map((c) => `${c.name} ${c.arg}`)).toEqual(
      figureSection('spatial_models')!
        .charts(payload)
        .map((c) => `${c.name} ${c.arg}`),
    );
    expect(s.figures).toEqual([]);
  });
});

/**
 * Effects of the fixed-effects spatial panels (issue 16; `spatial_panel_effects_<spec>_<model>`, from
 * `spatial_panel_impacts`): the direct, indirect and total effect of each regressor as a point with its 95 %
 * interval (the simulated 2.5 %/97.5 % quantiles when the table has them, else ±1.96 delta-method SEs), one
 * row per regressor and effect. The Lee–Yu estimates are drawn when present (the recommended ones with
 * period effects), else the uncorrected ML.
 */
import type { RunBundle } from '../bundle.js';
import { AXIS_NAME, chartContext, grid, makeSpec, PALETTE, table } from './common.js';
import { EFFECT_KINDS, EFFECT_NAMES, panelEffectKeys, panelEffectPoints, panelModelLabel, specSlug } from './spatial-models-data.js';
import { TITLES } from './titles.js';
import type { ChartLang, ChartOptions, ChartSpec } from './types.js';

export function spatialPanelCharts(bundle: RunBundle, lang: ChartLang, opts: ChartOptions = {}): ChartSpec[] {
  const t = table(bundle, 'spatial_panel_impacts');
  if (!t) return [];
  const ctx = chartContext(bundle, lang, opts);
  const out: ChartSpec[] = [];
  for (const { spec, model } of panelEffectKeys(t)) {
    const { estimator, terms, points, simulated } = panelEffectPoints(t, spec, model);
    const name = (e: (typeof EFFECT_KINDS)[number]) => ctx.t(EFFECT_NAMES[e].zh, EFFECT_NAMES[e].en);
    const label = (term: string, e: (typeof EFFECT_KINDS)[number]) => `${term} · ${name(e)}`;
    const cats = terms.flatMap((term) => EFFECT_KINDS.map((e) => label(term, e))).reverse();
    const series: Record<string, unknown>[] = [];
    EFFECT_KINDS.forEach((e, i) => {
      const color = PALETTE[i % PALETTE.length];
      const pts: [number, string][] = [];
      for (const p of points.filter((x) => x.effect === e)) {
        pts.push([p.estimate, label(p.term, e)]);
        if (Number.isFinite(p.lower) && Number.isFinite(p.upper)) {
          series.push({
            type: 'line',
            name: name(e),
            showSymbol: false,
            silent: true,
            lineStyle: { color, width: 2 },
            data: [
              [p.lower, label(p.term, e)],
              [p.upper, label(p.term, e)],
            ],
          });
        }
      }
      series.push({ type: 'scatter', name: name(e), symbolSize: 9, itemStyle: { color }, data: pts });
    });
    if (series.length) {
      series[series.length - 1].markLine = {
        silent: true,
        symbol: 'none',
        lineStyle: { type: 'dashed', color: '#888' },
        label: { show: false },
        data: [{ xAxis: 0 }],
      };
    }
    const title = TITLES.panelEffects(spec, panelModelLabel(model), estimator === 'lee_yu');
    out.push(
      makeSpec(ctx, {
        id: `spatial_panel_effects_${specSlug(spec)}_${model}`,
        section: 'spatial',
        titleZh: title.zh,
        titleEn: title.en,
        subtitle: ctx.t(
          simulated ? '点为效应估计值，横线为模拟 95% 区间' : '点为效应估计值，横线为 ±1.96 倍 delta 方法标准误',
          simulated ? 'points: effects; bars: simulated 95% intervals' : 'points: effects; bars: ±1.96 delta-method SEs',
        ),
        height: Math.max(320, 120 + cats.length * 34),
        option: {
          legend: { top: 50, type: 'plain', textStyle: { fontSize: 11 }, data: EFFECT_KINDS.map(name) },
          grid: grid({ top: 90, left: 200 }),
          xAxis: { type: 'value', name: ctx.t('效应', 'effect'), ...AXIS_NAME, nameGap: 28, scale: true },
          yAxis: { type: 'category', data: cats, axisLabel: { fontSize: 11 } },
          series,
        },
      }),
    );
  }
  return out;
}

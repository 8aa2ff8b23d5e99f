/**
 * Effects of the fixed-effects spatial panels (issue 16; `spatial_panel_effects_<spec>_<model>`, from
 * `spatial_panel_impacts`): the direct, indirect and total effect of each regressor as a point with its 95 %
 * interval (the simulated 2.5 %/97.5 % quantiles when the table has them, else ±1.96 delta-method SEs), one
 * row per regressor and effect. The Lee–Yu estimates are drawn when present (the recommended ones with
 * period effects), else the uncorrected ML.
 */
import type { RunBundle } from '../bundle.js';
import { AXIS_NAME, chartContext, getter, grid, makeSpec, num, PALETTE, str, table } from './common.js';
import type { ChartLang, ChartOptions, ChartSpec } from './types.js';

const slug = (s: string) => s.replace(/[^\p{L}\p{N}]+/gu, '_').replace(/^_|_$/g, '') || 'spec';
const EFFECTS = [
  ['direct', '直接效应', 'direct'],
  ['indirect', '间接效应', 'indirect'],
  ['total', '总效应', 'total'],
] as const;
const MODELS: Record<string, [string, string]> = { sar: ['SAR', 'SAR'], sdm: ['SDM', 'SDM'] };

export function spatialPanelCharts(bundle: RunBundle, lang: ChartLang, opts: ChartOptions = {}): ChartSpec[] {
  const t = table(bundle, 'spatial_panel_impacts');
  if (!t) return [];
  const ctx = chartContext(bundle, lang, opts);
  const g = getter(t);
  const out: ChartSpec[] = [];
  const keys = [...new Set(t.rows.map((r) => `${str(g(r, 'spec'))}\u0000${str(g(r, 'model'))}`))];
  for (const key of keys) {
    const [spec, model] = key.split('\u0000');
    const mine = t.rows.filter((r) => str(g(r, 'spec')) === spec && str(g(r, 'model')) === model);
    const est = mine.some((r) => str(g(r, 'estimator')) === 'lee_yu') ? 'lee_yu' : 'ml';
    const rows = mine.filter((r) => str(g(r, 'estimator')) === est);
    const terms = [...new Set(rows.map((r) => str(g(r, 'term'))))];
    const label = (term: string, e: (typeof EFFECTS)[number]) => `${term} · ${ctx.t(e[1], e[2])}`;
    const cats = terms.flatMap((term) => EFFECTS.map((e) => label(term, e))).reverse();
    const series: Record<string, unknown>[] = [];
    let simulated = false;
    EFFECTS.forEach((e, i) => {
      const color = PALETTE[i % PALETTE.length];
      const pts: [number, string][] = [];
      for (const term of terms) {
        const r = rows.find((x) => str(g(x, 'term')) === term && str(g(x, 'effect')) === e[0]);
        if (!r) continue;
        const v = num(g(r, 'estimate'));
        let lo = num(g(r, 'lower'));
        let hi = num(g(r, 'upper'));
        if (Number.isFinite(lo) && Number.isFinite(hi)) simulated = true;
        else {
          const se = num(g(r, 'se'));
          lo = v - 1.96 * se;
          hi = v + 1.96 * se;
        }
        pts.push([v, label(term, e)]);
        if (Number.isFinite(lo) && Number.isFinite(hi)) {
          series.push({
            type: 'line',
            name: ctx.t(e[1], e[2]),
            showSymbol: false,
            silent: true,
            lineStyle: { color, width: 2 },
            data: [
              [lo, label(term, e)],
              [hi, label(term, e)],
            ],
          });
        }
      }
      series.push({ type: 'scatter', name: ctx.t(e[1], e[2]), symbolSize: 9, itemStyle: { color }, data: pts });
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
    const [mz, me] = MODELS[model] ?? [model, model];
    const estZh = est === 'lee_yu' ? 'Lee–Yu 偏误校正' : '极大似然';
    const estEn = est === 'lee_yu' ? 'Lee–Yu bias-corrected' : 'ML';
    out.push(
      makeSpec(ctx, {
        id: `spatial_panel_effects_${slug(spec)}_${model}`,
        section: 'spatial',
        titleZh: `${spec}：${mz} 的直接、间接与总效应（${estZh}）`,
        titleEn: `${spec}: direct, indirect and total effects of the ${me} (${estEn})`,
        subtitle: ctx.t(
          simulated ? '点为效应估计值，横线为模拟 95% 区间' : '点为效应估计值，横线为 ±1.96 倍 delta 方法标准误',
          simulated ? 'points: effects; bars: simulated 95% intervals' : 'points: effects; bars: ±1.96 delta-method SEs',
        ),
        height: Math.max(320, 120 + cats.length * 34),
        option: {
          legend: { top: 50, type: 'plain', textStyle: { fontSize: 11 }, data: EFFECTS.map((e) => ctx.t(e[1], e[2])) },
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

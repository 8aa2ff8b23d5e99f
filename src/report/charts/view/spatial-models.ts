/**
 * Interactive spatial-regression charts (issue 16), one per specification like the figures (the specification is the
 * chart's argument, `data-arg` of its container): the geographical detector's q of each factor with stars
 * (`detectorQ`, arg: the detector specification), the heat map of the interaction q's (`detectorInteraction`), and a
 * panel specification's direct, indirect and total effects with their 95 % intervals (`panelEffects`, arg:
 * "<model>:<spec>", e.g. "sdm:TWFE"). Data from ../spatial-models-data.ts, shared with the figures; titles from ../titles.ts.
 */
import {
  detectorFactorQ,
  detectorMatrix,
  EFFECT_KINDS,
  EFFECT_NAMES,
  panelEffectPoints,
  panelModelLabel,
  pStars,
  type SmTable,
} from '../spatial-models-data.js';
import { TITLES } from '../titles.js';
import { fmt, grid, itemTip, PAL, type Tab, title, type ViewChart, type ViewContext } from './context.js';

const asTable = (T: Tab): SmTable => ({ header: T.h, rows: T.r });
const sm = (ctx: ViewContext, name: string): SmTable | undefined => {
  const T = ctx.tab(name);
  return T ? asTable(T) : undefined;
};
const sub = (ctx: ViewContext, zh: string, en: string): Record<string, unknown> => ({
  subtext: ctx.pick({ zh, en }),
  subtextStyle: { fontSize: 11, color: '#666' },
});

export const detectorQ: ViewChart = (ctx, spec) => {
  const fac = sm(ctx, 'spatial_detector_factor');
  if (!fac || spec === undefined) return null;
  const rows = detectorFactorQ(fac, spec);
  if (!rows.length) return null;
  return {
    title: {
      ...title(ctx, TITLES.detectorQ(spec)),
      ...sub(ctx, '*** p ≤ 0.01，** p ≤ 0.05，* p ≤ 0.1（非中心 F 检验）', '*** p ≤ 0.01, ** p ≤ 0.05, * p ≤ 0.1 (non-central F test)'),
    },
    color: PAL,
    tooltip: itemTip(ctx, (p) => {
      const r = rows[p.dataIndex];
      return ctx.tip([r.factor, `q: ${fmt(r.q)}${pStars(r.p)}`, `${ctx.t('pValue')}: ${fmt(r.p)}`]);
    }),
    grid: grid({ top: 64, right: 64 }),
    xAxis: { type: 'value', name: 'q', min: 0, max: 1 },
    yAxis: { type: 'category', data: rows.map((r) => r.factor) },
    series: [
      {
        type: 'bar',
        name: 'q',
        data: rows.map((r) => ({ value: r.q, label: { show: true, position: 'right', formatter: `${fmt(r.q)}${pStars(r.p)}`, fontSize: 11 } })),
      },
    ],
  };
};

export const detectorInteraction: ViewChart = (ctx, spec) => {
  const it = sm(ctx, 'spatial_detector_interaction');
  if (!it || spec === undefined) return null;
  const { names, cells, max } = detectorMatrix(sm(ctx, 'spatial_detector_factor'), it, spec);
  if (!cells.length) return null;
  return {
    title: {
      ...title(ctx, TITLES.detectorInteraction(spec)),
      ...sub(ctx, '对角线 = 单因子 q；下三角 = 两因子叠加的 q', 'diagonal = single-factor q; lower triangle = q of the overlaid pair'),
    },
    tooltip: itemTip(ctx, (p) => {
      const [x, y, v] = p.data.value as [number, number, number];
      return ctx.tip([x === y ? names[x] : `${names[y]} ∩ ${names[x]}`, `q: ${fmt(v)}`]);
    }),
    grid: grid({ top: 64, right: 80, bottom: 24 }),
    xAxis: { type: 'category', data: names, splitArea: { show: true }, axisLabel: { rotate: names.length > 4 ? 30 : 0 } },
    yAxis: { type: 'category', data: names, inverse: true, splitArea: { show: true } },
    visualMap: {
      type: 'continuous',
      min: 0,
      max: max || 1,
      right: 4,
      top: 'middle',
      calculable: false,
      inRange: { color: ['#f7fbff', '#c6dbef', '#6baed6', '#2171b5'] },
    },
    series: [
      {
        type: 'heatmap',
        name: 'q',
        data: cells.map((c) => ({ value: c, label: { show: true, formatter: fmt(c[2]), fontSize: 11 } })),
        itemStyle: { borderColor: '#fff', borderWidth: 1 },
      },
    ],
  };
};

export const panelEffects: ViewChart = (ctx, arg) => {
  const imp = sm(ctx, 'spatial_panel_impacts');
  if (!imp || arg === undefined) return null;
  const at = arg.indexOf(':');
  const model = arg.slice(0, at);
  const spec = arg.slice(at + 1);
  const { estimator, terms, points, simulated } = panelEffectPoints(imp, spec, model);
  if (!points.length) return null;
  const name = (e: (typeof EFFECT_KINDS)[number]) => ctx.pick(EFFECT_NAMES[e]);
  const label = (term: string, e: (typeof EFFECT_KINDS)[number]) => `${term} · ${name(e)}`;
  const cats = terms.flatMap((term) => EFFECT_KINDS.map((e) => label(term, e))).reverse();
  const series: Record<string, unknown>[] = [];
  EFFECT_KINDS.forEach((e, i) => {
    const mine = points.filter((p) => p.effect === e);
    // each interval a two-point line on the row of its effect (as the figure draws it)
    for (const p of mine)
      if (Number.isFinite(p.lower) && Number.isFinite(p.upper))
        series.push({
          type: 'line',
          name: name(e),
          showSymbol: false,
          silent: true,
          lineStyle: { color: PAL[i], width: 2 },
          data: [
            [p.lower, label(p.term, e)],
            [p.upper, label(p.term, e)],
          ],
        });
    series.push({
      type: 'scatter',
      name: name(e),
      symbolSize: 9,
      itemStyle: { color: PAL[i] },
      data: mine.map((p) => ({ value: [p.estimate, label(p.term, e)], lower: p.lower, upper: p.upper })),
    });
  });
  series[series.length - 1].markLine = {
    silent: true,
    symbol: 'none',
    lineStyle: { type: 'dashed', color: '#888' },
    label: { show: false },
    data: [{ xAxis: 0 }],
  };
  return {
    title: {
      ...title(ctx, TITLES.panelEffects(spec, panelModelLabel(model), estimator === 'lee_yu')),
      ...(simulated
        ? sub(ctx, '点为效应估计值，横线为模拟 95% 区间', 'points: effects; bars: simulated 95% intervals')
        : sub(ctx, '点为效应估计值，横线为 ±1.96 倍 delta 方法标准误', 'points: effects; bars: ±1.96 delta-method SEs')),
    },
    tooltip: itemTip(ctx, (p) => ctx.tip([String(p.data.value[1]), `${fmt(p.data.value[0])} [${fmt(p.data.lower)}, ${fmt(p.data.upper)}]`])),
    legend: { bottom: 0, data: EFFECT_KINDS.map((e, i) => ({ name: name(e), itemStyle: { color: PAL[i] } })) },
    grid: grid({ top: 64, bottom: 36 }),
    xAxis: { type: 'value', scale: true, name: ctx.pick({ zh: '效应', en: 'effect' }) },
    yAxis: { type: 'category', data: cats },
    series,
  };
};

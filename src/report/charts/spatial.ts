/**
 * Spatial charts: global Moran's I over time with significance (`moran_trend`, from
 * `spatial_global`) and the Moran scatterplot of the latest period (`moran_scatter`, from
 * `spatial_local`: standardised value z against its spatial lag, quadrant lines at 0 and the line
 * of slope I through the origin — for row-standardised weights I is the OLS slope of lag_z on z), and
 * the effects of the fixed-effects spatial panels ({@link spatialPanelCharts}) and the geographical detector's q bars and
 * interaction heat map ({@link detectorCharts}).
 */
import type { RunBundle } from '../bundle.js';
import {
  analysisScore,
  AXIS_NAME,
  chartContext,
  fmt,
  getter,
  grid,
  legend,
  makeSpec,
  num,
  PALETTE,
  periodsOf,
  scoreRows,
  str,
  table,
  titled,
} from './common.js';
import { detectorCharts } from './spatial-detector.js';
import { spatialPanelCharts } from './spatial-panel.js';
import { TITLES } from './titles.js';
import type { ChartLang, ChartOptions, ChartSpec } from './types.js';

/** Significance stars: *** p ≤ 0.01, ** p ≤ 0.05, * p ≤ 0.1. */
export function stars(p: number): string {
  return !Number.isFinite(p) ? '' : p <= 0.01 ? '***' : p <= 0.05 ? '**' : p <= 0.1 ? '*' : '';
}

export function spatialCharts(bundle: RunBundle, lang: ChartLang, opts: ChartOptions = {}): ChartSpec[] {
  const ctx = chartContext(bundle, lang, opts);
  const out: ChartSpec[] = [];
  const glob = table(bundle, 'spatial_global');
  const moranI = new Map<string, number>();
  if (glob) {
    const score = analysisScore(glob, bundle, opts);
    const g = getter(glob);
    const rows = scoreRows(glob, score).filter((r) => str(g(r, 'statistic')) === 'moran');
    const periods = rows.map((r) => str(g(r, 'period')));
    rows.forEach((r) => moranI.set(str(g(r, 'period')), num(g(r, 'value'))));
    const perm = rows.some((r) => num(g(r, 'permutations')) > 0 && Number.isFinite(num(g(r, 'p_permutation'))));
    const pOf = (r: (typeof rows)[number]): number => (perm ? num(g(r, 'p_permutation')) : num(g(r, 'p_randomisation')));
    const E = num(g(rows[0] ?? [], 'expectation'));
    const sBi = score ? { zh: ctx.nodeZh(score), en: ctx.nodeEn(score) } : { zh: '', en: '' };
    if (rows.length) {
      out.push(
        makeSpec(ctx, {
          id: 'moran_trend',
          section: 'spatial',
          ...titled(TITLES.moranTrend(sBi)),
          subtitle: ctx.t(
            `实心点 = p ≤ 0.05；*** p≤0.01, ** p≤0.05, * p≤0.1（${perm ? '置换检验' : '随机化假设正态近似'}）；虚线 = E[I]`,
            `filled = p ≤ 0.05; *** p≤0.01, ** p≤0.05, * p≤0.1 (${perm ? 'permutation test' : 'normal approximation, randomisation'}); dashed = E[I]`,
          ),
          option: {
            grid: grid({ top: 80 }),
            xAxis: { type: 'category', data: periods, name: ctx.t('年份', 'period'), ...AXIS_NAME, nameGap: 28 },
            yAxis: { type: 'value', name: "Moran's I", ...AXIS_NAME, nameGap: 50, scale: true },
            series: [
              {
                type: 'line',
                name: "Moran's I",
                itemStyle: { color: PALETTE[0] },
                lineStyle: { width: 2 },
                symbolSize: 9,
                data: rows.map((r) => {
                  const v = num(g(r, 'value'));
                  const p = pOf(r);
                  return {
                    value: Number.isFinite(v) ? v : null,
                    symbol: p <= 0.05 ? 'circle' : 'emptyCircle',
                    label: { show: true, position: 'top', fontSize: 9, formatter: `${fmt(v)}${stars(p)}` },
                  };
                }),
                markLine: Number.isFinite(E)
                  ? {
                      symbol: 'none',
                      silent: true,
                      lineStyle: { type: 'dashed', color: '#888' },
                      label: { formatter: 'E[I]', position: 'end' },
                      data: [{ yAxis: E }],
                    }
                  : undefined,
              },
            ],
          },
        }),
      );
    }
  }
  const loc = table(bundle, 'spatial_local');
  if (loc) {
    const score = analysisScore(loc, bundle, opts);
    const g = getter(loc);
    const periods = periodsOf(loc);
    const p = periods[periods.length - 1];
    const rows = scoreRows(loc, score).filter((r) => p === undefined || str(g(r, 'period')) === p);
    const quads: [string, string, string, string][] = [
      ['HH', '高-高', 'high-high', '#d7191c'],
      ['LH', '低-高', 'low-high', '#abd9e9'],
      ['LL', '低-低', 'low-low', '#2c7bb6'],
      ['HL', '高-低', 'high-low', '#fdae61'],
    ];
    const pts = rows
      .map((r) => ({ u: str(g(r, 'unit')), z: num(g(r, 'z')), lz: num(g(r, 'lag_z')), q: str(g(r, 'quadrant')) }))
      .filter((o) => Number.isFinite(o.z) && Number.isFinite(o.lz));
    if (pts.length) {
      const I = moranI.get(p ?? '') ?? NaN;
      const xs = pts.map((o) => o.z);
      const lo = Math.min(...xs);
      const hi = Math.max(...xs);
      const sBi = score ? { zh: ctx.nodeZh(score), en: ctx.nodeEn(score) } : { zh: '', en: '' };
      const series: Record<string, unknown>[] = quads.map(([q, zh, en, colour]) => ({
        type: 'scatter',
        name: `${q} ${ctx.t(zh, en)}`,
        itemStyle: { color: colour, borderColor: '#333', borderWidth: 0.5 },
        symbolSize: 9,
        label: { show: true, position: 'right', fontSize: 9, formatter: '{b}', color: '#333' },
        data: pts.filter((o) => o.q === q).map((o) => ({ name: ctx.unit(o.u), value: [o.z, o.lz] })),
      }));
      series.push({
        type: 'line',
        name: Number.isFinite(I) ? `${ctx.t('斜率', 'slope')} I = ${fmt(I)}` : ctx.t('象限线', 'quadrants'),
        showSymbol: false,
        silent: true,
        lineStyle: { color: '#222', width: 1.5 },
        itemStyle: { color: '#222' },
        data: Number.isFinite(I)
          ? [
              [lo, I * lo],
              [hi, I * hi],
            ]
          : [],
        markLine: { symbol: 'none', silent: true, label: { show: false }, lineStyle: { type: 'dashed', color: '#999' }, data: [{ xAxis: 0 }, { yAxis: 0 }] },
      });
      out.push(
        makeSpec(ctx, {
          id: 'moran_scatter',
          section: 'spatial',
          ...titled(TITLES.moranScatter(sBi, p)),
          subtitle: ctx.t('横轴 = 标准化值 z，纵轴 = 空间滞后 Wz；颜色 = 象限', 'x = standardised value z, y = spatial lag Wz; colour = quadrant'),
          width: 820,
          height: 640,
          option: {
            legend: legend(),
            grid: grid({ top: 90 }),
            xAxis: { type: 'value', name: ctx.t('标准化值 z', 'standardised value z'), ...AXIS_NAME, nameGap: 28 },
            yAxis: { type: 'value', name: ctx.t('空间滞后 Wz', 'spatial lag Wz'), ...AXIS_NAME, nameGap: 40 },
            series,
          },
        }),
      );
    }
  }
  out.push(...spatialPanelCharts(bundle, lang, opts));
  out.push(...detectorCharts(bundle, lang, opts));
  return out;
}

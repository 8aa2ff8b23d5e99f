/**
 * Kernel density charts from the `density` table (score, period, group, x, density):
 * `density_lines` (the all-unit curve of every period, overlaid, light → dark with time),
 * `density_surface` (period × value × density as a heatmap — the 3-D surface of papers needs
 * ECharts GL, which has no server-side renderer; the subtitle says so) and `density_groups`
 * (the latest period's curve per group and for all units).
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
  SEQ_BLUES,
  str,
  table,
  titled,
} from './common.js';
import { TITLES } from './titles.js';
import type { ChartLang, ChartOptions, ChartSpec } from './types.js';

/** Blend two #rrggbb colours (t = 0 → a, 1 → b). */
function mix(a: string, b: string, t: number): string {
  const p = (c: string, i: number): number => parseInt(c.slice(1 + 2 * i, 3 + 2 * i), 16);
  const h = (v: number): string => Math.round(v).toString(16).padStart(2, '0');
  return `#${[0, 1, 2].map((i) => h(p(a, i) + (p(b, i) - p(a, i)) * t)).join('')}`;
}

/** Maximum number of value-grid rows drawn in the surface heatmap (every k-th grid point is kept). */
export const SURFACE_ROWS = 128;

export function densityCharts(bundle: RunBundle, lang: ChartLang, opts: ChartOptions = {}): ChartSpec[] {
  const t = table(bundle, 'density');
  if (!t) return [];
  const ctx = chartContext(bundle, lang, opts);
  const score = analysisScore(t, bundle, opts);
  const g = getter(t);
  const rows = scoreRows(t, score);
  const periods = periodsOf(t);
  const sBi = score ? { zh: ctx.nodeZh(score), en: ctx.nodeEn(score) } : { zh: '', en: '' };
  // curves[period][group] = [[x, density], ...] in table order (the grid is shared)
  const curves = new Map<string, Map<string, [number, number][]>>();
  const groups: string[] = [];
  for (const r of rows) {
    const p = str(g(r, 'period'));
    const gr = str(g(r, 'group'));
    if (!groups.includes(gr)) groups.push(gr);
    let m = curves.get(p);
    if (!m) curves.set(p, (m = new Map()));
    let c = m.get(gr);
    if (!c) m.set(gr, (c = []));
    c.push([num(g(r, 'x')), num(g(r, 'density'))]);
  }
  const out: ChartSpec[] = [];
  const xName = score ? ctx.node(score) : ctx.t('得分', 'score');
  const allLabel = ctx.t('全部单元', 'all units');
  const ps = periods.length ? periods : [''];
  const allCurves = ps.map((p) => curves.get(p)?.get('all') ?? []);
  if (allCurves.some((c) => c.length)) {
    out.push(
      makeSpec(ctx, {
        id: 'density_lines',
        section: 'density',
        ...titled(TITLES.densityLines(sBi)),
        subtitle: ctx.t('全部单元；颜色由浅到深 = 由早到晚', 'all units; light → dark = early → late periods'),
        width: 860,
        height: 520,
        option: {
          legend: legend(ps, { type: 'scroll' }),
          grid: grid({ top: 90 }),
          xAxis: { type: 'value', name: xName, ...AXIS_NAME, nameGap: 28, scale: true },
          yAxis: { type: 'value', name: ctx.t('密度', 'density'), ...AXIS_NAME, nameGap: 45 },
          series: ps.map((p, i) => ({
            type: 'line',
            name: p,
            showSymbol: false,
            smooth: false,
            lineStyle: { width: 1.5 },
            itemStyle: { color: mix('#9ecae1', '#08306b', ps.length > 1 ? i / (ps.length - 1) : 1) },
            data: allCurves[i],
          })),
        },
      }),
    );
    if (periods.length >= 2) {
      const n = allCurves[0].length;
      const step = Math.max(1, Math.ceil(n / SURFACE_ROWS));
      const keep: number[] = [];
      for (let k = 0; k < n; k += step) keep.push(k);
      const cells: [number, number, number][] = [];
      let max = 0;
      periods.forEach((_, pi) =>
        keep.forEach((k, yi) => {
          const d = allCurves[pi][k]?.[1];
          if (d === undefined || !Number.isFinite(d)) return;
          max = Math.max(max, d);
          cells.push([pi, yi, d]);
        }),
      );
      out.push(
        makeSpec(ctx, {
          id: 'density_surface',
          section: 'density',
          ...titled(TITLES.densitySurface(sBi)),
          subtitle: ctx.t(
            '期 × 取值 × 密度 的热力图（三维曲面需 ECharts GL，无法在服务器端渲染）',
            'period × value × density as a heatmap (the 3-D surface needs ECharts GL, which cannot render server-side)',
          ),
          width: 860,
          height: 600,
          option: {
            grid: { left: 80, right: 100, top: 80, bottom: 70 },
            xAxis: { type: 'category', data: periods, name: ctx.t('年份', 'period'), ...AXIS_NAME, nameGap: 28 },
            yAxis: {
              type: 'category',
              data: keep.map((k) => fmt(allCurves[0][k][0])),
              name: xName,
              ...AXIS_NAME,
              nameGap: 55,
              axisLabel: { fontSize: 9, interval: Math.max(0, Math.ceil(keep.length / 15) - 1) },
            },
            visualMap: {
              type: 'continuous',
              min: 0,
              max: max || 1,
              right: 10,
              top: 'middle',
              inRange: { color: SEQ_BLUES },
              text: [ctx.t('密度', 'density'), ''],
              textStyle: { fontSize: 10 },
              calculable: false,
            },
            series: [{ type: 'heatmap', name: ctx.t('密度', 'density'), data: cells }],
          },
        }),
      );
    }
  }
  const last = ps[ps.length - 1];
  const byGroup = curves.get(last);
  if (byGroup && groups.filter((gr) => gr !== 'all' && byGroup.has(gr)).length >= 1) {
    const shown = groups.filter((gr) => byGroup.has(gr));
    out.push(
      makeSpec(ctx, {
        id: 'density_groups',
        section: 'density',
        ...titled(TITLES.densityGroups(sBi, last)),
        subtitle: ctx.t('黑色虚线 = 全部单元', 'dashed black = all units'),
        width: 860,
        height: 520,
        option: {
          legend: legend(),
          grid: grid({ top: 90 }),
          xAxis: { type: 'value', name: xName, ...AXIS_NAME, nameGap: 28, scale: true },
          yAxis: { type: 'value', name: ctx.t('密度', 'density'), ...AXIS_NAME, nameGap: 45 },
          series: shown.map((gr, i) => ({
            type: 'line',
            name: gr === 'all' ? allLabel : ctx.group(gr),
            showSymbol: false,
            lineStyle: gr === 'all' ? { width: 2, type: 'dashed', color: '#222' } : { width: 1.8 },
            itemStyle: { color: gr === 'all' ? '#222' : PALETTE[i % PALETTE.length] },
            data: byGroup.get(gr),
          })),
        },
      }),
    );
  }
  return out;
}

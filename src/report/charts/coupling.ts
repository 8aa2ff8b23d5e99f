/**
 * Coupling coordination over time (`coupling_trend`, from `coupling`): the mean coupling
 * coordination degree D per group and over all units in every period, on the 0–1 scale with the
 * ten-class bands (0.1 wide) marked as faint horizontal lines.
 */
import type { RunBundle } from '../bundle.js';
import { AXIS_NAME, chartContext, ci, grid, legend, makeSpec, num, PALETTE, periodsOf, str, table, titled } from './common.js';
import { TITLES } from './titles.js';
import type { ChartLang, ChartOptions, ChartSpec } from './types.js';

export function couplingCharts(bundle: RunBundle, lang: ChartLang, opts: ChartOptions = {}): ChartSpec[] {
  const t = table(bundle, 'coupling');
  if (!t || ci(t, 'D') < 0) return [];
  const ctx = chartContext(bundle, lang, opts);
  const periods = periodsOf(t);
  if (periods.length < 2) return [];
  const uj = ci(t, 'unit');
  const pj = ci(t, 'period');
  const dj = ci(t, 'D');
  const pIndex = new Map(periods.map((p, i) => [p, i] as const));
  const sums = new Map<string, { s: number[]; n: number[] }>();
  const acc = (key: string, i: number, v: number): void => {
    let e = sums.get(key);
    if (!e) sums.set(key, (e = { s: periods.map(() => 0), n: periods.map(() => 0) }));
    e.s[i] += v;
    e.n[i]++;
  };
  for (const r of t.rows) {
    const i = pIndex.get(str(r[pj]));
    const v = num(r[dj]);
    if (i === undefined || !Number.isFinite(v)) continue;
    acc('\u0000all', i, v);
    const gl = ctx.groupOf.get(str(r[uj]));
    if (gl !== undefined) acc(gl, i, v);
  }
  const mean = (key: string): (number | null)[] => {
    const e = sums.get(key);
    return periods.map((_, i) => (e && e.n[i] > 0 ? e.s[i] / e.n[i] : null));
  };
  const subs = t.header.slice(t.header.indexOf('period') + 1, t.header.indexOf('C')).map(ctx.node);
  return [
    makeSpec(ctx, {
      id: 'coupling_trend',
      section: 'coupling',
      ...titled(TITLES.couplingTrend()),
      subtitle: ctx.t(`子系统：${subs.join('、')}；分组均值`, `subsystems: ${subs.join(', ')}; group means`),
      option: {
        legend: legend(),
        grid: grid({ top: 90 }),
        xAxis: { type: 'category', data: periods, name: ctx.t('年份', 'period'), ...AXIS_NAME, nameGap: 28 },
        yAxis: {
          type: 'value',
          name: ctx.t('耦合协调度 D', 'coordination degree D'),
          ...AXIS_NAME,
          nameGap: 50,
          scale: true,
          splitLine: { lineStyle: { color: '#eee' } },
          interval: 0.1,
        },
        series: [
          {
            type: 'line',
            name: ctx.t('全部单元', 'all units'),
            data: mean('\u0000all'),
            lineStyle: { width: 2.5, color: '#222' },
            itemStyle: { color: '#222' },
            symbolSize: 6,
          },
          ...ctx.groups.map((gl, i) => ({
            type: 'line',
            name: ctx.group(gl),
            data: mean(gl),
            itemStyle: { color: PALETTE[i % PALETTE.length] },
            symbolSize: 6,
          })),
        ],
      },
    }),
  ];
}

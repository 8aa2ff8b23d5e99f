/**
 * Results charts from the `ranks` table: the ranking bar of the latest period (`ranking`), trends of
 * the top units with group means (`trends_units`), trends of the group means (`trends_groups`) and
 * dimension profiles of the top units (`profiles`: radar with ≥ 3 dimensions, grouped bars otherwise).
 */
import type { RunBundle, ReportTable } from '../bundle.js';
import {
  AXIS_NAME,
  chartContext,
  ci,
  fmt,
  grid,
  latestPeriod,
  legend,
  makeSpec,
  niceCeil,
  num,
  PALETTE,
  periodLabel,
  periodRows,
  periodsOf,
  str,
  table,
  type ChartContext,
  titled,
} from './common.js';
import { TITLES } from './titles.js';
import type { ChartLang, ChartOptions, ChartSpec } from './types.js';

/** Mean of the finite values (NaN when none). */
function meanFinite(xs: number[]): number {
  let s = 0;
  let n = 0;
  for (const x of xs)
    if (Number.isFinite(x)) {
      s += x;
      n++;
    }
  return n ? s / n : NaN;
}

/** Latest-period rows of `score`, sorted by rank (ties and missing ranks last, then by unit order). */
export function latestRanking(t: ReportTable, score: string): { period?: string; rows: { unit: string; value: number; rank: number }[] } {
  const p = latestPeriod(t);
  const uj = ci(t, 'unit');
  const vj = ci(t, score);
  const rj = ci(t, `${score}_rank`);
  const rows = periodRows(t, p)
    .map((r, i) => ({ unit: str(r[uj]), value: num(r[vj]), rank: num(r[rj]), i }))
    .sort((a, b) => (Number.isFinite(a.rank) ? a.rank : Infinity) - (Number.isFinite(b.rank) ? b.rank : Infinity) || a.i - b.i)
    .map(({ unit, value, rank }) => ({ unit, value, rank }));
  return { period: p, rows };
}

/** Per-period mean of `score` over the units of each group (and over all units). */
export function groupMeans(ctx: ChartContext, t: ReportTable, score: string): { periods: string[]; all: number[]; byGroup: Map<string, number[]> } {
  const periods = periodsOf(t);
  const uj = ci(t, 'unit');
  const vj = ci(t, score);
  const pj = ci(t, 'period');
  const acc = new Map<string, number[][]>();
  const all: number[][] = periods.map(() => []);
  const pIndex = new Map(periods.map((p, i) => [p, i] as const));
  for (const g of ctx.groups)
    acc.set(
      g,
      periods.map(() => []),
    );
  for (const r of t.rows) {
    const i = pIndex.get(str(r[pj]));
    if (i === undefined) continue;
    const v = num(r[vj]);
    all[i].push(v);
    const g = ctx.groupOf.get(str(r[uj]));
    if (g !== undefined) acc.get(g)![i].push(v);
  }
  const byGroup = new Map<string, number[]>();
  for (const [g, a] of acc) byGroup.set(g, a.map(meanFinite));
  return { periods, all: all.map(meanFinite), byGroup };
}

export function resultsCharts(bundle: RunBundle, lang: ChartLang, opts: ChartOptions = {}): ChartSpec[] {
  const t = table(bundle, 'ranks');
  const ctx = chartContext(bundle, lang, opts);
  const score = ctx.score;
  if (!t || !score) return [];
  const out: ChartSpec[] = [];
  const scoreName = ctx.node(score);
  const { period, rows } = latestRanking(t, score);
  const pl = periodLabel(ctx, period);
  const sBi = { zh: ctx.nodeZh(score), en: ctx.nodeEn(score) };

  // Ranking bar: one series per group, stacked so each unit keeps one bar slot; legend = groups.
  const cats = rows.map((r) => ctx.unit(r.unit));
  const item = (v: number): Record<string, unknown> => ({ value: v, label: { show: true, position: 'right', formatter: fmt(v), fontSize: 9 } });
  const groups = ctx.groups.length ? ctx.groups : [''];
  const series = groups.map((gl, gi) => ({
    type: 'bar',
    name: gl === '' ? scoreName : ctx.group(gl),
    stack: 'rank',
    barMaxWidth: 18,
    itemStyle: { color: PALETTE[gi % PALETTE.length] },
    data: rows.map((r) => (gl === '' || ctx.groupOf.get(r.unit) === gl ? item(r.value) : null)),
  }));
  out.push(
    makeSpec(ctx, {
      id: 'ranking',
      section: 'results',
      ...titled(TITLES.ranking(sBi, period)),
      subtitle: ctx.t('按得分由高到低排列；颜色 = 分组', 'units ordered by score; colour = group'),
      width: 860,
      height: Math.max(400, 150 + 19 * rows.length),
      option: {
        legend: ctx.groups.length ? legend(groups.map(ctx.group)) : undefined,
        grid: { left: 120, right: 70, top: 85, bottom: 60 },
        xAxis: { type: 'value', name: scoreName, ...AXIS_NAME, nameGap: 28 },
        yAxis: { type: 'category', data: cats, inverse: true, axisLabel: { interval: 0, fontSize: 10 } },
        series,
      },
    }),
  );

  const periods = periodsOf(t);
  if (periods.length >= 2) {
    const top = opts.top ?? 10;
    const topUnits = rows.slice(0, top).map((r) => r.unit);
    const uj = ci(t, 'unit');
    const pj = ci(t, 'period');
    const vj = ci(t, score);
    const val = new Map<string, number>();
    for (const r of t.rows) val.set(`${str(r[uj])}\u0000${str(r[pj])}`, num(r[vj]));
    const gm = groupMeans(ctx, t, score);
    const axisX = { type: 'category', data: periods, name: ctx.t('年份', 'period'), ...AXIS_NAME, nameGap: 28, boundaryGap: false };
    const axisY = { type: 'value', name: scoreName, ...AXIS_NAME, nameGap: 50, scale: true };
    const unitSeries = topUnits.map((u, i) => ({
      type: 'line',
      name: ctx.unit(u),
      symbolSize: 5,
      lineStyle: { width: 1.6 },
      itemStyle: { color: PALETTE[i % PALETTE.length] },
      data: periods.map((p) => {
        const v = val.get(`${u}\u0000${p}`);
        return v !== undefined && Number.isFinite(v) ? v : null;
      }),
    }));
    const meanSeries = [...gm.byGroup].map(([g, v]) => ({
      type: 'line',
      name: `${ctx.group(g)} ${ctx.t('均值', 'mean')}`,
      symbol: 'none',
      lineStyle: { type: 'dashed', width: 2, color: '#555' },
      itemStyle: { color: '#555' },
      data: v.map((x) => (Number.isFinite(x) ? x : null)),
    }));
    out.push(
      makeSpec(ctx, {
        id: 'trends_units',
        section: 'results',
        ...titled(TITLES.trendsUnits(sBi, topUnits.length)),
        subtitle: ctx.t(`按${pl}排名选取；虚线 = 分组均值`, `top units in ${pl}; dashed = group means`),
        width: 900,
        height: 560,
        option: {
          legend: legend(undefined, { type: 'scroll', top: 48 }),
          grid: grid({ top: 90, right: 30, left: 80 }),
          xAxis: axisX,
          yAxis: axisY,
          series: [...unitSeries, ...meanSeries],
        },
      }),
    );
    const gSeries = [
      {
        type: 'line',
        name: ctx.t('全部单元', 'all units'),
        symbolSize: 6,
        lineStyle: { width: 2.5, color: '#222' },
        itemStyle: { color: '#222' },
        data: gm.all.map((x) => (Number.isFinite(x) ? x : null)),
      },
      ...[...gm.byGroup].map(([g, v], i) => ({
        type: 'line',
        name: ctx.group(g),
        symbolSize: 6,
        lineStyle: { width: 2 },
        itemStyle: { color: PALETTE[i % PALETTE.length] },
        data: v.map((x) => (Number.isFinite(x) ? x : null)),
      })),
    ];
    out.push(
      makeSpec(ctx, {
        id: 'trends_groups',
        section: 'results',
        ...titled(TITLES.trendsGroups(sBi)),
        subtitle: ctx.t('算术平均（忽略缺失）', 'arithmetic means of the units (missing values skipped)'),
        width: 800,
        height: 500,
        option: { legend: legend(), grid: grid({ top: 90 }), xAxis: axisX, yAxis: axisY, series: gSeries },
      }),
    );
  }

  // Dimension profiles of the top units in the latest period.
  const dims = ctx.dimensions.filter((d) => ci(t, d) >= 0);
  if (dims.length >= 2) {
    const topN = Math.min(opts.top ?? 5, rows.length);
    const latest = periodRows(t, period);
    const uj = ci(t, 'unit');
    const byUnit = new Map(latest.map((r) => [str(r[uj]), r] as const));
    const profile = (u: string): number[] => dims.map((d) => num(byUnit.get(u)?.[ci(t, d)] ?? null));
    const meanProfile = dims.map((d) => meanFinite(latest.map((r) => num(r[ci(t, d)]))));
    const units = rows.slice(0, topN).map((r) => r.unit);
    const allVals = [...units.flatMap(profile), ...meanProfile].filter(Number.isFinite);
    const dimNames = dims.map(ctx.node);
    const meanName = ctx.t('全部单元均值', 'mean of all units');
    const nul = (xs: number[]): (number | null)[] => xs.map((x) => (Number.isFinite(x) ? x : null));
    const { titleZh, titleEn } = titled(TITLES.profiles(topN, period));
    if (dims.length >= 3) {
      const max = niceCeil(Math.max(...allVals));
      out.push(
        makeSpec(ctx, {
          id: 'profiles',
          section: 'results',
          titleZh,
          titleEn,
          width: 800,
          height: 620,
          subtitle: ctx.t(`雷达轴 0–${fmt(max)}；虚线 = 全部单元均值`, `radar axes 0–${fmt(max)}; dashed = mean of all units`),
          option: {
            legend: legend(),
            radar: {
              center: ['50%', '57%'],
              radius: '62%',
              indicator: dimNames.map((name) => ({ name, max, min: 0 })),
              axisName: { color: '#333', fontSize: 12 },
              splitNumber: 4,
            },
            series: [
              {
                type: 'radar',
                symbolSize: 4,
                data: [
                  ...units.map((u, i) => ({
                    name: ctx.unit(u),
                    value: nul(profile(u)),
                    lineStyle: { width: 1.8, color: PALETTE[i % PALETTE.length] },
                    itemStyle: { color: PALETTE[i % PALETTE.length] },
                  })),
                  { name: meanName, value: nul(meanProfile), lineStyle: { type: 'dashed', width: 2, color: '#555' }, itemStyle: { color: '#555' } },
                ],
              },
            ],
          },
        }),
      );
    } else {
      out.push(
        makeSpec(ctx, {
          id: 'profiles',
          section: 'results',
          titleZh,
          titleEn,
          width: 800,
          height: 500,
          subtitle: ctx.t('灰色 = 全部单元均值', 'grey = mean of all units'),
          option: {
            legend: legend(),
            grid: grid({ top: 90 }),
            xAxis: { type: 'category', data: dimNames },
            yAxis: { type: 'value', name: ctx.t('得分', 'score'), ...AXIS_NAME, nameGap: 50 },
            series: [
              ...units.map((u, i) => ({ type: 'bar', name: ctx.unit(u), data: nul(profile(u)), itemStyle: { color: PALETTE[i % PALETTE.length] } })),
              { type: 'bar', name: meanName, data: nul(meanProfile), itemStyle: { color: '#999' } },
            ],
          },
        }),
      );
    }
  }
  return out;
}

/**
 * Obstacle-degree charts: how often each indicator is among a unit's top obstacles over all
 * unit-periods (`obstacle_frequency`, from `obstacle_top`) and the dimension obstacle shares per unit
 * in the latest period (`obstacle_dimensions`: 100% stacked bars, units in ranking order when the
 * ranks table is present).
 */
import type { RunBundle } from '../bundle.js';
import { chartContext, ci, getter, latestPeriod, legend, makeSpec, num, PALETTE, pct, periodRows, periodsOf, str, table, titled } from './common.js';
import { latestRanking } from './results.js';
import { TITLES } from './titles.js';
import type { ChartLang, ChartOptions, ChartSpec } from './types.js';

export function obstacleCharts(bundle: RunBundle, lang: ChartLang, opts: ChartOptions = {}): ChartSpec[] {
  const ctx = chartContext(bundle, lang, opts);
  const out: ChartSpec[] = [];
  const top = table(bundle, 'obstacle_top');
  if (top) {
    const g = getter(top);
    const count = new Map<string, number>();
    const names = new Map<string, string>();
    let k = 0;
    const unitPeriods = new Set<string>();
    for (const r of top.rows) {
      const ind = str(g(r, 'indicator'));
      if (ind === '') continue;
      count.set(ind, (count.get(ind) ?? 0) + 1);
      names.set(ind, str(g(r, ctx.lang === 'zh' ? 'nameZh' : 'nameEn')) || ctx.node(ind));
      k = Math.max(k, num(g(r, 'rank')));
      unitPeriods.add(`${str(g(r, 'unit'))}\u0000${str(g(r, 'period'))}`);
    }
    const items = [...count].sort((a, b) => b[1] - a[1]);
    const periods = periodsOf(top);
    const span = periods.length > 1 ? `${periods[0]}–${periods[periods.length - 1]}` : (periods[0] ?? '');
    out.push(
      makeSpec(ctx, {
        id: 'obstacle_frequency',
        section: 'obstacle',
        ...titled(TITLES.obstacleFrequency()),
        subtitle: ctx.t(
          `各单元各期前 ${k} 位障碍因子的计数（${unitPeriods.size} 个单元-期${span ? `，${span}` : ''}）`,
          `count of appearances among the top ${k} obstacles of each unit-period (${unitPeriods.size} unit-periods${span ? `, ${span}` : ''})`,
        ),
        width: 900,
        height: Math.max(360, 130 + 22 * items.length),
        option: {
          grid: { left: 250, right: 60, top: 80, bottom: 60 },
          xAxis: { type: 'value', name: ctx.t('频次', 'count'), nameLocation: 'middle', nameGap: 28, minInterval: 1 },
          yAxis: {
            type: 'category',
            data: items.map(([c]) => names.get(c) ?? c),
            inverse: true,
            axisLabel: { interval: 0, fontSize: 10, width: 230, overflow: 'truncate' },
          },
          series: [
            {
              type: 'bar',
              name: ctx.t('频次', 'count'),
              data: items.map(([, n]) => n),
              itemStyle: { color: PALETTE[2] },
              barMaxWidth: 16,
              label: { show: true, position: 'right', fontSize: 9 },
            },
          ],
        },
      }),
    );
  }
  const dimT = table(bundle, 'obstacle_dimensions');
  if (dimT) {
    const p = latestPeriod(dimT);
    const dims = dimT.header.filter((h) => h !== 'unit' && h !== 'period' && h !== 'note');
    const uj = ci(dimT, 'unit');
    const rows = periodRows(dimT, p);
    const byUnit = new Map(rows.map((r) => [str(r[uj]), r] as const));
    const ranks = table(bundle, 'ranks');
    let units = rows.map((r) => str(r[uj]));
    if (ranks && ctx.score) {
      const ordered = latestRanking(ranks, ctx.score)
        .rows.map((o) => o.unit)
        .filter((u) => byUnit.has(u));
      units = [...ordered, ...units.filter((u) => !ordered.includes(u))];
    }
    out.push(
      makeSpec(ctx, {
        id: 'obstacle_dimensions',
        section: 'obstacle',
        ...titled(TITLES.obstacleDimensions(p)),
        subtitle: ctx.t('每个单元合计 100%；单元按排名排列', 'each unit sums to 100%; units in ranking order'),
        width: 900,
        height: Math.max(400, 150 + 19 * units.length),
        option: {
          legend: legend(),
          grid: { left: 120, right: 40, top: 85, bottom: 60 },
          xAxis: { type: 'value', max: 1, name: ctx.t('障碍度', 'obstacle degree'), nameLocation: 'middle', nameGap: 28 },
          yAxis: { type: 'category', data: units.map(ctx.unit), inverse: true, axisLabel: { interval: 0, fontSize: 10 } },
          series: dims.map((d, i) => ({
            type: 'bar',
            stack: 'o',
            name: ctx.node(d),
            itemStyle: { color: PALETTE[i % PALETTE.length] },
            barMaxWidth: 18,
            data: units.map((u) => {
              const v = num(byUnit.get(u)?.[ci(dimT, d)] ?? null);
              return Number.isFinite(v) ? { value: v, label: { show: v >= 0.08, formatter: pct(v), fontSize: 8, color: '#fff' } } : null;
            }),
          })),
        },
      }),
    );
  }
  return out;
}

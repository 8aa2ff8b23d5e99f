/**
 * Robustness charts: rank intervals from the uncertainty analysis (`uncertainty_ranks`: median rank
 * with a p05–p95 whisker per unit, ordered by nominal rank, nominal rank as a diamond; latest period),
 * Sobol' sensitivity indices of the mean absolute rank shift (`sensitivity`: S1 and ST bars with
 * their bootstrap confidence intervals as whiskers, one panel each) and the leave-one-indicator-out
 * mean rank shifts (`leave_one_out`). Tables: `uncertainty`, `sensitivity`, `leave_one_out`.
 */
import type { RunBundle } from '../bundle.js';
import { analysisScore, AXIS_NAME, chartContext, fmt, getter, latestPeriod, legend, makeSpec, num, PALETTE, scoreRows, str, table, titled } from './common.js';
import { factorLabels, type FactorLike } from '../../robustness/labels.js';
import { TITLES } from './titles.js';
import type { ChartLang, ChartOptions, ChartSpec } from './types.js';

export function robustnessCharts(bundle: RunBundle, lang: ChartLang, opts: ChartOptions = {}): ChartSpec[] {
  const ctx = chartContext(bundle, lang, opts);
  const out: ChartSpec[] = [];
  // Factor labels (robustness/labels.ts): the input each factor varies, in the language.
  const labels = factorLabels(((bundle.run.spec.robustness ?? {}) as { factors?: FactorLike[] }).factors ?? [], ctx.lang);
  const factorName = (f: string): string => labels.get(f) ?? f;

  const unc = table(bundle, 'uncertainty');
  if (unc) {
    const score = analysisScore(unc, bundle, opts);
    const g = getter(unc);
    const p = latestPeriod(unc);
    const rows = scoreRows(unc, score)
      .filter((r) => p === undefined || str(g(r, 'period')) === p)
      .map((r) => ({
        u: str(g(r, 'unit')),
        nom: num(g(r, 'nominal_rank')),
        med: num(g(r, 'median_rank')),
        lo: num(g(r, 'p05_rank')),
        hi: num(g(r, 'p95_rank')),
      }))
      .filter((o) => Number.isFinite(o.nom))
      .sort((a, b) => a.nom - b.nom);
    if (rows.length) {
      const sBi = score ? { zh: ctx.nodeZh(score), en: ctx.nodeEn(score) } : { zh: '', en: '' };
      const reps = num(g(unc.rows[0], 'replications'));
      out.push(
        makeSpec(ctx, {
          id: 'uncertainty_ranks',
          section: 'robustness',
          ...titled(TITLES.uncertaintyRanks(sBi, p)),
          subtitle: ctx.t(
            `横线 = 中位排名，须线 = 5%–95% 分位（${fmt(reps)} 次重复）；菱形 = 名义排名`,
            `bar = median rank, whiskers = 5th–95th percentile (${fmt(reps)} replications); diamond = nominal rank`,
          ),
          width: Math.max(800, 140 + 24 * rows.length),
          height: 560,
          option: {
            legend: legend(),
            grid: { left: 70, right: 30, top: 90, bottom: 110 },
            xAxis: { type: 'category', data: rows.map((o) => ctx.unit(o.u)), axisLabel: { interval: 0, rotate: 60, fontSize: 10 } },
            yAxis: {
              type: 'value',
              inverse: true,
              min: 1,
              max: Math.max(...rows.map((o) => Math.max(o.hi, o.nom)).filter(Number.isFinite), rows.length),
              name: ctx.t('排名', 'rank'),
              ...AXIS_NAME,
              nameGap: 40,
            },
            series: [
              {
                type: 'boxplot',
                name: ctx.t('中位数与 5%–95% 区间', 'median and 5%–95% interval'),
                boxWidth: [6, 14],
                itemStyle: { color: '#ffffff', borderColor: PALETTE[0], borderWidth: 1.5 },
                data: rows.map((o) => [o.lo, o.med, o.med, o.med, o.hi]),
              },
              {
                type: 'scatter',
                name: ctx.t('名义排名', 'nominal rank'),
                symbol: 'diamond',
                symbolSize: 8,
                itemStyle: { color: PALETTE[2] },
                data: rows.map((o) => o.nom),
              },
            ],
          },
        }),
      );
    }
  }

  const sens = table(bundle, 'sensitivity');
  if (sens) {
    const g = getter(sens);
    const rows = sens.rows.filter((r) => str(g(r, 'target')) === 'mean_abs_rank_shift');
    if (rows.length) {
      const factors = rows.map((r) => factorName(str(g(r, 'factor'))));
      const panel = (k: 'S1' | 'ST', gi: number): Record<string, unknown>[] => [
        {
          type: 'bar',
          name: k === 'S1' ? ctx.t('一阶指数 S1', 'first-order S1') : ctx.t('总效应指数 ST', 'total-effect ST'),
          xAxisIndex: gi,
          yAxisIndex: gi,
          barMaxWidth: 40,
          itemStyle: { color: PALETTE[gi] },
          data: rows.map((r) => {
            const v = num(g(r, k));
            return Number.isFinite(v) ? v : null;
          }),
        },
        {
          type: 'boxplot',
          name: ctx.t('95% 置信区间', '95% CI'),
          xAxisIndex: gi,
          yAxisIndex: gi,
          boxWidth: [12, 12],
          itemStyle: { color: 'transparent', borderColor: '#222', borderWidth: 1.2 },
          data: rows.map((r) => {
            const v = num(g(r, k));
            const lo = num(g(r, `${k}_lo`));
            const hi = num(g(r, `${k}_hi`));
            return [lo, v, v, v, hi];
          }),
        },
      ];
      const ys = rows.flatMap((r) => ['S1', 'S1_lo', 'S1_hi', 'ST', 'ST_lo', 'ST_hi'].map((c) => num(g(r, c)))).filter(Number.isFinite);
      const step = Math.max(...ys) - Math.min(...ys) > 1.6 ? 0.5 : 0.2;
      const ymin = Math.min(0, Math.floor(Math.min(...ys) / step) * step);
      const ymax = Math.max(1, Math.ceil(Math.max(...ys) / step) * step);
      const xAxis = (gi: number, name: string): Record<string, unknown> => ({
        type: 'category',
        gridIndex: gi,
        data: factors,
        name,
        nameLocation: 'middle',
        nameGap: 45,
        axisLabel: { interval: 0, fontSize: 10, width: 120, overflow: 'break' },
      });
      const yAxis = (gi: number): Record<string, unknown> => ({
        type: 'value',
        gridIndex: gi,
        min: ymin,
        max: ymax,
        interval: step,
        name: gi === 0 ? ctx.t('Sobol 指数', "Sobol' index") : '',
        ...AXIS_NAME,
        nameGap: 40,
      });
      out.push(
        makeSpec(ctx, {
          id: 'sensitivity',
          section: 'robustness',
          ...titled(TITLES.sensitivity()),
          subtitle: ctx.t('柱 = 点估计，须线 = bootstrap 置信区间', 'bars = estimates, whiskers = bootstrap confidence intervals'),
          width: 900,
          height: 520,
          option: {
            legend: legend(),
            tooltip: {},
            grid: [
              { left: 70, right: '53%', top: 90, bottom: 90 },
              { left: '55%', right: 30, top: 90, bottom: 90 },
            ],
            xAxis: [xAxis(0, ctx.t('一阶 S1', 'first-order S1')), xAxis(1, ctx.t('总效应 ST', 'total effect ST'))],
            yAxis: [yAxis(0), yAxis(1)],
            series: [...panel('S1', 0), ...panel('ST', 1)],
          },
        }),
      );
    }
  }

  const loo = table(bundle, 'leave_one_out');
  if (loo) {
    const g = getter(loo);
    const items = loo.rows
      .map((r) => ({ c: str(g(r, 'indicator_removed')), v: num(g(r, 'mean_abs_rank_shift')), mx: num(g(r, 'max_abs_rank_shift')) }))
      .filter((o) => Number.isFinite(o.v))
      .sort((a, b) => b.v - a.v);
    if (items.length) {
      out.push(
        makeSpec(ctx, {
          id: 'leave_one_out',
          section: 'robustness',
          ...titled(TITLES.leaveOneOut()),
          subtitle: ctx.t('标签 = 平均变动（最大变动）', 'label = mean shift (largest shift)'),
          width: 900,
          height: Math.max(360, 130 + 20 * items.length),
          option: {
            grid: { left: 250, right: 90, top: 80, bottom: 60 },
            xAxis: { type: 'value', name: ctx.t('排名平均绝对变动', 'mean absolute rank shift'), nameLocation: 'middle', nameGap: 28 },
            yAxis: {
              type: 'category',
              data: items.map((o) => ctx.node(o.c)),
              inverse: true,
              axisLabel: { interval: 0, fontSize: 10, width: 230, overflow: 'truncate' },
            },
            series: [
              {
                type: 'bar',
                name: ctx.t('平均变动', 'mean shift'),
                barMaxWidth: 16,
                itemStyle: { color: PALETTE[4] },
                data: items.map((o) => ({ value: o.v, label: { show: true, position: 'right', fontSize: 9, formatter: `${fmt(o.v)} (${fmt(o.mx)})` } })),
              },
            ],
          },
        }),
      );
    }
  }
  return out;
}

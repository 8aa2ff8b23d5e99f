/**
 * Panel-model charts (issue 15): the likelihood-ratio curve of each threshold estimate
 * (`threshold_lr_<model>_<m>`: LR(γ) over the grid from `models_threshold_lr`, with the critical
 * value c = −2 ln(1 − √level) as a horizontal line — the thresholds' confidence set is where the
 * curve lies below it, Hansen 1999 Fig. 1). Charts of the DID event study and placebo test join
 * this family when their tables exist.
 */
import type { RunBundle } from '../bundle.js';
import { AXIS_NAME, chartContext, getter, grid, legend, makeSpec, num, PALETTE, str, table } from './common.js';
import type { ChartLang, ChartOptions, ChartSpec } from './types.js';

/** A file-name-safe slug of a model name. */
const slug = (s: string) => s.replace(/[^\p{L}\p{N}]+/gu, '_').replace(/^_|_$/g, '') || 'model';

export function modelsCharts(bundle: RunBundle, lang: ChartLang, opts: ChartOptions = {}): ChartSpec[] {
  const out: ChartSpec[] = [...eventCharts(bundle, lang, opts), ...placeboCharts(bundle, lang, opts)];
  const t = table(bundle, 'models_threshold_lr');
  if (!t) return out;
  const ctx = chartContext(bundle, lang, opts);
  const g = getter(t);
  const keys: string[] = [];
  for (const r of t.rows) {
    const k = `${str(g(r, 'model'))}\u0000${str(g(r, 'thresholds'))}`;
    if (!keys.includes(k)) keys.push(k);
  }
  for (const k of keys) {
    const [model, m] = k.split('\u0000');
    const rows = t.rows.filter((r) => str(g(r, 'model')) === model && str(g(r, 'thresholds')) === m);
    const crit = num(g(rows[0], 'critical'));
    const estimates = [...new Set(rows.map((r) => str(g(r, 'estimate'))))];
    const label = (e: string) => ctx.t(`门槛 ${e.replace('gamma', 'γ')}`, `threshold ${e.replace('gamma', 'γ')}`);
    out.push(
      makeSpec(ctx, {
        id: `threshold_lr_${slug(model)}_${m}`,
        section: 'models',
        titleZh: `${model}：门槛值的似然比统计量 LR(γ)（${m} 个门槛）`,
        titleEn: `${model}: likelihood ratio LR(γ) of the thresholds (${m} threshold${m === '1' ? '' : 's'})`,
        subtitle: ctx.t(
          `虚线为 ${(crit || 0).toFixed(2)} 临界值：曲线低于虚线的 γ 构成置信区间`,
          `dashed: critical value ${(crit || 0).toFixed(2)}; the confidence set is where LR(γ) lies below it`,
        ),
        option: {
          legend: legend(),
          grid: grid({ top: 90 }),
          xAxis: { type: 'value', name: ctx.t('门槛变量取值 γ', 'threshold γ'), ...AXIS_NAME, nameGap: 28, scale: true },
          yAxis: { type: 'value', name: 'LR(γ)', ...AXIS_NAME, nameGap: 45 },
          series: estimates.map((e, i) => ({
            type: 'line',
            name: label(e),
            showSymbol: false,
            itemStyle: { color: PALETTE[i % PALETTE.length] },
            data: rows.filter((r) => str(g(r, 'estimate')) === e).map((r) => [num(g(r, 'gamma')), num(g(r, 'lr'))]),
            ...(i === 0 && Number.isFinite(crit)
              ? {
                  markLine: {
                    silent: true,
                    symbol: 'none',
                    lineStyle: { type: 'dashed', color: '#c23b3b' },
                    label: { formatter: crit.toFixed(2) },
                    data: [{ yAxis: crit }],
                  },
                }
              : {}),
          })),
        },
      }),
    );
  }
  return out;
}

/**
 * The event study (`event_study_<model>`: the TWFE coefficients of the leads and lags with their
 * confidence intervals, the reference period at 0, a vertical line between e = −1 and e = 0 — the
 * parallel-trends figure; Callaway–Sant'Anna's θ(e) beside them when estimated).
 */
function eventCharts(bundle: RunBundle, lang: ChartLang, opts: ChartOptions): ChartSpec[] {
  const t = table(bundle, 'models_event');
  if (!t) return [];
  const ctx = chartContext(bundle, lang, opts);
  const g = getter(t);
  const models = [...new Set(t.rows.map((r) => str(g(r, 'model'))))];
  return models.map((model) => {
    const rows = t.rows.filter((r) => str(g(r, 'model')) === model);
    const es = [...new Set(rows.map((r) => num(g(r, 'e'))))].sort((a, b) => a - b);
    const methods = [...new Set(rows.map((r) => str(g(r, 'method'))))];
    const name = (m: string) => (m === 'cs' ? ctx.t('Callaway–Sant’Anna θ(e)', 'Callaway–Sant’Anna θ(e)') : ctx.t('双向固定效应系数', 'TWFE coefficients'));
    const series: Record<string, unknown>[] = [];
    methods.forEach((m, i) => {
      const color = PALETTE[i % PALETTE.length];
      const at = (e: number) => rows.find((r) => str(g(r, 'method')) === m && num(g(r, 'e')) === e);
      const shift = methods.length > 1 ? (i - (methods.length - 1) / 2) * 0.15 : 0;
      series.push({
        type: 'scatter',
        name: name(m),
        symbolSize: 8,
        itemStyle: { color },
        data: es.flatMap((e) => {
          const r = at(e);
          return r ? [[e + shift, num(g(r, 'estimate'))]] : [];
        }),
        ...(i === 0
          ? {
              markLine: {
                silent: true,
                symbol: 'none',
                lineStyle: { type: 'dashed', color: '#888' },
                label: { show: false },
                data: [{ xAxis: -0.5 }, { yAxis: 0 }],
              },
            }
          : {}),
      });
      // Confidence intervals as error bars (a vertical segment per period).
      series.push({
        type: 'line',
        name: name(m),
        showSymbol: false,
        lineStyle: { color, width: 1.5 },
        connectNulls: false,
        data: es.flatMap((e) => {
          const r = at(e);
          return r
            ? [
                [e + shift, num(g(r, 'ci_low'))],
                [e + shift, num(g(r, 'ci_high'))],
                [e + shift, null],
              ]
            : [];
        }),
      });
    });
    return makeSpec(ctx, {
      id: `event_study_${slug(model)}`,
      section: 'models',
      titleZh: `${model}：事件研究（平行趋势检验）`,
      titleEn: `${model}: event study (parallel trends)`,
      subtitle: ctx.t(
        '点为估计值，竖线为 95% 置信区间；虚线左侧为处理前各期',
        'points: estimates; bars: 95% confidence intervals; left of the dashed line: before treatment',
      ),
      option: {
        legend: legend(methods.map(name)),
        grid: grid({ top: 90 }),
        xAxis: {
          type: 'value',
          name: ctx.t('相对处理时期 e', 'periods relative to treatment e'),
          ...AXIS_NAME,
          nameGap: 28,
          min: es[0] - 1,
          max: es[es.length - 1] + 1,
          interval: 1,
        },
        yAxis: { type: 'value', name: ctx.t('处理效应', 'effect'), ...AXIS_NAME, nameGap: 50, scale: true },
        series,
      },
    });
  });
}

/** The placebo distribution (`placebo_<model>`): histogram of the placebo estimates, the observed estimate as a vertical line. */
function placeboCharts(bundle: RunBundle, lang: ChartLang, opts: ChartOptions): ChartSpec[] {
  const t = table(bundle, 'models_placebo');
  if (!t) return [];
  const ctx = chartContext(bundle, lang, opts);
  const g = getter(t);
  const models = [...new Set(t.rows.map((r) => str(g(r, 'model'))))];
  return models.map((model) => {
    const rows = t.rows.filter((r) => str(g(r, 'model')) === model);
    const draws = rows.map((r) => num(g(r, 'estimate'))).filter(Number.isFinite);
    const observed = num(g(rows[0], 'observed'));
    const lo = Math.min(...draws, observed);
    const hi = Math.max(...draws, observed);
    const bins = 30;
    const w = (hi - lo) / bins || 1;
    const counts = new Array<number>(bins).fill(0);
    for (const d of draws) counts[Math.min(bins - 1, Math.floor((d - lo) / w))]++;
    return makeSpec(ctx, {
      id: `placebo_${slug(model)}`,
      section: 'models',
      titleZh: `${model}：安慰剂检验（随机分配处理时点 ${draws.length} 次）`,
      titleEn: `${model}: placebo test (${draws.length} random reassignments of the treatment timing)`,
      subtitle: ctx.t(
        `柱为安慰剂估计值的分布，红线为真实估计值 ${observed.toPrecision(4)}`,
        `bars: placebo estimates; red line: the estimate ${observed.toPrecision(4)}`,
      ),
      option: {
        grid: grid({ top: 80 }),
        xAxis: { type: 'value', name: ctx.t('估计值', 'estimate'), ...AXIS_NAME, nameGap: 28, min: lo - w, max: hi + w },
        yAxis: { type: 'value', name: ctx.t('频数', 'count'), ...AXIS_NAME, nameGap: 40 },
        series: [
          {
            type: 'bar',
            name: ctx.t('安慰剂估计值', 'placebo estimates'),
            barWidth: '95%',
            itemStyle: { color: PALETTE[0] },
            data: counts.map((c, i) => [lo + (i + 0.5) * w, c]),
            markLine: {
              silent: true,
              symbol: 'none',
              lineStyle: { color: '#c23b3b', width: 2 },
              label: { formatter: observed.toPrecision(4) },
              data: [{ xAxis: observed }],
            },
          },
        ],
      },
    });
  });
}

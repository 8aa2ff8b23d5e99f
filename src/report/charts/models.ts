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
  const out: ChartSpec[] = [];
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

/**
 * Convergence charts: σ convergence (`sigma_convergence`: coefficient of variation and standard
 * deviation of logs over time, from `convergence_sigma`) and absolute β convergence
 * (`beta_convergence`: annual growth (ln x_T − ln x_0)/T against ln x_0 per unit, with the fitted
 * line of the `absolute` model in `convergence_beta`; T = to − from for numeric period labels,
 * else the difference of positions, as in the analysis). Unit scores come from `ranks`, else from
 * `data_aggregated`; units with a non-positive or missing score in either period are left out.
 */
import { formatP } from '../../core/number-format.js';
import type { ReportTable, RunBundle } from '../bundle.js';
import {
  analysisScore,
  AXIS_NAME,
  chartContext,
  ci,
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
import { TITLES } from './titles.js';
import type { ChartLang, ChartOptions, ChartSpec } from './types.js';

/** (unit, growth, ln x0) for the absolute β model between `from` and `to`, from the first table holding `score`. */
export function betaPoints(bundle: RunBundle, score: string, from: string, to: string): { unit: string; lnx0: number; growth: number }[] {
  const src: ReportTable | undefined = [bundle.tables.get('ranks'), bundle.tables.get('data_aggregated')].find(
    (t) => t && ci(t, score) >= 0 && ci(t, 'period') >= 0,
  );
  if (!src) return [];
  const periods = periodsOf(src);
  const T = Number.isFinite(Number(from)) && Number.isFinite(Number(to)) ? Number(to) - Number(from) : periods.indexOf(to) - periods.indexOf(from);
  if (!(T > 0)) return [];
  const uj = ci(src, 'unit');
  const pj = ci(src, 'period');
  const vj = ci(src, score);
  const x0 = new Map<string, number>();
  const xT = new Map<string, number>();
  const order: string[] = [];
  for (const r of src.rows) {
    const u = str(r[uj]);
    const p = str(r[pj]);
    if (p === from) {
      x0.set(u, num(r[vj]));
      order.push(u);
    } else if (p === to) xT.set(u, num(r[vj]));
  }
  const out: { unit: string; lnx0: number; growth: number }[] = [];
  for (const u of order) {
    const a = x0.get(u) ?? NaN;
    const b = xT.get(u) ?? NaN;
    if (a > 0 && b > 0) out.push({ unit: u, lnx0: Math.log(a), growth: (Math.log(b) - Math.log(a)) / T });
  }
  return out;
}

export function convergenceCharts(bundle: RunBundle, lang: ChartLang, opts: ChartOptions = {}): ChartSpec[] {
  const ctx = chartContext(bundle, lang, opts);
  const out: ChartSpec[] = [];
  const sig = table(bundle, 'convergence_sigma');
  if (sig) {
    const score = analysisScore(sig, bundle, opts);
    const g = getter(sig);
    const rows = scoreRows(sig, score);
    const col = (c: string): (number | null)[] =>
      rows.map((r) => {
        const v = num(g(r, c));
        return Number.isFinite(v) ? v : null;
      });
    const sBi = score ? { zh: ctx.nodeZh(score), en: ctx.nodeEn(score) } : { zh: '', en: '' };
    out.push(
      makeSpec(ctx, {
        id: 'sigma_convergence',
        section: 'convergence',
        ...titled(TITLES.sigma(sBi)),
        subtitle: ctx.t('下降 = 离散程度收敛', 'a falling line = dispersion narrows (σ convergence)'),
        option: {
          legend: legend(),
          grid: grid({ top: 90 }),
          xAxis: { type: 'category', data: rows.map((r) => str(g(r, 'period'))), name: ctx.t('年份', 'period'), ...AXIS_NAME, nameGap: 28 },
          yAxis: { type: 'value', name: ctx.t('离散程度', 'dispersion'), ...AXIS_NAME, nameGap: 50, scale: true },
          series: [
            { type: 'line', name: ctx.t('变异系数 CV', 'coefficient of variation'), data: col('cv'), itemStyle: { color: PALETTE[0] }, symbolSize: 6 },
            { type: 'line', name: ctx.t('对数标准差', 'sd of logs'), data: col('sd_log'), itemStyle: { color: PALETTE[1] }, symbolSize: 6 },
          ],
        },
      }),
    );
  }
  const beta = table(bundle, 'convergence_beta');
  if (beta) {
    const score = analysisScore(beta, bundle, opts);
    const g = getter(beta);
    const rows = scoreRows(beta, score).filter((r) => str(g(r, 'model')) === 'absolute');
    const slope = rows.find((r) => str(g(r, 'term')) === 'ln_x0');
    const icpt = rows.find((r) => str(g(r, 'term')) === '(Intercept)');
    if (score && slope) {
      const from = str(g(slope, 'from'));
      const to = str(g(slope, 'to'));
      const pts = betaPoints(bundle, score, from, to);
      if (pts.length) {
        const b = num(g(slope, 'estimate'));
        const a = icpt ? num(g(icpt, 'estimate')) : NaN;
        const p = num(g(slope, 'p'));
        const xs = pts.map((o) => o.lnx0);
        const lo = Math.min(...xs);
        const hi = Math.max(...xs);
        const speed = num(g(slope, 'speed'));
        const half = num(g(slope, 'half_life'));
        const sBi = { zh: ctx.nodeZh(score), en: ctx.nodeEn(score) };
        // p as in the tables: <0.001 or three decimals (core/number-format.ts), never 1.8e-6.
        const pText = Number.isFinite(p) ? (p < 0.001 ? 'p < 0.001' : `p = ${formatP(p)}`) : 'p = –';
        const stats =
          `β = ${fmt(b)} (${pText}), R² =` +
          ` ${fmt(num(g(slope, 'r2')))}${Number.isFinite(speed) ? `, λ = ${fmt(speed)}` : ''}${Number.isFinite(half) ? `, ${ctx.t('半衰期', 'half-life')} ${fmt(half)}` : ''}`;
        out.push(
          makeSpec(ctx, {
            id: 'beta_convergence',
            section: 'convergence',
            ...titled(TITLES.beta(sBi, from, to)),
            subtitle: stats,
            width: 820,
            height: 620,
            option: {
              legend: legend(),
              grid: grid({ top: 90 }),
              xAxis: { type: 'value', name: ctx.t(`初期水平 ln x(${from})`, `initial level ln x(${from})`), ...AXIS_NAME, nameGap: 28, scale: true },
              yAxis: { type: 'value', name: ctx.t('年均增长率', 'annual growth'), ...AXIS_NAME, nameGap: 55, scale: true },
              series: [
                {
                  type: 'scatter',
                  name: ctx.t('单元', 'units'),
                  symbolSize: 8,
                  itemStyle: { color: PALETTE[0] },
                  label: { show: true, position: 'right', fontSize: 9, formatter: '{b}', color: '#333' },
                  data: pts.map((o) => ({ name: ctx.unit(o.unit), value: [o.lnx0, o.growth] })),
                },
                ...(Number.isFinite(a) && Number.isFinite(b)
                  ? [
                      {
                        type: 'line',
                        name: ctx.t('拟合线', 'fitted line'),
                        showSymbol: false,
                        lineStyle: { color: PALETTE[2], width: 2 },
                        itemStyle: { color: PALETTE[2] },
                        data: [
                          [lo, a + b * lo],
                          [hi, a + b * hi],
                        ],
                      },
                    ]
                  : []),
              ],
            },
          }),
        );
      }
    }
  }
  return out;
}

/**
 * Markov transition-probability heatmaps from `markov_transitions` (score, condition, from_class,
 * to_class, count, probability, from_total): `markov_traditional` for condition `all` and
 * `markov_spatial_<l>` for each `lag class l` of the spatial chain. Rows = class at t (with the number
 * of departures), columns = class at t + 1; cells show the probability. Rows without departures
 * (empty probability) stay blank.
 */
import type { RunBundle } from '../bundle.js';
import { analysisScore, chartContext, fmt, getter, makeSpec, num, scoreRows, str, table, titled } from './common.js';
import { TITLES } from './titles.js';
import type { ChartLang, ChartOptions, ChartSpec } from './types.js';

export function markovCharts(bundle: RunBundle, lang: ChartLang, opts: ChartOptions = {}): ChartSpec[] {
  const t = table(bundle, 'markov_transitions');
  if (!t) return [];
  const ctx = chartContext(bundle, lang, opts);
  const score = analysisScore(t, bundle, opts);
  const g = getter(t);
  const rows = scoreRows(t, score);
  const conditions: string[] = [];
  for (const r of rows) {
    const c = str(g(r, 'condition'));
    if (!conditions.includes(c)) conditions.push(c);
  }
  const sBi = score ? { zh: ctx.nodeZh(score), en: ctx.nodeEn(score) } : { zh: '', en: '' };
  const out: ChartSpec[] = [];
  for (const cond of conditions) {
    const cr = rows.filter((r) => str(g(r, 'condition')) === cond);
    const classes = [...new Set(cr.flatMap((r) => [num(g(r, 'from_class')), num(g(r, 'to_class'))]))].filter(Number.isFinite).sort((a, b) => a - b);
    const k = classes.length;
    const totals = new Map<number, number>();
    const cells: Record<string, unknown>[] = [];
    for (const r of cr) {
      const from = classes.indexOf(num(g(r, 'from_class')));
      const to = classes.indexOf(num(g(r, 'to_class')));
      totals.set(from, num(g(r, 'from_total')));
      const p = num(g(r, 'probability'));
      if (from < 0 || to < 0 || !Number.isFinite(p)) continue;
      cells.push({ value: [to, from, p], label: { show: true, formatter: fmt(p), fontSize: 12, color: p > 0.55 ? '#fff' : '#222' } });
    }
    const classLabel = (i: number, zh: boolean): string => {
      const c = String(classes[i]);
      if (i === 0) return zh ? `${c}（低）` : `${c} (low)`;
      if (i === k - 1) return zh ? `${c}（高）` : `${c} (high)`;
      return c;
    };
    const lag = /^lag class (.+)$/.exec(cond);
    const id = cond === 'all' ? 'markov_traditional' : lag ? `markov_spatial_${lag[1]}` : `markov_${cond.replace(/[^A-Za-z0-9]+/g, '_')}`;
    const { titleZh, titleEn } = titled(TITLES.markov(sBi, cond));
    const zh = ctx.lang === 'zh';
    out.push(
      makeSpec(ctx, {
        id,
        section: 'markov',
        titleZh,
        titleEn,
        subtitle: ctx.t('行 = t 期类型（括号内为转出次数 n），列 = t+1 期类型', 'rows = class at t (n = departures), columns = class at t+1'),
        width: 620,
        height: 560,
        option: {
          grid: { left: 120, right: 40, top: 80, bottom: 80 },
          xAxis: {
            type: 'category',
            data: classes.map((_, i) => classLabel(i, zh)),
            name: ctx.t('t+1 期类型', 'class at t+1'),
            nameLocation: 'middle',
            nameGap: 30,
            splitArea: { show: true },
          },
          yAxis: {
            type: 'category',
            // n is a count of transitions: an integer, never "32.0".
            data: classes.map((_, i) => `${classLabel(i, zh)}  n=${totals.has(i) ? String(Math.round(totals.get(i)!)) : '–'}`),
            inverse: true,
            name: ctx.t('t 期类型', 'class at t'),
            nameLocation: 'middle',
            nameGap: 100,
            splitArea: { show: true },
          },
          visualMap: { show: false, type: 'continuous', min: 0, max: 1, inRange: { color: ['#ffffff', '#9ecae1', '#3182bd', '#08306b'] } },
          series: [{ type: 'heatmap', name: ctx.t('转移概率', 'transition probability'), data: cells, itemStyle: { borderColor: '#ddd', borderWidth: 1 } }],
        },
      }),
    );
  }
  return out;
}

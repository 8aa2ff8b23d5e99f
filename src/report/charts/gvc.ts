/**
 * Value-chain charts (issue 18), from the `valueChains` tables: GVC position against participation
 * by country (`gvc_position_scatter`, Koopman et al. 2010: each point a country, labelled with its
 * name in the report's language), and the composition of each country's gross exports
 * (`gvc_kww_composition`: value-added exports, returned domestic value added, foreign value added and
 * pure double counting stacked — they add up to gross exports, KWW 2014). With a panel of tables (a
 * year column) both show the latest year.
 */
import type { RunBundle } from '../bundle.js';
import { AXIS_NAME, chartContext, getter, grid, legend, makeSpec, num, PALETTE, str, table } from './common.js';
import type { ChartLang, ChartOptions, ChartSpec } from './types.js';

export function valueChainCharts(bundle: RunBundle, lang: ChartLang, opts: ChartOptions = {}): ChartSpec[] {
  const out: ChartSpec[] = [];
  const ctx = chartContext(bundle, lang, opts);
  const name = (g: ReturnType<typeof getter>, r: Parameters<ReturnType<typeof getter>>[0]) =>
    str(g(r, lang === 'zh' ? 'country_zh' : 'country_en')) || str(g(r, 'country'));
  // a panel of tables (a year column): the charts show the latest year, named in the title
  const latest = (t: NonNullable<ReturnType<typeof table>>) => {
    const g = getter(t);
    if (!t.header.includes('year')) return { rows: t.rows, zh: '', en: '' };
    const ys = t.rows.map((r) => num(g(r, 'year')));
    const y = Math.max(...ys.filter(Number.isFinite));
    return { rows: t.rows.filter((_, i) => ys[i] === y), zh: `（${y} 年）`, en: ` (${y})` };
  };
  const pos = table(bundle, 'gvc_position');
  if (pos) {
    const g = getter(pos);
    const last = latest(pos);
    const pts = last.rows
      .map((r) => ({ value: [num(g(r, 'participation')), num(g(r, 'position'))], name: name(g, r) }))
      .filter((p) => p.value.every(Number.isFinite));
    out.push(
      makeSpec(ctx, {
        id: 'gvc_position_scatter',
        section: 'valueChains',
        titleZh: `全球价值链位置指数与参与度${last.zh}`,
        titleEn: `GVC position and participation${last.en}`,
        subtitle: ctx.t(
          '参与度 = (IV + FV)/E，位置 = ln(1 + IV/E) − ln(1 + FV/E)（Koopman 等，2010）',
          'participation = (IV + FV)/E, position = ln(1 + IV/E) − ln(1 + FV/E) (Koopman et al. 2010)',
        ),
        option: {
          grid: grid({ top: 90 }),
          xAxis: { type: 'value', name: ctx.t('参与度', 'participation'), ...AXIS_NAME, nameGap: 28, scale: true },
          yAxis: { type: 'value', name: ctx.t('位置指数', 'position'), ...AXIS_NAME, nameGap: 50, scale: true },
          series: [
            {
              type: 'scatter',
              symbolSize: 10,
              itemStyle: { color: PALETTE[0] },
              label: { show: true, position: 'right', formatter: '{b}', fontSize: 11 },
              data: pts,
              markLine: { silent: true, symbol: 'none', lineStyle: { type: 'dashed', color: '#888' }, label: { show: false }, data: [{ yAxis: 0 }] },
            },
          ],
        },
      }),
    );
  }
  const kww = table(bundle, 'gvc_kww');
  if (kww) {
    const g = getter(kww);
    const parts: [string, string, string][] = [
      ['vax', '增加值出口（T1–T3）', 'value-added exports (T1–T3)'],
      ['rdv', '返回的国内增加值（T4–T5）', 'returned domestic VA (T4–T5)'],
      ['fva', '国外增加值（T7–T8）', 'foreign VA (T7–T8)'],
      ['pdc', '纯重复计算（T6 + T9）', 'pure double counting (T6 + T9)'],
    ];
    const last = latest(kww);
    const names = last.rows.map((r) => name(g, r));
    out.push(
      makeSpec(ctx, {
        id: 'gvc_kww_composition',
        section: 'valueChains',
        titleZh: `总出口的增加值构成（KWW 分解）${last.zh}`,
        titleEn: `Value-added composition of gross exports (KWW decomposition)${last.en}`,
        height: Math.max(400, 120 + 26 * names.length),
        option: {
          legend: legend(),
          grid: grid({ top: 90, left: 140 }),
          xAxis: { type: 'value', name: ctx.t('总出口', 'gross exports'), ...AXIS_NAME, nameGap: 28 },
          yAxis: { type: 'category', data: names, inverse: true },
          series: parts.map(([k, zh, en], i) => ({
            type: 'bar',
            stack: 'exports',
            name: ctx.t(zh, en),
            itemStyle: { color: PALETTE[i % PALETTE.length] },
            data: last.rows.map((r) => num(g(r, k))),
          })),
        },
      }),
    );
  }
  return out;
}

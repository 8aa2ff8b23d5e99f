/**
 * Efficiency (DEA) figures (`efficiency`, from src/lenses/efficiency): for each productivity index entry of
 * efficiency_ml (ML, GML) and efficiency_malmquist, `efficiency_change_<name>`: the geometric means over the units
 * of EC and TC (GML: BPC) per step as bars, the index as a line, 1 marked (../efficiency-data.ts). The efficiency
 * score map is in the `maps` family (`map_efficiency`).
 */
import type { RunBundle } from '../bundle.js';
import { changeSteps, pctChange } from './efficiency-data.js';
import { AXIS_NAME, chartContext, grid, legend, makeSpec, PALETTE, table, titled } from './common.js';
import { TITLES } from './titles.js';
import type { ChartLang, ChartOptions, ChartSpec } from './types.js';

export function efficiencyCharts(bundle: RunBundle, lang: ChartLang, opts: ChartOptions = {}): ChartSpec[] {
  const out: ChartSpec[] = [];
  const ctx = chartContext(bundle, lang, opts);
  for (const name of ['efficiency_ml', 'efficiency_malmquist']) {
    const t = table(bundle, name);
    if (!t) continue;
    const jm = t.header.indexOf('model');
    const models = [...new Set(t.rows.map((r) => String(r[jm])))];
    for (const model of models) {
      const { steps, gml, kind } = changeSteps(t, model);
      if (!steps.length) continue;
      const bi = { zh: ctx.nodeZh(model), en: ctx.nodeEn(model) };
      const ec = ctx.t('效率变化 EC', 'efficiency change EC');
      const tc = gml ? ctx.t('最佳实践差距变化 BPC', 'best-practice gap change BPC') : ctx.t('技术变化 TC', 'technical change TC');
      const ix = ctx.t(`${kind} 指数`, `${kind} index`);
      out.push(
        makeSpec(ctx, {
          id: `efficiency_change_${model.replace(/[^A-Za-z0-9_-]/g, '_')}`,
          section: 'efficiency',
          ...titled(TITLES.efficiencyChange(bi, gml)),
          subtitle: ctx.t(
            '各单元的几何均值，相对上期的变化率（%）；(1 + EC)(1 + TC) = 1 + 指数',
            'geometric means over the units as % change on the previous period; (1 + EC)(1 + TC) = 1 + index',
          ),
          option: {
            color: PALETTE,
            legend: legend([ec, tc, ix]),
            grid: grid({ top: 90, bottom: 70 }),
            xAxis: {
              type: 'category',
              data: steps.map((s) => `${s.from}→${s.to}`),
              name: ctx.t('时期', 'period'),
              ...AXIS_NAME,
              nameGap: 50,
              axisLabel: { rotate: steps.length > 6 ? 30 : 0, interval: 0 },
            },
            yAxis: { type: 'value', name: ctx.t('变化率（%）', 'change (%)'), ...AXIS_NAME, nameGap: 45 },
            series: [
              { type: 'bar', name: ec, data: steps.map((s) => pctChange(s.ec)) },
              { type: 'bar', name: tc, data: steps.map((s) => pctChange(s.tc)) },
              { type: 'line', name: ix, data: steps.map((s) => pctChange(s.index)), symbolSize: 6 },
            ],
          },
        }),
      );
    }
  }
  return out;
}

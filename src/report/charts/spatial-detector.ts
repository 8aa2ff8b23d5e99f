/**
 * Geographical-detector figures (issue 16), from the detector tables of `analyses.spatial_models`:
 * - `spatial_detector_q_<spec>` (from `spatial_detector_factor`): the q value of each factor as a horizontal bar,
 *   sorted, with significance stars from its p (*** ≤ 0.01, ** ≤ 0.05, * ≤ 0.1);
 * - `spatial_detector_interaction_<spec>` (from `spatial_detector_interaction`): the matrix of q(X1∩X2) over the
 *   factor pairs as a heat map (lower triangle), the single-factor q on the diagonal.
 * One figure each per detector specification, in the section of `spatial_models` (figures/ and the workbench's
 * results view draw the family's charts by section; report.html shows that section's declared tables).
 */
import type { RunBundle } from '../bundle.js';
import { AXIS_NAME, chartContext, fmt, grid, makeSpec, PALETTE, SEQ_BLUES, table } from './common.js';
import { detectorFactorQ, detectorMatrix, distinct, pStars, specSlug } from './spatial-models-data.js';
import { TITLES } from './titles.js';
import type { ChartLang, ChartOptions, ChartSpec } from './types.js';

export function detectorCharts(bundle: RunBundle, lang: ChartLang, opts: ChartOptions = {}): ChartSpec[] {
  const out: ChartSpec[] = [];
  const ctx = chartContext(bundle, lang, opts);
  const fac = table(bundle, 'spatial_detector_factor');
  if (fac) {
    for (const spec of distinct(fac, 'spec')) {
      const rows = detectorFactorQ(fac, spec);
      if (!rows.length) continue;
      const title = TITLES.detectorQ(spec);
      out.push(
        makeSpec(ctx, {
          id: `spatial_detector_q_${specSlug(spec)}`,
          section: 'spatial_models',
          titleZh: title.zh,
          titleEn: title.en,
          subtitle: ctx.t('*** p ≤ 0.01，** p ≤ 0.05，* p ≤ 0.1（非中心 F 检验）', '*** p ≤ 0.01, ** p ≤ 0.05, * p ≤ 0.1 (non-central F test)'),
          height: Math.max(300, 120 + rows.length * 34),
          option: {
            grid: grid({ top: 80, left: 160, right: 70 }),
            xAxis: { type: 'value', name: ctx.t('q 值', 'q'), ...AXIS_NAME, nameGap: 28, min: 0, max: 1 },
            yAxis: { type: 'category', data: rows.map((r) => r.factor), axisLabel: { fontSize: 11 } },
            series: [
              {
                type: 'bar',
                name: 'q',
                itemStyle: { color: PALETTE[0] },
                data: rows.map((r) => ({ value: r.q, label: { show: true, position: 'right', formatter: `${fmt(r.q)}${pStars(r.p)}`, fontSize: 11 } })),
              },
            ],
          },
        }),
      );
    }
  }
  const it = table(bundle, 'spatial_detector_interaction');
  if (it) {
    for (const spec of distinct(it, 'spec')) {
      const { names, cells, max } = detectorMatrix(fac, it, spec);
      if (!cells.length) continue;
      const title = TITLES.detectorInteraction(spec);
      out.push(
        makeSpec(ctx, {
          id: `spatial_detector_interaction_${specSlug(spec)}`,
          section: 'spatial_models',
          titleZh: title.zh,
          titleEn: title.en,
          subtitle: ctx.t('对角线 = 单因子 q；下三角 = 两因子叠加的 q', 'diagonal = single-factor q; lower triangle = q of the overlaid pair'),
          width: 640,
          height: Math.max(420, 160 + names.length * 60),
          option: {
            grid: { left: 130, right: 90, top: 80, bottom: 90 },
            xAxis: { type: 'category', data: names, splitArea: { show: true }, axisLabel: { rotate: names.length > 4 ? 30 : 0 } },
            yAxis: { type: 'category', data: names, inverse: true, splitArea: { show: true } },
            visualMap: {
              type: 'continuous',
              min: 0,
              max: max || 1,
              right: 10,
              top: 'middle',
              inRange: { color: SEQ_BLUES.slice(0, 4) },
              textStyle: { fontSize: 10 },
              calculable: false,
            },
            series: [
              {
                type: 'heatmap',
                name: 'q',
                data: cells.map((c) => ({ value: c, label: { show: true, formatter: fmt(c[2]), fontSize: 11 } })),
                itemStyle: { borderColor: '#fff', borderWidth: 1 },
              },
            ],
          },
        }),
      );
    }
  }
  return out;
}

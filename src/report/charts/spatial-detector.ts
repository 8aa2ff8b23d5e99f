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
import { AXIS_NAME, chartContext, fmt, getter, grid, makeSpec, num, PALETTE, SEQ_BLUES, str, table } from './common.js';
import type { ChartLang, ChartOptions, ChartSpec } from './types.js';

const slug = (s: string) => s.replace(/[^\p{L}\p{N}]+/gu, '_').replace(/^_|_$/g, '') || 'spec';
const stars = (p: number) => (!Number.isFinite(p) ? '' : p <= 0.01 ? '***' : p <= 0.05 ? '**' : p <= 0.1 ? '*' : '');

export function detectorCharts(bundle: RunBundle, lang: ChartLang, opts: ChartOptions = {}): ChartSpec[] {
  const out: ChartSpec[] = [];
  const ctx = chartContext(bundle, lang, opts);
  const fac = table(bundle, 'spatial_detector_factor');
  const qOf = new Map<string, number>();
  if (fac) {
    const g = getter(fac);
    const specs = [...new Set(fac.rows.map((r) => str(g(r, 'spec'))))];
    for (const spec of specs) {
      const rows = fac.rows
        .filter((r) => str(g(r, 'spec')) === spec)
        .map((r) => ({ factor: str(g(r, 'factor')), q: num(g(r, 'q')), p: num(g(r, 'p')) }))
        .filter((r) => Number.isFinite(r.q));
      for (const r of rows) qOf.set(`${spec}\u0000${r.factor}`, r.q);
      if (!rows.length) continue;
      rows.sort((a, b) => a.q - b.q);
      out.push(
        makeSpec(ctx, {
          id: `spatial_detector_q_${slug(spec)}`,
          section: 'spatial_models',
          titleZh: `${spec}：地理探测器因子 q 值`,
          titleEn: `${spec}: geographical detector, q of each factor`,
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
                data: rows.map((r) => ({ value: r.q, label: { show: true, position: 'right', formatter: `${fmt(r.q)}${stars(r.p)}`, fontSize: 11 } })),
              },
            ],
          },
        }),
      );
    }
  }
  const it = table(bundle, 'spatial_detector_interaction');
  if (it) {
    const g = getter(it);
    const specs = [...new Set(it.rows.map((r) => str(g(r, 'spec'))))];
    for (const spec of specs) {
      const rows = it.rows.filter((r) => str(g(r, 'spec')) === spec);
      const names: string[] = [];
      for (const r of rows) for (const f of [str(g(r, 'factor1')), str(g(r, 'factor2'))]) if (!names.includes(f)) names.push(f);
      const cells: Record<string, unknown>[] = [];
      let max = 0;
      const cell = (x: number, y: number, v: number) => {
        if (!Number.isFinite(v)) return;
        max = Math.max(max, v);
        cells.push({ value: [x, y, v], label: { show: true, formatter: fmt(v), fontSize: 11 } });
      };
      for (const r of rows) {
        const a = names.indexOf(str(g(r, 'factor1')));
        const b = names.indexOf(str(g(r, 'factor2')));
        cell(Math.min(a, b), Math.max(a, b), num(g(r, 'q12')));
        qOf.set(`${spec}\u0000${names[a]}`, qOf.get(`${spec}\u0000${names[a]}`) ?? num(g(r, 'q1')));
        qOf.set(`${spec}\u0000${names[b]}`, qOf.get(`${spec}\u0000${names[b]}`) ?? num(g(r, 'q2')));
      }
      names.forEach((f, i) => cell(i, i, qOf.get(`${spec}\u0000${f}`) ?? Number.NaN));
      if (!cells.length) continue;
      out.push(
        makeSpec(ctx, {
          id: `spatial_detector_interaction_${slug(spec)}`,
          section: 'spatial_models',
          titleZh: `${spec}：地理探测器交互作用 q(X1∩X2)`,
          titleEn: `${spec}: geographical detector interactions q(X1∩X2)`,
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
            series: [{ type: 'heatmap', name: 'q', data: cells, itemStyle: { borderColor: '#fff', borderWidth: 1 } }],
          },
        }),
      );
    }
  }
  return out;
}

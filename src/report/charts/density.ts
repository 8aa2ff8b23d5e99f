/**
 * Kernel density charts from the `density` table (score, period, group, x, density):
 * `density_lines` (the all-unit curve of every period, overlaid, light → dark with time),
 * `density_surface` (period × value × density as a heatmap — the 3-D surface of papers needs
 * ECharts GL, which has no server-side renderer; the subtitle says so) and `density_groups`
 * (the latest period's curve per group and for all units).
 */
import type { RunBundle } from '../bundle.js';
import {
  analysisScore,
  AXIS_NAME,
  chartContext,
  FONT_FAMILY,
  fmt,
  getter,
  grid,
  legend,
  makeSpec,
  num,
  PALETTE,
  periodsOf,
  scoreRows,
  SEQ_BLUES,
  str,
  table,
  titled,
} from './common.js';
import { TITLES } from './titles.js';
import type { ChartLang, ChartOptions, ChartSpec } from './types.js';

/** Blend two #rrggbb colours (t = 0 → a, 1 → b). */
function mix(a: string, b: string, t: number): string {
  const p = (c: string, i: number): number => parseInt(c.slice(1 + 2 * i, 3 + 2 * i), 16);
  const h = (v: number): string => Math.round(v).toString(16).padStart(2, '0');
  return `#${[0, 1, 2].map((i) => h(p(a, i) + (p(b, i) - p(a, i)) * t)).join('')}`;
}

/** Maximum number of value-grid rows drawn in the surface heatmap (every k-th grid point is kept). */
export const SURFACE_ROWS = 128;

/**
 * The range a score cannot leave, for a boundary-aware display: [0, 1] when every value of `score`
 * in the ranks table lies in it (min-max scores, TOPSIS closeness …), [0, ∞) when every value is
 * non-negative; else undefined.
 */
export function scoreSupport(bundle: RunBundle, score: string | undefined): [number, number] | undefined {
  const r = table(bundle, 'ranks');
  const j = r && score ? r.header.indexOf(score) : -1;
  if (!r || j < 0) return undefined;
  let n = 0;
  let max = -Infinity;
  for (const row of r.rows) {
    const v = num(row[j]);
    if (!Number.isFinite(v)) continue;
    if (v < 0) return undefined;
    max = Math.max(max, v);
    n++;
  }
  return n === 0 ? undefined : max <= 1 ? [0, 1] : [0, Infinity];
}

/** A "nice" step (1, 2 or 5 × 10^k) giving about `n` intervals over `span`. */
function niceStep(span: number, n: number): number {
  const raw = span / n;
  const e = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map((m) => m * e).find((s) => s >= raw * (1 - 1e-9)) ?? 10 * e;
}

/** Tick values from `lo` to `hi` at a nice step, with their labels (the step's decimals). */
function ticks(lo: number, hi: number, n: number): { v: number; label: string }[] {
  const step = niceStep(hi - lo || 1, n);
  const dec = Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
  const out: { v: number; label: string }[] = [];
  for (let k = Math.ceil(lo / step - 1e-9); k * step <= hi + step * 1e-9; k++) out.push({ v: k * step, label: (k * step).toFixed(dec) });
  return out;
}

/** Size of the 3-D figure and its projection (CSS pixels): front plane origin, width, height; depth vector. */
const D3 = { width: 900, height: 640, x0: 110, y0: 540, w: 500, h: 270, dx: 230, dy: -190, maxPoints: 160 };

/**
 * `density_3d`: the period × value × density surface of NQPF papers as a static figure. ECharts GL
 * has no server-side renderer, so the curves are drawn as filled profiles in an oblique
 * projection (a waterfall): period i of n at depth t = i/(n − 1), point (x, f) at pixel
 * (x0 + w·u(x) + dx·t, y0 − h·f/f_max + dy·t), earliest period in front. Every shape is a plain
 * `graphic` polygon, polyline or text, so the option stays JSON and renders in SVG.
 */
function density3d(
  ctx: ReturnType<typeof chartContext>,
  periods: string[],
  curves: [number, number][][],
  sBi: { zh: string; en: string },
  xName: string,
  supportNote: string,
  support: [number, number] | undefined,
): ChartSpec {
  const xs = curves.flatMap((c) => c.map((p) => p[0])).filter(Number.isFinite);
  const lo = support ? support[0] : Math.min(...xs);
  const hi = support ? Math.min(support[1], Math.max(...xs)) : Math.max(...xs);
  const fmax = Math.max(...curves.flatMap((c) => c.map((p) => p[1])).filter(Number.isFinite), 1e-12);
  const n = periods.length;
  const { x0, y0, w, h, dx, dy } = D3;
  const r1 = (v: number): number => Math.round(v * 10) / 10;
  const X = (x: number, t: number): number => r1(x0 + (w * (x - lo)) / (hi - lo || 1) + dx * t);
  const Y = (f: number, t: number): number => r1(y0 - (h * f) / fmax + dy * t);
  const g: Record<string, unknown>[] = [];
  const line = (pts: number[][], stroke: string, width = 1, dash = false): void => {
    g.push({ type: 'polyline', silent: true, shape: { points: pts }, style: { stroke, lineWidth: width, fill: null, ...(dash ? { lineDash: [4, 3] } : {}) } });
  };
  const text = (x: number, y: number, s: string, align: string, vAlign: string, extra: Record<string, unknown> = {}): void => {
    g.push({
      type: 'text',
      silent: true,
      x: r1(x),
      y: r1(y),
      style: { text: s, align, verticalAlign: vAlign, fontSize: 11, fill: '#333', fontFamily: FONT_FAMILY, ...extra },
    });
  };
  // Back wall and floor guides: the density axis's grid lines on the back plane, the floor's edges.
  const fTicks = ticks(0, fmax, 4).filter((f) => f.v <= fmax * 1.0001);
  for (const { v: f } of fTicks)
    line(
      [
        [X(lo, 1), Y(f, 1)],
        [X(hi, 1), Y(f, 1)],
      ],
      '#e6e6e6',
    );
  line(
    [
      [X(lo, 0), Y(0, 0)],
      [X(lo, 1), Y(0, 1)],
      [X(hi, 1), Y(0, 1)],
    ],
    '#bbbbbb',
  );
  line(
    [
      [X(lo, 1), Y(0, 1)],
      [X(lo, 1), Y(fmax, 1)],
    ],
    '#bbbbbb',
  );
  // Profiles from back (latest) to front (earliest), each hiding what lies behind it.
  for (let i = n - 1; i >= 0; i--) {
    const t = n > 1 ? i / (n - 1) : 0;
    const c = curves[i].filter((p) => Number.isFinite(p[0]) && Number.isFinite(p[1]));
    if (!c.length) continue;
    const step = Math.max(1, Math.ceil(c.length / D3.maxPoints));
    const kept = c.filter((_, k) => k % step === 0 || k === c.length - 1);
    const top = kept.map(([x, f]) => [X(x, t), Y(f, t)]);
    const poly = [[X(kept[0][0], t), Y(0, t)], ...top, [X(kept[kept.length - 1][0], t), Y(0, t)]];
    g.push({
      type: 'polygon',
      silent: true,
      shape: { points: poly },
      style: { fill: mix('#deebf7', '#6baed6', t), stroke: null, opacity: 0.92 },
    });
    line(top, mix('#08306b', '#2171b5', t), 1.2);
    line(
      [
        [X(lo, t), Y(0, t)],
        [X(hi, t), Y(0, t)],
      ],
      '#999999',
      0.6,
    );
    // Period label at the right end of its baseline.
    if (n <= 16 || i % Math.ceil(n / 12) === 0 || i === n - 1) text(X(hi, t) + 6, Y(0, t), periods[i], 'left', 'middle', { fontSize: 10 });
  }
  // Front axes: value (with ticks) along the front baseline, density up the front-left edge.
  line(
    [
      [X(lo, 0), Y(0, 0)],
      [X(hi, 0), Y(0, 0)],
    ],
    '#333333',
  );
  for (const { v, label } of ticks(lo, hi, 5)) {
    line(
      [
        [X(v, 0), Y(0, 0)],
        [X(v, 0), Y(0, 0) + 5],
      ],
      '#333333',
    );
    text(X(v, 0), Y(0, 0) + 8, label, 'center', 'top');
  }
  text((X(lo, 0) + X(hi, 0)) / 2, Y(0, 0) + 28, xName, 'center', 'top', { fontSize: 13 });
  line(
    [
      [X(lo, 0), Y(0, 0)],
      [X(lo, 0), Y(fmax, 0)],
    ],
    '#333333',
  );
  for (const { v: f, label } of fTicks) {
    if (f === 0) continue;
    line(
      [
        [X(lo, 0) - 5, Y(f, 0)],
        [X(lo, 0), Y(f, 0)],
      ],
      '#333333',
    );
    text(X(lo, 0) - 8, Y(f, 0), label, 'right', 'middle');
  }
  text(X(lo, 0) - 50, Y(fmax / 2, 0), ctx.t('密度', 'density'), 'center', 'middle', { fontSize: 13 });
  text(X(hi, 1) + 6, Y(0, 1) - 18, ctx.t('年份', 'period'), 'left', 'bottom', { fontSize: 13 });
  const spec = makeSpec(ctx, {
    id: 'density_3d',
    section: 'density',
    ...titled(TITLES.density3d(sBi)),
    subtitle:
      ctx.t('全部单元；期 × 取值 × 密度，斜投影，前 = 最早一期', 'all units; period × value × density in oblique projection, front = earliest period') +
      supportNote,
    width: D3.width,
    height: D3.height,
    option: { xAxis: { show: false }, yAxis: { show: false }, series: [] },
  });
  const base = (spec.option as { graphic?: Record<string, unknown>[] }).graphic ?? [];
  (spec.option as { graphic?: Record<string, unknown>[] }).graphic = [...g, ...base];
  return spec;
}

export function densityCharts(bundle: RunBundle, lang: ChartLang, opts: ChartOptions = {}): ChartSpec[] {
  const t = table(bundle, 'density');
  if (!t) return [];
  const ctx = chartContext(bundle, lang, opts);
  const score = analysisScore(t, bundle, opts);
  const g = getter(t);
  const rows = scoreRows(t, score);
  const periods = periodsOf(t);
  const sBi = score ? { zh: ctx.nodeZh(score), en: ctx.nodeEn(score) } : { zh: '', en: '' };
  // curves[period][group] = [[x, density], ...] in table order (the grid is shared)
  const curves = new Map<string, Map<string, [number, number][]>>();
  const groups: string[] = [];
  for (const r of rows) {
    const p = str(g(r, 'period'));
    const gr = str(g(r, 'group'));
    if (!groups.includes(gr)) groups.push(gr);
    let m = curves.get(p);
    if (!m) curves.set(p, (m = new Map()));
    let c = m.get(gr);
    if (!c) m.set(gr, (c = []));
    c.push([num(g(r, 'x')), num(g(r, 'density'))]);
  }
  // Boundary-aware display: a score whose values all lie in [0, 1] is drawn on that support only,
  // a non-negative one from 0 (the Gaussian estimate spills past the bounds; the curves are cut
  // there, not renormalised).
  const support = scoreSupport(bundle, score);
  if (support)
    for (const m of curves.values())
      for (const [gr, c] of m)
        m.set(
          gr,
          c.filter(([x]) => x >= support[0] - 1e-12 && x <= support[1] + 1e-12),
        );
  const supportNote = !support
    ? ''
    : support[1] === 1
      ? ctx.t('；横轴限于得分取值范围 [0, 1]', "; value axis cut to the scores' range [0, 1]")
      : ctx.t('；得分非负，横轴自 0 起', '; scores are non-negative: value axis from 0');
  const xAxisRange = support ? { min: 0, ...(support[1] === 1 ? { max: 1 } : {}) } : {};
  const out: ChartSpec[] = [];
  const xName = score ? ctx.node(score) : ctx.t('得分', 'score');
  const allLabel = ctx.t('全部单元', 'all units');
  const ps = periods.length ? periods : [''];
  const allCurves = ps.map((p) => curves.get(p)?.get('all') ?? []);
  if (allCurves.some((c) => c.length)) {
    out.push(
      makeSpec(ctx, {
        id: 'density_lines',
        section: 'density',
        ...titled(TITLES.densityLines(sBi)),
        subtitle: ctx.t('全部单元；颜色由浅到深 = 由早到晚', 'all units; light → dark = early → late periods') + supportNote,
        width: 860,
        height: 520,
        option: {
          legend: legend(ps, { type: 'scroll' }),
          grid: grid({ top: 90 }),
          xAxis: { type: 'value', name: xName, ...AXIS_NAME, nameGap: 28, scale: true, ...xAxisRange },
          yAxis: { type: 'value', name: ctx.t('密度', 'density'), ...AXIS_NAME, nameGap: 45 },
          series: ps.map((p, i) => ({
            type: 'line',
            name: p,
            showSymbol: false,
            smooth: false,
            lineStyle: { width: 1.5 },
            itemStyle: { color: mix('#9ecae1', '#08306b', ps.length > 1 ? i / (ps.length - 1) : 1) },
            data: allCurves[i],
          })),
        },
      }),
    );
    if (periods.length >= 2) {
      const n = allCurves[0].length;
      const step = Math.max(1, Math.ceil(n / SURFACE_ROWS));
      const keep: number[] = [];
      for (let k = 0; k < n; k += step) keep.push(k);
      const cells: [number, number, number][] = [];
      let max = 0;
      periods.forEach((_, pi) =>
        keep.forEach((k, yi) => {
          const d = allCurves[pi][k]?.[1];
          if (d === undefined || !Number.isFinite(d)) return;
          max = Math.max(max, d);
          cells.push([pi, yi, d]);
        }),
      );
      out.push(
        makeSpec(ctx, {
          id: 'density_surface',
          section: 'density',
          ...titled(TITLES.densitySurface(sBi)),
          subtitle:
            ctx.t(
              '期 × 取值 × 密度 的热力图（三维透视图见 density_3d；交互式三维曲面需 ECharts GL，无法在服务器端渲染）',
              'period × value × density as a heatmap (see density_3d for the 3-D view; an interactive surface needs ECharts GL, which cannot render server-side)',
            ) + supportNote,
          width: 860,
          height: 600,
          option: {
            grid: { left: 80, right: 100, top: 80, bottom: 70 },
            xAxis: { type: 'category', data: periods, name: ctx.t('年份', 'period'), ...AXIS_NAME, nameGap: 28 },
            yAxis: {
              type: 'category',
              data: keep.map((k) => fmt(allCurves[0][k][0])),
              name: xName,
              ...AXIS_NAME,
              nameGap: 55,
              axisLabel: { fontSize: 9, interval: Math.max(0, Math.ceil(keep.length / 15) - 1) },
            },
            visualMap: {
              type: 'continuous',
              min: 0,
              max: max || 1,
              right: 10,
              top: 'middle',
              inRange: { color: SEQ_BLUES },
              text: [ctx.t('密度', 'density'), ''],
              textStyle: { fontSize: 10 },
              calculable: false,
            },
            series: [{ type: 'heatmap', name: ctx.t('密度', 'density'), data: cells }],
          },
        }),
      );
      out.push(density3d(ctx, periods, allCurves, sBi, xName, supportNote, support));
    }
  }
  const last = ps[ps.length - 1];
  const byGroup = curves.get(last);
  if (byGroup && groups.filter((gr) => gr !== 'all' && byGroup.has(gr)).length >= 1) {
    const shown = groups.filter((gr) => byGroup.has(gr));
    out.push(
      makeSpec(ctx, {
        id: 'density_groups',
        section: 'density',
        ...titled(TITLES.densityGroups(sBi, last)),
        subtitle: ctx.t('黑色虚线 = 全部单元', 'dashed black = all units') + supportNote,
        width: 860,
        height: 520,
        option: {
          legend: legend(),
          grid: grid({ top: 90 }),
          xAxis: { type: 'value', name: xName, ...AXIS_NAME, nameGap: 28, scale: true, ...xAxisRange },
          yAxis: { type: 'value', name: ctx.t('密度', 'density'), ...AXIS_NAME, nameGap: 45 },
          series: shown.map((gr, i) => ({
            type: 'line',
            name: gr === 'all' ? allLabel : ctx.group(gr),
            showSymbol: false,
            lineStyle: gr === 'all' ? { width: 2, type: 'dashed', color: '#222' } : { width: 1.8 },
            itemStyle: { color: gr === 'all' ? '#222' : PALETTE[i % PALETTE.length] },
            data: byGroup.get(gr),
          })),
        },
      }),
    );
  }
  return out;
}

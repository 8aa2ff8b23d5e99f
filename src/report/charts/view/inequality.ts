/**
 * Interactive inequality, density and Markov charts: overall inequality over time, the Dagum
 * shares and pairwise heatmap, the Theil decomposition, kernel density curves and their
 * period × value heatmap for the chosen group, and the transition matrix of the chosen condition.
 * Titles from ../titles.ts (shared with the figures of the same charts).
 */
import type { ReportCell } from '../../bundle.js';
import { TITLES, type Bi } from '../titles.js';
import { fmt, grid, itemTip, PAL, pct, pctAxis, title, valueTip, type Tab, type ViewChart, type ViewContext } from './context.js';

/** The groupings of the run's decompositions (analyses.inequality.groups), in table order; [] for one grouping. */
export function groupingsOf(ctx: ViewContext): string[] {
  const T = ctx.tab('inequality');
  if (!T?.has('grouping')) return [];
  const gs: string[] = [];
  for (const r of T.r) {
    const g = String(T.get(r, 'grouping'));
    if (!gs.includes(g)) gs.push(g);
  }
  return gs;
}

/** Name of a grouping in the language (the labels of the table's column `grouping`, else the attribute). */
export function groupingLabel(ctx: ViewContext, g: string): string {
  return ctx.pick(GROUPING_LABELS[g] ?? { zh: g, en: g });
}
const GROUPING_LABELS: Readonly<Record<string, Bi>> = { region: { zh: '区域', en: 'region' }, province: { zh: '省份', en: 'province' } };

/** Rows of grouping chosen (the first by default) when the table has several; every row otherwise. */
function inGrouping(ctx: ViewContext, T: Tab, r: ReportCell[]): boolean {
  if (!T.has('grouping')) return true;
  const g = ctx.S.grouping ?? groupingsOf(ctx)[0];
  return String(T.get(r, 'grouping')) === g;
}

/** A title with the grouping shown when there are several ("（按省份分组）" / " (by province)"). */
function byGrouping(ctx: ViewContext, b: Bi): Bi {
  const gs = groupingsOf(ctx);
  if (!gs.length) return b;
  const g = ctx.S.grouping ?? gs[0];
  const l = GROUPING_LABELS[g] ?? { zh: g, en: g };
  return { zh: `${b.zh}（按${l.zh}分组）`, en: `${b.en} (by ${l.en})` };
}

function ineqRows(ctx: ViewContext): { T: Tab | null; r: ReportCell[][] } {
  return { T: ctx.tab('inequality'), r: ctx.rows('inequality', (r, T) => ctx.isMain(T, r) && inGrouping(ctx, T, r)) };
}
function xPeriods(ctx: ViewContext, T: Tab, rs: ReportCell[][]): string[] {
  return rs.map((r) => (ctx.D.hasPeriods ? String(T.get(r, 'period')) : ctx.t('all')));
}

export const gini: ViewChart = (ctx) => {
  const q = ineqRows(ctx);
  if (!q.T || !q.r.length) return null;
  const T = q.T;
  const cols = [
    ['gini', 'Gini'],
    ['cv', 'CV'],
    ['theil_T', 'Theil T'],
    ['theil_L', 'Theil L'],
  ].filter((c) => T.has(c[0]));
  return {
    title: title(ctx, byGrouping(ctx, TITLES.overallInequality(ctx.nmBi(ctx.D.main)))),
    color: PAL,
    tooltip: valueTip(ctx),
    legend: { bottom: 0 },
    grid: grid({ bottom: 40 }),
    xAxis: { type: 'category', data: xPeriods(ctx, T, q.r) },
    yAxis: { type: 'value' },
    series: cols.map((c) => ({ name: c[1], type: q.r.length > 1 ? 'line' : 'bar', data: q.r.map((r) => T.get(r, c[0])) })),
  };
};

export const dagumShares: ViewChart = (ctx) => {
  const q = ineqRows(ctx);
  if (!q.T || !q.r.length || !q.T.has('share_Gw')) return null;
  const T = q.T;
  const parts = [
    ['share_Gw', 'within'],
    ['share_Gnb', 'between'],
    ['share_Gt', 'transvariation'],
  ] as const;
  return {
    title: title(ctx, byGrouping(ctx, TITLES.dagumShares(ctx.nmBi(ctx.D.main)))),
    color: PAL,
    tooltip: valueTip(ctx, (v) => pct(v)),
    legend: { bottom: 0 },
    grid: grid({ bottom: 40 }),
    xAxis: { type: 'category', data: xPeriods(ctx, T, q.r) },
    yAxis: { type: 'value', max: 1, axisLabel: { formatter: pctAxis } },
    series: parts.map((p) => ({ name: ctx.t(p[1]), type: 'bar', stack: 's', data: q.r.map((r) => T.get(r, p[0])) })),
  };
};

export const dagumPairs: ViewChart = (ctx) => {
  const T = ctx.tab('dagum_groups');
  if (!T) return null;
  const rs = ctx.rows('dagum_groups', (r, T) => ctx.isMain(T, r) && ctx.samePer(T, r) && inGrouping(ctx, T, r));
  if (!rs.length) return null;
  const gs: string[] = [];
  for (const r of rs) for (const g of [String(T.get(r, 'group_j')), String(T.get(r, 'group_h'))]) if (!gs.includes(g)) gs.push(g);
  const data: [number, number, ReportCell][] = [];
  let mx = 0;
  for (const r of rs) {
    const j = gs.indexOf(String(T.get(r, 'group_j')));
    const h = gs.indexOf(String(T.get(r, 'group_h')));
    const v = T.get(r, 'G_jh');
    if (typeof v === 'number' && v > mx) mx = v;
    data.push([j, h, v]);
    if (j !== h) data.push([h, j, v]);
  }
  return {
    title: title(ctx, byGrouping(ctx, TITLES.dagumPairs(ctx.nmBi(ctx.D.main), ctx.perTitle()))),
    tooltip: itemTip(ctx, (p) => {
      const v = p.value as [number, number, number];
      return ctx.tip([`${ctx.gn(gs[v[0]])} × ${ctx.gn(gs[v[1]])}: ${fmt(v[2])}`]);
    }),
    grid: grid({ bottom: 70 }),
    xAxis: { type: 'category', data: gs.map(ctx.gn) },
    yAxis: { type: 'category', data: gs.map(ctx.gn) },
    visualMap: {
      min: 0,
      max: mx || 1,
      calculable: true,
      orient: 'horizontal',
      left: 'center',
      bottom: 4,
      formatter: (v: number) => fmt(v, 3),
      inRange: { color: ['#f7fbff', '#6baed6', '#08306b'] },
    },
    series: [{ type: 'heatmap', data, label: { show: true, formatter: (p: { value: [number, number, number] }) => fmt(p.value[2], 3), fontSize: 10 } }],
  };
};

export const theil: ViewChart = (ctx) => {
  const q = ineqRows(ctx);
  if (!q.T || !q.r.length || !q.T.has('theil_T')) return null;
  const T = q.T;
  return {
    title: title(ctx, byGrouping(ctx, TITLES.theil(ctx.nmBi(ctx.D.main)))),
    color: PAL,
    tooltip: valueTip(ctx),
    legend: { bottom: 0 },
    grid: grid({ bottom: 40, right: 50 }),
    xAxis: { type: 'category', data: xPeriods(ctx, T, q.r) },
    yAxis: [
      { type: 'value', name: 'T' },
      { type: 'value', name: ctx.t('betweenShare'), max: 1, axisLabel: { formatter: pctAxis } },
    ],
    series: [
      { name: `T ${ctx.t('within')}`, type: 'bar', stack: 'T', data: q.r.map((r) => T.get(r, 'theil_T_within')) },
      { name: `T ${ctx.t('between')}`, type: 'bar', stack: 'T', data: q.r.map((r) => T.get(r, 'theil_T_between')) },
      { name: ctx.t('betweenShare'), type: 'line', yAxisIndex: 1, data: q.r.map((r) => T.get(r, 'theil_T_between_share')) },
    ],
  };
};

/** Density curves of the analysed score (else the first scored) with its code. */
export function densOf(ctx: ViewContext): { code: string; d: NonNullable<ViewContext['D']['density']>[string] } | null {
  const all = ctx.D.density;
  if (!all) return null;
  const code = all[ctx.D.main] ? ctx.D.main : Object.keys(all)[0];
  return code === undefined ? null : { code, d: all[code] };
}

/**
 * Grid indices of the density curves inside the score's support, for a boundary-aware display as
 * the figures (charts/density.ts `scoreSupport`): [0, 1] when every value of the score lies in it,
 * [0, ∞) when every value is non-negative; the kernel estimate's tails beyond it are not drawn.
 */
function inSupport(ctx: ViewContext, code: string, x: readonly number[]): number[] {
  const [lo, hi] = ctx.scoreRange(code);
  const [a, b] = lo < 0 ? [-Infinity, Infinity] : hi <= 1 ? [0, 1] : [0, Infinity];
  const keep = x.flatMap((v, j) => (v >= a && v <= b ? [j] : []));
  return keep.length >= 2 ? keep : x.map((_, j) => j);
}

/** Title name of the density group (none for all units, as in the figures). */
const densGroupBi = (ctx: ViewContext) => (ctx.S.densGroup === 'all' ? undefined : ctx.gnBi(ctx.S.densGroup));

export const density: ViewChart = (ctx) => {
  const o = densOf(ctx);
  if (!o) return null;
  const { d } = o;
  const cs = d.curves.filter((c) => c.group === ctx.S.densGroup);
  const n = cs.length;
  const js = inSupport(ctx, o.code, d.x);
  return {
    title: title(ctx, TITLES.densityLines(ctx.nmBi(o.code), densGroupBi(ctx))),
    tooltip: valueTip(ctx),
    legend: { type: 'scroll', bottom: 0 },
    grid: grid({ bottom: 60 }),
    xAxis: {
      type: 'value',
      name: ctx.t('score'),
      nameLocation: 'middle',
      nameGap: 24,
      min: d.x[js[0]],
      max: d.x[js[js.length - 1]],
      axisLabel: { formatter: (v: number) => fmt(v) },
    },
    yAxis: { type: 'value', name: ctx.t('density') },
    series: cs.map((c, i) => {
      const f = n > 1 ? i / (n - 1) : 1;
      return {
        name: ctx.D.hasPeriods ? String(c.period) : ctx.t('all'),
        type: 'line',
        showSymbol: false,
        smooth: false,
        lineStyle: { width: c.period === ctx.per() ? 3 : 1.3 },
        color: `rgb(${Math.round(160 - 130 * f)},${Math.round(190 - 110 * f)},${Math.round(230 - 80 * f)})`,
        data: js.map((j) => [d.x[j], c.y[j]]),
      };
    }),
  };
};

export const densitySurface: ViewChart = (ctx) => {
  const o = densOf(ctx);
  if (!o) return null;
  const { d } = o;
  const cs = d.curves.filter((c) => c.group === ctx.S.densGroup);
  const js = inSupport(ctx, o.code, d.x);
  const data: [number, number, number][] = [];
  let mx = 0;
  cs.forEach((c, i) =>
    js.forEach((j, k) => {
      const y = c.y[j];
      data.push([i, k, y]);
      if (y > mx) mx = y;
    }),
  );
  return {
    title: title(ctx, TITLES.densitySurface(ctx.nmBi(o.code), densGroupBi(ctx))),
    tooltip: itemTip(ctx, (p) => {
      const v = p.value as [number, number, number];
      return ctx.tip([`${cs[v[0]].period} · ${fmt(d.x[js[v[1]]])}: ${fmt(v[2])}`]);
    }),
    grid: grid({ bottom: 70 }),
    xAxis: { type: 'category', data: cs.map((c) => (ctx.D.hasPeriods ? String(c.period) : ctx.t('all'))) },
    yAxis: { type: 'category', data: js.map((j) => fmt(d.x[j])), name: ctx.t('score') },
    visualMap: {
      min: 0,
      max: mx || 1,
      calculable: true,
      orient: 'horizontal',
      left: 'center',
      bottom: 4,
      formatter: (v: number) => fmt(v, 2),
      inRange: { color: ['#ffffff', '#fdd49e', '#fc8d59', '#b30000'] },
    },
    series: [{ type: 'heatmap', data, progressive: 0 }],
  };
};

/** Label of a Markov condition ('all', 'lag class k' or the label itself). */
export function condLabel(ctx: ViewContext, c: string): string {
  if (c === 'all') return ctx.t('cond_all');
  const m = /^lag class (.+)$/.exec(c);
  return m ? `${ctx.t('cond_lag')} ${m[1]}` : c;
}

export const markov: ViewChart = (ctx) => {
  const T = ctx.tab('markov_transitions');
  if (!T) return null;
  const rs = ctx.rows('markov_transitions', (r, T) => ctx.isMain(T, r) && String(T.get(r, 'condition')) === ctx.S.cond);
  if (!rs.length) return null;
  const ks: ReportCell[] = [];
  for (const r of rs) {
    const a = T.get(r, 'from_class');
    if (!ks.includes(a)) ks.push(a);
  }
  const data = rs.map((r) => {
    const p = T.get(r, 'probability');
    return [ks.indexOf(T.get(r, 'to_class')), ks.indexOf(T.get(r, 'from_class')), p === null ? '-' : p, T.get(r, 'count')];
  });
  const score = String(T.has('score') ? T.get(rs[0], 'score') : ctx.D.main);
  return {
    title: title(ctx, TITLES.markov(ctx.nmBi(score), ctx.S.cond)),
    tooltip: itemTip(ctx, (p) => {
      const v = p.value as [number, number, number | string, number];
      return ctx.tip([`${ctx.t('from')} ${ks[v[1]]} → ${ctx.t('to')} ${ks[v[0]]}: ${fmt(v[2], 3)} (n = ${v[3]})`]);
    }),
    grid: grid({ bottom: 80 }),
    xAxis: { type: 'category', data: ks.map(String), name: ctx.t('to'), nameLocation: 'middle', nameGap: 24 },
    yAxis: { type: 'category', data: ks.map(String), inverse: true, name: ctx.t('from'), nameLocation: 'middle', nameGap: 28 },
    visualMap: {
      min: 0,
      max: 1,
      calculable: true,
      orient: 'horizontal',
      right: 10,
      bottom: 0,
      itemHeight: 120,
      formatter: (v: number) => fmt(v, 2),
      inRange: { color: ['#f7fcf5', '#74c476', '#00441b'] },
    },
    series: [
      {
        type: 'heatmap',
        data,
        label: { show: true, formatter: (p: { value: [number, number, number | string] }) => (p.value[2] === '-' ? '' : fmt(p.value[2], 3)) },
      },
    ],
  };
};

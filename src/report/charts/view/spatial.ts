/**
 * Interactive spatial, convergence, obstacle, coupling and robustness charts: Moran's I over time,
 * the Moran scatter and LISA map of the chosen period, σ convergence, a unit's main obstacles and
 * the mean dimension obstacle degrees, the coupling class map and trend, rank intervals, Sobol'
 * indices (overall and for the chosen unit) and leave-one-out rank shifts. Titles from ../titles.ts.
 */
import type { ReportCell } from '../../bundle.js';
import { lisaLabel } from '../../../analysis/spatial/labels.js';
import { TITLES } from '../titles.js';
import { axisTip, fmt, grid, itemTip, mean, n, PAL, pct, pctAxis, plainTip, title, valueTip, type Tab, type ViewChart, type ViewContext } from './context.js';

const xPeriods = (ctx: ViewContext, T: Tab, rs: ReportCell[][]): string[] => rs.map((r) => (ctx.D.hasPeriods ? String(T.get(r, 'period')) : ctx.t('all')));
/** Score named by the rows of an analysis table (its score column), else the analysed score. */
const scoreOf = (ctx: ViewContext, T: Tab, rs: ReportCell[][]): string => (T.has('score') && rs.length ? String(T.get(rs[0], 'score')) : ctx.D.main);

export const moran: ViewChart = (ctx) => {
  const T = ctx.tab('spatial_global');
  if (!T) return null;
  const rs = ctx.rows('spatial_global', (r, T) => ctx.isMain(T, r) && T.get(r, 'statistic') === 'moran');
  if (!rs.length) return null;
  const pv = (r: ReportCell[]): ReportCell => {
    const p = T.get(r, 'p_permutation');
    return p === null ? T.get(r, 'p_randomisation') : p;
  };
  return {
    title: title(ctx, TITLES.moranTrend(ctx.nmBi(scoreOf(ctx, T, rs)))),
    color: PAL,
    tooltip: axisTip(ctx, (ps) => {
      const r = rs[ps[0].dataIndex];
      return ctx.tip([
        ps[0].axisValue,
        `Moran's I: ${fmt(T.get(r, 'value'))}`,
        `E[I]: ${fmt(T.get(r, 'expectation'))}`,
        `z: ${fmt(T.get(r, 'z_randomisation'))}`,
        `${ctx.t('pValue')}: ${fmt(pv(r))}`,
      ]);
    }),
    grid: grid({}),
    xAxis: { type: 'category', data: xPeriods(ctx, T, rs) },
    yAxis: { type: 'value', name: "Moran's I" },
    series: [
      {
        name: "Moran's I",
        type: 'line',
        symbolSize: 9,
        data: rs.map((r) => {
          const p = n(pv(r));
          return { value: T.get(r, 'value'), itemStyle: { color: p !== null && p <= 0.05 ? '#c23b3b' : '#9aa5b1' } };
        }),
        label: {
          show: true,
          formatter: (p: { dataIndex: number }) => {
            const v = n(pv(rs[p.dataIndex]));
            return v === null ? '' : v <= 0.01 ? '***' : v <= 0.05 ? '**' : v <= 0.1 ? '*' : '';
          },
        },
      },
      { name: 'E[I]', type: 'line', showSymbol: false, lineStyle: { type: 'dashed' }, data: rs.map((r) => T.get(r, 'expectation')) },
    ],
  };
};

const QCOL: Record<string, string> = { HH: '#c23b3b', LL: '#2f6fb0', HL: '#f4a582', LH: '#92c5de', ns: '#d9d9d9' };

export const moranScatter: ViewChart = (ctx) => {
  const T = ctx.tab('spatial_local');
  if (!T) return null;
  const rs = ctx.rows('spatial_local', (r, T) => ctx.isMain(T, r) && ctx.samePer(T, r));
  if (!rs.length) return null;
  const G = ctx.tab('spatial_global');
  const I = G ? ctx.rows('spatial_global', (r, G) => ctx.isMain(G, r) && ctx.samePer(G, r) && G.get(r, 'statistic') === 'moran')[0] : undefined;
  const slope = G && I ? n(G.get(I, 'value')) : null;
  const xs = rs.map((r) => n(T.get(r, 'z')) ?? 0);
  const xmin = Math.min(...xs);
  const xmax = Math.max(...xs);
  const ser: Record<string, unknown>[] = ['HH', 'LH', 'LL', 'HL'].map((q) => ({
    name: lisaLabel(q, ctx.S.lang),
    type: 'scatter',
    symbolSize: 9,
    itemStyle: { color: QCOL[q] },
    data: rs
      .filter((r) => T.get(r, 'quadrant') === q)
      .map((r) => ({ value: [T.get(r, 'z'), T.get(r, 'lag_z')], unit: String(T.get(r, 'unit')), cl: T.get(r, 'cluster') })),
  }));
  if (slope !== null)
    ser.push({
      name: `I = ${fmt(slope)}`,
      type: 'line',
      showSymbol: false,
      lineStyle: { color: '#555', type: 'dashed' },
      data: [
        [xmin, slope * xmin],
        [xmax, slope * xmax],
      ],
      tooltip: { show: false },
    });
  ser[0].markLine = { silent: true, symbol: 'none', lineStyle: { color: '#aaa' }, label: { show: false }, data: [{ xAxis: 0 }, { yAxis: 0 }] };
  return {
    title: title(ctx, TITLES.moranScatter(ctx.nmBi(scoreOf(ctx, T, rs)), ctx.perTitle())),
    tooltip: itemTip(ctx, (p) => {
      if (!p.data || p.data.unit === undefined) return ctx.tip([]);
      const v = p.value as [number, number];
      return ctx.tip([`${ctx.un(p.data.unit)} (${p.seriesName}${p.data.cl && p.data.cl !== 'ns' ? ', p ≤ α' : ''})`, `z = ${fmt(v[0])}, Wz = ${fmt(v[1])}`]);
    }),
    legend: { bottom: 0 },
    grid: grid({ bottom: 40 }),
    xAxis: { type: 'value', name: ctx.t('zValue'), nameLocation: 'center', nameGap: 24 },
    yAxis: { type: 'value', name: ctx.t('lagZ') },
    series: ser,
  };
};

export const lisa: ViewChart = (ctx) => {
  const { D } = ctx;
  const T = ctx.tab('spatial_local');
  if (!T || !D.map) return null;
  const cats = ['HH', 'LL', 'HL', 'LH', 'ns'];
  const rs = ctx.rows('spatial_local', (r, T) => ctx.isMain(T, r) && ctx.samePer(T, r));
  const cl = new Map<string, string>();
  for (const r of rs) {
    const c = T.get(r, 'cluster');
    if (c !== null) cl.set(String(T.get(r, 'unit')), String(c));
  }
  return {
    title: title(ctx, TITLES.lisa(ctx.nmBi(scoreOf(ctx, T, rs)), ctx.perTitle())),
    tooltip: itemTip(ctx, (p) =>
      ctx.tip([
        p.data && p.data.unit !== undefined ? `${ctx.un(p.data.unit)}: ${p.data.cl === 'ns' ? ctx.t('ns') : lisaLabel(String(p.data.cl), ctx.S.lang)}` : p.name,
      ]),
    ),
    visualMap: {
      type: 'piecewise',
      left: 10,
      bottom: 10,
      dimension: 0,
      pieces: cats.map((c, i) => ({ value: i, label: c === 'ns' ? ctx.t('ns') : lisaLabel(c, ctx.S.lang), color: QCOL[c] })),
    },
    series: [
      {
        type: 'map',
        map: D.map.mapName,
        top: 50,
        bottom: 10,
        left: 10,
        right: 10,
        select: { disabled: true },
        itemStyle: { borderColor: '#fff', borderWidth: 0.6, areaColor: '#f3f3f3' },
        data: D.units
          .filter((u) => u.feature && cl.has(u.id))
          .map((u) => ({ name: u.feature, value: cats.indexOf(cl.get(u.id)!), unit: u.id, cl: cl.get(u.id) })),
      },
    ],
  };
};

export const sigma: ViewChart = (ctx) => {
  const T = ctx.tab('convergence_sigma');
  if (!T) return null;
  const rs = ctx.rows('convergence_sigma', (r, T) => ctx.isMain(T, r));
  return {
    title: title(ctx, TITLES.sigma(ctx.nmBi(scoreOf(ctx, T, rs)))),
    color: PAL,
    tooltip: valueTip(ctx),
    legend: { bottom: 0 },
    grid: grid({ bottom: 40, right: 50 }),
    xAxis: { type: 'category', data: xPeriods(ctx, T, rs) },
    yAxis: [
      { type: 'value', name: ctx.t('sdShort'), scale: true },
      { type: 'value', name: 'CV', scale: true },
    ],
    series: [
      { name: ctx.t('sdShort'), type: 'line', data: rs.map((r) => T.get(r, 'sd')) },
      { name: ctx.t('cvShort'), type: 'line', yAxisIndex: 1, data: rs.map((r) => T.get(r, 'cv')) },
      ...(T.has('sd_log')
        ? [{ name: ctx.t('sdLog'), type: 'line', yAxisIndex: 1, lineStyle: { type: 'dashed' }, data: rs.map((r) => T.get(r, 'sd_log')) }]
        : []),
    ],
  };
};

const notData = (c: string) => c !== 'unit' && c !== 'period' && c !== 'note';

export const obstacleUnit: ViewChart = (ctx) => {
  const { S } = ctx;
  const T = ctx.tab('obstacle_indicators');
  if (!T || !S.unit) return null;
  const r = ctx.rows('obstacle_indicators', (r, T) => String(T.get(r, 'unit')) === S.unit && ctx.samePer(T, r))[0];
  if (!r) return null;
  const vs = T.h
    .filter(notData)
    .map((c) => [c, n(T.get(r, c))] as const)
    .filter((x): x is readonly [string, number] => x[1] !== null)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 10);
  return {
    title: title(ctx, TITLES.obstacleUnit(ctx.unBi(S.unit), ctx.perTitle())),
    tooltip: plainTip(ctx, { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: number) => pct(v) }),
    grid: grid({ left: 10, bottom: 56 }),
    xAxis: { type: 'value', name: ctx.t('obstacle'), nameLocation: 'middle', nameGap: 24, axisLabel: { formatter: pctAxis } },
    yAxis: { type: 'category', inverse: true, data: vs.map((x) => ctx.nm(x[0])), axisLabel: { fontSize: 10, width: 180, overflow: 'truncate' } },
    series: [
      {
        type: 'bar',
        itemStyle: { color: '#c23b3b' },
        data: vs.map((x) => x[1]),
        label: { show: true, position: 'right', fontSize: 9, formatter: (p: { value: number }) => pct(p.value) },
      },
    ],
  };
};

export const obstacleMean: ViewChart = (ctx) => {
  const { D } = ctx;
  const T = ctx.tab('obstacle_dimensions');
  if (!T) return null;
  const ps = D.hasPeriods ? D.periods : [''];
  const ser = T.h.filter(notData).map((c) => ({
    name: ctx.nm(c),
    type: 'bar',
    stack: 'o',
    data: ps.map((p) => mean(ctx.rows('obstacle_dimensions', (r, T) => !D.hasPeriods || String(T.get(r, 'period')) === String(p)).map((r) => T.get(r, c)))),
  }));
  return {
    title: title(ctx, TITLES.obstacleMean()),
    color: PAL,
    tooltip: valueTip(ctx, (v) => pct(v)),
    legend: { bottom: 0 },
    grid: grid({ bottom: 40 }),
    xAxis: { type: 'category', data: D.hasPeriods ? ps : [ctx.t('all')] },
    yAxis: { type: 'value', max: 1, axisLabel: { formatter: pctAxis } },
    series: ser,
  };
};

const CCOL = ['#67001f', '#b2182b', '#d6604d', '#f4a582', '#fddbc7', '#d1e5f0', '#92c5de', '#4393c3', '#2166ac', '#053061'];
const classLabel = (ctx: ViewContext, k: unknown): string => {
  const c = ctx.D.couplingClasses?.[String(k)];
  return c ? ctx.pick(c) : String(k);
};

export const couplingMap: ViewChart = (ctx) => {
  const { D } = ctx;
  const T = ctx.tab('coupling');
  if (!T || !D.map) return null;
  const by = new Map<string, ReportCell[]>();
  for (const r of ctx.rows('coupling', (r, T) => ctx.samePer(T, r))) by.set(String(T.get(r, 'unit')), r);
  return {
    title: title(ctx, TITLES.couplingMap(ctx.perTitle())),
    tooltip: itemTip(ctx, (p) =>
      p.data && p.data.unit !== undefined
        ? ctx.tip([ctx.un(p.data.unit), `D = ${fmt(p.data.D)}`, `${ctx.t('couplingClass')}: ${p.data.value} ${classLabel(ctx, p.data.value)}`])
        : ctx.tip([p.name]),
    ),
    visualMap: {
      type: 'piecewise',
      left: 10,
      bottom: 10,
      itemWidth: 14,
      itemHeight: 10,
      textStyle: { fontSize: 10 },
      pieces: CCOL.map((c, i) => ({ value: i + 1, label: `${i + 1} ${classLabel(ctx, i + 1)}`, color: c })).reverse(),
    },
    series: [
      {
        type: 'map',
        map: D.map.mapName,
        top: 50,
        bottom: 10,
        left: 10,
        right: 10,
        select: { disabled: true },
        itemStyle: { borderColor: '#fff', borderWidth: 0.6, areaColor: '#f3f3f3' },
        data: D.units
          .filter((u) => u.feature && by.has(u.id) && T.get(by.get(u.id)!, 'class') !== null)
          .map((u) => ({ name: u.feature, value: T.get(by.get(u.id)!, 'class'), unit: u.id, D: T.get(by.get(u.id)!, 'D') })),
      },
    ],
  };
};

export const couplingTrend: ViewChart = (ctx) => {
  const { D } = ctx;
  const T = ctx.tab('coupling');
  if (!T) return null;
  const ps = D.hasPeriods ? D.periods : [''];
  const m = (pred: (unit: string) => boolean) =>
    ps.map((p) =>
      mean(
        ctx.rows('coupling', (r, T) => (!D.hasPeriods || String(T.get(r, 'period')) === String(p)) && pred(String(T.get(r, 'unit')))).map((r) => T.get(r, 'D')),
      ),
    );
  const ser: Record<string, unknown>[] = D.groups.map((g) => ({ name: ctx.gn(g.id), type: 'line', data: m((u) => ctx.groupOfUnit(u) === g.id) }));
  ser.push({ name: ctx.t('all'), type: 'line', lineStyle: { type: 'dashed', width: 3 }, data: m(() => true) });
  return {
    title: title(ctx, TITLES.couplingTrend()),
    color: PAL,
    tooltip: valueTip(ctx),
    legend: { bottom: 0 },
    grid: grid({ bottom: 40 }),
    xAxis: { type: 'category', data: D.hasPeriods ? ps : [ctx.t('all')] },
    yAxis: { type: 'value', name: 'D', scale: true },
    series: ser,
  };
};

export const rankInterval: ViewChart = (ctx) => {
  const T = ctx.tab('uncertainty');
  if (!T) return null;
  let rs = ctx.rows('uncertainty', (r, T) => ctx.isMain(T, r) && ctx.samePer(T, r));
  if (!rs.length) rs = ctx.rows('uncertainty', (r, T) => ctx.samePer(T, r));
  if (!rs.length) return null;
  const num = (r: ReportCell[], c: string): number => n(T.get(r, c)) ?? NaN;
  rs = rs.slice().sort((a, b) => num(a, 'nominal_rank') - num(b, 'nominal_rank'));
  const names = rs.map((r) => ctx.un(String(T.get(r, 'unit'))));
  return {
    title: title(ctx, TITLES.uncertaintyRanks(ctx.nmBi(scoreOf(ctx, T, rs)), ctx.perTitle())),
    color: PAL,
    tooltip: axisTip(ctx, (ps) => {
      const r = rs[ps[0].dataIndex];
      return ctx.tip([
        names[ps[0].dataIndex],
        `${ctx.t('nominalRank')}: ${T.get(r, 'nominal_rank')}`,
        `${ctx.t('medianRank')}: ${fmt(T.get(r, 'median_rank'))}`,
        `${ctx.t('interval')}: ${T.get(r, 'p05_rank')}–${T.get(r, 'p95_rank')}`,
      ]);
    }),
    legend: { bottom: 0, data: [ctx.t('interval'), ctx.t('nominalRank'), ctx.t('medianRank')] },
    grid: grid({ left: 10, bottom: 60 }),
    yAxis: { type: 'category', inverse: true, data: names, axisLabel: { fontSize: rs.length > 40 ? 8 : 10, interval: 0 } },
    xAxis: { type: 'value', name: ctx.t('rank'), nameLocation: 'middle', nameGap: 22, min: 1, max: rs.length },
    series: [
      {
        // The invisible base of the stacked interval bars (no name: not in the legend or tooltip).
        type: 'bar',
        stack: 'iv',
        silent: true,
        itemStyle: { color: 'transparent' },
        data: rs.map((r) => T.get(r, 'p05_rank')),
        tooltip: { show: false },
      },
      {
        name: ctx.t('interval'),
        type: 'bar',
        stack: 'iv',
        barWidth: '45%',
        itemStyle: { color: '#9cc2e5' },
        data: rs.map((r) => num(r, 'p95_rank') - num(r, 'p05_rank')),
      },
      { name: ctx.t('nominalRank'), type: 'scatter', symbolSize: 7, itemStyle: { color: '#c23b3b' }, data: rs.map((r) => T.get(r, 'nominal_rank')) },
      {
        name: ctx.t('medianRank'),
        type: 'scatter',
        symbol: 'diamond',
        symbolSize: 7,
        itemStyle: { color: '#12355b' },
        data: rs.map((r) => T.get(r, 'median_rank')),
      },
    ],
  };
};

export const sobol: ViewChart = (ctx) => {
  const { S } = ctx;
  const T = ctx.tab('sensitivity');
  if (!T) return null;
  const ov = ctx.rows('sensitivity', (r, T) => T.get(r, 'target') !== 'unit_rank');
  const ur = ctx.rows('sensitivity', (r, T) => T.get(r, 'target') === 'unit_rank' && String(T.get(r, 'unit')) === String(S.unit));
  const factors: string[] = [];
  for (const r of [...ov, ...ur]) {
    const f = String(T.get(r, 'factor'));
    if (!factors.includes(f)) factors.push(f);
  }
  const ser = (rs: ReportCell[][], key: string, name: string, color: string) => ({
    name,
    type: 'bar',
    itemStyle: { color },
    data: factors.map((f) => {
      const r = rs.find((x) => String(T.get(x, 'factor')) === f);
      return r ? { value: T.get(r, key), lo: T.get(r, `${key}_lo`), hi: T.get(r, `${key}_hi`) } : null;
    }),
  });
  const ss = [
    ser(ov, 'S1', `${ctx.t('firstOrder')} · ${ctx.t('overallTarget')}`, '#9cc2e5'),
    ser(ov, 'ST', `${ctx.t('totalOrder')} · ${ctx.t('overallTarget')}`, '#2f6fb0'),
  ];
  if (ur.length && S.unit) {
    ss.push(ser(ur, 'S1', `${ctx.t('firstOrder')} · ${ctx.un(S.unit)}`, '#fdae6b'));
    ss.push(ser(ur, 'ST', `${ctx.t('totalOrder')} · ${ctx.un(S.unit)}`, '#e07b39'));
  }
  return {
    title: title(ctx, TITLES.sensitivity(ur.length && S.unit ? ctx.unBi(S.unit) : undefined)),
    tooltip: itemTip(
      ctx,
      (p) =>
        ctx.tip([
          p.seriesName,
          `${p.name}: ${fmt(p.value as number)}${p.data && p.data.lo !== null && p.data.lo !== undefined ? ` [${fmt(p.data.lo)}, ${fmt(p.data.hi)}]` : ''}`,
        ]),
      { trigger: 'item' },
    ),
    legend: { bottom: 0, textStyle: { fontSize: 10 } },
    grid: grid({ bottom: 60 }),
    xAxis: { type: 'category', data: factors.map((f) => (ctx.D.factorLabels?.[f] ? ctx.pick(ctx.D.factorLabels[f]) : f)) },
    yAxis: { type: 'value' },
    series: ss,
  };
};

export const loo: ViewChart = (ctx) => {
  const T = ctx.tab('leave_one_out');
  if (!T) return null;
  const num = (r: ReportCell[], c: string): number => n(T.get(r, c)) ?? NaN;
  const rs = T.r.slice().sort((a, b) => num(b, 'mean_abs_rank_shift') - num(a, 'mean_abs_rank_shift'));
  return {
    title: title(ctx, TITLES.leaveOneOut()),
    color: ['#2f6fb0', '#e07b39'],
    tooltip: axisTip(
      ctx,
      (ps) => {
        const r = rs[ps[0].dataIndex];
        const lc = T.get(r, 'largest_changes');
        return ctx.tip([
          ctx.nm(String(T.get(r, 'indicator_removed'))),
          `${ctx.t('meanShift')}: ${fmt(T.get(r, 'mean_abs_rank_shift'))}`,
          `${ctx.t('maxShift')}: ${fmt(T.get(r, 'max_abs_rank_shift'))}`,
          `Spearman: ${fmt(T.get(r, 'spearman'))}`,
          lc ? String(lc) : null,
        ]);
      },
      { axisPointer: { type: 'shadow' } },
    ),
    legend: { bottom: 0 },
    grid: grid({ left: 10, bottom: 40 }),
    xAxis: { type: 'value' },
    yAxis: {
      type: 'category',
      inverse: true,
      data: rs.map((r) => ctx.nm(String(T.get(r, 'indicator_removed')))),
      axisLabel: { fontSize: rs.length > 30 ? 8 : 10, interval: 0, width: 180, overflow: 'truncate' },
    },
    series: [
      { name: ctx.t('meanShift'), type: 'bar', data: rs.map((r) => T.get(r, 'mean_abs_rank_shift')) },
      { name: ctx.t('maxShift'), type: 'bar', data: rs.map((r) => T.get(r, 'max_abs_rank_shift')) },
    ],
  };
};

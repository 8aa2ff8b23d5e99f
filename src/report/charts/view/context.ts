/**
 * The context of the interactive charts (the report's client and the workbench): the report
 * payload (src/report/html/data.ts) indexed once — score values and ranks as period × unit
 * arrays — and the view state the reader changes (language, score, period, unit, density group,
 * Markov condition). Builders read the state through the context each time they run, so one
 * context serves every redraw. Browser-safe: no node: imports, no DOM.
 */
import type { ReportCell } from '../../bundle.js';
import type { PayloadTable, ReportPayload } from '../../html/data.js';
import type { I18nKey, ReportLang } from '../../html/i18n.js';
import type { Bi } from '../titles.js';
import { tipMaker, type TipLine, type TipMode, type TipText } from '../tooltip.js';

/** What the reader chose. */
export interface ViewState {
  lang: ReportLang;
  /** Score code charted in the map, trends and ranking. */
  score: string;
  /** Index into `payload.periods`. */
  p: number;
  /** Unit id of the unit charts (profile, trend, obstacles, Sobol by unit); null before one is chosen. */
  unit: string | null;
  /** Density curves shown: a group id or 'all'. */
  densGroup: string;
  /** Markov condition shown ('all' or 'lag class k'). */
  cond: string;
  /** Grouping of the Dagum and Theil charts when the run has several (analyses.inequality.groups); default the first. */
  grouping?: string;
}

/** The payload parts the interactive charts read (the report payload satisfies it). */
export type ViewData = Pick<
  ReportPayload,
  | 'periods'
  | 'hasPeriods'
  | 'units'
  | 'groups'
  | 'names'
  | 'scores'
  | 'main'
  | 'root'
  | 'dimensions'
  | 'subdimensions'
  | 'framework'
  | 'overview'
  | 'tables'
  | 'density'
  | 'couplingClasses'
  | 'map'
  | 'factorLabels'
>;

/** A payload table with column access by name. */
export interface Tab {
  h: string[];
  r: ReportCell[][];
  has(c: string): boolean;
  get(row: ReportCell[], c: string): ReportCell;
}

/** Values by score: [period index][unit index] (null when missing). */
export type Grid = Record<string, (number | null)[][]>;

export interface ViewContext {
  D: ViewData;
  S: ViewState;
  /** Report label in the current language. */
  t(k: I18nKey): string;
  /** Pick the current language of a bilingual text. */
  pick(b: Bi): string;
  /** Names in both languages: framework node / score, unit, group (the code when unknown). */
  nmBi(code: string): Bi;
  unBi(id: string): Bi;
  gnBi(id: string): Bi;
  nm(code: string): string;
  un(id: string): string;
  gn(id: string): string;
  /** Index of a unit in `D.units` (-1 when unknown). */
  ui(id: string): number;
  /** Group of a unit (null without groups). */
  groupOfUnit(id: string): string | null;
  /** Period label of the selected period. */
  per(): string;
  /** The selected period for a title (undefined for a cross-section). */
  perTitle(): string | undefined;
  tab(name: string): Tab | null;
  rows(name: string, pred?: (r: ReportCell[], T: Tab) => boolean): ReportCell[][];
  /** Row of the analysed (main) score, or any row of a table without a score column. */
  isMain(T: Tab, r: ReportCell[]): boolean;
  /** Row of the selected period, or any row without periods. */
  samePer(T: Tab, r: ReportCell[]): boolean;
  VAL: Grid;
  RNK: Grid;
  GRK: Grid;
  /** [min, max] of a score over every unit and period ([0, 1] when empty). */
  scoreRange(code: string): [number, number];
  /** Tooltip text: escaped HTML lines in the report, rich text in the workbench. */
  tip(lines: TipLine[]): TipText;
  tipMode: TipMode;
}

/** A cell as a number (null for empty, text or non-finite). */
export function n(c: ReportCell | undefined): number | null {
  return typeof c === 'number' && Number.isFinite(c) ? c : null;
}

/** Display numbers: 4 significant digits, exponent for very small or large magnitudes, `d` decimals when given; '—' for missing. */
export function fmt(x: ReportCell | undefined, d?: number): string {
  if (x === null || x === undefined || x === '' || Number.isNaN(Number(x))) return '—';
  const v = Number(x);
  if (d !== undefined) return v.toFixed(d);
  const a = Math.abs(v);
  return a !== 0 && (a < 0.001 || a >= 1e6) ? v.toExponential(3) : String(Number(v.toPrecision(4)));
}

/** Percent with one decimal ('—' for missing). */
export function pct(x: number | null | undefined): string {
  return x === null || x === undefined ? '—' : `${(x * 100).toFixed(1)}%`;
}

/** Axis label of a share: 0–100%. */
export const pctAxis = (v: number): string => `${(v * 100).toFixed(0)}%`;

/** Mean of the numbers of `a` (null when none). */
export function mean(a: readonly (ReportCell | undefined)[]): number | null {
  let s = 0;
  let k = 0;
  for (const v of a)
    if (typeof v === 'number') {
      s += v;
      k++;
    }
  return k ? s / k : null;
}

/** Report palette. */
export const PAL = ['#2f6fb0', '#e07b39', '#3a9d5d', '#c23b3b', '#7d5ba6', '#8c6d31', '#d16ba5', '#5b8e9e', '#a0a0a0', '#b8a400'];

/** Grid margins of the interactive charts (title on top, legend at the bottom). */
export function grid(o: Record<string, unknown> = {}): Record<string, unknown> {
  return { left: 56, right: 24, top: 56, bottom: 40, containLabel: true, ...o };
}

export interface ViewOptions {
  /** Report labels (the embedded dictionary in the report, the module in the workbench). */
  labels: Record<string, Record<ReportLang, string>>;
  /** Tooltips as HTML (report, default) or canvas rich text (workbench). */
  tipMode?: TipMode;
}

/** Index the payload and bind it to the (mutable) state `S`. Cost O(units × periods × scores). */
export function viewContext(D: ViewData, S: ViewState, opts: ViewOptions): ViewContext {
  const unitIx = new Map<string, number>();
  D.units.forEach((u, i) => unitIx.set(u.id, i));
  const groupById = new Map(D.groups.map((g) => [g.id, g] as const));
  const t = (k: I18nKey): string => opts.labels[k]?.[S.lang] ?? k;
  const pick = (b: Bi): string => b[S.lang];
  const nmBi = (code: string): Bi => D.names[code] ?? { zh: code, en: code };
  const unBi = (id: string): Bi => {
    const i = unitIx.get(id);
    return i === undefined ? { zh: String(id), en: String(id) } : { zh: D.units[i].zh, en: D.units[i].en };
  };
  const gnBi = (id: string): Bi =>
    id === 'all' ? { zh: opts.labels.all?.zh ?? 'all', en: opts.labels.all?.en ?? 'all' } : (groupById.get(id) ?? { zh: String(id), en: String(id) });
  const per = (): string => D.periods[S.p];
  const tab = (name: string): Tab | null => {
    const T: PayloadTable | undefined = D.tables[name];
    if (!T) return null;
    const ix = new Map(T.h.map((c, j) => [c, j] as const));
    return {
      h: T.h,
      r: T.r,
      has: (c) => ix.has(c),
      get: (row, c) => {
        const j = ix.get(c);
        return j === undefined ? null : (row[j] ?? null);
      },
    };
  };
  const rows = (name: string, pred?: (r: ReportCell[], T: Tab) => boolean): ReportCell[][] => {
    const T = tab(name);
    return T ? T.r.filter((r) => (pred ? pred(r, T) : true)) : [];
  };

  const VAL: Grid = {};
  const RNK: Grid = {};
  const GRK: Grid = {};
  const R = tab('ranks');
  if (R) {
    const pIx = new Map(D.periods.map((p, k) => [p, k] as const));
    const empty = (): (number | null)[][] => D.periods.map(() => D.units.map(() => null));
    for (const c of D.scores) {
      VAL[c] = empty();
      RNK[c] = empty();
      GRK[c] = empty();
    }
    for (const r of R.r) {
      const i = unitIx.get(String(R.get(r, 'unit')));
      const k = R.has('period') ? pIx.get(String(R.get(r, 'period'))) : 0;
      if (i === undefined || k === undefined) continue;
      for (const c of D.scores) {
        VAL[c][k][i] = n(R.get(r, c));
        RNK[c][k][i] = n(R.get(r, `${c}_rank`));
        GRK[c][k][i] = n(R.get(r, `${c}_group_rank`));
      }
    }
  }
  const scoreRange = (c: string): [number, number] => {
    let lo = Infinity;
    let hi = -Infinity;
    for (const row of VAL[c] ?? [])
      for (const v of row)
        if (typeof v === 'number') {
          if (v < lo) lo = v;
          if (v > hi) hi = v;
        }
    return lo <= hi ? [lo, hi] : [0, 1];
  };
  const tipMode = opts.tipMode ?? 'html';
  return {
    D,
    S,
    t,
    pick,
    nmBi,
    unBi,
    gnBi,
    nm: (c) => pick(nmBi(c)),
    un: (id) => pick(unBi(id)),
    gn: (id) => pick(gnBi(id)),
    ui: (id) => unitIx.get(id) ?? -1,
    groupOfUnit: (id) => {
      const i = unitIx.get(id);
      return i === undefined ? null : D.units[i].group;
    },
    per,
    perTitle: () => (D.hasPeriods ? per() : undefined),
    tab,
    rows,
    isMain: (T, r) => !T.has('score') || String(T.get(r, 'score')) === String(D.main),
    samePer: (T, r) => !T.has('period') || !D.hasPeriods || String(T.get(r, 'period')) === String(per()),
    VAL,
    RNK,
    GRK,
    scoreRange,
    tip: tipMaker(tipMode),
    tipMode,
  };
}

/** Title option of an interactive chart: the catalogue title (./titles.ts) in the current language. */
export function title(ctx: ViewContext, b: Bi): Record<string, unknown> {
  return { text: ctx.pick(b), left: 'center', top: 4, textStyle: { fontSize: 14, fontWeight: 600 } };
}

/**
 * A chart of the interactive layer: an ECharts option for the current state, or null (nothing to draw). `arg`: for the
 * charts drawn once per specification (spatial regression), which one (its container's `data-arg`).
 */
export type ViewChart = (ctx: ViewContext, arg?: string) => Record<string, unknown> | null;

/** What ECharts passes to a tooltip formatter about one data item. */
export interface TipParam {
  name: string;
  value: unknown;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the data item as the builder wrote it
  data: any;
  dataIndex: number;
  seriesIndex: number;
  seriesName: string;
  axisValue?: string;
}

/**
 * Every tooltip of the interactive charts is made here: `extra` holds the plain options (trigger,
 * axisPointer, valueFormatter…); a formatter must return {@link TipText} (tip() escapes each line).
 * In the workbench the tooltip is drawn as canvas rich text.
 */
function tooltipOf(ctx: ViewContext, extra: Record<string, unknown>, formatter?: unknown): Record<string, unknown> {
  return { ...extra, ...(formatter ? { formatter } : {}), ...(ctx.tipMode === 'richText' ? { renderMode: 'richText' } : {}) };
}

/** Tooltip with ECharts' own formatter (which encodes names) and the given options. */
export function plainTip(ctx: ViewContext, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return tooltipOf(ctx, extra);
}

/**
 * Axis tooltip with ECharts' own formatter and values shown by `f` (default {@link fmt}). ECharts
 * calls `valueFormatter(value, dataIndex)`: only the value is passed on (fmt's second argument
 * is a number of decimals).
 */
export function valueTip(ctx: ViewContext, f: (v: number) => string = (v) => fmt(v), extra: Record<string, unknown> = {}): Record<string, unknown> {
  return tooltipOf(ctx, { trigger: 'axis', valueFormatter: (v: number) => f(v), ...extra });
}

/** Item tooltip (trigger: item, the default) whose text is built by `f`. */
export function itemTip(ctx: ViewContext, f: (p: TipParam) => TipText, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return tooltipOf(ctx, extra, f);
}

/** Axis tooltip (trigger: axis) whose text is built by `f` from the items under the pointer. */
export function axisTip(ctx: ViewContext, f: (ps: TipParam[]) => TipText, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return tooltipOf(ctx, { trigger: 'axis', ...extra }, f);
}

/**
 * Shared pieces of the chart builders: table access, labels in zh/en, the publication style
 * (white background, no animation, CJK-capable font list, colour-blind-safe palette) and the
 * provenance footer every figure carries (nqpf version, seed, data hash, SYNTHETIC notice).
 * Pure: no file access, so the builders also run in a browser.
 */
import type { ReportCell, ReportTable, RunBundle } from '../bundle.js';
import { UnitRegistry } from '../../core/units/registry.js';
import { REGION_ZH } from '../../core/units/provinces.js';
import { periodZh, type Bi } from './titles.js';
import type { ChartLang, ChartOptions, ChartSpec, EChartsOption } from './types.js';

/** Font list used in every option: Noto/Source Han first (what the PNG exporter loads), then OS CJK fonts. */
export const FONT_FAMILY =
  "'Noto Sans CJK SC', 'Source Han Sans SC', 'WenQuanYi Micro Hei', 'Microsoft YaHei', 'PingFang SC', 'Helvetica Neue', Arial, sans-serif";

/** Tableau 10: distinguishable categorical colours that survive greyscale printing reasonably. */
export const PALETTE = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'];

/** Sequential blues for heatmaps (light = low). */
export const SEQ_BLUES = ['#f7fbff', '#c6dbef', '#6baed6', '#2171b5', '#08306b'];

/** A table when present with at least one row. */
export function table(bundle: RunBundle, name: string): ReportTable | undefined {
  const t = bundle.tables.get(name);
  return t && t.rows.length > 0 ? t : undefined;
}

/** Cell as a number (NaN for empty or text). */
export function num(c: ReportCell | undefined): number {
  return typeof c === 'number' ? c : typeof c === 'string' && c.trim() !== '' && Number.isFinite(Number(c)) ? Number(c) : NaN;
}

/** Cell as text ('' for empty). */
export function str(c: ReportCell | undefined): string {
  return c === null || c === undefined ? '' : String(c);
}

/** Column index; -1 when absent. */
export function ci(t: ReportTable, name: string): number {
  return t.header.indexOf(name);
}

/** Row objects of a table restricted to the given columns (missing columns give undefined). */
export function getter(t: ReportTable): (row: ReportCell[], name: string) => ReportCell | undefined {
  const idx = new Map(t.header.map((h, j) => [h, j] as const));
  return (row, name) => {
    const j = idx.get(name);
    return j === undefined ? undefined : row[j];
  };
}

/** Distinct period labels of a table's `period` column: numeric order when all are numbers, else first appearance. */
export function periodsOf(t: ReportTable): string[] {
  const j = ci(t, 'period');
  if (j < 0) return [];
  const seen: string[] = [];
  const set = new Set<string>();
  let allNum = true;
  for (const r of t.rows) {
    const p = str(r[j]);
    if (p === '' || set.has(p)) continue;
    set.add(p);
    seen.push(p);
    if (!Number.isFinite(Number(p))) allNum = false;
  }
  return allNum ? seen.sort((a, b) => Number(a) - Number(b)) : seen;
}

/** Numbers for display: ≥ 3 significant digits, at most 4 decimals, no exponent for ordinary magnitudes. */
export function fmt(x: number, digits = 3): string {
  if (!Number.isFinite(x)) return '–';
  const a = Math.abs(x);
  if (a === 0) return '0';
  if (a >= 1000) return x.toFixed(0);
  if (a >= 1e-4) {
    const dec = Math.min(4, Math.max(0, digits - 1 - Math.floor(Math.log10(a))));
    return x.toFixed(dec);
  }
  return x.toExponential(1);
}

/** Percent text with one decimal. */
export function pct(x: number): string {
  return Number.isFinite(x) ? `${(100 * x).toFixed(1)}%` : '–';
}

/** Smallest "nice" number (1, 2, 2.5, 5 × 10^k) ≥ x; for radar/axis maxima. */
export function niceCeil(x: number): number {
  if (!(x > 0)) return 1;
  const e = Math.pow(10, Math.floor(Math.log10(x)));
  for (const m of [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) if (m * e >= x * (1 - 1e-12)) return m * e;
  return 10 * e;
}

let provinceRegistry: UnitRegistry | undefined;
let cityRegistry: UnitRegistry | undefined;

/** Everything a builder needs to label a run's charts in one language. */
export interface ChartContext {
  bundle: RunBundle;
  lang: ChartLang;
  /** zh or en text by language. */
  t(zh: string, en: string): string;
  /** Display name of a unit in the chart language (English names for registry provinces when lang = en). */
  unit(name: string): string;
  /** Display name of a group (NBS regions in Chinese for zh). */
  group(name: string): string;
  /** Name of a framework node (indicator or aggregate) in the chart language; the code when unknown. */
  node(code: string): string;
  /** Name of a framework node in Chinese / English, whatever the chart language (for titleZh/titleEn). */
  nodeZh(code: string): string;
  nodeEn(code: string): string;
  /** Root code of the framework (undefined without a framework table). */
  root?: string;
  /** Children of the root, in framework order. */
  dimensions: string[];
  /** Headline score charted in ranking/trends (see {@link ChartOptions.score}). */
  score?: string;
  /** Unit → group label (from the ranks table's group column, latest row wins). */
  groupOf: Map<string, string>;
  /** Group labels in order of first appearance. */
  groups: string[];
  /** Name of the ranks table's group column, if any. */
  groupColumn?: string;
  /** Provenance line for the footer ('' when `captions: false`). */
  provenance: string;
  /** SYNTHETIC notice (empty when the data are real). */
  synthetic: string;
}

function specField(bundle: RunBundle, ...path: string[]): unknown {
  let o: unknown = bundle.run.spec;
  for (const p of path) {
    if (o === null || typeof o !== 'object') return undefined;
    o = (o as Record<string, unknown>)[p];
  }
  return o;
}

/** Build the labelling context of a run (cheap; call once per family). */
export function chartContext(bundle: RunBundle, lang: ChartLang, opts: ChartOptions = {}): ChartContext {
  const t = (zh: string, en: string): string => (lang === 'zh' ? zh : en);
  const names = new Map<string, { zh: string; en: string }>();
  let root: string | undefined;
  const children = new Map<string, string[]>();
  const fw = table(bundle, 'framework');
  if (fw) {
    const g = getter(fw);
    for (const r of fw.rows) {
      const code = str(g(r, 'code'));
      const parent = str(g(r, 'parent'));
      names.set(code, { zh: str(g(r, 'nameZh')) || code, en: str(g(r, 'nameEn')) || code });
      if (parent === '') root ??= code;
      else children.set(parent, [...(children.get(parent) ?? []), code]);
    }
  } else {
    const w = table(bundle, 'weights');
    if (w) {
      const g = getter(w);
      for (const r of w.rows) {
        const code = str(g(r, 'node'));
        const parent = str(g(r, 'parent'));
        const nm = str(g(r, 'name')) || code;
        names.set(code, { zh: nm, en: nm });
        if (parent === '') root ??= code;
        else children.set(parent, [...(children.get(parent) ?? []), code]);
      }
    }
  }
  const ranks = table(bundle, 'ranks');
  const rankCols = new Set(ranks?.header.filter((h) => ranks.header.includes(`${h}_rank`)) ?? []);
  const wanted = opts.score ?? (specField(bundle, 'analyses', 'score') as string | undefined);
  const score = wanted && rankCols.has(wanted) ? wanted : root && rankCols.has(root) ? root : [...rankCols][0];

  const groupOf = new Map<string, string>();
  const groups: string[] = [];
  let groupColumn: string | undefined;
  if (ranks) {
    const specGroup = (specField(bundle, 'analyses', 'group') ?? specField(bundle, 'units', 'group')) as string | undefined;
    groupColumn =
      ranks.header.find((h) => h === specGroup) ?? ranks.header.find((h) => h !== 'unit' && h !== 'period' && !rankCols.has(h) && !h.endsWith('_rank'));
    if (groupColumn) {
      const gj = ci(ranks, groupColumn);
      const uj = ci(ranks, 'unit');
      for (const r of ranks.rows) {
        const gl = str(r[gj]);
        if (gl === '') continue;
        groupOf.set(str(r[uj]), gl);
        if (!groups.includes(gl)) groups.push(gl);
      }
    }
  }

  const registryName = specField(bundle, 'units', 'registry');
  const cnProvinces = registryName === 'cn-provinces';
  const cnCities = registryName === 'cn-cities';
  const unitCache = new Map<string, string>();
  const unit = (u: string): string => {
    if (lang === 'zh' || !(cnProvinces || cnCities)) return u;
    let v = unitCache.get(u);
    if (v === undefined) {
      const reg = cnCities ? (cityRegistry ??= UnitRegistry.cities()) : (provinceRegistry ??= UnitRegistry.provinces());
      v = reg.lookup(u)?.attributes.en ?? u;
      unitCache.set(u, v);
    }
    return v;
  };
  const group = (gl: string): string => (lang === 'zh' && gl in REGION_ZH ? REGION_ZH[gl as keyof typeof REGION_ZH] : gl);
  const node = (code: string): string => {
    const n = names.get(code);
    return n ? (lang === 'zh' ? n.zh : n.en) : code;
  };
  const nodeZh = (code: string): string => names.get(code)?.zh ?? code;
  const nodeEn = (code: string): string => names.get(code)?.en ?? code;

  const run = bundle.run;
  const data = run.inputs.find((i) => i.role === 'data');
  const provenance = [`nqpf ${run.nqpf}`, `seed ${run.seed}`, data ? `${t('数据', 'data')} SHA-256 ${data.sha256.slice(0, 12)}…` : '']
    .filter((s) => s !== '')
    .join(' · ');
  const synthetic = run.synthetic ? t('合成数据，仅供演示，请勿引用 (SYNTHETIC)', 'SYNTHETIC DATA — not official statistics, do not cite') : '';

  return {
    bundle,
    lang,
    t,
    unit,
    group,
    node,
    nodeZh,
    nodeEn,
    root,
    dimensions: root ? (children.get(root) ?? []) : [],
    score,
    groupOf,
    groups,
    groupColumn,
    provenance: opts.captions === false ? '' : provenance,
    synthetic,
  };
}

/** The score analysed in an analysis table (`score` column): opts.score, spec analyses.score, else the first present. */
export function analysisScore(t: ReportTable, bundle: RunBundle, opts: ChartOptions = {}): string | undefined {
  const j = ci(t, 'score');
  if (j < 0) return undefined;
  const present = new Set(t.rows.map((r) => str(r[j])));
  for (const c of [opts.score, specField(bundle, 'analyses', 'score') as string | undefined]) if (c && present.has(c)) return c;
  return t.rows.length ? str(t.rows[0][j]) : undefined;
}

/** Rows of an analysis table for one score (all rows when the table has no score column). */
export function scoreRows(t: ReportTable, score: string | undefined): ReportCell[][] {
  const j = ci(t, 'score');
  return j < 0 || score === undefined ? t.rows : t.rows.filter((r) => str(r[j]) === score);
}

/** Grid margins leaving room for title, legend and footer. */
export function grid(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { left: 70, right: 40, top: 80, bottom: 70, containLabel: false, ...extra };
}

/** Axis-name style shared by all cartesian charts. */
export const AXIS_NAME = { nameLocation: 'middle', nameTextStyle: { fontSize: 13, color: '#333' } } as const;

/**
 * The publication frame of a chart: title (+ subtitle), white background, no animation,
 * readable fonts, palette and the provenance footer. Builders spread their own keys over it.
 */
export function baseOption(ctx: ChartContext, titleZh: string, titleEn: string, height: number, subtitle?: string): EChartsOption {
  // The provenance footer (left out with `captions: false`, for papers; run.json and the report keep
  // the provenance). The SYNTHETIC notice stays on synthetic data either way.
  const graphic: Record<string, unknown>[] = ctx.provenance
    ? [{ type: 'text', left: 10, bottom: 6, silent: true, style: { text: ctx.provenance, fill: '#888', fontSize: 10, fontFamily: FONT_FAMILY } }]
    : [];
  if (ctx.synthetic) {
    graphic.push({
      type: 'text',
      right: 10,
      bottom: 6,
      silent: true,
      style: { text: ctx.synthetic, fill: '#c00000', fontSize: 10, fontWeight: 'bold', fontFamily: FONT_FAMILY },
    });
  }
  void height;
  return {
    backgroundColor: '#ffffff',
    animation: false,
    color: PALETTE,
    textStyle: { fontFamily: FONT_FAMILY, fontSize: 12, color: '#333' },
    title: {
      text: ctx.t(titleZh, titleEn),
      subtext: subtitle ?? '',
      left: 'center',
      top: 8,
      textStyle: { fontSize: 16, fontWeight: 'bold', color: '#222', fontFamily: FONT_FAMILY },
      subtextStyle: { fontSize: 11, color: '#666', fontFamily: FONT_FAMILY },
    },
    graphic,
  } as EChartsOption;
}

/** Assemble a ChartSpec (the option is the base frame merged with the builder's keys). */
export function makeSpec(
  ctx: ChartContext,
  a: { id: string; section: string; titleZh: string; titleEn: string; width?: number; height?: number; subtitle?: string; option: Record<string, unknown> },
): ChartSpec {
  const width = a.width ?? 800;
  const height = a.height ?? 500;
  const option = { ...baseOption(ctx, a.titleZh, a.titleEn, height, a.subtitle), ...a.option } as EChartsOption;
  // Series are not clipped: every figure's axes cover its data. (The PNG rasteriser drops the clip
  // paths ECharts still writes around lines, see `unclipped` in src/io/write/figures.ts.)
  if (Array.isArray(option.series)) option.series = option.series.map((s) => ({ clip: false, ...s })) as EChartsOption['series'];
  return { id: a.id, titleZh: a.titleZh, titleEn: a.titleEn, section: a.section, option, width, height, kind: 'chart' };
}

/** Legend at the top under the title. */
export function legend(data?: string[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { top: 50, type: 'plain', textStyle: { fontSize: 11 }, ...(data ? { data } : {}), ...extra };
}

/** Latest period of the ranks table (or undefined for a cross-section). */
export function latestPeriod(t: ReportTable): string | undefined {
  const ps = periodsOf(t);
  return ps.length ? ps[ps.length - 1] : undefined;
}

/** Rows of a table in one period (all rows when the table has no period column or `p` is undefined). */
export function periodRows(t: ReportTable, p: string | undefined, rows: ReportCell[][] = t.rows): ReportCell[][] {
  const j = ci(t, 'period');
  return j < 0 || p === undefined ? rows : rows.filter((r) => str(r[j]) === p);
}

/** Period label in Chinese titles (defined with the titles, see ./titles.ts). */
export { periodZh };

/** A catalogue title (./titles.ts) as the `titleZh`/`titleEn` pair of a ChartSpec. */
export function titled(b: Bi): { titleZh: string; titleEn: string } {
  return { titleZh: b.zh, titleEn: b.en };
}

/** Period label in the chart language. */
export function periodLabel(ctx: ChartContext, p: string | undefined): string {
  return ctx.lang === 'zh' ? periodZh(p) : (p ?? '');
}

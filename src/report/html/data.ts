/**
 * The data embedded in report.html: the tables the report shows (projected to the columns used,
 * numbers rounded to 6 significant digits for display — the CSVs keep full precision), plus what
 * the server resolves once: unit and group names in both languages, score names, the framework
 * with its weights, data coverage and missingness, the map, provenance and the methods text.
 * Pure (no file access).
 */
import { stringify } from 'yaml';
import { COORDINATION_CLASSES } from '../../analysis/coupling/coupling.js';
import { UnitRegistry } from '../../core/units/registry.js';
import { ANALYSIS_LIST } from '../../analysis/registry.js';
import { columnFormat, type TableInfo } from '../../analysis/descriptor.js';
import type { CellFormat } from '../../core/number-format.js';
import { DESCRIPTIVES } from '../../pipeline/descriptives.js';
import { factorLabels, type FactorLike } from '../../robustness/labels.js';
import { cellLabel, DECLARED_TABLES, type LabelContext } from '../labels.js';
import { REGION_ZH } from '../../core/units/provinces.js';
import type { ReportCell, ReportTable, RunBundle } from '../bundle.js';
import { encodeCompressedGeoJSON, matchUnitsToFeatures, type CompressedFeatureCollection, type ReportGeo } from '../geo/index.js';
import type { ReportLang } from './i18n.js';
import { FIGURE_SECTIONS, figureSection } from './sections.js';

/** The methods text contract of `src/report/methods-text.ts` (`methodsText(bundle, lang)`). */
export interface MethodsText {
  title: string;
  paragraphs: { heading?: string; text: string }[];
  references: string[];
}

export interface Bilingual {
  zh: string;
  en: string;
}

/** A compact table: header and rows. */
export interface PayloadTable {
  h: string[];
  r: ReportCell[][];
}

export interface ReportPayload {
  lang: ReportLang;
  title: string;
  synthetic: boolean;
  notice: string | null;
  nqpf: string;
  seed: number;
  inputs: { role: string; path: string; sha256: string }[];
  warnings: string[];
  specYaml: string;
  /** Period labels in order; `['']` for a cross-section. */
  periods: string[];
  hasPeriods: boolean;
  units: { id: string; zh: string; en: string; group: string | null; feature: string | null }[];
  groups: ({ id: string } & Bilingual)[];
  /** Names of framework nodes and alternative scores. */
  names: Record<string, Bilingual>;
  /** Score codes of the ranks table, in order; `main` is the analysed score. */
  scores: string[];
  main: string;
  /** Root code and its children (the dimensions). */
  root: string | null;
  dimensions: string[];
  /** Aggregates below the root (dimensions and sub-dimensions), for profiles. */
  subdimensions: string[];
  framework: {
    code: string;
    parent: string | null;
    level: number | null;
    type: string;
    nominal: number | null;
    effective: number | null;
    global: number | null;
    method: string | null;
  }[];
  overview: {
    units: number;
    periods: number;
    indicators: number;
    missingShare: number | null;
    imputed: number | null;
    missing: { indicators: string[]; share: (number | null)[][] } | null;
  };
  tables: Record<string, PayloadTable>;
  /**
   * Analyses the report shows as tables only (no figure of their own yet, e.g. a newly added
   * analysis), from their declarations: section title, and per table its caption and the
   * headers of its declared columns in both languages (run-named columns keep their name).
   */
  tableSections: {
    key: string;
    title: Bilingual;
    tables: { name: string; caption: Bilingual; columns: Record<string, PayloadColumn> }[];
  }[];
  /**
   * Display labels of coded text cells of the tables shown, by table, column and value, in both
   * languages (report/labels.ts: 东部 / East, 区域内 / Within, 高-高 / High-high, a robustness
   * choice as text …); a value without an entry is shown as written.
   */
  labels: Record<string, Record<string, Record<string, Bilingual>>>;
  /** Labels of the robustness factors (robustness/labels.ts), by factor name. */
  factorLabels: Record<string, Bilingual> | null;
  /** Kernel density curves on a down-sampled grid, by score. */
  density: Record<string, { x: number[]; curves: { period: string; group: string; y: number[] }[] }> | null;
  couplingClasses: Record<string, Bilingual> | null;
  map: {
    kind: string;
    mapName: string;
    geo: CompressedFeatureCollection;
    source: string;
    licence: string;
    unmatched: string[];
    notes: string[];
    /** Lines drawn over the polygons (the city map's province borders), [lon, lat] points. */
    outlines?: [number, number][][];
  } | null;
  mapNotes: string[];
  methods: Record<ReportLang, MethodsText> | null;
}

/** A declared column as the report shows it: headers, number format and decimals, what its cells name, its language. */
export interface PayloadColumn extends Bilingual {
  format: CellFormat;
  decimals?: number;
  ref?: 'node' | 'unit' | 'group';
  lang?: 'zh' | 'en';
}

/** Sections of declared tables that are not an analysis's: the descriptive statistics (shown after the framework). */
export const RUN_TABLE_SECTIONS: readonly { key: string; title: Bilingual; tables: readonly TableInfo[] }[] = [
  { key: 'descriptives', title: { zh: '描述性统计', en: 'Descriptive statistics' }, tables: [DESCRIPTIVES] },
];

/** Powers of ten exact as doubles (10^0 … 10^22). */
const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k);

/**
 * Round for display: 6 significant digits (integers unchanged) — `Number(x.toPrecision(6))`, without
 * the text. With |x| = s·10^e, s in [10^5, 10^6) and |e| ≤ 22, 10^|e| is exact and s is |x|·10^−e
 * correctly rounded (relative error ≤ 2^−53, so absolute ≤ 1.2·10^−10): m = round(s) is the integer
 * toPrecision picks (the nearest, a tie upwards) unless s is within 10^−6 of a half, where the text
 * route decides; m·10^e (m < 2^53, an exact power: one correctly rounded operation) is the double
 * nearest to the decimal, which is what Number reads. Test: html.test.ts (property, against toPrecision).
 */
export function round6(x: number): number {
  if (Number.isInteger(x) || !Number.isFinite(x)) return x;
  const a = x < 0 ? -x : x;
  let e = Math.floor(Math.log10(a)) - 5;
  for (let tries = 0; tries < 2 && e >= -22 && e <= 22; tries++) {
    const s = e < 0 ? a * POW10[-e] : a / POW10[e];
    if (s < 1e5) e--;
    else if (s >= 1e6) e++;
    else {
      const m = Math.floor(s);
      const f = s - m;
      if (f > 0.499999 && f < 0.500001) break;
      const r = f < 0.5 ? m : m + 1;
      const y = e < 0 ? r / POW10[-e] : r * POW10[e];
      return x < 0 ? -y : y;
    }
  }
  return Number(x.toPrecision(6));
}

const roundCell = (c: ReportCell): ReportCell => (typeof c === 'number' ? round6(c) : c);

/** Project a table to `cols` (those present), rounding numbers; `filter` keeps rows. */
export function project(t: ReportTable | undefined, cols?: readonly string[], filter?: (row: ReportCell[], h: string[]) => boolean): PayloadTable | undefined {
  if (!t) return undefined;
  const keep = cols ? cols.filter((c) => t.header.includes(c)) : t.header;
  const idx = keep.map((c) => t.header.indexOf(c));
  const rows = filter ? t.rows.filter((r) => filter(r, t.header)) : t.rows;
  return { h: [...keep], r: rows.map((r) => idx.map((j) => roundCell(r[j] ?? null))) };
}

const str = (c: ReportCell | undefined): string => (c === null || c === undefined ? '' : String(c));
const num = (c: ReportCell | undefined): number | null => (typeof c === 'number' && Number.isFinite(c) ? c : null);

/** Analyses with a section of figures of their own (./sections.ts, shared by the report and the workbench); the others get their declared tables. */
export { FIGURE_SECTIONS };

/** Largest number of points per density curve kept in the report. */
export const DENSITY_POINTS = 128;

export interface BuildPayloadOptions {
  lang?: ReportLang;
  geo?: ReportGeo;
  mapNotes?: string[];
  methods?: Record<ReportLang, MethodsText> | null;
}

/** Build the embedded data of a run's report. Cost O(total table cells). */
export function buildReportPayload(bundle: RunBundle, opts: BuildPayloadOptions = {}): { payload: ReportPayload; unmatched: string[] } {
  const { run, tables } = bundle;
  const spec = run.spec as {
    title?: string;
    units?: { registry?: string; group?: string };
    analyses?: { score?: string; group?: string; weights?: { idProperty?: string } };
    outputs?: { language?: ReportLang; map?: { idProperty?: string } };
    steps?: { aggregate?: { alternatives?: { code?: string; node?: string; method?: string }[] } };
  };
  const lang: ReportLang = opts.lang ?? spec.outputs?.language ?? 'zh';
  const ranks = tables.get('ranks');
  const fw = tables.get('framework');
  const wt = tables.get('weights');

  // ---- names of framework nodes and alternative scores
  const names: Record<string, Bilingual> = {};
  const framework: ReportPayload['framework'] = [];
  const wRow = new Map<string, ReportCell[]>();
  if (wt) for (const r of wt.rows) wRow.set(str(r[wt.header.indexOf('node')]), r);
  let root: string | null = null;
  if (fw) {
    const c = (r: ReportCell[], k: string) => r[fw.header.indexOf(k)];
    for (const r of fw.rows) {
      const code = str(c(r, 'code'));
      const zh = str(c(r, 'nameZh')) || str(c(r, 'nameEn')) || code;
      const en = str(c(r, 'nameEn')) || zh;
      names[code] = { zh, en };
      const w = wRow.get(code);
      const wc = (k: string) => (w && wt ? w[wt.header.indexOf(k)] : null);
      const parent = str(c(r, 'parent')) || null;
      if (!parent && str(c(r, 'type')) !== 'indicator') root = root ?? code;
      framework.push({
        code,
        parent,
        level: num(c(r, 'level')),
        type: str(c(r, 'type')),
        nominal: num(wc('nominal')),
        effective: num(wc('effective')),
        global: num(wc('global')),
        method: str(wc('method')) || null,
      });
    }
  }
  for (const a of spec.steps?.aggregate?.alternatives ?? []) {
    if (!a.code) continue;
    const base = a.node && names[a.node] ? names[a.node] : { zh: a.code, en: a.code };
    const m = (a.method ?? '').toUpperCase();
    names[a.code] = { zh: `${base.zh}（${m}）`, en: `${base.en} (${m})` };
  }
  const dimensions = root ? framework.filter((n) => n.parent === root).map((n) => n.code) : [];
  const subdimensions = framework.filter((n) => n.type !== 'indicator' && n.code !== root).map((n) => n.code);

  // ---- units, periods, groups (from ranks)
  const scores: string[] = [];
  let groupCol: string | null = null;
  const periods: string[] = [];
  const unitIds: string[] = [];
  const groupOf = new Map<string, string | null>();
  if (ranks) {
    const h = ranks.header;
    for (const c of h) if (h.includes(`${c}_rank`)) scores.push(c);
    const used = new Set(['unit', 'period', ...scores.flatMap((s) => [s, `${s}_rank`, `${s}_group_rank`])]);
    const pref = spec.analyses?.group ?? spec.units?.group;
    groupCol = h.find((c) => c === pref) ?? h.find((c) => !used.has(c)) ?? null;
    const ui = h.indexOf('unit');
    const pi = h.indexOf('period');
    const gi = groupCol ? h.indexOf(groupCol) : -1;
    const ps = new Set<string>();
    for (const r of ranks.rows) {
      const u = str(r[ui]);
      if (!groupOf.has(u)) {
        unitIds.push(u);
        groupOf.set(u, gi >= 0 ? str(r[gi]) || null : null);
      }
      const p = pi >= 0 ? str(r[pi]) : '';
      if (!ps.has(p)) {
        ps.add(p);
        periods.push(p);
      }
    }
  }
  const hasPeriods = !(periods.length === 1 && periods[0] === '') && periods.length > 0;
  if (!periods.length) periods.push('');
  const inequality = tables.get('inequality');
  const main =
    spec.analyses?.score && scores.includes(spec.analyses.score)
      ? spec.analyses.score
      : inequality
        ? str(inequality.rows[0]?.[0]) || scores[0]
        : ((root && scores.includes(root) ? root : scores[0]) ?? '');

  // ---- map matching and unit names
  const prov = spec.units?.registry === 'cn-provinces' || opts.geo?.kind === 'china' ? UnitRegistry.provinces() : undefined;
  // A user GeoJSON is matched on its id property, as when the map was chosen (src/io/read/geo.ts): the
  // geo's own, else the spec's (outputs.map is the map when given, else analyses.weights' file).
  const idProperty =
    opts.geo?.idProperty ?? (opts.geo?.kind === 'custom' ? (spec.outputs?.map ? spec.outputs.map.idProperty : spec.analyses?.weights?.idProperty) : undefined);
  const match = opts.geo ? matchUnitsToFeatures(unitIds, opts.geo.features, { idProperty }) : undefined;
  const featZh = new Map<string, string>();
  if (opts.geo?.kind === 'world') for (const f of opts.geo.features.features) featZh.set(f.properties.name, f.properties.name);
  const units: ReportPayload['units'] = unitIds.map((id) => {
    const rec = prov?.lookup(id);
    const feature = match?.featureOf.get(id) ?? null;
    const zh = rec ? rec.attributes.zh : feature && featZh.has(feature) ? feature : id;
    const en = rec ? rec.attributes.en : id;
    return { id, zh, en, group: groupOf.get(id) ?? null, feature };
  });
  const groupIds = [...new Set(units.map((u) => u.group).filter((g): g is string => g !== null))];
  const groups = groupIds.map((id) => ({ id, zh: (REGION_ZH as Record<string, string>)[id] ?? id, en: id }));

  // ---- overview: coverage and missingness of the raw data
  const raw = tables.get('data_raw');
  const indicatorCodes = framework.filter((n) => n.type === 'indicator').map((n) => n.code);
  let overview: ReportPayload['overview'] = {
    units: unitIds.length,
    periods: hasPeriods ? periods.length : 1,
    indicators: indicatorCodes.length,
    missingShare: null,
    imputed: null,
    missing: null,
  };
  if (raw) {
    const inds = indicatorCodes.filter((c) => raw.header.includes(c));
    const pi = raw.header.indexOf('period');
    const pIndex = new Map(periods.map((p, k) => [p, k]));
    const miss = inds.map(() => periods.map(() => 0));
    const cnt = periods.map(() => 0);
    let totalMiss = 0;
    const at = inds.map((c) => raw.header.indexOf(c));
    for (const r of raw.rows) {
      const k = pIndex.get(pi >= 0 ? str(r[pi]) : '') ?? 0;
      cnt[k]++;
      for (let j = 0; j < at.length; j++) {
        if (typeof r[at[j]] !== 'number') {
          miss[j][k]++;
          totalMiss++;
        }
      }
    }
    const share = miss.map((row) => row.map((m, k) => (cnt[k] ? round6(m / cnt[k]) : null)));
    const cells = raw.rows.length * inds.length;
    overview = {
      ...overview,
      indicators: inds.length || overview.indicators,
      missingShare: cells ? round6(totalMiss / cells) : null,
      missing: { indicators: inds, share },
    };
  }
  const imp = tables.get('imputation');
  if (imp?.header.includes('filled')) overview.imputed = imp.rows.reduce((s, r) => s + (num(r[imp.header.indexOf('filled')]) ?? 0), 0);

  // ---- tables shown
  const T: Record<string, PayloadTable> = {};
  const put = (name: string, cols?: readonly string[]) => {
    const p = project(tables.get(name), cols);
    if (p) T[name] = p;
  };
  put('ranks');
  // The declared tables the report shows, as each declares (descriptives, then the registry's order).
  for (const d of DECLARED_TABLES.values()) {
    const show = d.report;
    const w = tables.get(d.name);
    if (!show || !w) continue;
    put(d.name, show === true ? undefined : 'columns' in show ? show.columns : w.header.filter((c) => !show.omit.includes(c)));
  }
  const tableSections: ReportPayload['tableSections'] = [];
  for (const a of [...RUN_TABLE_SECTIONS, ...ANALYSIS_LIST.filter((x) => !FIGURE_SECTIONS.has(x.key) || figureSection(x.key)?.declaredTables)]) {
    const shown = a.tables.filter((d) => T[d.name]);
    if (!shown.length) continue;
    tableSections.push({
      key: a.key,
      title: { zh: a.title.zh, en: a.title.en },
      tables: shown.map((d) => {
        const payloadColumn = (c: (typeof d.columns)[string], zh: string, en: string, format: PayloadColumn['format']): PayloadColumn => ({
          zh,
          en,
          format,
          ...(c.decimals === undefined ? {} : { decimals: c.decimals }),
          ...(c.ref ? { ref: c.ref } : {}),
          ...(c.lang ? { lang: c.lang } : {}),
        });
        const columns = Object.fromEntries(
          Object.entries(d.columns).map(([k, c]): [string, PayloadColumn] => [k, payloadColumn(c, c.zh, c.en, columnFormat(c))]),
        );
        // The headers of a spread group come from the run (e.g. model names): each cell as its value
        // reads (a text group mixes counts, estimates and labels, so no one number format).
        const spread = Object.values(d.columns).find((c) => c.spread);
        if (spread)
          for (const h of T[d.name]?.h ?? [])
            if (!Object.hasOwn(columns, h)) columns[h] = payloadColumn(spread, h, h, spread.kind === 'text' ? 'auto' : columnFormat(spread));
        return { name: d.name, caption: { zh: d.zh, en: d.en }, columns };
      }),
    });
  }
  put('uncertainty', ['score', 'unit', 'period', 'nominal_rank', 'mean_rank', 'median_rank', 'p05_rank', 'p95_rank', 'mean_abs_rank_shift']);
  put('uncertainty_unstable');
  put('sensitivity');
  put('leave_one_out');
  put('method_comparison');
  put('imputation');

  // Labels of the coded text cells of every table shown, in both languages.
  const robustFactors = ((spec as { robustness?: { factors?: FactorLike[] } }).robustness?.factors ?? []) as FactorLike[];
  const nameMap = new Map(Object.entries(names));
  const lctx = (l: ReportLang): LabelContext => ({ lang: l, names: nameMap, group: groupCol ?? undefined, factors: robustFactors });
  const [lzh, len] = [lctx('zh'), lctx('en')];
  const labels: ReportPayload['labels'] = {};
  for (const [name, t] of Object.entries(T)) {
    t.h.forEach((col, j) => {
      const seen = new Set<string>();
      for (const r of t.r) {
        const v = r[j];
        if (typeof v !== 'string' || v === '' || seen.has(v)) continue;
        seen.add(v);
        const zh = cellLabel(name, col, v, lzh);
        const en = cellLabel(name, col, v, len);
        if (zh !== v || en !== v) ((labels[name] ??= {})[col] ??= {})[v] = { zh: String(zh), en: String(en) };
      }
    });
  }
  const factorLabelsZh = factorLabels(robustFactors, 'zh');
  const factorLabelsOut = robustFactors.length
    ? Object.fromEntries(robustFactors.map((f) => [f.name, { zh: factorLabelsZh.get(f.name) ?? f.name, en: f.name }]))
    : null;

  let couplingClasses: ReportPayload['couplingClasses'] = null;
  const cp = tables.get('coupling');
  if (cp?.header.includes('class')) {
    couplingClasses = {};
    // The ten classes of the coupling module (labels of classes absent from the run too), then the run's own labels.
    COORDINATION_CLASSES.forEach((c, i) => (couplingClasses![String(i + 1)] = { zh: c.zh, en: c.en }));
    const [ci, zi, ei] = ['class', 'class_zh', 'class_en'].map((c) => cp.header.indexOf(c));
    for (const r of cp.rows) {
      const k = str(r[ci]);
      if (k && zi >= 0 && ei >= 0) couplingClasses[k] = { zh: zi >= 0 ? str(r[zi]) : k, en: ei >= 0 ? str(r[ei]) : k };
    }
  }

  // ---- density: down-sample each curve to at most DENSITY_POINTS grid points
  let density: ReportPayload['density'] = null;
  const dn = tables.get('density');
  if (dn) {
    density = {};
    const [si, pi, gi, xi, yi] = ['score', 'period', 'group', 'x', 'density'].map((c) => dn.header.indexOf(c));
    const curves = new Map<string, { score: string; period: string; group: string; x: number[]; y: number[] }>();
    for (const r of dn.rows) {
      const key = `${str(r[si])}\u0000${str(r[pi])}\u0000${str(r[gi])}`;
      let c = curves.get(key);
      if (!c) curves.set(key, (c = { score: str(r[si]), period: str(r[pi]), group: str(r[gi]), x: [], y: [] }));
      c.x.push(num(r[xi]) ?? NaN);
      c.y.push(num(r[yi]) ?? 0);
    }
    for (const c of curves.values()) {
      const step = Math.max(1, Math.ceil(c.x.length / DENSITY_POINTS));
      const pick = <T>(a: T[]) => a.filter((_, i) => i % step === 0 || i === a.length - 1);
      const d = (density[c.score] ??= { x: pick(c.x).map(round6), curves: [] });
      d.curves.push({ period: c.period, group: c.group, y: pick(c.y).map(round6) });
    }
  }

  const unmatched = match ? match.unmatched : [];
  const map: ReportPayload['map'] = opts.geo
    ? {
        kind: opts.geo.kind,
        mapName: opts.geo.mapName,
        geo: encodeCompressedGeoJSON(opts.geo.features),
        source: opts.geo.source,
        licence: opts.geo.licence,
        unmatched,
        notes: opts.mapNotes ?? [],
        ...(opts.geo.outlines ? { outlines: opts.geo.outlines } : {}),
      }
    : null;

  const warnings = Array.isArray(run.warnings)
    ? (run.warnings as { code?: string; message?: string }[]).map((w) => (w.code ? `${w.code}: ${w.message ?? ''}` : String(w.message ?? w)))
    : [];
  const payload: ReportPayload = {
    lang,
    title: run.title ?? spec.title ?? 'nqpf',
    synthetic: run.synthetic === true,
    notice: typeof run.notice === 'string' ? run.notice : run.synthetic ? 'SYNTHETIC DATA' : null,
    nqpf: run.nqpf,
    seed: run.seed,
    inputs: (run.inputs ?? []).map((i) => ({ role: i.role, path: i.path, sha256: i.sha256 })),
    warnings,
    specYaml: stringify(run.spec, { lineWidth: 0 }),
    periods,
    hasPeriods,
    units,
    groups,
    names,
    scores,
    main,
    root,
    dimensions,
    subdimensions,
    framework,
    overview,
    tables: T,
    tableSections,
    labels,
    factorLabels: factorLabelsOut,
    density,
    couplingClasses,
    map,
    mapNotes: opts.mapNotes ?? [],
    methods: opts.methods ?? null,
  };
  return { payload, unmatched };
}

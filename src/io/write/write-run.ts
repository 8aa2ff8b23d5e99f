/**
 * Write a run's outputs: every data set of the pipeline, weights, ranks, step reports, the
 * framework, one XLSX workbook with all tables and run.json (provenance: version, resolved
 * spec, input SHA-256s, seed, the step log, warnings). Atomic: everything is written into a
 * temporary directory that is renamed into place only when complete.
 */
import { writeFile } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import type { Panel } from '../../core/panel.js';
import type { Warning } from '../../core/logger.js';
import type { AnalysesResult } from '../../analysis/run.js';
import { presentAnalyses } from '../../analysis/registry.js';
import { DATASET_NAMES, type PipelineResult } from '../../pipeline/run.js';
import { describeIndicators } from '../../pipeline/descriptives.js';
import { recordedSpec } from '../../spec/env-refs.js';
import { VERSION } from '../../version.js';
import { writeDirAtomic, type WriteDirOptions } from './atomic.js';
import { type CsvColumn, type CsvTableSource, takeCsvTexts, toCsv } from './csv-write.js';
import { blockColumn, cycleColumn } from './csv-columns.js';
import type { LoadedProject } from '../read/load-project.js';
import { writeXlsx, type SheetSpec } from './xlsx-write.js';
import { INPUT_ROLES, labelTable, tableCaption, type LabelContext } from '../../report/labels.js';
import { readRunDir, runBundleOf } from '../read/run-dir.js';
import type { RunBundle } from '../../report/bundle.js';
import type { FigureCharts } from '../../report/charts/index.js';
import type { FigureOptions } from './figures.js';
import type { WriteReportResult } from './report.js';
import type { ReportGeoChoice } from '../read/geo.js';
import type { ReportGeo } from '../../report/geo/types.js';
import { type FiguresWorker, startFiguresWorker } from '../workers/figures-run.js';
import { CsvFiles } from '../workers/csv-writer-run.js';

export type CellValue = string | number | null;
export interface OutputTable {
  name: string;
  file: string;
  header: string[];
  rows: CellValue[][];
  note?: string;
  /** The table by its columns (data sets, ranks: large), which the CSV writer streams from; `rows` is then built only when read. */
  columns?: CsvTableSource['columns'];
}

const num = (x: number): number | null => (Number.isNaN(x) ? null : x);

/** A data set as a table: unit, period (when the data have one), then framework codes. */
export function panelTable(p: Panel, name: string, file: string): OutputTable {
  const nU = p.units.length;
  const header = ['unit', ...(p.hasPeriod ? ['period'] : []), ...p.indicators];
  const cells: CsvColumn[] = [unitColumn(p.units), ...(p.hasPeriod ? [periodColumn(p.periods, nU)] : []), ...p.indicators.map((c) => p.values.get(c)!)];
  return columnarTable(name, file, header, p.periods.length * nU, cells);
}

/**
 * A table held by its columns (row i = period ⌊i / units⌋, unit i mod units): the CSV writer
 * streams it from them, and its `rows` are built only when something reads them (the workbook, the
 * report), once.
 */
function columnarTable(name: string, file: string, header: string[], nRows: number, cells: CsvColumn[]): OutputTable {
  let rows: CellValue[][] | undefined;
  return {
    name,
    file,
    header,
    columns: { nRows, cells },
    get rows(): CellValue[][] {
      if (!rows) {
        rows = new Array(nRows);
        for (let i = 0; i < nRows; i++) rows[i] = cells.map((c) => (typeof c === 'function' ? c(i) : num(c[i])));
      }
      return rows;
    },
  };
}

/** The unit column of a period-major panel table: the same function object for every table of one unit list, so it is formatted once. */
const unitColumns = new WeakMap<readonly string[], CsvColumn>();
function unitColumn(units: readonly string[]): CsvColumn {
  let f = unitColumns.get(units);
  if (!f) unitColumns.set(units, (f = cycleColumn(units, units.length)));
  return f;
}
const periodColumns = new WeakMap<readonly string[], Map<number, CsvColumn>>();
function periodColumn(periods: readonly string[], nU: number): CsvColumn {
  let m = periodColumns.get(periods);
  if (!m) periodColumns.set(periods, (m = new Map()));
  let f = m.get(nU);
  if (!f) {
    m.set(nU, (f = blockColumn(periods.map(periodCell), nU)));
  }
  return f;
}

function periodCell(label: string): string | number {
  return /^-?\d+$/.test(label) ? Number(label) : label;
}

/** All tables of a run, in workbook order. */
export function runTables(project: Pick<LoadedProject, 'spec' | 'groupAttr'>, r: PipelineResult): OutputTable[] {
  const lang = project.spec.outputs.language;
  const tables: OutputTable[] = [];
  const agg = r.datasets.aggregated;
  const nU = agg.units.length;
  const hasP = agg.hasPeriod;

  // Ranks: scores with their overall and group ranks.
  {
    const g = project.groupAttr ? agg.attributes.get(project.groupAttr) : undefined;
    const header = ['unit', ...(hasP ? ['period'] : []), ...(g ? [project.groupAttr!] : [])];
    const cells: CsvColumn[] = [unitColumn(agg.units), ...(hasP ? [periodColumn(agg.periods, nU)] : []), ...(g ? [cycleColumn(g, nU)] : [])];
    for (const rk of r.ranks) {
      header.push(rk.code, `${rk.code}_rank`, ...(rk.group ? [`${rk.code}_group_rank`] : []));
      cells.push(agg.values.get(rk.code)!, rk.overall, ...(rk.group ? [rk.group] : []));
    }
    tables.push(columnarTable('ranks', 'ranks.csv', header, agg.periods.length * nU, cells));
  }
  // Descriptive statistics of the indicators (a paper's Table 1), pooled and per period.
  tables.push(describeIndicators(r.datasets.denominated, r.framework, lang));
  for (const d of DATASET_NAMES) tables.push(panelTable(r.datasets[d], `data_${d}`, `data_${d}.csv`));

  const perPeriod = r.weights.some((w) => w.period !== '');
  tables.push({
    name: 'weights',
    file: 'weights.csv',
    header: [...(perPeriod ? ['period'] : []), 'node', 'name', 'parent', 'level', 'nominal', 'effective', 'global', 'method'],
    rows: r.weights.map((w) => {
      const n = r.framework.nodes.get(w.node)!;
      return [
        ...(perPeriod ? [periodCell(w.period)] : []),
        w.node,
        lang === 'zh' ? n.nameZh : n.nameEn,
        w.parent,
        w.level,
        num(w.nominal),
        num(w.effective),
        num(w.global),
        w.method,
      ];
    }),
  });
  if (r.weightDetails.length) {
    const rows: CellValue[][] = [];
    for (const wd of r.weightDetails) {
      for (const [k, v] of Object.entries(wd.detail)) {
        if (Array.isArray(v) || ArrayBuffer.isView(v)) {
          const arr = Array.from(v as ArrayLike<number>);
          arr.forEach((x, j) => rows.push([wd.node, periodCell(wd.period), wd.method, k, j + 1, typeof x === 'number' ? num(x) : String(x)]));
        } else if (typeof v === 'number') rows.push([wd.node, periodCell(wd.period), wd.method, k, null, num(v)]);
        else if (typeof v === 'string' || typeof v === 'boolean') rows.push([wd.node, periodCell(wd.period), wd.method, k, null, String(v)]);
      }
    }
    tables.push({ name: 'weights_detail', file: 'weights_detail.csv', header: ['node', 'period', 'method', 'quantity', 'item', 'value'], rows });
  }
  tables.push({
    name: 'framework',
    file: 'framework.csv',
    header: ['code', 'parent', 'level', 'type', 'nameZh', 'nameEn', 'direction', 'weight', 'unit', 'column', 'denominator', 'source'],
    rows: [...r.framework.nodes.values()].map((n) => [
      n.code,
      n.parent ?? '',
      n.level,
      n.isIndicator ? 'indicator' : 'aggregate',
      n.nameZh,
      n.nameEn,
      n.direction,
      n.weight,
      n.unit ?? '',
      n.column,
      n.denominator ?? '',
      n.source ?? '',
    ]),
  });
  tables.push({
    name: 'imputation',
    file: 'imputation.csv',
    header: ['indicator', 'method', 'missing_before', 'filled', 'missing_after'],
    rows: r.imputation.map((x) => [x.indicator, x.method, x.missingBefore, x.filled, x.missingAfter]),
  });
  if (r.treatment.length)
    tables.push({
      name: 'treatment',
      file: 'treatment.csv',
      header: ['indicator', ...(hasP ? ['period'] : []), 'method', 'treated', 'winsorised', 'log', 'detail'],
      rows: r.treatment.map((x) => [
        x.indicator,
        ...(hasP ? [x.period === '' ? 'pooled' : periodCell(x.period)] : []),
        x.method,
        x.treated ? 1 : 0,
        x.winsorised,
        x.log ? 1 : 0,
        x.detail,
      ]),
    });
  if (r.screening.length)
    tables.push({
      name: 'screening',
      file: 'screening.csv',
      header: ['kind', 'code', 'availability', 'dropped'],
      rows: r.screening.map((x) => [x.kind, x.code, x.availability, x.dropped ? 1 : 0]),
    });
  return tables;
}

/** What the workbook's labels need of a run: node and alternative names, the group attribute, the robustness factors. */
export function labelContext(project: Pick<LoadedProject, 'spec' | 'groupAttr'>, r: PipelineResult): LabelContext {
  const names = new Map<string, { zh: string; en: string }>();
  for (const n of r.framework.nodes.values()) names.set(n.code, { zh: n.nameZh || n.nameEn || n.code, en: n.nameEn || n.nameZh || n.code });
  for (const a of project.spec.steps.aggregate.alternatives ?? []) {
    const base = (a.node && names.get(a.node)) || { zh: a.code, en: a.code };
    const m = String(a.method ?? '').toUpperCase();
    names.set(a.code, { zh: `${base.zh}（${m}）`, en: `${base.en} (${m})` });
  }
  return { lang: project.spec.outputs.language, names, group: project.groupAttr, factors: project.spec.robustness?.factors };
}

/**
 * The sheets of results.xlsx: `about` (version, title, seed, inputs, then every sheet with what
 * it holds), then one sheet per table, named by the table (as its CSV file). Headers and coded
 * values are in `outputs.language` (report/labels.ts: 区域间 G_nb, 东部, 高-高 …); each relabelled
 * header cell carries its CSV column key as a note. Numbers are the CSV's, at full precision.
 */
export function workbookSheets(
  project: Pick<LoadedProject, 'spec' | 'groupAttr' | 'inputs' | 'envRefs'>,
  r: PipelineResult,
  seed: number,
  tables: readonly OutputTable[],
): SheetSpec[] {
  const ctx = labelContext(project, r);
  const zh = ctx.lang === 'zh';
  const about: (string | number | null)[][] = [
    ['nqpf', VERSION],
    [zh ? '标题' : 'title', project.spec.title ?? ''],
    [zh ? '随机种子' : 'seed', seed],
    ...recordedInputs(project).map(
      (i) => [zh ? `输入文件（${INPUT_ROLES[i.role]?.zh ?? i.role}）` : `input (${i.role})`, `${i.path}  sha256:${i.sha256}`] as (string | number | null)[],
    ),
    [null, null],
    [zh ? '工作表' : 'sheet', zh ? '内容' : 'contents'],
    ...tables.map((t) => [t.name, tableCaption(t.name, ctx.lang) ?? ''] as (string | number | null)[]),
  ];
  if (project.spec.data.synthetic) about.unshift([zh ? '提示' : 'NOTICE', SYNTHETIC_NOTICE]);
  const sheet = (t: { name: string; header: string[]; rows: CellValue[][] }): SheetSpec => {
    const l = labelTable(t, ctx);
    // The numbers' texts as the CSV writer formatted them (writeCsvFiles' keepTexts), when it kept them.
    return { name: t.name, header: l.header, rows: l.rows, keys: t.header, texts: takeCsvTexts(t) };
  };
  return [sheet({ name: 'about', header: ['key', 'value'], rows: about }), ...tables.map(sheet)];
}

export interface RunJson {
  nqpf: string;
  title?: string;
  synthetic: boolean;
  notice?: string;
  seed: number;
  inputs: LoadedProject['inputs'];
  spec: LoadedProject['spec'];
  log: PipelineResult['log'];
  summary: { units: number; periods: string[]; indicators: number; aggregates: string[]; droppedUnits: string[]; droppedIndicators: string[] };
  warnings: Warning[];
  outputs: string[];
}

/** Where each input's path came from in the spec. */
const INPUT_PATHS: Record<string, string> = { spec: '', data: 'data.file', framework: 'framework.file', units: 'units.file', weights: 'analyses.weights.file' };

/** The inputs as recorded: a path the spec wrote with a `${VAR}` reference is recorded as that reference (see spec/env-refs.ts). */
export function recordedInputs(project: Pick<LoadedProject, 'inputs' | 'envRefs' | 'spec'>): LoadedProject['inputs'] {
  if (project.spec.outputs.recordEnvValues) return project.inputs;
  return project.inputs.map((i) => {
    const ref = project.envRefs.find((r) => r.path.join('.') === INPUT_PATHS[i.role]);
    return ref ? { ...i, path: ref.text } : i;
  });
}

export const SYNTHETIC_NOTICE =
  'SYNTHETIC DATA — generated for demonstration; not official statistics; do not cite. 合成数据，仅供演示，非官方统计，请勿引用。';

export function runJson(project: LoadedProject, r: PipelineResult, seed: number, files: string[], analyses?: AnalysesResult): RunJson {
  const agg = r.datasets.aggregated;
  return {
    nqpf: VERSION,
    title: project.spec.title,
    synthetic: project.spec.data.synthetic,
    ...(project.spec.data.synthetic ? { notice: SYNTHETIC_NOTICE } : {}),
    seed,
    inputs: recordedInputs(project),
    spec: { ...recordedSpec(project.spec, project.envRefs), seed },
    log: r.log,
    summary: {
      units: agg.units.length,
      periods: agg.hasPeriod ? agg.periods : [],
      indicators: r.framework.indicators.length,
      aggregates: r.framework.aggregates,
      droppedUnits: r.screening.filter((s) => s.kind === 'unit' && s.dropped).map((s) => s.code),
      droppedIndicators: r.screening.filter((s) => s.kind === 'indicator' && s.dropped).map((s) => s.code),
    },
    warnings: [...project.warnings, ...r.warnings, ...(analyses?.warnings ?? [])],
    outputs: files,
  };
}

/** What {@link writeReportOutputs} writes and how. */
export interface ReportOutputOptions {
  lang: 'zh' | 'en';
  report: boolean;
  docx: boolean;
  figures: 'none' | 'svg' | 'svg+png';
  geojson?: string;
  idProperty?: string;
  captions?: boolean;
}

/**
 * Report, Word tables and figures of a finished run directory (also `nqpf report`). `bundle`: the
 * directory's bundle when the caller has it (a run builds it from what it wrote, runBundleOf);
 * otherwise it is read once here for the report and the Word tables.
 */
export async function writeReportOutputs(
  dir: string,
  opts: ReportOutputOptions,
  bundle?: RunBundle,
  figuresWorker?: FiguresWorker,
): Promise<{ files: string[]; report?: WriteReportResult }> {
  return (await startReportOutputs(dir, opts, bundle, figuresWorker))();
}

/**
 * The first part of {@link writeReportOutputs}: with the bundle, the map is chosen and the charts are
 * built and handed to the figures worker, which draws from then on. Resolves to the rest (report, Word
 * tables, this thread's share of the drawing, waiting for all), which the caller starts when it likes:
 * a run starts it at once and writes its tables, run.json and workbook meanwhile — after the charts are
 * posted, so the worker draws while this thread writes (issue 14: they were posted only after the CSV
 * files and the workbook's sheets, ≈ 0.2–1.5 s later). When this part fails, the figures worker has
 * not been handed anything.
 */
async function startReportOutputs(
  dir: string,
  opts: ReportOutputOptions,
  bundle?: RunBundle,
  figuresWorker?: FiguresWorker,
  early?: EarlyFigures,
): Promise<() => Promise<{ files: string[]; report?: WriteReportResult }>> {
  const files: string[] = [];
  if (!opts.report && !opts.docx && opts.figures === 'none') return async () => ({ files });
  // The map, chosen once here for the figures and the report when the bundle is at hand (what
  // either would choose from it): the figures worker then neither loads the map readers and the
  // maps' data nor reads and matches the map again — it is the run's critical path while it draws.
  // Chosen already when the construction's charts were drawn early (from ranks and the spec alone).
  const geo = bundle && opts.figures !== 'none' ? (early?.geo ?? (await chooseMap(bundle, opts))) : undefined;
  const figureOpts = figureOptions(opts);
  // With the bundle, the charts are built here too (plain data; the chart modules need no ECharts), so
  // the worker is sent them and the run.json instead of every table, and builds nothing: it draws as
  // soon as ECharts is loaded. This thread, when it helps drawing, has them already. After the
  // construction's charts (handed to the worker early), only the others are built.
  const chartOpts = { ...figureOpts, map: geo?.figures || undefined };
  const chartsOf = await (bundle && geo ? import('../../report/charts/index.js') : undefined);
  const charts =
    bundle && chartsOf
      ? early
        ? chartsOf.remainingCharts(bundle, opts.lang, chartOpts, early.charts)
        : chartsOf.figureCharts(bundle, opts.lang, chartOpts)
      : undefined;
  // Figures on a worker thread (another core), started first: they are the longest of the three
  // (ECharts rendering, PNG). Without the bundle the worker reads the run directory itself.
  const worker = opts.figures !== 'none' ? (figuresWorker ?? startFiguresWorker()) : undefined;
  const figures = worker?.run(dir, opts.lang, figureOpts, bundle, charts);
  const drawing = Promise.allSettled([figures]); // settled here, so an early failure waits for the others
  return async () => {
    // Each writer's libraries (ECharts, resvg, docx) load only when its output is asked for, and the
    // three run side by side: PNG rendering (resvg's threads) and file writes overlap the others' work.
    // allSettled: every writer has stopped before an error leaves (the caller then removes the directory).
    const read = opts.report || opts.docx ? (bundle ? Promise.resolve(bundle) : readRunDir(dir)) : undefined;
    const own = Promise.allSettled([
      opts.report
        ? Promise.all([import('./report.js'), read!]).then(([m, b]) =>
            m.writeReportOf(b, dir, { lang: opts.lang, geojson: opts.geojson, idProperty: opts.idProperty, geo: geo?.report }),
          )
        : undefined,
      opts.docx ? Promise.all([import('./docx-tables.js'), read!]).then(([m, b]) => m.writeRunDocx(join(dir, 'tables.docx'), b, opts.lang)) : undefined,
    ]);
    // Once the report and the Word tables are written, this thread draws figures too, taking the
    // charts the worker has not started (FiguresWorker.help, when it pays; the files are the same for
    // any split). Also in a run that writes figures only, when it has the bundle (its charts are built here).
    if (worker && (read || bundle)) {
      await own;
      const b = bundle ?? (await read!.catch(() => undefined)); // a failed read fails the report (in own)
      if (b) await worker.help(b);
    }
    const settled = [...(await own), ...(await drawing)];
    for (const s of settled) if (s.status === 'rejected') throw s.reason;
    const report = (settled[0] as PromiseFulfilledResult<WriteReportResult | undefined>).value;
    if (opts.report) files.push('report.html');
    if (opts.docx) files.push('tables.docx');
    if (opts.figures !== 'none') files.push('figures/');
    return { files, report };
  };
}

/** The figures' options of a run's report outputs. */
function figureOptions(opts: ReportOutputOptions): FigureOptions {
  return {
    png: opts.figures === 'svg+png',
    geojson: opts.geojson,
    idProperty: opts.idProperty,
    ...(opts.captions === undefined ? {} : { captions: opts.captions }),
  };
}

/** A run's report outputs as its spec asks for them: the map (outputs.map, else a GeoJSON spatial-weights file) resolved from the spec's directory. */
function reportOptionsOf(project: Pick<LoadedProject, 'spec' | 'specDir'>): ReportOutputOptions {
  const o = project.spec.outputs;
  // Resolved here, from the spec's directory (run.json records ${VAR} references, which cannot be resolved later).
  const w = project.spec.analyses.weights;
  const weightsGeo = w?.file && (w.format === 'geojson' || (w.format === undefined && /\.(geo)?json$/i.test(w.file))) ? w : undefined;
  const at = (f: string) => (isAbsolute(f) ? f : resolve(project.specDir, f));
  const geojson = o.map ? at(o.map.geojson) : weightsGeo ? at(weightsGeo.file!) : undefined;
  const idProperty = o.map ? o.map.idProperty : weightsGeo?.idProperty;
  return { lang: o.language, report: o.report, docx: o.docx, figures: o.figures, geojson, idProperty };
}

/**
 * The figures a run can draw from its construction alone, handed to its figures worker
 * ({@link startConstructionFigures}); the run's writing reuses its tables, bundle and map.
 */
export interface EarlyFigures {
  /** The construction's tables (runTables). */
  tables: OutputTable[];
  /** Their bundle, with the run.json known then. */
  bundle: RunBundle;
  geo: { report: ReportGeoChoice; figures: ReportGeo | false };
  charts: FigureCharts;
}

/**
 * As soon as the pipeline has run: the charts of the construction (missingness, framework, weights,
 * ranking, trends, score maps … — report/charts CHART_STAGES) built here and handed to `worker`, which
 * draws them while this thread runs the analyses and the robustness (issue 14: it idled until the run
 * was written, then drew alone while this thread waited). They read the run.json fields known now (spec,
 * seed, version, the data input, synthetic), the same as at the end, so the SVGs are the same bytes. The
 * run's writing ({@link writeRunWithReport}, `started.early`) builds and hands over the rest. Undefined
 * when the run draws no figures, or when this fails (the same failure then comes where it came before:
 * while the run is written, leaving nothing).
 */
export async function startConstructionFigures(
  project: LoadedProject,
  r: PipelineResult,
  seed: number,
  worker: FiguresWorker,
): Promise<EarlyFigures | undefined> {
  const opts = reportOptionsOf(project);
  if (opts.figures === 'none') return undefined;
  try {
    const tables = runTables(project, r);
    const files = tables.map((t) => t.file);
    const run = runJson(project, r, seed, files);
    const bundle = bundleOf(run, tables, project.spec.outputs.csvBom !== false);
    const geo = await chooseMap(bundle, opts);
    const { constructionCharts } = await import('../../report/charts/index.js');
    const figureOpts = figureOptions(opts);
    const charts = constructionCharts(bundle, opts.lang, { ...figureOpts, map: geo.figures || undefined });
    worker.early(opts.lang, figureOpts, charts);
    return { tables, bundle, geo, charts };
  } catch {
    return undefined;
  }
}

/**
 * The bundle of what a run writes (runBundleOf), from the tables in memory; the tables of `known` (a
 * bundle of some of them, with a run.json that lists them) are taken from it, not converted again.
 */
function bundleOf(run: unknown, tables: readonly OutputTable[], bom: boolean, known?: RunBundle): RunBundle {
  const csv = (t: { header: string[] }) => toCsv(t.header, (t as OutputTable).rows, { bom });
  if (!known) return runBundleOf(run, tables, csv);
  const fresh = runBundleOf(
    run,
    tables.filter((t) => !known.tables.has(t.file.slice(0, -4))),
    csv,
  );
  // In runBundleOf's order: by file name.
  const file = (t: { name: string }) => `${t.name}.csv`;
  const all = [...fresh.tables.values(), ...known.tables.values()].sort((a, b) => (file(a) < file(b) ? -1 : file(a) > file(b) ? 1 : 0));
  return { run: fresh.run, tables: new Map(all.map((t) => [t.name, t])) };
}

/**
 * The map of a run's report and figures, chosen once ({@link reportGeoForRun}): the report's choice,
 * and the figures' map — the same geometry, or `false` (no map figures) when it matched nothing or
 * the run has no units (the figures then draw no map, as figures.ts's runMap decides).
 */
async function chooseMap(bundle: RunBundle, opts: { geojson?: string; idProperty?: string }): Promise<{ report: ReportGeoChoice; figures: ReportGeo | false }> {
  const { reportGeoForRun, reportUnits } = await import('../read/geo.js');
  const units = reportUnits(bundle);
  const report = await reportGeoForRun(bundle, units, { geojson: opts.geojson, idProperty: opts.idProperty });
  return { report, figures: (units.length > 0 && report.geo) || false };
}

export async function writeRun(
  outDir: string,
  project: LoadedProject,
  r: PipelineResult,
  seed: number,
  analyses?: AnalysesResult,
  robustness?: unknown,
  dirOpts?: WriteDirOptions,
): Promise<string[]> {
  return (await writeRunWithReport(outDir, project, r, seed, analyses, robustness, dirOpts)).files;
}

/**
 * Tables still being computed when the writing starts (a run's robustness tables and summary): the
 * CSV files of the tables known already are written first, then `written` is called — the robustness
 * workers compute meanwhile, and the caller's thread joins them — and the rest once `result`
 * resolves: its tables after `analyses`' tables, its `robustness` the run.json summary. The files
 * are those of the same call with everything given at once.
 */
export interface PendingTables {
  result: Promise<{ tables: OutputTable[]; robustness?: unknown }>;
  /**
   * Called once, when the known tables are written, with `more`, which writes tables of `result`
   * at once (the CSV files; run.json, the workbook and the report still wait for `result`) — or
   * without it, when the writing stopped before.
   */
  written(more?: (tables: readonly OutputTable[]) => void): void;
}

/** What a run hands its writing besides the tables: the figures worker and the charts it drew early; whether large CSV files may be written on a thread of their own (csv-writer-run.ts). */
export interface StartedWriters {
  figures?: FiguresWorker;
  early?: EarlyFigures;
  csvThread?: boolean;
}

/** Write a run and, per `outputs`, its report, Word tables and figures — all inside the atomic temporary directory. */
export async function writeRunWithReport(
  outDir: string,
  project: LoadedProject,
  r: PipelineResult,
  seed: number,
  analyses?: AnalysesResult,
  robustness?: unknown,
  dirOpts: WriteDirOptions = {},
  started: StartedWriters = {},
  pending?: PendingTables,
): Promise<{ files: string[]; report?: WriteReportResult }> {
  // Read here or after a failure of the writing: its rejection is never left unhandled.
  pending?.result.catch(() => undefined);
  try {
    return await writeRunWith(outDir, project, r, seed, analyses, robustness, dirOpts, started, pending);
  } finally {
    pending?.written();
  }
}

async function writeRunWith(
  outDir: string,
  project: LoadedProject,
  r: PipelineResult,
  seed: number,
  analyses: AnalysesResult | undefined,
  robustness: unknown,
  dirOpts: WriteDirOptions,
  started: StartedWriters,
  pending: PendingTables | undefined,
): Promise<{ files: string[]; report?: WriteReportResult }> {
  const { early } = started;
  const known = [...(early?.tables ?? runTables(project, r)), ...(analyses?.tables ?? [])];
  let tables = known;
  const files: string[] = [];
  /** The file list (run.json's outputs) once every table is known. */
  const listFiles = () => {
    files.push(...tables.map((t) => t.file));
    // Text files analyses derive from their tables (e.g. models.tex).
    const texts = analyses ? presentAnalyses(project.spec.analyses).flatMap((a) => a.files?.(analyses!.tables, project.spec.outputs.language) ?? []) : [];
    files.push(...texts.map((t) => t.file));
    if (project.spec.outputs.xlsx) files.push('results.xlsx');
    files.push('run.json');
    if (project.spec.data.synthetic) files.push('SYNTHETIC-DATA.txt');
    return texts;
  };
  let texts = pending ? [] : listFiles();
  let report: WriteReportResult | undefined;
  await writeDirAtomic(
    outDir,
    async (tmp) => {
      const o = project.spec.outputs;
      const bom = o.csvBom !== false;
      // Large tables held by columns are written on a thread of their own (started.csvThread), the rest here.
      const csv = new CsvFiles(tmp, { bom, keepTexts: o.xlsx, thread: started.csvThread });
      try {
        await writeTables(csv);
        await csv.finish();
      } catch (e) {
        await csv.settle(); // stopped writing before the error leaves (the caller removes the directory)
        throw e;
      }
    },
    { protect: [project.specFile], ...dirOpts, version: VERSION },
  );
  return { files, report };

  async function writeTables(csv: CsvFiles): Promise<void> {
    const o = project.spec.outputs;
    const bom = o.csvBom !== false;
    const tmp = csv.dir;
    // The tables known now are written while the pending ones are computed (on the robustness workers).
    let later: readonly OutputTable[] = tables;
    if (pending) {
      const done = new Set<OutputTable>();
      csv.write(known);
      pending.written((more) => {
        csv.write(more.filter((t) => !done.has(t)));
        for (const t of more) done.add(t);
      });
      const rest = await pending.result;
      later = rest.tables.filter((t) => !done.has(t));
      tables = [...known, ...rest.tables];
      analyses = { tables: [...(analyses?.tables ?? []), ...rest.tables], warnings: analyses?.warnings ?? [] };
      robustness = rest.robustness;
      texts = listFiles();
    }
    const run = { ...runJson(project, r, seed, files, analyses), ...(robustness ? { robustness } : {}) };
    const runText = JSON.stringify(run, null, 2) + '\n';
    // What the report, Word tables and figures read, built from the tables in memory (no CSV re-read);
    // the construction's tables as converted for its early charts. After early charts, the remaining
    // ones are built from it too.
    const bundle = o.report || o.docx || early ? bundleOf(run, tables, bom, early?.bundle) : undefined;
    // The report's map: outputs.map, else a GeoJSON spatial-weights file.
    const reportOpts = reportOptionsOf(project);
    // With the bundle in hand, the report outputs read nothing from the directory: the charts are handed
    // to the figures worker (the longest of them) before anything is written, so it draws while this
    // thread writes the files below and the workbook. Without it (figures only), the worker reads the
    // run directory, which is then written first.
    let reportOutputs = bundle ? (await startReportOutputs(tmp, reportOpts, bundle, started.figures, early))() : undefined;
    const reportSettled = reportOutputs?.then(
      () => undefined,
      () => undefined,
    );
    try {
      // Streamed, block by block (a data set of 50,000 units × 15 periods is 750,000 rows): no file's text is held whole.
      csv.write(later);
      for (const t of texts) await writeFile(join(tmp, t.file), t.text);
      await writeFile(join(tmp, 'run.json'), runText);
      if (project.spec.data.synthetic) await writeFile(join(tmp, 'SYNTHETIC-DATA.txt'), SYNTHETIC_NOTICE + '\n');
      // The figures without the bundle read the directory: every file is there first.
      if (!bundle) await csv.finish();
    } catch (e) {
      await reportSettled; // settled before the error leaves (the caller removes the directory)
      throw e;
    }
    reportOutputs ??= writeReportOutputs(tmp, reportOpts, bundle, started.figures);
    // The workbook is written meanwhile, on this thread.
    const xlsx = o.xlsx ? Promise.resolve().then(() => writeXlsx(join(tmp, 'results.xlsx'), workbookSheets(project, r, seed, tables))) : undefined;
    const xlsxDone = xlsx?.then(
      () => undefined,
      (e: unknown) => e,
    );
    const rep = await reportOutputs.catch(async (e: unknown) => {
      await xlsxDone; // settled before the error leaves (the caller removes the directory)
      throw e;
    });
    const xlsxError = await xlsxDone;
    if (xlsxError) throw xlsxError;
    report = rep.report;
    files.push(...rep.files);
  }
}

/**
 * A finished run's results as the report shows them, for the workbench: the run's `run.json` and
 * CSV tables (GET …/runs/:run/files/:name) read into a RunBundle as `nqpf report` reads a run
 * directory (src/io/read/run-dir.ts: numbers as numbers, empty cells null, formula escaping
 * undone), and the sections of the analyses that ran with the charts the report draws for each
 * (src/report/html/sections.ts) and their declared tables (src/analysis/registry.ts). Pure (no
 * DOM), tested in node.
 */
import { ANALYSIS_LIST } from '../../src/analysis/registry.js';
import type { ReportCell, ReportTable, RunBundle } from '../../src/report/bundle.js';
import type { ViewChartName } from '../../src/report/charts/view/index.js';
import type { ReportPayload } from '../../src/report/html/data.js';
import { figureSection, ROBUSTNESS_SECTION } from '../../src/report/html/sections.js';
import { allCharts, type ChartSpec } from '../../src/report/charts/index.js';
import { parseCsv } from './csv.js';

const NUMERIC = /^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/** A CSV output as a report table (as src/io/read/run-dir.ts reads it). */
export function reportTable(name: string, text: string): ReportTable {
  const all = parseCsv(text).filter((r) => r.length > 1 || r[0] !== '');
  const header = all[0] ?? [];
  const cell = (c: string): ReportCell => (c === '' ? null : NUMERIC.test(c) ? Number(c) : /^'[=+\-@\t\r]/.test(c) ? c.slice(1) : c);
  return { name, header, rows: all.slice(1).map((r) => r.map(cell)) };
}

/** The outputs of a run the results need: every CSV but the (large) data tables of the construction steps. */
export function resultFiles(outputs: readonly string[]): string[] {
  return outputs.filter((n) => n.endsWith('.csv') && !n.startsWith('data_'));
}

/** The bundle of a run from its run.json text and CSV texts by file name. */
export function bundleFromTexts(runJson: string, csvs: ReadonlyMap<string, string>): RunBundle {
  const run = JSON.parse(runJson) as RunBundle['run'];
  const tables = new Map<string, ReportTable>();
  for (const [file, text] of csvs) {
    const name = file.replace(/\.csv$/, '');
    tables.set(name, reportTable(name, text));
  }
  return { run, tables };
}

/** One results section: an analysis that ran (or the robustness results), its charts and its tables (names in the bundle). */
export interface ResultSection {
  key: string;
  title: { zh: string; en: string };
  /** Interactive charts (src/report/html/sections.ts: the report's), each with its specification when drawn once per specification. */
  charts: { name: ViewChartName; arg?: string }[];
  /**
   * For an analysis without interactive charts, the figures the chart families (src/report/charts/index.ts) make for
   * its section (`ChartSpec.section` = the analysis key; models: event study, placebo, threshold LR).
   */
  figures: ChartSpec[];
  tables: string[];
}

/** The robustness tables, in the order shown. */
export const ROBUSTNESS_TABLES = ['uncertainty_unstable', 'uncertainty', 'sensitivity', 'leave_one_out', 'method_comparison'] as const;

/**
 * The sections of a run's results: each analysis of the registry with a table in the bundle, in
 * registry order, with the charts the report draws for it (src/report/html/sections.ts, the same
 * declaration report.html uses) or, for an analysis without them, the figures of the chart
 * families for its section in `lang`; then the robustness results. Cost O(analyses) plus the figures' tables.
 */
export function resultSections(payload: ReportPayload, bundle: RunBundle, lang: 'zh' | 'en' = payload.lang): ResultSection[] {
  const out: ResultSection[] = [];
  // the figures of every chart family, by the section they name (built once, only when an analysis without interactive charts ran)
  let bySection: Map<string, ChartSpec[]> | undefined;
  const figuresOf = (key: string): ChartSpec[] => {
    if (!bySection) {
      bySection = new Map();
      for (const c of allCharts(bundle, lang, { captions: false })) if (c.kind === 'chart') bySection.set(c.section, [...(bySection.get(c.section) ?? []), c]);
    }
    return bySection.get(key) ?? [];
  };
  for (const a of ANALYSIS_LIST) {
    const tables = a.tables.map((d) => d.name).filter((n) => bundle.tables.has(n));
    if (!tables.length) continue;
    const f = figureSection(a.key);
    const charts = f ? f.charts(payload).map((c) => ({ name: c.name, ...(c.arg === undefined ? {} : { arg: c.arg }) })) : [];
    out.push({ key: a.key, title: { zh: a.title.zh, en: a.title.en }, charts, figures: f ? [] : figuresOf(a.key), tables });
  }
  const rob = ROBUSTNESS_TABLES.filter((n) => bundle.tables.has(n));
  if (rob.length)
    out.push({
      key: 'robustness',
      title: { zh: '稳健性', en: 'Robustness' },
      charts: ROBUSTNESS_SECTION.charts(payload).map((c) => ({ name: c.name })),
      figures: [],
      tables: [...rob],
    });
  return out;
}

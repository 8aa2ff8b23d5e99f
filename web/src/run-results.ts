/**
 * A finished run's results as the report shows them, for the workbench: the run's `run.json` and
 * CSV tables (GET …/runs/:run/files/:name) read into a RunBundle as `nqpf report` reads a run
 * directory (src/io/read/run-dir.ts: numbers as numbers, empty cells null, formula escaping
 * undone), and the sections of the analyses that ran with the charts the report draws for each
 * (src/report/html/template.ts) and their declared tables (src/analysis/registry.ts). Pure (no
 * DOM), tested in node.
 */
import { ANALYSIS_LIST } from '../../src/analysis/registry.js';
import type { ReportCell, ReportTable, RunBundle } from '../../src/report/bundle.js';
import type { ViewChartName } from '../../src/report/charts/view/index.js';
import type { ReportPayload } from '../../src/report/html/data.js';
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
  charts: ViewChartName[];
  tables: string[];
}

/** The robustness tables, in the order shown. */
export const ROBUSTNESS_TABLES = ['uncertainty_unstable', 'uncertainty', 'sensitivity', 'leave_one_out', 'method_comparison'] as const;

/**
 * The sections of a run's results: each analysis of the registry with a table in the bundle, in
 * registry order, with the charts the report draws for it when their data are there (same
 * conditions as template.ts), then the robustness results. Cost O(analyses).
 */
export function resultSections(payload: ReportPayload, bundle: RunBundle): ResultSection[] {
  const T = payload.tables;
  const hasMap = payload.map !== null;
  const multi = payload.hasPeriods && payload.periods.length > 1;
  const charts: Record<string, () => (ViewChartName | false | undefined)[]> = {
    inequality: () => [
      !!T.inequality && 'gini',
      !!T.inequality?.h.includes('dagum_G') && 'dagumShares',
      !!T.dagum_groups && 'dagumPairs',
      !!T.inequality?.h.includes('theil_T') && 'theil',
    ],
    density: () => (payload.density ? ['density', 'densitySurface'] : []),
    markov: () => [!!T.markov_transitions && 'markov'],
    spatial: () => [!!T.spatial_global && multi && 'moran', !!T.spatial_local && 'moranScatter', !!T.spatial_local && hasMap && 'lisa'],
    convergence: () => [!!T.convergence_sigma && 'sigma'],
    obstacle: () => [!!T.obstacle_indicators && 'obstacleUnit', !!T.obstacle_dimensions && 'obstacleMean'],
    coupling: () => (T.coupling ? [hasMap && 'couplingMap', 'couplingTrend'] : []),
  };
  const out: ResultSection[] = [];
  for (const a of ANALYSIS_LIST) {
    const tables = a.tables.map((d) => d.name).filter((n) => bundle.tables.has(n));
    if (!tables.length) continue;
    const c = (charts[a.key]?.() ?? []).filter((x): x is ViewChartName => typeof x === 'string');
    out.push({ key: a.key, title: { zh: a.title.zh, en: a.title.en }, charts: c, tables });
  }
  const rob = ROBUSTNESS_TABLES.filter((n) => bundle.tables.has(n));
  if (rob.length) {
    const c: ViewChartName[] = [];
    if (T.uncertainty) c.push('rankInterval');
    if (T.sensitivity) c.push('sobol');
    if (T.leave_one_out) c.push('loo');
    out.push({ key: 'robustness', title: { zh: '稳健性', en: 'Robustness' }, charts: c, tables: [...rob] });
  }
  return out;
}

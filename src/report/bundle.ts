/**
 * What the report, figures and Word tables are built from: a run's tables and its run.json, as
 * plain values (no file access here, so the report can also be built in a browser).
 */
export type ReportCell = string | number | null;

export interface ReportTable {
  name: string;
  header: string[];
  rows: ReportCell[][];
}

export interface RunBundle {
  /** Parsed run.json (version, title, synthetic, seed, inputs, spec, log, summary, warnings, outputs, robustness?). */
  run: Record<string, unknown> & {
    nqpf: string;
    title?: string;
    synthetic: boolean;
    seed: number;
    spec: Record<string, unknown>;
    inputs: { role: string; path: string; sha256: string; encoding?: string }[];
  };
  /** Tables by name (file name without .csv): ranks, data_raw … data_aggregated, weights, framework, inequality, … */
  tables: Map<string, ReportTable>;
}

/** Column accessor of a table: values of column `c` (undefined when absent). */
export function columnOf(t: ReportTable, c: string): ReportCell[] | undefined {
  const j = t.header.indexOf(c);
  return j < 0 ? undefined : t.rows.map((r) => r[j]);
}

/**
 * exceljs, loaded on first use rather than with the module graph.
 *
 * Why: loading exceljs (through unzipper → binary → traverse → typedarray.prototype.slice, an
 * es-shim that probes typed-array species at load) invalidates V8's TypedArraySpeciesProtector for
 * the rest of the process. That slows every typed-array kernel: the 5,000 × 15 × 40
 * min-max + entropy + TOPSIS pipeline measured ≈ 12 ms (≈ 25 %) slower once exceljs had been
 * required. Runs, library users and robustness workers that never read or write a workbook should
 * not pay for it; those that do load it when the first workbook is touched (after the pipeline,
 * for `nqpf run`).
 */
import type ExcelJSModule from 'exceljs';

export type ExcelJS = typeof ExcelJSModule;

let loading: Promise<ExcelJS> | undefined;

/** The exceljs module, imported once on first call. */
export function loadExcelJS(): Promise<ExcelJS> {
  loading ??= import('exceljs').then((m) => (m as unknown as { default?: ExcelJS }).default ?? (m as unknown as ExcelJS));
  return loading;
}

/**
 * exceljs, loaded on first use rather than with the module graph, and only the part nqpf uses.
 *
 * Why lazy: loading exceljs (through unzipper → binary → traverse → typedarray.prototype.slice, an
 * es-shim that probes typed-array species at load) invalidates V8's TypedArraySpeciesProtector for
 * the rest of the process. That slows every typed-array kernel: the 5,000 × 15 × 40
 * min-max + entropy + TOPSIS pipeline measured ≈ 12 ms (≈ 25 %) slower once exceljs had been
 * required. Runs, library users and robustness workers that never read or write a workbook should
 * not pay for it.
 *
 * Why only a part: the package's entry also loads its streaming reader and writer (unzipper,
 * archiver and ≈ 100 packages under them: 660 CommonJS modules, ≈ 0.35 s of CPU per process);
 * nqpf reads and writes whole workbooks in memory (`Workbook` with `xlsx.load` / `xlsx.writeBuffer`,
 * zipped by JSZip), which needs 278 modules and none of those shims. The object returned has the
 * entry's `Workbook` and its enums (`ValueType` …), the same classes the entry exports.
 */
import { createRequire } from 'node:module';
import type ExcelJSModule from 'exceljs';

export type ExcelJS = typeof ExcelJSModule;

let loading: Promise<ExcelJS> | undefined;

/** The exceljs module (its in-memory workbook part), loaded once on first call. */
export function loadExcelJS(): Promise<ExcelJS> {
  loading ??= Promise.resolve().then(() => {
    const require = createRequire(import.meta.url);
    const enums = require('exceljs/lib/doc/enums.js') as object;
    return { ...enums, Workbook: require('exceljs/lib/doc/workbook.js') } as ExcelJS;
  });
  return loading;
}

/**
 * nqpf public API. Everything the CLI does is available here: parse a spec, build a framework,
 * load data, run the pipeline (or any single method on typed arrays), write outputs.
 *
 * @example
 * ```ts
 * import { runProject } from 'nqpf';
 * const { result } = await runProject('examples/demo/demo.yaml', { out: 'out' });
 * console.log(result.scoreCodes);
 * ```
 */
export { VERSION } from './version.js';

// core
export { NqpfError, fail, nearest, editDistance, formatLocation, type Location, type ErrorDetail } from './core/errors.js';
export { CollectingLogger, type Logger, type Warning } from './core/logger.js';
export { Rng } from './core/rng.js';
export { clonePanel, groupIndex, periodSlice, type Panel } from './core/panel.js';
export { buildFramework, indicatorsUnder, ancestry, pruneFramework, type Framework, type FrameworkNode } from './core/framework.js';
export type { FrameworkNodeSpec } from './core/framework-types.js';
export { PROVINCES, REGION_ZH, type ProvinceRecord } from './core/units/provinces.js';
export { UnitRegistry, resolveUnits, type UnitRecord } from './core/units/registry.js';

// spec
export { Spec, StepsSpec, IMPUTE_METHODS, TREAT_METHODS, NORMALISE_METHODS, WEIGHT_METHODS, AGGREGATE_METHODS } from './spec/schema.js';
export type { SpecInput } from './spec/schema.js';
export { parseSpec, validateSpec, interpolate, parseYaml } from './spec/parse.js';
export { specJsonSchemaText } from './spec/json-schema.js';

// kernels
export * from './kernels/sum.js';
export * from './kernels/xlogx.js';
export * from './kernels/moments.js';
export * from './kernels/quantile.js';
export * from './kernels/rank.js';
export * from './kernels/correlation.js';
export * from './kernels/shape.js';

// pipeline steps (each registry + every method)
export * from './pipeline/impute/index.js';
export * from './pipeline/treat/index.js';
export * from './pipeline/normalise/index.js';
export * from './pipeline/weight/index.js';
export * from './pipeline/aggregate/index.js';
export { resolveLog, type PipelineLog, type LogEntry } from './pipeline/log.js';
export { executeLog, DATASET_NAMES, type DatasetName, type PipelineResult, type ExecuteOptions, type WeightRow } from './pipeline/run.js';

// lenses: panel models (formula → frame → estimator → covariance), mechanism, threshold, DID
export { parseFormula, formulaVars, type Formula, type Term } from './lenses/panel/formula.js';
export { buildFrame, panelFromRecords, type ModelFrame, type ModelPanel } from './lenses/panel/frame.js';
export { fitPanel, type PanelFit, type Estimator, type FitOptions } from './lenses/panel/estimate.js';
export { vcov, SE_TYPES, type SeType, type Vcov } from './lenses/panel/vcov.js';
export { hausmanTest } from './lenses/panel/hausman.js';
export { mediation, simpleSlopes, resampleUnits } from './lenses/panel/mechanism.js';
export { thresholdModel, type ThresholdResult, type ThresholdOptions } from './lenses/panel/threshold.js';
export { treatmentFromTiming, twfeDid, eventStudy, placebo, callawaySantAnna } from './lenses/panel/did.js';

// lenses: global value chains from an inter-country input–output table (issue 18)
export { icioTable, ICIO_TOLERANCE, type IcioTable, type IcioInput, type IcioOptions } from './lenses/gvc/table.js';
export {
  leontief,
  leontiefFactors,
  leontiefSeries,
  valueAddedOrigins,
  valueAddedInFinalDemand,
  type Leontief,
  type LeontiefFactors,
} from './lenses/gvc/leontief.js';
export { kww, grossExports, KWW_TERMS, type KwwRow } from './lenses/gvc/kww.js';
export { wwz, wwzCheck, wwzToKww, WWZ_TERMS, WWZ_TO_KWW, type WwzRow } from './lenses/gvc/wwz.js';
export { upstreamness, upstreamnessFromFactors, downstreamness } from './lenses/gvc/upstreamness.js';
export { countryName, industryName } from './lenses/gvc/names.js';
export { valueChainTables, valueChainPanel, type IcioYear } from './lenses/gvc/analysis.js';

// lenses: efficiency (DEA on HiGHS; issue 17) — `await loadSolver()` before the first LP
export { loadSolver, solverVersion, lpCount, SOLVER_OPTIONS, type LpStatus } from './lenses/dea/lp.js';
export { radial, sbm, superSbm, type DeaData, type DeaResult, type Rts, type Orientation, type SbmOptions, type RadialOptions } from './lenses/dea/models.js';
export { ddf, ddfBeta, type DdfOptions, type DdfDirection } from './lenses/dea/ddf.js';
export { malmquist } from './lenses/dea/malmquist.js';
export { malmquistLuenberger, globalMalmquistLuenberger, type LuenbergerOptions, type LuenbergerStep } from './lenses/dea/luenberger.js';
export { runDeaTasks, type DeaExecutor, type DeaTask, type DeaTaskResult } from './lenses/dea/executor.js';

// frameworks
export { BUILTIN_FRAMEWORKS, getBuiltinFramework, type BuiltinFramework } from './frameworks/index.js';

// io
export { readTable, type Table } from './io/read/table.js';
export { buildPanel, type PanelBuildOptions } from './io/read/panel-build.js';
export { readIcioCsv, type IcioCsvFiles } from './io/read/icio.js';
export {
  readIcioLayout,
  detectIcioFormat,
  mergeOecdSplit,
  ICIO_FORMATS,
  ICIO_SPLIT,
  type IcioFormat,
  type IcioLayoutOptions,
  type IcioLayoutResult,
  type IcioMerged,
  type IcioSplit,
} from './io/read/icio-layouts.js';
export { toCsv, escapeFormula } from './io/write/csv-write.js';
export { writeXlsx } from './io/write/xlsx-write.js';
export { loadProject, loadSpecFile, type LoadedProject } from './io/read/load-project.js';
export { runProject, type RunProjectOptions, type RunProjectResult } from './app/run-project.js';
export { startColumnPool, type RunningColumnPool } from './io/workers/column-pool.js';
export { startDensePool, type RunningDensePool } from './io/workers/dense-pool.js';
export { startDeaPool, type RunningDeaPool } from './io/workers/dea-pool.js';
export type { DenseExecutor } from './kernels/dense-lu.js';
export { mapColumns, isShared, sharedFloat64, type ColumnPool, type ColumnTaskName } from './core/parallel.js';
export { writeRun, runTables, panelTable } from './io/write/write-run.js';

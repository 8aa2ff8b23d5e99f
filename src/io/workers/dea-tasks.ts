/**
 * The tasks of the DEA worker pool (./dea-pool.ts): one kernel call of src/lenses/dea on one period's data. Pure
 * (no threads here): the pool runs them in workers or, with one thread, in the calling thread.
 */
import { gmlBeta, type LuenbergerOptions } from '../../lenses/dea/luenberger.js';
import type { LpStatus } from '../../lenses/dea/lp.js';
import { type DeaData, type DeaResult, type SbmOptions, sbm, superSbm } from '../../lenses/dea/models.js';

export type DeaTask =
  | { kind: 'sbm' | 'superSbm'; data: DeaData; opts: SbmOptions }
  /** β* (DDF, no slacks) of `data` against `reference`: one distance function of ML / GML. */
  | { kind: 'beta'; data: DeaData; reference: DeaData; opts: LuenbergerOptions };

export type DeaTaskResult = DeaResult | { b: Float64Array; st: LpStatus[] };

export function runDeaTask(t: DeaTask): DeaTaskResult {
  if (t.kind === 'beta') return gmlBeta(t.data, t.reference, t.opts);
  return (t.kind === 'sbm' ? sbm : superSbm)(t.data, t.opts);
}

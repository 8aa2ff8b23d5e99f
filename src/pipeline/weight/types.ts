/**
 * Contract between the orchestrator and the weighting kernels.
 *
 * A weighting method receives the (already normalised, direction-applied) indicator columns —
 * one `Float64Array` per indicator, all of the same length n (observations: units of one period,
 * or all unit-periods when pooled), NaN = missing — and returns one weight per column.
 */
import type { Execution } from '../descriptor.js';

/** Result of a weighting method: weights ≥ 0 summing to 1, plus method-specific diagnostics. */
export interface WeightResult {
  /** One weight per input column, each ≥ 0, summing to 1. */
  weights: Float64Array;
  /**
   * Diagnostics the report shows beside the weights, e.g. entropy `e`, `d`; CRITIC `sd`,
   * `conflict`, `information`; AHP `lambdaMax`, `CI`, `CR`, `RI`; PCA `eigenvalues`, `loadings`.
   */
  detail?: Record<string, unknown>;
}

/** A weighting kernel; `exec` is how it runs (its column pool), never an option. Never modifies `cols`. */
export type WeightFn = (cols: Float64Array[], opts: Record<string, unknown>, exec?: Execution) => WeightResult;

/**
 * Contract between the orchestrator and the aggregation kernels.
 *
 * `cols` are the children's scores or indicators (one `Float64Array` per child, all of length n,
 * NaN = missing), `w` their weights (one per child, any non-negative scale: kernels renormalise,
 * over the values available in each row where the method allows). The result has one value per
 * row (observation). Kernels never modify their inputs.
 *
 * Common option: `datThreshold` (0–1, default 0) — a row whose (unweighted) share of available
 * children is below it gets NaN (COINr `dat_thresh`).
 */
export type AggregateFn = (cols: Float64Array[], w: Float64Array, opts: Record<string, unknown>) => Float64Array;

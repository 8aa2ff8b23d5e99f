/**
 * Contract between the orchestrator and the imputation kernels.
 *
 * Every method takes one indicator over the whole panel (period-major: `index = t*nUnits + u`,
 * NaN = missing) and returns a **new** array with (some) missing cells filled. Observed cells
 * are never changed.
 */
export interface ImputeContext {
  /** Number of units; `x.length` must be `nUnits * nPeriods`. */
  nUnits: number;
  /** Number of periods. */
  nPeriods: number;
  /** Numeric position of each period (length `nPeriods`, strictly increasing) — the x-axis of linear interpolation. */
  periodValues: ArrayLike<number>;
  /** Group index per unit (length `nUnits`, −1 = no group) for `group_mean` / `group_median`. */
  groups?: Int32Array;
}

/** An imputation kernel: returns a new array; never modifies `x`. */
export type ImputeFn = (x: Float64Array, ctx: ImputeContext, opts: Record<string, unknown>) => Float64Array;

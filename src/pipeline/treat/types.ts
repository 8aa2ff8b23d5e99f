/**
 * Contract between the orchestrator and the outlier-treatment kernels. A kernel receives one
 * indicator vector (one period or the pooled column, NaN = missing), returns new values and a
 * report the step log and the methods text read.
 */
export interface TreatReport {
  /** Registry name of the method that ran. */
  method: string;
  /** True when any value was changed. */
  treated: boolean;
  /** Number of points changed by winsorisation (0 for pure transforms). */
  winsorised: number;
  /** True when a logarithmic transform was applied. */
  log: boolean;
  /** Human-readable account (statistics before/after, what was done and why). */
  detail?: string;
  /** Points changed at the low end. */
  lowCount?: number;
  /** Points changed at the high end. */
  highCount?: number;
}

/** A treatment kernel: never modifies `x`; NaN stays NaN. */
export type TreatFn = (x: Float64Array, opts: Record<string, unknown>) => { values: Float64Array; report: TreatReport };

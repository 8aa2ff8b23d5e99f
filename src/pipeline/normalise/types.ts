/**
 * Contract between the orchestrator and the normalisation kernels. The caller passes one
 * period's slice (scope "per period") or the whole pooled column (scope "pooled"); NaN stays NaN.
 */
export interface NormaliseOptions {
  /** +1: more is better; −1: less is better (reversed, COINr style). */
  direction: 1 | -1;
  [k: string]: unknown;
}

/** A normalisation kernel: returns a new array; never modifies `x`. */
export type NormaliseFn = (x: Float64Array, opts: NormaliseOptions) => Float64Array;

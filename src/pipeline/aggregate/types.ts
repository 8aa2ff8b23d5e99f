/**
 * Contract between the orchestrator and the aggregation methods. Each method is one file
 * exporting one {@link AggregateDescriptor} (see `../descriptor.ts`).
 *
 * `cols` are the children's scores or indicators (one `Float64Array` per child, all of length n,
 * NaN = missing), `w` their weights (one per child, any non-negative scale: kernels renormalise,
 * over the values available in each row where the method allows). The result has one value per
 * row (observation). Kernels never modify their inputs.
 *
 * Common option: `datThreshold` (0–1, default 0) — a row whose (unweighted) share of available
 * children is below it gets NaN (COINr `dat_thresh`).
 */
import { z } from 'zod';
import type { Execution, MethodDescriptor, OptionValues } from '../descriptor.js';

/** What every aggregation kernel receives besides its own spec options. */
export interface AggregateContext {
  /** Share of available children below which a row is NaN (COINr `dat_thresh`). */
  datThreshold: number;
  /** The caller guarantees finite-or-NaN inputs, so the ±Infinity scan is skipped. */
  inputsFinite?: boolean;
  /** topsis, called directly only: distances of a row with missing cells over its available columns (not a spec option). */
  skipMissing?: boolean;
}

/** The options common to every aggregation method (the step's own). */
export interface AggregateCommon {
  inputs: 'children' | 'indicators';
  datThreshold: number;
}

/** Zod schema of {@link AggregateContext}, for kernels called directly (not through a spec). */
export const AggregateContextSchema = z.strictObject({
  datThreshold: z.number().min(0).max(1).default(0),
  inputsFinite: z.boolean().optional(),
  skipMissing: z.boolean().optional(),
});

/** An aggregation method. */
export interface AggregateDescriptor<N extends string = string, S extends z.ZodRawShape = z.ZodRawShape>
  extends MethodDescriptor<
    N,
    S,
    (cols: Float64Array[], w: Float64Array, o: OptionValues<S> & AggregateContext, exec?: Execution) => Float64Array,
    OptionValues<S> & AggregateCommon
  > {
  /** The method's name in running text: zh "加权算术平均（线性加权）法", en "the weighted arithmetic mean". */
  readonly label: { zh: string; en: string };
  /**
   * Each row's score depends only on that row (and the weights): with the same weights in every
   * period, all periods are aggregated in one call.
   */
  readonly rowwise?: boolean;
  /**
   * The score depends on an ideal (reference) taken over the rows passed: with `ideal: pooled`
   * all unit-periods are passed together (weights must then be the same in every period).
   */
  readonly needsIdeal?: boolean;
  /** The weighted arithmetic mean: with complete data the index is Σ_j g_j y_ij (the methods text says so). */
  readonly linear?: boolean;
  /**
   * The values it accepts: `positive` > 0 (logarithms, reciprocals), `nonnegative` ≥ 0. The checks
   * before a run (`app/check-project.ts`) name every indicator input with values outside, with its
   * unit and period.
   */
  readonly domain?: 'positive' | 'nonnegative';
}

/** Declare an aggregation method (only checks and infers its types). */
export function defineAggregate<N extends string, S extends z.ZodRawShape>(d: AggregateDescriptor<N, S>): AggregateDescriptor<N, S> {
  return d;
}

/** An aggregation kernel with loosely typed options (validated against the method's schema). */
export type AggregateFn = (cols: Float64Array[], w: Float64Array, opts?: Record<string, unknown>) => Float64Array;

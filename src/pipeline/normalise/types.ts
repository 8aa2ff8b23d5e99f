/**
 * Contract between the orchestrator and the normalisation methods. The caller passes one
 * period's slice (scope "period") or the whole pooled column (scope "pooled"); NaN stays NaN.
 * Each method is one file exporting one {@link NormaliseDescriptor} (see `../descriptor.ts`).
 */
import { z } from 'zod';
import type { ColumnExtent, MethodDescriptor, OptionValues } from '../descriptor.js';

/** What the framework gives every normalisation besides the spec options. */
export interface NormaliseContext {
  /** +1: more is better; −1: less is better (reversed, COINr style). */
  direction: 1 | -1;
  /** The indicator's `target` (distance_to_target). */
  target?: number;
  /** The indicator's `goalposts` [low, high] (goalposts). */
  goalposts?: readonly number[];
}

/** The options common to every normalisation method (the step's own). */
export interface NormaliseCommon {
  scope: 'period' | 'pooled';
}

/** Zod schema of {@link NormaliseContext}, for kernels called directly (not through a spec). */
export const NormaliseContextSchema = z.strictObject({
  direction: z.union([z.literal(1), z.literal(-1)]).default(1),
  target: z.number().optional(),
  goalposts: z.array(z.number()).optional(),
});

/**
 * What a normalisation kernel may report about the column it returns, for the steps after it (the
 * executor passes an object and keeps what was filled in). `extent`: `extent(out)` exactly,
 * known without reading the output again (min-max: the images of the input's extremes).
 * `input`, given by the caller: `extent(x)` of the input, already read by an earlier step (the
 * executor's imputation counts read it instead of counting the missing values); a method with
 * `usesInputExtent` takes it instead of reading x again. `out`, given by the caller to a method with
 * `fillsOut`: a zero-filled array as long as x, not shared with anything else, that the method may
 * write its result into and return instead of allocating one (the executor's pooled columns are
 * slices of one allocation).
 */
export interface NormaliseFacts {
  extent?: ColumnExtent;
  input?: ColumnExtent;
  out?: Float64Array;
}

/** A normalisation method: `run` returns a new array and never modifies `x`; it may fill in `facts` about the result. */
export interface NormaliseDescriptor<N extends string = string, S extends z.ZodRawShape = z.ZodRawShape>
  extends MethodDescriptor<
    N,
    S,
    (x: Float64Array, o: OptionValues<S> & NormaliseContext, facts?: NormaliseFacts) => Float64Array,
    OptionValues<S> & NormaliseCommon
  > {
  /** False when the result does not depend on the other values (goalposts), so the scope is not worth stating. Default true. */
  readonly scoped?: boolean;
  /** True when `run` would return its input unchanged for these options: the executor then shares the array instead of computing a copy. */
  identity?(o: OptionValues<S> & NormaliseContext): boolean;
  /** True when `run` reads `extent(x)` of its whole input, so a caller that already knows it passes it as `facts.input`. Default false. */
  readonly usesInputExtent?: boolean;
  /** True when `run` writes its result into `facts.out` when given one (see {@link NormaliseFacts}). Default false. */
  readonly fillsOut?: boolean;
}

/** Declare a normalisation method (only checks and infers its types). */
export function defineNormalise<N extends string, S extends z.ZodRawShape>(d: NormaliseDescriptor<N, S>): NormaliseDescriptor<N, S> {
  return d;
}

/** A normalisation kernel with loosely typed options (validated against the method's schema). */
export type NormaliseFn = (x: Float64Array, opts: Record<string, unknown>) => Float64Array;

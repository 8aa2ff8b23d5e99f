/**
 * Contract between the orchestrator and the weighting methods. Each method is one file exporting
 * one {@link WeightDescriptor} (see `../descriptor.ts`), of one of two kinds:
 *
 * - **from the data** (`fromData: true`: entropy, critic, cv, sd, pca): `run` receives the
 *   (already normalised, direction-applied) columns — one `Float64Array` per indicator or child,
 *   all of the same length n (one period's units, or all unit-periods when pooled), NaN = missing —
 *   and returns one weight per column. The step's `scope` and `pooling` say which columns and
 *   observations the executor passes.
 * - **at a node** (nominal, equal, ahp, combine): `run` receives the node whose children are
 *   weighted ({@link WeightNode}) and returns their weights; the data are not looked at.
 */
import { z } from 'zod';
import type { DescribeContext, Execution, MethodDescriptor, MethodText, OptionValues } from '../descriptor.js';

/** Result of a weighting method: weights ≥ 0 summing to 1, plus method-specific diagnostics. */
export interface WeightResult {
  /** One weight per input column (or child), each ≥ 0, summing to 1; a node method may return one set per period (period-major). */
  weights: Float64Array;
  /**
   * Diagnostics the report shows beside the weights, e.g. entropy `e`, `d`; CRITIC `sd`,
   * `conflict`, `information`; AHP `lambdaMax`, `CI`, `CR`, `RI`; PCA `eigenvalues`, `loadings`.
   */
  detail?: Record<string, unknown>;
}

/** The options common to every weighting method (the step's own): which data a data-driven method weighs. */
export interface WeightCommon {
  /** global: one vector over all indicators, summed up the tree; node: among each node's children from their scores. */
  scope: 'global' | 'node';
  /** pooled: one vector from all unit-periods; period: one per period. */
  pooling: 'period' | 'pooled';
}

/** What a data-driven kernel receives besides its own spec options. */
export interface WeightContext {
  /** The caller guarantees finite-or-NaN inputs, so the ±Infinity scan is skipped. */
  inputsFinite?: boolean;
}

/** The node whose children a node method weights, as the executor sees it. */
export interface WeightNode {
  /** The node's code. */
  code: string;
  /** Its children, in framework order (the order of the weights returned). */
  children: readonly string[];
  /** The children's framework (nominal) weights, any non-negative scale. */
  nominal: readonly number[];
  /** Spec path of the node's weight options, `steps.weight.nodes.<code>`, for error locations. */
  path: string;
  /** Number of periods. */
  periods: number;
  /** The children's weights by another method of the registry with the node's options: periods × children, period-major (combine's sets). */
  weightsBy(method: string): Float64Array;
}

/** The resolved weight options of one node as the methods text sees them (the run log's entry). */
export type WeightResolved<S extends z.ZodRawShape> = OptionValues<S> & WeightCommon;

/** How the methods text asks a weighting method to describe itself. */
export interface WeightDescribeContext extends DescribeContext {
  /** Units per period. */
  units: number;
  /** Unit-periods (units × periods): the observations of pooled weights. */
  observations: number;
}

/** Where a node's options come from, for {@link WeightDescriptorBase.check} errors. */
export interface WeightCheckContext {
  /** The node's spec path, `steps.weight.nodes.<code>`. */
  node: string;
  /** Where the node's options are written: the node's path when it has its own entry under `nodes`, else `steps.weight`. */
  path: string;
  /** The method that needs this one's options, when it is a part of another (combine). */
  within?: string;
}

interface WeightDescriptorBase<N extends string, S extends z.ZodRawShape, Run> extends MethodDescriptor<N, S, Run, WeightResolved<S>> {
  /** The method's name in running text: zh "熵权法", en "the entropy method". */
  readonly label: { zh: string; en: string };
  /** `describe` takes the sample size from the context: see {@link WeightDescribeContext}. */
  describe(o: WeightResolved<S>, ctx: WeightDescribeContext): MethodText;
  /**
   * The sentence that states the method was used (`ctx.subject`: which nodes, or ''), when it
   * says everything (nominal, equal): the methods text then writes it instead of "weights were
   * determined by <label>" and `describe`, which remains the sentence used inside a combination.
   */
  lead?(o: WeightResolved<S>, ctx: WeightDescribeContext): MethodText;
  /** The methods whose weight sets this one merges (combine), for the options `o`; the executor computes each with {@link WeightNode.weightsBy}. */
  parts?(o: WeightResolved<S>): readonly WeightDescriptor[];
  /** Its detail holds a consistency ratio `CR` (ahp), which the methods text reports. */
  readonly consistency?: boolean;
  /**
   * Requirements between the resolved options of a node, checked when the log is resolved so the
   * error names the spec path (ahp needs its matrix): fails with `E_SPEC`.
   */
  check?(o: WeightResolved<S>, at: WeightCheckContext): void;
}

/** A weighting method computed from the data: scope and pooling apply. */
export interface DataWeightDescriptor<N extends string = string, S extends z.ZodRawShape = z.ZodRawShape>
  extends WeightDescriptorBase<N, S, (cols: Float64Array[], o: OptionValues<S> & WeightContext, exec?: Execution) => WeightResult> {
  readonly fromData: true;
}

/** A weighting method at a node: the weights of its children, without the data. */
export interface NodeWeightDescriptor<N extends string = string, S extends z.ZodRawShape = z.ZodRawShape>
  extends WeightDescriptorBase<N, S, (node: WeightNode, o: WeightResolved<S>, exec?: Execution) => WeightResult> {
  readonly fromData: false;
}

export type WeightDescriptor<N extends string = string, S extends z.ZodRawShape = z.ZodRawShape> = DataWeightDescriptor<N, S> | NodeWeightDescriptor<N, S>;

/** Declare a weighting method computed from the data (only checks and infers its types). */
export function defineDataWeight<N extends string, S extends z.ZodRawShape>(d: Omit<DataWeightDescriptor<N, S>, 'fromData'>): DataWeightDescriptor<N, S> {
  return { ...d, fromData: true };
}

/** Declare a weighting method at a node (only checks and infers its types). */
export function defineNodeWeight<N extends string, S extends z.ZodRawShape>(d: Omit<NodeWeightDescriptor<N, S>, 'fromData'>): NodeWeightDescriptor<N, S> {
  return { ...d, fromData: false };
}

/**
 * Zod schema of what a kernel called directly (not through a spec) may receive besides its own
 * options: `inputsFinite`, and for the node methods the framework `weights` of the columns (nominal).
 */
export const WeightKernelContextSchema = z.strictObject({
  inputsFinite: z.boolean().optional(),
  weights: z.array(z.number()).optional(),
});

/** A weighting kernel with loosely typed options (validated against the method's schema). Never modifies `cols`. */
export type WeightFn = (cols: Float64Array[], opts?: Record<string, unknown>) => WeightResult;

/**
 * Contract between the orchestrator and the imputation methods. Each method is one file
 * exporting one {@link ImputeDescriptor} (see `../descriptor.ts`).
 *
 * Every method takes one indicator over the whole panel (period-major: `index = t*nUnits + u`,
 * NaN = missing) and returns a **new** array with (some) missing cells filled. Observed cells
 * are never changed.
 */
import { z } from 'zod';
import type { MethodDescriptor, MethodText, OptionValues } from '../descriptor.js';
import { field } from '../../core/field-text.js';

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

/** The resolved impute options of one indicator as the methods text sees them (the run log's entry). */
export interface ImputeCommon {
  /** The unit attribute that defines the groups (grouped methods only). */
  group?: string;
}

/**
 * An imputation method. `describe` returns the method as a phrase ("线性插值法（…）" / "linear
 * interpolation over periods …", with the grouping variable when it has one) that the methods
 * text puts after its subject; `cites` are works to list without an inline marker.
 */
export interface ImputeDescriptor<N extends string = string, S extends z.ZodRawShape = z.ZodRawShape>
  extends MethodDescriptor<N, S, (x: Float64Array, ctx: ImputeContext, o: OptionValues<S>) => Float64Array, OptionValues<S> & ImputeCommon> {
  /** Fills from the units of the same group: needs a group attribute (`group`, default units.group), recorded in the run log. */
  readonly grouped?: boolean;
  /** Fills nothing (the executor skips it and keeps the input array). */
  readonly noop?: boolean;
}

/** Declare an imputation method (only checks and infers its types). */
export function defineImpute<N extends string, S extends z.ZodRawShape>(d: ImputeDescriptor<N, S>): ImputeDescriptor<N, S> {
  return d;
}

/** The `group` option shared by the grouped methods (the same zod field, as the spec's merged options require). */
export const groupOption = z
  .string()
  .optional()
  .meta(
    field({
      en: ['Group attribute', 'unit attribute that defines the groups. Default: units.group.'],
      zh: ['分组属性', '定义分组（如地区）的单元属性。默认：units.group。'],
    }),
  );

/** A phrase with works listed in the references but not cited inline (as the methods section has always done for COINr's group imputation). */
export function phrase(zh: string, en: string, cites: string[] = []): MethodText {
  return { zh, en, cites };
}

/** An imputation kernel with loosely typed options (validated against the method's schema). */
export type ImputeFn = (x: Float64Array, ctx: ImputeContext, opts?: Record<string, unknown>) => Float64Array;

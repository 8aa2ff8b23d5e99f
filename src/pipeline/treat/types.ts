/**
 * Contract between the orchestrator and the outlier-treatment methods. A method receives one
 * indicator vector (one period or the pooled column, NaN = missing), returns new values and a
 * report the step log and the methods text read. Each method is one file exporting one
 * {@link TreatDescriptor} (see `../descriptor.ts`).
 */
import { z } from 'zod';
import type { DescribeContext, MethodDescriptor, OptionValues } from '../descriptor.js';
import { field } from '../../core/field-text.js';

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

/** The options common to every treatment method (the step's own). */
export interface TreatCommon {
  scope: 'period' | 'pooled';
}

/** What a treatment returns: never modifies `x`; NaN stays NaN. */
export interface TreatResult {
  values: Float64Array;
  report: TreatReport;
}

/**
 * A treatment method. `describe` gets as `ctx.subject` who the sentence is about, already in the
 * report's language: zh "对全部指标" / "对x1、x2", en "All indicators were" / "x1 and x2 were".
 */
export interface TreatDescriptor<N extends string = string, S extends z.ZodRawShape = z.ZodRawShape>
  extends MethodDescriptor<N, S, (x: Float64Array, o: OptionValues<S>) => TreatResult, OptionValues<S> & TreatCommon> {
  /** Changes nothing: the executor skips it (the values are kept, no treatment row is written). */
  readonly noop?: boolean;
  /**
   * The values it accepts: `positive` = x + shift > 0 (a logarithm). The checks before a run
   * (`app/check-project.ts`) name every indicator with values outside, with its unit and period.
   */
  readonly domain?: 'positive';
}

/** Declare a treatment method (only checks and infers its types). */
export function defineTreat<N extends string, S extends z.ZodRawShape>(d: TreatDescriptor<N, S>): TreatDescriptor<N, S> {
  return d;
}

/** " pooled over all unit-periods" / " period by period" (zh 在全部单元–时期上统一 / 逐期), nothing for one period. */
export function treatScope(o: TreatCommon, ctx: DescribeContext): { zh: string; en: string } {
  if (!ctx.panel) return { zh: '', en: '' };
  return o.scope === 'pooled' ? { zh: '在全部单元–时期上统一', en: ' pooled over all unit-periods' } : { zh: '逐期', en: ' period by period' };
}

/** The `shift` option shared by log and boxcox (the same zod field, as the spec's merged options require). */
export const shiftOption = z
  .number()
  .optional()
  .meta(
    field({
      en: ['Shift', 'constant added before the transform, y = f(x + shift); x + shift must be > 0 (COINr boxcox uses 1 − min(x)). Default: 0.'],
      zh: ['平移量', '变换前加上的常数，y = f(x + shift)；x + shift 须大于 0（COINr 的 Box-Cox 取 1 − min(x)）。默认：0。'],
    }),
  );

/** A treatment kernel with loosely typed options (validated against the method's schema). */
export type TreatFn = (x: Float64Array, opts?: Record<string, unknown>) => TreatResult;

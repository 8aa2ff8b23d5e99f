/**
 * Treat step registry (conventions §1–2): the list of method descriptors. The spec's
 * `steps.treat` options, its method list, the JSON Schema, the log type and the methods text are
 * all derived from this list; adding a method is one file and one line here. Unknown names fail
 * with `invalid treat method: "x" (known: none, coinr, …)`.
 */
import { lookup, readOptions } from '../descriptor.js';
import type { TreatDescriptor, TreatFn } from './types.js';
import { none } from './none.js';
import { coinr } from './coinr.js';
import { winsoriseQuantile, quantileType7Sorted } from './winsorise-quantile.js';
import { log } from './log.js';
import { logCt, logCtPlus, logCTInto, logCTPlusInto } from './log-ct.js';
import { boxcox } from './boxcox.js';

/** Every treatment method, in the order the spec lists them. */
export const TREAT = [none, coinr, winsoriseQuantile, log, logCt, logCtPlus, boxcox] as const;

export type TreatMethod = (typeof TREAT)[number];
export type TreatMethodName = TreatMethod['name'];
export type { TreatCommon, TreatDescriptor, TreatFn, TreatReport, TreatResult } from './types.js';
export { quantileType7Sorted, logCTInto, logCTPlusInto };

/** The descriptor registered as `name`; unknown names throw `E_UNKNOWN_METHOD` (with a did-you-mean hint) at spec `path`. */
export function getTreatDescriptor(name: string, path?: string): TreatDescriptor {
  return lookup(TREAT as readonly TreatDescriptor[], 'treat method', name, path);
}

/**
 * A method as a kernel over loosely typed options (the public API for calling one method on a
 * typed array): the options are validated by the method's schema (defaults applied,
 * `E_BAD_OPTION` naming a wrong one).
 */
export function treatKernel(name: string, path?: string): TreatFn {
  const d = getTreatDescriptor(name, path);
  return (x, opts = {}) => d.run(x, readOptions(`treat method "${d.name}"`, d.options, opts) as Parameters<typeof d.run>[1]);
}

/** The kernel registered as `name` (see {@link treatKernel}). */
export const getTreatMethod = treatKernel;

/** All treatment kernels by registry name (see {@link treatKernel}). */
export const treatMethods: Record<string, TreatFn> = Object.fromEntries(TREAT.map((d) => [d.name, treatKernel(d.name)]));

export const treatNone = treatMethods.none;
export const treatCoinr = treatMethods.coinr;
export const treatWinsoriseQuantile = treatMethods.winsorise_quantile;
export const treatLog = treatMethods.log;
export const treatLogCT = treatMethods.log_ct;
export const treatLogCTPlus = treatMethods.log_ct_plus;
export const treatBoxCox = treatMethods.boxcox;

/**
 * Normalise step registry (conventions §1–2): the list of method descriptors. The spec's
 * `steps.normalise` options, its method list, the JSON Schema, the log type and the methods text
 * are all derived from this list; adding a method is one file and one line here. Unknown names
 * fail with `invalid normalise method: "minmaxx" (known: none, minmax, …)`.
 */
import { lookup, readOptions } from '../descriptor.js';
import { NormaliseContextSchema, type NormaliseDescriptor, type NormaliseFn } from './types.js';
import { none } from './none.js';
import { minmax } from './minmax.js';
import { zscore } from './zscore.js';
import { rank } from './rank.js';
import { percentile } from './percentile.js';
import { distanceToMax } from './distance-to-max.js';
import { fractionOfMax } from './fraction-of-max.js';
import { distanceToTarget } from './distance-to-target.js';
import { goalposts } from './goalposts.js';
import { borda } from './borda.js';
import { vector } from './vector.js';
import { ampi } from './ampi.js';

/** Every normalisation method, in the order the spec lists them. */
export const NORMALISE = [none, minmax, zscore, rank, percentile, distanceToMax, fractionOfMax, distanceToTarget, goalposts, borda, vector, ampi] as const;

export type NormaliseMethod = (typeof NORMALISE)[number];
export type NormaliseMethodName = NormaliseMethod['name'];
export type { NormaliseContext, NormaliseCommon, NormaliseDescriptor, NormaliseFacts, NormaliseFn } from './types.js';
export type { TieMethod } from './ranks.js';
export { rankInto } from './ranks.js';

/** The descriptor registered as `name`; unknown names throw `E_UNKNOWN_METHOD` (with a did-you-mean hint) at spec `path`. */
export function getNormaliseMethod(name: string, path?: string): NormaliseMethod {
  return lookup(NORMALISE, 'normalise method', name, path);
}

/**
 * A method as a kernel over loosely typed options (the public API for calling one method on a
 * typed array): the options are validated by the method's schema (defaults applied, `E_BAD_OPTION`
 * naming a wrong one) together with the framework's `direction`, `target` and `goalposts`.
 */
export function normaliseKernel(name: string): NormaliseFn {
  const d = getNormaliseMethod(name) as NormaliseDescriptor;
  const schema = d.options.extend(NormaliseContextSchema.shape);
  return (x, opts) => d.run(x, readOptions(`normalise method "${d.name}"`, schema, opts) as Parameters<typeof d.run>[1]);
}

/** All normalisation kernels by registry name (see {@link normaliseKernel}). */
export const normaliseMethods: Record<string, NormaliseFn> = Object.fromEntries(NORMALISE.map((d) => [d.name, normaliseKernel(d.name)]));

export const normaliseMinmax = normaliseMethods.minmax;
export const normaliseZscore = normaliseMethods.zscore;
export const normaliseRank = normaliseMethods.rank;
export const normalisePercentile = normaliseMethods.percentile;
export const normaliseBorda = normaliseMethods.borda;
export const normaliseDistanceToMax = normaliseMethods.distance_to_max;
export const normaliseFractionOfMax = normaliseMethods.fraction_of_max;
export const normaliseDistanceToTarget = normaliseMethods.distance_to_target;
export const normaliseGoalposts = normaliseMethods.goalposts;
export const normaliseVector = normaliseMethods.vector;
export const normaliseNone = normaliseMethods.none;

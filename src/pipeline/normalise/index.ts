/**
 * Normalise step registry (conventions §1): method name → kernel. Unknown names fail with
 * `invalid normalise method: "minmaxx" (known: minmax, zscore, …)`.
 */
import { unknownName } from '../../core/errors.js';
import type { NormaliseFn } from './types.js';
import { normaliseMinmax } from './minmax.js';
import { normaliseZscore } from './zscore.js';
import { normaliseRank } from './rank.js';
import { normalisePercentile } from './percentile.js';
import { normaliseBorda } from './borda.js';
import { normaliseDistanceToMax } from './distance-to-max.js';
import { normaliseFractionOfMax } from './fraction-of-max.js';
import { normaliseDistanceToTarget } from './distance-to-target.js';
import { normaliseGoalposts } from './goalposts.js';
import { normaliseVector } from './vector.js';
import { normaliseNone } from './none.js';

export type { NormaliseFn, NormaliseOptions } from './types.js';
export type { MinmaxOptions } from './minmax.js';
export type { ZscoreOptions } from './zscore.js';
export type { DistanceToTargetOptions } from './distance-to-target.js';
export type { GoalpostsOptions } from './goalposts.js';
export type { TieMethod } from './ranks.js';
export { rankInto } from './ranks.js';
export {
  normaliseMinmax, normaliseZscore, normaliseRank, normalisePercentile, normaliseBorda, normaliseDistanceToMax,
  normaliseFractionOfMax, normaliseDistanceToTarget, normaliseGoalposts, normaliseVector, normaliseNone,
};

/** All normalisation methods by registry name. */
export const normaliseMethods: Record<string, NormaliseFn> = {
  minmax: normaliseMinmax,
  zscore: normaliseZscore,
  rank: normaliseRank,
  percentile: normalisePercentile,
  borda: normaliseBorda,
  distance_to_max: normaliseDistanceToMax,
  fraction_of_max: normaliseFractionOfMax,
  distance_to_target: normaliseDistanceToTarget,
  goalposts: normaliseGoalposts,
  vector: normaliseVector,
  none: normaliseNone,
};

/** The kernel registered as `name`; unknown names throw `E_UNKNOWN_METHOD` (with a did-you-mean hint) at spec `path`. */
export function getNormaliseMethod(name: string, path?: string): NormaliseFn {
  const f = Object.hasOwn(normaliseMethods, name) ? normaliseMethods[name] : undefined;
  if (!f) unknownName('normalise method', name, Object.keys(normaliseMethods), path);
  return f;
}

/**
 * Markov-chain analysis of distribution dynamics: discretisation into classes, the traditional chain
 * (transition matrix, initial/final and ergodic distributions) and the spatial Markov chain
 * conditioned on the class of the spatial lag. The only named choice is the breaks rule, registered
 * here (conventions §1): 'period' (quantiles per period) or 'pooled' (quantiles of all periods); a
 * numeric array of k − 1 cut points is the third form.
 */
import { unknownName } from '../../core/errors.js';

export { markovClasses, classOf } from './classes.js';
export type { BreaksOption, ClassesOptions, MarkovClasses } from './classes.js';
export { markov, stationary, summarise, checkClasses } from './markov.js';
export type { ErgodicStatus, MarkovResult, TransitionSummary } from './markov.js';
export { spatialLag, spatialMarkov } from './spatial-markov.js';
export type { SpatialLagResult, SpatialMarkovResult } from './spatial-markov.js';

/** Named break rules with their descriptions. */
export const markovBreakRules: Record<string, string> = {
  period: 'type-7 quantiles at 1/k … (k−1)/k of each period (relative classes)',
  pooled: 'type-7 quantiles at 1/k … (k−1)/k of all unit-periods together (absolute classes)',
};

/** Validate a break rule name; unknown names throw `E_UNKNOWN_METHOD` at spec `path`. */
export function getMarkovBreakRule(name: string, path?: string): 'period' | 'pooled' {
  if (!Object.hasOwn(markovBreakRules, name)) unknownName('markov break rule', name, Object.keys(markovBreakRules), path);
  return name as 'period' | 'pooled';
}

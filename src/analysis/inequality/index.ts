/**
 * Inequality analysis registry (conventions §1). Two families:
 * - scalar measures of one cross-section, `(x, opts) → number`: gini, cv, theil-t, theil-l
 *   (`allowZeros` only matters to theil-t);
 * - decompositions by groups, `(x, groups, labels, opts) → result`: dagum, theil.
 * Unknown names fail with `invalid inequality measure: "x" (known: …)` and a did-you-mean hint.
 */
import { fail, unknownName } from '../../core/errors.js';
import { gini, sumAbsDiffSorted, type GiniResult } from './gini.js';
import { cv, type CvResult } from './cv.js';
import { dagum, dagumBrute, type DagumResult } from './dagum.js';
import { theil, type TheilDecomposition, type TheilOptions, type TheilResult } from './theil.js';
import { checkGroups, completeCases, missingPositions, refuseMissing, type MissingOptions } from './missing.js';

export type { GiniResult, CvResult, DagumResult, TheilDecomposition, TheilOptions, TheilResult, MissingOptions };
export { gini, sumAbsDiffSorted, cv, dagum, dagumBrute, theil, checkGroups, completeCases, missingPositions, refuseMissing };

/** A scalar inequality measure of one cross-section. */
export type InequalityMeasure = (x: Float64Array, opts?: TheilOptions) => number;

/** A decomposition of inequality by groups. */
export type InequalityDecomposition = (x: Float64Array, groups: Int32Array, labels: readonly string[], opts?: TheilOptions) => DagumResult | TheilResult;

/** Scalar measures by registry name. */
export const inequalityMeasures: Record<string, InequalityMeasure> = {
  gini: (x, opts) => gini(x, opts).value,
  cv: (x, opts) => cv(x, opts).value,
  'theil-t': (x, opts) => theil(x, undefined, undefined, opts).T.total,
  'theil-l': (x, opts) => {
    const r = theil(x, undefined, undefined, opts);
    // Unreachable without allowZeros (zeros are refused), kept as a guard: never return NaN silently.
    if (!r.L) fail('E_NONPOSITIVE', 'theil-l: undefined with zero values', { hint: 'use theil-t or gini' });
    return r.L.total;
  },
};

/** Group decompositions by registry name. */
export const inequalityDecompositions: Record<string, InequalityDecomposition> = {
  dagum: (x, groups, labels, opts) => dagum(x, groups, labels, opts),
  theil: (x, groups, labels, opts) => theil(x, groups, labels, opts),
};

/** The scalar measure registered as `name`; unknown names throw `E_UNKNOWN_METHOD` at spec `path`. */
export function getInequalityMeasure(name: string, path?: string): InequalityMeasure {
  const f = Object.hasOwn(inequalityMeasures, name) ? inequalityMeasures[name] : undefined;
  if (!f) unknownName('inequality measure', name, Object.keys(inequalityMeasures), path);
  return f;
}

/** The decomposition registered as `name`; unknown names throw `E_UNKNOWN_METHOD` at spec `path`. */
export function getInequalityDecomposition(name: string, path?: string): InequalityDecomposition {
  const f = Object.hasOwn(inequalityDecompositions, name) ? inequalityDecompositions[name] : undefined;
  if (!f) unknownName('inequality decomposition', name, Object.keys(inequalityDecompositions), path);
  return f;
}

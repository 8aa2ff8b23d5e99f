/**
 * Weight step registry (conventions §1): method name → kernel. The orchestrator looks methods
 * up with {@link getWeightMethod}; an unknown name fails with
 * `invalid weight method: "x" (known: equal, nominal, entropy, …)`.
 */
import { unknownName } from '../../core/errors.js';
import type { WeightFn, WeightResult } from './types.js';
import { weightEqual } from './equal.js';
import { weightNominal } from './nominal.js';
import { weightEntropy } from './entropy.js';
import { weightCritic } from './critic.js';
import { weightCv } from './cv.js';
import { weightSd } from './sd.js';
import { weightPca } from './pca.js';
import { ahpWeights, weightAhp, SAATY_RI } from './ahp.js';
import { combineWeights, weightCombine } from './combine.js';
import { jacobiEigen } from './jacobi.js';

export type { WeightFn, WeightResult } from './types.js';
export type { AhpOptions } from './ahp.js';
export type { CombineMode } from './combine.js';
export type { SymmetricEigen } from './jacobi.js';
export {
  weightEqual,
  weightNominal,
  weightEntropy,
  weightCritic,
  weightCv,
  weightSd,
  weightPca,
  weightAhp,
  weightCombine,
  ahpWeights,
  combineWeights,
  jacobiEigen,
  SAATY_RI,
};

/** All weighting methods by registry name. */
export const weightMethods: Record<string, WeightFn> = {
  equal: weightEqual,
  nominal: weightNominal,
  entropy: weightEntropy,
  critic: weightCritic,
  cv: weightCv,
  sd: weightSd,
  pca: weightPca,
  ahp: weightAhp,
  combine: (cols: Float64Array[], opts: Record<string, unknown>): WeightResult =>
    weightCombine(cols, opts, (name) => getWeightMethod(name, 'steps.weight.combine.methods')),
};

/** The kernel registered as `name`; unknown names throw `E_UNKNOWN_METHOD` (with a did-you-mean hint) at spec `path`. */
export function getWeightMethod(name: string, path?: string): WeightFn {
  const f = Object.hasOwn(weightMethods, name) ? weightMethods[name] : undefined;
  if (!f) unknownName('weight method', name, Object.keys(weightMethods), path);
  return f;
}

/**
 * Weight step registry (conventions §1–2): the list of method descriptors. The spec's
 * `steps.weight` options, its method list (and `combine.methods`), the JSON Schema, the log type
 * and the methods text are all derived from this list; adding a method is one file and one line
 * here. Unknown names fail with `invalid weight method: "x" (known: nominal, equal, entropy, …)`.
 */
import { checkWeightColumns } from './util.js';
import { lookup, readOptions } from '../descriptor.js';
import { type WeightDescriptor, type WeightFn, type WeightNode, WeightKernelContextSchema } from './types.js';
import { nominal } from './nominal.js';
import { equal } from './equal.js';
import { entropy } from './entropy.js';
import { critic } from './critic.js';
import { cv } from './cv.js';
import { sd } from './sd.js';
import { pca } from './pca.js';
import { ahp, ahpWeights, SAATY_RI } from './ahp.js';
import { combineOf, combineWeights } from './combine.js';
import { jacobiEigen } from './jacobi.js';

/** The methods a combination can merge: every other method. */
const PARTS = [nominal, equal, entropy, critic, cv, sd, pca, ahp] as const;

/** Every weighting method, in the order the spec lists them. */
export const WEIGHT = [...PARTS, combineOf(PARTS)] as const;

export type WeightMethod = (typeof WEIGHT)[number];
export type WeightMethodName = WeightMethod['name'];
export type {
  DataWeightDescriptor,
  NodeWeightDescriptor,
  WeightCommon,
  WeightContext,
  WeightDescriptor,
  WeightDescribeContext,
  WeightFn,
  WeightNode,
  WeightResult,
} from './types.js';
export type { AhpOptions } from './ahp.js';
export type { CombineMode } from './combine.js';
export type { SymmetricEigen } from './jacobi.js';
export { ahpWeights, combineWeights, jacobiEigen, SAATY_RI };

/** The descriptor registered as `name`; unknown names throw `E_UNKNOWN_METHOD` (with a did-you-mean hint) at spec `path`. */
export function getWeightDescriptor(name: string, path?: string): WeightDescriptor {
  return lookup(WEIGHT as readonly WeightDescriptor[], 'weight method', name, path);
}

/**
 * A method as a kernel over columns with loosely typed options (the public API for calling one
 * method on typed arrays): the options are validated by the method's schema (defaults applied,
 * `E_BAD_OPTION` naming a wrong one) together with `inputsFinite` and `weights`. A node method
 * treats the columns as the children of one node: `nominal` takes their framework `weights`,
 * `ahp` its matrix (`{ ahp: { matrix } }`, the spec's layout), `combine` computes each of its
 * methods on the same columns with their default options.
 */
export function weightKernel(name: string, path?: string): WeightFn {
  const d = getWeightDescriptor(name, path);
  const owner = `weight method "${d.name}"`;
  const schema = d.options.extend(WeightKernelContextSchema.shape);
  return (cols, opts = {}) => {
    const o = readOptions(owner, schema, opts) as Record<string, unknown> & { inputsFinite?: boolean; weights?: number[] };
    if (d.fromData) return d.run(cols, o as never);
    checkWeightColumns(d.name, cols, o.inputsFinite !== true);
    const context = { inputsFinite: o.inputsFinite, weights: o.weights };
    const node: WeightNode = {
      code: 'the columns',
      children: cols.map((_, j) => `column ${j + 1}`),
      nominal: o.weights ?? [],
      path: 'steps.weight',
      periods: 1,
      weightsBy: (m) => weightKernel(m, 'combine.methods')(cols, context).weights,
    };
    return d.run(node, o as never);
  };
}

/** The kernel registered as `name` (see {@link weightKernel}). */
export const getWeightMethod = weightKernel;

/** All weighting kernels by registry name (see {@link weightKernel}). */
export const weightMethods: Record<string, WeightFn> = Object.fromEntries(WEIGHT.map((d) => [d.name, weightKernel(d.name)]));

export const weightNominal = weightMethods.nominal;
export const weightEqual = weightMethods.equal;
export const weightEntropy = weightMethods.entropy;
export const weightCritic = weightMethods.critic;
export const weightCv = weightMethods.cv;
export const weightSd = weightMethods.sd;
export const weightPca = weightMethods.pca;
export const weightAhp = weightMethods.ahp;
export const weightCombine = weightMethods.combine;

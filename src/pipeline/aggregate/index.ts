/**
 * Aggregate step registry (conventions §1): method name → kernel. The orchestrator looks methods
 * up with {@link getAggregateMethod}; an unknown name fails with
 * `invalid aggregate method: "x" (known: arithmetic, geometric, …)`.
 */
import { unknownName } from '../../core/errors.js';
import type { AggregateFn } from './types.js';
import { aggregateArithmetic } from './arithmetic.js';
import { aggregateGeometric } from './geometric.js';
import { aggregateHarmonic } from './harmonic.js';
import { aggregateTopsis } from './topsis.js';
import { aggregateGrey } from './grey.js';
import { aggregateCopeland } from './copeland.js';

export type { AggregateFn } from './types.js';
export { aggregateArithmetic, aggregateGeometric, aggregateHarmonic, aggregateTopsis, aggregateGrey, aggregateCopeland };

/** All aggregation methods by registry name. */
export const aggregateMethods: Record<string, AggregateFn> = {
  arithmetic: aggregateArithmetic,
  geometric: aggregateGeometric,
  harmonic: aggregateHarmonic,
  topsis: aggregateTopsis,
  grey: aggregateGrey,
  copeland: aggregateCopeland,
};

/** The kernel registered as `name`; unknown names throw `E_UNKNOWN_METHOD` (with a did-you-mean hint) at spec `path`. */
export function getAggregateMethod(name: string, path?: string): AggregateFn {
  const f = Object.hasOwn(aggregateMethods, name) ? aggregateMethods[name] : undefined;
  if (!f) unknownName('aggregate method', name, Object.keys(aggregateMethods), path);
  return f;
}

/**
 * Aggregate step registry (conventions §1–2): the list of method descriptors. The spec's
 * `steps.aggregate` options, its method list, the JSON Schema, the log type and the methods text
 * are all derived from this list; adding a method is one file and one line here. Unknown names
 * fail with `invalid aggregate method: "x" (known: arithmetic, geometric, …)`.
 */
import { lookup, readOptions } from '../descriptor.js';
import { AggregateContextSchema, type AggregateDescriptor, type AggregateFn } from './types.js';
import { arithmetic } from './arithmetic.js';
import { geometric } from './geometric.js';
import { harmonic } from './harmonic.js';
import { topsis } from './topsis.js';
import { grey } from './grey.js';
import { copeland } from './copeland.js';
import { ampi } from './ampi.js';

/** Every aggregation method, in the order the spec lists them. */
export const AGGREGATE = [arithmetic, geometric, harmonic, topsis, grey, copeland, ampi] as const;

export type AggregateMethod = (typeof AGGREGATE)[number];
export type AggregateMethodName = AggregateMethod['name'];
export type { AggregateContext, AggregateCommon, AggregateDescriptor, AggregateFn } from './types.js';

/** The descriptor registered as `name`; unknown names throw `E_UNKNOWN_METHOD` (with a did-you-mean hint) at spec `path`. */
export function getAggregateDescriptor(name: string, path?: string): AggregateDescriptor {
  return lookup(AGGREGATE as readonly AggregateDescriptor[], 'aggregate method', name, path);
}

/**
 * A method as a kernel over loosely typed options (the public API for calling one method on
 * typed arrays): the options are validated by the method's schema (defaults applied,
 * `E_BAD_OPTION` naming a wrong one) together with `datThreshold` and the kernel flags.
 */
export function aggregateKernel(name: string, path?: string): AggregateFn {
  const d = getAggregateDescriptor(name, path);
  const schema = d.options.extend(AggregateContextSchema.shape);
  return (cols, w, opts = {}) => d.run(cols, w, readOptions(`aggregate method "${d.name}"`, schema, opts) as Parameters<typeof d.run>[2]);
}

/** The kernel registered as `name` (see {@link aggregateKernel}). */
export const getAggregateMethod = aggregateKernel;

/** All aggregation kernels by registry name (see {@link aggregateKernel}). */
export const aggregateMethods: Record<string, AggregateFn> = Object.fromEntries(AGGREGATE.map((d) => [d.name, aggregateKernel(d.name)]));

export const aggregateArithmetic = aggregateMethods.arithmetic;
export const aggregateGeometric = aggregateMethods.geometric;
export const aggregateHarmonic = aggregateMethods.harmonic;
export const aggregateTopsis = aggregateMethods.topsis;
export const aggregateGrey = aggregateMethods.grey;
export const aggregateCopeland = aggregateMethods.copeland;
export const aggregateAmpi = aggregateMethods.ampi;

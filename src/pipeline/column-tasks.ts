/**
 * The column tasks a column pool runs (`core/parallel.ts`), by name: the same functions on both
 * threads (the worker imports this module; the calling thread passes them to `mapColumns`).
 */
import type { ColumnTaskName } from '../core/parallel.js';
import { sumXLogX } from '../kernels/xlogx.js';
import { extent } from './normalise/common.js';
import { normaliseColumn } from './methods.js';

/** Item of the `normalise` task: one whole (pooled) column and its resolved options. */
export interface NormaliseItem {
  method: string;
  x: Float64Array;
  spec: Parameters<typeof normaliseColumn>[2];
  subject: string;
}

export const normaliseTask = (it: NormaliseItem): Float64Array => normaliseColumn(it.method, it.x, it.spec, it.subject);

export const columnTasks: Record<ColumnTaskName, (item: never) => unknown> = {
  normalise: normaliseTask,
  sumXLogX,
  extent,
};

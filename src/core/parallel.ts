/**
 * Column tasks on a second thread, for the per-column work of one large pipeline run.
 *
 * Why: pooled min-max, the entropy sums and TOPSIS's column extents of a 5,000 × 15 × 40 panel
 * touch 3 million cells each, and every column is independent. A {@link ColumnPool} (started by
 * the io layer with `startColumnPool()`, which owns the worker thread) runs part of the columns on
 * another thread while the calling thread runs the rest, synchronously. The pool is passed
 * explicitly: `executeLog({ …, pool })` hands it down to the kernels that use it (through their
 * execution context, `pipeline/descriptor.ts`); there is no module-level state. Without a pool,
 * or for small inputs, {@link mapColumns} is a plain loop.
 *
 * Determinism: a task is a pure function of its item, computed by the same function on either
 * thread, so results are identical bit for bit with or without a pool and whichever thread
 * computed what. Errors keep their serial order: the error of the first failing item is thrown.
 *
 * Only items whose arrays live in `SharedArrayBuffer`s can go to the pool (`shareable`); arrays
 * the pool returns are shared too, so later tasks on them can be handed out again.
 */

/** The names of the tasks a pool runs; both threads resolve a name to the same function. */
export type ColumnTaskName = 'normalise' | 'sumXLogX' | 'extent';

/** Runs column tasks on another thread. */
export interface ColumnPool {
  /**
   * Run `task` over `items`: the pool's share (some of the `shareable` items) on its thread, the
   * others with `local` on this one. Returns the results in item order; throws the error of the
   * first failing item.
   */
  map<A, R>(task: ColumnTaskName, items: readonly A[], local: (a: A) => R, shareable: (a: A) => boolean): R[];
}

/** Work below this many cells in total stays on the calling thread: a round trip costs more. */
export const MIN_PARALLEL_CELLS = 1 << 18;

/**
 * `items.map(local)`, with part of the items run on `pool` when one is given and the work
 * (`cells`, the array elements the task reads) is large enough.
 */
export function mapColumns<A, R>(
  pool: ColumnPool | undefined,
  task: ColumnTaskName,
  items: readonly A[],
  local: (a: A) => R,
  cells: number,
  shareable: (a: A) => boolean,
): R[] {
  if (!pool || items.length < 2 || cells < MIN_PARALLEL_CELLS) return items.map(local);
  return pool.map(task, items, local, shareable);
}

/** Whether a typed array's memory can be read by another thread without copying. */
export function isShared(x: ArrayBufferView): boolean {
  return typeof SharedArrayBuffer !== 'undefined' && x.buffer instanceof SharedArrayBuffer;
}

/** A zero-filled `Float64Array` of length n on shared memory. */
export function sharedFloat64(n: number): Float64Array {
  return new Float64Array(new SharedArrayBuffer(8 * n));
}

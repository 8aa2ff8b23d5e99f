/**
 * Run every column task once on a small column, on the calling thread.
 *
 * Why: V8 optimises a long-running loop by on-stack replacement during its first call, before
 * the code after the loop (building the result) has ever run; that optimised code then lacks type
 * feedback for its tail and was seen to deoptimise at the end of every later call, leaving the
 * kernel about 3× slower for the life of the thread (observed for `sumXLogX` in a column-pool
 * worker). One short call first gives every bytecode feedback. Results are unaffected.
 */
import { sumXLogX } from '../kernels/xlogx.js';
import { extent } from './normalise/common.js';
import { normaliseTask } from './column-tasks.js';

export function primeColumnTasks(): void {
  const x = Float64Array.from({ length: 64 }, (_, i) => (i % 7) / 7 + i / 64);
  for (let r = 0; r < 3; r++) {
    sumXLogX(x);
    extent(x);
    normaliseTask({ method: 'minmax', x, spec: { method: 'minmax', direction: 1, range: [0, 1] } as never, subject: 'prime' });
  }
}

import { fail } from '../../core/errors.js';

/**
 * Shared helpers of the normalisation kernels: the direction check, the extent of the non-NaN
 * values and the zero-range error. Direction follows COINr's `Normalise.numeric()`: the values
 * are multiplied by `direction` before the method is applied, so −1 reverses the order.
 */

/** `opts.direction` as ±1 (absent = +1); anything else fails with `E_BAD_OPTION`. */
export function readDirection(method: string, opts: { direction?: unknown }): 1 | -1 {
  const d = opts.direction;
  if (d === undefined || d === null || d === 1) return 1;
  if (d === -1) return -1;
  fail('E_BAD_OPTION', `normalise method "${method}": direction must be 1 or -1 (got ${JSON.stringify(d)})`, {
    hint: 'set the indicator direction to 1 (more is better, 正向) or -1 (less is better, 负向)',
  });
}

/** Count, minimum and maximum of the non-NaN values of `x`. */
export function extent(x: Float64Array): { n: number; min: number; max: number } {
  let n = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (v !== v) continue;
    n++;
    min = v < min ? v : min; // conditional moves: no branch to mispredict
    max = v > max ? v : max;
  }
  return { n, min, max };
}

/** `E_ZERO_RANGE`: the values do not vary, so the method has nothing to scale. */
export function zeroRange(method: string, what: string, value: number, n: number): never {
  fail('E_ZERO_RANGE', `normalise method "${method}": ${what} is zero — all ${n} non-missing value${n === 1 ? ' is' : 's are'} ${value}`, {
    hint: 'the indicator does not vary here (one period or the whole column): drop it, normalise pooled over periods (scope: pooled), or choose another method',
    data: { value, n },
  });
}

/** All-NaN output of the length of `x`: nothing observed, nothing to normalise (missing stays missing). */
export function allMissing(x: Float64Array): Float64Array {
  return new Float64Array(x.length).fill(NaN);
}

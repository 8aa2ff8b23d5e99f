/**
 * Shared input checks for the distribution analyses (inequality, density, Markov): the missing-data
 * rule and finiteness.
 *
 * Missing-data rule (issue 3): a NaN value is refused with `E_MISSING_VALUES`, naming how many and
 * at which positions, unless the caller passes `dropMissing: true`; then the missing units are
 * dropped and the number dropped is reported in the result (`dropped`). ±Infinity is never a valid
 * value here and is refused with `E_NONFINITE`.
 */
import { fail } from '../../core/errors.js';

/** The missing-data option every analysis in this folder accepts. */
export interface MissingOptions {
  /** Drop NaN values (and their group entries) instead of refusing them; the count is reported. Default false. */
  dropMissing?: boolean;
}

/** At most this many positions are listed in an error message. */
const SHOW = 8;

function listPositions(pos: number[]): string {
  const head = pos.slice(0, SHOW).join(', ');
  return pos.length > SHOW ? `${head}, … (${pos.length - SHOW} more)` : head;
}

/**
 * Positions (0-based) of NaN values in `x`; throws `E_NONFINITE` on ±Infinity. Cost O(n).
 * @param what name of the input used in messages (e.g. "gini values")
 */
export function missingPositions(x: ArrayLike<number>, what: string): number[] {
  const pos: number[] = [];
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (v !== v) pos.push(i);
    else if (v === Infinity || v === -Infinity) {
      fail('E_NONFINITE', `${what}: value at position ${i} (0-based) is ${v}`, {
        hint: 'infinite values usually come from a division by zero upstream (denominate step); fix or remove them',
        data: { position: i },
      });
    }
  }
  return pos;
}

/** Throw `E_MISSING_VALUES` for the NaN positions `pos` of input `what`. */
export function refuseMissing(pos: number[], n: number, what: string): never {
  fail('E_MISSING_VALUES', `${what}: ${pos.length} of ${n} values are missing (NaN) at position${pos.length > 1 ? 's' : ''} ${listPositions(pos)} (0-based)`, {
    hint: 'impute them first (steps.impute) or pass dropMissing: true to drop those units from this analysis',
    data: { count: pos.length, positions: pos },
  });
}

/** Complete cases of `x` (and of the aligned `groups`) under the missing-data rule. */
export interface CompleteCases {
  x: Float64Array;
  groups?: Int32Array;
  /** Number of values dropped (0 unless dropMissing). */
  dropped: number;
}

/**
 * Apply the missing-data rule to `x` (and `groups`, which must have the same length): with no NaN the
 * inputs are returned as they are (not copied — callers must not modify them); otherwise either refuse
 * (`E_MISSING_VALUES`) or, with `dropMissing`, return compacted copies. Cost O(n).
 */
export function completeCases(x: Float64Array, groups: Int32Array | undefined, opts: MissingOptions | undefined, what: string): CompleteCases {
  const pos = missingPositions(x, what);
  if (pos.length === 0) return { x, groups, dropped: 0 };
  if (!opts?.dropMissing) refuseMissing(pos, x.length, what);
  const m = x.length - pos.length;
  const xs = new Float64Array(m);
  const gs = groups ? new Int32Array(m) : undefined;
  let k = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (v !== v) continue;
    xs[k] = v;
    if (gs) gs[k] = groups![i];
    k++;
  }
  return { x: xs, groups: gs, dropped: pos.length };
}

/**
 * Check a group index against its labels: same length as the values, every entry an integer in
 * [0, labels.length), every label used at least once. Returns the unit count per group.
 */
export function checkGroups(groups: Int32Array, labels: readonly string[], n: number, what: string): Int32Array {
  if (!(groups instanceof Int32Array)) {
    fail('E_BAD_INPUT', `${what}: groups must be an Int32Array of group positions`, { hint: 'use groupIndex(panel, attribute) to build it' });
  }
  if (groups.length !== n) {
    fail('E_LENGTH_MISMATCH', `${what}: ${n} values but ${groups.length} group entries`, { hint: 'values and groups must be aligned unit by unit' });
  }
  const k = labels.length;
  if (k === 0) fail('E_BAD_INPUT', `${what}: no group labels given`, { hint: 'pass the labels returned with the group index' });
  const counts = new Int32Array(k);
  for (let i = 0; i < n; i++) {
    const g = groups[i];
    if (!(g >= 0 && g < k)) {
      fail('E_BAD_GROUP', `${what}: unit at position ${i} (0-based) has group ${g}, outside 0..${k - 1}`, {
        hint: g === -1 ? 'the unit has no group (empty attribute): give it one or drop it before the analysis' : 'group entries index into labels',
        data: { position: i, group: g },
      });
    }
    counts[g]++;
  }
  for (let g = 0; g < k; g++) {
    if (counts[g] === 0) {
      fail('E_EMPTY_GROUP', `${what}: group "${labels[g]}" has no units${n ? '' : ' (no values at all)'}`, {
        hint: 'remove the label, or check that dropMissing did not remove every unit of the group',
        data: { group: labels[g] },
      });
    }
  }
  return counts;
}

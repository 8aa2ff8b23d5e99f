/**
 * Discretise a panel into k ordered classes (states) for Markov-chain analysis of distribution dynamics.
 *
 * Breaks: with `breaks: 'period'` (default) the k − 1 interior break points of each period are the
 * R type-7 quantiles of that period's values at p = 1/k, 2/k, …, (k−1)/k (relative classes: "low",
 * "lower-middle", … within each year); with `'pooled'` they are the same quantiles of all unit-periods
 * together (absolute classes); a `number[]` gives the k − 1 interior break points directly (strictly
 * increasing).
 *
 * Class rule (intervals closed on the right, the first closed on both sides, as R
 * `cut(x, c(min, b, max), include.lowest = TRUE)`): with interior breaks b_1 < … < b_{k−1},
 * class(x) = the smallest c with x ≤ b_c, or k when x > b_{k−1}. Classes are returned 0-based
 * (0 … k−1). Ties with a break go to the lower class; with many tied values some classes may be empty.
 *
 * Missing data: NaN refused (`E_MISSING_VALUES`) unless `dropMissing: true`; then that unit-period gets
 * class −1 (skipped by the transition counts) and the count is reported. Breaks are computed from the
 * non-missing values.
 *
 * Cost O(N log N) for the quantiles plus O(N log k) for the classification, N = units × periods.
 *
 * Reference: D. T. Quah (1993) "Empirical cross-section dynamics in economic growth", European
 * Economic Review 37:426–434; R. J. Hyndman & Y. Fan (1996) for the type-7 quantiles.
 */
import { fail, unknownName } from '../../core/errors.js';
import { quantileSorted, sortedFinite } from '../../kernels/quantile.js';
import { missingPositions, refuseMissing, type MissingOptions } from '../inequality/missing.js';

/** 'period' (quantiles per period, default), 'pooled' (quantiles of all periods), or the k − 1 interior breaks. */
export type BreaksOption = 'period' | 'pooled' | readonly number[];

export interface ClassesOptions extends MissingOptions {
  /** Number of classes, an integer ≥ 2. */
  k: number;
  /** How the breaks are set; default 'period'. */
  breaks?: BreaksOption;
}

export interface MarkovClasses {
  /** Class per unit-period, 0 … k−1 (−1 = missing), period-major: index = t·nUnits + u. */
  classes: Int32Array;
  nUnits: number;
  nPeriods: number;
  k: number;
  /** The k − 1 interior breaks used in each period (the same array for 'pooled' and fixed breaks). */
  breaks: Float64Array[];
  /** Number of unit-periods left unclassified because the value was missing (dropMissing). */
  dropped: number;
}

/** 0-based class of `v` under ascending interior `breaks`: the smallest c with v ≤ breaks[c], else breaks.length. */
export function classOf(v: number, breaks: ArrayLike<number>): number {
  let lo = 0;
  let hi = breaks.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (v <= breaks[mid]) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function quantileBreaks(sorted: Float64Array, k: number): Float64Array {
  const b = new Float64Array(k - 1);
  for (let c = 1; c < k; c++) b[c - 1] = quantileSorted(sorted, c / k);
  return b;
}

/**
 * Classes of `values` (one Float64Array per period, all of the same length = number of units).
 *
 * @throws E_BAD_OPTION (k, breaks), E_LENGTH_MISMATCH, E_MISSING_VALUES, E_NONFINITE, E_TOO_FEW
 * @example markovClasses([Float64Array.of(1, 2, 3, 4)], { k: 2 }).classes // [0, 0, 1, 1]
 */
export function markovClasses(values: readonly Float64Array[], opts: ClassesOptions): MarkovClasses {
  const k = opts?.k;
  if (!(Number.isInteger(k) && k >= 2))
    fail('E_BAD_OPTION', `markov classes: k must be an integer ≥ 2, got ${k}`, { location: { path: 'markov.k' }, hint: 'common choices are 4 or 5 classes' });
  const T = values.length;
  if (T === 0) fail('E_TOO_FEW', 'markov classes: no periods given', { hint: 'pass one Float64Array per period' });
  const nU = values[0].length;
  const N = T * nU;
  const flat = new Float64Array(N);
  let missing = 0;
  for (let t = 0; t < T; t++) {
    if (values[t].length !== nU) {
      fail('E_LENGTH_MISMATCH', `markov classes: period ${t} has ${values[t].length} values, period 0 has ${nU}`, {
        hint: 'every period must list the same units in the same order',
      });
    }
    const pos = missingPositions(values[t], `markov classes, period ${t}`);
    if (pos.length && !opts.dropMissing) refuseMissing(pos, nU, `markov classes, period ${t}`);
    missing += pos.length;
    flat.set(values[t], t * nU);
  }
  const mode = opts.breaks ?? 'period';
  const breaks: Float64Array[] = [];
  if (mode === 'period') {
    for (let t = 0; t < T; t++) {
      const s = sortedFinite(values[t]);
      if (s.length === 0)
        fail('E_TOO_FEW', `markov classes: period ${t} has no non-missing value to set breaks from`, { hint: 'drop the period or use breaks: "pooled"' });
      breaks.push(quantileBreaks(s, k));
    }
  } else if (mode === 'pooled') {
    const s = sortedFinite(flat);
    if (s.length === 0) fail('E_TOO_FEW', 'markov classes: no non-missing value to set breaks from', { hint: 'check the data' });
    const b = quantileBreaks(s, k);
    for (let t = 0; t < T; t++) breaks.push(b);
  } else if (Array.isArray(mode) || ArrayBuffer.isView(mode)) {
    const arr = mode as readonly number[];
    if (arr.length !== k - 1) {
      fail('E_BAD_OPTION', `markov classes: ${arr.length} breaks given for k = ${k} classes; give the k − 1 = ${k - 1} interior break points`, {
        location: { path: 'markov.breaks' },
        hint: 'do not include the minimum and maximum: e.g. k = 4 needs 3 cut points',
      });
    }
    for (let c = 0; c < arr.length; c++) {
      if (!Number.isFinite(arr[c]) || (c > 0 && !(arr[c] > arr[c - 1]))) {
        fail('E_BAD_OPTION', `markov classes: breaks must be finite and strictly increasing, got [${arr.join(', ')}]`, {
          location: { path: 'markov.breaks' },
          hint: 'sort the cut points and remove duplicates',
        });
      }
    }
    const b = Float64Array.from(arr);
    for (let t = 0; t < T; t++) breaks.push(b);
  } else if (typeof mode === 'string') {
    unknownName('markov break rule', mode, ['period', 'pooled'], 'markov.breaks');
  } else {
    fail('E_BAD_OPTION', `markov classes: breaks must be "period", "pooled" or an array of k − 1 numbers, got ${JSON.stringify(mode)}`, {
      location: { path: 'markov.breaks' },
      hint: 'use "period" (relative classes per year) or "pooled" (absolute classes)',
    });
  }
  const classes = new Int32Array(N);
  for (let t = 0; t < T; t++) {
    const b = breaks[t];
    for (let u = 0; u < nU; u++) {
      const v = flat[t * nU + u];
      classes[t * nU + u] = v !== v ? -1 : classOf(v, b);
    }
  }
  return { classes, nUnits: nU, nPeriods: T, k, breaks, dropped: missing };
}

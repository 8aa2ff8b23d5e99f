/**
 * Spatial Markov chain (空间马尔可夫链) and the spatial lag it conditions on.
 *
 * Spatial lag of a cross-section x with spatial weights W (CSR):
 *
 *   lag_i = Σ_j w_ij x_j
 *
 * (with row-standardised W, the neighbours' average; a unit without neighbours gets lag 0, the
 * "keep" island rule recorded in `W.islands`). When x holds several periods (length = m·nUnits,
 * period-major) the lag is taken period by period.
 *
 * Spatial Markov chain (Rey 2001): the transitions of the ordinary chain are split by the class of
 * the unit's spatial lag **at the start of the transition** (period t of the pair t → t+1), giving k
 * conditional transition matrices P(l), l = 0 … k−1, each estimated by counts like the ordinary chain
 * (rows without transitions are NaN and listed; each has its own stationary analysis).
 * Every transition counted in the ordinary chain appears in exactly one conditional matrix, so the k
 * count matrices sum to the ordinary one.
 *
 * Missing data: `spatialLag` refuses NaN (`E_MISSING_VALUES`) unless `dropMissing: true`, in which
 * case lag_i is NaN exactly when a neighbour with non-zero weight is missing (count reported as
 * `missingLag`; classify it with `markovClasses(…, { dropMissing: true })` → −1). `spatialMarkov`
 * skips transitions whose start class, end class or lag class is −1 (count in `skipped`).
 *
 * Cost: spatialLag O(periods × nnz(W)); spatialMarkov O(N + k⁴) (k stationary analyses).
 *
 * Reference: S. J. Rey (2001) "Spatial empirics for economic growth and convergence", Geographical
 * Analysis 33(3):195–214 (as in PySAL giddy `Spatial_Markov`). Validated against hand-counted
 * transitions and the identity Σ_l counts(l) = counts.
 */
import { fail } from '../../core/errors.js';
import type { SpatialWeights } from '../spatial/types.js';
import { missingPositions, refuseMissing, type MissingOptions } from '../inequality/missing.js';
import { checkClasses, summarise, type TransitionSummary } from './markov.js';

export interface SpatialLagResult {
  /** Lag per unit(-period), aligned with x. */
  lag: Float64Array;
  /** Number of lags left NaN because a neighbour was missing (dropMissing). */
  missingLag: number;
}

/**
 * Spatial lag Σ_j w_ij x_j of `x` (one period, or several stacked period-major).
 * @throws E_LENGTH_MISMATCH, E_BAD_INPUT (malformed W), E_MISSING_VALUES, E_NONFINITE
 */
export function spatialLag(x: Float64Array, W: SpatialWeights, opts?: MissingOptions): SpatialLagResult {
  const n = W.units.length;
  if (!(W.indptr.length === n + 1 && W.indptr[0] === 0 && W.indptr[n] === W.indices.length && W.weights.length === W.indices.length)) {
    fail('E_BAD_INPUT', `spatial lag: malformed weights (indptr ${W.indptr.length} for ${n} units, ${W.indices.length} indices, ${W.weights.length} weights)`, {
      hint: 'build W with the spatial weights builder',
    });
  }
  for (let e = 0; e < W.indices.length; e++) {
    if (!(W.indices[e] >= 0 && W.indices[e] < n))
      fail('E_BAD_INPUT', `spatial lag: neighbour index ${W.indices[e]} outside 0..${n - 1}`, { hint: 'build W with the spatial weights builder' });
  }
  if (n === 0 || x.length % n !== 0) {
    fail('E_LENGTH_MISMATCH', `spatial lag: ${x.length} values for weights over ${n} units`, {
      hint: 'x must list the units in the order of W.units (one or several whole periods)',
    });
  }
  const pos = missingPositions(x, 'spatial lag');
  if (pos.length && !opts?.dropMissing) refuseMissing(pos, x.length, 'spatial lag');
  const lag = new Float64Array(x.length);
  let missingLag = 0;
  for (let off = 0; off < x.length; off += n) {
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let e = W.indptr[i]; e < W.indptr[i + 1]; e++) {
        const w = W.weights[e];
        if (w === 0) continue;
        s += w * x[off + W.indices[e]];
      }
      if (s !== s) missingLag++;
      lag[off + i] = s;
    }
  }
  return { lag, missingLag };
}

export interface SpatialMarkovResult {
  k: number;
  nUnits: number;
  nPeriods: number;
  /** conditions[l]: the transitions that started with the spatial lag in class l. */
  conditions: TransitionSummary[];
  /** Transitions counted over all conditions. */
  nTransitions: number;
  /** Transitions skipped because a class or the lag class was missing (−1). */
  skipped: number;
}

/**
 * Spatial Markov chain: k transition matrices conditioned on the lag class at the start of each transition.
 *
 * @param classes unit classes, period-major (index t·nUnits + u), −1 = missing
 * @param lagClasses classes of the spatial lag, same layout (e.g. markovClasses of spatialLag per period)
 * @param k number of classes (for both)
 * @param nUnits units per period
 * @throws E_LENGTH_MISMATCH, E_BAD_CLASS, E_TOO_FEW, E_BAD_OPTION
 */
export function spatialMarkov(classes: Int32Array, lagClasses: Int32Array, k: number, nUnits: number): SpatialMarkovResult {
  const T = checkClasses(classes, k, nUnits, 'spatial markov');
  checkClasses(lagClasses, k, nUnits, 'spatial markov (lag classes)');
  if (lagClasses.length !== classes.length) {
    fail('E_LENGTH_MISMATCH', `spatial markov: ${classes.length} classes but ${lagClasses.length} lag classes`, {
      hint: 'classify the spatial lag over the same units and periods',
    });
  }
  const counts: Float64Array[] = [];
  for (let l = 0; l < k; l++) counts.push(new Float64Array(k * k));
  let skipped = 0;
  let nTransitions = 0;
  for (let t = 0; t + 1 < T; t++) {
    for (let u = 0; u < nUnits; u++) {
      const a = classes[t * nUnits + u];
      const b = classes[(t + 1) * nUnits + u];
      const l = lagClasses[t * nUnits + u];
      if (a < 0 || b < 0 || l < 0) {
        skipped++;
        continue;
      }
      counts[l][a * k + b]++;
      nTransitions++;
    }
  }
  return { k, nUnits, nPeriods: T, conditions: counts.map((c) => summarise(c, k)), nTransitions, skipped };
}

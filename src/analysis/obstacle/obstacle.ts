/**
 * Obstacle degree model (障碍度模型): which indicators and dimensions hold each unit back most.
 *
 * For observation i (a unit, or a unit-period) with normalised indicator values y_ij ∈ [0, 1]
 * (1 = best) and indicator weights w_j (Σ w_j = 1; with nested frameworks the product of the
 * weights down the tree, 因子贡献度 F_j):
 *   deviation   I_ij = 1 − y_ij                                   (指标偏离度)
 *   obstacle    O_ij = w_j I_ij / Σ_j w_j I_ij                    (障碍度, shares summing to 1)
 *   dimension   U_id = Σ_{j ∈ d} O_ij                              (准则层障碍度)
 * and the k indicators with the largest O_ij (default k = 3; ties go to the lower indicator index).
 *
 * Missing data: none — NaN is an `E_MISSING_VALUES` error naming indicator and observation
 * (impute first). Values outside [0, 1] are `E_VALUE_RANGE` (use min-max to [0, 1]).
 * An observation with Σ_j w_j I_ij = 0 (at the ideal on every weighted indicator) has no
 * obstacles: its O and U are NaN, its top-k indices −1, and `reason[i]` says "no deviation" —
 * never a silent NaN.
 *
 * Cost O(n·m·k) time for n observations and m indicators; output arrays only.
 *
 * Reference: the standard obstacle-degree diagnosis of the Chinese comprehensive-evaluation
 * literature (factor contribution F_j = w_j, deviation I_ij = 1 − y_ij, O_ij = F_j I_ij / Σ F_j I_ij);
 * validated by hand-worked cases and the share identities in test/analysis/obstacle.test.ts.
 */
import { fail } from '../../core/errors.js';

export interface ObstacleOptions {
  /** How many top obstacles to list per observation (default 3; capped at the number of indicators). */
  k?: number;
  /** Indicator names for error messages (default "indicator 1", …). */
  names?: readonly string[];
}

export interface ObstacleResult {
  /** Deviation I_ij = 1 − y_ij, one array per indicator. */
  deviation: Float64Array[];
  /** Obstacle degree O_ij (shares of the weighted deviation, Σ_j O_ij = 1), one array per indicator. */
  obstacle: Float64Array[];
  /** Dimension obstacle degree U_id = Σ_{j∈d} O_ij, one array per dimension. */
  dimension: Float64Array[];
  /** Top-k indicator indices per observation, row-major n×k (observation i at [i·k, (i+1)·k)); −1 where undefined. */
  topIndex: Int32Array;
  /** The matching O values (NaN where undefined). */
  topValue: Float64Array;
  /** k actually used. */
  k: number;
  /** Per observation: null, or why its obstacle degrees are NaN ("no deviation: …"). */
  reason: (string | null)[];
}

/**
 * Obstacle degrees, dimension sums and top-k obstacles (see the module comment for formulas).
 *
 * @param Y indicators, one `Float64Array` per indicator (all the same length n), values on [0, 1]
 * @param w indicator weights, length m, finite, ≥ 0, summing to 1 (±1e-9)
 * @param groups dimension index (0 … nDims − 1) of each indicator, length m
 * @param nDims number of dimensions
 * @example obstacle([Float64Array.of(0.2), Float64Array.of(0.8)], Float64Array.of(0.5, 0.5), Int32Array.of(0, 1), 2)
 *   // obstacle: [[0.8], [0.2]]
 */
export function obstacle(Y: readonly Float64Array[], w: Float64Array, groups: Int32Array, nDims: number, opts: ObstacleOptions = {}): ObstacleResult {
  const m = Y.length;
  if (m === 0) fail('E_LENGTH_MISMATCH', 'obstacle: no indicators given', { hint: 'pass one array of normalised values per indicator' });
  const n = Y[0].length;
  const name = (j: number) => opts.names?.[j] ?? `indicator ${j + 1}`;
  if (opts.names && opts.names.length !== m)
    fail('E_LENGTH_MISMATCH', `obstacle: ${opts.names.length} names for ${m} indicators`, { hint: 'give one name per indicator' });
  if (w.length !== m || groups.length !== m) {
    fail('E_LENGTH_MISMATCH', `obstacle: ${m} indicators but ${w.length} weights and ${groups.length} group indices`, {
      hint: 'weights and groups need one entry per indicator',
    });
  }
  if (!(Number.isInteger(nDims) && nDims >= 1))
    fail('E_LENGTH_MISMATCH', `obstacle: nDims must be a positive integer, got ${nDims}`, { hint: 'the number of dimensions (criteria) in the framework' });
  let wsum = 0;
  for (let j = 0; j < m; j++) {
    if (!(Number.isFinite(w[j]) && w[j] >= 0))
      fail('E_BAD_WEIGHT', `obstacle: weight of "${name(j)}" is ${w[j]}; weights must be finite and ≥ 0`, {
        hint: 'use the final (product) indicator weights of the framework',
      });
    wsum += w[j];
    if (!(Number.isInteger(groups[j]) && groups[j] >= 0 && groups[j] < nDims)) {
      fail('E_LENGTH_MISMATCH', `obstacle: "${name(j)}" has dimension index ${groups[j]}, outside 0 … ${nDims - 1}`, {
        hint: 'groups[j] is the 0-based dimension of indicator j',
      });
    }
  }
  if (Math.abs(wsum - 1) > 1e-9) {
    fail('E_BAD_WEIGHT', `obstacle: indicator weights sum to ${wsum}, not 1`, {
      hint: 'normalise the weights (divide by their sum); with a hierarchy multiply the weights down the tree',
    });
  }
  for (let j = 0; j < m; j++) {
    const y = Y[j];
    if (y.length !== n)
      fail('E_LENGTH_MISMATCH', `obstacle: "${name(j)}" has ${y.length} values, "${name(0)}" has ${n}`, {
        hint: 'every indicator needs one value per observation',
      });
    const i = firstOutside(y);
    if (i < 0) continue;
    const v = y[i];
    if (Number.isNaN(v)) {
      fail('E_MISSING_VALUES', `obstacle: "${name(j)}" is missing at observation ${i + 1}`, {
        location: { row: i + 1, column: name(j) },
        hint: 'impute missing values before computing obstacle degrees',
      });
    }
    fail('E_VALUE_RANGE', `obstacle: "${name(j)}" is ${v} at observation ${i + 1}, outside [0, 1]`, {
      location: { row: i + 1, column: name(j) },
      hint:
        v > 1 && v <= 100
          ? 'the values look like a 0–100 scale: normalise with min-max to [0, 1] (or divide by 100)'
          : 'obstacle degrees need min-max normalised values on [0, 1] (1 = best)',
    });
  }

  if (opts.k !== undefined && !(Number.isInteger(opts.k) && opts.k >= 1))
    fail('E_BAD_OPTION', `obstacle: k must be an integer ≥ 1, got ${opts.k}`, { hint: 'an integer, the number of top obstacles to list (default 3)' });
  const k = Math.min(opts.k ?? 3, m);
  const deviation = Y.map((y) => {
    const d = new Float64Array(n);
    for (let i = 0; i < n; i++) d[i] = 1 - y[i];
    return d;
  });
  const obstacleDeg = Y.map(() => new Float64Array(n));
  const dimension = Array.from({ length: nDims }, () => new Float64Array(n));
  const topIndex = new Int32Array(n * k).fill(-1);
  const topValue = new Float64Array(n * k).fill(NaN);
  const reason: (string | null)[] = new Array<string | null>(n).fill(null);

  shareOut(w, groups, deviation, obstacleDeg, dimension, topIndex, topValue, reason, k);
  return { deviation, obstacle: obstacleDeg, dimension, topIndex, topValue, k, reason };
}

/** The first position of `y` that is NaN or outside [0, 1], or −1 (a small loop of its own: see {@link shareOut}). */
function firstOutside(y: Float64Array): number {
  for (let i = 0; i < y.length; i++) {
    const v = y[i];
    if (!(v >= 0 && v <= 1)) return i;
  }
  return -1;
}

/**
 * Obstacle degrees, dimension degrees and the top k of every observation into the given arrays ({@link obstacle}
 * after its checks). The loops are functions of their own so that the optimising compiler compiles them alone,
 * not all of `obstacle` with its checks and messages (a city panel: 287 × 12 observations × 24 indicators).
 */
function shareOut(
  w: Float64Array,
  groups: Int32Array,
  deviation: readonly Float64Array[],
  obstacleDeg: Float64Array[],
  dimension: Float64Array[],
  topIndex: Int32Array,
  topValue: Float64Array,
  reason: (string | null)[],
  k: number,
): void {
  const m = deviation.length;
  const nDims = dimension.length;
  const n = reason.length;
  for (let i = 0; i < n; i++) {
    let total = 0;
    for (let j = 0; j < m; j++) total += w[j] * deviation[j][i];
    if (!(total > 0)) {
      for (let j = 0; j < m; j++) obstacleDeg[j][i] = NaN;
      for (let d = 0; d < nDims; d++) dimension[d][i] = NaN;
      reason[i] = 'no deviation: every weighted indicator is at its ideal (y = 1), so there is no obstacle to share out';
      continue;
    }
    for (let j = 0; j < m; j++) {
      const o = (w[j] * deviation[j][i]) / total;
      obstacleDeg[j][i] = o;
      dimension[groups[j]][i] += o;
    }
    // Top k by selection: largest O first, ties to the lower index (strict > keeps the first seen).
    const base = i * k;
    for (let r = 0; r < k; r++) {
      let best = -1;
      let bestV = -Infinity;
      for (let j = 0; j < m; j++) {
        const o = obstacleDeg[j][i];
        if (o > bestV && !taken(topIndex, base, r, j)) {
          best = j;
          bestV = o;
        }
      }
      topIndex[base + r] = best;
      topValue[base + r] = bestV;
    }
  }
}

function taken(idx: Int32Array, base: number, r: number, j: number): boolean {
  for (let q = 0; q < r; q++) if (idx[base + q] === j) return true;
  return false;
}

/**
 * Upstreamness (Antràs, Chor, Fally & Hillberry 2012, AER P&P 102(3)) and downstreamness of each
 * country-sector of an ICIO table.
 *
 * Upstreamness U = (I − Δ)⁻¹·1 with Δ_ij = Z_ij / X_i (the share of i's output used by j), i.e. the
 * average number of production stages between i's output and final use (U ≥ 1; U = 1 when all output
 * goes to final demand). In an inter-country table exports and imports are internal, so the paper's
 * open-economy correction (X_i − E_i + M_i) is not needed; the inventory correction is: when the table
 * states net changes in inventories N_i (part of final demand), Δ_ij = Z_ij / (X_i − N_i) (Antràs et
 * al. 2012, eq. 11), otherwise none is made (`adjusted: false`).
 *
 * Downstreamness here is the total backward linkage 1'(I − A)⁻¹ (column sums of B; Miller &
 * Temurshoev 2017, Antràs & Chor 2018): the average number of stages embodied in a unit of j's output.
 * Cost: 2n³/3 + 2n² (one LU and one solve) for U; n² for D given B.
 */
import { fail } from '../../core/errors.js';
import { type DenseExecutor, type Lu, luFactor, luSolve } from './leontief.js';
import type { IcioTable } from './table.js';

export interface Upstreamness {
  /** U_i ≥ 1, by sector. */
  U: Float64Array;
  /** Whether Δ used X − N (net inventories) instead of X. */
  adjusted: boolean;
}

/**
 * Antràs et al. (2012) upstreamness; `inventories` (default: the table's) adjusts Δ as stated above;
 * `exec`: helper threads for the LU (same bytes with or without).
 * @example upstreamness(t).U[0] // stages from sector 0's output to final demand
 */
export function upstreamness(t: IcioTable, inventories: ArrayLike<number> | undefined = t.inventories, exec?: DenseExecutor): Upstreamness {
  const { n, Z, X } = t;
  const M = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const d = X[i] - (inventories ? inventories[i] : 0);
    if (X[i] > 0 && !(d > 0)) {
      fail('E_ICIO_TABLE', `${t.sectors[i]}: output net of inventories ${d} is not positive`, { location: { row: i + 1, column: 'inventories' } });
    }
    for (let j = 0; j < n; j++) M[i * n + j] = (i === j ? 1 : 0) - (X[i] > 0 ? Z[i * n + j] / d : 0);
  }
  const U = luSolve(luFactor(M, n, exec), new Float64Array(n).fill(1));
  return { U, adjusted: inventories !== undefined };
}

/**
 * Upstreamness without an inventory adjustment from the LU factors of I − A the other measures
 * already have: with D = diag(X), Δ = D⁻¹Z and I − Δ = D⁻¹(I − A)D, so U = (I − Δ)⁻¹1 = D⁻¹ B X —
 * one solve instead of a second factorisation (U_i = 1 where X_i = 0: its row of Δ is zero).
 * Cost 2n². Equal to {@link upstreamness} without inventories up to rounding.
 */
export function upstreamnessFromFactors(t: IcioTable, lu: Lu): Upstreamness {
  const BX = luSolve(lu, t.X);
  const U = new Float64Array(t.n);
  for (let i = 0; i < t.n; i++) U[i] = t.X[i] > 0 ? BX[i] / t.X[i] : 1;
  return { U, adjusted: false };
}

/** Downstreamness 1'(I − A)⁻¹: column sums of the Leontief inverse B (n × n row-major). Cost n². */
export function downstreamness(B: Float64Array, n: number): Float64Array {
  const D = new Float64Array(n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) D[j] += B[i * n + j];
  return D;
}

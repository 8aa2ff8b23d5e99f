/**
 * Streaming statistics for Monte Carlo uncertainty analysis: memory that does not grow with the
 * number of runs N.
 *
 * - {@link RunningMoments}: running mean and variance of many outputs at once (Welford's update),
 *   mergeable across workers (Chan, Golub & LeVeque's pairwise combination).
 * - {@link RankHistogram}: the exact distribution of small integer ranks per unit and period, as
 *   counts of each rank — from which the mean, median, 5th/95th percentiles and the mean absolute
 *   rank shift against the nominal ranking follow exactly, as if every run's rank had been kept.
 *
 * References: B. P. Welford (1962) "Note on a method for calculating corrected sums of squares and
 * products", Technometrics 4(3):419–420; T. F. Chan, G. H. Golub & R. J. LeVeque (1979) "Updating
 * formulae and a pairwise algorithm for computing sample variances", Stanford CS report STAN-CS-79-773;
 * R. J. Hyndman & Y. Fan (1996) "Sample quantiles in statistical packages", The American
 * Statistician 50(4):361–365 (type 7). Used for the rank-interval plots of composite indicators as in
 * the JRC/COINr uncertainty analysis (M. Saisana, A. Saltelli & S. Tarantola (2005) "Uncertainty and
 * sensitivity analysis techniques as tools for the quality assessment of composite indicators",
 * J. R. Statist. Soc. A 168(2):307–323).
 */
import { fail } from '../core/errors.js';

/**
 * Running mean and variance of `nOut` outputs, one Monte Carlo run at a time (Welford 1962):
 *
 *   n ← n + 1,  δ = x − m,  m ← m + δ/n,  M2 ← M2 + δ·(x − m),   variance = M2 / (n − ddof)
 *
 * which avoids the cancellation of Σx² − (Σx)²/n. Two accumulators (e.g. from two workers) merge
 * exactly by Chan et al.'s rule: δ = m_b − m_a, n = n_a + n_b, m = m_a + δ·n_b/n,
 * M2 = M2_a + M2_b + δ²·n_a·n_b/n.
 *
 * Missing data: NaN values are skipped per output (each output keeps its own count n_o); an output
 * with n_o = 0 has mean NaN, and variance NaN while n_o ≤ ddof.
 *
 * Cost O(nOut) per {@link push}, memory 3·nOut doubles.
 */
export class RunningMoments {
  readonly nOut: number;
  private readonly n: Float64Array;
  private readonly m: Float64Array;
  private readonly m2: Float64Array;

  constructor(nOut: number) {
    if (!Number.isInteger(nOut) || nOut < 1) {
      fail('E_BAD_OPTION', `number of outputs must be a positive integer, got ${nOut}`, {
        hint: 'one accumulator per output (e.g. units × periods)',
      });
    }
    this.nOut = nOut;
    this.n = new Float64Array(nOut);
    this.m = new Float64Array(nOut);
    this.m2 = new Float64Array(nOut);
  }

  /** Add one run's outputs (length nOut; NaN = missing, skipped). */
  push(x: ArrayLike<number>): this {
    if (x.length !== this.nOut) {
      fail('E_LENGTH_MISMATCH', `expected ${this.nOut} outputs in a run, got ${x.length}`, {
        hint: 'push one value per output, in the same order every run',
      });
    }
    const { n, m, m2 } = this;
    for (let o = 0; o < this.nOut; o++) {
      const v = x[o];
      if (v !== v) continue;
      const c = n[o] + 1;
      const d = v - m[o];
      const mean = m[o] + d / c;
      n[o] = c;
      m[o] = mean;
      m2[o] += d * (v - mean);
    }
    return this;
  }

  /** Fold another accumulator of the same width into this one (Chan et al. 1979). */
  merge(other: RunningMoments): this {
    if (other.nOut !== this.nOut) {
      fail('E_LENGTH_MISMATCH', `cannot merge accumulators of ${other.nOut} and ${this.nOut} outputs`, {
        hint: 'merge only accumulators built for the same outputs',
      });
    }
    for (let o = 0; o < this.nOut; o++) {
      const nb = other.n[o];
      if (nb === 0) continue;
      const na = this.n[o];
      const nn = na + nb;
      const d = other.m[o] - this.m[o];
      this.m[o] += (d * nb) / nn;
      this.m2[o] += other.m2[o] + (d * d * na * nb) / nn;
      this.n[o] = nn;
    }
    return this;
  }

  /** Number of non-missing values seen for output o. */
  count(o: number): number {
    return this.n[o];
  }

  /** Running mean of output o (NaN before any value). */
  mean(o: number): number {
    return this.n[o] > 0 ? this.m[o] : NaN;
  }

  /** Variance of output o: M2 / (n − ddof); ddof = 1 (sample variance) by default. */
  variance(o: number, ddof = 1): number {
    const d = this.n[o] - ddof;
    return d > 0 ? this.m2[o] / d : NaN;
  }

  /** All means (new array, length nOut). */
  means(): Float64Array {
    const out = new Float64Array(this.nOut);
    for (let o = 0; o < this.nOut; o++) out[o] = this.mean(o);
    return out;
  }

  /** All variances (new array, length nOut); ddof = 1 by default. */
  variances(ddof = 1): Float64Array {
    const out = new Float64Array(this.nOut);
    for (let o = 0; o < this.nOut; o++) out[o] = this.variance(o, ddof);
    return out;
  }
}

/** Summary of a rank distribution per cell (unit × period, panel order t·nUnits + u). */
export interface RankSummary {
  /** Number of runs counted per cell. */
  count: Float64Array;
  mean: Float64Array;
  median: Float64Array;
  /** 5th and 95th percentiles (type 7 on the expanded sample). */
  p05: Float64Array;
  p95: Float64Array;
  /** Mean |rank − nominal rank| (present when nominal ranks were given). */
  meanAbsShift?: Float64Array;
}

/**
 * Exact distribution of integer ranks 1..nRanks for each unit and period over Monte Carlo runs, as
 * counts: counts[(t·nUnits + u)·nRanks + (r − 1)] = number of runs in which unit u had rank r in
 * period t. Memory nUnits·nPeriods·nRanks 32-bit counts (nRanks = nUnits by default, so nUnits²
 * per period), independent of the number of runs N; cost O(nUnits·nPeriods) per {@link add} and
 * O(nRanks) per statistic and cell.
 *
 * Ranks must be whole numbers (use a "min" or "first" tie rule; average ranks such as 2.5 are
 * refused). NaN means the unit was not ranked in that run (e.g. screened out) and is counted in
 * {@link missing}, not in the distribution.
 *
 * Percentiles: type 7 (Hyndman & Fan 1996; R's default) on the expanded sample — the n counted
 * ranks sorted ascending x₍₁₎ ≤ … ≤ x₍ₙ₎, h = 1 + (n − 1)·p, j = ⌊h⌋, g = h − j,
 * Q(p) = (1 − g)·x₍ⱼ₎ + g·x₍ⱼ₊₁₎ — found from the cumulative counts without expanding anything.
 *
 * Counts are Uint32: at most 2³² − 1 runs.
 */
export class RankHistogram {
  readonly nUnits: number;
  readonly nPeriods: number;
  readonly nRanks: number;
  /** The counts, layout documented on the class. */
  readonly counts: Uint32Array;
  /** Runs in which the cell had no rank (NaN), per cell. */
  readonly missing: Uint32Array;
  private readonly n: Uint32Array;

  constructor(nUnits: number, nPeriods = 1, nRanks = nUnits) {
    for (const [v, what] of [
      [nUnits, 'number of units'],
      [nPeriods, 'number of periods'],
      [nRanks, 'number of ranks'],
    ] as const) {
      if (!Number.isInteger(v) || v < 1) {
        fail('E_BAD_OPTION', `${what} must be a positive integer, got ${v}`, {
          hint: 'a rank histogram is sized units × periods × ranks',
        });
      }
    }
    this.nUnits = nUnits;
    this.nPeriods = nPeriods;
    this.nRanks = nRanks;
    this.counts = new Uint32Array(nUnits * nPeriods * nRanks);
    this.missing = new Uint32Array(nUnits * nPeriods);
    this.n = new Uint32Array(nUnits * nPeriods);
  }

  /** Number of cells, nUnits·nPeriods. */
  get nCells(): number {
    return this.nUnits * this.nPeriods;
  }

  /**
   * Count one run's ranks, in panel order (index t·nUnits + u, length nUnits·nPeriods). Checks the
   * whole run before counting anything, so a bad run leaves the histogram unchanged.
   */
  add(ranks: ArrayLike<number>): this {
    const cells = this.nCells;
    if (ranks.length !== cells) {
      fail('E_LENGTH_MISMATCH', `expected ${cells} ranks (units × periods), got ${ranks.length}`, {
        hint: 'pass ranks in panel order: index = period·nUnits + unit',
      });
    }
    const R = this.nRanks;
    for (let c = 0; c < cells; c++) {
      const r = ranks[c];
      if (r !== r) continue;
      if (!Number.isInteger(r) || r < 1 || r > R) {
        fail('E_BAD_INPUT', `rank ${r} of unit ${c % this.nUnits}, period ${Math.floor(c / this.nUnits)} is not a whole number in 1..${R}`, {
          hint: 'rank with a "min" tie rule (1, 2, 2, 4); average ranks like 2.5 cannot be counted',
          data: { unit: c % this.nUnits, period: Math.floor(c / this.nUnits), rank: r },
        });
      }
    }
    for (let c = 0; c < cells; c++) {
      const r = ranks[c];
      if (r !== r) {
        this.missing[c]++;
        continue;
      }
      this.counts[c * R + r - 1]++;
      this.n[c]++;
    }
    return this;
  }

  /** Add another histogram of the same shape (e.g. from another worker). */
  merge(other: RankHistogram): this {
    if (other.nUnits !== this.nUnits || other.nPeriods !== this.nPeriods || other.nRanks !== this.nRanks) {
      fail('E_LENGTH_MISMATCH', 'cannot merge rank histograms of different shapes', {
        hint: 'merge only histograms built for the same units, periods and ranks',
      });
    }
    for (let i = 0; i < this.counts.length; i++) this.counts[i] += other.counts[i];
    for (let c = 0; c < this.n.length; c++) {
      this.n[c] += other.n[c];
      this.missing[c] += other.missing[c];
    }
    return this;
  }

  private cell(u: number, t: number): number {
    if (!Number.isInteger(u) || u < 0 || u >= this.nUnits || !Number.isInteger(t) || t < 0 || t >= this.nPeriods) {
      fail('E_BAD_INPUT', `cell (unit ${u}, period ${t}) is outside ${this.nUnits} units × ${this.nPeriods} periods`, {
        hint: 'units and periods are 0-based indices',
      });
    }
    return t * this.nUnits + u;
  }

  /** Runs counted for (u, t). */
  count(u: number, t = 0): number {
    return this.n[this.cell(u, t)];
  }

  /** Mean rank of unit u in period t (NaN when nothing was counted). Cost O(nRanks). */
  mean(u: number, t = 0): number {
    return this.meanAt(this.cell(u, t));
  }

  /** Type-7 quantile of the ranks of (u, t) at probability p ∈ [0, 1]. Cost O(nRanks). */
  quantile(u: number, t: number, p: number): number {
    if (!(p >= 0 && p <= 1)) {
      fail('E_BAD_OPTION', `quantile probability must lie in [0, 1], got ${p}`, {
        hint: 'give probabilities as fractions, e.g. 0.05 and 0.95',
      });
    }
    return this.quantileAt(this.cell(u, t), p);
  }

  /** Median rank (type 7, so the average of the two middle ranks when n is even). */
  median(u: number, t = 0): number {
    return this.quantileAt(this.cell(u, t), 0.5);
  }

  /** Mean |rank − nominal| of (u, t): the average rank shift against the nominal ranking. */
  meanAbsShift(u: number, t: number, nominal: number): number {
    return this.shiftAt(this.cell(u, t), nominal);
  }

  /**
   * Mean, median, 5th and 95th percentiles for every cell (panel order), and the mean absolute rank
   * shift when `nominal` ranks (panel order, length nUnits·nPeriods) are given. Cost O(cells·nRanks).
   */
  summary(nominal?: ArrayLike<number>): RankSummary {
    const cells = this.nCells;
    if (nominal && nominal.length !== cells) {
      fail('E_LENGTH_MISMATCH', `expected ${cells} nominal ranks, got ${nominal.length}`, {
        hint: 'nominal ranks in panel order: index = period·nUnits + unit',
      });
    }
    const count = new Float64Array(cells);
    const mean = new Float64Array(cells);
    const median = new Float64Array(cells);
    const p05 = new Float64Array(cells);
    const p95 = new Float64Array(cells);
    const shift = nominal ? new Float64Array(cells) : undefined;
    for (let c = 0; c < cells; c++) {
      count[c] = this.n[c];
      mean[c] = this.meanAt(c);
      median[c] = this.quantileAt(c, 0.5);
      p05[c] = this.quantileAt(c, 0.05);
      p95[c] = this.quantileAt(c, 0.95);
      if (shift && nominal) shift[c] = this.shiftAt(c, nominal[c]);
    }
    const out: RankSummary = { count, mean, median, p05, p95 };
    if (shift) out.meanAbsShift = shift;
    return out;
  }

  private meanAt(c: number): number {
    const n = this.n[c];
    if (n === 0) return NaN;
    const R = this.nRanks;
    const base = c * R;
    let s = 0;
    for (let r = 0; r < R; r++) s += this.counts[base + r] * (r + 1);
    return s / n;
  }

  private shiftAt(c: number, nominal: number): number {
    const n = this.n[c];
    if (n === 0 || nominal !== nominal) return NaN;
    const R = this.nRanks;
    const base = c * R;
    let s = 0;
    for (let r = 0; r < R; r++) {
      const k = this.counts[base + r];
      if (k) s += k * Math.abs(r + 1 - nominal);
    }
    return s / n;
  }

  /** The (idx+1)-th smallest counted rank (0-based idx < n) of cell c, from cumulative counts. */
  private orderStat(c: number, idx: number): number {
    const R = this.nRanks;
    const base = c * R;
    let cum = 0;
    for (let r = 0; r < R; r++) {
      cum += this.counts[base + r];
      if (cum > idx) return r + 1;
    }
    return R; // unreachable for idx < n
  }

  private quantileAt(c: number, p: number): number {
    const n = this.n[c];
    if (n === 0) return NaN;
    const h = 1 + (n - 1) * p; // 1-based, type 7
    const lo = Math.floor(h);
    const a = this.orderStat(c, lo - 1);
    const g = h - lo;
    if (g > 0) {
      const b = this.orderStat(c, lo); // lo < n since h < n when g > 0
      if (b !== a) return (1 - g) * a + g * b;
    }
    return a;
  }
}

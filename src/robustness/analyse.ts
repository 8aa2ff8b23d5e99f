/**
 * Statistics over replications: uncertainty (rank and score intervals), Sobol indices on the
 * mean absolute rank shift and on each unit's rank, leave-one-indicator-out and method comparison.
 * Pure; the tables are plain rows for the writers.
 */
import { NqpfError } from '../core/errors.js';
import { patternColumn } from '../core/label-columns.js';
import { kendallTauB, spearman } from '../kernels/correlation.js';
import { quantileSorted } from '../kernels/quantile.js';
import { OrderSelector } from '../kernels/select.js';
import type { OutBuffer, RobustnessEngine, RunOutputs } from './engine.js';
import { factorLabel } from './factors.js';
import { splitSaltelliOutputs, sobolIndices } from './sobol.js';

export type Cell = string | number | null;
/** A column of a table held by columns: numbers (NaN: an empty cell) or a function giving row i's cell. */
export type TableColumn = Float64Array | ((i: number) => Cell);
export interface Table {
  name: string;
  file: string;
  header: string[];
  rows: Cell[][];
  /** The same table by columns (large tables: the CSV writer streams them); `rows` is then built only when read. */
  columns?: { nRows: number; cells: readonly TableColumn[] };
}

/** A buffer as a double-precision column (the same values). */
const float64 = (x: OutBuffer): Float64Array => (x instanceof Float64Array ? x : Float64Array.from(x));

/**
 * A table held by its columns: its `rows` (a NaN number as null) are built when first read. `columns`
 * is not enumerable: the table's content is its rows (a deep comparison or a copy reads those; the
 * column functions are the writer's view of the same cells).
 */
function columnTable(name: string, file: string, header: string[], nRows: number, cells: TableColumn[]): Table {
  let rows: Cell[][] | undefined;
  const t: Table = {
    name,
    file,
    header,
    get rows(): Cell[][] {
      if (!rows) {
        rows = new Array(nRows);
        for (let i = 0; i < nRows; i++) rows[i] = cells.map((c) => (typeof c === 'function' ? c(i) : num(c[i])));
      }
      return rows;
    },
  };
  Object.defineProperty(t, 'columns', { value: { nRows, cells }, enumerable: false });
  return t;
}

const num = (x: number): number | null => (Number.isNaN(x) ? null : x);
const periodCell = (label: string): string | number => (/^-?\d+$/.test(label) ? Number(label) : label);

/** Output o's coordinates: tracked code, period, unit. */
function coords(e: RobustnessEngine, o: number): [string, string, string] {
  const nU = e.units.length;
  const nT = e.periods.length;
  const c = Math.floor(o / (nT * nU));
  const t = Math.floor((o % (nT * nU)) / nU);
  return [e.tracked[c], e.periods[t], e.units[o % nU]];
}

/** Outputs gathered per block (at most 64, and 2 MB of doubles): a block's columns are read row by row, not one strided column at a time. */
const blockSize = (N: number): number => Math.max(1, Math.min(64, Math.floor(262144 / Math.max(1, N))));

/**
 * Columns o0 … o0 + nb − 1 of an N × nOut buffer into `block` (column b at b·N): each of the N
 * rows is read once for the whole block. At firm scale (nOut = 75,000, rows 300 kB apart) reading
 * one column at a time missed the cache on every value.
 */
function gather(buf: OutBuffer, N: number, nOut: number, o0: number, nb: number, block: Float64Array): void {
  for (let r = 0; r < N; r++) {
    const at = r * nOut + o0;
    for (let b = 0; b < nb; b++) block[b * N + r] = buf[at + b];
  }
}

/** Sorted finite values of column b of a gathered block. */
function column(block: Float64Array, N: number, b: number, tmp: Float64Array): Float64Array {
  let m = 0;
  for (let r = b * N, end = r + N; r < end; r++) {
    const v = block[r];
    if (v === v) tmp[m++] = v;
  }
  return tmp.subarray(0, m).sort();
}

/**
 * Mean, type-7 quantiles and mean absolute shift of one column of ranks without sorting it: ranks
 * are whole numbers, so the sums are sums of integers, exact in any order, and the order statistics
 * the sort would give are found by counting — a histogram over [min, max] when that band is at most
 * 4·N + 64 wide (usually, for one unit), else by selection (kernels/select.ts) on a copy of the column
 * (taken in the same pass), each the same values as the sorted column's. `stats` returns false,
 * writing nothing (the caller sorts), when a value is not a whole number or the nominal rank is missing.
 */
class CountedRanks {
  private hist = new Int32Array(0);
  readonly selector = new OrderSelector();
  private sel = new Float64Array(0);
  /** The order statistics needed (0-based, ascending) and their values. */
  private readonly ks = new Int32Array(6);
  private readonly kv = new Float64Array(6);
  private readonly ord = new Int32Array(6);
  n = 0;

  /** Mean, median, p05, p95 of the ranks x[from..from + N − 1] and their mean absolute shift from `nominalRank` into out[at..at + 4]. */
  stats(x: Float64Array, from: number, N: number, nominalRank: number, out: Float64Array, at: number): boolean {
    if (this.sel.length < N) this.sel = new Float64Array(N);
    const a = this.sel;
    let n = 0;
    let lo = Infinity;
    let hi = -Infinity;
    let sum = 0;
    let abs = 0;
    for (let i = from, end = from + N; i < end; i++) {
      const v = x[i];
      if (v !== v) continue;
      if (v !== Math.floor(v) || v > 2 ** 31 || v < -(2 ** 31)) return false;
      a[n++] = v;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
      sum += v;
      abs += Math.abs(v - nominalRank);
    }
    this.n = n;
    if (n === 0) {
      out.fill(NaN, at, at + 5);
      return true;
    }
    if (!(sum < 2 ** 53 && abs < 2 ** 53) || nominalRank !== Math.floor(nominalRank) || Math.abs(nominalRank) > 2 ** 31) return false;
    // quantileSorted (R type 7) at 0.5, 0.05 and 0.95 needs the order statistics ⌊h⌋ − 1 and ⌈h⌉ − 1, h = 1 + (n − 1)·p.
    const ks = this.ks;
    const kv = this.kv;
    for (let j = 0; j < 3; j++) {
      const h = 1 + (n - 1) * QUANTILE_P[j];
      ks[2 * j] = Math.floor(h) - 1;
      ks[2 * j + 1] = Math.ceil(h) - 1;
    }
    const width = hi - lo + 1;
    if (width <= 4 * N + 64) {
      if (this.hist.length < width) this.hist = new Int32Array(width);
      // Visit them in ascending order (for small n, ⌈h⌉ at 0.05 can pass ⌊h⌋ at 0.5).
      const ord = this.ord;
      for (let q = 0; q < 6; q++) {
        let r = q;
        while (r > 0 && ks[ord[r - 1]] > ks[q]) {
          ord[r] = ord[r - 1];
          r--;
        }
        ord[r] = q;
      }
      const h = this.hist;
      h.fill(0, 0, width);
      for (let i = 0; i < n; i++) h[a[i] - lo]++;
      // One walk up the cumulative counts for all six (ks ascending).
      let c = h[0];
      let j = 0;
      for (const q of ord) {
        while (c <= ks[q]) c += h[++j];
        kv[q] = lo + j;
      }
    } else this.selector.select(a, n, lo, hi, ks, kv, 6, sum / n);
    out[at] = sum / n;
    quantilesFrom(n, kv, out, at + 1);
    out[at + 4] = abs / n;
    return true;
  }
}

/** The probabilities of the uncertainty table's quantile columns, in their order: median, 5th and 95th percentile. */
const QUANTILE_P = [0.5, 0.05, 0.95] as const;
/** quantileSorted's combination of the order statistics kv (kv[2j], kv[2j + 1]: positions ⌊h⌋ − 1 and ⌈h⌉ − 1 of QUANTILE_P[j]) at QUANTILE_P into out[at..at + 2]. */
function quantilesFrom(n: number, kv: Float64Array, out: Float64Array, at: number): void {
  for (let j = 0; j < 3; j++) {
    const index = 1 + (n - 1) * QUANTILE_P[j];
    const lo = Math.floor(index);
    const va = kv[2 * j];
    const vb = kv[2 * j + 1];
    out[at + j] = index > lo && vb !== va ? (1 - (index - lo)) * va + (index - lo) * vb : va;
  }
}

/**
 * Outputs in the order the unstable-units table lists them: for each "score|period" key, its
 * `unstable` outputs of largest mean absolute rank shift (ties: the earlier output), all of them
 * by shift descending then output index — what sorting every output and keeping the first
 * `unstable` of each key gives, without sorting all 75,000 outputs of a firm-scale run.
 */
function mostUnstable(e: RobustnessEngine, shift: Float64Array, unstable: number): number[] {
  const before = (a: number, b: number) => shift[b] - shift[a] || a - b;
  const nU = e.units.length;
  const byKey = new Map<string, number[]>();
  if (!(unstable >= 1)) return [];
  for (let g = 0; g * nU < shift.length; g++) {
    const best: number[] = [];
    for (let o = g * nU; o < (g + 1) * nU; o++) {
      if (shift[o] !== shift[o]) continue;
      if (best.length >= unstable && before(o, best[best.length - 1]) >= 0) continue;
      let k = best.length;
      while (k > 0 && before(o, best[k - 1]) < 0) k--;
      best.splice(k, 0, o);
      if (best.length > unstable) best.pop();
    }
    const [code, period] = coords(e, g * nU);
    const key = `${code}|${period}`;
    const had = byKey.get(key);
    if (had) byKey.set(key, [...had, ...best].sort(before).slice(0, unstable));
    else byKey.set(key, best);
  }
  return [...byKey.values()].flat().sort(before);
}

const bitsF = new Float64Array(1);
const bitsW = new Uint32Array(bitsF.buffer);
const [LOW, HIGH] = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? [0, 1] : [1, 0];

/**
 * Mean, median, 5th and 95th percentile of the finite values of column b of a gathered block into
 * out[at..at + 3] without sorting, when that gives the sorted column's bits: every value is an
 * integer multiple of u, the weight of the lowest set bit over all values, and Σ|x| < 2⁵²·u — then
 * every partial sum, in any order, is a multiple of u below 2⁵³·u, so exact, and the sum equals the
 * one taken over the sorted values; the quantiles' order statistics are selected (kernels/select.ts). Scores
 * kept in single precision (large runs) have 24 significant bits, so this holds unless they span
 * about 2²⁸ in magnitude. Returns false, writing nothing, for a column with a zero (−0 sorts before
 * +0), a subnormal, or a sum that may round; the caller sorts.
 */
function exactScoreStats(
  block: Float64Array,
  N: number,
  b: number,
  tmp: Float64Array,
  out: Float64Array,
  at: number,
  ks: Int32Array,
  kv: Float64Array,
  selector: OrderSelector,
): boolean {
  // One pass: the values, their sums and extremes, the least magnitude, and whether each has a single-precision value.
  let m = 0;
  let abs = 0;
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  let least = Infinity;
  let single = true;
  for (let r = b * N, end = r + N; r < end; r++) {
    const v = block[r];
    if (v !== v) continue;
    tmp[m++] = v;
    const a = Math.abs(v);
    sum += v;
    abs += a;
    if (v < min) min = v;
    if (v > max) max = v;
    if (a < least) least = a;
    if (Math.fround(v) !== v) single = false;
  }
  if (m === 0) {
    out.fill(NaN, at, at + 4);
    return true;
  }
  // Single-precision values have at most 24 significant bits, so each is a multiple of 2^(e − 23), e = ⌊log2 least⌋, and
  // 2^(52 + e − 23) > 2^28·least: abs < 2^28·least (no zero, no subnormal, finite) is enough. Else the lowest set bit of each.
  if (!(single && least >= 2 ** -1022 && abs < 2 ** 28 * least) && !exactSum(tmp, m, abs)) return false;
  out[at] = sum / m;
  for (let j = 0; j < 3; j++) {
    const h = 1 + (m - 1) * QUANTILE_P[j];
    ks[2 * j] = Math.floor(h) - 1;
    ks[2 * j + 1] = Math.ceil(h) - 1;
  }
  selector.select(tmp, m, min, max, ks, kv, 6, sum / m);
  quantilesFrom(m, kv, out, at + 1);
  return true;
}

/** Whether a sum of x[0..m − 1] in any order is exact: no zero, subnormal or infinity, and Σ|x| (`abs`) < 2⁵²·u, u the weight of the lowest set bit over all values. */
function exactSum(x: Float64Array, m: number, abs: number): boolean {
  let lowBit = 2000; // exponent of the lowest set bit over the values (2^lowBit = u)
  for (let i = 0; i < m; i++) {
    const v = x[i];
    if (v === 0) return false;
    bitsF[0] = v;
    const lo = bitsW[LOW];
    const hi = bitsW[HIGH];
    const e = (hi >>> 20) & 0x7ff;
    if (e === 0 || e === 0x7ff) return false; // subnormal or ±Infinity
    // trailing zeros of the 53-bit significand (implicit leading 1 at bit 52)
    let tz: number;
    if (lo !== 0) tz = 31 - Math.clz32(lo & -lo);
    else {
      const h = (hi & 0xfffff) | 0x100000;
      tz = 63 - Math.clz32(h & -h);
    }
    const low = e - 1075 + tz;
    if (low < lowBit) lowBit = low;
  }
  return abs < 2 ** (52 + lowBit);
}

/** Values per output in an uncertainty statistics buffer: mean, median, p05, p95 of the ranks, mean |shift|, the same four of the scores, replications with a rank. */
export const UNCERTAINTY_STATS = 10;

/**
 * The uncertainty statistics of outputs o0 … o1 − 1 into `into` (output o at o·10, see
 * {@link UNCERTAINTY_STATS}): a pure function of each output's column of replications, so ranges
 * computed apart (robustness workers over shared buffers) give the same values as one call.
 */
export function uncertaintyStats(out: RunOutputs, N: number, nOut: number, nominalRanks: ArrayLike<number>, o0: number, o1: number, into: Float64Array): void {
  const tmp = new Float64Array(N);
  const BLOCK = blockSize(N);
  const blockR = new Float64Array(BLOCK * N);
  const blockS = new Float64Array(BLOCK * N);
  const counted = new CountedRanks();
  const ks = new Int32Array(6);
  const kv = new Float64Array(6);
  for (let o = o0; o < o1; o++) {
    const b = (o - o0) % BLOCK;
    if (b === 0) {
      gather(out.ranks, N, nOut, o, Math.min(BLOCK, o1 - o), blockR);
      gather(out.scores, N, nOut, o, Math.min(BLOCK, o1 - o), blockS);
    }
    const nr = nominalRanks[o];
    const at = o * UNCERTAINTY_STATS;
    const counts = counted.stats(blockR, b * N, N, nr, into, at);
    let nRanks = counted.n;
    if (!counts) {
      const r = column(blockR, N, b, tmp);
      let s = 0;
      for (let i = 0; i < r.length; i++) s += Math.abs(r[i] - nr);
      let mr = 0;
      for (let i = 0; i < r.length; i++) mr += r[i];
      nRanks = r.length;
      if (nRanks) {
        into[at] = mr / nRanks;
        into[at + 1] = quantileSorted(r, 0.5);
        into[at + 2] = quantileSorted(r, 0.05);
        into[at + 3] = quantileSorted(r, 0.95);
        into[at + 4] = s / nRanks;
      } else into.fill(NaN, at, at + 5);
    }
    if (!exactScoreStats(blockS, N, b, tmp, into, at + 5, ks, kv, counted.selector)) {
      const sc = column(blockS, N, b, tmp);
      let ms = 0;
      for (let i = 0; i < sc.length; i++) ms += sc[i];
      if (sc.length) {
        into[at + 5] = ms / sc.length;
        into[at + 6] = quantileSorted(sc, 0.5);
        into[at + 7] = quantileSorted(sc, 0.05);
        into[at + 8] = quantileSorted(sc, 0.95);
      } else into.fill(NaN, at + 5, at + 9);
    }
    into[at + 9] = nRanks;
  }
}

/**
 * The uncertainty tables; `stats` (nOut × {@link UNCERTAINTY_STATS}) when they were computed
 * already (by the robustness workers), else they are computed here.
 */
export function uncertaintyTables(e: RobustnessEngine, nominal: RunOutputs, out: RunOutputs, N: number, unstable: number, stats?: Float64Array): Table[] {
  const nOut = e.nOut;
  if (!stats) {
    stats = new Float64Array(nOut * UNCERTAINTY_STATS);
    uncertaintyStats(out, N, nOut, nominal.ranks, 0, nOut, stats);
  }
  const shift = new Float64Array(nOut);
  const hasP = e.periods.length > 1 || e.periods[0] !== '';
  const cells = e.periods.map(periodCell);
  const nU = e.units.length;
  const nT = e.periods.length;
  // The statistics by column (the buffer holds them output by output).
  const stat = Array.from({ length: UNCERTAINTY_STATS }, (_, j) => {
    if (j === 4) return shift;
    return new Float64Array(nOut);
  });
  for (let o = 0; o < nOut; o++) {
    const at = o * UNCERTAINTY_STATS;
    for (let j = 0; j < UNCERTAINTY_STATS; j++) stat[j][o] = stats[at + j];
  }
  // Label columns as patterns, so the table can be written on the CSV writer thread (io/workers/csv-writer-run.ts).
  const columns: TableColumn[] = [
    patternColumn(e.tracked, nT * nU),
    patternColumn(e.units, 1, nU),
    ...(hasP ? [patternColumn(cells, nU, nT)] : []),
    float64(nominal.ranks),
    ...stat.slice(0, 5),
    float64(nominal.scores),
    ...stat.slice(5),
  ];
  const header = [
    'score',
    'unit',
    ...(hasP ? ['period'] : []),
    'nominal_rank',
    'mean_rank',
    'median_rank',
    'p05_rank',
    'p95_rank',
    'mean_abs_rank_shift',
    'nominal_score',
    'mean_score',
    'median_score',
    'p05_score',
    'p95_score',
    'replications',
  ];
  // Most unstable units: by mean absolute rank shift, per tracked score and period.
  const order = mostUnstable(e, shift, unstable);
  const top: Cell[][] = [];
  const perKey = new Map<string, number>();
  for (const o of order) {
    const [code, period, unit] = coords(e, o);
    const key = `${code}|${period}`;
    const k = (perKey.get(key) ?? 0) + 1;
    if (k > unstable) continue;
    perKey.set(key, k);
    top.push([code, ...(hasP ? [periodCell(period)] : []), k, unit, num(nominal.ranks[o]), num(shift[o])]);
  }
  return [
    columnTable('uncertainty', 'uncertainty.csv', header, nOut, columns),
    {
      name: 'uncertainty_unstable',
      file: 'uncertainty_unstable.csv',
      header: ['score', ...(hasP ? ['period'] : []), 'position', 'unit', 'nominal_rank', 'mean_abs_rank_shift'],
      rows: top,
    },
  ];
}

/** Mean absolute rank shift of each run over all tracked outputs (COINr's sensitivity target). */
export function meanAbsShift(nominal: RunOutputs, ranks: OutBuffer, nRuns: number, nOut: number): Float64Array {
  const y = new Float64Array(nRuns);
  for (let r = 0; r < nRuns; r++) {
    let s = 0;
    let n = 0;
    for (let o = 0; o < nOut; o++) {
      const v = ranks[r * nOut + o];
      if (v === v && nominal.ranks[o] === nominal.ranks[o]) {
        s += Math.abs(v - nominal.ranks[o]);
        n++;
      }
    }
    y[r] = n ? s / n : NaN;
  }
  return y;
}

export function sensitivityTables(
  e: RobustnessEngine,
  nominal: RunOutputs,
  ranks: OutBuffer,
  nBase: number,
  opts: { bootstrap: number; level: number; seed: number },
): Table[] {
  const k = e.factors.length;
  const nRuns = (k + 2) * nBase;
  const names = e.factors.map((f) => f.spec.name);
  // (a) mean absolute rank shift over all tracked outputs.
  const y = meanAbsShift(nominal, ranks, nRuns, e.nOut);
  const sa = splitSaltelliOutputs(y, nBase, k, 1);
  const ra = sobolIndices(sa.fA, sa.fB, sa.fAB, { nOut: 1, bootstrap: opts.bootstrap, level: opts.level, seed: opts.seed, convergence: true });
  const rows: Cell[][] = names.map((nm, i) => [
    'mean_abs_rank_shift',
    '',
    '',
    nm,
    num(ra.first[i]),
    ra.bootstrap ? num(ra.bootstrap.firstLo[i]) : null,
    ra.bootstrap ? num(ra.bootstrap.firstHi[i]) : null,
    num(ra.total[i]),
    ra.bootstrap ? num(ra.bootstrap.totalLo[i]) : null,
    ra.bootstrap ? num(ra.bootstrap.totalHi[i]) : null,
    ra.convergence ? num(ra.convergence.maxAbsDelta) : null,
  ]);
  // (b) each unit's rank of the first tracked score in the last period (point estimates).
  const nU = e.units.length;
  const t = e.periods.length - 1;
  const yb = new Float64Array(nRuns * nU);
  for (let r = 0; r < nRuns; r++) for (let u = 0; u < nU; u++) yb[r * nU + u] = ranks[r * e.nOut + t * nU + u];
  const sb = splitSaltelliOutputs(yb, nBase, k, nU);
  const rb = sobolIndices(sb.fA, sb.fB, sb.fAB, { nOut: nU, bootstrap: 0, seed: opts.seed, convergence: false });
  for (let u = 0; u < nU; u++) {
    names.forEach((nm, i) =>
      rows.push([
        'unit_rank',
        e.units[u],
        periodCell(e.periods[t]),
        nm,
        num(rb.first[u * k + i]),
        null,
        null,
        num(rb.total[u * k + i]),
        null,
        null,
        rb.constant[u] ? 0 : null,
      ]),
    );
  }
  return [
    {
      name: 'sensitivity',
      file: 'sensitivity.csv',
      header: ['target', 'unit', 'period', 'factor', 'S1', 'S1_lo', 'S1_hi', 'ST', 'ST_lo', 'ST_hi', 'convergence_max_abs_delta'],
      rows,
    },
  ];
}

/** Correlation and largest changes between the nominal ranks and another ranking (first tracked score, all unit-periods). */
function compareRanks(e: RobustnessEngine, nominal: RunOutputs, alt: RunOutputs): { rho: number; tau: number; meanShift: number; largest: string } {
  const n = e.units.length * e.periods.length;
  const a = nominal.ranks.subarray(0, n);
  const b = alt.ranks.subarray(0, n);
  let s = 0;
  let m = 0;
  // The 5 largest |shift|s (ties: the earlier unit-period first), kept in order while scanning:
  // O(n) instead of sorting every unit-period (750,000 at 50,000 units × 15 periods).
  const d: [number, number][] = [];
  for (let i = 0; i < n; i++) {
    if (a[i] === a[i] && b[i] === b[i]) {
      const dv = b[i] - a[i];
      const ad = Math.abs(dv);
      s += ad;
      m++;
      if (ad === 0 || (d.length === 5 && ad <= Math.abs(d[4][1]))) continue;
      let k = d.length;
      while (k > 0 && ad > Math.abs(d[k - 1][1])) k--;
      d.splice(k, 0, [i, dv]);
      if (d.length > 5) d.pop();
    }
  }
  const nU = e.units.length;
  const largest = d
    .map(([i, dv]) => `${e.units[i % nU]}${e.periods.length > 1 ? ` ${e.periods[Math.floor(i / nU)]}` : ''} ${dv > 0 ? '+' : ''}${dv}`)
    .join('; ');
  return { rho: spearman(a, b), tau: kendallTauB(a, b), meanShift: m ? s / m : NaN, largest };
}

/** What leaving one indicator out does to the first tracked score's ranks (all unit-periods): its ranks and their comparison with the nominal ones. */
export interface LeaveOneOut {
  ranks: Float64Array<ArrayBuffer>;
  meanShift: number;
  maxShift: number;
  rho: number;
  tau: number;
  largest: string;
}

/** Leave indicator `c` out (a pure function of the engine's input: the same wherever it runs). */
export function leaveOneOut(e: RobustnessEngine, nominal: RunOutputs, c: string): LeaveOneOut {
  const n = e.units.length * e.periods.length;
  const alt = e.runExcluding(new Set([c]));
  const cmp = compareRanks(e, nominal, alt);
  let mx = 0;
  for (let i = 0; i < n; i++) if (alt.ranks[i] === alt.ranks[i]) mx = Math.max(mx, Math.abs(alt.ranks[i] - nominal.ranks[i]));
  return { ranks: Float64Array.from(alt.ranks.subarray(0, n)), meanShift: cmp.meanShift, maxShift: mx, rho: cmp.rho, tau: cmp.tau, largest: cmp.largest };
}

/** The leave-one-out tables; `results` (one per indicator of `e.indicators`, in order) when computed already (by the robustness workers). */
export function leaveOneOutTable(e: RobustnessEngine, nominal: RunOutputs, results?: readonly LeaveOneOut[]): Table[] {
  const rows: Cell[][] = [];
  const long: Cell[][] = [];
  const nU = e.units.length;
  const n = nU * e.periods.length;
  const cells = e.periods.map(periodCell);
  e.indicators.forEach((c, k) => {
    const r = results?.[k] ?? leaveOneOut(e, nominal, c);
    rows.push([c, num(r.meanShift), r.maxShift, num(r.rho), num(r.tau), r.largest]);
    for (let i = 0; i < n; i++) {
      const rk = r.ranks[i];
      const nr = nominal.ranks[i];
      long.push([c, e.units[i % nU], cells[Math.floor(i / nU)], num(nr), num(rk), num(rk - nr)]);
    }
  });
  return [
    {
      name: 'leave_one_out',
      file: 'leave_one_out.csv',
      header: ['indicator_removed', 'mean_abs_rank_shift', 'max_abs_rank_shift', 'spearman', 'kendall', 'largest_changes'],
      rows,
    },
    {
      name: 'leave_one_out_ranks',
      file: 'leave_one_out_ranks.csv',
      header: ['indicator_removed', 'unit', 'period', 'nominal_rank', 'rank', 'shift'],
      rows: long,
    },
  ];
}

/** The choices the method comparison runs one at a time, the others nominal: [factor index, value]. */
export function comparisonChoices(e: RobustnessEngine): [number, unknown][] {
  const out: [number, unknown][] = [];
  for (const f of e.factors) {
    const choices: unknown[] =
      f.spec.type === 'alternatives'
        ? f.spec.alternatives!
        : f.spec.type === 'integer'
          ? Array.from({ length: f.levels }, (_, j) => f.spec.range![0] + j)
          : f.spec.type === 'uniform'
            ? [f.spec.range![0], f.spec.range![1]]
            : [];
    for (const v of choices) out.push([f.index, v]);
  }
  return out;
}

/** One comparison: the ranks with choice `j` of {@link comparisonChoices} against the nominal ones, or why it cannot run. */
export type Comparison = { rho: number; tau: number; meanShift: number; largest: string } | { error: string };

export function compareChoice(e: RobustnessEngine, nominal: RunOutputs, j: number): Comparison {
  const [fi, v] = comparisonChoices(e)[j];
  const values = e.factors.map((g) => (g.index === fi ? v : undefined));
  const out = { scores: new Float64Array(e.nOut), ranks: new Float64Array(e.nOut) };
  try {
    e.runValues(values, out.scores, out.ranks, 0);
  } catch (err) {
    // A choice that cannot run with the other options at their nominal values (e.g. a geometric
    // mean over min-max [0, 100] data) is reported, not fatal.
    if (!(err instanceof NqpfError)) throw err;
    return { error: err.message };
  }
  return compareRanks(e, nominal, out);
}

/** The method comparison table; `results` (one per {@link comparisonChoices}, in order) when computed already (by the robustness workers). */
export function comparisonTable(e: RobustnessEngine, nominal: RunOutputs, results?: readonly Comparison[]): Table[] {
  const rows: Cell[][] = comparisonChoices(e).map(([fi, v], j) => {
    const f = e.factors[fi];
    const cmp = results?.[j] ?? compareChoice(e, nominal, j);
    if ('error' in cmp) return [f.spec.name, factorLabel(f, v), null, null, null, `not computable with the other options nominal: ${cmp.error}`];
    return [f.spec.name, factorLabel(f, v), num(cmp.rho), num(cmp.tau), num(cmp.meanShift), cmp.largest];
  });
  return [
    {
      name: 'method_comparison',
      file: 'method_comparison.csv',
      header: ['factor', 'choice', 'spearman', 'kendall', 'mean_abs_rank_shift', 'largest_changes'],
      rows,
    },
  ];
}

/**
 * Optimal discretisation of continuous factors for the geographical detector (OPGD; Song, Wang, Ge & Xu 2020,
 * GIScience & Remote Sensing 57:593–610; R package GD 10.8 `disc`/`optidisc`), ported from GD's R code:
 *
 * - `equal`: min + (max − min)·k/n, k = 0..n.
 * - `natural`: Jenks natural breaks as BAMMtools::getJenksBreaks(x, n + 1): the classes of the sorted values that
 *   minimise the within-class sum of squares (exact dynamic programme; here by divide and conquer over the monotone
 *   optimal split, O(n·N log N) instead of O(n·N²); ties to the earliest split, as the C code); breaks = the minimum
 *   and each class's maximum.
 * - `quantile`: type-7 quantiles at k/n; when breaks tie, GD raises the number of probabilities until n + 1 distinct
 *   breaks appear.
 * - `geometric`: x ≥ 0: b^k·x₀ − 1, k = 1..n, b = ((max + 1)/(min + 1))^{1/(n−1)}, x₀ = (min + 1)/b — GD's n breaks, i.e.
 *   n − 1 intervals; with negative values the two sides get ⌊(n + 1)/(1 + r_small/r_large)⌋ and the rest of n + 1
 *   geometric breaks from 0 outwards (GD's rule, no break at 0). The two end breaks, min and max in exact arithmetic,
 *   are set exactly (R's pow and V8's differ in the last bit).
 * - `sd`: mean ± (j/2)·sd (j/4 beyond 7 breaks) inside (min, max), plus min and max, the number of multiples raised
 *   until there are n + 1 breaks.
 *
 * For each method × number of classes (default grid: the five methods × 3..7, GD's example grid) q is computed on
 * cut(x, breaks, include.lowest = TRUE) — a candidate with tied breaks or an interval holding fewer than 2 values
 * gets no q (NA), as in GD — and the first maximum in the order methods × classes is chosen (R `which(q == max)[1]`).
 * Values outside the breaks (floating-point ends of `geometric`) are left out of the strata but kept in the total sum
 * of squares, as R's cut gives NA there. Cost per factor: one sort, one Jenks programme for the largest n, O(N) per
 * candidate.
 */
import { fail } from '../../core/errors.js';
import { quantiles } from '../../kernels/quantile.js';

export const OPGD_METHODS = ['equal', 'natural', 'quantile', 'geometric', 'sd'] as const;
export type OpgdMethod = (typeof OPGD_METHODS)[number];
export const OPGD_CLASSES = [3, 4, 5, 6, 7] as const;

/** R's seq(from, to, length.out = m + 1): from, from + k·((to − from)/m), to. */
function rseq(from: number, to: number, m: number): number[] {
  if (from === to) return new Array(m + 1).fill(from);
  const by = (to - from) / m;
  return Array.from({ length: m + 1 }, (_, k) => (k === 0 ? from : k === m ? to : from + k * by));
}

function uniqueSorted(a: number[]): number[] {
  return a.filter((v, i) => a.indexOf(v) === i);
}

function mean(x: Float64Array): number {
  let s = 0;
  for (const v of x) s += v;
  return s / x.length;
}

/** Jenks breaks for 1..kMax classes at once: `out[k]` = breaks of k classes (BAMMtools::getJenksBreaks(x, k + 1)). */
export function jenksBreaksAll(sorted: Float64Array, kMax: number): Float64Array[] {
  const N = sorted.length;
  const S1 = new Float64Array(N + 1);
  const S2 = new Float64Array(N + 1);
  for (let i = 0; i < N; i++) {
    S1[i + 1] = S1[i] + sorted[i];
    S2[i + 1] = S2[i] + sorted[i] * sorted[i];
  }
  // cost of the class of positions a..b (0-based, inclusive)
  const ssq = (a: number, b: number) => {
    const w = b - a + 1;
    const s = S1[b + 1] - S1[a];
    return Math.max(0, S2[b + 1] - S2[a] - (s * s) / w);
  };
  const out: Float64Array[] = [];
  let prev = new Float64Array(N);
  for (let l = 0; l < N; l++) prev[l] = ssq(0, l);
  const arg: Int32Array[] = [new Int32Array(N)]; // arg[j][l]: start of the last class of j + 1 classes ending at l
  for (let j = 1; j < kMax; j++) {
    const cur = new Float64Array(N).fill(Number.POSITIVE_INFINITY);
    const a = new Int32Array(N);
    // cur[l] = min over start s ∈ [j, l] of prev[s − 1] + ssq(s, l); the smallest minimising s, monotone in l.
    const solve = (lo: number, hi: number, sLo: number, sHi: number) => {
      if (lo > hi) return;
      const mid = (lo + hi) >> 1;
      let best = Number.POSITIVE_INFINITY;
      let bs = -1;
      for (let s = Math.max(sLo, j); s <= Math.min(sHi, mid); s++) {
        const v = prev[s - 1] + ssq(s, mid);
        if (v < best) {
          best = v;
          bs = s;
        }
      }
      cur[mid] = best;
      a[mid] = bs;
      solve(lo, mid - 1, sLo, bs < 0 ? sHi : bs);
      solve(mid + 1, hi, bs < 0 ? sLo : bs, sHi);
    };
    solve(j, N - 1, j, N - 1);
    arg.push(a);
    prev = cur;
    // Breaks of j + 1 classes: walk the arg tables back from N − 1.
    const k = j + 1;
    const ends = new Int32Array(k);
    let end = N - 1;
    for (let c = k - 1; c >= 0; c--) {
      ends[c] = end;
      if (c > 0) end = arg[c][end] - 1;
    }
    const b = new Float64Array(k + 1);
    b[0] = sorted[0];
    for (let c = 0; c < k; c++) b[c + 1] = sorted[ends[c]];
    out[k] = b;
  }
  out[1] = Float64Array.of(sorted[0], sorted[N - 1]);
  return out;
}

/** Breaks of GD's `disc(x, n, method)` (`natural` needs the sorted values' Jenks table, computed when absent). */
export function gdBreaks(x: Float64Array, n: number, method: OpgdMethod, jenks?: Float64Array[]): Float64Array {
  const sorted = Float64Array.from(x).sort();
  const min = sorted[0];
  const max = sorted[sorted.length - 1];
  if (method === 'equal') return Float64Array.from(rseq(min, max, n));
  if (method === 'natural') {
    const unique = uniqueSorted(Array.from(sorted)).length;
    const k = Math.min(n, unique);
    return (jenks ?? jenksBreaksAll(sorted, k))[k];
  }
  if (method === 'quantile') {
    const q = (m: number) => Array.from(quantiles(sorted, rseq(0, 1, m)));
    let itv = q(n);
    const l0 = uniqueSorted(itv).length;
    if (l0 < n + 1) {
      let l1 = l0;
      let l2 = l0;
      let itv1 = itv;
      while (l2 < n + 1 && l1 <= sorted.length) {
        itv1 = q(l1);
        l2 = uniqueSorted(itv1).length;
        l1++;
      }
      itv = uniqueSorted(itv1);
    }
    return Float64Array.from(itv);
  }
  if (method === 'geometric') {
    const funX = (lo: number, hi: number, m: number) => {
      const b = ((hi + 1) / (lo + 1)) ** (1 / (m - 1));
      const x0 = (lo + 1) / b;
      return Array.from({ length: m }, (_, k) => b ** (k + 1) * x0 - 1);
    };
    // The end breaks are min and max in exact arithmetic; set exactly (R's pow and V8's differ in the last bit,
    // which would leave the extreme value outside the breaks in one implementation and not the other).
    const ends = (a: number[]) => {
      a[0] = min;
      a[a.length - 1] = max;
      return Float64Array.from(a);
    };
    if (min >= 0) return ends(funX(min, max, n));
    const r = [Math.abs(min), Math.abs(max)];
    const kmax = r[0] >= r[1] ? 0 : 1;
    const kmin = 1 - kmax;
    const n2 = Math.floor((n + 1) / (1 + r[kmin] / r[kmax]));
    const n1 = n + 1 - n2;
    const itv1 = funX(0, r[kmin], n1 + 1).slice(1);
    const itv2 = funX(0, r[kmax], n2 + 1).slice(1);
    const neg = (a: number[]) => a.map((v) => -v).reverse();
    return ends(kmin === 0 ? [...neg(itv1), ...itv2] : [...neg(itv2), ...itv1]);
  }
  // sd
  const mu = mean(x);
  let ss = 0;
  for (const v of x) ss += (v - mu) * (v - mu);
  const sd = Math.sqrt(ss / (x.length - 1));
  let itv: number[] = [];
  let m = n;
  while (itv.length < n + 1 && m < 1000) {
    m++;
    const seqb: number[] = [];
    for (let a = 2000; a >= 2; a -= 2) if (m - 1 - a >= 0) seqb.push(m - 1 - a);
    const div = m <= 7 ? 2 : 4;
    const b1 = seqb
      .map((s) => mu - (s / div) * sd)
      .reverse()
      .filter((v) => v > min);
    const b2 = seqb.map((s) => mu + (s / div) * sd).filter((v) => v < max);
    const itvb = uniqueSorted([...b1, ...b2]);
    itv = [min, ...itvb, max];
  }
  return Float64Array.from(itv);
}

export interface OpgdCandidate {
  method: OpgdMethod;
  classes: number;
  /** q of the candidate, NaN when GD gives NA (tied breaks or an interval with fewer than 2 values). */
  q: number;
  breaks: Float64Array;
}

export interface OpgdResult {
  method: OpgdMethod;
  classes: number;
  breaks: Float64Array;
  q: number;
  grid: OpgdCandidate[];
}

/** Interval index of cut(v, sortedBreaks, include.lowest = TRUE), −1 outside. */
function cutIndex(v: number, b: Float64Array): number {
  const K = b.length - 1;
  if (!(v >= b[0] && v <= b[K])) return -1;
  let lo = 0;
  let hi = K - 1;
  // smallest k with v ≤ b[k + 1]
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (v <= b[mid + 1]) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Strata codes of cut(x, breaks, include.lowest = TRUE) (−1 outside), empty intervals not renumbered. */
export function cutCodes(x: Float64Array, breaks: Float64Array): Int32Array {
  const b = Float64Array.from(breaks).sort();
  return Int32Array.from(x, (v) => cutIndex(v, b));
}

/**
 * OPGD for one continuous factor x of response y (see the module comment). `methods` and `classes` give the grid
 * (default: all five methods × 3..7). Fails with E_SPATIAL_MODEL when no candidate has a q.
 */
export function optimalDiscretisation(
  y: Float64Array,
  x: Float64Array,
  opts: { methods?: readonly OpgdMethod[]; classes?: readonly number[]; path?: string } = {},
): OpgdResult {
  const methods = opts.methods ?? OPGD_METHODS;
  const classes = opts.classes ?? OPGD_CLASSES;
  const N = y.length;
  const my = mean(y);
  let sst = 0;
  for (const v of y) sst += (v - my) * (v - my);
  const sorted = Float64Array.from(x).sort();
  const unique = uniqueSorted(Array.from(sorted)).length;
  const jenks = methods.includes('natural') ? jenksBreaksAll(sorted, Math.min(Math.max(...classes), unique)) : undefined;
  const grid: OpgdCandidate[] = [];
  for (const method of methods) {
    for (const n of classes) {
      const breaks = gdBreaks(x, n, method, jenks);
      let q = Number.NaN;
      if (uniqueSorted(Array.from(breaks)).length === breaks.length) {
        const b = Float64Array.from(breaks).sort();
        const K = b.length - 1;
        const cnt = new Float64Array(K);
        const sum = new Float64Array(K);
        const code = new Int32Array(N);
        for (let i = 0; i < N; i++) {
          const k = cutIndex(x[i], b);
          code[i] = k;
          if (k < 0) continue;
          cnt[k]++;
          sum[k] += y[i];
        }
        if (Math.min(...cnt) >= 2) {
          let ssw = 0;
          for (let i = 0; i < N; i++) {
            const k = code[i];
            if (k >= 0) ssw += (y[i] - sum[k] / cnt[k]) ** 2;
          }
          q = 1 - ssw / sst;
        }
      }
      grid.push({ method, classes: n, q, breaks });
    }
  }
  let best = -1;
  grid.forEach((c, i) => {
    if (Number.isFinite(c.q) && (best < 0 || c.q > grid[best].q)) best = i;
  });
  if (best < 0) {
    fail('E_SPATIAL_MODEL', 'no discretisation of the grid gives every interval at least 2 values', {
      location: opts.path ? { path: opts.path } : undefined,
      hint: 'use fewer classes or method: category',
    });
  }
  const b = grid[best];
  return { method: b.method, classes: b.classes, breaks: b.breaks, q: b.q, grid };
}

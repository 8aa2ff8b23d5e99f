/**
 * Dagum (1997) decomposition of the Gini coefficient by subgroups (区域差异的 Dagum 基尼系数分解).
 *
 * With k groups, n_j units in group j, group means μ_j, overall mean μ, p_j = n_j / n (population
 * share) and s_j = n_j μ_j / (n μ) (income share):
 *
 *   G    = Σ_j Σ_h Σ_i Σ_r |y_ji − y_hr| / (2 n² μ)                         overall Gini
 *   G_jj = Σ_i Σ_r |y_ji − y_jr| / (2 n_j² μ_j)                             within group j
 *   G_jh = Σ_i Σ_r |y_ji − y_hr| / (n_j n_h (μ_j + μ_h))                    between j and h
 *   d_jh = (1/(n_j n_h)) Σ_i Σ_r max(y_ji − y_hr, 0)                        gross economic affluence of j over h
 *   p_jh = (1/(n_j n_h)) Σ_i Σ_r max(y_hr − y_ji, 0)                        first-order moment of transvariation
 *   D_jh = (d_jh − p_jh) / (d_jh + p_jh)                                    relative economic affluence
 *   G_w  = Σ_j G_jj p_j s_j
 *   G_nb = Σ_{j=2..k} Σ_{h<j} G_jh (p_j s_h + p_h s_j) D_jh
 *   G_t  = Σ_{j=2..k} Σ_{h<j} G_jh (p_j s_h + p_h s_j) (1 − D_jh)
 *   G    = G_w + G_nb + G_t                                                 (exact identity)
 *
 * Group order: groups are ranked by **ascending** mean, μ_1 ≤ … ≤ μ_k (ties keep label order), as in
 * Dagum (1997) and the Chinese literature ("Y_h ≤ Y_j"), so in every pair (j, h) with h < j the group
 * j is the richer one and D_jh ∈ [0, 1]. `order` in the result gives that ranking; every matrix in the
 * result is indexed in the caller's label order.
 *
 * Conventions made explicit (reported in `notes`, never NaN):
 * - a group with one unit has G_jj = 0 (no pair of distinct units);
 * - a pair with d_jh + p_jh = 0 (both groups constant at the same value) has D_jh = 0 (G_jh = 0 too);
 * - equal values everywhere give G = 0, and the contribution shares are then reported as 0.
 *
 * Domain: values must be ≥ 0 (`E_NEGATIVE`: Dagum's affluence integrals run over [0, ∞)); the overall
 * mean and every group mean must be positive (`E_ZERO_MEAN`). Every label needs at least one unit.
 *
 * Missing data: NaN refused (`E_MISSING_VALUES`) unless `dropMissing: true` (dropped, count reported).
 *
 * Algorithms: {@link dagumBrute} evaluates every definition by the O(n²) double sum. {@link dagum} (the
 * default) sorts once and sweeps the sorted values keeping, per group, the count and the sum of the
 * values already passed, so Σ_{r∈h, y_r ≤ y} (y − y_r) = y·count_h − sum_h gives all the n_j n_h d_jh in
 * one pass (values are shifted by the minimum first, which leaves every difference unchanged). p_jh =
 * d_hj, Σ|y_j − y_h| = n_j n_h (d_jh + p_jh), and the overall G comes from the sorted-order formula.
 * Cost O(n log n + n·k) time, O(n + k²) memory.
 *
 * Reference: C. Dagum (1997) "A new approach to the decomposition of the Gini income inequality ratio",
 * Empirical Economics 22(4):515–531. Validated against a 2-group × 3-unit example worked by hand
 * (test/analysis/inequality/dagum.test.ts) and fast == brute on random data with ties.
 */
import { fail } from '../../core/errors.js';
import { sumNeumaier } from '../../kernels/sum.js';
import { checkGroups, completeCases, type MissingOptions } from './missing.js';
import { sumAbsDiffSorted } from './gini.js';

export interface DagumResult {
  /** Overall Gini coefficient G. */
  gini: number;
  /** Within-group contribution G_w. */
  gw: number;
  /** Net between-group contribution G_nb. */
  gnb: number;
  /** Transvariation (intensity of transvariation) contribution G_t. */
  gt: number;
  /** Contribution shares G_w / G, G_nb / G, G_t / G (all 0 when G = 0). */
  shares: { within: number; netBetween: number; transvariation: number };
  /** Number of units used, and NaN units dropped (dropMissing). */
  n: number;
  dropped: number;
  /** Group labels, as given; every per-group array and k×k matrix below follows this order. */
  labels: string[];
  /** Group positions ranked by ascending mean (the order of the decomposition: in a pair, the later group is the richer). */
  order: Int32Array;
  /** Units per group n_j. */
  count: Int32Array;
  /** Group means μ_j. */
  mean: Float64Array;
  /** Population shares p_j = n_j / n. */
  popShare: Float64Array;
  /** Income shares s_j = n_j μ_j / (n μ). */
  incomeShare: Float64Array;
  /** Within-group Gini G_jj per group. */
  within: Float64Array;
  /** Each group's term G_jj p_j s_j of G_w. */
  withinContribution: Float64Array;
  /** k×k row-major: G_jh between groups (symmetric), G_jj on the diagonal. */
  giniMatrix: Float64Array;
  /** k×k row-major: d_jh, gross economic affluence of row group j over column group h (p_jh = entry [h][j]). */
  affluence: Float64Array;
  /** k×k row-major symmetric: D_jh for each pair (richer vs poorer), 0 on the diagonal. */
  relativeAffluence: Float64Array;
  /** k×k row-major symmetric: each pair's term of G_nb (0 on the diagonal). */
  netBetweenMatrix: Float64Array;
  /** k×k row-major symmetric: each pair's term of G_t (0 on the diagonal). */
  transvariationMatrix: Float64Array;
  /** Conventions applied (one-unit groups, D_jh = 0 for coincident constant groups, G = 0). */
  notes: string[];
}

interface Prepared {
  x: Float64Array;
  g: Int32Array;
  n: number;
  k: number;
  count: Int32Array;
  groupSum: Float64Array;
  total: number;
  dropped: number;
}

function prepare(x: Float64Array, groups: Int32Array, labels: readonly string[], opts: MissingOptions | undefined, what: string): Prepared {
  if (!(x instanceof Float64Array))
    fail('E_BAD_INPUT', `${what}: values must be a Float64Array`, { hint: 'pass one period of the panel, e.g. periodSlice(panel, code, t)' });
  if (groups instanceof Int32Array && groups.length !== x.length) {
    fail('E_LENGTH_MISMATCH', `${what}: ${x.length} values but ${groups.length} group entries`, { hint: 'values and groups must be aligned unit by unit' });
  }
  const cc = completeCases(x, groups, opts, what);
  const xs = cc.x;
  const gs = cc.groups!;
  const n = xs.length;
  const k = labels.length;
  const count = checkGroups(gs, labels, n, what);
  for (let i = 0; i < n; i++) {
    if (xs[i] < 0) {
      fail('E_NEGATIVE', `${what}: value ${xs[i]} at position ${i} (0-based) is negative; the Dagum decomposition needs values ≥ 0`, {
        hint: 'decompose positive quantities (raw values or min-max / index scores), not z-scores',
        data: { position: i },
      });
    }
  }
  const groupSum = new Float64Array(k);
  // Each group's values in unit order, the groups one after another (one pass, not one per group: a province
  // grouping has 31), so each group's sum adds the same values in the same order as a pass per group would.
  const buf = new Float64Array(n);
  const at = new Int32Array(k + 1);
  for (let j = 0; j < k; j++) at[j + 1] = at[j] + count[j];
  const fill = at.slice(0, k);
  for (let i = 0; i < n; i++) buf[fill[gs[i]]++] = xs[i];
  for (let j = 0; j < k; j++) {
    groupSum[j] = sumNeumaier(buf, at[j], at[j + 1]);
    if (!(groupSum[j] > 0)) {
      fail('E_ZERO_MEAN', `${what}: group "${labels[j]}" has mean 0; its within-group Gini is undefined`, {
        hint: 'every value of the group is 0: check the data, or leave the group out of the decomposition',
        data: { group: labels[j] },
      });
    }
  }
  const total = sumNeumaier(xs);
  return { x: xs, g: gs, n, k, count, groupSum, total, dropped: cc.dropped };
}

/** Neumaier add of v into (s[i], c[i]). */
function add(s: Float64Array, c: Float64Array, i: number, v: number): void {
  const a = s[i];
  const t = a + v;
  c[i] += Math.abs(a) >= Math.abs(v) ? a - t + v : v - t + a;
  s[i] = t;
}

/**
 * Build the result from A[j·k + h] = Σ_{i∈j} Σ_{r∈h} max(y_i − y_r, 0) and S = Σ_i Σ_r |y_i − y_r| (all units).
 */
function assemble(pr: Prepared, A: Float64Array, S: number, labels: readonly string[]): DagumResult {
  const { n, k, count, groupSum, total } = pr;
  const notes: string[] = [];
  const mean = new Float64Array(k);
  const popShare = new Float64Array(k);
  const incomeShare = new Float64Array(k);
  for (let j = 0; j < k; j++) {
    mean[j] = groupSum[j] / count[j];
    popShare[j] = count[j] / n;
    incomeShare[j] = groupSum[j] / total;
  }
  // Ascending by mean, ties by label position (insertion sort: k is small, and no Array sort on NaN-able data).
  const order = new Int32Array(k);
  for (let j = 0; j < k; j++) order[j] = j;
  for (let a = 1; a < k; a++) {
    const v = order[a];
    let b = a - 1;
    while (b >= 0 && mean[order[b]] > mean[v]) {
      order[b + 1] = order[b];
      b--;
    }
    order[b + 1] = v;
  }
  const rank = new Int32Array(k);
  for (let r = 0; r < k; r++) rank[order[r]] = r;

  const within = new Float64Array(k);
  const withinContribution = new Float64Array(k);
  const giniMatrix = new Float64Array(k * k);
  const affluence = new Float64Array(k * k);
  const relativeAffluence = new Float64Array(k * k);
  const netBetweenMatrix = new Float64Array(k * k);
  const transvariationMatrix = new Float64Array(k * k);
  for (let j = 0; j < k; j++) {
    const nj = count[j];
    // Σ_i Σ_r |y_ji − y_jr| = 2 A_jj
    within[j] = A[j * k + j] / (mean[j] * nj * nj);
    withinContribution[j] = within[j] * popShare[j] * incomeShare[j];
    giniMatrix[j * k + j] = within[j];
    if (nj === 1) notes.push(`group "${labels[j]}" has one unit: its within-group Gini G_jj is 0 by definition`);
    for (let h = 0; h < k; h++) affluence[j * k + h] = A[j * k + h] / (nj * count[h]);
  }
  const gw = sumNeumaier(withinContribution);
  let gnb = 0;
  let gt = 0;
  for (let j = 0; j < k; j++) {
    for (let h = 0; h < k; h++) {
      if (rank[h] >= rank[j]) continue; // visit each pair once, j the richer
      const nn = count[j] * count[h];
      const Gjh = (A[j * k + h] + A[h * k + j]) / (nn * (mean[j] + mean[h]));
      giniMatrix[j * k + h] = giniMatrix[h * k + j] = Gjh;
      const d = affluence[j * k + h];
      const p = affluence[h * k + j];
      let D = 0;
      if (d + p > 0) D = (d - p) / (d + p);
      else notes.push(`groups "${labels[j]}" and "${labels[h]}" are constant at the same value: D_jh set to 0 (their G_jh is 0)`);
      relativeAffluence[j * k + h] = relativeAffluence[h * k + j] = D;
      const w = Gjh * (popShare[j] * incomeShare[h] + popShare[h] * incomeShare[j]);
      const nb = w * D;
      const t = w * (1 - D);
      netBetweenMatrix[j * k + h] = netBetweenMatrix[h * k + j] = nb;
      transvariationMatrix[j * k + h] = transvariationMatrix[h * k + j] = t;
      gnb += nb;
      gt += t;
    }
  }
  const gini = S / (2 * n * total);
  let shares = { within: 0, netBetween: 0, transvariation: 0 };
  if (gini > 0) shares = { within: gw / gini, netBetween: gnb / gini, transvariation: gt / gini };
  else notes.push('all values are equal: G = 0 and the contribution shares are reported as 0');
  return {
    gini,
    gw,
    gnb,
    gt,
    shares,
    n,
    dropped: pr.dropped,
    labels: labels.slice(),
    order,
    count,
    mean,
    popShare,
    incomeShare,
    within,
    withinContribution,
    giniMatrix,
    affluence,
    relativeAffluence,
    netBetweenMatrix,
    transvariationMatrix,
    notes,
  };
}

/**
 * Dagum Gini decomposition of one cross-section `x` into groups (fast O(n log n + n·k) algorithm).
 *
 * @param x values, one per unit (NaN = missing)
 * @param groups group position per unit, each in [0, labels.length)
 * @param labels group labels
 * @param opts `dropMissing` (default false)
 * @throws E_MISSING_VALUES, E_NONFINITE, E_LENGTH_MISMATCH, E_BAD_GROUP, E_EMPTY_GROUP, E_NEGATIVE, E_ZERO_MEAN
 * @example dagum(Float64Array.of(1, 2, 6, 3, 5, 7), Int32Array.of(0, 0, 0, 1, 1, 1), ['A', 'B']).gini // 11/36
 */
export function dagum(x: Float64Array, groups: Int32Array, labels: readonly string[], opts?: MissingOptions): DagumResult {
  const pr = prepare(x, groups, labels, opts, 'dagum');
  const { n, k, x: xs, g } = pr;
  // Unit positions in ascending order of value (values are finite here, so the comparator is a total order;
  // the order among ties does not matter: tied pairs contribute 0 to every sum).
  const idx = new Uint32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  idx.sort((a, b) => xs[a] - xs[b]);
  const sorted = new Float64Array(n);
  for (let i = 0; i < n; i++) sorted[i] = xs[idx[i]];
  const x0 = n ? sorted[0] : 0;
  const cnt = new Float64Array(k);
  const sum = new Float64Array(k);
  const A = new Float64Array(k * k);
  const Ac = new Float64Array(k * k);
  for (let q = 0; q < n; q++) {
    const v = sorted[q] - x0;
    const j = g[idx[q]];
    const row = j * k;
    for (let h = 0; h < k; h++) {
      const c = cnt[h];
      if (c === 0) continue;
      const term = v * c - sum[h];
      if (term > 0) add(A, Ac, row + h, term);
    }
    cnt[j] += 1;
    sum[j] += v;
  }
  for (let i = 0; i < k * k; i++) A[i] += Ac[i];
  return assemble(pr, A, sumAbsDiffSorted(sorted), labels);
}

/**
 * Dagum Gini decomposition by the O(n²) definitions (every pair of units visited; overall G from the
 * direct double sum). Same result as {@link dagum} to rounding; exported as the reference for tests.
 */
export function dagumBrute(x: Float64Array, groups: Int32Array, labels: readonly string[], opts?: MissingOptions): DagumResult {
  const pr = prepare(x, groups, labels, opts, 'dagum');
  const { n, k, x: xs, g } = pr;
  const A = new Float64Array(k * k);
  const Ac = new Float64Array(k * k);
  const S = new Float64Array(1);
  const Sc = new Float64Array(1);
  for (let i = 0; i < n; i++) {
    const row = g[i] * k;
    for (let r = 0; r < n; r++) {
      const diff = xs[i] - xs[r];
      if (diff > 0) add(A, Ac, row + g[r], diff);
      add(S, Sc, 0, Math.abs(diff));
    }
  }
  for (let i = 0; i < k * k; i++) A[i] += Ac[i];
  return assemble(pr, A, S[0] + Sc[0], labels);
}

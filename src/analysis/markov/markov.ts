/**
 * Discrete Markov chain of class transitions (traditional Markov chain analysis of distribution
 * dynamics, 传统马尔可夫链).
 *
 * For classes c(u, t) ∈ {0 … k−1} (−1 = missing) laid out period-major (index t·nUnits + u), every
 * unit contributes one transition per pair of consecutive periods (t, t+1) with both classes known:
 *
 *   n_ij = #{(u, t): c(u,t) = i, c(u,t+1) = j}        P_ij = n_ij / n_i   (maximum likelihood)
 *
 * A row with n_i = 0 (class i never observed at the start of a transition) has no estimate: its
 * probabilities are NaN and i is listed in `emptyRows`.
 *
 * Initial / final distributions: the shares of the classes among the non-missing units in the first
 * and the last period.
 *
 * Ergodic (stationary, long-run) distribution π: the solution of π P = π, Σ π = 1, by Gaussian
 * elimination with partial pivoting on the linear system (one balance equation replaced by Σ π = 1),
 * not by power iteration. π exists uniquely iff the chain has exactly one closed communicating class;
 * the code finds the communicating classes from the transition graph (i → j when P_ij > 0), solves on
 * the closed class and gives the transient classes π = 0. Otherwise `ergodic` is null and
 * `ergodicStatus` says why: 'not-unique' (several closed classes, listed in `closedClasses`) or
 * 'empty-rows' (a class without observed departures can be entered, so P is not a full stochastic
 * matrix; empty rows that cannot be entered are left out, with π = 0 and a note). When the closed
 * class is periodic (period > 1, reported), π is stationary but P^t does not converge to it.
 *
 * Cost O(N + k³), N = units × periods.
 *
 * Reference: D. T. Quah (1993) Eur. Econ. Rev. 37:426–434; J. G. Kemeny & J. L. Snell (1976)
 * *Finite Markov Chains*, ch. 4 (stationary distribution, closed classes). Validated against the
 * two-state chain's π = (b/(a+b), a/(a+b)) and hand-counted transitions.
 */
import { fail } from '../../core/errors.js';

export type ErgodicStatus = 'unique' | 'not-unique' | 'empty-rows';

/** Transition counts, probabilities and the stationary analysis of one chain. */
export interface TransitionSummary {
  k: number;
  /** k×k row-major transition counts n_ij. */
  counts: Float64Array;
  /** k×k row-major probabilities P_ij (rows sum to 1; NaN rows for classes in `emptyRows`). */
  probabilities: Float64Array;
  /** n_i, transitions starting in class i. */
  rowTotals: Float64Array;
  /** Classes with no observed transition out of them. */
  emptyRows: number[];
  /** Number of transitions counted. */
  nTransitions: number;
  /** Stationary distribution π (length k), or null (see `ergodicStatus`). */
  ergodic: Float64Array | null;
  ergodicStatus: ErgodicStatus;
  /** The closed communicating classes of the chain (each a list of states). */
  closedClasses: number[][];
  /** Period of the closed class when π is unique (1 = aperiodic). */
  period: number;
  notes: string[];
}

export interface MarkovResult extends TransitionSummary {
  nUnits: number;
  nPeriods: number;
  /** Class shares in the first period. */
  initial: Float64Array;
  /** Class shares in the last period. */
  final: Float64Array;
  /** Consecutive-period pairs skipped because a class was missing (−1). */
  skipped: number;
}

/** Validate a period-major class array; returns the number of periods. */
export function checkClasses(classes: Int32Array, k: number, nUnits: number, what: string): number {
  if (!(Number.isInteger(k) && k >= 1))
    fail('E_BAD_OPTION', `${what}: k must be a positive integer, got ${k}`, {
      location: { path: 'markov.k' },
      hint: 'k is the number of classes used by markovClasses',
    });
  if (!(classes instanceof Int32Array)) fail('E_BAD_INPUT', `${what}: classes must be an Int32Array`, { hint: 'use markovClasses(...).classes' });
  if (!(Number.isInteger(nUnits) && nUnits >= 1 && classes.length % nUnits === 0)) {
    fail('E_LENGTH_MISMATCH', `${what}: ${classes.length} class entries are not a whole number of periods of ${nUnits} units`, {
      hint: 'classes are period-major: index = t · nUnits + u',
    });
  }
  for (let i = 0; i < classes.length; i++) {
    const c = classes[i];
    if (!(c >= -1 && c < k)) {
      fail('E_BAD_CLASS', `${what}: class ${c} at period ${Math.floor(i / nUnits)}, unit ${i % nUnits} is outside 0..${k - 1} (−1 = missing)`, {
        hint: 'use the same k as markovClasses',
        data: { index: i },
      });
    }
  }
  const T = classes.length / nUnits;
  if (T < 2) fail('E_TOO_FEW', `${what}: ${T} period; transitions need at least 2 periods`, { hint: 'give a panel with several periods' });
  return T;
}

/** Transition counts → probabilities, empty rows and the stationary analysis. */
export function summarise(counts: Float64Array, k: number): TransitionSummary {
  const probabilities = new Float64Array(k * k);
  const rowTotals = new Float64Array(k);
  const emptyRows: number[] = [];
  let nTransitions = 0;
  for (let i = 0; i < k; i++) {
    let s = 0;
    for (let j = 0; j < k; j++) s += counts[i * k + j];
    rowTotals[i] = s;
    nTransitions += s;
    if (s === 0) {
      emptyRows.push(i);
      for (let j = 0; j < k; j++) probabilities[i * k + j] = NaN;
    } else {
      for (let j = 0; j < k; j++) probabilities[i * k + j] = counts[i * k + j] / s;
    }
  }
  const st = stationary(probabilities, k, emptyRows);
  return { k, counts, probabilities, rowTotals, emptyRows, nTransitions, ...st };
}

/**
 * Stationary distribution of the transition matrix `P` (k×k row-major) whose rows listed in
 * `emptyRows` are undefined (see the module comment for the rules). Cost O(k³).
 */
export function stationary(
  P: Float64Array,
  k: number,
  emptyRows: readonly number[] = [],
): Pick<TransitionSummary, 'ergodic' | 'ergodicStatus' | 'closedClasses' | 'period' | 'notes'> {
  const notes: string[] = [];
  const empty = new Uint8Array(k);
  for (const i of emptyRows) empty[i] = 1;
  // An empty-row state that some observed row can enter makes the chain undetermined.
  for (let i = 0; i < k; i++) {
    if (empty[i]) continue;
    for (const e of emptyRows) {
      if (P[i * k + e] > 0) {
        notes.push(`class ${e} has no observed transitions out of it but is entered from class ${i}: the stationary distribution is undetermined`);
        return { ergodic: null, ergodicStatus: 'empty-rows', closedClasses: [], period: 0, notes };
      }
    }
  }
  if (emptyRows.length)
    notes.push(
      `class${emptyRows.length > 1 ? 'es' : ''} ${emptyRows.join(', ')} never observed at the start of a transition and never entered: left out (π = 0)`,
    );
  const states: number[] = [];
  for (let i = 0; i < k; i++) if (!empty[i]) states.push(i);
  if (states.length === 0) {
    notes.push('no transitions observed: the stationary distribution is undetermined');
    return { ergodic: null, ergodicStatus: 'empty-rows', closedClasses: [], period: 0, notes };
  }
  // Reachability (transitive closure, Warshall) on the observed states.
  const m = states.length;
  const reach = new Uint8Array(m * m);
  for (let a = 0; a < m; a++) {
    reach[a * m + a] = 1;
    for (let b = 0; b < m; b++) if (P[states[a] * k + states[b]] > 0) reach[a * m + b] = 1;
  }
  for (let c = 0; c < m; c++) for (let a = 0; a < m; a++) if (reach[a * m + c]) for (let b = 0; b < m; b++) if (reach[c * m + b]) reach[a * m + b] = 1;
  // Communicating classes, and which are closed (everything reachable from them communicates back).
  const classOf = new Int32Array(m).fill(-1);
  const closedClasses: number[][] = [];
  const closedLocal: number[][] = [];
  for (let a = 0; a < m; a++) {
    if (classOf[a] >= 0) continue;
    const members: number[] = [];
    for (let b = 0; b < m; b++)
      if (reach[a * m + b] && reach[b * m + a]) {
        classOf[b] = a;
        members.push(b);
      }
    let closed = true;
    for (const b of members) for (let c = 0; c < m; c++) if (reach[b * m + c] && !reach[c * m + b]) closed = false;
    if (closed) {
      closedLocal.push(members);
      closedClasses.push(members.map((b) => states[b]));
    }
  }
  if (closedClasses.length !== 1) {
    notes.push(
      `the chain has ${closedClasses.length} closed classes (${closedClasses.map((c) => `{${c.join(', ')}}`).join(', ')}): the stationary distribution is not unique`,
    );
    return { ergodic: null, ergodicStatus: 'not-unique', closedClasses, period: 0, notes };
  }
  const C = closedClasses[0];
  const r = C.length;
  // Solve π_C (P_CC − I) = 0 with the last balance equation replaced by Σ π = 1: A π = e_r,
  // A[a][b] = P[C_b][C_a] − δ_ab for a < r − 1, A[r−1][·] = 1.
  const A = new Float64Array(r * r);
  const rhs = new Float64Array(r);
  for (let a = 0; a < r - 1; a++) for (let b = 0; b < r; b++) A[a * r + b] = P[C[b] * k + C[a]] - (a === b ? 1 : 0);
  for (let b = 0; b < r; b++) A[(r - 1) * r + b] = 1;
  rhs[r - 1] = 1;
  const x = solve(A, rhs, r);
  const ergodic = new Float64Array(k);
  for (let b = 0; b < r; b++) ergodic[C[b]] = x[b] < 0 ? 0 : x[b]; // rounding residue only: π ≥ 0 in exact arithmetic
  let tot = 0;
  for (let b = 0; b < r; b++) tot += ergodic[C[b]];
  for (let b = 0; b < r; b++) ergodic[C[b]] /= tot;
  const transient = states.filter((s) => !C.includes(s));
  if (transient.length) notes.push(`class${transient.length > 1 ? 'es' : ''} ${transient.join(', ')} transient: π = 0`);
  const period = chainPeriod(P, k, C);
  if (period > 1) notes.push(`the closed class is periodic (period ${period}): π is stationary but the t-step transitions do not converge to it`);
  return { ergodic, ergodicStatus: 'unique', closedClasses, period, notes };
}

/** Gaussian elimination with partial pivoting (A and b are overwritten). */
function solve(A: Float64Array, b: Float64Array, n: number): Float64Array {
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(A[r * n + c]) > Math.abs(A[p * n + c])) p = r;
    if (A[p * n + c] === 0)
      fail('E_SINGULAR', 'markov: the stationary system is singular', { hint: 'this should not happen for a chain with one closed class; please report it' });
    if (p !== c) {
      for (let j = 0; j < n; j++) {
        const t = A[c * n + j];
        A[c * n + j] = A[p * n + j];
        A[p * n + j] = t;
      }
      const t = b[c];
      b[c] = b[p];
      b[p] = t;
    }
    for (let r = c + 1; r < n; r++) {
      const f = A[r * n + c] / A[c * n + c];
      if (f === 0) continue;
      for (let j = c; j < n; j++) A[r * n + j] -= f * A[c * n + j];
      b[r] -= f * b[c];
    }
  }
  const x = new Float64Array(n);
  for (let r = n - 1; r >= 0; r--) {
    let s = b[r];
    for (let j = r + 1; j < n; j++) s -= A[r * n + j] * x[j];
    x[r] = s / A[r * n + r];
  }
  return x;
}

function gcd(a: number, b: number): number {
  a = Math.abs(a);
  b = Math.abs(b);
  while (b) [a, b] = [b, a % b];
  return a;
}

/** Period of the irreducible class C: gcd over its edges u → v of level(u) + 1 − level(v) (BFS levels). */
function chainPeriod(P: Float64Array, k: number, C: number[]): number {
  const level = new Int32Array(k).fill(-1);
  level[C[0]] = 0;
  const queue = [C[0]];
  let g = 0;
  for (let q = 0; q < queue.length; q++) {
    const u = queue[q];
    for (const v of C) {
      if (!(P[u * k + v] > 0)) continue;
      if (level[v] < 0) {
        level[v] = level[u] + 1;
        queue.push(v);
      } else g = gcd(g, level[u] + 1 - level[v]);
    }
  }
  return g || 1;
}

/**
 * Markov transition analysis of period-major `classes` (nUnits units × nPeriods periods, −1 = missing).
 *
 * @param classes class per unit-period, index t·nUnits + u (e.g. `markovClasses(...).classes`)
 * @param k number of classes
 * @param nUnits number of units per period
 * @throws E_BAD_OPTION, E_BAD_INPUT, E_LENGTH_MISMATCH, E_BAD_CLASS, E_TOO_FEW
 * @example markov(Int32Array.of(0, 1, 1, 1), 2, 2).probabilities // [0, 1, 0, 1]
 */
export function markov(classes: Int32Array, k: number, nUnits: number): MarkovResult {
  const T = checkClasses(classes, k, nUnits, 'markov');
  const counts = new Float64Array(k * k);
  let skipped = 0;
  for (let t = 0; t + 1 < T; t++) {
    for (let u = 0; u < nUnits; u++) {
      const a = classes[t * nUnits + u];
      const b = classes[(t + 1) * nUnits + u];
      if (a < 0 || b < 0) skipped++;
      else counts[a * k + b]++;
    }
  }
  const s = summarise(counts, k);
  const initial = shares(classes, 0, nUnits, k);
  const final = shares(classes, T - 1, nUnits, k);
  if (skipped) s.notes.push(`${skipped} transition${skipped > 1 ? 's' : ''} skipped because a class was missing`);
  if (emptyPeriod(classes, 0, nUnits)) s.notes.push('the first period has no classified unit: initial distribution is all 0');
  if (emptyPeriod(classes, T - 1, nUnits)) s.notes.push('the last period has no classified unit: final distribution is all 0');
  return { ...s, nUnits, nPeriods: T, initial, final, skipped };
}

function emptyPeriod(classes: Int32Array, t: number, nUnits: number): boolean {
  for (let u = 0; u < nUnits; u++) if (classes[t * nUnits + u] >= 0) return false;
  return true;
}

function shares(classes: Int32Array, t: number, nUnits: number, k: number): Float64Array {
  const out = new Float64Array(k);
  let n = 0;
  for (let u = 0; u < nUnits; u++) {
    const c = classes[t * nUnits + u];
    if (c >= 0) {
      out[c]++;
      n++;
    }
  }
  if (n) for (let c = 0; c < k; c++) out[c] /= n;
  return out;
}

/**
 * Directional distance function (DDF; Chambers, Chung & Färe 1996; with undesirable outputs Chung, Färe &
 * Grosskopf 1997) of the efficiency lens, solved by HiGHS ({@link solveLp}; `await loadSolver()` first).
 *
 * For DMU o with inputs x_o, desirable outputs y_o, undesirable outputs b_o and a direction g = (−gˣ, gʸ, −gᵇ):
 *   β* = max β  s.t.  Σⱼ λⱼ xⱼ ≤ x_o − β gˣ,  Σⱼ λⱼ yⱼ ≥ y_o + β gʸ,  Σⱼ λⱼ bⱼ = b_o − β gᵇ,  λ ≥ 0  (vrs: Σλ = 1),
 * β free (negative when o lies outside the reference technology, as in a cross-period LP). The undesirable outputs
 * are weakly disposable (Shephard): their constraints are equalities, so a bad output can be cut only together
 * with a proportional cut of the good outputs; the good outputs and the inputs are strongly disposable
 * (inequalities). Null-jointness is not imposed by a constraint of its own (with positive data it holds whenever
 * every DMU produces some bad output). Under vrs the convexity constraint Σλ = 1 is added to this technology as in
 * most applied work (Kuosmanen 2005 points out that this scales the abatement of each DMU by the same factor).
 *
 * Directions (`direction`):
 * - `proportional` (default): g = (−x_o, y_o, −b_o) — inputs and bad outputs contracted, good outputs expanded, by
 *   the same share β of the DMU's own values;
 * - `outputs`: g = (0, y_o, −b_o) — the direction of Chung, Färe & Grosskopf (1997): inputs held fixed.
 * β* = 0 means the DMU is on the frontier in that direction; the efficiency column is 1/(1 + β*) (in (0, 1] for
 * β* ≥ 0; without bad outputs and with the `outputs` direction it is the Shephard output distance function).
 *
 * Slacks and targets: a second LP fixes β at β* and maximises the sum of the input and good-output slacks
 * s⁻ = x_o − β* gˣ − Xλ, s⁺ = Yλ − y_o − β* gʸ. Bad outputs have no slack beyond the direction (equality): their
 * `slackBad` is the excess b_o − b̂ = β* gᵇ. Targets x̂ = Xλ = x_o − β* gˣ − s⁻, ŷ = y_o + β* gʸ + s⁺,
 * b̂ = b_o − β* gᵇ.
 * Data: every value finite and ≥ 0, with a positive input and output per DMU (`E_DEA_DATA` otherwise).
 * Cost: 2n LPs of N + m + s + 1 columns and m + s + sb (+1) rows (N reference DMUs).
 */
import type { LpStatus } from './lp.js';
import { LpSession } from './lp.js';
import { checkData, checkReference, type DeaData, type DeaResult, emptyResult, newLp, type Rts, sizeWarnings } from './models.js';

export type DdfDirection = 'proportional' | 'outputs';

export interface DdfOptions {
  rts: Rts;
  /** Default `proportional`: g = (−x_o, y_o, −b_o). */
  direction?: DdfDirection;
  /** Evaluate `data`'s DMUs against this technology (same variables): cross-period, sequential, window or global. */
  reference?: DeaData;
  /** Compute slacks and targets by the second LP (default true; Malmquist–Luenberger needs only β). */
  slacks?: boolean;
  path?: string;
}

/**
 * Directional distance function β* of every DMU of `data` (see the module comment). `score` holds β*, `efficiency`
 * 1/(1 + β*). Example: `await loadSolver(); ddf(data, { rts: 'crs' }).score`.
 */
export function ddf(data: DeaData, opts: DdfOptions): DeaResult {
  const { ss, N, nc, ref } = ddfSession(data, opts);
  const { n, m, s } = data;
  const sb = data.sb ?? 0;
  const dir = opts.direction ?? 'proportional';
  const res = emptyResult('ddf', opts.rts, data, N, sizeWarnings(ref, opts.path));
  const withSlacks = opts.slacks ?? true;
  const yb = data.yb ?? new Float64Array(0);
  for (let o = 0; o < n; o++) {
    setDmu(ss, data, o, dir);
    const p1 = ss.solve();
    res.status[o] = p1.status;
    if (p1.status !== 'optimal') continue;
    const beta = p1.objective;
    res.score[o] = beta;
    res.efficiency[o] = 1 / (1 + beta);
    let sol = p1.x;
    if (withSlacks) {
      ss.setCost(0, 0);
      for (let k = 1 + N; k < nc; k++) ss.setCost(k, 1);
      ss.setColBounds(0, beta, beta);
      const p2 = ss.solve();
      if (p2.status === 'optimal') sol = p2.x;
      else res.status[o] = p2.status as LpStatus;
      ss.setCost(0, 1);
      for (let k = 1 + N; k < nc; k++) ss.setCost(k, 0);
      ss.setColBounds(0, -Infinity, Infinity);
    }
    for (let j = 0; j < N; j++) res.lambda[o * N + j] = sol[1 + j];
    for (let i = 0; i < m; i++) {
      const xo = data.x[o * m + i];
      const sl = sol[1 + N + i];
      res.slackIn[o * m + i] = sl;
      res.targetIn[o * m + i] = xo - beta * (dir === 'proportional' ? xo : 0) - sl;
    }
    for (let r = 0; r < s; r++) {
      const yo = data.y[o * s + r];
      const sl = sol[1 + N + m + r];
      res.slackOut[o * s + r] = sl;
      res.targetOut[o * s + r] = yo + beta * yo + sl;
    }
    for (let k = 0; k < sb; k++) {
      const bo = yb[o * sb + k];
      res.slackBad[o * sb + k] = beta * bo;
      res.targetBad[o * sb + k] = bo - beta * bo;
    }
  }
  return res;
}

/** The DDF LP of `data` against `opts.reference` (default `data`) in HiGHS, ready for {@link setDmu}; data checked. */
function ddfSession(data: DeaData, opts: DdfOptions): { ss: LpSession; N: number; nc: number; ref: DeaData } {
  const ref = opts.reference ?? data;
  checkData(data, false, opts.path, true);
  checkReference(data, ref, false, opts.path, true);
  const { m, s } = data;
  const sb = data.sb ?? 0;
  const N = ref.n;
  const vrs = opts.rts === 'vrs';
  // Columns: [β, λ₁…λ_N, s⁻ (m), s⁺ (s)]. Rows: m inputs, s good, sb bad, (vrs) convexity — all equalities.
  const nc = 1 + N + m + s;
  const nr = m + s + sb + (vrs ? 1 : 0);
  const rb = ref.yb ?? new Float64Array(0);
  const template = newLp('max', nr, nc);
  template.colLower[0] = -Infinity;
  template.cost[0] = 1;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < N; j++) template.A[i * nc + 1 + j] = ref.x[j * m + i];
    template.A[i * nc + 1 + N + i] = 1;
  }
  for (let r = 0; r < s; r++) {
    const row = (m + r) * nc;
    for (let j = 0; j < N; j++) template.A[row + 1 + j] = ref.y[j * s + r];
    template.A[row + 1 + N + m + r] = -1;
  }
  for (let k = 0; k < sb; k++) {
    const row = (m + s + k) * nc;
    for (let j = 0; j < N; j++) template.A[row + 1 + j] = rb[j * sb + k];
  }
  if (vrs) {
    const row = (m + s + sb) * nc;
    for (let j = 0; j < N; j++) template.A[row + 1 + j] = 1;
    template.rowLower[m + s + sb] = template.rowUpper[m + s + sb] = 1;
  }
  // One LP in HiGHS for every DMU: only the β column (its data), the right-hand sides and, around the slack phase,
  // the objective and β's bounds change, so each solve starts from the previous optimal basis.
  return { ss: new LpSession(template), N, nc, ref };
}

/** Put DMU o of `data` into the session's LP: row i: Σλx + s⁻ + β gˣ = x_o; row r: Σλy − s⁺ − β gʸ = y_o; row k: Σλb + β gᵇ = b_o. */
function setDmu(ss: LpSession, data: DeaData, o: number, dir: DdfDirection): void {
  const { m, s } = data;
  const sb = data.sb ?? 0;
  const yb = data.yb ?? new Float64Array(0);
  for (let i = 0; i < m; i++) {
    const xo = data.x[o * m + i];
    if (dir === 'proportional') ss.setCoefficient(i, 0, xo);
    ss.setRowBounds(i, xo, xo);
  }
  for (let r = 0; r < s; r++) {
    const yo = data.y[o * s + r];
    ss.setCoefficient(m + r, 0, -yo);
    ss.setRowBounds(m + r, yo, yo);
  }
  for (let k = 0; k < sb; k++) {
    const bo = yb[o * sb + k];
    ss.setCoefficient(m + s + k, 0, bo);
    ss.setRowBounds(m + s + k, bo, bo);
  }
}

/**
 * β* of every DMU of `data` against `opts.reference` (default `data`) with its LP status, and nothing else: the
 * distance functions of ML and GML. The same LPs, in the same order and from the same bases, as {@link ddf} with
 * `slacks: false`, so the same β*; the solution vectors are not read out of HiGHS and no λ table is allocated
 * (β* NaN where the LP is not optimal). Cost: n LPs of N + m + s + 1 columns.
 */
export function ddfBeta(data: DeaData, opts: DdfOptions): { b: Float64Array; st: LpStatus[] } {
  const { ss } = ddfSession(data, opts);
  const dir = opts.direction ?? 'proportional';
  const b = new Float64Array(data.n).fill(NaN);
  const st = new Array<LpStatus>(data.n).fill('failed');
  for (let o = 0; o < data.n; o++) {
    setDmu(ss, data, o, dir);
    const p = ss.solveObjective();
    st[o] = p.status;
    if (p.status === 'optimal') b[o] = p.objective;
  }
  return { b, st };
}

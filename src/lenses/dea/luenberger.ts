/**
 * Malmquist–Luenberger (ML; Chung, Färe & Grosskopf 1997) and global Malmquist–Luenberger (GML; Oh 2010)
 * productivity indices from directional distance functions ({@link ddf}), in the multiplicative form of those
 * papers (not the additive Luenberger indicator of Chambers, Färe & Grosskopf 1996).
 *
 * D^a(b) = β* of the period-b data against the frontier of period a (a cross-period LP when a ≠ b); the frontier
 * of a period is contemporaneous (Chung et al.), sequential or a trailing window ({@link frontierPeriods}).
 *   ML  = √{ [(1 + D^t(t)) / (1 + D^t(t+1))] · [(1 + D^{t+1}(t)) / (1 + D^{t+1}(t+1))] } = EC × TC,
 *   EC  = (1 + D^t(t)) / (1 + D^{t+1}(t+1)),
 *   TC  = √{ [(1 + D^{t+1}(t)) / (1 + D^t(t))] · [(1 + D^{t+1}(t+1)) / (1 + D^t(t+1))] }.
 * GML against the global frontier G (all periods pooled; Oh 2010):
 *   GML = (1 + D^G(t)) / (1 + D^G(t+1)) = EC × BPC,  EC as above (contemporaneous frontiers),
 *   BPC = [(1 + D^G(t)) / (1 + D^t(t))] / [(1 + D^G(t+1)) / (1 + D^{t+1}(t+1))]  (best-practice gap change; the TC column).
 * Values > 1 are growth. The global LPs are never infeasible (the DMU itself is in the reference set, β = 0 is
 * feasible), so GML is defined for every unit whose data are complete.
 *
 * Infeasible cross-period LPs (ML: D^t(t+1) and, with a sequential or window frontier that does not hold period t,
 * D^{t+1}(t); possible under vrs, and under crs when the bad-output equalities cannot be met) are handled, never a
 * silent NaN: the unit's index and TC for that step are left empty (EC too when one of its own-period LPs failed),
 * `status` gives the LP status and `note` names the distance function that failed and the remedy (the global
 * index). The same holds when a cross-period β* ≤ −1 (so 1 + β* ≤ 0 and the ratios are meaningless; possible with
 * the proportional direction): status stays `optimal`, the note says which. The cumulative index (product of the
 * steps from the first period) is empty from the first such step on.
 */
import { fail } from '../../core/errors.js';
import type { DdfDirection } from './ddf.js';
import { type BetaResult, betas, type DeaExecutor } from './executor.js';
import { type Frontier, frontierPeriods, pool } from './frontier.js';
import type { LpStatus } from './lp.js';
import type { DeaData, Rts } from './models.js';

export interface LuenbergerOptions {
  rts?: Rts;
  direction?: DdfDirection;
  /** ML only: frontier of each period (default contemporaneous). GML always uses the global frontier. */
  frontier?: Exclude<Frontier, 'global'>;
  /** Width of the `window` frontier (default 3). */
  window?: number;
  path?: string;
}

export interface LuenbergerStep {
  from: number;
  to: number;
  /** Per DMU: D^t(t), D^t(t+1), D^{t+1}(t), D^{t+1}(t+1) (β*; NaN for GML's cross-period pair, not computed). */
  dTT: Float64Array;
  dTT1: Float64Array;
  dT1T: Float64Array;
  dT1T1: Float64Array;
  /** GML only: D^G(t), D^G(t+1); NaN for ML. */
  dGT: Float64Array;
  dGT1: Float64Array;
  ec: Float64Array;
  tc: Float64Array;
  /** ML or GML. */
  index: Float64Array;
  /** Product of the indices from the first period to `to`. */
  cumulative: Float64Array;
  /** Worst LP status of the DMU's LPs in this step. */
  status: LpStatus[];
  /** Why a value is empty ('' when every LP was optimal). */
  note: string[];
}

const RANK: Record<LpStatus, number> = { optimal: 0, unbounded: 1, infeasible: 2, failed: 3 };

/** A balanced panel of ≥ 2 periods (`E_DEA_SPEC` / `E_DEA_DATA` otherwise). */
export function checkPanel(periods: readonly DeaData[], what: string, path?: string): void {
  if (periods.length < 2)
    fail('E_DEA_SPEC', `the ${what} index needs at least two periods`, {
      location: path ? { path } : undefined,
      hint: 'give a panel with two or more periods',
    });
  const [p0] = periods;
  for (const [k, p] of periods.entries())
    if (p.n !== p0.n || p.m !== p0.m || p.s !== p0.s || (p.sb ?? 0) !== (p0.sb ?? 0))
      fail('E_DEA_DATA', `period ${k + 1} has ${p.n} DMUs × ${p.m} inputs × ${p.s} outputs, period 1 ${p0.n} × ${p0.m} × ${p0.s}`, {
        location: path ? { path } : undefined,
        hint: `the ${what} index needs a balanced panel: the same DMUs and variables in every period`,
      });
}

function emptyStep(from: number, n: number): LuenbergerStep {
  const nan = () => new Float64Array(n).fill(NaN);
  return {
    from,
    to: from + 1,
    dTT: nan(),
    dTT1: nan(),
    dT1T: nan(),
    dT1T1: nan(),
    dGT: nan(),
    dGT1: nan(),
    ec: nan(),
    tc: nan(),
    index: nan(),
    cumulative: nan(),
    status: new Array<LpStatus>(n).fill('optimal'),
    note: new Array<string>(n).fill(''),
  };
}

/** β* above this is "inside its own period's technology" for {@link globalReference}. */
const REDUNDANT_BETA = 1e-9;

/**
 * The unit-periods that may span the global technology G of GML: every unit-period — under crs with the proportional
 * direction, only those on their own period's frontier (β* ≤ 1e-9), which is the same technology. Proof: if β_j > 0
 * for unit-period j in its period, X λ ≤ (1 − β) x_j, Y λ ≥ (1 + β) y_j, B λ = (1 − β) b_j for some λ ≥ 0 of that
 * period; the input row of a positive input of j gives λ_j < 1 − β (λ_j = 1 − β would force every other λ to 0 and
 * then y_j(1 + β) ≤ (1 − β) y_j), so λ'' = λ_{−j} / (1 − β − λ_j) ≥ 0 meets X λ'' ≤ x_j, Y λ'' ≥ y_j, B λ'' = b_j:
 * j's point is in the cone of the others, and any λ of the full pool can put λ_j on them instead (inequalities and
 * bad-output equalities kept). Removing such points one at a time keeps the cone, so removing all of them does too
 * (each still has β* > 0 against the smaller set, whose technology is the same). So every global LP has the same
 * optimum with far fewer columns (in a 300 × 15 panel about a fifth), and stays feasible for the dropped unit-periods
 * (their own point is in the reduced cone). Not under vrs (Σλ = 1 is not kept by the rescaling) nor the outputs
 * direction (inputs not contracted): the full pool there. `keep[t]`: the DMUs of period t kept.
 */
export function globalRows(periods: readonly DeaData[], own: readonly BetaResult[], opts: LuenbergerOptions): number[][] {
  const reduce = (opts.rts ?? 'crs') === 'crs' && (opts.direction ?? 'proportional') === 'proportional';
  return periods.map((p, t) => {
    const keep: number[] = [];
    for (let j = 0; j < p.n; j++) if (!reduce || !(own[t].st[j] === 'optimal' && own[t].b[j] > REDUNDANT_BETA)) keep.push(j);
    return keep;
  });
}

/** The DMUs `keep` of `d` (same variables), in that order. */
function pick(d: DeaData, keep: readonly number[]): DeaData {
  if (keep.length === d.n && keep.every((j, k) => j === k)) return d;
  const sb = d.sb ?? 0;
  const rows = (a: Float64Array, k: number) => {
    const out = new Float64Array(keep.length * k);
    keep.forEach((j, r) => out.set(a.subarray(j * k, (j + 1) * k), r * k));
    return out;
  };
  return {
    ...d,
    n: keep.length,
    x: rows(d.x, d.m),
    y: rows(d.y, d.s),
    ...(sb ? { yb: rows(d.yb as Float64Array, sb) } : {}),
    ...(d.dmus ? { dmus: keep.map((j) => (d.dmus as readonly string[])[j]) } : {}),
  };
}

/** The global technology G of GML: the unit-periods of {@link globalRows} pooled. */
export function globalReference(periods: readonly DeaData[], own: readonly BetaResult[], opts: LuenbergerOptions): DeaData {
  const keep = globalRows(periods, own, opts);
  return pool(periods.map((p, t) => pick(p, keep[t]))).data;
}

/**
 * D^G(t) of every unit-period (β* against the global technology, with status). Under crs with the proportional
 * direction in two exact steps: (1) the unit-periods spanning G ({@link globalRows}) are scored against G; those with
 * β* > 1e-9 lie in the cone of the rest (the argument of {@link globalRows}, applied to G), so (2) every other
 * unit-period is scored against G* = the members of G with β* ≤ 1e-9 — the same technology, a fraction of the
 * columns (in a 300 × 15 panel: 817 members of G, 152 in G*, of 4,500 unit-periods). Otherwise every unit-period
 * against the full pool. (Merging the periods' frontiers pairwise in a tree instead of step 1 needs more LPs — 2,090
 * in that panel — for no less time.)
 */
function globalBetas(periods: readonly DeaData[], own: readonly BetaResult[], opts: LuenbergerOptions, exec?: DeaExecutor): BetaResult[] {
  const keep = globalRows(periods, own, opts);
  const G = pool(periods.map((p, t) => pick(p, keep[t]))).data;
  const reduce = (opts.rts ?? 'crs') === 'crs' && (opts.direction ?? 'proportional') === 'proportional';
  if (!reduce)
    return betas(
      periods.map((data) => ({ data, reference: G })),
      opts,
      exec,
    );
  const [members] = betas([{ data: G, reference: G }], opts, exec);
  const star: number[] = [];
  for (let k = 0; k < G.n; k++) if (!(members.st[k] === 'optimal' && members.b[k] > REDUNDANT_BETA)) star.push(k);
  const Gstar = pick(G, star);
  const member = periods.map((p, t) => {
    const is = new Uint8Array(p.n);
    for (const j of keep[t]) is[j] = 1;
    return is;
  });
  const rest = periods.map((p, t) => Array.from({ length: p.n }, (_, j) => j).filter((j) => !member[t][j]));
  const others = betas(
    periods.map((p, t) => ({ data: pick(p, rest[t]), reference: Gstar })),
    opts,
    exec,
  );
  let at = 0;
  return periods.map((p, t) => {
    const b = new Float64Array(p.n);
    const st = new Array<LpStatus>(p.n);
    for (const j of keep[t]) {
      b[j] = members.b[at];
      st[j] = members.st[at++];
    }
    rest[t].forEach((j, r) => {
      b[j] = others[t].b[r];
      st[j] = others[t].st[r];
    });
    return { b, st };
  });
}

function cumulate(steps: LuenbergerStep[], n: number): void {
  for (let j = 0; j < n; j++) {
    let c = 1;
    for (const st of steps) {
      c *= st.index[j];
      st.cumulative[j] = c;
    }
  }
}

/**
 * Cross-period β* below −1 (the point lies so far outside the other period's technology that 1 + β* ≤ 0, possible
 * with the proportional direction) makes the ratios of the index meaningless: say so instead of a silent NaN.
 */
function positive(st: LuenbergerStep, j: number, v: number[], what: string[]): boolean {
  const bad = v.flatMap((x, k) => (x > 0 ? [] : [`1 + ${what[k]} = ${x}`]));
  if (!bad.length) return true;
  st.note[j] =
    `${st.note[j] ? `${st.note[j]}; ` : ''}${bad.join(', ')} ≤ 0: the index and TC of this step are undefined and left empty — the global index (gml) is always defined`;
  return false;
}

function mark(st: LuenbergerStep, j: number, status: LpStatus, what: string, period: string, remedy: string): void {
  if (RANK[status] > RANK[st.status[j]]) st.status[j] = status;
  st.note[j] = `${st.note[j] ? `${st.note[j]}; ` : ''}${what} ${status} (${period})${remedy}`;
}

/**
 * Malmquist–Luenberger index of each DMU between consecutive periods (`periods[k]`: the same n DMUs in the same
 * order). Example: `malmquistLuenberger([d1, d2], { rts: 'crs' })[0].index`. Cost per step: 4n DDF LPs.
 */
export function malmquistLuenberger(periods: readonly DeaData[], opts: LuenbergerOptions = {}, exec?: DeaExecutor): LuenbergerStep[] {
  checkPanel(periods, 'Malmquist–Luenberger', opts.path);
  const T = periods.length;
  const n = periods[0].n;
  const frontier = opts.frontier ?? 'contemporaneous';
  const techs = periods.map((_, t) => {
    const ks = frontierPeriods(t, T, frontier, opts.window, opts.path);
    return ks.length === 1 ? periods[ks[0]] : pool(ks.map((k) => periods[k])).data;
  });
  // Every distance function at once (T own-period and 2(T − 1) cross-period jobs), so an executor can share them out.
  const all = betas(
    [
      ...periods.map((data, t) => ({ data, reference: techs[t] })),
      ...periods.slice(0, -1).flatMap((_, t) => [
        { data: periods[t + 1], reference: techs[t] },
        { data: periods[t], reference: techs[t + 1] },
      ]),
    ],
    opts,
    exec,
  );
  const own = all.slice(0, T);
  const out: LuenbergerStep[] = [];
  const remedy = ': the index of this step is left empty — the global index (gml) is always feasible';
  for (let t = 0; t + 1 < T; t++) {
    const st = emptyStep(t, n);
    const a = own[t];
    const b = own[t + 1];
    const ab = all[T + 2 * t];
    const ba = all[T + 2 * t + 1];
    for (let j = 0; j < n; j++) {
      st.dTT[j] = a.b[j];
      st.dTT1[j] = ab.b[j];
      st.dT1T[j] = ba.b[j];
      st.dT1T1[j] = b.b[j];
      const checks: [LpStatus, string, number][] = [
        [a.st[j], 'D^t(t)', t],
        [ab.st[j], 'D^t(t+1)', t + 1],
        [ba.st[j], 'D^{t+1}(t)', t],
        [b.st[j], 'D^{t+1}(t+1)', t + 1],
      ];
      for (const [s, what, p] of checks) if (s !== 'optimal') mark(st, j, s, what, `data of period ${p + 1}`, remedy);
      const [tt, tt1, t1t, t1t1] = [a.b[j], ab.b[j], ba.b[j], b.b[j]].map((v) => 1 + v);
      if (a.st[j] === 'optimal' && b.st[j] === 'optimal') st.ec[j] = tt / t1t1;
      if (st.status[j] !== 'optimal' || !positive(st, j, [tt1, t1t], ['D^t(t+1)', 'D^{t+1}(t)'])) continue;
      st.tc[j] = Math.sqrt((t1t / tt) * (t1t1 / tt1));
      st.index[j] = Math.sqrt((tt / tt1) * (t1t / t1t1));
    }
    out.push(st);
  }
  cumulate(out, n);
  return out;
}

/**
 * Global Malmquist–Luenberger index (Oh 2010) of each DMU between consecutive periods, against the frontier of all
 * periods pooled, with EC (contemporaneous frontiers) and BPC in the `tc` column. Cost: 2Tn DDF LPs (each
 * unit-period once against the global and once against its own period's frontier), the global ones over the reduced
 * columns of {@link globalBetas}. `exec` (e.g. the worker pool of io/workers/dea-pool.ts) runs the LPs, the same results.
 */
export function globalMalmquistLuenberger(periods: readonly DeaData[], opts: LuenbergerOptions = {}, exec?: DeaExecutor): LuenbergerStep[] {
  checkPanel(periods, 'global Malmquist–Luenberger', opts.path);
  const own = betas(
    periods.map((data) => ({ data, reference: data })),
    opts,
    exec,
  );
  return gmlSteps(own, globalBetas(periods, own, opts, exec), periods[0].n);
}

/**
 * GML from its distance functions: `own[t]` = D^t(t) and `glob[t]` = D^G(t) of every DMU (β* and LP status), G from
 * {@link globalReference}; {@link globalMalmquistLuenberger} computes them and calls this.
 */
export function gmlSteps(
  own: readonly { b: Float64Array; st: LpStatus[] }[],
  glob: readonly { b: Float64Array; st: LpStatus[] }[],
  n: number,
): LuenbergerStep[] {
  const T = own.length;
  const out: LuenbergerStep[] = [];
  const remedy = ': the index of this step is left empty — check the data of this unit';
  for (let t = 0; t + 1 < T; t++) {
    const st = emptyStep(t, n);
    for (let j = 0; j < n; j++) {
      st.dTT[j] = own[t].b[j];
      st.dT1T1[j] = own[t + 1].b[j];
      st.dGT[j] = glob[t].b[j];
      st.dGT1[j] = glob[t + 1].b[j];
      const checks: [LpStatus, string, number][] = [
        [own[t].st[j], 'D^t(t)', t],
        [own[t + 1].st[j], 'D^{t+1}(t+1)', t + 1],
        [glob[t].st[j], 'D^G(t)', t],
        [glob[t + 1].st[j], 'D^G(t+1)', t + 1],
      ];
      for (const [s, what, p] of checks) if (s !== 'optimal') mark(st, j, s, what, `data of period ${p + 1}`, remedy);
      const [tt, t1t1, gt, gt1] = [own[t].b[j], own[t + 1].b[j], glob[t].b[j], glob[t + 1].b[j]].map((v) => 1 + v);
      if (glob[t].st[j] === 'optimal' && glob[t + 1].st[j] === 'optimal') st.index[j] = gt / gt1;
      if (st.status[j] !== 'optimal') continue;
      st.ec[j] = tt / t1t1;
      st.tc[j] = gt / tt / (gt1 / t1t1);
    }
    out.push(st);
  }
  cumulate(out, n);
  return out;
}

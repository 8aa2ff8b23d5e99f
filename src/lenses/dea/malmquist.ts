/**
 * Malmquist productivity index (Caves, Christensen & Diewert 1982; Färe, Grosskopf, Norris & Zhang 1994) between
 * consecutive periods, from CCR distance functions (constant returns), with the decomposition M = EC × TC:
 *   D^a(b) = the CCR efficiency (θ*, input orientation; 1/φ* for output) of the period-b data against the period-a
 *   frontier (a cross-period LP when a ≠ b);
 *   EC = D^{t+1}(t+1) / D^t(t);  TC = √[(D^t(t+1) / D^{t+1}(t+1)) · (D^t(t) / D^{t+1}(t))];  M = EC · TC.
 * M > 1 is productivity growth. Under constant returns the input and output orientations give the same index.
 * Validated on Grifell-Tatjé & Lovell (1999) (test/lenses/dea.test.ts). A cross-period LP that is not optimal
 * (possible under vrs only) leaves NaN with its status in `status` — reported, never a silent NaN.
 */
import { fail } from '../../core/errors.js';
import type { LpStatus } from './lp.js';
import { type DeaData, type Orientation, type Rts, radial } from './models.js';

export interface MalmquistStep {
  /** Indices (into the `periods` array) of the two periods compared. */
  from: number;
  to: number;
  /** Per DMU (in the order of the periods' data, which must list the same DMUs): D^t(t), D^t(t+1), D^{t+1}(t), D^{t+1}(t+1). */
  dTT: Float64Array;
  dTT1: Float64Array;
  dT1T: Float64Array;
  dT1T1: Float64Array;
  ec: Float64Array;
  tc: Float64Array;
  mi: Float64Array;
  /** Worst LP status over the four LPs of each DMU. */
  status: LpStatus[];
}

export interface MalmquistOptions {
  orientation?: Orientation;
  /** Default crs (the CCR-based index); vrs distance functions give the index some papers report as "VRS Malmquist". */
  rts?: Rts;
  path?: string;
}

/**
 * Malmquist index of each DMU between consecutive periods. `periods[k]` holds the same n DMUs in the same order.
 * Example: `malmquist([d1, d2])[0].mi`. Cost: per step 4n radial models (8n LPs).
 */
export function malmquist(periods: readonly DeaData[], opts: MalmquistOptions = {}): MalmquistStep[] {
  const orientation = opts.orientation ?? 'input';
  const rts = opts.rts ?? 'crs';
  if (periods.length < 2)
    fail('E_DEA_SPEC', 'the Malmquist index needs at least two periods', {
      location: opts.path ? { path: opts.path } : undefined,
      hint: 'give a panel with two or more periods',
    });
  const n = periods[0].n;
  for (const [k, p] of periods.entries())
    if (p.n !== n || p.m !== periods[0].m || p.s !== periods[0].s)
      fail('E_DEA_DATA', `period ${k + 1} has ${p.n} DMUs × ${p.m} inputs × ${p.s} outputs, period 1 ${n} × ${periods[0].m} × ${periods[0].s}`, {
        location: opts.path ? { path: opts.path } : undefined,
        hint: 'the Malmquist index needs a balanced panel: the same DMUs and variables in every period',
      });
  const eff = (data: DeaData, reference: DeaData) => {
    const r = radial(data, { rts, orientation, reference, path: opts.path });
    return { e: r.efficiency, st: r.status };
  };
  const rank: Record<LpStatus, number> = { optimal: 0, unbounded: 1, infeasible: 2, failed: 3 };
  const out: MalmquistStep[] = [];
  for (let k = 0; k + 1 < periods.length; k++) {
    const a = periods[k];
    const b = periods[k + 1];
    const tt = eff(a, a);
    const tt1 = eff(b, a);
    const t1t = eff(a, b);
    const t1t1 = eff(b, b);
    const ec = new Float64Array(n);
    const tc = new Float64Array(n);
    const mi = new Float64Array(n);
    const status: LpStatus[] = [];
    for (let j = 0; j < n; j++) {
      ec[j] = t1t1.e[j] / tt.e[j];
      tc[j] = Math.sqrt((tt1.e[j] / t1t1.e[j]) * (tt.e[j] / t1t.e[j]));
      mi[j] = ec[j] * tc[j];
      status.push([tt, tt1, t1t, t1t1].map((x) => x.st[j]).reduce((w, x) => (rank[x] > rank[w] ? x : w), 'optimal' as LpStatus));
    }
    out.push({ from: k, to: k + 1, dTT: tt.e, dTT1: tt1.e, dT1T: t1t.e, dT1T1: t1t1.e, ec, tc, mi, status });
  }
  return out;
}

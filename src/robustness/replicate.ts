/**
 * The weight-and-aggregate phase of robustness replications on one (log, construction state),
 * prepared once (issue 14): what aggregatePhase works out on every call — the nodes the tracked
 * scores need, each node's options, descriptors, spec path and unperturbed weights, which children
 * are indicators — is fixed for a (log, state), so a replication only perturbs the weights and
 * aggregates the nodes the perturbation reaches, through the same kernel calls.
 *
 * The values are aggregatePhase's with `reuse`, bit for bit: an aggregate whose children are
 * indicators or unperturbed aggregates and whose perturbed weights equal the unperturbed ones keeps
 * the unperturbed score; any other is aggregated by `aggregateColumns` on its children's scores
 * and its perturbed weights, all periods at once when the method is row-wise and the weights are
 * the same in every period (or its ideal is pooled), else period by period — as aggregateNode.
 *
 * Only for what this covers exactly (see {@link ReplicaPlan.make}): weights not from the data
 * (nominal, equal, AHP — a function of the framework and the options alone), aggregates of their
 * children, tracked scores that are framework nodes. Anything else, exclusions and the error of a
 * pooled ideal with weights that differ by period take aggregatePhase.
 */
import type { AggregateDescriptor } from '../pipeline/aggregate/index.js';
import type { AggregateOptions } from '../spec/steps.js';
import { getAggregateDescriptor } from '../pipeline/aggregate/index.js';
import type { Execution } from '../pipeline/descriptor.js';
import type { PipelineLog } from '../pipeline/log.js';
import { aggregateColumns } from '../pipeline/methods.js';
import { aggregatePhase, cachedLogs, type ConstructState } from '../pipeline/run.js';
import { getWeightDescriptor } from '../pipeline/weight/index.js';
import type { Factor } from './factors.js';

interface PlanNode {
  code: string;
  /** Score slots of the children (indicators first in the slot array, then aggregates in phase order). */
  kids: Int32Array;
  kidCodes: readonly string[];
  /** Whether every child is an indicator. */
  leafKids: boolean;
  /** Positions of the children whose weight a weights factor may perturb, and for each the child's position in each weights factor's draws (−1: not drawn by it), nW per child. */
  noisy: Int32Array;
  drawAt: Int32Array;
  /** Unperturbed weights (nT × k) and score. */
  w0: Float64Array;
  score0: Float64Array;
  o: AggregateOptions;
  where: string;
  d: AggregateDescriptor;
  rowWise: boolean;
  pooledIdeal: boolean;
}

export class ReplicaPlan {
  private constructor(
    private readonly nodes: PlanNode[],
    /** Score slots: indicators, then the plan's aggregates (their unperturbed scores). */
    slots: Float64Array[],
    private readonly nInd: number,
    private readonly tracked: readonly { code: string; slot: number }[],
    private readonly nU: number,
    private readonly nT: number,
    private readonly periods: readonly string[],
    private readonly exec: Execution,
  ) {
    this.cur = slots.slice();
    this.clean = new Uint8Array(nodes.length);
  }

  /** The current score of every slot (a replication writes every aggregate's before its parent reads it) and which aggregates are clean. */
  private readonly cur: Float64Array[];
  private readonly clean: Uint8Array;

  /**
   * The plan of (state, log) for the scores `tracked`, with `weights` the weights factors (in factor
   * order); undefined when the plan would not be aggregatePhase's exactly.
   */
  static make(state: ConstructState, log: PipelineLog, tracked: readonly string[], weights: readonly Factor[]): ReplicaPlan | undefined {
    const fw = state.framework;
    if (!tracked.every((c) => fw.nodes.has(c))) return undefined;
    const wt = log.find((e) => e.step === 'weight')?.options as { base: { method: string }; byNode: Record<string, { method: string }> } | undefined;
    const ag = log.find((e) => e.step === 'aggregate')?.options as { byNode: Record<string, AggregateOptions> } | undefined;
    if (!wt || !ag) return undefined;
    const needed = new Set<string>();
    const add = (c: string) => {
      if (needed.has(c)) return;
      needed.add(c);
      for (const k of fw.nodes.get(c)!.children) add(k);
    };
    for (const c of tracked) add(c);
    const order = fw.aggregates.filter((c) => needed.has(c));
    for (const code of order) {
      const d = getWeightDescriptor((wt.byNode[code] ?? wt.base).method);
      if (d.fromData || d.parts) return undefined;
      if ((ag.byNode[code] as { inputs?: string }).inputs === 'indicators') return undefined;
    }
    // The unperturbed phase: every needed node's weights and score.
    const nominal = aggregatePhase(state, { log, details: false, only: tracked });
    const ind = fw.indicators;
    const slotOf = new Map<string, number>();
    const slots: Float64Array[] = [];
    for (const c of ind) {
      slotOf.set(c, slots.length);
      slots.push(nominal.scores.get(c)!);
    }
    const scr = state.datasets.screened;
    const nU = scr.units.length;
    const nT = scr.periods.length;
    const nodes: PlanNode[] = [];
    const drawIndex = weights.map((f) => new Map(f.noisyOrder!.map((c, i) => [c, i])));
    for (const code of order) {
      const kidCodes = fw.nodes.get(code)!.children;
      const o = ag.byNode[code];
      const d = getAggregateDescriptor(o.method);
      const noisy = kidCodes.flatMap((c, i) => (drawIndex.some((m) => m.has(c)) ? [i] : []));
      nodes.push({
        code,
        kids: Int32Array.from(kidCodes, (c) => slotOf.get(c)!),
        kidCodes,
        leafKids: kidCodes.every((c) => fw.nodes.get(c)!.isIndicator),
        noisy: Int32Array.from(noisy),
        drawAt: Int32Array.from(noisy.flatMap((i) => drawIndex.map((m) => m.get(kidCodes[i]) ?? -1))),
        w0: nominal.W.get(code)!,
        score0: nominal.scores.get(code)!,
        o,
        where: `steps.aggregate.nodes.${code}`,
        d,
        rowWise: d.rowwise === true,
        pooledIdeal: d.needsIdeal === true && (o as { ideal?: string }).ideal === 'pooled',
      });
      slotOf.set(code, slots.length);
      slots.push(nominal.scores.get(code)!);
    }
    const exec: Execution = {};
    // The logarithms of the columns aggregated again unchanged (indicators, unperturbed scores), as aggregatePhase keeps them with `reuse`.
    if (nU * nT >= 4096) {
      exec.logs = cachedLogs(new Set<Float64Array>(slots), state.logCache);
    }
    const trackedSlots = tracked.map((code) => ({ code, slot: slotOf.get(code)! }));
    return new ReplicaPlan(nodes, slots, ind.length, trackedSlots, nU, nT, scr.periods, exec);
  }

  /**
   * The tracked scores with the weights perturbed by `draws` (each weights factor's multipliers,
   * aligned with its noisyOrder; undefined when it is not active), multiplied in factor order as
   * the engine's perturbWeights does; undefined when aggregatePhase must run instead (a pooled
   * ideal with weights that differ by period: its error).
   */
  run(draws: readonly (Float64Array | undefined)[]): Map<string, Float64Array> | undefined {
    const { nodes, nInd, nT } = this;
    // The plan's own buffers: one thread, one replication at a time.
    const cur = this.cur;
    const clean = this.clean.fill(0);
    for (let p = 0; p < nodes.length; p++) {
      const n = nodes[p];
      const k = n.kidCodes.length;
      let w = n.w0;
      const nW = draws.length;
      for (let q = 0; q < n.noisy.length; q++) {
        const i = n.noisy[q];
        let m = 1;
        for (let f = 0; f < nW; f++) {
          const d = draws[f];
          const at = n.drawAt[q * nW + f];
          if (d && at >= 0) m *= d[at];
        }
        if (m !== 1) {
          if (w === n.w0) w = n.w0.slice();
          for (let t = 0; t < nT; t++) w[t * k + i] *= m;
        }
      }
      let kidsClean = true;
      for (let j = 0; j < k && kidsClean; j++) {
        const s = n.kids[j];
        if (s >= nInd && !clean[s - nInd]) kidsClean = false;
      }
      if (kidsClean && (w === n.w0 || sameValues(w, n.w0))) {
        clean[p] = 1;
        cur[nInd + p] = n.score0;
        continue;
      }
      const score = this.aggregate(n, w, cur);
      if (!score) return undefined;
      cur[nInd + p] = score;
    }
    const out = new Map<string, Float64Array>();
    for (const t of this.tracked) out.set(t.code, cur[t.slot]);
    return out;
  }

  /** aggregateNode's computation of one node from its children's current scores. */
  private aggregate(n: PlanNode, w: Float64Array, cur: Float64Array[]): Float64Array | undefined {
    const { nU, nT } = this;
    const k = n.kids.length;
    const cols: Float64Array[] = new Array(k);
    for (let j = 0; j < k; j++) cols[j] = cur[n.kids[j]];
    const constW = isConstant(w, k, nT);
    if ((n.rowWise && constW) || n.pooledIdeal) {
      if (!constW) return undefined;
      return aggregateColumns(n.o.method, cols, w.subarray(0, k), n.o, n.where, () => n.code, this.exec);
    }
    const out = new Float64Array(nU * nT);
    for (let t = 0; t < nT; t++) {
      const r = aggregateColumns(
        n.o.method,
        cols.map((v) => v.subarray(t * nU, (t + 1) * nU)),
        w.subarray(t * k, (t + 1) * k),
        n.o,
        n.where,
        () => `${n.code}, ${this.periods[t]}`,
        this.exec,
      );
      out.set(r, t * nU);
    }
    return out;
  }
}

function sameValues(a: Float64Array, b: Float64Array): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function isConstant(w: Float64Array, k: number, nT: number): boolean {
  for (let t = 1; t < nT; t++) for (let i = 0; i < k; i++) if (w[t * k + i] !== w[i]) return false;
  return true;
}

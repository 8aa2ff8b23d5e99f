/**
 * The robustness engine: re-runs the logged pipeline with perturbed choices.
 *
 * A replication is defined by one unit uniform per factor. Steps changed by the factors are
 * re-resolved into a log (memoised by the factor values that change them); the construction phase
 * (denominate → normalise) is memoised by the values of the factors that touch it, so most
 * replications only re-weight and re-aggregate, and only the tracked scores' subtrees (an
 * alternative score or a branch that is not tracked is not computed). Outputs are the tracked
 * scores and their ranks, laid out per tracked code then period-major: index = (c·nT + t)·nU + u.
 */
import { NqpfError, fail } from '../core/errors.js';
import type { Framework } from '../core/framework.js';
import type { Panel } from '../core/panel.js';
import { resolveLog, type PipelineLog } from '../pipeline/log.js';
import { RankScratch, rankTo } from '../kernels/rank.js';
import { type AggregateReuse, aggregatePhase, constructPhase, type ConstructState, type NormalisedColumns, normalisedColumns } from '../pipeline/run.js';
import type { RobustnessSpec } from '../spec/schema.js';
import { StepsSpec } from '../spec/steps.js';
import { compileFactors, excludedBy, factorLabel, factorValue, noiseDraws, setAt, type Factor } from './factors.js';
import { ReplicaPlan } from './replicate.js';

export interface EngineInput {
  raw: Panel;
  framework: Framework;
  steps: StepsSpec;
  groupAttr?: string;
  spec: RobustnessSpec;
  seed: number;
}

/** Output buffers: double precision, or single precision for very large runs (ranks stay exact below 2^24 units). */
export type OutBuffer = Float64Array | Float32Array;

export interface RunOutputs {
  /** Tracked scores (NaN where a score is missing, e.g. its node was excluded). */
  scores: OutBuffer;
  /** Their ranks per period (1 = best, ties share the lowest rank). */
  ranks: OutBuffer;
}

const CACHE_LIMIT = 64;

/**
 * Construction states shared by the threads of one robustness run (io/workers: a SharedArrayBuffer
 * per column): the normalised columns of a state, computed by the first thread that needs them,
 * are taken by the others instead of normalising again (a rank normalisation of a firm-scale panel
 * is ≈ 0.2–0.4 s of CPU per thread). The values are the same whichever thread computed them.
 */
export interface StateExchange {
  /** The normalised columns another thread published under `key`, if any by now. */
  take(key: string): NormalisedColumns | undefined;
  /** Publish a state's normalised columns under `key`; returns the shared copies (this thread keeps those instead of its own). */
  publish(key: string, cols: NormalisedColumns): NormalisedColumns;
}

export class RobustnessEngine {
  readonly factors: Factor[];
  readonly tracked: string[];
  readonly units: string[];
  readonly periods: string[];
  readonly nOut: number;
  private readonly input: EngineInput;
  private readonly logCache = new Map<string, PipelineLog>();
  private readonly keys = new WeakMap<object, string>();
  private readonly stateCache = new Map<string, ConstructState>();
  /** Unperturbed aggregate results per (log, state): what a weight perturbation leaves alone is computed once. */
  private readonly reuse = new WeakMap<PipelineLog, { state: ConstructState; nodes: AggregateReuse }>();
  private readonly nominalLog: PipelineLog;
  private readonly nominalState: ConstructState;
  /** The tracked scores of the nominal run (never changed: collect only reads them). */
  private readonly nominalScores: Map<string, Float64Array>;
  /** Prepared replications per (log, state), or null where aggregatePhase runs instead. */
  private readonly plans = new WeakMap<PipelineLog, Map<ConstructState, ReplicaPlan | null>>();
  /** The factors that change steps (construct or aggregate stage) and the weights factors, in factor order. */
  private readonly stepFactors: Factor[];
  private readonly weightFactors: Factor[];
  /** Each weights factor's noise multipliers of the current replication (aligned with its noisyOrder), or undefined when it is not active. */
  private readonly draws: (Float64Array | undefined)[];
  /** The factor values of the current replication (run). */
  private readonly values: unknown[];
  private rankBuf = new Float64Array(0);
  private readonly rankScratch = new RankScratch();
  /**
   * Where this engine's construction states are shared with the other threads of its run (set by
   * the worker hand-off); only used when the states its factors can make are few (see shareable).
   */
  exchange?: StateExchange;
  /** Whether every construction factor has a few discrete values (≤ CACHE_LIMIT states in all): a continuous one makes a state per replication, not worth sharing. */
  private readonly shareable: boolean;

  /**
   * `nominal`: the nominal run's log and construction state when the caller has them (a run's
   * executeLog, from the same raw panel, framework and steps), instead of resolving and constructing again.
   */
  constructor(input: EngineInput, nominal?: { log: PipelineLog; state: ConstructState }) {
    this.input = input;
    this.factors = compileFactors(input.spec.factors, input.steps, input.framework);
    this.nominalLog = nominal?.log ?? resolveLog(input.steps, input.framework, input.groupAttr);
    this.nominalState = nominal?.state ?? constructPhase({ raw: input.raw, framework: input.framework, log: this.nominalLog });
    const scr = this.nominalState.datasets.screened;
    this.units = scr.units;
    this.periods = scr.periods;
    this.tracked = input.spec.scores ?? [input.framework.root];
    // Only the tracked scores' subtrees: the other scores (an alternative TOPSIS over every
    // unit-period, the untracked dimensions) are computed only to name them when one is missing.
    this.nominalScores = aggregatePhase(this.nominalState, { details: false, only: this.tracked }).scores;
    this.tracked.forEach((c, i) => {
      if (!this.nominalScores.has(c))
        fail('E_SPEC', `robustness.scores.${i}: "${c}" is not a score of this run`, {
          location: { path: `robustness.scores.${i}` },
          hint: `scores: ${[...aggregatePhase(this.nominalState, { details: false }).scores.keys()].join(', ')}`,
        });
    });
    this.nOut = this.tracked.length * this.units.length * this.periods.length;
    this.stepFactors = this.factors.filter((f) => f.stage === 'construct' || f.stage === 'aggregate');
    this.weightFactors = this.factors.filter((f) => f.stage === 'weights');
    this.draws = this.weightFactors.map(() => undefined);
    let states = 1;
    for (const f of this.stepFactors) if (f.stage === 'construct') states *= f.levels > 0 ? f.levels + 1 : Infinity;
    this.shareable = states > 1 && states <= CACHE_LIMIT;
    this.values = this.factors.map(() => undefined);
  }

  /** Outputs of the nominal run (the spec as written). */
  nominal(): RunOutputs {
    const out = { scores: new Float64Array(this.nOut), ranks: new Float64Array(this.nOut) };
    this.collect(this.nominalScores, out.scores, out.ranks, 0);
    return out;
  }

  /**
   * Run one replication at the unit-uniform point `u` (one per factor); write outputs at `offset`.
   * `replication` (0-based) only serves messages: an error names it.
   */
  run(u: ArrayLike<number>, scores: OutBuffer, ranks: OutBuffer, offset: number, replication?: number): void {
    const values = this.values;
    for (const f of this.factors) values[f.index] = factorValue(f, u[f.index]);
    this.runValues(values, scores, ranks, offset, replication);
  }

  /**
   * Run with concrete factor values; `undefined` leaves a factor at the spec's own (nominal) choice.
   * An error is re-raised naming the factors and the values drawn (`robustness.factors.1
   * "normalisation" = {"method":"zscore"}`) and the replication, so that it does not read as if the
   * spec's own step had failed.
   */
  runValues(values: readonly unknown[], scores: OutBuffer, ranks: OutBuffer, offset: number, replication?: number): void {
    try {
      this.runValuesUnchecked(values, scores, ranks, offset);
    } catch (e) {
      throw this.replicationError(e, values, replication);
    }
  }

  private replicationError(e: unknown, values: readonly unknown[], replication: number | undefined): NqpfError {
    const inner = e instanceof NqpfError ? e : new NqpfError('E_INTERNAL', e instanceof Error ? e.message : String(e));
    const active = this.factors.filter((f) => values[f.index] !== undefined);
    // Factors that change a step are the likely cause; noise and exclusion draws are listed after them.
    const ordered = [...active.filter((f) => f.stepPath), ...active.filter((f) => !f.stepPath)];
    const drawn = ordered.map((f) => `robustness.factors.${f.index}${f.spec.name ? ` "${f.spec.name}"` : ''} = ${factorLabel(f, values[f.index])}`);
    const where = inner.location
      ? ` (${[inner.location.path, inner.location.column !== undefined ? `column ${inner.location.column}` : ''].filter(Boolean).join(', ')})`
      : '';
    const first = ordered[0];
    return new NqpfError(
      inner.code,
      `robustness ${replication === undefined ? 'run' : `replication ${replication + 1}`} with ${drawn.join('; ') || 'the nominal choices'} failed: ${inner.message}${where}`,
      {
        location: { path: first ? `robustness.factors.${first.index}` : 'robustness' },
        hint:
          first?.spec.type === 'alternatives'
            ? `the alternative drawn cannot run with the rest of the spec; change or remove it in robustness.factors.${first.index}.alternatives${inner.hint ? ` (${inner.hint})` : ''}`
            : inner.hint,
        data: { replication, factors: ordered.map((f) => f.index) },
      },
    );
  }

  private runValuesUnchecked(values: readonly unknown[], scores: OutBuffer, ranks: OutBuffer, offset: number): void {
    const { seed } = this.input;
    let log = this.nominalLog;
    let state = this.nominalState;
    // Cache keys: the active step factors and their values (objects by their JSON, written once).
    let keyAll = '';
    let keyC = '';
    for (const f of this.stepFactors) {
      const v = values[f.index];
      if (v === undefined) continue;
      const part = `${f.index}=${this.valueKey(v)};`;
      keyAll += part;
      if (f.stage === 'construct') keyC += part;
    }
    if (keyAll) {
      log = this.memo(this.logCache, keyAll, () => {
        const steps = structuredClone(this.input.steps);
        for (const f of this.stepFactors) if (values[f.index] !== undefined) setAt(steps, f.stepPath!, values[f.index]);
        return resolveLog(StepsSpec.parse(steps), this.input.framework, this.input.groupAttr);
      });
      if (keyC) state = this.memo(this.stateCache, keyC, () => this.construct(log, keyC));
    }
    let exclude: Set<string> | undefined;
    for (const f of this.factors) {
      if (f.stage !== 'exclusion' || values[f.index] === undefined) continue;
      exclude ??= new Set();
      for (const c of excludedBy(f, values[f.index] as number, seed)) if (state.framework.nodes.has(c)) exclude.add(c);
    }
    const draws = this.draws;
    let noisy = false;
    this.weightFactors.forEach((f, w) => {
      const v = values[f.index];
      if (v === undefined) draws[w] = undefined;
      else {
        draws[w] = noiseDraws(f, v as number, seed, draws[w] ?? new Float64Array(f.noisyOrder!.length));
        noisy = true;
      }
    });
    if (!exclude) {
      let byState = this.plans.get(log);
      if (!byState) this.plans.set(log, (byState = new Map()));
      let plan = byState.get(state);
      if (plan === undefined) byState.set(state, (plan = ReplicaPlan.make(state, log, this.tracked, this.weightFactors) ?? null));
      const got = plan?.run(draws);
      if (got) {
        this.collect(got, scores, ranks, offset);
        return;
      }
    }
    // The general phase (exclusions, plans it does not cover): the weights factors' multipliers by node, applied in factor order.
    const multipliers: Map<string, number>[] = [];
    this.weightFactors.forEach((f, w) => {
      const d = draws[w];
      if (d) multipliers.push(new Map(f.noisyOrder!.map((node, i) => [node, d[i]])));
    });
    const perturbWeights = noisy
      ? (_node: string, w: Float64Array, kids: readonly string[]) => {
          const k = kids.length;
          const nT = w.length / k;
          for (let i = 0; i < k; i++) {
            let m = 1;
            for (const mm of multipliers) m *= mm.get(kids[i]) ?? 1;
            if (m !== 1) for (let t = 0; t < nT; t++) w[t * k + i] *= m;
          }
        }
      : undefined;
    let reuse: AggregateReuse | undefined;
    if (!exclude) {
      let r = this.reuse.get(log);
      if (r?.state !== state) this.reuse.set(log, (r = { state, nodes: new Map() }));
      reuse = r.nodes;
    }
    this.collect(aggregatePhase(state, { log, exclude, perturbWeights, details: false, reuse, only: this.tracked }).scores, scores, ranks, offset);
  }

  /** The construction state of `log` (cache key `key`): taken from another thread of the run when it published it, else built here (and published). */
  private construct(log: PipelineLog, key: string): ConstructState {
    const base = { raw: this.input.raw, framework: this.input.framework, log, from: [this.nominalState, ...this.stateCache.values()] };
    const ex = this.shareable ? this.exchange : undefined;
    if (!ex) return constructPhase(base);
    const got = ex.take(key);
    if (got) return constructPhase({ ...base, normalised: got });
    const own = constructPhase(base);
    // This thread keeps the shared copies too (one copy of the columns per run, not per thread).
    return constructPhase({ ...base, from: [own], normalised: ex.publish(key, normalisedColumns(own)) });
  }

  /** Outputs with the given indicators left out (everything else nominal). */
  runExcluding(exclude: ReadonlySet<string>): RunOutputs {
    const out = { scores: new Float64Array(this.nOut), ranks: new Float64Array(this.nOut) };
    this.collect(aggregatePhase(this.nominalState, { exclude, details: false, only: this.tracked }).scores, out.scores, out.ranks, 0);
    return out;
  }

  /** Indicators of the (screened) nominal framework. */
  get indicators(): string[] {
    return this.nominalState.framework.indicators;
  }

  private collect(all: Map<string, Float64Array>, scores: OutBuffer, ranks: OutBuffer, offset: number): void {
    const nU = this.units.length;
    const nT = this.periods.length;
    for (let c = 0; c < this.tracked.length; c++) {
      const x = all.get(this.tracked[c]);
      const base = offset + c * nT * nU;
      if (!x) {
        scores.fill(NaN, base, base + nT * nU);
        ranks.fill(NaN, base, base + nT * nU);
        continue;
      }
      scores.set(x, base);
      // Ranked through one reused buffer and scratch: a replication allocates nothing for its ranks.
      if (this.rankBuf.length !== nU) this.rankBuf = new Float64Array(nU);
      for (let t = 0; t < nT; t++)
        ranks.set(rankTo(nT === 1 ? x : x.subarray(t * nU, (t + 1) * nU), this.rankBuf, 'min', 'desc', this.rankScratch), base + t * nU);
    }
  }

  /** JSON of a factor value (a cache key part); an alternative's object is written once. */
  private valueKey(v: unknown): string {
    if (typeof v === 'number') return String(v); // the number's shortest text, as JSON writes it (NaN and ±Infinity apart)
    if (typeof v !== 'object' || v === null) return JSON.stringify(v);
    let k = this.keys.get(v);
    if (k === undefined) this.keys.set(v, (k = JSON.stringify(v)));
    return k;
  }

  private memo<T>(cache: Map<string, T>, key: string, make: () => T): T {
    let v = cache.get(key);
    if (v === undefined) {
      if (cache.size >= CACHE_LIMIT) cache.clear();
      v = make();
      cache.set(key, v);
    }
    return v;
  }
}

/**
 * Uncertain factors of a robustness analysis. Each maps a unit uniform u ∈ [0, 1) to a concrete
 * choice, so that Monte Carlo (u drawn per replication) and Saltelli designs (u from the design
 * matrix) share one code path:
 * - alternatives: floor(u·m) picks one of m values set at a spec path (e.g. steps.normalise);
 * - uniform: lo + u·(hi − lo); integer: an integer uniform on [lo, hi];
 * - weights: u selects a realisation of multiplicative noise 1 + U(−noise, noise) on the weights of
 *   the nodes at the chosen levels (the realisation is a seeded stream keyed by u, so equal u give
 *   equal noise, as the Saltelli estimators require);
 * - exclusion: one = floor(u·(m + 1)) leaves candidate #i out (m = none), random = k indicators
 *   drawn from a stream keyed by u.
 */
import { fail, nearest } from '../core/errors.js';
import type { Framework } from '../core/framework.js';
import { Rng } from '../core/rng.js';
import type { RobustnessFactor } from '../spec/schema.js';
import { StepsSpec } from '../spec/steps.js';
import { uniformToChoice, uniformToInt, uniformToRange } from './sampling.js';

export type FactorStage = 'construct' | 'aggregate' | 'weights' | 'exclusion';
const AGGREGATE_STEPS = new Set(['weight', 'aggregate']);

export interface Factor {
  index: number;
  spec: RobustnessFactor;
  stage: FactorStage;
  /** Path below `steps`, split (for alternatives/uniform/integer). */
  stepPath?: string[];
  /** Number of discrete choices (alternatives, integer, exclusion one), or 0 for continuous. */
  levels: number;
  /** Indicators that may be excluded (exclusion factors). */
  candidates?: string[];
  /** Nodes whose weight in their parent gets noise (weights factors). */
  noisyNodes?: Set<string>;
  /** The same nodes sorted: the order in which their noise is drawn. */
  noisyOrder?: string[];
}

/** Validate the factors against the steps and framework; every problem names `robustness.factors[i]…`. */
export function compileFactors(specs: readonly RobustnessFactor[], steps: StepsSpec, fw: Framework): Factor[] {
  return specs.map((f, i) => {
    const at = `robustness.factors.${i}`;
    const need = (field: keyof RobustnessFactor) => {
      if (f[field] === undefined)
        fail('E_SPEC', `${at}.${String(field)} is required for a factor of type ${f.type}`, { location: { path: `${at}.${String(field)}` } });
    };
    switch (f.type) {
      case 'alternatives':
      case 'uniform':
      case 'integer': {
        need('path');
        const parts = f.path!.split('.');
        if (parts[0] !== 'steps' || parts.length < 2)
          fail('E_SPEC', `${at}.path must address an option under steps (e.g. steps.treat.winmax), got "${f.path}"`, { location: { path: `${at}.path` } });
        const stepPath = parts.slice(1);
        checkStepPath(stepPath, `${at}.path`, f.path!);
        const stage: FactorStage = AGGREGATE_STEPS.has(stepPath[0]) ? 'aggregate' : 'construct';
        let levels = 0;
        const probe = (value: unknown, where: string) => {
          try {
            StepsSpec.parse(setAt(structuredClone(steps), stepPath, value));
          } catch (e) {
            fail(
              'E_SPEC',
              `${where}: the value ${JSON.stringify(value)} is not valid at ${f.path}: ${e instanceof Error ? e.message.split('\n').slice(0, 3).join(' ') : String(e)}`,
              { location: { path: where } },
            );
          }
        };
        if (f.type === 'alternatives') {
          need('alternatives');
          levels = f.alternatives!.length;
          f.alternatives!.forEach((v, j) => probe(v, `${at}.alternatives.${j}`));
        } else {
          need('range');
          const [lo, hi] = f.range!;
          if (!(hi >= lo)) fail('E_SPEC', `${at}.range must be [low, high] with high ≥ low`, { location: { path: `${at}.range` } });
          if (f.type === 'integer') {
            if (!Number.isInteger(lo) || !Number.isInteger(hi))
              fail('E_SPEC', `${at}.range must hold integers for type integer`, { location: { path: `${at}.range` } });
            levels = hi - lo + 1;
          }
          probe(f.type === 'integer' ? lo : lo, `${at}.range`);
          probe(hi, `${at}.range`);
        }
        return { index: i, spec: f, stage, stepPath, levels };
      }
      case 'weights': {
        const lv = f.levels ? new Set(f.levels) : undefined;
        const noisyNodes = new Set([...fw.nodes.values()].filter((n) => n.parent !== null && (!lv || lv.has(n.level))).map((n) => n.code));
        if (noisyNodes.size === 0)
          fail('E_SPEC', `${at}.levels: no framework node at levels ${[...(lv ?? [])].join(', ')}`, {
            location: { path: `${at}.levels` },
            hint: `levels in this framework: 1–${fw.nodes.get(fw.root)!.level}`,
          });
        return { index: i, spec: f, stage: 'weights', levels: 0, noisyNodes, noisyOrder: [...noisyNodes].sort() };
      }
      case 'exclusion': {
        const cands = f.indicators ?? fw.indicators;
        cands.forEach((c, j) => {
          if (!fw.nodes.get(c)?.isIndicator)
            fail('E_SPEC', `${at}.indicators.${j}: "${c}" is not an indicator of the framework`, { location: { path: `${at}.indicators.${j}` } });
        });
        if (f.mode === 'random' && f.k >= fw.indicators.length)
          fail('E_SPEC', `${at}.k must be smaller than the number of indicators (${fw.indicators.length})`, { location: { path: `${at}.k` } });
        return { index: i, spec: f, stage: 'exclusion', levels: f.mode === 'one' ? cands.length + 1 : 0, candidates: cands };
      }
    }
  });
}

/** The concrete value of factor f at u: a spec value, a noise key or an exclusion key. */
export function factorValue(f: Factor, u: number): unknown {
  switch (f.spec.type) {
    case 'alternatives':
      return f.spec.alternatives![uniformToChoice(u, f.levels)];
    case 'uniform':
      return uniformToRange(u, f.spec.range![0], f.spec.range![1]);
    case 'integer':
      return uniformToInt(u, f.spec.range![0], f.spec.range![1]);
    case 'weights':
      return Math.floor(u * 4294967296) >>> 0;
    case 'exclusion':
      return f.spec.mode === 'one' ? uniformToChoice(u, f.levels) : Math.floor(u * 4294967296) >>> 0;
  }
}

/** Human-readable label of a factor value (tables). */
export function factorLabel(f: Factor, v: unknown): string {
  if (f.spec.type === 'exclusion' && f.spec.mode === 'one') return (v as number) === f.candidates!.length ? 'none' : `without ${f.candidates![v as number]}`;
  if (f.spec.type === 'weights' || f.spec.type === 'exclusion') return `draw ${v}`;
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

/** Indicators excluded by an exclusion factor value. */
export function excludedBy(f: Factor, v: number, seed: number): string[] {
  const c = f.candidates!;
  if (f.spec.mode === 'one') return v === c.length ? [] : [c[v]];
  const rng = Rng.stream(seed, 0xe8c1, f.index, v);
  const pool = c.slice();
  const out: string[] = [];
  for (let i = 0; i < f.spec.k && pool.length; i++) out.push(...pool.splice(rng.int(pool.length), 1));
  return out;
}

/** Noise multipliers of a weights factor value, by node. */
export function noiseMultipliers(f: Factor, v: number, seed: number): Map<string, number> {
  const order = f.noisyOrder ?? [...f.noisyNodes!].sort();
  const d = noiseDraws(f, v, seed, new Float64Array(order.length));
  return new Map(order.map((node, i) => [node, d[i]]));
}

/** The same multipliers into `out`, aligned with `f.noisyOrder` (no map: the engine's replications). */
export function noiseDraws(f: Factor, v: number, seed: number, out: Float64Array): Float64Array {
  const rng = Rng.stream(seed, 0x3e1a, f.index, v);
  const noise = f.spec.noise;
  for (let i = 0; i < out.length; i++) out[i] = 1 + noise * (2 * rng.uniform() - 1);
  return out;
}

const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);

/** The object shape (field names) a zod schema accepts at its top, through defaults, optionals and unions; undefined for records/any. */
function fieldsOf(schema: unknown): Map<string, unknown> | undefined {
  const def = (schema as { def?: { type?: string; innerType?: unknown; shape?: Record<string, unknown>; options?: unknown[]; in?: unknown; out?: unknown } })
    ?.def;
  if (!def) return undefined;
  if (def.innerType) return fieldsOf(def.innerType);
  if (def.type === 'pipe') return fieldsOf(def.in);
  if (def.type === 'object' && def.shape) return new Map(Object.entries(def.shape));
  if (def.type === 'union' && def.options) {
    const m = new Map<string, unknown>();
    for (const o of def.options) for (const [k, v] of fieldsOf(o) ?? []) if (!m.has(k)) m.set(k, v);
    return m.size ? m : undefined;
  }
  return undefined;
}

/**
 * A factor path must name options the spec has: no `__proto__` / `constructor` / `prototype`
 * segment (which would set a field on every object of the process), and every segment a field of
 * the steps schema where the schema fixes the fields.
 */
function checkStepPath(stepPath: readonly string[], where: string, full: string): void {
  let schema: unknown = StepsSpec;
  for (let i = 0; i < stepPath.length; i++) {
    const k = stepPath[i];
    if (FORBIDDEN.has(k) || k === '')
      fail('E_SPEC', `${where}: "${full}" is not a spec path (segment "${k}" is not allowed)`, {
        location: { path: where },
        hint: 'name an option under steps, e.g. steps.treat.winmax or steps.normalise',
      });
    const fields = fieldsOf(schema);
    if (!fields) return; // a record or free-form value: any key below it is data
    if (!fields.has(k)) {
      const known = [...fields.keys()];
      fail(
        'E_SPEC',
        `${where}: "${full}" is not a spec path: ${['steps', ...stepPath.slice(0, i)].join('.')} has no option "${k}" (options: ${known.join(', ')})`,
        {
          location: { path: where },
          hint: nearest(k, known, 1).length ? `did you mean "${['steps', ...stepPath.slice(0, i), nearest(k, known, 1)[0]].join('.')}"?` : undefined,
        },
      );
    }
    schema = fields.get(k);
  }
}

/** Set `value` at `path` inside `obj` (creating objects on the way); returns obj. Refuses prototype keys. */
export function setAt<T>(obj: T, path: readonly string[], value: unknown): T {
  if (path.some((k) => FORBIDDEN.has(k)))
    fail('E_SPEC', `not a spec path: ${path.join('.')}`, { hint: '__proto__, constructor and prototype are not options' });
  let cur = obj as Record<string, unknown>;
  for (let i = 0; i < path.length - 1; i++) {
    const k = path[i];
    if (cur[k] === undefined || cur[k] === null || typeof cur[k] !== 'object') cur[k] = {};
    cur = cur[k] as Record<string, unknown>;
  }
  cur[path[path.length - 1]] = structuredClone(value);
  return obj;
}

/**
 * The run log: every construction step with its fully resolved options (per indicator or per
 * node), so that `executeLog(log, raw, framework)` regenerates the run exactly (COINr's `Regen`).
 * The robustness engine perturbs entries of this log and re-executes — nothing else.
 */
import type { Framework } from '../core/framework.js';
import { fail } from '../core/errors.js';
import type { StepsSpec, AggregateOptions, ImputeOptions, NormaliseOptions, TreatOptions, WeightOptions } from '../spec/schema.js';
import { getImputeDescriptor } from './impute/index.js';
import { getWeightDescriptor } from './weight/index.js';
import type { NormaliseContext } from './normalise/types.js';

export interface DenominateEntry {
  step: 'denominate';
  options: { enabled: boolean; byIndicator: Record<string, { denominator: string; scale: number }> };
}
/**
 * Resolved imputation of one indicator: the method, the method's own options that were given
 * (none has a default, so older logs read the same) and, for a grouped method, its group.
 */
export type ResolvedImpute = { method: ImputeOptions['method'] } & Partial<Omit<ImputeOptions, 'method'>>;
export interface ImputeEntry {
  step: 'impute';
  options: { byIndicator: Record<string, ResolvedImpute> };
}
export interface ScreenEntry {
  step: 'screen';
  options: { unitThreshold: number; indicatorThreshold: number; on: 'imputed' | 'denominated' };
}
/** Resolved treatment of one indicator: the step's options (every method's, from the registry). */
export type ResolvedTreat = TreatOptions;
export interface TreatEntry {
  step: 'treat';
  options: { byIndicator: Record<string, ResolvedTreat> };
}
/** Resolved normalisation of one indicator: the step's options (every method's, from the registry) and the framework's direction, target and goalposts. */
export type ResolvedNormalise = NormaliseOptions & NormaliseContext;
export interface NormaliseEntry {
  step: 'normalise';
  options: { byIndicator: Record<string, ResolvedNormalise> };
}
/** Resolved weighting of one node: the step's options (every method's, from the registry) merged with the node's. */
export type ResolvedWeight = WeightOptions;
export interface WeightEntry {
  step: 'weight';
  options: { base: ResolvedWeight; byNode: Record<string, ResolvedWeight> };
}
export interface AggregateEntry {
  step: 'aggregate';
  options: { byNode: Record<string, AggregateOptions>; alternatives: (AggregateOptions & { code: string; node: string })[] };
}

export type LogEntry = DenominateEntry | ImputeEntry | ScreenEntry | TreatEntry | NormaliseEntry | WeightEntry | AggregateEntry;
export type PipelineLog = [DenominateEntry, ImputeEntry, ScreenEntry, TreatEntry, NormaliseEntry, WeightEntry, AggregateEntry];

/** Resolve the spec's step section against the framework into a log (defaults, levels and overrides applied). */
export function resolveLog(steps: StepsSpec, fw: Framework, defaultGroup?: string): PipelineLog {
  const known = new Set(fw.nodes.keys());
  const checkKeys = (obj: Record<string, unknown>, path: string, allowed: Set<string>, what: string) => {
    for (const k of Object.keys(obj)) {
      if (!allowed.has(k))
        fail('E_SPEC_UNKNOWN_CODE', `${path}.${k}: "${k}" is not ${what} of the framework`, {
          location: { path: `${path}.${k}` },
          hint: `known: ${[...allowed].slice(0, 30).join(', ')}`,
        });
    }
  };
  const ind = fw.indicators;
  const indSet = new Set(ind);
  const aggSet = new Set(fw.aggregates);

  const den: DenominateEntry['options'] = { enabled: steps.denominate.enabled, byIndicator: {} };
  for (const c of ind) {
    const n = fw.nodes.get(c)!;
    if (n.denominator) den.byIndicator[c] = { denominator: n.denominator, scale: n.scale ?? steps.denominate.scale };
  }

  const { overrides: io, ...ibase } = steps.impute;
  checkKeys(io, 'steps.impute.overrides', indSet, 'an indicator');
  const imp: ImputeEntry['options'] = { byIndicator: {} };
  for (const c of ind) {
    const o: Record<string, unknown> & ImputeOptions = { ...ibase, ...io[c] };
    const d = getImputeDescriptor(o.method, io[c]?.method ? `steps.impute.overrides.${c}.method` : 'steps.impute.method');
    const own = Object.keys(d.options.shape).filter((k) => k !== 'group' && o[k] !== undefined);
    imp.byIndicator[c] = { method: o.method, ...Object.fromEntries(own.map((k) => [k, o[k]])), ...(d.grouped ? { group: o.group ?? defaultGroup } : {}) };
  }

  const { overrides: to, ...tbase } = steps.treat;
  checkKeys(to, 'steps.treat.overrides', indSet, 'an indicator');
  const tr: TreatEntry['options'] = { byIndicator: {} };
  for (const c of ind) tr.byIndicator[c] = { ...tbase, ...to[c] } as ResolvedTreat;

  const { overrides: no, ...nbase } = steps.normalise;
  checkKeys(no, 'steps.normalise.overrides', indSet, 'an indicator');
  const nm: NormaliseEntry['options'] = { byIndicator: {} };
  for (const c of ind) {
    const n = fw.nodes.get(c)!;
    const o = { ...nbase, ...no[c] };
    nm.byIndicator[c] = {
      ...o,
      direction: n.direction,
      ...(n.target !== undefined ? { target: n.target } : {}),
      ...(n.goalposts ? { goalposts: n.goalposts } : {}),
    } as ResolvedNormalise;
  }

  const { nodes: wn, ...wbase } = steps.weight;
  checkKeys(wn, 'steps.weight.nodes', aggSet, 'an aggregate node');
  const wt: WeightEntry['options'] = { base: wbase as ResolvedWeight, byNode: {} };
  for (const c of fw.aggregates) {
    const o = { ...wbase, ...wn[c] } as ResolvedWeight;
    const node = `steps.weight.nodes.${c}`;
    // What a method needs from the node's options (ahp its matrix, combine its methods), with the spec path.
    const d = getWeightDescriptor(o.method, wn[c]?.method ? `${node}.method` : 'steps.weight.method');
    d.check?.(o as never, { node, path: wn[c] ? node : 'steps.weight' });
    wt.byNode[c] = o;
  }

  const { levels, nodes: an, alternatives, ...abase } = steps.aggregate;
  checkKeys(an, 'steps.aggregate.nodes', aggSet, 'an aggregate node');
  for (const k of Object.keys(levels)) {
    if (!/^\d+$/.test(k))
      fail('E_SPEC', `steps.aggregate.levels.${k}: levels are numbers (2 = parents of indicators, …)`, { location: { path: `steps.aggregate.levels.${k}` } });
  }
  const ag: AggregateEntry['options'] = { byNode: {}, alternatives: [] };
  for (const c of fw.aggregates) {
    const lv = String(fw.nodes.get(c)!.level);
    ag.byNode[c] = { ...abase, ...levels[lv], ...an[c] } as AggregateOptions;
  }
  const codes = new Set(known);
  alternatives.forEach((a, i) => {
    if (!aggSet.has(a.node))
      fail('E_SPEC_UNKNOWN_CODE', `steps.aggregate.alternatives[${i}].node: "${a.node}" is not an aggregate node`, {
        location: { path: `steps.aggregate.alternatives.${i}.node` },
        hint: `known: ${fw.aggregates.join(', ')}`,
      });
    if (codes.has(a.code))
      fail('E_SPEC', `steps.aggregate.alternatives[${i}].code: "${a.code}" is already used`, {
        location: { path: `steps.aggregate.alternatives.${i}.code` },
        hint: 'choose a new column name, e.g. NQPF_topsis',
      });
    codes.add(a.code);
    ag.alternatives.push({ ...ag.byNode[a.node], ...a } as AggregateOptions & { code: string; node: string });
  });

  return [
    { step: 'denominate', options: den },
    { step: 'impute', options: imp },
    { step: 'screen', options: { ...steps.screen } },
    { step: 'treat', options: tr },
    { step: 'normalise', options: nm },
    { step: 'weight', options: wt },
    { step: 'aggregate', options: ag },
  ];
}

/**
 * The checks before a run, shared by `nqpf validate` and `nqpf run` (one function, so `validate`
 * cannot say "ok" where `run` then stops): every problem of the input is collected and reported
 * in one error (core/problems.ts), each with its location.
 *
 * 1. The data (`loadProject` with a problem list): unknown units with their rows, duplicated
 *    unit-period rows, every non-numeric cell, indicator columns without a value, …
 * 2. The analyses of the spec against the framework and the data: every score code a section names
 *    (`score`, `scores`, `subsystems`, `covariates`, `analyses.score`) is a framework code or an
 *    alternative score; `analyses.group` is a unit attribute; a section that needs groups or
 *    spatial weights (its descriptor's `requires`) has them, and every unit has a group; the spatial
 *    weights file exists (`run` would stop on it only after computing the scores).
 * 3. The values the construction steps would refuse, named by indicator, unit and period instead
 *    of a kernel's "column 1, row 57": values ≤ 0 under a treatment that takes logarithms (the
 *    treat method's `domain`), and normalised values outside the domain of the aggregation
 *    (geometric and harmonic means: > 0; AMPI: ≥ 0) or of entropy weights (≥ 0, after `shift`);
 *    any other error of the construction steps (a constant indicator under z-scores …) is reported
 *    as it is. These run the construction steps up to normalisation (milliseconds for a
 *    provincial panel; the run log is not changed) and only when the data have no problem.
 */
import { NqpfError, nearest } from '../core/errors.js';
import { indicatorsUnder, type Framework } from '../core/framework.js';
import type { Panel } from '../core/panel.js';
import { problemOf, throwProblems, type Problem } from '../core/problems.js';
import { weightsFileProblems } from './analyses-io.js';
import { checkBuiltinWeights } from './builtin-weights.js';
import { presentAnalyses } from '../analysis/registry.js';
import { getAggregateDescriptor } from '../pipeline/aggregate/index.js';
import type { PipelineLog, TreatEntry } from '../pipeline/log.js';
import { type ConstructState, constructPhase } from '../pipeline/run.js';
import { getTreatDescriptor, TREAT } from '../pipeline/treat/index.js';
import { loadProject, type LoadedProject, type LoadOptions } from '../io/read/load-project.js';

/** Fields of an analysis section that name scores. */
const SCORE_FIELDS = ['score', 'scores', 'subsystems', 'covariates'] as const;
/**
 * Weighting methods whose kernel refuses negative values (entropy: p_ij = y_ij / Σ y_ij). To become
 * a property of the weight descriptors, which are being converted (docs/architecture.md, status).
 */
const NONNEGATIVE_WEIGHTS: ReadonlySet<string> = new Set(['entropy']);
/** Units/periods named per problem. */
const EXAMPLES = 3;

/**
 * Load a project and run every check before computing: the data's problems, the analyses' needs
 * and the values the construction steps would refuse, all reported together in one error.
 * `nqpf validate` and `runProject` both start here.
 */
export async function loadCheckedProject(
  specPath: string,
  opts: Omit<LoadOptions, 'problems'> & {
    /** Called with the project once its data are read without problems, before the checks of the values (a run feeds its robustness workers then). */
    onData?: (project: LoadedProject) => void;
  } = {},
): Promise<LoadedProject> {
  const problems: Problem[] = [];
  const { onData, ...load } = opts;
  const project = await loadProject(specPath, { ...load, problems });
  const dataOk = problems.length === 0;
  if (dataOk) onData?.(project);
  problems.push(...checkAnalyses(project), ...(await weightsFileProblems(project)));
  if (dataOk) {
    const checked = checkValuesOf(project);
    problems.push(...checked.problems);
    if (checked.state) checkedStates.set(project, checked.state);
  }
  throwProblems(problems, { note: project.dataSheetNote });
  return project;
}

/** The construction the checks of {@link loadCheckedProject} built for each project they passed. */
const checkedStates = new WeakMap<LoadedProject, ConstructState>();

/**
 * The construction state (raw → normalised) that {@link loadCheckedProject}'s value checks built for
 * `project`, when they built one: the run takes its steps from it (executeLog's `from`) instead of
 * computing them a second time. Handed out once (then forgotten, so a large panel's data sets are not
 * held beyond the run's own).
 */
export function takeCheckedConstruction(project: LoadedProject): ConstructState | undefined {
  const st = checkedStates.get(project);
  checkedStates.delete(project);
  return st;
}

/** Problems of the spec's `analyses` against the framework, the alternative scores and the unit attributes. */
export function checkAnalyses(project: Pick<LoadedProject, 'spec' | 'framework' | 'panel' | 'groupAttr'>): Problem[] {
  const { spec, framework, panel } = project;
  const a = spec.analyses as Record<string, unknown> & { score?: string; group?: string; weights?: unknown };
  const present = presentAnalyses(a);
  const problems: Problem[] = [];
  if (present.length === 0) return problems;
  const base = [...framework.nodes.keys(), ...spec.steps.aggregate.alternatives.map((x) => x.code)];
  // Score columns an analysis adds (the efficiency lens's DEA scores) are scores for the other sections too.
  const added = present.flatMap((d) => (d.addsScores?.names(a[d.key] as never) ?? []).map((name) => ({ name, key: d.key })));
  for (const { name, key } of added)
    if (base.includes(name))
      problems.push({
        code: 'E_ANALYSIS_SCORE',
        message: `analyses.${key}: the score "${name}" it adds is already a score of this run`,
        brief: `the score "${name}" it adds is already a score of this run`,
        location: { path: `analyses.${key}` },
        hint: 'rename the model so that its name is not a framework code or an alternative score',
      });
  const codes = [...base, ...added.map((x) => x.name).filter((n) => !base.includes(n))];
  const known = new Set(codes);
  const checkCode = (code: unknown, path: string) => {
    if (typeof code !== 'string' || known.has(code)) return;
    const near = nearestOf(code, codes);
    problems.push({
      code: 'E_ANALYSIS_SCORE',
      message: `${path}: "${code}" is not a score of this run (a framework code or an alternative score)`,
      brief: `"${code}" is not a score of this run (a framework code or an alternative score)`,
      location: { path },
      hint: `${near ? `did you mean "${near}"? ` : ''}scores: ${codes.join(', ')}`,
    });
  };
  checkCode(a.score, 'analyses.score');
  for (const d of present) {
    const section = a[d.key] as Record<string, unknown>;
    for (const f of SCORE_FIELDS) {
      const v = section[f];
      if (Array.isArray(v)) v.forEach((c, i) => checkCode(c, `analyses.${d.key}.${f}.${i}`));
      else checkCode(v, `analyses.${d.key}.${f}`);
    }
  }
  // The sections' own checks (e.g. the variables of model formulas).
  const indicators = new Set(framework.indicators);
  const known2 = { scores: codes.filter((c) => !indicators.has(c)), indicators: [...indicators], data: panel.indicators };
  for (const d of present) if (d.check) problems.push(...d.check(a[d.key] as never, known2));
  // Groups and spatial weights.
  const needs = present.map((d) => ({ key: d.key, r: d.requires?.(a[d.key] as never) ?? {} }));
  const attrs = [...panel.attributes.keys()];
  const attr = a.group ?? project.groupAttr;
  // Sections naming their own grouping attributes (analyses.inequality.groups): each must be a unit attribute
  // every unit has; the others use analyses.group (else units.group).
  for (const n of needs)
    if (Array.isArray(n.r.groups))
      for (const g of n.r.groups) {
        const values = panel.attributes.get(g.attr);
        if (!values) {
          const near = nearestOf(g.attr, attrs);
          problems.push({
            code: 'E_ANALYSIS_GROUP',
            message: `${g.path} "${g.attr}" is not a unit attribute`,
            location: { path: g.path },
            hint: `${near ? `did you mean "${near}"? ` : ''}unit attributes: ${attrs.join(', ') || '(none)'}; add the column to data.attributes or the unit table`,
          });
          continue;
        }
        const none = panel.units.filter((_, u) => (values[u] ?? '') === '');
        if (none.length)
          problems.push({
            code: 'E_ANALYSIS_GROUP',
            message: `${none.length} unit${none.length === 1 ? ' has' : 's have'} no ${g.attr} (the groups of ${g.path}): ${none.slice(0, 20).join(', ')}${none.length > 20 ? ', …' : ''}`,
            location: { path: g.path },
            hint: `give every unit a ${g.attr} in the data or the unit table`,
          });
      }
  const groupUsers = needs.filter((n) => n.r.groups === true).map((n) => `analyses.${n.key}`);
  if (a.group !== undefined && !panel.attributes.has(a.group)) {
    const near = nearestOf(a.group, attrs);
    problems.push({
      code: 'E_ANALYSIS_GROUP',
      message: `analyses.group "${a.group}" is not a unit attribute`,
      location: { path: 'analyses.group' },
      hint: `${near ? `did you mean "${near}"? ` : ''}unit attributes: ${attrs.join(', ') || '(none)'}; add the column to data.attributes or the unit table`,
    });
  } else if (groupUsers.length && !attr) {
    problems.push({
      code: 'E_ANALYSIS_GROUP',
      message: `${groupUsers.join(', ')} need${groupUsers.length === 1 ? 's' : ''} unit groups, and neither analyses.group nor units.group is set`,
      location: { path: 'analyses.group' },
      hint: `e.g. analyses: { group: region }; unit attributes: ${attrs.join(', ') || '(none)'}`,
    });
  } else if (groupUsers.length && attr && panel.attributes.has(attr)) {
    const values = panel.attributes.get(attr)!;
    const none = panel.units.filter((_, u) => (values[u] ?? '') === '');
    if (none.length)
      problems.push({
        code: 'E_ANALYSIS_GROUP',
        message: `${none.length} unit${none.length === 1 ? ' has' : 's have'} no ${attr} (the groups of ${groupUsers.join(', ')}): ${none.slice(0, 20).join(', ')}${none.length > 20 ? ', …' : ''}`,
        location: { path: 'analyses.group' },
        hint: `give every unit a ${attr} in the data or the unit table`,
      });
  }
  const weightUsers = needs.filter((n) => n.r.weights).map((n) => `analyses.${n.key}`);
  if (weightUsers.length && !a.weights)
    problems.push({
      code: 'E_ANALYSIS_WEIGHTS',
      message: `${weightUsers.join(', ')} need${weightUsers.length === 1 ? 's' : ''} spatial weights, and analyses.weights is not given`,
      location: { path: 'analyses.weights' },
      hint: 'add analyses.weights (file of neighbour pairs, GAL, GeoJSON or coordinates, or method: contiguity for Chinese provinces)',
    });
  if (weightUsers.length && spec.analyses.weights) problems.push(...checkBuiltinWeights(spec.analyses.weights, panel));
  return problems;
}

/**
 * Problems of the values the construction steps would refuse (see the module comment). Runs the
 * construction steps up to normalisation without a logger (their warnings belong to the run).
 */
export function checkValues(project: Pick<LoadedProject, 'panel' | 'framework' | 'log'>): Problem[] {
  return checkValuesOf(project).problems;
}

/** {@link checkValues}, with the construction state of the whole log when it was built. */
function checkValuesOf(project: Pick<LoadedProject, 'panel' | 'framework' | 'log'>): { problems: Problem[]; state?: ConstructState } {
  const { panel, log } = project;
  let off: ConstructState | undefined;
  const problems: Problem[] = [];
  const treat = log.find((e): e is TreatEntry => e.step === 'treat')!;
  try {
    // Treatments with a domain see the screened values: the steps before them, with every treatment off.
    const logged = Object.entries(treat.options.byIndicator).filter(([, o]) => getTreatDescriptor(o.method).domain === 'positive');
    if (logged.length) {
      const none = TREAT.find((d) => 'noop' in d && d.noop)!.name;
      const offLog = log.map((e) =>
        e.step === 'treat'
          ? {
              ...e,
              options: { byIndicator: Object.fromEntries(Object.keys(e.options.byIndicator).map((c) => [c, { ...e.options.byIndicator[c], method: none }])) },
            }
          : e,
      ) as PipelineLog;
      off = constructPhase({ raw: panel, framework: project.framework, log: offLog });
      const P = off.datasets.screened;
      for (const [c, o] of logged) {
        const x = P.values.get(c);
        if (!x) continue; // dropped by screening
        const shift = (o as { shift?: number }).shift ?? 0;
        const bad = outside(x, (v) => v + shift > 0, P);
        if (bad)
          problems.push({
            code: 'E_NONPOSITIVE',
            message:
              `indicator ${c}: ${bad.count} value${bad.count === 1 ? ' is' : 's are'} ≤ ` +
              `0${shift ? ` after adding shift ${shift}` : ''}, where treat method "${o.method}" takes logarithms (${bad.examples})`,
            brief: `indicator ${c}: ${bad.count} value${bad.count === 1 ? '' : 's'} ≤ 0${shift ? ` + shift ${shift}` : ''} under treat method "${o.method}" (${bad.examples})`,
            location: { path: 'steps.treat', column: c },
            hint: 'set steps.treat.shift so that x + shift > 0, use method log_ct (COINr: log(x − min + range/100)), or check the data',
            data: { indicator: c, count: bad.count, cells: bad.cells },
          });
      }
      if (problems.length) return { problems };
    }
    // The steps before treatment from the state just built, when there is one (the same values).
    const st = constructPhase({ raw: panel, framework: project.framework, log, from: off ? [off] : undefined });
    problems.push(...normalisedDomains(st.framework, st.datasets.normalised, log));
    return { problems, state: problems.length ? undefined : st };
  } catch (e) {
    if (e instanceof NqpfError) problems.push(problemOf(e));
    else throw e;
  }
  return { problems };
}

/** Normalised indicator values outside the domain of their aggregation or of entropy weights. */
function normalisedDomains(fw: Framework, P: Panel, log: PipelineLog): Problem[] {
  const problems: Problem[] = [];
  const ag = log.find((e) => e.step === 'aggregate')!.options as PipelineLog[6]['options'];
  const wt = log.find((e) => e.step === 'weight')!.options as PipelineLog[5]['options'];
  // indicator → what needs it positive / non-negative (the first consumer is named).
  const needs = new Map<string, { domain: 'positive' | 'nonnegative'; who: string; path: string; hint: string; shift: number }[]>();
  const need = (c: string, domain: 'positive' | 'nonnegative', who: string, path: string, hint: string, shift = 0) => {
    const list = needs.get(c) ?? [];
    if (!list.some((n) => n.domain === domain && n.shift === shift)) list.push({ domain, who, path, hint, shift });
    needs.set(c, list);
  };
  const isIndicator = (c: string) => fw.nodes.get(c)?.isIndicator === true;
  const aggregation = (node: string, o: { method: string; inputs?: string }, path: string) => {
    const d = getAggregateDescriptor(o.method).domain;
    if (!d || !fw.nodes.has(node)) return;
    const inputs = o.inputs === 'indicators' ? indicatorsUnder(fw, node) : fw.nodes.get(node)!.children;
    const hint =
      d === 'positive'
        ? 'normalise to a strictly positive range, e.g. steps.normalise: { method: minmax, range: [1, 100] } (as COINr does for geometric means)'
        : 'normalise to a non-negative range, e.g. steps.normalise: { method: minmax, range: [0, 1] }';
    for (const c of inputs.filter(isIndicator)) need(c, d, `aggregate method "${o.method}" at ${node}`, path, hint);
  };
  for (const node of fw.aggregates) aggregation(node, ag.byNode[node], `steps.aggregate.nodes.${node}`);
  ag.alternatives.forEach((o, i) => aggregation(o.node, o, `steps.aggregate.alternatives.${i}`));
  for (const node of fw.aggregates) {
    const o = (wt.byNode[node] ?? wt.base) as { method: string; scope?: string; shift?: number; combine?: { methods?: string[] } };
    const methods = [o.method, ...(o.method === 'combine' ? (o.combine?.methods ?? []) : [])];
    const m = methods.find((x) => NONNEGATIVE_WEIGHTS.has(x));
    if (!m) continue;
    const shift = o.shift ?? 0;
    const inputs = o.scope === 'global' ? fw.indicators : fw.nodes.get(node)!.children.filter(isIndicator);
    for (const c of inputs)
      need(
        c,
        'nonnegative',
        `weight method "${m}"${shift ? ` (shift ${shift})` : ''}`,
        'steps.weight',
        'entropy weights need values ≥ 0: normalise with min-max first, or set steps.weight.shift',
        shift,
      );
  }
  for (const [c, list] of needs) {
    const x = P.values.get(c);
    if (!x) continue;
    for (const n of list) {
      const bad = outside(x, n.domain === 'positive' ? (v) => v + n.shift > 0 : (v) => v + n.shift >= 0, P);
      if (!bad) continue;
      const rel = `${n.domain === 'positive' ? '≤' : '<'} ${n.shift ? -n.shift : 0}`;
      problems.push({
        code: n.domain === 'positive' ? 'E_NONPOSITIVE' : 'E_NEGATIVE',
        message: `indicator ${c}: ${bad.count} normalised value${bad.count === 1 ? ' is' : 's are'} ${rel}, which ${n.who} cannot take (${bad.examples})`,
        brief: `indicator ${c}: ${bad.count} normalised value${bad.count === 1 ? '' : 's'} ${rel} under ${n.who} (${bad.examples})`,
        location: { path: n.path, column: c },
        hint: n.hint,
        data: { indicator: c, count: bad.count, cells: bad.cells },
      });
    }
  }
  return problems;
}

/** The non-missing values of a panel column outside `ok`: how many, and the first few as `unit period = value`. */
function outside(
  x: Float64Array,
  ok: (v: number) => boolean,
  P: Panel,
): { count: number; examples: string; cells: { unit: string; period: string; value: number }[] } | undefined {
  const nU = P.units.length;
  let count = 0;
  const cells: { unit: string; period: string; value: number }[] = [];
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (v !== v || ok(v)) continue;
    count++;
    if (cells.length < EXAMPLES) cells.push({ unit: P.units[i % nU], period: P.periods[Math.floor(i / nU)], value: Number(v.toPrecision(6)) });
  }
  if (count === 0) return undefined;
  const examples = cells.map((c) => `${c.unit}${P.hasPeriod ? ` ${c.period}` : ''} = ${c.value}`).join(', ');
  return { count, examples: `${count > cells.length ? 'first: ' : ''}${examples}${count > cells.length ? ', …' : ''}`, cells };
}

/** The closest of `known` to `name` within a few edits, if any. */
function nearestOf(name: string, known: readonly string[]): string | undefined {
  return nearest(name, known, 1)[0];
}

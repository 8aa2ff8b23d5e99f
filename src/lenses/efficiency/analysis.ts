/**
 * analyses.efficiency (issue 17): DEA efficiency of every unit and period — CCR, BCC, SBM, super-SBM, with undesirable
 * outputs (Tone 2003 form) — on a contemporaneous or global frontier, with slacks and targets (the "input redundancy /
 * output shortfall" table), and the CCR Malmquist index with EC × TC. Kernels: src/lenses/dea (HiGHS).
 *
 * The LP solver loads asynchronously: the runner must `await loadSolver()` (src/lenses/dea/lp.ts) before `run` when
 * this section is present ({@link prepareEfficiency}); `run` itself is synchronous and refuses with `E_DEA_LP`
 * otherwise. Unit-periods with a missing input or output are left out of their period's DEA (a warning names them);
 * the Malmquist index uses the units observed in both periods.
 */
import { periodCell, type AnalysisContext, type AnalysisTable } from '../../analysis/context.js';
import { analysis, table, type MethodsParagraph, type MethodsWriter, type Row } from '../../analysis/descriptor.js';
import { fail, nearest } from '../../core/errors.js';
import { arr, obj, str, type Loose } from '../../core/loose.js';
import type { Problem } from '../../core/problems.js';
import { frontierPeriods } from '../dea/frontier.js';
import { loadSolver, SOLVER_OPTIONS, solverLoaded } from '../dea/lp.js';
import { globalMalmquistLuenberger, type LuenbergerStep, malmquistLuenberger } from '../dea/luenberger.js';
import { malmquist } from '../dea/malmquist.js';
import type { DeaData, DeaResult } from '../dea/models.js';
import { type DeaTask, runDeaTasks } from '../dea/executor.js';
import { modelPanel } from '../models/analysis.js';
import { EfficiencySpec, type DeaModelSpec, type MalmquistSpec } from './spec.js';

const PATH = 'analyses.efficiency';

/** Load the LP solver; the runner awaits this before `run` when `analyses.efficiency` is present. */
export const prepareEfficiency = loadSolver;

/**
 * About how many LPs the section solves on a panel of `unitPeriods` unit-periods, for the application's choice of
 * threads (io/workers/dea-pool.ts): per model 2 per unit-period (ccr, bcc, ddf: score and slack phases) or 1 (sbm,
 * super-sbm), per index 4 (malmquist, ml: own and cross-period distance functions) or 2 (gml).
 */
export function efficiencyLps(spec: EfficiencySpec, unitPeriods: number): number {
  const models = spec.models.reduce((a, m) => a + (m.model === 'sbm' || m.model === 'super-sbm' ? 1 : 2), 0);
  const indices = spec.malmquist.reduce((a, m) => a + (m.index === 'gml' ? 2 : 4), 0);
  return (models + indices) * unitPeriods;
}

const STATUS = {
  optimal: { zh: '最优', en: 'optimal' },
  infeasible: { zh: '不可行', en: 'infeasible' },
  unbounded: { zh: '无界', en: 'unbounded' },
  failed: { zh: '求解失败', en: 'failed' },
} as const;
const model = { kind: 'text', zh: '模型', en: 'Model' } as const;
const unit = { kind: 'text', zh: '单元', en: 'Unit', ref: 'unit' } as const;
const status = { kind: 'text', zh: '求解状态', en: 'LP status', values: STATUS } as const;

export const EFFICIENCY_SCORES = table({
  name: 'efficiency_scores',
  file: 'efficiency_scores.csv',
  zh: 'DEA 效率值',
  en: 'DEA efficiency scores',
  report: true,
  columns: {
    model,
    unit,
    period: { kind: 'period', zh: '时期', en: 'Period' },
    score: { kind: 'num', zh: '得分（θ、φ、ρ 或 δ）', en: 'Score (θ, φ, ρ or δ)' },
    efficiency: { kind: 'num', zh: '效率', en: 'Efficiency' },
    efficient: { kind: 'int', zh: '是否有效（1 = 是）', en: 'Efficient (1 = yes)' },
    status,
  },
});

export const EFFICIENCY_TARGETS = table({
  name: 'efficiency_targets',
  file: 'efficiency_targets.csv',
  zh: '投入冗余与产出不足（松弛与目标值）',
  en: 'Input redundancy and output shortfall (slacks and targets)',
  columns: {
    model,
    unit,
    period: { kind: 'period', zh: '时期', en: 'Period' },
    kind: {
      kind: 'text',
      zh: '类别',
      en: 'Kind',
      values: { input: { zh: '投入', en: 'input' }, output: { zh: '期望产出', en: 'output' }, undesirable: { zh: '非期望产出', en: 'undesirable output' } },
    },
    variable: { kind: 'text', zh: '变量', en: 'Variable' },
    value: { kind: 'num', zh: '实际值', en: 'Actual' },
    target: { kind: 'num', zh: '目标值', en: 'Target' },
    change: { kind: 'num', zh: '调整量（目标 − 实际）', en: 'Change (target − actual)' },
    ratio: { kind: 'num', zh: '调整比例', en: 'Change ratio', decimals: 4 },
    slack: { kind: 'num', zh: '松弛', en: 'Slack' },
  },
});

export const EFFICIENCY_MALMQUIST = table({
  name: 'efficiency_malmquist',
  file: 'efficiency_malmquist.csv',
  zh: 'Malmquist 指数及其分解',
  en: 'Malmquist index and its decomposition',
  report: { columns: ['model', 'unit', 'from', 'to', 'ec', 'tc', 'mi'] },
  columns: {
    model,
    unit,
    from: { kind: 'period', zh: '基期', en: 'From' },
    to: { kind: 'period', zh: '报告期', en: 'To' },
    d_t_t: { kind: 'num', zh: 'D^t(t)', en: 'D^t(t)' },
    d_t_t1: { kind: 'num', zh: 'D^t(t+1)', en: 'D^t(t+1)' },
    d_t1_t: { kind: 'num', zh: 'D^{t+1}(t)', en: 'D^{t+1}(t)' },
    d_t1_t1: { kind: 'num', zh: 'D^{t+1}(t+1)', en: 'D^{t+1}(t+1)' },
    ec: { kind: 'num', zh: '技术效率变化 EC', en: 'Efficiency change EC' },
    tc: { kind: 'num', zh: '技术进步 TC', en: 'Technical change TC' },
    mi: { kind: 'num', zh: 'Malmquist 指数 M', en: 'Malmquist index M' },
    status,
  },
});

export const EFFICIENCY_ML = table({
  name: 'efficiency_ml',
  file: 'efficiency_ml.csv',
  zh: 'Malmquist–Luenberger 指数及其分解',
  en: 'Malmquist–Luenberger index and its decomposition',
  report: { columns: ['model', 'index', 'unit', 'from', 'to', 'ec', 'tc', 'ml', 'cumulative'] },
  columns: {
    model,
    index: {
      kind: 'text',
      zh: '指数',
      en: 'Index',
      values: { ml: { zh: 'ML', en: 'ML' }, gml: { zh: 'GML', en: 'GML' } },
    },
    unit,
    from: { kind: 'period', zh: '基期', en: 'From' },
    to: { kind: 'period', zh: '报告期', en: 'To' },
    d_t_t: { kind: 'num', zh: 'D^t(t)（β）', en: 'D^t(t) (β)' },
    d_t_t1: { kind: 'num', zh: 'D^t(t+1)（β）', en: 'D^t(t+1) (β)' },
    d_t1_t: { kind: 'num', zh: 'D^{t+1}(t)（β）', en: 'D^{t+1}(t) (β)' },
    d_t1_t1: { kind: 'num', zh: 'D^{t+1}(t+1)（β）', en: 'D^{t+1}(t+1) (β)' },
    d_g_t: { kind: 'num', zh: 'D^G(t)（β）', en: 'D^G(t) (β)' },
    d_g_t1: { kind: 'num', zh: 'D^G(t+1)（β）', en: 'D^G(t+1) (β)' },
    ec: { kind: 'num', zh: '效率变化 EC', en: 'Efficiency change EC' },
    tc: { kind: 'num', zh: '技术变化 TC（GML：BPC）', en: 'Technical change TC (GML: BPC)' },
    ml: { kind: 'num', zh: '指数（ML 或 GML）', en: 'Index (ML or GML)' },
    cumulative: { kind: 'num', zh: '累积指数', en: 'Cumulative index' },
    status,
    note: {
      kind: 'text',
      zh: '说明',
      en: 'Note',
      patterns: [
        {
          re: /^(D\S+) infeasible \(data of period (.+?)\): the index of this step is left empty — the global index \(gml\) is always feasible$/,
          zh: '$1 无可行解（$2 期数据）：本期指数留空（GML 指数总有可行解）',
          en: '$1 infeasible (data of period $2): the index of this step is left empty — the global index (gml) is always feasible',
        },
        {
          re: /^(D\S+) (\w+) \(data of period (.+?)\): the index of this step is left empty — (.*)$/,
          zh: '$1 线性规划未得最优解（$2，$3 期数据）：本期指数留空',
          en: '$1 $2 (data of period $3): the index of this step is left empty — $4',
        },
        {
          re: /^(.*) ≤ 0: the index and TC of this step are undefined.*$/,
          zh: '$1 ≤ 0：本期指数与 TC 无定义，留空（GML 指数总有定义）',
          en: '$1 ≤ 0: the index and TC of this step are undefined and left empty — the global index (gml) is always defined',
        },
      ],
    },
  },
});

/** Tone (2003) replacement of a zero undesirable output: this factor × the smallest positive value of the variable. */
export const ZERO_REPLACEMENT = 1e-6;

/** What `collect` requires of the values: > 0 (SBM family) or ≥ 0, and the treatment of zero undesirable outputs. */
interface ValueCheck {
  positive: boolean;
  zeroUndesirable: 'refuse' | 'replace';
}

interface Obs {
  /** Units of the DMUs, in order. */
  units: string[];
  periods: string[];
  data: DeaData;
}

/** The DMUs of one period (or of every period for a global frontier): unit-periods with every variable present. */
function collect(
  ctx: AnalysisContext,
  resolve: (name: string) => Float64Array | undefined,
  vars: { inputs: string[]; outputs: string[]; undesirable: string[] },
  periods: number[],
  path: string,
  quiet = false,
  check: ValueCheck = { positive: false, zeroUndesirable: 'refuse' },
): Obs {
  const P = ctx.scores;
  const nU = P.units.length;
  const col = (name: string, field: string) => {
    const v = resolve(name);
    if (!v) {
      const near = nearest(name, ctx.data?.indicators ?? []);
      fail('E_DEA_SPEC', `${path}.${field}: "${name}" is neither a score of this run nor a column of the data`, {
        location: { path: `${path}.${field}` },
        hint: near.length ? `did you mean "${near[0]}"?` : 'name a data column',
      });
    }
    return v;
  };
  const cols = {
    x: vars.inputs.map((c) => col(c, 'inputs')),
    y: vars.outputs.map((c) => col(c, 'outputs')),
    b: vars.undesirable.map((c) => col(c, 'undesirable')),
  };
  const units: string[] = [];
  const per: string[] = [];
  const x: number[] = [];
  const y: number[] = [];
  const b: number[] = [];
  const dropped: string[] = [];
  const zeros: { at: number; i: number; u: number; t: number }[] = [];
  const bad = (u: number, t: number, name: string, field: string, v: number, hint: string) => {
    const where = `${P.units[u]}${P.hasPeriod ? ` ${P.periods[t]}` : ''}`;
    const cell = ctx.locateCell?.(P.units[u], P.periods[t], name);
    fail(
      'E_DEA_DATA',
      `${path}.${field}: "${name}" of ${where} is ${v}${cell ? ` (${cell.file}, row ${cell.row}, column ${cell.column})` : ''}: ` +
        (v < 0 ? 'DEA needs values ≥ 0' : 'SBM models need values > 0 (the slacks are divided by them)'),
      { location: { ...cell, column: cell?.column ?? name, path: `${path}.${field}` }, hint, data: { unit: P.units[u], period: P.periods[t], variable: name } },
    );
  };
  const blocks = [
    [cols.x, vars.inputs, 'inputs'],
    [cols.y, vars.outputs, 'outputs'],
    [cols.b, vars.undesirable, 'undesirable'],
  ] as const;
  for (const t of periods)
    for (let u = 0; u < nU; u++) {
      const k = t * nU + u;
      const all = [...cols.x, ...cols.y, ...cols.b];
      if (all.some((v) => Number.isNaN(v[k]))) {
        dropped.push(`${P.units[u]}${P.hasPeriod ? ` ${P.periods[t]}` : ''}`);
        continue;
      }
      for (const [vs, names, field] of blocks)
        vs.forEach((v, i) => {
          const val = v[k];
          if (val < 0 || !Number.isFinite(val))
            bad(u, t, names[i], field, val, 'correct the value or drop the unit-period; negative data need a translation-invariant model (not offered)');
          if (val === 0 && check.positive) {
            if (field === 'undesirable' && check.zeroUndesirable === 'replace') zeros.push({ at: b.length + i, i, u, t });
            else
              bad(
                u,
                t,
                names[i],
                field,
                val,
                field === 'undesirable'
                  ? 'set zeroUndesirable: replace (Tone 2003: a small positive number instead of the zero), or use model ddf, which allows zeros'
                  : 'impute or drop the unit-period, or use a radial model (ccr, bcc) or ddf, which allow zeros',
              );
          }
        });
      units.push(P.units[u]);
      per.push(P.periods[t]);
      for (const v of cols.x) x.push(v[k]);
      for (const v of cols.y) y.push(v[k]);
      for (const v of cols.b) b.push(v[k]);
    }
  if (zeros.length) {
    // Tone (2003): a zero undesirable output replaced by a small positive number — here 10⁻⁶ × the smallest positive
    // value of that variable among the model's unit-periods.
    const sb = vars.undesirable.length;
    const least = vars.undesirable.map((_, i) => {
      let mn = Infinity;
      for (let j = i; j < b.length; j += sb) if (b[j] > 0 && b[j] < mn) mn = b[j];
      return mn;
    });
    const listed: string[] = [];
    for (const z of zeros) {
      if (!Number.isFinite(least[z.i]))
        fail('E_DEA_DATA', `${path}.undesirable: "${vars.undesirable[z.i]}" is zero for every unit-period: nothing to scale a replacement by`, {
          location: { path: `${path}.undesirable`, column: vars.undesirable[z.i] },
          hint: 'leave the variable out of the model',
        });
      b[z.at] = ZERO_REPLACEMENT * least[z.i];
      listed.push(`${P.units[z.u]}${P.hasPeriod ? ` ${P.periods[z.t]}` : ''} ${vars.undesirable[z.i]} → ${b[z.at]}`);
    }
    if (!quiet)
      ctx.warn({
        code: 'E_DEA_DATA',
        message:
          `${path}: ${zeros.length} zero undesirable output(s) replaced by 10⁻⁶ × the variable’s smallest positive value (zeroUndesirable: replace, Tone 2003): ` +
          `${listed.slice(0, 20).join(', ')}${listed.length > 20 ? ` … (${listed.length})` : ''}`,
        location: { path: `${path}.zeroUndesirable` },
      });
  }
  if (dropped.length && !quiet)
    ctx.warn({
      code: 'E_DEA_DATA',
      message: `${path}: left out of the DEA for a missing input or output: ${dropped.slice(0, 20).join(', ')}${dropped.length > 20 ? ` … (${dropped.length})` : ''}`,
      location: { path },
    });
  const sb = vars.undesirable.length;
  const data: DeaData = {
    n: units.length,
    x: Float64Array.from(x),
    m: vars.inputs.length,
    y: Float64Array.from(y),
    s: vars.outputs.length,
    ...(sb ? { yb: Float64Array.from(b), sb } : {}),
    dmus: units.map((u, j) => (P.hasPeriod && periods.length > 1 ? `${u} ${per[j]}` : u)),
    inputs: vars.inputs,
    outputs: vars.outputs,
    undesirable: vars.undesirable,
  };
  return { units, periods: per, data };
}

/**
 * Score `data` against `ref` (undefined: its own period). `self[j]` is DMU j's column in `ref` (super-SBM leaves it
 * out of its super-efficiency LP).
 */
/** The kernel call that scores `data` under model `spec` (against `ref` when the frontier is not contemporaneous). */
function modelTask(spec: DeaModelSpec, data: DeaData, path: string, ref?: { data: DeaData; self: Int32Array }): DeaTask {
  const reference = ref?.data;
  if (spec.model === 'ccr' || spec.model === 'bcc') {
    if (spec.undesirable.length)
      fail('E_DEA_SPEC', `${path}.undesirable: ${spec.model} does not model undesirable outputs`, {
        location: { path: `${path}.undesirable` },
        hint: 'use model sbm, super-sbm or ddf',
      });
    return {
      kind: 'radial',
      data,
      opts: { rts: spec.model === 'ccr' ? 'crs' : 'vrs', orientation: spec.orientation, path, ...(reference ? { reference } : {}) },
    };
  }
  if (spec.model === 'ddf') return { kind: 'ddf', data, opts: { rts: spec.rts, direction: spec.direction, path, ...(reference ? { reference } : {}) } };
  return { kind: spec.model === 'sbm' ? 'sbm' : 'superSbm', data, opts: { rts: spec.rts, path, ...(ref ? { reference: ref.data, self: ref.self } : {}) } };
}

/** The unit-periods of `obs` whose period index is in `ts`, with their positions in `obs`. */
function sub(obs: Obs, periodIx: Map<string, number>, ts: readonly number[]): { obs: Obs; rows: number[] } {
  const keep = new Set(ts);
  const rows = obs.periods.flatMap((p, j) => (keep.has(periodIx.get(p) ?? -1) ? [j] : []));
  return { rows, obs: { units: rows.map((j) => obs.units[j]), periods: rows.map((j) => obs.periods[j]), data: reorder(obs.data, rows) } };
}

/** Units observed (every variable present) in every period, each period's data in the same unit order. */
function balanced(obs: Obs, P: { units: readonly string[]; periods: readonly string[] }, periodIx: Map<string, number>) {
  const T = P.periods.length;
  const seen = new Map<string, number>();
  for (const u of obs.units) seen.set(u, (seen.get(u) ?? 0) + 1);
  const units = P.units.filter((u) => seen.get(u) === T);
  const left = P.units.filter((u) => seen.get(u) !== T);
  const at = new Map(obs.units.map((u, j) => [`${u}\u0000${obs.periods[j]}`, j]));
  const periods = P.periods.map((p, t) => {
    const s0 = sub(obs, periodIx, [t]);
    const order = units.map((u) => s0.rows.indexOf(at.get(`${u}\u0000${p}`) ?? -1));
    return reorder(s0.obs.data, order);
  });
  return { units, left, periods };
}

function reorder(d: DeaData, order: number[]): DeaData {
  const pick = (a: Float64Array, k: number) => Float64Array.from(order.flatMap((j) => Array.from(a.subarray(j * k, (j + 1) * k))));
  const sb = d.sb ?? 0;
  return {
    ...d,
    n: order.length,
    x: pick(d.x, d.m),
    y: pick(d.y, d.s),
    ...(sb ? { yb: pick(d.yb as Float64Array, sb) } : {}),
    dmus: order.map((j) => d.dmus?.[j] ?? `DMU${j + 1}`),
  };
}

function run(ctx: AnalysisContext, spec: EfficiencySpec): AnalysisTable[] {
  if (!solverLoaded())
    fail('E_DEA_LP', `${PATH}: the LP solver is not loaded`, {
      location: { path: PATH },
      hint: 'the runner must await prepareEfficiency() before analyses.efficiency',
    });
  const mp = modelPanel(ctx);
  const resolve = (name: string) => mp.resolve(name);
  const P = ctx.scores;
  const T = P.periods.length;
  const scores: Row<typeof EFFICIENCY_SCORES.columns>[] = [];
  const targets: Row<typeof EFFICIENCY_TARGETS.columns>[] = [];
  const periodIx = new Map(P.periods.map((p, t) => [p, t]));
  const allPeriods = Array.from({ length: T }, (_, t) => t);
  // Every model × period kernel call first, then all of them at once (on the worker pool when the run has one:
  // ctx.dea, the same results), then the rows in model and period order.
  const jobs: { m: DeaModelSpec; path: string; obs: Obs; task: DeaTask }[] = [];
  spec.models.forEach((m, i) => {
    const path = `${PATH}.models.${i}`;
    const positive = m.model === 'sbm' || m.model === 'super-sbm';
    const everything = collect(ctx, resolve, m, allPeriods, path, false, { positive, zeroUndesirable: m.zeroUndesirable });
    for (let t = 0; t < T; t++) {
      const cur = sub(everything, periodIx, [t]);
      const obs = cur.obs;
      if (!obs.data.n) continue;
      let ref: { data: DeaData; self: Int32Array } | undefined;
      if (m.frontier !== 'contemporaneous') {
        const pooled = sub(everything, periodIx, frontierPeriods(t, T, m.frontier, m.window, path));
        const pos = new Map(pooled.rows.map((r, k) => [r, k]));
        ref = { data: pooled.obs.data, self: Int32Array.from(cur.rows, (r) => pos.get(r) ?? -1) };
      }
      jobs.push({ m, path, obs, task: modelTask(m, obs.data, path, ref) });
    }
  });
  const solved = runDeaTasks(
    jobs.map((j) => j.task),
    ctx.dea,
  ) as DeaResult[];
  jobs.forEach(({ m, path, obs }, k) => {
    const r = solved[k];
    for (const w of r.warnings) ctx.warn({ ...w, message: `${path}: ${w.message}` });
    const { m: nm, s: ns } = obs.data;
    const sb = obs.data.sb ?? 0;
    for (let j = 0; j < obs.data.n; j++) {
      const period = periodCell(obs.periods[j]);
      scores.push({
        model: m.name,
        unit: obs.units[j],
        period,
        score: r.score[j],
        efficiency: r.efficiency[j],
        efficient: Number.isNaN(r.score[j]) ? null : r.efficiency[j] >= 1 - 1e-9 ? 1 : 0,
        status: r.status[j],
      });
      const add = (kind: 'input' | 'output' | 'undesirable', names: string[], k: number, val: Float64Array, tgt: Float64Array, sl: Float64Array) => {
        for (let v = 0; v < k; v++) {
          const a = val[j * k + v];
          const tt = tgt[j * k + v];
          targets.push({
            model: m.name,
            unit: obs.units[j],
            period,
            kind,
            variable: names[v],
            value: a,
            target: tt,
            change: tt - a,
            ratio: (tt - a) / a,
            slack: sl[j * k + v],
          });
        }
      };
      add('input', m.inputs, nm, obs.data.x, r.targetIn, r.slackIn);
      add('output', m.outputs, ns, obs.data.y, r.targetOut, r.slackOut);
      if (sb) add('undesirable', m.undesirable, sb, obs.data.yb as Float64Array, r.targetBad, r.slackBad);
    }
  });
  const mq: Row<typeof EFFICIENCY_MALMQUIST.columns>[] = [];
  const ml: Row<typeof EFFICIENCY_ML.columns>[] = [];
  spec.malmquist.forEach((m: MalmquistSpec, i) => {
    const path = `${PATH}.malmquist.${i}`;
    if (T < 2) fail('E_DEA_SPEC', `${path}: the Malmquist index needs at least two periods`, { location: { path }, hint: 'use a panel' });
    if (m.index !== 'malmquist') {
      ml.push(...luenbergerRows(ctx, m, collect(ctx, resolve, m, allPeriods, path), periodIx, path));
      return;
    }
    if (m.undesirable.length)
      fail('E_DEA_SPEC', `${path}.undesirable: the CCR Malmquist index does not model undesirable outputs`, {
        location: { path: `${path}.undesirable` },
        hint: 'use index: ml or gml',
      });
    for (let t = 0; t + 1 < T; t++) {
      const a = collect(ctx, resolve, { ...m, undesirable: [] }, [t], path);
      const b = collect(ctx, resolve, { ...m, undesirable: [] }, [t + 1], path);
      const both = a.units.filter((u) => b.units.includes(u));
      const pick = (o: Obs): DeaData => {
        const ix = both.map((u) => o.units.indexOf(u));
        return {
          ...o.data,
          n: both.length,
          x: Float64Array.from(ix.flatMap((j) => Array.from(o.data.x.subarray(j * o.data.m, (j + 1) * o.data.m)))),
          y: Float64Array.from(ix.flatMap((j) => Array.from(o.data.y.subarray(j * o.data.s, (j + 1) * o.data.s)))),
          dmus: both,
        };
      };
      if (!both.length) continue;
      const [st] = malmquist([pick(a), pick(b)], { orientation: m.orientation, path });
      both.forEach((u, j) =>
        mq.push({
          model: m.name,
          unit: u,
          from: periodCell(P.periods[t]),
          to: periodCell(P.periods[t + 1]),
          d_t_t: st.dTT[j],
          d_t_t1: st.dTT1[j],
          d_t1_t: st.dT1T[j],
          d_t1_t1: st.dT1T1[j],
          ec: st.ec[j],
          tc: st.tc[j],
          mi: st.mi[j],
          status: st.status[j],
        }),
      );
    }
  });
  const out: AnalysisTable[] = [];
  if (spec.models.length) out.push(EFFICIENCY_SCORES.build(scores), EFFICIENCY_TARGETS.build(targets));
  if (spec.malmquist.some((m) => m.index === 'malmquist')) out.push(EFFICIENCY_MALMQUIST.build(mq));
  if (spec.malmquist.some((m) => m.index !== 'malmquist')) out.push(EFFICIENCY_ML.build(ml));
  return out;
}

/**
 * ML or GML of one `malmquist` entry: the units observed in every period (the others are named in a warning), the
 * rows of efficiency_ml, and one warning listing the unit-steps whose index is empty and why.
 */
function luenbergerRows(
  ctx: AnalysisContext,
  m: MalmquistSpec,
  everything: Obs,
  periodIx: Map<string, number>,
  path: string,
): Row<typeof EFFICIENCY_ML.columns>[] {
  const P = ctx.scores;
  const b = balanced(everything, P, periodIx);
  if (b.left.length)
    ctx.warn({
      code: 'E_DEA_DATA',
      message: `${path}: the ${m.index === 'ml' ? 'Malmquist–Luenberger' : 'global Malmquist–Luenberger'} index needs every period of a unit; left out: ${b.left.join(', ')}`,
      location: { path },
    });
  if (!b.units.length) return [];
  const opts = { rts: m.rts, direction: m.direction, frontier: m.frontier, window: m.window, path };
  const steps: LuenbergerStep[] = m.index === 'ml' ? malmquistLuenberger(b.periods, opts, ctx.dea) : globalMalmquistLuenberger(b.periods, opts, ctx.dea);
  const rows: Row<typeof EFFICIENCY_ML.columns>[] = [];
  const empty: string[] = [];
  for (const st of steps)
    b.units.forEach((u, j) => {
      const from = P.periods[st.from];
      const to = P.periods[st.to];
      if (st.note[j]) empty.push(`${u} ${from}→${to} (${st.note[j].split(':')[0]})`);
      rows.push({
        model: m.name,
        index: m.index,
        unit: u,
        from: periodCell(from),
        to: periodCell(to),
        d_t_t: st.dTT[j],
        d_t_t1: st.dTT1[j],
        d_t1_t: st.dT1T[j],
        d_t1_t1: st.dT1T1[j],
        d_g_t: st.dGT[j],
        d_g_t1: st.dGT1[j],
        ec: st.ec[j],
        tc: st.tc[j],
        ml: st.index[j],
        cumulative: st.cumulative[j],
        status: st.status[j],
        note: st.note[j].replace(/data of period (\d+)/g, (_, k: string) => `data of period ${P.periods[Number(k) - 1]}`),
      });
    });
  if (empty.length)
    ctx.warn({
      code: 'E_DEA_LP',
      message:
        `${path}: ${empty.length} unit-steps have no ${m.index === 'ml' ? 'ML' : 'GML'} index (left empty, the note column says why): ` +
        `${empty.slice(0, 10).join('; ')}${empty.length > 10 ? ' …' : ''}${m.index === 'ml' ? '; the global index (index: gml) is always feasible' : ''}`,
      location: { path },
    });
  return rows;
}

function methods(sec: Loose, w: MethodsWriter): MethodsParagraph {
  const s: string[] = [];
  const models = arr(sec.models).map(obj);
  const label: Record<string, () => [string, string]> = {
    ccr: () => [`CCR 模型${w.cite('charnes1978')}`, `the CCR model${w.cite('charnes1978')}`],
    bcc: () => [`BCC 模型${w.cite('banker1984')}`, `the BCC model${w.cite('banker1984')}`],
    sbm: () => [`非导向 SBM 模型${w.cite('tone2001')}`, `the non-oriented SBM model${w.cite('tone2001')}`],
    'super-sbm': () => [`超效率 SBM 模型${w.cite('tone2001', 'tone2002')}`, `the super-efficiency SBM model${w.cite('tone2001', 'tone2002')}`],
    ddf: () => [`方向性距离函数（DDF）${w.cite('chambers1996', 'chung1997')}`, `the directional distance function (DDF)${w.cite('chambers1996', 'chung1997')}`],
  };
  const frontierText = (f: string, win: number): [string, string] =>
    f === 'global'
      ? [`全部单元-时期构成全局前沿${w.cite('pastorLovell2005')}`, `one global frontier of all unit-periods${w.cite('pastorLovell2005')}`]
      : f === 'sequential'
        ? [`各期以当期及以前各期构成序列前沿${w.cite('tulkens1995')}`, `a sequential frontier of every period up to the one scored${w.cite('tulkens1995')}`]
        : f === 'window'
          ? [
              `各期以截至当期的 ${win} 期窗口构成前沿${w.cite('charnes1985')}`,
              `a frontier of the trailing window of ${win} periods ending at the one scored${w.cite('charnes1985')}`,
            ]
          : ['每期单独构建前沿', 'one frontier per period'];
  const dir = (d: string | undefined): [string, string] =>
    d === 'outputs'
      ? ['方向向量 g = (0, y₀, −b₀)（投入不变）', 'direction g = (0, y₀, −b₀) (inputs held fixed)']
      : ['方向向量 g = (−x₀, y₀, −b₀)', 'direction g = (−x₀, y₀, −b₀)'];
  for (const m of models) {
    const kind = str(m.model) ?? 'sbm';
    const bad = arr(m.undesirable).map(String);
    const radialModel = kind === 'ccr' || kind === 'bcc';
    const rts = radialModel ? (kind === 'ccr' ? 'crs' : 'vrs') : (str(m.rts) ?? 'crs');
    const [zh, en] = (label[kind] ?? (() => [kind, kind]))();
    const [fz, fe] = frontierText(str(m.frontier) ?? 'contemporaneous', Number(m.window ?? 3));
    const badCite = kind === 'ddf' ? '' : w.cite('cooperSeifordTone2007');
    s.push(
      w.t(
        `效率 ${str(m.name)} 采用${zh}测算，投入为 ${arr(m.inputs).join('、')}，期望产出为 ${arr(m.outputs).join('、')}` +
          `${bad.length ? `，非期望产出为 ${bad.join('、')}${badCite}` : ''}；规模报酬${rts === 'crs' ? '不变' : '可变（Σλ = 1）'}，${fz}。`,
        `Efficiency ${str(m.name)} is measured by ${en} with inputs ${arr(m.inputs).join(', ')}, desirable outputs ${arr(m.outputs).join(', ')}` +
          `${bad.length ? `, undesirable outputs ${bad.join(', ')}${badCite}` : ''}; ${rts === 'crs' ? 'constant' : 'variable (Σλ = 1)'} returns to scale, ${fe}.`,
      ),
    );
    if (radialModel)
      s.push(
        w.t(
          `${str(m.orientation) === 'output' ? '产出导向 φ* = max φ，s.t. Xλ ≤ x₀，Yλ ≥ φy₀（效率 = 1/φ*）' : '投入导向 θ* = min θ，s.t. Xλ ≤ θx₀，Yλ ≥ y₀'}，` +
            'λ ≥ 0；松弛由第二阶段在效率值固定时最大化松弛之和求得。',
          `${str(m.orientation) === 'output' ? 'Output orientation: φ* = max φ s.t. Xλ ≤ x₀, Yλ ≥ φy₀ (efficiency 1/φ*)' : 'Input orientation: θ* = min θ s.t. Xλ ≤ θx₀, Yλ ≥ y₀'}, ` +
            'λ ≥ 0; slacks by a second phase maximising their sum with the score fixed.',
        ),
      );
    else if (kind === 'ddf') {
      const [dz, de] = dir(str(m.direction));
      s.push(
        w.t(
          `β* = max β，s.t. Xλ ≤ x₀ − βgˣ，Yλ ≥ y₀ + βgʸ，Bλ = b₀ − βgᵇ，λ ≥ 0，${dz}；非期望产出以等式约束体现弱可处置性，` +
            'β* = 0 表示位于前沿上，效率 = 1/(1 + β*)；松弛由第二阶段在 β* 固定时最大化投入与期望产出松弛之和求得。',
          `β* = max β s.t. Xλ ≤ x₀ − βgˣ, Yλ ≥ y₀ + βgʸ, Bλ = b₀ − βgᵇ, λ ≥ 0, ${de}; the equality on the undesirable outputs makes them ` +
            'weakly disposable; β* = 0 is on the frontier and the efficiency is 1/(1 + β*); slacks of inputs and desirable outputs by a second phase with β* fixed.',
        ),
      );
    } else
      s.push(
        w.t(
          'ρ* = min [1 − (1/m)Σ s⁻ᵢ/xᵢ₀] / [1 + (1/(s₁ + s₂))(Σ sᵍᵣ/yᵍᵣ₀ + Σ sᵇᵣ/yᵇᵣ₀)]，s.t. x₀ = Xλ + s⁻，yᵍ₀ = Yᵍλ − sᵍ，yᵇ₀ = Yᵇλ + sᵇ，' +
            '经 Charnes–Cooper 变换化为线性规划求解' +
            `${kind === 'super-sbm' ? '；SBM 有效单元（ρ* = 1）再以剔除自身的参考集计算超效率 δ* ≥ 1' : ''}。`,
          'ρ* = min [1 − (1/m)Σ s⁻ᵢ/xᵢ₀] / [1 + (1/(s₁ + s₂))(Σ sᵍᵣ/yᵍᵣ₀ + Σ sᵇᵣ/yᵇᵣ₀)] s.t. x₀ = Xλ + s⁻, yᵍ₀ = Yᵍλ − sᵍ, yᵇ₀ = Yᵇλ + sᵇ, ' +
            'solved as a linear program by the Charnes–Cooper transformation' +
            `${kind === 'super-sbm' ? '; SBM-efficient units (ρ* = 1) are ranked by the super-efficiency δ* ≥ 1 against the other units' : ''}.`,
        ),
      );
    if ((kind === 'sbm' || kind === 'super-sbm') && bad.length && str(m.zeroUndesirable) === 'replace')
      s.push(
        w.t(
          `为零的非期望产出按 Tone 的做法以极小正数替代${w.cite('tone2001')}：取该变量在模型数据中最小正值的 10⁻⁶ 倍。`,
          `Zero undesirable outputs are replaced by a small positive number, as Tone does${w.cite('tone2001')}: 10⁻⁶ × the smallest positive value of the variable in the model's data.`,
        ),
      );
  }
  const mq = arr(sec.malmquist).map(obj);
  const kinds = new Set(mq.map((m) => str(m.index) ?? 'malmquist'));
  if (kinds.has('malmquist'))
    s.push(
      w.t(
        `生产率变化采用 CCR 距离函数的 Malmquist 指数${w.cite('fare1994')}：M = EC × TC，EC = D^{t+1}(t+1)/D^t(t)，` +
          'TC = √[(D^t(t+1)/D^{t+1}(t+1))·(D^t(t)/D^{t+1}(t))]，M > 1 表示生产率提高。',
        `Productivity change is the Malmquist index of CCR distance functions${w.cite('fare1994')}: M = EC × TC, EC = D^{t+1}(t+1)/D^t(t), ` +
          'TC = √[(D^t(t+1)/D^{t+1}(t+1))·(D^t(t)/D^{t+1}(t))]; M > 1 is productivity growth.',
      ),
    );
  for (const m of mq.filter((x) => str(x.index) === 'ml')) {
    const f = str(m.frontier) ?? 'contemporaneous';
    const [fz, fe] =
      f === 'sequential'
        ? [`序列前沿${w.cite('ohHeshmati2010')}`, `sequential frontiers${w.cite('ohHeshmati2010')}`]
        : f === 'window'
          ? [`${Number(m.window ?? 3)} 期窗口前沿`, `trailing windows of ${Number(m.window ?? 3)} periods`]
          : ['当期前沿', 'contemporaneous frontiers'];
    const [dz, de] = dir(str(m.direction));
    s.push(
      w.t(
        `${str(m.name)} 为 Malmquist–Luenberger 指数${w.cite('chung1997')}（${fz}，${dz}，规模报酬${str(m.rts) === 'vrs' ? '可变' : '不变'}），` +
          'D^a(b) 为第 b 期数据相对第 a 期前沿的方向性距离函数 β*：ML = √{[(1 + D^t(t))/(1 + D^t(t+1))]·[(1 + D^{t+1}(t))/(1 + D^{t+1}(t+1))]} = EC × TC，' +
          'EC = (1 + D^t(t))/(1 + D^{t+1}(t+1))，TC = √{[(1 + D^{t+1}(t))/(1 + D^t(t))]·[(1 + D^{t+1}(t+1))/(1 + D^t(t+1))]}；' +
          '跨期线性规划无可行解或 1 + β* ≤ 0 时该期指数留空并在说明列注明；累积指数为各期指数之积。',
        `${str(m.name)} is the Malmquist–Luenberger index${w.cite('chung1997')} (${fe}, ${de}, ${str(m.rts) === 'vrs' ? 'variable' : 'constant'} returns to scale), ` +
          'with D^a(b) the directional distance β* of the period-b data to the period-a frontier: ML = √{[(1 + D^t(t))/(1 + D^t(t+1))]·[(1 + D^{t+1}(t))/(1 + D^{t+1}(t+1))]} = EC × TC, ' +
          'EC = (1 + D^t(t))/(1 + D^{t+1}(t+1)), TC = √{[(1 + D^{t+1}(t))/(1 + D^t(t))]·[(1 + D^{t+1}(t+1))/(1 + D^t(t+1))]}; ' +
          'a step whose cross-period LP is infeasible or has 1 + β* ≤ 0 is left empty and named in the note column; the cumulative index is the product of the steps.',
      ),
    );
  }
  for (const m of mq.filter((x) => str(x.index) === 'gml')) {
    const [dz, de] = dir(str(m.direction));
    s.push(
      w.t(
        `${str(m.name)} 为全局 Malmquist–Luenberger 指数${w.cite('oh2010')}（${dz}，规模报酬${str(m.rts) === 'vrs' ? '可变' : '不变'}），以全部时期构成的全局前沿 G 计算：` +
          'GML = (1 + D^G(t))/(1 + D^G(t+1)) = EC × BPC，EC = (1 + D^t(t))/(1 + D^{t+1}(t+1))，' +
          'BPC = [(1 + D^G(t))/(1 + D^t(t))]/[(1 + D^G(t+1))/(1 + D^{t+1}(t+1))]（表中 TC 列）；全局线性规划总有可行解。',
        `${str(m.name)} is the global Malmquist–Luenberger index${w.cite('oh2010')} (${de}, ${str(m.rts) === 'vrs' ? 'variable' : 'constant'} returns to scale) against the ` +
          'global frontier G of all periods: GML = (1 + D^G(t))/(1 + D^G(t+1)) = EC × BPC, EC = (1 + D^t(t))/(1 + D^{t+1}(t+1)), ' +
          'BPC = [(1 + D^G(t))/(1 + D^t(t))]/[(1 + D^G(t+1))/(1 + D^{t+1}(t+1))] (the TC column); the global LPs are always feasible.',
      ),
    );
  }
  if (models.length || mq.length)
    s.push(
      w.t(
        `线性规划由 HiGHS${w.cite('huangfuHall2018')}（对偶单纯形法，可行性与最优性容差 ${SOLVER_OPTIONS.optimality_tolerance}）求解。`,
        `The linear programs are solved by HiGHS${w.cite('huangfuHall2018')} (dual simplex, feasibility and optimality tolerances ${SOLVER_OPTIONS.optimality_tolerance}).`,
      ),
    );
  return { heading: w.t('效率分析（DEA）', 'Efficiency (DEA)'), sentences: s };
}

/** Names the section reads from the data. */
function dataColumns(spec: EfficiencySpec): string[] {
  const out = new Set<string>();
  for (const m of spec.models) for (const c of [...m.inputs, ...m.outputs, ...m.undesirable]) out.add(c);
  for (const m of spec.malmquist) for (const c of [...m.inputs, ...m.outputs, ...m.undesirable]) out.add(c);
  return [...out];
}

/** Problems before a run: unknown variables, undesirable outputs in CCR/BCC, names used twice, one variable in two roles. */
function check(
  spec: EfficiencySpec,
  known: { readonly scores: readonly string[]; readonly indicators: readonly string[]; readonly data: readonly string[] },
): Problem[] {
  const problems: Problem[] = [];
  const ok = new Set([...known.scores, ...known.data]);
  const all = [...known.scores, ...known.data];
  const names = new Map<string, string>();
  const add = (path: string, brief: string, hint: string, code: 'E_DEA_SPEC' | 'E_DEA_DATA' = 'E_DEA_SPEC') =>
    problems.push({ code, message: `${path}: ${brief}`, brief, location: { path }, hint });
  const vars = (list: readonly string[], path: string) =>
    list.forEach((v, j) => {
      if (ok.has(v)) return;
      const near = nearest(v, all);
      add(
        `${path}.${j}`,
        `"${v}" is neither a score of this run nor a column of the data`,
        near.length ? `did you mean "${near[0]}"?` : 'name a data column',
        'E_DEA_DATA',
      );
    });
  const entries: [string, { name: string; inputs: string[]; outputs: string[]; undesirable?: string[] }][] = [
    ...spec.models.map((m, i) => [`${PATH}.models.${i}`, m] as [string, DeaModelSpec]),
    ...spec.malmquist.map((m, i) => [`${PATH}.malmquist.${i}`, m] as [string, MalmquistSpec]),
  ];
  for (const [path, m] of entries) {
    const prev = names.get(m.name);
    if (prev) add(`${path}.name`, `the name "${m.name}" is also used by ${prev}`, 'give every model its own name');
    else names.set(m.name, `${path}.name`);
    vars(m.inputs, `${path}.inputs`);
    vars(m.outputs, `${path}.outputs`);
    vars(m.undesirable ?? [], `${path}.undesirable`);
    const seen = new Set<string>();
    for (const v of [...m.inputs, ...m.outputs, ...(m.undesirable ?? [])]) {
      if (seen.has(v)) add(path, `"${v}" is used twice among the inputs and outputs`, 'give each variable one role');
      seen.add(v);
    }
  }
  spec.models.forEach((m, i) => {
    if ((m.model === 'ccr' || m.model === 'bcc') && m.undesirable.length)
      add(`${PATH}.models.${i}.undesirable`, `${m.model} does not model undesirable outputs`, 'use model sbm, super-sbm or ddf');
  });
  spec.malmquist.forEach((m, i) => {
    if (m.index === 'malmquist' && m.undesirable.length)
      add(`${PATH}.malmquist.${i}.undesirable`, 'the CCR Malmquist index does not model undesirable outputs', 'use index: ml or gml');
  });
  return problems;
}

/** The score columns the section adds: every model's efficiency, and the cumulative ML / GML index. */
function scoreNames(spec: EfficiencySpec): string[] {
  return [...spec.models.map((m) => m.name), ...spec.malmquist.filter((m) => m.index !== 'malmquist').map((m) => m.name)];
}

/**
 * Score columns for the other analyses, named by the model: the `efficiency` column of efficiency_scores (θ, 1/φ,
 * ρ, δ for super-SBM, 1/(1 + β) for ddf), and for ml / gml the cumulative index (1 in the first period of a unit
 * with complete data, then the product of the steps — the level of green TFP papers take from GML). Empty cells
 * stay NaN.
 */
function scoreValues(tables: readonly AnalysisTable[], ctx: AnalysisContext, spec: EfficiencySpec): Map<string, Float64Array> {
  const P = ctx.scores;
  const nU = P.units.length;
  const uIx = new Map(P.units.map((u, i) => [u, i]));
  const tIx = new Map(P.periods.map((p, t) => [String(periodCell(p)), t]));
  const out = new Map<string, Float64Array>();
  for (const name of scoreNames(spec)) out.set(name, new Float64Array(nU * P.periods.length).fill(Number.NaN));
  const set = (name: unknown, unit: unknown, period: unknown, v: unknown) => {
    const col = out.get(String(name));
    const u = uIx.get(String(unit));
    const t = tIx.get(String(period));
    if (col && u !== undefined && t !== undefined && typeof v === 'number') col[t * nU + u] = v;
  };
  const sc = tables.find((t) => t.name === EFFICIENCY_SCORES.name);
  if (sc) for (const r of EFFICIENCY_SCORES.read(sc).rows) set(r.model, r.unit, r.period, r.efficiency);
  const ml = tables.find((t) => t.name === EFFICIENCY_ML.name);
  if (ml)
    for (const r of EFFICIENCY_ML.read(ml).rows) {
      if (tIx.get(String(r.from)) === 0) set(r.model, r.unit, r.from, 1);
      set(r.model, r.unit, r.to, r.cumulative);
    }
  return out;
}

export const efficiencyAnalysis = analysis({
  key: 'efficiency',
  title: { zh: '效率分析（DEA）', en: 'Efficiency (DEA)' },
  spec: EfficiencySpec,
  tables: [EFFICIENCY_SCORES, EFFICIENCY_TARGETS, EFFICIENCY_MALMQUIST, EFFICIENCY_ML],
  run,
  methods,
  dataColumns,
  check,
  addsScores: { names: scoreNames, values: scoreValues },
});

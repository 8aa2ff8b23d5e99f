/**
 * analyses.models (issue 15): linear panel models on the run's panel — pooled OLS, fixed effects
 * (unit, period, two ways), random effects (Swamy–Arora) with the Hausman test — under several
 * standard-error conventions; mediation (stepwise with fixed effects, Sobel, cluster bootstrap);
 * moderation (simple slopes). Estimation: src/lenses/panel/. Writes every estimate at full
 * precision (models_coef.csv: one row per model × term × standard-error type), the model statistics
 * (models_fit.csv), tests (models_tests.csv), simple slopes, mediation, and the regression table as
 * papers print it (models_regression.csv, the report, tables.docx, results.xlsx, models.tex).
 */
import { fail, nearest, NqpfError } from '../../core/errors.js';
import { problemOf, type Problem } from '../../core/problems.js';
import type { Panel } from '../../core/panel.js';
import { studentTQuantile, studentTTwoSided } from '../../kernels/distributions.js';
import { periodCell, type AnalysisContext, type AnalysisTable } from '../../analysis/context.js';
import { analysis, L, table, type MethodsParagraph, type MethodsWriter, type PaperContext, type PaperTable, type Row } from '../../analysis/descriptor.js';
import { arr, obj, str, type Loose } from '../../core/loose.js';
import { fitPanel, type PanelFit } from '../panel/estimate.js';
import { hausmanTest } from '../panel/hausman.js';
import { buildFrame, evaluate, type ModelFrame, type ModelPanel } from '../panel/frame.js';
import { exprText, formulaVars, parseFormula, type Formula } from '../panel/formula.js';
import { mediation, simpleSlopes } from '../panel/mechanism.js';
import { thresholdModel } from '../panel/threshold.js';
import { callawaySantAnna, eventStudy, FEW_CLUSTERS, placebo, treatmentFromTiming, twfeDid } from '../panel/did.js';
import { vcov, type SeType } from '../panel/vcov.js';
import type { Effects } from '../panel/within.js';
import { ModelsSpec } from './spec.js';
import { latexTable } from './latex.js';

const PATH = 'analyses.models';

const SE_LABELS = {
  conventional: { zh: '常规标准误', en: 'conventional' },
  hc0: { zh: '异方差稳健（HC0）', en: 'robust (HC0)' },
  hc1: { zh: '异方差稳健（HC1）', en: 'robust (HC1)' },
  cluster: { zh: '聚类稳健', en: 'clustered' },
  cluster_hc0: { zh: '聚类稳健（无小样本校正）', en: 'clustered (no small-sample factor)' },
  twoway_cluster: { zh: '双向聚类', en: 'two-way clustered' },
  driscoll_kraay: { zh: 'Driscoll–Kraay', en: 'Driscoll–Kraay' },
} as const;
const ESTIMATORS = {
  pooled: { zh: '混合 OLS', en: 'Pooled OLS' },
  fe_unit: { zh: '个体固定效应', en: 'Unit FE' },
  fe_period: { zh: '时间固定效应', en: 'Period FE' },
  fe_twoway: { zh: '双向固定效应', en: 'Two-way FE' },
  random: { zh: '随机效应', en: 'Random effects' },
  threshold: { zh: '面板门槛（个体固定效应）', en: 'Panel threshold (unit FE)' },
} as const;
const EFFECTS = {
  total: { zh: '总效应 c', en: 'Total effect c' },
  a: { zh: '路径 a（X→M）', en: 'Path a (X→M)' },
  b: { zh: '路径 b（M→Y）', en: 'Path b (M→Y)' },
  direct: { zh: '直接效应 c′', en: "Direct effect c'" },
  indirect_sobel: { zh: '间接效应 ab（Sobel）', en: 'Indirect effect ab (Sobel)' },
  indirect_bootstrap: { zh: '间接效应 ab（聚类自助法）', en: 'Indirect effect ab (cluster bootstrap)' },
  share: { zh: '中介效应占比 ab/c', en: 'Share mediated ab/c' },
} as const;
const ROWS = {
  '(Intercept)': { zh: '常数项', en: 'Constant' },
  unit_fe: { zh: '个体固定效应', en: 'Unit FE' },
  period_fe: { zh: '时间固定效应', en: 'Period FE' },
  n: { zh: '观测值', en: 'Observations' },
  r2: { zh: 'R²', en: 'R²' },
  r2_within: { zh: '组内 R²', en: 'Within R²' },
  se_type: { zh: '标准误', en: 'Standard errors' },
  did: { zh: '政策效应（DID）', en: 'DID (treated × post)' },
  controls: { zh: '控制变量', en: 'Controls' },
  Yes: { zh: '是', en: 'Yes' },
  No: { zh: '否', en: 'No' },
} as const;
const model = { kind: 'text', zh: '模型', en: 'Model' } as const;
const p = { kind: 'num', zh: 'p 值', en: 'p', pValue: true } as const;

export const MODELS_COEF = table({
  name: 'models_coef',
  file: 'models_coef.csv',
  zh: '模型系数估计（全部标准误口径）',
  en: 'Model coefficients (every standard-error type)',
  columns: {
    model,
    term: { kind: 'text', zh: '变量', en: 'Term', values: { '(Intercept)': ROWS['(Intercept)'], did: ROWS.did } },
    se_type: { kind: 'text', zh: '标准误口径', en: 'SE type', values: SE_LABELS },
    estimate: { kind: 'num', zh: '系数', en: 'Estimate' },
    se: { kind: 'num', zh: '标准误', en: 'SE' },
    t: { kind: 'num', zh: 't 值', en: 't' },
    df: { kind: 'int', zh: '自由度', en: 'df' },
    p,
    ci_low: { kind: 'num', zh: '95% 置信下限', en: '95% CI low' },
    ci_high: { kind: 'num', zh: '95% 置信上限', en: '95% CI high' },
  },
});

export const MODELS_FIT = table({
  name: 'models_fit',
  file: 'models_fit.csv',
  zh: '模型统计量',
  en: 'Model statistics',
  report: { columns: ['model', 'estimator', 'n', 'units', 'periods', 'r2', 'r2_within', 'r2_overall', 'f', 'f_p', 'theta', 'note'] },
  columns: {
    model,
    formula: { kind: 'text', zh: '公式', en: 'Formula' },
    estimator: { kind: 'text', zh: '估计方法', en: 'Estimator', values: ESTIMATORS },
    n: { kind: 'int', zh: '观测值', en: 'N' },
    units: { kind: 'int', zh: '个体数', en: 'Units' },
    periods: { kind: 'int', zh: '时期数', en: 'Periods' },
    balanced: { kind: 'text', zh: '平衡面板', en: 'Balanced', values: { yes: { zh: '是', en: 'yes' }, no: { zh: '否', en: 'no' } } },
    k: { kind: 'int', zh: '系数个数', en: 'Coefficients' },
    absorbed: { kind: 'int', zh: '吸收的固定效应数', en: 'Fixed effects absorbed' },
    df_resid: { kind: 'int', zh: '残差自由度', en: 'Residual df' },
    rss: { kind: 'num', zh: '残差平方和', en: 'RSS' },
    sigma: { kind: 'num', zh: '残差标准差', en: 'σ̂' },
    r2: { kind: 'num', zh: 'R²', en: 'R²' },
    adj_r2: { kind: 'num', zh: '调整 R²', en: 'Adj. R²' },
    r2_within: { kind: 'num', zh: '组内 R²', en: 'Within R²' },
    r2_between: { kind: 'num', zh: '组间 R²', en: 'Between R²' },
    r2_overall: { kind: 'num', zh: '整体 R²', en: 'Overall R²' },
    f: { kind: 'num', zh: 'F 统计量', en: 'F' },
    f_df1: { kind: 'int', zh: 'F 分子自由度', en: 'F df1' },
    f_df2: { kind: 'int', zh: 'F 分母自由度', en: 'F df2' },
    f_p: { kind: 'num', zh: 'F 检验 p 值', en: 'F p', pValue: true },
    theta: { kind: 'num', zh: 'θ', en: 'θ' },
    sigma2_u: { kind: 'num', zh: 'σ²_u', en: 'σ²_u' },
    sigma2_e: { kind: 'num', zh: 'σ²_e', en: 'σ²_e' },
    note: {
      kind: 'text',
      zh: '说明',
      en: 'Note',
      patterns: [
        { re: /^dropped \(collinear\): (.*)$/, zh: '因共线性剔除：$1', en: 'dropped (collinear): $1' },
        { re: /^dropped \(absorbed by the fixed effects\): (.*)$/, zh: '被固定效应吸收而剔除：$1', en: 'dropped (absorbed by the fixed effects): $1' },
        {
          re: /^(\d+) unit-periods? without every variable left out$/,
          zh: '$1 个个体—时期有变量缺失，未纳入',
          en: '$1 unit-period(s) without every variable left out',
        },
        { re: /^unbalanced panel$/, zh: '非平衡面板', en: 'unbalanced panel' },
        {
          re: /^(\d+) singleton units? \(one observation: no within variation\)$/,
          zh: '$1 个个体仅有 1 个观测（无组内变异）',
          en: '$1 singleton unit(s) (one observation: no within variation)',
        },
        {
          re: /^few clusters \((\d+) < (\d+)\): clustered standard errors may be unreliable$/,
          zh: '聚类数过少（$1 < $2），聚类稳健标准误可能不可靠',
          en: 'few clusters ($1 < $2): clustered standard errors may be unreliable',
        },
      ],
    },
  },
});

export const MODELS_TESTS = table({
  name: 'models_tests',
  file: 'models_tests.csv',
  zh: '模型检验',
  en: 'Model tests',
  report: true,
  columns: {
    model,
    test: {
      kind: 'text',
      zh: '检验',
      en: 'Test',
      values: {
        hausman: { zh: 'Hausman 检验（固定效应 vs 随机效应）', en: 'Hausman (FE vs RE)' },
        pretrend: { zh: '平行趋势检验（处理前各期系数联合为 0，F）', en: 'Pre-trends (all leads = 0, F)' },
        placebo: { zh: '安慰剂检验（随机化 p 值）', en: 'Placebo (randomisation p-value)' },
      },
    },
    statistic: { kind: 'num', zh: '统计量', en: 'Statistic' },
    df: { kind: 'int', zh: '自由度', en: 'df' },
    p,
    note: {
      kind: 'text',
      zh: '说明',
      en: 'Note',
      values: { 'V_FE − V_RE not positive definite': { zh: 'V_FE − V_RE 非正定', en: 'V_FE − V_RE not positive definite' } },
    },
  },
});

export const MODELS_SLOPES = table({
  name: 'models_slopes',
  file: 'models_slopes.csv',
  zh: '调节效应：简单斜率',
  en: 'Moderation: simple slopes',
  report: true,
  columns: {
    model,
    x: { kind: 'text', zh: '解释变量', en: 'x' },
    moderator: { kind: 'text', zh: '调节变量', en: 'Moderator' },
    level: {
      kind: 'text',
      zh: '调节变量取值',
      en: 'Moderator at',
      values: {
        mean_minus_sd: { zh: '均值 − 1 标准差', en: 'mean − 1 SD' },
        mean: { zh: '均值', en: 'mean' },
        mean_plus_sd: { zh: '均值 + 1 标准差', en: 'mean + 1 SD' },
      },
    },
    at: { kind: 'num', zh: '取值', en: 'Value' },
    slope: { kind: 'num', zh: '简单斜率', en: 'Slope' },
    se: { kind: 'num', zh: '标准误', en: 'SE' },
    t: { kind: 'num', zh: 't 值', en: 't' },
    p,
    se_type: { kind: 'text', zh: '标准误口径', en: 'SE type', values: SE_LABELS },
  },
});

export const MODELS_MEDIATION = table({
  name: 'models_mediation',
  file: 'models_mediation.csv',
  zh: '中介效应检验',
  en: 'Mediation',
  report: true,
  columns: {
    mediation: { kind: 'text', zh: '中介分析', en: 'Mediation' },
    effect: { kind: 'text', zh: '效应', en: 'Effect', values: EFFECTS },
    estimate: { kind: 'num', zh: '估计值', en: 'Estimate' },
    se: { kind: 'num', zh: '标准误', en: 'SE' },
    stat: { kind: 'num', zh: 't/z 值', en: 't / z' },
    p,
    ci_low: { kind: 'num', zh: '置信下限', en: 'CI low' },
    ci_high: { kind: 'num', zh: '置信上限', en: 'CI high' },
    n: { kind: 'int', zh: '观测值', en: 'N' },
    draws: { kind: 'int', zh: '自助抽样次数', en: 'Bootstrap draws' },
    se_type: { kind: 'text', zh: '标准误口径', en: 'SE type', values: SE_LABELS },
  },
});

export const MODELS_THRESHOLD = table({
  name: 'models_threshold',
  file: 'models_threshold.csv',
  zh: '门槛效应检验',
  en: 'Threshold effect tests',
  report: true,
  columns: {
    model,
    thresholds: { kind: 'int', zh: '门槛个数', en: 'Thresholds' },
    ssr: { kind: 'num', zh: '残差平方和', en: 'SSR' },
    f: { kind: 'num', zh: 'F 统计量', en: 'F' },
    p: { kind: 'num', zh: '自助法 p 值', en: 'Bootstrap p', pValue: true },
    crit10: { kind: 'num', zh: '10% 临界值', en: '10% critical value' },
    crit5: { kind: 'num', zh: '5% 临界值', en: '5% critical value' },
    crit1: { kind: 'num', zh: '1% 临界值', en: '1% critical value' },
    replications: { kind: 'int', zh: '自助抽样次数', en: 'Replications' },
  },
});

export const MODELS_THRESHOLD_GAMMA = table({
  name: 'models_threshold_gamma',
  file: 'models_threshold_gamma.csv',
  zh: '门槛估计值及其置信区间',
  en: 'Threshold estimates and confidence intervals',
  report: true,
  columns: {
    model,
    thresholds: { kind: 'int', zh: '模型门槛个数', en: 'Thresholds in the model' },
    estimate: { kind: 'text', zh: '门槛', en: 'Threshold' },
    stage: {
      kind: 'text',
      zh: '估计方式',
      en: 'Stage',
      values: {
        single: { zh: '单一门槛搜索', en: 'single search' },
        second: { zh: '给定第一门槛搜索', en: 'given the first' },
        refined: { zh: '给定第二门槛重新估计', en: 'refined given the second' },
        third: { zh: '给定前两门槛搜索', en: 'given the first two' },
        carried: { zh: '沿用双门槛估计', en: 'from the double model' },
      },
    },
    gamma: { kind: 'num', zh: '门槛估计值', en: 'Estimate' },
    ci_low: { kind: 'num', zh: '置信下限', en: 'CI low' },
    ci_high: { kind: 'num', zh: '置信上限', en: 'CI high' },
  },
});

/** The LR(γ) curves (for the figure of the thresholds' confidence sets). */
export const MODELS_THRESHOLD_LR = table({
  name: 'models_threshold_lr',
  file: 'models_threshold_lr.csv',
  zh: '门槛似然比曲线 LR(γ)',
  en: 'Threshold likelihood-ratio curves LR(γ)',
  columns: {
    model,
    thresholds: { kind: 'int', zh: '模型门槛个数', en: 'Thresholds in the model' },
    estimate: { kind: 'text', zh: '门槛', en: 'Threshold' },
    gamma: { kind: 'num', zh: 'γ', en: 'γ' },
    ssr: { kind: 'num', zh: '残差平方和', en: 'SSR' },
    lr: { kind: 'num', zh: 'LR(γ)', en: 'LR(γ)' },
    critical: { kind: 'num', zh: '临界值', en: 'Critical value' },
  },
});

const DID_ESTIMATORS = {
  twfe: { zh: '双向固定效应 DID', en: 'TWFE DID' },
  cs_simple: { zh: 'CS：总体 ATT（按组规模加权）', en: 'CS: overall ATT (simple)' },
  cs_dynamic: { zh: 'CS：处理后平均动态效应', en: 'CS: average dynamic effect (e ≥ 0)' },
  cs_group: { zh: 'CS：分组效应的加权平均', en: 'CS: average of group effects' },
} as const;

export const MODELS_DID = table({
  name: 'models_did',
  file: 'models_did.csv',
  zh: '双重差分估计',
  en: 'Difference-in-differences estimates',
  report: true,
  columns: {
    model,
    estimator: { kind: 'text', zh: '估计量', en: 'Estimator', values: DID_ESTIMATORS },
    estimate: { kind: 'num', zh: '估计值', en: 'Estimate' },
    se: { kind: 'num', zh: '标准误', en: 'SE' },
    stat: { kind: 'num', zh: 't/z 值', en: 't / z' },
    p,
    ci_low: { kind: 'num', zh: '置信下限', en: 'CI low' },
    ci_high: { kind: 'num', zh: '置信上限', en: 'CI high' },
    n: { kind: 'int', zh: '观测值', en: 'N' },
    units: { kind: 'int', zh: '个体数', en: 'Units' },
    treated_units: { kind: 'int', zh: '处理组个体数', en: 'Treated units' },
    never_treated: { kind: 'int', zh: '从未处理个体数', en: 'Never-treated units' },
    note: { kind: 'text', zh: '说明', en: 'Note' },
  },
});

export const MODELS_EVENT = table({
  name: 'models_event',
  file: 'models_event.csv',
  zh: '事件研究：动态效应',
  en: 'Event study: dynamic effects',
  report: true,
  columns: {
    model,
    method: {
      kind: 'text',
      zh: '方法',
      en: 'Method',
      values: { twfe: { zh: '双向固定效应事件研究', en: 'TWFE event study' }, cs: { zh: 'Callaway–Sant’Anna 动态效应', en: 'Callaway–Sant’Anna dynamic' } },
    },
    e: { kind: 'int', zh: '相对时期', en: 'Relative period' },
    label: { kind: 'text', zh: '标签', en: 'Label' },
    estimate: { kind: 'num', zh: '估计值', en: 'Estimate' },
    se: { kind: 'num', zh: '标准误', en: 'SE' },
    p,
    ci_low: { kind: 'num', zh: '置信下限', en: 'CI low' },
    ci_high: { kind: 'num', zh: '置信上限', en: 'CI high' },
    reference: { kind: 'int', zh: '基期', en: 'Reference' },
    obs: { kind: 'int', zh: '处理组观测数', en: 'Treated obs.' },
  },
});

export const MODELS_ATTGT = table({
  name: 'models_attgt',
  file: 'models_attgt.csv',
  zh: '分组—时期平均处理效应 ATT(g,t)',
  en: 'Group-time average treatment effects ATT(g,t)',
  columns: {
    model,
    group: { kind: 'num', zh: '处理组（首次处理期）', en: 'Group (first treated)' },
    period: { kind: 'period', zh: '时期', en: 'Period' },
    e: { kind: 'int', zh: '相对时期', en: 'Relative period' },
    att: { kind: 'num', zh: 'ATT(g,t)', en: 'ATT(g,t)' },
    se: { kind: 'num', zh: '标准误', en: 'SE' },
    p,
    ci_low: { kind: 'num', zh: '置信下限', en: 'CI low' },
    ci_high: { kind: 'num', zh: '置信上限', en: 'CI high' },
    n_treated: { kind: 'int', zh: '处理组个体数', en: 'Treated units' },
    n_control: { kind: 'int', zh: '对照组个体数', en: 'Control units' },
  },
});

/** The placebo draws (for the distribution figure). */
export const MODELS_PLACEBO = table({
  name: 'models_placebo',
  file: 'models_placebo.csv',
  zh: '安慰剂检验：随机分配处理时点的估计值',
  en: 'Placebo test: estimates under random reassignment of the treatment timing',
  columns: {
    model,
    draw: { kind: 'int', zh: '抽样序号', en: 'Draw' },
    estimate: { kind: 'num', zh: '估计值', en: 'Estimate' },
    observed: { kind: 'num', zh: '真实估计值', en: 'Observed estimate' },
  },
});

/** The regression table as papers print it: one column per model. */
export const MODELS_REGRESSION = table({
  name: 'models_regression',
  file: 'models_regression.csv',
  zh: '回归结果',
  en: 'Regression results',
  report: true,
  columns: {
    row: { kind: 'text', zh: '变量', en: 'Variable', values: ROWS },
    models: { kind: 'text', zh: '模型', en: 'Model', spread: true, values: { Yes: ROWS.Yes, No: ROWS.No, ...SE_LABELS } },
  },
});

type CoefRow = Row<typeof MODELS_COEF.columns>;

/** The effects a formula's `| …` part names. */
function effectsOf(f: Formula, path: string): Effects {
  const unit = new Set(['unit', 'units', 'id', 'individual']);
  const period = new Set(['period', 'periods', 'time', 'year']);
  let u = false;
  let t = false;
  for (const x of f.fixed) {
    if (unit.has(x)) u = true;
    else if (period.has(x)) t = true;
    else
      fail('E_MODEL_FORMULA', `${path}: fixed effect "${x}" is not unit or period`, {
        location: { path },
        hint: 'write "| unit", "| period" or "| unit + period"',
      });
  }
  return u && t ? 'twoway' : u ? 'unit' : t ? 'period' : 'none';
}

/** The panel models read: the scores of the run and the data columns, aligned on the scores' units and periods. */
export function modelPanel(ctx: AnalysisContext): ModelPanel {
  const P = ctx.scores;
  const indicators = new Set(ctx.result.framework.indicators);
  const scoreNames = P.indicators.filter((c) => !indicators.has(c));
  const data = ctx.data;
  const nU = P.units.length;
  const nT = P.periods.length;
  const cache = new Map<string, Float64Array>();
  const align = (D: Panel, v: Float64Array): Float64Array => {
    const uIx = new Map(D.units.map((u, i) => [u, i]));
    const tIx = new Map(D.periods.map((x, i) => [x, i]));
    const out = new Float64Array(nU * nT).fill(Number.NaN);
    const dU = D.units.length;
    for (let t = 0; t < nT; t++) {
      const dt = tIx.get(P.periods[t]);
      if (dt === undefined) continue;
      for (let u = 0; u < nU; u++) {
        const du = uIx.get(P.units[u]);
        if (du !== undefined) out[t * nU + u] = v[dt * dU + du];
      }
    }
    return out;
  };
  return {
    units: P.units,
    periods: P.periods,
    periodValues: P.periodValues,
    numericPeriods: P.periods.every((x) => /^-?\d+(\.\d+)?$/.test(x)),
    resolve(name) {
      if (scoreNames.includes(name)) return P.values.get(name);
      const hit = cache.get(name);
      if (hit) return hit;
      const v = data?.values.get(name);
      if (!v || !data) return undefined;
      const a = align(data, v);
      cache.set(name, a);
      return a;
    },
    known: () => [...scoreNames, ...(data?.indicators ?? [])],
  };
}

function estimatorOf(est: 'ols' | 'random', e: Effects): keyof typeof ESTIMATORS {
  if (est === 'random') return 'random';
  return e === 'none' ? 'pooled' : e === 'unit' ? 'fe_unit' : e === 'period' ? 'fe_period' : 'fe_twoway';
}

interface Fitted {
  name: string;
  fit: PanelFit;
  frame: ModelFrame;
  se: SeType[];
  effects: Effects;
}

function run(ctx: AnalysisContext, spec: ModelsSpec): AnalysisTable[] {
  const panel = modelPanel(ctx);
  const coef: CoefRow[] = [];
  const fitRows: Row<typeof MODELS_FIT.columns>[] = [];
  const tests: Row<typeof MODELS_TESTS.columns>[] = [];
  const slopes: Row<typeof MODELS_SLOPES.columns>[] = [];
  const fitted: Fitted[] = [];
  const names = new Set<string>();
  spec.regressions.forEach((m, i) => {
    const path = `${PATH}.regressions.${i}`;
    if (names.has(m.name)) fail('E_MODEL_SPEC', `${path}.name: "${m.name}" is used by two models`, { location: { path: `${path}.name` } });
    names.add(m.name);
    const f = parseFormula(m.formula, `${path}.formula`);
    const effects = effectsOf(f, `${path}.formula`);
    const frame = buildFrame(f, panel, `${path}.formula`);
    const opts = { estimator: m.estimator, effects: m.estimator === 'random' ? ('unit' as const) : effects, intercept: f.intercept, path };
    if (m.estimator === 'random' && effects !== 'none' && effects !== 'unit')
      fail('E_MODEL_SPEC', `${path}: random effects are unit effects; remove "| period" from the formula`, { location: { path: `${path}.formula` } });
    const fit = fitPanel(frame, opts);
    const se = m.se ?? spec.se;
    fitted.push({ name: m.name, fit, frame, se, effects: opts.effects });
    for (const type of se) coef.push(...coefRows(m.name, fit, type, { lags: m.lags, clusterBy: m.clusterBy, path }));
    fitRows.push(fitRow(ctx, m.name, m.formula, estimatorOf(m.estimator, opts.effects), fit, frame, panel, se, path));
    if (m.estimator === 'random' && m.hausman) tests.push(hausman(m.name, frame, fit, path));
    if (m.slopes) slopes.push(...slopeRows(m.name, fit, frame, se[0], m.slopes, `${path}.slopes`));
  });
  const thr = {
    tests: [] as Row<typeof MODELS_THRESHOLD.columns>[],
    gamma: [] as Row<typeof MODELS_THRESHOLD_GAMMA.columns>[],
    lr: [] as Row<typeof MODELS_THRESHOLD_LR.columns>[],
  };
  spec.threshold.forEach((m, i) => {
    const path = `${PATH}.threshold.${i}`;
    if (names.has(m.name)) fail('E_MODEL_SPEC', `${path}.name: "${m.name}" is used by two models`, { location: { path: `${path}.name` } });
    names.add(m.name);
    const r = thresholdRows(ctx, panel, m, spec.se, path);
    thr.tests.push(...r.tests);
    thr.gamma.push(...r.gamma);
    thr.lr.push(...r.lr);
    for (const f of r.fitted) {
      fitted.push(f);
      fitRows.push(fitRow(ctx, f.name, m.formula, 'threshold', f.fit, f.frame, panel, f.se, path));
      for (const type of f.se) coef.push(...coefRows(f.name, f.fit, type, { path }));
    }
  });
  const did = {
    did: [] as Row<typeof MODELS_DID.columns>[],
    event: [] as Row<typeof MODELS_EVENT.columns>[],
    attgt: [] as Row<typeof MODELS_ATTGT.columns>[],
    placebo: [] as Row<typeof MODELS_PLACEBO.columns>[],
  };
  spec.did.forEach((m, i) => {
    const path = `${PATH}.did.${i}`;
    if (names.has(m.name)) fail('E_MODEL_SPEC', `${path}.name: "${m.name}" is used by two models`, { location: { path: `${path}.name` } });
    names.add(m.name);
    const r = didRows(ctx, panel, m, spec.se, path);
    did.did.push(...r.did);
    did.event.push(...r.event);
    did.attgt.push(...r.attgt);
    did.placebo.push(...r.placebo);
    tests.push(...r.tests);
    for (const f of r.fitted) {
      fitted.push(f);
      fitRows.push(fitRow(ctx, f.name, m.formula, 'fe_twoway', f.fit, f.frame, panel, f.se, path));
      for (const type of f.se) coef.push(...coefRows(f.name, f.fit, type, { path }));
    }
  });
  const med: Row<typeof MODELS_MEDIATION.columns>[] = [];
  spec.mediation.forEach((m, i) => med.push(...mediationRows(ctx, panel, m, `${PATH}.mediation.${i}`)));
  const out: AnalysisTable[] = [];
  if (fitted.length) {
    out.push(MODELS_COEF.build(coef), MODELS_FIT.build(fitRows), regressionTable(fitted, spec.decimals, spec.controls));
    if (tests.length) out.push(MODELS_TESTS.build(tests));
    if (slopes.length) out.push(MODELS_SLOPES.build(slopes));
  }
  if (did.did.length) out.push(MODELS_DID.build(did.did));
  if (did.event.length) out.push(MODELS_EVENT.build(did.event));
  if (did.attgt.length) out.push(MODELS_ATTGT.build(did.attgt));
  if (did.placebo.length) out.push(MODELS_PLACEBO.build(did.placebo));
  if (thr.tests.length) out.push(MODELS_THRESHOLD.build(thr.tests), MODELS_THRESHOLD_GAMMA.build(thr.gamma), MODELS_THRESHOLD_LR.build(thr.lr));
  if (med.length) out.push(MODELS_MEDIATION.build(med));
  return out;
}

/** The models_fit row of a fit, with notes on dropped regressors, left-out rows and an unbalanced panel (also as warnings). */
function fitRow(
  ctx: AnalysisContext,
  name: string,
  formula: string,
  estimator: keyof typeof ESTIMATORS,
  fit: PanelFit,
  frame: ModelFrame,
  panel: ModelPanel,
  se: readonly SeType[],
  path: string,
): Row<typeof MODELS_FIT.columns> {
  const notes: string[] = [];
  const col = fit.dropped.filter((d) => d.reason === 'collinear').map((d) => d.name);
  const abs = fit.dropped.filter((d) => d.reason === 'absorbed').map((d) => d.name);
  if (col.length) notes.push(`dropped (collinear): ${col.join(', ')}`);
  if (abs.length) notes.push(`dropped (absorbed by the fixed effects): ${abs.join(', ')}`);
  const left = panel.units.length * panel.periods.length - frame.n;
  if (left > 0) notes.push(`${left} unit-period${left > 1 ? 's' : ''} without every variable left out`);
  if (!frame.balanced) notes.push('unbalanced panel');
  if (fit.effects === 'unit' || fit.effects === 'twoway') {
    const count = new Int32Array(fit.G);
    for (let i = 0; i < fit.n; i++) count[fit.unit[i]]++;
    const single = count.filter((c) => c === 1).length;
    // A unit seen once has no within variation: it adds a fixed effect and nothing else (kept, as xtreg does; fixest drops them).
    if (single) notes.push(`${single} singleton unit${single > 1 ? 's' : ''} (one observation: no within variation)`);
  }
  if (se.some((t) => t === 'cluster' || t === 'cluster_hc0' || t === 'twoway_cluster') && fit.G < FEW_CLUSTERS)
    notes.push(`few clusters (${fit.G} < ${FEW_CLUSTERS}): clustered standard errors may be unreliable`);
  for (const d of fit.dropped)
    ctx.warn({
      code: 'W_MODEL_DROPPED',
      message: `${path}: ${d.name} dropped (${d.reason === 'absorbed' ? 'absorbed by the fixed effects' : 'collinear'})`,
      location: { path },
    });
  return {
    model: name,
    formula,
    estimator,
    n: fit.n,
    units: fit.G,
    periods: fit.T,
    balanced: frame.balanced ? 'yes' : 'no',
    k: fit.k,
    absorbed: fit.absorbed,
    df_resid: fit.dfResid,
    rss: fit.rss,
    sigma: Math.sqrt(fit.sigma2),
    r2: fit.r2,
    adj_r2: fit.adjR2,
    r2_within: fit.r2Within,
    r2_between: fit.r2Between,
    r2_overall: fit.r2Overall,
    f: fit.fStat,
    f_df1: fit.fDf1,
    f_df2: fit.fDf2,
    f_p: fit.fP,
    theta: fit.theta ?? null,
    sigma2_u: fit.sigma2U ?? null,
    sigma2_e: fit.sigma2E ?? null,
    note: notes.join('; '),
  };
}

function coefRows(name: string, fit: PanelFit, type: SeType, o: { lags?: number; clusterBy?: 'unit' | 'period'; path: string }): CoefRow[] {
  const v = vcov(fit, type, o);
  const q = studentTQuantile(0.975, v.df);
  return fit.names.map((term, j) => {
    const se = Math.sqrt(v.V[j * fit.k + j]);
    const t = fit.coef[j] / se;
    return {
      model: name,
      term,
      se_type: type,
      estimate: fit.coef[j],
      se,
      t,
      df: v.df,
      p: studentTTwoSided(t, v.df),
      ci_low: fit.coef[j] - q * se,
      ci_high: fit.coef[j] + q * se,
    };
  });
}

/** Hausman test row of a random-effects model. */
function hausman(name: string, frame: ModelFrame, re: PanelFit, path: string): Row<typeof MODELS_TESTS.columns> {
  const h = hausmanTest(frame, re, path);
  return {
    model: name,
    test: 'hausman',
    statistic: Number.isFinite(h.statistic) ? h.statistic : null,
    df: h.df,
    p: Number.isFinite(h.p) ? h.p : null,
    note: h.positiveDefinite ? '' : 'V_FE − V_RE not positive definite',
  };
}

function slopeRows(
  name: string,
  fit: PanelFit,
  frame: ModelFrame,
  se: SeType,
  s: NonNullable<ModelsSpec['regressions'][number]['slopes']>,
  path: string,
): Row<typeof MODELS_SLOPES.columns>[] {
  const x = exprText(parseFormula(`y ~ ${s.x}`, `${path}.x`).terms[0].factors[0]);
  const by = exprText(parseFormula(`y ~ ${s.by}`, `${path}.by`).terms[0].factors[0]);
  const inter = fit.names.includes(`${x}:${by}`) ? `${x}:${by}` : `${by}:${x}`;
  let at = s.at;
  let levels: string[];
  if (at) levels = at.map(() => '');
  else {
    const z = frame.X[frame.names.indexOf(by)];
    if (!z)
      fail('E_MODEL_SPEC', `${path}.by: "${s.by}" is not a term of the model`, { location: { path: `${path}.by` }, hint: `terms: ${frame.names.join(', ')}` });
    let m = 0;
    for (const v of z) m += v;
    m /= z.length;
    let ss = 0;
    for (const v of z) ss += (v - m) ** 2;
    const sd = Math.sqrt(ss / (z.length - 1));
    if (Math.abs(m) <= 1e-12 * sd) m = 0; // a centred moderator: its mean is 0 up to rounding
    at = [m - sd, m, m + sd];
    levels = ['mean_minus_sd', 'mean', 'mean_plus_sd'];
  }
  return simpleSlopes(fit, se, x, inter, at, path).map((r, i) => ({
    model: name,
    x,
    moderator: by,
    level: levels[i],
    at: r.at,
    slope: r.slope,
    se: r.se,
    t: r.t,
    p: r.p,
    se_type: se,
  }));
}

/** A number for a regime label: 4 significant digits. */
const short = (x: number) => String(Number(x.toPrecision(4)));

/** Threshold models 1 … m: tests, estimates with LR intervals, LR curves, and the fits of each (regression-table columns). */
function thresholdRows(ctx: AnalysisContext, panel: ModelPanel, m: ModelsSpec['threshold'][number], se: SeType[], path: string) {
  const base = parseFormula(m.formula, `${path}.formula`);
  const fe = effectsOf(base, `${path}.formula`);
  if (fe !== 'none' && fe !== 'unit')
    fail('E_MODEL_SPEC', `${path}.formula: the threshold model has unit fixed effects only (Hansen 1999); remove "period"`, {
      location: { path: `${path}.formula` },
      hint: 'add period dummies as regressors if needed, or use a two-way model in regressions',
    });
  const qExpr = parseFormula(`y ~ I(${m.q})`, `${path}.q`).terms[0].factors[0];
  const rhs = m.formula.split('~')[1].split('|')[0];
  const f = parseFormula(`${m.formula.split('~')[0]} ~ ${rhs} + ${exprText(qExpr)}`, `${path}.formula`);
  const qName = f.terms[f.terms.length - 1].name;
  const full = buildFrame(f, panel, path);
  const qCol = full.X[full.names.indexOf(qName)];
  const others = full.names.filter((n, j) => !(n === qName && j === full.names.length - 1));
  const frame = { ...full, X: full.X.slice(0, others.length), names: others };
  const regime = exprText(parseFormula(`y ~ ${m.regime}`, `${path}.regime`).terms[0].factors[0]);
  if (!frame.names.includes(regime))
    fail('E_MODEL_SPEC', `${path}.regime: "${m.regime}" is not a term of the formula`, {
      location: { path: `${path}.regime` },
      hint: `terms: ${frame.names.join(', ')}`,
    });
  const r = thresholdModel(frame, {
    q: qCol,
    regime,
    thresholds: m.thresholds as 1 | 2 | 3,
    trim: m.trim,
    grid: m.grid,
    bootstrap: m.bootstrap,
    level: m.level,
    seed: ctx.seed,
    path,
  });
  const qText = exprText(qExpr.kind === 'call' && qExpr.fn === 'I' ? qExpr.args[0] : qExpr);
  const tests: Row<typeof MODELS_THRESHOLD.columns>[] = [];
  const gamma: Row<typeof MODELS_THRESHOLD_GAMMA.columns>[] = [];
  const lr: Row<typeof MODELS_THRESHOLD_LR.columns>[] = [];
  const fitted: Fitted[] = [];
  for (const mod of r.models) {
    const key = r.models.length > 1 ? `${m.name} [${mod.m}]` : m.name;
    const t = mod.test;
    const nan = (x: number) => (Number.isFinite(x) ? x : null);
    tests.push({
      model: m.name,
      thresholds: mod.m,
      ssr: mod.ssr,
      f: t.F,
      p: nan(t.p),
      crit10: nan(t.crit10),
      crit5: nan(t.crit5),
      crit1: nan(t.crit1),
      replications: t.replications,
    });
    for (const e of mod.estimates) {
      gamma.push({ model: m.name, thresholds: mod.m, estimate: e.name, stage: e.stage, gamma: e.gamma, ci_low: e.lower, ci_high: e.upper });
      if (e.stage === 'carried') continue;
      e.curve.gamma.forEach((g, j) =>
        lr.push({ model: m.name, thresholds: mod.m, estimate: e.name, gamma: g, ssr: e.curve.ssr[j], lr: e.curve.lr[j], critical: r.critLR }),
      );
    }
    // Regime terms named by their range of q: x (q ≤ γ̂₁), x (γ̂₁ < q ≤ γ̂₂), x (q > γ̂₂).
    const label = (g: (typeof mod.regimes)[number]) =>
      `${regime} (${g.lower === -Infinity ? `${qText} ≤ ${short(g.upper)}` : g.upper === Infinity ? `${qText} > ${short(g.lower)}` : `${short(g.lower)} < ${qText} ≤ ${short(g.upper)}`})`;
    const rename = new Map(mod.regimes.map((g) => [g.name, label(g)]));
    fitted.push({ name: key, fit: { ...mod.fit, names: mod.fit.names.map((n) => rename.get(n) ?? n) }, frame, se, effects: 'unit' });
  }
  return { tests, gamma, lr, fitted };
}

/** Each frame row's unit's first treated period value from a data column (empty or 0: never treated; one value per unit). */
function firstTreated(panel: ModelPanel, fr: ModelFrame, col: Float64Array, path: string): Float64Array {
  const nU = panel.units.length;
  const byUnit = new Map<number, number>();
  for (let u = 0; u < nU; u++) {
    let g = Number.NaN;
    for (let t = 0; t < panel.periods.length; t++) {
      const v = col[t * nU + u];
      if (Number.isNaN(v) || v === 0) continue;
      if (!Number.isNaN(g) && g !== v)
        fail('E_MODEL_SPEC', `${path}: unit ${panel.units[u]} has two first treated periods (${g} and ${v})`, {
          location: { path },
          hint: 'give the first treated period of the unit (e.g. its pilot year) on its rows; empty or 0 for never-treated units',
        });
      g = v;
    }
    byUnit.set(u, g);
  }
  return Float64Array.from(fr.rows, (i) => byUnit.get(i % nU)!);
}

/** TWFE DID, event study, placebo test and Callaway–Sant'Anna of one `did` entry. */
function didRows(ctx: AnalysisContext, panel: ModelPanel, m: ModelsSpec['did'][number], seList: SeType[], path: string) {
  const base = parseFormula(m.formula, `${path}.formula`);
  const fe = effectsOf(base, `${path}.formula`);
  if (fe !== 'none' && fe !== 'twoway')
    fail('E_MODEL_SPEC', `${path}.formula: DID has unit and period fixed effects; write "| unit + period" or nothing after the controls`, {
      location: { path: `${path}.formula` },
    });
  const lhs = m.formula.split('~')[0];
  const rhs = m.formula.split('~')[1].split('|')[0].trim();
  const indicator = m.timing === 'indicator';
  const tExpr = exprText(parseFormula(`y ~ I(${m.treatment})`, `${path}.treatment`).terms[0].factors[0]);
  // The indicator joins the listwise deletion (a row without it cannot be used); the first treated period does not (empty = never).
  const f = parseFormula(`${lhs} ~ ${rhs === '' ? '1' : rhs}${indicator ? ` + ${tExpr}` : ''} | unit + period`, `${path}.formula`);
  const full = buildFrame(f, panel, `${path}.formula`);
  const k = indicator ? full.names.length - 1 : full.names.length;
  const frame: ModelFrame = { ...full, X: full.X.slice(0, k), names: full.names.slice(0, k) };
  const periodValues = frame.periodLabels.map((l) => panel.periodValues[panel.periods.indexOf(l)]);
  const first = indicator
    ? full.X[k]
    : firstTreated(panel, frame, evaluate(parseFormula(`y ~ ${tExpr}`, path).terms[0].factors[0], panel, `${path}.treatment`), `${path}.treatment`);
  const timing = treatmentFromTiming(frame, first, periodValues, { input: m.timing, path: `${path}.treatment` });
  const rows = {
    did: [] as Row<typeof MODELS_DID.columns>[],
    event: [] as Row<typeof MODELS_EVENT.columns>[],
    attgt: [] as Row<typeof MODELS_ATTGT.columns>[],
    placebo: [] as Row<typeof MODELS_PLACEBO.columns>[],
    tests: [] as Row<typeof MODELS_TESTS.columns>[],
    fitted: [] as Fitted[],
  };
  const tw = twfeDid(frame, timing.d, { se: m.se, name: 'did', path });
  rows.did.push({
    model: m.name,
    estimator: 'twfe',
    estimate: tw.estimate,
    se: tw.se,
    stat: tw.t,
    p: tw.p,
    ci_low: tw.lo,
    ci_high: tw.hi,
    n: tw.n,
    units: tw.units,
    treated_units: tw.treatedUnits,
    never_treated: tw.neverTreatedUnits,
    note: tw.notes.join('; '),
  });
  rows.fitted.push({ name: m.name, fit: tw.fit, frame, se: [m.se, ...seList.filter((x) => x !== m.se)], effects: 'twoway' });
  if (m.leads > 0) {
    const es = eventStudy(frame, timing.rel, { se: m.se, leads: m.leads, lags: m.lags, reference: m.reference, bin: m.bin, path: `${path}.leads` });
    for (const q of es.points)
      rows.event.push({
        model: m.name,
        method: 'twfe',
        e: q.e,
        label: q.label,
        estimate: q.estimate,
        se: q.se,
        p: q.reference ? null : q.p,
        ci_low: q.lo,
        ci_high: q.hi,
        reference: q.reference ? 1 : 0,
        obs: q.obs,
      });
    if (es.pretrend)
      rows.tests.push({
        model: m.name,
        test: 'pretrend',
        statistic: es.pretrend.F,
        df: es.pretrend.df1,
        p: es.pretrend.p,
        note: `F(${es.pretrend.df1}, ${es.pretrend.df2})`,
      });
  }
  if (m.placebo > 0) {
    const pl = placebo(frame, timing.cohort, periodValues, { draws: m.placebo, seed: ctx.seed, path: `${path}.placebo` });
    pl.draws.forEach((b, r) => rows.placebo.push({ model: m.name, draw: r + 1, estimate: b, observed: pl.observed }));
    rows.tests.push({ model: m.name, test: 'placebo', statistic: pl.observed, df: pl.B, p: pl.p, note: pl.notes.join('; ') });
  }
  if (m.staggered) {
    try {
      const cs = callawaySantAnna(frame, timing.cohort, periodValues, { control: m.control, base: m.base, path: `${path}.staggered` });
      const agg = (estimator: keyof typeof DID_ESTIMATORS, a: { att: number; se: number; z: number; p: number; lo: number; hi: number }) =>
        rows.did.push({
          model: m.name,
          estimator,
          estimate: a.att,
          se: a.se,
          stat: a.z,
          p: a.p,
          ci_low: a.lo,
          ci_high: a.hi,
          n: null,
          units: cs.units,
          treated_units: cs.units - cs.neverTreated,
          never_treated: cs.neverTreated,
          note: cs.notes.join('; '),
        });
      agg('cs_simple', cs.simple);
      agg('cs_dynamic', cs.dynamic.overall);
      agg('cs_group', cs.group.overall);
      for (const a of cs.dynamic.byE)
        rows.event.push({
          model: m.name,
          method: 'cs',
          e: a.e,
          label: String(a.e),
          estimate: a.att,
          se: a.se,
          p: a.p,
          ci_low: a.lo,
          ci_high: a.hi,
          reference: 0,
          obs: null,
        });
      for (const a of cs.attgt)
        rows.attgt.push({
          model: m.name,
          group: a.group,
          period: periodCell(a.periodLabel),
          e: a.e,
          att: a.att,
          se: a.se,
          p: a.reference ? null : a.p,
          ci_low: a.lo,
          ci_high: a.hi,
          n_treated: a.nTreated,
          n_control: a.nControl,
        });
    } catch (e) {
      if (!(e instanceof NqpfError)) throw e;
      ctx.warn({ code: 'W_MODEL_STAGGERED', message: `${path}: Callaway–Sant'Anna not estimated: ${e.message}`, location: { path } });
      rows.did.push({
        model: m.name,
        estimator: 'cs_simple',
        estimate: null,
        se: null,
        stat: null,
        p: null,
        ci_low: null,
        ci_high: null,
        n: null,
        units: null,
        treated_units: null,
        never_treated: null,
        note: `${e.code}: ${e.message}`,
      });
    }
  }
  return rows;
}

function mediationRows(ctx: AnalysisContext, panel: ModelPanel, m: ModelsSpec['mediation'][number], path: string): Row<typeof MODELS_MEDIATION.columns>[] {
  const f = parseFormula(`${m.y} ~ ${m.x} + ${m.m}${m.controls.map((c) => ` + ${c}`).join('')}`, path);
  const frame = buildFrame(f, panel, path);
  const [x, mm, ...controls] = f.terms.map((t) => t.name);
  const r = mediation(frame, x, mm, controls, { effects: m.effects, se: m.se, bootstrap: m.bootstrap, level: m.level, seed: ctx.seed, path });
  const base = { mediation: m.name, n: r.n, se_type: m.se };
  const none = { ci_low: null, ci_high: null, draws: null };
  const t = (e: { est: number; se: number; p: number }) => ({ estimate: e.est, se: e.se, stat: e.est / e.se, p: e.p });
  const rows: Row<typeof MODELS_MEDIATION.columns>[] = [
    { ...base, ...none, effect: 'total', ...t({ est: r.total.c, se: r.total.se, p: r.total.p }) },
    { ...base, ...none, effect: 'a', ...t(r.a) },
    { ...base, ...none, effect: 'b', ...t(r.b) },
    { ...base, ...none, effect: 'direct', ...t(r.direct) },
    { ...base, ...none, effect: 'indirect_sobel', estimate: r.indirect, se: r.sobel.se, stat: r.sobel.z, p: r.sobel.p },
  ];
  if (r.boot) {
    rows.push({
      ...base,
      effect: 'indirect_bootstrap',
      estimate: r.indirect,
      se: r.boot.se,
      stat: null,
      p: null,
      ci_low: r.boot.lo,
      ci_high: r.boot.hi,
      draws: r.boot.B,
    });
    if (r.boot.failed)
      ctx.warn({
        code: 'W_MODEL_BOOTSTRAP',
        message: `${path}: ${r.boot.failed} of ${m.bootstrap} bootstrap draws could not be estimated and were left out`,
        location: { path },
      });
  }
  rows.push({ ...base, ...none, effect: 'share', estimate: r.share, se: null, stat: null, p: null, se_type: null });
  return rows;
}

/** Stars as economics journals print them: *** p < 0.01, ** p < 0.05, * p < 0.1. */
export function stars(pv: number): string {
  return pv < 0.01 ? '***' : pv < 0.05 ? '**' : pv < 0.1 ? '*' : '';
}

/** A number as the table prints it, negative with the minus sign U+2212 (as typeset; never read as a formula by a spreadsheet). */
export function fmt(x: number, dec: number): string {
  if (!Number.isFinite(x)) return '';
  const s = x.toFixed(dec);
  return /^-0\.?0*$/.test(s) ? s.slice(1) : s.replace(/^-/, '\u2212');
}

/** Rows: each term (estimate with stars, then its SE in parentheses), fixed effects, N, R², the SE type. */
function regressionTable(fitted: Fitted[], dec: number, controlTerms: readonly string[] = []): AnalysisTable {
  // Controls as written → as the formulas name them (`log( x )` → `log(x)`).
  const controls = new Set(controlTerms.map((c) => parseFormula(`1 ~ ${c}`, `${PATH}.controls`).terms[0].name));
  const terms: string[] = [];
  for (const m of fitted) for (const t of m.fit.names) if (t !== '(Intercept)' && !controls.has(t) && !terms.includes(t)) terms.push(t);
  if (fitted.some((m) => m.fit.intercept)) terms.push('(Intercept)');
  const rows: { row: string; models: string[] }[] = [];
  const est = fitted.map((m) => {
    const v = vcov(m.fit, m.se[0], { path: PATH });
    return { v, m };
  });
  for (const term of terms) {
    const a: string[] = [];
    const b: string[] = [];
    for (const { v, m } of est) {
      const j = m.fit.names.indexOf(term);
      if (j < 0) {
        a.push('');
        b.push('');
        continue;
      }
      const se = Math.sqrt(v.V[j * m.fit.k + j]);
      const pv = studentTTwoSided(m.fit.coef[j] / se, v.df);
      a.push(`${fmt(m.fit.coef[j], dec)}${stars(pv)}`);
      b.push(`(${fmt(se, dec)})`);
    }
    rows.push({ row: term, models: a }, { row: '', models: b });
  }
  const yes = (f: (m: Fitted) => boolean) => fitted.map((m) => (f(m) ? 'Yes' : 'No'));
  if (controls.size) rows.push({ row: 'controls', models: yes((m) => m.fit.names.some((n) => controls.has(n))) });
  rows.push({ row: 'unit_fe', models: yes((m) => m.effects === 'unit' || m.effects === 'twoway') });
  rows.push({ row: 'period_fe', models: yes((m) => m.effects === 'period' || m.effects === 'twoway') });
  rows.push({ row: 'n', models: fitted.map((m) => String(m.fit.n)) });
  rows.push({ row: 'r2', models: fitted.map((m) => fmt(m.fit.r2, dec)) });
  rows.push({ row: 'se_type', models: fitted.map((m) => m.se[0]) });
  return MODELS_REGRESSION.build(rows, { spread: { models: fitted.map((m) => m.name) } });
}

/** The regression table (and the mediation table) for tables.docx. */
function paperTables(c: PaperContext): PaperTable[] {
  const out: PaperTable[] = [];
  const t = c.table(MODELS_REGRESSION.name);
  if (t) {
    const seRow = t.rows.find((r) => r[0] === 'se_type');
    const seTypes = [...new Set((seRow ?? []).slice(1).map(String))];
    const fitT = c.table(MODELS_FIT.name);
    const y = fitT ? [...new Set(fitT.rows.map((r) => String(r[1]).split('~')[0].trim()))] : [];
    out.push({
      caption: L(
        c,
        `回归结果${y.length === 1 ? `（被解释变量：${c.name(y[0])}）` : ''}`,
        `Regression results${y.length === 1 ? ` (dependent variable: ${c.name(y[0])})` : ''}`,
      ),
      header: [L(c, '变量', 'Variable'), ...t.header.slice(1)],
      rows: t.rows
        .filter((r) => r[0] !== 'se_type')
        .map((r) => [
          r[0] === '' ? '' : (MODELS_REGRESSION.value('row', r[0], c.lang) as string),
          ...r.slice(1).map((x) => MODELS_REGRESSION.value('row', x, c.lang)),
        ]),
      columnFormats: t.header.map(() => 'text'),
      notes: [
        L(
          c,
          `注：括号内为${seTypes.map((s) => SE_LABELS[s as SeType]?.zh ?? s).join('、')}；*** p<0.01，** p<0.05，* p<0.1。`,
          `Note: ${seTypes.map((s) => SE_LABELS[s as SeType]?.en ?? s).join(', ')} standard errors in parentheses; *** p<0.01, ** p<0.05, * p<0.1.`,
        ),
      ],
    });
  }
  const th = c.table(MODELS_THRESHOLD.name);
  if (th) {
    const r = MODELS_THRESHOLD.read(th);
    const keys = ['model', 'thresholds', 'f', 'p', 'crit10', 'crit5', 'crit1', 'replications'] as const;
    const g = c.table(MODELS_THRESHOLD_GAMMA.name);
    const gr = g ? MODELS_THRESHOLD_GAMMA.read(g).rows : [];
    out.push({
      caption: L(c, MODELS_THRESHOLD.zh, MODELS_THRESHOLD.en),
      ...MODELS_THRESHOLD.paper([...keys], c.lang),
      rows: r.rows.map((row) => keys.map((k) => row[k])),
      notes: [
        L(
          c,
          '注：F 检验的 p 值与临界值由 Hansen（1999）固定回归元自助法得到。',
          "Note: p-values and critical values of the F tests from Hansen's (1999) fixed-regressor bootstrap.",
        ),
        ...gr.map((x) =>
          L(
            c,
            `${x.model}（${x.thresholds} 个门槛）${x.estimate}：${Number(x.gamma).toPrecision(6)}，置信区间 [${Number(x.ci_low).toPrecision(6)}, ${Number(x.ci_high).toPrecision(6)}]。`,
            `${x.model} (${x.thresholds} threshold(s)) ${x.estimate}: ${Number(x.gamma).toPrecision(6)}, confidence interval [${Number(x.ci_low).toPrecision(6)}, ` +
              `${Number(x.ci_high).toPrecision(6)}].`,
          ),
        ),
      ],
    });
  }
  const m = c.table(MODELS_MEDIATION.name);
  if (m) {
    const r = MODELS_MEDIATION.read(m);
    const keys = ['mediation', 'effect', 'estimate', 'se', 'stat', 'p', 'ci_low', 'ci_high'] as const;
    out.push({
      caption: L(c, MODELS_MEDIATION.zh, MODELS_MEDIATION.en),
      ...MODELS_MEDIATION.paper([...keys], c.lang),
      rows: r.rows.map((row) => keys.map((k) => MODELS_MEDIATION.value(k, row[k], c.lang))),
      notes: [
        L(
          c,
          '注：逐步回归法（Baron 与 Kenny，1986）；Sobel 检验 z = ab/√(b²s_a² + a²s_b²)；聚类自助法按个体有放回重抽样，给出 ab 的百分位置信区间。',
          'Note: stepwise regressions (Baron & Kenny, 1986); Sobel z = ab/√(b²s_a² + a²s_b²); the cluster bootstrap resamples units with replacement and gives the percentile interval of ab.',
        ),
      ],
    });
  }
  return out;
}

function methods(sec: Loose, w: MethodsWriter): MethodsParagraph {
  const s: string[] = [];
  const regs = arr(sec.regressions).map(obj);
  const se = arr(sec.se).map(String);
  const types = new Set<string>(se);
  for (const r of regs) for (const x of arr(r.se)) types.add(String(x));
  if (regs.length) {
    const ests = new Set(regs.map((r) => str(r.estimator) ?? 'ols'));
    const fe = regs.some((r) => /\|/.test(str(r.formula) ?? ''));
    s.push(
      w.t(
        `以面板模型考察影响因素：${regs.map((r) => `模型 ${str(r.name)}：${str(r.formula)}`).join('；')}。` +
          `${fe ? '固定效应模型采用组内估计（双向固定效应同时去除个体与时期均值），不报告常数项。' : ''}` +
          `${ests.has('random') ? `随机效应模型采用 Swamy–Arora 方差分量估计${w.cite('swamyArora')}，并以 Hausman 检验${w.cite('hausman')}比较固定效应与随机效应。` : ''}`,
        `Panel models relate the index to its drivers: ${regs.map((r) => `model ${str(r.name)}: ${str(r.formula)}`).join('; ')}. ` +
          `${fe ? 'Fixed-effects models use the within estimator (two-way: unit and period means removed); no constant is reported. ' : ''}` +
          `${ests.has('random') ? `Random effects use the Swamy–Arora variance components${w.cite('swamyArora')}, compared with fixed effects by the Hausman test${w.cite('hausman')}.` : ''}`,
      ),
    );
    const text: Record<string, () => [string, string]> = {
      conventional: () => ['常规标准误', 'conventional standard errors'],
      hc0: () => [`White 异方差稳健标准误${w.cite('white')}`, `White heteroskedasticity-robust standard errors${w.cite('white')}`],
      hc1: () => [
        `HC1 异方差稳健标准误（乘以 n/(n − 全部参数个数)）${w.cite('white')}`,
        `HC1 robust standard errors (times n/(n − all parameters))${w.cite('white')}`,
      ],
      cluster: () => [
        `按个体聚类的稳健标准误${w.cite('arellano')}（小样本校正 G/(G−1)·(n−1)/(n−k)，与 Stata xtreg 一致，t 检验自由度 G−1）`,
        `standard errors clustered by unit${w.cite('arellano')} (small-sample factor G/(G−1)·(n−1)/(n−k), as Stata's xtreg; t tests on G−1 df)`,
      ],
      cluster_hc0: () => ['无小样本校正的聚类稳健标准误（与 R plm 的 HC0 一致）', "clustered standard errors without small-sample factor (R plm's HC0)"],
      twoway_cluster: () => [`个体与时期双向聚类标准误${w.cite('twowayCluster')}`, `standard errors clustered by unit and period${w.cite('twowayCluster')}`],
      driscoll_kraay: () => [
        `Driscoll–Kraay 标准误${w.cite('driscollKraay')}（Bartlett 核）`,
        `Driscoll–Kraay standard errors${w.cite('driscollKraay')} (Bartlett kernel)`,
      ],
    };
    const list = [...types].map((t) => (text[t]?.() ?? [t, t])[w.zh ? 0 : 1]);
    s.push(
      w.t(
        `标准误：${list.join('；')}；回归表括号内为各模型第一种口径。`,
        `Standard errors: ${list.join('; ')}; the regression table shows each model's first type.`,
      ),
    );
  }
  const thr = arr(sec.threshold).map(obj);
  if (thr.length)
    s.push(
      w.t(
        `门槛效应采用 Hansen（1999）的固定效应面板门槛模型${w.cite('hansenThreshold')}：${thr
          .map(
            (t) =>
              `以 ${str(t.q)} 为门槛变量、${str(t.regime)} 的系数随区制变化（${str(t.formula)}；最多 ${t.thresholds ?? 1} 个门槛，每个区制至少含 ${(Number(t.trim ?? 0.01) * 100).toFixed(0)}% 的观测）`,
          )
          .join(
            '；',
          )}。门槛值以残差平方和最小化在网格上搜索，依次以自助法（固定回归元、按个体重抽残差，${thr.map((t) => `${t.bootstrap ?? 300} 次`).join('、')}）检验门槛个数，门槛值的置信区间由似然比统计量 LR(γ) 反推（临界值 −2 ln(1 − √α′)）。`,
        `Threshold effects follow Hansen's (1999) fixed-effects panel threshold model${w.cite('hansenThreshold')}: ${thr
          .map(
            (t) =>
              `threshold variable ${str(t.q)}, regime-dependent slope of ${str(t.regime)} (${str(t.formula)}; at most ${t.thresholds ?? 1} threshold(s), each regime with at least ` +
              `${(Number(t.trim ?? 0.01) * 100).toFixed(0)}% of the observations)`,
          )
          .join('; ')}. Thresholds minimise the sum of squared residuals over a grid; the number of thresholds is tested sequentially ` +
          `by the fixed-regressor bootstrap resampling units' residuals (${thr.map((t) => `${t.bootstrap ?? 300} replications`).join(', ')}), ` +
          'and confidence intervals of the thresholds invert the likelihood ratio LR(γ) (critical value −2 ln(1 − √level)).',
      ),
    );
  const dids = arr(sec.did).map(obj);
  if (dids.length)
    s.push(
      w.t(
        `政策效应采用双向固定效应双重差分（DID）估计（${dids.map((d) => `${str(d.name)}：${str(d.formula)}，处理变量 ${str(d.treatment)}`).join('；')}），` +
          '并以事件研究检验平行趋势（处理前各期系数联合为 0 的 F 检验，基期为处理前一期，窗口两端合并），' +
          `以在单元间随机重新分配处理时点的安慰剂检验（${dids.map((d) => `${d.placebo ?? 500} 次`).join('、')}）检验结果是否偶然；` +
          `处理时点交错时，另报告 Callaway 与 Sant’Anna（2021）的异质性稳健估计量${w.cite('callawaySantAnna')}（以从未处理单元为对照，标准误由影响函数解析计算）。`,
        `Policy effects are estimated by two-way fixed-effects difference-in-differences (${dids.map((d) => `${str(d.name)}: ${str(d.formula)}, treatment ${str(d.treatment)}`).join('; ')}), ` +
          'with an event study for parallel trends (joint F test of the leads, reference period −1, end points binned) ' +
          `and a placebo test reassigning the treatment timing across units at random (${dids.map((d) => `${d.placebo ?? 500} draws`).join(', ')}); ` +
          `under staggered adoption the heterogeneity-robust estimator of Callaway and Sant'Anna${w.cite('callawaySantAnna')} is reported as well (never-treated controls, analytical ` +
          `influence-function standard errors).`,
      ),
    );
  const med = arr(sec.mediation).map(obj);
  if (med.length)
    s.push(
      w.t(
        `中介效应采用逐步回归法${w.cite('baronKenny')}，以 Sobel 检验${w.cite('sobel')}和按个体有放回抽样的聚类自助法（${med.map((m) => `${m.bootstrap ?? 1000} 次`).join('、')}）检验间接效应 ab。`,
        `Mediation follows the stepwise approach${w.cite('baronKenny')}; the indirect effect ab is tested by the Sobel test${w.cite('sobel')} and a cluster bootstrap resampling units ` +
          `(${med.map((m) => `${m.bootstrap ?? 1000} draws`).join(', ')}).`,
      ),
    );
  return { heading: w.t('面板回归', 'Panel regressions'), sentences: s };
}

/**
 * Problems found before a run: formulas that cannot be read, variables that are neither a score of
 * the run nor a data column, simple-slope / threshold terms that are not in their formula, and model
 * names used twice — every one with its spec path, all reported together.
 */
function check(
  spec: ModelsSpec,
  known: { readonly scores: readonly string[]; readonly indicators: readonly string[]; readonly data: readonly string[] },
): Problem[] {
  const problems: Problem[] = [];
  const ok = new Set([...known.scores, ...known.data]);
  const all = [...known.scores, ...known.data];
  const parse = (text: string, path: string): Formula | undefined => {
    try {
      return parseFormula(text, path);
    } catch (e) {
      if (e instanceof NqpfError) {
        const pr = problemOf(e);
        problems.push({ ...pr, brief: pr.message.startsWith(`${path}: `) ? pr.message.slice(path.length + 2) : pr.message });
      } else throw e;
      return undefined;
    }
  };
  const vars = (f: Formula | undefined, path: string) => {
    for (const v of f ? formulaVars(f) : []) {
      if (ok.has(v)) continue;
      const near = nearest(v, all);
      problems.push({
        code: 'E_MODEL_VARIABLE',
        message: `${path}: "${v}" is neither a score of this run nor a column of the data`,
        brief: `"${v}" is neither a score of this run nor a column of the data`,
        location: { path },
        hint: known.indicators.includes(v)
          ? `"${v}" is an indicator code: models read indicators by their data column (the node's "column")`
          : `${near.length ? `did you mean "${near[0]}"? ` : ''}scores: ${known.scores.join(', ')}; data columns: ${known.data.slice(0, 30).join(', ')}`,
      });
    }
  };
  const names = new Map<string, string>();
  const unique = (name: string, path: string) => {
    const prev = names.get(name);
    if (prev)
      problems.push({
        code: 'E_MODEL_SPEC',
        message: `${path}: the name "${name}" is also used by ${prev}`,
        brief: `the name "${name}" is also used by ${prev}`,
        location: { path },
        hint: 'give every model its own name',
      });
    else names.set(name, path);
  };
  const termIn = (f: Formula | undefined, term: string, path: string) => {
    if (!f) return;
    const t = parse(`y ~ ${term}`, path);
    if (!t) return;
    const name = exprText(t.terms[0].factors[0]);
    if (!f.terms.some((x) => x.name === name))
      problems.push({
        code: 'E_MODEL_SPEC',
        message: `${path}: "${term}" is not a term of the formula`,
        brief: `"${term}" is not a term of the formula`,
        location: { path },
        hint: `terms: ${f.terms.map((x) => x.name).join(', ')}`,
      });
  };
  spec.regressions.forEach((r, i) => {
    const path = `${PATH}.regressions.${i}`;
    unique(r.name, `${path}.name`);
    const f = parse(r.formula, `${path}.formula`);
    vars(f, `${path}.formula`);
    if (r.slopes) {
      termIn(f, r.slopes.x, `${path}.slopes.x`);
      termIn(f, r.slopes.by, `${path}.slopes.by`);
    }
  });
  spec.threshold.forEach((t, i) => {
    const path = `${PATH}.threshold.${i}`;
    unique(t.name, `${path}.name`);
    const f = parse(t.formula, `${path}.formula`);
    vars(f, `${path}.formula`);
    vars(parse(`1 ~ I(${t.q})`, `${path}.q`), `${path}.q`);
    termIn(f, t.regime, `${path}.regime`);
  });
  spec.did.forEach((d, i) => {
    const path = `${PATH}.did.${i}`;
    unique(d.name, `${path}.name`);
    vars(parse(d.formula, `${path}.formula`), `${path}.formula`);
    vars(parse(`1 ~ I(${d.treatment})`, `${path}.treatment`), `${path}.treatment`);
  });
  spec.mediation.forEach((m, i) => {
    const path = `${PATH}.mediation.${i}`;
    for (const [k, v] of [['y', m.y], ['x', m.x], ['m', m.m], ...m.controls.map((c, j) => [`controls.${j}`, c])] as [string, string][])
      vars(parse(`1 ~ I(${v})`, `${path}.${k}`), `${path}.${k}`);
  });
  return problems;
}

/** Every name the section's formulas read (for the data reader). */
function dataColumns(spec: ModelsSpec): string[] {
  const out = new Set<string>();
  const add = (text: string) => {
    try {
      for (const v of formulaVars(parseFormula(text, PATH))) out.add(v);
    } catch (e) {
      if (!(e instanceof NqpfError)) throw e; // reported when the section runs
    }
  };
  for (const r of spec.regressions) add(r.formula);
  for (const m of spec.mediation) add(`${m.y} ~ ${m.x} + ${m.m}${m.controls.map((c) => ` + ${c}`).join('')}`);
  for (const d of spec.did) {
    add(d.formula);
    add(`1 ~ I(${d.treatment})`);
  }
  for (const t of spec.threshold) {
    add(t.formula);
    add(`1 ~ I(${t.q})`);
  }
  return [...out];
}

export const modelsAnalysis = analysis({
  key: 'models',
  title: { zh: '面板回归', en: 'Panel regressions' },
  spec: ModelsSpec,
  tables: [
    MODELS_REGRESSION,
    MODELS_FIT,
    MODELS_TESTS,
    MODELS_SLOPES,
    MODELS_THRESHOLD,
    MODELS_THRESHOLD_GAMMA,
    MODELS_DID,
    MODELS_EVENT,
    MODELS_MEDIATION,
    MODELS_COEF,
    MODELS_ATTGT,
    MODELS_THRESHOLD_LR,
    MODELS_PLACEBO,
  ],
  run,
  methods,
  paperTables,
  dataColumns,
  check,
  files: (tables, lang) => {
    const t = tables.find((x) => x.name === MODELS_REGRESSION.name);
    return t ? [{ file: 'models.tex', text: latexTable(t, lang) }] : [];
  },
});

/**
 * Display labels of robustness factors and choices for the report and paper tables (issue 12:
 * no English leaking into Chinese outputs). The CSV files keep the factor names and the choices
 * as written in the spec (JSON); only what a reader sees is labelled here. Pure.
 */

/** What a label needs of a factor (the spec's `robustness.factors[]`). */
export interface FactorLike {
  name: string;
  type?: string;
  path?: string;
}

/** Chinese names of the uncertain inputs, by spec path prefix (longest first) or factor type. */
const PATH_ZH: [string, string][] = [
  ['steps.denominate', '分母处理'],
  ['steps.impute', '缺失值处理'],
  ['steps.screen', '样本筛选'],
  ['steps.treat', '异常值处理'],
  ['steps.normalise', '标准化方法'],
  ['steps.weight', '赋权方法'],
  ['steps.aggregate', '集成方法'],
];
const TYPE_ZH: Record<string, string> = { weights: '权重扰动', exclusion: '指标剔除' };

const hasCjk = (s: string): boolean => /[\u3400-\u9fff]/.test(s);

/**
 * The label of each factor in `lang`, keyed by its name: the name itself in English or when it
 * is already Chinese; in Chinese otherwise the input it varies (标准化方法, 赋权方法, 权重扰动,
 * 指标剔除 …), numbered when two factors would read the same, and the name when nothing is known.
 *
 * @example factorLabels([{ name: 'weighting', type: 'alternatives', path: 'steps.weight.method' }], 'zh')
 *   // Map { 'weighting' => '赋权方法' }
 */
export function factorLabels(factors: readonly FactorLike[], lang: 'zh' | 'en'): Map<string, string> {
  const out = new Map<string, string>();
  if (lang === 'en') {
    for (const f of factors) out.set(f.name, f.name);
    return out;
  }
  const base = factors.map((f) => {
    if (hasCjk(f.name)) return f.name;
    const byType = f.type ? TYPE_ZH[f.type] : undefined;
    if (byType) return byType;
    const byPath = f.path ? PATH_ZH.find(([p]) => f.path === p || f.path!.startsWith(`${p}.`)) : undefined;
    return byPath ? byPath[1] : f.name;
  });
  factors.forEach((f, i) => {
    const same = base.filter((b) => b === base[i]).length;
    const k = base.slice(0, i + 1).filter((b) => b === base[i]).length;
    out.set(f.name, same > 1 && base[i] !== f.name ? `${base[i]} ${k}` : base[i]);
  });
  return out;
}

/** Option values that read as words, in Chinese. */
const VALUE_ZH: Record<string, string> = { pooled: '混合', period: '逐期', global: '全局', true: '是', false: '否' };
/** Option names, in Chinese. */
const KEY_ZH: Record<string, string> = { method: '方法', range: '区间', scope: '范围', pooling: '合并方式', shift: '平移', ideal: '理想解' };

const valueText = (v: unknown, zh: boolean): string => {
  if (Array.isArray(v)) return `[${v.map((x) => valueText(x, zh)).join(', ')}]`;
  if (v !== null && typeof v === 'object') return objectText(v as Record<string, unknown>, zh);
  const s = String(v);
  return zh ? (VALUE_ZH[s] ?? s) : s;
};
function objectText(o: Record<string, unknown>, zh: boolean): string {
  const parts = Object.entries(o).map(([k, v]) => (k === 'method' ? valueText(v, zh) : `${zh ? (KEY_ZH[k] ?? k) : k} ${valueText(v, zh)}`));
  return parts.join(zh ? '，' : ', ');
}

/**
 * A robustness choice as written in the tables (JSON of the value set at the factor's path) as
 * readable text: `minmax, range [0, 1], scope period` / `minmax，区间 [0, 1]，范围 逐期`. Method
 * names stay the spec's names (the values a user writes); text that is not JSON is returned as is.
 */
export function choiceLabel(choice: string, lang: 'zh' | 'en'): string {
  let v: unknown;
  try {
    v = JSON.parse(choice);
  } catch {
    return choice;
  }
  return valueText(v, lang === 'zh');
}

type Bi = { readonly zh: string; readonly en: string };

/**
 * Headers of the robustness tables (uncertainty.csv, sensitivity.csv …) in both languages, for
 * the workbook and the report; the CSV keeps the keys.
 */
export const ROBUSTNESS_COLUMNS: Readonly<Record<string, Readonly<Record<string, Bi>>>> = {
  uncertainty: {
    score: { zh: '得分', en: 'Score' },
    unit: { zh: '单元', en: 'Unit' },
    period: { zh: '时期', en: 'Period' },
    nominal_rank: { zh: '基准排名', en: 'Nominal rank' },
    mean_rank: { zh: '平均排名', en: 'Mean rank' },
    median_rank: { zh: '排名中位数', en: 'Median rank' },
    p05_rank: { zh: '排名 5% 分位数', en: 'Rank, 5th percentile' },
    p95_rank: { zh: '排名 95% 分位数', en: 'Rank, 95th percentile' },
    mean_abs_rank_shift: { zh: '平均排名绝对变动', en: 'Mean absolute rank shift' },
    nominal_score: { zh: '基准得分', en: 'Nominal score' },
    mean_score: { zh: '平均得分', en: 'Mean score' },
    median_score: { zh: '得分中位数', en: 'Median score' },
    p05_score: { zh: '得分 5% 分位数', en: 'Score, 5th percentile' },
    p95_score: { zh: '得分 95% 分位数', en: 'Score, 95th percentile' },
    replications: { zh: '模拟次数', en: 'Replications' },
  },
  uncertainty_unstable: {
    score: { zh: '得分', en: 'Score' },
    period: { zh: '时期', en: 'Period' },
    position: { zh: '位次', en: 'Position' },
    unit: { zh: '单元', en: 'Unit' },
    nominal_rank: { zh: '基准排名', en: 'Nominal rank' },
    mean_abs_rank_shift: { zh: '平均排名绝对变动', en: 'Mean absolute rank shift' },
  },
  sensitivity: {
    target: { zh: '输出', en: 'Output' },
    unit: { zh: '单元', en: 'Unit' },
    period: { zh: '时期', en: 'Period' },
    factor: { zh: '不确定性因素', en: 'Factor' },
    S1: { zh: '一阶指数 S_i', en: 'First-order S_i' },
    S1_lo: { zh: 'S_i 区间下限', en: 'S_i lower' },
    S1_hi: { zh: 'S_i 区间上限', en: 'S_i upper' },
    ST: { zh: '总效应指数 S_Ti', en: 'Total S_Ti' },
    ST_lo: { zh: 'S_Ti 区间下限', en: 'S_Ti lower' },
    ST_hi: { zh: 'S_Ti 区间上限', en: 'S_Ti upper' },
    convergence_max_abs_delta: { zh: '半样本收敛检验最大偏差', en: 'Half-sample check, max |Δ|' },
  },
  leave_one_out: {
    indicator_removed: { zh: '剔除的指标', en: 'Indicator left out' },
    mean_abs_rank_shift: { zh: '平均排名绝对变动', en: 'Mean absolute rank shift' },
    max_abs_rank_shift: { zh: '最大排名绝对变动', en: 'Largest absolute rank shift' },
    spearman: { zh: 'Spearman 相关系数', en: 'Spearman' },
    kendall: { zh: 'Kendall 相关系数', en: 'Kendall' },
    largest_changes: { zh: '排名变动最大的单元', en: 'Largest changes' },
  },
  leave_one_out_ranks: {
    indicator_removed: { zh: '剔除的指标', en: 'Indicator left out' },
    unit: { zh: '单元', en: 'Unit' },
    period: { zh: '时期', en: 'Period' },
    nominal_rank: { zh: '基准排名', en: 'Nominal rank' },
    rank: { zh: '排名', en: 'Rank' },
    shift: { zh: '排名变动', en: 'Shift' },
  },
  method_comparison: {
    factor: { zh: '不确定性因素', en: 'Factor' },
    choice: { zh: '取值', en: 'Choice' },
    spearman: { zh: 'Spearman 相关系数', en: 'Spearman' },
    kendall: { zh: 'Kendall 相关系数', en: 'Kendall' },
    mean_abs_rank_shift: { zh: '平均排名绝对变动', en: 'Mean absolute rank shift' },
    largest_changes: { zh: '排名变动最大的单元', en: 'Largest changes' },
  },
};

/** The outputs Sobol' indices are computed for (sensitivity.csv `target`). */
export const SENSITIVITY_TARGETS: Readonly<Record<string, Bi>> = {
  mean_abs_rank_shift: { zh: '平均排名绝对变动', en: 'Mean absolute rank shift' },
  unit_rank: { zh: '单元排名', en: 'Rank of the unit' },
};

/**
 * Headers and coded values of a run's tables in the reader's language, for the workbook
 * (results.xlsx) and the report: the CSV files keep the column keys and codes (`dagum_Gnb`,
 * `East`, `within`, `HH`), a person reading a table sees 区域间 G_nb, 东部, 区域内, 高-高 under
 * `outputs.language: zh` (issue 12).
 *
 * Where labels come from, in order:
 * 1. the table declarations of the analyses (`analysis/registry.ts`) and of the descriptives
 *    (`pipeline/descriptives.ts`): each column's zh/en header, its `values` / `patterns` labels
 *    and its `ref` (a group label is shown as the NBS region name);
 * 2. the robustness tables' headers (`robustness/labels.ts`), factor labels and readable choices;
 * 3. the run tables written by `io/write/write-run.ts` (ranks, data sets, weights, framework,
 *    imputation, treatment, screening), listed below — they have no declaration yet;
 * 4. framework codes (data-set columns, score columns, spread columns) by the node's name;
 *    `<code>_rank` / `<code>_group_rank` as the name's rank; a spread column `break_2` as the
 *    group's header and its number.
 * Anything else keeps its key. Pure.
 */
import type { Cell } from '../analysis/context.js';
import type { TableInfo } from '../analysis/descriptor.js';
import { ANALYSIS_LIST } from '../analysis/registry.js';
import { REGION_ZH } from '../core/units/provinces.js';
import { DESCRIPTIVES } from '../pipeline/descriptives.js';
import { WEIGHT } from '../pipeline/weight/index.js';
import { choiceLabel, factorLabels, ROBUSTNESS_COLUMNS, SENSITIVITY_TARGETS, type FactorLike } from '../robustness/labels.js';

type Lang = 'zh' | 'en';
type Bi = { readonly zh: string; readonly en: string };

/** Every declared table by name: the analyses' and the descriptives. */
export const DECLARED_TABLES: ReadonlyMap<string, TableInfo> = new Map<string, TableInfo>([
  [DESCRIPTIVES.name, DESCRIPTIVES],
  ...ANALYSIS_LIST.flatMap((a) => a.tables.map((t) => [t.name, t] as [string, TableInfo])),
]);

const unit = { zh: '单元', en: 'Unit' };
const period = { zh: '时期', en: 'Period' };

/** Headers of the run tables of io/write/write-run.ts (`data` stands for every data_<step> set). */
export const RUN_COLUMNS: Readonly<Record<string, Readonly<Record<string, Bi>>>> = {
  ranks: { unit, period },
  data: { unit, period },
  weights: {
    period,
    node: { zh: '节点代码', en: 'Node' },
    name: { zh: '名称', en: 'Name' },
    parent: { zh: '上级节点', en: 'Parent' },
    level: { zh: '层级', en: 'Level' },
    nominal: { zh: '预设权重', en: 'Nominal weight' },
    effective: { zh: '组内权重', en: 'Within-parent weight' },
    global: { zh: '全局权重', en: 'Global weight' },
    method: { zh: '赋权方法', en: 'Method' },
  },
  weights_detail: {
    node: { zh: '节点代码', en: 'Node' },
    period,
    method: { zh: '赋权方法', en: 'Method' },
    quantity: { zh: '计算量', en: 'Quantity' },
    item: { zh: '序号', en: 'Item' },
    value: { zh: '值', en: 'Value' },
  },
  framework: {
    code: { zh: '代码', en: 'Code' },
    parent: { zh: '上级节点', en: 'Parent' },
    level: { zh: '层级', en: 'Level' },
    type: { zh: '类型', en: 'Type' },
    nameZh: { zh: '中文名称', en: 'Chinese name' },
    nameEn: { zh: '英文名称', en: 'English name' },
    direction: { zh: '方向', en: 'Direction' },
    weight: { zh: '预设权重', en: 'Nominal weight' },
    unit: { zh: '计量单位', en: 'Unit of measurement' },
    column: { zh: '数据列', en: 'Data column' },
    denominator: { zh: '分母', en: 'Denominator' },
    source: { zh: '数据来源', en: 'Source' },
  },
  imputation: {
    indicator: { zh: '指标', en: 'Indicator' },
    method: { zh: '插补方法', en: 'Method' },
    missing_before: { zh: '插补前缺失数', en: 'Missing before' },
    filled: { zh: '插补数', en: 'Filled' },
    missing_after: { zh: '插补后缺失数', en: 'Missing after' },
  },
  treatment: {
    indicator: { zh: '指标', en: 'Indicator' },
    period,
    method: { zh: '处理方法', en: 'Method' },
    treated: { zh: '是否处理', en: 'Treated' },
    winsorised: { zh: '缩尾值个数', en: 'Winsorised' },
    log: { zh: '是否取对数', en: 'Log' },
    detail: { zh: '说明', en: 'Detail' },
  },
  screening: {
    kind: { zh: '类型', en: 'Kind' },
    code: { zh: '代码', en: 'Code' },
    availability: { zh: '数据可得率', en: 'Availability' },
    dropped: { zh: '是否剔除', en: 'Dropped' },
  },
  about: { key: { zh: '项目', en: 'Key' }, value: { zh: '值', en: 'Value' } },
  ...ROBUSTNESS_COLUMNS,
};

/** Options of a data-driven weighting method as weights.csv writes them: `entropy (global, pooled)`. */
const WEIGHT_OPTIONS: Readonly<Record<string, Bi>> = {
  global: { zh: '全部指标统一计算', en: 'global' },
  node: { zh: '各节点内分别计算', en: 'per node' },
  pooled: { zh: '各期混合', en: 'pooled' },
  period: { zh: '逐期计算', en: 'per period' },
};

/** A weighting method as weights.csv writes it (`entropy (global, pooled)`) in `lang`: 熵权法（全部指标统一计算，各期混合）. */
export function weightMethodLabel(method: string, lang: Lang): string {
  const m = /^([\w-]+)(?: \(([^)]*)\))?$/.exec(method.trim());
  if (!m || lang === 'en') return method;
  // The method's name is its descriptor's label (pipeline/weight/*.ts).
  const name = WEIGHT.find((d) => d.name === m[1])?.label.zh ?? m[1];
  const opts = m[2] ? m[2].split(/,\s*/).map((o) => WEIGHT_OPTIONS[o]?.zh ?? o) : [];
  return opts.length ? `${name}（${opts.join('，')}）` : name;
}

/** Input roles of run.json (`about` sheet, provenance). */
export const INPUT_ROLES: Readonly<Record<string, Bi>> = {
  spec: { zh: '设定文件', en: 'spec' },
  data: { zh: '数据', en: 'data' },
  framework: { zh: '指标体系', en: 'framework' },
  units: { zh: '单元信息', en: 'units' },
  weights: { zh: '空间权重', en: 'weights' },
};

/** Coded values of the run tables. */
const RUN_VALUES: Readonly<Record<string, Readonly<Record<string, Readonly<Record<string, Bi>>>>>> = {
  treatment: { period: { pooled: { zh: '全部时期', en: 'pooled' } } },
  weights_detail: { node: { '(indicators)': { zh: '（全部指标）', en: '(indicators)' } } },
  screening: { kind: { unit: { zh: '单元', en: 'unit' }, indicator: { zh: '指标', en: 'indicator' } } },
  framework: { type: { indicator: { zh: '指标', en: 'indicator' }, aggregate: { zh: '综合指标', en: 'aggregate' } } },
  sensitivity: { target: SENSITIVITY_TARGETS },
};

/** Captions of the run tables (the declared ones carry their own). */
const RUN_CAPTIONS: Readonly<Record<string, Bi>> = {
  about: { zh: '运行信息', en: 'About this run' },
  ranks: { zh: '得分与排名', en: 'Scores and ranks' },
  data_raw: { zh: '原始数据', en: 'Raw data' },
  data_denominated: { zh: '分母处理后的数据', en: 'Denominated data' },
  data_imputed: { zh: '插补后的数据', en: 'Imputed data' },
  data_screened: { zh: '筛选后的数据', en: 'Screened data' },
  data_treated: { zh: '异常值处理后的数据', en: 'Treated data' },
  data_normalised: { zh: '标准化数据', en: 'Normalised data' },
  data_aggregated: { zh: '各级得分', en: 'Aggregated scores' },
  weights: { zh: '指标权重', en: 'Weights' },
  weights_detail: { zh: '赋权计算过程', en: 'Weighting details' },
  framework: { zh: '评价指标体系', en: 'Indicator framework' },
  imputation: { zh: '缺失值插补', en: 'Imputation' },
  treatment: { zh: '异常值处理', en: 'Outlier treatment' },
  screening: { zh: '样本筛选', en: 'Screening' },
  uncertainty: { zh: '排名的不确定性', en: 'Rank uncertainty' },
  uncertainty_unstable: { zh: '排名最不稳定的单元', en: 'Least stable units' },
  sensitivity: { zh: "Sobol' 敏感性指数", en: "Sobol' sensitivity indices" },
  leave_one_out: { zh: '逐一剔除指标', en: 'Leaving one indicator out' },
  leave_one_out_ranks: { zh: '逐一剔除指标后的排名', en: 'Ranks with one indicator left out' },
  method_comparison: { zh: '方法比较', en: 'Method comparison' },
};

/** What labelling needs to know of the run. */
export interface LabelContext {
  lang: Lang;
  /** Names of framework nodes and alternative scores. */
  names: ReadonlyMap<string, Bi>;
  /** The unit attribute the units are grouped by in ranks.csv (e.g. `region`). */
  group?: string;
  /** The robustness factors of the spec (for their labels). */
  factors?: readonly FactorLike[];
}

const region = (v: string, lang: Lang): string => (lang === 'zh' ? ((REGION_ZH as Record<string, string>)[v] ?? v) : v);

/** The caption of table `name` in `lang` (undefined for a table nothing describes). */
export function tableCaption(name: string, lang: Lang): string | undefined {
  const d = DECLARED_TABLES.get(name);
  return d ? d[lang] : RUN_CAPTIONS[name]?.[lang];
}

/** Column `key` of table `name` in `ctx.lang`. */
export function columnLabel(name: string, key: string, ctx: LabelContext): string {
  const lang = ctx.lang;
  const d = DECLARED_TABLES.get(name);
  const col = d && Object.hasOwn(d.columns, key) && !d.columns[key].spread ? d.columns[key] : undefined;
  if (col) return col[lang];
  const dict = RUN_COLUMNS[name.startsWith('data_') ? 'data' : name];
  if (dict && Object.hasOwn(dict, key)) return dict[key][lang];
  const nm = (code: string) => ctx.names.get(code)?.[lang];
  if (name === 'ranks') {
    if (key === ctx.group) return lang === 'zh' ? '区域' : 'Group';
    const m = /^(.*?)_(group_rank|rank)$/.exec(key);
    if (m && nm(m[1]))
      return m[2] === 'rank' ? `${nm(m[1])}${lang === 'zh' ? '排名' : ' rank'}` : `${nm(m[1])}${lang === 'zh' ? '区域内排名' : ' rank in group'}`;
  }
  const own = nm(key);
  if (own) return own;
  if (d) {
    // A spread column named <something>_<n> (markov_breaks: break_1 …): the group's header and n.
    const m = /_(\d+)$/.exec(key);
    const spread = Object.values(d.columns).find((c) => c.spread);
    if (m && spread) return `${spread[lang]} ${m[1]}`;
  }
  return key;
}

/** A cell of table `name`, column `key`, with its coded value labelled in `ctx.lang` (numbers unchanged). */
export function cellLabel(name: string, key: string, v: Cell, ctx: LabelContext): Cell {
  if (typeof v !== 'string' || v === '') return v;
  const lang = ctx.lang;
  const d = DECLARED_TABLES.get(name);
  if (d && Object.hasOwn(d.columns, key)) {
    const labelled = d.value(key, v, lang);
    if (labelled !== v) return labelled;
    return d.columns[key].ref === 'group' ? region(v, lang) : v;
  }
  // A column of a spread group (its headers come from the run): the group's coded values.
  const spreadKey = d ? Object.keys(d.columns).find((k) => d.columns[k].spread) : undefined;
  if (d && spreadKey) return d.value(spreadKey, v, lang);
  if (name === 'ranks' && key === ctx.group) return region(v, lang);
  const own = RUN_VALUES[name]?.[key];
  if (own && Object.hasOwn(own, v)) return own[v][lang];
  if ((name === 'sensitivity' || name === 'method_comparison') && key === 'factor') return factorLabels(ctx.factors ?? [], lang).get(v) ?? v;
  if (name === 'method_comparison' && key === 'choice') return choiceLabel(v, lang);
  if ((name === 'weights' || name === 'weights_detail') && key === 'method') return weightMethodLabel(v, lang);
  return v;
}

/**
 * A table with its headers and coded values in `ctx.lang`. Cost O(cells). A row none of whose
 * cells gets a label is the table's own row (read only), not a copy: a city run's workbook has
 * ≈ 1 million cells, nearly all numbers, and copying every row cost more in allocation and garbage
 * collection than the labels. Each column's distinct texts are labelled once ({@link cellLabel}
 * depends on the table, the column, the text and `ctx` only).
 */
export function labelTable(
  t: { name: string; header: readonly string[]; rows: readonly (readonly Cell[])[] },
  ctx: LabelContext,
): { header: string[]; rows: readonly (readonly Cell[])[] } {
  const header = t.header.map((k) => columnLabel(t.name, k, ctx));
  const labels: Map<string, Cell>[] = [];
  const rows = new Array<readonly Cell[]>(t.rows.length);
  for (let i = 0; i < t.rows.length; i++) {
    const r = t.rows[i];
    let copy: Cell[] | undefined;
    for (let j = 0; j < r.length; j++) {
      const v = r[j];
      if (typeof v !== 'string' || v === '') continue;
      const m = (labels[j] ??= new Map());
      let l = m.get(v);
      if (l === undefined) {
        l = cellLabel(t.name, t.header[j], v, ctx);
        m.set(v, l);
      }
      if (l !== v) (copy ??= r.slice())[j] = l;
    }
    rows[i] = copy ?? r;
  }
  return { header, rows };
}

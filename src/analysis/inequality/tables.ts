/**
 * The tables analyses.inequality writes, declared apart from its spec section and run (./analysis.ts,
 * which re-exports them): the report's charts read them by these declarations, and a module with
 * only declarations keeps zod and the kernels out of the figures worker's start.
 */
import { table } from '../descriptor.js';

const score = { kind: 'text', zh: '得分', en: 'Score', ref: 'node' } as const;
/** The unit attribute of the decomposition: present when the section lists `groups` (several decompositions in one run). */
const grouping = {
  kind: 'text',
  zh: '分组方式',
  en: 'Grouping',
  optional: true,
  values: {
    region: { zh: '区域', en: 'Region' },
    province: { zh: '省份', en: 'Province' },
  },
} as const;
const period = { kind: 'period', zh: '时期', en: 'Period' } as const;
/** Notes of the inequality tables (labels part by part; error messages stay as written). */
const note = {
  kind: 'text',
  zh: '说明',
  en: 'Note',
  values: {
    'Theil L not defined: zero values present': { zh: '存在零值，泰尔指数 L 无定义', en: 'Theil L not defined: zero values present' },
    'all values are equal: G = 0 and the contribution shares are reported as 0': {
      zh: '各值相等：G = 0，贡献率记为 0',
      en: 'all values are equal: G = 0 and the contribution shares are reported as 0',
    },
  },
  patterns: [
    {
      re: /^group "(.*)" has one unit: its within-group Gini G_jj is 0 by definition$/,
      zh: '区域“$1”仅有一个单元，其区域内基尼系数 G_jj 按定义为 0',
      en: '$0',
    },
    {
      re: /^groups "(.*)" and "(.*)" are constant at the same value: D_jh set to 0 \(their G_jh is 0\)$/,
      zh: '区域“$1”与“$2”取同一常数：D_jh 取 0（G_jh 为 0）',
      en: '$0',
    },
    { re: /^group "(.*)" is all zeros: its income share is 0 and its Theil T is taken as 0$/, zh: '区域“$1”全为零：其份额为 0，泰尔指数 T 取 0', en: '$0' },
    { re: /^(\d+) zero values?: Theil L \(mean log deviation\) is undefined .*$/, zh: '$1 个零值：泰尔指数 L（平均对数偏差）无定义，记为空', en: '$0' },
    { re: /^Theil (T|L) is 0 \(all values equal\): contribution shares reported as 0$/, zh: '泰尔指数 $1 为 0（各值相等），贡献率记为 0', en: '$0' },
  ],
} as const;

/** inequality.csv: one row per score and period. */
export const INEQUALITY = table({
  name: 'inequality',
  file: 'inequality.csv',
  zh: '区域差异',
  en: 'Regional inequality',
  report: {
    columns: [
      'score',
      'grouping',
      'period',
      'n',
      'mean',
      'gini',
      'cv',
      'dagum_G',
      'dagum_Gw',
      'dagum_Gnb',
      'dagum_Gt',
      'share_Gw',
      'share_Gnb',
      'share_Gt',
      'theil_T',
      'theil_T_within',
      'theil_T_between',
      'theil_T_between_share',
      'theil_L',
      'theil_L_between_share',
      'note',
    ],
  },
  columns: {
    score,
    grouping,
    period,
    n: { kind: 'int', zh: '单元数', en: 'n' },
    mean: { kind: 'num', zh: '均值', en: 'Mean' },
    gini: { kind: 'num', zh: '基尼系数', en: 'Gini', optional: true },
    cv: { kind: 'num', zh: '变异系数', en: 'CV', optional: true },
    dagum_G: { kind: 'num', zh: '总体 G', en: 'G', optional: true },
    dagum_Gw: { kind: 'num', zh: '区域内 G_w', en: 'Within G_w', optional: true },
    dagum_Gnb: { kind: 'num', zh: '区域间 G_nb', en: 'Between G_nb', optional: true },
    dagum_Gt: { kind: 'num', zh: '超变密度 G_t', en: 'Transvariation G_t', optional: true },
    share_Gw: { kind: 'num', zh: 'G_w 贡献率', en: 'G_w share', optional: true },
    share_Gnb: { kind: 'num', zh: 'G_nb 贡献率', en: 'G_nb share', optional: true },
    share_Gt: { kind: 'num', zh: 'G_t 贡献率', en: 'G_t share', optional: true },
    theil_T: { kind: 'num', zh: '泰尔指数 T', en: 'Theil T', optional: true },
    theil_T_within: { kind: 'num', zh: '组内 T_w', en: 'Within T_w', optional: true },
    theil_T_between: { kind: 'num', zh: '组间 T_b', en: 'Between T_b', optional: true },
    theil_T_between_share: { kind: 'num', zh: '组间贡献率', en: 'Between share', optional: true },
    theil_L: { kind: 'num', zh: '泰尔指数 L', en: 'Theil L', optional: true },
    theil_L_within: { kind: 'num', zh: 'L 组内', en: 'Within L_w', optional: true },
    theil_L_between: { kind: 'num', zh: 'L 组间', en: 'Between L_b', optional: true },
    theil_L_between_share: { kind: 'num', zh: 'L 组间贡献率', en: 'L between share', optional: true },
    note,
  },
});

/** dagum_groups.csv: within-group and between-group-pair Gini of the Dagum decomposition. */
export const DAGUM_GROUPS = table({
  name: 'dagum_groups',
  file: 'dagum_groups.csv',
  zh: 'Dagum 基尼系数的组内与组间分解',
  en: 'Dagum Gini by group and group pair',
  report: { columns: ['score', 'grouping', 'period', 'group_j', 'group_h', 'kind', 'G_jh', 'D_jh'] },
  columns: {
    score,
    grouping,
    period,
    group_j: { kind: 'text', zh: '区域 j', en: 'Group j', ref: 'group' },
    group_h: { kind: 'text', zh: '区域 h', en: 'Group h', ref: 'group' },
    kind: { kind: 'text', zh: '类型', en: 'Kind', values: { within: { zh: '区域内', en: 'Within' }, between: { zh: '区域间', en: 'Between' } } },
    n_j: { kind: 'int', zh: 'n_j', en: 'n_j' },
    n_h: { kind: 'int', zh: 'n_h', en: 'n_h' },
    mean_j: { kind: 'num', zh: '均值 j', en: 'Mean j' },
    mean_h: { kind: 'num', zh: '均值 h', en: 'Mean h' },
    G_jh: { kind: 'num', zh: 'G_jh', en: 'G_jh' },
    D_jh: { kind: 'num', zh: '相对经济影响 D_jh', en: 'Relative affluence D_jh' },
    contribution_nb_or_w: { kind: 'num', zh: '组内或净组间贡献', en: 'Within or net-between contribution' },
    contribution_t: { kind: 'num', zh: '超变密度贡献', en: 'Transvariation contribution' },
  },
});

/** theil_groups.csv: each group's Theil T and L, weight and contribution. */
export const THEIL_GROUPS = table({
  name: 'theil_groups',
  file: 'theil_groups.csv',
  zh: '泰尔指数的分组结果',
  en: 'Theil indices by group',
  report: { columns: ['score', 'grouping', 'period', 'group', 'T_contribution_share', 'L_contribution_share'] },
  columns: {
    score,
    grouping,
    period,
    group: { kind: 'text', zh: '区域', en: 'Group', ref: 'group' },
    n: { kind: 'int', zh: '单元数', en: 'n' },
    mean: { kind: 'num', zh: '均值', en: 'Mean' },
    T_group: { kind: 'num', zh: '组内 T', en: 'T within group' },
    T_weight: { kind: 'num', zh: 'T 权重', en: 'T weight' },
    T_contribution: { kind: 'num', zh: 'T 贡献', en: 'T contribution' },
    T_contribution_share: { kind: 'num', zh: 'T 贡献率', en: 'T contribution share' },
    L_group: { kind: 'num', zh: '组内 L', en: 'L within group' },
    L_weight: { kind: 'num', zh: 'L 权重', en: 'L weight' },
    L_contribution: { kind: 'num', zh: 'L 贡献', en: 'L contribution' },
    L_contribution_share: { kind: 'num', zh: 'L 贡献率', en: 'L contribution share' },
  },
});

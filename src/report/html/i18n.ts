/**
 * Every label of the HTML report in Chinese and English. The server renders the initial language
 * with it; the same dictionary is embedded in the page, so the language switch changes every
 * heading and label without reloading. Chart titles are not here: they are in the chart layer's
 * catalogue (src/report/charts/titles.ts), shared with the figures and the workbench.
 */
export type ReportLang = 'zh' | 'en';

export const I18N = {
  langName: { zh: '中文', en: 'English' },
  switchTo: { zh: 'English', en: '中文' },
  reportOf: { zh: '评价报告', en: 'Evaluation report' },
  synthetic: { zh: '合成数据：仅供演示，非官方统计，请勿引用。', en: 'SYNTHETIC DATA: for demonstration only, not official statistics; do not cite.' },
  toc: { zh: '目录', en: 'Contents' },
  // sections
  s_overview: { zh: '数据概况', en: 'Data overview' },
  s_framework: { zh: '指标体系与权重', en: 'Framework and weights' },
  s_ranking: { zh: '指数排名与地图', en: 'Index ranking and map' },
  s_profile: { zh: '单元维度画像', en: 'Dimension profile of a unit' },
  s_trends: { zh: '时序趋势', en: 'Trends' },
  s_inequality: { zh: '区域差异', en: 'Regional inequality' },
  s_density: { zh: '分布动态（核密度）', en: 'Distribution dynamics (kernel density)' },
  s_markov: { zh: '马尔可夫链', en: 'Markov chains' },
  s_spatial: { zh: '空间相关性', en: 'Spatial autocorrelation' },
  s_convergence: { zh: '收敛性', en: 'Convergence' },
  s_obstacle: { zh: '障碍因子', en: 'Obstacle factors' },
  s_coupling: { zh: '耦合协调', en: 'Coupling coordination' },
  s_efficiency: { zh: '效率分析（DEA）', en: 'Efficiency (DEA)' },
  s_spatialModels: { zh: '空间计量模型', en: 'Spatial regression' },
  s_robustness: { zh: '稳健性', en: 'Robustness' },
  s_methods: { zh: '方法说明', en: 'Methods' },
  s_provenance: { zh: '可复现信息', en: 'Provenance' },
  // overview
  units: { zh: '评价单元', en: 'Units' },
  periods: { zh: '时期', en: 'Periods' },
  indicators: { zh: '指标', en: 'Indicators' },
  missingShare: { zh: '原始数据缺失比例', en: 'Missing share (raw data)' },
  imputed: { zh: '插补单元格', en: 'Imputed cells' },
  // framework
  weight: { zh: '权重', en: 'Weight' },
  nominal: { zh: '预设权重', en: 'Nominal weight' },
  effective: { zh: '组内权重', en: 'Effective weight' },
  global: { zh: '全局权重', en: 'Global weight' },
  method: { zh: '方法', en: 'Method' },
  // ranking
  score: { zh: '得分', en: 'Score' },
  rank: { zh: '排名', en: 'Rank' },
  groupRank: { zh: '组内排名', en: 'Rank in group' },
  unit: { zh: '单元', en: 'Unit' },
  group: { zh: '分组', en: 'Group' },
  period: { zh: '时期', en: 'Period' },
  search: { zh: '搜索单元…', en: 'Search units…' },
  scoreSel: { zh: '指数', en: 'Score' },
  mapNote: { zh: '示意图，非官方审定地图（无审图号）。', en: 'Schematic map, not an officially approved map.' },
  noGeometry: { zh: '以下单元没有地图几何，未在地图中显示：', en: 'Units without map geometry (not shown on the map): ' },
  noMap: { zh: '没有可用的地图几何。', en: 'No map geometry available.' },
  play: { zh: '播放', en: 'Play' },
  // profile / trends
  unitSel: { zh: '单元', en: 'Unit' },
  mean: { zh: '全体均值', en: 'Mean of all units' },
  groupMean: { zh: '组均值', en: 'Group mean' },
  all: { zh: '全体', en: 'All' },
  // inequality
  within: { zh: '组内', en: 'Within' },
  between: { zh: '组间', en: 'Between (net)' },
  transvariation: { zh: '超变密度', en: 'Transvariation' },
  betweenShare: { zh: '组间贡献率', en: 'Between share' },
  // density
  densityNote: {
    zh: '三维曲面需 ECharts GL（未内嵌），此处以热力图展示同一曲面。',
    en: 'A 3-D surface needs ECharts GL, which is not bundled; the same surface is shown as a heatmap.',
  },
  density: { zh: '密度', en: 'Density' },
  groupSel: { zh: '分组', en: 'Group' },
  groupingSel: { zh: '分组方式', en: 'Grouping' },
  // markov
  conditionSel: { zh: '条件', en: 'Condition' },
  from: { zh: 't 期类型', en: 'Class at t' },
  to: { zh: 't+1 期类型', en: 'Class at t+1' },
  cond_all: { zh: '传统马尔可夫链', en: 'Traditional chain' },
  cond_lag: { zh: '空间滞后类型', en: 'Spatial lag class' },
  // spatial
  zValue: { zh: '标准化得分 z', en: 'Standardised score z' },
  lagZ: { zh: '空间滞后 Wz', en: 'Spatial lag Wz' },
  pValue: { zh: 'p 值', en: 'p-value' },
  statistic: { zh: '统计量', en: 'Statistic' },
  ns: { zh: '不显著', en: 'Not significant' },
  // convergence
  sdShort: { zh: '标准差', en: 'sd' },
  cvShort: { zh: '变异系数 CV', en: 'CV' },
  sdLog: { zh: '对数标准差', en: 'sd(ln x)' },
  c_beta: { zh: 'β 收敛回归', en: 'β convergence regressions' },
  model: { zh: '模型', en: 'Model' },
  term: { zh: '变量', en: 'Term' },
  estimate: { zh: '估计值', en: 'Estimate' },
  speed: { zh: '收敛速度', en: 'Speed' },
  halfLife: { zh: '半衰期', en: 'Half-life' },
  // obstacle
  obstacle: { zh: '障碍度', en: 'Obstacle degree' },
  // coupling
  couplingClass: { zh: '协调等级', en: 'Coordination class' },
  // efficiency (DEA)
  effScore: { zh: '效率', en: 'Efficiency' },
  effEc: { zh: '效率变化 EC', en: 'Efficiency change EC' },
  effTc: { zh: '技术变化 TC', en: 'Technical change TC' },
  effBpc: { zh: '最佳实践差距变化 BPC', en: 'Best-practice gap change BPC' },
  effIndex: { zh: '指数', en: 'index' },
  effNote: {
    zh: '柱与折线：各单元几何均值相对上期的变化率（%），(1 + EC)(1 + TC) = 1 + 指数；地图：所选时期的效率得分，颜色范围为各期共同范围。',
    en: 'Bars and line: geometric means over the units as % change on the previous period, (1 + EC)(1 + TC) = 1 + index; map: efficiency of the chosen period, one colour scale over all periods.',
  },
  // robustness
  c_compare: { zh: '方法比较', en: 'Method comparison' },
  nominalRank: { zh: '基准排名', en: 'Nominal rank' },
  medianRank: { zh: '排名中位数', en: 'Median rank' },
  interval: { zh: '5%–95% 区间', en: '5%–95% interval' },
  firstOrder: { zh: '一阶指数 S_i', en: 'First order S_i' },
  totalOrder: { zh: '总效应指数 S_Ti', en: 'Total order S_Ti' },
  overallTarget: { zh: '平均排名绝对变动', en: 'Mean absolute rank shift' },
  unitRankTarget: { zh: '该单元排名', en: 'Rank of the unit' },
  meanShift: { zh: '平均排名绝对变动', en: 'Mean absolute rank shift' },
  maxShift: { zh: '最大排名绝对变动', en: 'Max absolute rank shift' },
  factor: { zh: '不确定性因素', en: 'Factor' },
  choice: { zh: '取值', en: 'Choice' },
  largestChanges: { zh: '排名变动最大的单元', en: 'Largest changes' },
  // provenance
  version: { zh: 'nqpf 版本', en: 'nqpf version' },
  seed: { zh: '随机种子', en: 'Seed' },
  inputs: { zh: '输入文件（SHA-256）', en: 'Input files (SHA-256)' },
  role: { zh: '用途', en: 'Role' },
  file: { zh: '文件', en: 'File' },
  spec: { zh: '设定文件', en: 'Spec' },
  warnings: { zh: '警告', en: 'Warnings' },
  mapSource: { zh: '地图数据来源', en: 'Map geometry' },
  references: { zh: '参考文献', en: 'References' },
  methodsPending: { zh: '方法说明文本未生成；以下为可复现信息。', en: 'The methods text is not available; provenance follows.' },
  generatedBy: { zh: '由 nqpf 生成', en: 'Generated by nqpf' },
  none: { zh: '无', en: 'none' },
  value: { zh: '数值', en: 'Value' },
  note: { zh: '说明', en: 'Note' },
} as const satisfies Record<string, Record<ReportLang, string>>;

export type I18nKey = keyof typeof I18N;

/** The label `key` in `lang`. */
export function tr(key: I18nKey, lang: ReportLang): string {
  return I18N[key][lang];
}

/**
 * Every chart title, once, in Chinese and English. The figure builders (SVG/PNG), the report's
 * interactive charts and the workbench's charts all take their titles from here, so a chart that
 * is drawn in more than one place has one title (the figures' wording is the reference: changing
 * a string here changes the figures too, which the figure tests and `scripts/golden.ts` see).
 *
 * Arguments are bilingual names (`Bi`) already resolved by the caller (score or unit names) and
 * period labels as written in the data. Pure; no imports, so it is cheap to bundle.
 */

/** A text in both languages. */
export interface Bi {
  zh: string;
  en: string;
}

/** Period label in Chinese titles: "2023年" for a year, the label otherwise, '' for none. */
export function periodZh(p: string | undefined): string {
  if (p === undefined) return '';
  return /^\d{4}$/.test(p) ? `${p}年` : p;
}

/** `, 2023` after an English title ('' without a period). */
const enP = (p: string | undefined): string => (p ? `, ${p}` : '');
/** ` · 2023` after a report-only title ('' without a period). */
const dotP = (p: string | undefined): string => (p ? ` · ${p}` : '');

/** Chart titles by chart (figure ids in snake case are noted where the figure has another name). */
export const TITLES = {
  // ---- data and framework
  /** figure `missingness` (unit × indicator). */
  missingness: (): Bi => ({ zh: '原始数据缺失情况', en: 'Missing raw values' }),
  /** report `missing` (indicator × period): the same measure by period. */
  missingByPeriod: (): Bi => ({ zh: '原始数据缺失情况（指标 × 时期）', en: 'Missing raw values (indicator × period)' }),
  /** figure `framework_weights`, report `sunburst`. */
  frameworkWeights: (): Bi => ({ zh: '指标体系与全局权重', en: 'Indicator framework and global weights' }),
  /** figure `weights_indicators`, report `weights`. */
  indicatorWeights: (): Bi => ({ zh: '指标全局权重', en: 'Global weights of the indicators' }),

  // ---- results
  /** figure `ranking`, workbench bar chart. */
  ranking: (s: Bi, p?: string): Bi => ({ zh: `${periodZh(p)}${s.zh}排名`, en: `Ranking by ${s.en}${enP(p)}` }),
  /** report `map`, workbench map. */
  scoreMap: (s: Bi, p?: string): Bi => ({ zh: `得分地图 · ${s.zh}${dotP(p)}`, en: `Score map · ${s.en}${dotP(p)}` }),
  /** figure `trends_units`. */
  trendsUnits: (s: Bi, n: number): Bi => ({ zh: `${s.zh}：前${n}名单元的变化趋势`, en: `${s.en}: trends of the top ${n} units` }),
  /** figure `trends_groups`, report `trendGroup`. */
  trendsGroups: (s: Bi): Bi => ({ zh: `${s.zh}：分组均值的变化趋势`, en: `${s.en}: group means over time` }),
  /** report `trendUnit`, workbench unit page. */
  unitTrend: (u: Bi, s: Bi): Bi => ({ zh: `${u.zh}：${s.zh}的变化趋势`, en: `${u.en}: ${s.en} over time` }),
  /** workbench unit page: the unit's score and the scores of its components. */
  unitScores: (u: Bi, s: Bi): Bi => ({ zh: `${u.zh}：${s.zh}及其分项得分的变化趋势`, en: `${u.en}: ${s.en} and its components over time` }),
  /** figure `profiles` (top units). */
  profiles: (n: number, p?: string): Bi => ({ zh: `${periodZh(p)}前${n}名单元的维度得分`, en: `Dimension scores of the top ${n} units${enP(p)}` }),
  /** report `profile` (one unit against the means). */
  unitProfile: (u: Bi, p?: string): Bi => ({ zh: `${periodZh(p)}${u.zh}的维度得分`, en: `Dimension scores of ${u.en}${enP(p)}` }),
  /** report `profileBars`. */
  unitDimensionBars: (u: Bi, p?: string): Bi => ({ zh: `${periodZh(p)}${u.zh}的分维度得分与排名`, en: `Sub-dimension scores and ranks of ${u.en}${enP(p)}` }),

  // ---- inequality
  /** report `gini`. */
  overallInequality: (s: Bi): Bi => ({ zh: `${s.zh} 总体差异（基尼系数、变异系数、泰尔指数）`, en: `Overall inequality of ${s.en} (Gini, CV, Theil)` }),
  /** figure `dagum_overall`. */
  dagumOverall: (s: Bi): Bi => ({ zh: `${s.zh} Dagum 基尼系数及其分解`, en: `Dagum Gini coefficient of ${s.en} and its decomposition` }),
  /** figure `dagum_shares`, report `dagumShares`. */
  dagumShares: (s: Bi): Bi => ({ zh: `${s.zh} Dagum 基尼系数分解的贡献率`, en: `Contribution shares of the Dagum Gini decomposition (${s.en})` }),
  /** figure and report `theil`. */
  theil: (s: Bi): Bi => ({ zh: `${s.zh} 泰尔指数分解`, en: `Theil index decomposition (${s.en})` }),
  /** figure `dagum_within`. */
  dagumWithin: (s: Bi): Bi => ({ zh: `${s.zh} 组内基尼系数`, en: `Within-group Gini coefficients (${s.en})` }),
  /** figure `dagum_between`. */
  dagumBetween: (s: Bi): Bi => ({ zh: `${s.zh} 组间基尼系数`, en: `Between-group Gini coefficients (${s.en})` }),
  /** figure `dagum_pairs`, report `dagumPairs`. */
  dagumPairs: (s: Bi, p?: string): Bi => ({
    zh: `${periodZh(p)}${s.zh} 组内与组间基尼系数`,
    en: `Within- and between-group Gini coefficients${enP(p)} (${s.en})`,
  }),

  // ---- density (a group other than all units is named after the title)
  /** figure `density_lines` (all units), report `density`. */
  densityLines: (s: Bi, group?: Bi): Bi => ({
    zh: `${s.zh} 核密度估计${group ? `（${group.zh}）` : ''}`,
    en: `Kernel density estimates of ${s.en}${group ? ` (${group.en})` : ''}`,
  }),
  /** figure `density_surface` (all units), report `densitySurface`. */
  densitySurface: (s: Bi, group?: Bi): Bi => ({
    zh: `${s.zh} 核密度的时间演进${group ? `（${group.zh}）` : ''}`,
    en: `Evolution of the kernel density of ${s.en}${group ? ` (${group.en})` : ''}`,
  }),
  /** figure `density_3d` (all units): the period × value × density surface in an oblique projection. */
  density3d: (s: Bi): Bi => ({ zh: `${s.zh} 核密度三维图`, en: `Three-dimensional kernel density of ${s.en}` }),
  /** figure `density_groups`. */
  densityGroups: (s: Bi, p?: string): Bi => ({ zh: `${periodZh(p)}${s.zh} 分组核密度`, en: `Kernel density by group${enP(p)} (${s.en})` }),

  // ---- Markov: condition `all`, `lag class <l>` or another label
  /** figures `markov_traditional`, `markov_spatial_<l>`; report `markov`. */
  markov: (s: Bi, condition: string): Bi => {
    const lag = /^lag class (.+)$/.exec(condition);
    if (condition === 'all') return { zh: `${s.zh} 传统马尔可夫转移概率矩阵`, en: `Markov transition probabilities of ${s.en}` };
    if (lag)
      return {
        zh: `${s.zh} 空间马尔可夫转移概率（邻域滞后类型 ${lag[1]}）`,
        en: `Spatial Markov transition probabilities of ${s.en} (neighbours' lag class ${lag[1]})`,
      };
    return { zh: `${s.zh} 马尔可夫转移概率（${condition}）`, en: `Markov transition probabilities of ${s.en} (${condition})` };
  },

  // ---- spatial
  /** figure `moran_trend`, report `moran`. */
  moranTrend: (s: Bi): Bi => ({ zh: `${s.zh} 全局莫兰指数`, en: `Global Moran's I of ${s.en}` }),
  /** figure `moran_scatter`, report `moranScatter`. */
  moranScatter: (s: Bi, p?: string): Bi => ({ zh: `${periodZh(p)}${s.zh} 莫兰散点图`, en: `Moran scatterplot of ${s.en}${enP(p)}` }),
  /** report `lisa`. */
  lisa: (s: Bi, p?: string): Bi => ({ zh: `${periodZh(p)}${s.zh} LISA 集聚图`, en: `LISA cluster map of ${s.en}${enP(p)}` }),

  // ---- spatial regression (analyses.spatial_models)
  /** figure `spatial_detector_q_<spec>`, report `detectorQ`. */
  detectorQ: (spec: string): Bi => ({ zh: `${spec}：地理探测器因子 q 值`, en: `${spec}: geographical detector, q of each factor` }),
  /** figure `spatial_detector_interaction_<spec>`, report `detectorInteraction`. */
  detectorInteraction: (spec: string): Bi => ({ zh: `${spec}：地理探测器交互作用 q(X1∩X2)`, en: `${spec}: geographical detector interactions q(X1∩X2)` }),
  /** figure `spatial_panel_effects_<spec>_<model>`, report `panelEffects` (model: SAR, SDM; Lee–Yu or ML estimates). */
  panelEffects: (spec: string, model: string, leeYu: boolean): Bi => ({
    zh: `${spec}：${model} 的直接、间接与总效应（${leeYu ? 'Lee–Yu 偏误校正' : '极大似然'}）`,
    en: `${spec}: direct, indirect and total effects of the ${model} (${leeYu ? 'Lee–Yu bias-corrected' : 'ML'})`,
  }),

  // ---- convergence
  /** figure `sigma_convergence`, report `sigma`. */
  sigma: (s: Bi): Bi => ({ zh: `${s.zh} σ 收敛`, en: `σ convergence of ${s.en}` }),
  /** figure `beta_convergence`. */
  beta: (s: Bi, from: string, to: string): Bi => ({ zh: `${s.zh} 绝对 β 收敛（${from}–${to}）`, en: `Absolute β convergence of ${s.en}, ${from}–${to}` }),

  // ---- obstacle degree
  /** figure `obstacle_frequency`. */
  obstacleFrequency: (): Bi => ({ zh: '主要障碍因子出现频次', en: 'How often indicators are main obstacles' }),
  /** figure `obstacle_dimensions` (per unit, latest period). */
  obstacleDimensions: (p?: string): Bi => ({ zh: `${periodZh(p)}各维度障碍度`, en: `Obstacle degree by dimension${enP(p)}` }),
  /** report `obstacleMean` (mean over the units, every period). */
  obstacleMean: (): Bi => ({ zh: '各维度平均障碍度', en: 'Mean obstacle degree by dimension' }),
  /** report `obstacleUnit`. */
  obstacleUnit: (u: Bi, p?: string): Bi => ({
    zh: `${periodZh(p)}${u.zh}的主要障碍因子（前 10 个指标）`,
    en: `Main obstacles of ${u.en}${enP(p)} (top 10 indicators)`,
  }),

  // ---- coupling coordination
  /** figure `coupling_trend`, report `couplingTrend`. */
  couplingTrend: (): Bi => ({ zh: '耦合协调度的变化趋势', en: 'Coupling coordination degree over time' }),
  /** report `couplingMap`. */
  couplingMap: (p?: string): Bi => ({ zh: `${periodZh(p)}耦合协调等级地图`, en: `Coupling coordination classes${enP(p)}` }),

  // ---- efficiency (DEA)
  /** figure `map_efficiency`, report `efficiencyMap`. */
  efficiencyMap: (s: Bi, p?: string): Bi => ({ zh: `${periodZh(p)}效率得分地图 · ${s.zh}`, en: `Efficiency map · ${s.en}${enP(p)}` }),
  /** figure `efficiency_change_<model>`, report `efficiencyChange`: EC and TC (GML: BPC) bars. */
  efficiencyChange: (s: Bi, gml: boolean): Bi =>
    gml
      ? { zh: `${s.zh}：效率变化 EC 与最佳实践差距变化 BPC`, en: `${s.en}: efficiency change EC and best-practice gap change BPC` }
      : { zh: `${s.zh}：效率变化 EC 与技术变化 TC`, en: `${s.en}: efficiency change EC and technical change TC` },

  // ---- robustness
  /** figure `uncertainty_ranks`, report `rankInterval`. */
  uncertaintyRanks: (s: Bi, p?: string): Bi => ({ zh: `${periodZh(p)}${s.zh} 排名的不确定性区间`, en: `Rank uncertainty of ${s.en}${enP(p)}` }),
  /** figure `sensitivity`, report `sobol` (with `u`: the report also shows the indices of that unit's rank). */
  sensitivity: (u?: Bi): Bi =>
    u
      ? { zh: `排名平均变动与${u.zh}排名的 Sobol 敏感性指数`, en: `Sobol' sensitivity indices of the mean absolute rank shift and of the rank of ${u.en}` }
      : { zh: '排名平均变动的 Sobol 敏感性指数', en: "Sobol' sensitivity indices of the mean absolute rank shift" },
  /** figure `leave_one_out`, report `loo`. */
  leaveOneOut: (): Bi => ({ zh: '逐一剔除指标后的排名平均变动', en: 'Mean absolute rank shift when one indicator is left out' }),
} as const;

export type TitleKey = keyof typeof TITLES;

/** The spec of `analyses.models` (issue 15): regressions, mediation and moderation on the run's panel. */
import { z } from 'zod';
import { field } from '../../core/field-text.js';
import { SE_TYPES } from '../panel/vcov.js';

const SE_VALUES = {
  conventional: ['conventional', '常规'],
  hc0: ['robust HC0 (White)', '异方差稳健 HC0（White）'],
  hc1: ['robust HC1 (Stata regress, robust)', '异方差稳健 HC1（同 Stata）'],
  cluster: ['clustered (Stata xtreg, vce(cluster))', '按个体聚类稳健（同 Stata xtreg）'],
  cluster_hc0: ['clustered, no small-sample factor (R plm)', '聚类稳健，无小样本校正（同 R plm）'],
  twoway_cluster: ['two-way clustered (unit and period)', '双向聚类（个体与时期）'],
  driscoll_kraay: ['Driscoll–Kraay', 'Driscoll–Kraay 稳健'],
} as const;

export const SeTypes = z
  .array(z.enum(SE_TYPES))
  .min(1)
  .meta(
    field({
      en: [
        'Standard errors',
        'Standard errors, each reported (the first in the regression table): conventional; hc0 (White); hc1 (n/(n − all parameters), Stata ' +
          '`regress, robust` with the fixed effects as dummies); cluster (by unit, Stata `xtreg, vce(cluster)`: G/(G−1)·(n−1)/(n−k′)); ' +
          'cluster_hc0 (no small-sample factor, R plm `vcovHC(method = "arellano")`); twoway_cluster (unit and period, ' +
          'Cameron–Gelbach–Miller); driscoll_kraay (Bartlett kernel, plm `vcovSCC`). Default: [cluster].',
      ],
      zh: [
        '标准误',
        '报告的标准误口径（回归表显示第一种）：常规；hc0（White）；hc1（n/(n − 全部参数)，同 Stata regress, robust 含固定效应虚拟变量）；cluster（按个体聚类，' +
          '同 Stata xtreg, vce(cluster)：G/(G−1)·(n−1)/(n−k′)）；cluster_hc0（无小样本校正，同 R plm）；twoway_cluster（个体与时期双向聚类）；' +
          'driscoll_kraay（Bartlett 核，同 plm vcovSCC）。默认：[cluster]。',
      ],
      values: SE_VALUES,
    }),
  );

export const RegressionSpec = z
  .strictObject({
    name: z
      .string()
      .min(1)
      .meta(
        field({
          en: ['Name', 'Column heading of the model in the regression table (e.g. "(1)", "FE").'],
          zh: ['名称', '模型在回归表中的列标题（如 "(1)"、"FE"）。'],
        }),
      ),
    formula: z
      .string()
      .min(1)
      .meta(
        field({
          en: [
            'Formula',
            'fixest-style formula: `y ~ x1 + log(x2) + l(x3, 1) + x1:x4 | unit + period`. Variables: any score of the run (index, ' +
              'dimension, alternative) or any data column (indicators as read, controls). Functions: log/ln, log10, exp, sqrt, abs, ' +
              'l/lag(x, k), f/lead(x, k), d/diff(x, k), center(x), std(x), I(expr); a:b interaction, a*b = a + b + a:b. After `|`: ' +
              'fixed effects unit and/or period.',
          ],
          zh: [
            '模型公式',
            '与 fixest 相同的公式：y ~ x1 + log(x2) + l(x3, 1) + x1:x4 | unit + period。变量可为本次运行的任一得分（总指数、维度、备选得分）或数据文件中的任一列' +
              '（指标原值、控制变量）。函数：log/ln、log10、exp、sqrt、abs、l/lag(x, k) 滞后、f/lead(x, k) 超前、d/diff(x, k) 差分、center(x) 中心化、' +
              'std(x) 标准化、I(表达式)；a:b 交互项，a*b = a + b + a:b。“|” 后为固定效应：unit（个体）和/或 period（时期）。',
          ],
        }),
      ),
    estimator: z
      .enum(['ols', 'random'])
      .default('ols')
      .meta(
        field({
          en: [
            'Estimator',
            'ols: pooled OLS, or the within (fixed-effects) estimator when the formula has `| unit` / `| period`; random: Swamy–Arora random effects. Default: ols.',
          ],
          zh: ['估计方法', 'ols：混合 OLS；公式含 “| unit” / “| period” 时为组内（固定效应）估计。random：Swamy–Arora 随机效应。默认：ols。'],
          values: { ols: ['OLS / fixed effects', 'OLS / 固定效应'], random: ['random effects', '随机效应'] },
        }),
      ),
    se: SeTypes.optional().meta(
      field({
        en: ['Standard errors', 'Standard errors of this model. Default: the section’s `se`.'],
        zh: ['标准误', '本模型的标准误口径。默认：本节的 se。'],
        values: SE_VALUES,
      }),
    ),
    clusterBy: z
      .enum(['unit', 'period'])
      .default('unit')
      .meta(
        field({
          en: ['Cluster by', 'Clusters of `cluster` and `cluster_hc0`. Default: unit.'],
          zh: ['聚类层级', 'cluster 与 cluster_hc0 的聚类单位。默认：个体。'],
          values: { unit: ['unit', '个体'], period: ['period', '时期'] },
        }),
      ),
    lags: z
      .int()
      .min(0)
      .optional()
      .meta(
        field({
          en: ['Driscoll–Kraay lag', 'Lag of the Driscoll–Kraay estimator. Default: ⌊T^{1/4}⌋ (as plm).'],
          zh: ['Driscoll–Kraay 滞后阶数', 'Driscoll–Kraay 估计的滞后阶数。默认：⌊T^{1/4}⌋（同 plm）。'],
        }),
      ),
    hausman: z
      .boolean()
      .default(true)
      .meta(
        field({
          en: ['Hausman test', 'Random effects: also the Hausman test against unit fixed effects of the same formula. Default: true.'],
          zh: ['Hausman 检验', '随机效应模型：同时对相同公式的个体固定效应模型做 Hausman 检验。默认：是。'],
        }),
      ),
    slopes: z
      .strictObject({
        x: z
          .string()
          .min(1)
          .meta(
            field({
              en: ['Moderated term', 'Term whose slope is moderated, as written in the formula (e.g. `log(rd_fte)`).'],
              zh: ['被调节变量', '斜率受调节的变量，按公式中的写法（如 log(rd_fte)）。'],
            }),
          ),
        by: z
          .string()
          .min(1)
          .meta(
            field({
              en: ['Moderator', 'Moderator term as written in the formula (e.g. `center(rd_intensity)`); the interaction `x:by` must be a term.'],
              zh: ['调节变量', '调节变量，按公式中的写法（如 center(rd_intensity)）；交互项 x:by 须在公式中。'],
            }),
          ),
        at: z
          .array(z.number())
          .optional()
          .meta(
            field({
              en: ['Moderator values', 'Moderator values. Default: its mean − 1 SD, mean, mean + 1 SD over the estimation sample.'],
              zh: ['调节变量取值', '计算简单斜率的调节变量取值。默认：估计样本中的均值 − 1 标准差、均值、均值 + 1 标准差。'],
            }),
          ),
      })
      .optional()
      .meta(
        field({
          en: ['Simple slopes', 'Moderation: simple slopes of `x` at values of the moderator `by`.'],
          zh: ['简单斜率', '调节效应：x 在调节变量不同取值处的简单斜率。'],
        }),
      ),
  })
  .meta(field({ en: ['Regression', 'One linear panel model.'], zh: ['回归模型', '一个线性面板模型。'] }));

const expr = (en: string, zh: string, enD: string, zhD: string) =>
  z
    .string()
    .min(1)
    .meta(field({ en: [en, enD], zh: [zh, zhD] }));

export const MediationSpec = z
  .strictObject({
    name: expr('Name', '名称', 'Name of the mediation analysis in the tables.', '中介分析在表中的名称。'),
    y: expr('Outcome', '被解释变量', 'Outcome (an expression, e.g. `Index_topsis`).', '被解释变量（表达式，如 Index_topsis）。'),
    x: expr('Explanatory variable', '核心解释变量', 'Explanatory variable (expression).', '核心解释变量（表达式）。'),
    m: expr('Mediator', '中介变量', 'Mediator (expression).', '中介变量（表达式）。'),
    controls: z
      .array(z.string().min(1))
      .default([])
      .meta(field({ en: ['Controls', 'Control terms (expressions). Default: none.'], zh: ['控制变量', '控制变量（表达式）。默认：无。'] })),
    effects: z
      .enum(['none', 'unit', 'period', 'twoway'])
      .default('twoway')
      .meta(
        field({
          en: ['Fixed effects', 'Fixed effects of the three equations. Default: twoway.'],
          zh: ['固定效应', '三个方程的固定效应。默认：双向。'],
          values: { none: ['none', '无'], unit: ['unit', '个体'], period: ['period', '时期'], twoway: ['two-way', '双向'] },
        }),
      ),
    se: z
      .enum(SE_TYPES)
      .default('cluster')
      .meta(
        field({
          en: ['Standard errors', 'Standard errors of the paths and the Sobel test. Default: cluster.'],
          zh: ['标准误', '各路径与 Sobel 检验的标准误口径。默认：cluster。'],
          values: SE_VALUES,
        }),
      ),
    bootstrap: z
      .int()
      .min(0)
      .max(100000)
      .default(1000)
      .meta(
        field({
          en: ['Bootstrap draws', 'Cluster-bootstrap draws of a·b (units resampled with replacement; 0: none). Default: 1000.'],
          zh: ['自助抽样次数', '间接效应 a·b 的聚类自助抽样次数（按个体有放回抽样；0 为不做）。默认：1000。'],
        }),
      ),
    level: z
      .number()
      .gt(0)
      .lt(1)
      .default(0.95)
      .meta(
        field({
          en: ['Confidence level', 'Level of the bootstrap percentile interval. Default: 0.95.'],
          zh: ['置信水平', '自助法百分位区间的置信水平。默认：0.95。'],
        }),
      ),
  })
  .meta(
    field({
      en: ['Mediation', 'Stepwise mediation (Baron–Kenny) with fixed effects, Sobel test and the cluster bootstrap of the indirect effect.'],
      zh: ['中介效应', '含固定效应的逐步回归中介检验（Baron–Kenny）、Sobel 检验与间接效应的聚类自助法检验。'],
    }),
  );

export const ThresholdSpec = z
  .strictObject({
    name: expr('Name', '名称', 'Name of the threshold model in the tables.', '门槛模型在表中的名称。'),
    formula: expr(
      'Formula',
      '模型公式',
      'The linear part: `y ~ x + controls` (unit fixed effects are always in, as Hansen 1999 and Stata xthreg; `| unit` may be written).',
      '线性部分：y ~ x + 控制变量（始终含个体固定效应，同 Hansen 1999 与 Stata xthreg；可写 “| unit”）。',
    ),
    q: expr('Threshold variable', '门槛变量', 'The threshold variable q (an expression).', '门槛变量 q（表达式）。'),
    regime: expr(
      'Regime-dependent term',
      '区制依赖变量',
      'The term whose slope switches between regimes, as written in the formula.',
      '系数随区制变化的变量，按公式中的写法。',
    ),
    thresholds: z
      .int()
      .min(1)
      .max(3)
      .default(1)
      .meta(
        field({
          en: ['Thresholds', 'Largest number of thresholds: models with 1 … this many are estimated and tested sequentially. Default: 1.'],
          zh: ['门槛个数', '最多的门槛个数：依次估计并检验单一至该个数门槛模型。默认：1。'],
        }),
      ),
    trim: z
      .number()
      .min(0)
      .lt(0.5)
      .default(0.01)
      .meta(
        field({
          en: [
            'Trimming',
            'Share of the observations each regime keeps at least (0.15: thresholds searched between the 15 % and 85 % quantiles of q). Default: 0.01 (Stata xthreg).',
          ],
          zh: ['截尾比例', '每个区制至少包含的观测比例（0.15：在 q 的 15%—85% 分位数之间搜索门槛）。默认：0.01（同 Stata xthreg）。'],
        }),
      ),
    grid: z
      .int()
      .min(10)
      .max(100000)
      .default(400)
      .meta(
        field({
          en: ['Grid points', 'Largest number of candidate thresholds (evenly spaced ranks of the admissible distinct values of q). Default: 400.'],
          zh: ['网格点数', '候选门槛值的最大个数（在可取的 q 不同取值中按秩等距选取）。默认：400。'],
        }),
      ),
    bootstrap: z
      .int()
      .min(0)
      .max(100000)
      .default(300)
      .meta(
        field({
          en: ['Bootstrap replications', 'Replications of Hansen’s fixed-regressor bootstrap of each F test (0: none). Default: 300.'],
          zh: ['自助抽样次数', '每个 F 检验的 Hansen 固定回归元自助法重复次数（0 为不做）。默认：300。'],
        }),
      ),
    level: z
      .number()
      .gt(0)
      .lt(1)
      .default(0.95)
      .meta(
        field({
          en: ['Confidence level', 'Level of the thresholds’ LR confidence intervals. Default: 0.95.'],
          zh: ['置信水平', '门槛值似然比置信区间的置信水平。默认：0.95。'],
        }),
      ),
  })
  .meta(
    field({
      en: ['Threshold model', 'Hansen (1999) fixed-effects panel threshold model: thresholds, bootstrap F tests, LR intervals, regime coefficients.'],
      zh: ['门槛模型', 'Hansen（1999）固定效应面板门槛模型：门槛估计、自助法 F 检验、似然比置信区间与各区制系数。'],
    }),
  );

export const DidSpec = z
  .strictObject({
    name: expr('Name', '名称', 'Name of the DID analysis in the tables.', '双重差分分析在表中的名称。'),
    formula: expr(
      'Formula',
      '模型公式',
      'Outcome and controls: `y ~ x1 + x2` or `y ~ 1` (unit and period fixed effects are always in: two-way FE DID).',
      '被解释变量与控制变量：y ~ x1 + x2 或 y ~ 1（始终含个体与时期固定效应，即双向固定效应 DID）。',
    ),
    treatment: expr(
      'Treatment',
      '处理变量',
      'Data column of the treatment: the first treated period of the unit (e.g. the pilot year; empty or 0 = never treated), or a 0/1 indicator (timing: indicator).',
      '处理变量所在的数据列：该单元首次受处理的时期（如试点年份；空或 0 表示从未受处理），或 0/1 处理指示变量（timing: indicator）。',
    ),
    timing: z
      .enum(['first', 'indicator'])
      .default('first')
      .meta(
        field({
          en: ['Treatment coding', 'first: the column holds the first treated period; indicator: a 0/1 column D_it (once 1, 1 ever after). Default: first.'],
          zh: ['处理变量形式', 'first：该列为首次受处理时期；indicator：0/1 处理变量 D_it（一经为 1 此后均为 1）。默认：first。'],
          values: { first: ['first treated period', '首次受处理时期'], indicator: ['0/1 indicator', '0/1 指示变量'] },
        }),
      ),
    se: z
      .enum(SE_TYPES)
      .default('cluster')
      .meta(
        field({
          en: ['Standard errors', 'Standard errors of the TWFE DID and event study. Default: cluster.'],
          zh: ['标准误', '双向固定效应 DID 与事件研究的标准误口径。默认：cluster。'],
          values: SE_VALUES,
        }),
      ),
    leads: z
      .int()
      .min(0)
      .max(50)
      .default(4)
      .meta(
        field({
          en: ['Event-study leads', 'Periods before treatment shown in the event study (0: no event study). Default: 4.'],
          zh: ['事件研究前期数', '事件研究中处理前的期数（0 为不做事件研究）。默认：4。'],
        }),
      ),
    lags: z
      .int()
      .min(0)
      .max(50)
      .default(4)
      .meta(
        field({
          en: ['Event-study lags', 'Periods after treatment shown (e = 0 … lags). Default: 4.'],
          zh: ['事件研究后期数', '事件研究中处理后的期数（e = 0 … lags）。默认：4。'],
        }),
      ),
    reference: z
      .int()
      .max(-1)
      .default(-1)
      .meta(
        field({ en: ['Reference period', 'Omitted relative period of the event study. Default: −1.'], zh: ['基期', '事件研究中省略的相对时期。默认：−1。'] }),
      ),
    bin: z
      .boolean()
      .default(true)
      .meta(
        field({
          en: ['Bin endpoints', 'Fold the periods beyond the window into its end points (false: drop those treated observations). Default: true.'],
          zh: ['端点合并', '将窗口以外的时期并入两端（false：删除这些处理组观测）。默认：是。'],
        }),
      ),
    placebo: z
      .int()
      .min(0)
      .max(100000)
      .default(500)
      .refine((v) => v === 0 || v >= 500, { message: 'placebo draws: 0 (none) or at least 500' })
      .meta(
        field({
          en: ['Placebo draws', 'Random reassignments of the treatment timing across units (seeded; 0: none, else at least 500). Default: 500.'],
          zh: ['安慰剂检验次数', '在单元间随机重新分配处理时点的次数（设定随机种子；0 为不做，否则至少 500）。默认：500。'],
        }),
      ),
    staggered: z
      .boolean()
      .default(true)
      .meta(
        field({
          en: ['Heterogeneity-robust estimator', 'Also Callaway & Sant’Anna (2021) ATT(g,t) and their aggregations (balanced panels). Default: true.'],
          zh: ['异质性稳健估计', '同时给出 Callaway 与 Sant’Anna（2021）的 ATT(g,t) 及其加总（平衡面板）。默认：是。'],
        }),
      ),
    control: z
      .enum(['never', 'notyet'])
      .default('never')
      .meta(
        field({
          en: ['Control group', 'Callaway–Sant’Anna comparison units: never treated, or also not yet treated. Default: never.'],
          zh: ['对照组', 'Callaway–Sant’Anna 的对照单元：从未受处理，或同时包括尚未受处理。默认：从未受处理。'],
          values: { never: ['never treated', '从未受处理'], notyet: ['not yet treated', '尚未受处理'] },
        }),
      ),
    base: z
      .enum(['varying', 'universal'])
      .default('varying')
      .meta(
        field({
          en: [
            'Base period',
            'Callaway–Sant’Anna base period of the pre-treatment ATT(g,t): varying (as the R did package) or universal (g − 1). Default: varying.',
          ],
          zh: ['基期设定', 'Callaway–Sant’Anna 处理前 ATT(g,t) 的基期：varying（同 R did 包）或 universal（g − 1）。默认：varying。'],
          values: { varying: ['varying', '逐期变化'], universal: ['universal', '统一基期'] },
        }),
      ),
  })
  .meta(
    field({
      en: ['Difference-in-differences', 'Two-way FE DID, event study with the pre-trend test, placebo test, and Callaway–Sant’Anna for staggered adoption.'],
      zh: ['双重差分', '双向固定效应 DID、事件研究（含平行趋势检验）、安慰剂检验，以及交错处理下的 Callaway–Sant’Anna 估计。'],
    }),
  );

export const ModelsSpec = z
  .strictObject({
    se: SeTypes.default(['cluster']),
    regressions: z
      .array(RegressionSpec)
      .default([])
      .meta(
        field({
          en: ['Regressions', 'Linear panel models, one column each in the regression table Default: none.'],
          zh: ['回归模型', '线性面板模型，每个模型为回归表中的一列默认：无。'],
        }),
      ),
    mediation: z
      .array(MediationSpec)
      .default([])
      .meta(field({ en: ['Mediation', 'Mediation analyses Default: none.'], zh: ['中介效应', '中介效应分析默认：无。'] })),
    threshold: z
      .array(ThresholdSpec)
      .default([])
      .meta(field({ en: ['Threshold models', 'Panel threshold models Default: none.'], zh: ['门槛模型', '面板门槛模型默认：无。'] })),
    did: z
      .array(DidSpec)
      .default([])
      .meta(
        field({
          en: ['Difference-in-differences', 'DID analyses around a policy (pilot zones) Default: none.'],
          zh: ['双重差分', '围绕政策（试点）的双重差分分析默认：无。'],
        }),
      ),
    controls: z
      .array(z.string().min(1))
      .default([])
      .meta(
        field({
          en: [
            'Controls collapsed',
            'Terms (as written in the formulas) shown in the regression table as one row "Controls: Yes/No" instead of their ' +
              'coefficients, as papers print them; every estimate stays in models_coef.csv. Default: none.',
          ],
          zh: [
            '折叠的控制变量',
            '在回归表中合并为一行“控制变量：是/否”、不逐一列出系数的变量（按公式中的写法），与论文惯例一致；全部估计值仍见 models_coef.csv。默认：无。',
          ],
        }),
      ),
    decimals: z
      .int()
      .min(1)
      .max(8)
      .default(4)
      .meta(field({ en: ['Decimals', 'Decimals of the regression table. Default: 4.'], zh: ['小数位数', '回归表的小数位数。默认：4。'] })),
  })
  .meta(
    field({
      en: ['Panel models', 'Panel models on the run’s panel: pooled, fixed and random effects with the Hausman test, mediation and moderation.'],
      zh: ['面板回归', '基于本次面板的回归：混合 OLS、固定效应与随机效应（含 Hausman 检验），中介效应与调节效应。'],
    }),
  );
export type ModelsSpec = z.output<typeof ModelsSpec>;

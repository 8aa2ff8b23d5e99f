/** The spec of `analyses.spatial_models` (issue 16): cross-section spatial regressions on the run's panel. */
import { z } from 'zod';
import { field } from '../../core/field-text.js';

export const SPATIAL_MODEL_KINDS = ['ols', 'sar', 'sem', 'sdm', 'sdem', 'sac'] as const;
export type SpatialModelName = (typeof SPATIAL_MODEL_KINDS)[number];

const KIND_VALUES = {
  ols: ['OLS with Moran’s I and the LM tests', 'OLS 及残差莫兰指数与 LM 检验'],
  sar: ['spatial lag (SAR)', '空间滞后模型（SAR）'],
  sem: ['spatial error (SEM)', '空间误差模型（SEM）'],
  sdm: ['spatial Durbin (SDM)', '空间杜宾模型（SDM）'],
  sdem: ['spatial Durbin error (SDEM)', '空间杜宾误差模型（SDEM）'],
  sac: ['spatial lag and error (SAC)', '空间自相关模型（SAC）'],
} as const;

export const LOGDET_SETTINGS = ['auto', 'eigen', 'chebyshev', 'mc'] as const;

/** The log-determinant method of an entry (optional, so run logs written before it stay unchanged). */
const logdetField = () =>
  z
    .enum(LOGDET_SETTINGS)
    .optional()
    .meta(
      field({
        en: [
          'Log-determinant',
          'How ln|I − ρW| is computed: eigen (exact, from W’s eigenvalues; for up to a few hundred units, W similar to a symmetric matrix), chebyshev ' +
            '(Pace–LeSage approximation of order 5, as R spatialreg method = "Chebyshev") or mc (Barry–Pace Monte Carlo, 30 terms, 16 vectors), ' +
            'the last two for row-standardised W of any size, with power-series effects; auto: eigen up to 400 units, else chebyshev. Default: auto.',
        ],
        zh: [
          '对数行列式',
          'ln|I − ρW| 的计算方法：eigen（由 W 的特征值精确计算，适用于数百个单元以内且 W 相似于对称矩阵）、chebyshev（Pace–LeSage 五阶切比雪夫近似，' +
            '同 R spatialreg 的 method = "Chebyshev"）或 mc（Barry–Pace 蒙特卡洛近似，30 项、16 个随机向量）；后两者适用于任意规模的行标准化 W，' +
            '效应按幂级数计算；auto：400 个单元以内用 eigen，否则用 chebyshev。默认：auto。',
        ],
        values: {
          auto: ['by the number of units', '按单元数自动选择'],
          eigen: ['exact, eigenvalues', '特征值精确计算'],
          chebyshev: ['Chebyshev approximation', '切比雪夫近似'],
          mc: ['Monte Carlo approximation', '蒙特卡洛近似'],
        },
      }),
    );

export const SpatialCrossSpec = z
  .strictObject({
    name: z
      .string()
      .min(1)
      .meta(field({ en: ['Name', 'Name of the specification in the tables (e.g. "2022").'], zh: ['名称', '该设定在表中的名称（如 "2022"）。'] })),
    formula: z
      .string()
      .min(1)
      .meta(
        field({
          en: [
            'Formula',
            'y ~ x1 + log(x2) (the formula language of analyses.models, without fixed effects; an intercept is included). Variables: scores of the run or data columns.',
          ],
          zh: ['模型公式', 'y ~ x1 + log(x2)（与 analyses.models 相同的公式写法，不含固定效应；含常数项）。变量可为本次运行的得分或数据列。'],
        }),
      ),
    period: z
      .union([z.string().min(1), z.number()])
      .optional()
      .meta(
        field({
          en: ['Period', 'The cross-section: one period of the panel. Default: the last period with data.'],
          zh: ['时期', '截面所取的时期。默认：有数据的最后一期。'],
        }),
      ),
    models: z
      .array(z.enum(SPATIAL_MODEL_KINDS))
      .min(1)
      .default([...SPATIAL_MODEL_KINDS])
      .meta(
        field({
          en: ['Models', 'Models estimated (OLS always comes with its diagnostics). Default: all six.'],
          zh: ['模型', '估计的模型（OLS 同时给出诊断检验）。默认：全部六种。'],
          values: KIND_VALUES,
        }),
      ),
    logdet: logdetField(),
    durbin: z
      .array(z.string().min(1))
      .min(1)
      .optional()
      .meta(
        field({
          en: [
            'Durbin terms',
            'Partial Durbin terms of the SDM and SDEM: the regressors (terms of the formula, e.g. log(rd_fte)) whose spatial lag W·x enters; ' +
              'the effects of the others have θ = 0 (R spatialreg Durbin = ~ x1 + …). Default: every regressor.',
          ],
          zh: ['杜宾项', 'SDM 与 SDEM 的部分杜宾项：加入空间滞后 W·x 的解释变量（公式中的项，如 log(rd_fte)），其余变量的 θ 取 0。默认：全部解释变量。'],
        }),
      ),
    draws: z
      .number()
      .int()
      .min(0)
      .max(100000)
      .optional()
      .meta(
        field({
          en: [
            'Simulation draws',
            'Draws from the asymptotic distribution of the estimates for the simulated SEs and 95 % intervals of the SAR, SDM and SAC effects ' +
              '(seeded by the run’s seed; a draw of ρ outside its interval is drawn again; 0: delta method only). Default: 1000.',
          ],
          zh: [
            '模拟次数',
            '从估计量渐近分布中抽样以计算 SAR、SDM 与 SAC 效应的模拟标准误与 95% 区间的次数（以本次运行的随机种子为种子；ρ 落在其区间之外的抽样重抽；0：仅用 delta 方法）。默认：1000。',
          ],
        }),
      ),
    unitEffects: z
      .boolean()
      .optional()
      .meta(
        field({
          en: [
            'Unit-level effects',
            'Also write each unit’s direct effect and its total and indirect effects to and from it for the SAR, SDM and SAC (spatial_models_unit_effects.csv; ' +
              'exact eigenvalue log-determinant only). Default: false.',
          ],
          zh: [
            '单元层面效应',
            '同时输出 SAR、SDM 与 SAC 中每个单元的直接效应及其流入、流出的总效应与间接效应（spatial_models_unit_effects.csv；仅限精确特征值对数行列式）。默认：false。',
          ],
        }),
      ),
  })
  .meta(
    field({
      en: ['Cross-section spatial regression', 'OLS diagnostics and ML spatial regressions of one period, with direct, indirect and total effects.'],
      zh: ['截面空间计量模型', '单一时期的 OLS 诊断与空间计量模型的极大似然估计，及直接、间接与总效应。'],
    }),
  );

export const SPATIAL_PANEL_KINDS = ['sar', 'sdm', 'sem'] as const;
export type SpatialPanelName = (typeof SPATIAL_PANEL_KINDS)[number];

export const SpatialPanelSpec = z
  .strictObject({
    name: z
      .string()
      .min(1)
      .meta(field({ en: ['Name', 'Name of the specification in the tables (e.g. "FE").'], zh: ['名称', '该设定在表中的名称（如 "FE"）。'] })),
    formula: z
      .string()
      .min(1)
      .meta(
        field({
          en: [
            'Formula',
            'y ~ x1 + log(x2) | unit + period (the formula language of analyses.models; after "|" the fixed effects: unit, period or both; ' +
              'no intercept). Variables: scores of the run or data columns. The panel is the periods in which every unit of the weights has every variable.',
          ],
          zh: [
            '模型公式',
            'y ~ x1 + log(x2) | unit + period（与 analyses.models 相同的公式写法；“|”后为固定效应：unit、period 或两者；无常数项）。' +
              '变量可为本次运行的得分或数据列。样本为空间权重的全部单元在所有变量上均有数据的时期。',
          ],
        }),
      ),
    models: z
      .array(z.enum(SPATIAL_PANEL_KINDS))
      .min(1)
      .default([...SPATIAL_PANEL_KINDS])
      .meta(
        field({
          en: ['Models', 'Models estimated; with all three, the LR and Wald tests of the SDM against SAR and SEM. Default: sar, sdm, sem.'],
          zh: ['模型', '估计的模型；三者齐备时给出 SDM 对 SAR、SEM 的 LR 与 Wald 检验。默认：sar、sdm、sem。'],
          values: { sar: KIND_VALUES.sar, sdm: KIND_VALUES.sdm, sem: KIND_VALUES.sem },
        }),
      ),
    draws: z
      .number()
      .int()
      .min(0)
      .max(100000)
      .default(1000)
      .meta(
        field({
          en: [
            'Simulation draws',
            'Draws from the asymptotic distribution of the estimates for the SEs and 95 % intervals of the effects (seeded by the run’s seed; 0: delta method only). Default: 1000.',
          ],
          zh: ['模拟次数', '从估计量渐近分布中抽样以计算效应的标准误与 95% 区间的次数（以本次运行的随机种子为种子；0：仅用 delta 方法）。默认：1000。'],
        }),
      ),
    logdet: logdetField(),
    unitEffects: z
      .boolean()
      .default(false)
      .meta(
        field({
          en: [
            'Unit-level effects',
            'Also write each unit’s direct effect and its total and indirect effects to and from it (spatial_panel_unit_effects.csv). Default: false.',
          ],
          zh: ['单元层面效应', '同时输出每个单元的直接效应及其流入、流出的总效应与间接效应（spatial_panel_unit_effects.csv）。默认：false。'],
        }),
      ),
    random: z
      .boolean()
      .optional()
      .meta(
        field({
          en: [
            'Random effects and Hausman test',
            'Also estimate the SAR and SDM of `models` with random unit effects (ML, with an intercept; estimator re) and test them ' +
              'against the fixed unit effects by the Hausman test. Needs a formula ending in "| unit". Default: false.',
          ],
          zh: [
            '随机效应与 Hausman 检验',
            '同时以个体随机效应（极大似然，含常数项；估计量 re）估计“模型”中的 SAR 与 SDM，并以 Hausman 检验比较个体固定效应与随机效应。公式须以“| unit”结尾。默认：false。',
          ],
        }),
      ),
  })
  .meta(
    field({
      en: [
        'Fixed-effects spatial panel',
        'SAR, SDM and SEM with unit, period or two-way fixed effects by ML, uncorrected and Lee–Yu bias-corrected, with effects and the LR/Wald tests.',
      ],
      zh: ['固定效应空间面板模型', '个体、时间或双向固定效应的 SAR、SDM、SEM 极大似然估计（未校正与 Lee–Yu 偏误校正），及效应分解与 LR/Wald 检验。'],
    }),
  );

export const DETECTOR_METHODS = ['category', 'quantile', 'equal', 'optimal'] as const;
export const DETECTOR_KINDS = ['factor', 'interaction', 'risk', 'ecological'] as const;

export const DetectorFactorSpec = z
  .strictObject({
    column: z
      .string()
      .min(1)
      .meta(field({ en: ['Column', 'A unit attribute (e.g. region) or a data or score column.'], zh: ['变量', '单元属性（如 region）或数据列、得分列。'] })),
    method: z
      .enum(DETECTOR_METHODS)
      .default('quantile')
      .meta(
        field({
          en: ['Discretisation', 'How the column is stratified. Default: quantile.'],
          zh: ['离散化方法', '变量的分层方式。默认：quantile。'],
          values: {
            category: ['as it is (each value a stratum)', '按原值分层（每个取值一层）'],
            quantile: ['quantile classes (type 7 breaks)', '分位数分类（第 7 型分位点）'],
            equal: ['equal intervals', '等间距分类'],
            optimal: [
              'optimal discretisation (OPGD, R package GD): equal, natural (Jenks), quantile, geometric and standard-deviation breaks × 3–7 classes, the one with the largest q',
              '最优离散化：等间距、自然断点、分位数、几何间隔与标准差五种分类方法各分 3–7 类，取 q 最大者',
            ],
          },
        }),
      ),
    classes: z
      .number()
      .int()
      .min(2)
      .max(50)
      .default(4)
      .meta(
        field({
          en: ['Classes', 'Number of classes for quantile and equal (optimal searches 3–7); tied breaks are merged. Default: 4.'],
          zh: ['分类数', 'quantile 与 equal 的分类数（optimal 在 3–7 类中搜索）；重复的分割点合并。默认：4。'],
        }),
      ),
  })
  .meta(field({ en: ['Factor', 'One explanatory factor and its stratification.'], zh: ['探测因子', '一个解释因子及其分层方式。'] }));

export const DetectorSpec = z
  .strictObject({
    name: z
      .string()
      .min(1)
      .meta(field({ en: ['Name', 'Name of the specification in the tables (e.g. "2022").'], zh: ['名称', '该设定在表中的名称（如 "2022"）。'] })),
    y: z
      .string()
      .min(1)
      .meta(field({ en: ['Variable explained', 'A score of the run or a data column.'], zh: ['被解释变量', '本次运行的得分或数据列。'] })),
    period: z
      .union([z.string().min(1), z.number()])
      .optional()
      .meta(
        field({
          en: ['Period', 'The period analysed (not with pooled). Default: the last period in which y has data.'],
          zh: ['时期', '分析的时期（合并多期时不设）。默认：y 有数据的最后一期。'],
        }),
      ),
    pooled: z
      .boolean()
      .optional()
      .meta(
        field({
          en: [
            'Pool periods',
            'Detect on several periods pooled: every unit-period with y and every factor is one observation; a unit attribute (e.g. region) ' +
              'keeps its class in every period, and continuous factors are cut over the pooled values (quantile, equal, optimal). ' +
              'Default: false (one period, see period).',
          ],
          zh: [
            '合并多期',
            '合并多个时期进行探测：每个有 y 与全部因子的“单元-时期”为一个观测；单元属性（如地区）在各期取同一分层，连续因子按合并后的全部取值离散化' +
              '（分位数、等间距、最优离散化）。默认：false（单一时期，见 period）。',
          ],
        }),
      ),
    periods: z
      .array(z.union([z.string().min(1), z.number()]))
      .min(2)
      .optional()
      .meta(
        field({
          en: ['Periods pooled', 'With pooled: true, the periods pooled. Default: every period in which y has data.'],
          zh: ['合并的时期', '设定 pooled: true 时合并的时期。默认：y 有数据的全部时期。'],
        }),
      ),
    factors: z
      .array(DetectorFactorSpec)
      .min(1)
      .meta(field({ en: ['Factors', 'The explanatory factors. Default: none (required).'], zh: ['探测因子', '解释因子列表。默认：无（必填）。'] })),
    detectors: z
      .array(z.enum(DETECTOR_KINDS))
      .min(1)
      .default([...DETECTOR_KINDS])
      .meta(
        field({
          en: ['Detectors', 'Which detectors run (interaction and ecological need two or more factors). Default: all four.'],
          zh: ['探测器', '运行的探测器（交互与生态探测需两个以上因子）。默认：全部四种。'],
          values: {
            factor: ['factor detector (q and its p)', '因子探测（q 值及其 p 值）'],
            interaction: ['interaction detector', '交互作用探测'],
            risk: ['risk detector', '风险区探测'],
            ecological: ['ecological detector', '生态探测'],
          },
        }),
      ),
    dropSingletons: z
      .boolean()
      .optional()
      .meta(
        field({
          en: [
            'Drop singleton strata (interaction)',
            'Compute the interaction detector’s q(X1), q(X2) and q(X1∩X2) without the units that are alone in their stratum, as the R package GD does; ' +
              'otherwise (Wang et al.) every stratum counts. Default: false.',
          ],
          zh: [
            '交互探测剔除单元素层',
            '交互作用探测的 q(X1)、q(X2) 与 q(X1∩X2) 剔除所在分层仅有一个单元的观测（同 R 包 GD）；否则（王劲峰等）全部分层参与。默认：false。',
          ],
        }),
      ),
  })
  .meta(
    field({
      en: [
        'Geographical detector',
        'Factor, interaction, risk and ecological detectors (Wang et al. 2010) of one period, or of several pooled; units with a missing value ' +
          'are left out.',
      ],
      zh: ['地理探测器', '单一时期（或合并多期）的因子、交互作用、风险区与生态探测（王劲峰等，2010）；有缺失值的单元不参与。'],
    }),
  );

export const SpatialModelsSpec = z
  .strictObject({
    cross: z
      .array(SpatialCrossSpec)
      .default([])
      .meta(
        field({
          en: ['Cross-section models', 'One entry per specification. Spatial weights: analyses.weights. Default: none.'],
          zh: ['截面模型', '每项一个设定。空间权重取自 analyses.weights。默认：无。'],
        }),
      ),
    panel: z
      .array(SpatialPanelSpec)
      .default([])
      .meta(
        field({
          en: ['Panel models', 'One entry per fixed-effects spatial panel specification. Spatial weights: analyses.weights. Default: none.'],
          zh: ['面板模型', '每项一个固定效应空间面板设定。空间权重取自 analyses.weights。默认：无。'],
        }),
      ),
    detector: z
      .array(DetectorSpec)
      .default([])
      .meta(
        field({
          en: ['Geographical detector', 'One entry per geographical-detector specification (needs no spatial weights). Default: none.'],
          zh: ['地理探测器', '每项一个地理探测器设定（无需空间权重）。默认：无。'],
        }),
      ),
  })
  .meta(
    field({
      en: [
        'Spatial regression',
        'Spatial econometric models (issue 16) with the spatial weights of analyses.weights: LM tests, SAR, SEM, SDM, SDEM, SAC and their effects; ' +
          'fixed-effects spatial panels; the geographical detector.',
      ],
      zh: [
        '空间计量模型',
        '以 analyses.weights 的空间权重估计空间计量模型：LM 检验、SAR、SEM、SDM、SDEM、SAC 及其效应分解；固定效应空间面板模型；地理探测器。',
      ],
    }),
  );

export type SpatialModelsSpec = z.output<typeof SpatialModelsSpec>;

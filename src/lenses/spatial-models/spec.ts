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
  })
  .meta(
    field({
      en: ['Cross-section spatial regression', 'OLS diagnostics and ML spatial regressions of one period, with direct, indirect and total effects.'],
      zh: ['截面空间计量模型', '单一时期的 OLS 诊断与空间计量模型的极大似然估计，及直接、间接与总效应。'],
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
  })
  .meta(
    field({
      en: [
        'Spatial regression',
        'Spatial econometric models (issue 16) with the spatial weights of analyses.weights: LM tests, SAR, SEM, SDM, SDEM, SAC and their effects.',
      ],
      zh: ['空间计量模型', '以 analyses.weights 的空间权重估计空间计量模型：LM 检验、SAR、SEM、SDM、SDEM、SAC 及其效应分解。'],
    }),
  );

export type SpatialModelsSpec = z.output<typeof SpatialModelsSpec>;

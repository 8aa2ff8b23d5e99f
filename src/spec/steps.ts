/**
 * The construction steps of the spec (`steps:` — denominate, impute, screen, treat, normalise,
 * weight, aggregate): their zod schemas, built from the method registries. A module of its own,
 * re-exported by ./schema.ts, so that what needs only the steps — the robustness engine, which
 * parses perturbed steps, and its worker threads — loads neither the analysis registry nor the
 * rest of the spec.
 */
import { z } from 'zod';
import { field, withDescriptions, type FieldMeta } from '../core/field-text.js';
import { stepOptionsShape } from '../pipeline/descriptor.js';
import { NORMALISE } from '../pipeline/normalise/index.js';
import { AGGREGATE } from '../pipeline/aggregate/index.js';
import { TREAT } from '../pipeline/treat/index.js';
import { IMPUTE } from '../pipeline/impute/index.js';
import { WEIGHT } from '../pipeline/weight/index.js';

/** Imputation methods: the names of the registry (`pipeline/impute/index.ts`). */
export const IMPUTE_METHODS = IMPUTE.map((m) => m.name);
/** Treatment methods: the names of the registry (`pipeline/treat/index.ts`). */
export const TREAT_METHODS = TREAT.map((m) => m.name);
/** Normalisation methods: the names of the registry (`pipeline/normalise/index.ts`). */
export const NORMALISE_METHODS = NORMALISE.map((m) => m.name);
/** Weighting methods: the names of the registry (`pipeline/weight/index.ts`). */
export const WEIGHT_METHODS = WEIGHT.map((m) => m.name);
/** Aggregation methods: the names of the registry (`pipeline/aggregate/index.ts`). */
export const AGGREGATE_METHODS = AGGREGATE.map((m) => m.name);

const Scope = z.enum(['period', 'pooled']);

/**
 * Like `.partial()`, but without defaults: zod 4 still applies a field's `.default()` inside
 * `.partial()`, which would make every override restate all defaults and silently reset the
 * step's own settings. Here an absent field stays absent, so `{...step, ...override}` works.
 */
function partialNoDefaults<S extends z.ZodRawShape>(o: z.ZodObject<S>) {
  const shape: Record<string, z.ZodTypeAny> = {};
  for (const [k, f] of Object.entries(o.shape) as [string, z.ZodTypeAny][]) {
    let inner: z.ZodTypeAny = f;
    while (inner instanceof z.ZodDefault || inner instanceof z.ZodOptional) inner = (inner as z.ZodDefault<z.ZodTypeAny>).unwrap() as z.ZodTypeAny;
    shape[k] = inner.optional().meta(
      withDescriptions(
        z.globalRegistry.get(f) as Partial<FieldMeta> | undefined,
        (desc) => `${desc.replace(/ ?Default: [^.]*(\.[^.]*)*$/, '').trim()} Default: the step's setting.`.trim(),
        (desc) => `${desc.replace(/默认：[\s\S]*$/, '').trim()}默认：沿用该步骤的设置。`,
      ),
    );
  }
  return z.strictObject(shape) as unknown as z.ZodObject<{ [K in keyof S]: z.ZodOptional<z.ZodType<z.output<S[K]>, z.input<S[K]>>> }>;
}

const MethodOverrides = <T extends z.ZodTypeAny>(t: T) =>
  z
    .record(z.string(), t)
    .default({})
    .meta(
      field({
        en: ['Overrides', 'Per-indicator (or per-node) overrides keyed by code. Default: {}.'],
        zh: ['逐指标设置', '按指标（或节点）代码给出的不同设置。默认：{}。'],
      }),
    );

// Built from the registry (pipeline/impute/index.ts), as the normalise options.
const ImputeOptions = z.strictObject(
  stepOptionsShape(
    'impute',
    IMPUTE,
    'none',
    field({ en: ['Method', 'Imputation method. Default: none.'], zh: ['方法', '缺失值填补方法。默认：不填补。'] }),
    {},
    {},
  ),
);
export const ImputeStep = ImputeOptions.extend({ overrides: MethodOverrides(partialNoDefaults(ImputeOptions)) }).meta(
  field({ en: ['Impute', 'Impute missing values.'], zh: ['缺失值填补', '填补缺失值。'] }),
);

export const DenominateStep = z
  .strictObject({
    enabled: z
      .boolean()
      .default(true)
      .meta(
        field({
          en: ['Divide by denominators', 'Divide indicators that have a denominator in the framework. Default: true.'],
          zh: ['除以分母', '对指标体系中设有分母的指标做除法。默认：是。'],
        }),
      ),
    scale: z
      .number()
      .default(1)
      .meta(
        field({
          en: ['Scale factor', 'Default factor after division for indicators without their own `scale`. Default: 1.'],
          zh: ['缩放系数', '未设置自身缩放系数（scale）的指标在除法后乘以的系数。默认：1。'],
        }),
      ),
  })
  .meta(field({ en: ['Denominate', 'Denominate: x / denominator × scale.'], zh: ['相对化（除以分母）', '相对化：x / 分母 × 缩放系数。'] }));

export const ScreenStep = z
  .strictObject({
    unitThreshold: z
      .number()
      .min(0)
      .max(1)
      .default(0)
      .meta(
        field({
          en: ['Unit availability threshold', 'Drop units whose share of available indicator values (over all periods) is below this. Default: 0 (keep all).'],
          zh: ['单元数据可得率阈值', '剔除指标值可得比例（全部时期）低于此值的单元。默认：0（全部保留）。'],
        }),
      ),
    indicatorThreshold: z
      .number()
      .min(0)
      .max(1)
      .default(0)
      .meta(
        field({
          en: [
            'Indicator availability threshold',
            'Drop indicators whose share of available values (over all units and periods) is below this. Default: 0 (keep all).',
          ],
          zh: ['指标数据可得率阈值', '剔除可得比例（全部单元与时期）低于此值的指标。默认：0（全部保留）。'],
        }),
      ),
    on: z
      .enum(['imputed', 'denominated'])
      .default('imputed')
      .meta(
        field({
          en: ['Measured on', 'Data set the availability is measured on (COINr screens the imputed set). Default: imputed.'],
          zh: ['计算可得率的数据', '计算可得率所用的数据（COINr 在填补后的数据上筛选）。默认：填补后的数据。'],
          values: { imputed: ['imputed data', '填补后的数据'], denominated: ['data before imputation', '填补前的数据'] },
        }),
      ),
  })
  .meta(field({ en: ['Screen', 'Screen units and indicators by data availability.'], zh: ['筛选', '按数据可得率筛选单元与指标。'] }));

// Built from the registry (pipeline/treat/index.ts), as the normalise options.
const TreatOptions = z.strictObject(
  stepOptionsShape(
    'treat',
    TREAT,
    'none',
    field({
      en: ['Method', 'Outlier treatment. coinr = COINr default (skew/kurtosis test, winsorisation up to winmax, log_CT fallback). Default: none.'],
      zh: ['方法', '异常值处理方法。COINr 默认处理 = 偏度/峰度检验，最多缩尾若干点，仍不通过则做 log_CT 对数变换。默认：不处理。'],
    }),
    {},
    {
      scope: Scope.default('period').meta(
        field({
          en: ['Scope', 'Treat each period separately or all periods pooled. Default: period.'],
          zh: ['处理范围', '逐期分别处理，或全部时期合并处理。默认：逐期。'],
          values: { period: ['per period', '逐期'], pooled: ['pooled over all periods', '全部时期统一'] },
        }),
      ),
    },
  ),
);
export const TreatStep = TreatOptions.extend({ overrides: MethodOverrides(partialNoDefaults(TreatOptions)) }).meta(
  field({ en: ['Treat outliers', 'Treat outliers.'], zh: ['异常值处理', '处理异常值。'] }),
);

// Built from the registry: method names, each method's options (described with the methods they
// apply to) and the step's common options.
const NormaliseOptions = z.strictObject(
  stepOptionsShape(
    'normalise',
    NORMALISE,
    'minmax',
    field({ en: ['Method', 'Normalisation. Default: minmax.'], zh: ['方法', '标准化方法。默认：极差标准化。'] }),
    {},
    {
      scope: Scope.default('pooled').meta(
        field({
          en: ['Scope', 'pooled: one normalisation over all unit-periods (keeps time trends comparable); period: each period separately. Default: pooled.'],
          zh: ['标准化范围', '全部时期统一：在全部单元–时期上统一标准化（保持时间趋势可比）；逐期：每期分别标准化。默认：全部时期统一。'],
          values: { period: ['per period', '逐期'], pooled: ['pooled over all periods', '全部时期统一'] },
        }),
      ),
    },
  ),
);
export const NormaliseStep = NormaliseOptions.extend({ overrides: MethodOverrides(partialNoDefaults(NormaliseOptions)) }).meta(
  field({ en: ['Normalise', 'Normalise indicators (direction-aware).'], zh: ['标准化', '标准化指标（考虑指标方向）。'] }),
);

// Built from the registry (pipeline/weight/index.ts), as the normalise options: scope and pooling
// are the step's own; each method adds its options (entropy shift, pca pcaOn, ahp, combine).
const WeightOptions = z.strictObject(
  stepOptionsShape(
    'weight',
    WEIGHT,
    'nominal',
    field({
      en: ['Method', 'Weighting. nominal = weights in the framework. Default: nominal.'],
      zh: ['方法', '赋权方法。名义权重 = 指标体系中给定的权重。默认：名义权重。'],
    }),
    {
      scope: z
        .enum(['global', 'node'])
        .default('global')
        .meta(
          field({
            en: [
              'Scope',
              'Data-driven methods: global = one weight vector over all indicators (node weights = sums of their indicators’ ' +
                'weights, the usual practice in NQPF studies); node = weights among each node’s children from the children’s ' +
                'scores. Default: global.',
            ],
            zh: [
              '赋权层次',
              '数据驱动方法：全局 = 对全部指标求一组权重（节点权重为其下指标权重之和，新质生产力研究的通常做法）；逐节点 = 由子节点得分求每个节点的子节点之间的权重。默认：全局。',
            ],
            values: { global: ['global (all indicators)', '全局（全部指标）'], node: ['per node', '逐节点'] },
          }),
        ),
      pooling: Scope.default('pooled').meta(
        field({
          en: ['Pooling', 'Data-driven methods: pooled = one weight vector from all unit-periods; period = weights per period. Default: pooled.'],
          zh: ['时期处理', '数据驱动方法：全部时期统一 = 由全部单元–时期求一组权重；逐期 = 每期一组权重。默认：全部时期统一。'],
          values: { period: ['per period', '逐期'], pooled: ['pooled over all periods', '全部时期统一'] },
        }),
      ),
    },
    {},
  ),
);
export const WeightStep = WeightOptions.extend({
  nodes: z
    .record(z.string(), partialNoDefaults(WeightOptions))
    .default({})
    .meta(
      field({
        en: ['Per-node weighting', 'Per-node weighting among the node’s children (e.g. AHP between dimensions). Default: {}.'],
        zh: ['逐节点赋权', '节点的子节点之间的赋权设置（如维度之间用 AHP）。默认：{}。'],
      }),
    ),
}).meta(field({ en: ['Weight', 'Weights at every level.'], zh: ['赋权', '各层级的权重。'] }));

// Built from the registry (pipeline/aggregate/index.ts), as the normalise options.
const AggregateOptions = z.strictObject(
  stepOptionsShape(
    'aggregate',
    AGGREGATE,
    'arithmetic',
    field({ en: ['Method', 'Aggregation. Default: arithmetic.'], zh: ['方法', '合成方法。默认：加权算术平均。'] }),
    {
      inputs: z
        .enum(['children', 'indicators'])
        .default('children')
        .meta(
          field({
            en: [
              'Inputs',
              'children: aggregate the node’s children’s scores; indicators: aggregate all indicators under the node ' +
                'directly with their global weights (e.g. TOPSIS over all weighted indicators). Default: children.',
            ],
            zh: ['合成对象', '子节点得分：合成节点的子节点得分；全部指标：以全局权重直接合成节点下的全部指标（如对全部加权指标做 TOPSIS）。默认：子节点得分。'],
            values: { children: ['children’s scores', '子节点得分'], indicators: ['all indicators under the node', '节点下的全部指标'] },
          }),
        ),
    },
    {
      datThreshold: z
        .number()
        .min(0)
        .max(1)
        .default(0)
        .meta(
          field({
            en: ['Availability threshold', 'Aggregate is missing when the share of available inputs is below this. Default: 0.'],
            zh: ['数据可得率阈值', '可得输入的比例低于此值时，合成结果记为缺失。默认：0。'],
          }),
        ),
    },
  ),
);
export const AggregateStep = AggregateOptions.extend({
  levels: z
    .record(z.string(), partialNoDefaults(AggregateOptions))
    .default({})
    .meta(
      field({
        en: ['Per-level options', 'Per-level options keyed by level number (1 = indicators, 2 = their parents …). Default: {}.'],
        zh: ['逐层设置', '按层级编号（1 = 指标，2 = 其上一层 …）给出的设置。默认：{}。'],
      }),
    ),
  nodes: z
    .record(z.string(), partialNoDefaults(AggregateOptions))
    .default({})
    .meta(field({ en: ['Per-node options', 'Per-node options keyed by node code. Default: {}.'], zh: ['逐节点设置', '按节点代码给出的设置。默认：{}。'] })),
  alternatives: z
    .array(
      partialNoDefaults(AggregateOptions).extend({
        code: z
          .string()
          .min(1)
          .meta(field({ en: ['Code', 'Code of the extra score (its output column).'], zh: ['代码', '额外得分的代码（输出列名）。'] })),
        node: z
          .string()
          .min(1)
          .meta(field({ en: ['Node', 'Framework node whose inputs are aggregated.'], zh: ['节点', '被合成的指标体系节点。'] })),
      }),
    )
    .default([])
    .meta(
      field({
        en: [
          'Alternative scores',
          'Extra scores written beside the framework scores, e.g. {code: NQPF_topsis, node: NQPF, method: topsis, inputs: indicators}. Default: [].',
        ],
        zh: ['备选得分', '与指标体系得分并列输出的额外得分，例如 {code: NQPF_topsis, node: NQPF, method: topsis, inputs: indicators}。默认：[]。'],
      }),
    ),
}).meta(field({ en: ['Aggregate', 'Aggregate level by level.'], zh: ['合成', '逐层合成。'] }));

export const StepsSpec = z
  .strictObject({
    denominate: DenominateStep.prefault({}),
    impute: ImputeStep.prefault({}),
    screen: ScreenStep.prefault({}),
    treat: TreatStep.prefault({}),
    normalise: NormaliseStep.prefault({}),
    weight: WeightStep.prefault({}),
    aggregate: AggregateStep.prefault({}),
  })
  .meta(
    field({
      en: ['Construction steps', 'Construction steps, run in this order: denominate, impute, screen, treat, normalise, weight, aggregate.'],
      zh: ['构建步骤', '构建步骤，依次为：相对化、缺失值填补、筛选、异常值处理、标准化、赋权、合成。'],
    }),
  );

export type StepsSpec = z.output<typeof StepsSpec>;
export type ImputeOptions = z.output<typeof ImputeOptions>;
export type TreatOptions = z.output<typeof TreatOptions>;
export type NormaliseOptions = z.output<typeof NormaliseOptions>;
export type WeightOptions = z.output<typeof WeightOptions>;
export type AggregateOptions = z.output<typeof AggregateOptions>;

/**
 * The nqpf spec: the product's language (conventions: "The spec is the product's language").
 *
 * These zod schemas are the single source of truth: the TypeScript types are inferred from
 * them (`Spec`), the JSON Schema in `schema/nqpf.schema.json` is generated from them
 * (`npm run schema`; a test fails when it is stale), and every field's description states its
 * default. Objects are strict, so a misspelt field is an error naming its path.
 */
import { z } from 'zod';
import { DIRECTION_WORDS, directionForms, toDirection } from '../core/direction.js';
import { analysisSectionsShape } from '../analysis/registry.js';
import { stepOptionsShape } from '../pipeline/descriptor.js';
import { NORMALISE } from '../pipeline/normalise/index.js';
import { AGGREGATE } from '../pipeline/aggregate/index.js';
import { TREAT } from '../pipeline/treat/index.js';
import { IMPUTE } from '../pipeline/impute/index.js';
import { WEIGHT } from '../pipeline/weight/index.js';

const d = (text: string) => ({ description: text });

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
    const desc = (z.globalRegistry.get(f)?.description ?? '').replace(/ ?Default: [^.]*(\.[^.]*)*$/, '').trim();
    shape[k] = inner.optional().meta(d(`${desc} Default: the step's setting.`.trim()));
  }
  return z.strictObject(shape) as unknown as z.ZodObject<{ [K in keyof S]: z.ZodOptional<z.ZodType<z.output<S[K]>, z.input<S[K]>>> }>;
}

// ---------------------------------------------------------------- data
export const DataSpec = z
  .strictObject({
    file: z.string().min(1).meta(d('Data file (CSV in UTF-8/UTF-8 BOM/GBK/GB18030, or XLSX), relative to the spec file. Required.')),
    sheet: z
      .union([z.string(), z.number().int().min(1)])
      .optional()
      .meta(d('XLSX sheet: its name, or its position from 1 (sheet: 2 = the second tab). Default: the first sheet (a note names it when there are others).')),
    headerRow: z
      .number()
      .int()
      .min(1)
      .optional()
      .meta(
        d(
          'Row (1-based, as the spreadsheet shows it) that names the columns; rows above it are ignored. Default: the ' +
            'first non-empty row — or, when that row is a title with a single value (数据来源：…) and a row below it names two ' +
            'or more columns, that row (with a note).',
        ),
      ),
    missing: z
      .union([z.array(z.string()), z.strictObject({ only: z.array(z.string()).meta(d('The only texts read as missing values.')) })])
      .optional()
      .meta(
        d(
          'Texts read as missing values besides empty cells: a list adds to the default markers (e.g. [无, "-999"]); { ' +
            'only: [...] } replaces them. Default markers: NA, N/A, #N/A, NaN, null, .., ..., …, ……, -, --, —, ——, –, ―, ' +
            '/, #DIV/0! — compared ignoring case and full-width forms; blank cells (spaces, full-width spaces) are missing ' +
            'too. Each marker read is counted per indicator in a note.',
        ),
      ),
    layout: z
      .enum(['wide', 'long'])
      .default('wide')
      .meta(d('wide: one row per unit-period, one column per indicator; long: unit, period, indicator, value. Default: wide.')),
    unit: z.string().min(1).meta(d('Column holding the unit (province, city, firm, country). Required.')),
    period: z.string().optional().meta(d('Column holding the period (year). Default: none — the data are one cross-section.')),
    indicator: z.string().optional().meta(d('Long layout: column naming the indicator. Default: "indicator".')),
    value: z.string().optional().meta(d('Long layout: column holding the value. Default: "value".')),
    attributes: z.array(z.string()).default([]).meta(d('Text columns kept as unit attributes (region group, names, codes). Default: none.')),
    synthetic: z.boolean().default(false).meta(d('Mark the data as synthetic: every output then says so. Default: false.')),
  })
  .meta(d('Where the panel comes from.'));

// ---------------------------------------------------------------- units
export const UnitsSpec = z
  .strictObject({
    registry: z
      .enum(['none', 'cn-provinces'])
      .default('none')
      .meta(
        d(
          'Built-in unit list to check unit names against: cn-provinces = the 31 provincial units (GB/T 2260 codes, ' +
            'zh/en names, NBS regions). Default: none (names used as they are, unless `file` is given).',
        ),
      ),
    file: z
      .string()
      .optional()
      .meta(d('Unit table (CSV/XLSX) with one row per unit: its names are the unit list, its other columns unit attributes. Default: none.')),
    key: z.string().optional().meta(d('Column of the unit table matched against the data unit names. Default: the data `unit` column name.')),
    attributes: z.array(z.string()).optional().meta(d('Columns of the unit table to keep as attributes. Default: all other columns.')),
    aliases: z.record(z.string(), z.string()).default({}).meta(d('Explicit map from a unit name in the data to a known name, e.g. {两藏: 西藏}. Default: {}.')),
    exclude: z
      .array(z.string())
      .default([])
      .meta(d('Unit names whose rows are skipped (e.g. regional totals such as 西部地区 inside provincial data); reported as a warning. Default: [].')),
    label: z
      .enum(['zh', 'en', 'code'])
      .default('zh')
      .meta(d('With registry cn-provinces: how units are written in outputs (zh 北京, en Beijing, code 110000). Default: zh.')),
    group: z.string().optional().meta(d('Unit attribute used for group ranks and group methods. Default: "region" when present.')),
  })
  .meta(d('Unit list, aliases and attributes.'));

// ---------------------------------------------------------------- framework
/**
 * An indicator direction: 1 / −1 or a word (正向, 负向, positive, cost …, see core/direction.ts),
 * normalised to 1 or −1 when the spec is parsed, so everything after the spec sees numbers.
 */
const Direction = z
  .preprocess(
    (v) => toDirection(v) ?? v,
    z.union([z.literal(1), z.literal(-1), z.enum(DIRECTION_WORDS)], { error: () => `expected a direction: ${directionForms()}` }),
  )
  .transform((v) => toDirection(v) as 1 | -1);

export const FrameworkNode = z.strictObject({
  code: z.string().min(1).meta(d('Unique code; also the output column name.')),
  parent: z.string().nullable().optional().meta(d('Parent code; empty for the root index.')),
  nameZh: z.string().optional().meta(d('Chinese name.')),
  nameEn: z.string().optional().meta(d('English name.')),
  direction: Direction.optional().meta(
    d(`+1 more is better (正向), −1 less is better (负向); the words ${DIRECTION_WORDS.join(' ')} are read as +1 or −1 (any case). Default: 1.`),
  ),
  weight: z.number().nonnegative().optional().meta(d('Nominal weight within the parent. Default: 1.')),
  unit: z.string().optional().meta(d('Unit of measurement.')),
  column: z.string().optional().meta(d('Data column of the raw values. Default: the code.')),
  denominator: z.string().optional().meta(d('Data column to divide by (denominate step). Default: none.')),
  scale: z.number().optional().meta(d('Factor applied after dividing by the denominator. Default: 1.')),
  target: z.number().optional().meta(d('Target for distance_to_target normalisation.')),
  goalposts: z.tuple([z.number(), z.number()]).optional().meta(d('Goalposts [low, high] for goalposts normalisation.')),
  source: z.string().optional().meta(d('Where the data come from.')),
  definition: z.string().optional().meta(d('Definition / computation.')),
  type: z.enum(['indicator', 'aggregate']).optional().meta(d('Default: aggregate when the node has children, else indicator.')),
});

export const FrameworkSpec = z
  .strictObject({
    builtin: z.string().optional().meta(d('Built-in framework id (nqpf-three-factor, nqpf-tech-digital-green).')),
    file: z
      .string()
      .optional()
      .meta(
        d(
          'Framework table (CSV/XLSX): columns code, parent, nameZh, nameEn, direction, weight, unit, column, ' +
            'denominator, scale, target, source, definition — or a COINr iMeta table (Level, iCode, iName, Direction, ' +
            'Weight, Parent, Type …), detected by its header.',
        ),
      ),
    nodes: z.array(FrameworkNode).optional().meta(d('Inline framework nodes.')),
    overrides: z
      .record(z.string(), FrameworkNode.omit({ code: true, parent: true, type: true }))
      .optional()
      .meta(
        d(
          'Per-node changes applied after the framework is read (builtin, file or nodes), keyed by node code, e.g. ' +
            '{Physical: {weight: 2}, LPI: {nameZh: 物流绩效指数, direction: 负向}}: set the weights, directions or names of a ' +
            'COINr iMeta or built-in framework without editing it. Each given field replaces the node’s own; a code that ' +
            'is not a node is an error. Default: none.',
        ),
      ),
  })
  .meta(d('Indicator framework (评价指标体系): exactly one of builtin, file or nodes (and optional per-node overrides).'));

// ---------------------------------------------------------------- steps
const MethodOverrides = <T extends z.ZodTypeAny>(t: T) =>
  z.record(z.string(), t).default({}).meta(d('Per-indicator (or per-node) overrides keyed by code. Default: {}.'));

// Built from the registry (pipeline/impute/index.ts), as the normalise options.
const ImputeOptions = z.strictObject(stepOptionsShape('impute', IMPUTE, 'none', 'Imputation method. Default: none.', {}, {}));
export const ImputeStep = ImputeOptions.extend({ overrides: MethodOverrides(partialNoDefaults(ImputeOptions)) }).meta(d('Impute missing values.'));

export const DenominateStep = z
  .strictObject({
    enabled: z.boolean().default(true).meta(d('Divide indicators that have a denominator in the framework. Default: true.')),
    scale: z.number().default(1).meta(d('Default factor after division for indicators without their own `scale`. Default: 1.')),
  })
  .meta(d('Denominate: x / denominator × scale.'));

export const ScreenStep = z
  .strictObject({
    unitThreshold: z
      .number()
      .min(0)
      .max(1)
      .default(0)
      .meta(d('Drop units whose share of available indicator values (over all periods) is below this. Default: 0 (keep all).')),
    indicatorThreshold: z
      .number()
      .min(0)
      .max(1)
      .default(0)
      .meta(d('Drop indicators whose share of available values (over all units and periods) is below this. Default: 0 (keep all).')),
    on: z
      .enum(['imputed', 'denominated'])
      .default('imputed')
      .meta(d('Data set the availability is measured on (COINr screens the imputed set). Default: imputed.')),
  })
  .meta(d('Screen units and indicators by data availability.'));

// Built from the registry (pipeline/treat/index.ts), as the normalise options.
const TreatOptions = z.strictObject(
  stepOptionsShape(
    'treat',
    TREAT,
    'none',
    'Outlier treatment. coinr = COINr default (skew/kurtosis test, winsorisation up to winmax, log_CT fallback). Default: none.',
    {},
    {
      scope: Scope.default('period').meta(d('Treat each period separately or all periods pooled. Default: period.')),
    },
  ),
);
export const TreatStep = TreatOptions.extend({ overrides: MethodOverrides(partialNoDefaults(TreatOptions)) }).meta(d('Treat outliers.'));

// Built from the registry: method names, each method's options (described with the methods they
// apply to) and the step's common options.
const NormaliseOptions = z.strictObject(
  stepOptionsShape(
    'normalise',
    NORMALISE,
    'minmax',
    'Normalisation. Default: minmax.',
    {},
    {
      scope: Scope.default('pooled').meta(
        d('pooled: one normalisation over all unit-periods (keeps time trends comparable); period: each period separately. Default: pooled.'),
      ),
    },
  ),
);
export const NormaliseStep = NormaliseOptions.extend({ overrides: MethodOverrides(partialNoDefaults(NormaliseOptions)) }).meta(
  d('Normalise indicators (direction-aware).'),
);

// Built from the registry (pipeline/weight/index.ts), as the normalise options: scope and pooling
// are the step's own; each method adds its options (entropy shift, pca pcaOn, ahp, combine).
const WeightOptions = z.strictObject(
  stepOptionsShape(
    'weight',
    WEIGHT,
    'nominal',
    'Weighting. nominal = weights in the framework. Default: nominal.',
    {
      scope: z
        .enum(['global', 'node'])
        .default('global')
        .meta(
          d(
            'Data-driven methods: global = one weight vector over all indicators (node weights = sums of their indicators’ ' +
              'weights, the usual practice in NQPF studies); node = weights among each node’s children from the children’s ' +
              'scores. Default: global.',
          ),
        ),
      pooling: Scope.default('pooled').meta(
        d('Data-driven methods: pooled = one weight vector from all unit-periods; period = weights per period. Default: pooled.'),
      ),
    },
    {},
  ),
);
export const WeightStep = WeightOptions.extend({
  nodes: z
    .record(z.string(), partialNoDefaults(WeightOptions))
    .default({})
    .meta(d('Per-node weighting among the node’s children (e.g. AHP between dimensions). Default: {}.')),
}).meta(d('Weights at every level.'));

// Built from the registry (pipeline/aggregate/index.ts), as the normalise options.
const AggregateOptions = z.strictObject(
  stepOptionsShape(
    'aggregate',
    AGGREGATE,
    'arithmetic',
    'Aggregation. Default: arithmetic.',
    {
      inputs: z
        .enum(['children', 'indicators'])
        .default('children')
        .meta(
          d(
            'children: aggregate the node’s children’s scores; indicators: aggregate all indicators under the node ' +
              'directly with their global weights (e.g. TOPSIS over all weighted indicators). Default: children.',
          ),
        ),
    },
    {
      datThreshold: z.number().min(0).max(1).default(0).meta(d('Aggregate is missing when the share of available inputs is below this. Default: 0.')),
    },
  ),
);
export const AggregateStep = AggregateOptions.extend({
  levels: z
    .record(z.string(), partialNoDefaults(AggregateOptions))
    .default({})
    .meta(d('Per-level options keyed by level number (1 = indicators, 2 = their parents …). Default: {}.')),
  nodes: z.record(z.string(), partialNoDefaults(AggregateOptions)).default({}).meta(d('Per-node options keyed by node code. Default: {}.')),
  alternatives: z
    .array(partialNoDefaults(AggregateOptions).extend({ code: z.string().min(1), node: z.string().min(1) }))
    .default([])
    .meta(d('Extra scores written beside the framework scores, e.g. {code: NQPF_topsis, node: NQPF, method: topsis, inputs: indicators}. Default: [].')),
}).meta(d('Aggregate level by level.'));

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
  .meta(d('Construction steps, run in this order: denominate, impute, screen, treat, normalise, weight, aggregate.'));

// ---------------------------------------------------------------- analyses

export const SpatialWeightsSpec = z
  .strictObject({
    file: z
      .string()
      .optional()
      .meta(
        d(
          'Weights source relative to the spec: neighbour pairs CSV (two unit columns), GAL file, GeoJSON polygons, or a full n×n matrix CSV. Default: none (use coordinates).',
        ),
      ),
    format: z
      .enum(['pairs', 'gal', 'geojson', 'matrix'])
      .optional()
      .meta(
        d(
          'Format of `file`. Default: from the extension (.gal, .geojson/.json); a CSV/XLSX with exactly two columns is read as pairs, any other as a full matrix.',
        ),
      ),
    from: z.string().optional().meta(d('pairs: column of the first unit. Default: the first column.')),
    to: z.string().optional().meta(d('pairs: column of the neighbour. Default: the second column.')),
    idProperty: z
      .string()
      .optional()
      .meta(d('geojson: feature property holding the unit name. Default: the feature id, else the first of the properties name, NAME, id, ID, code.')),
    contiguity: z.enum(['queen', 'rook']).default('queen').meta(d('geojson: queen (shared vertex) or rook (shared edge) contiguity. Default: queen.')),
    coordinates: z
      .tuple([z.string(), z.string()])
      .optional()
      .meta(d('Unit attributes holding x/y (or lon/lat) for distance weights, e.g. [lon, lat]. Default: none.')),
    method: z
      .enum(['knn', 'idw', 'contiguity', 'distance', 'economic'])
      .default('knn')
      .meta(
        d(
          'Weights when there is no `file`. From `coordinates`: knn (k nearest neighbours) or idw (inverse distance). Built in for ' +
            "China's 31 provinces: contiguity (queen contiguity of the land borders, 地理邻接矩阵; Hainan by `hainan`) or distance " +
            '(inverse great-circle distance between the provincial capitals, 地理距离矩阵; `power`, `cutoff` in km). For any units: ' +
            'economic (w = 1/|x̄_i − x̄_j| from `column`, 经济距离矩阵). Default: knn.',
        ),
      ),
    k: z.number().int().min(1).default(6).meta(d('knn: neighbours per unit. Default: 6.')),
    power: z.number().positive().default(1).meta(d('idw/distance: w = 1 / d^power. Default: 1.')),
    cutoff: z.number().positive().optional().meta(d('idw/distance: no link beyond this distance (distance: km). Default: none.')),
    hainan: z
      .enum(['guangdong', 'guangdong-guangxi', 'none'])
      .optional()
      .meta(
        d(
          'contiguity: Hainan has no land border; guangdong links it to Guangdong (the usual convention), guangdong-guangxi to ' +
            'both, none leaves it an island (see `islands`). Default: guangdong.',
        ),
      ),
    column: z
      .string()
      .optional()
      .meta(
        d(
          'economic: the variable x, a data column read by the framework (indicator or denominator, e.g. GDP per capita) or a ' +
            'numeric unit attribute. Default: none.',
        ),
      ),
    period: z
      .union([z.string(), z.number()])
      .optional()
      .meta(d('economic: the period whose values are x. Default: each unit’s mean over all periods (missing values skipped).')),
    metric: z
      .enum(['euclidean', 'greatcircle'])
      .default('euclidean')
      .meta(d('Distance for coordinates (greatcircle: lon/lat in degrees, km). Default: euclidean.')),
    style: z.enum(['B', 'W']).default('W').meta(d('B binary or W row-standardised. Default: W.')),
    islands: z
      .enum(['error', 'nearest', 'keep'])
      .default('error')
      .meta(d('Units without neighbours: error, link to the nearest unit (needs coordinates), or keep with a zero spatial lag. Default: error.')),
  })
  .meta(d('Spatial weights matrix for Moran, Geary, Getis-Ord, LISA and spatial Markov.'));

export const AnalysesSpec = z
  .strictObject({
    score: z.string().optional().meta(d('Default score analysed. Default: the framework root (the index).')),
    group: z.string().optional().meta(d('Unit attribute defining groups (regions) for Dagum, Theil and group curves. Default: units.group.')),
    weights: SpatialWeightsSpec.optional(),
    // One optional section per analysis of the registry (analysis/registry.ts), in its order.
    ...analysisSectionsShape(),
  })
  .meta(d('Analyses of the scores; each runs when its section is present.'));

// ---------------------------------------------------------------- robustness
export const RobustnessFactor = z
  .strictObject({
    name: z.string().min(1).meta(d('Factor name used in the output tables.')),
    type: z
      .enum(['alternatives', 'uniform', 'integer', 'weights', 'exclusion'])
      .meta(
        d(
          'alternatives: discrete choices set at `path`; uniform: a number uniform on `range`; integer: an integer ' +
            'uniform on `range` (inclusive); weights: multiplicative noise ±`noise` on the weights of nodes at `levels`; ' +
            'exclusion: leave indicators out.',
        ),
      ),
    path: z
      .string()
      .optional()
      .meta(d('alternatives/uniform/integer: spec path of the option varied, e.g. steps.treat.winmax, steps.normalise, steps.aggregate.method.')),
    alternatives: z.array(z.unknown()).min(2).optional().meta(d('alternatives: the values (the first is not special; the nominal value is the spec’s own).')),
    range: z.tuple([z.number(), z.number()]).optional().meta(d('uniform/integer: [low, high].')),
    levels: z
      .array(z.number().int().min(1))
      .optional()
      .meta(d('weights: framework levels whose nodes’ weights get noise (1 = indicators, 2 = their parents …). Default: every level.')),
    noise: z
      .number()
      .min(0)
      .max(1)
      .default(0.25)
      .meta(d('weights: each weight is multiplied by 1 + U(−noise, noise), then renormalised within its parent. Default: 0.25.')),
    mode: z
      .enum(['one', 'random'])
      .default('one')
      .meta(d('exclusion: one = leave one indicator out (or none), random = leave `k` random indicators out. Default: one.')),
    k: z.number().int().min(1).default(1).meta(d('exclusion/random: number of indicators left out. Default: 1.')),
    indicators: z.array(z.string()).optional().meta(d('exclusion: candidate indicators. Default: all.')),
  })
  .meta(d('One uncertain input of the construction.'));

export const RobustnessSpec = z
  .strictObject({
    scores: z.array(z.string()).optional().meta(d('Scores tracked (framework codes or alternatives). Default: the framework root (the index).')),
    factors: z.array(RobustnessFactor).min(1).meta(d('The uncertain inputs.')),
    uncertainty: z
      .strictObject({
        replications: z.number().int().min(2).default(1000).meta(d('Monte Carlo replications N. Default: 1000.')),
        unstable: z.number().int().min(1).default(10).meta(d('Most unstable units listed. Default: 10.')),
      })
      .optional()
      .meta(d('Uncertainty analysis: rank and score intervals per unit and period.')),
    sensitivity: z
      .strictObject({
        baseSamples: z.number().int().min(2).default(1000).meta(d('Saltelli base sample N; (k + 2)·N runs. Default: 1000.')),
        bootstrap: z.number().int().min(0).default(1000).meta(d('Bootstrap replicates for confidence intervals (0 = none). Default: 1000.')),
        level: z.number().gt(0).lt(1).default(0.95).meta(d('Confidence level. Default: 0.95.')),
      })
      .optional()
      .meta(d('Variance-based sensitivity analysis: first-order (Saltelli 2010) and total (Jansen) Sobol indices.')),
    leaveOneOut: z.boolean().default(true).meta(d('Table of rank changes when each indicator is left out. Default: true.')),
    compare: z
      .boolean()
      .default(true)
      .meta(d('Method comparison: each alternative of each factor against the nominal ranking (Spearman, Kendall, largest changes). Default: true.')),
  })
  .meta(d('Uncertainty and sensitivity analysis over any spec choice.'));

// ---------------------------------------------------------------- outputs
export const OutputsSpec = z
  .strictObject({
    dir: z.string().optional().meta(d('Output directory (relative to the spec). Default: `--out`, else "nqpf-out".')),
    xlsx: z.boolean().default(true).meta(d('Write results.xlsx with every table. Default: true.')),
    language: z.enum(['zh', 'en']).default('zh').meta(d('Language of names in tables and summaries. Default: zh.')),
    summaryTop: z.number().int().min(0).default(10).meta(d('Units listed in the console summary. Default: 10.')),
    report: z
      .boolean()
      .default(true)
      .meta(d('Write report.html: one self-contained bilingual file with maps, charts, tables, the methods text and provenance. Default: true.')),
    docx: z.boolean().default(true).meta(d('Write tables.docx: three-line (三线表) tables with numbered captions and the methods section. Default: true.')),
    map: z
      .strictObject({
        geojson: z.string().meta(d('GeoJSON file (relative to the spec) with one feature per unit, for the report maps.')),
        idProperty: z.string().optional().meta(d('Feature property holding the unit name. Default: the feature id, else name/NAME/id/ID/code.')),
      })
      .optional()
      .meta(d('Map geometry for the report. Default: the built-in China provinces when units are provinces, world countries when they are ISO3 codes.')),
    recordEnvValues: z
      .boolean()
      .default(false)
      .meta(
        d(
          'Record the values `${VAR}` references took in run.json and the report. Default: false — the reference is ' +
            'recorded as written (e.g. `${NQPF_SHARED:-../shared}/data.csv`), so a shared run directory does not reveal ' +
            'paths or values of your environment.',
        ),
      ),
    csvBom: z
      .boolean()
      .optional()
      .meta(
        d(
          'Start every CSV file with a UTF-8 byte-order mark (BOM), so Excel — notably on Chinese Windows — opens ' +
            'Chinese text without mojibake; false writes plain UTF-8 (for tools that do not expect a BOM; nqpf reads both). Default: true.',
        ),
      ),
    figures: z
      .enum(['none', 'svg', 'svg+png'])
      .default('svg')
      .meta(
        d(
          'Export every chart and map to figures/ as SVG, or SVG and 300-dpi PNG (PNG takes longer: about 8 s of CPU ' +
            'for the demo’s 36 figures, drawn on worker threads with a subset of the CJK font). Default: svg.',
        ),
      ),
    figureCaptions: z
      .boolean()
      .optional()
      .meta(
        d(
          'Draw the provenance footer (nqpf version, seed, data SHA-256) under every figure. false: figures for a paper, without ' +
            'the footer to crop (run.json, figures/figures.json and the report keep the provenance; the SYNTHETIC notice of synthetic data stays). Default: true.',
        ),
      ),
  })
  .meta(d('What to write.'));

// ---------------------------------------------------------------- whole spec
export const Spec = z
  .strictObject({
    $schema: z.string().optional(),
    title: z.string().optional().meta(d('Title of the study.')),
    description: z.string().optional().meta(d('Free text describing the study (kept in run.json).')),
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 53 - 1)
      .default(20240101)
      .meta(d('Seed of every random choice. Default: 20240101.')),
    data: DataSpec,
    units: UnitsSpec.prefault({}),
    framework: FrameworkSpec,
    steps: StepsSpec.prefault({}),
    analyses: AnalysesSpec.prefault({}),
    robustness: RobustnessSpec.optional(),
    outputs: OutputsSpec.prefault({}),
  })
  .meta({
    title: 'nqpf spec',
    description:
      'One YAML file that describes a new-quality-productive-forces evaluation: data, units, framework, construction steps, analyses, robustness and outputs.',
  });

export type Spec = z.output<typeof Spec>;
export type SpecInput = z.input<typeof Spec>;
export type StepsSpec = z.output<typeof StepsSpec>;
export type ImputeOptions = z.output<typeof ImputeOptions>;
export type TreatOptions = z.output<typeof TreatOptions>;
export type NormaliseOptions = z.output<typeof NormaliseOptions>;
export type WeightOptions = z.output<typeof WeightOptions>;
export type AggregateOptions = z.output<typeof AggregateOptions>;
export type RobustnessSpec = z.output<typeof RobustnessSpec>;
export type RobustnessFactor = z.output<typeof RobustnessFactor>;
export type AnalysesSpec = z.output<typeof AnalysesSpec>;
export type FrameworkNodeInput = z.output<typeof FrameworkNode>;

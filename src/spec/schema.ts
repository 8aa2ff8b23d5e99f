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
import { field } from '../core/field-text.js';
import { analysisSectionsShape } from '../analysis/registry.js';
import { StepsSpec } from './steps.js';

// The construction steps' schemas live in ./steps.ts (no analysis registry behind them, so the
// robustness engine and its workers load them alone); re-exported here, the spec's one entry.
export {
  AGGREGATE_METHODS,
  AggregateStep,
  DenominateStep,
  IMPUTE_METHODS,
  ImputeStep,
  NORMALISE_METHODS,
  NormaliseStep,
  ScreenStep,
  StepsSpec,
  TREAT_METHODS,
  TreatStep,
  WEIGHT_METHODS,
  WeightStep,
} from './steps.js';
export type { AggregateOptions, ImputeOptions, NormaliseOptions, TreatOptions, WeightOptions } from './steps.js';

// ---------------------------------------------------------------- data
export const DataSpec = z
  .strictObject({
    file: z
      .string()
      .min(1)
      .meta(
        field({
          en: ['Data file', 'Data file (CSV in UTF-8/UTF-8 BOM/GBK/GB18030, XLSX, or Parquet for large panels), relative to the spec file. Required.'],
          zh: ['数据文件', '数据文件（UTF-8、带 BOM 的 UTF-8、GBK 或 GB18030 编码的 CSV，XLSX，或用于大型面板的 Parquet），路径相对于 spec 文件。必填。'],
        }),
      ),
    sheet: z
      .union([z.string(), z.number().int().min(1)])
      .optional()
      .meta(
        field({
          en: [
            'Sheet',
            'XLSX sheet: its name, or its position from 1 (sheet: 2 = the second tab). Default: the first sheet (a note names it when there are others).',
          ],
          zh: ['工作表', 'XLSX 工作表：名称，或从 1 起的位置（sheet: 2 = 第二个工作表）。默认：第一个工作表（有其他工作表时会有提示）。'],
        }),
      ),
    headerRow: z
      .number()
      .int()
      .min(1)
      .optional()
      .meta(
        field({
          en: [
            'Header row',
            'Row (1-based, as the spreadsheet shows it) that names the columns; rows above it are ignored. Default: the ' +
              'first non-empty row — or, when that row is a title with a single value (数据来源：…) and a row below it names two ' +
              'or more columns, that row (with a note).',
          ],
          zh: [
            '表头行',
            '列名所在的行（从 1 起，与表格软件显示一致），其上方的行被忽略。默认：第一个非空行；若该行是只有一个值的标题（数据来源：…）且其下一行给出两个及以上列名，则取下一行（并提示）。',
          ],
        }),
      ),
    missing: z
      .union([
        z.array(z.string()),
        z.strictObject({
          only: z
            .array(z.string())
            .meta(field({ en: ['Only these markers', 'The only texts read as missing values.'], zh: ['仅这些标记', '仅将这些文本读作缺失值。'] })),
        }),
      ])
      .optional()
      .meta(
        field({
          en: [
            'Missing-value markers',
            'Texts read as missing values besides empty cells: a list adds to the default markers (e.g. [无, "-999"]); { ' +
              'only: [...] } replaces them. Default markers: NA, N/A, #N/A, NaN, null, .., ..., …, ……, -, --, —, ——, –, ―, ' +
              '/, #DIV/0! — compared ignoring case and full-width forms; blank cells (spaces, full-width spaces) are missing ' +
              'too. Each marker read is counted per indicator in a note.',
          ],
          zh: [
            '缺失值标记',
            '除空单元格外读作缺失值的文本：列表为在默认标记之外追加（如 [无, "-999"]）；{ only: [...] } 则替换默认标记。默认标记：NA、N/A、#N/A、NaN、null、..、...、…、……、-、--、—、——、–、―、/、#DIV/0!，比较时忽略大小写与全角；空白单元格（空格、全角空格）也是缺失值。每个被读作缺失的标记按指标计数并提示。',
          ],
        }),
      ),
    layout: z
      .enum(['wide', 'long'])
      .default('wide')
      .meta(
        field({
          en: ['Layout', 'wide: one row per unit-period, one column per indicator; long: unit, period, indicator, value. Default: wide.'],
          zh: ['数据格式', '宽表：每行一个单元–时期，每列一个指标；长表：单元、时期、指标、数值四列。默认：宽表。'],
          values: { wide: ['wide (one column per indicator)', '宽表（每个指标一列）'], long: ['long (indicator and value columns)', '长表（指标列与数值列）'] },
        }),
      ),
    unit: z
      .string()
      .min(1)
      .meta(
        field({
          en: ['Unit column', 'Column holding the unit (province, city, firm, country). Required.'],
          zh: ['单元列', '保存单元（省份、城市、企业、国家）的列。必填。'],
        }),
      ),
    period: z
      .string()
      .optional()
      .meta(
        field({
          en: ['Period column', 'Column holding the period (year). Default: none — the data are one cross-section.'],
          zh: ['时期列', '保存时期（年份）的列。默认：无，即数据为一期截面。'],
        }),
      ),
    indicator: z
      .string()
      .optional()
      .meta(
        field({
          en: ['Indicator column', 'Long layout: column naming the indicator. Default: "indicator".'],
          zh: ['指标列', '长表：给出指标名称的列。默认："indicator"。'],
        }),
      ),
    value: z
      .string()
      .optional()
      .meta(field({ en: ['Value column', 'Long layout: column holding the value. Default: "value".'], zh: ['数值列', '长表：保存数值的列。默认："value"。'] })),
    attributes: z
      .array(z.string())
      .default([])
      .meta(
        field({
          en: ['Attribute columns', 'Text columns kept as unit attributes (region group, names, codes). Default: none.'],
          zh: ['属性列', '作为单元属性保留的文本列（地区分组、名称、代码）。默认：无。'],
        }),
      ),
    synthetic: z
      .boolean()
      .default(false)
      .meta(
        field({
          en: ['Synthetic data', 'Mark the data as synthetic: every output then says so. Default: false.'],
          zh: ['合成数据', '将数据标记为合成数据，所有输出都会注明。默认：否。'],
        }),
      ),
  })
  .meta(field({ en: ['Data', 'Where the panel comes from.'], zh: ['数据', '面板数据的来源。'] }));

// ---------------------------------------------------------------- units
export const UnitsSpec = z
  .strictObject({
    registry: z
      .enum(['none', 'cn-provinces', 'cn-cities'])
      .default('none')
      .meta(
        field({
          en: [
            'Unit list',
            'Built-in unit list to check unit names against: cn-provinces = the 31 provincial units (GB/T 2260 codes, ' +
              'zh/en names, NBS regions); cn-cities = the 333 prefecture-level units (地级市, 地区, 自治州, 盟; NBS 2023) and the 4 municipalities, ' +
              'with province, NBS region, old names and county names recognised. Default: none (names used as they are, unless `file` is given).',
          ],
          zh: [
            '单元名录',
            '用于核对单元名称的内置名录：cn-provinces = 31 个省级单位（GB/T 2260 代码、中英文名称、国家统计局四大区域）；' +
              'cn-cities = 333 个地级单位（地级市、地区、自治州、盟，国家统计局 2023 年）及 4 个直辖市，识别所属省份、四大区域、旧名称与县级名称。默认：无（按原名使用，除非给出单元表）。',
          ],
          values: {
            none: ['none (names as they are)', '无（按原名使用）'],
            'cn-provinces': ['31 provincial units of China', '中国 31 个省级单位'],
            'cn-cities': ['337 prefecture-level units and municipalities of China', '中国 333 个地级单位及 4 个直辖市'],
          },
        }),
      ),
    province: z
      .string()
      .optional()
      .meta(
        field({
          en: [
            'Province column',
            "With registry cn-cities: a data column giving each row's province; it tells a city from a province or district of the same name " +
              '(吉林, 海南, 朝阳) and checks each city is in it. Default: none.',
          ],
          zh: ['省份列', '使用 cn-cities 名录时，给出每行所属省份的数据列：用于区分同名的市、省或区（如吉林、海南、朝阳），并核对城市是否属于该省。默认：无。'],
        }),
      ),
    harmonise: z
      .strictObject({
        year: z
          .number()
          .int()
          .min(2005)
          .max(2100)
          .meta(
            field({
              en: ['Boundary year', 'Year whose prefecture-level boundaries the panel is brought to. Required when harmonise is given.'],
              zh: ['区划年份', '将面板统一到该年的地级区划。设置 harmonise 时必填。'],
            }),
          ),
        absorbed: z
          .enum(['drop', 'merge'])
          .default('drop')
          .meta(
            field({
              en: [
                'Absorbed units',
                'Rows of a unit later merged into another (莱芜 into 济南, 2019): drop them, or merge = add their values to the successor (right for totals, wrong for ratios). Default: drop.',
              ],
              zh: [
                '被并入的单元',
                '后来并入其他单元的地区（如 2019 年莱芜并入济南）的行：drop 删除；merge 将数值加到承继单元（适用于总量，不适用于比率）。默认：删除。',
              ],
              values: { drop: ['drop its rows', '删除其行'], merge: ['add to the successor', '加到承继单元'] },
            }),
          ),
      })
      .optional()
      .meta(
        field({
          en: [
            'Harmonise boundaries',
            "With registry cn-cities: bring a panel across years to one year's prefecture-level boundaries (units created later dropped, abolished units dropped, " +
              'merged units dropped or merged; renamed units are one unit throughout); every change is noted. Default: none (units as reported).',
          ],
          zh: [
            '统一区划',
            '使用 cn-cities 名录时，将跨年面板统一到某一年的地级区划（之后新设的单元删除、撤销的单元删除、被合并的单元删除或并入；更名单元前后视为同一单元），每项调整均有说明。默认：无（按原样）。',
          ],
        }),
      ),
    file: z
      .string()
      .optional()
      .meta(
        field({
          en: ['Unit table', 'Unit table (CSV/XLSX) with one row per unit: its names are the unit list, its other columns unit attributes. Default: none.'],
          zh: ['单元表', '每行一个单元的单元表（CSV/XLSX）：其名称构成单元名录，其他列为单元属性。默认：无。'],
        }),
      ),
    key: z
      .string()
      .optional()
      .meta(
        field({
          en: ['Key column', 'Column of the unit table matched against the data unit names. Default: the data `unit` column name.'],
          zh: ['匹配列', '单元表中与数据单元名称匹配的列。默认：数据中单元列的列名。'],
        }),
      ),
    attributes: z
      .array(z.string())
      .optional()
      .meta(
        field({
          en: ['Attributes', 'Columns of the unit table to keep as attributes. Default: all other columns.'],
          zh: ['保留的属性', '单元表中作为属性保留的列。默认：其余所有列。'],
        }),
      ),
    aliases: z
      .record(z.string(), z.string())
      .default({})
      .meta(
        field({
          en: ['Aliases', 'Explicit map from a unit name in the data to a known name, e.g. {两藏: 西藏}. Default: {}.'],
          zh: ['别名', '从数据中的单元名称到已知名称的映射，如 {两藏: 西藏}。默认：{}。'],
        }),
      ),
    exclude: z
      .array(z.string())
      .default([])
      .meta(
        field({
          en: [
            'Excluded units',
            'Unit names whose rows are skipped (e.g. regional totals such as 西部地区 inside provincial data); reported as a warning. Default: [].',
          ],
          zh: ['排除的单元', '跳过其所在行的单元名称（如省级数据中的“西部地区”等区域合计），并给出警告。默认：[]。'],
        }),
      ),
    label: z
      .enum(['zh', 'en', 'code'])
      .default('zh')
      .meta(
        field({
          en: ['Unit labels', 'With registry cn-provinces or cn-cities: how units are written in outputs (zh 北京, en Beijing, code 110000). Default: zh.'],
          zh: ['单元名称写法', '使用 cn-provinces 或 cn-cities 名录时，输出中单元的写法（中文 北京、英文 Beijing、代码 110000）。默认：中文。'],
          values: { zh: ['Chinese (北京)', '中文名称（北京）'], en: ['English (Beijing)', '英文名称'], code: ['code (110000)', '代码（110000）'] },
        }),
      ),
    group: z
      .string()
      .optional()
      .meta(
        field({
          en: ['Group attribute', 'Unit attribute used for group ranks and group methods. Default: "region" when present.'],
          zh: ['分组属性', '用于组内排名与分组方法的单元属性。默认：存在 region 属性时为地区。'],
        }),
      ),
  })
  .meta(field({ en: ['Units', 'Unit list, aliases and attributes.'], zh: ['单元', '单元名录、别名与属性。'] }));

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
  code: z
    .string()
    .min(1)
    .meta(field({ en: ['Code', 'Unique code; also the output column name.'], zh: ['代码', '唯一代码，也是输出中的列名。'] })),
  parent: z
    .string()
    .nullable()
    .optional()
    .meta(field({ en: ['Parent', 'Parent code; empty for the root index.'], zh: ['上级', '上级节点代码；根节点（总指数）为空。'] })),
  nameZh: z
    .string()
    .optional()
    .meta(field({ en: ['Chinese name', 'Chinese name.'], zh: ['中文名称', '中文名称。'] })),
  nameEn: z
    .string()
    .optional()
    .meta(field({ en: ['English name', 'English name.'], zh: ['英文名称', '英文名称。'] })),
  direction: Direction.optional().meta(
    field({
      en: [
        'Direction',
        `+1 more is better (正向), −1 less is better (负向); the words ${DIRECTION_WORDS.join(' ')} are read as +1 or −1 (any case). Default: 1.`,
      ],
      zh: ['方向', `+1 为正向（越大越好），−1 为负向（越小越好）；词语 ${DIRECTION_WORDS.join(' ')} 读作 +1 或 −1（不区分大小写）。默认：1（正向）。`],
      values: Object.fromEntries(
        DIRECTION_WORDS.map((w) => [w, toDirection(w) === 1 ? (['positive (+1)', '正向（+1）'] as const) : (['negative (−1)', '负向（−1）'] as const)]),
      ),
    }),
  ),
  weight: z
    .number()
    .nonnegative()
    .optional()
    .meta(field({ en: ['Weight', 'Nominal weight within the parent. Default: 1.'], zh: ['权重', '在上级节点内的名义权重。默认：1。'] })),
  unit: z
    .string()
    .optional()
    .meta(field({ en: ['Unit of measurement', 'Unit of measurement.'], zh: ['计量单位', '计量单位。'] })),
  column: z
    .string()
    .optional()
    .meta(field({ en: ['Data column', 'Data column of the raw values. Default: the code.'], zh: ['数据列', '原始数值所在的数据列。默认：与代码相同。'] })),
  denominator: z
    .string()
    .optional()
    .meta(
      field({ en: ['Denominator', 'Data column to divide by (denominate step). Default: none.'], zh: ['分母', '相对化步骤中作为除数的数据列。默认：无。'] }),
    ),
  scale: z
    .number()
    .optional()
    .meta(
      field({ en: ['Scale factor', 'Factor applied after dividing by the denominator. Default: 1.'], zh: ['缩放系数', '除以分母后乘以的系数。默认：1。'] }),
    ),
  target: z
    .number()
    .optional()
    .meta(field({ en: ['Target', 'Target for distance_to_target normalisation.'], zh: ['目标值', '“与目标值的距离”标准化的目标值。'] })),
  goalposts: z
    .tuple([z.number(), z.number()])
    .optional()
    .meta(field({ en: ['Goalposts', 'Goalposts [low, high] for goalposts normalisation.'], zh: ['阈值', '阈值法标准化的上下限 [下限, 上限]。'] })),
  source: z
    .string()
    .optional()
    .meta(field({ en: ['Source', 'Where the data come from.'], zh: ['数据来源', '数据来源。'] })),
  definition: z
    .string()
    .optional()
    .meta(field({ en: ['Definition', 'Definition / computation.'], zh: ['定义', '指标定义或计算方法。'] })),
  type: z
    .enum(['indicator', 'aggregate'])
    .optional()
    .meta(
      field({
        en: ['Type', 'Default: aggregate when the node has children, else indicator.'],
        zh: ['类型', '节点类型。默认：有子节点时为合成节点，否则为指标。'],
        values: { indicator: ['indicator', '指标'], aggregate: ['aggregate', '合成节点'] },
      }),
    ),
});

export const FrameworkSpec = z
  .strictObject({
    builtin: z
      .string()
      .optional()
      .meta(
        field({
          en: ['Built-in framework', 'Built-in framework id (nqpf-three-factor, nqpf-tech-digital-green).'],
          zh: ['内置指标体系', '内置指标体系的标识（nqpf-three-factor、nqpf-tech-digital-green）。'],
        }),
      ),
    file: z
      .string()
      .optional()
      .meta(
        field({
          en: [
            'Framework table',
            'Framework table (CSV/XLSX): columns code, parent, nameZh, nameEn, direction, weight, unit, column, ' +
              'denominator, scale, target, source, definition — or a COINr iMeta table (Level, iCode, iName, Direction, ' +
              'Weight, Parent, Type …), detected by its header.',
          ],
          zh: [
            '指标体系表',
            '指标体系表（CSV/XLSX）：列为 code、parent、nameZh、nameEn、direction、weight、unit、column、denominator、scale、target、source、definition；' +
              '或 COINr 的 iMeta 表（Level、iCode、iName、Direction、Weight、Parent、Type …），按表头识别。',
          ],
        }),
      ),
    nodes: z
      .array(FrameworkNode)
      .optional()
      .meta(field({ en: ['Nodes', 'Inline framework nodes.'], zh: ['节点', '直接写在 spec 中的指标体系节点。'] })),
    overrides: z
      .record(z.string(), FrameworkNode.omit({ code: true, parent: true, type: true }))
      .optional()
      .meta(
        field({
          en: [
            'Node overrides',
            'Per-node changes applied after the framework is read (builtin, file or nodes), keyed by node code, e.g. ' +
              '{Physical: {weight: 2}, LPI: {nameZh: 物流绩效指数, direction: 负向}}: set the weights, directions or names of a ' +
              'COINr iMeta or built-in framework without editing it. Each given field replaces the node’s own; a code that ' +
              'is not a node is an error. Default: none.',
          ],
          zh: [
            '节点修改',
            '读入指标体系（内置、表格或节点）之后按节点代码施加的修改，如 {Physical: {weight: 2}, LPI: {nameZh: 物流绩效指数, direction: 负向}}：无需改动 COINr iMeta 或内置体系即可设置权重、方向或名称。给出的字段替换节点原有字段；不是节点的代码会报错。默认：无。',
          ],
        }),
      ),
  })
  .meta(
    field({
      en: ['Framework', 'Indicator framework (评价指标体系): exactly one of builtin, file or nodes (and optional per-node overrides).'],
      zh: ['指标体系', '评价指标体系：内置（builtin）、表格（file）或节点（nodes）三者之一（可另加逐节点修改）。'],
    }),
  );

// ---------------------------------------------------------------- analyses

export const SpatialWeightsSpec = z
  .strictObject({
    file: z
      .string()
      .optional()
      .meta(
        field({
          en: [
            'Weights file',
            'Weights source relative to the spec: neighbour pairs CSV (two unit columns), GAL file, GeoJSON polygons, or a full n×n matrix CSV. Default: none (use coordinates).',
          ],
          zh: ['权重文件', '空间权重来源（相对于 spec 文件）：邻接对 CSV（两列单元）、GAL 文件、GeoJSON 面要素或完整的 n×n 矩阵 CSV。默认：无（使用坐标）。'],
        }),
      ),
    format: z
      .enum(['pairs', 'gal', 'geojson', 'matrix'])
      .optional()
      .meta(
        field({
          en: [
            'File format',
            'Format of `file`. Default: from the extension (.gal, .geojson/.json); a CSV/XLSX with exactly two columns is read as pairs, any other as a full matrix.',
          ],
          zh: ['文件格式', '权重文件的格式。默认：按扩展名判断（.gal、.geojson/.json）；恰有两列的 CSV/XLSX 读作邻接对，其余读作完整矩阵。'],
          values: {
            pairs: ['neighbour pairs', '邻接对'],
            gal: ['GAL file', 'GAL 文件'],
            geojson: ['GeoJSON polygons', 'GeoJSON 面要素'],
            matrix: ['full matrix', '完整矩阵'],
          },
        }),
      ),
    from: z
      .string()
      .optional()
      .meta(
        field({
          en: ['From column', 'pairs: column of the first unit. Default: the first column.'],
          zh: ['起点单元列', '邻接对文件：第一个单元所在的列。默认：第一列。'],
        }),
      ),
    to: z
      .string()
      .optional()
      .meta(
        field({
          en: ['To column', 'pairs: column of the neighbour. Default: the second column.'],
          zh: ['邻接单元列', '邻接对文件：邻接单元所在的列。默认：第二列。'],
        }),
      ),
    idProperty: z
      .string()
      .optional()
      .meta(
        field({
          en: [
            'Unit name property',
            'geojson: feature property holding the unit name. Default: the feature id, else the first of the properties name, NAME, id, ID, code.',
          ],
          zh: ['单元名称属性', 'GeoJSON：保存单元名称的要素属性。默认：要素 id，否则依次取属性 name、NAME、id、ID、code。'],
        }),
      ),
    contiguity: z
      .enum(['queen', 'rook'])
      .default('queen')
      .meta(
        field({
          en: [
            'Contiguity',
            'geojson, and method contiguity on a city panel (built-in city map): queen (shared vertex) or rook (shared edge; on the city map ' +
              'at least two shared boundary points) contiguity. Default: queen.',
          ],
          zh: [
            '邻接规则',
            'GeoJSON 以及城市面板的地理邻接（内置城市地图）：后（queen，共点即相邻）或车（rook，共边才相邻；城市地图上为至少两个共同边界点）邻接。默认：后邻接。',
          ],
          values: { queen: ['queen (shared vertex)', '后邻接（共点）'], rook: ['rook (shared edge)', '车邻接（共边）'] },
        }),
      ),
    coordinates: z
      .tuple([z.string(), z.string()])
      .optional()
      .meta(
        field({
          en: ['Coordinates', 'Unit attributes holding x/y (or lon/lat) for distance weights, e.g. [lon, lat]. Default: none.'],
          zh: ['坐标属性', '保存 x/y（或经度/纬度）的单元属性，用于距离权重，如 [lon, lat]。默认：无。'],
        }),
      ),
    method: z
      .enum(['knn', 'idw', 'contiguity', 'distance', 'economic', 'nested'])
      .default('knn')
      .meta(
        field({
          en: [
            'Weights method',
            'Weights when there is no `file`. From `coordinates`: knn (k nearest neighbours) or idw (inverse distance). Built in for ' +
              "China's 31 provinces: contiguity (queen contiguity of the land borders, 地理邻接矩阵; Hainan by `hainan`) or distance " +
              '(inverse great-circle distance between the provincial capitals, 地理距离矩阵; `power`, `cutoff` in km); on a city panel ' +
              '(cn-cities) the same names use the built-in city map: contiguity of the city polygons (`contiguity` queen/rook) and ' +
              'distance between their centroids, which knn and idw also use when no `coordinates` are given. For any units: ' +
              'economic (w = 1/|x̄_i − x̄_j| from `column`, 经济距离矩阵) or nested (geographic × economic, 经济地理嵌套矩阵: inverse distance ' +
              'from `coordinates`, else between the provincial capitals, combined with `column` by `nesting`). Default: knn.',
          ],
          zh: [
            '权重构造方法',
            '没有权重文件时的构造方法。由坐标：k 近邻或反距离。内置于中国 31 个省级单位：地理邻接矩阵（陆地边界的后邻接，海南按“海南”选项处理）或地理距离矩阵' +
              '（省会之间大圆距离的倒数，可设幂次与截断距离，单位 km）；城市面板（cn-cities）中同名方法使用内置城市地图：城市多边形的邻接（按“邻接规则”）' +
              '与多边形质心间的距离，未给坐标时 k 近邻与反距离也使用这些质心。任意单元：经济距离矩阵（w = 1/|x̄_i − x̄_j|，x 取自“经济变量”）或经济地理嵌套矩阵' +
              '（由坐标、否则由省会之间距离求反距离，再按“嵌套方式”与经济变量结合）。默认：k 近邻。',
          ],
          values: {
            knn: ['k nearest neighbours', 'k 近邻'],
            idw: ['inverse distance', '反距离'],
            contiguity: ['province or city contiguity (built in)', '省级或城市地理邻接（内置）'],
            distance: ['province or city distance (built in)', '省级或城市地理距离（内置）'],
            economic: ['economic distance', '经济距离'],
            nested: ['nested geographic × economic', '经济地理嵌套'],
          },
        }),
      ),
    k: z
      .number()
      .int()
      .min(1)
      .default(6)
      .meta(field({ en: ['Neighbours (k)', 'knn: neighbours per unit. Default: 6.'], zh: ['近邻个数 k', 'k 近邻：每个单元的近邻个数。默认：6。'] })),
    power: z
      .number()
      .positive()
      .default(1)
      .meta(
        field({
          en: ['Power', 'idw/distance/nested: w = 1 / d^power (nested: its geographic part). Default: 1.'],
          zh: ['距离幂次', '反距离、地理距离与经济地理嵌套：w = 1 / d^幂次（嵌套矩阵为其地理部分）。默认：1。'],
        }),
      ),
    cutoff: z
      .number()
      .positive()
      .optional()
      .meta(
        field({
          en: ['Cut-off distance', 'idw/distance/nested: no link beyond this distance (distance, and nested between capitals: km). Default: none.'],
          zh: ['截断距离', '反距离、地理距离与经济地理嵌套：超过此距离不相连（省会之间的距离以 km 计）。默认：无。'],
        }),
      ),
    hainan: z
      .enum(['guangdong', 'guangdong-guangxi', 'none'])
      .optional()
      .meta(
        field({
          en: [
            'Hainan',
            'contiguity: Hainan has no land border; guangdong links it to Guangdong (the usual convention), guangdong-guangxi to ' +
              'both, none leaves it an island (see `islands`). Default: guangdong.',
          ],
          zh: ['海南', '地理邻接：海南没有陆地边界；与广东相连（通常做法）、与广东和广西相连，或作为孤岛（见“孤立单元”）。默认：与广东相连。'],
          values: {
            guangdong: ['linked to Guangdong', '与广东相连'],
            'guangdong-guangxi': ['linked to Guangdong and Guangxi', '与广东、广西相连'],
            none: ['an island', '孤岛（不相连）'],
          },
        }),
      ),
    column: z
      .string()
      .optional()
      .meta(
        field({
          en: [
            'Economic variable',
            'economic/nested: the variable x, a data column read by the framework (indicator or denominator, e.g. GDP per capita) or a ' +
              'numeric unit attribute. Default: none.',
          ],
          zh: ['经济变量', '经济距离与经济地理嵌套：变量 x，可为指标体系读取的数据列（指标或分母，如人均 GDP）或数值型单元属性。默认：无。'],
        }),
      ),
    nesting: z
      .enum(['product', 'scaled', 'weighted'])
      .optional()
      .meta(
        field({
          en: [
            'Nesting',
            'nested: how the geographic part g_ij = 1/d_ij^power and the economic part e_ij = 1/|x̄_i − x̄_j| combine — product ' +
              'w_ij = g_ij·e_ij; scaled w_ij = g_ij·x̄_j/x̄ (W_d·diag(x̄_j/x̄), x̄ the mean, x > 0); weighted w = φ·W_d + (1 − φ)·W_e, ' +
              'each part row-standardised first. Default: product.',
          ],
          zh: [
            '嵌套方式',
            '经济地理嵌套：地理部分 g_ij = 1/d_ij^幂次 与经济部分 e_ij = 1/|x̄_i − x̄_j| 的结合方式——乘积 w_ij = g_ij·e_ij；' +
              '经济规模加权 w_ij = g_ij·x̄_j/x̄（W_d·diag(x̄_j/x̄)，x̄ 为均值，x 须为正）；加权平均 w = φ·W_d + (1 − φ)·W_e（两部分先各自行标准化）。默认：乘积。',
          ],
          values: {
            product: ['product g·e', '乘积'],
            scaled: ['distance × economic size', '经济规模加权'],
            weighted: ['weighted mean φ·W_d + (1 − φ)·W_e', '加权平均'],
          },
        }),
      ),
    phi: z
      .number()
      .min(0)
      .max(1)
      .optional()
      .meta(
        field({
          en: ['Geographic share φ', 'nested, weighted: the share φ of the (row-standardised) geographic part. Default: 0.5.'],
          zh: ['地理权重占比 φ', '经济地理嵌套（加权平均）：行标准化后的地理部分所占比例 φ。默认：0.5。'],
        }),
      ),
    period: z
      .union([z.string(), z.number()])
      .optional()
      .meta(
        field({
          en: ['Period of x', 'economic/nested: the period whose values are x. Default: each unit’s mean over all periods (missing values skipped).'],
          zh: ['经济变量的时期', '经济距离与经济地理嵌套：取 x 值的时期。默认：各单元全部时期的均值（跳过缺失值）。'],
        }),
      ),
    metric: z
      .enum(['euclidean', 'greatcircle'])
      .default('euclidean')
      .meta(
        field({
          en: ['Distance metric', 'Distance for coordinates (greatcircle: lon/lat in degrees, km). Default: euclidean.'],
          zh: ['距离度量', '坐标的距离度量（大圆距离：经纬度以度计，距离以 km 计）。默认：欧氏距离。'],
          values: { euclidean: ['Euclidean', '欧氏距离'], greatcircle: ['great circle (lon/lat)', '大圆距离（经纬度）'] },
        }),
      ),
    style: z
      .enum(['B', 'W'])
      .default('W')
      .meta(
        field({
          en: ['Style', 'B binary or W row-standardised. Default: W.'],
          zh: ['权重形式', '二元（B）或行标准化（W）。默认：行标准化。'],
          values: { B: ['binary', '二元'], W: ['row-standardised', '行标准化'] },
        }),
      ),
    islands: z
      .enum(['error', 'nearest', 'keep'])
      .default('error')
      .meta(
        field({
          en: ['Islands', 'Units without neighbours: error, link to the nearest unit (needs coordinates), or keep with a zero spatial lag. Default: error.'],
          zh: ['孤立单元', '没有邻居的单元：报错、与最近单元相连（需要坐标），或保留且空间滞后为 0。默认：报错。'],
          values: {
            error: ['stop with an error', '报错'],
            nearest: ['link to the nearest unit', '与最近单元相连'],
            keep: ['keep (zero spatial lag)', '保留（空间滞后为 0）'],
          },
        }),
      ),
  })
  .meta(
    field({
      en: ['Spatial weights', 'Spatial weights matrix for Moran, Geary, Getis-Ord, LISA and spatial Markov.'],
      zh: ['空间权重矩阵', '用于 Moran、Geary、Getis-Ord、LISA 与空间马尔可夫链的空间权重矩阵。'],
    }),
  );

export const AnalysesSpec = z
  .strictObject({
    score: z
      .string()
      .optional()
      .meta(
        field({
          en: ['Score analysed', 'Default score analysed. Default: the framework root (the index).'],
          zh: ['分析的得分', '各项分析默认使用的得分。默认：指标体系的根节点（总指数）。'],
        }),
      ),
    group: z
      .string()
      .optional()
      .meta(
        field({
          en: ['Group attribute', 'Unit attribute defining groups (regions) for Dagum, Theil and group curves. Default: units.group.'],
          zh: ['分组属性', 'Dagum、Theil 与分组曲线所用的分组（地区）单元属性。默认：units.group。'],
        }),
      ),
    weights: SpatialWeightsSpec.optional(),
    // One optional section per analysis of the registry (analysis/registry.ts), in its order.
    ...analysisSectionsShape(),
  })
  .meta(
    field({
      en: ['Analyses', 'Analyses of the scores; each runs when its section is present.'],
      zh: ['分析', '对得分的分析；某一分析的设置存在时即运行该分析。'],
    }),
  );

// ---------------------------------------------------------------- robustness
export const RobustnessFactor = z
  .strictObject({
    name: z
      .string()
      .min(1)
      .meta(field({ en: ['Name', 'Factor name used in the output tables.'], zh: ['名称', '输出表中使用的因素名称。'] })),
    type: z.enum(['alternatives', 'uniform', 'integer', 'weights', 'exclusion']).meta(
      field({
        en: [
          'Type',
          'alternatives: discrete choices set at `path`; uniform: a number uniform on `range`; integer: an integer ' +
            'uniform on `range` (inclusive); weights: multiplicative noise ±`noise` on the weights of nodes at `levels`; ' +
            'exclusion: leave indicators out.',
        ],
        zh: [
          '类型',
          '备选方案：在 path 处设置的离散选择；均匀分布：在 range 上均匀取值的数；整数：在 range 上（含端点）均匀取值的整数；权重扰动：对 levels 层节点的权重乘以 ±noise 的扰动；指标剔除：剔除指标。',
        ],
        values: {
          alternatives: ['alternatives', '备选方案'],
          uniform: ['uniform number', '均匀分布'],
          integer: ['uniform integer', '整数均匀分布'],
          weights: ['weight noise', '权重扰动'],
          exclusion: ['leave indicators out', '指标剔除'],
        },
      }),
    ),
    path: z
      .string()
      .optional()
      .meta(
        field({
          en: ['Path', 'alternatives/uniform/integer: spec path of the option varied, e.g. steps.treat.winmax, steps.normalise, steps.aggregate.method.'],
          zh: ['路径', '备选方案、均匀分布与整数：被改变的选项在 spec 中的路径，如 steps.treat.winmax、steps.normalise、steps.aggregate.method。'],
        }),
      ),
    alternatives: z
      .array(z.unknown())
      .min(2)
      .optional()
      .meta(
        field({
          en: ['Alternatives', 'alternatives: the values (the first is not special; the nominal value is the spec’s own).'],
          zh: ['备选值', '备选方案：各个取值（第一个并无特殊含义；基准值是 spec 自身的取值）。'],
        }),
      ),
    range: z
      .tuple([z.number(), z.number()])
      .optional()
      .meta(field({ en: ['Range', 'uniform/integer: [low, high].'], zh: ['取值范围', '均匀分布与整数：[下限, 上限]。'] })),
    levels: z
      .array(z.number().int().min(1))
      .optional()
      .meta(
        field({
          en: ['Levels', 'weights: framework levels whose nodes’ weights get noise (1 = indicators, 2 = their parents …). Default: every level.'],
          zh: ['层级', '权重扰动：被扰动权重的节点所在层级（1 = 指标，2 = 其上一层 …）。默认：所有层级。'],
        }),
      ),
    noise: z
      .number()
      .min(0)
      .max(1)
      .default(0.25)
      .meta(
        field({
          en: ['Noise', 'weights: each weight is multiplied by 1 + U(−noise, noise), then renormalised within its parent. Default: 0.25.'],
          zh: ['扰动幅度', '权重扰动：每个权重乘以 1 + U(−noise, noise)，再在上级节点内归一化。默认：0.25。'],
        }),
      ),
    mode: z
      .enum(['one', 'random'])
      .default('one')
      .meta(
        field({
          en: ['Mode', 'exclusion: one = leave one indicator out (or none), random = leave `k` random indicators out. Default: one.'],
          zh: ['剔除方式', '指标剔除：逐一剔除 = 每次剔除一个指标（或不剔除），随机剔除 = 随机剔除 k 个指标。默认：逐一剔除。'],
          values: { one: ['one at a time', '逐一剔除'], random: ['k at random', '随机剔除'] },
        }),
      ),
    k: z
      .number()
      .int()
      .min(1)
      .default(1)
      .meta(
        field({
          en: ['Indicators left out (k)', 'exclusion/random: number of indicators left out. Default: 1.'],
          zh: ['剔除个数 k', '随机剔除：剔除的指标个数。默认：1。'],
        }),
      ),
    indicators: z
      .array(z.string())
      .optional()
      .meta(field({ en: ['Candidates', 'exclusion: candidate indicators. Default: all.'], zh: ['候选指标', '指标剔除：可被剔除的指标。默认：全部。'] })),
  })
  .meta(field({ en: ['Factor', 'One uncertain input of the construction.'], zh: ['不确定因素', '构建过程中的一个不确定输入。'] }));

export const RobustnessSpec = z
  .strictObject({
    scores: z
      .array(z.string())
      .optional()
      .meta(
        field({
          en: ['Scores tracked', 'Scores tracked (framework codes or alternatives). Default: the framework root (the index).'],
          zh: ['跟踪的得分', '跟踪的得分（指标体系代码或备选得分）。默认：指标体系的根节点（总指数）。'],
        }),
      ),
    factors: z
      .array(RobustnessFactor)
      .min(1)
      .meta(field({ en: ['Factors', 'The uncertain inputs.'], zh: ['不确定因素', '各个不确定输入。'] })),
    uncertainty: z
      .strictObject({
        replications: z
          .number()
          .int()
          .min(2)
          .default(1000)
          .meta(field({ en: ['Replications', 'Monte Carlo replications N. Default: 1000.'], zh: ['模拟次数', '蒙特卡洛模拟次数 N。默认：1000。'] })),
        unstable: z
          .number()
          .int()
          .min(1)
          .default(10)
          .meta(
            field({
              en: ['Unstable units listed', 'Most unstable units listed. Default: 10.'],
              zh: ['列出的最不稳定单元数', '列出的最不稳定单元个数。默认：10。'],
            }),
          ),
      })
      .optional()
      .meta(
        field({
          en: ['Uncertainty analysis', 'Uncertainty analysis: rank and score intervals per unit and period.'],
          zh: ['不确定性分析', '不确定性分析：各单元各期的排名与得分区间。'],
        }),
      ),
    sensitivity: z
      .strictObject({
        baseSamples: z
          .number()
          .int()
          .min(2)
          .default(1000)
          .meta(
            field({
              en: ['Base samples', 'Saltelli base sample N; (k + 2)·N runs. Default: 1000.'],
              zh: ['基础样本量', 'Saltelli 基础样本量 N；共运行 (k + 2)·N 次。默认：1000。'],
            }),
          ),
        bootstrap: z
          .number()
          .int()
          .min(0)
          .default(1000)
          .meta(
            field({
              en: ['Bootstrap replicates', 'Bootstrap replicates for confidence intervals (0 = none). Default: 1000.'],
              zh: ['自助法次数', '计算置信区间的自助法（bootstrap）重复次数（0 = 不计算）。默认：1000。'],
            }),
          ),
        level: z
          .number()
          .gt(0)
          .lt(1)
          .default(0.95)
          .meta(field({ en: ['Confidence level', 'Confidence level. Default: 0.95.'], zh: ['置信水平', '置信水平。默认：0.95。'] })),
      })
      .optional()
      .meta(
        field({
          en: ['Sensitivity analysis', 'Variance-based sensitivity analysis: first-order (Saltelli 2010) and total (Jansen) Sobol indices.'],
          zh: ['敏感性分析', '基于方差的敏感性分析：一阶（Saltelli 2010）与总效应（Jansen）Sobol 指数。'],
        }),
      ),
    leaveOneOut: z
      .boolean()
      .default(true)
      .meta(
        field({
          en: ['Leave one out', 'Table of rank changes when each indicator is left out. Default: true.'],
          zh: ['逐一剔除指标', '逐一剔除各指标时排名变化的表。默认：是。'],
        }),
      ),
    compare: z
      .boolean()
      .default(true)
      .meta(
        field({
          en: [
            'Method comparison',
            'Method comparison: each alternative of each factor against the nominal ranking (Spearman, Kendall, largest changes). Default: true.',
          ],
          zh: ['方法比较', '方法比较：每个因素的每个备选方案与基准排名的比较（Spearman、Kendall、最大变化）。默认：是。'],
        }),
      ),
  })
  .meta(
    field({ en: ['Robustness', 'Uncertainty and sensitivity analysis over any spec choice.'], zh: ['稳健性', '对任意 spec 选择的不确定性与敏感性分析。'] }),
  );

// ---------------------------------------------------------------- outputs
export const OutputsSpec = z
  .strictObject({
    dir: z
      .string()
      .optional()
      .meta(
        field({
          en: ['Output directory', 'Output directory (relative to the spec). Default: `--out`, else "nqpf-out".'],
          zh: ['输出目录', '输出目录（相对于 spec 文件）。默认：--out，否则为 "nqpf-out"。'],
        }),
      ),
    xlsx: z
      .boolean()
      .default(true)
      .meta(field({ en: ['Workbook', 'Write results.xlsx with every table. Default: true.'], zh: ['工作簿', '写出包含所有表格的 results.xlsx。默认：是。'] })),
    language: z
      .enum(['zh', 'en'])
      .default('zh')
      .meta(
        field({
          en: ['Language', 'Language of names in tables and summaries. Default: zh.'],
          zh: ['语言', '表格与摘要中名称的语言。默认：中文。'],
          values: { zh: ['Chinese', '中文'], en: ['English', '英文'] },
        }),
      ),
    summaryTop: z
      .number()
      .int()
      .min(0)
      .default(10)
      .meta(
        field({
          en: ['Units in the summary', 'Units listed in the console summary. Default: 10.'],
          zh: ['摘要中列出的单元数', '命令行摘要中列出的单元个数。默认：10。'],
        }),
      ),
    report: z
      .boolean()
      .default(true)
      .meta(
        field({
          en: ['Report', 'Write report.html: one self-contained bilingual file with maps, charts, tables, the methods text and provenance. Default: true.'],
          zh: ['报告', '写出 report.html：一个自包含的双语文件，含地图、图表、表格、方法说明与来源信息。默认：是。'],
        }),
      ),
    docx: z
      .boolean()
      .default(true)
      .meta(
        field({
          en: ['Word tables', 'Write tables.docx: three-line (三线表) tables with numbered captions and the methods section. Default: true.'],
          zh: ['Word 表格', '写出 tables.docx：带编号题注的三线表与方法部分。默认：是。'],
        }),
      ),
    map: z
      .strictObject({
        geojson: z.string().meta(
          field({
            en: ['GeoJSON file', 'GeoJSON file (relative to the spec) with one feature per unit, for the report maps.'],
            zh: ['GeoJSON 文件', '每个单元一个要素的 GeoJSON 文件（相对于 spec 文件），用于报告中的地图。'],
          }),
        ),
        idProperty: z
          .string()
          .optional()
          .meta(
            field({
              en: ['Unit name property', 'Feature property holding the unit name. Default: the feature id, else name/NAME/id/ID/code.'],
              zh: ['单元名称属性', '保存单元名称的要素属性。默认：要素 id，否则依次取 name、NAME、id、ID、code。'],
            }),
          ),
      })
      .optional()
      .meta(
        field({
          en: ['Map', 'Map geometry for the report. Default: the built-in China provinces when units are provinces, world countries when they are ISO3 codes.'],
          zh: ['地图', '报告使用的地图几何。默认：单元为省份时用内置中国省级地图，为 ISO3 代码时用世界国家地图。'],
        }),
      ),
    recordEnvValues: z
      .boolean()
      .default(false)
      .meta(
        field({
          en: [
            'Record environment values',
            'Record the values `${VAR}` references took in run.json and the report. Default: false — the reference is ' +
              'recorded as written (e.g. `${NQPF_SHARED:-../shared}/data.csv`), so a shared run directory does not reveal ' +
              'paths or values of your environment.',
          ],
          zh: [
            '记录环境变量的值',
            '在 run.json 与报告中记录 `${VAR}` 引用的实际取值。默认：否，按原样记录引用（如 `${NQPF_SHARED:-../shared}/data.csv`），共享运行目录时不会泄露你的环境中的路径或取值。',
          ],
        }),
      ),
    csvBom: z
      .boolean()
      .optional()
      .meta(
        field({
          en: [
            'CSV byte-order mark',
            'Start every CSV file with a UTF-8 byte-order mark (BOM), so Excel — notably on Chinese Windows — opens ' +
              'Chinese text without mojibake; false writes plain UTF-8 (for tools that do not expect a BOM; nqpf reads both). Default: true.',
          ],
          zh: [
            'CSV 字节顺序标记（BOM）',
            '每个 CSV 文件以 UTF-8 字节顺序标记（BOM）开头，使 Excel（尤其是中文 Windows）打开中文不乱码；否：写出不带 BOM 的 UTF-8（供不接受 BOM 的工具使用；nqpf 两者都能读）。默认：是。',
          ],
        }),
      ),
    figures: z
      .enum(['none', 'svg', 'svg+png'])
      .default('svg')
      .meta(
        field({
          en: [
            'Figures',
            'Export every chart and map to figures/ as SVG, or SVG and 300-dpi PNG (PNG takes longer: about 8 s of CPU ' +
              'for the demo’s 36 figures, drawn on worker threads with a subset of the CJK font). Default: svg.',
          ],
          zh: [
            '图片',
            '将每个图表与地图导出到 figures/：SVG，或 SVG 与 300 dpi 的 PNG（PNG 较慢：演示数据的 36 幅图约需 8 秒 CPU，在工作线程中用 CJK 字体子集绘制）。默认：SVG。',
          ],
          values: { none: ['none', '不导出'], svg: ['SVG', 'SVG 矢量图'], 'svg+png': ['SVG and PNG', 'SVG 矢量图与 PNG 位图'] },
        }),
      ),
    figureCaptions: z
      .boolean()
      .optional()
      .meta(
        field({
          en: [
            'Provenance footer',
            'Draw the provenance footer (nqpf version, seed, data SHA-256) under every figure. false: figures for a paper, without ' +
              'the footer to crop (run.json, figures/figures.json and the report keep the provenance; the SYNTHETIC notice of synthetic data stays). Default: true.',
          ],
          zh: [
            '来源脚注',
            '在每幅图下方绘制来源脚注（nqpf 版本、随机种子、数据 SHA-256）。否：用于论文的图，无需裁去脚注（run.json、figures/figures.json 与报告仍保留来源信息；合成数据的 SYNTHETIC 标注保留）。默认：是。',
          ],
        }),
      ),
  })
  .meta(field({ en: ['Outputs', 'What to write.'], zh: ['输出', '要写出的内容。'] }));

// ---------------------------------------------------------------- whole spec
export const Spec = z
  .strictObject({
    $schema: z
      .string()
      .optional()
      .meta(
        field({
          en: ['Schema', 'The JSON Schema of the spec, for editors that complete and check it (e.g. ./schema/nqpf.schema.json).'],
          zh: ['模式文件', '供编辑器补全与检查 spec 的 JSON Schema 地址（如 ./schema/nqpf.schema.json）。'],
        }),
      ),
    title: z
      .string()
      .optional()
      .meta(field({ en: ['Title', 'Title of the study.'], zh: ['标题', '研究标题。'] })),
    description: z
      .string()
      .optional()
      .meta(field({ en: ['Description', 'Free text describing the study (kept in run.json).'], zh: ['说明', '描述研究的自由文本（保存在 run.json 中）。'] })),
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 53 - 1)
      .default(20240101)
      .meta(field({ en: ['Seed', 'Seed of every random choice. Default: 20240101.'], zh: ['随机种子', '所有随机选择的种子。默认：20240101。'] })),
    data: DataSpec,
    units: UnitsSpec.prefault({}),
    framework: FrameworkSpec,
    steps: StepsSpec.prefault({}),
    analyses: AnalysesSpec.prefault({}),
    robustness: RobustnessSpec.optional(),
    outputs: OutputsSpec.prefault({}),
  })
  .meta(
    field({
      en: [
        'nqpf spec',
        'One YAML file that describes a new-quality-productive-forces evaluation: data, units, framework, construction steps, analyses, robustness and outputs.',
      ],
      zh: ['nqpf 配置文件', '描述一项新质生产力测度的 YAML 文件：数据、单元、指标体系、构建步骤、分析、稳健性与输出。'],
    }),
  );

export type Spec = z.output<typeof Spec>;
export type SpecInput = z.input<typeof Spec>;
export type RobustnessSpec = z.output<typeof RobustnessSpec>;
export type RobustnessFactor = z.output<typeof RobustnessFactor>;
export type AnalysesSpec = z.output<typeof AnalysesSpec>;
export type FrameworkNodeInput = z.output<typeof FrameworkNode>;

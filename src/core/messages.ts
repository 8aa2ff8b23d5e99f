/**
 * The error catalogue (conventions §3): every code an {@link NqpfError} can carry, once, with what
 * it means in English and Chinese. One code per condition — a missing value is `E_MISSING_VALUES`
 * wherever it is refused, an invalid option `E_BAD_OPTION` — so that programs (the workbench, a
 * script) can act on the code, and people can look it up. `fail()` and `new NqpfError()` accept
 * only these codes (a type error otherwise); a test checks that every code is used.
 */
export const ERRORS = {
  // ---- spec and command line
  E_SPEC: { en: 'the spec is not valid (a field, a value or a combination)', zh: '配置文件无效（字段、取值或组合有误）' },
  E_SPEC_YAML: {
    en: 'the spec is not valid YAML (a full-width colon or comma, a tab, inconsistent indentation …), or too large, deep or alias-heavy to read safely',
    zh: '配置文件不是有效的 YAML（全角冒号或逗号、Tab 缩进、缩进不一致等），或过大、嵌套过深、别名过多',
  },
  E_SPEC_ENV: { en: 'an environment variable the spec uses is not set', zh: '配置文件引用的环境变量未设置' },
  E_SPEC_ENV_VALUE: {
    en: 'an environment variable gives a number or true/false field a value that is not one',
    zh: '环境变量赋给数值或 true/false 字段的值不是数字或 true/false',
  },
  E_SPEC_FILE: { en: 'the spec names a file the workbench may not read (only uploads)', zh: '配置文件引用了工作台不允许读取的文件（仅限已上传文件）' },
  E_SPEC_UNKNOWN_CODE: { en: 'the spec names a framework code that does not exist', zh: '配置文件引用了指标体系中不存在的代码' },
  E_UNKNOWN_METHOD: { en: 'an unknown method or chart name', zh: '未知的方法或图表名称' },
  E_BAD_OPTION: { en: 'an option has an invalid value', zh: '选项取值无效' },
  E_MISSING_OPTION: { en: 'a method needs an option that was not given', zh: '方法缺少必需的选项' },
  E_CLI: { en: 'a command-line argument is invalid', zh: '命令行参数无效' },
  E_INIT_EXISTS: { en: 'the directory for a new project is not empty', zh: '新项目目录不为空' },
  E_ABORTED: { en: 'interrupted (Ctrl-C or a stop request); nothing was written', zh: '已中断（Ctrl-C 或停止请求），未写入任何内容' },
  E_INTERNAL: { en: 'an unexpected internal error (please report it)', zh: '意外的内部错误（请报告）' },
  E_DEPENDENCY: { en: 'a package nqpf needs cannot be found', zh: '找不到 nqpf 依赖的软件包' },
  E_LOG: { en: 'the pipeline log lacks a step', zh: '流程日志缺少某个步骤' },
  E_INPUT_PROBLEMS: {
    en: 'several problems in the input (data file, spec), each listed with its location',
    zh: '输入（数据文件、配置文件）有多处问题，已逐条列出位置',
  },

  // ---- reading files
  E_FILE_NOT_FOUND: { en: 'a file does not exist', zh: '文件不存在' },
  E_FILE_READ: { en: 'a file cannot be read', zh: '无法读取文件' },
  E_FILE_FORMAT: { en: 'a file type is not supported', zh: '不支持的文件类型' },
  E_ENCODING: { en: 'the text encoding of a file cannot be recognised (UTF-8 or GBK/GB18030 expected)', zh: '无法识别文件编码（应为 UTF-8 或 GBK/GB18030）' },
  E_CSV_QUOTE: { en: 'a CSV file has an unterminated quote', zh: 'CSV 文件中有未闭合的引号' },
  E_CSV_FIELDS: { en: 'a CSV row has more fields than the header', zh: 'CSV 某行字段数多于表头' },
  E_CSV_HEADER: { en: 'a CSV header is empty or repeats a name', zh: 'CSV 表头为空或有重复列名' },
  E_XLSX_READ: { en: 'a file cannot be read as an .xlsx workbook', zh: '无法将文件读取为 .xlsx 工作簿' },
  E_XLSX_SHEET: { en: 'the worksheet named does not exist', zh: '指定的工作表不存在' },
  E_XLSX_HEADER: { en: 'a worksheet header is empty or repeats a name', zh: '工作表表头为空或有重复列名' },
  E_XLSX_FIELDS: { en: 'a worksheet row has a value right of the header', zh: '工作表某行在表头范围之外仍有数值' },
  E_XLSX_FORMULA: { en: 'a worksheet cell holds a formula without a cached value', zh: '工作表单元格为公式且没有缓存值' },
  E_GEO_FORMAT: { en: 'a map or GeoJSON file is damaged or not GeoJSON', zh: '地图或 GeoJSON 文件损坏或格式不符' },
  E_FRAMEWORK_TABLE: { en: 'a framework table lacks a required column', zh: '指标体系表缺少必需的列' },

  // ---- data
  E_COLUMN_NOT_FOUND: { en: 'a column the spec names is not in the data', zh: '配置文件所指的列不在数据中' },
  E_PANEL_OPTIONS: { en: 'the data options contradict each other (one column in two roles)', zh: '数据选项相互矛盾（同一列承担两种角色）' },
  E_EMPTY_UNIT: { en: 'a data row has no unit name', zh: '数据行缺少单元名称' },
  E_EMPTY_PERIOD: { en: 'a data row has no period', zh: '数据行缺少时期' },
  E_EMPTY_INDICATOR: { en: 'a long-table row has no indicator name', zh: '长表某行缺少指标名称' },
  E_PERIOD_LABEL: { en: 'a period label does not fit the others (text or a fraction among years)', zh: '时期标签与其他标签不一致（年份中混入文字或小数）' },
  E_PERIOD_LABELS: { en: 'two period labels denote the same period', zh: '两个时期标签表示同一时期' },
  E_DUPLICATE_ROWS: { en: 'the same unit-period (or unit-period-indicator) appears on several rows', zh: '同一单元-时期（或单元-时期-指标）出现在多行' },
  E_NON_NUMERIC: { en: 'a value is not a number (and not a missing-value marker)', zh: '数值单元格不是数字（也不是缺失值标记）' },
  E_INDICATOR_NOT_FOUND: { en: 'an indicator is not in the long table', zh: '长表中没有该指标' },
  E_INDICATOR_NO_DATA: {
    en: 'a framework indicator has no data (no column, or not a single value in it)',
    zh: '指标体系中的指标没有数据（缺少数据列，或该列没有任何数值）',
  },
  E_DENOMINATOR_MISSING: { en: 'a denominator column is not in the data', zh: '分母列不在数据中' },
  E_UNKNOWN_UNITS: { en: 'unit names not in the unit list (misspelt, or not units)', zh: '单元名称不在单元列表中（拼写错误或并非单元）' },
  E_UNMAPPED_UNIT: { en: 'a unit name in the data has no entry in the unit map', zh: '数据中的单元名称在映射表中没有对应项' },
  E_UNKNOWN_UNIT_ALIAS: { en: 'an alias points to a unit the registry does not know', zh: '别名指向了注册表中不存在的单元' },
  E_UNITS_DUPLICATE: { en: 'a unit name or code appears twice', zh: '单元名称或代码重复' },
  E_CITY_AMBIGUOUS: {
    en: 'a name in a city panel names two units (吉林: city or province); the province column decides',
    zh: '城市面板中的名称指向两个单元（如吉林：市或省），需由省份列区分',
  },
  E_CITY_NOT_PREFECTURE: {
    en: 'a name in a city panel is a province or a county-level unit, not a prefecture-level unit',
    zh: '城市面板中的名称是省或县级单位，而非地级单位',
  },
  E_CITY_OUTDATED: { en: 'a city name is used for a year after the city was renamed, merged or abolished', zh: '城市更名、合并或撤销后的年份仍使用旧名称' },
  E_CITY_PROVINCE_MISMATCH: { en: 'a city is not in the province written on its row', zh: '城市不属于该行所写的省份' },
  E_GROUP_UNKNOWN: { en: 'the group attribute is not a unit attribute', zh: '分组属性不是单元属性' },
  E_NO_GROUPS: { en: 'a method needs a unit grouping and none was given', zh: '方法需要单元分组，但未给出' },
  E_BAD_GROUP: { en: 'a group index is out of range', zh: '分组编号超出范围' },
  E_EMPTY_GROUP: { en: 'a group has no units', zh: '某分组没有单元' },

  // ---- framework
  E_FRAMEWORK_EMPTY: { en: 'the framework has no nodes', zh: '指标体系没有节点' },
  E_FRAMEWORK_CODE: { en: 'a framework node has no code', zh: '指标体系节点缺少代码' },
  E_FRAMEWORK_DUPLICATE: { en: 'two framework nodes share a code', zh: '指标体系中有重复代码' },
  E_FRAMEWORK_PARENT: { en: 'a framework node names an unknown parent', zh: '指标体系节点的上级不存在' },
  E_FRAMEWORK_CYCLE: { en: 'the framework has a cycle', zh: '指标体系存在循环' },
  E_FRAMEWORK_ROOT: { en: 'the framework has no single root', zh: '指标体系没有唯一的根节点' },
  E_FRAMEWORK_TYPE: { en: 'a node declared an indicator has children', zh: '声明为指标的节点有下级' },
  E_FRAMEWORK_EMPTY_AGGREGATE: { en: 'an aggregate has no children', zh: '汇总节点没有下级' },
  E_FRAMEWORK_DIRECTION: { en: 'an indicator direction is neither 1 nor −1', zh: '指标方向不是 1 或 −1' },
  E_FRAMEWORK_WEIGHT: { en: 'a framework weight is negative or not finite', zh: '指标体系权重为负或非有限值' },
  E_FRAMEWORK_PRUNED: { en: 'screening removed every indicator', zh: '筛选删除了全部指标' },

  // ---- numbers a method cannot use
  E_MISSING_VALUES: { en: 'a method that does not allow missing values met one (impute first)', zh: '方法不接受缺失值却遇到了缺失值（请先插补）' },
  E_NONFINITE: { en: 'an infinite value', zh: '出现无穷值' },
  E_NEGATIVE: { en: 'a negative value where the method needs values ≥ 0', zh: '方法要求非负值却遇到负值' },
  E_NONPOSITIVE: { en: 'a value ≤ 0 where the method needs positive values (logarithms, ratios)', zh: '方法要求正值（对数、比值）却遇到 ≤ 0 的值' },
  E_NONPOSITIVE_MEAN: { en: 'a mean ≤ 0 where a coefficient of variation is needed', zh: '计算变异系数时均值 ≤ 0' },
  E_VALUE_RANGE: { en: 'a value outside the range the method needs (e.g. [0, 1])', zh: '数值超出方法要求的范围（如 [0, 1]）' },
  E_ZERO_RANGE: { en: 'an indicator is constant (zero range or sd), so it cannot be normalised', zh: '指标为常数（极差或标准差为零），无法标准化' },
  E_ZERO_SUM: { en: 'a column sums to zero', zh: '某列之和为零' },
  E_ZERO_MEAN: { en: 'a mean is zero or negative where a positive mean is needed', zh: '均值为零或负（需要正均值）' },
  E_TOO_FEW: { en: 'too few values or observations for the method', zh: '数值或观测数太少，方法无法计算' },
  E_ANALYSIS_PERIODS: { en: 'an analysis needs at least two periods', zh: '分析至少需要两个时期' },
  E_LENGTH_MISMATCH: { en: 'inputs of inconsistent length or shape', zh: '输入的长度或形状不一致' },
  E_BAD_INPUT: { en: 'an input array is invalid', zh: '输入数组无效' },
  E_RANK_DEFICIENT: { en: 'collinear regressors (the design matrix is rank-deficient)', zh: '回归变量共线（设计矩阵不满秩）' },
  E_SINGULAR: { en: 'a linear system is singular', zh: '线性方程组奇异' },
  E_CONSTANT: { en: 'a constant or degenerate correlation structure (PCA)', zh: '相关结构退化或为常数（主成分）' },

  // ---- construction steps
  E_BAD_TARGET: { en: 'a normalisation target is not beyond the worst value', zh: '标准化目标值未超过最差值' },
  E_BAD_WEIGHT: { en: 'a weight is negative or not finite', zh: '权重为负或非有限值' },
  E_WEIGHTS_ZERO: { en: 'weights sum to zero', zh: '权重之和为零' },
  E_WEIGHT_DEGENERATE: { en: 'data-driven weights are undefined (every column perfectly even)', zh: '客观权重无法确定（各列完全均匀）' },
  E_AHP_MATRIX: { en: 'an AHP matrix has the wrong size or a bad cell', zh: 'AHP 判断矩阵尺寸或单元格有误' },
  E_AHP_ORDER: { en: "an AHP order does not list the node's children", zh: 'AHP 顺序未列出该节点的下级' },
  E_AHP_RECIPROCAL: { en: 'an AHP matrix is not reciprocal (a_ji ≠ 1/a_ij)', zh: 'AHP 判断矩阵不满足互反性' },
  E_AHP_SIZE: { en: 'an AHP matrix is larger than 15 × 15 (no random index)', zh: 'AHP 判断矩阵大于 15 阶（无随机一致性指标）' },
  E_AHP_INCONSISTENT: { en: 'an AHP matrix is inconsistent (CR > 0.1)', zh: 'AHP 判断矩阵一致性不足（CR > 0.1）' },
  E_AHP_CONVERGENCE: { en: 'the AHP eigenvector did not converge', zh: 'AHP 特征向量迭代未收敛' },
  E_SCREEN_ALL: { en: 'screening dropped every unit', zh: '筛选删除了全部单元' },
  E_AGGREGATE_POOLED: { en: 'a pooled ideal needs the same weights in every period', zh: '合并理想解要求各期权重相同' },
  E_TOPSIS_DEGENERATE: { en: 'TOPSIS closeness is undefined (ideal equals anti-ideal)', zh: 'TOPSIS 贴近度无法计算（正负理想解相同）' },
  E_GREY_DEGENERATE: { en: 'grey relational grade is undefined (no variation)', zh: '灰色关联度无法计算（无差异）' },

  // ---- analyses
  E_ANALYSIS_SCORE: { en: 'an analysis names a score that the run does not have', zh: '分析所指的得分不在本次运行中' },
  E_ANALYSIS_GROUP: { en: 'an analysis needs groups (analyses.group or units.group)', zh: '分析需要分组（analyses.group 或 units.group）' },
  E_ANALYSIS_PERIOD: { en: 'an analysis names a period that is not in the data', zh: '分析所指的时期不在数据中' },
  E_ANALYSIS_COORDINATES: { en: 'an analysis needs unit coordinates that were not given or not found', zh: '分析需要单元坐标，但未给出或找不到' },
  E_ANALYSIS_WEIGHTS: { en: 'an analysis needs spatial weights that were not given or cannot be built', zh: '分析需要空间权重，但未给出或无法构建' },
  E_MODEL_FORMULA: { en: 'a model formula cannot be read', zh: '模型公式无法解析' },
  E_MODEL_VARIABLE: { en: 'a model names a variable that is neither a score nor a data column', zh: '模型中的变量既不是得分也不是数据列' },
  E_MODEL_DOMAIN: { en: 'a model transformation gets values outside its domain (e.g. log of a value ≤ 0)', zh: '模型变换的取值超出定义域（如对非正值取对数）' },
  E_MODEL_DF: { en: 'a model has no residual degrees of freedom left', zh: '模型没有剩余自由度' },
  E_MODEL_SPEC: { en: 'a model setting does not fit the model', zh: '模型设置与模型不相容' },
  E_MODEL_UNBALANCED: { en: 'an estimator needs a balanced panel', zh: '该估计量需要平衡面板' },
  E_MODEL_CLUSTERS: { en: 'too few clusters for clustered standard errors', zh: '聚类数过少，无法计算聚类标准误' },
  E_MODEL_THRESHOLD: {
    en: 'a threshold model cannot be estimated on this threshold variable (too few distinct values for the trimming)',
    zh: '门槛变量无法估计门槛模型（剔除两端后不同取值过少）',
  },
  E_SPATIAL_MODEL: { en: 'a spatial regression model cannot be estimated as specified', zh: '空间计量模型无法按设定估计' },
  E_SPATIAL_DATA: { en: 'the data of a spatial regression do not fit its weights or variables', zh: '空间计量模型的数据与空间权重或变量不匹配' },
  E_DEA_SPEC: { en: 'an efficiency (DEA) setting does not fit the model', zh: '效率（DEA）设置与模型不相容' },
  E_DEA_DATA: {
    en: 'the inputs or outputs of an efficiency (DEA) model are not usable (missing, negative or all zero)',
    zh: '效率（DEA）模型的投入或产出数据不可用（缺失、为负或全为零）',
  },
  E_DEA_LP: { en: 'a linear program of the efficiency (DEA) model failed', zh: '效率（DEA）模型的线性规划求解失败' },
  E_ICIO_TABLE: { en: 'an input–output table cannot be read (labels, shape or values)', zh: '投入产出表无法读取（标签、维度或数值有误）' },
  E_ICIO_BALANCE: { en: 'an input–output table is not balanced (row sums differ from gross output)', zh: '投入产出表不平衡（行和与总产出不一致）' },
  E_ISLANDS: { en: 'units without neighbours in the spatial weights', zh: '空间权重中有无邻居的单元' },
  E_WEIGHTS_TIE: {
    en: 'two units have the same value of the variable of economic-distance weights, so their weight 1/|x_i − x_j| is infinite',
    zh: '经济距离权重所用变量在两个单元上取值相同，权重 1/|x_i − x_j| 为无穷大',
  },
  E_BAD_BANDWIDTH: { en: 'a kernel bandwidth is not positive', zh: '核密度带宽不是正数' },
  E_BAD_CLASS: { en: 'a Markov class is out of range', zh: '马尔可夫类别超出范围' },

  // ---- writing outputs
  E_OUTPUT_NOT_DIR: { en: 'the output path is a file or a link, not a directory', zh: '输出路径是文件或链接，不是目录' },
  E_OUTPUT_NOT_EMPTY: {
    en: 'the output directory is not empty and was not written by nqpf (use --force to keep its files and write into it)',
    zh: '输出目录非空且不是 nqpf 生成的（--force 可在保留原文件的前提下写入）',
  },
  E_OUTPUT_UNSAFE: {
    en: 'the output directory would put your files at risk (root, home, current directory, or holds an input)',
    zh: '输出目录会危及您的文件（根目录、主目录、当前目录或含输入文件的目录）',
  },
  E_OUTPUT_CONFLICT: { en: "an output would overwrite a file that is not nqpf's", zh: '输出会覆盖并非 nqpf 生成的文件' },
  E_OUTPUT_WRITE: { en: 'the outputs could not be written (disk full, permissions)', zh: '无法写入输出（磁盘已满或无权限）' },
  E_RUN_DIR: { en: 'the directory is not an nqpf run directory', zh: '该目录不是 nqpf 运行输出目录' },
  E_CSV_WRITE: { en: 'a table cannot be written as CSV (infinite value)', zh: '表格无法写为 CSV（含无穷值）' },
  E_XLSX_WRITE: { en: 'a table cannot be written to the workbook', zh: '表格无法写入工作簿' },
  E_DOCX_TABLE: { en: 'a Word table has no columns', zh: 'Word 表格没有列' },
  E_DOCX_COLUMN: { en: 'a Word table names a column it does not have', zh: 'Word 表格引用了不存在的列' },
  E_FIGURE_MAP: { en: 'a chart names a map that is not registered', zh: '图表引用了未注册的地图' },
  E_FIGURE_DPI: { en: 'a figure resolution is invalid', zh: '图片分辨率无效' },
  E_NO_CJK_FONT: { en: 'no CJK font was found to draw Chinese text in PNG figures', zh: '找不到绘制 PNG 中文文字所需的中文字体' },

  // ---- workbench and workers
  E_WORKER: { en: 'a worker thread failed', zh: '工作线程失败' },
  E_WORKER_MEMORY: { en: 'a worker reached its memory limit', zh: '工作线程达到内存上限' },
  E_RUN_MEMORY: { en: 'a run needed more memory than the workbench allows per run', zh: '运行所需内存超过工作台的单次运行上限' },
  E_TIMEOUT: { en: 'stopped after the time limit', zh: '超过时间限制而停止' },
  E_BUSY: { en: 'too many runs at once', zh: '同时运行的任务过多' },
  E_STORE: { en: 'the project store is unavailable', zh: '项目存储暂不可用' },
  E_WORKBENCH_BUSY: {
    en: 'another workbench is using this data directory (open it at its URL, stop it, or choose another folder)',
    zh: '另一个工作台正在使用该数据目录（可打开它的网址、先停止它，或换一个目录）',
  },
  E_DISK_FULL: { en: 'the disk is full', zh: '磁盘已满' },
  E_NOT_FOUND: { en: 'a project, file or run was not found', zh: '未找到项目、文件或运行' },
  E_CONFLICT: { en: 'the project changed meanwhile (another tab); reload', zh: '项目已被修改（另一标签页），请刷新' },
  E_TOO_MANY_FILES: { en: 'a project holds too many files', zh: '项目文件过多' },
  E_TOO_LARGE: { en: 'a request or upload is too large', zh: '请求或上传文件过大' },
  E_ZIP_BOMB: { en: 'a compressed upload expands too much', zh: '压缩文件解压后过大' },
  E_ZIP_INVALID: { en: 'a compressed upload is damaged', zh: '压缩文件已损坏' },
  E_PREVIEW: { en: 'an upload cannot be previewed', zh: '上传文件无法预览' },
  E_BAD_REQUEST: { en: 'a malformed request', zh: '请求格式错误' },
  E_BAD_JSON: { en: 'a request body is not valid JSON', zh: '请求体不是有效的 JSON' },
  E_BAD_NAME: { en: 'a file name is not allowed', zh: '文件名不被允许' },
  E_BAD_PATH: { en: 'a request path is not allowed', zh: '请求路径不被允许' },
  E_CONTENT_TYPE: { en: 'a request has the wrong content type', zh: '请求内容类型错误' },
  E_METHOD: { en: 'an HTTP method is not allowed', zh: '不允许的 HTTP 方法' },
  E_HOST: { en: 'a request came with an unexpected Host header', zh: '请求的 Host 头不符' },
  E_ORIGIN: { en: 'a cross-origin request was refused', zh: '已拒绝跨域请求' },
  E_TOKEN: { en: 'the workbench token is missing or wrong', zh: '工作台令牌缺失或错误' },
} as const satisfies Record<string, { en: string; zh: string }>;

/** Every error code nqpf uses. */
export type ErrorCode = keyof typeof ERRORS;

/** What a code means, in the user's language; undefined for a code the catalogue does not know (an error from outside nqpf). */
export function errorMeaning(code: string, lang: 'zh' | 'en' = 'en'): string | undefined {
  return Object.hasOwn(ERRORS, code) ? ERRORS[code as ErrorCode][lang] : undefined;
}

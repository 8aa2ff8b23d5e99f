/** The spec of `analyses.valueChains` (issue 18): an inter-country input–output table and the measures to compute from it. */
import { z } from 'zod';
import { field } from '../../core/field-text.js';

/** Measures the section can write, each one table. */
export const GVC_MEASURES = ['kww', 'participation', 'upstreamness', 'leontief', 'wwz', 'production'] as const;

const MEASURE_VALUES = {
  kww: ['KWW decomposition of gross exports', 'KWW 总出口分解'],
  participation: ['GVC participation and position', '全球价值链参与度与位置指数'],
  upstreamness: ['upstreamness and downstreamness', '上游度与下游度'],
  leontief: ['value-added origins of exports (V B diag(E))', '出口的增加值来源（增加值系数 × 里昂惕夫逆 × 出口）'],
  wwz: ['WWZ 16-term decomposition of bilateral-sectoral exports (forms B)', 'WWZ 双边—部门出口的 16 项分解（需计算里昂惕夫逆）'],
  production: [
    'production-based forward and backward GVC participation (Wang, Wei, Yu & Zhu 2017)',
    '基于生产分解的前向与后向全球价值链参与度（王直、魏尚进、余心玎、祝坤福，2017）',
  ],
} as const;

const file = (en: string, zh: string, required: boolean) =>
  field({
    en: [
      en,
      `CSV file, sector labels in the first column, sectors ordered country by country (as R's write.csv of decompr's leather).${required ? ' Required for the generic files.' : ' Optional.'}`,
    ],
    zh: [zh, `CSV 文件，第一列为部门标签，部门按国家依次排列（同 R write.csv 输出的 decompr leather 数据）。${required ? '通用格式时必填。' : '可省略。'}`],
  });

export const ValueChainsSpec = z
  .strictObject({
    format: z
      .enum(['auto', 'oecd', 'adb', 'wiod', 'generic', 'long'])
      .default('auto')
      .meta(
        field({
          en: [
            'Layout',
            'Layout of `table`: oecd, adb, wiod, or auto (detected from the labels; a file no layout fits fails, naming the formats to set). generic: the three-file form. ' +
              'long: one CSV file, one flow per line (columns country, industry, to_country, to — an industry or a final-demand category — and value). Default: auto.',
          ],
          zh: [
            '表格式',
            '投入产出表文件的格式：oecd、adb、wiod、generic（intermediate/final/output 通用格式文件）、long（长格式：一个 CSV 文件，每行一个流量，' +
              '列为 country、industry、to_country、to（行业或最终需求类别）与 value），或 auto——给出 final 时为 generic，否则按标签识别（无法识别时报错并列出可设定的格式）。默认：auto。',
          ],
          values: {
            auto: ['detected from the labels', '按标签自动识别'],
            oecd: ['OECD ICIO CSV', 'OECD ICIO 表（CSV）'],
            adb: ['ADB MRIO', '亚洲开发银行 MRIO'],
            wiod: ['WIOD (2016 release)', 'WIOD（2016 版）'],
            generic: ['generic files (intermediate, final, output)', '通用格式（中间使用、最终需求、总产出三个文件）'],
            long: ['long form (one flow per line)', '长格式（每行一个流量）'],
          },
        }),
      ),
    sheet: z
      .union([z.string().min(1), z.number().int().positive()])
      .optional()
      .meta(
        field({
          en: ['Sheet', 'An XLSX input–output file: sheet name or position from 1. Default: the first sheet.'],
          zh: ['工作表', 'XLSX 格式的投入产出表文件：工作表名称或从 1 起的序号。默认：第一个工作表。'],
        }),
      ),
    intermediate: z
      .string()
      .min(1)
      .meta(
        field({
          en: [
            'Input–output file',
            'The whole table in a published layout (OECD ICIO, WIOD or ADB MRIO; CSV or XLSX, read with its own labels), or the intermediate-use matrix Z of the generic files ' +
              "(CSV, sector labels in the first column, sectors ordered country by country, as R's write.csv of decompr's leather; then with final, countries and industries).",
          ],
          zh: [
            '投入产出表文件',
            '公开发布格式的整张表（OECD ICIO、WIOD 或 ADB MRIO；CSV 或 XLSX，标签取自文件），或通用格式的中间使用矩阵 Z（CSV，第一列为部门标签，部门按国家依次排列，同 R write.csv 输出的 decompr leather；此时另需 final、countries 与 industries）。',
          ],
        }),
      ),
    final: z
      .string()
      .min(1)
      .optional()
      .meta(
        field({
          en: [
            'Final demand Y',
            'CSV file: n rows × (countries × categories) columns, the categories of each destination country together. Required for the generic files.',
          ],
          zh: ['最终需求 Y', 'CSV 文件：n 行 ×（国家数 × 类别数）列，同一目的国的各类最终需求相邻。通用格式时必填。'],
        }),
      ),
    output: z
      .string()
      .min(1)
      .optional()
      .meta(file('Gross output X (default: row sums of Z and Y)', '总产出 X（默认：Z 与 Y 的行和）', false)),
    valueAdded: z
      .string()
      .min(1)
      .optional()
      .meta(file('Value added (default: X − column sums of Z)', '增加值（默认：X 减去 Z 的列和）', false)),
    countries: z
      .array(z.string().min(1))
      .min(1)
      .optional()
      .meta(
        field({
          en: ['Countries', 'Country labels in the order of the generic files (a published table carries its own). Default: none.'],
          zh: ['国家', '通用格式文件的国家标签，按表中顺序（公开发布的表自带标签）。默认：无。'],
        }),
      ),
    industries: z
      .array(z.string().min(1))
      .min(1)
      .optional()
      .meta(
        field({
          en: ['Industries', 'Industry labels in the order within each country, for the generic files. Default: none.'],
          zh: ['行业', '通用格式文件中各国内部的行业标签，按表中顺序。默认：无。'],
        }),
      ),
    tolerance: z
      .number()
      .positive()
      .default(1e-6)
      .meta(
        field({
          en: ['Balance tolerance', 'Largest relative gap |Σ_j Z_ij + Σ Y_i − X_i| / max(1, X_i) accepted. Default: 1e-6.'],
          zh: ['平衡容差', '允许的最大相对差 |Σ_j Z_ij + Σ Y_i − X_i| / max(1, X_i)。默认：1e-6。'],
        }),
      ),
    oecdSplit: z
      .enum(['merge', 'none'])
      .optional()
      .meta(
        field({
          en: [
            'OECD split China and Mexico',
            'OECD ICIO tables split China and Mexico into parts (CN1, CN2: processing and other activities; MX1, MX2) in the rows and columns of ' +
              'intermediate use, with final demand for CHN and MEX only. merge sums each part’s rows and columns into CHN / MEX (an aggregation of ' +
              'sectors; refused when a CHN or MEX line is not zero, which would count the parts twice); none reads the labels as they are (a split table ' +
              'then fails, naming the parts). Default: merge.',
          ],
          zh: [
            'OECD 表中拆分的中国与墨西哥',
            'OECD ICIO 表将中国与墨西哥各拆分为若干部分（加工贸易与其他活动），仅在中间使用的行与列中分列，最终需求只按中国与墨西哥给出。' +
              'merge：将各部分的行与列按部门加总回中国与墨西哥（若中国或墨西哥自身的行列非零则拒绝，以免重复计算）；none：按文件标签原样读取（拆分的表随即报错并列出各部分）。默认：merge。',
          ],
          values: {
            merge: ['sum the parts into CHN and MEX', '各部分加总回中国与墨西哥'],
            none: ['read the labels as they are', '按文件标签原样读取'],
          },
        }),
      ),
    inventories: z
      .string()
      .min(1)
      .optional()
      .meta(
        field({
          en: [
            'Inventories category',
            'Final-demand category of a published table holding the net changes in inventories (INVNT in OECD ICIO, c61 in WIOD, F5 in ADB): ' +
              'upstreamness then removes them from output, Δ_ij = Z_ij / (X_i − N_i) (Antràs et al. 2012). Default: none (no adjustment).',
          ],
          zh: [
            '存货变动类别',
            '公开发布的表中记录存货变动的最终需求类别（OECD ICIO 为 INVNT，WIOD 为 c61，ADB 为 F5）：上游度计算时从总产出中扣除存货变动，' +
              'Δ_ij = Z_ij / (X_i − N_i)（Antràs 等，2012）。默认：无（不作调整）。',
          ],
        }),
      ),
    years: z
      .array(z.number().int().min(1).max(9999))
      .min(1)
      .optional()
      .meta(
        field({
          en: [
            'Years',
            'A panel of tables, one per year: every file name of the section (intermediate, final, output, valueAdded) holds {year}, replaced by each ' +
              'year (e.g. ICIO2023_{year}.csv), and every table gets a year column. Default: one table, no year column.',
          ],
          zh: [
            '年份',
            '逐年的投入产出表面板：本节各文件名（intermediate、final、output、valueAdded）中含 {year}，依次替换为各年份（如 ICIO2023_{year}.csv），各输出表增加年份列。默认：单张表，无年份列。',
          ],
        }),
      ),
    exporters: z
      .array(z.string().min(1))
      .min(1)
      .optional()
      .meta(
        field({
          en: ['WWZ exporters', 'Countries whose bilateral-sectoral exports the WWZ table decomposes (labels from `countries`). Default: every country.'],
          zh: ['WWZ 出口国', 'WWZ 表分解其双边—部门出口的国家（取自 `countries` 的标签）。默认：全部国家。'],
        }),
      ),
    measures: z
      .array(z.enum(GVC_MEASURES))
      .min(1)
      .default(['kww', 'participation', 'upstreamness'])
      .meta(
        field({
          en: ['Measures', 'Tables to write. Default: [kww, participation, upstreamness].'],
          zh: ['测度', '输出的表。默认：[kww, participation, upstreamness]。'],
          values: MEASURE_VALUES,
        }),
      ),
  })
  .superRefine((v, ctx) => {
    if (v.years) {
      if (new Set(v.years).size !== v.years.length) ctx.addIssue({ code: 'custom', path: ['years'], message: 'a year is listed twice' });
      for (const k of ['intermediate', 'final', 'output', 'valueAdded'] as const) {
        const f = v[k];
        if (f !== undefined && !f.includes('{year}'))
          ctx.addIssue({
            code: 'custom',
            path: [k],
            message: `with years, ${k} must hold {year} (e.g. ICIO2023_{year}.csv): "${f}" names one file for every year`,
          });
      }
    }
    const generic = v.format === 'generic' || (v.format === 'auto' && v.final !== undefined);
    if (v.inventories !== undefined && (generic || v.format === 'long'))
      ctx.addIssue({
        code: 'custom',
        path: ['inventories'],
        message: 'inventories names a final-demand category of a published table (format oecd, adb, wiod or auto)',
      });
    if (!generic) return;
    for (const k of ['final', 'countries', 'industries'] as const) {
      if (v[k] === undefined) ctx.addIssue({ code: 'custom', path: [k], message: `${k} is required with the generic files (format: generic)` });
    }
  })
  .meta(
    field({
      en: ['Value chains', 'GVC measures from an inter-country input–output table: KWW decomposition, participation and position, upstreamness.'],
      zh: ['价值链', '基于国际投入产出表的全球价值链测度：KWW 分解、参与度与位置指数、上游度。'],
    }),
  );

export type ValueChainsSpecOut = z.output<typeof ValueChainsSpec>;

/** The spec of `analyses.valueChains` (issue 18): an inter-country input–output table and the measures to compute from it. */
import { z } from 'zod';
import { field } from '../../core/field-text.js';

/** Measures the section can write, each one table. */
export const GVC_MEASURES = ['kww', 'participation', 'upstreamness', 'leontief', 'wwz'] as const;

const MEASURE_VALUES = {
  kww: ['KWW decomposition of gross exports', 'KWW 总出口分解'],
  participation: ['GVC participation and position', '全球价值链参与度与位置指数'],
  upstreamness: ['upstreamness and downstreamness', '上游度与下游度'],
  leontief: ['value-added origins of exports (V B diag(E))', '出口的增加值来源（增加值系数 × 里昂惕夫逆 × 出口）'],
  wwz: ['WWZ 16-term decomposition of bilateral-sectoral exports (forms B)', 'WWZ 双边—部门出口的 16 项分解（需计算里昂惕夫逆）'],
} as const;

const file = (en: string, zh: string, required: boolean) =>
  field({
    en: [
      en,
      `CSV file, sector labels in the first column, sectors ordered country by country (as R's write.csv of decompr's leather).${required ? '' : ' Optional.'}`,
    ],
    zh: [zh, `CSV 文件，第一列为部门标签，部门按国家依次排列（同 R write.csv 输出的 decompr leather 数据）。${required ? '' : '可省略。'}`],
  });

export const ValueChainsSpec = z
  .strictObject({
    intermediate: z
      .string()
      .min(1)
      .meta(file('Intermediate use Z', '中间使用矩阵 Z', true)),
    final: z
      .string()
      .min(1)
      .meta(
        field({
          en: ['Final demand Y', 'CSV file: n rows × (countries × categories) columns, the categories of each destination country together.'],
          zh: ['最终需求 Y', 'CSV 文件：n 行 ×（国家数 × 类别数）列，同一目的国的各类最终需求相邻。'],
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
      .meta(field({ en: ['Countries', 'Country labels in the order of the table.'], zh: ['国家', '国家标签，按表中顺序。'] })),
    industries: z
      .array(z.string().min(1))
      .min(1)
      .meta(field({ en: ['Industries', 'Industry labels in the order within each country.'], zh: ['行业', '各国内部的行业标签，按表中顺序。'] })),
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
  .meta(
    field({
      en: ['Value chains', 'GVC measures from an inter-country input–output table: KWW decomposition, participation and position, upstreamness.'],
      zh: ['价值链', '基于国际投入产出表的全球价值链测度：KWW 分解、参与度与位置指数、上游度。'],
    }),
  );

export type ValueChainsSpecOut = z.output<typeof ValueChainsSpec>;

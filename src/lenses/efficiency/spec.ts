/** The spec of `analyses.efficiency` (issue 17): DEA efficiency scores and the Malmquist index on the run's panel. */
import { z } from 'zod';
import { field } from '../../core/field-text.js';

const Names = (en: [string, string], zh: [string, string]) => z.array(z.string().min(1)).meta(field({ en, zh }));

const FRONTIER_VALUES = {
  contemporaneous: ['contemporaneous', '当期前沿'],
  sequential: ['sequential', '序列前沿'],
  window: ['window', '窗口前沿'],
  global: ['global', '全局前沿'],
} as const;

const Window = z
  .number()
  .int()
  .min(1)
  .default(3)
  .meta(
    field({
      en: ['Window width', 'frontier window: number of periods in the trailing window (the period itself and the w − 1 before it). Default: 3.'],
      zh: ['窗口宽度', 'window 前沿：窗口包含的期数（当期及其前 w − 1 期）。默认：3。'],
    }),
  );

const Direction = z
  .enum(['proportional', 'outputs'])
  .default('proportional')
  .meta(
    field({
      en: [
        'Direction',
        'ddf, ml and gml: direction vector of the distance function. proportional: g = (−x, y, −b), inputs and undesirable outputs contracted and ' +
          'desirable outputs expanded in proportion to the unit’s own values; outputs: g = (0, y, −b), inputs fixed (Chung, Färe & Grosskopf 1997). ' +
          'Default: proportional.',
      ],
      zh: [
        '方向向量',
        'ddf、ml 与 gml：距离函数的方向向量。proportional：g = (−x, y, −b)，投入与非期望产出按自身值等比例缩减、期望产出等比例扩张；' +
          'outputs：g = (0, y, −b)，投入不变（Chung、Färe 与 Grosskopf 1997）。默认：proportional。',
      ],
      values: { proportional: ['proportional (−x, y, −b)', '等比例 (−x, y, −b)'], outputs: ['outputs (0, y, −b)', '仅产出 (0, y, −b)'] },
    }),
  );

export const DeaModelSpec = z.strictObject({
  name: z
    .string()
    .min(1)
    .meta(
      field({
        en: ['Name', 'Name of the model in the tables and the score column it adds (e.g. "GTFP").'],
        zh: ['名称', '模型在结果表中的名称，也是其效率得分列名（如 "GTFP"）。'],
      }),
    ),
  model: z.enum(['ccr', 'bcc', 'sbm', 'super-sbm', 'ddf']).meta(
    field({
      en: [
        'Model',
        'ccr: radial, constant returns (Charnes–Cooper–Rhodes 1978); bcc: radial, variable returns (Banker–Charnes–Cooper 1984); sbm: ' +
          'non-oriented slacks-based measure (Tone 2001; with undesirable outputs the Tone 2003 form); super-sbm: SBM, and super-efficiency ' +
          '(Tone 2002) for the SBM-efficient units; ddf: directional distance function β (Chambers–Chung–Färe 1996; with undesirable outputs ' +
          'Chung–Färe–Grosskopf 1997, weakly disposable), efficiency 1/(1 + β).',
      ],
      zh: [
        '模型',
        'ccr：径向、规模报酬不变（CCR）；bcc：径向、规模报酬可变（BCC）；sbm：非导向的松弛测度模型（Tone 2001；含非期望产出时为 Tone 2003 形式）；' +
          'super-sbm：SBM，有效单元再以超效率 SBM（Tone 2002）区分；ddf：方向性距离函数 β（Chambers–Chung–Färe 1996；含非期望产出时为 ' +
          'Chung–Färe–Grosskopf 1997，非期望产出弱可处置），效率为 1/(1 + β)。',
      ],
      values: {
        ccr: ['CCR', 'CCR 模型（规模报酬不变，径向）'],
        bcc: ['BCC', 'BCC 模型（规模报酬可变，径向）'],
        sbm: ['SBM', 'SBM 模型（非径向，基于松弛）'],
        'super-sbm': ['super-SBM', '超效率 SBM'],
        ddf: ['DDF', '方向性距离函数（DDF）'],
      },
    }),
  ),
  rts: z
    .enum(['crs', 'vrs'])
    .default('crs')
    .meta(
      field({
        en: ['Returns to scale', 'sbm, super-sbm and ddf: crs (constant) or vrs (variable, Σλ = 1). ccr is always crs, bcc always vrs. Default: crs.'],
        zh: ['规模报酬', 'sbm、super-sbm 与 ddf：crs（不变）或 vrs（可变，Σλ = 1）。ccr 固定为 crs，bcc 固定为 vrs。默认：crs。'],
        values: { crs: ['constant (CRS)', '规模报酬不变'], vrs: ['variable (VRS)', '规模报酬可变'] },
      }),
    ),
  orientation: z
    .enum(['input', 'output'])
    .default('input')
    .meta(
      field({
        en: ['Orientation', 'ccr and bcc: input (θ ≤ 1) or output (φ ≥ 1; the efficiency column holds 1/φ). SBM models are non-oriented. Default: input.'],
        zh: ['导向', 'ccr 与 bcc：投入导向（θ ≤ 1）或产出导向（φ ≥ 1；效率列为 1/φ）。SBM 类模型为非导向。默认：投入导向。'],
        values: { input: ['input', '投入导向'], output: ['output', '产出导向'] },
      }),
    ),
  direction: Direction,
  inputs: Names(
    ['Inputs', 'Data columns used as inputs (e.g. labour, capital stock, energy). Values must be > 0 for SBM models, ≥ 0 for ccr, bcc and ddf.'],
    ['投入', '作为投入的数据列（如劳动、资本存量、能源）。SBM 类模型须 > 0，ccr、bcc 与 ddf 须 ≥ 0。'],
  ).min(1),
  outputs: Names(['Desirable outputs', 'Data columns used as desirable outputs (e.g. GDP).'], ['期望产出', '作为期望产出的数据列（如 GDP）。']).min(1),
  undesirable: Names(
    [
      'Undesirable outputs',
      'Data columns used as undesirable outputs (e.g. CO₂, SO₂); sbm, super-sbm and ddf only; values must be > 0 (sbm, super-sbm) or ≥ 0 (ddf). Default: none.',
    ],
    ['非期望产出', '作为非期望产出的数据列（如 CO₂、SO₂）；仅 sbm、super-sbm 与 ddf；sbm 与 super-sbm 须 > 0，ddf 须 ≥ 0。默认：无。'],
  ).default([]),
  zeroUndesirable: z
    .enum(['refuse', 'replace'])
    .default('refuse')
    .meta(
      field({
        en: [
          'Zero undesirable outputs',
          'sbm and super-sbm: what a zero undesirable output does (the SBM divides its slack by it). refuse: an error naming the file, row and ' +
            'column; replace: the zero is replaced by a small positive number, 10⁻⁶ × the smallest positive value of that variable in the model’s ' +
            'data, the treatment of zeros in SBM (Tone 2001) as applied to undesirable outputs by Tone (2003); each replaced value is listed in a ' +
            'warning. Default: refuse.',
        ],
        zh: [
          '非期望产出为零',
          'sbm 与 super-sbm：非期望产出为零时的处理（SBM 以其除松弛量）。refuse：报错并指出文件、行与列；replace：以极小正数替代，即该变量在模型数据中' +
            '最小正值的 10⁻⁶ 倍——Tone（2001）对 SBM 中零值的处理，Tone（2003）用于非期望产出；每个被替代的值在警告中列出。默认：refuse。',
        ],
        values: { refuse: ['refuse (error)', '拒绝（报错）'], replace: ['replace by a small positive number', '以极小正数替代'] },
      }),
    ),
  frontier: z
    .enum(['contemporaneous', 'sequential', 'window', 'global'])
    .default('contemporaneous')
    .meta(
      field({
        en: [
          'Frontier',
          'The technology each period is scored against. contemporaneous: its own period; sequential: every period up to it; window: the ' +
            'trailing window of `window` periods ending at it; global: all unit-periods pooled. Default: contemporaneous.',
        ],
        zh: [
          '生产前沿',
          '各期单元据以评价的技术集。contemporaneous：当期；sequential：当期及以前各期；window：截至当期的 window 期窗口；global：全部单元-时期合并。' +
            '默认：contemporaneous。',
        ],
        values: FRONTIER_VALUES,
      }),
    ),
  window: Window,
});
export type DeaModelSpec = z.output<typeof DeaModelSpec>;

export const MalmquistSpec = z.strictObject({
  name: z
    .string()
    .min(1)
    .meta(field({ en: ['Name', 'Name of the index in the tables.'], zh: ['名称', '指数在结果表中的名称。'] })),
  index: z
    .enum(['malmquist', 'ml', 'gml'])
    .default('malmquist')
    .meta(
      field({
        en: [
          'Index',
          'malmquist: CCR Malmquist index M = EC × TC (Färe et al. 1994); ml: Malmquist–Luenberger index from directional distance functions ' +
            '(Chung, Färe & Grosskopf 1997), ML = EC × TC; gml: global Malmquist–Luenberger index (Oh 2010) against the frontier of all periods, ' +
            'GML = EC × BPC, never infeasible. Default: malmquist.',
        ],
        zh: [
          '指数',
          'malmquist：CCR Malmquist 指数 M = EC × TC（Färe 等 1994）；ml：基于方向性距离函数的 Malmquist–Luenberger 指数（Chung、Färe 与 ' +
            'Grosskopf 1997），ML = EC × TC；gml：以全部时期为全局前沿的 GML 指数（Oh 2010），GML = EC × BPC，不会出现无可行解。默认：malmquist。',
        ],
        values: { malmquist: ['Malmquist', 'Malmquist 指数'], ml: ['Malmquist–Luenberger', 'ML 指数'], gml: ['global Malmquist–Luenberger', 'GML 指数'] },
      }),
    ),
  inputs: Names(['Inputs', 'Data columns used as inputs.'], ['投入', '作为投入的数据列。']).min(1),
  outputs: Names(['Outputs', 'Data columns used as (desirable) outputs.'], ['产出', '作为（期望）产出的数据列。']).min(1),
  undesirable: Names(
    ['Undesirable outputs', 'ml and gml: data columns used as undesirable outputs (weakly disposable), values ≥ 0. Default: none.'],
    ['非期望产出', 'ml 与 gml：作为非期望产出（弱可处置）的数据列，须 ≥ 0。默认：无。'],
  ).default([]),
  orientation: z
    .enum(['input', 'output'])
    .default('input')
    .meta(
      field({
        en: ['Orientation', 'malmquist: orientation of the CCR distance functions (the index is the same under constant returns). Default: input.'],
        zh: ['导向', 'malmquist：CCR 距离函数的导向（规模报酬不变时指数相同）。默认：投入导向。'],
        values: { input: ['input', '投入导向'], output: ['output', '产出导向'] },
      }),
    ),
  rts: z
    .enum(['crs', 'vrs'])
    .default('crs')
    .meta(
      field({
        en: [
          'Returns to scale',
          'ml and gml: crs (constant) or vrs (variable, Σλ = 1; cross-period LPs may be infeasible). malmquist is always crs. Default: crs.',
        ],
        zh: ['规模报酬', 'ml 与 gml：crs（不变）或 vrs（可变，Σλ = 1；跨期线性规划可能无可行解）。malmquist 固定为 crs。默认：crs。'],
        values: { crs: ['constant (CRS)', '规模报酬不变'], vrs: ['variable (VRS)', '规模报酬可变'] },
      }),
    ),
  direction: Direction,
  frontier: z
    .enum(['contemporaneous', 'sequential', 'window'])
    .default('contemporaneous')
    .meta(
      field({
        en: [
          'Frontier',
          'ml: the frontier of each period — contemporaneous (Chung et al. 1997), sequential (every period up to it; Oh & Heshmati 2010) or a ' +
            'trailing window of `window` periods. gml always uses the global frontier. Default: contemporaneous.',
        ],
        zh: [
          '生产前沿',
          'ml：各期前沿——contemporaneous（当期，Chung 等 1997）、sequential（当期及以前各期，Oh 与 Heshmati 2010）或截至当期的 window 期窗口。' +
            'gml 固定为全局前沿。默认：contemporaneous。',
        ],
        values: { contemporaneous: FRONTIER_VALUES.contemporaneous, sequential: FRONTIER_VALUES.sequential, window: FRONTIER_VALUES.window },
      }),
    ),
  window: Window,
});
export type MalmquistSpec = z.output<typeof MalmquistSpec>;

export const EfficiencySpec = z
  .strictObject({
    models: z
      .array(DeaModelSpec)
      .default([])
      .meta(
        field({
          en: ['DEA models', 'Efficiency models, each scored for every unit and period, with slacks and targets. Default: none.'],
          zh: ['DEA 模型', '效率模型：逐单元、逐期计算效率、松弛与目标值。默认：无。'],
        }),
      ),
    malmquist: z
      .array(MalmquistSpec)
      .default([])
      .meta(
        field({
          en: [
            'Productivity indices',
            'Productivity change between consecutive periods: CCR Malmquist, Malmquist–Luenberger or global Malmquist–Luenberger, with EC and TC. Default: none.',
          ],
          zh: ['生产率指数', '相邻两期的生产率变化：CCR Malmquist、Malmquist–Luenberger 或全局 Malmquist–Luenberger 指数，及其 EC 与 TC 分解。默认：无。'],
        }),
      ),
  })
  .meta(
    field({
      en: [
        'Efficiency (DEA)',
        'DEA efficiency (CCR, BCC, SBM, super-SBM and directional distance functions, with undesirable outputs) on contemporaneous, sequential, ' +
          'window or global frontiers, and the Malmquist, Malmquist–Luenberger and global Malmquist–Luenberger indices, solved by HiGHS.',
      ],
      zh: [
        '效率分析（DEA）',
        'DEA 效率（CCR、BCC、SBM、超效率 SBM 与方向性距离函数，含非期望产出），可选当期、序列、窗口或全局前沿；Malmquist、ML 与 GML 生产率指数；由 HiGHS 求解。',
      ],
    }),
  );
export type EfficiencySpec = z.output<typeof EfficiencySpec>;

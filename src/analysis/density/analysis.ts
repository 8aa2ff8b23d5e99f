/**
 * analyses.density: kernel density of each score per period (and per group) on one common grid,
 * so the rows also form the period × value × density surface.
 */
import { z } from 'zod';
import { groups, periodCell, scoreColumn, sectionScores, Scores, type AnalysisContext } from '../context.js';
import { analysis, table, type Row, type MethodsParagraph, type MethodsWriter } from '../descriptor.js';
import { str, num, fmt, type Loose } from '../../core/loose.js';
import { bwNrd, bwNrd0, kde } from './index.js';
import { field } from '../../core/field-text.js';

export const DensitySpec = z
  .strictObject({
    scores: Scores,
    kernel: z
      .enum(['gaussian', 'epanechnikov'])
      .default('gaussian')
      .meta(
        field({
          en: ['Kernel', 'Kernel. Default: gaussian.'],
          zh: ['核函数', '核函数。默认：高斯核。'],
          values: { gaussian: ['Gaussian', '高斯核'], epanechnikov: ['Epanechnikov', 'Epanechnikov 核'] },
        }),
      ),
    bandwidth: z
      .union([z.enum(['silverman', 'scott']), z.number().positive()])
      .default('silverman')
      .meta(
        field({
          en: ['Bandwidth', 'silverman = R bw.nrd0, scott = R bw.nrd, or a number. Default: silverman.'],
          zh: ['带宽', '带宽：Silverman 法则（R bw.nrd0）、Scott 法则（R bw.nrd）或给定数值。默认：Silverman 法则。'],
          values: { silverman: ['Silverman’s rule', 'Silverman 法则'], scott: ['Scott’s rule', 'Scott 法则'] },
        }),
      ),
    gridSize: z
      .number()
      .int()
      .min(16)
      .max(4096)
      .default(512)
      .meta(
        field({
          en: ['Grid points', 'Grid points (common grid over all periods). Default: 512.'],
          zh: ['网格点数', '估计的网格点数（各期共用同一网格）。默认：512。'],
        }),
      ),
    byGroup: z
      .boolean()
      .default(true)
      .meta(field({ en: ['By group', 'Also estimate per group. Default: true.'], zh: ['分组估计', '同时按组分别估计。默认：是。'] })),
  })
  .meta(
    field({
      en: ['Kernel density', 'Kernel density per period (and group), and the period × value × density surface.'],
      zh: ['核密度估计', '逐期（及分组）的核密度估计，以及时期 × 取值 × 密度曲面。'],
    }),
  );
export type DensitySpec = z.output<typeof DensitySpec>;

const score = { kind: 'text', zh: '得分', en: 'Score', ref: 'node' } as const;
const period = { kind: 'period', zh: '时期', en: 'Period' } as const;
const group = { kind: 'text', zh: '区域', en: 'Group', ref: 'group', values: { all: { zh: '全部', en: 'All' } } } as const;

/** density.csv: the density curve of each score, period and group on the common grid. */
export const DENSITY = table({
  name: 'density',
  file: 'density.csv',
  zh: '核密度估计',
  en: 'Kernel density estimates',
  columns: { score, period, group, x: { kind: 'num', zh: '得分值', en: 'Value' }, density: { kind: 'num', zh: '密度', en: 'Density' } },
});

/** density_bandwidth.csv: the bandwidth, rule and sample size of each curve. */
export const DENSITY_BANDWIDTH = table({
  name: 'density_bandwidth',
  file: 'density_bandwidth.csv',
  zh: '核密度估计的带宽',
  en: 'Kernel density bandwidths',
  report: true,
  columns: {
    score,
    period,
    group,
    n: { kind: 'int', zh: '单元数', en: 'n' },
    bandwidth: { kind: 'num', zh: '带宽', en: 'Bandwidth' },
    rule: {
      kind: 'text',
      zh: '带宽规则',
      en: 'Rule',
      values: { silverman: { zh: 'Silverman 经验法则', en: 'Silverman' }, scott: { zh: 'Scott 法则', en: 'Scott' }, given: { zh: '给定', en: 'given' } },
    },
    kernel: {
      kind: 'text',
      zh: '核函数',
      en: 'Kernel',
      values: { gaussian: { zh: '高斯核', en: 'Gaussian' }, epanechnikov: { zh: 'Epanechnikov 核', en: 'Epanechnikov' } },
    },
    note: { kind: 'text', zh: '说明', en: 'Note' },
  },
});

function run(ctx: AnalysisContext, spec: DensitySpec) {
  const path = 'analyses.density';
  const P = ctx.scores;
  const nU = P.units.length;
  const codes = sectionScores(ctx, spec.scores, path);
  const g = spec.byGroup && (ctx.spec.group ?? ctx.groupAttr) ? groups(ctx, path) : undefined;
  const rows: Row<typeof DENSITY.columns>[] = [];
  const bws: Row<typeof DENSITY_BANDWIDTH.columns>[] = [];
  for (const code of codes) {
    const col = scoreColumn(ctx, code, path);
    const slices = P.periods.map((_, t) => col.subarray(t * nU, (t + 1) * nU));
    const rule = spec.bandwidth === 'silverman' ? bwNrd0 : spec.bandwidth === 'scott' ? bwNrd : undefined;
    const available = (x: Float64Array) => x.reduce((a, v) => (v === v ? a + 1 : a), 0);
    // Common grid over all periods: from min − 3·max(bw) to max + 3·max(bw) (R's cut = 3).
    // Missing scores are left out (and noted per curve); a slice with < 2 values has no curve.
    let lo = Infinity;
    let hi = -Infinity;
    let bwMax = 0;
    for (const x of slices) {
      if (available(x) < 2) continue;
      for (const v of x)
        if (v === v) {
          if (v < lo) lo = v;
          if (v > hi) hi = v;
        }
      bwMax = Math.max(bwMax, rule ? rule(x, { dropMissing: true }) : (spec.bandwidth as number));
    }
    const grid = { from: lo - 3 * bwMax, to: hi + 3 * bwMax, n: spec.gridSize };
    let anyMissing = false;
    const one = (x: Float64Array, label: string, group: string) => {
      const n = available(x);
      if (n < x.length) anyMissing = true;
      const dropped = x.length - n ? `${x.length - n} missing value${x.length - n > 1 ? 's' : ''} left out` : '';
      if (n < 2) {
        bws.push({
          score: code,
          period: periodCell(label),
          group,
          n,
          bandwidth: null,
          rule: '',
          kernel: spec.kernel,
          note: [dropped, `${n} value${n === 1 ? '' : 's'}: no density estimated`].filter(Boolean).join('; '),
        });
        return;
      }
      const r = kde(x, { kernel: spec.kernel, bw: spec.bandwidth, grid, dropMissing: true });
      const period = periodCell(label);
      bws.push({ score: code, period, group, n: r.n, bandwidth: r.bw, rule: r.bwRule, kernel: r.kernel, note: dropped });
      for (let i = 0; i < r.x.length; i++) rows.push({ score: code, period, group, x: r.x[i], density: r.y[i] });
    };
    P.periods.forEach((label, t) => {
      one(slices[t], label, 'all');
      if (g) {
        g.labels.forEach((lab, gi) => {
          const members = Float64Array.from(
            P.units.map((_, u) => u).filter((u) => g.index[u] === gi),
            (u) => slices[t][u],
          );
          if (members.length >= 2) one(members, label, lab);
          else
            ctx.warn({
              code: 'W_DENSITY_GROUP',
              message: `${path}: group ${lab} has ${members.length} unit(s) in ${label}; no density estimated`,
              location: { path },
            });
        });
      }
    });
    if (anyMissing)
      ctx.warn({
        code: 'W_DENSITY_MISSING',
        message: `${path}: ${code} has missing values; they are left out of the densities (see the note column of density_bandwidth.csv)`,
        location: { path },
      });
  }
  return [DENSITY.build(rows), DENSITY_BANDWIDTH.build(bws)];
}

/** The methods paragraph (report and tables.docx) from the recorded section `sec`. */
function methods(sec: Loose, w: MethodsWriter): MethodsParagraph {
  const kernel = str(sec.kernel) === 'epanechnikov' ? 'epanechnikov' : 'gaussian';
  const bw = sec.bandwidth;
  const kText =
    kernel === 'gaussian'
      ? w.t('高斯核 K(u) = (1/√(2π)) exp(−u²/2)', 'the Gaussian kernel K(u) = (1/√(2π)) exp(−u²/2)')
      : w.t('Epanechnikov 核 K(u) = (3/4)(1 − u²)，|u| ≤ 1', 'the Epanechnikov kernel K(u) = (3/4)(1 − u²) for |u| ≤ 1');
  let bText: string;
  if (typeof bw === 'number') bText = w.t(`带宽固定为 h = ${fmt(bw)}`, `a fixed bandwidth h = ${fmt(bw)}`);
  else if (bw === 'scott')
    bText = w.t(
      `带宽按 Scott 规则（R 的 bw.nrd）h = 1.06 min(s, IQR/1.34) n^(−1/5) 选取${w.cite('kdeScott')}`,
      `the bandwidth of Scott's rule (R bw.nrd), h = 1.06 min(s, IQR/1.34) n^(−1/5)${w.cite('kdeScott')}`,
    );
  else
    bText = w.t(
      `带宽按 Silverman 经验法则（与 R 的 bw.nrd0 一致）h = 0.9 min(s, IQR/1.34) n^(−1/5) 选取${w.cite('kde')}`,
      `the bandwidth of Silverman's rule of thumb (as R bw.nrd0), h = 0.9 min(s, IQR/1.34) n^(−1/5)${w.cite('kde')}`,
    );
  const grid = num(sec.gridSize) ?? 512;
  const byGroup = sec.byGroup !== false && w.has('theil_groups') ? true : sec.byGroup !== false;
  return {
    heading: w.t('分布动态演进', 'Distributional dynamics'),
    sentences: [
      w.t(
        `采用核密度估计刻画${w.scoreLabel(w.scoresOf(sec))}分布的动态演进：f̂(x) = (1/(nh)) Σ_i K((x − x_i)/h)，选用${kText}，${bText}；各期在 ${grid} 个等距格点上估计${byGroup ? '，并分区域分别估计' : ''}。`,
        'Kernel density estimation, f̂(x) = (1/(nh)) Σ_i K((x − x_i)/h), describes how the distribution ' +
          `of ${w.list(w.scoresOf(sec).map((c) => w.the(c)))} evolves, with ${kText} and ${bText}; each period is ` +
          `estimated on a common grid of ${grid} points${byGroup ? ', overall and by region' : ''}.`,
      ),
    ],
  };
}

export const densityAnalysis = analysis({
  key: 'density',
  title: { zh: '分布动态（核密度）', en: 'Distribution dynamics (kernel density)' },
  spec: DensitySpec,
  tables: [DENSITY, DENSITY_BANDWIDTH],
  run,
  methods,
});

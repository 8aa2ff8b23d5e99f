/** analyses.markov: class transitions of a score (traditional Markov chain) and, with weights, the spatial Markov chain. */
import { z } from 'zod';
import { needWeights, periodCell, scoreColumn, type AnalysisContext, type AnalysisTable } from '../context.js';
import { analysis, cat, L, table, type PaperContext, type PaperTable, type Row, type MethodsParagraph, type MethodsWriter } from '../descriptor.js';
import { str, num, val, type Loose } from '../../core/loose.js';
import { markov, markovClasses, spatialLag, spatialMarkov } from './index.js';
import { field } from '../../core/field-text.js';

export const MarkovSpec = z
  .strictObject({
    score: z
      .string()
      .optional()
      .meta(
        field({
          en: ['Score', 'Score whose classes move. Default: analyses.score.'],
          zh: ['得分', '划分等级并考察其转移的得分。默认：分析的得分（analyses.score）。'],
        }),
      ),
    classes: z
      .number()
      .int()
      .min(2)
      .max(10)
      .default(4)
      .meta(field({ en: ['Classes (k)', 'Number of classes k. Default: 4.'], zh: ['等级数 k', '等级数 k。默认：4。'] })),
    breaks: z
      .union([z.enum(['period', 'pooled']), z.array(z.number())])
      .default('period')
      .meta(
        field({
          en: [
            'Class breaks',
            'Class breaks: quantiles per period, quantiles of all periods pooled (R type 7, right-closed), or given inner breaks. Default: period.',
          ],
          zh: ['等级划分', '等级划分：逐期分位数、全部时期合并的分位数（R type 7，右闭）或给定的内部断点。默认：逐期分位数。'],
          values: { period: ['quantiles per period', '逐期分位数'], pooled: ['quantiles of all periods', '全部时期分位数'] },
        }),
      ),
    spatial: z
      .boolean()
      .default(false)
      .meta(
        field({
          en: ['Spatial Markov chain', 'Also the spatial Markov chain conditioned on the class of the spatial lag (needs weights). Default: false.'],
          zh: ['空间马尔可夫链', '同时估计以空间滞后等级为条件的空间马尔可夫链（需要空间权重）。默认：否。'],
        }),
      ),
  })
  .meta(
    field({
      en: ['Markov chain', 'Traditional (and spatial) Markov chain: transition counts, probabilities, ergodic distribution.'],
      zh: ['马尔可夫链', '传统（及空间）马尔可夫链：转移频数、转移概率与遍历分布。'],
    }),
  );
export type MarkovSpec = z.output<typeof MarkovSpec>;

const score = { kind: 'text', zh: '得分', en: 'Score', ref: 'node' } as const;
/** Condition labels: `all` and `lag class 1` … `lag class 10` (classes ≤ 10). */
const CONDITIONS: Record<string, { zh: string; en: string }> = {
  all: { zh: '全部（无空间条件）', en: 'All (unconditional)' },
  ...Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`lag class ${i + 1}`, { zh: `邻域类型 ${i + 1}`, en: `Neighbours' class ${i + 1}` }])),
};
const condition = { kind: 'text', zh: '条件', en: 'Condition', values: CONDITIONS } as const;
const NO_TRANSITIONS = 'no transitions from this class';
/** Notes of the Markov tables (labelled part by part). */
const note = {
  kind: 'text',
  zh: '说明',
  en: 'Note',
  values: {
    [NO_TRANSITIONS]: { zh: '该类型无转出', en: NO_TRANSITIONS },
    'ergodic distribution not-unique': { zh: '稳态分布不唯一', en: 'ergodic distribution not-unique' },
    'ergodic distribution empty-rows': { zh: '稳态分布无法确定（存在无转出观测的类型）', en: 'ergodic distribution empty-rows' },
    'no transitions observed: the stationary distribution is undetermined': {
      zh: '无转移观测，稳态分布无法确定',
      en: 'no transitions observed: the stationary distribution is undetermined',
    },
    'the first period has no classified unit: initial distribution is all 0': {
      zh: '首期无已分类单元，初期分布全为 0',
      en: 'the first period has no classified unit: initial distribution is all 0',
    },
    'the last period has no classified unit: final distribution is all 0': {
      zh: '末期无已分类单元，末期分布全为 0',
      en: 'the last period has no classified unit: final distribution is all 0',
    },
  },
  patterns: [
    {
      re: /^the chain has (\d+) closed classes \((.*)\): the stationary distribution is not unique$/,
      zh: '马尔可夫链有 $1 个闭类（$2），稳态分布不唯一',
      en: '$0',
    },
    {
      re: /^class (\d+) has no observed transitions out of it but is entered from class (\d+): the stationary distribution is undetermined$/,
      zh: '类型 $1 无转出观测但可由类型 $2 进入，稳态分布无法确定',
      en: '$0',
    },
    {
      re: /^classe?s? (.*) never observed at the start of a transition and never entered: left out \(π = 0\)$/,
      zh: '类型 $1 既非转移起点也未被进入，不计入（π = 0）',
      en: '$0',
    },
    { re: /^classe?s? (.*) transient: π = 0$/, zh: '类型 $1 为暂态，π = 0', en: '$0' },
    { re: /^the closed class is periodic \(period (\d+)\):.*$/, zh: '闭类具有周期性（周期 $1）：π 为平稳分布，但多步转移不收敛于 π', en: '$0' },
    { re: /^(\d+) transitions? skipped because a class was missing$/, zh: '$1 次转移因类型缺失而跳过', en: '$0' },
  ],
} as const;

/** markov_transitions.csv: counts and probabilities of each class transition (all, then per lag class). */
export const MARKOV_TRANSITIONS = table({
  name: 'markov_transitions',
  file: 'markov_transitions.csv',
  zh: '马尔可夫转移概率矩阵',
  en: 'Markov transition probabilities',
  report: true,
  columns: {
    score,
    condition,
    from_class: { kind: 'int', zh: 't 期类型', en: 'From class' },
    to_class: { kind: 'int', zh: 't+1 期类型', en: 'To class' },
    count: { kind: 'int', zh: '转移数', en: 'Count' },
    probability: { kind: 'num', zh: '转移概率', en: 'Probability' },
    from_total: { kind: 'int', zh: '期初单元数', en: 'From total' },
    note,
  },
});

/** markov_summary.csv: initial, final and ergodic class distributions. */
export const MARKOV_SUMMARY = table({
  name: 'markov_summary',
  file: 'markov_summary.csv',
  zh: '类型分布与稳态分布',
  en: 'Class distributions and ergodic distribution',
  report: true,
  columns: {
    score,
    condition,
    class: { kind: 'int', zh: '类型', en: 'Class' },
    initial: { kind: 'num', zh: '初期分布', en: 'Initial' },
    final: { kind: 'num', zh: '末期分布', en: 'Final' },
    ergodic: { kind: 'num', zh: '稳态分布', en: 'Ergodic' },
    note,
  },
});

/** markov_classes.csv: each unit-period's score (column named by the score code) and class. */
export const MARKOV_CLASSES = table({
  name: 'markov_classes',
  file: 'markov_classes.csv',
  zh: '各单元的类型',
  en: 'Class of each unit',
  columns: {
    unit: { kind: 'text', zh: '单元', en: 'Unit', ref: 'unit' },
    period: { kind: 'period', zh: '时期', en: 'Period' },
    value: { kind: 'num', zh: '得分', en: 'Score', spread: true },
    class: { kind: 'int', zh: '类型', en: 'Class' },
    lag_class: { kind: 'int', zh: '空间滞后类型', en: 'Lag class', optional: true },
  },
});

/** markov_breaks.csv: the inner class breaks of each period (break_1 … break_{k−1}). */
export const MARKOV_BREAKS = table({
  name: 'markov_breaks',
  file: 'markov_breaks.csv',
  zh: '类型划分断点',
  en: 'Class breaks',
  report: true,
  columns: { score, period: { kind: 'period', zh: '时期', en: 'Period' }, breaks: { kind: 'num', zh: '断点', en: 'Break', spread: true } },
});

/** 1-based class for the tables; empty for an unclassified (missing) unit-period. */
const classCell = (c: number): number | null => (c < 0 ? null : c + 1);

/** The spatial Markov chain needs spatial weights. */
function requires(spec: MarkovSpec): { weights: boolean } {
  return { weights: spec.spatial };
}

function run(ctx: AnalysisContext, spec: MarkovSpec): AnalysisTable[] {
  const path = 'analyses.markov';
  const P = ctx.scores;
  const nU = P.units.length;
  const nT = P.periods.length;
  const code = spec.score ?? ctx.spec.score ?? ctx.result.framework.root;
  const col = scoreColumn(ctx, code, spec.score ? `${path}.score` : 'analyses.score');
  const k = spec.classes;
  const values = P.periods.map((_, t) => col.subarray(t * nU, (t + 1) * nU));
  // Missing scores: no class for that unit-period; transitions into or out of it are skipped (noted).
  const cls = markovClasses(values, { k, breaks: spec.breaks, dropMissing: true });
  const m = markov(cls.classes, k, nU);
  const trans: Row<typeof MARKOV_TRANSITIONS.columns>[] = [];
  const addMatrix = (condition: string, counts: Float64Array, probs: Float64Array, totals: Float64Array) => {
    for (let i = 0; i < k; i++)
      for (let j = 0; j < k; j++)
        trans.push({
          score: code,
          condition,
          from_class: i + 1,
          to_class: j + 1,
          count: counts[i * k + j],
          probability: probs[i * k + j],
          from_total: totals[i],
          note: totals[i] === 0 ? NO_TRANSITIONS : '',
        });
  };
  addMatrix('all', m.counts, m.probabilities, m.rowTotals);
  const summary: Row<typeof MARKOV_SUMMARY.columns>[] = [];
  const noteOf = (ergodicStatus: string, ok: boolean, notes: string[]) =>
    [ok ? '' : `ergodic distribution ${ergodicStatus}`, ...notes].filter(Boolean).join('; ');
  for (let i = 0; i < k; i++)
    summary.push({
      score: code,
      condition: 'all',
      class: i + 1,
      initial: m.initial[i],
      final: m.final[i],
      ergodic: m.ergodic ? m.ergodic[i] : null,
      note: noteOf(m.ergodicStatus, !!m.ergodic, m.notes),
    });
  if (cls.dropped)
    ctx.warn({
      code: 'W_MARKOV_MISSING',
      message: `${path}: ${cls.dropped} unit-period${cls.dropped > 1 ? 's' : ''} of ${code} missing; left unclassified and their transitions skipped`,
      location: { path },
    });
  let lagCls: Int32Array | undefined;
  if (requires(spec).weights) {
    const W = needWeights(ctx, `${path}.spatial`);
    // The lag is missing where a neighbour's score is missing; that unit-period has no lag class.
    const lagValues = values.map((x) => spatialLag(x, W, { dropMissing: true }).lag);
    const lc = markovClasses(lagValues, { k, breaks: spec.breaks, dropMissing: true });
    lagCls = lc.classes;
    const sm = spatialMarkov(cls.classes, lagCls, k, nU);
    sm.conditions.forEach((c, ci) => {
      addMatrix(`lag class ${ci + 1}`, c.counts, c.probabilities, c.rowTotals);
      for (let i = 0; i < k; i++)
        summary.push({
          score: code,
          condition: `lag class ${ci + 1}`,
          class: i + 1,
          initial: null,
          final: null,
          ergodic: c.ergodic ? c.ergodic[i] : null,
          note: noteOf(c.ergodicStatus, !!c.ergodic, c.notes),
        });
    });
  }
  const classRows: Row<typeof MARKOV_CLASSES.columns>[] = [];
  for (let t = 0; t < nT; t++)
    for (let u = 0; u < nU; u++)
      classRows.push({
        unit: P.units[u],
        period: periodCell(P.periods[t]),
        value: [col[t * nU + u]],
        class: classCell(cls.classes[t * nU + u]),
        lag_class: lagCls ? classCell(lagCls[t * nU + u]) : undefined,
      });
  const breaks = cls.breaks.map((b, t) => ({ score: code, period: periodCell(P.periods[t]), breaks: Array.from(b) }));
  return [
    MARKOV_TRANSITIONS.build(trans),
    MARKOV_SUMMARY.build(summary),
    MARKOV_CLASSES.build(classRows, { spread: { value: [code] }, include: lagCls ? ['lag_class'] : [] }),
    MARKOV_BREAKS.build(breaks, { spread: { breaks: Array.from({ length: k - 1 }, (_, j) => `break_${j + 1}`) } }),
  ];
}

/**
 * The transition matrices as paper tables: the traditional matrix (rows: class at t with its
 * number of departures n; columns: class at t+1; last row the ergodic distribution) and, for
 * the spatial Markov chain, one block per neighbours' class.
 */
function paperTables(c: PaperContext): PaperTable[] {
  const tt = c.table(MARKOV_TRANSITIONS.name);
  if (!tt) return [];
  const tr = MARKOV_TRANSITIONS.read(tt).rows;
  const st = c.table(MARKOV_SUMMARY.name);
  const sm = st ? MARKOV_SUMMARY.read(st).rows : [];
  const k = Math.max(0, ...tr.map((r) => Number(r.to_class) || 0));
  if (!k) return [];
  const classes = Array.from({ length: k }, (_, j) => j + 1);
  const cls = (i: number) => L(c, `类型 ${i}`, `Class ${i}`);
  const sc = tr[0]?.score;
  const subject = sc != null ? String(c.ref('node', sc)) : '';
  const block = (cond: string): PaperTable['rows'] => {
    const rows: PaperTable['rows'] = classes.map((i) => {
      const row = tr.filter((r) => r.condition === cond && Number(r.from_class) === i);
      return [cls(i), row[0]?.from_total ?? null, ...classes.map((j) => row.find((r) => Number(r.to_class) === j)?.probability ?? null)];
    });
    const erg = sm.filter((r) => r.condition === cond);
    if (erg.some((r) => typeof r.ergodic === 'number'))
      rows.push([L(c, '稳态分布', 'Ergodic'), null, ...classes.map((j) => erg.find((r) => Number(r.class) === j)?.ergodic ?? null)]);
    return rows;
  };
  const head = [L(c, 't 期类型', 'Class at t'), L(c, '转出数 n', 'n'), ...classes.map((j) => L(c, `t+1 期类型 ${j}`, `Class ${j} at t+1`))];
  const formats: PaperTable['columnFormats'] = ['text', 'int', ...classes.map(() => 'num' as const)];
  const note = L(
    c,
    `注：类型 1 至 ${k} 按得分由低到高划分；n 为 t 期处于该类型、t+1 期亦有类型的单元–时期数，转移概率 P_ij = n_ij/n_i（Quah，1993）。`,
    `Note: classes 1 to ${k} from the lowest scores to the highest; n counts the unit-periods in the class at t with a class at t + 1; P_ij = n_ij/n_i (Quah, 1993).`,
  );
  const out: PaperTable[] = [
    {
      caption: c.zh ? cat(subject, subject ? '的' : '', '传统马尔可夫转移概率矩阵') : `Markov transition probabilities${subject ? `: ${subject}` : ''}`,
      header: head,
      rows: block('all'),
      columnFormats: formats,
      notes: [note],
    },
  ];
  const conds = [...new Set(tr.map((r) => String(r.condition)))].filter((x) => x !== 'all');
  if (conds.length) {
    const rows: PaperTable['rows'] = [];
    for (const cond of conds) block(cond).forEach((r, i) => rows.push([i === 0 ? MARKOV_TRANSITIONS.value('condition', cond, c.lang) : '', ...r]));
    out.push({
      caption: c.zh ? cat(subject, subject ? '的' : '', '空间马尔可夫转移概率矩阵') : `Spatial Markov transition probabilities${subject ? `: ${subject}` : ''}`,
      header: [L(c, '邻域类型', "Neighbours' class"), ...head],
      rows,
      columnFormats: ['text', ...formats],
      notes: [
        note,
        L(
          c,
          '邻域类型为单元 t 期空间滞后值（邻居得分的加权平均）所属的类型（Rey，2001）。',
          "The neighbours' class is the class of the unit's spatial lag (weighted mean of its neighbours' scores) at t (Rey, 2001).",
        ),
      ],
    });
  }
  return out;
}

/** The methods paragraph (report and tables.docx) from the recorded section `sec`. */
function methods(sec: Loose, w: MethodsWriter): MethodsParagraph {
  const k = num(sec.classes) ?? 4;
  const br = sec.breaks;
  const brText = Array.isArray(br)
    ? w.t(`以给定分界点 ${val(br)} 划分`, `by the given breaks ${val(br)}`)
    : br === 'pooled'
      ? w.t('按全部时期合并后的分位数划分', 'by quantiles of all periods pooled')
      : w.t('按各期分位数划分', 'by quantiles within each period');
  const s: string[] = [
    w.t(
      `构建马尔可夫链${w.cite('markov')}考察${w.scoreLabel([str(sec.score) ?? w.defaultScore])}的类型转移：将各期得分${brText}为 ${k} 个类型，` +
        '转移概率 P_ij = n_ij/n_i，其中 n_ij 为由 t 期类型 i 转为 t+1 期类型 j 的单元数，n_i 为 t 期处于类型 i 的单元总数，并计算稳态（遍历）分布。',
      `A Markov chain${w.cite('markov')} describes transitions ` +
        `of ${w.the(str(sec.score) ?? w.defaultScore)} between ${k} classes formed ${brText}: P_ij = n_ij/n_i, where ` +
        'n_ij counts units moving from class i in period t to class j in t + 1 and n_i counts units in class i in ' +
        'period t; the ergodic distribution is also reported.',
    ),
  ];
  if (sec.spatial === true)
    s.push(
      w.t(
        `进一步构建空间马尔可夫链${w.cite('spatialMarkov')}，以单元上一期空间滞后值（Σ_j w_ij y_j）所属类型为条件，将转移概率矩阵分解为 ${k} 个 ${k}×${k} 条件转移矩阵，以考察邻域背景对类型转移的影响。`,
        `The spatial Markov chain${w.cite('spatialMarkov')} conditions the transitions on the class of each unit's ` +
          `spatial lag (Σ_j w_ij y_j) at the start of the transition, giving ${k} conditional ${k}×${k} matrices that ` +
          'show how the neighbourhood shapes transitions.',
      ),
    );
  return { heading: w.t('马尔可夫链分析', 'Markov chains'), sentences: s };
}

export const markovAnalysis = analysis({
  key: 'markov',
  title: { zh: '马尔可夫链', en: 'Markov chains' },
  spec: MarkovSpec,
  tables: [MARKOV_TRANSITIONS, MARKOV_SUMMARY, MARKOV_CLASSES, MARKOV_BREAKS],
  run,
  methods,
  requires,
  paperTables,
});

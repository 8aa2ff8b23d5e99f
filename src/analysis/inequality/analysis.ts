/** analyses.inequality: Gini, CV, Dagum decomposition and Theil T/L decomposition per score and period. */
import { z } from 'zod';
import { NqpfError } from '../../core/errors.js';
import { mean as meanOf } from '../../kernels/sum.js';
import { groups, periodCell, scoreColumn, sectionScores, Scores, type AnalysisContext, type Cell } from '../context.js';
import {
  analysis,
  cat,
  L,
  manyScores,
  paperCell,
  type PaperContext,
  type PaperTable,
  type Row,
  type MethodsParagraph,
  type MethodsWriter,
} from '../descriptor.js';
import { arr, type Loose } from '../../core/loose.js';
import { cv, dagum, gini, theil } from './index.js';
import { field } from '../../core/field-text.js';
import { DAGUM_GROUPS, INEQUALITY, THEIL_GROUPS } from './tables.js';

export { DAGUM_GROUPS, INEQUALITY, THEIL_GROUPS };

export const InequalitySpec = z
  .strictObject({
    scores: Scores,
    measures: z
      .array(z.enum(['gini', 'dagum', 'theil', 'cv']))
      .default(['gini', 'dagum', 'theil', 'cv'])
      .meta(
        field({
          en: ['Measures', 'Measures per period. Default: all.'],
          zh: ['测度', '逐期计算的测度。默认：全部。'],
          values: {
            gini: ['Gini coefficient', '基尼系数'],
            dagum: ['Dagum Gini decomposition', 'Dagum 基尼系数分解'],
            theil: ['Theil index decomposition', '泰尔指数分解'],
            cv: ['coefficient of variation', '变异系数'],
          },
        }),
      ),
    groups: z
      .array(z.string().min(1))
      .min(1)
      .optional()
      .meta(
        field({
          en: [
            'Groupings',
            'Unit attributes by which the Dagum and Theil decompositions are computed, one decomposition each (e.g. [region, province]: ' +
              'by the NBS regions and by province); the tables then have a column grouping and the report a grouping selector. ' +
              'Default: [analyses.group].',
          ],
          zh: [
            '分组方式',
            'Dagum 基尼系数与泰尔指数分解所依据的单元属性，每个属性各分解一次（如先按四大区域、再按省份）；' +
              '此时各表增加“分组方式”列，报告中可切换分组方式。默认：[分析的分组]（analyses.group）。',
          ],
        }),
      ),
  })
  .meta(
    field({
      en: ['Regional differences', 'Gini, Dagum Gini decomposition, Theil T/L decomposition and CV per period (by group).'],
      zh: ['区域差异', '逐期（分组）的基尼系数、Dagum 基尼系数分解、泰尔指数 T/L 分解与变异系数。'],
    }),
  );
export type InequalitySpec = z.output<typeof InequalitySpec>;

/** Run f; a data-dependent NqpfError becomes a NaN row with its message as the note. */
function attempt<T>(f: () => T): { value?: T; note: string } {
  try {
    return { value: f(), note: '' };
  } catch (e) {
    if (e instanceof NqpfError) return { note: `${e.code}: ${e.message}` };
    throw e;
  }
}

const DAGUM_COLS = ['dagum_G', 'dagum_Gw', 'dagum_Gnb', 'dagum_Gt', 'share_Gw', 'share_Gnb', 'share_Gt'] as const;
const THEIL_COLS = [
  'theil_T',
  'theil_T_within',
  'theil_T_between',
  'theil_T_between_share',
  'theil_L',
  'theil_L_within',
  'theil_L_between',
  'theil_L_between_share',
] as const;

const PATH = 'analyses.inequality';

/** The section's own groupings (`groups`), each with its spec path; undefined: analyses.group (else units.group). */
function groupings(spec: InequalitySpec): { attr: string; path: string }[] | undefined {
  return spec.groups?.map((attr, i) => ({ attr, path: `${PATH}.groups.${i}` }));
}

/** The Dagum and Theil decompositions need unit groups: the section's `groups`, else analyses.group. */
function requires(spec: InequalitySpec): { groups: boolean | { attr: string; path: string }[] } {
  const need = spec.measures.includes('dagum') || spec.measures.includes('theil');
  return { groups: need && (groupings(spec) ?? true) };
}

type GroupIndex = ReturnType<typeof groups>;

function run(ctx: AnalysisContext, spec: InequalitySpec) {
  const path = PATH;
  const codes = sectionScores(ctx, spec.scores, path);
  const m = new Set(spec.measures);
  const need = requires(spec).groups;
  const own = Array.isArray(need) ? need : undefined;
  // One decomposition per grouping; [undefined]: no decomposition asked for (Gini and CV only).
  const gs: (GroupIndex | undefined)[] = own ? own.map((by) => groups(ctx, path, by)) : need ? [groups(ctx, path)] : [undefined];
  const P = ctx.scores;
  const nU = P.units.length;
  const overall: Row<typeof INEQUALITY.columns>[] = [];
  const dagumPairs: Row<typeof DAGUM_GROUPS.columns>[] = [];
  const theilGroups: Row<typeof THEIL_GROUPS.columns>[] = [];
  for (const code of codes) {
    const col = scoreColumn(ctx, code, path);
    // Gini and CV do not depend on the grouping: computed once per period.
    const base = P.periods.map((label, t) => {
      const x = col.subarray(t * nU, (t + 1) * nU);
      const notes: string[] = [];
      const row: Row<typeof INEQUALITY.columns> = { score: code, period: periodCell(label), n: nU, mean: meanOf(x), note: '' };
      if (m.has('gini')) {
        const r = attempt(() => gini(x));
        if (r.note) notes.push(r.note);
        row.gini = r.value?.value ?? NaN;
      }
      if (m.has('cv')) {
        const r = attempt(() => cv(x));
        if (r.note) notes.push(r.note);
        row.cv = r.value?.value ?? NaN;
      }
      return { x, row, notes };
    });
    for (const g of gs) {
      const by = own ? { grouping: g!.attr } : {};
      P.periods.forEach((label, t) => {
        const { x } = base[t];
        const notes = [...base[t].notes];
        const row: Row<typeof INEQUALITY.columns> = { ...base[t].row, ...by };
        if (m.has('dagum')) {
          const r = attempt(() => dagum(x, g!.index, g!.labels));
          if (r.note) notes.push(r.note);
          const dg = r.value;
          Object.assign(row, {
            dagum_G: dg?.gini ?? NaN,
            dagum_Gw: dg?.gw ?? NaN,
            dagum_Gnb: dg?.gnb ?? NaN,
            dagum_Gt: dg?.gt ?? NaN,
            share_Gw: dg?.shares.within ?? NaN,
            share_Gnb: dg?.shares.netBetween ?? NaN,
            share_Gt: dg?.shares.transvariation ?? NaN,
          } satisfies Partial<typeof row>);
          if (dg) {
            notes.push(...dg.notes);
            const k = dg.labels.length;
            for (let j = 0; j < k; j++) {
              for (let h = j; h < k; h++) {
                const within = j === h;
                dagumPairs.push({
                  score: code,
                  ...by,
                  period: periodCell(label),
                  group_j: dg.labels[j],
                  group_h: dg.labels[h],
                  kind: within ? 'within' : 'between',
                  n_j: dg.count[j],
                  n_h: dg.count[h],
                  mean_j: dg.mean[j],
                  mean_h: dg.mean[h],
                  G_jh: dg.giniMatrix[j * k + h],
                  D_jh: within ? null : dg.relativeAffluence[j * k + h],
                  contribution_nb_or_w: within ? dg.withinContribution[j] : dg.netBetweenMatrix[j * k + h],
                  contribution_t: within ? null : dg.transvariationMatrix[j * k + h],
                });
              }
            }
          }
        }
        if (m.has('theil')) {
          const r = attempt(() => theil(x, g!.index, g!.labels));
          if (r.note) notes.push(r.note);
          const th = r.value;
          Object.assign(row, {
            theil_T: th?.T.total ?? NaN,
            theil_T_within: th?.T.within ?? NaN,
            theil_T_between: th?.T.between ?? NaN,
            theil_T_between_share: th?.T.betweenShare ?? NaN,
            theil_L: th?.L?.total ?? NaN,
            theil_L_within: th?.L?.within ?? NaN,
            theil_L_between: th?.L?.between ?? NaN,
            theil_L_between_share: th?.L?.betweenShare ?? NaN,
          } satisfies Partial<typeof row>);
          if (th) {
            notes.push(...th.notes);
            th.labels.forEach((lab, i) =>
              theilGroups.push({
                score: code,
                ...by,
                period: periodCell(label),
                group: lab,
                n: th.count[i],
                mean: th.groupMean[i],
                T_group: th.T.group[i],
                T_weight: th.T.weight[i],
                T_contribution: th.T.contribution[i],
                T_contribution_share: th.T.contributionShare[i],
                L_group: th.L?.group[i] ?? NaN,
                L_weight: th.L?.weight[i] ?? NaN,
                L_contribution: th.L?.contribution[i] ?? NaN,
                L_contribution_share: th.L?.contributionShare[i] ?? NaN,
              }),
            );
            if (!th.L) notes.push('Theil L not defined: zero values present');
          }
        }
        row.note = [...new Set(notes)].join('; ');
        overall.push(row);
      });
    }
  }
  const withGrouping = own ? (['grouping'] as const) : [];
  const include = [
    ...withGrouping,
    ...(m.has('gini') ? (['gini'] as const) : []),
    ...(m.has('cv') ? (['cv'] as const) : []),
    ...(m.has('dagum') ? DAGUM_COLS : []),
    ...(m.has('theil') ? THEIL_COLS : []),
  ];
  const out = [INEQUALITY.build(overall, { include })];
  if (m.has('dagum')) out.push(DAGUM_GROUPS.build(dagumPairs, { include: withGrouping }));
  if (m.has('theil')) out.push(THEIL_GROUPS.build(theilGroups, { include: withGrouping }));
  return out;
}

/**
 * Dagum table (G and its parts with shares) and Theil/CV table, per period; with several groupings
 * (`groups`) these tables once per grouping, the grouping named in their captions.
 */
function paperTables(c: PaperContext): PaperTable[] {
  const t = c.table(INEQUALITY.name);
  if (!t) return [];
  const k = t.header.indexOf('grouping');
  if (k < 0) return groupingTables(c, '');
  const values = [...new Set(t.rows.map((r) => r[k]))];
  return values.flatMap((g) => {
    const lab = String(paperCell(c, INEQUALITY, 'grouping', g));
    return groupingTables(onlyGrouping(c, g), L(c, `（按${lab}分组）`, ` (by ${lab})`));
  });
}

/** The context `c` with the rows of grouping `g` only, the grouping column removed (so the tables read as for one grouping). */
function onlyGrouping(c: PaperContext, g: Cell): PaperContext {
  return {
    ...c,
    table: (name) => {
      const t = c.table(name);
      const k = t ? t.header.indexOf('grouping') : -1;
      if (!t || k < 0) return t;
      const drop = <T>(xs: T[]): T[] => xs.filter((_, j) => j !== k);
      return { header: drop(t.header), rows: t.rows.filter((r) => r[k] === g).map(drop) };
    },
  };
}

/** The paper tables of one grouping; `by` ends their captions. */
function groupingTables(c: PaperContext, by: string): PaperTable[] {
  const t = c.table(INEQUALITY.name);
  if (!t) return [];
  const r = INEQUALITY.read(t);
  const out: PaperTable[] = [];
  const multi = manyScores(r.rows);
  const sc = r.rows[0]?.score;
  const subject = sc != null && !multi ? c.name(String(sc)) : '';
  type Key = keyof typeof INEQUALITY.columns & string;
  const pick = (cols: Key[]): Pick<PaperTable, 'header' | 'rows' | 'columnFormats'> | undefined => {
    const present = cols.filter((k) => r.has(k));
    if (!present.length) return undefined;
    const header = [
      ...(multi ? [INEQUALITY.label('score', c.lang)] : []),
      INEQUALITY.label('period', c.lang),
      ...present.map((k) => INEQUALITY.label(k, c.lang)),
    ];
    const rows = r.rows.map((x) => [...(multi ? [c.ref('node', x.score)] : []), x.period, ...present.map((k) => x[k as Exclude<Key, never>])]);
    const columnFormats = [...(multi ? ['text' as const] : []), 'text' as const, ...present.map((k) => INEQUALITY.format(k))];
    return { header, rows, columnFormats };
  };
  const dagumT = pick([...DAGUM_COLS]);
  if (dagumT)
    out.push({
      caption:
        L(c, cat(subject, subject ? '的' : '', 'Dagum 基尼系数及其分解'), `Dagum Gini coefficient and its decomposition${subject ? `: ${subject}` : ''}`) + by,
      ...dagumT,
      notes: [
        L(c, '注：G = G_w + G_nb + G_t；贡献率为各部分占 G 的比重（Dagum，1997）。', 'Note: G = G_w + G_nb + G_t; shares are each part over G (Dagum, 1997).'),
      ],
    });
  const pairs = dagumPairsTable(c, subject);
  if (pairs) out.push({ ...pairs, caption: pairs.caption + by });
  const theilCols: Key[] = ['gini', 'theil_T', 'theil_T_within', 'theil_T_between', 'theil_T_between_share', 'theil_L', 'cv'];
  const theilT = pick(theilCols.filter((k) => !(k === 'gini' && dagumT)));
  if (theilT)
    out.push({
      caption: L(c, cat(subject, subject ? '的' : '', '泰尔指数与变异系数'), `Theil indices and coefficient of variation${subject ? `: ${subject}` : ''}`) + by,
      ...theilT,
      notes: [L(c, '注：T = T_w + T_b（Theil，1967）；L 为平均对数偏差。', 'Note: T = T_w + T_b (Theil, 1967); L is the mean log deviation.')],
    });
  return out;
}

/**
 * The within-region and between-region Gini coefficients of the Dagum decomposition per period
 * (G_jj of each group, G_jh of each pair, in the order of the groups' means) with the
 * contribution shares of G_w, G_nb and G_t — the table these papers print.
 */
function dagumPairsTable(c: PaperContext, subject: string): PaperTable | undefined {
  const t = c.table(DAGUM_GROUPS.name);
  if (!t) return undefined;
  const g = DAGUM_GROUPS.read(t).rows;
  if (!g.length) return undefined;
  const it = c.table(INEQUALITY.name);
  const ineq = it ? INEQUALITY.read(it) : undefined;
  const multi = manyScores(g);
  const key = (r: { score: unknown; period: unknown }) => `${String(r.score)}\u0000${String(r.period)}`;
  // One pass over the rows (a province grouping has 31 groups and 465 pairs a period): groups and
  // pairs in order of first appearance, each slot's (score, period) G_jh by group or pair, its first row.
  const pairKey = (a: unknown, b: unknown) => `${String(a)}\u0000${String(b)}`;
  const groups: string[] = [];
  const pairs: [string, string][] = [];
  const seenGroups = new Set<string>();
  const seenPairs = new Set<string>();
  const slots = new Map<string, { first: (typeof g)[number]; within: Map<string, (typeof g)[number]>; between: Map<string, (typeof g)[number]> }>();
  for (const r of g) {
    const sk = key(r);
    let slot = slots.get(sk);
    if (!slot) slots.set(sk, (slot = { first: r, within: new Map(), between: new Map() }));
    if (r.kind === 'within') {
      const x = String(r.group_j);
      if (!seenGroups.has(x)) {
        seenGroups.add(x);
        groups.push(x);
      }
      if (!slot.within.has(x)) slot.within.set(x, r);
    } else if (r.kind === 'between') {
      const pk = pairKey(r.group_j, r.group_h);
      if (!seenPairs.has(pk)) {
        seenPairs.add(pk);
        pairs.push([String(r.group_j), String(r.group_h)]);
      }
      if (!slot.between.has(pk)) slot.between.set(pk, r);
    }
  }
  const gname = (x: string) => String(paperCell(c, DAGUM_GROUPS, 'group_j', x));
  const shares = (['share_Gw', 'share_Gnb', 'share_Gt'] as const).filter((k) => ineq?.has(k));
  const ineqOf = new Map<string, NonNullable<typeof ineq>['rows'][number]>();
  for (const r of ineq?.rows ?? []) {
    const sk = key(r);
    if (!ineqOf.has(sk)) ineqOf.set(sk, r);
  }
  const rows = [...slots].map(([sl, { first, within: w, between: b }]) => {
    const within = groups.map((x) => w.get(x)?.G_jh ?? null);
    const between = pairs.map(([x, y]) => b.get(pairKey(x, y))?.G_jh ?? null);
    const ir = ineqOf.get(sl);
    return [...(multi ? [paperCell(c, DAGUM_GROUPS, 'score', first.score)] : []), first.period, ...within, ...between, ...shares.map((k) => ir?.[k] ?? null)];
  });
  const header = [
    ...(multi ? [DAGUM_GROUPS.label('score', c.lang)] : []),
    DAGUM_GROUPS.label('period', c.lang),
    ...groups.map((x) => L(c, `区域内 ${gname(x)}`, `Within ${gname(x)}`)),
    ...pairs.map(([a, b]) => L(c, `区域间 ${gname(a)}—${gname(b)}`, `Between ${gname(a)}–${gname(b)}`)),
    ...shares.map((k) => INEQUALITY.label(k, c.lang)),
  ];
  return {
    caption: L(
      c,
      cat(subject, subject ? '的' : '', '区域内与区域间差异（Dagum 基尼系数）'),
      `Within- and between-region Gini coefficients${subject ? `: ${subject}` : ''}`,
    ),
    header,
    rows,
    columnFormats: [...(multi ? ['text' as const] : []), 'text', ...header.slice(multi ? 2 : 1).map(() => 'num' as const)],
    notes: [
      L(
        c,
        '注：区域内为各区域内部的基尼系数 G_jj，区域间为两区域之间的基尼系数 G_jh；贡献率为区域内差异 G_w、区域间净值差异 G_nb 与超变密度 G_t 占总体基尼系数 G 的比重（Dagum，1997）。',
        'Note: within = Gini coefficient G_jj inside each region; between = Gini coefficient G_jh between two regions; ' +
          'shares are the within (G_w), net between (G_nb) and transvariation (G_t) parts over the overall G (Dagum, 1997).',
      ),
    ],
  };
}

/** The methods paragraph (report and tables.docx) from the recorded section `sec`. */
function methods(sec: Loose, w: MethodsWriter): MethodsParagraph {
  const measures = arr(sec.measures).length ? arr(sec.measures).map(String) : ['gini', 'dagum', 'theil', 'cv'];
  const s: string[] = [];
  const by = arr(sec.groups).map(String);
  const grouped = by.length ? w.list(by.map((g) => w.groupText(g))) : w.groupText();
  s.push(
    w.t(
      `为刻画${w.scoreLabel(w.scoresOf(sec))}的区域差异，逐期计算以下不平等指标，区域${grouped}${by.length > 1 ? '（各分组方式分别分解）' : ''}。`,
      `Regional disparities in ${w.list(w.scoresOf(sec).map((c) => w.the(c)))} were measured period by period, with units ${grouped}` +
        `${by.length > 1 ? ' (one decomposition for each grouping)' : ''}.`,
    ),
  );
  if (measures.includes('gini'))
    s.push(w.t('总体基尼系数 G = Σ_i Σ_r |y_i − y_r|/(2n²ȳ)。', 'The overall Gini coefficient is G = Σ_i Σ_r |y_i − y_r|/(2n²ȳ).'));
  if (measures.includes('dagum'))
    s.push(
      w.t(
        `采用 Dagum 基尼系数及其按子群分解方法${w.cite('dagum')}，将总体差异分解为区域内差异 G_w、区域间净值差异 G_nb 与超变密度 G_t 三部分，G = G_w + G_nb + G_t，其中区域间基尼系数 G_jh = Σ_i Σ_r |y_ji − y_hr|/(n_j n_h(ȳ_j + ȳ_h))，区域按均值升序排列。`,
        `The Dagum Gini decomposition${w.cite('dagum')} splits the overall Gini into within-region inequality G_w, net ` +
          'between-region inequality G_nb and transvariation G_t, G = G_w + G_nb + G_t, where the between-group Gini is ' +
          'G_jh = Σ_i Σ_r |y_ji − y_hr|/(n_j n_h(ȳ_j + ȳ_h)) and groups are ordered by their means.',
      ),
    );
  if (measures.includes('theil'))
    s.push(
      w.t(
        `泰尔指数${w.cite('theil')}T = (1/n) Σ_i (y_i/ȳ) ln(y_i/ȳ) 与平均对数偏差 L = (1/n) Σ_i ln(ȳ/y_i) 均可精确分解为组内与组间两部分，T = T_w + T_b。`,
        `The Theil index${w.cite('theil')} T = (1/n) Σ_i (y_i/ȳ) ln(y_i/ȳ) and the mean log deviation L = (1/n) Σ_i ` +
          'ln(ȳ/y_i) both decompose exactly into within- and between-group parts, T = T_w + T_b.',
      ),
    );
  if (measures.includes('cv'))
    s.push(w.t('变异系数 CV = s/ȳ（s 为样本标准差）。', 'The coefficient of variation is CV = s/ȳ, with s the sample standard deviation.'));
  return { heading: w.t('区域差异测度', 'Regional inequality'), sentences: s };
}

export const inequalityAnalysis = analysis({
  key: 'inequality',
  title: { zh: '区域差异', en: 'Regional inequality' },
  spec: InequalitySpec,
  tables: [INEQUALITY, DAGUM_GROUPS, THEIL_GROUPS],
  run,
  methods,
  requires,
  paperTables,
});

/** analyses.coupling: coupling degree C, comprehensive index T, coordination D = √(C·T) and its class per unit and period. */
import { z } from 'zod';
import { fail } from '../../core/errors.js';
import { periodCell, scoreColumn, type AnalysisContext, type AnalysisTable } from '../context.js';
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
import { arr, type Loose } from '../../core/loose.js';
import { coupling } from './coupling.js';
import { field } from '../../core/field-text.js';

export const CouplingSpec = z
  .strictObject({
    subsystems: z
      .array(z.string())
      .min(2)
      .meta(
        field({ en: ['Subsystems', 'Framework codes of the subsystems (scores on [0, 1]).'], zh: ['子系统', '各子系统的指标体系代码（得分在 [0, 1] 上）。'] }),
      ),
    alpha: z
      .array(z.number().nonnegative())
      .optional()
      .meta(
        field({
          en: ['Contributions (α)', 'Contribution of each subsystem to T. Default: equal.'],
          zh: ['贡献系数 α', '各子系统对综合发展指数 T 的贡献系数。默认：相等。'],
        }),
      ),
    corrected: z
      .boolean()
      .default(false)
      .meta(
        field({
          en: ['Corrected coupling degree', 'Use the corrected coupling degree (王淑佳 et al. 2021). Default: false.'],
          zh: ['修正的耦合度', '使用修正的耦合度（王淑佳等，2021）。默认：否。'],
        }),
      ),
  })
  .meta(
    field({
      en: ['Coupling coordination', 'Coupling coordination degree D = √(C·T) with ten classes.'],
      zh: ['耦合协调度', '耦合协调度 D = √(C·T)，分为十个等级。'],
    }),
  );
export type CouplingSpec = z.output<typeof CouplingSpec>;

/** coupling.csv: subsystem scores (one column per subsystem code), C, T, D and the class per unit and period. */
export const COUPLING = table({
  name: 'coupling',
  file: 'coupling.csv',
  zh: '耦合协调度',
  en: 'Coupling coordination degree',
  report: { omit: ['class_zh', 'class_en'] },
  columns: {
    unit: { kind: 'text', zh: '单元', en: 'Unit', ref: 'unit' },
    period: { kind: 'period', zh: '时期', en: 'Period' },
    subsystems: { kind: 'num', zh: '子系统得分', en: 'Subsystem score', spread: true },
    C: { kind: 'num', zh: '耦合度 C', en: 'Coupling C' },
    T: { kind: 'num', zh: '综合协调指数 T', en: 'Coordination index T' },
    D: { kind: 'num', zh: '耦合协调度 D', en: 'Coupling coordination D' },
    class: { kind: 'int', zh: '等级', en: 'Class' },
    class_zh: { kind: 'text', zh: '协调类型', en: 'Class (zh)', lang: 'zh' },
    class_en: { kind: 'text', zh: '协调类型（英文）', en: 'Class', lang: 'en' },
    note: {
      kind: 'text',
      zh: '说明',
      en: 'Note',
      values: {
        'all subsystem scores are 0: the coupling degree is undefined (0/0)': {
          zh: '各子系统得分均为 0，耦合度无定义（0/0）',
          en: 'all subsystem scores are 0: the coupling degree is undefined (0/0)',
        },
      },
      patterns: [{ re: /^scores rescaled from \[(.*)\] to \[0, 1\]$/, zh: '得分由 [$1] 线性变换至 [0, 1]', en: 'scores rescaled from [$1] to [0, 1]' }],
    },
  },
});

function run(ctx: AnalysisContext, spec: CouplingSpec): AnalysisTable[] {
  const path = 'analyses.coupling';
  const P = ctx.scores;
  const nU = P.units.length;
  const cols = spec.subsystems.map((c, i) => scoreColumn(ctx, c, `${path}.subsystems.${i}`));
  if (spec.alpha && spec.alpha.length !== cols.length)
    fail('E_SPEC', `${path}.alpha has ${spec.alpha.length} entries for ${cols.length} subsystems`, { location: { path: `${path}.alpha` } });
  // Subsystem scores must lie on [0, 1]. Scores built from min-max [l, u] indicators with means lie on
  // [l, u]: rescale them by that common range (and say so); otherwise the kernel refuses them.
  const nmLog = ctx.result.log.find((e) => e.step === 'normalise')!.options as { byIndicator: Record<string, { method: string; range: [number, number] }> };
  const ranges = Object.values(nmLog.byIndicator);
  const common = ranges.every((o) => o.method === 'minmax' && o.range[0] === ranges[0].range[0] && o.range[1] === ranges[0].range[1])
    ? ranges[0].range
    : undefined;
  let scaled = cols;
  let scaleNote = '';
  if (common && (common[0] !== 0 || common[1] !== 1) && cols.every((c) => c.every((v) => !(v < common[0] - 1e-9 || v > common[1] + 1e-9)))) {
    const [l, u] = common;
    scaled = cols.map((c) => Float64Array.from(c, (v) => (v - l) / (u - l)));
    scaleNote = `scores rescaled from [${l}, ${u}] to [0, 1]`;
  }
  const rows: Row<typeof COUPLING.columns>[] = [];
  P.periods.forEach((p, t) => {
    const U = scaled.map((c) => c.subarray(t * nU, (t + 1) * nU));
    const r = coupling(U, { alpha: spec.alpha, corrected: spec.corrected, names: spec.subsystems });
    for (let u = 0; u < nU; u++) {
      rows.push({
        unit: P.units[u],
        period: periodCell(p),
        subsystems: U.map((x) => x[u]),
        C: r.C[u],
        T: r.T[u],
        D: r.D[u],
        class: r.classIndex[u] >= 0 ? r.classIndex[u] + 1 : null,
        class_zh: r.classZh[u] ?? '',
        class_en: r.classEn[u] ?? '',
        note: [r.reason[u] ?? '', scaleNote].filter(Boolean).join('; '),
      });
    }
  });
  return [COUPLING.build(rows, { spread: { subsystems: spec.subsystems } })];
}

/**
 * Coupling by unit in the latest period: the subsystem scores, C, T, D and the coordination
 * class, units ordered by D from the highest.
 */
function paperTables(c: PaperContext): PaperTable[] {
  const t = c.table(COUPLING.name);
  if (!t) return [];
  const subs = t.header.slice(t.header.indexOf('period') + 1, t.header.indexOf('C'));
  const r = COUPLING.read(t);
  const p = latestPeriod(r.rows.map((x) => x.period));
  const idx = r.rows.map((_, i) => i).filter((i) => p === undefined || r.rows[i].period === p);
  const D = (i: number) => (typeof r.rows[i].D === 'number' ? (r.rows[i].D as number) : -Infinity);
  idx.sort((a, b) => D(b) - D(a));
  const classKey = c.zh ? 'class_zh' : 'class_en';
  const sj = subs.map((h) => t.header.indexOf(h));
  const head = p !== undefined && p !== '' ? c.period(p) : '';
  return [
    {
      caption: L(c, cat(head, '各单元耦合协调度'), `Coupling coordination by unit${head ? `, ${head}` : ''}`),
      header: [COUPLING.label('unit', c.lang), ...subs.map((h) => c.name(h)), ...(['C', 'T', 'D', classKey] as const).map((k) => COUPLING.label(k, c.lang))],
      rows: idx.map((i) => [
        paperCell(c, COUPLING, 'unit', r.rows[i].unit),
        ...sj.map((j) => t.rows[i][j] ?? null),
        r.rows[i].C,
        r.rows[i].T,
        r.rows[i].D,
        r.rows[i][classKey],
      ]),
      columnFormats: ['text', ...subs.map(() => 'num' as const), 'num', 'num', 'num', 'text'],
      notes: [
        L(
          c,
          `注：${subs.map((h) => c.name(h)).join('、')}为子系统得分 U_i；耦合度 C = n(Π_i U_i)^{1/n} / Σ_i U_i，综合协调指数 T = Σ_i α_i U_i，耦合协调度 D = √(C·T)，协调类型按 D 以 0.1 为间隔划分（廖重斌，1999）；单元按 D 由高到低排列。`,
          `Note: ${subs.map((h) => c.name(h)).join(', ')} are the subsystem scores U_i; C = n(Π_i U_i)^{1/n} / Σ_i U_i, ` +
            'T = Σ_i α_i U_i, D = √(C·T), classes by D in steps of 0.1 (Liao, 1999); units from the highest D down.',
        ),
      ],
    },
  ];
}

/** The methods paragraph (report and tables.docx) from the recorded section `sec`. */
function methods(sec: Loose, w: MethodsWriter): MethodsParagraph {
  const subs = arr(sec.subsystems).map(String);
  const n = subs.length;
  const alpha = arr(sec.alpha).map(Number);
  const aText = alpha.length ? `α = (${alpha.map((x) => String(x)).join(', ')})` : `α_i = 1/${n}`;
  const s: string[] = [];
  s.push(
    w.t(
      `采用耦合协调度模型${w.cite('coupling')}考察${subs.map((c) => w.q(c)).join('')} ${n} 个子系统之间的协调关系：耦合度 C = n(Π_i U_i)^{1/n} / Σ_i U_i，综合协调指数 T = Σ_i α_i U_i（${aText}），耦合协调度 D = √(C·T)。`,
      `The coupling coordination model${w.cite('coupling')} relates ` +
        `the ${n} subsystems ${w.list(subs.map((c) => w.name(c)))}: coupling C = n(Π_i U_i)^{1/n} / Σ_i U_i, ` +
        `coordination index T = Σ_i α_i U_i (${aText}), and coupling coordination degree D = √(C·T).`,
    ),
  );
  if (sec.corrected === true)
    s.push(
      w.t(
        `考虑到传统耦合度模型的效度问题，采用${w.citeN('couplingCorrected')}提出的修正模型：C = √{[1 − Σ_{i>j} |U_i − U_j| / Σ_{m=1}^{n−1} m] × [Π_i (U_i / max U)]^{1/(n−1)}}。`,
        'Because of the validity problems of the traditional coupling degree, the corrected model ' +
          `of ${w.citeN('couplingCorrected')} is used: C = √{[1 − Σ_{i>j} |U_i − U_j| / Σ_{m=1}^{n−1} m] × [Π_i (U_i / max U)]^{1/(n−1)}}.`,
      ),
    );
  s.push(
    w.t(
      '按 D 值以 0.1 为间隔划分为极度失调至优质协调 10 个等级。',
      'D is divided into ten classes of width 0.1, from extreme imbalance to high-quality coordination.',
    ),
  );
  return { heading: w.t('耦合协调分析', 'Coupling coordination'), sentences: s };
}

export const couplingAnalysis = analysis({
  key: 'coupling',
  title: { zh: '耦合协调', en: 'Coupling coordination' },
  spec: CouplingSpec,
  tables: [COUPLING],
  run,
  methods,
  paperTables,
});

/** analyses.convergence: σ (CV, sd of logs) per period; absolute/conditional β (cross-section) and panel fixed-effects β. */
import { z } from 'zod';
import { fail, NqpfError } from '../../core/errors.js';
import { periodCell, scoreColumn, sectionScores, Scores, type AnalysisContext, type AnalysisTable } from '../context.js';
import {
  analysis,
  L,
  manyScores,
  paperCell,
  table,
  type PaperContext,
  type PaperTable,
  type Row,
  type MethodsParagraph,
  type MethodsWriter,
} from '../descriptor.js';
import { str, arr, type Loose } from '../../core/loose.js';
import { betaConvergence, panelBetaConvergence, sigmaConvergence } from './convergence.js';
import { field } from '../../core/field-text.js';

export const ConvergenceSpec = z
  .strictObject({
    scores: Scores,
    from: z
      .string()
      .optional()
      .meta(
        field({ en: ['First period', 'First period of absolute β. Default: the first period.'], zh: ['起始时期', '绝对 β 收敛的起始时期。默认：第一期。'] }),
      ),
    to: z
      .string()
      .optional()
      .meta(
        field({ en: ['Last period', 'Last period of absolute β. Default: the last period.'], zh: ['结束时期', '绝对 β 收敛的结束时期。默认：最后一期。'] }),
      ),
    panel: z
      .boolean()
      .default(true)
      .meta(
        field({
          en: ['Panel β', 'Also panel β with unit fixed effects. Default: true.'],
          zh: ['面板 β 收敛', '同时估计含单元固定效应的面板 β 收敛。默认：是。'],
        }),
      ),
    covariates: z
      .array(z.string())
      .default([])
      .meta(
        field({
          en: ['Control variables', 'Framework codes used as controls for conditional β. Default: none.'],
          zh: ['控制变量', '条件 β 收敛的控制变量（指标体系代码）。默认：无。'],
        }),
      ),
    dropMissing: z
      .boolean()
      .default(false)
      .meta(
        field({
          en: [
            'Drop missing scores',
            'Missing scores: false stops with the unit-period cells listed (impute first); true uses the units present — σ ' +
              'per period over its non-missing units (n in the table), β over complete units/observations, the dropped ones ' +
              'listed in the note. Default: false.',
          ],
          zh: [
            '剔除缺失得分',
            '得分缺失时：否 = 停止并列出缺失的单元–时期（请先填补）；是 = 使用现有单元——σ 逐期按其非缺失单元计算（表中的 n），β 使用完整的单元/观测，并在说明中列出剔除者。默认：否。',
          ],
        }),
      ),
  })
  .meta(
    field({
      en: ['Convergence', 'σ convergence per period and absolute, panel and conditional β convergence.'],
      zh: ['收敛分析', '逐期 σ 收敛，以及绝对 β、面板 β 与条件 β 收敛。'],
    }),
  );
export type ConvergenceSpec = z.output<typeof ConvergenceSpec>;

const score = { kind: 'text', zh: '得分', en: 'Score', ref: 'node' } as const;
const PANEL_NOTE = 'within estimator, unit fixed effects, homoskedastic SE; R² is the within R²';
const SD_LOG_NOTE = 'sd of logs not computed: values ≤ 0';
/** Notes of the convergence tables (part by part; see Column.patterns). */
const note = {
  kind: 'text',
  zh: '说明',
  en: 'Note',
  values: {
    'within estimator, unit fixed effects, homoskedastic SE': {
      zh: '组内估计，单元固定效应，同方差标准误',
      en: 'within estimator, unit fixed effects, homoskedastic SE',
    },
    'R² is the within R²': { zh: 'R² 为组内 R²', en: 'R² is the within R²' },
    [SD_LOG_NOTE]: { zh: '存在非正值，未计算对数标准差', en: SD_LOG_NOTE },
  },
  patterns: [
    { re: /^dropped: (.*)$/, zh: '剔除：$1', en: 'dropped: $1' },
    { re: /^(\d+) units? without a score left out$/, zh: '$1 个单元无得分，未纳入', en: '$1 unit(s) without a score left out' },
  ],
} as const;
/** β-convergence models. */
const MODELS = {
  absolute: { zh: '绝对 β 收敛', en: 'Absolute β' },
  conditional: { zh: '条件 β 收敛', en: 'Conditional β' },
  panel_fe: { zh: '面板固定效应 β 收敛', en: 'Panel FE β' },
  panel_fe_conditional: { zh: '面板固定效应条件 β 收敛', en: 'Panel FE conditional β' },
} as const;
/** Model terms (covariates are framework codes, named by the run's framework). */
const TERMS = {
  '(Intercept)': { zh: '常数项', en: 'Constant' },
  ln_x0: { zh: 'ln y_i0', en: 'ln y_i0' },
  ln_x_lag: { zh: 'ln y_i,t−1', en: 'ln y_i,t−1' },
  beta: { zh: 'β', en: 'β' },
} as const;

/** convergence_sigma.csv: σ convergence per score and period. */
export const CONVERGENCE_SIGMA = table({
  name: 'convergence_sigma',
  file: 'convergence_sigma.csv',
  zh: 'σ 收敛检验',
  en: 'σ convergence',
  report: true,
  columns: {
    score,
    period: { kind: 'period', zh: '时期', en: 'Period' },
    n: { kind: 'int', zh: 'n', en: 'n' },
    mean: { kind: 'num', zh: '均值', en: 'Mean' },
    sd: { kind: 'num', zh: '标准差', en: 'SD' },
    cv: { kind: 'num', zh: '变异系数', en: 'CV' },
    sd_log: { kind: 'num', zh: '对数标准差', en: 'SD of logs' },
    note,
  },
});

/** convergence_beta.csv: one row per model term. */
export const CONVERGENCE_BETA = table({
  name: 'convergence_beta',
  file: 'convergence_beta.csv',
  zh: 'β 收敛检验',
  en: 'β convergence',
  report: true,
  columns: {
    score,
    model: { kind: 'text', zh: '模型', en: 'Model', values: MODELS },
    from: { kind: 'text', zh: '起始期', en: 'From' },
    to: { kind: 'text', zh: '终止期', en: 'To' },
    term: { kind: 'text', zh: '变量', en: 'Term', values: TERMS },
    estimate: { kind: 'num', zh: '系数', en: 'Coefficient' },
    se: { kind: 'num', zh: '标准误', en: 'SE' },
    t: { kind: 'num', zh: 't', en: 't' },
    p: { kind: 'num', zh: 'p', en: 'p', pValue: true },
    n: { kind: 'int', zh: '观测数', en: 'n' },
    r2: { kind: 'num', zh: 'R²', en: 'R²' },
    speed: { kind: 'num', zh: '收敛速度 λ', en: 'Speed λ' },
    half_life: { kind: 'num', zh: '半衰期', en: 'Half-life', decimals: 2 },
    df: { kind: 'int', zh: '自由度', en: 'df' },
    note,
  },
});

type BetaRow = Row<typeof CONVERGENCE_BETA.columns>;

function run(ctx: AnalysisContext, spec: ConvergenceSpec): AnalysisTable[] {
  const path = 'analyses.convergence';
  const P = ctx.scores;
  const nU = P.units.length;
  const nT = P.periods.length;
  if (nT < 2) fail('E_ANALYSIS_PERIODS', `${path} needs at least two periods`, { location: { path } });
  const find = (label: string | undefined, def: number, field: string): number => {
    if (label === undefined) return def;
    const t = P.periods.indexOf(String(label));
    if (t < 0)
      fail('E_ANALYSIS_PERIOD', `${path}.${field}: period "${label}" is not in the data`, {
        location: { path: `${path}.${field}` },
        hint: `periods: ${P.periods.join(', ')}`,
      });
    return t;
  };
  const t0 = find(spec.from, 0, 'from');
  const t1 = find(spec.to, nT - 1, 'to');
  if (t1 <= t0) fail('E_ANALYSIS_PERIOD', `${path}: "to" (${P.periods[t1]}) must come after "from" (${P.periods[t0]})`, { location: { path: `${path}.to` } });
  const elapsed = P.periodValues[t1] - P.periodValues[t0];
  const codes = sectionScores(ctx, spec.scores, path);
  const covCols = spec.covariates.map((c, i) => scoreColumn(ctx, c, `${path}.covariates.${i}`));
  const labels = { units: P.units, periods: P.periods };
  const sigma: Row<typeof CONVERGENCE_SIGMA.columns>[] = [];
  const beta: BetaRow[] = [];
  for (const code of codes) {
    const x = scoreColumn(ctx, code, path);
    // The sd of logs needs x > 0: when a score has values ≤ 0, report the CV alone and say why.
    let logNote = '';
    let positive = true;
    for (let i = 0; i < x.length; i++) if (x[i] <= 0) positive = false;
    if (!positive) {
      logNote = SD_LOG_NOTE;
      ctx.warn({ code: 'W_SIGMA_LOGS', message: `${path}: sd of logs of ${code} not computed (values ≤ 0)`, location: { path } });
    }
    const s = sigmaConvergence(x, nU, nT, { ...labels, logs: positive, dropMissing: spec.dropMissing });
    P.periods.forEach((p, t) => {
      const left = nU - s.n[t];
      const note = [logNote, left > 0 ? `${left} unit${left > 1 ? 's' : ''} without a score left out` : ''].filter(Boolean).join('; ');
      sigma.push({ score: code, period: periodCell(p), n: s.n[t], mean: s.mean[t], sd: s.sd[t], cv: s.cv[t], sd_log: s.sdLog[t], note });
    });

    const sub = x.subarray(t0 * nU, (t1 + 1) * nU);
    const subCov = covCols.map((c) => c.subarray(t0 * nU, (t1 + 1) * nU));
    const span = t1 - t0 + 1;
    const periods = P.periods.slice(t0, t1 + 1);
    const models: { name: string; run: () => BetaRow[] }[] = [
      {
        name: 'absolute',
        run: () => crossSection(code, betaConvergence(sub, nU, span, { ...labels, periods, elapsed, dropMissing: spec.dropMissing }), 'absolute'),
      },
    ];
    if (spec.covariates.length)
      models.push({
        name: 'conditional',
        run: () =>
          crossSection(
            code,
            betaConvergence(sub, nU, span, { ...labels, periods, elapsed, covariates: subCov, covariateNames: spec.covariates, dropMissing: spec.dropMissing }),
            'conditional',
          ),
      });
    if (spec.panel) {
      models.push({
        name: 'panel_fe',
        run: () => panel(code, panelBetaConvergence(sub, nU, span, { ...labels, periods, dropMissing: spec.dropMissing }), 'panel_fe'),
      });
      if (spec.covariates.length)
        models.push({
          name: 'panel_fe_conditional',
          run: () =>
            panel(
              code,
              panelBetaConvergence(sub, nU, span, { ...labels, periods, covariates: subCov, covariateNames: spec.covariates, dropMissing: spec.dropMissing }),
              'panel_fe_conditional',
            ),
        });
    }
    for (const m of models) {
      try {
        beta.push(...m.run());
      } catch (e) {
        if (!(e instanceof NqpfError)) throw e;
        beta.push({
          score: code,
          model: m.name,
          from: P.periods[t0],
          to: P.periods[t1],
          term: 'beta',
          estimate: null,
          se: null,
          t: null,
          p: null,
          n: null,
          r2: null,
          speed: null,
          half_life: null,
          df: null,
          note: `${e.code}: ${e.message}`,
        });
      }
    }
  }
  return [CONVERGENCE_SIGMA.build(sigma), CONVERGENCE_BETA.build(beta)];

  function crossSection(code: string, r: ReturnType<typeof betaConvergence>, model: string): BetaRow[] {
    const bi = r.table.names.indexOf(betaTerm(r.table.names));
    return r.table.names.map((term, i) => ({
      score: code,
      model,
      from: P.periods[t0],
      to: P.periods[t1],
      term,
      estimate: r.table.coef[i],
      se: r.table.se[i],
      t: r.table.t[i],
      p: r.table.p[i],
      n: r.n,
      r2: r.r2,
      speed: i === bi ? r.lambda : null,
      half_life: i === bi ? r.halfLife : null,
      df: r.df,
      note: i === 0 ? noteOf(r.reason, r.dropped) : '',
    }));
  }
  function panel(code: string, r: ReturnType<typeof panelBetaConvergence>, model: string): BetaRow[] {
    const bi = r.table.names.indexOf(betaTerm(r.table.names));
    return r.table.names.map((term, i) => ({
      score: code,
      model,
      from: P.periods[t0],
      to: P.periods[t1],
      term,
      estimate: r.table.coef[i],
      se: r.table.se[i],
      t: r.table.t[i],
      p: r.table.p[i],
      n: r.nObs,
      r2: r.withinR2,
      speed: i === bi ? r.lambda : null,
      half_life: i === bi ? r.halfLife : null,
      df: r.df,
      note: i === 0 ? noteOf(r.reason, r.dropped, PANEL_NOTE) : '',
    }));
  }
}

function betaTerm(names: string[]): string {
  return names.find((n) => /beta|ln_?x|log/i.test(n) && !/intercept/i.test(n)) ?? names[names.length > 1 ? 1 : 0];
}

function noteOf(reason: string | null, dropped: string[], extra = ''): string {
  return [extra, reason ?? '', dropped.length ? `dropped: ${dropped.join(', ')}` : ''].filter(Boolean).join('; ');
}

/** σ convergence per period; β convergence models (all statistics) with stars on the coefficients. */
function paperTables(c: PaperContext): PaperTable[] {
  const out: PaperTable[] = [];
  const st = c.table(CONVERGENCE_SIGMA.name);
  if (st) {
    const s = CONVERGENCE_SIGMA.read(st);
    const multi = manyScores(s.rows);
    const present = (['n', 'mean', 'sd', 'cv', 'sd_log'] as const).filter((k) => s.has(k));
    const keys = [...(multi ? (['score'] as const) : []), 'period' as const, ...present];
    const notes = [...new Set(s.rows.map((r) => CONVERGENCE_SIGMA.value('note', r.note, c.lang)).filter((x) => typeof x === 'string' && x !== ''))];
    out.push({
      caption: L(c, CONVERGENCE_SIGMA.zh, CONVERGENCE_SIGMA.en),
      ...CONVERGENCE_SIGMA.paper(keys, c.lang),
      rows: s.rows.map((r) => keys.map((k) => paperCell(c, CONVERGENCE_SIGMA, k, r[k]))),
      notes: [
        L(
          c,
          '注：σ 收敛以各期变异系数 CV = s/ȳ 与对数标准差衡量（s 为样本标准差），其随时间下降表示存在 σ 收敛。',
          'Note: σ convergence is read from the coefficient of variation CV = s/ȳ and the standard deviation of logs per ' +
            'period (s the sample standard deviation); a decline over time indicates σ convergence.',
        ),
        ...notes.map((x) => L(c, `${x}。`, `${x}.`)),
      ],
    });
  }
  const bt = c.table(CONVERGENCE_BETA.name);
  if (bt) {
    const b = CONVERGENCE_BETA.read(bt);
    const multi = manyScores(b.rows);
    const keys = [
      ...(multi ? (['score'] as const) : []),
      'model' as const,
      'term' as const,
      'estimate' as const,
      'se' as const,
      't' as const,
      'p' as const,
      'n' as const,
      ...(b.has('df') ? (['df'] as const) : []),
      'r2' as const,
      'speed' as const,
      'half_life' as const,
    ];
    const cols = CONVERGENCE_BETA.paper(keys, c.lang);
    const est = CONVERGENCE_BETA.label('estimate', c.lang);
    const cell = (r: (typeof b.rows)[number], k: (typeof keys)[number]) => {
      const v = paperCell(c, CONVERGENCE_BETA, k, r[k]);
      // A covariate term is a framework code: its name.
      return k === 'term' && v === r.term && typeof v === 'string' ? c.name(v) : v;
    };
    const rows = b.rows.map((r) => keys.map((k) => cell(r, k)));
    const span = b.rows[0] ? `${b.rows[0].from}—${b.rows[0].to}` : '';
    const notes = [
      L(
        c,
        `注：样本期 ${span}。绝对 β 收敛为截面 OLS，(1/T) ln(y_iT/y_i0) 对 ln y_i0 回归；面板模型含单元固定效应（组内估计），R² 为组内 R²；收敛速度 λ = −ln(1 + βT)/T（面板：−ln(1 + β)），半衰期 ln 2/λ；p 为双侧检验。`,
        `Note: sample ${span.replace('—', '–')}. Absolute β is a cross-section OLS of (1/T) ln(y_iT/y_i0) on ln y_i0; ` +
          'panel models include unit fixed effects (within estimator) and report the within R²; speed λ = −ln(1 + βT)/T ' +
          '(panel: −ln(1 + β)), half-life ln 2/λ; two-sided p-values.',
      ),
    ];
    for (const r of b.rows) {
      if (typeof r.note !== 'string' || !r.note) continue;
      const own = r.note.startsWith(PANEL_NOTE) ? r.note.slice(PANEL_NOTE.length).replace(/^; /, '') : r.note;
      if (own) notes.push(`${CONVERGENCE_BETA.value('model', r.model, c.lang)}${c.zh ? '：' : ': '}${CONVERGENCE_BETA.value('note', own, c.lang)}`);
    }
    out.push({
      caption: L(c, CONVERGENCE_BETA.zh, CONVERGENCE_BETA.en),
      ...cols,
      rows,
      notes,
      stars: { column: est, pColumn: CONVERGENCE_BETA.label('p', c.lang) },
    });
  }
  return out;
}

/** The methods paragraph (report and tables.docx) from the recorded section `sec`. */
function methods(sec: Loose, w: MethodsWriter): MethodsParagraph {
  const s: string[] = [];
  const covs = arr(sec.covariates).map(String);
  s.push(
    w.t(
      `收敛性分析采用 σ 收敛与 β 收敛框架${w.cite('convergence')}。σ 收敛以各期变异系数 CV_t = s_t/ȳ_t 与对数标准差衡量，若其随时间下降则存在 σ 收敛。`,
      `Convergence is examined in the σ and β framework of ${w.citeN('convergence')}. σ convergence is read from the ` +
        'coefficient of variation CV_t = s_t/ȳ_t and the standard deviation of logs in each period; a decline over ' +
        'time indicates σ convergence.',
    ),
  );
  const periods = w.periods();
  const from = str(sec.from) ?? periods[0] ?? '';
  const to = str(sec.to) ?? periods[periods.length - 1] ?? '';
  s.push(
    w.t(
      `绝对 β 收敛模型为 (1/T) ln(y_iT/y_i0) = α + β ln y_i0 + ε_i（${from}—${to}），β < 0 表示存在收敛，收敛速度 λ = −ln(1 + βT)/T，半衰期 ln 2/λ。`,
      `Absolute β convergence is estimated from (1/T) ln(y_iT/y_i0) = α + β ln y_i0 + ε_i over ${from}–${to}; β < 0 indicates convergence, at the speed λ = −ln(1 + βT)/T with half-life ln 2/λ.`,
    ),
  );
  if (covs.length)
    s.push(
      w.t(
        `条件 β 收敛在上式中加入控制变量 ${covs.map((c) => w.name(c)).join('、')}（取期初值）。`,
        `Conditional β convergence adds the controls ${w.list(covs.map((c) => w.name(c)))} (initial values).`,
      ),
    );
  if (sec.panel !== false && periods.length >= 3)
    s.push(
      w.t(
        `面板 β 收敛采用单元固定效应模型 Δln y_it = α_i + β ln y_i,t−1 + ε_it${covs.length ? ' + γ′z_i,t−1' : ''}，以组内估计量估计，λ = −ln(1 + β)。`,
        `Panel β convergence uses the unit fixed-effects model Δln y_it = α_i + β ln y_i,t−1${covs.length ? ' + γ′z_i,t−1' : ''} + ε_it, estimated by the within estimator, with λ = −ln(1 + β).`,
      ),
    );
  return { heading: w.t('收敛性检验', 'Convergence'), sentences: s };
}

export const convergenceAnalysis = analysis({
  key: 'convergence',
  title: { zh: '收敛性', en: 'Convergence' },
  spec: ConvergenceSpec,
  tables: [CONVERGENCE_SIGMA, CONVERGENCE_BETA],
  run,
  methods,
  paperTables,
});

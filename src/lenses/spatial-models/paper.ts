/**
 * The spatial models' tables as papers print them (issue 16), for tables.docx and spatial_models.tex: coefficient
 * tables (one column per model — and estimator for panels —, each estimate with its stars over its standard error in
 * parentheses, N / σ² / log-likelihood / AIC below a rule), effects tables (direct, indirect, total; each with stars
 * from its delta-method p over its delta-method SE, cross-sections and panels alike) and the test-sequence table (LM tests of the OLS
 * residuals, LR / Wald of the SDM, Hausman FE vs RE). The layout is the models lens's regression table: its number
 * format and stars (`fmt`, `stars` of src/lenses/models/analysis.ts) and its LaTeX (`latexBooktabs`, `latexCell`).
 * Read from the written tables, so the report, Word and LaTeX show what the CSVs hold.
 */
import type { AnalysisTable, Cell } from '../../analysis/context.js';
import type { PaperContext, PaperTable } from '../../analysis/descriptor.js';
import { fmt, stars } from '../models/analysis.js';
import { LATEX_STARS, latexBooktabs, latexCell, texEscape } from '../models/latex.js';

/** What the layouts need of a declared table: its name and the labels of its coded values. */
export interface Decl {
  name: string;
  value(k: string, v: Cell, lang: 'zh' | 'en'): Cell;
}
export interface SpatialPaperDecls {
  coef: Decl;
  fit: Decl;
  impacts: Decl;
  tests: Decl;
  panelCoef: Decl;
  panelFit: Decl;
  panelImpacts: Decl;
  panelTests: Decl;
}

/** One regression-style table: a stub column, column heads, rows (a row without cells is a block heading). */
interface Layout {
  caption: string;
  stub: string;
  head: string[];
  rows: { label: string; cells: string[] }[];
  /** Index of the first row below the rule (statistics). */
  rule?: number;
  note: string;
  /** The note's star legend (docx text; LaTeX gets its own). */
  legend: boolean;
}

type Get = (name: string) => { header: string[]; rows: Cell[][] } | undefined;
type Rec = Record<string, Cell>;

const DEC = 4;
const num = (v: Cell) => (v === null || v === '' ? Number.NaN : Number(v));
const recs = (t: { header: string[]; rows: Cell[][] } | undefined): Rec[] =>
  t ? t.rows.map((r) => Object.fromEntries(t.header.map((h, j) => [h, r[j]]))) : [];
const uniq = <T>(xs: T[]) => [...new Set(xs)];
const MODEL = (m: Cell) => String(m).toUpperCase();
const ORDER = (t: string) =>
  t.startsWith('lag.') ? 1 : t === '(Intercept)' ? 2 : t === 'rho' || t === 'lambda' ? 3 : t === 'phi' || t === 'sigma_mu2' ? 4 : 0;

/** Estimate with stars over (SE); empty when absent. */
function estimateCells(est: Cell, se: Cell, p: Cell): [string, string] {
  const e = num(est);
  if (!Number.isFinite(e)) return ['', ''];
  const s = num(se);
  const pv = num(p);
  return [`${fmt(e, DEC)}${Number.isFinite(pv) ? stars(pv) : ''}`, Number.isFinite(s) ? `(${fmt(s, DEC)})` : ''];
}

const EFFECTS = ['direct', 'indirect', 'total'] as const;
type Effect = (typeof EFFECTS)[number];

/** One term's rows of an effects table, as both the cross-section and the panel tables print them: each effect with
 *  its stars (from its delta-method p) over its SE in parentheses. `cell` gives the effect's estimate, SE and p. */
function effectTermRows(label: string, cell: (k: Effect) => [Cell, Cell, Cell] | undefined): Layout['rows'] {
  const cells = EFFECTS.map((k) => {
    const c = cell(k);
    return c ? estimateCells(...c) : (['', ''] as [string, string]);
  });
  return [
    { label, cells: cells.map((x) => x[0]) },
    { label: '', cells: cells.map((x) => x[1]) },
  ];
}

/** Terms in the order papers print them: regressors, their lags, the constant, ρ/λ, the random-effects parameters. */
function termOrder(rows: Rec[]): string[] {
  const terms = uniq(rows.map((r) => String(r.term)));
  return terms
    .map((t, i) => [ORDER(t), i, t] as const)
    .sort((a, b) => a[0] - b[0] || a[1] - b[1])
    .map((x) => x[2]);
}

function termLabel(d: Decl, term: string, lang: 'zh' | 'en', name: (c: string) => string): string {
  if (term.startsWith('lag.')) return `W·${name(term.slice(4))}`;
  const v = d.value('term', term, lang);
  return v === term ? name(term) : String(v);
}

function coefficientLayout(
  L: (zh: string, en: string) => string,
  lang: 'zh' | 'en',
  name: (c: string) => string,
  d: Decl,
  coef: Rec[],
  fit: Rec[],
  column: (r: Rec) => string,
  caption: string,
  stats: { key: string; zh: string; en: string; dec: number }[],
  note: string,
): Layout {
  const cols = uniq(coef.map(column));
  const rows: Layout['rows'] = [];
  for (const term of termOrder(coef)) {
    const a: string[] = [];
    const b: string[] = [];
    for (const col of cols) {
      const r = coef.find((x) => column(x) === col && x.term === term);
      const [e, s] = r ? estimateCells(r.estimate, r.se, r.p) : ['', ''];
      a.push(e);
      b.push(s);
    }
    rows.push({ label: termLabel(d, term, lang, name), cells: a }, { label: '', cells: b });
  }
  const rule = rows.length;
  for (const s of stats) {
    rows.push({
      label: L(s.zh, s.en),
      cells: cols.map((col) => {
        const r = fit.find((x) => column(x) === col);
        const v = r ? num(r[s.key]) : Number.NaN;
        return Number.isFinite(v) ? (s.dec ? fmt(v, s.dec) : String(v)) : '';
      }),
    });
  }
  return { caption, stub: L('变量', 'Variable'), head: cols, rows, rule, note, legend: true };
}

/** The layouts of every table the run wrote (see the module comment). */
export function spatialLayouts(get: Get, lang: 'zh' | 'en', name: (c: string) => string, D: SpatialPaperDecls): Layout[] {
  const zh = lang === 'zh';
  const L = (a: string, b: string) => (zh ? a : b);
  const out: Layout[] = [];
  const stats = [
    { key: 'n', zh: '观测值', en: 'N', dec: 0 },
    { key: 'loglik', zh: '对数似然', en: 'Log-likelihood', dec: 3 },
    { key: 'aic', zh: 'AIC', en: 'AIC', dec: 3 },
  ];
  // Cross-section coefficients and effects, one table per specification.
  const coef = recs(get(D.coef.name));
  const fit = recs(get(D.fit.name));
  const imp = recs(get(D.impacts.name));
  for (const spec of uniq(coef.map((r) => String(r.spec)))) {
    const c = coef.filter((r) => String(r.spec) === spec);
    out.push(
      coefficientLayout(
        L,
        lang,
        name,
        D.coef,
        c,
        fit.filter((r) => String(r.spec) === spec),
        (r) => MODEL(r.model),
        L(`空间计量模型估计结果（${spec}）`, `Spatial regression estimates (${spec})`),
        stats,
        L(
          '注：括号内为标准误（OLS 为常规标准误，空间模型为渐近标准误，z 检验）。',
          'Note: standard errors in parentheses (OLS conventional, spatial models asymptotic, z tests).',
        ),
      ),
    );
    const e = imp.filter((r) => String(r.spec) === spec);
    if (e.length) {
      const rows: Layout['rows'] = [];
      for (const m of uniq(e.map((r) => String(r.model)))) {
        rows.push({ label: String(D.impacts.value('model', m, lang)), cells: [] });
        for (const r of e.filter((x) => String(x.model) === m)) rows.push(...effectTermRows(name(String(r.term)), (k) => [r[k], r[`${k}_se`], r[`${k}_p`]]));
      }
      out.push({
        caption: L(`直接效应、间接效应与总效应（${spec}）`, `Direct, indirect and total effects (${spec})`),
        stub: L('变量', 'Variable'),
        head: [L('直接效应', 'Direct'), L('间接效应', 'Indirect'), L('总效应', 'Total')],
        rows,
        note: L(
          '注：效应按 LeSage 与 Pace（2009）由 (I − ρW)⁻¹ 精确计算；括号内为 delta 方法标准误。',
          'Note: effects computed exactly from (I − ρW)⁻¹ (LeSage and Pace 2009); delta-method standard errors in parentheses.',
        ),
        legend: true,
      });
    }
  }
  // Panels: coefficients (model × estimator) and effects with delta-method SEs, one table per specification.
  const pc = recs(get(D.panelCoef.name));
  const pf = recs(get(D.panelFit.name));
  const pi = recs(get(D.panelImpacts.name));
  const est = (r: Rec) => String(D.panelCoef.value('estimator', r.estimator, lang));
  for (const spec of uniq(pc.map((r) => String(r.spec)))) {
    const c = pc.filter((r) => String(r.spec) === spec);
    out.push(
      coefficientLayout(
        L,
        lang,
        name,
        D.panelCoef,
        c,
        pf.filter((r) => String(r.spec) === spec),
        (r) => `${MODEL(r.model)} ${est(r)}`,
        L(`空间面板模型估计结果（${spec}）`, `Spatial panel estimates (${spec})`),
        [{ key: 'n', zh: '似然的观测值', en: 'N (likelihood)', dec: 0 }, { key: 'sigma2', zh: 'σ²', en: 'σ²', dec: DEC }, ...stats.slice(1)],
        L('注：括号内为渐近标准误（z 检验）。', 'Note: asymptotic standard errors in parentheses (z tests).'),
      ),
    );
    const e = pi.filter((r) => String(r.spec) === spec);
    if (e.length) {
      const rows: Layout['rows'] = [];
      for (const block of uniq(e.map((r) => `${r.model}\u0000${r.estimator}`))) {
        const [m, es] = block.split('\u0000');
        const b = e.filter((r) => String(r.model) === m && String(r.estimator) === es);
        rows.push({ label: `${MODEL(m)} ${est(b[0])}`, cells: [] });
        for (const term of uniq(b.map((r) => String(r.term))))
          rows.push(
            ...effectTermRows(name(term), (k) => {
              const r = b.find((x) => String(x.term) === term && x.effect === k);
              return r ? [r.estimate, r.se, r.p] : undefined;
            }),
          );
      }
      out.push({
        caption: L(`空间面板模型的直接效应、间接效应与总效应（${spec}）`, `Spatial panel direct, indirect and total effects (${spec})`),
        stub: L('变量', 'Variable'),
        head: [L('直接效应', 'Direct'), L('间接效应', 'Indirect'), L('总效应', 'Total')],
        rows,
        note: L('注：括号内为 delta 方法标准误。', 'Note: delta-method standard errors in parentheses.'),
        legend: true,
      });
    }
  }
  // The test sequence: LM tests of the cross-sections, then LR / Wald / Hausman of the panels.
  const tests: Layout['rows'] = [];
  const statRow = (label: string, s: Cell, df: Cell, p: Cell) => {
    const v = num(s);
    const pv = num(p);
    tests.push({
      label,
      cells: [
        Number.isFinite(v) ? `${fmt(v, DEC)}${Number.isFinite(pv) ? stars(pv) : ''}` : '',
        df === null || df === '' ? '' : String(df),
        Number.isFinite(pv) ? (pv < 0.001 ? '<0.001' : pv.toFixed(3)) : '',
      ],
    });
  };
  for (const r of recs(get(D.tests.name))) statRow(`${r.spec} ${MODEL(r.model)}: ${D.tests.value('test', r.test, lang)}`, r.statistic, r.df, r.p);
  for (const r of recs(get(D.panelTests.name)))
    statRow(`${r.spec} (${D.panelTests.value('estimator', r.estimator, lang)}): ${D.panelTests.value('test', r.test, lang)}`, r.statistic, r.df, r.p);
  if (tests.length)
    out.push({
      caption: L('空间计量检验', 'Spatial econometric tests'),
      stub: L('检验', 'Test'),
      head: [L('统计量', 'Statistic'), L('自由度', 'df'), L('p 值', 'p')],
      rows: tests,
      note: L(
        '注：LM 检验基于 OLS 残差（Anselin 等，1996）；LR 与 Wald 检验 SDM 能否简化为 SAR 或 SEM；Hausman 检验比较固定效应与随机效应。',
        'Note: LM tests on the OLS residuals (Anselin et al. 1996); LR and Wald tests of the SDM against SAR and SEM; Hausman: fixed against random effects.',
      ),
      legend: true,
    });
  return out;
}

/** The layouts as Word tables (tables.docx). */
export function spatialPaperTables(c: PaperContext, D: SpatialPaperDecls): PaperTable[] {
  return spatialLayouts(
    (n) => c.table(n),
    c.lang,
    (x) => c.name(x),
    D,
  ).map((l) => ({
    caption: l.caption,
    header: [l.stub, ...l.head],
    rows: l.rows.map((r) => [r.label, ...(r.cells.length ? r.cells : l.head.map(() => ''))]),
    columnFormats: [l.stub, ...l.head].map(() => 'text' as const),
    notes: [l.legend ? `${l.note}${c.zh ? '*** p<0.01，** p<0.05，* p<0.1。' : ' *** p<0.01, ** p<0.05, * p<0.1.'}` : l.note],
  }));
}

/** The layouts as one LaTeX file of booktabs tables (spatial_models.tex). */
export function spatialLatex(tables: readonly AnalysisTable[], lang: 'zh' | 'en', D: SpatialPaperDecls): string {
  const get: Get = (n) => tables.find((t) => t.name === n);
  return spatialLayouts(get, lang, (x) => x, D)
    .map((l) => {
      const body: string[] = [];
      l.rows.forEach((r, i) => {
        if (i === l.rule) body.push('\\midrule');
        const cells = r.cells.length ? r.cells : l.head.map(() => '');
        body.push(`${texEscape(r.label)} & ${cells.map((x) => latexCell(x, lang)).join(' & ')} \\\\`);
      });
      return latexBooktabs({
        caption: texEscape(l.caption),
        head: l.head.map(texEscape),
        body,
        note: `${texEscape(l.note)}${l.legend ? ` ${LATEX_STARS}` : ''}`,
        zh: lang === 'zh',
        what: 'spatial',
      });
    })
    .join('\n');
}

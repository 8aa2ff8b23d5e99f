/**
 * What the spatial-regression figures (static ./spatial-detector.ts and ./spatial-panel.ts, interactive
 * ./view/spatial-models.ts) read of the tables of `analyses.spatial_models` (issue 16): the geographical detector's
 * q of each factor with its p, the matrix of interaction q's, and each panel specification's effects with their 95 %
 * intervals. Pure, browser-safe, no imports.
 */

/** A table as header + rows (the bundle's and the report payload's tables both fit). */
export interface SmTable {
  readonly header: readonly string[];
  readonly rows: readonly (readonly unknown[])[];
}

const text = (v: unknown): string => (v === null || v === undefined ? '' : String(v));
const number = (v: unknown): number =>
  typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : Number.NaN;
const col = (t: SmTable, name: string) => {
  const j = t.header.indexOf(name);
  return (r: readonly unknown[]): unknown => (j < 0 ? undefined : r[j]);
};

/** A specification name as a figure id part. */
export const specSlug = (s: string): string => s.replace(/[^\p{L}\p{N}]+/gu, '_').replace(/^_|_$/g, '') || 'spec';

/** Significance stars of a p-value (*** ≤ 0.01, ** ≤ 0.05, * ≤ 0.1). */
export const pStars = (p: number): string => (!Number.isFinite(p) ? '' : p <= 0.01 ? '***' : p <= 0.05 ? '**' : p <= 0.1 ? '*' : '');

/** The values of column `name` in order of first appearance. */
export function distinct(t: SmTable, name: string): string[] {
  const g = col(t, name);
  return [...new Set(t.rows.map((r) => text(g(r))))];
}

/** One factor of the detector's factor table. */
export interface FactorQ {
  factor: string;
  q: number;
  p: number;
}

/** The factors of detector specification `spec` with a finite q, sorted by q (smallest first: the bar chart's bottom). */
export function detectorFactorQ(fac: SmTable, spec: string): FactorQ[] {
  const [gs, gf, gq, gp] = ['spec', 'factor', 'q', 'p'].map((c) => col(fac, c));
  return fac.rows
    .filter((r) => text(gs(r)) === spec)
    .map((r) => ({ factor: text(gf(r)), q: number(gq(r)), p: number(gp(r)) }))
    .filter((r) => Number.isFinite(r.q))
    .sort((a, b) => a.q - b.q);
}

/** The interaction matrix of detector specification `spec`: factor names, cells [column, row, q] (lower triangle and diagonal). */
export interface DetectorMatrix {
  names: string[];
  cells: [number, number, number][];
  max: number;
}

/**
 * The cells of the interaction heat map: q(X1∩X2) of each pair (lower triangle), and on the diagonal each factor's q
 * (from the factor table when it has the factor, else q1 / q2 of its first pair).
 */
export function detectorMatrix(fac: SmTable | undefined, inter: SmTable, spec: string): DetectorMatrix {
  const qOf = new Map<string, number>();
  if (fac) for (const r of detectorFactorQ(fac, spec)) qOf.set(r.factor, r.q);
  const [gs, g1, g2, gq1, gq2, gq12] = ['spec', 'factor1', 'factor2', 'q1', 'q2', 'q12'].map((c) => col(inter, c));
  const rows = inter.rows.filter((r) => text(gs(r)) === spec);
  const names: string[] = [];
  for (const r of rows) for (const f of [text(g1(r)), text(g2(r))]) if (!names.includes(f)) names.push(f);
  const cells: [number, number, number][] = [];
  let max = 0;
  const cell = (x: number, y: number, v: number) => {
    if (!Number.isFinite(v)) return;
    max = Math.max(max, v);
    cells.push([x, y, v]);
  };
  for (const r of rows) {
    const a = names.indexOf(text(g1(r)));
    const b = names.indexOf(text(g2(r)));
    cell(Math.min(a, b), Math.max(a, b), number(gq12(r)));
    if (!qOf.has(names[a])) qOf.set(names[a], number(gq1(r)));
    if (!qOf.has(names[b])) qOf.set(names[b], number(gq2(r)));
  }
  names.forEach((f, i) => cell(i, i, qOf.get(f) ?? Number.NaN));
  return { names, cells, max };
}

/** The panel specifications and models with effects, in the order of the effects table. */
export function panelEffectKeys(imp: SmTable): { spec: string; model: string }[] {
  const [gs, gm] = ['spec', 'model'].map((c) => col(imp, c));
  const seen = new Set<string>();
  const out: { spec: string; model: string }[] = [];
  for (const r of imp.rows) {
    const k = `${text(gs(r))}\u0000${text(gm(r))}`;
    if (seen.has(k)) continue;
    seen.add(k);
    out.push({ spec: text(gs(r)), model: text(gm(r)) });
  }
  return out;
}

/** A panel model's name in titles (SAR, SDM). */
export const panelModelLabel = (model: string): string => (({ sar: 'SAR', sdm: 'SDM' }) as Record<string, string>)[model] ?? model;

/** The effects drawn. */
export const EFFECT_KINDS = ['direct', 'indirect', 'total'] as const;

/** Their names. */
export const EFFECT_NAMES = {
  direct: { zh: '直接效应', en: 'direct' },
  indirect: { zh: '间接效应', en: 'indirect' },
  total: { zh: '总效应', en: 'total' },
} as const;

/** One effect with its 95 % interval (NaN ends: none). */
export interface EffectPoint {
  term: string;
  effect: (typeof EFFECT_KINDS)[number];
  estimate: number;
  lower: number;
  upper: number;
}

/**
 * The effects of (spec, model) as drawn: the Lee–Yu rows when present (the recommended ones with period effects), else
 * the uncorrected ML; each with the simulated 2.5 %/97.5 % quantiles when the table has them (`simulated`), else
 * ±1.96 delta-method SEs. Points by effect kind, then term (the order of the terms in the table).
 */
export function panelEffectPoints(
  imp: SmTable,
  spec: string,
  model: string,
): { estimator: 'lee_yu' | 'ml'; terms: string[]; points: EffectPoint[]; simulated: boolean } {
  const [gs, gm, ge, gt, gk, gv, glo, ghi, gse] = ['spec', 'model', 'estimator', 'term', 'effect', 'estimate', 'lower', 'upper', 'se'].map((c) => col(imp, c));
  const mine = imp.rows.filter((r) => text(gs(r)) === spec && text(gm(r)) === model);
  const estimator = mine.some((r) => text(ge(r)) === 'lee_yu') ? 'lee_yu' : 'ml';
  const rows = mine.filter((r) => text(ge(r)) === estimator);
  const terms = [...new Set(rows.map((r) => text(gt(r))))];
  const points: EffectPoint[] = [];
  let simulated = false;
  for (const effect of EFFECT_KINDS)
    for (const term of terms) {
      const r = rows.find((x) => text(gt(x)) === term && text(gk(x)) === effect);
      if (!r) continue;
      const estimate = number(gv(r));
      let lower = number(glo(r));
      let upper = number(ghi(r));
      if (Number.isFinite(lower) && Number.isFinite(upper)) simulated = true;
      else {
        const se = number(gse(r));
        lower = estimate - 1.96 * se;
        upper = estimate + 1.96 * se;
      }
      points.push({ term, effect, estimate, lower, upper });
    }
  return { estimator, terms, points, simulated };
}

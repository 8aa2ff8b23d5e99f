/** analyses.markov: class transitions of a score (traditional Markov chain) and, with weights, the spatial Markov chain. */
import type { AnalysesSpec } from '../../spec/schema.js';
import { markov, markovClasses, spatialLag, spatialMarkov } from '../markov/index.js';
import { needWeights, num, periodCell, scoreColumn, type AnalysisContext, type AnalysisTable, type Cell } from '../context.js';

type Spec = NonNullable<AnalysesSpec['markov']>;

/** 1-based class for the tables; empty for an unclassified (missing) unit-period. */
const classCell = (c: number): Cell => (c < 0 ? null : c + 1);

export function runMarkov(ctx: AnalysisContext, spec: Spec): AnalysisTable[] {
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
  const trans: Cell[][] = [];
  const addMatrix = (condition: string, counts: Float64Array, probs: Float64Array, totals: Float64Array) => {
    for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) trans.push([code, condition, i + 1, j + 1, counts[i * k + j], num(probs[i * k + j]), totals[i], totals[i] === 0 ? 'no transitions from this class' : '']);
  };
  addMatrix('all', m.counts, m.probabilities, m.rowTotals);
  const summary: Cell[][] = [];
  const noteOf = (ergodicStatus: string, ok: boolean, notes: string[]) => [ok ? '' : `ergodic distribution ${ergodicStatus}`, ...notes].filter(Boolean).join('; ');
  for (let i = 0; i < k; i++) summary.push([code, 'all', i + 1, num(m.initial[i]), num(m.final[i]), m.ergodic ? num(m.ergodic[i]) : null, noteOf(m.ergodicStatus, !!m.ergodic, m.notes)]);
  if (cls.dropped) ctx.warn({ code: 'W_MARKOV_MISSING', message: `${path}: ${cls.dropped} unit-period${cls.dropped > 1 ? 's' : ''} of ${code} missing; left unclassified and their transitions skipped`, location: { path } });
  const classRows: Cell[][] = [];
  let lagCls: Int32Array | undefined;
  const tables: AnalysisTable[] = [];
  if (spec.spatial) {
    const W = needWeights(ctx, `${path}.spatial`);
    // The lag is missing where a neighbour's score is missing; that unit-period has no lag class.
    const lagValues = values.map((x) => spatialLag(x, W, { dropMissing: true }).lag);
    const lc = markovClasses(lagValues, { k, breaks: spec.breaks, dropMissing: true });
    lagCls = lc.classes;
    const sm = spatialMarkov(cls.classes, lagCls, k, nU);
    sm.conditions.forEach((c, ci) => {
      addMatrix(`lag class ${ci + 1}`, c.counts, c.probabilities, c.rowTotals);
      for (let i = 0; i < k; i++) summary.push([code, `lag class ${ci + 1}`, i + 1, null, null, c.ergodic ? num(c.ergodic[i]) : null, noteOf(c.ergodicStatus, !!c.ergodic, c.notes)]);
    });
  }
  for (let t = 0; t < nT; t++) for (let u = 0; u < nU; u++) classRows.push([P.units[u], periodCell(P.periods[t]), num(col[t * nU + u]), classCell(cls.classes[t * nU + u]), ...(lagCls ? [classCell(lagCls[t * nU + u])] : [])]);
  const breaks: Cell[][] = cls.breaks.map((b, t) => [code, periodCell(P.periods[t]), ...Array.from(b, (v) => num(v))]);
  tables.push(
    { name: 'markov_transitions', file: 'markov_transitions.csv', header: ['score', 'condition', 'from_class', 'to_class', 'count', 'probability', 'from_total', 'note'], rows: trans },
    { name: 'markov_summary', file: 'markov_summary.csv', header: ['score', 'condition', 'class', 'initial', 'final', 'ergodic', 'note'], rows: summary },
    { name: 'markov_classes', file: 'markov_classes.csv', header: ['unit', 'period', code, 'class', ...(lagCls ? ['lag_class'] : [])], rows: classRows },
    { name: 'markov_breaks', file: 'markov_breaks.csv', header: ['score', 'period', ...Array.from({ length: k - 1 }, (_, j) => `break_${j + 1}`)], rows: breaks },
  );
  return tables;
}

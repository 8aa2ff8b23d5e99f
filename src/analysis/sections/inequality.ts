/** analyses.inequality: Gini, CV, Dagum decomposition and Theil T/L decomposition per score and period. */
import { NqpfError } from '../../core/errors.js';
import type { AnalysesSpec } from '../../spec/schema.js';
import { mean as meanOf } from '../../kernels/sum.js';
import { cv, dagum, gini, theil } from '../inequality/index.js';
import { groups, num, periodCell, scoreColumn, sectionScores, type AnalysisContext, type AnalysisTable, type Cell } from '../context.js';

type Spec = NonNullable<AnalysesSpec['inequality']>;

/** Run f; a data-dependent NqpfError becomes a NaN row with its message as the note. */
function attempt<T>(f: () => T): { value?: T; note: string } {
  try {
    return { value: f(), note: '' };
  } catch (e) {
    if (e instanceof NqpfError) return { note: `${e.code}: ${e.message}` };
    throw e;
  }
}

export function runInequality(ctx: AnalysisContext, spec: Spec): AnalysisTable[] {
  const path = 'analyses.inequality';
  const codes = sectionScores(ctx, spec.scores, path);
  const m = new Set(spec.measures);
  const needGroups = m.has('dagum') || m.has('theil');
  const g = needGroups ? groups(ctx, path) : undefined;
  const P = ctx.scores;
  const nU = P.units.length;
  const overall: Cell[][] = [];
  const dagumPairs: Cell[][] = [];
  const theilGroups: Cell[][] = [];
  for (const code of codes) {
    const col = scoreColumn(ctx, code, path);
    P.periods.forEach((label, t) => {
      const x = col.subarray(t * nU, (t + 1) * nU);
      const notes: string[] = [];
      const row: Cell[] = [code, periodCell(label), nU, num(meanOf(x))];
      if (m.has('gini')) {
        const r = attempt(() => gini(x));
        if (r.note) notes.push(r.note);
        row.push(num(r.value?.value ?? NaN));
      }
      if (m.has('cv')) {
        const r = attempt(() => cv(x));
        if (r.note) notes.push(r.note);
        row.push(num(r.value?.value ?? NaN));
      }
      if (m.has('dagum')) {
        const r = attempt(() => dagum(x, g!.index, g!.labels));
        if (r.note) notes.push(r.note);
        const d = r.value;
        row.push(num(d?.gini ?? NaN), num(d?.gw ?? NaN), num(d?.gnb ?? NaN), num(d?.gt ?? NaN), num(d?.shares.within ?? NaN), num(d?.shares.netBetween ?? NaN), num(d?.shares.transvariation ?? NaN));
        if (d) {
          notes.push(...d.notes);
          const k = d.labels.length;
          for (let j = 0; j < k; j++) {
            for (let h = 0; h < k; h++) {
              if (h < j) continue;
              dagumPairs.push([code, periodCell(label), d.labels[j], d.labels[h], j === h ? 'within' : 'between', d.count[j], d.count[h], num(d.mean[j]), num(d.mean[h]), num(d.giniMatrix[j * k + h]), j === h ? null : num(d.relativeAffluence[j * k + h]), j === h ? num(d.withinContribution[j]) : num(d.netBetweenMatrix[j * k + h]), j === h ? null : num(d.transvariationMatrix[j * k + h])]);
            }
          }
        }
      }
      if (m.has('theil')) {
        const r = attempt(() => theil(x, g!.index, g!.labels));
        if (r.note) notes.push(r.note);
        const th = r.value;
        row.push(num(th?.T.total ?? NaN), num(th?.T.within ?? NaN), num(th?.T.between ?? NaN), num(th?.T.betweenShare ?? NaN), num(th?.L?.total ?? NaN), num(th?.L?.within ?? NaN), num(th?.L?.between ?? NaN), num(th?.L?.betweenShare ?? NaN));
        if (th) {
          notes.push(...th.notes);
          th.labels.forEach((lab, i) => theilGroups.push([code, periodCell(label), lab, th.count[i], num(th.groupMean[i]), num(th.T.group[i]), num(th.T.weight[i]), num(th.T.contribution[i]), num(th.T.contributionShare[i]), num(th.L?.group[i] ?? NaN), num(th.L?.weight[i] ?? NaN), num(th.L?.contribution[i] ?? NaN), num(th.L?.contributionShare[i] ?? NaN)]));
          if (!th.L) notes.push('Theil L not defined: zero values present');
        }
      }
      row.push([...new Set(notes)].join('; '));
      overall.push(row);
    });
  }
  const header = ['score', 'period', 'n', 'mean'];
  if (m.has('gini')) header.push('gini');
  if (m.has('cv')) header.push('cv');
  if (m.has('dagum')) header.push('dagum_G', 'dagum_Gw', 'dagum_Gnb', 'dagum_Gt', 'share_Gw', 'share_Gnb', 'share_Gt');
  if (m.has('theil')) header.push('theil_T', 'theil_T_within', 'theil_T_between', 'theil_T_between_share', 'theil_L', 'theil_L_within', 'theil_L_between', 'theil_L_between_share');
  header.push('note');
  const out: AnalysisTable[] = [{ name: 'inequality', file: 'inequality.csv', header, rows: overall }];
  if (m.has('dagum')) out.push({ name: 'dagum_groups', file: 'dagum_groups.csv', header: ['score', 'period', 'group_j', 'group_h', 'kind', 'n_j', 'n_h', 'mean_j', 'mean_h', 'G_jh', 'D_jh', 'contribution_nb_or_w', 'contribution_t'], rows: dagumPairs });
  if (m.has('theil')) out.push({ name: 'theil_groups', file: 'theil_groups.csv', header: ['score', 'period', 'group', 'n', 'mean', 'T_group', 'T_weight', 'T_contribution', 'T_contribution_share', 'L_group', 'L_weight', 'L_contribution', 'L_contribution_share'], rows: theilGroups });
  return out;
}

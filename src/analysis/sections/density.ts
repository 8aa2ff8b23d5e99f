/**
 * analyses.density: kernel density of each score per period (and per group) on one common grid,
 * so the rows also form the period × value × density surface.
 */
import type { AnalysesSpec } from '../../spec/schema.js';
import { bwNrd, bwNrd0, kde } from '../density/index.js';
import { groups, num, periodCell, scoreColumn, sectionScores, type AnalysisContext, type AnalysisTable, type Cell } from '../context.js';

type Spec = NonNullable<AnalysesSpec['density']>;

export function runDensity(ctx: AnalysisContext, spec: Spec): AnalysisTable[] {
  const path = 'analyses.density';
  const P = ctx.scores;
  const nU = P.units.length;
  const codes = sectionScores(ctx, spec.scores, path);
  const g = spec.byGroup && (ctx.spec.group ?? ctx.groupAttr) ? groups(ctx, path) : undefined;
  const rows: Cell[][] = [];
  const bws: Cell[][] = [];
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
      for (const v of x) if (v === v) { if (v < lo) lo = v; if (v > hi) hi = v; }
      bwMax = Math.max(bwMax, rule ? rule(x, { dropMissing: true }) : (spec.bandwidth as number));
    }
    const grid = { from: lo - 3 * bwMax, to: hi + 3 * bwMax, n: spec.gridSize };
    let anyMissing = false;
    const one = (x: Float64Array, label: string, group: string) => {
      const n = available(x);
      if (n < x.length) anyMissing = true;
      const dropped = x.length - n ? `${x.length - n} missing value${x.length - n > 1 ? 's' : ''} left out` : '';
      if (n < 2) {
        bws.push([code, periodCell(label), group, n, null, '', spec.kernel, [dropped, `${n} value${n === 1 ? '' : 's'}: no density estimated`].filter(Boolean).join('; ')]);
        return;
      }
      const r = kde(x, { kernel: spec.kernel, bw: spec.bandwidth, grid, dropMissing: true });
      bws.push([code, periodCell(label), group, r.n, r.bw, r.bwRule, r.kernel, dropped]);
      for (let i = 0; i < r.x.length; i++) rows.push([code, periodCell(label), group, r.x[i], num(r.y[i])]);
    };
    P.periods.forEach((label, t) => {
      one(slices[t], label, 'all');
      if (g) {
        g.labels.forEach((lab, gi) => {
          const members = Float64Array.from(P.units.map((_, u) => u).filter((u) => g.index[u] === gi), (u) => slices[t][u]);
          if (members.length >= 2) one(members, label, lab);
          else ctx.warn({ code: 'W_DENSITY_GROUP', message: `${path}: group ${lab} has ${members.length} unit(s) in ${label}; no density estimated`, location: { path } });
        });
      }
    });
    if (anyMissing) ctx.warn({ code: 'W_DENSITY_MISSING', message: `${path}: ${code} has missing values; they are left out of the densities (see the note column of density_bandwidth.csv)`, location: { path } });
  }
  return [
    { name: 'density', file: 'density.csv', header: ['score', 'period', 'group', 'x', 'density'], rows },
    { name: 'density_bandwidth', file: 'density_bandwidth.csv', header: ['score', 'period', 'group', 'n', 'bandwidth', 'rule', 'kernel', 'note'], rows: bws },
  ];
}

/** analyses.coupling: coupling degree C, comprehensive index T, coordination D = √(C·T) and its class per unit and period. */
import { fail } from '../../core/errors.js';
import type { AnalysesSpec } from '../../spec/schema.js';
import { coupling } from '../coupling.js';
import { num, periodCell, scoreColumn, type AnalysisContext, type AnalysisTable, type Cell } from '../run.js';

type Spec = NonNullable<AnalysesSpec['coupling']>;

export function runCoupling(ctx: AnalysisContext, spec: Spec): AnalysisTable[] {
  const path = 'analyses.coupling';
  const P = ctx.scores;
  const nU = P.units.length;
  const cols = spec.subsystems.map((c, i) => scoreColumn(ctx, c, `${path}.subsystems.${i}`));
  if (spec.alpha && spec.alpha.length !== cols.length) fail('E_SPEC', `${path}.alpha has ${spec.alpha.length} entries for ${cols.length} subsystems`, { location: { path: `${path}.alpha` } });
  const rows: Cell[][] = [];
  P.periods.forEach((p, t) => {
    const U = cols.map((c) => c.subarray(t * nU, (t + 1) * nU));
    const r = coupling(U, { alpha: spec.alpha, corrected: spec.corrected, names: spec.subsystems });
    for (let u = 0; u < nU; u++) rows.push([P.units[u], periodCell(p), ...U.map((x) => num(x[u])), num(r.C[u]), num(r.T[u]), num(r.D[u]), r.classIndex[u] >= 0 ? r.classIndex[u] + 1 : null, r.classZh[u] ?? '', r.classEn[u] ?? '', r.reason[u] ?? '']);
  });
  return [{ name: 'coupling', file: 'coupling.csv', header: ['unit', 'period', ...spec.subsystems, 'C', 'T', 'D', 'class', 'class_zh', 'class_en', 'note'], rows }];
}

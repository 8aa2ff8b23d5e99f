/** analyses.coupling: coupling degree C, comprehensive index T, coordination D = √(C·T) and its class per unit and period. */
import { fail } from '../../core/errors.js';
import type { AnalysesSpec } from '../../spec/schema.js';
import { coupling } from '../coupling.js';
import { num, periodCell, scoreColumn, type AnalysisContext, type AnalysisTable, type Cell } from '../context.js';

type Spec = NonNullable<AnalysesSpec['coupling']>;

export function runCoupling(ctx: AnalysisContext, spec: Spec): AnalysisTable[] {
  const path = 'analyses.coupling';
  const P = ctx.scores;
  const nU = P.units.length;
  const cols = spec.subsystems.map((c, i) => scoreColumn(ctx, c, `${path}.subsystems.${i}`));
  if (spec.alpha && spec.alpha.length !== cols.length) fail('E_SPEC', `${path}.alpha has ${spec.alpha.length} entries for ${cols.length} subsystems`, { location: { path: `${path}.alpha` } });
  // Subsystem scores must lie on [0, 1]. Scores built from min-max [l, u] indicators with means lie on
  // [l, u]: rescale them by that common range (and say so); otherwise the kernel refuses them.
  const nmLog = ctx.result.log.find((e) => e.step === 'normalise')!.options as { byIndicator: Record<string, { method: string; range: [number, number] }> };
  const ranges = Object.values(nmLog.byIndicator);
  const common = ranges.every((o) => o.method === 'minmax' && o.range[0] === ranges[0].range[0] && o.range[1] === ranges[0].range[1]) ? ranges[0].range : undefined;
  let scaled = cols;
  let scaleNote = '';
  if (common && (common[0] !== 0 || common[1] !== 1) && cols.every((c) => c.every((v) => !(v < common[0] - 1e-9 || v > common[1] + 1e-9)))) {
    const [l, u] = common;
    scaled = cols.map((c) => Float64Array.from(c, (v) => (v - l) / (u - l)));
    scaleNote = `scores rescaled from [${l}, ${u}] to [0, 1]`;
  }
  const rows: Cell[][] = [];
  P.periods.forEach((p, t) => {
    const U = scaled.map((c) => c.subarray(t * nU, (t + 1) * nU));
    const r = coupling(U, { alpha: spec.alpha, corrected: spec.corrected, names: spec.subsystems });
    for (let u = 0; u < nU; u++) rows.push([P.units[u], periodCell(p), ...U.map((x) => num(x[u])), num(r.C[u]), num(r.T[u]), num(r.D[u]), r.classIndex[u] >= 0 ? r.classIndex[u] + 1 : null, r.classZh[u] ?? '', r.classEn[u] ?? '', [r.reason[u] ?? '', scaleNote].filter(Boolean).join('; ')]);
  });
  return [{ name: 'coupling', file: 'coupling.csv', header: ['unit', 'period', ...spec.subsystems, 'C', 'T', 'D', 'class', 'class_zh', 'class_en', 'note'], rows }];
}

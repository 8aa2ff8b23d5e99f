/**
 * analyses.obstacle: obstacle degree of every indicator and top-level dimension per unit and
 * period, O_ij = w_j (1 − y_ij) / Σ_j w_j (1 − y_ij), on the normalised indicators with their
 * global weights (per period when the weights differ by period).
 */
import { fail } from '../../core/errors.js';
import { indicatorsUnder } from '../../core/framework.js';
import type { AnalysesSpec } from '../../spec/schema.js';
import { obstacle } from '../obstacle.js';
import { num, periodCell, type AnalysisContext, type AnalysisTable, type Cell } from '../context.js';

type Spec = NonNullable<AnalysesSpec['obstacle']>;

export function runObstacle(ctx: AnalysisContext, spec: Spec): AnalysisTable[] {
  const path = 'analyses.obstacle';
  const fw = ctx.result.framework;
  const ind = fw.indicators;
  const nm = ctx.result.datasets.normalised;
  const nU = nm.units.length;
  const nT = nm.periods.length;
  const dims = fw.nodes.get(fw.root)!.children;
  const dimOf = new Int32Array(ind.length);
  dims.forEach((d, k) => indicatorsUnder(fw, d).forEach((c) => (dimOf[ind.indexOf(c)] = k)));

  // Normalised values on [0, 1]: min-max to [l, u] is rescaled by its range; other methods must already lie in [0, 1].
  const nmLog = ctx.result.log.find((e) => e.step === 'normalise')!.options as { byIndicator: Record<string, { method: string; range: [number, number] }> };
  const Y = ind.map((c) => {
    const o = nmLog.byIndicator[c];
    const v = nm.values.get(c)!;
    if (o.method === 'minmax' && (o.range[0] !== 0 || o.range[1] !== 1)) {
      const [l, u] = o.range;
      return Float64Array.from(v, (x) => (x - l) / (u - l));
    }
    for (let i = 0; i < v.length; i++) {
      if (v[i] < -1e-12 || v[i] > 1 + 1e-12) fail('E_OBSTACLE_RANGE', `${path}: normalised ${c} is outside [0, 1] (${v[i]} at ${nm.units[i % nU]}, ${nm.periods[Math.floor(i / nU)]})`, { location: { path }, hint: 'obstacle degree needs indicators on [0, 1]: use steps.normalise.method minmax' });
    }
    return v;
  });
  // Global weights per period (rows with period "" apply to all periods).
  const wOf = (t: number) => {
    const label = ctx.result.weights.some((r) => r.period !== '') ? nm.periods[t] : '';
    const byNode = new Map(ctx.result.weights.filter((r) => r.period === label).map((r) => [r.node, r.global]));
    return Float64Array.from(ind, (c) => byNode.get(c)!);
  };
  const long: Cell[][] = [];
  const dimRows: Cell[][] = [];
  const top: Cell[][] = [];
  for (let t = 0; t < nT; t++) {
    const r = obstacle(Y.map((y) => y.subarray(t * nU, (t + 1) * nU)), wOf(t), dimOf, dims.length, { k: Math.min(spec.top, ind.length), names: ind });
    for (let u = 0; u < nU; u++) {
      const note = r.reason[u] ?? '';
      const row: Cell[] = [nm.units[u], periodCell(nm.periods[t])];
      long.push([...row, ...ind.map((_, j) => num(r.obstacle[j][u])), note]);
      dimRows.push([...row, ...dims.map((_, k) => num(r.dimension[k][u])), note]);
      for (let q = 0; q < r.k; q++) {
        const j = r.topIndex[u * r.k + q];
        top.push([...row, q + 1, j >= 0 ? ind[j] : null, j >= 0 ? fw.nodes.get(ind[j])!.nameZh : null, j >= 0 ? fw.nodes.get(ind[j])!.nameEn : null, num(r.topValue[u * r.k + q]), note]);
      }
    }
  }
  return [
    { name: 'obstacle_indicators', file: 'obstacle_indicators.csv', header: ['unit', 'period', ...ind, 'note'], rows: long },
    { name: 'obstacle_dimensions', file: 'obstacle_dimensions.csv', header: ['unit', 'period', ...dims, 'note'], rows: dimRows },
    { name: 'obstacle_top', file: 'obstacle_top.csv', header: ['unit', 'period', 'rank', 'indicator', 'nameZh', 'nameEn', 'obstacle', 'note'], rows: top },
  ];
}

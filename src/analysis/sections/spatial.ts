/**
 * analyses.spatial: global Moran's I, Geary's C and Getis-Ord G per score and period (normality
 * and randomisation moments, seeded permutation pseudo p-values) and, when `local`, local Moran
 * (spdep localmoran + conditional permutations), LISA clusters, Getis-Ord Gi* and Moran scatter.
 */
import { NqpfError } from '../../core/errors.js';
import { Rng } from '../../core/rng.js';
import type { AnalysesSpec } from '../../spec/schema.js';
import { geary, getisOrdG, getisOrdGiStar, localMoran, localMoranPerm, moran, moranScatter, weightsSummary } from '../spatial/index.js';
import { needWeights, num, periodCell, scoreColumn, sectionScores, type AnalysisContext, type AnalysisTable, type Cell } from '../context.js';

type Spec = NonNullable<AnalysesSpec['spatial']>;

export function runSpatial(ctx: AnalysisContext, spec: Spec): AnalysisTable[] {
  const path = 'analyses.spatial';
  const W = needWeights(ctx, path);
  const P = ctx.scores;
  const nU = P.units.length;
  const codes = sectionScores(ctx, spec.scores, path);
  const glob: Cell[][] = [];
  const local: Cell[][] = [];
  codes.forEach((code, ci) => {
    const col = scoreColumn(ctx, code, path);
    P.periods.forEach((label, t) => {
      const x = col.subarray(t * nU, (t + 1) * nU);
      const stats = [
        ['moran', moran],
        ['geary', geary],
        ['getis_ord_G', getisOrdG],
      ] as const;
      stats.forEach(([name, f], si) => {
        try {
          const rnd = f(x, W, { alternative: spec.alternative, randomisation: true, nsim: spec.permutations, rng: Rng.stream(ctx.seed, 0x5a71, ci, t, si), path });
          // Getis-Ord G has only the randomisation variance (spdep globalG.test).
          const nrm = name === 'getis_ord_G' ? undefined : f(x, W, { alternative: spec.alternative, randomisation: false, path });
          glob.push([code, periodCell(label), name, rnd.statistic, rnd.expectation, rnd.variance, rnd.z, rnd.pValue, nrm ? nrm.variance : null, nrm ? nrm.z : null, nrm ? nrm.pValue : null, rnd.permutation ? rnd.permutation.nsim : 0, rnd.permutation ? rnd.permutation.pValue : null, spec.alternative, rnd.islands.length ? `islands kept with zero lag: ${rnd.islands.join(', ')}` : '']);
        } catch (e) {
          if (!(e instanceof NqpfError) || e.code === 'E_MISSING_VALUES' || e.code.startsWith('E_SPEC')) throw e;
          glob.push([code, periodCell(label), name, null, null, null, null, null, null, null, null, 0, null, spec.alternative, `${e.code}: ${e.message}`]);
        }
      });
      if (!spec.local) return;
      try {
        localRows(x, code, ci, t, label);
      } catch (e) {
        if (!(e instanceof NqpfError) || e.code === 'E_MISSING_VALUES') throw e;
        for (let u = 0; u < nU; u++) local.push([code, P.units[u], periodCell(label), num(x[u]), null, null, null, null, null, null, null, null, '', '', null, null, '', `${e.code}: ${e.message}`]);
      }
    });
  });
  function localRows(x: Float64Array, code: string, ci: number, t: number, label: string): void {
      const lm = localMoran(x, W, { alternative: spec.alternative === 'two.sided' ? 'two.sided' : spec.alternative, significance: spec.significance });
      const perm = spec.permutations > 0 ? localMoranPerm(x, W, { seed: seedFor(ctx.seed, ci, t), nsim: spec.permutations, alternative: spec.alternative, significance: spec.significance }) : undefined;
      const gi = getisOrdGiStar(x, W, { significance: spec.significance });
      const sc = moranScatter(x, W);
      for (let u = 0; u < nU; u++) {
        local.push([code, P.units[u], periodCell(label), num(x[u]), num(sc.z[u]), num(sc.lag[u]), num(lm.I[u]), num(lm.expected[u]), num(lm.variance[u]), num(lm.z[u]), num(lm.p[u]), perm ? num(perm.p[u]) : null, lm.quadrant[u], perm ? perm.cluster[u] : lm.cluster[u], num(gi.z[u]), num(gi.p[u]), gi.spot[u], Number.isNaN(lm.z[u]) ? 'no neighbours or z_i = 0: Z and p undefined (spdep zero.policy)' : '']);
      }
  }
  const s = weightsSummary(W);
  const tables: AnalysisTable[] = [
    { name: 'spatial_global', file: 'spatial_global.csv', header: ['score', 'period', 'statistic', 'value', 'expectation', 'variance_randomisation', 'z_randomisation', 'p_randomisation', 'variance_normality', 'z_normality', 'p_normality', 'permutations', 'p_permutation', 'alternative', 'note'], rows: glob },
    { name: 'spatial_weights', file: 'spatial_weights.csv', header: ['units', 'links', 'islands', 'min_neighbours', 'mean_neighbours', 'max_neighbours', 'style'], rows: [[s.n, s.links, s.islands.join(' '), s.minNeighbours, s.meanNeighbours, s.maxNeighbours, W.style]] },
  ];
  if (spec.local) tables.push({ name: 'spatial_local', file: 'spatial_local.csv', header: ['score', 'unit', 'period', 'value', 'z', 'lag_z', 'Ii', 'E_Ii', 'Var_Ii', 'Z_Ii', 'p_Ii', 'p_permutation', 'quadrant', 'cluster', 'Gi_star_z', 'Gi_star_p', 'Gi_star_spot', 'note'], rows: local });
  return tables;
}

/** Seed of the local permutations of score `c` in period `t`, derived from the run seed. */
function seedFor(seed: number, c: number, t: number): number {
  return Rng.stream(seed, 0x10ca1, c, t).nextU32();
}

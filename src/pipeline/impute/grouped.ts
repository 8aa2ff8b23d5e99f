import { fail } from '../../core/errors.js';
import type { ImputeContext } from './types.js';

/**
 * Shared engine of `group_mean`, `group_median`, `period_mean`, `period_median`: within each
 * period, missing cells of the units of one group take a statistic (mean or median) of the
 * observed cells of the same group in the same period. `groups = null` means one group of all
 * units. Units whose group is −1 are neither filled nor used (COINr `i_mean_grp(skip_f_na = TRUE)`);
 * a group with no observation in a period leaves its gaps missing.
 *
 * Mean: sum/n with R's second-pass correction (Σ(x−m))/n. Median: R `median()` (mean of the two
 * middle values for even n). Cost O(units × periods) for the mean, O(Σ n_g log n_g) per period for
 * the median; one scratch buffer of nUnits doubles.
 */
export function fillByGroup(x: Float64Array, ctx: ImputeContext, groups: Int32Array | null, stat: 'mean' | 'median'): Float64Array {
  const { nUnits: nU, nPeriods: nT } = ctx;
  const out = x.slice();
  // members of each group, contiguous: order[start[g] .. start[g+1])
  let nG = 1;
  if (groups) {
    nG = 0;
    for (let u = 0; u < nU; u++) {
      const g = groups[u];
      if (!Number.isInteger(g) || g < -1) fail('E_BAD_INPUT', `group index of unit ${u + 1} is ${g}; expected −1 (no group) or a group number ≥ 0`);
      if (g + 1 > nG) nG = g + 1;
    }
  }
  const start = new Int32Array(nG + 1);
  for (let u = 0; u < nU; u++) {
    const g = groups ? groups[u] : 0;
    if (g >= 0) start[g + 1]++;
  }
  for (let g = 0; g < nG; g++) start[g + 1] += start[g];
  const order = new Int32Array(start[nG]);
  const fillPos = start.slice(0, nG);
  for (let u = 0; u < nU; u++) {
    const g = groups ? groups[u] : 0;
    if (g >= 0) order[fillPos[g]++] = u;
  }
  const scratch = stat === 'median' ? new Float64Array(nU) : null;

  for (let t = 0; t < nT; t++) {
    const base = t * nU;
    for (let g = 0; g < nG; g++) {
      const a = start[g];
      const b = start[g + 1];
      let n = 0;
      let missing = 0;
      let value = NaN;
      if (stat === 'mean') {
        let s = 0;
        for (let k = a; k < b; k++) {
          const v = x[base + order[k]];
          if (v === v) {
            s += v;
            n++;
          } else missing++;
        }
        if (missing === 0) continue;
        if (n > 0) {
          const m = s / n;
          let c = 0;
          for (let k = a; k < b; k++) {
            const v = x[base + order[k]];
            if (v === v) c += v - m;
          }
          value = m + c / n;
        }
      } else {
        const buf = scratch as Float64Array;
        for (let k = a; k < b; k++) {
          const v = x[base + order[k]];
          if (v === v) buf[n++] = v;
          else missing++;
        }
        if (missing === 0) continue;
        if (n > 0) {
          const sorted = buf.subarray(0, n).sort();
          const h = n >> 1;
          value = n % 2 === 1 ? sorted[h] : (sorted[h - 1] + sorted[h]) / 2;
        }
      }
      if (value !== value) continue;
      for (let k = a; k < b; k++) {
        const i = base + order[k];
        if (x[i] !== x[i]) out[i] = value;
      }
    }
  }
  return out;
}

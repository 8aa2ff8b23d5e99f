import { z } from 'zod';
import { cite, methodText } from '../descriptor.js';
import { defineAggregate } from './types.js';
import { applyDatThreshold, checkAggregateInput } from './util.js';

/**
 * `copeland`: weighted outranking (Copeland) scores, as COINr's `a_copeland`.
 *
 * With w rescaled to sum 1 over all columns, the outranking matrix is
 *
 *   o_ik = Σ_j w_j [x_ij > x_kj] + ½ Σ_j w_j [x_ij = x_kj]   (i ≠ k),  o_ii = 0,
 *
 * and the score of row i is y_i = Σ_k o_ik (larger is better; with complete data
 * o_ik + o_ki = 1, so scores lie in [0, n − 1]). Ties are exact equality.
 *
 * Missing data: a column enters the comparison of rows i and k only when both are present, in
 * **both** directions (o_ik and o_ki are each computed directly). This is where we differ from
 * COINr, which computes only the upper triangle over the common columns and sets
 * o_ki = 1 − o_ik, so that the weight of columns missing in either row is credited to the
 * later row and the result depends on the row order; with complete data the two agree exactly.
 * A row with no available value gets NaN. `datThreshold` is applied to the scores afterwards
 * (COINr ignores `dat_thresh` for this data-frame-wise method). The scores depend on all the rows
 * passed (per period or pooled, caller's choice). Cost O(n²·m).
 *
 * Reference: COINr 1.1.14 `outrankMatrix` / `a_copeland` (R/aggregate.R); Munda & Nardo (2009)
 * "Noncompensatory/nonlinear composite indicators for ranking countries", Applied Economics
 * 41(12). Validated against a hand-computed example.
 */
export const copeland = defineAggregate({
  name: 'copeland',
  title: { en: 'Copeland (pairwise outranking)', zh: 'Copeland 两两比较计分' },
  options: z.strictObject({}),
  label: { zh: 'Copeland 法', en: 'the Copeland method' },
  run(cols, w, o) {
    const n = checkAggregateInput('copeland', cols, w, o.inputsFinite !== true);
    const thr = o.datThreshold;
    const m = cols.length;
    let sw = 0;
    for (let j = 0; j < m; j++) sw += w[j];
    const wn = new Float64Array(m);
    for (let j = 0; j < m; j++) wn[j] = w[j] / sw;
    const out = new Float64Array(n);
    const empty = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      let a = 0;
      for (let j = 0; j < m; j++) if (cols[j][i] === cols[j][i]) a++;
      empty[i] = a === 0 ? 1 : 0;
    }
    for (let i = 0; i < n; i++) {
      for (let k = i + 1; k < n; k++) {
        let oik = 0;
        let oki = 0;
        for (let j = 0; j < m; j++) {
          const a = cols[j][i];
          const b = cols[j][k];
          if (a !== a || b !== b) continue;
          if (a > b) oik += wn[j];
          else if (a < b) oki += wn[j];
          else {
            oik += wn[j] / 2;
            oki += wn[j] / 2;
          }
        }
        out[i] += oik;
        out[k] += oki;
      }
    }
    for (let i = 0; i < n; i++) if (empty[i]) out[i] = NaN;
    return applyDatThreshold(out, cols, thr);
  },
  describe() {
    return methodText(
      `两两比较各单元：o_ik = Σ_j w_j [y_ij > y_kj] + ½ Σ_j w_j [y_ij = y_kj]，得分 S_i = Σ_k o_ik${cite('coinr')}`,
      `pairwise outranking o_ik = Σ_j w_j [y_ij > y_kj] + ½ Σ_j w_j [y_ij = y_kj], score S_i = Σ_k o_ik${cite('coinr')}`,
    );
  },
});

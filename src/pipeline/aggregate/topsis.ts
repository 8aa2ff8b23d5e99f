import { z } from 'zod';
import { fail } from '../../core/errors.js';
import { cite, methodText } from '../descriptor.js';
import { defineAggregate } from './types.js';
import { isShared, mapColumns } from '../../core/parallel.js';
import { extent } from '../normalise/common.js';
import { applyDatThreshold, checkAggregateInput, idealOption, pooledIdeal } from './util.js';

/**
 * `topsis` (TOPSIS, Hwang & Yoon 1981; 逼近理想解排序法): relative closeness to the ideal
 * solution on the weighted normalised matrix.
 *
 *   v_ij = w_j x_ij   (w rescaled to sum 1 over all columns),
 *   v⁺_j = max_i v_ij,  v⁻_j = min_i v_ij   (over the rows passed; NaN skipped),
 *   D⁺_i = √Σ_j (v_ij − v⁺_j)²,  D⁻_i = √Σ_j (v_ij − v⁻_j)²,
 *   C_i = D⁻_i / (D⁺_i + D⁻_i) ∈ [0, 1].
 *
 * The input columns are already normalised with directions applied, so larger is better in every
 * column (the ideal is the column maximum). **Which rows define the ideal is the caller's
 * choice**: pass one period's rows for a per-period ideal, or all unit-periods for a pooled ideal
 * (comparable over time) — the report must state which.
 *
 * A column pool in the execution context may compute some of the column extents (identical results).
 *
 * Missing data: a row with any NaN gets C = NaN, unless `skipMissing: true`, in which case its
 * distances are taken over its available columns only (weights not rescaled). Degenerate cases:
 * when every column is constant over the rows passed (ideal = anti-ideal) the closeness is
 * undefined for every row → error `E_TOPSIS_DEGENERATE` (not a silent 0.5); with `skipMissing`,
 * a single row whose available columns are all constant gets NaN. Then `datThreshold` applies.
 * Cost O(m·n).
 *
 * Reference: Hwang C.L., Yoon K. (1981) Multiple Attribute Decision Making, Springer, §3.1.5.
 * Validated against the book's fighter-aircraft data recomputed independently, and an analytic
 * ideal/anti-ideal case.
 *
 * @example rows (1,1), (0,0), (0.5,0.5) with equal weights → C = 1, 0, 0.5
 */
export const topsis = defineAggregate({
  name: 'topsis',
  title: { en: 'TOPSIS (closeness to the ideal)', zh: 'TOPSIS 逼近理想解法' },
  options: z.strictObject({ ideal: idealOption }),
  label: { zh: 'TOPSIS 法（逼近理想解排序法）', en: 'TOPSIS' },
  needsIdeal: true,
  run(cols, w, o, exec) {
    const n = checkAggregateInput('topsis', cols, w, o.inputsFinite !== true);
    const thr = o.datThreshold;
    const skip = o.skipMissing === true;
    const m = cols.length;
    let sw = 0;
    for (let j = 0; j < m; j++) sw += w[j];
    const hi = new Float64Array(m).fill(-Infinity);
    const lo = new Float64Array(m).fill(Infinity);
    // Column by column: add the squared distances to column j's ideal and anti-ideal
    // (contiguous reads; each row still sums over j in ascending order).
    const dp = new Float64Array(n);
    const dm = new Float64Array(n);
    let miss: Int32Array | undefined; // missing cells per row, once a column has any
    // max_i w·x_i = w·max_i x_i exactly (rounding is monotone and w ≥ 0), so the ideal and
    // anti-ideal come from each column's extent (a column pool may take some columns).
    const extents = mapColumns(exec?.pool, 'extent', cols, extent, m * n, isShared);
    for (let j = 0; j < m; j++) {
      const c = cols[j];
      const wj = w[j] / sw;
      const e = extents[j];
      const h = e.n ? wj * e.max : -Infinity;
      const l = e.n ? wj * e.min : Infinity;
      const nan = n - e.n;
      hi[j] = h;
      lo[j] = l;
      if (nan === 0) {
        for (let i = 0; i < n; i++) {
          const v = wj * c[i];
          const a = v - h;
          const b = v - l;
          dp[i] += a * a;
          dm[i] += b * b;
        }
        continue;
      }
      miss ??= new Int32Array(n);
      for (let i = 0; i < n; i++) {
        const x = c[i];
        if (x !== x) {
          miss[i]++;
          continue;
        }
        const v = wj * x;
        const a = v - h;
        const b = v - l;
        dp[i] += a * a;
        dm[i] += b * b;
      }
    }
    let spread = false;
    for (let j = 0; j < m; j++) if (hi[j] > lo[j]) spread = true;
    if (!spread && n > 0) {
      let any = false;
      for (let j = 0; j < m && !any; j++) if (hi[j] !== -Infinity) any = true;
      if (any) {
        fail(
          'E_TOPSIS_DEGENERATE',
          `aggregate method "topsis": every (weighted) column is constant over the ${n} rows passed, so the ideal equals the anti-ideal and the closeness is undefined`,
          {
            hint: 'use a pooled ideal (ideal: pooled) so more rows define the ideal, or another aggregation method',
          },
        );
      }
    }
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const k = miss ? miss[i] : 0;
      if ((k > 0 && !skip) || k === m) {
        out[i] = NaN;
        continue;
      }
      const Dp = Math.sqrt(dp[i]);
      const Dm = Math.sqrt(dm[i]);
      const den = Dp + Dm;
      out[i] = den > 0 ? Dm / den : NaN;
    }
    return applyDatThreshold(out, cols, thr);
  },
  describe(o, ctx) {
    const pooled = pooledIdeal(o);
    const idealZh = !ctx.panel
      ? '正、负理想解取自全部单元'
      : pooled
        ? '正、负理想解在全部单元–时期上统一确定（pooled），使各期得分可比'
        : '正、负理想解逐期确定（period）';
    const idealEn = !ctx.panel
      ? 'the ideal and anti-ideal are taken over all units'
      : pooled
        ? 'the ideal and anti-ideal are taken over all unit-periods together (pooled), so scores are comparable over time'
        : 'the ideal and anti-ideal are taken within each period';
    return methodText(
      `加权规范化矩阵 v_ij = w_j y_ij，正理想解 v_j⁺ = max_i v_ij，负理想解 v_j⁻ = min_i v_ij，D_i⁺ = √Σ_j (v_ij − v_j⁺)²，D_i⁻ = √Σ_j (v_ij − v_j⁻)²，相对贴近度 C_i = D_i⁻/(D_i⁺ + D_i⁻)${cite('topsis')}；${idealZh}`,
      `v_ij = w_j y_ij, v_j⁺ = max_i v_ij, v_j⁻ = min_i v_ij, D_i⁺ = √Σ_j (v_ij − v_j⁺)², D_i⁻ = √Σ_j (v_ij − v_j⁻)², and the relative closeness C_i = D_i⁻/(D_i⁺ + D_i⁻)${cite('topsis')}; ${idealEn}`,
    );
  },
});

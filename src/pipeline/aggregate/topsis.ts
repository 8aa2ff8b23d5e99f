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
/** Rows whose distance sums are accumulated together (two 16 KB arrays). */
const BLOCK = 2048;

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
    const hi = new Float64Array(m);
    const lo = new Float64Array(m);
    const ws = new Float64Array(m);
    // max_i w·x_i = w·max_i x_i exactly (rounding is monotone and w ≥ 0), so the ideal and
    // anti-ideal come from each column's extent: known to the executor (min-max normalised
    // columns), or read (a column pool may take some columns).
    const known = exec?.extent ? cols.map((c) => exec.extent!(c)) : undefined;
    const unknown = known ? cols.filter((_, j) => !known[j]) : cols;
    const read = mapColumns(exec?.pool, 'extent', unknown, extent, unknown.length * n, isShared);
    let r = 0;
    const extents = known ? known.map((e) => e ?? read[r++]) : read;
    let complete = true; // no column has a missing value
    const full: boolean[] = new Array(m);
    for (let j = 0; j < m; j++) {
      const wj = w[j] / sw;
      const e = extents[j];
      ws[j] = wj;
      hi[j] = e.n ? wj * e.max : -Infinity;
      lo[j] = e.n ? wj * e.min : Infinity;
      full[j] = e.n === n;
      if (e.n < n) complete = false;
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
    // Rows in blocks of BLOCK: column by column within a block, add the squared distances to column
    // j's ideal and anti-ideal (contiguous reads of each column; each row still sums over j in
    // ascending order, so the sums are those of a whole-column pass), while the block's sums stay in
    // the first-level cache instead of streaming two n-long arrays through memory once per column.
    const out = new Float64Array(n);
    const B = Math.min(n, BLOCK);
    const dp = new Float64Array(B);
    const dm = new Float64Array(B);
    const miss = complete ? undefined : new Int32Array(B); // missing cells per row of the block
    for (let i0 = 0; i0 < n; i0 += B) {
      const len = Math.min(B, n - i0);
      if (i0 > 0) {
        dp.fill(0);
        dm.fill(0);
        miss?.fill(0);
      }
      for (let j = 0; j < m; j++) {
        if (j + 3 < m && full[j] && full[j + 1] && full[j + 2] && full[j + 3]) {
          // Four complete columns in one sweep: each row's sums still take them one after another.
          const c0 = cols[j];
          const c1 = cols[j + 1];
          const c2 = cols[j + 2];
          const c3 = cols[j + 3];
          const [w0, w1, w2, w3] = [ws[j], ws[j + 1], ws[j + 2], ws[j + 3]];
          const [h0, h1, h2, h3] = [hi[j], hi[j + 1], hi[j + 2], hi[j + 3]];
          const [l0, l1, l2, l3] = [lo[j], lo[j + 1], lo[j + 2], lo[j + 3]];
          for (let i = 0; i < len; i++) {
            const v0 = w0 * c0[i0 + i];
            const v1 = w1 * c1[i0 + i];
            const v2 = w2 * c2[i0 + i];
            const v3 = w3 * c3[i0 + i];
            const a0 = v0 - h0;
            const a1 = v1 - h1;
            const a2 = v2 - h2;
            const a3 = v3 - h3;
            const b0 = v0 - l0;
            const b1 = v1 - l1;
            const b2 = v2 - l2;
            const b3 = v3 - l3;
            dp[i] = dp[i] + a0 * a0 + a1 * a1 + a2 * a2 + a3 * a3;
            dm[i] = dm[i] + b0 * b0 + b1 * b1 + b2 * b2 + b3 * b3;
          }
          j += 3;
          continue;
        }
        const c = cols[j];
        const wj = ws[j];
        const h = hi[j];
        const l = lo[j];
        if (full[j]) {
          for (let i = 0; i < len; i++) {
            const v = wj * c[i0 + i];
            const a = v - h;
            const b = v - l;
            dp[i] += a * a;
            dm[i] += b * b;
          }
          continue;
        }
        for (let i = 0; i < len; i++) {
          const x = c[i0 + i];
          if (x !== x) {
            miss![i]++;
            continue;
          }
          const v = wj * x;
          const a = v - h;
          const b = v - l;
          dp[i] += a * a;
          dm[i] += b * b;
        }
      }
      for (let i = 0; i < len; i++) {
        const k = miss ? miss[i] : 0;
        if ((k > 0 && !skip) || k === m) {
          out[i0 + i] = NaN;
          continue;
        }
        const Dp = Math.sqrt(dp[i]);
        const Dm = Math.sqrt(dm[i]);
        const den = Dp + Dm;
        out[i0 + i] = den > 0 ? Dm / den : NaN;
      }
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

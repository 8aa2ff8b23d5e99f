import { z } from 'zod';
import { fail } from '../../core/errors.js';
import { cite, fmtNumber as fmt, methodText } from '../descriptor.js';
import { defineAggregate } from './types.js';
import { applyDatThreshold, checkAggregateInput, idealOption, pooledIdeal } from './util.js';
import { field } from '../../core/field-text.js';

/**
 * `grey` (grey relational analysis, Deng 1982; 灰色关联分析): the grade of each row's
 * relation to an ideal reference series.
 *
 *   x⁰_j = max_i x_ij                      (reference series over the rows passed),
 *   Δ_ij = |x⁰_j − x_ij|,  Δmin = min_ij Δ_ij,  Δmax = max_ij Δ_ij   (global over all i, j),
 *   ξ_ij = (Δmin + ρ Δmax) / (Δ_ij + ρ Δmax),   ρ = `rho` ∈ (0, 1], default 0.5,
 *   γ_i = Σ_j w_j ξ_ij / Σ_j w_j.
 *
 * Inputs are normalised with directions applied (larger is better), so the reference is the
 * column maximum. As with TOPSIS, the caller decides which rows define the reference (one period
 * or pooled) and must report it.
 *
 * Missing data: NaN cells are skipped in x⁰, Δmin, Δmax and the grade; a row's grade uses its
 * available columns with the weights rescaled over them (like `arithmetic`); a row with none is
 * NaN. If every column is constant (Δmax = 0) the coefficients are undefined → error
 * `E_GREY_DEGENERATE`. Then `datThreshold` applies. Cost O(m·n).
 *
 * Reference: Deng J.L. (1982) "Control problems of grey systems", Systems & Control Letters
 * 1(5):288–294; 刘思峰 等《灰色系统理论及其应用》. Validated against a hand-computed example.
 *
 * @example cols [1, 0.5, 0] and [0.2, 1, 0.6], w = [3, 2] → [0.6 + 0.4·5/13, 0.7, 0.2 + 0.4·5/9]
 */
export const grey = defineAggregate({
  name: 'grey',
  title: { en: 'grey relational analysis', zh: '灰色关联分析' },
  options: z.strictObject({
    ideal: idealOption,
    rho: z
      .number()
      .gt(0)
      .max(1)
      .default(0.5)
      .meta(
        field({
          en: ['Distinguishing coefficient ρ', 'distinguishing coefficient ρ. Default: 0.5.'],
          zh: ['分辨系数 ρ', '灰色关联度的分辨系数 ρ。默认：0.5。'],
        }),
      ),
  }),
  label: { zh: '灰色关联分析法', en: 'grey relational analysis' },
  needsIdeal: true,
  run(cols, w, o) {
    const n = checkAggregateInput('grey', cols, w, o.inputsFinite !== true);
    const thr = o.datThreshold;
    const rho = o.rho;
    const m = cols.length;
    const ref = new Float64Array(m).fill(-Infinity);
    for (let j = 0; j < m; j++) {
      const c = cols[j];
      for (let i = 0; i < n; i++) if (c[i] > ref[j]) ref[j] = c[i];
    }
    let dmin = Infinity;
    let dmax = -Infinity;
    for (let j = 0; j < m; j++) {
      const c = cols[j];
      for (let i = 0; i < n; i++) {
        const v = c[i];
        if (v !== v) continue;
        const d = ref[j] - v;
        if (d < dmin) dmin = d;
        if (d > dmax) dmax = d;
      }
    }
    const out = new Float64Array(n);
    if (dmax === -Infinity) return out.fill(NaN);
    if (!(dmax > 0)) {
      fail(
        'E_GREY_DEGENERATE',
        `aggregate method "grey": every column is constant over the ${n} rows passed (Δmax = 0), so the relational coefficients are undefined`,
        {
          hint: 'use a pooled reference (ideal: pooled) or another aggregation method',
        },
      );
    }
    const num = dmin + rho * dmax;
    const rd = rho * dmax;
    for (let i = 0; i < n; i++) {
      let sw = 0;
      let s = 0;
      for (let j = 0; j < m; j++) {
        const v = cols[j][i];
        if (v !== v) continue;
        sw += w[j];
        s += (w[j] * num) / (ref[j] - v + rd);
      }
      out[i] = sw > 0 ? s / sw : NaN;
    }
    return applyDatThreshold(out, cols, thr);
  },
  describe(o) {
    const rho = fmt(o.rho);
    const pooled = pooledIdeal(o);
    return methodText(
      '以各指标最优值为参考序列 x⁰_j = max_i y_ij，Δ_ij = |x⁰_j − y_ij|，关联系数 ξ_ij = (Δ_min + ρΔ_max)/(Δ_ij + ρΔ_max)，分辨系数 ρ ' +
        `= ${rho}，关联度 r_i = Σ_j w_j ξ_ij${cite('grey', 'greyTheory')}；${pooled ? '参考序列在全部单元–时期上统一确定' : '参考序列逐期确定'}`,
      'with the reference series x⁰_j = max_i y_ij, Δ_ij = |x⁰_j − y_ij|, the relational coefficient ξ_ij = (Δ_min + ' +
        `ρΔ_max)/(Δ_ij + ρΔ_max) with ρ = ${rho}, and the grade r_i = Σ_j w_j ` +
        `ξ_ij${cite('grey', 'greyTheory')}; ${pooled ? 'the reference series is taken over all unit-periods together' : 'the reference series is taken within each period'}`,
    );
  },
});

/** Shared checks of the aggregation kernels: shapes, weights, the data-availability threshold. */
import { z } from 'zod';
import { fail } from '../../core/errors.js';
import { field } from '../../core/field-text.js';

/** The `ideal` option, shared by topsis and grey (the same zod field, as the spec's merged options require). */
export const idealOption = z
  .enum(['period', 'pooled'])
  .default('pooled')
  .meta(
    field({
      en: ['Ideal solutions', 'ideal and anti-ideal (reference series) per period or pooled over all unit-periods. Default: pooled.'],
      zh: ['正负理想解', '正、负理想解（参考序列）逐期确定，或在全部单元–时期上统一确定。默认：全部时期统一。'],
      values: { period: ['per period', '逐期'], pooled: ['pooled over all periods', '全部时期统一'] },
    }),
  );

/** "pooled" unless the ideal is taken per period. */
export function pooledIdeal(o: { ideal?: string }): boolean {
  return o.ideal !== 'period';
}

/**
 * Checks the children columns and weights: at least one column, equal lengths, values finite or
 * NaN, one weight per column, weights finite and ≥ 0 with a positive sum. Returns n (rows).
 */
export function checkAggregateInput(method: string, cols: readonly Float64Array[], w: ArrayLike<number>, scanFinite = true): number {
  if (!Array.isArray(cols) || cols.length === 0)
    fail('E_BAD_INPUT', `aggregate method "${method}": no columns to aggregate`, { hint: 'an aggregate node needs at least one child' });
  const m = cols.length;
  const n = cols[0].length;
  for (let j = 0; j < m; j++) {
    const c = cols[j];
    if (!(c instanceof Float64Array)) fail('E_BAD_INPUT', `aggregate method "${method}": column ${j + 1} is not a Float64Array`);
    if (c.length !== n) fail('E_BAD_INPUT', `aggregate method "${method}": column ${j + 1} has ${c.length} rows, column 1 has ${n}`);
    if (scanFinite)
      for (let i = 0; i < n; i++) {
        const v = c[i];
        if (v === Infinity || v === -Infinity)
          fail('E_NONFINITE', `aggregate method "${method}": column ${j + 1}, row ${i + 1} is ${v}`, {
            hint: 'missing values must be NaN; check earlier steps',
          });
      }
  }
  if (!w || w.length !== m)
    fail('E_BAD_INPUT', `aggregate method "${method}": ${w ? w.length : 0} weights for ${m} columns`, { hint: 'give one weight per child' });
  let s = 0;
  for (let j = 0; j < m; j++) {
    const v = w[j];
    if (!Number.isFinite(v) || v < 0)
      fail('E_BAD_WEIGHT', `aggregate method "${method}": weight ${j + 1} is ${v}; weights must be finite and ≥ 0`, {
        hint: 'fix the weights of the node’s children',
      });
    s += v;
  }
  if (!(s > 0)) fail('E_BAD_WEIGHT', `aggregate method "${method}": all weights are 0`, { hint: 'give at least one child a positive weight' });
  return n;
}

/**
 * Sets `out[i] = NaN` where the share of available (non-NaN) children in row i is below
 * `threshold` — COINr `dat_thresh`: `sum(!is.na(x_row)) / length(x_row) < dat_thresh → NA`.
 * Modifies and returns `out` (the kernel's own output array).
 */
export function applyDatThreshold(out: Float64Array, cols: readonly Float64Array[], threshold: number): Float64Array {
  if (!(threshold > 0)) return out;
  const m = cols.length;
  for (let i = 0; i < out.length; i++) {
    let a = 0;
    for (let j = 0; j < m; j++) if (cols[j][i] === cols[j][i]) a++;
    if (a / m < threshold) out[i] = NaN;
  }
  return out;
}

/**
 * Weighted row means of transformed values, Σ_j w_j f(x_ij) / Σ_j w_j over the available
 * (non-NaN) x_ij of each row; NaN where none is available (weights renormalised over what is
 * present, as COINr's a_amean). f is the identity (arithmetic mean), ln (geometric mean after
 * exp) or 1/x (harmonic mean after inversion). Accumulated column by column for contiguous reads;
 * each row still sums over j in ascending order. Cost O(m·n).
 */
export function weightedRowMeans(
  cols: readonly Float64Array[],
  w: ArrayLike<number>,
  n: number,
  f: 'identity' | 'log' | 'reciprocal',
  logs?: (col: Float64Array) => Float64Array | undefined,
): Float64Array {
  const s = new Float64Array(n);
  // Σ_j w_j over the available cells of each row: one number while every column so far is
  // complete, a per-row array from the first column with a missing cell on (started from that
  // number, so each row's sum still runs over j in ascending order).
  let swAll = 0;
  let sw: Float64Array | undefined;
  for (let j = 0; j < cols.length; j++) {
    const c = cols[j];
    const wj = w[j];
    let nan = 0;
    // One loop per transform: the choice stays out of the hot loop.
    if (f === 'identity') {
      for (let i = 0; i < n; i++) {
        const v = c[i];
        if (v !== v) nan++;
        else s[i] += wj * v;
      }
    } else if (f === 'log') {
      // A cached column of logarithms (NaN where the value is NaN): the same terms without the log calls.
      const lc = logs?.(c);
      if (lc) {
        for (let i = 0; i < n; i++) {
          const v = lc[i];
          if (v !== v) nan++;
          else s[i] += wj * v;
        }
      } else
        for (let i = 0; i < n; i++) {
          const v = c[i];
          if (v !== v) nan++;
          else s[i] += wj * Math.log(v);
        }
    } else {
      for (let i = 0; i < n; i++) {
        const v = c[i];
        if (v !== v) nan++;
        else s[i] += wj * (1 / v);
      }
    }
    if (nan === 0 && !sw) {
      swAll += wj;
      continue;
    }
    sw ??= new Float64Array(n).fill(swAll);
    for (let i = 0; i < n; i++) if (c[i] === c[i]) sw[i] += wj;
  }
  if (!sw) {
    const d = swAll;
    for (let i = 0; i < n; i++) s[i] = d > 0 ? s[i] / d : NaN;
  } else for (let i = 0; i < n; i++) s[i] = sw[i] > 0 ? s[i] / sw[i] : NaN;
  return s;
}

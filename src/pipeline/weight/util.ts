/**
 * Shared helpers of the weight kernels: input checks, column moments over available values,
 * complete-case masks, the final "scores → weights" step and the sample size the methods text
 * states. Options are validated by each method's zod schema (the spec, or `readOptions` for a
 * kernel called directly). Everything here is pure and allocation-light (one pass or two per column).
 */
import { fail } from '../../core/errors.js';
import type { WeightCommon, WeightDescribeContext } from './types.js';

// ------------------------------------------------------------------ input checks

/**
 * Checks the columns a weighting method receives: at least one, all the same length, values
 * finite or NaN (±Infinity is refused). Returns the common length n.
 */
export function checkWeightColumns(method: string, cols: readonly Float64Array[], scanFinite = true): number {
  if (!Array.isArray(cols) || cols.length === 0) {
    fail('E_BAD_INPUT', `weight method "${method}": no indicator columns were given`, { hint: 'a node needs at least one child or indicator to weight' });
  }
  const n = cols[0].length;
  for (let j = 0; j < cols.length; j++) {
    const c = cols[j];
    if (!(c instanceof Float64Array)) fail('E_BAD_INPUT', `weight method "${method}": column ${j + 1} is not a Float64Array`);
    if (c.length !== n) {
      fail('E_BAD_INPUT', `weight method "${method}": column ${j + 1} has ${c.length} observations, column 1 has ${n}`, {
        hint: 'all indicator columns must cover the same observations',
      });
    }
    if (scanFinite)
      for (let i = 0; i < n; i++) {
        const v = c[i];
        if (v === Infinity || v === -Infinity) {
          fail('E_NONFINITE', `weight method "${method}": column ${j + 1}, observation ${i + 1} is ${v}`, {
            hint: 'check the denominators and the transformation steps; missing values must be NaN',
          });
        }
      }
  }
  return n;
}

// ------------------------------------------------------------------ statistics

/** Count, mean and sample standard deviation (n − 1) of the non-NaN values of `x` (two-pass). */
export function availableMoments(x: Float64Array): { n: number; mean: number; sd: number } {
  let n = 0;
  let s = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (v === v) {
      n++;
      s += v;
    }
  }
  if (n === 0) return { n, mean: NaN, sd: NaN };
  const mean = s / n;
  let ss = 0;
  let c = 0; // compensation term of the corrected two-pass algorithm
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (v === v) {
      const d = v - mean;
      ss += d * d;
      c += d;
    }
  }
  const sd = n > 1 ? Math.sqrt(Math.max(0, (ss - (c * c) / n) / (n - 1))) : NaN;
  return { n, mean, sd };
}

/** Mask of observations where every column is present (1) and how many there are. */
export function completeCases(cols: readonly Float64Array[]): { mask: Uint8Array; count: number } {
  const n = cols[0].length;
  const mask = new Uint8Array(n);
  let count = 0;
  for (let i = 0; i < n; i++) {
    let ok = 1;
    for (let j = 0; j < cols.length; j++) {
      const v = cols[j][i];
      if (v !== v) {
        ok = 0;
        break;
      }
    }
    mask[i] = ok;
    count += ok;
  }
  return { mask, count };
}

/**
 * Covariance matrix (row-major m×m, divisor count − 1) of the columns over the complete cases
 * in `mask`, with the column means; two-pass.
 */
export function covarianceOnMask(cols: readonly Float64Array[], mask: Uint8Array, count: number): { cov: Float64Array; mean: Float64Array } {
  const m = cols.length;
  const n = mask.length;
  const mean = new Float64Array(m);
  for (let j = 0; j < m; j++) {
    let s = 0;
    const c = cols[j];
    for (let i = 0; i < n; i++) if (mask[i]) s += c[i];
    mean[j] = s / count;
  }
  const cov = new Float64Array(m * m);
  for (let j = 0; j < m; j++) {
    const cj = cols[j];
    const mj = mean[j];
    for (let k = j; k < m; k++) {
      const ck = cols[k];
      const mk = mean[k];
      let s = 0;
      for (let i = 0; i < n; i++) if (mask[i]) s += (cj[i] - mj) * (ck[i] - mk);
      const v = s / (count - 1);
      cov[j * m + k] = v;
      cov[k * m + j] = v;
    }
  }
  return { cov, mean };
}

// ------------------------------------------------------------------ scores → weights

/**
 * Turns non-negative importance scores into weights summing to 1. A single column always gets
 * weight 1. All-zero scores (no information to tell the columns apart) are an error naming the
 * method, because equal weights would be a silent substitution.
 */
export function scoresToWeights(method: string, scores: Float64Array, why: string, hint: string): Float64Array {
  const m = scores.length;
  if (m === 1) return Float64Array.of(1);
  let s = 0;
  for (let j = 0; j < m; j++) {
    const v = scores[j];
    if (!(v >= 0) || v === Infinity) fail('E_WEIGHT_DEGENERATE', `weight method "${method}": the score of column ${j + 1} is ${v}`, { hint });
    s += v;
  }
  if (!(s > 0)) fail('E_WEIGHT_DEGENERATE', `weight method "${method}": ${why}`, { hint });
  const w = new Float64Array(m);
  for (let j = 0; j < m; j++) w[j] = scores[j] / s;
  return w;
}

// ------------------------------------------------------------------ methods text

/**
 * The n of a data-driven method's formula, in both languages: the unit-periods when the weights
 * are pooled (or there is one period), else the number of units per period.
 */
export function sampleSize(o: Pick<WeightCommon, 'pooling'>, ctx: WeightDescribeContext): { zh: string; en: string } {
  if (o.pooling !== 'period' || !ctx.panel) return { zh: String(ctx.observations), en: String(ctx.observations) };
  return { zh: `各期单元数（${ctx.units}）`, en: `the number of units per period (${ctx.units})` };
}
